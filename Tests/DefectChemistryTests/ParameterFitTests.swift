import BuiltinMaterials
import DefectChemistry
import Foundation
import XCTest

/// Fitting parameters to measurements: exact recovery from synthetic data, and a real data set.
final class ParameterFitTests: XCTestCase {
  func testDopantLevelIsRecoveredFromNonstoichiometry() throws {
    let base = try FitTestData.builtin("gdc10")
    let gd = try base.parameter(named: "Gd_Ce'")
    let truth = try base.setting(gd, to: 0.13)
    let data = try FitTestData.synthetic(truth, [1e-25, 1e-22, 1e-19, 1e-16, 1e-13, 1e-10].map { (1073.15, $0) })
    let fit = try ParameterFit(model: base, parameters: [gd], observable: "delta", data: data, scale: .log)
    let result = try fit.run()  // starts from the file's 0.10
    XCTAssertTrue(result.converged, result.reason)
    XCTAssertEqual(result.starts[0], 0.10)
    XCTAssertEqual(result.values[0], 0.13, accuracy: 0.13 * 1e-7)
    XCTAssertLessThan(result.rms, 1e-8)
    XCTAssertEqual(result.model.value(of: gd), result.values[0])
  }

  func testDopantLevelAndReductionEnthalpyTogether() throws {
    let base = try FitTestData.builtin("gdc10")
    let gd = try base.parameter(named: "Gd_Ce'"), dH = try base.parameter(named: "reduction.dH")
    let truth = try base.setting(gd, to: 0.08).setting(dH, to: 4.2)
    var points: [(Double, Double)] = []
    for T in [973.15, 1073.15, 1173.15] { for p in [1e-24, 1e-20, 1e-16, 1e-12] { points.append((T, p)) } }
    let fit = try ParameterFit(model: base, parameters: [gd, dH], observable: "delta", data: try FitTestData.synthetic(truth, points), scale: .log)
    let result = try fit.run()
    XCTAssertTrue(result.converged, result.reason)
    XCTAssertEqual(result.values[0], 0.08, accuracy: 0.08 * 1e-6)
    XCTAssertEqual(result.values[1], 4.2, accuracy: 1e-6)
    XCTAssertEqual(result.degreesOfFreedom, 10)
  }

  func testExactJacobianReachesTheFiniteDifferenceOptimumWithFewerEquilibria() throws {
    // LSCF δ with its non-ideal interaction: four parameters fitted both ways from the same start.
    let base = try FitTestData.builtin("lscf6428")
    let names = ["oxidation.dH", "oxidation.dS", "vv.W", "Sr_La'"]
    let parameters = try names.map { try base.parameter(named: $0) }
    let truth = try base.setting(parameters[2], to: 1.7).setting(parameters[3], to: 0.35)
    var points: [(Double, Double)] = []
    for T in [873.0, 1073.0, 1273.0] { for p in [1e-3, 1e-2, 0.1, 1] { points.append((T, p)) } }
    var data = try FitTestData.synthetic(truth, points)
    for i in data.indices { data[i].value *= i % 3 == 0 ? 1.02 : (i % 3 == 1 ? 1 / 1.02 : 1) }
    let fit = try ParameterFit(model: base, parameters: parameters, observable: "delta", data: data, scale: .log)
    let exact = try fit.run()
    let differences = try fit.run(exactJacobian: false)
    XCTAssertTrue(exact.converged && differences.converged, "\(exact.reason) / \(differences.reason)")
    XCTAssertGreaterThan(exact.jacobianEvaluations, 0)
    XCTAssertEqual(differences.jacobianEvaluations, 0)
    for k in parameters.indices {
      // same optimum, up to where the forward-difference run (a Jacobian good to ~1e-7) stops on its step test
      XCTAssertEqual(exact.values[k], differences.values[k], accuracy: 1e-4 * max(1, abs(exact.values[k])), names[k])
      XCTAssertEqual(exact.standardErrors[k], differences.standardErrors[k], accuracy: 1e-3 * exact.standardErrors[k], names[k])
    }
    XCTAssertEqual(exact.rms, differences.rms, accuracy: 1e-9)
    // equilibria solved: residuals n per evaluation (+ n per exact Jacobian) vs n·(1 + p) per finite-difference step
    let exactSolves = (exact.evaluations + exact.jacobianEvaluations) * data.count
    let differenceSolves = differences.evaluations * data.count
    XCTAssertLessThan(exactSolves, differenceSolves)
    XCTAssertLessThanOrEqual(exact.chiSquared, differences.chiSquared * (1 + 1e-9))
  }

