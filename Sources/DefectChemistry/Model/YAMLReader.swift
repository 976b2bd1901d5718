import Yams

/// Reads Yams nodes with the file and line of each value, so that every complaint can say where.
struct YAMLReader {
  let file: String

  func line(_ node: Node?) -> Int? { node?.mark?.line }

  func error(_ node: Node?, _ message: String) -> MaterialError {
    MaterialError(file: file, line: line(node), message)
  }

  func compose(_ text: String) throws(MaterialError) -> Node {
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
                          "key '\(key)' appears twice in one mapping")
    } catch let e as YamlError {
      throw MaterialError(file: file, line: Self.line(of: e), "not valid YAML: \(Self.problem(of: e))")
    } catch {
      throw MaterialError(file: file, line: nil, "not valid YAML: \(error)")
    }
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
        throw error(k, "unknown key '\(key)' in \(what) (allowed: \(allowed.sorted().joined(separator: ", ")))")
      }
      guard result[key] == nil else { throw error(k, "key '\(key)' appears twice in \(what)") }
      result[key] = v
    }
    return result
  }

  /// Ordered key–value pairs of a mapping whose keys are free-form (e.g. sublattice names).
  func pairs(_ node: Node, _ what: String) throws(MaterialError) -> [(String, Node, Node)] {
    guard case .mapping(let m) = node else { throw error(node, "\(what) must be a mapping (key: value)") }
    var result: [(String, Node, Node)] = []
    for (k, v) in m {
      guard let key = k.string else { throw error(k, "\(what) has a key that is not text") }
      guard !result.contains(where: { $0.0 == key }) else { throw error(k, "key '\(key)' appears twice in \(what)") }
      result.append((key, k, v))
    }
    return result
  }

  func sequence(_ node: Node, _ what: String) throws(MaterialError) -> [Node] {
    guard case .sequence(let s) = node else { throw error(node, "\(what) must be a list") }
    return Array(s)
  }

  func string(_ node: Node, _ what: String) throws(MaterialError) -> String {
    guard case .scalar(let s) = node else { throw error(node, "\(what) must be text") }
    return s.string
  }

  func number(_ node: Node, _ what: String) throws(MaterialError) -> Double {
    guard case .scalar(let s) = node, let v = Double(s.string.trimmingWhitespace()), v.isFinite else {
      throw error(node, "\(what) must be a finite number")
    }
    return v
  }

  func quantity(_ node: Node, _ what: String, _ dimension: Quantity.Dimension) throws(MaterialError) -> Double {
    let text = try string(node, what)
    guard let v = Quantity.parse(text, as: dimension) else {
      throw error(node, Quantity.complaint(text, field: what, dimension))
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
