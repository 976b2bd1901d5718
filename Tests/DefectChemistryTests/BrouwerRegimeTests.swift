import DefectChemistry
import Foundation
import XCTest

/// The analytic Brouwer slopes, from the exact (implicit-function) sensitivities.
final class BrouwerRegimeTests: XCTestCase {
  private func slope(_ model: DefectModel, _ label: String, T: Double, pO2: Double) throws -> (Double, EquilibriumState) {
    let solver = EquilibriumSolver(model: model)
    let state = try solver.solve(Conditions(temperature: T, pO2: pO2))
    XCTAssertTrue(state.converged, "did not converge at T=\(T) pO2=\(pO2)")
    let s = try XCTUnwrap(solver.sensitivities())
    return (s.withRespectTo["pO2"]![model.speciesIndex(label)!], state)
  }

  func testExtrinsicElectronsScaleAsMinusQuarterPower() throws {
    let model = try TestModels.load(TestModels.ceria())
    // Dilute electrons ([Ce'] ~ 1e-8 ≪ [Gd] = 0.1), holes ≪ electrons: [V_O..] = x/2 fixed → n ∝ pO2^-1/4,
    // and the minority holes, p = K/n, ∝ pO2^+1/4.
    let (s, state) = try slope(model, "Ce_Ce'", T: 600, pO2: 1e-22)
    let n = model.concentration("Ce_Ce'", in: state)!, p = model.concentration("h.", in: state)!
    XCTAssertLessThan(n, 1e-7)
    XCTAssertLessThan(p, 1e-6 * n)
    XCTAssertEqual(s, -0.25, accuracy: 1e-6)
    XCTAssertEqual(try slope(model, "h.", T: 600, pO2: 1e-22).0, 0.25, accuracy: 1e-6)
  }

  func testIntrinsicReductionScalesAsMinusSixthPower() throws {
    let model = try TestModels.load(TestModels.undopedCeria)
    // Undoped: 2[V_O..] = [Ce'] dominant and dilute → both ∝ pO2^-1/6.
    let (sn, state) = try slope(model, "Ce_Ce'", T: 700, pO2: 1e-12)
    let n = model.concentration("Ce_Ce'", in: state)!
    XCTAssertLessThan(n, 1e-6)
    XCTAssertLessThan(model.concentration("h.", in: state)!, 1e-6 * n)
    XCTAssertEqual(sn, -1.0 / 6.0, accuracy: 1e-6)
    XCTAssertEqual(try slope(model, "V_O..", T: 700, pO2: 1e-12).0, -1.0 / 6.0, accuracy: 1e-6)
  }

  func testHolesInAcceptorDopedCeriaScaleAsPlusQuarterPower() throws {
    let model = try TestModels.load(TestModels.ceria())
    // High pO2: p ≫ n, [V] = x/2 fixed → p ∝ pO2^+1/4.
    let (s, state) = try slope(model, "h.", T: 1000, pO2: 1e4)
    XCTAssertGreaterThan(model.concentration("h.", in: state)!, 10 * model.concentration("Ce_Ce'", in: state)!)
    XCTAssertEqual(s, 0.25, accuracy: 1e-6)
  }

  func testHeavilyReducedDopedCeriaReturnsToMinusSixth() throws {
    // n ≫ [Gd']: 2[V] ≈ n again (the acceptor no longer matters). Slope −1/6 up to O([Gd']/n).
    let model = try TestModels.load(TestModels.ceria(dopant: 1e-10, reductionH: "466 kJ/mol", reductionS: "137.0 J/(mol K)"))
    let (s, state) = try slope(model, "Ce_Ce'", T: 700, pO2: 1e-20)
    let n = model.concentration("Ce_Ce'", in: state)!
    XCTAssertGreaterThan(n, 1e4 * 1e-10)
    XCTAssertLessThan(n, 1e-4)
    XCTAssertEqual(s, -1.0 / 6.0, accuracy: 1e-4)
  }
}
