import BrouwerPlot
import DefectChemistry
import Foundation

/// The electrolytic domain diagram: log pO2 of each boundary against 1000/T (or T in °C or K), one line per
/// boundary and side (t_ion = 0.5 and 0.99 on the n and p sides, carrier crossings).
struct DomainDiagram {
  let model: DefectModel
  let temperatures: [Double]
  let boundaries: [String]
  let rows: [(T: Double, boundary: Int, side: String, log10p: Double)]
  var temperatureAxis: TemperatureAxis = .inverse

  /// Where the electrolytic domain (t_ion above a level) lies with the sides found.
  private func subtitle(_ sides: [String]) -> String {
    let (n, p) = (sides.contains("n"), sides.contains("p"))
    let domain = n && p ? "between the n- and p-side lines" : n ? "above the n-side lines" : p ? "below the p-side lines" : ""
    return "t_ion = σ_ion/σ_total" + (domain.isEmpty ? "" : "; t_ion exceeds each level " + domain)
  }

  func chart() throws -> LineChart {
    typealias R = LineChart.RichText.Run
    var keys: [(boundary: Int, side: String)] = []
    for r in rows where !keys.contains(where: { $0.boundary == r.boundary && $0.side == r.side }) { keys.append((r.boundary, r.side)) }
    keys.sort { ($0.boundary, $0.side) < ($1.boundary, $1.side) }
    guard !keys.isEmpty else { throw InputError("domain: no boundary was found at any temperature; nothing to draw (widen --pO2)") }
    var series: [LineChart.Series] = []
    for key in keys {
      // one point per temperature, left to right; a temperature without this boundary breaks the line
      let points: [(x: Double, y: Double?)] = temperatures.map { ($0, temperatureAxis.coordinate($0)) }.sorted { $0.1 < $1.1 }.map { T, x in
        let hit = rows.first { $0.T == T && $0.boundary == key.boundary && $0.side == key.side }
        return (x, hit.map { pow(10, $0.log10p) })
      }
      let name = boundaries[key.boundary]
      let isLevel = name.hasPrefix("t_ion=")
      let label: LineChart.RichText = isLevel
        ? LineChart.RichText([R("t"), R("ion", .sub), R(" = \(name.dropFirst(6)) (\(key.side) side)")])
        : LineChart.RichText(stringLiteral: "\(name) (\(key.side) above)")
      let colour = LineChart.palette[key.boundary % LineChart.palette.count]
      let dash: LineChart.Dash = key.side == "p" ? .dashed : isLevel ? .solid : .dotted
      series.append(LineChart.Series(id: "\(name)|\(key.side)", label: label, points: points, color: colour, dash: dash))
    }
    let xs = series.flatMap { $0.points.compactMap { $0.y == nil ? nil : $0.x } }
    let ys = series.flatMap { $0.points.compactMap(\.y) }
    guard let xScale = PlotScale.covering(xs, kind: .linear), let yScale = PlotScale.covering(ys, kind: .log) else {
      throw InputError("domain: the boundaries found cannot be drawn")
    }
    return LineChart(title: LineChart.RichText([R(model.name), R(" — electrolytic domain")]),
                     subtitle: subtitle(keys.map(\.side)),
                     xLabel: temperatureAxis.label,
                     yLabel: LineChart.RichText([R("p"), R("O2", .sub), R(" (atm)")]),
                     x: xScale, y: yScale, series: series)
  }
}
