/// Numbers with units as written in material files (`"4.0 eV"`, `"-95.62 kJ/mol"`, `"137 J/(mol K)"`).
///
/// Every quantity is converted to the engine's units on reading: energies to eV, entropies to k_B
/// (dimensionless ΔS/k_B), densities to cm⁻³.
public enum Quantity {
  public enum Dimension: String, Sendable {
    case energy, entropy, density

    var accepted: String {
      switch self {
      case .energy: return "eV, kJ/mol, J/mol or kcal/mol"
      case .entropy: return "kB, eV/K, J/(mol K) or cal/(mol K)"
      case .density: return "cm-3 or m-3"
      }
    }
  }

  /// Splits `"−95.62 kJ/mol"` into its number and unit and converts to engine units.
  /// Returns `nil` with no number, an unknown unit, or a non-finite value.
  public static func parse(_ text: String, as dimension: Dimension) -> Double? {
    let t = text.replacingAll("−", with: "-").trimmingWhitespace()
    var end = t.startIndex
    while end < t.endIndex, "+-.0123456789eE".contains(t[end]) {
      // an 'e' followed by a letter starts a unit (eV), not an exponent
      if t[end] == "e" || t[end] == "E" {
        let next = t.index(after: end)
        if next == t.endIndex || !("+-0123456789".contains(t[next])) { break }
      }
      end = t.index(after: end)
    }
    guard let value = Double(t[..<end]), value.isFinite else { return nil }
    let unit = normalizedUnit(String(t[end...]))
    guard let factor = factor(unit, dimension) else { return nil }
    let converted = value * factor
    return converted.isFinite ? converted : nil
  }

  /// Magnitudes beyond which a value is not a physical parameter but a typo (engine units):
  /// |energy| ≤ 100 eV (≈ 9650 kJ/mol), |entropy| ≤ 1000 k_B, density ≤ 10²⁵ cm⁻³.
  public static func plausibleLimit(_ dimension: Dimension) -> Double {
    switch dimension {
    case .energy: return 100
    case .entropy: return 1000
    case .density: return 1e25
    }
  }

  /// Engine unit of each dimension, for messages.
  public static func engineUnit(_ dimension: Dimension) -> String {
    switch dimension {
    case .energy: return "eV"
    case .entropy: return "kB"
    case .density: return "cm-3"
    }
  }

  static func normalizedUnit(_ unit: String) -> String {
    var u = unit.trimmingWhitespace()
    for (a, b) in [("·", " "), ("*", " "), ("⁻¹", "-1"), ("⁻³", "-3"), ("^", ""), ("k_B", "kB"), ("K-1", "/K"),
                   ("mol-1", "/mol"), ("cm-3", "cm-3")] {
      u = u.replacingAll(a, with: b)
    }
    return u.split(separator: " ").joined(separator: " ")
  }

  static func factor(_ unit: String, _ dimension: Dimension) -> Double? {
    let compact = unit.replacingAll(" ", with: "").replacingAll("(", with: "").replacingAll(")", with: "")
    switch dimension {
    case .energy:
      switch compact {
      case "eV": return 1
      case "meV": return 1e-3
      case "kJ/mol", "kJ/mol1": return 1 / PhysicalConstants.kJPerMolPerEV
      case "J/mol": return 1e-3 / PhysicalConstants.kJPerMolPerEV
      case "kcal/mol": return 4.184 / PhysicalConstants.kJPerMolPerEV  // thermochemical calorie
      default: return nil
      }
    case .entropy:
      switch compact {
      case "kB", "k": return 1
      case "eV/K": return 1 / PhysicalConstants.boltzmannEV
      case "meV/K": return 1e-3 / PhysicalConstants.boltzmannEV
      case "J/molK", "J/mol/K", "J/Kmol", "J/K/mol": return 1 / PhysicalConstants.gasConstant
      case "cal/molK", "cal/mol/K", "cal/Kmol", "cal/K/mol", "eu": return 4.184 / PhysicalConstants.gasConstant
      default: return nil
      }
    case .density:
      switch compact {
      case "cm-3", "/cm3", "1/cm3": return 1
      case "m-3", "/m3", "1/m3": return 1e-6
      default: return nil
      }
    }
  }

  /// The error text for a quantity that did not parse.
  public static func complaint(_ text: String, field: String, _ dimension: Dimension) -> String {
    "\(field) \(MessageText.quoted(text)) is not a finite number with a unit (\(dimension.accepted))"
  }
}
