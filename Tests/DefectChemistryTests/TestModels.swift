import DefectChemistry
import Foundation
import XCTest

/// Small models written for the tests (not the built-in materials, whose parameters may change).
enum TestModels {
  /// Acceptor-doped ceria: reduction to Ce_Ce' small polarons, band holes, fixed Gd_Ce'.
  static func ceria(dopant: Double = 0.10, reductionH: String = "4.0 eV", reductionS: String = "12 kB") -> String {
    """
    name: ceria-test
    formula: Ce1-xGdxO2-x/2-δ
    sublattices: {Ce: 1, O: 2}
    species:
      - {label: "Gd_Ce'", fixed: \(dopant)}
      - {label: "Ce_Ce'"}
      - {label: "Ce_Ce^x", host: true}
      - {label: "V_O.."}
      - {label: "O_O^x", host: true}
      - {label: "h.", band: {N300: 1.0}}
    reactions:
      - {name: reduction, equation: "O_O^x + 2 Ce_Ce^x = 1/2 O2(g) + V_O.. + 2 Ce_Ce'", dH: \(reductionH), dS: \(reductionS)}
      - {name: polaron, equation: "Ce_Ce' + h. = Ce_Ce^x", dH: -3.0 eV, dS: 0 kB}
    """
  }

  /// Undoped ceria (no acceptor at all).
  static let undopedCeria = """
    name: ceo2-test
    sublattices: {Ce: 1, O: 2}
    species:
      - {label: "Ce_Ce'"}
      - {label: "Ce_Ce^x", host: true}
      - {label: "V_O.."}
      - {label: "O_O^x", host: true}
      - {label: "h.", band: {N300: 1.0}}
    reactions:
      - {name: reduction, equation: "O_O^x + 2 Ce_Ce^x = 1/2 O2(g) + V_O.. + 2 Ce_Ce'", dH: 466 kJ/mol, dS: 137.0 J/(mol K)}
      - {name: polaron, equation: "Ce_Ce' + h. = Ce_Ce^x", dH: -3.0 eV, dS: 0 kB}
    """

  /// Hydration only: acceptor-doped perovskite with protons and vacancies, no electronic defects.
  static func hydration(acceptor: Double = 0.1, dH: String = "-79.5 kJ/mol", dS: String = "-88.9 J/(mol K)") -> String {
    """
    name: hydration-test
    sublattices: {Ba: 1, Zr: 1, O: 3}
    species:
      - {label: "Ba_Ba^x", host: true}
      - {label: "Zr_Zr^x", host: true}
      - {label: "Y_Zr'", fixed: \(acceptor)}
      - {label: "V_O.."}
      - {label: "O_O^x", host: true}
      - {label: "OH_O."}
    reactions:
      - {name: hydration, equation: "H2O(g) + V_O.. + O_O^x = 2 OH_O.", dH: \(dH), dS: \(dS)}
    """
  }

  /// The hydration model with part of the acceptors bound in a fixed, neutral, non-hydratable cluster
  /// (Y_Zr V_O Y_Zr)^x at `trapped` pfu: the free acceptors 0.1 − 2·trapped set the hydratable vacancies, and the
  /// cluster's vacancy takes one O site. Closed form in HydrationClosedFormTests.limitedClosedForm.
  static func limitedHydration(trapped: Double, dH: String = "-0.77 eV", dS: String = "-0.9e-3 eV/K") -> String {
    hydration(acceptor: 0.1 - 2 * trapped, dH: dH, dS: dS)
      .replacingOccurrences(of: "  - {label: \"V_O..\"}", with: "  - {label: \"(Y_Zr V_O Y_Zr)^x\", fixed: \(trapped)}\n  - {label: \"V_O..\"}")
  }

  static func load(_ yaml: String, file: String = "test.yaml") throws -> DefectModel {
    try DefectModel.load(yaml: yaml, file: file)
  }
}

/// Independent re-check of a solved state from the model alone: every mass-action law (in activities),
/// every site balance and electroneutrality. Returns the worst violation.
func equilibriumViolation(_ model: DefectModel, _ state: EquilibriumState) -> Double {
  let c = state.concentrations
  let T = state.conditions.temperature
  var worst = 0.0
  // ln a_i: ideal (site fraction or c/N_eff), Fermi–Dirac η by bisection on F_½, plus Σ_j W_ij c_j/k_BT.
  func lnActivity(_ i: Int) -> Double {
    let s = model.species[i]
    let excess = model.interactions.filter { $0.species == i }.reduce(0.0) { $0 + $1.energy * c[$1.partner] }
      / ((1.380649e-23 / 1.602176634e-19) * T)
    if let n300 = s.bandN300 {
      let u = c[i] / (n300 * pow(T / 300, 1.5))
      guard s.statistics == .fermiDirac else { return log(u) + excess }
      var lo = log(u) - 1, hi = max(log(u), 0) + 2 * pow(u, 2.0 / 3) + 1
      for _ in 0..<200 {
        let mid = 0.5 * (lo + hi)
        if FermiDiracStatistics.occupancy(reducedFermiLevel: mid)! < u { lo = mid } else { hi = mid }
      }
      return 0.5 * (lo + hi) + excess
    }
    return log(c[i] / model.sublattices[s.siteIndices[0]].sites) + excess
  }
  for r in model.reactions {
    var lhs = 0.0
    for t in r.species { lhs += t.nu * lnActivity(t.index) }
    for g in r.gases { lhs += g.nu * log(state.conditions.pressures[model.gases[g.index].pressureName]!) }
    worst = max(worst, abs(lhs - r.lnK(at: T)))
  }
  for (s, sub) in model.sublattices.enumerated() {
    var total = 0.0
    for i in model.species.indices { total += c[i] * model.occupancy(of: i, on: s) }
    worst = max(worst, abs(total - sub.sites) / sub.sites)
  }
  for t in model.totals {
    var sum = 0.0
    for term in t.terms { sum += term.weight * c[term.index] }
    worst = max(worst, abs(sum - t.value) / t.value)
  }
  var charge = 0.0, magnitude = 0.0
  for (i, s) in model.species.enumerated() {
    charge += Double(s.charge) * c[i]
    magnitude += Double(abs(s.charge)) * c[i]
  }
  worst = max(worst, abs(charge) / magnitude)
  return worst
}

func logSpaced(_ from: Double, _ to: Double, count: Int) -> [Double] {
  (0..<count).map { pow(10, log10(from) + (log10(to) - log10(from)) * Double($0) / Double(count - 1)) }
}
