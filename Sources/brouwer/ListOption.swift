import DefectChemistry
import Foundation

/// The one parser of comma-separated list options (`--columns`, `--contours`, `--levels`, `--cross`,
/// `--frozen`, `--species`, `--group-by`, `--anneal`, …) and of single free-text values (`--tag`).
/// Every error is an ``InputError`` naming the option: an empty list, an empty item (a doubled,
/// leading or trailing comma), a number that is not finite (`nan`, `inf`, `1e400`, which overflows)
/// or outside the option's range, an item given twice (where order or repetition would mean nothing),
/// or more items than the option can use.
enum ListOption {
  /// Which numbers an option takes, and how its messages say so.
  struct Bounds: Sendable {
    var description: String
    var contains: @Sendable (Double) -> Bool

    /// Any finite number.
    static let finite = Bounds(description: "a finite number") { _ in true }
    /// A fraction strictly between 0 and 1 (a t_ion level).
    static let openUnit = Bounds(description: "a number in (0, 1)") { $0 > 0 && $0 < 1 }
  }

  /// The items of `text`, each trimmed of blanks. `example` shows a good value in the messages;
  /// `noun` names an item in the messages ("column 2 of 3 is empty"); `unique` refuses an item typed
  /// twice; `maximumCount` caps the number of items.
  static func items(_ text: String, option: String, example: String, noun: String = "item", unique: Bool = false,
                    maximumCount: Int? = nil) throws -> [String] {
    do { return try ListText.items(text, option: option, example: example, noun: noun, unique: unique, maximumCount: maximumCount) }
    catch { throw InputError(error.description) }
  }

  /// The numbers of a comma-separated list: each finite and within `bounds`.
  static func numbers(_ text: String, option: String, example: String, bounds: Bounds = .finite,
                      unique: Bool = false, maximumCount: Int? = nil) throws -> [Double] {
    let texts = try items(text, option: option, example: example, noun: "number", maximumCount: maximumCount)
    var values: [Double] = []
    for (k, item) in texts.enumerated() {
      let at = texts.count > 1 ? "number \(k + 1) of \(texts.count), " : ""
      guard let v = Double(item) else {
        throw InputError("\(option): \(at)\(MessageText.quoted(item)) is not a number (expected \(bounds.description), e.g. \(option) \(example))")
      }
      guard v.isFinite else {
        throw InputError("\(option): \(at)\(MessageText.quoted(item)) is not a finite number (nan, inf, or beyond ±1.8e308)")
      }
      guard bounds.contains(v) else {
        throw InputError("\(option): \(at)\(MessageText.quoted(item)) is out of range (expected \(bounds.description))")
      }
      if unique, values.contains(v) { throw InputError("\(option): \(MessageText.quoted(item)) is given twice") }
      values.append(v)
    }
    return values
  }

  /// Exactly two items `A,B` (as `--cross`), distinct as typed.
  static func pair(_ text: String, option: String, example: String, noun: String = "item") throws -> (String, String) {
    let parts = try items(text, option: option, example: example, noun: noun)
    guard parts.count == 2 else {
      throw InputError("\(option): expected two \(noun)s A,B (e.g. \(option) \(example)), got \(parts.count) in \(MessageText.quoted(text))")
    }
    return (parts[0], parts[1])
  }

  /// A single free-text value that must say something (not empty or blank), e.g. `--tag`.
  static func word(_ text: String, option: String, example: String) throws -> String {
    let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !t.isEmpty else { throw InputError("\(option): empty value; give a name (e.g. \(option) \(example))") }
    guard !t.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      throw InputError("\(option): control characters are not allowed in \(MessageText.quoted(text))")
    }
    return text
  }

  /// The first item that appears twice, if any.
  static func firstRepeated<T: Hashable>(_ items: [T]) -> T? {
    var seen = Set<T>()
    for item in items where !seen.insert(item).inserted { return item }
    return nil
  }
}
