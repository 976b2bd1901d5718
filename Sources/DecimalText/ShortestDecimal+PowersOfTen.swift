extension ShortestDecimal {
  /// The 128-bit powers of ten of the Dragonbox algorithm (J. Jeon 2020/2024, Section 5.1.2, Q = 128):
  /// for k = −292…326, φ̃_k = ⌈10^k · 2^(127 − ⌊k·log2 10⌋)⌉, so 2^127 ≤ φ̃_k < 2^128, stored as its
  /// (high, low) 64-bit words. Computed once, exactly, with a small multi-word integer (no table of magic
  /// numbers to trust).
  enum PowersOfTen {
    static let minimumExponent = -292
    static let maximumExponent = 326

    /// ⌊k·log2 10⌋ = ⌊k·1741647 / 2^19⌋ for |k| ≤ 4003 (the paper, Section 6.2; checked in the tests).
    @inline(__always)
    static func binaryExponent(_ k: Int) -> Int { (k &* 1_741_647) &>> 19 }

    /// Written once by its initialiser, read-only after: safe to share between threads.
    ///
    /// Each entry from its neighbour, exactly: for k ≥ 0 the integer 10^k grows by ×10 and φ̃_k is the
    /// window of its bits from 2^(⌊k·log2 10⌋ − 127) up, plus one when a bit below the window is set; for
    /// k < 0 the integer N_j = ⌊2^M / 10^j⌋ (M = 127 − ⌊minimumExponent·log2 10⌋, so every shift below
    /// is to the right) shrinks by ⌊/10⌋ — ⌊⌊a/10^j⌋/10⌋ = ⌊a/10^(j+1)⌋ — and φ̃_−j = ⌊N_j / 2^(M − 127 +
    /// ⌊−j·log2 10⌋)⌋ + 1 (2^n/10^j is never an integer for j > 0). One pass of word operations per entry.
    nonisolated(unsafe) static let table: UnsafePointer<(UInt64, UInt64)> = {
      let p = UnsafeMutablePointer<(UInt64, UInt64)>.allocate(capacity: maximumExponent - minimumExponent + 1)
      var n = Natural(1)
      for k in 0 ... maximumExponent {
        if k > 0 { n.multiply(by: 10) }
        let shift = 127 - binaryExponent(k)
        p[k - minimumExponent] = entry(k, from: n, shiftedBy: shift, roundUp: n.hasBitsSet(below: -shift))
      }
      let m = 127 - binaryExponent(minimumExponent)
      n = Natural(1)
      n.shiftLeft(m)
      for j in 1 ... -minimumExponent {
        n.divide(by: 10)
        p[-j - minimumExponent] = entry(-j, from: n, shiftedBy: 127 - binaryExponent(-j) - m, roundUp: true)
      }
      return UnsafePointer(p)
    }()

    /// φ̃_k = ⌊n · 2^shift⌋ (+ 1 when `roundUp`) as (high, low) words; `precondition`s that ⌊n · 2^shift⌋
    /// has exactly 128 bits and that adding one does not carry out of them.
    static func entry(_ k: Int, from n: Natural, shiftedBy shift: Int, roundUp: Bool) -> (UInt64, UInt64) {
      precondition(n.bitWidth + shift == 128, "power-of-ten table entry \(k) out of range")
      let low = n.word64(at: -shift), high = n.word64(at: 64 - shift)
      let (phiLow, carry) = low.addingReportingOverflow(roundUp ? 1 : 0)
      precondition(!(carry && high == .max), "power-of-ten table entry \(k) rounds up to 2^128")
      return (high &+ (carry ? 1 : 0), phiLow)
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

    /// Whether any of bits [0, end) is set (false for end ≤ 0).
    func hasBitsSet(below end: Int) -> Bool {
      var i = 0
      while i < words.count && 32 * i < end {
        let w = 32 * (i + 1) <= end ? words[i] : words[i] & ((1 << UInt32(end - 32 * i)) - 1)
        if w != 0 { return true }
        i += 1
      }
      return false
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
