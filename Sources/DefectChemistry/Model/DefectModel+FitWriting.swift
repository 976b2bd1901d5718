import Foundation
import Yams

extension DefectModel {
  /// What a fit gives a material file: the fitted parameters (engine units), their covariance and a
  /// summary. See ``textWithFit(_:)``.
  public struct FitRecord: Sendable {
    public var parameters: [Parameter]
    public var values: [Double]
    /// p × p, row-major, engine units (eV, k_B, per formula unit).
    public var covariance: [Double]
    /// One line per data set (file, observable, number of values).
    public var data: [String]
    public var reducedChiSquared: Double
    public var degreesOfFreedom: Int
    /// ``ParameterFit/CovarianceScaling/name``.
    public var scaling: String
    /// The command that made it, recorded as a comment (for reproduction).
    public var command: String

    public init(parameters: [Parameter], values: [Double], covariance: [Double], data: [String],
                reducedChiSquared: Double, degreesOfFreedom: Int, scaling: String, command: String) {
      self.parameters = parameters
      self.values = values
      self.covariance = covariance
      self.data = data
      self.reducedChiSquared = reducedChiSquared
      self.degreesOfFreedom = degreesOfFreedom
      self.scaling = scaling
      self.command = command
    }
  }

  /// This material's file text with the fitted values in place of the old ones (in the unit the file wrote
  /// them in, each marked by a comment where the line allows one) and a `fit:` block at the end holding the
  /// values, their standard errors, the covariance and the fit's summary — replacing an earlier `fit:`
  /// block. Everything else (comments, provenance, order) is kept as written. The text is read back
  /// before it is returned: it must load, carry exactly the fitted values and change no other parameter.
  public func textWithFit(_ record: FitRecord) throws(MaterialError) -> String {
    let p = record.parameters.count
    guard p > 0, record.values.count == p, record.covariance.count == p * p else {
      throw MaterialError(file: file, line: nil, "a fit record needs one value per parameter and a p × p covariance")
    }
    let reader = YAMLReader(file: file)
    let root = try reader.compose(sourceText)
    guard let top = root.mapping else { throw MaterialError(file: file, line: nil, "the material file is not a mapping") }
    var lines = sourceText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var recorded: [Double] = []
    var was: [String] = []
    var edits: [(scalar: Node.Scalar, mark: Mark, inFlow: Bool, text: String)] = []
    for (parameter, value) in zip(record.parameters, record.values) {
      guard let (node, inFlow) = valueNode(of: parameter, in: top), case .scalar(let scalar) = node, let mark = node.mark else {
        throw MaterialError(file: file, line: nil, "cannot find where \(describe(parameter)) is written in \(file)")
      }
      let unit = declaredUnit(of: parameter)
      let number = unit.flatMap { self.value(value, of: parameter, in: $0) } ?? value
      let text = String(format: "%.12g", number) + (unit.map { " " + $0 } ?? "")
      guard let readBack = parseValue(text, for: parameter) else {
        throw MaterialError(file: file, line: mark.line, "cannot write \(describe(parameter)) = \(text)")
      }
      recorded.append(readBack)
      was.append(scalar.string)
      edits.append((scalar, mark, inFlow, text))
    }
    // right to left, so that an edit does not move the columns of the next one on its line
    for edit in edits.sorted(by: { ($0.mark.line, -$0.mark.column) < ($1.mark.line, -$1.mark.column) }) {
      try Self.replace(scalar: edit.scalar, at: edit.mark, inFlow: edit.inFlow, with: edit.text, in: &lines, file: file,
                       comment: "fitted: see fit: below (was \(edit.scalar.string))")
    }
    // an earlier fit: block goes (its values are replaced)
    if let old = top.first(where: { $0.key.string == "fit" }), let start = old.key.mark?.line {
      let following = top.compactMap { $0.key.mark?.line }.filter { $0 > start }.min()
      var from = start - 1
      while from > 0, lines[from - 1].hasPrefix("# Written by brouwer fit") || lines[from - 1].hasPrefix("#   ") { from -= 1 }
      lines.removeSubrange(from..<((following ?? lines.count + 1) - 1))
    }
    while let last = lines.last, last.trimmingWhitespace().isEmpty { lines.removeLast() }
    lines.append("")
    lines.append(contentsOf: fitBlock(record, recorded: recorded, was: was))
    let text = lines.joined(separator: "\n") + "\n"
    // read back: the fitted values, nothing else changed
    let reloaded: DefectModel
    do { reloaded = try DefectModel.load(yaml: text, file: file) } catch {
      throw MaterialError(file: file, line: nil, "the material with the fitted values does not load (\(error.description)); nothing written")
    }
    var expected = self
    for (parameter, v) in zip(record.parameters, recorded) { expected = try expected.setting(parameter, to: v) }
    for parameter in expected.allParameters {
      let a = expected.value(of: parameter), b = reloaded.value(of: parameter)
      guard abs(a - b) <= 1e-12 * max(1, abs(a)) else {
        throw MaterialError(file: file, line: nil, "rewriting the file would change \(describe(parameter)) from \(a) to \(b); nothing written")
      }
    }
    return text
  }

