/// The one parser of comma-separated option values (`--columns`, `--frozen`, `--anneal`, …) shared by every
/// front end (the CLI's `ListOption`, the C interface): items trimmed of blanks, with one message naming the
/// option for an empty list, an empty item, an item given twice, or too many items.
public enum ListText {
  public struct Invalid: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  /// The items of `text`. `example` shows a good value in the messages; `noun` names an item ("column 2 of 3
  /// is empty"); `unique` refuses an item typed twice; `maximumCount` caps the number of items.
  public static func items(_ text: String, option: String, example: String, noun: String = "item", unique: Bool = false,
                           maximumCount: Int? = nil) throws(Invalid) -> [String] {
    let items = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
    if items.allSatisfy(\.isEmpty) {
      throw Invalid(description: "\(option): empty list; name at least one \(noun) (e.g. \(option) \(example))")
    }
    if let k = items.firstIndex(of: "") {
      throw Invalid(description: "\(option): \(noun) \(k + 1) of \(items.count) is empty (a doubled, leading or trailing comma?) in \(MessageText.quoted(text))")
    }
    if let maximumCount, items.count > maximumCount {
      throw Invalid(description: "\(option): \(items.count) \(noun)s are more than this option can use (at most \(maximumCount))")
    }
    if unique, let twice = items.enumerated().first(where: { items[..<$0.offset].contains($0.element) })?.element {
      throw Invalid(description: "\(option): \(MessageText.quoted(twice)) is given twice")
    }
    return items
  }
}
