/// An anneal-and-quench history as a front end receives it — `--anneal T[,pO2[,pH2O]]` and `--frozen LABEL,…`
/// — parsed once for the command line and the C interface, with the command line's messages; and what a
/// quench did, in the words the command line prints.
extension AnnealQuench {
  public struct Invalid: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  /// `anneal` is `T[,pO2[,pH2O]]` (T in K or °C, then the pressures `model` exchanges); `frozen`, if given, the
  /// species to freeze one by one instead of the contents.
  public init(parsing anneal: String, frozen: String?, for model: DefectModel) throws(Invalid) {
    let parts: [String]
    do { parts = try ListText.items(anneal, option: "--anneal", example: "1000C,1e-15", noun: "value") } catch {
      throw Invalid(description: error.description)
    }
    guard let T = AxisValues.temperature(parts[0]) else {
      throw Invalid(description: "--anneal: expected T[,pO2[,pH2O]] with a temperature > 0 K first (e.g. 1000C,1e-15), got \"\(anneal)\"")
    }
    let order = ["pO2", "pH2O"]
    guard parts.count - 1 <= order.count else { throw Invalid(description: "--anneal: at most T,pO2,pH2O, got \"\(anneal)\"") }
    var pressures: [String: Double] = [:]
    for (k, text) in parts.dropFirst().enumerated() {
      guard let p = AxisValues.pressure(text) else {
        throw Invalid(description: "--anneal: the \(order[k]) must be one pressure > 0 atm, got \"\(text)\"")
      }
      pressures[order[k]] = p
    }
    for name in model.pressureNames where pressures[name] == nil {
      let example = name == "pO2" ? "1000C,1e-15" : "600C,0.21,0.023"
      guard order.contains(name) else {
        throw Invalid(description: "--anneal: \(model.name) exchanges \(name.dropFirst())(g), which --anneal cannot set")
      }
      throw Invalid(description: "--anneal: \(model.name) exchanges \(name.dropFirst())(g): give its anneal pressure (T,pO2\(name == "pH2O" ? ",pH2O" : ""), e.g. --anneal \(example))")
    }
    var labels: [String]?
    if let frozen {
      do { labels = try ListText.items(frozen, option: "--frozen", example: "V_O..", noun: "label", unique: true) } catch {
        throw Invalid(description: error.description)
      }
    }
    self.init(anneal: Conditions(temperature: T, pressures: pressures), frozen: labels)
  }
}

extension AnnealQuench.Outcome {
  /// "annealed at 1273.15 K, pO2 = 1e-15 atm and quenched: frozen O content = 1.95… pfu (delta = …)" (or the
  /// species frozen one by one), for `model`, the model that was annealed.
  public func summary(of model: DefectModel) -> String {
    let c = annealState.conditions
    let at = (["\(CSVLayout.number(c.temperature)) K"] + model.pressureNames.compactMap { name in
      c.pressures[name].map { "\(name) = \(CSVLayout.number($0)) atm" }
    }).joined(separator: ", ")
    let what = frozen.map { "\(model.species[$0.index].name) = \(CSVLayout.number($0.amount)) pfu" }
      + contents.map { "\($0.element) content = \(CSVLayout.number($0.amount)) pfu" }
    var text = "annealed at \(at) and quenched: frozen \(what.joined(separator: ", "))"
    if let delta = model.nonstoichiometry(of: annealState.concentrations) { text += " (delta = \(CSVLayout.number(delta)))" }
    return text
  }
}
