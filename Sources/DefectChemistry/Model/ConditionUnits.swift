import Foundation

/// Condition values with a unit, as front ends accept them: pressures (atm by default; Pa, kPa, MPa, mbar,
/// bar) and lengths (cm by default; m, mm, µm). `nil` unless the number is finite and > 0.
public enum ConditionUnits {
  /// Units a pressure may carry, in atm per unit (a bare number is atm).
  public static let pressureUnits: [(String, Double)] = [
    ("kPa", 1 / 101.325), ("MPa", 1e6 / 101_325), ("mbar", 1e-3 / 1.01325), ("bar", 1 / 1.01325),
    ("atm", 1), ("Pa", 1 / 101_325),
  ]

  /// A pressure in atm from `0.21`, `0.21atm`, `1bar`, `21.3kPa`, `100 Pa`; `nil` unless finite and > 0.
  public static func atmospheres(_ text: String) -> Double? {
    let t = text.trimmingCharacters(in: .whitespaces)
    for (unit, factor) in pressureUnits where t.hasSuffix(unit) {
      guard let v = Double(t.dropLast(unit.count).trimmingCharacters(in: .whitespaces)), v.isFinite, v > 0 else { return nil }
      return v * factor
    }
    guard let v = Double(t), v.isFinite, v > 0 else { return nil }
    return v
  }

  /// A length in cm from `1mm`, `500um`, `0.1cm`, `1e-3m` (a bare number is cm).
  public static func centimetres(_ text: String) -> Double? {
    let t = text.trimmingCharacters(in: .whitespaces)
    for (suffix, factor) in [("mm", 0.1), ("um", 1e-4), ("µm", 1e-4), ("cm", 1.0), ("m", 100.0)] where t.hasSuffix(suffix) {
      guard let v = Double(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), v.isFinite, v > 0 else { return nil }
      return v * factor
    }
    guard let v = Double(t), v.isFinite, v > 0 else { return nil }
    return v
  }
}
