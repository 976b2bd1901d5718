import CGSL

/// Nonlinear least squares min ½ Σ r_i(x)² with GSL's `multifit_nlinear` trust-region driver
/// (Levenberg–Marquardt subproblem), with an analytic Jacobian when the caller has one, otherwise by
/// forward differences.
///
/// The residual function may fail (return `false`), e.g. when an equilibrium point does not converge.
/// At the start that is an error. Later, at a trial point, the failure is answered with residuals far
/// above any seen so far, so that the trust region rejects the step and shrinks away from it.
public final class NonlinearLeastSquares {
  public let observations: Int
  public let parameters: Int

  public struct Result: Sendable {
    /// Best parameters found.
    public var parameters: [Double]
    /// Residuals at `parameters`.
    public var residuals: [Double]
    /// Σ r_i².
    public var chiSquared: Double
    /// (JᵀJ)⁻¹ at the solution, row-major p × p (multiply by χ²/(n − p) for unweighted data).
    public var covariance: [Double]
    public var iterations: Int
    public var functionEvaluations: Int
    /// `true` when a step-size or gradient test was met.
    public var converged: Bool
    /// Why the driver stopped, in words.
    public var reason: String
    /// Per parameter: the data do not determine it (its Jacobian column is zero or dependent on
    /// others); its covariance row is zero.
    public var undetermined: [Bool]
    /// Trial evaluations that failed and were answered with a penalty (rejected steps).
    public var rejectedEvaluations: Int
    /// Analytic Jacobian evaluations (0 when the Jacobian was formed by finite differences).
    public var jacobianEvaluations: Int
    /// ∂r_i/∂x_j at `parameters` (the driver's last Jacobian), row-major n × p: for identifiability
    /// (its singular values) and for propagating the covariance.
    public var jacobian: [Double] = []
  }

