import DefectChemistry
import Foundation
import XCTest

/// Engine features beyond the simplest models: associates spanning two sublattices, fixed totals
/// over several species, quenched (frozen) compositions, and two gases at once.
final class AssociatesAndTotalsTests: XCTestCase {
  static let associatedGDC = """
    name: gdc-assoc-test
    sublattices: {Ce: 1, O: 2}
    species:
      - {label: "Gd_Ce'"}
      - {label: "(Gd_Ce V_O)."}
      - {label: "Ce_Ce'"}
      - {label: "Ce_Ce^x", host: true}
      - {label: "V_O.."}
      - {label: "O_O^x", host: true}
      - {label: "h.", band: {N300: 1.0}}
    reactions:
      - {name: reduction, equation: "O_O^x + 2 Ce_Ce^x = 1/2 O2(g) + V_O.. + 2 Ce_Ce'", dH: 4.0 eV, dS: 12 kB}
      - {name: polaron, equation: "Ce_Ce' + h. = Ce_Ce^x", dH: -3.0 eV, dS: 0 kB}
      - {name: association, equation: "Gd_Ce' + V_O.. = (Gd_Ce V_O).", dH: -0.3 eV, dS: 0 kB}
    totals:
      - {name: Gd, equation: "Gd_Ce' + (Gd_Ce V_O).", value: 0.1}
    """

  func testAssociatesObeyMassActionTotalsAndSiteBalanceOnBothSublattices() throws {
    let model = try DefectModel.load(yaml: Self.associatedGDC, file: "assoc.yaml")
    let solver = EquilibriumSolver(model: model)
    for T in [500.0, 800, 1200] {
      for pO2 in logSpaced(1e-30, 1, count: 16) {
        let s = try solver.solve(Conditions(temperature: T, pO2: pO2), continuation: true)
        XCTAssertTrue(s.converged)
        XCTAssertLessThanOrEqual(equilibriumViolation(model, s), 1e-10)
        let gd = model.concentration("Gd_Ce'", in: s)!, pair = model.concentration("(Gd_Ce V_O).", in: s)!
        XCTAssertEqual(gd + pair, 0.1, accuracy: 1e-13)
        // association: y_pair / (y_Gd · y_V) = K with y_V = [V]/2 on two O sites
        let v = model.concentration("V_O..", in: s)!
        XCTAssertEqual(log(pair / (gd * v / 2)), model.reactions[2].lnK(at: T), accuracy: 1e-9)
      }
    }
    // Binding at low T: in oxidising conditions most vacancies are bound to a Gd.
    let cold = try solver.solve(Conditions(temperature: 500, pO2: 1))
    let bound = model.concentration("(Gd_Ce V_O).", in: cold)!, free = model.concentration("V_O..", in: cold)!
    XCTAssertGreaterThan(bound / (bound + free), 0.9)
  }

  func testAReactionThatBreaksATotalIsRejected() {
    let broken = Self.associatedGDC.replacingOccurrences(of: "value: 0.1}", with: "value: 0.1}\n  - {name: V, equation: \"V_O..\", value: 0.05}")
    XCTAssertThrowsError(try DefectModel.load(yaml: broken, file: "b.yaml")) { error in
      XCTAssertTrue("\(error)".contains("changes total 'V'"), "\(error)")
    }
  }

  func testQuenchedOxygenContentFixesElectronsByChargeBalance() throws {
    // Frozen-in vacancies (no gas exchange): [V] = 0.06 and 2[V] + [h] = [Gd'] + [Ce'].
    let yaml = """
      name: quenched-test
      sublattices: {Ce: 1, O: 2}
      species:
        - {label: "Gd_Ce'", fixed: 0.1}
        - {label: "Ce_Ce'"}
        - {label: "Ce_Ce^x"}
        - {label: "V_O.."}
        - {label: "O_O^x"}
        - {label: "h.", band: {N300: 1.0}}
      reactions:
        - {name: polaron, equation: "Ce_Ce' + h. = Ce_Ce^x", dH: -3.0 eV, dS: 0 kB}
      totals:
        - {name: frozen vacancies, equation: "V_O..", value: 0.06}
      """
    let model = try DefectModel.load(yaml: yaml, file: "q.yaml")
    XCTAssertEqual(model.pressureNames, [])
    let s = try EquilibriumSolver(model: model).solve(Conditions(temperature: 900))
    XCTAssertTrue(s.converged)
    XCTAssertEqual(model.concentration("V_O..", in: s)!, 0.06, accuracy: 1e-14)
    let p = model.concentration("h.", in: s)!
    XCTAssertEqual(model.concentration("Ce_Ce'", in: s)!, 0.02 + p, accuracy: 1e-14)
  }

  func testWetProtonConductorHolesScaleWithOxygenAndWater() throws {
    // BZY-like: hydration + oxidation. Wet and proton-dominated: p ∝ pO2^1/4 · pH2O^-1/2.
    let yaml = TestModels.hydration() + """

      - {name: oxidation, equation: "1/2 O2(g) + V_O.. = O_O^x + 2 h.", dH: 0.5 eV, dS: -5 kB}
    """
    let model = try DefectModel.load(yaml: yaml.replacingOccurrences(of: "  - {label: \"OH_O.\"}", with: "  - {label: \"OH_O.\"}\n  - {label: \"h.\", band: {N300: 1.0}}"), file: "bzy.yaml")
    let solver = EquilibriumSolver(model: model)
    // 500 K, strongly hydrated ([OH] ≈ [Y']), holes dilute:
    let s = try solver.solve(Conditions(temperature: 500, pressures: ["pO2": 1e-10, "pH2O": 0.03]))
    XCTAssertTrue(s.converged)
    XCTAssertGreaterThan(model.concentration("OH_O.", in: s)!, 0.0999)
    let slopes = try XCTUnwrap(solver.sensitivities())
    let h = model.speciesIndex("h.")!
    XCTAssertEqual(slopes.withRespectTo["pO2"]![h], 0.25, accuracy: 1e-4)
    XCTAssertEqual(slopes.withRespectTo["pH2O"]![h], -0.5, accuracy: 2e-3)
    // Dry and hot: vacancies dominate, holes ∝ pO2^1/4 independent of water.
    _ = try solver.solve(Conditions(temperature: 1400, pressures: ["pO2": 1e-12, "pH2O": 1e-6]))
    let dry = try XCTUnwrap(solver.sensitivities())
    XCTAssertEqual(dry.withRespectTo["pO2"]![h], 0.25, accuracy: 1e-4)
    XCTAssertEqual(dry.withRespectTo["pH2O"]![h], 0, accuracy: 1e-3)
  }
}