  /// The scalar node that holds `parameter` in the file, and whether it sits in a flow collection.
  private func valueNode(of parameter: Parameter, in top: Node.Mapping) -> (Node, Bool)? {
    func get(_ node: Node?, _ key: String) -> Node? { node?.mapping?.first { $0.key.string == key }?.value }
    func items(_ key: String) -> [Node] { top.first { $0.key.string == key }?.value.sequence.map(Array.init) ?? [] }
    func entry(_ item: Node, _ key: String) -> (Node, Bool)? {
      guard let m = item.mapping, let v = get(item, key) else { return nil }
      return (v, m.style == .flow)
    }
    switch parameter {
    case .enthalpy(let r), .entropy(let r):
      let key = parameter == .enthalpy(reaction: r) ? "dH" : "dS"
      for (k, item) in items("reactions").enumerated() where (get(item, "name")?.string ?? "r\(k + 1)") == reactions[r].name {
        return entry(item, key)
      }
    case .total(let t):
      for item in items("totals") where get(item, "name")?.string == totals[t].name { return entry(item, "value") }
    case .fixedLevel(let i):
      for item in items("species") {
        if let label = get(item, "label")?.string, speciesIndex(label) == i { return entry(item, "fixed") }
      }
    case .interaction(let k):
      for (q, item) in items("interactions").enumerated() where (get(item, "name")?.string ?? "w\(q + 1)") == interactions[k].name {
        return entry(item, "W")
      }
    case .mobility(let i, let key):
      // species item → its mobility: mapping → the law's key (a band exponent left at its default is not written)
      for item in items("species") {
        guard let label = get(item, "label")?.string, speciesIndex(label) == i, let mobility = get(item, "mobility") else { continue }
        return entry(mobility, key.rawValue)
      }
    }
    return nil
  }