  func testNoisyDataGiveHonestStandardErrors() throws {
    // ±3 % alternating scatter on δ: the fitted level stays within a few standard errors of the truth,
    // and the standard error is of the size the scatter implies (not 0, not huge).
    let base = try FitTestData.builtin("gdc10")
    let gd = try base.parameter(named: "Gd_Ce'")
    let truth = try base.setting(gd, to: 0.12)
    var data = try FitTestData.synthetic(truth, (0..<12).map { (1073.15, pow(10, -24 + Double($0))) })
    for i in data.indices { data[i].value *= i % 2 == 0 ? 1.03 : 1 / 1.03 }
    let result = try ParameterFit(model: base, parameters: [gd], observable: "delta", data: data, scale: .log).run()
    XCTAssertTrue(result.converged, result.reason)
    XCTAssertEqual(result.rms, log(1.03), accuracy: 0.01)
    XCTAssertGreaterThan(result.standardErrors[0], 1e-4)
    XCTAssertLessThan(result.standardErrors[0], 0.02)
    XCTAssertEqual(result.values[0], 0.12, accuracy: 3 * result.standardErrors[0])
  }

  func testLSCFOxidationRefitToTheDigitisedIsotherms() throws {
    // The shipped [D] oxidation constant of lscf6428 was fitted to these 24 points (rms 0.127 in ln δ, with
    // the vacancy excess W fitted with it).
    // Refitting ΔH and ΔS with brouwer's own fitter must do at least as well.
    let model = try FitTestData.builtin("lscf6428")
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Data/reference/lscf6428_delta_bouwmeester.csv")
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
    let data = lines.map { line -> MeasuredValue in
      let v = line.split(separator: ",").map { Double($0)! }
      return MeasuredValue(conditions: Conditions(temperature: v[0], pO2: pow(10, v[1])), value: v[2])
    }
    XCTAssertEqual(data.count, 24)
    let parameters = [try model.parameter(named: "oxidation.dH"), try model.parameter(named: "oxidation.dS")]
    let result = try ParameterFit(model: model, parameters: parameters, observable: "delta", data: data, scale: .log)
      .run(starts: [-0.5, -3.0])  // far from the shipped −0.815 eV, −5.84 k_B
    XCTAssertTrue(result.converged, result.reason)
    XCTAssertLessThanOrEqual(result.rms, 0.1268)
    XCTAssertEqual(result.values[0], model.value(of: parameters[0]), accuracy: 0.02, "ΔH in eV")
    XCTAssertEqual(result.values[1], model.value(of: parameters[1]), accuracy: 0.3, "ΔS in k_B")
  }

  func testBadFitRequestsAreRejected() throws {
    let model = try FitTestData.builtin("gdc10")
    let gd = try model.parameter(named: "Gd_Ce'")
    let one = [MeasuredValue(conditions: Conditions(temperature: 1073, pO2: 1e-20), value: 0.01)]
    XCTAssertThrowsError(try ParameterFit(model: model, parameters: [gd], observable: "nope", data: one, scale: .log)) {
      XCTAssertTrue("\($0)".contains("no column 'nope'"), "\($0)")
    }
    let negative = [MeasuredValue(conditions: Conditions(temperature: 1073, pO2: 1e-20), value: -0.01, line: 7)]
    XCTAssertThrowsError(try ParameterFit(model: model, parameters: [gd], observable: "delta", data: negative, scale: .log)) {
      XCTAssertTrue("\($0)".contains("line 7"), "\($0)")
    }
    XCTAssertThrowsError(try ParameterFit(model: model, parameters: [gd, gd], observable: "delta", data: one + one, scale: .log))
    XCTAssertThrowsError(try ParameterFit(model: model, parameters: [gd], observable: "delta", data: [], scale: .log))
  }
}
