/// What the material file says around a species or reaction: its text block, the unit its ΔH/ΔS were
/// written in, and whether it is tagged as a placeholder [R] — for reports (`brouwer fit`).
extension DefectModel {
  /// The lines of the list item (a species, a reaction) that contains 1-based `line` of ``sourceText``:
  /// from its `- ` line through every following line indented deeper (one line for a flow mapping).
  public func sourceBlock(containing line: Int) -> [Substring] {
    let lines = sourceText.split(separator: "\n", omittingEmptySubsequences: false)
    guard line >= 1, line <= lines.count else { return [] }
    func indent(_ l: Substring) -> Int { l.prefix { $0 == " " }.count }
    func isItem(_ l: Substring) -> Bool { l.drop { $0 == " " }.hasPrefix("- ") }
    var start = line - 1
    if !isItem(lines[start]) {
      let inner = indent(lines[start])
      while start > 0, !(isItem(lines[start]) && indent(lines[start]) < inner) { start -= 1 }
    }
    let itemIndent = indent(lines[start])
    var block = [lines[start]]
    for next in lines[(start + 1)...] {
      let trimmed = next.drop { $0 == " " }
      if trimmed.isEmpty || trimmed.hasPrefix("#") { block.append(next); continue }
      guard indent(next) > itemIndent else { break }
      block.append(next)
    }
    return block
  }

  /// The unit a reaction's `dH` or `dS`, an interaction's `W` or a hopping mobility's `Ea` was written in
  /// (`kJ/mol`, `J/(mol K)`, …), if the file gives one that converts; `nil` for other parameters or plain numbers.
  public func declaredUnit(of parameter: Parameter) -> String? {
    let (reaction, key, dimension): (Int, String, Quantity.Dimension)
    switch parameter {
    case .enthalpy(let r): (reaction, key, dimension) = (r, "dH", .energy)
    case .entropy(let r): (reaction, key, dimension) = (r, "dS", .entropy)
    case .interaction(let k):
      guard let line = interactions[k].line else { return nil }
      return unitOfKey("W", in: sourceBlock(containing: line), dimension: .energy)
    case .mobility(let i, .activationEnergy):
      guard let line = species[i].line else { return nil }
      return unitOfKey("Ea", in: mobilityLines(of: sourceBlock(containing: line)), dimension: .energy)
    case .fixedLevel, .total, .mobility: return nil
    }
    guard let line = reactions[reaction].line else { return nil }
    return unitOfKey(key, in: sourceBlock(containing: line), dimension: dimension)
  }

  /// The lines of a species block from its `mobility:` key on (block or flow style), so that a key looked
  /// up in them is the mobility's.
  private func mobilityLines(of block: [Substring]) -> [Substring] {
    guard let k = block.firstIndex(where: { $0.range(of: "mobility:") != nil }), let r = block[k].range(of: "mobility:") else { return [] }
    return [block[k][r.upperBound...]] + block[(k + 1)...]
  }

  /// The unit written after `key:` in a block, if it converts in `dimension`.
  private func unitOfKey(_ key: String, in block: [Substring], dimension: Quantity.Dimension) -> String? {
    for text in block {
      // the key itself, not a longer key ending in it ("dEa:" for "Ea")
      var from = text.startIndex
      var found: Range<Substring.Index>?
      while let r = text.range(of: "\(key):", range: from..<text.endIndex) {
        if r.lowerBound == text.startIndex || " \t{,-\"'".contains(text[text.index(before: r.lowerBound)]) { found = r; break }
        from = r.upperBound
      }
      guard let range = found else { continue }
      var rest = text[range.upperBound...].drop { $0 == " " || $0 == "\"" || $0 == "'" }
      rest = rest.prefix { $0 != "," && $0 != "}" && $0 != "\"" && $0 != "'" && $0 != "#" }
      let unit = Self.unitPart(String(rest))
      guard !unit.isEmpty, Quantity.parse("1 " + unit, as: dimension) != nil else { return nil }
      return unit
    }
    return nil
  }

