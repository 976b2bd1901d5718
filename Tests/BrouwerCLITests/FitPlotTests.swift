import Foundation
import XCTest

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `brouwer fit --plot`: read back from the SVG — one marker per measurement, the model curve through the
/// fitted values of `--output`, the band around the curve, one residual panel per data set.
final class FitPlotTests: XCTestCase {
  var dir = URL(fileURLWithPath: "/tmp")

  override func setUpWithError() throws { dir = try CLI.scratch() }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// One plot area (main or residual) of a panel: its scales, and what is drawn in it by group id.
  struct Area {
    var xRange = (0.0, 0.0), yRange = (0.0, 0.0)
    var xLog = false, yLog = false
    var box = (left: 0.0, top: 0.0, width: 0.0, height: 0.0)
    var lines: [String: [(Double, Double)]] = [:]
    var polygons: [String: [[(Double, Double)]]] = [:]
    /// Markers by series: their data-x, data-y.
    var markers: [String: [(x: Double, y: Double)]] = [:]
    var errorBars: [String: Int] = [:]

    func pixelX(_ x: Double) -> Double { box.left + fraction(x, xRange, xLog) * box.width }
    func pixelY(_ y: Double) -> Double { box.top + (1 - fraction(y, yRange, yLog)) * box.height }
    func fraction(_ v: Double, _ r: (Double, Double), _ log: Bool) -> Double {
      log ? (log10(v) - log10(r.0)) / (log10(r.1) - log10(r.0)) : (v - r.0) / (r.1 - r.0)
    }
  }

  struct Panel { var main = Area(), residual = Area(), hasResidual = false }

  final class Reader: NSObject, XMLParserDelegate {
    var panels: [Panel] = []
    var inResidual = false
    var stack: [String] = []  // per open <g>: "series:ID", "markers:ID", "band:ID", "residual", or ""
    var text = ""

    func update(_ f: (inout Area) -> Void) {
      guard !panels.isEmpty else { return }
      if inResidual { f(&panels[panels.count - 1].residual) } else { f(&panels[panels.count - 1].main) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String] = [:]) {
      func pair(_ s: String?) -> (Double, Double) {
        let v = (s ?? "").split(separator: " ").compactMap { Double($0) }
        return v.count == 2 ? (v[0], v[1]) : (.nan, .nan)
      }
      func points(_ s: String) -> [(Double, Double)] {
        s.split(separator: " ").map { p in
          let xy = p.split(separator: ",").map { Double($0)! }
          return (xy[0], xy[1])
        }
      }
      if name == "g" {
        var tag = ""
        if a["class"] == "panel" { panels.append(Panel()); inResidual = false }
        if a["class"] == "plot-area" || a["class"] == "residual-area" {
          inResidual = a["class"] == "residual-area"
          if inResidual { panels[panels.count - 1].hasResidual = true; tag = "residual" }
          update { area in
            area.xRange = pair(a["data-x-range"]); area.yRange = pair(a["data-y-range"])
            area.xLog = a["data-x-scale"] == "log"; area.yLog = a["data-y-scale"] == "log"
            let b = (a["data-box"] ?? "").split(separator: " ").compactMap { Double($0) }
            if b.count == 4 { area.box = (b[0], b[1], b[2], b[3]) }
          }
        }
        if let id = a["data-series"] { tag = "series:" + id }
        if let id = a["data-markers"] { tag = "markers:" + id }
        if let id = a["data-band"] { tag = "band:" + id }
        stack.append(tag)
        return
      }
      let group = stack.last { !$0.isEmpty && $0 != "residual" } ?? ""
      let id = String(group.drop { $0 != ":" }.dropFirst())
      if name == "polyline", group.hasPrefix("series:"), let p = a["points"] { update { $0.lines[id, default: []] += points(p) } }
      if name == "polygon", group.hasPrefix("band:"), let p = a["points"] { update { $0.polygons[id, default: []].append(points(p)) } }
      if a["class"] == "marker", group.hasPrefix("markers:"), let x = Double(a["data-x"] ?? ""), let y = Double(a["data-y"] ?? "") {
        update { $0.markers[id, default: []].append((x, y)) }
      }
      if a["class"] == "error-bar", group.hasPrefix("markers:") { update { $0.errorBars[id, default: 0] += 1 } }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      guard name == "g" else { return }
      if stack.popLast() == "residual" { inResidual = false }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
  }

