import BuiltinMaterials
import DefectChemistry
import XCTest

/// Models and noise-free measurements shared by the fit tests (`ParameterFitTests`, `FitStatisticsTests`).
enum FitTestData {
  static func builtin(_ name: String) throws -> DefectModel {
    try DefectModel.load(yaml: try XCTUnwrap(BuiltinMaterials.yaml(named: name)), file: name + ".yaml")
  }

  /// δ of `model` at each (T, pO2), as a measurement.
  static func synthetic(_ model: DefectModel, _ points: [(Double, Double)]) throws -> [MeasuredValue] {
    let solver = EquilibriumSolver(model: model)
    return try points.map { T, p in
      let s = try solver.solve(Conditions(temperature: T, pO2: p))
      XCTAssertTrue(s.converged)
      return MeasuredValue(conditions: Conditions(temperature: T, pO2: p), value: model.nonstoichiometry(of: s.concentrations)!)
    }
  }
}
