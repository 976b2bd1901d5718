import DefectChemistry
import Foundation
import XCTest

/// The Mizusaki/Kuhn LSF model: exact identities and the closed form pO2(δ) (Kuhn et al. 2011, eq. 9).
final class LSFModelTests: XCTestCase {
  static func lsf(x: Double) -> String {
    """
    name: lsf-test
    sublattices: {La: 1, Fe: 1, O: 3}
    valence: {Fe: 3}
    species:
      - {label: "La_La^x"}
      - {label: "Sr_La'", fixed: \(x)}
      - {label: "Fe_Fe'"}
      - {label: "Fe_Fe^x"}
      - {label: "Fe_Fe."}
      - {label: "V_O.."}
      - {label: "O_O^x"}
    reactions:
      - {name: oxidation, equation: "1/2 O2(g) + V_O.. + 2 Fe_Fe^x = O_O^x + 2 Fe_Fe.", dH: -95.62 kJ/mol, dS: -54.27 J/(mol K)}
      - {name: disproportionation, equation: "2 Fe_Fe^x = Fe_Fe' + Fe_Fe.", dH: 95.75 kJ/mol, dS: -21.63 J/(mol K)}
    """
  }

  /// Kuhn 2011 eq. 9 generalised to any x (literature.md §3.2).
  static func kuhnPO2(delta d: Double, x: Double, kOx: Double, kI: Double) -> Double {
    let a = -(2 * d - x) * (3 - d).squareRoot() / (kOx.squareRoot() * (2 * d + 1 - x) * d.squareRoot())
    let b = (3 - d) * (2 * d - x) * (2 * d - x) / (kOx * d * (2 * d + 1 - x) * (2 * d + 1 - x))
      + 4 * kI * (3 - d) * (1 + x - 2 * d) / (kOx * d * (2 * d + 1 - x))
    return pow(a + b.squareRoot(), 4) / 16
  }

  func testFeValenceIdentityAndKuhnClosedForm() throws {
    for x in [0.1, 0.4, 0.6] {
      let model = try DefectModel.load(yaml: Self.lsf(x: x), file: "lsf.yaml")
      let solver = EquilibriumSolver(model: model)
      for T in [873.0, 1073, 1273] {
        let kOx = exp(model.reactions[0].lnK(at: T)), kI = exp(model.reactions[1].lnK(at: T))
        for delta in [0.001, 0.01, 0.05, x / 2 - 0.01, x / 2 + 0.01, x / 2 + 0.05] where delta > 0 {
          let p = Self.kuhnPO2(delta: delta, x: x, kOx: kOx, kI: kI)
          guard p > 1e-40 && p < 1e5 else { continue }
          let s = try solver.solve(Conditions(temperature: T, pO2: p))
          XCTAssertTrue(s.converged)
          let d = model.nonstoichiometry(of: s.concentrations)!
          XCTAssertEqual(d, delta, accuracy: 1e-9 * delta, "x=\(x) T=\(T) δ=\(delta)")
          XCTAssertEqual(model.averageValence(of: "Fe", concentrations: s.concentrations)!, 3 + x - 2 * d, accuracy: 1e-12)
        }
      }
    }
  }

  func testHighPO2SlopeOfDeltaIsMinusOneHalfAndPlateauIsHalfX() throws {
    let model = try DefectModel.load(yaml: Self.lsf(x: 0.4), file: "lsf.yaml")
    let solver = EquilibriumSolver(model: model)
    // High pO2 at low T: [Fe.] ≈ x, δ dilute → δ ∝ pO2^-1/2.
    _ = try solver.solve(Conditions(temperature: 700, pO2: 1e3))
    let slopes = try XCTUnwrap(solver.sensitivities()).withRespectTo["pO2"]!
    XCTAssertEqual(slopes[model.speciesIndex("V_O..")!], -0.5, accuracy: 2e-3)
    // Plateau: δ = x/2 (all Fe³⁺) at intermediate pO2.
    let plateau = try solver.solve(Conditions(temperature: 1073, pO2: 1e-12))
    XCTAssertEqual(model.nonstoichiometry(of: plateau.concentrations)!, 0.2, accuracy: 1e-3)
  }
}