  /// The unit after the leading number of `text` (`"-95.62 kJ/mol"` → `kJ/mol`), read as ``Quantity`` reads it.
  static func unitPart(_ text: String) -> String {
    let t = text.replacingAll("−", with: "-").trimmingWhitespace()
    var end = t.startIndex
    while end < t.endIndex, "+-.0123456789eE".contains(t[end]) {
      if t[end] == "e" || t[end] == "E" {  // an 'e' before a letter starts a unit (eV)
        let next = t.index(after: end)
        if next == t.endIndex || !("+-0123456789".contains(t[next])) { break }
      }
      end = t.index(after: end)
    }
    return String(t[end...]).trimmingWhitespace()
  }

  /// `value` (engine units: eV, k_B) expressed in `unit` of `parameter`'s dimension.
  public func value(_ value: Double, of parameter: Parameter, in unit: String) -> Double? {
    guard let dimension = parameter.dimension, let one = Quantity.parse("1 " + unit, as: dimension) else { return nil }
    return value / one
  }

  /// Whether a line holds a `source:` whose provenance tag (its first word) is `[R]`. A source tagged
  /// `[D]` that mentions an [R] range for comparison is not a placeholder.
  static func isPlaceholderSource(_ line: Substring) -> Bool {
    guard let r = line.range(of: "source:") else { return false }
    return line[r.upperBound...].drop { $0 == " " || $0 == "\"" || $0 == "'" }.hasPrefix("[R]")
  }

  /// Reactions and species whose entry in the file has a `source:` tagged as a placeholder `[R]`
  /// (recalled, unverified), by name — e.g. `intrinsic`, `h.` — excluding the reactions of `parameters`; a
  /// species' mobility counts only with `mobilities` (for conductivity observables).
  public func placeholderEntries(excluding parameters: [Parameter] = [], mobilities: Bool = true) -> [String] {
    var fitted = Set<Int>()
    var fittedSpecies = Set<Int>()
    var fittedMobility = Set<Int>()
    for p in parameters {
      switch p {
      case .enthalpy(let r), .entropy(let r): fitted.insert(r)
      case .fixedLevel(let i): fittedSpecies.insert(i)
      case .mobility(let i, _): fittedMobility.insert(i)
      case .total, .interaction: break
      }
    }
    var names: [String] = []
    for (i, s) in species.enumerated() where !fittedSpecies.contains(i) {
      guard let line = s.line else { continue }
      var block = sourceBlock(containing: line)
      // a fitted mobility's own source no longer counts as taken as given
      if !mobilities || fittedMobility.contains(i) { block = Self.dropping(key: "mobility", from: block) }
      if block.contains(where: Self.isPlaceholderSource) { names.append(s.name) }
    }
    for (r, reaction) in reactions.enumerated() where !fitted.contains(r) {
      if let line = reaction.line, sourceBlock(containing: line).contains(where: Self.isPlaceholderSource) { names.append(reaction.name) }
    }
    return names
  }

  /// `block` without the lines of its `key:` entry (the key's line and those indented deeper under it);
  /// a flow-style `key: {…}` on one line is cut from that line.
  static func dropping(key: String, from block: [Substring]) -> [Substring] {
    var out: [Substring] = []
    var skipDeeperThan: Int?
    for line in block {
      let indent = line.prefix { $0 == " " }.count
      if let limit = skipDeeperThan {
        if indent > limit || line.allSatisfy({ $0 == " " }) { continue }
        skipDeeperThan = nil
      }
      if let r = line.range(of: "\(key):") {
        let before = line[..<r.lowerBound].drop { $0 == " " || $0 == "-" }
        if before.isEmpty { skipDeeperThan = indent; continue }  // block style: "mobility:" opens a section
        out.append(line[..<r.lowerBound])  // flow style: keep what precedes it on the line
        continue
      }
      out.append(line)
    }
    return out
  }
}
