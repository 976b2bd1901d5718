import DefectChemistry
import Foundation
import XCTest

/// `bzy10` (BaZr0.9Y0.1O3−δ) and `bcy10` (BaCe0.9Y0.1O3−δ): the hydration limit, the proton mobility and what
/// the proton part of σ_amb means. Sources and tolerances: Data/reference/README.md (bzy10 rows),
/// docs/materials.md (bzy10/bcy10), docs/theory.md §7.2 and §8.3.
final class BZYMaterialTests: XCTestCase {
  private func model(_ name: String) throws -> DefectModel { try BuiltinMaterialValidationTests.builtin(name) }

  private func state(_ m: DefectModel, T: Double, pO2: Double, pH2O: Double) throws -> (c: [Double], t: TransportProperties) {
    let s = try EquilibriumSolver(model: m).solve(Conditions(temperature: T, pO2: pO2, pH2O: pH2O))
    XCTAssertTrue(s.converged, "T = \(T), pO2 = \(pO2), pH2O = \(pH2O)")
    return (s.concentrations, try XCTUnwrap(TransportProperties(model: m, temperature: T, concentrations: s.concentrations)))
  }

  func testUptakeSaturatesAtSchoberAndBohnsMaximum() throws {
    // Schober & Bohn 2000 [V-abs]: maximum solubility 0.083 (read as OH pfu). Implementation: the limited closed
    // form's saturation value S − 2t; at 200 °C and 0.05 atm [OH] is within 0.5 % of it, never above.
    let m = try model("bzy10")
    let oh = try XCTUnwrap(m.speciesIndex("OH_O.")), v = try XCTUnwrap(m.speciesIndex("V_O.."))
    let cold = try state(m, T: 473.15, pO2: 1e-20, pH2O: 0.05)
    XCTAssertEqual(cold.c[oh], 0.083, accuracy: 0.005 * 0.083)
    XCTAssertLessThan(cold.c[oh], 0.083)
    // δ counts the non-hydratable vacancies: δ = [V_O..] + 0.0085, dry 0.05, saturated → 0.0085
    for (T, pH2O) in [(473.15, 0.05), (873.15, 0.023), (1073.15, 1e-6)] {
      let c = try state(m, T: T, pO2: 1e-20, pH2O: pH2O).c
      XCTAssertEqual(try XCTUnwrap(m.nonstoichiometry(of: c)), c[v] + 0.0085, accuracy: 1e-12, "T = \(T)")
    }
    let dry = try state(m, T: 1073.15, pO2: 1e-20, pH2O: 1e-9).c
    XCTAssertEqual(try XCTUnwrap(m.nonstoichiometry(of: dry)), 0.05, accuracy: 1e-5)
  }

  func testProtonMobilityPredictsLargeGrainBZY20() throws {
    // Prediction (not fitted): the μ_H anchored to the BZY10 film value, applied to BZY20 with full uptake
    // (0.2 Y, no non-hydratable clusters) and Kreuer's hydration (−79.5 kJ/mol, −88.9 J/(mol K), [V-sec]),
    // against ≈ 1e-2 S/cm for large-grain BZY20 at 450 °C (Yamazaki, Hernandez-Sanchez, Haile 2009 [R]).
    // Physics: a factor 2 (model 9.4e-3 S/cm).
    var m = try model("bzy10")
    let kJ = 1e3 / (PhysicalConstants.avogadro * PhysicalConstants.elementaryCharge)   // eV per kJ/mol
    for (name, value) in [("Y_Zr'", 0.2), ("(Y_Zr V_O Y_Zr)^x", 0), ("hydration.dH", -79.5 * kJ),
                          ("hydration.dS", -88.9e-3 * kJ / PhysicalConstants.boltzmannEV)] {
      m = try m.setting(m.parameter(named: name), to: value)
    }
    let sigmaH = try state(m, T: 723.15, pO2: 1e-5, pH2O: 0.03).t.partial[try XCTUnwrap(m.speciesIndex("OH_O."))]
    XCTAssertLessThan(max(sigmaH / 1e-2, 1e-2 / sigmaH), 2, "σ_H = \(sigmaH)")
  }

  func testBCY10ProtonMobilityEqualsBZY10sAt600C() throws {
    // The stated assumption of bcy10.yaml: μ_H(873.15 K) equal to bzy10's (implementation, 1e-3).
    func mobility(_ name: String) throws -> Double {
      let m = try model(name)
      let i = try XCTUnwrap(m.speciesIndex("OH_O."))
      return try XCTUnwrap(m.species[i].mobility).value(at: 873.15)
    }
    XCTAssertEqual(try mobility("bcy10"), try mobility("bzy10"), accuracy: 1e-3 * (try mobility("bzy10")))
    XCTAssertEqual(try mobility("bzy10"), 8.565e-5, accuracy: 0.01e-5, "the value quoted in the files")
  }

  func testAmbipolarConductivityCountsProtonsAsOxygenCarriers() throws {
    // docs/theory.md §8.3: with V_O.., OH_O. and h. at zero current and fixed pH2O, the O2-equivalent flux is
    // −(σ_V + σ_H)σ_h/(4F²σ_t)∇μ_O: σ_amb = σ_ion·σ_el/σ_t already holds σ_H (implementation, 1e-12). In wet air
    // at 600 °C the protons carry almost all of it (review: vacancies alone give ≈ 1/145 of σ_amb).
    let m = try model("bzy10")
    let (v, oh, h) = (m.speciesIndex("V_O..")!, m.speciesIndex("OH_O.")!, m.speciesIndex("h.")!)
    let t = try state(m, T: 873.15, pO2: 0.21, pH2O: 0.02).t
    let expected = (t.partial[v] + t.partial[oh]) * t.partial[h] / t.total
    XCTAssertEqual(t.ambipolar, expected, accuracy: 1e-12 * expected)
    let vacanciesOnly = t.partial[v] * t.partial[h] / t.total
    XCTAssertLessThan(vacanciesOnly, 0.05 * t.ambipolar)
  }
}
