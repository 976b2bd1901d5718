import Foundation

/// A guaranteed starting point for the equilibrium solve, from nothing but the model and the conditions.
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
struct ColdStart {
  let system: EquilibriumSystem
  private let lambda, trial, gradient, step, scaleWork: UnsafeMutableBufferPointer<Double>
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
  }

  func deallocate() {
    for b in [lambda, trial, gradient, step, scaleWork, hessian, g] { b.deallocate() }
  }

  /// Writes x = g + Aᵀλ into `x`; returns the number of Newton iterations, or `nil` if it failed.
  func solve(into x: UnsafeMutableBufferPointer<Double>, maxIterations: Int = 500) -> Int? {
    let n = system.n, m = system.m, a = system.a
    system.particularSolution(into: g)
    // Start: least-squares fit of x to "hosts fill their sites, defects are dilute".
    for j in 0..<n {
      let species = system.model.species[system.structure.free[j]]
      let dilution = species.label.isBandCarrier ? 1e-8 : (species.label.isRegular ? 1.0 : 1e-4)
      x[j] = system.lnReference(j) + log(dilution) - g[j]
    }
    for k in 0..<m {
      var s = 0.0
      for j in 0..<n { s += a[k * n + j] * x[j] }
      gradient[k] = s
      for l in 0..<m {
        var h = 0.0
        for j in 0..<n { h += a[k * n + j] * a[l * n + j] }
        hessian[k * m + l] = h
      }
    }
    guard choleskySolve(hessian, gradient, scale: scaleWork, m) else { return nil }
    for k in 0..<m { lambda[k] = gradient[k] }

    for iteration in 0..<maxIterations {
      guard let (phi, worst) = potential(lambda, x) else { return nil }
      if worst < 1e-14 { return iteration }
      // Gradient A·c − b and Hessian A·diag(c)·Aᵀ at λ.
      let q = m - 1
      for k in 0..<m {
        var s = 0.0
        for j in 0..<n { s += a[k * n + j] * system.c[j] }
        gradient[k] = s - (k == q ? -system.fixedCharge : system.target[k])
        for l in 0...k {
          var h = 0.0
          for j in 0..<n { h += a[k * n + j] * a[l * n + j] * system.c[j] }
          hessian[k * m + l] = h
          hessian[l * m + k] = h
        }
      }
      for k in 0..<m { step[k] = -gradient[k] }
      guard choleskySolve(hessian, step, scale: scaleWork, m) else { return nil }
      var biggest = 0.0
      for j in 0..<n {
        var s = 0.0
        for k in 0..<m { s += a[k * n + j] * step[k] }
        biggest = max(biggest, abs(s))
      }
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
          accepted = true
          break
        }
        alpha *= 0.5
      }
      guard accepted else { return nil }
      for k in 0..<m { lambda[k] = trial[k] }
    }
    return nil
  }

  /// Φ(λ) = Σ c − b·λ and the worst relative conservation residual; leaves x = g + Aᵀλ and
  /// c = exp(x) in place. `nil` on overflow.
  private func potential(_ l: UnsafeMutableBufferPointer<Double>, _ x: UnsafeMutableBufferPointer<Double>) -> (Double, Double)? {
    let n = system.n, m = system.m, a = system.a
    var phi = 0.0
    for j in 0..<n {
      var s = g[j]
      for k in 0..<m { s += a[k * n + j] * l[k] }
      guard s <= EquilibriumSystem.lnMax, !s.isNaN else { return nil }
      x[j] = s
      let cj = exp(s)
      system.c[j] = cj
      phi += cj
    }
    let q = m - 1
    var worst = 0.0
    for k in 0..<m {
      let b = k == q ? -system.fixedCharge : system.target[k]
      phi -= b * l[k]
      var sum = 0.0, magnitude = k == q ? system.fixedAbsCharge : system.scale[k]
      for j in 0..<n {
        sum += a[k * n + j] * system.c[j]
        if k == q { magnitude += abs(a[k * n + j]) * system.c[j] }
      }
      let rel = abs(sum - b) / magnitude
      if !(rel <= worst) { worst = rel }
    }
    return (phi, worst)
  }
}
