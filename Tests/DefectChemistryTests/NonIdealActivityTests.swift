import DefectChemistry
import Foundation
import XCTest

/// Interaction (regular-solution) terms and Fermi–Dirac statistics against hand-solved closed forms.
///
/// The test oxide MO1−v has one O site per formula unit, a vacancy V_O.. and band electrons e′:
/// O_O^x = V_O.. + 2 e′ + ½ O2(g), electroneutrality n = 2v, site balance [O_O^x] = 1 − v. With
/// ln a_V = ln v + βW·v and ln a_e = η (Fermi–Dirac, u = n/N_eff = F_½(η)) or ln u (Boltzmann), the mass
/// action law ln K = ln a_V + 2 ln a_e + ½ ln p − ln(1 − v) gives p in closed form for any chosen v or η.
final class NonIdealActivityTests: XCTestCase {
  static let kB = (1.380649e-23 / 1.602176634e-19)
  let dH = 3.0, dS = 5.0, n300 = 0.01

  func oxide(w: Double? = nil, statistics: String = "boltzmann") -> String {
    """
    name: mo-test
    sublattices: {M: 1, O: 1}
    species:
      - {label: "M_M^x", host: true}
      - {label: "O_O^x", host: true}
      - {label: "V_O.."}
      - {label: "e'", band: {N300: \(n300), statistics: \(statistics)}}
    reactions:
      - {name: reduction, equation: "O_O^x = V_O.. + 2 e' + 1/2 O2(g)", dH: \(dH) eV, dS: \(dS) kB}
    """ + (w.map { "\ninteractions:\n  - {name: vv, species: \"V_O..\", partner: \"V_O..\", W: \"\($0) eV\"}\n" } ?? "")
  }

  func lnK(_ T: Double) -> Double { dS - dH / (Self.kB * T) }
  func nEff(_ T: Double) -> Double { n300 * pow(T / 300, 1.5) }

  private func solve(_ model: DefectModel, T: Double, pO2: Double) throws -> (EquilibriumState, EquilibriumSolver) {
    let solver = EquilibriumSolver(model: model)
    let state = try solver.solve(Conditions(temperature: T, pO2: pO2))
    XCTAssertTrue(state.converged, "T=\(T) pO2=\(pO2) residual \(state.residual)")
    return (state, solver)
  }

  /// p(v) with ln a_V = ln v + βWv and Boltzmann electrons, n = 2v.
  func pressure(vacancies v: Double, w: Double, T: Double) -> Double {
    let beta = 1 / (Self.kB * T)
    let lnP = 2 * (lnK(T) - log(v) - beta * w * v - 2 * log(2 * v / nEff(T)) + log(1 - v))
    return exp(lnP)
  }

  func testInteractionTermMatchesHandSolvedMassAction() throws {
    for w in [-0.5, 0.0, 0.8, 3.0] {
      let model = try TestModels.load(oxide(w: w))
      XCTAssertEqual(model.isNonIdeal, true)
      for (T, v) in [(1000.0, 1e-4), (1000.0, 0.02), (1400.0, 0.1), (800.0, 0.3)] {
        let p = pressure(vacancies: v, w: w, T: T)
        let (state, _) = try solve(model, T: T, pO2: p)
        let got = model.concentration("V_O..", in: state)!
        XCTAssertEqual(got / v, 1, accuracy: 1e-10, "W = \(w) eV, T = \(T), v = \(v)")
      }
    }
  }

  func testEffectiveReductionEnthalpyIsLinearInComposition() throws {
    // ΔH_red(v) = ΔH° + W·v: at fixed v the apparent enthalpy d ln p/d(1/T) · (−k_B/2)·… shifts by W·v.
    // Equivalently, the model with W at v equals the ideal model with ΔH° + W·v at that v.
    let w = 0.8, v = 0.05, T = 1100.0
    let p = pressure(vacancies: v, w: w, T: T)
    let shifted = try TestModels.load(oxide().replacingOccurrences(of: "dH: \(dH) eV", with: "dH: \(dH + w * v) eV"))
    let (state, _) = try solve(shifted, T: T, pO2: p)
    XCTAssertEqual(shifted.concentration("V_O..", in: state)! / v, 1, accuracy: 1e-10)
  }

