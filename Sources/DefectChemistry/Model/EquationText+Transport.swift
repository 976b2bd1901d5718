import Foundation

/// The transport laws of a model in readable form, for `brouwer check` (docs/theory.md §8.1, §8.4, §8.5).
extension EquationText {
  func transportLines() -> [String] {
    var out: [String] = []
    let mobile = model.mobileSpecies
    if !mobile.isEmpty {
      out.append("transport (σ_k = |z|·e·N_fu·c_k·μ_k(T)·f_k, S/cm):")
      for k in mobile {
        let s = model.species[k]
        var line = "  \(s.name) (\(s.carrier?.rawValue ?? "?")): "
        switch s.mobility {
        case .hopping(let a, let ea)?: line += "μ = (\(short(a))/T)·exp(−\(short(ea)) eV/k_BT)"
        case .band(let mu, let m)?: line += "μ = \(short(mu))·(T/300 K)^−\(short(m))"
        case nil: break
        }
        let modifiers = s.mobilityModifiers
        var factors: [String] = []
        if modifiers.siteExclusion, let sites = model.siteCount(of: k) {
          factors.append("(1 − [\(s.name)]\(sites == 1 ? "" : "/" + short(sites)))")
        }
        for b in modifiers.blocking {
          let sum = b.terms.map { ($0.weight == 1 ? "" : short($0.weight) + "·") + "[\(model.species[$0.species].name)]" }
            .joined(separator: " + ")
          let single = b.terms.count == 1 && b.terms[0].weight == 1
          let y = (single ? sum : "(\(sum))") + (b.sites == 1 ? "" : "/" + short(b.sites))
          factors.append("(1 − \(y))^\(short(b.exponent))")
        }
        line += factors.isEmpty ? "" : ", f = " + factors.joined(separator: "·")
        out.append(line)
      }
    }
    if let x = model.surfaceExchange {
      let rate = "\(short(x.prefactor))·exp(−\(short(x.activationEnergy)) eV/k_BT)"
      switch x.law {
      case .kChem: out.append("surface exchange: J_O2 = ½·k_chem·Δc_O, k_chem = \(rate) cm/s")
      case .exchangeRate(let n):
        out.append("surface exchange: J_O2 = ℜ₀·((p_hi/p_lo)^\(short(n)) − 1), ℜ₀ = \(rate) mol cm⁻² s⁻¹")
      }
    }
    return out
  }
}
