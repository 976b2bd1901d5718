import Foundation
import XCTest
@testable import DecimalText
import TestSupport

/// The CSV writer's number formatter against Swift's own `Double.description` (exact behaviour: the output
/// must stay byte-identical), over the cases where shortest-digit algorithms differ when they are wrong.
final class ShortestDecimalTests: XCTestCase {
  private func text(_ x: Double) -> String {
    var buffer = ByteBuffer(capacity: 64)
    buffer.append(x)
    return buffer.string
  }

  private func assertSame(_ values: [Double], file: StaticString = #filePath, line: UInt = #line) {
    var mismatches = 0
    for x in values where text(x) != x.description {
      mismatches += 1
      if mismatches <= 5 {
        XCTFail("\(x.bitPattern): \(text(x)) vs \(x.description)", file: file, line: line)
      }
    }
    XCTAssertEqual(mismatches, 0, "of \(values.count)", file: file, line: line)
  }

  func testSpecialValuesAndLayoutBoundaries() {
    XCTAssertEqual(text(0), "0.0")
    XCTAssertEqual(text(-0.0), "-0.0")
    XCTAssertEqual(text(.infinity), "inf")
    XCTAssertEqual(text(-.infinity), "-inf")
    XCTAssertEqual(text(.nan), "nan")
    XCTAssertEqual(text(1e-4), "0.0001")
    XCTAssertEqual(text(1e-4.nextDown), "9.999999999999999e-05")
    XCTAssertEqual(text(9_007_199_254_740_992), "9007199254740992.0")
    XCTAssertEqual(text(9_007_199_254_740_994), "9.007199254740994e+15")
    XCTAssertEqual(text(5e-324), "5e-324")
    XCTAssertEqual(text(.greatestFiniteMagnitude), "1.7976931348623157e+308")
    var values: [Double] = [1, 10, 100, 0.1, 0.3, 2e23, 1e23, 1e22, 123456789012345.67, 1e15, 1e16, 9.5e15,
                            .leastNormalMagnitude, .leastNormalMagnitude.nextDown, .leastNonzeroMagnitude * 2,
                            .leastNonzeroMagnitude * 3, 2.2250738585072014e-308, 4.35e-5]
    for e in -330 ... 310 {
      for m in [1.0, 2, 5, 9.999, 1.5, 3.0000000000000004] {
        if let x = Double("\(m)e\(e)") { values += [x, x.nextUp, x.nextDown] }
      }
    }
    assertSame(values + values.map { -$0 })
  }

  func testEveryPowerOfTwoAndItsNeighbours() {
    // c = 2^52 has an asymmetric rounding interval (a quarter ulp below): the boundary case.
    var values: [Double] = []
    for e in -1074 ... 1023 {
      let x = Double(sign: .plus, exponent: e, significand: 1)
      values += [x, x.nextUp, x.nextDown]
    }
    assertSame(values)
  }

  func testIntegersAroundTwoToTheFiftyThree() {
    var values: [Double] = []
    for d in -2000 ... 2000 { values.append(9_007_199_254_740_992 + Double(d)) }
    for e in 0 ... 60 { let x = Double(UInt64(1) << UInt64(e)); values += [x - 1, x, x + 1, 3 * x, 10 * x] }
    assertSame(values)
  }

  func testSubnormals() {
    var values: [Double] = []
    for i in UInt64(1) ... 2000 { values.append(Double(bitPattern: i)) }
    for i in UInt64(0) ..< 2000 { values.append(Double(bitPattern: 0x000F_FFFF_FFFF_FFFF - i * 7_919_007)) }
    assertSame(values)
  }

  func testRandomBitPatternsAndShortDecimals() {
    // Fixed seed: reproducible. Random bit patterns cover every exponent; decimals with 1–17 digits are
    // where the shortest digits are short and the interval tests decide.
    var generator = SplitMix64(seed: 0x5EED_D7A5)
    var values: [Double] = []
    for _ in 0 ..< 200_000 {
      let x = Double(bitPattern: generator.next())
      if x.isFinite { values.append(x) }
    }
    for _ in 0 ..< 100_000 {
      let digits = Int(generator.next() % 17) + 1
      var mantissa: UInt64 = 0
      for _ in 0 ..< digits { mantissa = mantissa * 10 + generator.next() % 10 }
      let exponent = Int(generator.next() % 640) - 330
      if let x = Double("\(mantissa)e\(exponent)"), x.isFinite { values.append(x) }
    }
    assertSame(values)
  }
}

