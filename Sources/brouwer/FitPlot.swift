import BrouwerPlot
import DefectChemistry
import Foundation

/// `brouwer fit … --plot FILE.svg`: the figure a lab draws of a fit — per data set a panel with the
/// measured points (error bars from the uncertainty column), the fitted model through them evaluated
/// densely over the data set's range of its varying condition, the model's confidence band (delta method,
/// ``ParameterFit/band(_:at:of:level:units:dataSet:logarithmic:)``), and a residual panel below. Several
/// values of another condition inside one data set (isotherms at several T) get a colour, a marker shape,
/// a curve and a band each. The panels are stacked in one SVG under a title with the fitted values.
struct FitPlot {
  let problem: ParameterFit
  let result: ParameterFit.Result
  let sets: [MeasuredData]
  let level: Double

  /// Model points per curve (besides the data's own conditions, which are added so that the curve passes
  /// through the fitted values).
  static let curvePoints = 81
  /// More groups (distinct other conditions) than this in one data set get no curve each: the model is then
  /// shown at the data conditions only.
  static let maximumCurves = LineChart.palette.count

  /// Writes the figure to `path` (atomically) when the fit is usable; otherwise says why not and writes nothing.
  static func write(to path: String, problem: ParameterFit, result: ParameterFit.Result, sets: [MeasuredData], level: Double) throws {
    guard path != "-" else { throw InputError("--plot: give a file name (stdout carries the fit's report)") }
    guard result.verdict == .ok else {
      note("brouwer: --plot: \(path) not written: the fit is not usable")
      return
    }
    let svg = FitPlot(problem: problem, result: result, sets: sets, level: level).svg()
    try OutputSink.deliver(to: path, option: "--plot") { try $0.write(svg) }
  }

  /// The condition along the x axis of a data set's panel.
  enum Axis: Equatable {
    /// A partial pressure (log axis), by its name (`pO2`).
    case pressure(String)
    /// 1000/T (K⁻¹) — an Arrhenius plot, for transport quantities.
    case inverseTemperature
    /// T in °C.
    case celsius

    func value(_ c: Conditions) -> Double? {
      switch self {
      case .pressure(let name): return c.pressures[name]
      case .inverseTemperature: return 1000 / c.temperature
      case .celsius: return c.temperature - 273.15
      }
    }

    /// `c` with this axis set to `x`.
    func conditions(_ c: Conditions, at x: Double) -> Conditions {
      var out = c
      switch self {
      case .pressure(let name): out.pressures[name] = x
      case .inverseTemperature: out.temperature = 1000 / x
      case .celsius: out.temperature = x + 273.15
      }
      return out
    }

    var column: String {
      switch self {
      case .pressure(let name): return "\(name)_atm"
      case .inverseTemperature: return PlotTable.inverseTemperature
      case .celsius: return PlotTable.celsius
      }
    }
  }

  /// The x axis of a data set: the condition with the most distinct values (so that the others make the
  /// fewest curves), pressures (pO2 before pH2O, pH2) before temperature when they tie; temperature as
  /// 1000/T for a transport quantity (σ, D̃: an Arrhenius plot), else in °C. Nothing varies: pO2.
  func axis(_ values: [MeasuredValue], observable: String) -> Axis {
    let names = Set(values.flatMap { $0.conditions.pressures.keys })
    let ordered = ["pO2", "pH2O", "pH2"].filter(names.contains) + names.subtracting(["pO2", "pH2O", "pH2"]).sorted()
    let temperature: Axis = Self.isTransport(observable) ? .inverseTemperature : .celsius
    var best: (axis: Axis, count: Int)?
    for name in ordered {
      let n = Set(values.compactMap { $0.conditions.pressures[name] }).count
      if n > 1 && n > (best?.count ?? 1) { best = (.pressure(name), n) }
    }
    let nT = Set(values.map(\.conditions.temperature)).count
    if nT > 1 && nT > (best?.count ?? 1) { best = (temperature, nT) }
    return best?.axis ?? (names.contains("pO2") ? .pressure("pO2") : temperature)
  }

  static func isTransport(_ observable: String) -> Bool {
    observable.hasPrefix("sigma_") || observable.hasPrefix("Dchem") || observable.hasPrefix("D_") || observable.hasPrefix("mu_")
  }

