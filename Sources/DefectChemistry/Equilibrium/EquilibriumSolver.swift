import Foundation
import GSL

/// Solves a ``DefectModel`` for its equilibrium state at given conditions.
///
/// Per point:
/// - continuation (along a sweep, after a converged point): Newton on the convex dual
///   (``DualNewton``) from the previous potentials λ, linearly extrapolated from the two before;
///   if that does not converge, GSL `hybridsj` on the full system from the same prediction;
/// - otherwise, or if both fail: a cold start (``DualNewton/coldStart(into:maxIterations:)``,
///   globally convergent) polished by `hybridsj` on the full system in ln c.
/// A point is converged when every scaled residual of the full system (``EquilibriumSystem``) is
/// ≤ ``tolerance``; that check is made on every returned point, whichever path produced it.
///
/// One solver per thread; it owns its GSL objects and allocates nothing per point on the
/// ``solvePoint(temperature:lnPressures:continuation:)`` path.
///
/// Models with non-ideal activities (interactions, Fermi–Dirac carriers) break the dual's premise that
/// mass action is linear in ln c; they are solved on the full system instead (see `solveNonIdealPoint`):
/// hybridsj continuation along a sweep, and a homotopy from the ideal model's dual solution as cold start.
public final class EquilibriumSolver {
  public let model: DefectModel
  /// Largest accepted scaled residual (ln units for mass action, relative for balances).
  public static let tolerance = 1e-10

  let system: EquilibriumSystem
  private let dual: DualNewton
  private let multiroot: MultirootSolver
  let lu: DenseLU
  /// The current solution (ln c of the unknowns) and a right-hand side; read by EquilibriumSolver+PairedSlopes.
  let x, work: UnsafeMutableBufferPointer<Double>
  private let g, coldX, prediction, lambda1, lambda2: UnsafeMutableBufferPointer<Double>
  /// Non-ideal models: the last two solutions (continuation) and a homotopy checkpoint.
  private let previous1, previous2, saved: UnsafeMutableBufferPointer<Double>
  let jacobian: UnsafeMutableBufferPointer<Double>
  /// Whether `jacobian` holds J at the current solution (evaluated with the residual check, below).
  private(set) var jacobianIsCurrent = false
  /// Two Jacobians kept for ``keptPressureSlopes(_:_:slots:)`` (EquilibriumSolver+PairedSlopes), the second
  /// factorisation and right-hand side of that pair.
  let kept: [UnsafeMutableBufferPointer<Double>]
  let secondLU: DenseLU
  let secondWork: UnsafeMutableBufferPointer<Double>
  /// A right-hand side kept and a residual, for the refinement step of every slope solve (two: the pair).
  let rightHandSide, residualWork, secondRightHandSide, secondResidualWork: UnsafeMutableBufferPointer<Double>
  /// For a caller that asks for ``sensitivities(into:includingTemperature:)`` after every point (a sweep with
  /// slope-dependent columns): a point reached by continuation then has J evaluated in the same pass as
  /// its residual check (the same expressions, so the same J), not in a second pass.
  package var evaluatesJacobianWithResidual = false
  /// How many previous converged points of the current line are remembered (0, 1 or 2).
  private var history = 0
  /// Per species: its fixed level, or nil for a species solved for (read per point; the model's
  /// `Species` values are large and not copied in the hot path).
  private let fixedLevels: [Double?]
  let pressureNames: [String]

  /// Outcome of the low-level point solve; the solution stays in the solver (see ``copyConcentrations(into:)``).
  package struct PointOutcome: Sendable {
    public var converged: Bool
    public var residual: Double
    /// Newton (dual) plus hybridsj iterations.
    public var iterations: Int
    public var coldStart: Bool
  }