  func testInteractionSlopeMatchesClosedForm() throws {
    // d ln p/d ln v = 2·(−v/(1−v) − 3 − βWv) for n = 2v (Boltzmann electrons): the Jacobian carries βW c.
    let w = 1.5, T = 1000.0
    let model = try TestModels.load(oxide(w: w))
    for v in [1e-3, 0.03, 0.2] {
      let (state, solver) = try solve(model, T: T, pO2: pressure(vacancies: v, w: w, T: T))
      let slope = try XCTUnwrap(solver.sensitivities()).withRespectTo["pO2"]![model.speciesIndex("V_O..")!]
      let beta = 1 / (Self.kB * T)
      let expected = 1 / (2 * (-v / (1 - v) - 3 - beta * w * v))
      XCTAssertEqual(slope, expected, accuracy: 1e-9 * abs(expected), "v = \(v)")
      XCTAssertEqual(model.concentration("V_O..", in: state)! / v, 1, accuracy: 1e-10)
    }
  }

  func testFermiDiracReducesToBoltzmannForDiluteCarriers() throws {
    let fd = try TestModels.load(oxide(statistics: "fermi-dirac"))
    let mb = try TestModels.load(oxide())
    XCTAssertTrue(fd.isNonIdeal)
    XCTAssertFalse(mb.isNonIdeal)
    // n/N_eff ≈ 1e-16 … 1e-13: the Fermi–Dirac correction η − ln u ≈ u/2^{3/2} is below 1e-13.
    for (T, p) in [(300.0, 1.0), (350.0, 1.0), (350.0, 1e5), (300.0, 1e-3)] {
      let (a, _) = try solve(fd, T: T, pO2: p)
      let (b, _) = try solve(mb, T: T, pO2: p)
      let u = mb.concentration("e'", in: b)! / nEff(T)
      XCTAssertLessThan(u, 3e-12, "not dilute at T=\(T)")
      for label in ["e'", "V_O.."] {
        XCTAssertEqual(fd.concentration(label, in: a)! / mb.concentration(label, in: b)!, 1, accuracy: 1e-12, label)
      }
    }
  }

  func testFermiDiracMatchesHandSolvedDegenerateElectrons() throws {
    // Choose η; then n = N_eff·F_½(η) (GSL), v = n/2, and p from ln K = ln(v/(1−v)) + 2η + ½ ln p.
    let model = try TestModels.load(oxide(statistics: "fermi-dirac"))
    for (T, eta) in [(1000.0, -2.0), (1000.0, 3.0), (1200.0, 12.0)] {
      let u = try XCTUnwrap(FermiDiracStatistics.occupancy(reducedFermiLevel: eta))
      let n = nEff(T) * u, v = n / 2
      guard v < 0.9 else { continue }
      let p = exp(2 * (lnK(T) - log(v / (1 - v)) - 2 * eta))
      let (state, _) = try solve(model, T: T, pO2: p)
      XCTAssertEqual(model.concentration("e'", in: state)! / n, 1, accuracy: 1e-10, "η = \(eta)")
    }
  }

  func testFermiDiracIntegralDegenerateLimit() throws {
    // F_½(η) → 4η^{3/2}/(3√π)·(1 + π²/(8η²) + …): c ∝ η^{3/2} for η ≫ 1.
    for eta in [200.0, 1000.0, 5000.0] {
      let f = try XCTUnwrap(FermiDiracStatistics.occupancy(reducedFermiLevel: eta))
      let limit = 4 * pow(eta, 1.5) / (3 * Double.pi.squareRoot())
      XCTAssertEqual(f / limit, 1 + Double.pi * Double.pi / (8 * eta * eta), accuracy: 1e-9)
    }
  }

