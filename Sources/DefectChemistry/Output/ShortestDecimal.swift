/// Shortest round-trip decimal text of a `Double`, byte for byte `Double.description`, written straight into
/// a caller's bytes: no `String`, no allocation (speed against `Double.write(to:)`: `brouwer-bench --formatting`).
///
/// Digits: the Schubfach algorithm (R. Giulietti, "The Schubfach way to render doubles", 2020/2021; the
/// algorithm of Java's `Double.toString` since JDK 19), written here from the paper — without Java's rule
/// of at least two digits (Swift prints 5e-324, Java 4.9E-324), so the one-digit-shorter candidate is
/// tried whenever s ≥ 10 and the smallest subnormals need no rescaling. For v = c·2^q it
/// takes k = ⌊log10 2^q⌋, forms 4·v·10^-k and the two ends of v's rounding interval (half an ulp each way,
/// a quarter below for a power of two; closed when c is even, as round-half-even parsing accepts) with a
/// 126-bit power of ten g_k and round-to-odd products, and picks the one multiple of 10 in the interval if
/// there is one, else the member of {s, s+1} in it, else the closer of the two (ties to even). That is the
/// shortest decimal that reads back as v and, among those, the one closest to v — what Swift prints.
///
/// Layout (Swift's rules, checked against `description` in ShortestDecimalTests): `d.ddde±XX` (at least
/// two exponent digits, no ".0" after a lone digit) when the decimal exponent is below −4 or |v| > 2^53;
/// otherwise positional with at least one fractional digit ("100.0", "0.00012"). Not-a-number and the
/// infinities are left to the caller (``format(_:into:)`` returns nil).
struct ShortestDecimal: @unchecked Sendable {   // two pointers to constant tables
  /// At most 24 bytes: "-" + 17 digits + "." + "e-324".
  static let maximumLength = 32

  /// The shared tables (computed once; a formatter is a pair of pointers, cheap to keep per buffer).
  static let shared = ShortestDecimal()

  private let powers: UnsafePointer<(UInt64, UInt64)>
  private let pairs: UnsafePointer<UInt8>
  private let tens: UnsafePointer<UInt64>   // 10^0 … 10^19

  private init() {
    powers = PowersOfTen.table
    pairs = Self.pairDigits.utf8Start
    let t = UnsafeMutablePointer<UInt64>.allocate(capacity: 20)
    t[0] = 1
    for i in 1 ..< 20 { t[i] = t[i - 1] * 10 }
    tens = UnsafePointer(t)
  }

  private static let pairDigits: StaticString = """
    00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899
    """

  /// Writes the text of a finite `x` at `p` (room for ``maximumLength`` bytes) and returns the number of
  /// bytes; nil for NaN and ±∞.
  @inline(__always)
  func format(_ x: Double, into p: UnsafeMutablePointer<UInt8>) -> Int? {
    let bits = x.bitPattern
    let fraction = bits & 0x000F_FFFF_FFFF_FFFF
    let biased = Int((bits >> 52) & 0x7FF)
    guard biased != 0x7FF else { return nil }
    var p = p, n = 0
    if bits >> 63 != 0 { p[0] = UInt8(ascii: "-"); p += 1; n = 1 }
    var f: UInt64, e: Int
    if biased != 0 {
      let c = (1 << 52) | fraction
      let mq = 1075 - biased        // v = c·2^-mq
      if mq > 0 && mq < 53 && (c >> UInt64(mq)) << UInt64(mq) == c {
        (f, e) = (c >> UInt64(mq), 0)   // an integer below 2^53: exact
      } else {
        (f, e) = decimal(q: -mq, c: c)
      }
    } else if fraction != 0 {
      (f, e) = decimal(q: -1074, c: fraction)
    } else {
      p[0] = UInt8(ascii: "0"); p[1] = UInt8(ascii: "."); p[2] = UInt8(ascii: "0")
      return n + 3
    }
    while f % 10 == 0 { f /= 10; e += 1 }
    let count = digitCount(f)
    let decimalExponent = e + count          // v = 0.d1d2… × 10^decimalExponent
    if decimalExponent < -3 || x.magnitude > 9_007_199_254_740_992.0 {
      return n + exponential(f, count: count, decimalExponent: decimalExponent, into: p)
    }
    if decimalExponent <= 0 {                // 0.000ddd
      p[0] = UInt8(ascii: "0"); p[1] = UInt8(ascii: ".")
      var k = 2
      for _ in 0 ..< -decimalExponent { p[k] = UInt8(ascii: "0"); k += 1 }
      writeDigits(f, count: count, endingAt: p + k + count)
      return n + k + count
    }
    if decimalExponent < count {             // ddd.ddd
      let fractionDigits = count - decimalExponent
      let scale = tens[fractionDigits]
      writeDigits(f / scale, count: decimalExponent, endingAt: p + decimalExponent)
      p[decimalExponent] = UInt8(ascii: ".")
      writeDigits(f % scale, count: fractionDigits, endingAt: p + count + 1)
      return n + count + 1
    }
    writeDigits(f, count: count, endingAt: p + count)   // ddd000.0
    var k = count
    for _ in count ..< decimalExponent { p[k] = UInt8(ascii: "0"); k += 1 }
    p[k] = UInt8(ascii: "."); p[k + 1] = UInt8(ascii: "0")
    return n + k + 2
  }

