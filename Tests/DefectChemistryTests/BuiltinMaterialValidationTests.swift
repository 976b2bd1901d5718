import BuiltinMaterials
import DefectChemistry
import Foundation
import SwiftCSV
import XCTest

/// The built-in materials against published data in `Data/reference/` (sources and tolerances in its
/// README.md), and their convergence over the whole advertised range.
final class BuiltinMaterialValidationTests: XCTestCase {
  static let referenceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Data/reference")

  /// Rows of a reference CSV as numbers by column name.
  static func reference(_ name: String) throws -> [[String: Double]] {
    let csv = try CSV<Named>(url: referenceDirectory.appendingPathComponent(name))
    return csv.rows.map { row in row.compactMapValues { Double($0) } }
  }

  static func builtin(_ name: String) throws -> DefectModel {
    let text = try XCTUnwrap(BuiltinMaterials.yaml(named: name), "no built-in \(name)")
    return try DefectModel.load(yaml: text, file: name + ".yaml")
  }

  func testAtLeastTheSevenNamedMaterialsShip() {
    let names = Set(BuiltinMaterials.names)
    for n in ["ceo2", "gdc10", "gdc20", "lsf64", "lsf", "lscf6428", "bzy10", "bcy10",
              "ysz8", "sdc15", "stf1", "sto", "pco10", "lsc64", "bczyyb", "lno"] { XCTAssertTrue(names.contains(n), n) }
  }

  func testEveryBuiltinConvergesOverTheWholeRange() throws {
    for name in BuiltinMaterials.names {
      let model = try Self.builtin(name)
      let solver = EquilibriumSolver(model: model)
      // issue 3 asks for 600–1400 K × 1e-30–1 atm (× pH2O 1e-4–0.1); the engine's range is wider:
      // 300–2000 K × 1e-40–1e5 atm (× pH2O 1e-6–1), every 4th point cold
      let waters: [Double?] = model.pressureNames.contains("pH2O") ? logSpaced(1e-6, 1, count: 7) : [nil]
      var worst = 0.0
      for T in stride(from: 300.0, through: 2000, by: 50) {
        for water in waters {
          solver.resetContinuation()
          for (k, pO2) in logSpaced(1e-40, 1e5, count: 91).enumerated() {
            if k % 4 == 0 { solver.resetContinuation() }
            var p = ["pO2": pO2]
            if let water { p["pH2O"] = water }
            let s = try solver.solve(Conditions(temperature: T, pressures: p), continuation: true)
            XCTAssertTrue(s.converged, "\(name) T=\(T) pO2=\(pO2) pH2O=\(String(describing: water))")
            worst = max(worst, equilibriumViolation(model, s))
          }
        }
      }
      XCTAssertLessThanOrEqual(worst, 1e-10, name)
    }
  }

  func testLSF64NonstoichiometryReproducesKuhn2011() throws {
    // Implementation check: Kuhn's closed form with the file's parameters (tolerance 1e-6 relative).
    for name in ["lsf64", "lsf"] {
      let model = try Self.builtin(name)
      let solver = EquilibriumSolver(model: model)
      for row in try Self.reference("lsf64_delta_kuhn2011.csv") {
        let s = try solver.solve(Conditions(temperature: row["T_K"]!, pO2: pow(10, row["log10_pO2_bar"]!)))
        XCTAssertEqual(model.nonstoichiometry(of: s.concentrations)!, row["delta"]!, accuracy: 1e-6 * row["delta"]!, "\(name) \(row)")
        // Fe valence identity 3 + x − 2δ
        let d = model.nonstoichiometry(of: s.concentrations)!
        XCTAssertEqual(model.averageValence(of: "Fe", concentrations: s.concentrations)!, 3.4 - 2 * d, accuracy: 1e-12)
      }
    }
  }