  /// The conditions other than `axis` that vary inside the data set, as (column, value of each point).
  func groupColumns(_ values: [MeasuredValue], axis: Axis) -> [(column: String, key: (Conditions) -> Double)] {
    var out: [(String, (Conditions) -> Double)] = []
    if case .pressure = axis, Set(values.map(\.conditions.temperature)).count > 1 { out.append(("T_K", { $0.temperature })) }
    // (with temperature on the axis, the varying pressures below make the groups)
    let names = Set(values.flatMap { $0.conditions.pressures.keys }).sorted()
    for name in names where axis != .pressure(name) && Set(values.compactMap { $0.conditions.pressures[name] }).count > 1 {
      out.append(("\(name)_atm", { $0.pressures[name] ?? .nan }))
    }
    return out
  }

  func svg() -> String {
    let model = problem.model
    var charts: [LineChart] = []
    for k in problem.dataSets.indices { charts.append(panel(k)) }
    // title: the material and what was fitted; lines: values ± standard errors, then the statistics
    let title = LineChart.RichText(stringLiteral: "\(model.name) — fit of \(result.names.joined(separator: ", "))")
    var items: [String] = []
    for j in result.names.indices {
      let p = problem.parameters[j]
      let unit = model.declaredUnit(of: p)
      let inUnit = { (v: Double) in unit.flatMap { model.value(v, of: p, in: $0) } ?? v }
      items.append("\(result.names[j]) = \(Self.plusMinus(inUnit(result.values[j]), inUnit(result.standardErrors[j]))) \(unit ?? p.unit)")
    }
    var lines: [String] = []
    var line = ""
    for item in items {
      if !line.isEmpty && line.count + item.count > 90 { lines.append(line + ","); line = "" }
      line += (line.isEmpty ? "" : ", ") + item
    }
    if !line.isEmpty { lines.append(line) }
    let pct = String(format: "%.4g", 100 * level)
    lines.append("± one standard error; χ²/dof = \(String(format: "%.3g", result.reducedChiSquared)) on \(result.degreesOfFreedom) degrees of freedom; "
      + "bands: \(pct) % confidence of the model (delta method)")
    return LineChart.stackedSVG(charts, title: title, lines: lines)
  }

