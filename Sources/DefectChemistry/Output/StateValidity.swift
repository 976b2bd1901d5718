/// Bounds on a solved state, not on its conditions: the `validity:` keys that name an output column
/// (`delta: [0, 0.2]`, `valence_B: [3, 4]`, `"V_O..": [0, 0.05]`, `sigma_ion_S_cm: …`), and — for a state
/// whose lattice columns are shown — the `expansion:` block's own range (`T_K`, `delta`).
///
/// A run records, per key, the lowest and highest value its converged states reach (``record(temperature:concentrations:into:)``,
/// cheap: nothing is computed when the material declares no such bound); ``warnings(span:)`` turns that into
/// one sentence per key that leaves its range, in the words of ``DefectModel/validityWarnings(span:)``, and
/// ``contains(temperature:concentrations:)`` is the state's part of the `in_validity` column.
public struct StateValidity: Sendable {
  /// One bounded quantity of a state.
  public struct Bound: Sendable {
    /// The key as a run's span records it: the `validity:` key, or `expansion.KEY` for the expansion's range.
    public let key: String
    public let range: ClosedRange<Double>
    let quantity: Quantity
  }

  enum Quantity: Sendable {
    case column(CSVLayout.Column)
    case temperature
  }

  public let bounds: [Bound]
  let model: DefectModel
  private let values: ColumnValues

  /// Whether no state bound applies (then recording and checking cost nothing).
  public var isEmpty: Bool { bounds.isEmpty }

  /// The state bounds of `model`; with `expansionColumns` (the output shows `lattice_A` or
  /// `chemical_strain`) also the expansion law's own range.
  public init(model: DefectModel, expansionColumns: Bool = false) {
    var bounds: [Bound] = []
    let catalog = ColumnCatalog(model: model)
    for key in model.validity.keys.sorted() {
      guard let range = model.validity[key], let column = Self.stateColumn(key, model: model, catalog: catalog) else { continue }
      bounds.append(Bound(key: key, range: range, quantity: .column(column)))
    }
    if expansionColumns, let e = model.expansion {
      for key in e.validity.keys.sorted() {
        guard let range = e.validity[key] else { continue }
        bounds.append(Bound(key: "expansion.\(key)", range: range,
                            quantity: key == "T_K" ? .temperature : .column(.delta)))
      }
    }
    self.bounds = bounds
    self.model = model
    values = ColumnValues(model: model, unitFactors: [Double](repeating: 1, count: model.species.count))
  }

  /// The column a `validity:` key names when it bounds the state (δ, a species in fu, a valence, H, the
  /// lattice, a conductivity or transference number), or nil for a condition key (T, a pressure, a fixed
  /// level or total). Columns that need slopes (Θ, D̃, slopes, activation energies) are not state bounds.
  static func stateColumn(_ key: String, model: DefectModel, catalog: ColumnCatalog) -> CSVLayout.Column? {
    if model.isValidityKey(key) { return nil }
    guard let k = CSVLayout.index(ofColumn: key, in: catalog.table.map(\.0)) else { return nil }
    let column = catalog.table[k].1
    switch column {
    case .converged, .residual, .axis, .inValidity, .reason, .temperatureCelsius: return nil
    default: return column.needs.isSubset(of: .transport) ? column : nil
    }
  }

  /// The names a `validity:` key may use to bound the state of `model`, for messages.
  public static func stateKeys(of model: DefectModel) -> [String] {
    let catalog = ColumnCatalog(model: model)
    return catalog.table.compactMap { name, column in
      switch column {
      case .converged, .residual, .axis, .inValidity, .reason, .temperatureCelsius: return nil
      default: return column.needs.isSubset(of: .transport) && !model.isValidityKey(name) ? name : nil
      }
    }
  }

  /// The same bounds for a model that differs only in parameter values (a `--set` or a fit trial).
  public func with(model other: DefectModel) -> StateValidity {
    StateValidity(bounds: bounds, model: other, values: values.with(model: other))
  }

