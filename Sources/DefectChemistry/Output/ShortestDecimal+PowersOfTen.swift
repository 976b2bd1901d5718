extension ShortestDecimal {
  /// The 126-bit powers of ten of the Schubfach algorithm: for e = −292…325,
  /// g_e = ⌊10^e · 2^(125 − ⌊e·log2 10⌋)⌋ + 1, so 2^125 < g_e ≤ 2^126, stored as (g_e >> 63, g_e mod 2^63).
  /// Computed once, exactly, with a small multi-word integer (no table of magic numbers to trust).
  enum PowersOfTen {
    static let minimumExponent = -292
    static let maximumExponent = 325

    /// ⌊e·log2 10⌋ (913124641741 / 2^38 ≈ log2 10; exact over the table's range, checked in the tests).
    @inline(__always)
    static func binaryExponent(_ e: Int) -> Int { (e * 913_124_641_741) >> 38 }

    /// Written once by its initialiser, read-only after: safe to share between threads.
    ///
    /// Each entry from its neighbour, exactly: for e ≥ 0 the integer 10^e grows by ×10 and
    /// g_e − 1 = ⌊10^e · 2^(125 − ⌊e·log2 10⌋)⌋ is a window of its bits; for e < 0 the integer
    /// N_j = ⌊2^M / 10^j⌋ (M = 125 − ⌊minimumExponent·log2 10⌋, so every shift below is to the right)
    /// shrinks by ⌊/10⌋ — ⌊⌊a/10^j⌋/10⌋ = ⌊a/10^(j+1)⌋ — and g_−j − 1 = ⌊N_j / 2^(M − 125 + ⌊−j·log2 10⌋)⌋.
    /// One pass of word operations per entry instead of e of them (the first-use cost of every process).
    nonisolated(unsafe) static let table: UnsafePointer<(UInt64, UInt64)> = {
      let p = UnsafeMutablePointer<(UInt64, UInt64)>.allocate(capacity: maximumExponent - minimumExponent + 1)
      var n = Natural(1)
      for e in 0 ... maximumExponent {
        if e > 0 { n.multiply(by: 10) }
        p[e - minimumExponent] = entry(e, from: n, shiftedBy: 125 - binaryExponent(e))
      }
      let m = 125 - binaryExponent(minimumExponent)
      n = Natural(1)
      n.shiftLeft(m)
      for j in 1 ... -minimumExponent {
        n.divide(by: 10)
        p[-j - minimumExponent] = entry(-j, from: n, shiftedBy: 125 - binaryExponent(-j) - m)
      }
      return UnsafePointer(p)
    }()

    /// g_e = ⌊n · 2^shift⌋ + 1 as (g >> 63, g mod 2^63); `precondition`s that ⌊n · 2^shift⌋ has exactly
    /// 126 bits, so 2^125 < g_e ≤ 2^126.
    static func entry(_ e: Int, from n: Natural, shiftedBy shift: Int) -> (UInt64, UInt64) {
      precondition(n.bitWidth + shift == 126, "power-of-ten table entry \(e) out of range")
      let low = n.word64(at: -shift), high = n.word64(at: 64 - shift)
      let (gLow, carry) = low.addingReportingOverflow(1)
      let gHigh = high &+ (carry ? 1 : 0)
      return (gHigh << 1 | gLow >> 63, gLow & 0x7FFF_FFFF_FFFF_FFFF)
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

    /// Bits [start, start + 64) as an integer; bits below 0 read as zeros, so a negative start shifts left.
    func word64(at start: Int) -> UInt64 {
      var r: UInt64 = 0
      var i = max(0, start >> 5)
      while i < words.count && 32 * i < start + 64 {
        let offset = 32 * i - start          // where bit 0 of word i lands in the result
        r |= offset >= 0 ? UInt64(words[i]) << UInt64(offset) : UInt64(words[i]) >> UInt64(-offset)
        i += 1
      }
      return r
    }

    private mutating func normalize() {
      while words.count > 1 && words.last == 0 { words.removeLast() }
    }
  }
}
