import BuiltinMaterials
import DefectChemistry
import Foundation
import XCTest

/// The transport laws of the built-in materials against `Data/reference/` (sources and tolerances in its
/// README.md): LSF64's vacancy-blocked hole mobility, GDC's Gd–vacancy association, LSCF6428's surface
/// exchange, and bounded conductivities under strong reduction.
final class TransportLawValidationTests: XCTestCase {
  static func builtin(_ name: String) throws -> DefectModel { try BuiltinMaterialValidationTests.builtin(name) }
  static func reference(_ name: String) throws -> [[String: Double]] { try BuiltinMaterialValidationTests.reference(name) }

  func sigma(_ model: DefectModel, T: Double, pO2: Double) throws -> TransportProperties {
    let s = try EquilibriumSolver(model: model).solve(Conditions(temperature: T, pO2: pO2))
    XCTAssertTrue(s.converged)
    return try XCTUnwrap(TransportProperties(model: model, temperature: T, concentrations: s.concentrations))
  }

  /// Reproduces the two-point calibration in lsf64.yaml / lsf.yaml: σ_h ∝ [Fe.](1 − [Fe.])(1 − δ/3)^n with
  /// n and A from Song 2020's 191 S/cm (air) and 114 S/cm (0.01 atm) at 800 °C.
  func testLSF64MobilityCalibration() throws {
    let song = try Self.reference("lsf64_conductivity_song2020.csv")
    for name in ["lsf64", "lsf"] {
      let model = try Self.builtin(name)
      let h = model.speciesIndex("Fe_Fe.")!, v = model.speciesIndex("V_O..")!
      let T = song[0]["T_K"]!
      var states: [[Double]] = []
      for row in song {
        states.append(try EquilibriumSolver(model: model).solve(Conditions(temperature: T, pO2: row["pO2_atm"]!)).concentrations)
      }
      // physics: air within 1 % (calibration), 0.01 atm within 10 % of 114 S/cm
      let air = try sigma(model, T: T, pO2: song[0]["pO2_atm"]!).total
      let low = try sigma(model, T: T, pO2: song[1]["pO2_atm"]!).total
      XCTAssertEqual(air, song[0]["sigma_S_cm"]!, accuracy: 0.01 * song[0]["sigma_S_cm"]!, name)
      XCTAssertEqual(low, song[1]["sigma_S_cm"]!, accuracy: 0.10 * song[1]["sigma_S_cm"]!, name)
      // reproducibility of the file's exponent: n from the hole terms alone (other carriers < 0.01 %)
      let site = states.map { $0[h] * (1 - $0[h]) }, free = states.map { 1 - $0[v] / 3 }
      let n = log((song[1]["sigma_S_cm"]! / song[0]["sigma_S_cm"]!) * site[0] / site[1]) / log(free[1] / free[0])
      let blocking = try XCTUnwrap(model.species[h].mobilityModifiers.blocking.first)
      XCTAssertEqual(n, 31.95, accuracy: 0.01, name)
      XCTAssertEqual(blocking.exponent, n.rounded(), name)
      XCTAssertTrue(model.species[h].mobilityModifiers.siteExclusion)
    }
  }

  /// Zhang, Hing, Huang, Kilner 2002 [V-abs]: lattice σ_ion nearly independent of Gd for 0.05 ≤ x ≤ 0.2,
  /// lower above 0.2. Physics tolerance ±30 % (the issue's criterion), over 400–900 °C in air — except x = 0.05
  /// above 700 °C: with E_b = 0.35 eV (set by the measured Arrhenius bend) the pairs dissociate there and σ follows
  /// the vacancy count, 0.73 (800 °C) and 0.67 (900 °C) of x = 0.2; asserted as > 0.6 and falling with T.
  func testGDCLatticeConductivityIsNearlyIndependentOfTheGdLevel() throws {
    let base = try Self.builtin("gdc10")
    let gd = try base.parameter(named: "Gd_Ce'")
    guard case .total = gd else { return XCTFail("Gd_Ce' should name the Gd total (free + associated)") }
    for T in [673.15, 773.15, 873.15, 973.15, 1073.15, 1173.15] {
      var values: [Double: Double] = [:]
      for x in [0.05, 0.1, 0.15, 0.2, 0.3] {
        values[x] = try sigma(try base.setting(gd, to: x), T: T, pO2: 0.21).ionic
      }
      for x in [0.05, 0.1, 0.15] where x > 0.05 || T < 1000 {
        XCTAssertEqual(values[x]! / values[0.2]!, 1, accuracy: 0.30, "x = \(x), T = \(T)")
      }
      if T > 1000 {
        XCTAssertGreaterThan(values[0.05]! / values[0.2]!, 0.6, "x = 0.05, T = \(T)")
        XCTAssertLessThan(values[0.05]! / values[0.2]!, 0.8, "x = 0.05, T = \(T): dissociated, σ follows [V_O..]")
      }
      XCTAssertLessThan(values[0.3]!, values[0.2]!, "T = \(T)")
      // the two files agree with the --set route (gdc20 = gdc10 with the Gd total set to 0.2, up to density)
      let gdc20 = try sigma(try Self.builtin("gdc20"), T: T, pO2: 0.21).ionic
      XCTAssertEqual(gdc20 / values[0.2]!, 2.508 / 2.515, accuracy: 1e-9)
    }
  }