  /// d.ddde±XX (at least two exponent digits).
  @inline(__always)
  private func exponential(_ f: UInt64, count: Int, decimalExponent: Int, into p: UnsafeMutablePointer<UInt8>) -> Int {
    var k: Int
    if count == 1 {
      p[0] = UInt8(truncatingIfNeeded: f) &+ 48
      k = 1
    } else {
      writeDigits(f, count: count, endingAt: p + count + 1)   // digits at p[1…count]
      p[0] = p[1]
      p[1] = UInt8(ascii: ".")
      k = count + 1
    }
    var x = decimalExponent - 1
    p[k] = UInt8(ascii: "e")
    p[k + 1] = x < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
    k += 2
    x = abs(x)
    if x >= 100 { p[k] = UInt8(truncatingIfNeeded: x / 100) &+ 48; k += 1; x %= 100 }
    p[k] = pairs[2 * x]; p[k + 1] = pairs[2 * x + 1]
    return k + 2
  }

  /// Writes exactly `count` decimal digits of `v` (leading zeros included) ending just before `end`:
  /// eight at a time as two independent four-digit halves (short dependency chains), then pairs.
  @inline(__always)
  private func writeDigits(_ v: UInt64, count: Int, endingAt end: UnsafeMutablePointer<UInt8>) {
    var v = v, q = end, left = count
    while left >= 8 {
      let chunk = UInt32(truncatingIfNeeded: v % 100_000_000)
      v /= 100_000_000
      q -= 8
      UnsafeMutableRawPointer(q).storeBytes(of: Self.eightDigits(chunk).littleEndian, as: UInt64.self)
      left -= 8
    }
    var w = UInt32(truncatingIfNeeded: v)
    while left >= 2 {
      q -= 2; writePair(w % 100, at: q); w /= 100
      left -= 2
    }
    if left == 1 { q[-1] = UInt8(truncatingIfNeeded: w) &+ 48 }
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

  @inline(__always)
  private func writePair(_ r: UInt32, at q: UnsafeMutablePointer<UInt8>) {
    let i = Int(r) &* 2
    q[0] = pairs[i]; q[1] = pairs[i &+ 1]
  }

  /// Decimal digits of v > 0: ⌊log10 2^(bits−1)⌋ + 1 (1233/4096 ≈ log10 2), one more if v ≥ 10^that.
  @inline(__always)
  private func digitCount(_ v: UInt64) -> Int {
    let n = ((64 - v.leadingZeroBitCount) * 1233) >> 12
    return n + (v >= tens[n] ? 1 : 0)
  }

  /// (f, e) with f·10^e the shortest, closest decimal in the rounding interval of c·2^q.
  @inline(__always)
  private func decimal(q: Int, c: UInt64) -> (UInt64, Int) {
    let out: UInt64 = c & 1
    let cb = c << 2
    let cbr = cb + 2
    let cbl: UInt64, k: Int
    if c != 1 << 52 || q == -1074 {
      cbl = cb - 2
      k = (q &* 661_971_961_083) >> 41                      // ⌊q·log10 2⌋
    } else {
      cbl = cb - 1
      k = (q &* 661_971_961_083 &- 274_743_187_321) >> 41   // ⌊log10(¾·2^q)⌋
    }
    let h = q + (((-k) &* 913_124_641_741) >> 38) + 2         // q + ⌊−k·log2 10⌋ + 2, in 2…5
    let g = powers[-k - PowersOfTen.minimumExponent]
    let vb = Self.roundToOdd(g, cb << UInt64(h))
    let vbl = Self.roundToOdd(g, cbl << UInt64(h))
    let vbr = Self.roundToOdd(g, cbr << UInt64(h))
    let s = vb >> 2
    if s >= 10 {
      let sp10 = 10 * (s / 10)
      let tp10 = sp10 + 10
      let upin = vbl + out <= sp10 << 2
      let wpin = (tp10 << 2) + out <= vbr
      if upin != wpin { return (upin ? sp10 : tp10, k) }
    }
    let t = s + 1
    let uin = vbl + out <= s << 2
    let win = (t << 2) + out <= vbr
    if uin != win { return (uin ? s : t, k) }
    let cmp = Int64(bitPattern: vb &- ((s + t) << 1))
    return (cmp < 0 || (cmp == 0 && s & 1 == 0) ? s : t, k)
  }

  /// ⌊g·cp / 2^127⌋ with its lowest bit set when the discarded part is not zero (g = g1·2^63 + g0).
  @inline(__always)
  private static func roundToOdd(_ g: (UInt64, UInt64), _ cp: UInt64) -> UInt64 {
    let x1 = g.1.multipliedFullWidth(by: cp).high
    let y = g.0.multipliedFullWidth(by: cp)
    let z = (y.low >> 1) &+ x1
    let vbp = y.high &+ (z >> 63)
    return vbp | (((z & 0x7FFF_FFFF_FFFF_FFFF) &+ 0x7FFF_FFFF_FFFF_FFFF) >> 63)
  }
}
