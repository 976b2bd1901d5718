import CGSL

/// A square nonlinear system F(x) = 0 with an analytic Jacobian, as the multiroot solver sees it.
///
/// Buffers are dense and owned by the solver: `x` and `f` have `dimension` entries, `jacobian`
/// is row-major `dimension × dimension` with `jacobian[i * dimension + j] = ∂F_i/∂x_j`.
public protocol MultirootSystem: AnyObject {
  var dimension: Int { get }
  /// Writes F(x) into `f` and ∂F/∂x into `jacobian`. Returns `false` if F cannot be evaluated
  /// at `x` (overflow, NaN): the solver then reports a bad-function error instead of iterating on it.
  func evaluate(
    _ x: UnsafeBufferPointer<Double>,
    residual f: UnsafeMutableBufferPointer<Double>?,
    jacobian: UnsafeMutableBufferPointer<Double>?
  ) -> Bool
}

/// Owner of a GSL `hybridsj` solver (modified Powell hybrid with analytic Jacobian and scaling).
///
/// Allocate once per dimension and reuse: ``solve(_:start:tolerance:maxIterations:)`` allocates
/// nothing, which is what makes continuation along a sweep cheap. Not thread-safe: use one
/// solver per thread.
public final class MultirootSolver {
  public let dimension: Int
  private let solver: UnsafeMutablePointer<gsl_multiroot_fdfsolver>
  private let start: UnsafeMutablePointer<gsl_vector>
  /// GSL keeps this pointer between `set` and `iterate`, so it lives in allocated memory (the address
  /// of a Swift stored property passed with `&` is only guaranteed for the duration of one call).
  private let function: UnsafeMutablePointer<gsl_multiroot_function_fdf>
  private let context: Context

  /// Carries the current system to the C callbacks.
  private final class Context {
    var system: (any MultirootSystem)?
  }

  /// Outcome of one solve: Σ|F_i| and max|F_i| at the returned point.
  public struct Outcome: Sendable {
    public var iterations: Int
    public var residualSum: Double
    public var residualMax: Double
    public var converged: Bool
    /// The GSL status that stopped iteration early (`nil` when it converged or ran out of iterations).
    public var error: GSLError?
  }

  public init(dimension: Int) {
    precondition(dimension > 0, "a multiroot system needs at least one unknown")
    GSLLibrary.configure()
    self.dimension = dimension
    guard let s = gsl_multiroot_fdfsolver_alloc(cgsl_multiroot_hybridsj(), dimension),
          let v = gsl_vector_alloc(dimension)
    else { fatalError("GSL could not allocate a hybridsj solver of dimension \(dimension)") }
    solver = s
    start = v
    context = Context()
    function = .allocate(capacity: 1)
    function.initialize(to: gsl_multiroot_function_fdf(
      f: { x, params, f in
        MultirootSolver.callback(x, params, f, nil)
      },
      df: { x, params, j in
        MultirootSolver.callback(x, params, nil, j)
      },
      fdf: { x, params, f, j in
        MultirootSolver.callback(x, params, f, j)
      },
      n: dimension,
      params: nil))
    function.pointee.params = Unmanaged.passUnretained(context).toOpaque()
  }

  deinit {
    gsl_multiroot_fdfsolver_free(solver)
    gsl_vector_free(start)
    function.deinitialize(count: 1)
    function.deallocate()
  }

  private static func callback(
    _ x: UnsafePointer<gsl_vector>?, _ params: UnsafeMutableRawPointer?,
    _ f: UnsafeMutablePointer<gsl_vector>?, _ j: UnsafeMutablePointer<gsl_matrix>?
  ) -> Int32 {
    guard let x, let params else { return Int32(GSL_EFAULT) }
    let context = Unmanaged<Context>.fromOpaque(params).takeUnretainedValue()
    guard let system = context.system else { return Int32(GSL_EFAULT) }
    let n = system.dimension
    let xs = UnsafeBufferPointer(start: x.pointee.data, count: n)
    let fs = f.map { UnsafeMutableBufferPointer(start: $0.pointee.data, count: n) }
    let js = j.map { UnsafeMutableBufferPointer(start: $0.pointee.data, count: n * n) }
    if system.evaluate(xs, residual: fs, jacobian: js) { return Int32(GSL_SUCCESS) }
    // A trial point (F only, no Jacobian) that cannot be evaluated — e.g. ln c beyond exp's range — is
    // answered with a residual far above any real one: hybridsj's trust region rejects the step and
    // shrinks, instead of the whole solve failing. Where J is asked for (the start, an accepted point)
    // the failure stands; some GSL drivers ignore that status, so F shows it too.
    if let fs, js == nil {
      for i in 0..<n { fs[i] = 1e30 }
      return Int32(GSL_SUCCESS)
    }
    if let fs { for i in 0..<n { fs[i] = .nan } }
    return Int32(GSL_EBADFUNC)
  }

  /// Solves F(x) = 0 from `x` (overwritten with the last iterate).
  ///
  /// Stops when Σ|F_i| < `tolerance` (`gsl_multiroot_test_residual`), when GSL reports that it
  /// makes no progress, or after `maxIterations`.
  public func solve(
    _ system: some MultirootSystem,
    start x: UnsafeMutableBufferPointer<Double>,
    tolerance: Double,
    maxIterations: Int = 100
  ) -> Outcome {
    precondition(system.dimension == dimension && x.count == dimension)
    context.system = system
    defer { context.system = nil }
    for i in 0..<dimension { start.pointee.data[i] = x[i] }
    var outcome = Outcome(iterations: 0, residualSum: .infinity, residualMax: .infinity, converged: false, error: nil)
    let status = gsl_multiroot_fdfsolver_set(solver, function, start)
    if status != Int32(GSL_SUCCESS) {
      outcome.error = GSLError(status: status, context: "hybridsj set-up")
      return outcome
    }
    var residual = Self.residualSum(solver.pointee.f, dimension)
    if !residual.isFinite {
      outcome.error = GSLError(status: Int32(GSL_EBADFUNC), context: "hybridsj: F cannot be evaluated at the start")
      return outcome
    }
    while residual >= tolerance && outcome.iterations < maxIterations {
      outcome.iterations += 1
      let step = gsl_multiroot_fdfsolver_iterate(solver)
      residual = Self.residualSum(solver.pointee.f, dimension)
      if step != Int32(GSL_SUCCESS) {
        if residual < tolerance { break }
        outcome.error = GSLError(status: step, context: "hybridsj iteration \(outcome.iterations)")
        break
      }
    }
    let root = solver.pointee.x!
    for i in 0..<dimension { x[i] = root.pointee.data[i] }
    outcome.residualSum = residual
    outcome.residualMax = Self.residualMax(solver.pointee.f, dimension)
    outcome.converged = residual < tolerance
    return outcome
  }

  private static func residualMax(_ f: UnsafeMutablePointer<gsl_vector>?, _ n: Int) -> Double {
    guard let f else { return .infinity }
    var s = 0.0
    for i in 0..<n { let v = abs(f.pointee.data[i]); if !(v <= s) { s = v } }
    return s.isNaN ? .infinity : s
  }

  private static func residualSum(_ f: UnsafeMutablePointer<gsl_vector>?, _ n: Int) -> Double {
    guard let f else { return .infinity }
    var s = 0.0
    for i in 0..<n { s += abs(f.pointee.data[i]) }
    return s.isNaN ? .infinity : s
  }
}
