import Foundation
import GSL

/// The equilibrium equations of a ``DefectModel`` in numeric form, as residuals F(x) = 0 in the
/// unknowns x_i = ln c_i (c_i per formula unit) of the free species, with their analytic Jacobian.
///
/// Rows (n = R + m of them, all dimensionless and O(1)-scaled):
/// - mass action, r < R:  F_r = Σ_i ν_ri x_i − ρ_r,  ρ_r = ln K_r(T) + Σ_i ν_ri ln N_ref,i(T) − Σ_g ν_rg ln p_g
///   (activities: c/N_site for lattice species, c/N_eff(T) for band carriers, p/1 atm for gases);
/// - site balance and fixed totals: F = (Σ_i A_ki c_i − b_k)/s_k with s_k the site count or the total;
/// - electroneutrality: F = (Σ_i z_i c_i + Z_fixed)/(Σ_i |z_i| c_i + |Z|_fixed).
///
/// Non-ideal activities (``DefectModel/interactions``, Fermi–Dirac band carriers) add to each mass-action row
///
///     s·[ β·Σ_j V_rj c_j + β·E_r,fixed + Σ_{j ∈ FD} ν_rj φ_j(x_j) ],   V_rj = Σ_i ν_ri W_ij,  β = 1/k_BT,
///
/// with E_r,fixed = Σ_i ν_ri Σ_{j fixed} W_ij c_j and φ_j = η_j − ln(c_j/N_eff,j) the Fermi–Dirac excess of
/// the carrier's activity; s = 1 (``nonIdealScale``) except during the cold-start homotopy. The Jacobian
/// gains s·(β V_rj c_j + ν_rj dφ_j/dx_j), dφ/dx = F_½(η)/F_{−½}(η) − 1.
///
/// All buffers are allocated once; ``evaluate(_:residual:jacobian:)`` allocates nothing.
final class EquilibriumSystem: MultirootSystem {
  let model: DefectModel
  let structure: DefectModel.EquationStructure
  let n: Int
  let r: Int
  let m: Int
  var dimension: Int { n }

  /// Mass-action coefficients, R × n.
  let nu: UnsafeMutableBufferPointer<Double>
  /// Conservation coefficients, m × n (last row: charges).
  let a: UnsafeMutableBufferPointer<Double>
  /// Minimum-norm right inverse of ν (n × R): g = P·ρ solves ν·g = ρ.
  let rightInverse: UnsafeMutableBufferPointer<Double>
  /// Gas coefficients, R × G.
  let gasNu: UnsafeMutableBufferPointer<Double>
  /// ln N_ref at 300 K (ln sites of the first sublattice, or ln N300) and the T^(3/2) flag of band carriers.
  let lnRef300: UnsafeMutableBufferPointer<Double>
  let bandExponent: UnsafeMutableBufferPointer<Double>
  let enthalpy: UnsafeMutableBufferPointer<Double>
  let entropy: UnsafeMutableBufferPointer<Double>
  /// Per-condition right-hand sides ρ (R), and conservation targets b and scales s (m).
  let rho: UnsafeMutableBufferPointer<Double>
  let target: UnsafeMutableBufferPointer<Double>
  let scale: UnsafeMutableBufferPointer<Double>
  let fixedCharge: Double
  let fixedAbsCharge: Double
  /// Scratch concentrations c_j = exp(x_j), and the x_j each was computed from (NaN: none yet). A caller
  /// that needs exp(x_j) again for the same x_j reads c_j instead (``concentration(_:lnValue:)``): exp is
  /// a pure function, so the result is the same bits.
  let c: UnsafeMutableBufferPointer<Double>
  let cAt: UnsafeMutableBufferPointer<Double>
  private(set) var temperature = 0.0
  private(set) var beta = 0.0
  /// ρ_k without its gas terms at `rhoTemperature` (once `haveRhoThermal`).
  private let rhoThermal: UnsafeMutableBufferPointer<Double>
  private var rhoTemperature = 0.0
  private var haveRhoThermal = false

  /// Whether any non-ideal term is present (interactions or Fermi–Dirac carriers).
  let nonIdeal: Bool
  /// V = ν·W over free columns (R × n, eV) and the fixed-species part E_r,fixed (R, eV).
  let interaction: UnsafeMutableBufferPointer<Double>
  let interactionFixed: UnsafeMutableBufferPointer<Double>
  /// Unknowns with Fermi–Dirac statistics, and per-unknown scratch φ_j, dφ_j/dx_j and ln N_ref,j(T).
  let fermiDirac: [Int]
  let phi, dPhi, lnRefT: UnsafeMutableBufferPointer<Double>
  /// Homotopy weight of the non-ideal terms (1 = the model as written).
  var nonIdealScale = 1.0

  /// Largest ln c for which exp stays finite with room for sums.
  static let lnMax = 700.0

