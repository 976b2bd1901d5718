import DefectChemistry
import Foundation
import XCTest

/// The hydration-only proton model against its closed form (Kreuer):
/// (K − 4)[OH]² − 6K[OH] + K·S(6 − S) = 0 with K = K_w·pH2O, i.e.
/// [OH] = K·S(6 − S) / (3K + √(K(9K − 6KS + KS² + 24S − 4S²))).
final class HydrationClosedFormTests: XCTestCase {
  static func closedForm(K: Double, S: Double) -> Double {
    K * S * (6 - S) / (3 * K + (K * (9 * K - 6 * K * S + K * S * S + 24 * S - 4 * S * S)).squareRoot())
  }

  func testProtonConcentrationMatchesClosedFormEverywhere() throws {
    let model = try TestModels.load(TestModels.hydration())
    let solver = EquilibriumSolver(model: model)
    let hydration = model.reactions[0]
    for T in stride(from: 300.0, through: 1500, by: 50) {
      for pH2O in logSpaced(1e-6, 1, count: 13) {
        let state = try solver.solve(Conditions(temperature: T, pressures: ["pH2O": pH2O]), continuation: true)
        XCTAssertTrue(state.converged)
        let K = exp(hydration.lnK(at: T)) * pH2O
        let expected = Self.closedForm(K: K, S: 0.1)
        XCTAssertEqual(model.concentration("OH_O.", in: state)!, expected, accuracy: 1e-11 * expected, "T=\(T) pH2O=\(pH2O)")
      }
    }
  }

  func testPublishedKreuerTableForBZY10() throws {
    // literature.md Table P1 [D]: BZY10 with Kreuer's ΔH = −79.5 kJ/mol, ΔS = −88.9 J/(mol K), pH2O = 0.023 atm.
    let model = try TestModels.load(TestModels.hydration())
    let solver = EquilibriumSolver(model: model)
    for (tC, oh) in [(300.0, 0.09926), (500, 0.07146), (600, 0.04773), (800, 0.02117)] {
      let state = try solver.solve(Conditions(temperature: tC + 273.15, pressures: ["pH2O": 0.023]))
      XCTAssertEqual(model.concentration("OH_O.", in: state)!, oh, accuracy: 6e-5, "T=\(tC) °C")
    }
  }

  func testDiluteHydrationScalesAsSquareRootOfWaterPressure() throws {
    let model = try TestModels.load(TestModels.hydration())
    let solver = EquilibriumSolver(model: model)
    _ = try solver.solve(Conditions(temperature: 1500, pressures: ["pH2O": 1e-8]))
    let s = try XCTUnwrap(solver.sensitivities()).withRespectTo["pH2O"]!
    XCTAssertEqual(s[model.speciesIndex("OH_O.")!], 0.5, accuracy: 1e-4)
  }
}
