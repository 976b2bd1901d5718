import CGSL

/// The χ² and normal distributions (`gsl_cdf_*`), for fit statistics: how plausible a χ² is on its
/// degrees of freedom, and the quantiles that turn a confidence level into Δχ² or a number of σ.
public enum Distributions {
  /// P(X > x) for X ~ χ²(dof).
  public static func chiSquaredUpperTail(_ x: Double, degreesOfFreedom dof: Int) -> Double {
    precondition(dof > 0)
    GSLLibrary.configure()
    return gsl_cdf_chisq_Q(x, Double(dof))
  }

  /// P(X ≤ x) for X ~ χ²(dof).
  public static func chiSquaredLowerTail(_ x: Double, degreesOfFreedom dof: Int) -> Double {
    precondition(dof > 0)
    GSLLibrary.configure()
    return gsl_cdf_chisq_P(x, Double(dof))
  }

  /// x with P(X ≤ x) = probability for X ~ χ²(dof) (e.g. 1.0 for 68.27 % and one degree of freedom).
  public static func chiSquaredQuantile(_ probability: Double, degreesOfFreedom dof: Int) -> Double {
    precondition(dof > 0 && probability > 0 && probability < 1)
    GSLLibrary.configure()
    return gsl_cdf_chisq_Pinv(probability, Double(dof))
  }

  /// z with P(|Z| ≤ z) = level for a standard normal Z (1.0 for 68.27 %, 1.96 for 95 %).
  public static func twoSidedNormalQuantile(_ level: Double) -> Double {
    precondition(level > 0 && level < 1)
    GSLLibrary.configure()
    return gsl_cdf_ugaussian_Pinv(0.5 + level / 2)
  }
}
