import DefectChemistry
import Foundation

/// Values of `brouwer permeation`'s options, each error naming the option the user typed.
enum PermeationInput {
  /// Units a pressure may carry, in atm per unit (a bare number is atm).
  static let pressureUnits: [(String, Double)] = [
    ("kPa", 1 / 101.325), ("MPa", 1e6 / 101_325), ("mbar", 1e-3 / 1.01325), ("bar", 1 / 1.01325),
    ("atm", 1), ("Pa", 1 / 101_325),
  ]

  /// A pressure in atm from `0.21`, `0.21atm`, `1bar`, `21.3kPa`, `100 Pa`; `nil` unless finite and > 0.
  static func pressure(_ text: String) -> Double? {
    let t = text.trimmingCharacters(in: .whitespaces)
    for (unit, factor) in pressureUnits where t.hasSuffix(unit) {
      guard let v = Double(t.dropLast(unit.count).trimmingCharacters(in: .whitespaces)), v.isFinite, v > 0 else { return nil }
      return v * factor
    }
    guard let v = Double(t), v.isFinite, v > 0 else { return nil }
    return v
  }

  /// A length in cm from `1mm`, `500um`, `0.1cm`, `1e-3m` (a bare number is cm).
  static func centimetres(_ text: String) -> Double? {
    let t = text.trimmingCharacters(in: .whitespaces)
    for (suffix, factor) in [("mm", 0.1), ("um", 1e-4), ("µm", 1e-4), ("cm", 1.0), ("m", 100.0)] where t.hasSuffix(suffix) {
      guard let v = Double(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), v.isFinite, v > 0 else { return nil }
      return v * factor
    }
    guard let v = Double(t), v.isFinite, v > 0 else { return nil }
    return v
  }

  /// The one value of an option that may be given at most once (`required`: exactly once).
  static func single(_ values: [String], _ option: String, required: Bool) throws -> String? {
    if values.count > 1 {
      throw InputError("\(option) is given \(values.count) times (\(values.map { "\"\($0)\"" }.joined(separator: ", "))): give it once (use a list or range where the option takes several values)")
    }
    if required && values.isEmpty { throw InputError("\(option) is required") }
    return values.first
  }

  /// Values of a list/range option with a unit parser, the error naming `option`.
  static func values(_ text: String, _ option: String, _ spacing: AxisValues.Spacing, _ number: (String) -> Double?,
                     expected: String) throws -> [Double] {
    do { return try AxisValues.parse(text, option: option, spacing: spacing, number: number) } catch {
      throw InputError("\(error.description) (expected \(expected))")
    }
  }
}
