import Foundation

/// Newton on the convex dual of the equilibrium problem: the cold start, and the fast continuation step.
///
/// Every solution of the mass-action laws can be written x = g + Aᵀλ, where g = P·ρ satisfies them
/// exactly and A holds the conserved quantities (sites per sublattice, fixed totals, charge); each
/// reaction conserves all of them (checked when the model is built), so ν·Aᵀ = 0. The remaining
/// equations A·c(λ) = b are the stationarity conditions of the convex function
///
///     Φ(λ) = Σ_i exp(g_i + (Aᵀλ)_i) − b·λ,
///
/// whose Hessian A·diag(c)·Aᵀ is positive definite. Damped Newton on Φ (Jacobi-scaled, each step
/// capped at 10 in any ln c, Armijo backtracking while far away) therefore converges from any
/// start — at any pO2 and T, across 40 decades — without a Brouwer-regime guess. This is the
/// generalisation of a bracketed search on the electron chemical potential: λ are the potentials
/// conjugate to sites, totals and charge.
///
/// Along a sweep the potentials λ vary smoothly, so the previous point's λ (extrapolated linearly
/// from the two before it) is an excellent start: a few undamped Newton steps on the m × m system
/// (m = sublattices + totals + 1) reach the tolerance, with mass action exact by construction.
///
/// A is sparse (a species sits on one or two sublattices and most totals name a few species), so the sums
/// over species run over A's non-zero entries only (``SparseConservation``), in the same order as the
/// dense loops: a skipped term is an exact zero (0·c with c finite), and adding ±0 to a sum that started
/// at +0 never changes it — the iterates are the same bits as with the dense loops.
struct DualNewton: ~Copyable {
  let system: EquilibriumSystem
  private let sparse: SparseConservation
  /// The conserved-quantity potentials of the current iterate (read by the solver for continuation).
  let lambda: UnsafeMutableBufferPointer<Double>
  private let trial, gradient, step, scaleWork: UnsafeMutableBufferPointer<Double>
  private let hessian: UnsafeMutableBufferPointer<Double>
  private let g: UnsafeMutableBufferPointer<Double>

