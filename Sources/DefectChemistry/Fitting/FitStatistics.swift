import Foundation
import GSL

extension ParameterFit {
  /// How the parameter covariance was scaled from (JᵀJ)⁻¹ of the weighted residuals.
  public enum CovarianceScaling: Sendable, Equatable {
    /// Stated uncertainties, χ² consistent with its degrees of freedom: (JᵀJ)⁻¹ as it is.
    case statedUncertainties
    /// No uncertainties given: scaled by the residual scatter χ²/dof (the factor).
    case residualScatter(Double)
    /// Stated uncertainties that do not explain the scatter (χ²/dof far above 1): scaled by χ²/dof
    /// (the factor) so that the standard errors are not too small.
    case inflated(Double)

    /// The factor applied to (JᵀJ)⁻¹.
    public var factor: Double {
      switch self {
      case .statedUncertainties: return 1
      case .residualScatter(let f), .inflated(let f): return f
      }
    }
  }

  /// A direction in the fit variables (ln of levels and totals; ΔH in eV, ΔS in k_B, W in eV) along which
  /// the residuals do not change: the data fix at most the combinations orthogonal to it.
  public struct Degeneracy: Sendable {
    /// Per parameter, the change of its fit variable along the direction, scaled so that the largest
    /// (in the column-normalised Jacobian) is ±1 in its own unit.
    public var coefficients: [Double]
    /// The singular value of the column-normalised Jacobian that belongs to this direction, relative to
    /// the largest (0 for a parameter the residuals do not depend on at all).
    public var relativeSingularValue: Double
    /// Parameters that take part (|coefficient| above 1e-3 of the largest, in normalised units).
    public var involved: [Int]
  }

  /// A parameter that the fit drove against the range the model admits (a level beyond its sites, an
  /// interaction energy beyond ±100 eV, …): a value just past it was tried and rejected.
  public struct BoundHit: Sendable {
    public var parameter: Int
    /// The fitted value (engine units) and the rejected trial value next to it.
    public var value: Double
    public var rejected: Double
    /// Why the rejected value is outside (the model's own message).
    public var reason: String
  }

  /// What the user should be told about a result, each one line (``description``).
  public enum Diagnostic: Sendable, CustomStringConvertible {
    /// χ²/dof far above 1 with stated uncertainties (upper-tail probability below ``ParameterFit/chiSquaredAlarm``).
    case chiSquaredHigh(reduced: Double, degreesOfFreedom: Int, probability: Double)
    /// χ²/dof far below 1 with stated uncertainties (lower-tail probability below the same limit).
    case chiSquaredLow(reduced: Double, degreesOfFreedom: Int, probability: Double)
    /// A parameter at the edge of its admissible range (its name, value, the rejected value and why).
    case atBound(name: String, value: Double, rejected: Double, reason: String)
    /// The data cannot fix these parameters separately (the combination, in words).
    case notIdentifiable(names: [String], combination: String, relativeSingularValue: Double)

    public var description: String {
      let g = { (x: Double) in String(format: "%.3g", x) }
      switch self {
      case let .chiSquaredHigh(r, dof, p):
        return "chi²/dof = \(g(r)) on \(dof) degrees of freedom (probability \(g(p)) if the stated uncertainties were right): they do not explain the scatter (the model misses something, or the uncertainties are too small); standard errors are scaled by √(chi²/dof) = \(g(r.squareRoot()))"
      case let .chiSquaredLow(r, dof, p):
        return "chi²/dof = \(g(r)) on \(dof) degrees of freedom (probability \(g(p)) if the stated uncertainties were right): the uncertainties look overstated; standard errors are NOT scaled down"
      case let .atBound(name, value, rejected, reason):
        return "\(name) runs into the edge of what the model admits: fitted \(String(format: "%.8g", value)), and \(String(format: "%.8g", rejected)) was rejected (\(reason)); the optimum lies beyond it, so the value and its error mean nothing"
      case let .notIdentifiable(names, combination, s):
        let what = names.count == 1 ? "\(names[0]) at all" : names.joined(separator: ", ") + " separately"
        return "not identifiable: these data cannot fix \(what): \(combination) leaves every residual unchanged (relative singular value \(g(s)) of the Jacobian)"
      }
    }
  }

