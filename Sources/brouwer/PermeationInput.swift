import DefectChemistry
import Foundation

/// Values of `brouwer permeation`'s options, each error naming the option the user typed.
enum PermeationInput {
  /// A pressure in atm (``ConditionUnits/atmospheres(_:)``).
  static func pressure(_ text: String) -> Double? { ConditionUnits.atmospheres(text) }

  /// A length in cm (``ConditionUnits/centimetres(_:)``).
  static func centimetres(_ text: String) -> Double? { ConditionUnits.centimetres(text) }

  /// The one value of an option (`required`: it must be given). A repeated option never gets here: the
  /// command line refuses it first (refuseRepeatedOptions).
  static func single(_ values: [String], _ option: String, required: Bool) throws -> String? {
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