  /// The panel of data set `k`.
  func panel(_ k: Int) -> LineChart {
    let set = problem.dataSets[k], measured = sets[k]
    let range = result.ranges[k]
    let values = set.data
    let axis = axis(values, observable: set.observable)
    let groupBy = groupColumns(values, axis: axis)
    // the groups, in order of first appearance
    var keys: [[Double]] = []
    var groupOf: [Int] = []
    for m in values {
      let key = groupBy.map { $0.key(m.conditions) }
      if let g = keys.firstIndex(of: key) { groupOf.append(g) } else { groupOf.append(keys.count); keys.append(key) }
    }
    let curves = keys.count <= Self.maximumCurves
    let xs = values.compactMap { axis.value($0.conditions) }
    let (xLow, xHigh) = (xs.min() ?? 1, xs.max() ?? 1)
    let isLogX: Bool = { if case .pressure = axis { return true } else { return false } }()
    let yLog = set.scale == .log && values.allSatisfy { $0.value > 0 }
    var series: [LineChart.Series] = [], markers: [LineChart.MarkerSeries] = [], bands: [LineChart.Band] = []
    var residualMarkers: [LineChart.MarkerSeries] = []
    var legend: [LineChart.LegendEntry] = []
    var allY: [Double] = []
    var allResiduals: [Double] = []
    var failures: [String] = []
    let groupCount = curves ? keys.count : 1
    for g in 0..<groupCount {
      let members = values.indices.filter { !curves || groupOf[$0] == g }
      let color = LineChart.palette[g % LineChart.palette.count]
      let shape = LineChart.Marker.allCases[g % LineChart.Marker.allCases.count]
      let keyText = curves ? zip(groupBy, keys[g]).map { "\($0.column)=\(CSVLayout.number($1))" }.joined(separator: "|") : ""
      let suffix = keyText.isEmpty ? "" : "|" + keyText
      let groupLabel = curves && !groupBy.isEmpty
        ? zip(groupBy, keys[g]).map { PlotTable.describe($0.column, CSVLayout.number($1)) }.joined(separator: ", ") : ""
      // measured points with their bars
      var points: [LineChart.MarkerPoint] = []
      var residualPoints: [LineChart.MarkerPoint] = []
      for i in members {
        let m = values[i]
        guard let x = axis.value(m.conditions) else { continue }
        points.append(.init(x: x, y: m.value, lower: m.uncertainty.map { m.value - $0 }, upper: m.uncertainty.map { m.value + $0 }))
        allY.append(m.value)
        if let u = m.uncertainty { allY += [m.value - u, m.value + u] }
        let r = result.residuals[range.lowerBound + i]
        // weighted: in units of the standard uncertainty (no bar: it would be ±1); unweighted with a stated
        // uncertainty (another data set has none): the bar of the residual in its own unit
        var bar: Double?
        if !result.weighted, let u = m.uncertainty { bar = set.scale == .log ? u / m.value : u }
        residualPoints.append(.init(x: x, y: r, lower: bar.map { r - $0 }, upper: bar.map { r + $0 }))
        allResiduals += [r] + (bar.map { [r - $0, r + $0] } ?? [])
      }
      markers.append(.init(id: "measured" + suffix, label: groupLabel.isEmpty ? "measured" : LineChart.RichText(stringLiteral: groupLabel),
                           points: points, color: color, marker: shape))
      residualMarkers.append(.init(id: "residual" + suffix, label: "residual", points: residualPoints, color: color, marker: shape))
      if !curves {
        // too many distinct conditions for one curve each: the model at the data conditions
        let fitted = members.compactMap { i in axis.value(values[i].conditions).map { LineChart.MarkerPoint(x: $0, y: result.fitted[range.lowerBound + i]) } }
        markers.append(.init(id: "model-at-data", label: "model at the data conditions", points: fitted, color: "#333", marker: .cross))
        allY += fitted.compactMap(\.y)
        legend.append(.init(label: "measured", color: color, sample: .marker(shape)))
        legend.append(.init(label: "model at the data conditions", color: "#333", sample: .marker(.cross)))
        continue
      }
      // the model, densely over the data set's range, through the data's own x values
      var grid: [Double] = []
      if xHigh > xLow {
        for s in 0..<Self.curvePoints {
          let f = Double(s) / Double(Self.curvePoints - 1)
          grid.append(isLogX ? pow(10, log10(xLow) + f * (log10(xHigh) - log10(xLow))) : xLow + f * (xHigh - xLow))
        }
      }
      grid += members.compactMap { axis.value(values[$0].conditions) }
      grid = Array(Set(grid)).sorted()
      let base = values[members[0]].conditions
      let conditions = grid.map { axis.conditions(base, at: $0) }
      let band = evaluate(set.observable, at: conditions, units: set.units, dataSet: k, failures: &failures)
      let curve = zip(grid, band).map { (x: $0, y: $1?.value) }
      let label: LineChart.RichText = groupLabel.isEmpty ? "model" : LineChart.RichText(stringLiteral: "model, " + groupLabel)
      series.append(.init(id: "model" + suffix, label: label, points: curve, color: color))
      bands.append(.init(id: "band" + suffix, label: LineChart.RichText(stringLiteral: "\(String(format: "%.4g", 100 * level)) % band"), points: zip(grid, band).map { (x: $0, lower: $1?.lower, upper: $1?.upper) },
                         color: color, opacity: 0.2))
      allY += curve.compactMap(\.y)
      legend.append(.init(label: groupLabel.isEmpty ? "measured, model" : LineChart.RichText(stringLiteral: groupLabel), color: color,
                          sample: .lineAndMarker(shape)))
    }
    if curves {
      legend.append(.init(label: LineChart.RichText(stringLiteral: "\(String(format: "%.4g", 100 * level)) % confidence band"),
                          color: groupCount == 1 ? LineChart.palette[0] : "#777", sample: .band(opacity: 0.25)))
    }
    if let first = failures.first {
      Warnings.add("brouwer: warning: --plot: the model curve of \(set.observable) has gaps where it could not be evaluated (\(first))")
    }
    // the data's range and 4 % of it either side, so that no marker sits on the frame
    let xScale: PlotScale
    if isLogX {
      let (a, b) = (log10(xLow), log10(xHigh))
      let pad = b > a ? 0.04 * (b - a) : 0.5
      xScale = PlotScale(.log, lower: pow(10, a - pad), upper: pow(10, b + pad)) ?? PlotScale(.log, lower: 0.1, upper: 1)!
    } else {
      let pad = xHigh > xLow ? 0.04 * (xHigh - xLow) : max(1, 0.05 * abs(xLow))
      xScale = PlotScale(.linear, lower: xLow - pad, upper: xHigh + pad) ?? PlotScale(.linear, lower: 0, upper: 1)!
    }
    let yScale = PlotScale.covering(allY, kind: yLog ? .log : .linear, floorDecades: 16)
      ?? PlotScale.covering(allY, kind: .linear) ?? PlotScale(.linear, lower: 0, upper: 1)!
    let fixed = fixedConditions(values, axis: axis, groups: groupBy.map(\.column))
    let where_ = problem.dataSets.count > 1 ? "data set \(k + 1): " : ""
    var titleRuns: [LineChart.RichText.Run] = [.init(where_)]
    titleRuns += PlotSpecification.label(set.observable).runs
    let file = measured.source.hasPrefix("<") ? measured.source : URL(fileURLWithPath: measured.source).lastPathComponent
    titleRuns.append(.init(" from \(file) (\(values.count) points, \(set.scale.rawValue) residuals)"))
    var subtitle = fixed
    if let u = measured.uncertaintyColumn { subtitle += (subtitle.isEmpty ? "" : "; ") + "error bars ± \(u)" }
    var chart = LineChart(title: LineChart.RichText(titleRuns), subtitle: subtitle, xLabel: PlotSpecification.label(axis.column),
                          yLabel: yLabel(set.observable, units: set.units), x: xScale, y: yScale, series: series)
    chart.markers = markers
    chart.bands = bands
    chart.legend = legend
    chart.plotHeight = 320
    let residualLabel: LineChart.RichText = result.weighted ? "residual / u"
      : set.scale == .log ? "ln(model/meas.)" : "model − meas."
    chart.residuals = LineChart.ResidualPanel(yLabel: residualLabel, y: LineChart.ResidualPanel.symmetricScale(covering: allResiduals),
                                              markers: residualMarkers, height: 120)
    return chart
  }

