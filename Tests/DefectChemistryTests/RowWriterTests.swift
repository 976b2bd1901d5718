import BuiltinMaterials
import Foundation
import DecimalText
import TestSupport
import XCTest
@testable import DefectChemistry

/// The row writer (`CSVLayout.appendRow`, with its precompiled column operations, cached mobilities and
/// mobility factors) must print, digit for digit, what the reference functions of the model give
/// (`CSVLayout.value(_:of:)`: TransportProperties, nonstoichiometry, thermodynamic factor, D̃, slopes …)
/// — for every built-in material, with and without slopes, at points along isotherms and across
/// temperatures (the mobility cache is keyed on T).
final class RowWriterTests: XCTestCase {
  func testEveryDerivedColumnIsTheReferenceValueDigitForDigit() throws {
    for name in BuiltinMaterials.names {
      let model = try DefectModel.load(yaml: XCTUnwrap(BuiltinMaterials.yaml(named: name)), file: name)
      var axes = [SweepGrid.Axis(.temperature, [900, 1100]), SweepGrid.Axis(.pressure("pO2"), [1e-15, 1e-5, 0.21])]
      if model.pressureNames.contains("pH2O") { axes.insert(SweepGrid.Axis(.pressure("pH2O"), [0.03]), at: 1) }
      let grid = SweepGrid(axes: axes)
      for slopes in [false, true] {
        let layout = try CSVLayout(model: model, grid: grid, slopes: slopes)
        let solver = EquilibriumSolver(model: model)
        let scratch = RowScratch()
        scratch.prepare(for: layout)
        var sensitivities = Sensitivities(withRespectTo: .init(names: [], values: []), temperature: [])
        for T in [900.0, 1100, 900] {
          for pO2 in [1e-15, 1e-5, 0.21] {
            var pressures = ["pO2": pO2]
            if model.pressureNames.contains("pH2O") { pressures["pH2O"] = 0.03 }
            let state = try solver.solve(Conditions(temperature: T, pressures: pressures), continuation: true)
            XCTAssertTrue(state.converged, "\(name) T=\(T) pO2=\(pO2)")
            XCTAssertTrue(solver.sensitivities(into: &sensitivities, includingTemperature: layout.needsTemperatureSlopes))
            let axisValues = model.pressureNames.contains("pH2O") ? [T, 0.03, pO2] : [T, pO2]
            var out = ByteBuffer(capacity: 64)
            layout.appendRow(to: &out, axisValues: axisValues, temperature: T, concentrations: state.concentrations,
                             slopes: layout.needsSlopes ? sensitivities : nil, converged: true, residual: state.residual,
                             scratch: scratch)
            let fields = out.string.dropLast().split(separator: ",", omittingEmptySubsequences: false)
            XCTAssertEqual(fields.count, layout.columns.count, name)
            var point = CSVLayout.Point(temperature: T, concentrations: state.concentrations,
                                        slopes: layout.needsSlopes ? sensitivities : nil)
            var compared = 0
            for (k, column) in layout.columns.enumerated() {
              guard let x = layout.value(column, of: &point) else { continue }
              let expected = x.isFinite ? x.description : ""
              XCTAssertEqual(String(fields[k]), expected, "\(name) \(layout.headers[k]) T=\(T) pO2=\(pO2) slopes=\(slopes)")
              compared += 1
            }
            XCTAssertGreaterThan(compared, model.species.count, name)
          }
        }
      }
    }
  }
}