  public init(model: DefectModel) {
    self.model = model
    system = EquilibriumSystem(model: model)
    dual = DualNewton(system: system)
    let n = system.n, m = system.m
    multiroot = MultirootSolver(dimension: n)
    lu = DenseLU(dimension: n)
    func buffer(_ k: Int) -> UnsafeMutableBufferPointer<Double> {
      let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: k)
      b.initialize(repeating: 0)
      return b
    }
    x = buffer(n); g = buffer(n); coldX = buffer(n); work = buffer(n)
    previous1 = buffer(n); previous2 = buffer(n); saved = buffer(n)
    prediction = buffer(m); lambda1 = buffer(m); lambda2 = buffer(m)
    jacobian = buffer(n * n)
    kept = [buffer(n * n), buffer(n * n)]
    secondLU = DenseLU(dimension: n)
    secondWork = buffer(n)
    rightHandSide = buffer(n); residualWork = buffer(n); secondRightHandSide = buffer(n); secondResidualWork = buffer(n)
    pressureNames = model.gases.map(\.pressureName)
    fixedLevels = model.species.map { s in
      if case .fixed(let v) = s.role { return v }
      return nil
    }
  }

  deinit {
    // (dual, lu and secondLU are non-copyable owners: they free their own buffers)
    for b in [x, g, coldX, work, prediction, lambda1, lambda2, jacobian, previous1, previous2, saved, secondWork,
              rightHandSide, residualWork, secondRightHandSide, secondResidualWork] + kept {
      b.deallocate()
    }
  }

  /// Forgets the previous points, so the next solve starts cold.
  public func resetContinuation() { history = 0 }

  /// Solves one point. `lnPressures` follow ``DefectModel/gases``; T must be > 0 (the caller checks).
  package func solvePoint(temperature: Double, lnPressures: UnsafeBufferPointer<Double>, continuation: Bool) -> PointOutcome {
    let n = system.n, m = system.m
    jacobianIsCurrent = false
    system.prepare(temperature: temperature, lnPressures: lnPressures)
    if system.nonIdeal { return solveNonIdealPoint(continuation: continuation) }
    if continuation && history > 0 {
      for k in 0..<m { prediction[k] = history >= 2 ? 2 * lambda1[k] - lambda2[k] : lambda1[k] }
      if let it = dual.continuation(from: UnsafeBufferPointer(prediction), into: x) {
        let withJacobian = evaluatesJacobianWithResidual
        let residual = residualMax(withJacobian: withJacobian)
        if residual <= Self.tolerance {
          jacobianIsCurrent = withJacobian
          remember(fromDual: true)
          return PointOutcome(converged: true, residual: residual, iterations: it, coldStart: false)
        }
      }
      system.particularSolution(into: g)
      for j in 0..<n {
        var s = g[j]
        for k in 0..<m { s += system.a[k * n + j] * lambda1[k] }
        x[j] = s
      }
      let warm = multiroot.solve(system, start: x, tolerance: 1e-13, maxIterations: 50)
      if warm.residualMax <= Self.tolerance {
        remember(fromDual: false)
        return PointOutcome(converged: true, residual: warm.residualMax, iterations: warm.iterations, coldStart: false)
      }
    }
    let cold = idealColdStart()
    if cold.converged { remember(fromDual: cold.fromDual) } else { history = 0 }
    return PointOutcome(converged: cold.converged, residual: cold.residual, iterations: cold.iterations, coldStart: true)
  }

  /// The cold start of the ideal system: Newton on the convex dual (globally convergent), polished by
  /// hybridsj; if the dual fails (concentrations underflowing its Hessian), hybridsj alone.
  private func idealColdStart() -> (converged: Bool, residual: Double, iterations: Int, fromDual: Bool) {
    let n = system.n
    guard let newtonIterations = dual.coldStart(into: x) else {
      // The dual Newton fails when concentrations underflow (its Hessian A·diag(c)·Aᵀ loses rank, e.g.
      // c ≪ 1e-300 under extreme parameters); hybridsj on ln c does not need c itself, so it gets a try
      // from wherever the dual stopped (if that is finite), else from the dilute starting point.
      if !(0..<n).allSatisfy({ x[$0].isFinite }) { dual.startingPoint(into: x) }
      let rescue = multiroot.solve(system, start: x, tolerance: 1e-13, maxIterations: 200)
      return (rescue.residualMax <= Self.tolerance, rescue.residualMax, rescue.iterations, false)
    }
    for j in 0..<n { coldX[j] = x[j] }
    let coldResidual = residualMax()
    let polished = multiroot.solve(system, start: x, tolerance: 1e-13, maxIterations: 100)
    var residual = polished.residualMax
    if !(residual <= coldResidual) {
      for j in 0..<n { x[j] = coldX[j] }
      residual = coldResidual
    }
    return (residual <= Self.tolerance, residual, newtonIterations + polished.iterations,
            polished.iterations == 0 && residual == coldResidual)
  }

  /// A point of a model with non-ideal activities.
  ///
  /// Continuation: hybridsj from the previous solution, linearly extrapolated from the two before (then
  /// from the previous one unextrapolated). Cold start: a homotopy in the weight s of the non-ideal terms —
  /// s = 0 is the ideal model, solved by the globally convergent dual Newton; s then rises to 1 in steps
  /// that double after each converged hybridsj solve and shrink ×4 after a failed one (down to 1e-6), each
  /// step starting from the previous solution. A point whose path hits a fold (e.g. inside a miscibility
  /// gap of strongly attractive interactions) is reported as not converged, never as a number.
  private func solveNonIdealPoint(continuation: Bool) -> PointOutcome {
    let n = system.n
    // A possibly non-convex model may have several single-phase solutions: continuation would follow
    // whichever branch the sweep started on (hysteresis, sweep-order dependence). Every point is then
    // solved by the homotopy alone, a deterministic function of (T, p).
    if continuation && history > 0 && !model.mayHaveSeveralSolutions {
      for attempt in 0..<(history >= 2 ? 2 : 1) {
        for j in 0..<n { x[j] = history >= 2 && attempt == 0 ? 2 * previous1[j] - previous2[j] : previous1[j] }
        let warm = multiroot.solve(system, start: x, tolerance: 1e-13, maxIterations: 50)
        if warm.residualMax <= Self.tolerance {
          rememberSolution()
          return PointOutcome(converged: true, residual: warm.residualMax, iterations: warm.iterations, coldStart: false)
        }
      }
    }
    system.nonIdealScale = 0
    defer { system.nonIdealScale = 1 }
    let ideal = idealColdStart()
    var iterations = ideal.iterations
    guard ideal.converged else {
      history = 0
      return PointOutcome(converged: false, residual: .infinity, iterations: iterations, coldStart: true)
    }
    var weight = 0.0, step = 1.0, attempts = 0
    while weight < 1 {
      attempts += 1
      guard step >= 1e-6, attempts <= 400 else {
        // report how far the last point of the path is from the model as written
        system.nonIdealScale = 1
        history = 0
        return PointOutcome(converged: false, residual: residualMax(), iterations: iterations, coldStart: true)
      }
      let next = min(1, weight + step)
      system.nonIdealScale = next
      for j in 0..<n { saved[j] = x[j] }
      let result = multiroot.solve(system, start: x, tolerance: 1e-13, maxIterations: 100)
      iterations += result.iterations
      if result.residualMax <= Self.tolerance {
        weight = next
        step = min(1, 2 * step)
      } else {
        for j in 0..<n { x[j] = saved[j] }
        step /= 4
      }
    }
    system.nonIdealScale = 1
    let residual = residualMax()
    let converged = residual <= Self.tolerance
    if converged { rememberSolution() } else { history = 0 }
    return PointOutcome(converged: converged, residual: residual, iterations: iterations, coldStart: true)
  }

  /// Shifts the solution history used by the non-ideal continuation.
  private func rememberSolution() {
    for j in 0..<system.n {
      previous2[j] = previous1[j]
      previous1[j] = x[j]
    }
    history = min(history + 1, 2)
  }

  /// Shifts the potentials history; λ comes from the dual iterate or, after hybridsj, from a fit to x.
  private func remember(fromDual: Bool) {
    if !fromDual { dual.fitPotentials(to: UnsafeBufferPointer(x)) }
    for k in 0..<system.m {
      lambda2[k] = lambda1[k]
      lambda1[k] = dual.lambda[k]
    }
    history = min(history + 1, 2)
  }

  /// max_k |F_k| at the current solution.
  private func residualMax(withJacobian: Bool = false) -> Double {
    guard system.evaluate(UnsafeBufferPointer(x), residual: work, jacobian: withJacobian ? jacobian : nil) else { return .infinity }
    var worst = 0.0
    for j in 0..<system.n { let v = abs(work[j]); if !(v <= worst) { worst = v } }
    return worst
  }

  /// Writes the concentrations (per formula unit) of all species, in model order, of the last point.
  package func copyConcentrations(into out: UnsafeMutableBufferPointer<Double>) {
    var j = 0
    for (i, level) in fixedLevels.enumerated() {
      if let v = level {
        out[i] = v
      } else {
        out[i] = system.concentration(j, lnValue: x[j])
        j += 1
      }
    }
  }

  /// Solves at `conditions`. Throws only for invalid conditions; a point that does not converge
  /// comes back with `converged == false`.
  public func solve(_ conditions: Conditions, continuation: Bool = false) throws(Conditions.InvalidConditions) -> EquilibriumState {
    let lnP = try conditions.lnPressures(for: model)
    let outcome = lnP.withUnsafeBufferPointer {
      solvePoint(temperature: conditions.temperature, lnPressures: $0, continuation: continuation)
    }
    var c = [Double](repeating: 0, count: model.species.count)
    c.withUnsafeMutableBufferPointer { copyConcentrations(into: $0) }
    return EquilibriumState(conditions: conditions, concentrations: c, residual: outcome.residual,
                            converged: outcome.converged, iterations: outcome.iterations, coldStart: outcome.coldStart)
  }

  /// Exact slopes at the last solved point: d ln c_i / d ln p_g for each gas and d ln c_i / dT, from one LU
  /// factorisation of J: J·(dx/dθ) = −∂F/∂θ. For θ = ln p_g only mass-action rows depend on θ
  /// (∂F_r/∂ln p_g = ν_rg); for T see ``EquilibriumSystem/temperatureDerivative(_:into:)``. `nil` if J is singular.
  /// `includingTemperature: false` skips d ln c/dT (its `temperature` is then empty), e.g. for sweeps
  /// whose columns need only the pressure slopes.
  public func sensitivities(includingTemperature: Bool = true) -> Sensitivities? {
    var result = Sensitivities(withRespectTo: .init(names: pressureNames, values: []), temperature: [])
    return sensitivities(into: &result, includingTemperature: includingTemperature) ? result : nil
  }

  /// ``sensitivities(includingTemperature:)`` written into `result`, whose arrays are reused when they
  /// already have the right size (a sweep keeps one per thread: no allocation per point). `false` if J is
  /// singular (then `result` is unspecified).
  package func sensitivities(into result: inout Sensitivities, includingTemperature: Bool) -> Bool {
    let n = system.n, G = model.gases.count, S = model.species.count
    if !jacobianIsCurrent {
      guard system.evaluate(UnsafeBufferPointer(x), residual: nil, jacobian: jacobian) else { return false }
    }
    guard lu.factor(UnsafeBufferPointer(jacobian)) else { return false }
    sizeForPressureSlopes(&result)
    for gi in 0..<G {
      pressureRightHandSide(gi, into: work)
      solveRefined(work, jacobian)
      spread(work, into: &result.withRespectTo.values, at: gi * S)
    }
    guard includingTemperature else {
      if !result.temperature.isEmpty { result.temperature = [] }
      return true
    }
    guard system.temperatureDerivative(UnsafeBufferPointer(x), into: work) else { return false }
    for k in 0..<n { work[k] = -work[k] }
    solveRefined(work, jacobian)
    if result.temperature.count != S { result.temperature = [Double](repeating: 0, count: S) }
    spread(work, into: &result.temperature, at: 0)
    return true
  }

  /// Solves J·v = b in place (b in `v`) with `lu`'s factors of `matrix` and one step of iterative refinement
  /// (``DenseLU/refine(_:matrix:rightHandSide:residual:)``): every slope keeps its own relative accuracy.
  func solveRefined(_ v: UnsafeMutableBufferPointer<Double>, _ matrix: UnsafeMutableBufferPointer<Double>) {
    _ = rightHandSide.update(fromContentsOf: v)
    lu.solve(v)
    lu.refine(v, matrix: UnsafeBufferPointer(matrix), rightHandSide: rightHandSide, residual: residualWork)
  }

  /// `result`'s pressure slopes sized for this model (names and G × S values), reusing its arrays when they fit.
  func sizeForPressureSlopes(_ result: inout Sensitivities) {
    let count = model.gases.count * model.species.count
    if result.withRespectTo.names != pressureNames { result.withRespectTo.names = pressureNames }
    if result.withRespectTo.values.count != count { result.withRespectTo.values = [Double](repeating: 0, count: count) }
  }

  /// −∂F/∂ln p_g for gas `gi`: −ν_rg in the mass-action rows, 0 in the balances.
  func pressureRightHandSide(_ gi: Int, into b: UnsafeMutableBufferPointer<Double>) {
    let r = system.r, G = model.gases.count
    for k in 0..<system.n { b[k] = k < r ? -system.gasNu[k * G + gi] : 0 }
  }

  /// Exact d ln c_i / dθ of the last solved point for each model parameter θ (engine units: eV, k_B, pfu),
  /// one row per parameter, one entry per species (0 for fixed species — a fixed level's own change is the
  /// parameter itself). `nil` if J is singular.
  public func parameterSensitivities(_ parameters: [DefectModel.Parameter]) -> [[Double]]? {
    let n = system.n
    guard system.evaluate(UnsafeBufferPointer(x), residual: nil, jacobian: jacobian) else { return nil }
    guard lu.factor(UnsafeBufferPointer(jacobian)) else { return nil }
    var rows: [[Double]] = []
    for parameter in parameters {
      guard system.parameterDerivative(parameter, UnsafeBufferPointer(x), into: work) else { return nil }
      for k in 0..<n { work[k] = -work[k] }
      solveRefined(work, jacobian)
      rows.append(speciesVector(work))
    }
    return rows
  }

  /// Spreads a vector over the unknowns into one entry per species (0 for fixed species).
  private func speciesVector(_ v: UnsafeMutableBufferPointer<Double>) -> [Double] {
    var out = [Double](repeating: 0, count: model.species.count)
    spread(v, into: &out, at: 0)
    return out
  }

  /// Writes a vector over the unknowns into `out[offset...]`, one entry per species (0 for fixed ones).
  func spread(_ v: UnsafeMutableBufferPointer<Double>, into out: inout [Double], at offset: Int) {
    for (i, level) in fixedLevels.enumerated() where level != nil { out[offset + i] = 0 }
    for (j, i) in system.structure.free.enumerated() { out[offset + i] = v[j] }
  }

}