  private init(bounds: [Bound], model: DefectModel, values: ColumnValues) {
    self.bounds = bounds
    self.model = model
    self.values = values
  }

  /// The conservation identities δ is written with (a sweep keeps ``MinorityForms`` for them per thread).
  var conservation: ConservationIdentities { values.derived.conservation }

  /// The value of bound `b` at a converged state (nil when it is undefined there); δ with `forms` (kept by
  /// the caller along a line) if given.
  private func value(_ b: Bound, temperature: Double, point: inout ColumnValues.Point,
                     forms: MinorityForms? = nil) -> Double? {
    switch b.quantity {
    case .temperature: return temperature
    case .column(.delta) where forms != nil:
      guard let x = values.derived.nonstoichiometry(point.concentrations, forms!), x.isFinite else { return nil }
      return x
    case .column(let column):
      guard let x = values.value(column, of: &point), x.isFinite else { return nil }
      return x
    }
  }

  /// Whether a converged state lies inside every bound (a value that is undefined there is not checked).
  public func contains(temperature: Double, concentrations: [Double]) -> Bool {
    guard !bounds.isEmpty else { return true }
    var point = ColumnValues.Point(temperature: temperature, concentrations: concentrations, slopes: nil)
    return bounds.allSatisfy { b in value(b, temperature: temperature, point: &point).map { b.range.contains($0) } ?? true }
  }

  /// Widens `span[key]` to each bounded value of a converged state.
  public func record(temperature: Double, concentrations: [Double], into span: inout [String: ClosedRange<Double>]) {
    record(temperature: temperature, concentrations: concentrations, into: &span, forms: nil)
  }

  /// ``record(temperature:concentrations:into:)`` with δ's minority forms kept by the caller (a sweep's
  /// ``RowScratch``): the same values, without a new elimination per state.
  func record(temperature: Double, concentrations: [Double], into span: inout [String: ClosedRange<Double>],
              forms: MinorityForms?) {
    guard !bounds.isEmpty else { return }
    var point = ColumnValues.Point(temperature: temperature, concentrations: concentrations, slopes: nil)
    for b in bounds {
      guard let x = value(b, temperature: temperature, point: &point, forms: forms) else { continue }
      Self.widen(&span, b.key, x)
    }
  }

  /// `span[key]` widened to include `x`.
  public static func widen(_ span: inout [String: ClosedRange<Double>], _ key: String, _ x: Double) {
    if let r = span[key] { span[key] = min(r.lowerBound, x)...max(r.upperBound, x) } else { span[key] = x...x }
  }

  /// Two spans joined key by key.
  public static func merged(_ a: [String: ClosedRange<Double>], _ b: [String: ClosedRange<Double>]) -> [String: ClosedRange<Double>] {
    a.merging(b) { min($0.lowerBound, $1.lowerBound)...max($0.upperBound, $1.upperBound) }
  }

  /// One sentence per bound that the recorded `span` leaves, sorted by key: the material's state bounds in
  /// the words of the condition warnings ("delta 0.001…0.44 (up to 0.44) leaves the validity range of
  /// ceo2 (0…0.2): …"), the expansion law's range naming the columns it makes extrapolations.
  public func warnings(span: [String: ClosedRange<Double>]) -> [String] {
    var own: [String: ClosedRange<Double>] = [:], expansion: [String: ClosedRange<Double>] = [:]
    for b in bounds {
      guard let used = span[b.key] else { continue }
      if b.key.hasPrefix("expansion.") { expansion[String(b.key.dropFirst(10))] = used } else { own[b.key] = used }
    }
    var result = model.validityWarnings(span: own)
    if let e = model.expansion {
      result += DefectModel.rangeWarnings(span: expansion, ranges: e.validity).map {
        "\($0.text) leaves the range of \(model.name)'s expansion law (\($0.range)): lattice_A and chemical_strain there are extrapolations"
      }
    }
    return result
  }
}