  func testCeriaNonstoichiometryAgainstPanlenerData() throws {
    // Physics: ±10 % (the precision of Ackermann's representation of Panlener's data) over 1e-5…1 atm at
    // 1673/1773 K, with the polaron–vacancy associate and the attractive vacancy excess; the local slope
    // d ln δ/d ln pO2 within 0.035 of Ackermann's power law at that T (−0.2105, −0.2231: the data's own slope).
    // The ideal branches are −1/6 and −1/4; the attraction W·δ steepens the model beyond −1/4 at 1773 K, 1e-5 atm
    // (−0.253), as the measured isotherms steepen at larger δ.
    let model = try Self.builtin("ceo2")
    let solver = EquilibriumSolver(model: model)
    let rows = try Self.reference("ceo2_delta_panlener_ackermann2014.csv")
    var exponent: [Double: Double] = [:]
    for T in Set(rows.map { $0["T_K"]! }) {
      let at = rows.filter { $0["T_K"]! == T }.sorted { $0["pO2_atm"]! < $1["pO2_atm"]! }
      exponent[T] = log(at.last!["delta"]! / at.first!["delta"]!) / log(at.last!["pO2_atm"]! / at.first!["pO2_atm"]!)
    }
    for row in rows {
      let p = row["pO2_atm"]!
      let s = try solver.solve(Conditions(temperature: row["T_K"]!, pO2: p))
      XCTAssertTrue(s.converged)
      let ratio = model.nonstoichiometry(of: s.concentrations)! / row["delta"]!
      XCTAssertEqual(ratio, 1, accuracy: 0.10, "\(row)")
      let slope = try XCTUnwrap(model.oxygenContentSlope(concentrations: s.concentrations, slopes: XCTUnwrap(solver.sensitivities())))
      // With the O content c_O = 2 − δ: d ln δ/d ln pO2 = −(2 − δ)/δ · d ln c_O/d ln pO2.
      let delta = model.nonstoichiometry(of: s.concentrations)!
      let deltaSlope = -(2 - delta) / delta * slope
      XCTAssertLessThan(deltaSlope, -1.0 / 6 - 0.01, "\(row)")
      XCTAssertEqual(deltaSlope, exponent[row["T_K"]!]!, accuracy: 0.035, "\(row)")
    }
  }

  func testProtonConductorHydrationAgainstClosedForm() throws {
    // bzy10: Schober & Bohn's constants with their maximum uptake 0.083 (the limited closed form); bcy10: full uptake
    for (name, file) in [("bzy10", "bzy10_hydration_schober_bohn2000.csv"), ("bcy10", "bcy10_hydration_lim2017.csv")] {
      let model = try Self.builtin(name)
      let solver = EquilibriumSolver(model: model)
      for row in try Self.reference(file) {
        // holes (∝ pO2^1/4) negligible at very low pO2, where the closed form (hydration only) is exact
        let T = row["T_K"] ?? row["T_C"]! + 273.15
        let s = try solver.solve(Conditions(temperature: T, pressures: ["pO2": 1e-30, "pH2O": row["pH2O_atm"]!]))
        XCTAssertEqual(model.concentration("OH_O.", in: s)!, row["OH_pfu"]!, accuracy: 1e-6 * row["OH_pfu"]!, "\(name) \(row)")
      }
    }
  }

  func testLSCFNonstoichiometryWithinItsFitQuality() throws {
    // Physics (a fit, not an independent check): rms ≤ 0.14 in ln δ with one vacancy excess ½Wδ² and Kuhn's
    // LSF64 disproportionation (0.127); the ideal model reached only 0.171.
    let model = try Self.builtin("lscf6428")
    XCTAssertTrue(model.isNonIdeal)
    let solver = EquilibriumSolver(model: model)
    var sumSquares = 0.0
    let rows = try Self.reference("lscf6428_delta_bouwmeester.csv")
    for row in rows {
      let s = try solver.solve(Conditions(temperature: row["T_K"]!, pO2: pow(10, row["log10_pO2_atm"]!)))
      sumSquares += pow(log(model.nonstoichiometry(of: s.concentrations)! / row["delta"]!), 2)
    }
    XCTAssertLessThanOrEqual((sumSquares / Double(rows.count)).squareRoot(), 0.14)
  }

