import CGSL

/// Adaptive Gauss–Kronrod quadrature with extrapolation (`gsl_integration_qags`).
///
/// Owns its workspace; reuse one instance for many integrals. Not thread-safe.
public final class Quadrature {
  public let limit: Int
  private let workspace: UnsafeMutablePointer<gsl_integration_workspace>

  /// ∫ f over [a, b] with GSL's error estimate.
  public struct Result: Sendable {
    public var value: Double
    public var absoluteError: Double
    /// Integrand evaluations.
    public var evaluations: Int
  }

  public init(limit: Int = 200) {
    GSLLibrary.configure()
    self.limit = limit
    guard let w = gsl_integration_workspace_alloc(limit) else { fatalError("GSL could not allocate a quadrature workspace") }
    workspace = w
  }

  deinit { gsl_integration_workspace_free(workspace) }

  private final class Context {
    let f: (Double) -> Double?
    var evaluations = 0
    var failedAt: Double?
    init(_ f: @escaping (Double) -> Double?) { self.f = f }
  }

  /// Integrates `f` from `a` to `b` to max(`absolute`, `relative`·|I|). `f` returns `nil` where it
  /// cannot be evaluated; the integral then fails with that abscissa named.
  public func integrate(from a: Double, to b: Double, absolute: Double = 0, relative: Double = 1e-8,
                        _ f: @escaping (Double) -> Double?) throws(GSLError) -> Result {
    let context = Context(f)
    var function = gsl_function(
      function: { x, params in
        let c = Unmanaged<Context>.fromOpaque(params!).takeUnretainedValue()
        c.evaluations += 1
        guard c.failedAt == nil, let v = c.f(x), v.isFinite else {
          if c.failedAt == nil { c.failedAt = x }
          return .nan
        }
        return v
      },
      params: Unmanaged.passUnretained(context).toOpaque())
    var value = 0.0, error = 0.0
    let status = gsl_integration_qags(&function, a, b, absolute, relative, limit, workspace, &value, &error)
    if let x = context.failedAt {
      throw GSLError(status: Int32(GSL_EBADFUNC), context: "integrand cannot be evaluated at \(x)")
    }
    try GSLError.check(status, "adaptive quadrature (qags) on [\(a), \(b)]")
    return Result(value: value, absoluteError: error, evaluations: context.evaluations)
  }
}
