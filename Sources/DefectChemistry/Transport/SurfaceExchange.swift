import Foundation

/// Surface-exchange kinetics of a membrane face (`surface_exchange:` in a material file, or `--k-chem`).
///
/// Two laws, both zero when the surface is in equilibrium with the gas (p_s = p_gas):
/// - `kChem` (linear, electrical-conductivity-relaxation definition): J_O2 = ½·k_chem·(c_O(p_gas) − c_O(p_s)),
///   c_O in mol cm⁻³, k_chem in cm s⁻¹. With σ_amb and ∂c_O/∂ln pO2 constant, the mixed-control flux is
///   J = J_bulk/(1 + 2L_c/L) with L_c = D̃/k_chem.
/// - `exchangeRate` (Xu & Thomson's surface law in terms of the surface's equilibrium pO2):
///   J_O2 = ℜ₀·((p_hi/p_lo)^n − 1), p_hi/p_lo the higher/lower of p_gas and p_s, ℜ₀ in mol cm⁻² s⁻¹, n = ½.
///   Xu & Thomson write the feed-face rate k_f·p′^½·C_V − k_r with C_V = k_r/(k_f·p_s^½) in equilibrium with
///   the surface, which is exactly ℜ₀·((p′/p_s)^½ − 1) with ℜ₀ = k_r (their reverse constant); the permeate face
///   likewise gives k_r·(1 − (p″/p_s)^½). Written this way it needs no vacancy concentration and is zero
///   when the surface is in equilibrium with the gas, whatever the bulk thermodynamics.
/// p_s is the pO2 in equilibrium with the surface composition; rate constants are k0·exp(−Ea/k_BT).
public struct SurfaceExchange: Sendable, Equatable {
  public enum Law: Sendable, Equatable {
    case kChem
    case exchangeRate(exponent: Double)
  }
  public var law: Law
  /// Prefactor (cm s⁻¹ for k_chem, mol cm⁻² s⁻¹ for ℜ₀) and activation energy (eV).
  public var prefactor: Double
  public var activationEnergy: Double

  public init(law: Law, prefactor: Double, activationEnergy: Double) {
    self.law = law
    self.prefactor = prefactor
    self.activationEnergy = activationEnergy
  }

  /// The rate constant at `temperature` K.
  public func rateConstant(at temperature: Double) -> Double {
    prefactor * exp(-activationEnergy / (PhysicalConstants.boltzmannEV * temperature))
  }

  public var summary: String {
    switch law {
    case .kChem: return "k_chem"
    case .exchangeRate: return "ℜ₀·((p_hi/p_lo)^n − 1)"
    }
  }
}
