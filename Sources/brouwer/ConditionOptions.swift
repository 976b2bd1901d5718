import ArgumentParser
import DefectChemistry

/// Conditions and parameter overrides shared by `sweep` and `solve`.
struct ConditionOptions: ParsableArguments {
  @Option(name: .customLong("T"), help: "Temperature(s): 1073, 800C, 600:1400:9 (linear), or a list 900C,1000C.")
  var temperature: String?

  @Option(name: .customLong("pO2"), help: "Oxygen partial pressure(s) in atm: 0.21, 1e-30:1:31 (log-spaced), or a list.")
  var pO2: String?

  @Option(name: .customLong("pH2O"), help: "Water partial pressure(s) in atm (proton conductors).")
  var pH2O: String?

  @Option(name: .customLong("pH2"), help: "Hydrogen partial pressure(s) in atm (models that exchange H2(g)).")
  var pH2: String?

  @Option(name: .customLong("set"), help: ArgumentHelp(
    "Override a fixed level, total or reaction parameter: \"Gd_Ce'=0.2\", reduction.dH=4.1eV; a range or list sweeps it.",
    valueName: "NAME=VALUE"))
  var overrides: [String] = []

  /// The model with single-valued `--set`s applied, and the grid (parameters, T, pressures; pO2 innermost).
  func grid(for base: DefectModel) throws -> (DefectModel, SweepGrid) {
    try Self.grid(for: base, temperature: temperature, pO2: pO2, pH2O: pH2O, pH2: pH2, overrides: overrides)
  }

  static func grid(for base: DefectModel, temperature: String?, pO2: String?, pH2O: String?, pH2: String?,
                   overrides: [String]) throws -> (DefectModel, SweepGrid) {
    // refuse a grid too large to plan before any axis is built (three axes of 1e7 points overflow nothing
    // here: counts multiply with overflow checks, and nothing is allocated yet)
    let texts = [temperature, pO2, pH2O, pH2].compactMap { $0 } + overrides.compactMap { $0.split(separator: "=", maxSplits: 1).dropFirst().first.map(String.init) }
    var points = 1
    for n in texts.compactMap(AxisValues.count) {
      let (product, overflow) = points.multipliedReportingOverflow(by: n)
      guard !overflow, product <= SweepGrid.maximumCount else {
        throw InputError("the grid has more than \(SweepGrid.maximumCount) points (the most one run plans): \(texts.compactMap(AxisValues.count).map(String.init).joined(separator: " × ")); split it over several runs")
      }
      points = product
    }
    let (model, parameterAxes) = try overriding(base, with: overrides)
    guard let temperature else { throw InputError("--T is required (e.g. --T 1073 or --T 800C or --T 600:1400:9)") }
    var axes = parameterAxes
    axes.append(SweepGrid.Axis(.temperature, try parse(temperature, "--T", .linear, AxisValues.temperature, "a temperature > 0 K (e.g. 1073 or 800C)")))
    let given: [(String, String?)] = [("pH2O", pH2O), ("pH2", pH2), ("pO2", pO2)]
    for (name, value) in given where value != nil && !model.pressureNames.contains(name) {
      Warnings.add("brouwer: warning: --\(name) ignored: \(model.name) exchanges no \(name.dropFirst())(g)")
    }
    let needed = model.pressureNames.sorted { ($0 == "pO2" ? 1 : 0, $0) < ($1 == "pO2" ? 1 : 0, $1) }
    for name in needed {
      guard let text = given.first(where: { $0.0 == name })?.1 else {
        guard given.contains(where: { $0.0 == name }) else {
          throw InputError("\(model.name) exchanges \(name.dropFirst())(g), which this command line cannot set")
        }
        throw InputError("--\(name) is required: \(model.name) exchanges \(name.dropFirst())(g) (e.g. --\(name) \(name == "pO2" ? "1e-30:1:31" : "0.023"))")
      }
      axes.append(SweepGrid.Axis(.pressure(name), try parse(text, "--\(name)", .logarithmic, AxisValues.pressure, "a pressure > 0 atm")))
    }
    let grid = SweepGrid(axes: axes)
    guard grid.checkedCount != nil else {
      throw InputError("\(axes.map { "\($0.values.count)" }.joined(separator: " × ")) points is more than \(SweepGrid.maximumCount) (the most one run plans); split the grid over several runs")
    }
    warnOutsideValidity(model, span: model.validitySpan(of: grid))
    return (model, grid)
  }

  /// Says once on stderr (when the run ends without an error), per validity axis, that a run leaves the
  /// material's validity box; and the caveat of models that may have several solutions.
  static func warnOutsideValidity(_ model: DefectModel, span: [String: ClosedRange<Double>]) {
    for warning in model.validityWarnings(span: span) { Warnings.add("brouwer: warning: \(warning)") }
    if let caveat = model.severalSolutionsCaveat { Warnings.add("brouwer: note: \(caveat)") }
  }

  /// `base` with the single-valued `--set`s applied, and one parameter axis per `--set` range or list.
  static func overriding(_ base: DefectModel, with overrides: [String]) throws -> (DefectModel, [SweepGrid.Axis]) {
    var model = base
    var parameterAxes: [SweepGrid.Axis] = []
    for text in overrides {
      guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
        throw InputError("--set: expected NAME=VALUE, got \"\(text)\"")
      }
      let name = String(text[..<eq]), valueText = String(text[text.index(after: eq)...])
      let parameter: DefectModel.Parameter
      do { parameter = try model.parameter(named: name) } catch { throw InputError(error.description) }
      let values: [Double]
      do {
        values = try AxisValues.parse(valueText, option: "--set \(name)", spacing: .linear) { model.parseValue($0, for: parameter) }
      } catch { throw InputError(error.description) }
      if values.count == 1 {
        do { model = try model.setting(parameter, to: values[0]) } catch { throw InputError(error.description) }
      } else {
        parameterAxes.append(SweepGrid.Axis(.parameter(parameter), values))
      }
    }
    return (model, parameterAxes)
  }

  private static func parse(_ text: String, _ option: String, _ spacing: AxisValues.Spacing, _ number: (String) -> Double?,
                     _ expected: String) throws -> [Double] {
    do { return try AxisValues.parse(text, option: option, spacing: spacing, number: number) } catch {
      throw InputError("\(error.description) (expected \(expected))")
    }
  }
}
