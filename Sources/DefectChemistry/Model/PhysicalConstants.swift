/// CODATA 2018 constants in the units `brouwer` uses.
public enum PhysicalConstants {
  /// Boltzmann constant k_B in eV/K.
  public static let boltzmannEV = 8.617333262e-5
  /// Gas constant R in J/(mol K).
  public static let gasConstant = 8.314462618
  /// Faraday constant F in C/mol.
  public static let faraday = 96485.33212
  /// Elementary charge e in C.
  public static let elementaryCharge = 1.602176634e-19
  /// 1 eV per particle in kJ/mol.
  public static let kJPerMolPerEV = 96.48533212
  /// Molar volume of an ideal gas at STP (273.15 K, 1 atm) in cm³/mol.
  public static let molarVolumeSTP = 22414.0
}
