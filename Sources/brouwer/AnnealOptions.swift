import ArgumentParser
import DefectChemistry

/// `--anneal T[,pO2[,pH2O]]` and `--frozen LABEL,…`, shared by `solve`, `sweep`, `plot` and `fit`.
struct AnnealOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp(
    "Anneal-and-quench: equilibrate at T (1273, 1000C), pO2 and pH2O (as the material needs), freeze the oxygen (and water) content, then re-equilibrate everything else — association, pairing, electronic carriers — at each measurement point.",
    valueName: "T[,pO2[,pH2O]]"))
  var anneal: String?

  @Option(name: .long, help: ArgumentHelp(
    "Freeze these species one by one at their annealed amounts instead of the contents (e.g. \"V_O..,(Gd_Ce V_O).\": the pairs keep their anneal-T amount).",
    valueName: "LABEL,…"))
  var frozen: String?

  /// The anneal history for `model`, or `nil` without `--anneal`.
  func history(for model: DefectModel) throws -> AnnealQuench? {
    guard let anneal else {
      if frozen != nil { throw InputError("--frozen needs --anneal T[,pO2[,pH2O]] (the conditions the species are frozen at)") }
      return nil
    }
    let parts = try ListOption.items(anneal, option: "--anneal", example: "1000C,1e-15", noun: "value")
    guard let T = AxisValues.temperature(parts[0]) else {
      throw InputError("--anneal: expected T[,pO2[,pH2O]] with a temperature > 0 K first (e.g. 1000C,1e-15), got \"\(anneal)\"")
    }
    let order = ["pO2", "pH2O"]
    guard parts.count - 1 <= order.count else { throw InputError("--anneal: at most T,pO2,pH2O, got \"\(anneal)\"") }
    var pressures: [String: Double] = [:]
    for (k, text) in parts.dropFirst().enumerated() {
      guard let p = AxisValues.pressure(text) else { throw InputError("--anneal: the \(order[k]) must be one pressure > 0 atm, got \"\(text)\"") }
      pressures[order[k]] = p
    }
    for name in model.pressureNames where pressures[name] == nil {
      let example = name == "pO2" ? "1000C,1e-15" : "600C,0.21,0.023"
      guard order.contains(name) else { throw InputError("--anneal: \(model.name) exchanges \(name.dropFirst())(g), which --anneal cannot set") }
      throw InputError("--anneal: \(model.name) exchanges \(name.dropFirst())(g): give its anneal pressure (T,pO2\(name == "pH2O" ? ",pH2O" : ""), e.g. --anneal \(example))")
    }
    let labels = try frozen.map { try ListOption.items($0, option: "--frozen", example: "V_O..", noun: "label", unique: true) }
    return AnnealQuench(anneal: Conditions(temperature: T, pressures: pressures), frozen: labels)
  }

  /// `model` quenched as `--anneal`/`--frozen` say (unchanged without `--anneal`), with a note on
  /// stderr saying what was frozen at what, unless `quiet`.
  /// A grid with `--set` ranges is refused: each swept value would need its own anneal.
  func apply(to model: DefectModel, parameterAxes grid: SweepGrid? = nil, quiet: Bool = false) throws -> (DefectModel, AnnealQuench.Outcome?) {
    guard let history = try history(for: model) else { return (model, nil) }
    if let grid, let axis = grid.axes.first, case .parameter(let p) = axis.coordinate {
      throw InputError("--anneal with a --set range or list (\(model.describe(p))) is not supported: each value needs its own anneal; run one command per value")
    }
    let outcome: AnnealQuench.Outcome
    do { outcome = try history.quench(model) } catch { throw InputError(error.description) }
    if !quiet { Warnings.add("brouwer: " + Self.describe(outcome, model: model)) }
    // the anneal is a state of the model too: say when it lies outside the material's validity box
    let c = outcome.annealState.conditions
    var span = ["T_K": c.temperature...c.temperature]
    for (name, p) in c.pressures { span["\(name)_atm"] = p...p }
    for warning in model.validityWarnings(span: span) { Warnings.add("brouwer: warning: the --anneal state: \(warning)") }
    let bounds = StateValidity(model: model)
    var stateSpan: [String: ClosedRange<Double>] = [:]
    bounds.record(temperature: c.temperature, concentrations: outcome.annealState.concentrations, into: &stateSpan)
    ConditionOptions.warnOutsideStateBounds(bounds, span: stateSpan, context: "the --anneal state: ")
    return (outcome.model, outcome)
  }

  /// "annealed at 1273.15 K, pO2 = 1e-15 atm and quenched: frozen O content = 1.95… pfu" (or the species named
  /// in --frozen).
  static func describe(_ outcome: AnnealQuench.Outcome, model: DefectModel) -> String {
    let c = outcome.annealState.conditions
    let at = (["\(CSVLayout.number(c.temperature)) K"] + model.pressureNames.compactMap { name in
      c.pressures[name].map { "\(name) = \(CSVLayout.number($0)) atm" }
    }).joined(separator: ", ")
    let frozen = outcome.frozen.map { "\(model.species[$0.index].name) = \(CSVLayout.number($0.amount)) pfu" }
      + outcome.contents.map { "\($0.element) content = \(CSVLayout.number($0.amount)) pfu" }
    var text = "annealed at \(at) and quenched: frozen \(frozen.joined(separator: ", "))"
    if let delta = model.nonstoichiometry(of: outcome.annealState.concentrations) { text += " (delta = \(CSVLayout.number(delta)))" }
    return text
  }
}
