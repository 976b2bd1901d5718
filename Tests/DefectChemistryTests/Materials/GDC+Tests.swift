import DefectChemistry
import Foundation
import XCTest

/// `gdc10`, `gdc20` (Ce1−xGdxO2−x/2−δ): the Gd–vacancy association Gd_Ce' + V_O.. = (Gd_Ce V_O)., with
/// E_b = 0.35 eV and ΔS = 0 in both files, bends the Arrhenius plot of σ_ion. Derivation: docs/theory.md §8.6;
/// sources and numbers: the association entry of the material files and docs/materials.md (gdc10/gdc20).
final class GDCMaterialTests: XCTestCase {
  private func model(_ name: String) throws -> DefectModel { try BuiltinMaterialValidationTests.builtin(name) }

  /// σ_ion·T of `m` in air at T (S K/cm) and its state.
  private func sigmaT(_ m: DefectModel, _ T: Double) throws -> (value: Double, c: [Double]) {
    let s = try EquilibriumSolver(model: m).solve(Conditions(temperature: T, pO2: 0.21))
    XCTAssertTrue(s.converged, "T = \(T)")
    let t = try XCTUnwrap(TransportProperties(model: m, temperature: T, concentrations: s.concentrations))
    return (t.ionic * T, s.concentrations)
  }

  /// Apparent E_a = −k_B d ln(σT)/d(1/T) at T, from a ±1 K secant (eV).
  private func activation(_ m: DefectModel, at T: Double) throws -> Double {
    let lo = try sigmaT(m, T - 1).value, hi = try sigmaT(m, T + 1).value
    return -PhysicalConstants.boltzmannEV * log(hi / lo) / (1 / (T + 1) - 1 / (T - 1))
  }

  /// Bend E_a(350 °C) − E_a(850 °C) of σ_ion in air (eV).
  private func bend(_ m: DefectModel) throws -> Double {
    try activation(m, at: 623.15) - activation(m, at: 1123.15)
  }

  func testArrheniusBendAgainstTheMeasuredValue() throws {
    // Physics: the bend measured for GDC10 (E_a ≈ 0.9 eV below ≈ 400 °C, 0.6–0.8 eV above ≈ 500 °C; 0.1–0.2 eV,
    // Steele 2000 [R], Data/reference) — the value E_b was derived from (model 0.147 eV), tolerance: that range.
    let row = try XCTUnwrap(try BuiltinMaterialValidationTests.reference("gdc_activation_bend_steele2000.csv").first)
    let m = try model("gdc10")
    let b = try activation(m, at: row["T_low_K"]!) - activation(m, at: row["T_high_K"]!)
    XCTAssertGreaterThan(b, row["bend_min_eV"]!)
    XCTAssertLessThan(b, row["bend_max_eV"]!)
    XCTAssertEqual(b, 0.147, accuracy: 0.003, "implementation: the value quoted in gdc10.yaml and docs")
  }

  func testGDC20BendIsAPrediction() throws {
    // Prediction (E_b was derived from GDC10's bend only): GDC20, with twice the Gd, keeps more pairs bound at
    // 850 °C, so its bend is smaller (model 0.12 eV) but still inside the measured 0.1–0.2 eV [R] (physics).
    let b20 = try bend(try model("gdc20")), b10 = try bend(try model("gdc10"))
    XCTAssertGreaterThan(b20, 0.10)
    XCTAssertLessThan(b20, b10)
  }

  func testActivationEnergyFollowsTheAssociationClosedForm() throws {
    // docs/theory.md §8.6 [D]: with Gd in excess (two Gd per vacancy), α = free/all vacancies solves
    // 1 − α = κα(1 + α), κ = K·G/4, and E_a = E_m + E_b·(1 − α²)/(1 + 2α − α²) (+ a site-exclusion term of at
    // most 3.3 meV). Implementation: 5 meV, at 300–900 °C, for both files and a third Gd level.
    for (name, level) in [("gdc10", 0.10), ("gdc20", 0.20), ("gdc10", 0.05)] {
      var m = try model(name)
      m = try m.setting(m.parameter(named: "Gd_Ce'"), to: level)
      let assoc = try XCTUnwrap(m.reactions.first { $0.name == "association" })
      let eb = -assoc.enthalpy
      let v = try XCTUnwrap(m.speciesIndex("V_O.."))
      guard case .hopping(_, let em) = try XCTUnwrap(m.species[v].mobility) else { return XCTFail("hopping law") }
      for T in [573.15, 773.15, 973.15, 1173.15] {
        let alpha = try sigmaT(m, T).c[v] / (level / 2)
        // α from the closed form agrees with the solver (no electrons in air at these T)
        let kappa = exp(assoc.lnK(at: T)) * level / 4
        let closedAlpha = (-(1 + kappa) + ((1 + kappa) * (1 + kappa) + 4 * kappa).squareRoot()) / (2 * kappa)
        XCTAssertEqual(alpha, closedAlpha, accuracy: 1e-3 * closedAlpha, "\(name) x=\(level) T=\(T)")
        let expected = em + eb * (1 - alpha * alpha) / (1 + 2 * alpha - alpha * alpha)
        XCTAssertEqual(try activation(m, at: T), expected, accuracy: 0.005, "\(name) x=\(level) T=\(T)")
      }
    }
  }

  func testBothFilesShareTheAssociationAndTheFreeVacancyLaw() throws {
    let a = try model("gdc10"), b = try model("gdc20")
    let ra = try XCTUnwrap(a.reactions.first { $0.name == "association" }), rb = try XCTUnwrap(b.reactions.first { $0.name == "association" })
    XCTAssertEqual(ra.enthalpy, -0.35, accuracy: 1e-12)
    XCTAssertEqual(ra.entropy, 0, accuracy: 1e-12, "ΔS = 0: the stated choice")
    XCTAssertEqual(rb.enthalpy, ra.enthalpy)
    XCTAssertEqual(rb.entropy, ra.entropy)
    let va = a.species[a.speciesIndex("V_O..")!].mobility, vb = b.species[b.speciesIndex("V_O..")!].mobility
    XCTAssertEqual(va, vb)
  }

  func testAbsoluteConductivityOfGDC10IsOfTheRecalledOrder() throws {
    // Prediction against recalled values only (Steele 2000 [R]: CGO10 ≈ 0.01 S/cm at 500 °C, ≈ 0.1 S/cm at
    // 800 °C; the model is anchored to GDC20's Wang 2000 law): physics, a factor 2 (model 0.0059, 0.079).
    let m = try model("gdc10")
    for (T, recalled) in [(773.15, 0.01), (1073.15, 0.1)] {
      let sigma = try sigmaT(m, T).value / T
      XCTAssertLessThan(max(sigma / recalled, recalled / sigma), 2, "T = \(T)")
    }
  }
}
