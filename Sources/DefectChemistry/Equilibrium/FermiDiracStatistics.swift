import Foundation
import GSL

/// The reduced Fermi level of a band carrier with Fermi–Dirac statistics.
///
/// A band carrier of concentration c (per formula unit) and effective density of states N_eff(T) has
/// occupancy u = c/N_eff = F_½(η), with F_½ GSL's normalised complete Fermi–Dirac integral, and activity
/// ln a = η (the Fermi level above the band edge in units of k_BT, for electrons; below it, for holes).
/// For u ≪ 1, F_½(η) = e^η − e^{2η}/2^{3/2} + …, so η = ln u + u/2^{3/2} + O(u²): the Boltzmann form
/// ln a = ln u with a relative correction below 1e-12 once u < 3e-12. For u ≫ 1 (degenerate),
/// F_½(η) → 4η^{3/2}/(3√π).
public enum FermiDiracStatistics {
  /// u = c/N_eff = F_½(η) at reduced Fermi level η (GSL); `nil` where GSL cannot evaluate it.
  public static func occupancy(reducedFermiLevel eta: Double) -> Double? { FermiDiracIntegral.half(eta) }

  /// η and dη/d ln u for ln u = `lnOccupancy`, by safeguarded Newton on ln F_½(η) = ln u (ln F_½ is
  /// increasing and concave in η, so Newton converges monotonically once it is below the root).
  /// `nil` if GSL cannot evaluate the integrals there.
  public static func reducedFermiLevel(lnOccupancy y: Double) -> (eta: Double, slope: Double)? {
    guard y.isFinite else { return nil }
    let inverseSqrt8 = 0.35355339059327376  // 1/2^{3/2}
    if y < -36 {
      // F_½ = e^η(1 − e^η/2^{3/2} + e^{2η}/3^{3/2} − …): the second-order inverse is exact in double precision.
      let u = exp(y)
      return (y + u * inverseSqrt8, 1 + u * inverseSqrt8)
    }
    var eta = y < 1.5 ? y + exp(y) * inverseSqrt8 : pow(0.75 * 1.7724538509055159 * exp(y), 2.0 / 3.0)
    var lo = -Double.infinity, hi = Double.infinity
    for _ in 0..<100 {
      guard let f = FermiDiracIntegral.half(eta), let df = FermiDiracIntegral.minusHalf(eta), f > 0, df > 0 else { return nil }
      let g = log(f) - y
      if g < 0 { lo = max(lo, eta) } else { hi = min(hi, eta) }
      let newton = eta - g * f / df
      // converged: the step is below rounding, or g itself is (for large η the step g·F_½/F_{−½} ≈ (2/3)·g·η
      // carries the rounding noise of g ≈ ulp(y) times η, which never falls below 1e-15·η)
      if g == 0 || abs(newton - eta) <= 1e-15 * max(1, abs(eta)) || abs(g) <= 4 * Double.ulpOfOne * max(1, abs(y)) {
        guard let f1 = FermiDiracIntegral.half(newton), let df1 = FermiDiracIntegral.minusHalf(newton) else { return nil }
        return (newton, f1 / df1)
      }
      var next = newton
      if !(next > lo && next < hi) {
        // A step outside the bracket: bisect it (or expand it, while one side is still open).
        next = lo.isFinite && hi.isFinite ? 0.5 * (lo + hi) : (lo.isFinite ? lo + max(1, abs(lo)) : hi - max(1, abs(hi)))
      }
      eta = next
    }
    return nil
  }
}