  func parse(_ path: String) throws -> (panels: [Panel], text: String) {
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    XCTAssertFalse(svg.lowercased().contains("nan"), "no NaN in the figure")
    let parser = XMLParser(data: Data(svg.utf8))
    let reader = Reader()
    parser.delegate = reader
    XCTAssertTrue(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))")
    return (reader.panels, reader.text)
  }

  /// The y pixel of a polyline at pixel x (linear between its vertices; its coordinates are rounded to
  /// 0.01 px, so x may lie that far beyond an end), or nil outside it.
  func interpolate(_ line: [(Double, Double)], at x: Double) -> Double? {
    let pts = line.sorted { $0.0 < $1.0 }
    guard let first = pts.first, let last = pts.last, pts.count > 1 else { return nil }
    let x = x < first.0 && x > first.0 - 0.011 ? first.0 : x > last.0 && x < last.0 + 0.011 ? last.0 : x
    for k in 1..<pts.count where pts[k - 1].0 <= x && x <= pts[k].0 {
      let (a, b) = (pts[k - 1], pts[k])
      return b.0 == a.0 ? a.1 : a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0)
    }
    return nil
  }

  func testIsothermFitFigureHasAMarkerPerPointTheCurveThroughTheFitAndTheBandAroundIt() throws {
    // lscf6428: δ at four temperatures (24 digitised points), ΔH and ΔS of oxidation fitted
    let data = Self.repository.appendingPathComponent("Data/reference/lscf6428_delta_bouwmeester.csv").path
    let figure = dir.appendingPathComponent("fit.svg").path, table = dir.appendingPathComponent("fit.csv").path
    let r = try CLI.run(["fit", "lscf6428", "--data", data, "--fit", "oxidation.dH=-50kJ/mol", "--fit", "oxidation.dS=-20J/(mol K)",
                         "--level", "0.95", "--plot", figure, "--output", table])
    XCTAssertEqual(r.status, 0, r.stderr)
    let (panels, text) = try parse(figure)
    XCTAssertEqual(panels.count, 1)
    XCTAssertTrue(panels[0].hasResidual)
    let main = panels[0].main, residual = panels[0].residual
    XCTAssertTrue(main.xLog && main.yLog, "δ against pO2, log–log")
    XCTAssertTrue(text.contains("oxidation.dH = ") && text.contains("±") && text.contains("lscf6428"), "the title names material and values")
    XCTAssertTrue(text.contains("95 % confidence band"))
    // one marker per measurement, one curve and one band per temperature, one residual per measurement
    let rows = csvRecords(try String(contentsOfFile: table, encoding: .utf8))
    XCTAssertEqual(rows.count, 24)
    XCTAssertEqual(main.markers.values.reduce(0) { $0 + $1.count }, 24)
    XCTAssertEqual(residual.markers.values.reduce(0) { $0 + $1.count }, 24)
    XCTAssertEqual(main.lines.count, 4)
    XCTAssertEqual(main.polygons.count, 4)
    var widest = 0.0
    for row in rows {
      let t = try XCTUnwrap(Double(row["T_K"] ?? "")), p = try XCTUnwrap(Double(row["pO2_atm"] ?? ""))
      let measured = try XCTUnwrap(Double(row["delta_measured"] ?? "")), fitted = try XCTUnwrap(Double(row["delta_fitted"] ?? ""))
      let key = "T_K=\(t)"
      // the measured point is drawn where it is
      let point = try XCTUnwrap(main.markers["measured|" + key]?.first { abs($0.x / p - 1) < 1e-9 }, "no marker at \(key), pO2 \(p)")
      XCTAssertEqual(point.y, measured, accuracy: 1e-12)
      // the curve (computed by the band's own evaluation of the model) passes through the fitted value:
      // within 1 px, on an axis of 320 px for 3 decades (a curve at another T misses by tens of px)
      let curve = try XCTUnwrap(main.lines["model|" + key])
      let px = main.pixelX(p)
      let drawn = try XCTUnwrap(interpolate(curve, at: px), "curve does not span pO2 = \(p)")
      XCTAssertEqual(drawn, main.pixelY(fitted), accuracy: 1.0, "\(key), pO2 = \(p)")
      // the residual panel shows ln(model/measured) of this point
      let res = try XCTUnwrap(residual.markers["residual|" + key]?.first { abs($0.x / p - 1) < 1e-9 })
      XCTAssertEqual(res.y, try XCTUnwrap(Double(row["residual_log"] ?? "")), accuracy: 1e-9)
      // the band brackets the curve here: upper edge above (smaller pixel y), lower edge below
      let polygon = try XCTUnwrap(main.polygons["band|" + key]?.first)
      let turn = try XCTUnwrap((1..<polygon.count).first { polygon[$0].0 < polygon[$0 - 1].0 })
      let upper = try XCTUnwrap(interpolate(Array(polygon[..<turn]), at: px))
      let lower = try XCTUnwrap(interpolate(Array(polygon[(turn - 1)...]), at: px))
      XCTAssertLessThanOrEqual(upper, drawn + 0.02)
      XCTAssertGreaterThanOrEqual(lower, drawn - 0.02)
      widest = max(widest, lower - upper)
    }
    XCTAssertGreaterThan(widest, 1, "a band of nonzero width (95 %, 13 % scatter)")
  }

  /// "Measured" data from a sweep of gdc10 with 13 % Gd and ΔH = 4.3 eV, with alternating ±5 % scatter and
  /// a stated uncertainty of 5 % of the measured value (column NAME_err).
  func scattered(_ arguments: [String], column: String) throws -> String {
    let sweep = try CLI.run(["sweep", "gdc10", "--set", "Gd_Ce'=0.13", "--set", "reduction.dH=4.3eV"] + arguments)
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let rows = csvRows(sweep.stdout)
    let c = try XCTUnwrap(rows[0].firstIndex(of: column))
    var out = rows[0].joined(separator: ",") + ",\(column)_err\n"
    for (k, row) in rows.dropFirst().enumerated() {
      let v = try XCTUnwrap(Double(row[c]))
      var fields = row
      let measured = v * (k % 2 == 0 ? 1.05 : 0.95)
      fields[c] = String(measured)
      out += fields.joined(separator: ",") + ",\(measured * 0.05)\n"
    }
    return out
  }

  func testJointFitFigureHasAPanelPerDataSetWithErrorBarsAndResidualsInUnitsOfU() throws {
    let tga = dir.appendingPathComponent("tga.csv"), probe = dir.appendingPathComponent("probe.csv"), eis = dir.appendingPathComponent("eis.csv")
    try scattered(["--T", "800C", "--pO2", "1e-20:1e-10:6", "--columns", "T_K,pO2_atm,delta"], column: "delta")
      .write(to: tga, atomically: true, encoding: .utf8)
    try scattered(["--T", "900C", "--pO2", "1e-22:1e-6:6", "--columns", "pO2_atm,sigma_total_S_cm"], column: "sigma_total_S_cm")
      .write(to: probe, atomically: true, encoding: .utf8)
    try scattered(["--T", "600C:1000C:5", "--pO2", "0.21", "--columns", "T_K,sigma_ion_S_cm"], column: "sigma_ion_S_cm")
      .write(to: eis, atomically: true, encoding: .utf8)
    let figure = dir.appendingPathComponent("joint.svg").path, table = dir.appendingPathComponent("joint.csv").path
    let r = try CLI.run(["fit", "gdc10", "--data", tga.path, "--data", probe.path + ",T=900C", "--data", eis.path + ",pO2=0.21",
                         "--fit", "Gd_Ce'", "--fit", "reduction.dH=4eV", "--fit", "reduction.dS", "--plot", figure, "--output", table])
    XCTAssertEqual(r.status, 0, r.stderr)
    let (panels, _) = try parse(figure)
    XCTAssertEqual(panels.count, 3, "one panel per data set")
    XCTAssertEqual(panels.filter(\.hasResidual).count, 3, "one residual panel per data set")
    let rows = csvRecords(try String(contentsOfFile: table, encoding: .utf8))
    for (k, panel) in panels.enumerated() {
      let mine = rows.filter { $0["data_set"] == "\(k + 1)" }
      XCTAssertEqual(panel.main.markers.values.reduce(0) { $0 + $1.count }, mine.count)
      XCTAssertEqual(panel.main.errorBars.values.reduce(0, +), mine.count, "every point has its stated uncertainty")
      // weighted fit: residuals in units of the standard uncertainty, ln(model/measured)/(u/measured) = ln(…)/0.05
      let residuals = panel.residual.markers.values.flatMap { $0 }.map(\.y).sorted()
      let expected = try mine.map { try XCTUnwrap(Double($0["residual"] ?? "")) / 0.05 }.sorted()
      XCTAssertEqual(residuals.count, expected.count)
      for (a, b) in zip(residuals, expected) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    }
    // σ_ion against T: an Arrhenius plot, x = 1000/T on a linear axis
    let arrhenius = panels[2].main
    XCTAssertFalse(arrhenius.xLog)
    XCTAssertTrue(arrhenius.yLog)
    let xs = arrhenius.markers.values.flatMap { $0 }.map(\.x).sorted()
    XCTAssertEqual(xs.first ?? 0, 1000 / 1273.15, accuracy: 1e-9)
    XCTAssertEqual(xs.last ?? 0, 1000 / 873.15, accuracy: 1e-9)
  }

  func testTheConditionWithMostValuesIsTheAxisAndTheOthersMakeTheCurves() throws {
    // δ at 12 temperatures and 3 pO2: against T (°C), one curve per pO2 — not 12 isotherms of 3 points
    let sweep = try CLI.run(["sweep", "gdc10", "--set", "Gd_Ce'=0.12", "--T", "700C:900C:12", "--pO2", "1e-20:1e-10:3",
                             "--columns", "T_K,pO2_atm,delta"])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let data = dir.appendingPathComponent("td.csv")
    try sweep.stdout.write(to: data, atomically: true, encoding: .utf8)
    let figure = dir.appendingPathComponent("td.svg").path
    let r = try CLI.run(["fit", "gdc10", "--data", data.path, "--fit", "Gd_Ce'", "--plot", figure])
    XCTAssertEqual(r.status, 0, r.stderr)
    let (panels, text) = try parse(figure)
    let main = try XCTUnwrap(panels.first).main
    XCTAssertFalse(main.xLog)
    XCTAssertEqual(main.xRange.0, 700 - 0.04 * 200, accuracy: 1e-9, "T in °C with 4 % air")
    XCTAssertEqual(Set(main.lines.keys), ["model|pO2_atm=1e-20", "model|pO2_atm=1e-15", "model|pO2_atm=1e-10"])
    XCTAssertEqual(main.markers.values.reduce(0) { $0 + $1.count }, 36)
    XCTAssertTrue(text.contains("Gd_Ce' = 0.12 ± "), "an exact fit: the value to 6 digits, not 10 decimals")
  }

  func testNoFigureFromAFailedFitAndAFailedWriteNamesTheOption() throws {
    // one temperature cannot fix ΔH and ΔS apart: exit 3, and no figure
    let tga = dir.appendingPathComponent("tga.csv")
    try scattered(["--T", "800C", "--pO2", "1e-20:1e-10:6", "--columns", "T_K,pO2_atm,delta"], column: "delta")
      .write(to: tga, atomically: true, encoding: .utf8)
    let figure = dir.appendingPathComponent("never.svg").path
    let r = try CLI.run(["fit", "gdc10", "--data", tga.path, "--fit", "reduction.dH=4eV", "--fit", "reduction.dS", "--plot", figure])
    XCTAssertEqual(r.status, 3, r.stderr)
    XCTAssertTrue(r.stderr.contains("--plot"), r.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: figure))
    // a directory is no file: exit 2, one line naming --plot, nothing left behind
    let d = try CLI.run(["fit", "gdc10", "--data", tga.path, "--fit", "Gd_Ce'", "--plot", dir.path])
    XCTAssertEqual(d.status, 2)
    XCTAssertTrue(d.stderr.contains("--plot") && d.stderr.contains("is a directory"), d.stderr)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("tmp-") }, [])
    let stdout = try CLI.run(["fit", "gdc10", "--data", tga.path, "--fit", "Gd_Ce'", "--plot", "-"])
    XCTAssertEqual(stdout.status, 2)
    XCTAssertTrue(stdout.stderr.contains("--plot"), stdout.stderr)
  }
}