  func testColdStartConvergesOverTheFullRangeWithStrongInteractions() throws {
    for w in [-0.3, 2.0, 10.0] {
      let model = try TestModels.load(oxide(w: w))
      let solver = EquilibriumSolver(model: model)
      var worst = 0.0
      for T in stride(from: 300.0, through: 2000.0, by: 170) {
        for e in stride(from: -40.0, through: 5.0, by: 3) {
          let state = try solver.solve(Conditions(temperature: T, pO2: pow(10, e)))
          XCTAssertTrue(state.converged, "W = \(w) eV, T = \(T), pO2 = 1e\(e)")
          worst = max(worst, state.residual)
          // Mass action with the excess term, checked independently of the solver's residual.
          let v = model.concentration("V_O..", in: state)!, n = model.concentration("e'", in: state)!
          let o = model.concentration("O_O^x", in: state)!
          XCTAssertEqual(o + v, 1, accuracy: 1e-12)
          let lhs = log(v) + w * v / (Self.kB * T) + 2 * log(n / nEff(T)) + 0.5 * e * log(10.0) - log(o)
          XCTAssertEqual(lhs, lnK(T), accuracy: 1e-8 * max(1, abs(lnK(T))))
          XCTAssertEqual(n, 2 * v, accuracy: 1e-10 * n)
        }
      }
      XCTAssertLessThanOrEqual(worst, EquilibriumSolver.tolerance)
    }
  }

  func testInteractionParameterCanBeSet() throws {
    let model = try TestModels.load(oxide(w: 0.5))
    let p = try model.parameter(named: "vv.W")
    XCTAssertEqual(model.value(of: p), 0.5)
    let changed = try model.setting(p, to: 1.25)
    XCTAssertEqual(changed.interactions[0].energy, 1.25)
  }

  func testBadInteractionsAndStatisticsAreFileLineErrors() {
    let cases: [(String, String)] = [
      (oxide() + "\ninteractions:\n  - {species: \"V_O..\", partner: \"Gd_Ce'\", W: 1 eV}\n", "unknown species"),
      (oxide() + "\ninteractions:\n  - {species: \"V_O..\", W: 1 eV}\n", "needs 'species', 'partner' and 'W'"),
      (oxide() + "\ninteractions:\n  - {species: \"V_O..\", partner: \"V_O..\", W: 1 kB}\n", "W"),
      (oxide() + "\ninteractions:\n  - {species: \"V_O..\", partner: \"V_O..\", W: 1e300 eV}\n", "1e+300 eV"),
      (oxide() + "\ninteractions:\n  - {name: a.b, species: \"V_O..\", partner: \"V_O..\", W: 1 eV}\n", "must not contain '.'"),
      (oxide(statistics: "fermi"), "band.statistics must be 'boltzmann' or 'fermi-dirac'"),
    ]
    for (yaml, words) in cases {
      XCTAssertThrowsError(try DefectModel.load(yaml: yaml, file: "bad.yaml")) { error in
        let text = "\(error)"
        XCTAssertTrue(text.hasPrefix("bad.yaml:"), text)
        XCTAssertTrue(text.contains(words), "\(text) — expected \(words)")
      }
    }
    // an interaction on a fixed species has no effect: refused
    let doped = oxide().replacingOccurrences(of: "  - {label: \"V_O..\"}", with: "  - {label: \"V_O..\"}\n  - {label: \"Al_M'\", fixed: 0.01}")
      + "\ninteractions:\n  - {species: \"Al_M'\", partner: \"V_O..\", W: 1 eV}\n"
    XCTAssertThrowsError(try DefectModel.load(yaml: doped, file: "bad.yaml")) { error in
      XCTAssertTrue("\(error)".contains("is fixed"), "\(error)")
    }
  }

