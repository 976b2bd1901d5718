import XCTest
@testable import DefectChemistry

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

/// A small deterministic generator (Steele, Lea & Flood's SplitMix64).
private struct SplitMix64 {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
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
