import Foundation

/// Explicit derivatives ∂F/∂θ of the residuals (§3.3–3.4 of docs/theory.md) with respect to temperature
/// and to model parameters, at fixed x = ln c. With the Jacobian J = ∂F/∂x they give the exact
/// sensitivities of a solved state, dx/dθ = −J⁻¹ ∂F/∂θ (implicit-function theorem).
extension EquilibriumSystem {
  /// E_r = Σ_j V_rj c_j + E_r,fixed (eV) for reaction row r at the concentrations in `c`.
  private func excessEnergy(_ k: Int) -> Double {
    var e = interactionFixed[k]
    for j in 0..<n { e += interaction[k * n + j] * c[j] }
    return e
  }

  /// Fills c = exp(x) and the Fermi–Dirac slopes dφ_j/dx_j at x (as `evaluate` does). `false` if x is invalid.
  private func load(_ x: UnsafeBufferPointer<Double>) -> Bool {
    evaluate(x, residual: nil, jacobian: nil)
  }

  /// ∂F/∂T at x (1/K): only mass-action rows depend on T,
  ///
  ///     ∂F_r/∂T = −dρ_r/dT − s·(β/T)·E_r − s·Σ_{j∈FD} ν_rj·(dφ_j/dy_j)·(3/2)/T,
  ///     dρ_r/dT = ΔH_r/(k_B T²) + Σ_j ν_rj·(3/2)[j band]/T,
  ///
  /// where y_j = x_j − ln N_eff,j(T) is the occupancy Fermi–Dirac terms depend on.
  func temperatureDerivative(_ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) -> Bool {
    guard load(x) else { return false }
    let t = temperature
    let kT2 = PhysicalConstants.boltzmannEV * t * t
    for k in 0..<n { out[k] = 0 }
    for k in 0..<r {
      var dRho = enthalpy[k] / kT2
      for j in 0..<n where nu[k * n + j] != 0 { dRho += nu[k * n + j] * bandExponent[j] / t }
      var v = -dRho
      if nonIdeal {
        v -= nonIdealScale * beta / t * excessEnergy(k)
        for j in fermiDirac { v -= nonIdealScale * nu[k * n + j] * dPhi[j] * bandExponent[j] / t }
      }
      out[k] = v
    }
    return true
  }

  /// ∂F/∂θ at x for one model parameter (engine units: eV, k_B, pfu).
  ///
  /// - ΔH_r: ∂F_r/∂ΔH_r = β;  ΔS_r: ∂F_r/∂ΔS_r = −1;
  /// - interaction W (and its mirror): ∂F_r/∂W = s·β·Σ_{entries} ν_r,i c_j;
  /// - fixed level v of species i: site rows ∂F_s/∂v = occ(i,s)/N_s, charge ∂F_q/∂v = (z_i Q − P|z_i|)/Q²,
  ///   and the mass-action rows through interactions with i as partner, s·β·Σ ν_r,i' W_i'i;
  /// - fixed total T_t: ∂F_t/∂T_t = −(Σ w c)/T_t² (= −1/T_t at a solution);
  /// - a mobility law parameter: 0 (mobilities enter conductivities, not the equilibrium).
  func parameterDerivative(_ parameter: DefectModel.Parameter, _ x: UnsafeBufferPointer<Double>,
                           into out: UnsafeMutableBufferPointer<Double>) -> Bool {
    guard load(x) else { return false }
    for k in 0..<n { out[k] = 0 }
    var column: [Int: Int] = [:]
    for (j, i) in structure.free.enumerated() { column[i] = j }
    switch parameter {
    case .enthalpy(let reaction): out[reaction] = beta
    case .entropy(let reaction): out[reaction] = -1
    case .interaction(let index):
      let name = model.interactions[index].name
      for w in model.interactions where w.name == name || w.name == name + "_mirror" {
        let partner: Double
        if let j = column[w.partner] { partner = c[j] } else if case .fixed(let v) = model.species[w.partner].role { partner = v } else { continue }
        for (k, reaction) in model.reactions.enumerated() {
          for term in reaction.species where term.index == w.species { out[k] += nonIdealScale * beta * term.nu * partner }
        }
      }
    case .fixedLevel(let i):
      let species = model.species[i]
      for (q, constraint) in structure.constraints.enumerated() {
        switch constraint {
        case .sites(let s): out[r + q] = model.occupancy(of: i, on: s) / scale[q]
        case .total: break
        case .electroneutrality:
          var p = fixedCharge, qa = fixedAbsCharge
          for j in 0..<n {
            let z = a[q * n + j]
            p += z * c[j]
            qa += abs(z) * c[j]
          }
          let z = Double(species.charge)
          out[r + q] = (z * qa - p * abs(z)) / (qa * qa)
        }
      }
      for w in model.interactions where w.partner == i {
        for (k, reaction) in model.reactions.enumerated() {
          for term in reaction.species where term.index == w.species { out[k] += nonIdealScale * beta * term.nu * w.energy }
        }
      }
    case .total(let t):
      for (q, constraint) in structure.constraints.enumerated() {
        guard case .total(let tt) = constraint, tt == t else { continue }
        var sum = 0.0
        for j in 0..<n { sum += a[q * n + j] * c[j] }
        out[r + q] = -sum / (scale[q] * scale[q])
      }
    case .mobility: break
    }
    return true
  }
}
