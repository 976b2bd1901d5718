import Yams

/// The material's declared validity box (`validity:` in the file): where its parameters rest on data.
///
/// Keys: `T_K`, `<pressure>_atm` for each gas the model exchanges (`pO2_atm`, `pH2O_atm`, …), the label
/// of a fixed species, or the name of a fixed total (a dopant level held over free and associated forms). Outside the box the solver still works — the numbers are then
/// extrapolations of the model, which the CLI says once per run on stderr and the `in_validity` column
/// says per row.
extension DefectModel {
  /// The validity keys this model can evaluate, for checking a file's `validity:` block.
  public var validityKeys: [String] {
    ["T_K"] + pressureNames.map { "\($0)_atm" } + species.filter { !$0.isFree }.map(\.name) + totals.map(\.name)
  }

  /// The total named `name`, in any Kröger–Vink spelling of a total named after its dopant label.
  func totalNamed(_ name: String) -> FixedTotal? {
    if let t = totals.first(where: { $0.name == name }) { return t }
    guard let canonical = (try? KrogerVinkLabel(parsing: name))?.description else { return nil }
    return totals.first { $0.name == canonical }
  }

  /// Whether `key` names T, a pressure of this model or one of its fixed levels (any Kröger–Vink spelling).
  public func isValidityKey(_ key: String) -> Bool {
    let pressures = Dictionary(uniqueKeysWithValues: pressureNames.map { ($0, 1.0) })
    return validityValue(key, temperature: 1, pressures: pressures) != nil
  }

  /// The value of validity key `key` at a point: T, a pressure, or a fixed level of this model.
  public func validityValue(_ key: String, temperature: Double, pressures: [String: Double]) -> Double? {
    if key == "T_K" { return temperature }
    if key.hasSuffix("_atm") { return pressures[String(key.dropLast(4))] }
    if let total = totalNamed(key) { return total.value }
    if let i = speciesIndex(key), case .fixed(let level) = species[i].role { return level }
    return nil
  }

  /// Whether a point lies inside every declared range (keys the point does not determine are ignored).
  public func isWithinValidity(temperature: Double, pressures: [String: Double]) -> Bool {
    validity.allSatisfy { key, range in
      validityValue(key, temperature: temperature, pressures: pressures).map { range.contains($0) } ?? true
    }
  }

  /// One sentence per validity axis that the values `span` (per key: the lowest and highest value a run
  /// uses) leave, e.g. "T_K 300…2000 leaves the validity range of ceo2 (1273…1773): results there are
  /// extrapolations of the model". Sorted by key.
  public func validityWarnings(span: [String: ClosedRange<Double>]) -> [String] {
    Self.rangeWarnings(span: span, ranges: validity).map {
      "\($0.text) leaves the validity range of \(name) (\($0.range)): results there are extrapolations of the model"
    }
  }

  /// Per key of `ranges` that `span` leaves (sorted by key): what the run used ("delta = 0.4",
  /// "T_K 300…2000 (down to 300 and up to 2000)") and the range ("1273…1773").
  static func rangeWarnings(span: [String: ClosedRange<Double>], ranges: [String: ClosedRange<Double>]) -> [(text: String, range: String)] {
    ranges.keys.sorted().compactMap { key in
      guard let range = ranges[key], let used = span[key],
            used.lowerBound < range.lowerBound || used.upperBound > range.upperBound else { return nil }
      let shown: String
      if used.lowerBound == used.upperBound {
        shown = "\(key) = \(g(used.lowerBound))"
      } else {
        var sides: [String] = []
        if used.lowerBound < range.lowerBound { sides.append("down to \(g(used.lowerBound))") }
        if used.upperBound > range.upperBound { sides.append("up to \(g(used.upperBound))") }
        shown = "\(key) \(g(used.lowerBound))…\(g(used.upperBound)) (\(sides.joined(separator: " and ")))"
      }
      return (shown, "\(g(range.lowerBound))…\(g(range.upperBound))")
    }
  }

  /// Checks the `validity:` keys that are not conditions: each must name a column of the state that needs no
  /// slopes (δ, a solved-for species, a valence, H, the lattice, a conductivity or transference number); it
  /// is stored under the column's own name (a species in its ASCII spelling).
  mutating func checkStateBounds(_ keys: [(String, Node)], _ reader: YAMLReader) throws(MaterialError) {
    guard !keys.isEmpty else { return }
    let catalog = ColumnCatalog(model: self)
    let stateKeys = StateValidity.stateKeys(of: self)
    for (key, node) in keys {
      guard StateValidity.stateColumn(key, model: self, catalog: catalog) != nil,
            let k = CSVLayout.index(ofColumn: key, in: catalog.table.map(\.0)) else {
        let all = ColumnCatalog(model: self, slopes: true)
        let named = (all.table + all.onRequest).first { $0.0 == key }?.1
        let needsSlopes = named.map { !$0.needs.isDisjoint(with: [.pressureSlopes, .temperatureSlopes]) } ?? false
        throw reader.error(node, needsSlopes
          ? "validity: '\(MessageText.escaped(key))' is computed from slopes, and cannot bound the state (state bounds: \(stateKeys.joined(separator: ", ")))"
          : "validity: unknown axis '\(MessageText.escaped(key))' (conditions: \(validityKeys.joined(separator: ", ")); state bounds: \(stateKeys.joined(separator: ", ")))")
      }
      let canonical = catalog.table[k].0
      if canonical != key {
        guard validity[canonical] == nil else {
          throw reader.error(node, "validity: '\(MessageText.escaped(key))' and '\(canonical)' name the same quantity: give it once")
        }
        validity[canonical] = validity.removeValue(forKey: key)
      }
    }
  }

  /// The span of each validity key over a grid (T, pressures, and swept fixed levels; fixed levels not
  /// swept take the model's value).
  public func validitySpan(of grid: SweepGrid) -> [String: ClosedRange<Double>] {
    var span: [String: ClosedRange<Double>] = [:]
    for i in species.indices { if case .fixed(let v) = species[i].role { span[species[i].name] = v...v } }
    for total in totals { span[total.name] = total.value...total.value }
    for axis in grid.axes {
      guard let lo = axis.values.min(), let hi = axis.values.max() else { continue }
      switch axis.coordinate {
      case .temperature: span["T_K"] = lo...hi
      case .pressure(let p): span["\(p)_atm"] = lo...hi
      case .parameter(let parameter):
        if case .fixedLevel(let i) = parameter { span[species[i].name] = lo...hi }
        if case .total(let t) = parameter { span[totals[t].name] = lo...hi }
      }
    }
    return span
  }

  /// A number as typed (integers without a point); a computed value of many digits to 4 significant ones.
  private static func g(_ x: Double) -> String {
    if x == x.rounded() && abs(x) < 1e6 { return "\(Int(x))" }
    let shortest = "\(x)"
    return shortest.count <= 10 ? shortest : String(format: "%.4g", x)
  }
}
