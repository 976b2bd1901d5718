import BuiltinMaterials
import Foundation
import XCTest
@testable import DefectChemistry

/// δ, dδ/d ln pO2, Θ and the slope of a majority species keep their own relative accuracy where the
/// carriers that change them are scarce (issue 22, item 5): against an independent 60-digit reference, and
/// against closed forms in gdc10 and bcy10.
final class PrecisionReferenceTests: XCTestCase {
  static func fixture(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/\(name)")
    return try String(contentsOf: url, encoding: .utf8)
  }

  static func builtin(_ name: String) throws -> DefectModel {
    let text = try XCTUnwrap(BuiltinMaterials.yaml(named: name), "no built-in \(name)")
    return try DefectModel.load(yaml: text, file: "\(name).yaml")
  }

  /// The acceptor-doped oxide with band electrons (Tests/Fixtures/acceptor-band-oxide.yaml) against
  /// scripts/precision-reference.py (mpmath, 60 digits): δ = ([e'] − [h.])/2 is down to 1e-16 next to an oxygen
  /// content of 1.95, and d[O_O]/d ln pO2 down to 1e-17. Tolerance 1e-9 relative (implementation: the solver's
  /// residual is ≤ 1e-10, typically 1e-14; the subtraction δ = 1.95 − [O_O] would be off by up to 100 %).
  func testAcceptorDopedBandOxideAgreesWithTheHighPrecisionReference() throws {
    let model = try DefectModel.load(yaml: try Self.fixture("acceptor-band-oxide.yaml"), file: "acceptor-band-oxide.yaml")
    let derived = model.derivedQuantities
    let solver = EquilibriumSolver(model: model)
    let e = try XCTUnwrap(model.speciesIndex("e'")), oo = try XCTUnwrap(model.speciesIndex("O_O^x"))
    let lines = try Self.fixture("acceptor-band-oxide-reference.csv").split(separator: "\n").dropFirst()
    XCTAssertEqual(lines.count, 13 * 31)
    var smallest = 1.0, worst = 0.0
    func check(_ value: Double?, _ reference: Double, _ what: String, _ where_: String) {
      guard let value else { return XCTFail("\(what) missing at \(where_)") }
      let r = abs(value - reference) / abs(reference)
      worst = max(worst, r)
      XCTAssertLessThanOrEqual(r, 1e-9, "\(what) at \(where_): \(value) vs reference \(reference)")
    }
    for line in lines {
      let f = line.split(separator: ",").map { Double($0)! }
      let (T, p) = (f[0], f[1])
      let state = try solver.solve(Conditions(temperature: T, pO2: p))
      XCTAssertTrue(state.converged)
      let slopes = try XCTUnwrap(solver.sensitivities(includingTemperature: false))
      let s = try XCTUnwrap(slopes.withRespectTo.slice("pO2"))
      let c = state.concentrations
      let at = "T = \(T) K, pO2 = \(p) atm"
      smallest = min(smallest, c[e])
      check(c[e], f[2], "[e']", at)
      check(derived.nonstoichiometry(c), f[5], "δ", at)
      check(derived.nonstoichiometryDerivative(c, along: s), f[6], "dδ/d ln pO2", at)
      check(derived.thermodynamicFactor(c, pO2Slopes: s), f[7], "Θ", at)
      check(s[s.startIndex + oo], f[8], "d ln[O_O^x]/d ln pO2", at)
    }
    XCTAssertLessThan(smallest, 1e-15, "the grid reaches electron fractions below 1e-15")
    print("acceptor-band-oxide: worst relative deviation from the 60-digit reference \(worst)")
  }