  private final class Context {
    let n: Int, p: Int
    let residuals: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Bool
    var jacobian: ((UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Bool)?
    var evaluations = 0
    var jacobianEvaluations = 0
    var failed = false
    /// Residual used for every observation when a trial evaluation fails (set from the start).
    var penalty: Double?
    var penalized = 0
    let x: UnsafeMutableBufferPointer<Double>
    let f: UnsafeMutableBufferPointer<Double>
    let j: UnsafeMutableBufferPointer<Double>
    init(n: Int, p: Int, _ r: @escaping (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Bool) {
      self.n = n
      self.p = p
      residuals = r
      x = .allocate(capacity: p)
      f = .allocate(capacity: n)
      j = .allocate(capacity: n * p)
      x.initialize(repeating: 0)
      f.initialize(repeating: 0)
      j.initialize(repeating: 0)
    }
    deinit {
      x.deallocate()
      f.deallocate()
      j.deallocate()
    }
  }

  public init(observations: Int, parameters: Int) {
    precondition(parameters > 0 && observations >= parameters, "least squares needs at least as many observations as parameters")
    GSLLibrary.configure()
    self.observations = observations
    self.parameters = parameters
  }

  /// Minimises Σ r_i(x)² from `start`. `residuals(x, r)` writes the `observations` residuals and
  /// returns `false` if they cannot be computed at x. `jacobian(x, J)`, if given, writes ∂r_i/∂x_j row-major
  /// (n × p) at a point where the residuals were computed; otherwise GSL forms J by forward differences.
  ///
  /// Stops when the relative step is below `xtol`, the scaled gradient below `gtol`, or after
  /// `maxIterations` (then `converged` is false). Throws if a residual evaluation fails or GSL does.
  public func fit(start: [Double], maxIterations: Int = 200, xtol: Double = 1e-10, gtol: Double = 1e-12,
                  finiteDifferenceStep: Double = 1e-7,
                  jacobian: ((UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Bool)? = nil,
                  residuals: @escaping (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Bool)
    throws(GSLError) -> Result
  {
    precondition(start.count == parameters)
    let n = observations, p = parameters
    let context = Context(n: n, p: p, residuals)
    context.jacobian = jacobian
    var settings = gsl_multifit_nlinear_default_parameters()
    settings.trs = cgsl_multifit_trs_lm()
    settings.h_df = finiteDifferenceStep
    guard let workspace = gsl_multifit_nlinear_alloc(cgsl_multifit_trust(), &settings, n, p),
          let x0 = gsl_vector_alloc(p), let covariance = gsl_matrix_alloc(p, p)
    else { fatalError("GSL could not allocate a least-squares workspace (\(n) × \(p))") }
    defer {
      gsl_multifit_nlinear_free(workspace)
      gsl_vector_free(x0)
      gsl_matrix_free(covariance)
    }
    for j in 0..<p { x0.pointee.data[j] = start[j] }
    // GSL keeps a pointer to the fdf struct in the workspace: it must outlive the fit, so it lives in
    // allocated memory, not in a Swift variable whose address is only valid during one call.
    let fdfPointer = UnsafeMutablePointer<gsl_multifit_nlinear_fdf>.allocate(capacity: 1)
    fdfPointer.initialize(to: gsl_multifit_nlinear_fdf())
    defer { fdfPointer.deallocate() }
    fdfPointer.pointee.f = { x, params, f in
      guard let x, let f, let params else { return Int32(GSL_EFAULT) }
      let c = Unmanaged<Context>.fromOpaque(params).takeUnretainedValue()
      c.evaluations += 1
      // GSL passes strided views (the finite-difference Jacobian writes f into a matrix column), so
      // copy through contiguous buffers.
      for j in 0..<c.p { c.x[j] = x.pointee.data[j * x.pointee.stride] }
      let ok = c.residuals(UnsafeBufferPointer(c.x), c.f) && c.f.allSatisfy { $0.isFinite }
      if ok {
        if c.penalty == nil {  // the start: any later failure must look far worse than this
          c.penalty = 1e3 * max(1, c.f.reduce(0) { max($0, abs($1)) })
        }
        for i in 0..<c.n { f.pointee.data[i * f.pointee.stride] = c.f[i] }
        return Int32(GSL_SUCCESS)
      }
      guard let penalty = c.penalty else {
        c.failed = true
        for i in 0..<c.n { f.pointee.data[i * f.pointee.stride] = .nan }
        return Int32(GSL_EBADFUNC)
      }
      c.penalized += 1
      for i in 0..<c.n { f.pointee.data[i * f.pointee.stride] = penalty }
      return Int32(GSL_SUCCESS)
    }
    if jacobian != nil {
      fdfPointer.pointee.df = { x, params, jac in
        guard let x, let jac, let params else { return Int32(GSL_EFAULT) }
        let c = Unmanaged<Context>.fromOpaque(params).takeUnretainedValue()
        for j in 0..<c.p { c.x[j] = x.pointee.data[j * x.pointee.stride] }
        guard let df = c.jacobian, df(UnsafeBufferPointer(c.x), c.j), c.j.allSatisfy({ $0.isFinite }) else {
          return Int32(GSL_EBADFUNC)
        }
        c.jacobianEvaluations += 1
        for i in 0..<c.n {
          for j in 0..<c.p { jac.pointee.data[i * jac.pointee.tda + j] = c.j[i * c.p + j] }
        }
        return Int32(GSL_SUCCESS)
      }
    } else {
      fdfPointer.pointee.df = nil  // forward differences
    }
    fdfPointer.pointee.fvv = nil
    fdfPointer.pointee.n = n
    fdfPointer.pointee.p = p
    fdfPointer.pointee.params = Unmanaged.passUnretained(context).toOpaque()

    try GSLError.check(gsl_multifit_nlinear_init(x0, fdfPointer, workspace), "least-squares initialisation")
    if context.failed { throw GSLError(status: Int32(GSL_EBADFUNC), context: "residuals cannot be evaluated at the starting parameters") }
    var info: Int32 = 0
    // after a successful start, failures are penalised (never `failed`), so the driver's own status says it all
    let status = gsl_multifit_nlinear_driver(maxIterations, xtol, gtol, 0, nil, nil, &info, workspace)
    let xFinal = gsl_multifit_nlinear_position(workspace)!
    let fFinal = gsl_multifit_nlinear_residual(workspace)!
    let jacobian = gsl_multifit_nlinear_jac(workspace)!
    func xAt(_ j: Int) -> Double { xFinal.pointee.data[j * xFinal.pointee.stride] }
    func fAt(_ i: Int) -> Double { fFinal.pointee.data[i * fFinal.pointee.stride] }
    func jAt(_ i: Int, _ j: Int) -> Double { jacobian.pointee.data[i * jacobian.pointee.tda + j] }
    let converged: Bool
    let reason: String
    switch status {
    case Int32(GSL_SUCCESS):
      converged = true
      reason = info == 1 ? "small step (xtol)" : "small gradient (gtol)"
    case Int32(GSL_EMAXITER) where info == Int32(GSL_ENOPROG):
      // The driver's answer when not even the first step reduces χ²: the start is already a minimum
      // (to working precision) if the scaled gradient there vanishes; otherwise the fit is stuck.
      var chi2 = 0.0
      for i in 0..<n { chi2 += fAt(i) * fAt(i) }
      var worst = 0.0
      for j in 0..<p {
        var g = 0.0
        for i in 0..<n { g += jAt(i, j) * fAt(i) }
        worst = max(worst, abs(g) * max(abs(xAt(j)), 1))
      }
      converged = worst <= 1e-8 * max(chi2 / 2, 1)
      reason = converged ? "the start is a minimum (no step reduces chi²)" : "stuck: no step from the start reduces chi²"
    case Int32(GSL_EMAXITER):
      converged = false
      reason = "no convergence in \(maxIterations) iterations"
    default:
      throw GSLError(status: status, context: "least-squares driver")
    }
    try GSLError.check(gsl_multifit_nlinear_covar(jacobian, 1e-12, covariance), "covariance matrix")
    var r = [Double](repeating: 0, count: n)
    var chi2 = 0.0
    for i in 0..<n {
      r[i] = fAt(i)
      chi2 += r[i] * r[i]
    }
    var cov = [Double](repeating: 0, count: p * p)
    for i in 0..<p {
      for j in 0..<p { cov[i * p + j] = covariance.pointee.data[i * covariance.pointee.tda + j] }
    }
    var jac = [Double](repeating: 0, count: n * p)
    for i in 0..<n {
      for j in 0..<p { jac[i * p + j] = jAt(i, j) }
    }
    return Result(parameters: (0..<p).map(xAt), residuals: r, chiSquared: chi2, covariance: cov,
                  iterations: Int(gsl_multifit_nlinear_niter(workspace)),
                  functionEvaluations: context.evaluations, converged: converged, reason: reason,
                  undetermined: (0..<p).map { cov[$0 * p + $0] == 0 }, rejectedEvaluations: context.penalized,
                  jacobianEvaluations: context.jacobianEvaluations, jacobian: jac)
  }
}