  /// Association bends the Arrhenius plot: the apparent activation energy of σ_ion·T is higher at low T.
  func testGDCArrheniusPlotBendsAtLowTemperature() throws {
    for name in ["gdc10", "gdc20"] {
      let model = try Self.builtin(name)
      func ea(_ t1: Double, _ t2: Double) throws -> Double {
        let s1 = try sigma(model, T: t1, pO2: 0.21).ionic * t1, s2 = try sigma(model, T: t2, pO2: 0.21).ionic * t2
        return -PhysicalConstants.boltzmannEV * log(s2 / s1) / (1 / t2 - 1 / t1)
      }
      // direction only (the measured value is asserted in GDC+Tests.swift): E_a falls monotonically with T
      let coldest = try ea(573.15, 673.15), cold = try ea(673.15, 773.15), hot = try ea(1073.15, 1173.15)
      XCTAssertGreaterThan(coldest, cold, name)
      XCTAssertGreaterThan(cold, hot, name)
      XCTAssertGreaterThan(coldest - hot, 0.10, "\(name): E_a \(coldest) eV (300–400 °C) vs \(hot) eV (800–900 °C)")
    }
  }

  /// Wang 1998 [V-abs]: GDC10 x ∝ pO2^(−1/4.6) at 700 °C. With association the model's slope bends from −1/4
  /// as x grows; over 1e-24…1e-20 atm (x ≈ 0.011…0.0013 in this model, the low end of Wang's 700 °C range)
  /// the secant slope is within 0.02 of −1/4.6 (physics), the ideal model's was −0.243.
  func testGDC10SlopeAt700CWithAssociation() throws {
    let model = try Self.builtin("gdc10")
    let row = try XCTUnwrap(try Self.reference("gdc_nonstoichiometry_slopes_wang.csv").first { $0["T_K_min"] == 973 })
    let solver = EquilibriumSolver(model: model)
    func delta(_ p: Double) throws -> Double {
      try XCTUnwrap(model.nonstoichiometry(of: solver.solve(Conditions(temperature: 973.15, pO2: p)).concentrations))
    }
    let secant = log(try delta(1e-20) / delta(1e-24)) / log(1e4)
    XCTAssertEqual(secant, row["dlnx_dlnpO2"]!, accuracy: 0.02)
  }

  /// Xu & Thomson's mixed-control flux: 3.0e-8 mol cm⁻² s⁻¹ at 800 °C, 1 mm, 0.21 → 1e-3 atm (their model
  /// with their constants gives 3.01e-8). Physics: within a factor 1.5. Reads lscf6428.yaml as it is (its
  /// δ thermodynamics may be refitted); the bulk-only flux stays about 4× higher.
  func testLSCF6428MixedControlFluxAgainstXuAndThomson() throws {
    let model = try Self.builtin("lscf6428")
    let exchange = try XCTUnwrap(model.surfaceExchange)
    let row = try XCTUnwrap(try Self.reference("lscf6428_permeation_xu_thomson1999.csv").first)
    let m = try WagnerPermeation(model: model).mixedFlux(temperature: row["T_K"]!, feed: row["feed_pO2_atm"]!,
                                                         permeate: row["permeate_pO2_atm"]!, thickness: row["thickness_cm"]!,
                                                         exchange: exchange)
    let xuThomson = row["J_O2_mol_cm2_s"]!
    XCTAssertLessThan(max(m.molar / xuThomson, xuThomson / m.molar), 1.5, "mixed \(m.molar)")
    XCTAssertGreaterThan(m.bulkMolar, 2 * m.molar, "surface exchange should limit this 1 mm membrane")
  }

