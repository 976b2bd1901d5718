import DefectChemistry
import Foundation
import XCTest

/// Mass action, site sums and charge balance at every point of wide sweeps, cold and continued.
final class EquilibriumInvariantTests: XCTestCase {
  func testEveryPointOfFortyDecadesSatisfiesAllEquations() throws {
    for yaml in [TestModels.ceria(), TestModels.undopedCeria] {
      let model = try TestModels.load(yaml)
      let solver = EquilibriumSolver(model: model)
      for T in stride(from: 300.0, through: 2000, by: 100) {
        for continuation in [false, true] {
          solver.resetContinuation()
          for pO2 in logSpaced(1e-40, 1e5, count: 91) {
            let state = try solver.solve(Conditions(temperature: T, pO2: pO2), continuation: continuation)
            XCTAssertTrue(state.converged, "\(model.name) T=\(T) pO2=\(pO2) residual \(state.residual)")
            XCTAssertLessThanOrEqual(state.residual, 1e-10)
            XCTAssertLessThanOrEqual(equilibriumViolation(model, state), 1e-10, "\(model.name) T=\(T) pO2=\(pO2)")
            XCTAssertTrue(state.concentrations.allSatisfy { $0 >= 0 && $0.isFinite })
          }
        }
      }
    }
  }

  func testColdStartAndContinuationAgree() throws {
    let model = try TestModels.load(TestModels.ceria())
    let cold = EquilibriumSolver(model: model)
    let warm = EquilibriumSolver(model: model)
    for pO2 in logSpaced(1e-30, 1, count: 31) {
      let a = try cold.solve(Conditions(temperature: 1073, pO2: pO2))
      let b = try warm.solve(Conditions(temperature: 1073, pO2: pO2), continuation: true)
      for (x, y) in zip(a.concentrations, b.concentrations) { XCTAssertEqual(x, y, accuracy: 1e-9 * max(x, 1e-300)) }
    }
  }

  /// A cold solve depends on its conditions only: the same bits from a fresh solver as from one that solved
  /// at other temperatures and pressures before (the temperature part of ρ kept between points must follow
  /// a change of T, and nothing else may leak from one point into the next).
  func testAColdSolveDoesNotDependOnThePointsBefore() throws {
    let model = try TestModels.load(TestModels.ceria())
    let used = EquilibriumSolver(model: model)
    let conditions = [(1073.0, 1e-12), (1273.0, 1e-12), (1073.0, 1e-3), (873.0, 1e-25), (1073.0, 1e-12), (1073.0, 0.21)]
    for (T, pO2) in conditions {
      let state = try used.solve(Conditions(temperature: T, pO2: pO2))
      let fresh = try EquilibriumSolver(model: model).solve(Conditions(temperature: T, pO2: pO2))
      XCTAssertTrue(state.converged)
      XCTAssertEqual(state.concentrations.map(\.bitPattern), fresh.concentrations.map(\.bitPattern), "T=\(T) pO2=\(pO2)")
      XCTAssertEqual(state.residual.bitPattern, fresh.residual.bitPattern)
    }
  }

  /// A sweep asks the solver to evaluate J together with the residual check of a continued point; the
  /// slopes from that J must be the very bits of the slopes from J evaluated on its own.
  func testSlopesAreTheSameWithJacobianEvaluatedWithTheResidual() throws {
    let model = try TestModels.load(TestModels.ceria())
    let combined = EquilibriumSolver(model: model), separate = EquilibriumSolver(model: model)
    combined.evaluatesJacobianWithResidual = true
    var a = Sensitivities(withRespectTo: .init(names: [], values: []), temperature: [])
    var b = a
    var continued = 0
    for T in [900.0, 1200] {
      combined.resetContinuation(); separate.resetContinuation()
      for lnP in stride(from: -60.0, through: 5, by: 0.5) {
        let (x, y) = [lnP].withUnsafeBufferPointer {
          (combined.solvePoint(temperature: T, lnPressures: $0, continuation: true),
           separate.solvePoint(temperature: T, lnPressures: $0, continuation: true))
        }
        XCTAssertTrue(x.converged && y.converged)
        XCTAssertEqual(x.residual.bitPattern, y.residual.bitPattern)
        if !x.coldStart { continued += 1 }
        XCTAssertTrue(combined.sensitivities(into: &a, includingTemperature: true))
        XCTAssertTrue(separate.sensitivities(into: &b, includingTemperature: true))
        XCTAssertEqual(a.withRespectTo.values.map(\.bitPattern), b.withRespectTo.values.map(\.bitPattern), "T=\(T) ln p=\(lnP)")
        XCTAssertEqual(a.temperature.map(\.bitPattern), b.temperature.map(\.bitPattern))
      }
    }
    XCTAssertGreaterThan(continued, 200)
  }

  func testInvalidConditionsAreRejected() throws {
    let solver = EquilibriumSolver(model: try TestModels.load(TestModels.ceria()))
    XCTAssertThrowsError(try solver.solve(Conditions(temperature: 0, pO2: 1)))
    XCTAssertThrowsError(try solver.solve(Conditions(temperature: 1000, pO2: -1)))
    XCTAssertThrowsError(try solver.solve(Conditions(temperature: .nan, pO2: 1)))
    XCTAssertThrowsError(try solver.solve(Conditions(temperature: 1000, pressures: [:])))
  }
  func testStatesWithUnderflowingConcentrationsStillSolveFromColdStart() throws {
    // ΔH_red = −20 eV at 300 K: K_red = e^773 overflows a double and [Ce_Ce^x], [h.] fall below 1e-170.
    // The dual Newton cannot use c = e^x there; the hybridsj rescue on ln c must still find the fully
    // reduced limit [Ce_Ce'] = 1 − x, [V_O..] = 1/2, with every equation satisfied.
    let model = try TestModels.load(TestModels.ceria(reductionH: "-20 eV"))
    let solver = EquilibriumSolver(model: model)
    for pO2 in [1e-40, 1.0, 1e5] {
      let s = try solver.solve(Conditions(temperature: 300, pO2: pO2))
      XCTAssertTrue(s.converged, "pO2 = \(pO2): residual \(s.residual)")
      XCTAssertEqual(model.concentration("Ce_Ce'", in: s)!, 0.9, accuracy: 1e-12)
      XCTAssertEqual(model.concentration("V_O..", in: s)!, 0.5, accuracy: 1e-12)
      XCTAssertLessThan(model.concentration("Ce_Ce^x", in: s)!, 1e-150)
    }
  }
}
