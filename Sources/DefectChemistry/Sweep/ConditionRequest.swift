import Foundation

/// Conditions and parameter overrides as a front end receives them, in text: `T` ("1073", "800C",
/// "600:1400:9", "900C,1000C"), one text per gas pressure in atm ("0.21", "1e-30:1:31"), and overrides
/// `NAME=VALUE` ("Gd_Ce'=0.2", "reduction.dH=4.1eV", "Gd_Ce'=0.05:0.3:6"). ``resolve(for:)`` turns them into
/// the model with single-valued overrides applied and the grid to solve (parameter axes outermost, then T,
/// then pressures with pO2 innermost), with one error message per mistake, naming the option as the
/// command line spells it (`--T`, `--pO2`, `--set NAME`). The CLI, the C/Python interface and the web server
/// all parse requests here, so the same text gives the same grid and the same message everywhere.
public struct ConditionRequest: Sendable {
  public var temperature: String?
  /// Pressure texts by condition name (`pO2`, `pH2O`, `pH2`).
  public var pressures: [String: String]
  public var overrides: [String]

  public init(temperature: String?, pressures: [String: String] = [:], overrides: [String] = []) {
    self.temperature = temperature
    self.pressures = pressures
    self.overrides = overrides
  }

  /// A request that cannot be met: the message names the option.
  public struct Invalid: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
  }

  /// What a resolved request gives: the model (single-valued overrides applied), the grid, and the warnings
  /// a front end shows once (a pressure the model does not exchange, conditions outside the validity box,
  /// the caveat of models that may have several solutions), without the program's prefix.
  public struct Resolved: Sendable {
    public var model: DefectModel
    public var grid: SweepGrid
    public var warnings: [String]
    public var notes: [String]
  }

  /// The pressures a command line can set, in the order the grid takes them (pO2 innermost).
  public static let settablePressures = ["pH2O", "pH2", "pO2"]

  public func resolve(for base: DefectModel) throws(Invalid) -> Resolved {
    // refuse a grid too large to plan before any axis is built (three axes of 1e7 points overflow nothing
    // here: counts multiply with overflow checks, and nothing is allocated yet)
    let given = Self.settablePressures.map { ($0, pressures[$0]) }
    let texts = [temperature, pressures["pO2"], pressures["pH2O"], pressures["pH2"]].compactMap { $0 }
      + overrides.compactMap { $0.split(separator: "=", maxSplits: 1).dropFirst().first.map(String.init) }
    var points = 1
    for n in texts.compactMap(AxisValues.count) {
      let (product, overflow) = points.multipliedReportingOverflow(by: n)
      guard !overflow, product <= SweepGrid.maximumCount else {
        throw Invalid("the grid has more than \(SweepGrid.maximumCount) points (the most one run plans): \(texts.compactMap(AxisValues.count).map(String.init).joined(separator: " × ")); split it over several runs")
      }
      points = product
    }
    let (model, parameterAxes) = try base.applying(overrides: overrides)
    guard let temperature else { throw Invalid("--T is required (e.g. --T 1073 or --T 800C or --T 600:1400:9)") }
    var axes = parameterAxes
    axes.append(SweepGrid.Axis(.temperature, try Self.parse(temperature, "--T", .linear, AxisValues.temperature, "a temperature > 0 K and ≤ 1e5 K (e.g. 1073 or 800C)")))
    var warnings: [String] = []
    for (name, value) in given where value != nil && !model.pressureNames.contains(name) {
      warnings.append("--\(name) ignored: \(model.name) exchanges no \(name.dropFirst())(g)")
    }
    let needed = model.pressureNames.sorted { ($0 == "pO2" ? 1 : 0, $0) < ($1 == "pO2" ? 1 : 0, $1) }
    for name in needed {
      guard let text = given.first(where: { $0.0 == name })?.1 else {
        guard given.contains(where: { $0.0 == name }) else {
          throw Invalid("\(model.name) exchanges \(name.dropFirst())(g), which this command line cannot set")
        }
        throw Invalid("--\(name) is required: \(model.name) exchanges \(name.dropFirst())(g) (e.g. --\(name) \(name == "pO2" ? "1e-30:1:31" : "0.023"))")
      }
      axes.append(SweepGrid.Axis(.pressure(name), try Self.parse(text, "--\(name)", .logarithmic, AxisValues.pressure, "a pressure > 0 atm")))
    }
    let grid = SweepGrid(axes: axes)
    guard grid.checkedCount != nil else {
      throw Invalid("\(axes.map { "\($0.values.count)" }.joined(separator: " × ")) points is more than \(SweepGrid.maximumCount) (the most one run plans); split the grid over several runs")
    }
    let validity = model.validityWarnings(span: model.validitySpan(of: grid))
    return Resolved(model: model, grid: grid, warnings: warnings + validity,
                    notes: model.severalSolutionsCaveat.map { [$0] } ?? [])
  }

  private static func parse(_ text: String, _ option: String, _ spacing: AxisValues.Spacing, _ number: (String) -> Double?,
                            _ expected: String) throws(Invalid) -> [Double] {
    do { return try AxisValues.parse(text, option: option, spacing: spacing, number: number) } catch {
      throw Invalid("\(error.description) (expected \(expected))")
    }
  }
}

extension DefectModel {
  /// This model with the single-valued overrides `NAME=VALUE` applied, and one parameter axis per override
  /// that gives a range or a list (`--set "Gd_Ce'=0.05:0.3:6"`).
  public func applying(overrides: [String]) throws(ConditionRequest.Invalid) -> (DefectModel, [SweepGrid.Axis]) {
    var model = self
    var parameterAxes: [SweepGrid.Axis] = []
    var seen: [DefectModel.Parameter] = []
    for text in overrides {
      guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
        throw ConditionRequest.Invalid("--set: expected NAME=VALUE, got \"\(text)\"")
      }
      let name = String(text[..<eq]), valueText = String(text[text.index(after: eq)...])
      let parameter: DefectModel.Parameter
      do { parameter = try model.parameter(named: name) } catch { throw ConditionRequest.Invalid(error.description) }
      guard !seen.contains(parameter) else {
        throw ConditionRequest.Invalid("--set \(model.describe(parameter)) is given twice: give each parameter once (a range or list sweeps it)")
      }
      seen.append(parameter)
      let values: [Double]
      do {
        values = try AxisValues.parse(valueText, option: "--set \(name)", spacing: .linear) { model.parseValue($0, for: parameter) }
      } catch { throw ConditionRequest.Invalid(error.description) }
      if values.count == 1 {
        do { model = try model.setting(parameter, to: values[0]) } catch { throw ConditionRequest.Invalid(error.description) }
      } else {
        parameterAxes.append(SweepGrid.Axis(.parameter(parameter), values))
      }
    }
    return (model, parameterAxes)
  }
}
