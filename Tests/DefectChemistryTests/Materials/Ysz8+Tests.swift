import DefectChemistry
import Foundation
import XCTest

/// ysz8 (8YSZ): flat σ_ion with the Zhu 2008 activation energy, σ_n ∝ pO2^−1/4 and σ_p ∝ pO2^+1/4, and the
/// electrolytic-domain boundary against its closed form from the file's own constants
/// (Data/reference/README.md, `ysz8_ionic_conductivity_zhu2008.csv`). The electronic constants are recalled
/// placeholders [R]: only slopes, plateaus and closed forms of the file's parameters are asserted for them.
final class Ysz8MaterialTests: XCTestCase {
  let k = PhysicalConstants.boltzmannEV
  // The file's constants: Zhu's σ_ion·T prefactor and energy, the recalled Park & Blumenthal σ_n, σ_p laws.
  let ionicPrefactor = 3.6e5  // S K/cm
  let ionicEnergy = 80.116e3 / 8.3145 * 8.617333262e-5  // eV, with the R of the quoting code
  let electronPrefactor = 1.31e7, electronEnergy = 3.88  // S/cm, eV (σ_n at 1 atm)
  let holePrefactor = 2.35e2, holeEnergy = 1.67

  func transport(_ model: DefectModel, _ solver: EquilibriumSolver, T: Double, pO2: Double) throws -> TransportProperties {
    let s = try solver.solve(Conditions(temperature: T, pO2: pO2))
    XCTAssertTrue(s.converged)
    return try XCTUnwrap(TransportProperties(model: model, temperature: T, concentrations: s.concentrations))
  }

  func testIonicConductivityIsTheZhuLawAndFlatInPO2() throws {
    // Implementation: the vacancy level is pinned by Y (0.08 pfu), so σ_ion is the law itself; 1e-4 covers the
    // vacancies the electrons add (n/2 ≲ 4e-7 pfu, 5e-6 relative, inside 1e-20…1 atm at ≤ 1000 °C) and the
    // 6-digit constants. (At 1e-25 atm and 1000 °C the electrons already raise σ_ion by 1.1e-4.)
    let model = try BuiltinMaterialValidationTests.builtin("ysz8")
    let solver = EquilibriumSolver(model: model)
    let rows = try BuiltinMaterialValidationTests.reference("ysz8_ionic_conductivity_zhu2008.csv")
    XCTAssertEqual(rows.count, 9)
    for row in rows {
      for pO2 in [1e-20, 1e-15, 1e-5, 0.21, 1.0] {
        let t = try transport(model, solver, T: row["T_K"]!, pO2: pO2)
        XCTAssertEqual(t.ionic / row["sigma_ion_S_cm"]!, 1, accuracy: 1e-4, "T = \(row["T_K"]!) pO2 = \(pO2)")
      }
    }
    // Plateau: d ln[V_O..]/d ln pO2 (σ_ion ∝ [V](1 − [V]/2)) vanishes across the electrolytic domain.
    let v = try XCTUnwrap(model.speciesIndex("V_O.."))
    for pO2 in logSpaced(1e-30, 1, count: 7) {
      _ = try solver.solve(Conditions(temperature: 1073.15, pO2: pO2))
      let slope = try XCTUnwrap(solver.sensitivities()).withRespectTo["pO2"]![v]
      XCTAssertEqual(slope, 0, accuracy: 1e-6, "pO2 = \(pO2)")
    }
  }

  func testIonicActivationEnergyIsTheMeasuredOne() throws {
    // E_a = −k d ln(σ_ion T)/d(1/T) over 600–1000 °C: Zhu's 80.116 kJ/mol = 0.8303 eV (implementation, 1e-4 eV),
    // and the 0.84 eV migration energy of 9.4YSZ single crystals above the cluster break-up (J. Am. Ceram.
    // Soc. 72 (1989) 1500 [V-abs]) within 0.03 eV (physics: another Y level, another technique).
    let model = try BuiltinMaterialValidationTests.builtin("ysz8")
    let solver = EquilibriumSolver(model: model)
    for T in stride(from: 873.15, through: 1273.15, by: 100) {
      let h = 2.0
      let lo = try transport(model, solver, T: T - h, pO2: 0.21), hi = try transport(model, solver, T: T + h, pO2: 0.21)
      let ea = -k * (log(hi.ionic * (T + h)) - log(lo.ionic * (T - h))) / (1 / (T + h) - 1 / (T - h))
      XCTAssertEqual(ea, ionicEnergy, accuracy: 1e-4, "T = \(T)")
      XCTAssertEqual(ea, 0.84, accuracy: 0.03)
    }
  }

