import Yams

/// Size limits of a material file: larger inputs get one clear error instead of a long hang.
public enum YAMLLimits {
  /// Largest material file read (bytes); built-in files are under 10 kB.
  public static let maximumBytes = 1 << 20
  /// Deepest nesting of flow collections (`[`, `{`) and of block indentation levels.
  public static let maximumDepth = 64
  /// Most entries in one list or free-form mapping (species, reactions, sublattices, …).
  public static let maximumItems = 500
}

/// Reads Yams nodes with the file and line of each value, so that every complaint can say where.
struct YAMLReader {
  let file: String

  func line(_ node: Node?) -> Int? { node?.mark?.line }

  func error(_ node: Node?, _ message: String) -> MaterialError {
    MaterialError(file: file, line: line(node), message)
  }

  static let maximumBytes = YAMLLimits.maximumBytes
  static let maximumDepth = YAMLLimits.maximumDepth

  func compose(_ text: String) throws(MaterialError) -> Node {
    try screen(text)
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw MaterialError(file: file, line: nil, "the file is empty")
      }
      return node
    } catch let e as MaterialError {
      throw e
    } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
      let key = duplicates.first ?? "?"
      throw MaterialError(file: file, line: Self.secondOccurrence(of: key, in: text, after: context.mark.line) ?? context.mark.line,
                          "key '\(MessageText.escaped(key))' appears twice in one mapping")
    } catch let e as YamlError {
      throw MaterialError(file: file, line: Self.line(of: e), "not valid YAML: \(Self.problem(of: e))")
    } catch {
      throw MaterialError(file: file, line: nil, "not valid YAML: \(error)")
    }
  }

  /// Refuses, before the YAML parser sees them, inputs that would make it slow or unsafe: files over
  /// ``maximumBytes``, control characters, aliases (`*name`: unused by material files, and an alias
  /// "bomb" expands exponentially), nesting deeper than ``maximumDepth``. Each with its line.
  func screen(_ text: String) throws(MaterialError) {
    guard text.utf8.count <= Self.maximumBytes else {
      throw MaterialError(file: file, line: nil, "the file has \(text.utf8.count) bytes; material files are limited to \(Self.maximumBytes)")
    }
    var line = 1
    var depth = 0
    var quote: UInt8? = nil
    var comment = false
    var atLineStart = true
    var indentation = 0
    var indentLevels: [Int] = []
    var leadingDashes = -1  // "- - - x": block sequences nested on one line; -1 once past them
    var previous: UInt8 = UInt8(ascii: "\n")
    var lastSignificant: UInt8 = UInt8(ascii: "\n")
    leadingDashes = 0
    for byte in text.utf8 {
      defer { previous = byte }
      if byte == UInt8(ascii: "\n") {
        line += 1
        comment = false
        if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") { /* multi-line quoted scalar */ } else { quote = nil }
        atLineStart = true
        indentation = 0
        leadingDashes = 0
        lastSignificant = byte
        continue
      }
      if byte < 0x20 && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\r") || byte == 0x7F {
        throw MaterialError(file: file, line: line, "control character \\u{\(String(byte, radix: 16, uppercase: true))} in the file (only tabs, line breaks and printable text are allowed)")
      }
      if atLineStart {
        if byte == UInt8(ascii: " ") { indentation += 1; continue }
        atLineStart = false
        if byte != UInt8(ascii: "#") && quote == nil {
          while let last = indentLevels.last, last >= indentation { indentLevels.removeLast() }
          indentLevels.append(indentation)
          if indentLevels.count > Self.maximumDepth {
            throw MaterialError(file: file, line: line, "nesting deeper than \(Self.maximumDepth) levels")
          }
        }
      }
      if leadingDashes >= 0 && quote == nil {
        if byte == UInt8(ascii: "-") && previous != UInt8(ascii: "-") {
          leadingDashes += 1
          if indentLevels.count + leadingDashes > Self.maximumDepth {
            throw MaterialError(file: file, line: line, "nesting deeper than \(Self.maximumDepth) levels")
          }
        } else if byte != UInt8(ascii: " ") {
          leadingDashes = -1
        }
      }
      if comment { continue }
      if let q = quote {
        if byte == q && !(q == UInt8(ascii: "\"") && previous == UInt8(ascii: "\\")) { quote = nil }
        continue
      }
      switch byte {
      case UInt8(ascii: "#") where previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t") || lastSignificant == UInt8(ascii: "\n"):
        comment = true
      case UInt8(ascii: "\""), UInt8(ascii: "'"):
        if Self.startsNode(lastSignificant) { quote = byte }
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        if Self.startsNode(lastSignificant) || depth > 0 {
          depth += 1
          if depth > Self.maximumDepth { throw MaterialError(file: file, line: line, "nesting deeper than \(Self.maximumDepth) levels") }
        }
      case UInt8(ascii: "]"), UInt8(ascii: "}"):
        if depth > 0 { depth -= 1 }
      case UInt8(ascii: "*"):
        if Self.startsNode(lastSignificant) {
          throw MaterialError(file: file, line: line, "YAML aliases (*name) are not accepted in material files: write the value out")
        }
      default: break
      }
      if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") { lastSignificant = byte }
    }
  }

  /// Whether a node can start after this byte (line start, `-`, `:`, `,`, `[`, `{`, `?`, `&anchor` aside).
  private static func startsNode(_ byte: UInt8) -> Bool {
    [UInt8(ascii: "\n"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "{"),
     UInt8(ascii: "?")].contains(byte)
  }

  /// Line (1-based) of the second `key:` at or after line `start`, for duplicate-key messages.
  private static func secondOccurrence(of key: String, in text: String, after start: Int) -> Int? {
    var seen = 0
    for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where i + 1 >= start {
      let trimmed = line.drop { $0 == " " || $0 == "-" || $0 == "{" }
      if trimmed.hasPrefix(key + ":") || trimmed.hasPrefix("\"\(key)\":") {
        seen += 1
        if seen == 2 { return i + 1 }
      }
    }
    return nil
  }

  private static func line(of error: YamlError) -> Int? {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
    default: return nil
    }
  }

  private static func problem(of error: YamlError) -> String {
    switch error {
    case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
    case .reader(let problem, _, _, _): return problem
    default: return "\(error)"
    }
  }

  /// The entries of a mapping, refusing keys outside `allowed` (typos are errors, not silence).
  func mapping(_ node: Node, _ what: String, allowed: Set<String>) throws(MaterialError) -> [String: Node] {
    guard case .mapping(let m) = node else { throw error(node, "\(what) must be a mapping (key: value)") }
    var result: [String: Node] = [:]
    for (k, v) in m {
      guard let key = k.string else { throw error(k, "\(what) has a key that is not text") }
      guard allowed.contains(key) else {
        throw error(k, "unknown key '\(MessageText.escaped(key))' in \(what) (allowed: \(allowed.sorted().joined(separator: ", ")))")
      }
      guard result[key] == nil else { throw error(k, "key '\(MessageText.escaped(key))' appears twice in \(what)") }
      result[key] = v
    }
    return result
  }

  /// Ordered key–value pairs of a mapping whose keys are free-form (e.g. sublattice names).
  func pairs(_ node: Node, _ what: String) throws(MaterialError) -> [(String, Node, Node)] {
    guard case .mapping(let m) = node else { throw error(node, "\(what) must be a mapping (key: value)") }
    guard m.count <= Self.maximumItems else { throw error(node, "\(what) has \(m.count) entries; at most \(Self.maximumItems) are read") }
    var result: [(String, Node, Node)] = []
    for (k, v) in m {
      guard let key = k.string else { throw error(k, "\(what) has a key that is not text") }
      guard !result.contains(where: { $0.0 == key }) else { throw error(k, "key '\(MessageText.escaped(key))' appears twice in \(what)") }
      result.append((key, k, v))
    }
    return result
  }

  static let maximumItems = YAMLLimits.maximumItems

  func sequence(_ node: Node, _ what: String) throws(MaterialError) -> [Node] {
    guard case .sequence(let s) = node else { throw error(node, "\(what) must be a list") }
    guard s.count <= Self.maximumItems else { throw error(node, "\(what) has \(s.count) entries; at most \(Self.maximumItems) are read") }
    return Array(s)
  }

  func string(_ node: Node, _ what: String) throws(MaterialError) -> String {
    guard case .scalar(let s) = node else { throw error(node, "\(what) must be text") }
    return s.string
  }

  /// Largest magnitude of a plain number (sites, levels, mobilities, N300 …): beyond it, a typo.
  static let maximumMagnitude = 1e30

  func number(_ node: Node, _ what: String) throws(MaterialError) -> Double {
    guard case .scalar(let s) = node, let v = Double(s.string.trimmingWhitespace()), v.isFinite else {
      throw error(node, "\(what) must be a finite number")
    }
    guard abs(v) <= Self.maximumMagnitude else { throw error(node, "\(what) = \(v) is beyond ±1e30: not a plausible value") }
    return v
  }

  func quantity(_ node: Node, _ what: String, _ dimension: Quantity.Dimension) throws(MaterialError) -> Double {
    let text = try string(node, what)
    guard let v = Quantity.parse(text, as: dimension) else {
      throw error(node, Quantity.complaint(text, field: what, dimension))
    }
    let limit = Quantity.plausibleLimit(dimension)
    guard abs(v) <= limit else {
      throw error(node, "\(what) \(MessageText.quoted(text)) is \(v) \(Quantity.engineUnit(dimension)), beyond the plausible ±\(limit.formatted) \(Quantity.engineUnit(dimension))")
    }
    return v
  }

  func bool(_ node: Node, _ what: String) throws(MaterialError) -> Bool {
    guard let b = node.bool else { throw error(node, "\(what) must be true or false") }
    return b
  }

  func range(_ node: Node, _ what: String) throws(MaterialError) -> ClosedRange<Double> {
    let items = try sequence(node, what)
    guard items.count == 2 else { throw error(node, "\(what) must be [min, max]") }
    let lo = try number(items[0], what), hi = try number(items[1], what)
    guard lo <= hi else { throw error(node, "\(what) has min > max") }
    return lo...hi
  }
}