  /// gdc10 at 300 °C: with the acceptor pinning [V_O..] + [(Gd_Ce V_O).] at x/2, electroneutrality and the Gd
  /// total make δ = [V] + [pair] − x/2 exactly ([Ce_Ce'] − [h.])/2, so δ has the sign of n − p: positive (never
  /// a spurious negative rounding residue) while polarons outnumber holes, negative — oxygen above the
  /// reference 1.95, taken up by holes — where holes outnumber them (≳ 1e-2 atm in this model).
  /// And dc_O/d ln pO2 = −dδ/d ln pO2 = (n − n s_n... ) = (n + p)/8 with s_n = −¼, s_p = +¼ (pinned vacancies), so
  /// Θ = ½ c_O/(dc_O/d ln pO2) = 4 c_O/(n + p): it rises with pO2 while n > p and falls once p > n, with its
  /// maximum where n = p — the rise-then-fall is physics. Checked to 1e-6 (physics: the corrections to ∓¼
  /// are O(n/x) ≈ 1e-7 at 1e-30 atm).
  func testGdc10AtThreeHundredCelsiusKeepsTheSignOfDeltaAndTheClosedFormOfTheta() throws {
    let model = try Self.builtin("gdc10")
    let derived = model.derivedQuantities
    let solver = EquilibriumSolver(model: model)
    let n = try XCTUnwrap(model.speciesIndex("Ce_Ce'")), h = try XCTUnwrap(model.speciesIndex("h."))
    var previous: (theta: Double, n: Double, p: Double)?
    var sawHoles = false, sawElectrons = false
    for k in 0...120 {
      let pO2 = pow(10, -30 + Double(k) / 4)
      let state = try solver.solve(Conditions(temperature: 573.15, pO2: pO2), continuation: k > 0)
      XCTAssertTrue(state.converged)
      let c = state.concentrations
      let s = try XCTUnwrap(solver.sensitivities(includingTemperature: false)?.withRespectTo.slice("pO2"))
      let delta = try XCTUnwrap(derived.nonstoichiometry(c))
      let closed = (c[n] - c[h]) / 2
      XCTAssertEqual(delta, closed, accuracy: 1e-10 * (c[n] + c[h]) / 2, "δ = (n − p)/2 at \(pO2) atm")
      XCTAssertEqual(delta > 0, c[n] > c[h], "the sign of δ is that of n − p at \(pO2) atm")
      if c[n] > c[h] { sawElectrons = true } else { sawHoles = true }
      let theta = try XCTUnwrap(derived.thermodynamicFactor(c, pO2Slopes: s))
      let cO = derived.oxygenContent(c)
      XCTAssertEqual(theta / (4 * cO / (c[n] + c[h])), 1, accuracy: 1e-6, "Θ = 4c_O/(n + p) at \(pO2) atm")
      if let previous, (previous.n > previous.p) == (c[n] > c[h]) {
        if c[n] > c[h] { XCTAssertGreaterThan(theta, previous.theta, "Θ rises while n > p (\(pO2) atm)") }
        else { XCTAssertLessThan(theta, previous.theta, "Θ falls once p > n (\(pO2) atm)") }
      }
      previous = (theta, c[n], c[h])
    }
    XCTAssertTrue(sawElectrons && sawHoles, "the sweep crosses n = p")
  }

  /// bcy10 at 300 K, 1e-40 atm, pH2O 1 atm: fully hydrated ([OH_O.] ≈ [Y_Ce'] = 0.1) with [V_O..] ≈ 1e-20
  /// and holes ≈ 1e-19 (p ∝ pO2^{1/4}). The slopes follow from electroneutrality, the O sites and hydration
  /// (s_p = ¼; [OH]s_OH = −p s_p; [O_O]s_O = −[OH]s_OH; s_V = 2s_OH − s_O):
  ///     s_V = −p(1/(2[OH]) + 1/(4[O_O])),   dc_O/d ln pO2 = −[V] s_V,   Θ = ½ c_O/(dc_O/d ln pO2)
  /// — finite (≈ 1.9e38), not empty: the V_O.. slope is −6.9e-19, not −0.0. To 1e-9 (physics: the neglected
  /// terms are O([V]/[OH], p/[OH]) ≈ 1e-18).
  func testBcy10FullyHydratedHasTheClosedFormThetaAndVacancySlope() throws {
    let model = try Self.builtin("bcy10")
    let derived = model.derivedQuantities
    let solver = EquilibriumSolver(model: model)
    let state = try solver.solve(Conditions(temperature: 300, pO2: 1e-40, pH2O: 1))
    XCTAssertTrue(state.converged)
    let c = state.concentrations
    let s = try XCTUnwrap(solver.sensitivities(includingTemperature: false)?.withRespectTo.slice("pO2"))
    let v = model.speciesIndex("V_O..")!, oh = model.speciesIndex("OH_O.")!, oo = model.speciesIndex("O_O^x")!
    let p = model.speciesIndex("h.")!
    XCTAssertEqual(s[s.startIndex + p], 0.25, accuracy: 1e-12)
    let sV = -c[p] * (1 / (2 * c[oh]) + 1 / (4 * c[oo]))
    XCTAssertEqual(s[s.startIndex + v] / sV, 1, accuracy: 1e-9, "V_O.. slope \(s[s.startIndex + v]) vs \(sV)")
    let cO = c[oo] + c[oh]
    let theta = try XCTUnwrap(derived.thermodynamicFactor(c, pO2Slopes: s), "Θ is finite")
    XCTAssertEqual(theta / (0.5 * cO / (-c[v] * sV)), 1, accuracy: 1e-9)
    XCTAssertEqual(try XCTUnwrap(derived.nonstoichiometry(c)) / c[v], 1, accuracy: 1e-12, "δ = [V_O..]")
  }