  func testElectronicSlopesAreMinusAndPlusOneQuarter() throws {
    let model = try BuiltinMaterialValidationTests.builtin("ysz8")
    let solver = EquilibriumSolver(model: model)
    let e = try XCTUnwrap(model.speciesIndex("e'")), hole = try XCTUnwrap(model.speciesIndex("h."))
    for T in [873.15, 1073.15, 1273.15] {
      // exact carrier slopes while n, p ≪ [Y_Zr'] (1e-20…1 atm; near the n boundary at 1000 °C, 1e-30 atm, the
      // electrons add 2e-4 pfu of vacancies and the slopes bend by 3e-4)
      for pO2 in logSpaced(1e-20, 1, count: 5) {
        _ = try solver.solve(Conditions(temperature: T, pO2: pO2))
        let s = try XCTUnwrap(solver.sensitivities()).withRespectTo["pO2"]!
        XCTAssertEqual(s[e], -0.25, accuracy: 1e-5, "e' T = \(T) pO2 = \(pO2)")
        XCTAssertEqual(s[hole], 0.25, accuracy: 1e-5, "h. T = \(T) pO2 = \(pO2)")
      }
      // σ_el by finite differences: n regime 8 decades below the n/p crossing, p regime 8 decades above it (the
      // minority carrier is then 1e-4 of σ_el and bends the slope by 5e-5)
      let crossing = 2 * log10(electronPrefactor / holePrefactor) - 2 * (electronEnergy - holeEnergy) / (k * T * log(10))
      for (logP, expected) in [(crossing - 8, -0.25), (crossing + 8, 0.25)] {
        let d = 0.01
        let lo = try transport(model, solver, T: T, pO2: pow(10, logP - d)), hi = try transport(model, solver, T: T, pO2: pow(10, logP + d))
        let slope = (log(hi.electronic) - log(lo.electronic)) / (2 * d * log(10))
        XCTAssertEqual(slope, expected, accuracy: 5e-4, "T = \(T) log pO2 = \(logP)")
      }
      // and σ_n = σ_p at the crossing (closed form of the file's constants)
      let x = try transport(model, solver, T: T, pO2: pow(10, crossing))
      XCTAssertEqual(x.partial[e] / x.partial[hole], 1, accuracy: 1e-3, "T = \(T)")
    }
  }

  func testElectrolyticDomainBoundaryFollowsTheClosedForm() throws {
    // Prediction of the file (no parameter was fitted to it): t_ion = 0.5 where σ_n = σ_ion, i.e.
    // log10 pO2 = 4·log10(C_n T/C_i) − 4(E_n − E_i)/(kT ln 10): linear in 1/T up to the log T term, slope set by
    // the two activation energies. Found here by bisection on the engine's t_ion; 0.01 in log10 pO2 covers
    // the n/2 ≈ 2e-4 pfu of vacancies the electrons add at the boundary (absent from the closed form).
    let model = try BuiltinMaterialValidationTests.builtin("ysz8")
    let solver = EquilibriumSolver(model: model)
    var points: [(invT: Double, logP: Double)] = []
    for T in stride(from: 873.15, through: 1273.15, by: 50) {
      let closed = 4 * log10(electronPrefactor * T / ionicPrefactor) - 4 * (electronEnergy - ionicEnergy) / (k * T * log(10))
      var lo = closed - 3, hi = closed + 3
      XCTAssertLessThan(try transport(model, solver, T: T, pO2: pow(10, lo)).ionicTransference, 0.5)
      XCTAssertGreaterThan(try transport(model, solver, T: T, pO2: pow(10, hi)).ionicTransference, 0.5)
      for _ in 0..<40 {
        let mid = (lo + hi) / 2
        if try transport(model, solver, T: T, pO2: pow(10, mid)).ionicTransference < 0.5 { lo = mid } else { hi = mid }
      }
      XCTAssertEqual((lo + hi) / 2, closed, accuracy: 0.01, "T = \(T)")
      points.append((1 / T, (lo + hi) / 2))
    }
    // shape: d log10 pO2/d(1/T) between neighbours = −4(E_n − E_i)/(k ln 10) − 4T/ln 10 (the log T term), to 0.3 %
    for (a, b) in zip(points, points.dropFirst()) {
      let slope = (b.logP - a.logP) / (b.invT - a.invT)
      let meanT = 2 / (a.invT + b.invT)
      let expected = -4 * (electronEnergy - ionicEnergy) / (k * log(10)) - 4 * meanT / log(10)
      XCTAssertEqual(slope / expected, 1, accuracy: 3e-3)
    }
  }

  func testHolesNeverCloseTheDomainBelow1e5Atm() throws {
    // σ_p(1e5 atm) < σ_ion/2 at every T up to 2000 K: the p-side boundary lies outside the engine's range.
    let model = try BuiltinMaterialValidationTests.builtin("ysz8")
    let solver = EquilibriumSolver(model: model)
    for T in stride(from: 600.0, through: 2000, by: 200) {
      XCTAssertGreaterThan(try transport(model, solver, T: T, pO2: 1e5).ionicTransference, 0.5, "T = \(T)")
    }
  }
}
