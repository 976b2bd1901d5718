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

  /// Limited uptake: t pfu of the vacancies sit in a fixed neutral cluster (Y_Zr V_O Y_Zr)^x that does not
  /// hydrate. With S' = S − 2t free acceptors, [V_O..] = (S' − x)/2 and [O_O^x] = N' − [V_O..] − x with
  /// N' = 3 − t O sites left, K = x²/([V_O..][O_O^x]) gives (K − 4)x² − 2N'K·x + K·S'(2N' − S') = 0, i.e.
  /// x = K·S'(2N' − S') / (N'K + √(N'²K² − (K − 4)K·S'(2N' − S'))); for t = 0 this is `closedForm`, and
  /// x → S' as K → ∞: the maximum uptake is S', not S (docs/theory.md §7.2).
  static func limitedClosedForm(K: Double, S: Double, trapped t: Double) -> Double {
    let s = S - 2 * t, n = 3 - t, b = s * (2 * n - s)
    return K * b / (n * K + (n * n * K * K - (K - 4) * K * b).squareRoot())
  }

  func testLimitedUptakeMatchesItsClosedForm() throws {
    let trapped = 0.0085
    let model = try TestModels.load(TestModels.limitedHydration(trapped: trapped))
    let solver = EquilibriumSolver(model: model)
    let hydration = model.reactions[0]
    XCTAssertEqual(Self.limitedClosedForm(K: 2.5, S: 0.1, trapped: 0), Self.closedForm(K: 2.5, S: 0.1), accuracy: 1e-15)
    for T in stride(from: 300.0, through: 1500, by: 100) {
      for pH2O in logSpaced(1e-6, 1, count: 7) {
        let state = try solver.solve(Conditions(temperature: T, pressures: ["pH2O": pH2O]), continuation: true)
        XCTAssertTrue(state.converged)
        let K = exp(hydration.lnK(at: T)) * pH2O
        let expected = Self.limitedClosedForm(K: K, S: 0.1, trapped: trapped)
        XCTAssertEqual(model.concentration("OH_O.", in: state)!, expected, accuracy: 1e-11 * expected, "T=\(T) pH2O=\(pH2O)")
      }
    }
    // saturation: at 300 K and 1 atm water the uptake approaches S − 2t = 0.083, not 0.1
    let cold = try solver.solve(Conditions(temperature: 300, pressures: ["pH2O": 1]))
    XCTAssertEqual(model.concentration("OH_O.", in: cold)!, 0.083, accuracy: 1e-5)
  }
}
