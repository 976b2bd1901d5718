/// Shortest round-trip decimal text of a `Double`, byte for byte `Double.description`, written straight into
/// a caller's bytes: no `String`, no allocation (speed against `Double.write(to:)`: `brouwer-bench --formatting`).
///
/// Digits: the Dragonbox algorithm (J. Jeon, "Dragonbox: A New Floating-Point Binary-to-Decimal Conversion
/// Algorithm", 2020/2024), written here from the paper (``decimal(q:c:)``): for v = c·2^q, the shortest
/// decimal in v's rounding interval (half an ulp each way, a quarter below for a power of two; closed when
/// c is even, as round-half-even parsing accepts) and, among those, the one closest to v, ties to even —
/// what Swift prints. One 64×128-bit product with a 128-bit power of ten decides most values.
///
/// Layout (Swift's rules, checked against `description` in ShortestDecimalTests): `d.ddde±XX` (at least
/// two exponent digits, no ".0" after a lone digit) when the decimal exponent is below −4 or |v| > 2^53;
/// otherwise positional with at least one fractional digit ("100.0", "0.00012"). Not-a-number and the
/// infinities are left to the caller (``format(_:into:)`` returns nil).
struct ShortestDecimal: @unchecked Sendable {   // pointers to constant tables
  /// The room a write needs: the text is at most 24 bytes ("-" + 17 digits + "." + "e-324"), and the
  /// fixed-width stores reach at most 27 bytes.
  static let maximumLength = 32

  /// The shared tables (computed once; a formatter is three pointers, cheap to keep per buffer).
  static let shared = ShortestDecimal()

  let powers: UnsafePointer<(UInt64, UInt64)>
  private let tens: UnsafePointer<UInt64>   // 10^0 … 10^19
  private let exponents: UnsafePointer<UInt64>   // exponentWord(x) for x = −324 … 308, at x + 324

  private init() {
    powers = PowersOfTen.table
    let t = UnsafeMutablePointer<UInt64>.allocate(capacity: 20)
    t[0] = 1
    for i in 1 ..< 20 { t[i] = t[i - 1] * 10 }
    tens = UnsafePointer(t)
    let x = UnsafeMutablePointer<UInt64>.allocate(capacity: 633)
    for i in 0 ..< 633 { x[i] = Self.exponentWord(i - 324) }
    exponents = UnsafePointer(x)
  }

  /// Writes the text of a finite `x` at `p` (room for ``maximumLength`` bytes) and returns the number of
  /// bytes; nil for NaN and ±∞. May write scratch bytes past the returned length (within the room).
  ///
  /// The digits f (at most 17) are left-aligned to exactly 17, F = f·10^(17 − count), so every layout
  /// stores the same three pieces — the first digit and two 8-digit words — at offsets fixed by the layout
  /// alone, once each, with no loop over digits or zeros: F's padding zeros are the zeros of "ddd000.0".
  @inline(__always)
  func format(_ x: Double, into start: UnsafeMutablePointer<UInt8>) -> Int? {
    let bits = x.bitPattern
    let fraction = bits & 0x000F_FFFF_FFFF_FFFF
    let biased = Int((bits >> 52) & 0x7FF)
    guard biased != 0x7FF else { return nil }
    let n = Int(bits >> 63)
    start[0] = UInt8(ascii: "-")                  // kept only when negative
    let p = start + n
    let c: UInt64, q: Int
    if biased != 0 {
      c = (1 << 52) | fraction
      let mq = 1075 &- biased       // v = c·2^-mq
      if mq > 0 && mq < 53 && (c &>> UInt64(mq)) &<< UInt64(mq) == c {
        let f = c &>> UInt64(mq)    // an integer below 2^53: exact, printed "ddd.0" (zeros kept)
        let count = digitCount(f)
        return n &+ positional(f &* tens[17 &- count], count: count, decimalExponent: count, into: p)
      }
      q = -mq
    } else if fraction != 0 {
      (c, q) = (fraction, -1074)
    } else {
      store(0x302E_30, as: UInt32.self, at: p)   // "0.0"
      return n &+ 3
    }
    let (digits, decimalExponent, count) = decimal(q: q, c: c)   // v = 0.d1d2… × 10^decimalExponent
    if _slowPath(count == 0) { return n &+ formatExactly(q: q, c: c, bits: bits, into: p) }
    return n &+ layout(digits, decimalExponent: decimalExponent, count: count, bits: bits, into: p)
  }

