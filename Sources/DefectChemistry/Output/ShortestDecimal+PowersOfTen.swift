extension ShortestDecimal {
  /// The 126-bit powers of ten of the Schubfach algorithm: for e = −292…325,
  /// g_e = ⌊10^e · 2^(125 − ⌊e·log2 10⌋)⌋ + 1, so 2^125 < g_e ≤ 2^126, stored as (g_e >> 63, g_e mod 2^63).
  /// Computed once, exactly, with a small multi-word integer (no table of magic numbers to trust).
  enum PowersOfTen {
    static let minimumExponent = -292
    static let maximumExponent = 325

    /// Written once by its initialiser, read-only after: safe to share between threads.
    nonisolated(unsafe) static let table: UnsafePointer<(UInt64, UInt64)> = {
      let count = maximumExponent - minimumExponent + 1
      let p = UnsafeMutablePointer<(UInt64, UInt64)>.allocate(capacity: count)
      for e in minimumExponent ... maximumExponent {
        p[e - minimumExponent] = entry(e)
      }
      return UnsafePointer(p)
    }()

    /// g_e as (high, low) halves; `precondition`s that it has exactly 126 significant bits.
    static func entry(_ e: Int) -> (UInt64, UInt64) {
      let f = (e * 913_124_641_741) >> 38        // ⌊e·log2 10⌋
      var n = Natural(1)
      if e >= 0 {
        for _ in 0 ..< e { n.multiply(by: 10) }
        if 125 - f >= 0 { n.shiftLeft(125 - f) } else { n.shiftRight(f - 125) }
      } else {
        n.shiftLeft(125 - f)
        for _ in 0 ..< -e { n.divide(by: 10) }
      }
      n.add(1)
      let bits = n.bitWidth
      precondition(bits == 126 || bits == 127 && n.isPowerOfTwo(126), "power-of-ten table entry \(e) out of range")
      return (n.bits(from: 63, count: 64), n.bits(from: 0, count: 63))
    }
  }

  /// A non-negative integer as little-endian 32-bit words, with the few operations the table needs.
  struct Natural {
    var words: [UInt32]
    init(_ value: UInt32) { words = [value] }

    mutating func multiply(by m: UInt32) {
      var carry: UInt64 = 0
      for i in words.indices {
        let x = UInt64(words[i]) * UInt64(m) + carry
        words[i] = UInt32(truncatingIfNeeded: x); carry = x >> 32
      }
      if carry != 0 { words.append(UInt32(carry)) }
    }

    mutating func divide(by d: UInt32) {
      var remainder: UInt64 = 0
      for i in words.indices.reversed() {
        let x = remainder << 32 | UInt64(words[i])
        words[i] = UInt32(x / UInt64(d)); remainder = x % UInt64(d)
      }
      normalize()
    }

    mutating func add(_ a: UInt32) {
      var carry = UInt64(a)
      var i = 0
      while carry != 0 {
        if i == words.count { words.append(0) }
        let x = UInt64(words[i]) + carry
        words[i] = UInt32(truncatingIfNeeded: x); carry = x >> 32; i += 1
      }
    }

    mutating func shiftLeft(_ s: Int) {
      let wordShift = s / 32, bitShift = s % 32
      var result = [UInt32](repeating: 0, count: words.count + wordShift + 1)
      for (i, w) in words.enumerated() {
        let x = UInt64(w) << UInt64(bitShift)
        result[i + wordShift] |= UInt32(truncatingIfNeeded: x)
        result[i + wordShift + 1] |= UInt32(truncatingIfNeeded: x >> 32)
      }
      words = result
      normalize()
    }

    mutating func shiftRight(_ s: Int) {
      let wordShift = s / 32, bitShift = s % 32
      guard wordShift < words.count else { words = [0]; return }
      var result = [UInt32](repeating: 0, count: words.count - wordShift)
      for i in result.indices {
        let low = UInt64(words[i + wordShift])
        let high = i + wordShift + 1 < words.count ? UInt64(words[i + wordShift + 1]) : 0
        result[i] = UInt32(truncatingIfNeeded: (high << 32 | low) >> UInt64(bitShift))
      }
      words = result
      normalize()
    }

    var bitWidth: Int {
      guard let top = words.last, top != 0 else { return 0 }
      return 32 * (words.count - 1) + (32 - top.leadingZeroBitCount)
    }

    func isPowerOfTwo(_ k: Int) -> Bool {
      bitWidth == k + 1 && (0 ..< k).allSatisfy { bits(from: $0, count: 1) == 0 }
    }

    /// Bits [from, from + count) as an integer (count ≤ 64).
    func bits(from start: Int, count: Int) -> UInt64 {
      var r: UInt64 = 0
      for b in 0 ..< count {
        let i = start + b
        guard i / 32 < words.count else { break }
        if words[i / 32] >> UInt32(i % 32) & 1 == 1 { r |= 1 << UInt64(b) }
      }
      return r
    }

    private mutating func normalize() {
      while words.count > 1 && words.last == 0 { words.removeLast() }
    }
  }
}
