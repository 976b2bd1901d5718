import Foundation
import XCTest

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Confidence bands in `brouwer plot`: a CSV's COLUMN_lower/COLUMN_upper (from `sweep --band`) and
/// `plot MATERIAL --band LEVEL` shade the same band, read back from the polygons' pixels.
final class PlotBandTests: XCTestCase {
  var dir = URL(fileURLWithPath: "/tmp")

  override func setUpWithError() throws { dir = try CLI.scratch() }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

  /// The plot area's scales, each band's polygons and each line's vertices (pixels).
  final class Reader: NSObject, XMLParserDelegate {
    var yRange = (0.0, 0.0), xRange = (0.0, 0.0), box: [Double] = []
    var polygons: [String: [[(Double, Double)]]] = [:]
    var lines: [String: [(Double, Double)]] = [:]
    var current: (kind: String, id: String)?
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String] = [:]) {
      func pair(_ s: String?) -> (Double, Double) {
        let v = (s ?? "").split(separator: " ").compactMap { Double($0) }
        return (v[0], v[1])
      }
      func points(_ s: String) -> [(Double, Double)] {
        s.split(separator: " ").map { p in let xy = p.split(separator: ",").map { Double($0)! }; return (xy[0], xy[1]) }
      }
      if a["class"] == "plot-area" {
        yRange = pair(a["data-y-range"]); xRange = pair(a["data-x-range"])
        box = (a["data-box"] ?? "").split(separator: " ").compactMap { Double($0) }
      }
      if let id = a["data-band"] { current = ("band", id) }
      if let id = a["data-series"] { current = ("line", id) }
      if name == "polygon", let c = current, c.kind == "band" { polygons[c.id, default: []].append(points(a["points"]!)) }
      if name == "polyline", let c = current, c.kind == "line" { lines[c.id, default: []] += points(a["points"]!) }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      if name == "g" { current = nil }
    }
    /// Pixel of a data point on the log–log axes.
    func pixel(_ x: Double, _ y: Double) -> (Double, Double) {
      let fx = (log10(x) - log10(xRange.0)) / (log10(xRange.1) - log10(xRange.0))
      let fy = (log10(y) - log10(yRange.0)) / (log10(yRange.1) - log10(yRange.0))
      return (box[0] + fx * box[2], box[1] + (1 - fy) * box[3])
    }
  }

  func parse(_ svg: String) -> Reader {
    let parser = XMLParser(data: Data(svg.utf8))
    let reader = Reader()
    parser.delegate = reader
    XCTAssertTrue(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))")
    XCTAssertFalse(svg.lowercased().contains("nan"))
    return reader
  }

  /// A gdc10 with a fit: block (``FitFixture``).
  func fittedMaterial() throws -> String { try FitFixture.fittedMaterial(in: dir) }

  func testBandsOfASweepCSVAndOfPlotBandAreTheSweepsNumbers() throws {
    let material = try fittedMaterial()
    // extrapolated to 600 °C, where the band of [Ce_Ce'] is ±11 %
    let sweep = try CLI.run(["sweep", material, "--T", "600C", "--pO2", "1e-20:1e-10:11", "--band", "0.95", "--columns", "pO2_atm,Ce_Ce',V_O.."])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let rows = csvRecords(sweep.stdout)
    let fromCSV = try CLI.run(["plot", "--csv", "-", "--y", "Ce_Ce',V_O.."], stdin: sweep.stdout)
    XCTAssertEqual(fromCSV.status, 0, fromCSV.stderr)
    let direct = try CLI.run(["plot", material, "--T", "600C", "--pO2", "1e-20:1e-10:11", "--band", "95%", "--y", "Ce_Ce',V_O.."])
    XCTAssertEqual(direct.status, 0, direct.stderr)
    XCTAssertTrue(direct.stdout.contains("95 % confidence band"))
    for svg in [fromCSV.stdout, direct.stdout] {
      let plot = parse(svg)
      XCTAssertEqual(Set(plot.polygons.keys), ["Ce_Ce'", "V_O.."], "one band per banded line")
      for column in ["Ce_Ce'", "V_O.."] {
        // one polygon: the upper ends forward, the lower ends back — at the sweep's numbers (within the 0.01 px
        // rounding and the 0.5 px thinning of the drawn edges)
        let polygon = try XCTUnwrap(plot.polygons[column]?.first)
        var widest = 0.0
        for row in rows {
          let p = try XCTUnwrap(Double(row["pO2_atm"] ?? "")), v = try XCTUnwrap(Double(row[column] ?? ""))
          let lo = try XCTUnwrap(Double(row[column + "_lower"] ?? "")), hi = try XCTUnwrap(Double(row[column + "_upper"] ?? ""))
          XCTAssertLessThanOrEqual(lo, v)
          XCTAssertGreaterThanOrEqual(hi, v)
          let (px, pHi) = plot.pixel(p, hi), (_, pLo) = plot.pixel(p, lo)
          let atX = polygon.filter { abs($0.0 - px) < 0.02 }.map(\.1).sorted()
          XCTAssertEqual(atX.count, 2, "\(column) at pO2 \(p): \(atX)")
          guard atX.count == 2 else { continue }
          XCTAssertEqual(atX[0], pHi, accuracy: 0.6)
          XCTAssertEqual(atX[1], pLo, accuracy: 0.6)
          widest = max(widest, pLo - pHi)
        }
        if column == "Ce_Ce'" { XCTAssertGreaterThan(widest, 5, "a band wide enough to see at 600 °C") }
      }
    }
    // --band needs a material; a CSV's bands are drawn as they are
    let refused = try CLI.run(["plot", "--csv", "-", "--y", "V_O..", "--band", "0.95"], stdin: sweep.stdout)
    XCTAssertEqual(refused.status, 2)
    XCTAssertTrue(refused.stderr.contains("--band"), refused.stderr)
    let noFit = try CLI.run(["plot", "gdc10", "--T", "700C", "--pO2", "1e-20:1e-10:3", "--band", "0.95"])
    XCTAssertEqual(noFit.status, 2)
    XCTAssertTrue(noFit.stderr.contains("fit"), noFit.stderr)
  }
}