  /// The few values ``decimal(q:c:)`` leaves to ``exactDecimal(q:c:)``, out of line: the common path then
  /// keeps no values across a call (no spills).
  @inline(never)
  private func formatExactly(q: Int, c: UInt64, bits: UInt64, into p: UnsafeMutablePointer<UInt8>) -> Int {
    let (digits, decimalExponent, count) = exactDecimal(q: q, c: c)
    return layout(digits, decimalExponent: decimalExponent, count: count, bits: bits, into: p)
  }

  /// The text of |v| = 0.d1d2… × 10^decimalExponent (`digits`: its `count` digits left-aligned to 17).
  @inline(__always)
  private func layout(_ digits: UInt64, decimalExponent: Int, count: Int, bits: UInt64,
                      into p: UnsafeMutablePointer<UInt8>) -> Int {
    if decimalExponent < -3 || bits & 0x7FFF_FFFF_FFFF_FFFF > 0x4340_0000_0000_0000 {   // |v| > 2^53
      return exponential(digits, count: count, decimalExponent: decimalExponent, into: p)
    }
    if decimalExponent <= 0 {                // 0.000ddd: "0.000000" stored whole, then the digits over it
      store(0x3030_3030_3030_2E30, as: UInt64.self, at: p)
      let k = 2 &- decimalExponent
      storeDigits(digits, at: p + k)
      return k &+ count
    }
    return positional(digits, count: count, decimalExponent: decimalExponent, into: p)
  }

  @inline(__always)
  private func store<T: FixedWidthInteger>(_ value: T, as: T.Type, at p: UnsafeMutablePointer<UInt8>) {
    UnsafeMutableRawPointer(p).storeBytes(of: value.littleEndian, as: T.self)
  }

  /// The 17 digits of F < 10^17 as (first digit, digits 2–9, digits 10–17), digits in ASCII, each 8-digit
  /// word with its first digit in the lowest byte.
  @inline(__always)
  private func split(_ digits: UInt64) -> (UInt8, UInt64, UInt64) {
    let high = digits / 100_000_000                         // < 10^9
    let last = UInt32(truncatingIfNeeded: digits &- high &* 100_000_000)
    let first = UInt32(truncatingIfNeeded: high) / 100_000_000
    let middle = UInt32(truncatingIfNeeded: high) &- first &* 100_000_000
    return (UInt8(truncatingIfNeeded: first) &+ 48, Self.eightDigits(middle), Self.eightDigits(last))
  }

  /// The 17 digits of F at p[0…16].
  @inline(__always)
  private func storeDigits(_ digits: UInt64, at p: UnsafeMutablePointer<UInt8>) {
    let (first, middle, last) = split(digits)
    p[0] = first
    store(middle, as: UInt64.self, at: p + 1)
    store(last, as: UInt64.self, at: p + 9)
  }

  /// ddd.ddd or ddd000.0 for a decimal exponent 1…16 (`count` significant digits of the 17 in F): the 16
  /// digits after the first are one 128-bit word R; the point goes in after its first decimalExponent − 1
  /// bytes, (R mod 2^8m) | "." << 8m | (R − R mod 2^8m) << 8, and the digit pushed out of R is stored last.
  @inline(__always)
  private func positional(_ digits: UInt64, count: Int, decimalExponent: Int, into p: UnsafeMutablePointer<UInt8>) -> Int {
    let (first, middle, last) = split(digits)
    p[0] = first
    if decimalExponent == 1 {                    // d.ddd, the most common: no shifting
      p[1] = UInt8(ascii: ".")
      store(middle, as: UInt64.self, at: p + 2)
      store(last, as: UInt64.self, at: p + 10)
      return count > 1 ? count &+ 1 : 3
    }
    let r: UInt128 = UInt128(last) &<< 64 | UInt128(middle)
    let shift = UInt128(truncatingIfNeeded: 8 &* (decimalExponent &- 1))
    let below: UInt128 = (1 &<< shift) &- 1
    let point: UInt128 = 0x2E &<< shift                  // "."
    let w: UInt128 = (r & below) | point | (r & ~below) &<< 8
    store(UInt64(truncatingIfNeeded: w), as: UInt64.self, at: p + 1)
    store(UInt64(truncatingIfNeeded: w >> 64), as: UInt64.self, at: p + 9)
    p[17] = UInt8(truncatingIfNeeded: last >> 56)
    return count > decimalExponent ? count &+ 1 : decimalExponent &+ 2
  }