  func testConductivityAnchors() throws {
    // LSF64 at 800 °C: 191 S/cm in air (the calibration point), lower at 0.01 atm (Song 2020).
    let lsf = try Self.builtin("lsf64")
    let song = try Self.reference("lsf64_conductivity_song2020.csv")
    let solver = EquilibriumSolver(model: lsf)
    var sigma: [Double] = []
    for row in song {
      let s = try solver.solve(Conditions(temperature: row["T_K"]!, pO2: row["pO2_atm"]!))
      sigma.append(try XCTUnwrap(TransportProperties(model: lsf, temperature: row["T_K"]!, concentrations: s.concentrations)).total)
    }
    XCTAssertEqual(sigma[0], song[0]["sigma_S_cm"]!, accuracy: 0.005 * song[0]["sigma_S_cm"]!)
    // 0.01 atm: reproduced by the vacancy-blocking hole mobility of lsf64.yaml (physics 10 %; its exponent is
    // calibrated on these two points, TransportLawValidationTests.testLSF64MobilityCalibration).
    XCTAssertEqual(sigma[1], song[1]["sigma_S_cm"]!, accuracy: 0.10 * song[1]["sigma_S_cm"]!)
    // GDC20 ionic conductivity in air against the Wang 2000 law: the free-vacancy mobility is anchored to it at
    // 600 and 900 °C (within 3 % at 600–900 °C: +2.8 % at 700 °C); below, Gd–vacancy association bends the model
    // under Wang's straight line (−7.9 % at 500 °C, −21.9 % at 400 °C, as E_b = 0.35 eV with the measured
    // bend requires). gdc10 against gdc20: TransportLawValidationTests.
    let gdc = try Self.builtin("gdc20")
    let gdcSolver = EquilibriumSolver(model: gdc)
    for row in try Self.reference("gdc_ionic_conductivity_wang2000.csv") {
      let T = row["T_K"]!
      let s = try gdcSolver.solve(Conditions(temperature: T, pO2: 0.21))
      let t = try XCTUnwrap(TransportProperties(model: gdc, temperature: T, concentrations: s.concentrations))
      let ratio = t.ionic / row["sigma_ion_S_cm"]!
      if T >= 873 {
        XCTAssertEqual(ratio, 1, accuracy: 0.03, "gdc20 \(T)")
      } else {
        XCTAssertLessThan(ratio, 0.95, "gdc20 \(T): association should bend the Arrhenius line")
        XCTAssertGreaterThan(ratio, 0.75, "gdc20 \(T)")
      }
    }
  }