  /// Every built-in over 300–1500 K × 1e-30…1 atm (and pH2O 1e-5…1 atm where it has water): δ written over
  /// the minority species equals the subtraction reference − content to within that subtraction's rounding
  /// (a few ulps of the content), and the oxygen-content slope equals Σ n_O c_i s_i to within that sum's
  /// rounding — the identities are exact, only the digits differ.
  func testMinoritySumsEqualTheDirectSumsToTheirRounding() throws {
    for name in BuiltinMaterials.names {
      let model = try Self.builtin(name)
      let derived = model.derivedQuantities
      let solver = EquilibriumSolver(model: model)
      guard let reference = model.nonstoichiometryReference, let ns = model.nonstoichiometry else { continue }
      let atoms = model.species.map { Double($0.label.formula.atoms[ns.element] ?? 0) }
      let oxygen = model.species.map { Double($0.label.formula.atoms["O"] ?? 0) }
      let water: [Double?] = model.gases.contains { $0.pressureName == "pH2O" } ? [1e-5, 1] : [nil]
      for T in stride(from: 300.0, through: 1500, by: 200) {
        for w in water {
          for k in 0...15 {
            let pO2 = pow(10, -30 + 2 * Double(k))
            var pressures = ["pO2": pO2]
            if let w { pressures["pH2O"] = w }
            for g in model.gases where pressures[g.pressureName] == nil { pressures[g.pressureName] = 1e-3 }
            guard let state = try? solver.solve(Conditions(temperature: T, pressures: pressures), continuation: k > 0),
                  state.converged, let sens = solver.sensitivities(includingTemperature: false),
                  let s = sens.withRespectTo.slice("pO2") else { continue }
            let c = state.concentrations
            var content = 0.0, scale = 0.0, dO = 0.0, dScale = 0.0
            for i in c.indices {
              content += atoms[i] * c[i]; scale += abs(atoms[i] * c[i])
              dO += oxygen[i] * c[i] * s[s.startIndex + i]; dScale += abs(oxygen[i] * c[i] * s[s.startIndex + i])
            }
            let direct = ns.excess ? content - reference : reference - content
            let delta = try XCTUnwrap(derived.nonstoichiometry(c))
            XCTAssertEqual(delta, direct, accuracy: 1e-9 * max(scale, abs(reference)),
                           "\(name) δ at \(T) K, \(pO2) atm, \(pressures)")
            XCTAssertEqual(derived.oxygenContentDerivative(c, along: s), dO, accuracy: 1e-9 * max(dScale, 1e-300),
                           "\(name) dc_O/d ln pO2 at \(T) K, \(pO2) atm")
          }
        }
      }
    }
  }

  /// A sweep's row writer keeps its minority forms from row to row and recomputes them only when the order of
  /// concentrations changes the basis: along isotherms from 1e-30 to 1 atm and across 300–1500 K (where the
  /// basis does change: vacancies against associates, electrons against holes), δ and dc_O/d ln pO2 from the
  /// kept forms are bit for bit those computed afresh.
  func testKeptMinorityFormsGiveTheSameBitsAsFreshOnes() throws {
    let fixture = try DefectModel.load(yaml: try Self.fixture("acceptor-band-oxide.yaml"), file: "acceptor-band-oxide.yaml")
    for model in [try Self.builtin("gdc10"), try Self.builtin("bcy10"), try Self.builtin("lno"), try Self.builtin("lsf"), fixture] {
      let derived = model.derivedQuantities
      let solver = EquilibriumSolver(model: model)
      let forms = MinorityForms(derived.conservation)
      var bases = Set<[Bool]>()
      for T in stride(from: 300.0, through: 1500, by: 100) {
        for k in 0...60 {
          var pressures = ["pO2": pow(10, -30 + Double(k) / 2)]
          for g in model.gases where g.pressureName != "pO2" { pressures[g.pressureName] = 0.03 }
          let state = try solver.solve(Conditions(temperature: T, pressures: pressures), continuation: k > 0)
          guard state.converged, let s = solver.sensitivities(includingTemperature: false)?.withRespectTo.slice("pO2") else { continue }
          let c = state.concentrations
          XCTAssertEqual(derived.nonstoichiometry(c, forms)?.bitPattern, derived.nonstoichiometry(c)?.bitPattern, model.name)
          XCTAssertEqual(derived.oxygenContentDerivative(c, along: s, forms).bitPattern,
                         derived.oxygenContentDerivative(c, along: s).bitPattern, model.name)
          bases.insert((0..<forms.n).map { forms.inBasis[$0] })
        }
      }
      if model.name == "gdc10" { XCTAssertGreaterThan(bases.count, 1, "the basis changes along the grid") }
    }
  }
}
