import DefectChemistry
import Foundation
import XCTest

/// ceo2 (undoped CeO2−δ): the partial molar reduction enthalpy ΔH̄_O(δ) against Bulfin 2016's representation of
/// Panlener's data (Data/reference/ceo2_partial_molar_enthalpy_bulfin2016.csv, [V-sec]/[D]), the uniqueness of the
/// equilibrium with the attractive vacancy excess, the dilute −1/6 law (a prediction, not fitted) and the stated
/// overestimate of δ at large δ.
final class CeO2MaterialTests: XCTestCase {
  let k = PhysicalConstants.boltzmannEV

  func model() throws -> DefectModel { try BuiltinMaterialValidationTests.builtin("ceo2") }

  /// δ = [V_O..] + [(Ce_Ce V_O).] and its exact derivatives d δ/dT|p and d δ/d ln pO2|T at a solved state.
  func delta(_ m: DefectModel, _ solver: EquilibriumSolver, T: Double, pO2: Double) throws -> (d: Double, dT: Double, dp: Double) {
    let s = try solver.solve(Conditions(temperature: T, pO2: pO2))
    XCTAssertTrue(s.converged, "T = \(T), pO2 = \(pO2)")
    let sens = try XCTUnwrap(solver.sensitivities())
    let sp = try XCTUnwrap(sens.withRespectTo["pO2"])
    var d = 0.0, dT = 0.0, dp = 0.0
    for label in ["V_O..", "(Ce_Ce V_O)."] {
      let i = try XCTUnwrap(m.speciesIndex(label))
      let c = s.concentrations[i]
      d += c; dT += c * sens.temperature[i]; dp += c * sp[i]
    }
    XCTAssertEqual(d, try XCTUnwrap(m.nonstoichiometry(of: s.concentrations)), accuracy: 1e-12 + 1e-9 * d)
    return (d, dT, dp)
  }

  /// ΔH̄_O (eV per O) at fixed δ: −k·d(½ ln pO2)/d(1/T)|δ = −½k_BT²·(∂δ/∂T)|p/(∂δ/∂ln pO2)|T, exact slopes, at the pO2
  /// where δ = target (bisection in ln pO2 to 1e-9 relative in δ).
  func partialMolarEnthalpy(_ m: DefectModel, T: Double, delta target: Double) throws -> Double {
    let solver = EquilibriumSolver(model: m)
    var lo = log(1e-40), hi = log(1e5)   // δ(lo) > target > δ(hi)
    var point = try delta(m, solver, T: T, pO2: exp(0.5 * (lo + hi)))
    for _ in 0..<200 {
      let mid = 0.5 * (lo + hi)
      point = try delta(m, solver, T: T, pO2: exp(mid))
      if abs(point.d / target - 1) < 1e-9 { break }
      if point.d > target { lo = mid } else { hi = mid }
    }
    XCTAssertEqual(point.d, target, accuracy: 1e-8 * target)
    return -0.5 * k * T * T * point.dT / point.dp
  }

  func testPartialMolarReductionEnthalpyFallsWithDeltaAsPanlenerBulfin() throws {
    // Physics: 0.10 eV at δ = 0.03–0.25 (model within 0.06 eV), 0.20 eV at δ = 0.01, where Bulfin's log δ form is
    // least reliable (model ≈ 0.15 eV below it). 1473–1573 K: inside the validity box, δ = 0.01…0.25 reachable.
    let m = try model()
    var previous = Double.infinity
    for row in try BuiltinMaterialValidationTests.reference("ceo2_partial_molar_enthalpy_bulfin2016.csv") {
      let d = row["delta"]!, ref = row["dHbar_O_eV"]!
      for T in [1473.0, 1573] {
        let h = try partialMolarEnthalpy(m, T: T, delta: d)
        XCTAssertEqual(h, ref, accuracy: d < 0.02 ? 0.20 : 0.10, "δ = \(d), T = \(T)")
        if T == 1473 { XCTAssertLessThan(h, previous, "ΔH̄_O must fall with δ"); previous = h }
      }
    }
  }

