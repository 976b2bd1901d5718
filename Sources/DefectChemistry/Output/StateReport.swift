import Foundation

/// One solved state as values, for any front end: its conditions, the concentrations in the layout's unit,
/// every derived column of the layout (δ, valences, Θ, σ, t, D̃, …), the exact pressure slopes, the anneal
/// it was quenched from, and the flags. A value is `nil` where the state did not converge or the quantity
/// is undefined there. `Encodable` (keys as in ``jsonText``); ``jsonText`` is the text `brouwer solve
/// --format json` prints.
public struct StateReport: Sendable, Encodable {
  /// A named number (`nil`: no value).
  public struct Value: Sendable, Encodable {
    public var name: String
    public var value: Double?
  }

  public struct Anneal: Sendable, Encodable {
    public var temperature: Double
    public var pressures: [Value]
    /// Frozen amounts per formula unit, in model order.
    public var frozen: [Value]
  }

  public struct Slopes: Sendable, Encodable {
    /// d ln c/d ln p for this pressure, per species.
    public var pressure: String
    public var values: [Value]
  }

  public var material: String
  public var temperature: Double
  /// The model's pressures (atm), in its order.
  public var pressures: [Value]
  public var units: String
  public var anneal: Anneal?
  public var concentrations: [Value]
  /// The layout's derived columns, by header.
  public var derived: [Value]
  public var slopes: [Slopes]?
  public var converged: Bool
  public var residual: Double

  public init(model: DefectModel, state s: EquilibriumState, layout: CSVLayout, units: CSVLayout.ConcentrationUnit,
              slopes: Sensitivities?, quench: AnnealQuench.Outcome?) {
    material = model.name
    temperature = s.conditions.temperature
    pressures = model.pressureNames.map { Value(name: $0, value: s.conditions.pressures[$0]) }
    self.units = units.rawValue
    anneal = quench.map { q in
      let c = q.annealState.conditions
      return Anneal(temperature: c.temperature, pressures: model.pressureNames.map { Value(name: $0, value: c.pressures[$0]) },
                    frozen: q.frozen.map { Value(name: model.species[$0.index].name, value: $0.amount) }
                      + q.contents.map { Value(name: "\($0.element) content", value: $0.amount) })
    }
    concentrations = model.species.indices.map {
      Value(name: model.species[$0].name, value: s.converged ? s.concentrations[$0] * layout.unitFactors[$0] : nil)
    }
    var point = CSVLayout.Point(temperature: s.conditions.temperature, concentrations: s.concentrations, slopes: slopes)
    var derived: [Value] = []
    for (header, column) in zip(layout.headers, layout.columns) {
      switch column {
      case .axis, .species, .slope, .converged, .residual: continue
      default: derived.append(Value(name: header, value: s.converged ? layout.value(column, of: &point) : nil))
      }
    }
    self.derived = derived
    self.slopes = slopes.map { slopes in
      model.pressureNames.map { p in
        Slopes(pressure: p, values: model.species.indices.map { Value(name: model.species[$0].name, value: slopes.withRespectTo[p]?[$0]) })
      }
    }
    converged = s.converged
    residual = s.residual
  }

  /// One line of JSON: `{"material": …, "T_K": …, "<p>_atm": …, "units": …, ["anneal": {…},] "concentrations":
  /// {…}, <derived columns>, ["slopes": {"pO2": {…}},] "converged": …, "residual": …}`; numbers in shortest
  /// round-trip form, `null` for a missing or non-finite value.
  public var jsonText: String {
    let (num, str) = (JSONText.number, JSONText.string)
    func object(_ values: [Value]) -> String { "{" + values.map { "\(str($0.name)): \(num($0.value))" }.joined(separator: ", ") + "}" }
    var parts = ["\"material\": \(str(material))", "\"T_K\": \(num(temperature))"]
    for p in pressures { parts.append("\"\(p.name)_atm\": \(num(p.value))") }
    parts.append("\"units\": \(str(units))")
    if let anneal {
      let pressures = anneal.pressures.map { "\"\($0.name)_atm\": \(num($0.value))" }
      parts.append("\"anneal\": {" + (["\"T_K\": \(num(anneal.temperature))"] + pressures + ["\"frozen\": \(object(anneal.frozen))"]).joined(separator: ", ") + "}")
    }
    parts.append("\"concentrations\": \(object(concentrations))")
    for d in derived { parts.append("\(str(d.name)): \(num(d.value))") }
    if let slopes {
      parts.append("\"slopes\": {" + slopes.map { "\(str($0.pressure)): \(object($0.values))" }.joined(separator: ", ") + "}")
    }
    parts.append("\"converged\": \(converged)")
    parts.append("\"residual\": \(num(residual))")
    return "{" + parts.joined(separator: ", ") + "}"
  }

  private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  /// The keys and values of ``jsonText`` (a non-finite number encodes as null).
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: Key.self)
    func put(_ x: Double?, _ key: String, in c: inout KeyedEncodingContainer<Key>) throws {
      if let x, x.isFinite { try c.encode(x, forKey: Key(key)) } else { try c.encodeNil(forKey: Key(key)) }
    }
    func put(_ values: [Value], _ key: String) throws {
      var o = c.nestedContainer(keyedBy: Key.self, forKey: Key(key))
      for v in values { try put(v.value, v.name, in: &o) }
    }
    try c.encode(material, forKey: Key("material"))
    try put(temperature, "T_K", in: &c)
    for p in pressures { try put(p.value, "\(p.name)_atm", in: &c) }
    try c.encode(units, forKey: Key("units"))
    if let anneal {
      var a = c.nestedContainer(keyedBy: Key.self, forKey: Key("anneal"))
      try put(anneal.temperature, "T_K", in: &a)
      for p in anneal.pressures { try put(p.value, "\(p.name)_atm", in: &a) }
      var f = a.nestedContainer(keyedBy: Key.self, forKey: Key("frozen"))
      for v in anneal.frozen { try put(v.value, v.name, in: &f) }
    }
    try put(concentrations, "concentrations")
    for d in derived { try put(d.value, d.name, in: &c) }
    if let slopes {
      var s = c.nestedContainer(keyedBy: Key.self, forKey: Key("slopes"))
      for p in slopes {
        var o = s.nestedContainer(keyedBy: Key.self, forKey: Key(p.pressure))
        for v in p.values { try put(v.value, v.name, in: &o) }
      }
    }
    try c.encode(converged, forKey: Key("converged"))
    try put(residual, "residual", in: &c)
  }
}

/// JSON text pieces in the project's number form.
public enum JSONText {
  /// A JSON string literal.
  public static func string(_ t: String) -> String {
    "\"" + t.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }

  /// A number in shortest round-trip form, or `null` when missing or not finite.
  public static func number(_ x: Double?) -> String { x.map { $0.isFinite ? CSVLayout.number($0) : "null" } ?? "null" }
}