  /// Replaces the text of `scalar` (which starts at `mark`) by `text` on its line; adds `comment` when the
  /// scalar ends the line's content (a comment inside a flow mapping would cut it).
  private static func replace(scalar: Node.Scalar, at mark: Mark, inFlow: Bool, with text: String, in lines: inout [String],
                              file: String, comment: String) throws(MaterialError) {
    let index = mark.line - 1
    guard lines.indices.contains(index) else { throw MaterialError(file: file, line: mark.line, "no such line") }
    let scalars = Array(lines[index].unicodeScalars)
    let start = mark.column - 1
    guard start >= 0, start < scalars.count else { throw MaterialError(file: file, line: mark.line, "cannot locate the value") }
    // inside a flow collection opened earlier on the line (the parser does not always report the style)
    var depth = 0
    var openQuote: Unicode.Scalar?
    for c in scalars[..<start] {
      if let q = openQuote { if c == q { openQuote = nil }; continue }
      switch c {
      case "\"", "'": openQuote = c
      case "{", "[": depth += 1
      case "}", "]": depth -= 1
      default: break
      }
    }
    let inFlow = inFlow || depth > 0
    var end = start
    switch scalar.style {
    case .doubleQuoted:
      end += 1
      while end < scalars.count, scalars[end] != "\"" { end += scalars[end] == "\\" ? 2 : 1 }
      guard end < scalars.count else { throw MaterialError(file: file, line: mark.line, "a quoted value over several lines cannot be rewritten") }
      end += 1
    case .singleQuoted:
      end += 1
      while end < scalars.count {
        if scalars[end] == "'" {
          if end + 1 < scalars.count, scalars[end + 1] == "'" { end += 2; continue }
          break
        }
        end += 1
      }
      guard end < scalars.count else { throw MaterialError(file: file, line: mark.line, "a quoted value over several lines cannot be rewritten") }
      end += 1
    case .plain, .any:
      while end < scalars.count {
        let c = scalars[end]
        if inFlow && (c == "," || c == "}" || c == "]") { break }
        if c == "#" && end > start && (scalars[end - 1] == " " || scalars[end - 1] == "\t") { break }
        end += 1
      }
      while end > start, scalars[end - 1] == " " || scalars[end - 1] == "\t" { end -= 1 }
    default:
      throw MaterialError(file: file, line: mark.line, "a block (| or >) value cannot be rewritten")
    }
    let quote: String = scalar.style == .doubleQuoted ? "\"" : scalar.style == .singleQuoted ? "'" : ""
    var before = String(String.UnicodeScalarView(scalars[..<start]))
    let after = String(String.UnicodeScalarView(scalars[end...]))
    before += quote + text + quote
    let rest = after.trimmingWhitespace()
    if rest.isEmpty {
      lines[index] = before + "  # " + comment
    } else if rest.hasPrefix("#") {
      let old: String = String(rest.dropFirst()).trimmingWhitespace()
      lines[index] = "\(before)  # \(comment); \(old)"
    } else {
      lines[index] = before + after
    }
  }

  /// The `fit:` block's lines.
  private func fitBlock(_ record: FitRecord, recorded: [Double], was: [String]) -> [String] {
    let p = record.parameters.count
    func number(_ x: Double) -> String { x.isFinite ? CSVLayout.number(x) : ".nan" }
    func quoted(_ s: String) -> String {
      "\"" + s.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"").replacingAll("\n", with: " ") + "\""
    }
    var out = [
      "# Written by brouwer fit: the fitted values above (marked \"fitted\") and their covariance, for confidence",
      "#   bands (sweep/plot/map --band). Engine units: eV, kB, per formula unit. Made by:",
      "#   " + record.command.replacingAll("\n", with: " "),
      "fit:",
      "  data:",
    ]
    out += record.data.map { "    - " + quoted($0) }
    if record.data.isEmpty { out[out.count - 1] = "  data: []" }
    out.append("  reduced_chi_squared: " + number(record.reducedChiSquared))
    out.append("  degrees_of_freedom: \(record.degreesOfFreedom)")
    out.append("  covariance_scaling: " + record.scaling)
    out.append("  parameters:")
    for j in 0..<p {
      let parameter = record.parameters[j]
      out.append("    - name: " + quoted(describe(parameter)))
      out.append("      value: " + number(recorded[j]))
      out.append("      unit: " + parameter.unit)
      out.append("      standard_error: " + number(record.covariance[j * p + j].squareRoot()))
      out.append("      was: " + quoted(was[j]))
      out.append("      source: \"[D] fitted by brouwer fit to the data above (see the command)\"")
    }
    out.append("  covariance:")
    for i in 0..<p {
      // symmetric to the bit, so that reading it back needs no tolerance
      let row = (0..<p).map { j in number(i <= j ? record.covariance[i * p + j] : record.covariance[j * p + i]) }
      out.append("    - [" + row.joined(separator: ", ") + "]")
    }
    return out
  }
}