  func testDiluteReductionEnthalpyIsInThePanlenerRange() throws {
    // Physics: ΔH̄_O ≈ 4.7–4.9 eV at small δ (Panlener 1975 [R]; the review's range); the free-defect limit is the
    // file's ΔH_red = 466 kJ/mol = 4.83 eV, lowered by the associates and by W·δ.
    let m = try model()
    for (T, d) in [(1273.0, 1e-3), (1373, 3e-3)] {
      let h = try partialMolarEnthalpy(m, T: T, delta: d)
      XCTAssertGreaterThan(h, 4.65, "δ = \(d)")
      XCTAssertLessThan(h, 4.9, "δ = \(d)")
    }
  }

  func testTheExcessActsOnAllVacanciesAndLeavesTheAssociationConstantAlone() throws {
    // G_ex = ½Wδ²: W_ij equal for every pair of vacancy-carrying species, so the association reaction
    // (V_O.. + Ce_Ce' = assoc) gains V_r = W − W = 0 and the reduction gains W·δ (implementation, exact).
    let m = try model()
    let ws = m.interactions.map(\.energy)
    XCTAssertEqual(m.interactions.count, 4)   // vv, va, av (symmetric), aa
    for w in ws { XCTAssertEqual(w, ws[0], accuracy: 1e-15) }
    XCTAssertLessThan(ws[0], 0, "attractive: ΔH̄_O falls with δ")
  }

  func testEquilibriumIsUniqueOverTheSweepRange() throws {
    // With an attractive excess a spinodal (Θ ≤ 0) would signal a miscibility gap and several solutions; over the
    // built-in sweep range 300–2000 K × 1e-40–1e5 atm Θ = ½ ∂ln pO2/∂ln c_O stays positive (min ≈ 3.6).
    let m = try model()
    let solver = EquilibriumSolver(model: m)
    var smallest = Double.infinity
    for T in stride(from: 300.0, through: 2000, by: 100) {
      for e in stride(from: -40.0, through: 5, by: 1) {
        let s = try solver.solve(Conditions(temperature: T, pO2: pow(10, e)))
        XCTAssertTrue(s.converged)
        let theta = try XCTUnwrap(m.thermodynamicFactor(concentrations: s.concentrations, slopes: XCTUnwrap(solver.sensitivities())))
        smallest = min(smallest, theta)
      }
    }
    XCTAssertGreaterThan(smallest, 1)
  }

  func testDiluteLimitFollowsTheMinusOneSixthLaw() throws {
    // Prediction (not fitted): at δ ≈ 1e-4 (1273 K, 1 atm) free V_O.. and Ce_Ce' dominate and [Ce_Ce'] ∝ pO2^−1/6
    // (physics 0.01; the associates and W·δ are negligible there).
    let m = try model()
    let r = try solvedWithPO2Slopes(m, T: 1273, pO2: 1)
    XCTAssertEqual(r.s[try speciesIndex(m, "Ce_Ce'")], -1.0 / 6, accuracy: 0.01)
  }

  func testDeltaIsOverestimatedAboveATenthAsStated() throws {
    // The documented limitation: W lowers the enthalpy but not the partial entropy, so above δ ≈ 0.1 δ exceeds
    // Bulfin's model (1673 K, 1e-8 atm: Bulfin 0.114 [V-sec], model 0.166). Asserted as 1.2–1.7× so that a change
    // of the file is noticed; the fix (an entropy term) is not in the engine.
    let m = try model()
    let s = try EquilibriumSolver(model: m).solve(Conditions(temperature: 1673, pO2: 1e-8))
    let ratio = try XCTUnwrap(m.nonstoichiometry(of: s.concentrations)) / 0.114
    XCTAssertGreaterThan(ratio, 1.2)
    XCTAssertLessThan(ratio, 1.7)
  }
}
