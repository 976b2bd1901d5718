import BrouwerPlot
import DefectChemistry
import Foundation

/// Which columns of a ``PlotTable`` become which lines: the x column, the y columns, and the other
/// varying conditions, each value of which gets its own line style.
struct PlotSpecification {
  let table: PlotTable
  let xColumn: String
  let yColumns: [String]
  let groupColumns: [String]
  /// y columns drawn as markers (measured points) instead of lines.
  let markerColumns: Set<String>
  /// Error bars of marker columns: a column of absolute standard uncertainties (± it), or two columns
  /// holding the lower and upper ends of the bar.
  let errorColumns: [String: ErrorBars]

  enum ErrorBars: Equatable {
    case symmetric(String)
    case ends(lower: String, upper: String)
  }

  init(table: PlotTable, x: String?, y: String?, groupBy: String? = nil, markers: String? = nil, errors: String? = nil) throws {
    self.table = table
    let varying = table.header.enumerated().filter { PlotTable.isCondition($0.element) && table.distinct($0.offset).count > 1 }
      .map(\.element)
    // the innermost sweep axis among the varying conditions: the default x, or what runs along a line
    // (a cell table's current before T, its thickness after: a polarisation curve per T, an OCV against T per L)
    let axes = ["pO2_atm", "pH2O_atm", "pH2_atm", "current_A_cm2", "T_K", "thickness_cm"]
    let innermost = (axes.filter(varying.contains) + varying.filter { $0.hasPrefix("set_") }).first
    if let x {
      let alias = x == "1000/T" ? PlotTable.inverseTemperature : x == "T_C" || x == "C" ? PlotTable.celsius : x
      xColumn = table.header[try table.index(of: alias, option: "--x")]
    } else {
      guard let innermost else {
        throw InputError("plot: no condition varies, so there is no x axis: give a range (e.g. --pO2 1e-30:1:121) or --x COLUMN")
      }
      xColumn = innermost
    }
    // --markers and --errors name y columns too: those not in --y are added to it
    let markerNames = try markers.map { list in
      try ListOption.items(list, option: "--markers", example: "sigma_measured", noun: "column", unique: true)
        .map { table.header[try table.index(of: $0, option: "--markers")] }
    } ?? []
    var errorSources: [String: ErrorBars] = [:]
    var errorOrder: [String] = []
    if let errors {
      for item in try ListOption.items(errors, option: "--errors", example: "sigma=sigma_err", noun: "COLUMN=ERRORS") {
        let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
          throw InputError("--errors: expected COLUMN=ERRORS (absolute uncertainties, ±) or COLUMN=LOWER:UPPER (the ends of each bar), got \"\(item)\"")
        }
        let column = table.header[try table.index(of: parts[0], option: "--errors")]
        guard errorSources[column] == nil else { throw InputError("--errors: \(column) is named twice") }
        let ends = parts[1].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if ends.count == 2 && !table.header.contains(parts[1]) {
          errorSources[column] = .ends(lower: table.header[try table.index(of: ends[0], option: "--errors")],
                                       upper: table.header[try table.index(of: ends[1], option: "--errors")])
        } else {
          errorSources[column] = .symmetric(table.header[try table.index(of: parts[1], option: "--errors")])
        }
        errorOrder.append(column)
      }
    }
    var ys: [String]
    if let y {
      let typed = try ListOption.items(y, option: "--y", example: "V_O..,h.", noun: "column")
      ys = try typed.map { table.header[try table.index(of: $0, option: "--y")] }
    } else if let defaultY = table.defaultY {
      ys = defaultY
    } else if !markerNames.isEmpty || !errorOrder.isEmpty {
      ys = []
    } else {
      throw InputError("--y is required with --csv (columns: \(table.header.joined(separator: ", ")))")
    }
    for column in markerNames + errorOrder where !ys.contains(column) { ys.append(column) }
    yColumns = ys
    // a column with error bars is drawn as markers; a marker column with a NAME_err column gets its bars from it
    let drawnAsMarkers = Set(markerNames + errorOrder)
    for column in drawnAsMarkers where errorSources[column] == nil && table.header.contains(column + "_err") {
      errorSources[column] = .symmetric(column + "_err")
    }
    markerColumns = drawnAsMarkers
    errorColumns = errorSources
    // When x is a computed column (δ, σ, …), the innermost varying condition runs along each line
    // (a parametric curve, in row order) rather than making lines of its own.
    let chosenX = xColumn
    let alongLine = PlotTable.isCondition(chosenX) ? nil : PlotTable.computed.contains(chosenX) ? "T_K" : innermost
    var groups = varying.filter { $0 != chosenX && $0 != alongLine }
    if let groupBy {
      let named = try ListOption.items(groupBy, option: "--group-by", example: "material", noun: "column", unique: true)
      let chosen = try named.map { table.header[try table.index(of: $0, option: "--group-by")] }
      groups = chosen + groups.filter { !chosen.contains($0) }
    }
    groupColumns = groups
  }

  /// The chart: one colour per y column, one dash per combination of the other varying conditions
  /// (or one colour per combination when there is a single y column).
  func chart(xScale: PlotScale.Kind?, yScale: PlotScale.Kind?, yRange: String?, decades: Double,
             title: LineChart.RichText, subtitle: String, unitsLabel: LineChart.RichText?,
             slopeLabels: Bool = true, bandLabel: String? = nil) throws -> LineChart {
    let xi = try table.index(of: xColumn, option: "--x")
    let yi = try yColumns.map { try table.index(of: $0, option: "--y") }
    let gi = try groupColumns.map { try table.index(of: $0, option: "group") }
    var groups: [[String]] = []
    for row in table.rows {
      let key = gi.map { row[$0] }
      if !groups.contains(key) { groups.append(key) }
    }
    let colourByGroup = yColumns.count == 1 && groups.count > 1
    let styles = colourByGroup ? LineChart.palette.count : LineChart.Dash.allCases.count
    guard groups.count <= styles else {
      throw InputError("plot: \(groups.count) combinations of \(groupColumns.joined(separator: ", ")) are more lines than can be told apart (at most \(styles)\(colourByGroup ? "" : " per column")); plot fewer values or one column")
    }
    guard yColumns.count <= LineChart.palette.count || colourByGroup else {
      throw InputError("--y: \(yColumns.count) columns are more than \(LineChart.palette.count) distinguishable colours")
    }

    func number(_ text: String, _ column: String, _ row: Int) throws -> Double? {
      if text.isEmpty { return nil }
      guard let v = Double(text) else {
        throw InputError("\(table.source):\(table.lines[row]): column \(column): \"\(text)\" is not a number")
      }
      return v
    }

    var series: [LineChart.Series] = []
    var markerSeries: [LineChart.MarkerSeries] = []
    var bandSeries: [LineChart.Band] = []
    var bandEnds: [Double] = []
    // a line column COLUMN with COLUMN_lower and COLUMN_upper (sweep --band, plot --band) gets its band shaded
    let bandIndices: [String: (Int, Int)] = Dictionary(uniqueKeysWithValues: yColumns.compactMap { column in
      let (lo, hi) = SweepBands.headers(of: column)
      guard !markerColumns.contains(column), let a = table.header.firstIndex(of: lo), let b = table.header.firstIndex(of: hi) else { return nil }
      return (column, (a, b))
    })
    var labels: [LineChart.SlopeLabel] = []
    let errorIndices = try errorColumns.mapValues { bars -> (Int, Int?) in
      switch bars {
      case .symmetric(let e): return (try table.index(of: e, option: "--errors"), nil)
      case .ends(let lo, let hi): return (try table.index(of: lo, option: "--errors"), try table.index(of: hi, option: "--errors"))
      }
    }
    var warnings: [String] = []
    let xRunsOneWay = PlotTable.isCondition(xColumn) || PlotTable.computed.contains(xColumn)
    var allX: [Double] = [], allY: [Double] = [], barEnds: [Double] = []
    for (c, column) in yColumns.enumerated() {
      for (g, key) in groups.enumerated() {
        var points: [(x: Double, y: Double?)] = []
        var markerPoints: [LineChart.MarkerPoint] = []
        var bandPoints: [(x: Double, lower: Double?, upper: Double?)] = []
        let isMarker = markerColumns.contains(column)
        var slopes: [Double?] = []
        let si = slopeLabels && !isMarker ? slopeColumn(for: column) : nil
        var direction = 0.0, previousX: Double?
        for (r, row) in table.rows.enumerated() where gi.map({ row[$0] }) == key {
          guard let xv = try number(row[xi], xColumn, r) else { continue }
          // a condition axis runs one way along a line; a reversal means two lines in one (a
          // concatenated table): never join them — break the line there and say so
          if isMarker {
            // measured points: in any order, never joined; bars from the error column(s)
            let yv = table.converged(row) ? try number(row[yi[c]], column, r) : nil
            var lower: Double?, upper: Double?
            if let yv, let (a, b) = errorIndices[column] {
              if let b {
                lower = try number(row[a], table.header[a], r)
                upper = try number(row[b], table.header[b], r)
              } else if let e = try number(row[a], table.header[a], r) {
                guard e >= 0 else { throw InputError("\(table.source):\(table.lines[r]): column \(table.header[a]): an uncertainty must be ≥ 0, got \(row[a])") }
                (lower, upper) = (yv - e, yv + e)
              }
            }
            markerPoints.append(.init(x: xv, y: yv, lower: lower, upper: upper))
            allX.append(xv)
            if let yv { allY.append(yv) }
            for end in [lower, upper].compactMap({ $0 }) { barEnds.append(end) }
            continue
          }
          if xRunsOneWay, let last = previousX {
            let step = xv - last
            if step != 0 && direction == 0 { direction = step }
            if step == 0 || step * direction < 0 {
              warnings.append("\(table.source):\(table.lines[r]): \(xColumn) runs backwards in the line of \(column)\(key.isEmpty ? "" : " (" + key.joined(separator: ", ") + ")"); the line is split there (use --group-by to tell the lines apart)")
              points.append((xv, nil))
              if bandIndices[column] != nil { bandPoints.append((xv, nil, nil)) }
              if si != nil { slopes.append(nil) }
              direction = 0
            }
          }
          previousX = xv
          let yv = table.converged(row) ? try number(row[yi[c]], column, r) : nil
          points.append((xv, yv))
          if let (a, b) = bandIndices[column] {
            let lo = yv == nil ? nil : try number(row[a], table.header[a], r), hi = yv == nil ? nil : try number(row[b], table.header[b], r)
            bandPoints.append((xv, lo, hi))
            bandEnds += [lo, hi].compactMap { $0 }
          }
          if let si { slopes.append(yv == nil ? nil : Double(row[si])) }
          allX.append(xv)
          if let yv { allY.append(yv) }
        }
        var label = Self.label(column)
        if !groupColumns.isEmpty {
          label.runs.append(.init(", " + zip(groupColumns, key).map { PlotTable.describe($0, $1) }.joined(separator: ", ")))
        }
        let colour = LineChart.palette[(colourByGroup ? g : c) % LineChart.palette.count]
        let dash = colourByGroup ? LineChart.Dash.solid : LineChart.Dash.allCases[g]
        let id = groups.count > 1 ? "\(column)|\(key.joined(separator: "|"))" : column
        if isMarker {
          markerSeries.append(LineChart.MarkerSeries(id: id, label: label, points: markerPoints, color: colour,
                                                     marker: markerShape(column: column, group: g, colourByGroup: colourByGroup)))
          continue
        }
        series.append(LineChart.Series(id: id, label: label, points: points, color: colour, dash: dash))
        if bandIndices[column] != nil {
          bandSeries.append(LineChart.Band(id: id, label: LineChart.RichText(label.runs + [.init(", band")]), points: bandPoints, color: colour))
        }
        // a fixed level (slope 0 everywhere) needs no label
        if si != nil, slopes.contains(where: { ($0 ?? 0) != 0 }) {
          labels += LineChart.slopeLabels(seriesID: id, points: points, slopes: slopes)
        }
      }
    }
    let xKind = xScale ?? (xColumn.hasSuffix("_atm") && allX.allSatisfy { $0 > 0 } ? .log : .linear)
    guard let xs = PlotScale.covering(allX, kind: xKind, air: false) else {
      throw InputError("--x \(xColumn): no values that a \(xKind.rawValue) axis can show")
    }
    // a log axis asked for cannot show x ≤ 0: say so rather than leave points out without a word
    if xScale == .log, let bad = allX.first(where: { !($0 > 0) }) {
      let count = allX.filter { !($0 > 0) }.count
      throw InputError("--x-scale log: \(count) value\(count == 1 ? "" : "s") of \(xColumn) ≤ 0 (e.g. \(CSVLayout.number(bad))) cannot be shown on a log axis (use --x-scale linear)")
    }
    let transference = yColumns.allSatisfy { $0 == "t_ion" || $0 == "t_el" }
    let yKind = yScale ?? (transference ? .linear : !allY.isEmpty && allY.allSatisfy { $0 > 0 } ? .log : .linear)
    let ys: PlotScale
    if transference && yKind == .linear && yRange == nil {
      ys = PlotScale(.linear, lower: 0, upper: 1)!  // a fraction: the whole 0–1 range
    } else if let yRange {
      let parts = yRange.split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
      guard parts.count == 2, let lo = parts[0], let hi = parts[1], let s = PlotScale(yKind, lower: lo, upper: hi) else {
        throw InputError("--y-range: expected lo:hi with lo < hi\(yKind == .log ? " and lo > 0 on a log axis" : ""), got \"\(yRange)\"")
      }
      ys = s
    } else {
      guard decades > 0, decades.isFinite else { throw InputError("--decades must be a number > 0") }
      // the ends of error bars widen the range (those a log axis can show; a bar below zero runs off the bottom)
      // band ends too, where they stay near the lines (a band exploding in an extrapolation is clipped)
      let (lowY, highY) = (allY.min() ?? 0, allY.max() ?? 0)
      let near = bandEnds.filter { yKind == .log ? $0 >= lowY / 10 && $0 <= highY * 10 : $0 >= lowY - (highY - lowY) / 2 && $0 <= highY + (highY - lowY) / 2 }
      guard let s = PlotScale.covering(allY + near + barEnds.filter { yKind == .linear || $0 >= (allY.min() ?? 0) / 10 }, kind: yKind, floorDecades: decades) else {
        throw InputError("--y: no values that a \(yKind.rawValue) axis can show (every point empty, unconverged or ≤ 0)")
      }
      ys = s
    }
    let allSpecies = yColumns.allSatisfy { (try? KrogerVinkLabel(parsing: $0)) != nil }
    let yLabel: LineChart.RichText =
      if allSpecies && yColumns.count == 1, let kv = try? KrogerVinkLabel(parsing: yColumns[0]) {
        LineChart.RichText([.init("[")] + Self.krogerVink(kv).runs + [.init("], ")] + (unitsLabel ?? "concentration").runs)
      } else if allSpecies { unitsLabel ?? "concentration" }
      else if yColumns.allSatisfy({ $0.hasPrefix("sigma_") && $0.hasSuffix("_S_cm") }) {
        LineChart.RichText([.init("conductivity σ (S cm"), .init("−1", .sup), .init(")")])
      } else if yColumns.count == 1 { Self.label(yColumns[0]) }
      else { "value" }
    var chart = LineChart(title: title, subtitle: subtitle, xLabel: Self.label(xColumn), yLabel: yLabel, x: xs, y: ys, series: series)
    chart.markers = markerSeries
    chart.bands = bandSeries
    if let first = warnings.first {
      Warnings.add("brouwer: warning: " + first + (warnings.count > 1 ? " (and \(warnings.count - 1) more)" : ""))
    }
    // slopes d ln c/d ln p are what a log–log diagram shows: label them only there
    if xs.kind == .log && ys.kind == .log { chart.slopeLabels = labels }
    if groups.count > 1 {
      // one entry per colour, then one per dash (or per colour when colour tells the groups apart)
      let groupLabel = { (key: [String]) in
        LineChart.RichText(stringLiteral: zip(self.groupColumns, key).map { PlotTable.describe($0, $1) }.joined(separator: ", "))
      }
      if colourByGroup {
        let isMarker = markerColumns.contains(yColumns[0])
        chart.legend = groups.enumerated().map { g, key in
          LineChart.LegendEntry(label: groupLabel(key), color: LineChart.palette[g % LineChart.palette.count],
                                sample: isMarker ? .marker(markerShape(column: yColumns[0], group: g, colourByGroup: true)) : .line)
        }
      } else {
        // columns by colour (a marker column with a colour swatch of its first shape); groups by dash
        // and, when markers are drawn, by shape
        let lines = yColumns.contains { !markerColumns.contains($0) }, anyMarkers = !markerColumns.isEmpty
        chart.legend = yColumns.enumerated().map { c, column in
          LineChart.LegendEntry(label: Self.label(column), color: LineChart.palette[c % LineChart.palette.count],
                                sample: markerColumns.contains(column) ? .marker(.circle) : .line)
        } + groups.enumerated().map { g, key in
          let shape = markerShape(column: yColumns[0], group: g, colourByGroup: false)
          return LineChart.LegendEntry(label: groupLabel(key), color: "#333", dash: LineChart.Dash.allCases[g],
                                       sample: !anyMarkers ? .line : lines ? .lineAndMarker(shape) : .marker(shape))
        }
      }
    } else if !markerColumns.isEmpty || !bandSeries.isEmpty {
      // lines and markers in the order of --y
      chart.legend = yColumns.enumerated().map { c, column in
        LineChart.LegendEntry(label: Self.label(column), color: LineChart.palette[c % LineChart.palette.count],
                              sample: markerColumns.contains(column) ? .marker(markerShape(column: column, group: 0, colourByGroup: false)) : .line)
      }
    }
    if !bandSeries.isEmpty {
      // one entry for every band, in the colour of the only banded line or in grey
      let colour = bandSeries.count == 1 ? bandSeries[0].color : "#777"
      let named = bandSeries.count == 1 ? "band: \(bandIndices.keys.first!)_lower … _upper" : "bands: COLUMN_lower … COLUMN_upper"
      chart.legend?.append(LineChart.LegendEntry(label: LineChart.RichText(stringLiteral: bandLabel ?? named),
                                                 color: colour, sample: .band(opacity: 0.25)))
    }
    return chart
  }

  /// The marker of a column drawn as points: by group when groups are told apart (as dashes tell lines
  /// apart), else by the column's place among the marker columns — so that data sets differ in grey print too.
  func markerShape(column: String, group: Int, colourByGroup: Bool = false) -> LineChart.Marker {
    let shapes = LineChart.Marker.allCases
    if !groupColumns.isEmpty { return shapes[group % shapes.count] }
    let k = yColumns.filter(markerColumns.contains).firstIndex(of: column) ?? 0
    return shapes[k % shapes.count]
  }

  /// The table column holding the exact slope of `column` along x (`dlnc_dlnpO2_LABEL` when x is
  /// `pO2_atm`), if the table has one.
  func slopeColumn(for column: String) -> Int? {
    guard xColumn.hasSuffix("_atm") else { return nil }
    return table.header.firstIndex(of: "dlnc_dln\(xColumn.dropLast(4))_\(column)")
  }

  // MARK: - Labels

  /// A column name typeset: Kröger–Vink labels with sub- and superscripts, pressures as p_O2, σ, t, δ.
  static func label(_ column: String) -> LineChart.RichText {
    typealias R = LineChart.RichText.Run
    if let kv = try? KrogerVinkLabel(parsing: column) { return krogerVink(kv) }
    switch column {
    case "T_K": return "T (K)"
    case PlotTable.inverseTemperature: return LineChart.RichText([R("1000/T (K"), R("−1", .sup), R(")")])
    case PlotTable.celsius: return "T (°C)"
    case "delta": return "δ (per formula unit)"
    case "H_pfu": return "H per formula unit"
    case "thermodynamic_factor": return "thermodynamic factor Θ"
    case "Dchem_cm2_s": return LineChart.RichText([R("D̃ (cm"), R("2", .sup), R(" s"), R("−1", .sup), R(")")])
    case "t_ion", "t_el": return LineChart.RichText([R("t"), R(String(column.dropFirst(2)), .sub)])
    case "residual": return "residual"
    default: break
    }
    if column.hasPrefix("p"), column.hasSuffix("_atm") {
      let gas = column.dropFirst().dropLast(4)
      return LineChart.RichText([R("p"), R(String(gas), .sub), R(" (atm)")])
    }
    if column.hasPrefix("sigma_"), column.hasSuffix("_S_cm") {
      let what = String(column.dropFirst(6).dropLast(5))
      if ["ion", "el", "total", "amb"].contains(what) { return LineChart.RichText([R("σ"), R(what, .sub)]) }
      if let kv = try? KrogerVinkLabel(parsing: what) {
        return LineChart.RichText([R("σ(")] + krogerVink(kv).runs + [R(")")])
      }
    }
    if column.hasPrefix("valence_") { return LineChart.RichText(stringLiteral: "valence of \(column.dropFirst(8))") }
    if column.hasPrefix("dlnc_dln"), let cut = column.dropFirst(8).firstIndex(of: "_") {
      let p = String(column[column.index(column.startIndex, offsetBy: 8)..<cut])
      let species = String(column[column.index(after: cut)...])
      let inner = (try? KrogerVinkLabel(parsing: species)).map { krogerVink($0).runs } ?? [R(species)]
      return LineChart.RichText([R("d ln[")] + inner + [R("] / d ln "), R("p"), R(String(p.dropFirst()), .sub)])
    }
    if column.hasPrefix("set_"), let cut = column.lastIndex(of: "_") {
      let name = column[column.index(column.startIndex, offsetBy: 4)..<cut]
      return LineChart.RichText(stringLiteral: "\(name) (\(column[column.index(after: cut)...]))")
    }
    return LineChart.RichText(stringLiteral: column)
  }

  /// V_O.. → V with subscript O and superscript ••; Gd_Ce' → Gd_Ce ′; O_O^x → O_O ×; e' → e′.
  static func krogerVink(_ label: KrogerVinkLabel) -> LineChart.RichText {
    typealias R = LineChart.RichText.Run
    let charge = label.charge > 0 ? String(repeating: "•", count: label.charge)
      : label.charge < 0 ? String(repeating: "′", count: -label.charge) : "×"
    switch label.kind {
    case .electron: return LineChart.RichText([R("e"), R(charge, .sup)])
    case .hole: return LineChart.RichText([R("h"), R(charge, .sup)])
    case .lattice(let parts) where parts.count == 1:
      return LineChart.RichText([R(parts[0].occupant), R(parts[0].site, .sub), R(charge, .sup)])
    case .lattice(let parts):
      var runs = [R("(")]
      for (k, p) in parts.enumerated() {
        if k > 0 { runs.append(R(" ")) }
        runs += [R(p.occupant), R(p.site, .sub)]
      }
      return LineChart.RichText(runs + [R(")"), R(charge, .sup)])
    }
  }
}