  /// The band at `conditions`, all at once; if that fails, point by point, leaving gaps (nil) where the
  /// model cannot be evaluated.
  func evaluate(_ observable: String, at conditions: [Conditions], units: CSVLayout.ConcentrationUnit, dataSet k: Int,
                failures: inout [String]) -> [ParameterFit.BandPoint?] {
    do {
      return try problem.band(observable, at: conditions, of: result, level: level, units: units, dataSet: k)
    } catch {
      var out: [ParameterFit.BandPoint?] = []
      for c in conditions {
        do { out.append(try problem.band(observable, at: [c], of: result, level: level, units: units, dataSet: k).first) } catch {
          failures.append(error.description)
          out.append(nil)
        }
      }
      return out
    }
  }

  /// "T = 1073.15 K (800 °C), pH2O = 0.03 atm": the conditions that are the same for every point.
  func fixedConditions(_ values: [MeasuredValue], axis: Axis, groups: [String]) -> String {
    var parts: [String] = []
    let temperatures = Set(values.map(\.conditions.temperature))
    if temperatures.count == 1, axis != .celsius, axis != .inverseTemperature, let t = temperatures.first {
      parts.append(PlotTable.describe("T_K", CSVLayout.number(t)))
    }
    for name in Set(values.flatMap { $0.conditions.pressures.keys }).sorted() where axis != .pressure(name) {
      let ps = Set(values.compactMap { $0.conditions.pressures[name] })
      if ps.count == 1, let p = ps.first { parts.append(PlotTable.describe("\(name)_atm", CSVLayout.number(p))) }
    }
    return parts.joined(separator: ", ")
  }

  /// The y label of an observable: `[V_O••] (per formula unit)`, `σ_total (S cm⁻¹)`, `δ (per formula unit)`.
  func yLabel(_ observable: String, units: CSVLayout.ConcentrationUnit) -> LineChart.RichText {
    typealias R = LineChart.RichText.Run
    if let kv = try? KrogerVinkLabel(parsing: observable) {
      let unit: [R] = switch units {
      case .fu: [R(" (per formula unit)")]
      case .site: [R(" (site fraction)")]
      case .cm3: [R(" (cm"), R("−3", .sup), R(")")]
      }
      return LineChart.RichText([R("[")] + PlotSpecification.krogerVink(kv).runs + [R("]")] + unit)
    }
    if observable.hasPrefix("sigma_") && observable.hasSuffix("_S_cm") {
      return LineChart.RichText(PlotSpecification.label(observable).runs + [R(" (S cm"), R("−1", .sup), R(")")])
    }
    return PlotSpecification.label(observable)
  }

  /// `−78.6 ± 6.6`: the value to the precision of two significant digits of its standard error.
  static func plusMinus(_ value: Double, _ error: Double) -> String {
    func minus(_ s: String) -> String { s.hasPrefix("-") ? "−" + s.dropFirst() : s }
    guard error.isFinite, error > 0, value.isFinite else { return minus(String(format: "%.6g", value)) + " ± —" }
    let magnitude = max(abs(value), error)
    if magnitude >= 1e5 || magnitude < 1e-3 { return minus(String(format: "%.4g", value)) + " ± " + String(format: "%.2g", error) }
    let decimals = max(0, 1 - Int(floor(log10(error))))
    // an error far below the value's last shown digit (an exact synthetic fit): the value to 6 digits
    if decimals > 6 { return minus(String(format: "%.6g", value)) + " ± " + String(format: "%.2g", error) }
    return minus(String(format: "%.\(decimals)f", value)) + " ± " + String(format: "%.\(decimals)f", error)
  }
}
