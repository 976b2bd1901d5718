import DefectChemistry
import DecimalText
import TestSupport
import XCTest

/// Regression tests for inputs that used to trap, hang or pass silently.
final class HardeningTests: XCTestCase {
  func testByteBufferDigitsAreExactlyTheDescription() {
    var generator = SystemRandomNumberGenerator()
    var buffer = ByteBuffer(capacity: 64)
    var samples: [Double] = [0, -0.0, 1, -1, 0.1, 1e-5, 1e16, 1.0000000000000002, 5e-324, .greatestFiniteMagnitude,
                             2.2250738585072014e-308, 123456789012345680, 1e-300, 0.30000000000000004]
    for _ in 0..<20_000 {
      let x = Double(bitPattern: generator.next())
      if x.isFinite { samples.append(x) }
    }
    for x in samples {
      buffer.removeAll()
      buffer.append(x)
      XCTAssertEqual(buffer.string, x.description)
      XCTAssertEqual(Double(buffer.string), x, "shortest digits must read back as the same Double")
    }
  }

  func testFormulaCountsThatWouldOverflowAreRefused() {
    XCTAssertNil(ChemicalFormula(parsing: "Gd9223372036854775807Gd"))
    XCTAssertNil(ChemicalFormula(parsing: "Gd99999999999999999999999"))
    XCTAssertNil(ChemicalFormula(parsing: "Gd600Gd600"))
    XCTAssertEqual(ChemicalFormula(parsing: "Gd2Gd3")?.atoms, ["Gd": 5])
    XCTAssertThrowsError(try KrogerVinkLabel(parsing: "Gd9223372036854775807Gd_Ce'"))
  }

  func testLabelMessagesAreShortAndEscaped() {
    let long = String(repeating: "V", count: 100_000) + "_O.."
    do { _ = try KrogerVinkLabel(parsing: long); XCTFail("accepted a 100k label") } catch {
      XCTAssertLessThan(error.description.count, 200, error.description)
      XCTAssertTrue(error.description.contains("100004 characters"), error.description)
    }
    do { _ = try KrogerVinkLabel(parsing: "V_O\u{0}.."); XCTFail("accepted a NUL") } catch {
      XCTAssertFalse(error.description.unicodeScalars.contains { $0.value < 0x20 }, error.description)
      XCTAssertTrue(error.description.contains("\\0"), error.description)
    }
    XCTAssertThrowsError(try KrogerVinkLabel(parsing: "V_O" + String(repeating: ".", count: 9)))
  }

  func testShardsOfAHugeSplitDoNotOverflow() {
    let grid = SweepGrid(axes: [SweepGrid.Axis(.temperature, [1000]), SweepGrid.Axis(.pressure("pO2"), (0..<31).map { Double($0 + 1) })])
    XCTAssertEqual(grid.shard(Int.max, of: Int.max), 30..<31)
    XCTAssertEqual(grid.shard(1, of: Int.max), 0..<0)
    let n = 7
    XCTAssertEqual((1...n).map { grid.shard($0, of: n).count }.reduce(0, +), 31)
  }

  func testGridSizesAreCountedWithoutBuildingTheAxes() {
    // the CLI multiplies these counts with overflow checks before any axis exists (three axes of 1e7 points)
    XCTAssertEqual(AxisValues.count("1:2:10000000"), 10_000_000)
    XCTAssertEqual(AxisValues.count("1,2,3"), 3)
    XCTAssertEqual(AxisValues.count("800C"), 1)
    XCTAssertNil(AxisValues.count("1:2:x"))
    let (product, overflow) = (10_000_000 * 10_000_000).multipliedReportingOverflow(by: 10_000_000)
    XCTAssertTrue(overflow || product > SweepGrid.maximumCount)
    let grid = SweepGrid(axes: [SweepGrid.Axis(.temperature, [1000, 1100]), SweepGrid.Axis(.pressure("pO2"), [1, 2, 3])])
    XCTAssertEqual(grid.checkedCount, 6)
  }

  func testInfiniteOrAbsurdQuantitiesAreRejectedAtLoadTimeWithTheirLine() {
    func load(_ dS: String) -> MaterialError? {
      let yaml = """
        name: t
        sublattices: {O: 1}
        species:
          - {label: "V_O.."}
          - {label: "O_O^x"}
          - {label: "e'", band: {N300: 1}}
        reactions:
          - {equation: "O_O^x = V_O.. + 2 e' + 1/2 O2(g)", dH: 4 eV, dS: "\(dS)"}
        """
      do { _ = try DefectModel.load(yaml: yaml, file: "t.yaml"); return nil } catch { return error }
    }
    XCTAssertNil(load("10 kB"))
    XCTAssertEqual(load("1e305 eV/K")?.line, 8)
    XCTAssertEqual(load("1e6 kB")?.line, 8)
    XCTAssertNil(Quantity.parse("1e305 eV/K", as: .entropy))
  }

  func testAliasBombAsAMappingKeyIsRefusedQuickly() {
    var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
    for i in 1...9 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
    yaml += "? *a9\n: 1\n"
    let start = Date()
    XCTAssertThrowsError(try DefectModel.load(yaml: yaml, file: "bomb.yaml")) { error in
      XCTAssertEqual((error as? MaterialError)?.line, 2, "the first alias")
    }
    XCTAssertLessThan(Date().timeIntervalSince(start), 2, "the alias bomb must be refused, not expanded")
  }

  func testHugeSpeciesListsAreRefusedWithALine() {
    let yaml = "name: t\nsublattices: {O: 1}\nspecies:\n" + String(repeating: "- {label: V_O..}\n", count: 30_000)
    XCTAssertThrowsError(try DefectModel.load(yaml: yaml, file: "big.yaml")) { error in
      XCTAssertEqual((error as? MaterialError)?.line, 4)
      XCTAssertTrue("\(error)".contains("at most 500"), "\(error)")
    }
  }
}
