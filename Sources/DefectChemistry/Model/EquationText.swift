import Foundation

/// The equilibrium equations of a model in readable form, as `brouwer check` prints them: unknowns, fixed
/// levels, each mass-action law with its K, balances, δ's definition and the transport laws.
public struct EquationText: Sendable {
  public let model: DefectModel

  public init(model: DefectModel) { self.model = model }

  private func activity(_ i: Int) -> String {
    let s = model.species[i]
    if s.bandN300 != nil { return s.statistics == .fermiDirac ? "exp(η_\(s.name))" : "[\(s.name)]/N_eff" }
    let n = model.sublattices[s.siteIndices[0]].sites
    return n == 1 ? "[\(s.name)]" : "[\(s.name)]/\(short(n))"
  }

  private func power(_ base: String, _ nu: Double) -> String {
    let a = abs(nu)
    if a == 1 { return base }
    let text = a == 0.5 ? "1/2" : short(a)
    return "(\(base))^\(text)"
  }

  /// 2 rather than 2.0; otherwise up to 6 significant digits (a typographic minus).
  func short(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? "\(Int(x))" : String(format: "%.6g", x).replacingOccurrences(of: "-", with: "−")
  }

  public func render() -> String {
    var out = ["\(model.name): valid (\(model.file))"]
    if !model.formula.isEmpty { out.append("formula: \(model.formula)") }
    let eq = model.equationStructure
    out.append("unknowns (\(eq.free.count)): " + eq.free.map { model.species[$0].name }.joined(separator: ", "))
    let fixed = model.species.filter { !$0.isFree }
    if !fixed.isEmpty {
      out.append("fixed: " + fixed.map { s in
        if case .fixed(let v) = s.role { return "[\(s.name)] = \(short(v))" } else { return "" }
      }.joined(separator: ", "))
    }
    out.append("mass action (activities: site fractions, c/N_eff for band carriers, p/1 atm for gases):")
    for r in model.reactions {
      var num: [String] = [], den: [String] = []
      for t in r.species { (t.nu > 0 ? { num.append($0) } : { den.append($0) })(power(activity(t.index), t.nu)) }
      for g in r.gases { (g.nu > 0 ? { num.append($0) } : { den.append($0) })(power(model.gases[g.index].pressureName, g.nu)) }
      let lhs = (num.isEmpty ? "1" : num.joined(separator: "·")) + (den.isEmpty ? "" : " / (" + den.joined(separator: "·") + ")")
      out.append("  \(r.name): \(r.equation)")
      out.append("    \(lhs) = K = exp(ΔS/k_B − ΔH/k_BT), ΔH = \(short(r.enthalpy)) eV, ΔS = \(short(r.entropy)) k_B")
    }
    let degenerate = model.species.filter { $0.statistics == .fermiDirac }
    if !degenerate.isEmpty {
      out.append("Fermi–Dirac carriers: " + degenerate.map { "[\($0.name)]/N_eff = F_1/2(η_\($0.name))" }.joined(separator: ", "))
    }
    if !model.interactions.isEmpty {
      out.append("interactions (ln a_i += W·[j]/k_BT, multiplying each activity above by exp(W·[j]/k_BT)):")
      for w in model.interactions {
        out.append("  \(w.name): ln a(\(model.species[w.species].name)) += \(short(w.energy)) eV · [\(model.species[w.partner].name)]/k_BT")
      }
    }
    for constraint in eq.constraints {
      switch constraint {
      case .sites(let s):
        let terms = model.species.indices.filter { model.occupancy(of: $0, on: s) > 0 }.map { "[\(model.species[$0].name)]" }
        out.append("  sites \(model.sublattices[s].name): \(terms.joined(separator: " + ")) = \(short(model.sublattices[s].sites))")
      case .total(let t):
        let total = model.totals[t]
        out.append("  total \(total.name): " + total.terms.map { "\($0.weight == 1 ? "" : short($0.weight) + "·")[\(model.species[$0.index].name)]" }.joined(separator: " + ") + " = \(short(total.value))")
      case .electroneutrality:
        func side(_ positive: Bool) -> String {
          let terms = model.species.filter { positive ? $0.charge > 0 : $0.charge < 0 }
            .map { (abs($0.charge) == 1 ? "" : "\(abs($0.charge))") + "[\($0.name)]" }
          return terms.isEmpty ? "0" : terms.joined(separator: " + ")
        }
        out.append("  electroneutrality: \(side(true)) = \(side(false))")
      }
    }
    if let ns = model.nonstoichiometry {
      var reference = short(ns.nominal)
      for t in ns.perFixedLevel {
        reference += (t.coefficient < 0 ? " − " : " + ") + "\(short(abs(t.coefficient)))[\(model.species[t.species].name)]"
      }
      for t in ns.perTotal {
        reference += (t.coefficient < 0 ? " − " : " + ") + "\(short(abs(t.coefficient)))·total(\(model.totals[t.total].name))"
      }
      let shown = ns.perFixedLevel.isEmpty && ns.perTotal.isEmpty ? "" : " (= \(short(model.nonstoichiometryReference!)) at the levels above)"
      out.append(ns.excess ? "delta = (\(ns.element) atoms per formula unit) − \(reference)\(shown)"
                           : "delta = \(reference)\(shown) − (\(ns.element) atoms per formula unit)")
    }
    out.append(contentsOf: transportLines())  // EquationText+Transport.swift
    if let fit = model.fitCovariance {
      let p = fit.entries.count
      var summary = "fit covariance (sweep, plot, map --band): \(p) fitted parameter\(p == 1 ? "" : "s")"
      if let r = fit.reducedChiSquared, let d = fit.degreesOfFreedom { summary += ", chi²/dof \(short(r)) on \(d) degrees of freedom" }
      if let s = fit.scaling { summary += ", covariance \(s.replacingOccurrences(of: "_", with: " "))" }
      out.append(summary)
      for (i, e) in fit.entries.enumerated() {
        let correlations = fit.entries.indices.filter { $0 != i }.map { j in
          "ρ(\(fit.entries[j].name)) \(String(format: "%.3f", fit.covariance[i * p + j] / (fit.covariance[i * p + i] * fit.covariance[j * p + j]).squareRoot()))"
        }
        out.append("  \(e.name) = \(short(e.value)) ± \(short(e.standardError)) \(e.parameter.unit)" + (correlations.isEmpty ? "" : "; " + correlations.joined(separator: ", ")))
      }
    }
    return out.joined(separator: "\n")
  }
}
