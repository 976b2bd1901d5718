/// Confidence bands of a solved sweep's columns from the material's recorded fit covariance (`fit:`
/// block): for each quantity column, the lower and upper ends of the band at `level`, by the delta method
/// (``ParameterFit/band(_:model:covariance:at:level:units:history:logarithmic:)``). What `sweep --band`
/// writes as `COLUMN_lower`, `COLUMN_upper` and `plot --band` shades.
public struct SweepBands: Sendable {
  public let level: Double
  /// The layout columns that have a band, in layout order.
  public let columns: [Int]
  /// Per banded column, per table row: the band's ends (NaN where the row has no value or the band
  /// cannot be formed).
  public let lower: [[Double]]
  public let upper: [[Double]]
  /// Rows (of those with a value) whose band could not be formed.
  public let missing: Int

  /// Whether a column gets a band: computed quantities, not coordinates, flags or slopes (whose
  /// parameter derivatives would need third derivatives of the state).
  public static func hasBand(_ column: CSVLayout.Column) -> Bool {
    switch column {
    case .axis, .converged, .residual, .inValidity, .reason, .temperatureCelsius, .slope: return false
    case .thermodynamicFactor, .chemicalDiffusion, .activationEnergy: return false
    default: return true
    }
  }

  /// Whether the band of a column is formed in ln value (positive quantities: it stays positive) or linearly.
  public static func isLogarithmic(_ column: CSVLayout.Column) -> Bool {
    switch column {
    case .species, .hydrogen, .sigma, .sigmaIonic, .sigmaElectronic, .sigmaTotal, .sigmaAmbipolar, .sigmaTimesT: return true
    default: return false
    }
  }

  /// Bands of every banded column of `table` (solved from `grid` with `model`, or with `model` quenched by
  /// `history`), concentrations in `units` as the table has them. Rows that did not converge get none. Fails when the model has no fit covariance, when its
  /// fitted parameters no longer have the recorded values, or when a swept `--set` axis is one of them.
  public init(table: SweepTable, grid: SweepGrid, model: DefectModel, level: Double,
              units: CSVLayout.ConcentrationUnit = .fu, history: AnnealQuench? = nil) throws(ParameterFit.Failure) {
    let fit = try Self.covariance(of: model, grid: grid, level: level)
    let layout = table.layout
    self.level = level
    columns = layout.columns.indices.filter { Self.hasBand(layout.columns[$0]) }
    let rows = table.rowCount
    var lower = [[Double]](repeating: [Double](repeating: .nan, count: rows), count: columns.count)
    var upper = lower
    var missing = 0
    // rows grouped by the values of the --set axes (each group one model), conditions from the other axes
    var groups: [[Int]: (model: DefectModel, rows: [Int], conditions: [Conditions])] = [:]
    var order: [[Int]] = []
    for r in 0..<rows where table.converged(r) {
      let indices = grid.indices(of: table.firstPoint + r)
      var key: [Int] = []
      var temperature = Double.nan
      var pressures: [String: Double] = [:]
      for (a, axis) in grid.axes.enumerated() {
        let v = axis.values[indices[a]]
        switch axis.coordinate {
        case .parameter: key.append(indices[a])
        case .temperature: temperature = v
        case .pressure(let name): pressures[name] = v
        }
      }
      if groups[key] == nil {
        var m = model
        for (a, axis) in grid.axes.enumerated() {
          if case .parameter(let p) = axis.coordinate {
            do { m = try m.setting(p, to: axis.values[indices[a]]) } catch { throw ParameterFit.Failure(description: error.message) }
          }
        }
        groups[key] = (m, [], [])
        order.append(key)
      }
      groups[key]!.rows.append(r)
      groups[key]!.conditions.append(Conditions(temperature: temperature, pressures: pressures))
    }
    for key in order {
      let group = groups[key]!
      for (b, k) in columns.enumerated() {
        let points = try ParameterFit.band(layout.headers[k], model: group.model, covariance: fit, at: group.conditions, level: level,
                                           units: units, history: history, logarithmic: Self.isLogarithmic(layout.columns[k]))
        for (point, r) in zip(points, group.rows) {
          guard let value = table.value(r, k) else { continue }
          guard let point, point.standardError.isFinite else { missing += 1; continue }
          // the band around the table's own value (the same state, solved once more)
          if Self.isLogarithmic(layout.columns[k]) && value > 0 && point.value > 0 {
            let f = point.upper / point.value
            lower[b][r] = value / f
            upper[b][r] = value * f
          } else {
            lower[b][r] = value - (point.value - point.lower)
            upper[b][r] = value + (point.upper - point.value)
          }
        }
      }
    }
    self.lower = lower
    self.upper = upper
    self.missing = missing
  }

  /// The fit covariance a band of `model` over `grid` at `level` would use — checked before anything is
  /// solved: the model must record one, its fitted parameters must still have the recorded values, and no
  /// `--set` axis may sweep one of them.
  public static func covariance(of model: DefectModel, grid: SweepGrid, level: Double) throws(ParameterFit.Failure) -> FitCovariance {
    guard let fit = model.fitCovariance else {
      throw ParameterFit.Failure(description: "\(model.name) records no fit covariance: write one with brouwer fit --output-material FILE.yaml, then sweep FILE.yaml")
    }
    guard level > 0 && level < 1 else { throw ParameterFit.Failure(description: "a confidence level between 0 and 1, got \(level)") }
    if let changed = fit.changedParameter(in: model) {
      throw ParameterFit.Failure(description: "\(changed.name) is set to \(changed.now) but the fit recorded \(changed.recorded): the covariance belongs to the fitted values (drop that --set)")
    }
    for axis in grid.axes {
      if case .parameter(let p) = axis.coordinate, fit.parameters.contains(p) {
        throw ParameterFit.Failure(description: "\(model.describe(p)) is swept, but it is a fitted parameter whose covariance makes the band: sweep another parameter")
      }
    }
    return fit
  }

  /// The header of a banded column's lower (`NAME_lower`) and upper (`NAME_upper`) ends.
  public static func headers(of name: String) -> (lower: String, upper: String) { (name + "_lower", name + "_upper") }
}