  /// How a fit ended, in order of precedence; the CLI maps it to an exit status.
  public enum Verdict: Sendable, Equatable {
    case ok
    case atBound
    case notIdentifiable
    case notConverged
  }

  /// χ² tail probability below which χ²/dof is called far from 1.
  public static let chiSquaredAlarm = 1e-3
  /// Relative singular value of the column-normalised Jacobian below which a direction is undetermined.
  public static let identifiabilityLimit = 1e-6

  /// Covariance of the fit variables from the weighted Jacobian `jac` (n × p) by its SVD, with the
  /// columns normalised first (so that a small singular value means a dependent direction, not a
  /// parameter in small units); directions below ``identifiabilityLimit`` are returned as degeneracies
  /// and left out of the pseudo-inverse.
  static func analyse(jacobian jac: [Double], rows n: Int, columns p: Int) -> (covariance: [Double], degeneracies: [Degeneracy], singularValues: [Double]) {
    var norms = [Double](repeating: 0, count: p)
    for j in 0..<p {
      var s = 0.0
      for i in 0..<n { s += jac[i * p + j] * jac[i * p + j] }
      norms[j] = s.squareRoot()
    }
    var scaled = jac
    for i in 0..<n { for j in 0..<p where norms[j] > 0 { scaled[i * p + j] /= norms[j] } }
    guard let svd = try? SingularValueDecomposition(rows: n, columns: p, scaled) else {
      return ([Double](repeating: .nan, count: p * p), [], [])
    }
    let top = svd.singularValues.first ?? 0
    let relative = svd.singularValues.map { top > 0 ? $0 / top : 0 }
    var covariance = [Double](repeating: 0, count: p * p)
    var degeneracies: [Degeneracy] = []
    for k in 0..<p {
      let s = svd.singularValues[k]
      let column = (0..<p).map { svd.v[$0 * p + k] }
      if relative[k] < identifiabilityLimit || !(s > 0) {
        let largest = column.map(abs).max() ?? 1
        let involved = (0..<p).filter { abs(column[$0]) > 1e-3 * largest }
        let lead = column.indices.max { abs(column[$0]) < abs(column[$1]) }!
        // back to the parameters' own units, the leading one ±1
        var coefficients = (0..<p).map { norms[$0] > 0 ? column[$0] / norms[$0] : column[$0] }
        let unit = coefficients[lead]
        coefficients = coefficients.enumerated().map { involved.contains($0.offset) ? $0.element / unit : 0 }
        degeneracies.append(Degeneracy(coefficients: coefficients, relativeSingularValue: relative[k], involved: involved))
        continue
      }
      for i in 0..<p {
        for j in 0..<p { covariance[i * p + j] += column[i] * column[j] / (s * s) }
      }
    }
    for i in 0..<p {
      for j in 0..<p {
        let d = (norms[i] > 0 ? norms[i] : 1) * (norms[j] > 0 ? norms[j] : 1)
        covariance[i * p + j] /= d
      }
    }
    return (covariance, degeneracies, relative)
  }
}

extension ParameterFit.CovarianceScaling {
  /// The JSON name of the scaling (`stated_uncertainties`, `residual_scatter`, `inflated`), shared by the
  /// command line and the C interface.
  public var name: String {
    switch self {
    case .statedUncertainties: return "stated_uncertainties"
    case .residualScatter: return "residual_scatter"
    case .inflated: return "inflated"
    }
  }
}

extension ParameterFit.Verdict {
  /// The JSON name of the verdict (`ok`, `not_converged`, `not_identifiable`, `at_bound`).
  public var name: String {
    switch self {
    case .ok: return "ok"
    case .notConverged: return "not_converged"
    case .notIdentifiable: return "not_identifiable"
    case .atBound: return "at_bound"
    }
  }
}