extension ShortestDecimalTests {
  /// Decimals with 1–17 significant digits at every place of the point: the layouts "0.000ddd" (decimal
  /// exponent −3…0), "ddd.ddd" and "ddd000.0" (1…16), and the switch to "d.ddde±XX" on either side.
  func testEveryLayoutAtEveryDigitCount() {
    var generator = SplitMix64(seed: 0x1A70_0075)
    var values: [Double] = []
    for digits in 1 ... 17 {
      for point in -6 ... 18 {                  // x = 0.d1…dn × 10^point
        for _ in 0 ..< 40 {
          var mantissa: UInt64 = generator.next() % 9 + 1
          for _ in 1 ..< digits { mantissa = mantissa * 10 + generator.next() % 10 }
          if let x = Double("0.\(mantissa)e\(point)") { values += [x, x.nextUp, x.nextDown] }
        }
      }
    }
    for e in 0 ... 16 { values += [1, 2, 5, 9.5].map { $0 * pow(10, Double(e)) } }
    values += [600, 1400, 123_000, 1e15, 1.5e15, 4_503_599_627_370_496, 4_503_599_627_370_495.5, 0.001, 0.0001, 0.00099]
    assertSame(values + values.map { -$0 })
  }

  /// Around the exponents ±100, where the exponent turns three digits, and at the ends of the range.
  func testThreeDigitExponentBoundaries() {
    var values: [Double] = []
    for e in [-325, -324, -323, -310, -309, -308, -307, -102, -101, -100, -99, -98, 98, 99, 100, 101, 102, 307, 308] {
      for m in [1.0, 1.5, 9.999999999999999, 4.9, 2.2250738585072014, 1.7976931348623157] {
        if let x = Double("\(m)e\(e)"), x.isFinite, x != 0 {
          var y = x
          for _ in 0 ..< 5 { values.append(y); y = y.nextUp }
          y = x
          for _ in 0 ..< 5 { y = y.nextDown; values.append(y) }
        }
      }
    }
    assertSame(values + values.map { -$0 })
  }

  /// A million random doubles: half random bit patterns, half log-uniform between 1e-40 and 1e5 (what
  /// sweeps print), either sign.
  func testAMillionRandomValues() {
    var generator = SplitMix64(seed: 0x0001_0000_0000)
    var values: [Double] = []
    values.reserveCapacity(1_000_000)
    while values.count < 1_000_000 {
      let bits = generator.next()
      if values.count % 2 == 0 {
        let x = Double(bitPattern: bits)
        if x.isFinite { values.append(x) }
      } else {
        let u = Double(bits >> 11) / Double(1 << 53)
        values.append(pow(10, -40 + 45 * u) * (bits & 1 == 0 ? 1 : -1))
      }
    }
    assertSame(values)
  }

  /// The power-of-ten table, computed entry from neighbour, against each entry computed on its own as in
  /// its definition, φ̃_k = ⌈10^k · 2^(127 − ⌊k·log2 10⌋)⌉, and against 2^127 ≤ φ̃_k < 2^128; and
  /// ⌊k·log2 10⌋ itself against 2^f ≤ 10^k < 2^(f+1).
  func testPowerTableEntriesFromTheirDefinition() {
    typealias P = ShortestDecimal.PowersOfTen
    for k in P.minimumExponent ... P.maximumExponent {
      let f = P.binaryExponent(k)
      var power = ShortestDecimal.Natural(1)
      for _ in 0 ..< abs(k) { power.multiply(by: 10) }
      if k >= 0 {
        XCTAssertEqual(power.bitWidth, f + 1, "⌊\(k)·log2 10⌋")
      } else {
        XCTAssertEqual(power.bitWidth, -f, "⌊\(k)·log2 10⌋")   // 2^(−f−1) < 10^−k < 2^−f
      }
      // The ceiling as the floor plus one when the quotient is not exact: bits cut off (k ≥ 0), always (k < 0).
      var n = ShortestDecimal.Natural(1)
      var roundUp = true
      if k >= 0 {
        n = power
        if 127 - f >= 0 {
          n.shiftLeft(127 - f); roundUp = false
        } else {
          roundUp = n.hasBitsSet(below: f - 127)
          n.shiftRight(f - 127)
        }
      } else {
        n.shiftLeft(127 - f)         // 5^j does not divide 2^(127 − f): the quotient is never exact
        for _ in 0 ..< -k { n.divide(by: 10) }
      }
      if roundUp { n.add(1) }
      XCTAssertEqual(n.bitWidth, 128, "φ̃_\(k)")
      let high = n.word64(at: 64), low = n.word64(at: 0)
      let entry = P.table[k - P.minimumExponent]
      if entry.0 != high || entry.1 != low {
        XCTFail("φ̃_\(k): table \(entry) vs \((high, low))")
      }
    }
  }

  /// The paper's logarithm formulas (Section 6) over every exponent they are used at, against the
  /// floating-point logarithm (never within 10^-6 of an integer there but at 0, which is exact).
  func testLogarithmFormulas() {
    func assertFloor(_ computed: Int, _ exact: Double, _ what: String) {
      if exact != exact.rounded() {
        XCTAssertGreaterThan(abs(exact - exact.rounded()), 1e-6, what)
      }
      XCTAssertEqual(computed, Int(exact.rounded(.down)), what)
    }
    for q in -1074 ... 971 {
      assertFloor((q &* 315_653) &>> 20, Double(q) * log10(2.0), "⌊\(q)·log10 2⌋")
      assertFloor((q &* 661_971_961_083 &- 274_743_187_321) &>> 41, Double(q) * log10(2.0) - log10(4.0 / 3),
                  "⌊log10(¾·2^\(q))⌋")
    }
    for k in ShortestDecimal.PowersOfTen.minimumExponent ... ShortestDecimal.PowersOfTen.maximumExponent {
      assertFloor(ShortestDecimal.PowersOfTen.binaryExponent(k), Double(k) * log2(10.0), "⌊\(k)·log2 10⌋")
    }
  }
}

