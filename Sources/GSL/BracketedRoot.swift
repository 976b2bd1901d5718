import CGSL

/// Brent's bracketed root finder (`gsl_root_fsolver_brent`) for f(x) = 0 on [a, b] with f(a)·f(b) < 0.
///
/// Owns its solver; reuse one instance for many roots. Not thread-safe.
public final class BracketedRoot {
  private let solver: OpaquePointer

  public struct Result: Sendable {
    public var root: Double
    /// Width of the final bracket [lower, upper] that contains the root.
    public var lower: Double
    public var upper: Double
    public var iterations: Int
  }

  public init() {
    GSLLibrary.configure()
    guard let s = gsl_root_fsolver_alloc(cgsl_root_brent()) else { fatalError("GSL could not allocate a Brent root solver") }
    solver = OpaquePointer(s)
  }

  deinit { gsl_root_fsolver_free(UnsafeMutablePointer(solver)) }

  private final class Context {
    let f: (Double) -> Double?
    var failedAt: Double?
    init(_ f: @escaping (Double) -> Double?) { self.f = f }
  }

  /// The root of `f` in [a, b], iterated until the bracket is narrower than `absolute` (in x).
  /// `f` returns `nil` where it cannot be evaluated; the search then fails naming that abscissa.
  /// Throws `GSL_EINVAL` when f(a) and f(b) have the same sign (no bracket).
  public func solve(from a: Double, to b: Double, absolute: Double, maxIterations: Int = 200,
                    _ f: @escaping (Double) -> Double?) throws(GSLError) -> Result {
    let context = Context(f)
    var function = gsl_function(
      function: { x, params in
        let c = Unmanaged<Context>.fromOpaque(params!).takeUnretainedValue()
        guard c.failedAt == nil, let v = c.f(x), v.isFinite else {
          if c.failedAt == nil { c.failedAt = x }
          return .nan
        }
        return v
      },
      params: Unmanaged.passUnretained(context).toOpaque())
    let s = UnsafeMutablePointer<gsl_root_fsolver>(solver)
    var iterations = 0
    try withUnsafeMutablePointer(to: &function) { (fp) throws(GSLError) in
      try GSLError.check(gsl_root_fsolver_set(s, fp, Swift.min(a, b), Swift.max(a, b)), "Brent root search on [\(a), \(b)] (is the root bracketed?)")
      if let x = context.failedAt { throw GSLError(status: Int32(GSL_EBADFUNC), context: "function cannot be evaluated at \(x)") }
      while true {
        iterations += 1
        let status = gsl_root_fsolver_iterate(s)
        if let x = context.failedAt { throw GSLError(status: Int32(GSL_EBADFUNC), context: "function cannot be evaluated at \(x)") }
        try GSLError.check(status, "Brent root search on [\(a), \(b)]")
        let lo = gsl_root_fsolver_x_lower(s), hi = gsl_root_fsolver_x_upper(s)
        if gsl_root_test_interval(lo, hi, absolute, 0) == 0 { break }
        if iterations >= maxIterations {
          throw GSLError(status: Int32(GSL_EMAXITER), context: "Brent root search on [\(a), \(b)] after \(iterations) iterations")
        }
      }
    }
    return Result(root: gsl_root_fsolver_root(s), lower: gsl_root_fsolver_x_lower(s), upper: gsl_root_fsolver_x_upper(s),
                  iterations: iterations)
  }
}
