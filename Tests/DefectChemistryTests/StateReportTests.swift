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

/// Measured data parsed by the library (no CLI): conditions from columns or constants, log10 columns,
/// the observable and its `_err` column, and one message naming the file and line for a bad row.
final class MeasuredDataTests: XCTestCase {
  func testReadsConditionsObservableAndUncertainty() throws {
    let model = try BuiltinMaterialValidationTests.builtin("bzy10")
    let table = try CSVTable(csv: "T_C,log10_pO2_atm,OH_O.,OH_O._err\n600,-5,0.05,0.002\n\n500,-4,0.07,0.003\n", source: "d.csv")
    let data = try MeasuredData.read(table, model: model, observable: nil, uncertainty: nil, constants: ["pH2O": 0.03])
    XCTAssertEqual(data.observable, "OH_O.")
    XCTAssertEqual(data.uncertaintyColumn, "OH_O._err")
    XCTAssertEqual(data.values.map(\.line), [2, 4])
    XCTAssertEqual(data.values[0].conditions.temperature, 873.15)
    XCTAssertEqual(data.values[1].conditions.pressures["pO2"]!, 1e-4, accuracy: 1e-19)
    XCTAssertEqual(data.values[1].conditions.pressures["pH2O"], 0.03)
    XCTAssertEqual(data.values[1].uncertainty, 0.003)
  }

  func testABadRowIsOneMessageWithFileAndLine() throws {
    let model = try BuiltinMaterialValidationTests.builtin("gdc10")
    let table = try CSVTable(csv: "T_K,pO2_atm,delta\n1073,1e-10,0.001\n1073,oops,0.002\n", source: "d.csv")
    XCTAssertThrowsError(try MeasuredData.read(table, model: model, observable: nil, uncertainty: nil, constants: [:])) {
      XCTAssertTrue("\($0)".hasPrefix("d.csv:3: "), "\($0)")
    }
    XCTAssertThrowsError(try CSVTable(csv: "T_K,pO2_atm,delta\n1073,1e-10\n", source: "e.csv")) {
      XCTAssertTrue("\($0)".hasPrefix("e.csv:2: "), "\($0)")
    }
  }

  /// RFC 4180 as written by spreadsheets: CR LF, quoted fields with commas, "" for a quote and line breaks
  /// inside; every row keeps the line it starts on, blank lines and a repeated header are skipped.
  func testCSVTableReadsQuotesAndKeepsEachRowsLine() throws {
    let text = "name,T_K,note\r\n\"a,b\",1073,\"say \"\"hi\"\"\"\r\n\r\nname,T_K,note\r\nc,1173,\"two\nlines\"\r\nd,1273,x"
    let table = try CSVTable(csv: text, source: "q.csv")
    XCTAssertEqual(table.header, ["name", "T_K", "note"])
    XCTAssertEqual(table.rows, [["a,b", "1073", "say \"hi\""], ["c", "1173", "two\nlines"], ["d", "1273", "x"]])
    XCTAssertEqual(table.lines, [2, 5, 7])
  }
}