  /// LSCF6428's electronic conductivity against pO2 relative to air (Bouwmeester's fit, [V-sec]): site exclusion
  /// and vacancy blocking (1 − δ/3)^7 follow it within 5 % over 0.01–1 atm. A calibration, not a validation: the
  /// exponent 7 was fitted to these six ratios (one parameter, all within 3.8 %).
  func testLSCF6428ElectronicConductivityFollowsBouwmeesterWithVacancyBlocking() throws {
    let model = try Self.builtin("lscf6428")
    let rows = try Self.reference("lscf6428_conductivity_bouwmeester.csv")
    let T = rows[0]["T_K"]!
    let air = try sigma(model, T: T, pO2: 0.21).electronic
    for row in rows {
      let ratio = try sigma(model, T: T, pO2: row["pO2_atm"]!).electronic / air
      XCTAssertEqual(ratio / row["sigma_el_relative_to_air"]!, 1, accuracy: 0.05, "pO2 = \(row["pO2_atm"]!)")
    }
  }

  /// σ of every built-in stays bounded as δ grows: every lattice carrier with a hopping mobility excludes its
  /// own site (or is blocked by a sum that contains itself, as pco10's Pr impurity band: (1 − y_b) ≤ 1 − y_k),
  /// so σ_k ≤ |z|·e·N·μ_k·s_k/4, and along a reduction to 1e-40 atm at 1273 and 1673 K no partial
  /// conductivity exceeds that bound (implementation, 1e-12).
  func testConductivityOfEveryBuiltinStaysBoundedUnderStrongReduction() throws {
    for name in BuiltinMaterials.names {
      let model = try Self.builtin(name)
      guard let density = model.formulaUnitDensity else { continue }
      for k in model.mobileSpecies where !model.species[k].label.isBandCarrier {
        let m = model.species[k].mobilityModifiers
        let selfBlocked = m.blocking.contains { b in b.exponent >= 1 && b.terms.contains { $0.species == k && $0.weight >= 1 } }
        XCTAssertTrue(m.siteExclusion || selfBlocked, "\(name): \(model.species[k].name) without site exclusion")
      }
      let solver = EquilibriumSolver(model: model)
      for T in [1273.0, 1673] {
        solver.resetContinuation()
        for pO2 in logSpaced(1, 1e-40, count: 81) {
          var p = ["pO2": pO2]
          if model.pressureNames.contains("pH2O") { p["pH2O"] = 0.03 }
          let s = try solver.solve(Conditions(temperature: T, pressures: p), continuation: true)
          XCTAssertTrue(s.converged)
          let t = try XCTUnwrap(TransportProperties(model: model, temperature: T, concentrations: s.concentrations))
          for k in model.mobileSpecies where !model.species[k].label.isBandCarrier {
            let bound = Double(abs(model.species[k].charge)) * PhysicalConstants.elementaryCharge * density
              * model.species[k].mobility!.value(at: T) * model.siteCount(of: k)! / 4
            XCTAssertLessThanOrEqual(t.partial[k], bound * (1 + 1e-12), "\(name) \(model.species[k].name) T=\(T) pO2=\(pO2)")
          }
        }
      }
    }
    // ceria reduced past half filling of Ce sites: σ of the Ce' polarons passes its maximum and falls
    let ceo2 = try Self.builtin("ceo2")
    let ce = ceo2.speciesIndex("Ce_Ce'")!
    let solver = EquilibriumSolver(model: ceo2)
    var previous = 0.0, fell = false
    for pO2 in logSpaced(1e-10, 1e-40, count: 61) {
      let s = try solver.solve(Conditions(temperature: 1773, pO2: pO2), continuation: true)
      let sigmaCe = try XCTUnwrap(TransportProperties(model: ceo2, temperature: 1773, concentrations: s.concentrations)).partial[ce]
      if s.concentrations[ce] > 0.5 && sigmaCe < previous { fell = true }
      previous = sigmaCe
    }
    XCTAssertTrue(fell, "σ(Ce_Ce') should fall once [Ce_Ce'] > ½")
  }
}
