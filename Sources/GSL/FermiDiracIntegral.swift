import CGSL

/// Complete Fermi–Dirac integrals in GSL's normalisation,
///
///     F_j(η) = 1/Γ(j+1) · ∫₀^∞ t^j / (exp(t − η) + 1) dt,
///
/// so that F_j(η) → exp(η) for η → −∞ (Boltzmann limit) and dF_j/dη = F_{j−1}. Used for band carriers
/// with Fermi–Dirac statistics: c/N_eff = F_½(η), η = (E_F − E_c)/k_BT (electrons).
public enum FermiDiracIntegral {
  /// F_½(η) (`gsl_sf_fermi_dirac_half_e`); `nil` on underflow/overflow or a GSL error.
  public static func half(_ eta: Double) -> Double? {
    GSLLibrary.configure()
    var result = gsl_sf_result()
    guard gsl_sf_fermi_dirac_half_e(eta, &result) == 0, result.val.isFinite else { return nil }
    return result.val
  }

  /// F_{−½}(η) = dF_½/dη (`gsl_sf_fermi_dirac_mhalf_e`); `nil` on underflow/overflow or a GSL error.
  public static func minusHalf(_ eta: Double) -> Double? {
    GSLLibrary.configure()
    var result = gsl_sf_result()
    guard gsl_sf_fermi_dirac_mhalf_e(eta, &result) == 0, result.val.isFinite else { return nil }
    return result.val
  }
}