  init(system: EquilibriumSystem) {
    self.system = system
    let m = system.m, n = system.n
    func buffer(_ k: Int) -> UnsafeMutableBufferPointer<Double> {
      let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(k, 1))
      b.initialize(repeating: 0)
      return b
    }
    lambda = buffer(m); trial = buffer(m); gradient = buffer(m); step = buffer(m); scaleWork = buffer(m)
    hessian = buffer(m * m); g = buffer(n)
    sparse = SparseConservation(a: UnsafeBufferPointer(system.a), m: m, n: n)
  }

  /// The buffers belong to this value alone (it cannot be copied), and go with it (its `sparse` too).
  deinit {
    for b in [lambda, trial, gradient, step, scaleWork, hessian, g] { b.deallocate() }
  }

  /// From nothing: λ from a least-squares fit of x to "hosts fill their sites, defects are dilute",
  /// then damped Newton. Writes x = g + Aᵀλ; returns the iterations, or `nil` if it failed.
  func coldStart(into x: UnsafeMutableBufferPointer<Double>, maxIterations: Int = 500) -> Int? {
    startingPoint(into: x)
    guard fitPotentials(to: UnsafeBufferPointer(x)) else { return nil }
    return newton(x, maxIterations: maxIterations)
  }

  /// The dilute starting point: regular occupants on their sites, defects at 1e-4 of their sites,
  /// band carriers at 1e-8 of N_eff.
  func startingPoint(into x: UnsafeMutableBufferPointer<Double>) {
    system.particularSolution(into: g)
    for j in 0..<system.n {
      let species = system.model.species[system.structure.free[j]]
      let dilution = species.label.isBandCarrier ? 1e-8 : (species.label.isRegular ? 1.0 : 1e-4)
      x[j] = system.lnReference(j) + log(dilution)
    }
  }

  /// From `prediction` (m potentials): at most `maxIterations` Newton steps. `nil` if not converged.
  func continuation(from prediction: UnsafeBufferPointer<Double>, into x: UnsafeMutableBufferPointer<Double>,
                    maxIterations: Int = 8) -> Int? {
    system.particularSolution(into: g)
    for k in 0..<system.m { lambda[k] = prediction[k] }
    return newton(x, maxIterations: maxIterations)
  }

  /// λ minimising |g + Aᵀλ − x|² at the prepared conditions: (A Aᵀ) λ = A (x − g).
  @discardableResult
  func fitPotentials(to x: UnsafeBufferPointer<Double>) -> Bool {
    let n = system.n, m = system.m, a = system.a
    system.particularSolution(into: g)
    for k in 0..<m {
      var s = 0.0
      for j in 0..<n { s += a[k &* n &+ j] * (x[j] - g[j]) }
      gradient[k] = s
      for l in 0..<m {
        var h = 0.0
        for j in 0..<n { h += a[k &* n &+ j] * a[l &* n &+ j] }
        hessian[k &* m &+ l] = h
      }
    }
    guard choleskySolve(hessian, gradient, scale: scaleWork, m) else { return false }
    for k in 0..<m { lambda[k] = gradient[k] }
    return true
  }

  private func newton(_ x: UnsafeMutableBufferPointer<Double>, maxIterations: Int) -> Int? {
    let n = system.n, m = system.m
    guard var (phi, worst) = potential(lambda, x) else { return nil }
    for iteration in 0..<maxIterations {
      if worst < 1e-14 { return iteration }
      // Gradient A·c − b and Hessian A·diag(c)·Aᵀ at λ (c was left in place by `potential`).
      let q = m - 1
      let c = system.c, target = system.target
      let rowStart = sparse.rowStart, column = sparse.rowColumn, value = sparse.rowValue
      let pairStart = sparse.pairStart, pairColumn = sparse.pairColumn, product = sparse.pairProduct
      var pair = 0
      for k in 0..<m {
        var s = 0.0
        var e = rowStart[k]
        while e < rowStart[k &+ 1] { s += value[e] * c[column[e]]; e &+= 1 }
        gradient[k] = s - (k == q ? -system.fixedCharge : target[k])
        for l in 0...k {
          var h = 0.0
          var e = pairStart[pair]
          while e < pairStart[pair &+ 1] { h += product[e] * c[pairColumn[e]]; e &+= 1 }
          pair &+= 1
          hessian[k &* m &+ l] = h
          hessian[l &* m &+ k] = h
        }
      }
      for k in 0..<m { step[k] = -gradient[k] }
      guard choleskySolve(hessian, step, scale: scaleWork, m) else { return nil }
      var biggest = 0.0
      let skipZeros = sparse.allFinite(step, m)
      for j in 0..<n { biggest = max(biggest, abs(sparse.columnSum(j, step, startingAt: 0, skipZeros: skipZeros))) }
      let cap = 10.0
      var alpha = biggest > cap ? cap / biggest : 1
      var slope = 0.0
      for k in 0..<m { slope += gradient[k] * step[k] }
      // Backtracking: accept a sufficient decrease of Φ, or — once Φ's changes drop below its
      // rounding — a decrease of the worst relative residual.
      var accepted = false
      for _ in 0..<60 {
        for k in 0..<m { trial[k] = lambda[k] + alpha * step[k] }
        if let (p, w) = potential(trial, x), p <= phi + 1e-4 * alpha * slope || w < (1 - 1e-4 * alpha) * worst {
          (phi, worst) = (p, w)
          accepted = true
          break
        }
        alpha *= 0.5
      }
      guard accepted else { return nil }
      for k in 0..<m { lambda[k] = trial[k] }
    }
    return worst < 1e-14 ? maxIterations : nil
  }

  /// Φ(λ) = Σ c − b·λ and the worst relative conservation residual; leaves x = g + Aᵀλ and
  /// c = exp(x) in place. `nil` on overflow.
  private func potential(_ l: UnsafeMutableBufferPointer<Double>, _ x: UnsafeMutableBufferPointer<Double>) -> (Double, Double)? {
    let n = system.n, m = system.m
    let c = system.c, cAt = system.cAt
    var phi = 0.0
    // over A's non-zero entries when every λ is finite (then the skipped terms are exact zeros), else dense
    let skipZeros = sparse.allFinite(l, m)
    for j in 0..<n {
      let s = sparse.columnSum(j, l, startingAt: g[j], skipZeros: skipZeros)
      guard s <= EquilibriumSystem.lnMax, !s.isNaN else { return nil }
      x[j] = s
      let cj = exp(s)
      c[j] = cj
      cAt[j] = s
      phi += cj
    }
    let q = m - 1
    var worst = 0.0
    let rowStart = sparse.rowStart, column = sparse.rowColumn, value = sparse.rowValue
    for k in 0..<m {
      let b = k == q ? -system.fixedCharge : system.target[k]
      phi -= b * l[k]
      var sum = 0.0, magnitude = k == q ? system.fixedAbsCharge : system.scale[k]
      var e = rowStart[k]
      while e < rowStart[k &+ 1] {
        let cj = c[column[e]]
        sum += value[e] * cj
        if k == q { magnitude += abs(value[e]) * cj }
        e &+= 1
      }
      let rel = abs(sum - b) / magnitude
      if !(rel <= worst) { worst = rel }
    }
    return (phi, worst)
  }
}