extension ShortestDecimalTests {
  /// Ties: v = c/4 with c odd in [2^52, 2^53) is a half at the last of its 17 digits (10^k0·v = 2.5·c),
  /// and both neighbours are in its interval — the even one is printed. Every such c near the ends and
  /// a sample between.
  func testTiesGoToTheEvenNeighbour() {
    var values: [Double] = []
    for i in UInt64(0) ..< 3000 {
      for c in [(UInt64(1) << 52) + 2 * i + 1, (UInt64(1) << 53) - 2 * i - 1, (UInt64(1) << 52) + 2 * i * 750_019 + 1] {
        values.append(Double(c) / 4)
      }
    }
    XCTAssertEqual(text(Double((UInt64(1) << 52) + 1) / 4), "1125899906842624.2")
    XCTAssertEqual(text(Double((UInt64(1) << 52) + 3) / 4), "1125899906842624.8")
    // The shorter interval's tie (Algorithm 5.6): 2^-25 = 2.98023223876953125e-08.
    XCTAssertEqual(text(0x1p-25), "2.9802322387695312e-08")
    assertSame(values + values.map { -$0 })
  }

  /// Shortest digits that end in zeros before the exponent takes them (1.2e+20, 1000000.0, 1e-07), around
  /// every decimal exponent, with the neighbours (which have no short form) for contrast.
  func testDigitsEndingInZeros() {
    var values: [Double] = []
    for e in -320 ... 300 {
      for m in [1.0, 1.2, 2.5, 4.5, 9.9, 1.25, 3.1415, 5.0000001] {
        if let x = Double("\(m)e\(e)"), x.isFinite, x != 0 { values += [x, x.nextUp, x.nextDown] }
      }
    }
    for e in 0 ... 22 { values.append(pow(10, Double(e))); values.append(12 * pow(10, Double(e))) }
    XCTAssertEqual(text(1.2e20), "1.2e+20")
    XCTAssertEqual(text(1e22), "1e+22")
    XCTAssertEqual(text(1_000_000), "1000000.0")
    XCTAssertEqual(text(1e-7), "1e-07")
    XCTAssertEqual(text(0.3), "0.3")
    assertSame(values + values.map { -$0 })
  }

  /// The branch-free common path of ``ShortestDecimal/decimal(q:c:)`` against the complete algorithm,
  /// ``ShortestDecimal/exactDecimal(q:c:)``, on every value it answers (and it must answer most of them).
  func testCommonPathAgreesWithTheExactPath() {
    let formatter = ShortestDecimal.shared
    var generator = SplitMix64(seed: 0xD8A6_0B0C)
    var answered = 0
    let total = 200_000
    for _ in 0 ..< total {
      let bits = generator.next() & 0x7FEF_FFFF_FFFF_FFFF | 0x0010_0000_0000_0000   // normal, finite
      let biased = Int(bits >> 52)
      let (q, c) = (biased - 1075, (1 << 52) | bits & 0x000F_FFFF_FFFF_FFFF)
      let fast = formatter.decimal(q: q, c: c)
      guard fast.2 != 0 else { continue }
      answered += 1
      let exact = formatter.exactDecimal(q: q, c: c)
      if fast != exact { XCTFail("\(bits): \(fast) vs \(exact)"); return }
    }
    XCTAssertGreaterThan(answered, total * 9 / 10)
  }

  /// Subnormals with few significant bits (c a power of two or a small odd number): the shortest digits
  /// are few and found at either scale, the interval open or closed by c's parity.
  func testSubnormalsWithFewBits() {
    var values: [Double] = []
    for shift in 0 ..< 52 {
      for c in [UInt64(1), 3, 5, 7, 9, 11, 999] { values.append(Double(bitPattern: c << UInt64(shift))) }
    }
    XCTAssertEqual(text(Double(bitPattern: 1)), "5e-324")
    XCTAssertEqual(text(Double(bitPattern: 2)), "1e-323")
    XCTAssertEqual(text(Double(bitPattern: 3)), "1.5e-323")
    assertSame(values + values.map { -$0 })
  }
}

extension ShortestDecimalTests {
  func testEightDigitEncodingOfEveryTenThousandthNumberAndTheEdges() {
    var values: [UInt32] = [0, 1, 9, 10, 99, 100, 9_999, 10_000, 10_001, 99_999_999, 12_345_678, 90_000_009]
    values += stride(from: UInt32(0), to: 100_000_000, by: 9_973).map { $0 }
    for x in values {
      let word = ShortestDecimal.eightDigits(x).littleEndian
      let text = withUnsafeBytes(of: word) { String(decoding: $0, as: UTF8.self) }
      let expected = String(repeating: "0", count: 8 - String(x).count) + String(x)
      if text != expected { XCTFail("\(x): \(text)"); return }
    }
  }
}
