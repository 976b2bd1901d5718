import BuiltinMaterials
import DefectChemistry
import Foundation
import XCTest

/// The validity box of a material file: keys, spans and membership.
final class ValidityBoxTests: XCTestCase {
  func testUnknownValidityAxisIsAFileLineError() {
    let yaml = TestModels.ceria().replacingOccurrences(of: "sublattices:", with: "validity:\n  T_K: [900, 1300]\n  pCO2_atm: [0, 1]\nsublattices:")
    XCTAssertThrowsError(try DefectModel.load(yaml: yaml, file: "v.yaml")) { error in
      XCTAssertTrue("\(error)".hasPrefix("v.yaml:5:"), "\(error)")
      XCTAssertTrue("\(error)".contains("unknown axis 'pCO2_atm'"), "\(error)")
    }
  }

  func testDopantLevelsAreValidityAxesInAnySpelling() throws {
    let yaml = TestModels.ceria(dopant: 0.1).replacingOccurrences(
      of: "sublattices:", with: "validity:\n  T_K: [900, 1300]\n  \"Gd_Ce′\": [0.05, 0.2]\nsublattices:")
    let model = try DefectModel.load(yaml: yaml, file: "v.yaml")
    XCTAssertEqual(model.validity["Gd_Ce'"], 0.05...0.2)
    XCTAssertTrue(model.isWithinValidity(temperature: 1000, pressures: ["pO2": 1]))
    XCTAssertFalse(model.isWithinValidity(temperature: 800, pressures: ["pO2": 1]))
    let doped = try model.setting(model.parameter(named: "Gd_Ce'"), to: 0.3)
    XCTAssertFalse(doped.isWithinValidity(temperature: 1000, pressures: ["pO2": 1]))
    let warnings = doped.validityWarnings(span: ["T_K": 1000...1000, "Gd_Ce'": 0.3...0.3])
    XCTAssertEqual(warnings.count, 1)
    XCTAssertTrue(warnings[0].hasPrefix("Gd_Ce' = 0.3 leaves the validity range"), warnings[0])
  }
}

extension ValidityBoxTests {
  func testADopantTotalIsAValidityAxis() throws {
    let model = try DefectModel.load(yaml: try XCTUnwrap(BuiltinMaterials.yaml(named: "gdc10")), file: "gdc10.yaml")
    XCTAssertTrue(model.isValidityKey("Gd_Ce'"))
    XCTAssertTrue(model.isWithinValidity(temperature: 1073, pressures: ["pO2": 0.21]))
    let heavy = try model.setting(model.parameter(named: "Gd_Ce'"), to: 0.3)
    XCTAssertFalse(heavy.isWithinValidity(temperature: 1073, pressures: ["pO2": 0.21]))
    let grid = SweepGrid(axes: [.init(.parameter(try model.parameter(named: "Gd_Ce'")), [0.1, 0.3]),
                                .init(.temperature, [1073]), .init(.pressure("pO2"), [0.21])])
    XCTAssertEqual(model.validitySpan(of: grid)["Gd_Ce'"], 0.1...0.3)
    let layout = try CSVLayout(model: model, grid: grid, selection: ["in_validity"])
    XCTAssertTrue(layout.isWithinValidity(axisValues: [0.1, 1073, 0.21]))
    XCTAssertFalse(layout.isWithinValidity(axisValues: [0.3, 1073, 0.21]))
  }
}
