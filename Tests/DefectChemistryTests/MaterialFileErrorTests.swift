import DefectChemistry
import XCTest

/// Each kind of bad material file gives one clear error naming the file and line.
final class MaterialFileErrorTests: XCTestCase {
  private func error(_ yaml: String) -> MaterialError? {
    do {
      _ = try DefectModel.load(yaml: yaml, file: "bad.yaml")
      return nil
    } catch { return error }
  }

  private func replacing(_ a: String, _ b: String, in yaml: String = TestModels.ceria()) -> String {
    yaml.replacingOccurrences(of: a, with: b)
  }

  func testUnbalancedReactionIsNamedWithItsLine() throws {
    let e = try XCTUnwrap(error(replacing("V_O.. + 2 Ce_Ce'\"", "V_O.. + Ce_Ce'\"")))
    XCTAssertEqual(e.file, "bad.yaml")
    XCTAssertEqual(e.line, 12)
    XCTAssertTrue(e.message.contains("reduction"), e.message)
    XCTAssertTrue(e.message.contains("not charge-balanced") || e.message.contains("does not conserve"), e.message)
  }

  func testABlockStyleReactionIsNamedByItsEquationLine() throws {
    let yaml = replacing("  - {name: polaron, equation: \"Ce_Ce' + h. = Ce_Ce^x\", dH: -3.0 eV, dS: 0 kB}",
                         "  - name: polaron\n    dH: -3.0 eV\n    equation: \"Ce_Ce' = Ce_Ce^x\"\n    dS: 0 kB")
    let e = try XCTUnwrap(error(yaml))
    XCTAssertEqual(e.line, 15, e.message)  // the equation's own line, not the '- name:' line
    XCTAssertTrue(e.message.contains("not charge-balanced"), e.message)
  }

  func testSiteImbalanceAndElementImbalance() throws {
    let sites = try XCTUnwrap(error(replacing("O_O^x + 2 Ce_Ce^x = 1/2 O2(g)", "2 Ce_Ce^x = 1/2 O2(g)")))
    XCTAssertTrue(sites.message.contains("does not conserve O sites") || sites.message.contains("balanced in O"), sites.message)
    let atoms = try XCTUnwrap(error(replacing("= 1/2 O2(g) +", "= O2(g) +")))
    XCTAssertTrue(atoms.message.contains("not balanced in O"), atoms.message)
  }

  func testUnknownLabel() throws {
    let e = try XCTUnwrap(error(replacing("Ce_Ce' + h. = Ce_Ce^x", "Ce_Ce' + h. = Zr_Ce^x")))
    XCTAssertEqual(e.line, 13)
    XCTAssertTrue(e.message.contains("unknown species 'Zr_Ce^x'"), e.message)
  }

  func testChargeThatContradictsTheNotation() throws {
    let e = try XCTUnwrap(error(replacing("{label: \"V_O..\"}", "{label: \"V_O..\", charge: 1}")))
    XCTAssertEqual(e.line, 8)
    XCTAssertTrue(e.message.contains("contradicts"), e.message)
  }

  func testUnderDeterminedSystemNamesTheLooseSpecies() throws {
    let e = try XCTUnwrap(error(replacing("  - {name: polaron, equation: \"Ce_Ce' + h. = Ce_Ce^x\", dH: -3.0 eV, dS: 0 kB}", "")))
    XCTAssertTrue(e.message.contains("under-determined"), e.message)
    XCTAssertTrue(e.message.contains("h."), e.message)
  }

  func testOverDeterminedAndDependentReactions() throws {
    let dependent = replacing("dS: 0 kB}", "dS: 0 kB}\n  - {name: twice, equation: \"2 Ce_Ce' + 2 h. = 2 Ce_Ce^x\", dH: -6 eV, dS: 0 kB}")
    let e = try XCTUnwrap(error(dependent))
    XCTAssertTrue(e.message.contains("linearly dependent"), e.message)
  }

  func testMalformedYAMLAndLabels() throws {
    XCTAssertNotNil(error("name: x\nsublattices: {O: 1\n"))
    let label = try XCTUnwrap(error(replacing("{label: \"V_O..\"}", "{label: \"V_O\"}")))
    XCTAssertTrue(label.message.contains("missing effective charge"), label.message)
    let unit = try XCTUnwrap(error(replacing("dH: 4.0 eV", "dH: 4.0 furlongs")))
    XCTAssertTrue(unit.message.contains("dH"), unit.message)
    let twice = try XCTUnwrap(error(replacing("sublattices: {Ce: 1, O: 2}", "sublattices: {Ce: 1, O: 2}\nsublattices: {Ce: 1, O: 2}")))
    XCTAssertTrue(twice.message.contains("appears twice"), twice.message)
    XCTAssertEqual(twice.line, 4)
    let key = try XCTUnwrap(error(replacing("sublattices:", "sublatices:")))
    XCTAssertTrue(key.message.contains("unknown key 'sublatices'"), key.message)
  }

  func testUnicodeLabelsAreAccepted() throws {
    let yaml = replacing("\"V_O..\"", "\"V_O••\"", in: replacing("Gd_Ce'", "Gd_Ce′"))
    let model = try DefectModel.load(yaml: yaml.replacingOccurrences(of: "O_O^x + 2", with: "O_O× + 2"), file: "u.yaml")
    XCTAssertNotNil(model.speciesIndex("V_O.."))
    XCTAssertNotNil(model.speciesIndex("Gd_Ce'"))
  }
}
