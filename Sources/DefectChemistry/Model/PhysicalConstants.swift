/// Physical constants in the units `brouwer` uses, each computed from the exact SI-defining constants (2019
/// redefinition: k_B, e and N_A are exact by definition), not typed as rounded decimals.
public enum PhysicalConstants {
  /// Boltzmann constant k_B = 1.380649e-23 J/K (exact, SI).
  public static let boltzmannJ = 1.380649e-23
  /// Elementary charge e = 1.602176634e-19 C (exact, SI).
  public static let elementaryCharge = 1.602176634e-19
  /// Avogadro constant N_A = 6.02214076e23 /mol (exact, SI).
  public static let avogadro = 6.02214076e23
  /// Boltzmann constant in eV/K: k_B/e = 8.617333262…e-5.
  public static let boltzmannEV = boltzmannJ / elementaryCharge
  /// Gas constant R = k_B·N_A in J/(mol K) = 8.314462618…
  public static let gasConstant = boltzmannJ * avogadro
  /// Faraday constant F = e·N_A in C/mol = 96485.33212…
  public static let faraday = elementaryCharge * avogadro
  /// 1 eV per particle in kJ/mol: e·N_A/1000 = 96.48533212…
  public static let kJPerMolPerEV = elementaryCharge * avogadro / 1000
  /// Molar volume of an ideal gas at STP (273.15 K, 101325 Pa) in cm³/mol: R·273.15/101325 m³ = 22413.97…
  public static let molarVolumeSTP = gasConstant * 273.15 / 101_325 * 1e6
}