  init(model: DefectModel) {
    self.model = model
    structure = model.equationStructure
    n = structure.unknownCount
    r = structure.reactionCount
    m = structure.constraints.count
    let G = model.gases.count
    func buffer(_ k: Int) -> UnsafeMutableBufferPointer<Double> {
      let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(k, 1))
      b.initialize(repeating: 0)
      return b
    }
    nu = buffer(r * n); a = buffer(m * n); rightInverse = buffer(n * r); gasNu = buffer(r * G)
    lnRef300 = buffer(n); bandExponent = buffer(n); enthalpy = buffer(r); entropy = buffer(r)
    rho = buffer(r); rhoThermal = buffer(r); target = buffer(m); scale = buffer(m); c = buffer(n)
    cAt = buffer(n)
    cAt.update(repeating: .nan)
    interaction = buffer(r * n); interactionFixed = buffer(r)
    phi = buffer(n); dPhi = buffer(n); lnRefT = buffer(n)
    let freeSpecies = structure.free
    fermiDirac = freeSpecies.indices.filter { model.species[freeSpecies[$0]].statistics == .fermiDirac }
    nonIdeal = model.isNonIdeal
    var column: [Int: Int] = [:]
    for (j, i) in structure.free.enumerated() { column[i] = j }
    for (k, reaction) in model.reactions.enumerated() {
      for term in reaction.species {
        for w in model.interactions where w.species == term.index {
          if let j = column[w.partner] {
            interaction[k &* n &+ j] += term.nu * w.energy
          } else if case .fixed(let level) = model.species[w.partner].role {
            interactionFixed[k] += term.nu * w.energy * level
          }
        }
      }
    }
    for k in 0..<(r * n) { nu[k] = structure.massAction[k] }
    for k in 0..<(m * n) { a[k] = structure.conservation[k] }
    for (j, i) in structure.free.enumerated() {
      let s = model.species[i]
      if let n300 = s.bandN300 {
        lnRef300[j] = log(n300)
        bandExponent[j] = 1.5
      } else {
        lnRef300[j] = log(model.sublattices[s.siteIndices[0]].sites)
      }
    }
    for (k, reaction) in model.reactions.enumerated() {
      enthalpy[k] = reaction.enthalpy
      entropy[k] = reaction.entropy
      for g in reaction.gases { gasNu[k * G + g.index] = g.nu }
    }
    var zFixed = 0.0, zAbsFixed = 0.0
    for s in model.species { if case .fixed(let v) = s.role { zFixed += Double(s.charge) * v; zAbsFixed += Double(abs(s.charge)) * v } }
    fixedCharge = zFixed
    fixedAbsCharge = zAbsFixed
    for (k, constraint) in structure.constraints.enumerated() {
      switch constraint {
      case .sites(let s):
        var fixed = 0.0
        for (i, sp) in model.species.enumerated() { if case .fixed(let v) = sp.role { fixed += v * model.occupancy(of: i, on: s) } }
        scale[k] = model.sublattices[s].sites
        target[k] = model.sublattices[s].sites - fixed
      case .total(let t):
        scale[k] = model.totals[t].value
        target[k] = model.totals[t].value
      case .electroneutrality:
        scale[k] = 1
        target[k] = -zFixed
      }
    }
    computeRightInverse()
  }

  deinit {
    for b in [nu, a, rightInverse, gasNu, lnRef300, bandExponent, enthalpy, entropy, rho, rhoThermal, target, scale, c, cAt,
              interaction, interactionFixed, phi, dPhi, lnRefT] {
      b.deallocate()
    }
  }

  /// P = νᵀ(ν νᵀ)⁻¹, by Cholesky on the R × R Gram matrix (ν has full row rank after validation).
  private func computeRightInverse() {
    guard r > 0 else { return }
    let gram = UnsafeMutableBufferPointer<Double>.allocate(capacity: r * r)
    let col = UnsafeMutableBufferPointer<Double>.allocate(capacity: r)
    let d = UnsafeMutableBufferPointer<Double>.allocate(capacity: r)
    defer { gram.deallocate(); col.deallocate(); d.deallocate() }
    for unit in 0..<r {
      for p in 0..<r {
        for q in 0..<r {
          var s = 0.0
          for j in 0..<n { s += nu[p &* n &+ j] * nu[q &* n &+ j] }
          gram[p &* r &+ q] = s
        }
        col[p] = p == unit ? 1 : 0
      }
      _ = choleskySolve(gram, col, scale: d, r, ridge: 0)
      for j in 0..<n {
        var s = 0.0
        for p in 0..<r { s += nu[p &* n &+ j] * col[p] }
        rightInverse[j &* r &+ unit] = s
      }
    }
  }

  /// Sets T and the gas pressures (ln p in the order of ``DefectModel/gases``) for the next solves.
  /// The temperature part of ρ is kept with the T it belongs to, so that along an isotherm only the gas
  /// terms are recomputed — from the same partial sums, so ρ has the same bits either way.
  func prepare(temperature t: Double, lnPressures lnP: UnsafeBufferPointer<Double>) {
    let G = model.gases.count
    if !haveRhoThermal || t.bitPattern != rhoTemperature.bitPattern {
      temperature = t
      let lnT300 = log(t / 300)
      let beta = 1 / (PhysicalConstants.boltzmannEV * t)
      self.beta = beta
      for j in 0..<n { lnRefT[j] = lnRef300[j] + bandExponent[j] * lnT300 }
      for k in 0..<r {
        var v = entropy[k] - enthalpy[k] * beta
        for j in 0..<n where nu[k &* n &+ j] != 0 { v += nu[k &* n &+ j] * (lnRef300[j] + bandExponent[j] * lnT300) }
        rhoThermal[k] = v
      }
      rhoTemperature = t
      haveRhoThermal = true
    }
    for k in 0..<r {
      var v = rhoThermal[k]
      for g in 0..<G { v -= gasNu[k &* G &+ g] * lnP[g] }
      rho[k] = v
    }
  }

  /// ln N_ref of unknown j at the prepared temperature.
  func lnReference(_ j: Int) -> Double { lnRef300[j] + bandExponent[j] * log(temperature / 300) }

  /// exp(x_j) for unknown j: the scratch value when it was computed from this very x_j, else computed.
  @inline(__always)
  func concentration(_ j: Int, lnValue xj: Double) -> Double {
    cAt[j] == xj ? c[j] : exp(xj)
  }

  /// g = P·ρ: a point that satisfies every mass-action law exactly.
  func particularSolution(into g: UnsafeMutableBufferPointer<Double>) {
    for j in 0..<n {
      var s = 0.0
      for k in 0..<r { s += rightInverse[j &* r &+ k] * rho[k] }
      g[j] = s
    }
  }

  func evaluate(
    _ x: UnsafeBufferPointer<Double>,
    residual f: UnsafeMutableBufferPointer<Double>?,
    jacobian jac: UnsafeMutableBufferPointer<Double>?
  ) -> Bool {
    for j in 0..<n {
      let xj = x[j]
      guard xj <= Self.lnMax, xj.isFinite else { return false }
      if cAt[j] != xj { c[j] = exp(xj); cAt[j] = xj }
    }
    for k in 0..<r {
      if let f {
        var s = -rho[k]
        for j in 0..<n { s += nu[k &* n &+ j] * x[j] }
        f[k] = s
      }
      if let jac { for j in 0..<n { jac[k &* n &+ j] = nu[k &* n &+ j] } }
    }
    if nonIdeal && nonIdealScale != 0 {
      guard addNonIdealTerms(x, residual: f, jacobian: jac) else { return false }
    }
    let q = m - 1
    for k in 0..<q {
      let row = r + k
      let inv = 1 / scale[k]
      if let f {
        var s = -target[k]
        for j in 0..<n { s += a[k &* n &+ j] * c[j] }
        f[row] = s * inv
      }
      if let jac { for j in 0..<n { jac[row &* n &+ j] = a[k &* n &+ j] * c[j] * inv } }
    }
    var p = fixedCharge, qa = fixedAbsCharge
    for j in 0..<n {
      let z = a[q &* n &+ j]
      p += z * c[j]
      qa += abs(z) * c[j]
    }
    let row = r + q
    if qa == 0 { return false }
    if let f { f[row] = p / qa }
    if let jac {
      let inv2 = 1 / (qa * qa)
      for j in 0..<n {
        let z = a[q &* n &+ j]
        jac[row &* n &+ j] = (z * qa - p * abs(z)) * c[j] * inv2
      }
    }
    return true
  }

  /// Adds the interaction and Fermi–Dirac terms to the mass-action rows (c already holds exp(x)).
  private func addNonIdealTerms(
    _ x: UnsafeBufferPointer<Double>,
    residual f: UnsafeMutableBufferPointer<Double>?,
    jacobian jac: UnsafeMutableBufferPointer<Double>?
  ) -> Bool {
    let s = nonIdealScale
    for j in fermiDirac {
      guard let level = FermiDiracStatistics.reducedFermiLevel(lnOccupancy: x[j] - lnRefT[j]) else { return false }
      phi[j] = level.eta - (x[j] - lnRefT[j])
      dPhi[j] = level.slope - 1
    }
    let sb = s * beta
    for k in 0..<r {
      if let f {
        var e = interactionFixed[k]
        for j in 0..<n { e += interaction[k &* n &+ j] * c[j] }
        var v = sb * e
        for j in fermiDirac { v += s * nu[k &* n &+ j] * phi[j] }
        f[k] += v
      }
      if let jac {
        for j in 0..<n { jac[k &* n &+ j] += sb * interaction[k &* n &+ j] * c[j] }
        for j in fermiDirac { jac[k &* n &+ j] += s * nu[k &* n &+ j] * dPhi[j] }
      }
    }
    return true
  }
}