  /// d.ddde±XX (at least two exponent digits): the mantissa at fixed places, the exponent as one word.
  @inline(__always)
  private func exponential(_ digits: UInt64, count: Int, decimalExponent: Int, into p: UnsafeMutablePointer<UInt8>) -> Int {
    let (first, middle, last) = split(digits)
    p[0] = first
    p[1] = UInt8(ascii: ".")
    store(middle, as: UInt64.self, at: p + 2)
    store(last, as: UInt64.self, at: p + 10)
    let k = count == 1 ? 1 : count &+ 1
    let word = exponents[decimalExponent &+ 323]     // x = decimalExponent − 1
    store(word, as: UInt64.self, at: p + k)
    return k &+ Int(truncatingIfNeeded: word &>> 56)
  }

  /// "e±XX" or "e±XXX" for the exponent x as little-endian bytes, its length (4 or 5) in the top byte.
  static func exponentWord(_ x: Int) -> UInt64 {
    let sign: UInt64 = x < 0 ? 0x2D : 0x2B             // "-", "+"
    let a = UInt64(abs(x))
    let length: UInt64 = a >= 100 ? 5 : 4
    var text = 0x65 | sign << 8, rest = a
    for place in (2 ..< length).reversed() {           // last digit first
      text |= (rest % 10 + 48) << (8 * place)
      rest /= 10
    }
    return text | length << 56
  }

  /// The 8 ASCII digits of x < 10^8, first digit in the lowest byte: x splits into two 4-digit lanes of
  /// 32 bits, each into two 2-digit lanes of 16, each into two digits of 8, by multiplications with
  /// reciprocals exact in that range (⌊n·10486/2^20⌋ = ⌊n/100⌋ for n < 10^4, ⌊n·103/2^10⌋ = ⌊n/10⌋ for n < 100).
  @inline(__always)
  static func eightDigits(_ x: UInt32) -> UInt64 {
    let fours = UInt64(x / 10_000) | UInt64(x % 10_000) << 32
    let hundreds = ((fours &* 10_486) >> 20) & 0x0000_007F_0000_007F
    let twos = hundreds | (fours &- hundreds &* 100) << 16
    let tens = ((twos &* 103) >> 10) & 0x000F_000F_000F_000F
    let digits = tens | (twos &- tens &* 10) << 8
    return digits | 0x3030_3030_3030_3030
  }

  /// Decimal digits of v > 0: ⌊log10 2^(bits−1)⌋ + 1 (1233/4096 ≈ log10 2), one more if v ≥ 10^that.
  @inline(__always)
  func digitCount(_ v: UInt64) -> Int {
    let n = ((64 &- v.leadingZeroBitCount) &* 1233) &>> 12
    return n &+ (v >= tens[n] ? 1 : 0)
  }

  /// f·10^e (f > 0) as ``decimal(q:c:)`` returns it: (digits, decimal exponent, count) with the trailing
  /// zeros of f removed, `count` digits left, left-aligned to 17 digits, and v = 0.d1d2… × 10^exponent.
  @inline(never)
  func leftAligned(_ f: UInt64, _ e: Int) -> (UInt64, Int, Int) {
    var f = f, e = e
    while f % 10 == 0 { f /= 10; e += 1 }
    let count = digitCount(f)
    return (f &* tens[17 &- count], e &+ count, count)
  }
}