  func testInverseFermiDiracRoundTripsOverTheWholeRange() throws {
    // ln u from −40 to 60 in steps of 0.05, through the degenerate window 11.6…25.4 where a step-size test
    // alone sits below rounding: F_½(η(ln u)) must give u back.
    for k in 0...2000 {
      let y = -40 + 0.05 * Double(k)
      let level = try XCTUnwrap(FermiDiracStatistics.reducedFermiLevel(lnOccupancy: y), "ln u = \(y)")
      let u = try XCTUnwrap(FermiDiracStatistics.occupancy(reducedFermiLevel: level.eta))
      XCTAssertEqual(log(u), y, accuracy: 1e-12 * max(1, abs(y)), "ln u = \(y)")
      XCTAssertGreaterThanOrEqual(level.slope, 1 - 1e-12)
    }
  }

  func testDegenerateElectronsConvergeOverTheFullRange() throws {
    // A small N_eff makes the electrons degenerate (u up to ~1e7) under strong reduction.
    let model = try TestModels.load(oxide(statistics: "fermi-dirac").replacingOccurrences(of: "N300: \(n300)", with: "N300: 1e-9"))
    let solver = EquilibriumSolver(model: model)
    for T in stride(from: 300.0, through: 2000.0, by: 100) {
      for e in stride(from: -40.0, through: 5.0, by: 1) {
        XCTAssertTrue(try solver.solve(Conditions(temperature: T, pO2: pow(10, e)), continuation: true).converged, "T = \(T), pO2 = 1e\(e)")
      }
    }
  }

  func testAttractiveInteractionsGiveTheSameAnswerWhicheverWayASweepRuns() throws {
    // W = −2 eV: two single-phase branches coexist over part of the range (a miscibility gap). Each point is
    // solved from the ideal model, so an ascending and a descending sweep print the same rows.
    let model = try TestModels.load(oxide(w: -2))
    XCTAssertTrue(model.mayHaveSeveralSolutions)
    XCTAssertNotNil(model.severalSolutionsCaveat)
    let pressures = (0...45).map { pow(10, -40 + Double($0)) }
    func sweep(_ ps: [Double]) throws -> [Double: (Bool, Double)] {
      let solver = EquilibriumSolver(model: model)
      var rows: [Double: (Bool, Double)] = [:]
      for p in ps {
        let s = try solver.solve(Conditions(temperature: 1000, pO2: p), continuation: true)
        rows[p] = (s.converged, s.converged ? model.concentration("V_O..", in: s)! : .nan)
      }
      return rows
    }
    let up = try sweep(pressures), down = try sweep(pressures.reversed())
    for p in pressures {
      XCTAssertEqual(up[p]!.0, down[p]!.0, "pO2 = \(p)")
      if up[p]!.0 { XCTAssertEqual(up[p]!.1, down[p]!.1, accuracy: 1e-12 * up[p]!.1, "pO2 = \(p)") }
    }
    XCTAssertFalse(try TestModels.load(oxide(w: 2)).mayHaveSeveralSolutions)
  }

  func testMirrorNamesAreReservedSoThatSettingAParameterToItsValueChangesNothing() throws {
    let reserved = oxide() + "\ninteractions:\n  - {name: vv_mirror, species: \"V_O..\", partner: \"V_O..\", W: 0.1 eV}\n"
    XCTAssertThrowsError(try DefectModel.load(yaml: reserved, file: "m.yaml")) { error in
      XCTAssertTrue("\(error)".contains("must not end in '_mirror'"), "\(error)")
    }
    let model = try TestModels.load(oxide() + """

      interactions:
        - {name: vv, species: "V_O..", partner: "V_O..", W: 0.4 eV}
        - {name: ve, species: "V_O..", partner: "e'", W: 0.3 eV, symmetric: true}
      """)
    let p = try model.parameter(named: "ve.W")
    let same = try model.setting(p, to: model.value(of: p))
    let a = try EquilibriumSolver(model: model).solve(Conditions(temperature: 1000, pO2: 1e-20))
    let b = try EquilibriumSolver(model: same).solve(Conditions(temperature: 1000, pO2: 1e-20))
    XCTAssertEqual(a.concentrations, b.concentrations)
  }
}