  func testGDCReductionFollowsMinusQuarterPowerInTheDiluteRange() throws {
    // Wang 1998/1997: x ∝ pO2^-1/4 (x = extra nonstoichiometry δ of O1.95−δ) while x ≪ [V_O..].
    for name in ["gdc10", "gdc20"] {
      let model = try Self.builtin(name)
      let solver = EquilibriumSolver(model: model)
      for T in [1073.0, 1173, 1273] {
        // find the pO2 where δ ≈ 3e-4 along a sweep, then take the exact slope of δ there
        var pO2 = 1e-30
        while pO2 < 1 {
          let s = try solver.solve(Conditions(temperature: T, pO2: pO2), continuation: true)
          if model.nonstoichiometry(of: s.concentrations)! < 3e-4 { break }
          pO2 *= 1.5
        }
        _ = try solver.solve(Conditions(temperature: T, pO2: pO2))
        let slopes = try XCTUnwrap(solver.sensitivities()).withRespectTo["pO2"]!
        let n = model.speciesIndex("Ce_Ce'")!
        XCTAssertEqual(slopes[n], -0.25, accuracy: 0.01, "\(name) T=\(T) pO2=\(pO2)")
      }
    }
  }
  func testGDCDeltaStaysTheReductionNonstoichiometryWhenTheGdLevelIsSet() throws {
    // δ of Ce1-xGdxO2-x/2-δ is measured from 2 − x/2, so by charge balance δ = [Ce_Ce']/2 − [h.]/2 at any x.
    let base = try Self.builtin("gdc10")
    let gd = try base.parameter(named: "Gd_Ce'")
    for x in [0.02, 0.1, 0.25] {
      let model = try base.setting(gd, to: x)
      let solver = EquilibriumSolver(model: model)
      for pO2 in [1e-25, 1e-18, 1e-10] {
        let s = try solver.solve(Conditions(temperature: 1073.15, pO2: pO2))
        XCTAssertTrue(s.converged)
        let ce = model.concentration("Ce_Ce'", in: s)!, h = model.concentration("h.", in: s)!
        let delta = try XCTUnwrap(model.nonstoichiometry(of: s.concentrations))
        XCTAssertGreaterThan(delta, 0, "x=\(x) pO2=\(pO2)")
        XCTAssertEqual(delta, (ce - h) / 2, accuracy: 1e-12 + 1e-9 * delta, "x=\(x) pO2=\(pO2)")
      }
    }
  }
  func testLSCFChemicalDiffusionAndPermeationAgainstBouwmeesterRelaxationData() throws {
    // Bouwmeester's ECR fit of LSCF6428 at 1073.15 K (Data/reference, [V-sec]) — not fitted: vacancies move with
    // Xu & Thomson's D_V, Θ comes from the δ fit. Physics: D̃ within 50 % at pO2 ≥ 0.1 atm (model +34, +29, +44 %),
    // the disagreement of the two sources (the ECR code's dδ/dln pO2 is ×1.33 the digitised isotherm's). At 0.01 atm
    // the measured D̃ has fallen (vacancy ordering, Bouwmeester 2004) and the model's has not: ×3.4, a documented
    // failure asserted as 2.5–4.5.
    let model = try Self.builtin("lscf6428")
    let solver = EquilibriumSolver(model: model)
    var ratios: [Double] = []
    for row in try Self.reference("lscf6428_chemical_diffusion_bouwmeester.csv") {
      let T = row["T_K"]!, p = row["pO2_atm"]!
      let s = try solver.solve(Conditions(temperature: T, pO2: p))
      let t = try XCTUnwrap(TransportProperties(model: model, temperature: T, concentrations: s.concentrations))
      let slopes = try XCTUnwrap(solver.sensitivities())
      let dChem = try XCTUnwrap(model.chemicalDiffusionCoefficient(temperature: T, concentrations: s.concentrations,
                                                                   slopes: slopes, ambipolar: t.ambipolar))
      let ratio = dChem / row["Dchem_cm2_s"]!
      ratios.append(ratio)
      if p >= 0.1 {
        XCTAssertEqual(ratio, 1, accuracy: 0.50, "D̃ at \(p) atm")
      } else {
        XCTAssertGreaterThan(ratio, 2.5, "D̃ at \(p) atm: the documented failure changed")
        XCTAssertLessThan(ratio, 4.5, "D̃ at \(p) atm")
      }
    }
    XCTAssertEqual(ratios.count, 4)
    // Bulk Wagner flux through 1 mm between 1 and 0.21 atm against the same integral over the ECR data. Physics
    // 35 %: that reference turns D̃ into σ_amb with the ECR code's constant dδ/dln pO2 = −0.0101, while the
    // digitised isotherm this model is fitted to has −0.007…−0.008 there (model −6 %).
    let wagner = try WagnerPermeation(model: model)
    let ref = try XCTUnwrap(try Self.reference("lscf6428_permeation_wagner_bouwmeester.csv").first)
    let flux = try wagner.flux(temperature: ref["T_K"]!, feed: ref["feed_pO2_atm"]!, permeate: ref["permeate_pO2_atm"]!,
                               thickness: ref["thickness_cm"]!)
    XCTAssertEqual(flux.molar / ref["J_O2_mol_cm2_s"]!, 1, accuracy: 0.35)
  }
  func testBZY10HydrationAgainstAnIndependentTGAStudy() throws {
    // The file (Schober & Bohn's constants, uptake limited to 0.083) against Kreuer's constants with full uptake
    // (Data/reference): physics — the model lies 17–30 % below (0.70–0.83; 0.75–0.83 at 0.023 atm), asserted within
    // 0.65–0.90.
    let model = try Self.builtin("bzy10")
    let solver = EquilibriumSolver(model: model)
    for row in try Self.reference("bzy10_hydration_kreuer.csv") {
      let s = try solver.solve(Conditions(temperature: row["T_C"]! + 273.15, pO2: 1e-20, pH2O: row["pH2O_atm"]!))
      let ratio = try XCTUnwrap(model.concentration("OH_O.", in: s)) / row["OH_pfu"]!
      XCTAssertGreaterThan(ratio, 0.65, "\(row)")
      XCTAssertLessThan(ratio, 0.90, "\(row)")
    }
  }

  func testBZY10ProtonConductivityAnchor() throws {
    // A film value (the only measured BZY10 conductivity read, Data/reference): the anchor of μ_H (1e-3, implementation).
    let model = try Self.builtin("bzy10")
    let solver = EquilibriumSolver(model: model)
    for row in try Self.reference("bzy10_proton_conductivity_film.csv") {
      let T = row["T_K"]!
      let s = try solver.solve(Conditions(temperature: T, pO2: row["pO2_atm"]!, pH2O: row["pH2O_atm"]!))
      let t = try XCTUnwrap(TransportProperties(model: model, temperature: T, concentrations: s.concentrations))
      XCTAssertGreaterThan(t.ionicTransference, 0.999, "wet H2: a proton conductor")
      XCTAssertEqual(t.ionic / row["sigma_S_cm"]!, 1, accuracy: 1e-3)
    }
  }
}
