import BuiltinMaterials
import DefectChemistry
import Foundation
import XCTest

/// `StateReport`: one state as typed values; its `jsonText` (what `brouwer solve --format json` prints) and
/// its `Encodable` form carry the same keys and numbers, and the numbers are the state's.
final class StateReportTests: XCTestCase {
  func testJSONTextAndEncodableAgreeAndCarryTheState() throws {
    for name in ["gdc10", "bzy10", "lno"] {
      let model = try BuiltinMaterialValidationTests.builtin(name)
      var pressures = ["pO2": 1e-10]
      if model.pressureNames.contains("pH2O") { pressures["pH2O"] = 0.03 }
      let grid = SweepGrid(axes: [SweepGrid.Axis(.temperature, [1073.15])] + model.pressureNames.map { SweepGrid.Axis(.pressure($0), [pressures[$0]!]) })
      let layout = try CSVLayout(model: model, grid: grid)
      let solver = EquilibriumSolver(model: model)
      let state = try solver.solve(Conditions(temperature: 1073.15, pressures: pressures))
      XCTAssertTrue(state.converged)
      let report = StateReport(model: model, state: state, layout: layout, units: .fu, slopes: solver.sensitivities(), quench: nil)
      let fromText = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(report.jsonText.utf8)) as? NSDictionary)
      let fromEncoder = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? NSDictionary)
      XCTAssertEqual(fromText, fromEncoder, name)
      // the numbers are the state's, bit for bit, and the text holds their shortest round-trip form (read with
      // Swift's Double(String): JSONSerialization's number parser is off by an ulp on some values)
      for (i, s) in model.species.enumerated() {
        XCTAssertEqual(report.concentrations[i].value?.bitPattern, state.concentrations[i].bitPattern, "\(name) \(s.name)")
        XCTAssertTrue(report.jsonText.contains("\(JSONText.string(s.name)): \(state.concentrations[i])"), "\(name) \(s.name)")
      }
      let delta = try XCTUnwrap(model.nonstoichiometry(of: state.concentrations))
      XCTAssertEqual(report.derived.first { $0.name == "delta" }?.value?.bitPattern, delta.bitPattern, name)
      XCTAssertTrue(report.jsonText.contains("\"delta\": \(delta)"), name)
      XCTAssertEqual(fromText["converged"] as? Bool, true)
    }
  }

  func testAnUnconvergedStateReportsNoNumbers() throws {
    let model = try BuiltinMaterialValidationTests.builtin("gdc10")
    let grid = SweepGrid(axes: [SweepGrid.Axis(.temperature, [1073.15]), SweepGrid.Axis(.pressure("pO2"), [1e-10])])
    let layout = try CSVLayout(model: model, grid: grid)
    var state = try EquilibriumSolver(model: model).solve(Conditions(temperature: 1073.15, pO2: 1e-10))
    state.converged = false
    let report = StateReport(model: model, state: state, layout: layout, units: .fu, slopes: nil, quench: nil)
    XCTAssertTrue(report.concentrations.allSatisfy { $0.value == nil })
    XCTAssertTrue(report.derived.allSatisfy { $0.value == nil })
    XCTAssertTrue(report.jsonText.contains("\"delta\": null"))
    XCTAssertTrue(report.jsonText.hasSuffix("\"converged\": false, \"residual\": \(state.residual)}"))
  }
}
