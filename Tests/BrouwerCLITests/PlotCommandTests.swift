import Foundation
import XCTest

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `brouwer plot`: the SVG is well-formed, and the lines drawn carry the physics — the slopes of a
/// Brouwer diagram read back from pixel coordinates.
final class PlotCommandTests: XCTestCase {
  var dir = URL(fileURLWithPath: "/tmp")

  override func setUpWithError() throws { dir = try CLI.scratch() }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

  /// The parts of our SVG a reader needs: the plot area's scales and each line's points.
  struct ParsedPlot {
    var xRange = (0.0, 0.0), yRange = (0.0, 0.0)
    var xLog = false, yLog = false
    var box = (left: 0.0, top: 0.0, width: 0.0, height: 0.0)
    var lines: [String: [[(Double, Double)]]] = [:]
    var text = ""

    /// Data coordinates of a pixel.
    func data(_ p: (Double, Double)) -> (x: Double, y: Double) {
      func invert(_ f: Double, _ range: (Double, Double), _ log: Bool) -> Double {
        log ? pow(10, log10(range.0) + f * (log10(range.1) - log10(range.0))) : range.0 + f * (range.1 - range.0)
      }
      return (invert((p.0 - box.left) / box.width, xRange, xLog), invert(1 - (p.1 - box.top) / box.height, yRange, yLog))
    }

    /// All points of a series in data coordinates, segments joined.
    func points(_ id: String) -> [(x: Double, y: Double)] { (lines[id] ?? []).flatMap { $0.map(data) } }
  }

  final class Reader: NSObject, XMLParserDelegate {
    var plot = ParsedPlot()
    var current: String?
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String] = [:]) {
      func pair(_ s: String?) -> (Double, Double) {
        let v = (s ?? "").split(separator: " ").compactMap { Double($0) }
        return v.count == 2 ? (v[0], v[1]) : (.nan, .nan)
      }
      if a["class"] == "plot-area" {
        plot.xRange = pair(a["data-x-range"]); plot.yRange = pair(a["data-y-range"])
        plot.xLog = a["data-x-scale"] == "log"; plot.yLog = a["data-y-scale"] == "log"
        let b = (a["data-box"] ?? "").split(separator: " ").compactMap { Double($0) }
        if b.count == 4 { plot.box = (b[0], b[1], b[2], b[3]) }
      }
      if let id = a["data-series"] { current = id; plot.lines[id] = [] }
      if name == "polyline", let id = current, let pts = a["points"] {
        let seg = pts.split(separator: " ").map { p -> (Double, Double) in
          let xy = p.split(separator: ",").map { Double($0)! }
          return (xy[0], xy[1])
        }
        plot.lines[id]!.append(seg)
      }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      if name == "g" { current = nil }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { plot.text += string }
  }

  func parse(_ svg: String) throws -> ParsedPlot {
    let parser = XMLParser(data: Data(svg.utf8))
    let reader = Reader()
    parser.delegate = reader
    XCTAssertTrue(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))")
    return reader.plot
  }

  /// Slope of log y against log x between the points nearest to x1 and x2.
  func logSlope(_ pts: [(x: Double, y: Double)], _ x1: Double, _ x2: Double) throws -> Double {
    func nearest(_ x: Double) throws -> (x: Double, y: Double) {
      try XCTUnwrap(pts.min { abs(log10($0.x) - log10(x)) < abs(log10($1.x) - log10(x)) })
    }
    let a = try nearest(x1), b = try nearest(x2)
    return (log10(b.y) - log10(a.y)) / (log10(b.x) - log10(a.x))
  }

  func testBrouwerDiagramOfGDC10ShowsTheQuarterPowerRegimes() throws {
    let file = dir.appendingPathComponent("gdc10.svg").path
    let r = try CLI.run(["plot", "gdc10", "--T", "800C", "--pO2", "1e-30:1:121", "--output", file])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout, "", "with --output, stdout stays empty")
    let plot = try parse(try String(contentsOfFile: file, encoding: .utf8))
    XCTAssertTrue(plot.xLog && plot.yLog)
    // every non-host species is drawn, the hosts are not
    XCTAssertEqual(Set(plot.lines.keys), ["Gd_Ce'", "(Gd_Ce V_O).", "Ce_Ce'", "V_O..", "h."])
    // the extrinsic regime: [Ce_Ce'] ∝ pO2^-1/4, [h.] ∝ pO2^+1/4, vacancies (free + bound to Gd) = [Gd]/2
    // flat, Gd (free + bound) = 0.1 — read from pixels
    let ce = plot.points("Ce_Ce'"), h = plot.points("h."), v = plot.points("V_O.."), pair = plot.points("(Gd_Ce V_O).")
    XCTAssertEqual(try logSlope(ce, 1e-8, 1), -0.25, accuracy: 0.005)
    XCTAssertEqual(try logSlope(h, 1e-8, 1), 0.25, accuracy: 0.005)
    XCTAssertEqual(try XCTUnwrap(v.last).y + XCTUnwrap(pair.last).y, 0.05, accuracy: 0.05 * 0.004)
    XCTAssertEqual(try XCTUnwrap(plot.points("Gd_Ce'").last).y + XCTUnwrap(pair.last).y, 0.1, accuracy: 0.1 * 0.004)
    // strongly reducing: [Ce_Ce'] rises more slowly than pO2^-1/4 once the new vacancies dominate (and
    // Ce4+ depletes); with Gd–vacancy association the slope at 1e-28…1e-26 atm is about −0.12
    XCTAssertLessThan(try logSlope(ce, 1e-28, 1e-26), -0.1)
    XCTAssertGreaterThan(try logSlope(ce, 1e-28, 1e-26), -0.2)
    XCTAssertTrue(plot.text.contains("800 °C"), "the fixed temperature is in the subtitle")
  }

  func testPlotFromASweepCSVOnStdinWithTemperatureGroups() throws {
    let sweep = try CLI.run(["sweep", "lsf64", "--T", "700C,900C", "--pO2", "1e-20:1:41"])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let r = try CLI.run(["plot", "--csv", "-", "--y", "Fe_Fe.,V_O.."], stdin: sweep.stdout)
    XCTAssertEqual(r.status, 0, r.stderr)
    let plot = try parse(r.stdout)
    XCTAssertEqual(Set(plot.lines.keys), ["Fe_Fe.|973.15", "Fe_Fe.|1173.15", "V_O..|973.15", "V_O..|1173.15"])
    // the same numbers as the CSV: [V_O..] in air at 900 °C
    let air = try XCTUnwrap(csvRecords(sweep.stdout).last { $0["T_K"] == "1173.15" })
    let expected = try XCTUnwrap(Double(air["V_O.."] ?? ""))
    let drawn = try XCTUnwrap(plot.points("V_O..|1173.15").last)
    XCTAssertEqual(drawn.x, 1, accuracy: 1e-6)
    XCTAssertEqual(log10(drawn.y), log10(expected), accuracy: 1e-3)
    XCTAssertTrue(plot.text.contains("T = 1173.15 K"), "the legend names each temperature")
  }

  func testBadPlotRequestsExitTwoWithOneMessage() throws {
    let noY = try CLI.run(["plot", "--csv", "-"], stdin: "T_K,pO2_atm,x\n1000,1e-5,1\n1000,1e-4,2\n")
    XCTAssertEqual(noY.status, 2)
    XCTAssertTrue(noY.stderr.contains("--y is required"), noY.stderr)
    let badColumn = try CLI.run(["plot", "gdc10", "--T", "800C", "--pO2", "1e-20:1:5", "--y", "V_O..,nope"])
    XCTAssertEqual(badColumn.status, 2)
    XCTAssertTrue(badColumn.stderr.contains("no column 'nope'"), badColumn.stderr)
    XCTAssertEqual(badColumn.stdout, "")
    let nothingVaries = try CLI.run(["plot", "gdc10", "--T", "800C", "--pO2", "0.21"])
    XCTAssertEqual(nothingVaries.status, 2)
    XCTAssertTrue(nothingVaries.stderr.contains("no condition varies"), nothingVaries.stderr)
    let out = dir.appendingPathComponent("never.svg").path
    let badNumber = try CLI.run(["plot", "--csv", "-", "--y", "x", "--output", out], stdin: "pO2_atm,x\n1e-5,1\n1e-4,abc\n")
    XCTAssertEqual(badNumber.status, 2)
    XCTAssertTrue(badNumber.stderr.contains("<stdin>:3"), badNumber.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing written on bad input")
  }

  func testUnconvergedPointsAreGapsAndExitOne() throws {
    // the CSV a failed sweep writes: the middle point has no values
    let csv = "T_K,pO2_atm,V_O..,converged,residual\n1000,1e-10,0.01,true,1e-14\n1000,1e-5,,false,3.5\n1000,1,0.02,true,1e-14\n1000,10,0.03,true,1e-14\n"
    let r = try CLI.run(["plot", "--csv", "-", "--y", "V_O.."], stdin: csv)
    XCTAssertEqual(r.status, 1, r.stderr)
    XCTAssertTrue(r.stderr.contains("1 of 4 points did not converge"), r.stderr)
    let plot = try parse(r.stdout)
    let segments = try XCTUnwrap(plot.lines["V_O.."])
    // a lone point before the gap is a dot (no polyline), the two after it one segment
    XCTAssertEqual(segments.count, 1)
    XCTAssertEqual(segments[0].count, 2)
  }
  func testComputedXColumnDrawsOneParametricLineAndEdgeCasesNeitherHangNorCrash() throws {
    // δ on x: pO2 runs along the line (one polyline), it does not split into one line per pO2
    let r = try CLI.run(["plot", "gdc10", "--T", "800C", "--pO2", "1e-25:1:11", "--x", "delta", "--y", "h."])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(try XCTUnwrap(try parse(r.stdout).lines["h."]).count, 1)
    // a host species constant to 1 ulp on a linear axis (once an endless tick loop)
    let flat = try CLI.run(["plot", "lscf6428", "--T", "800C", "--pO2", "1e-20:1:21", "--y", "La_La^x", "--y-scale", "linear"])
    XCTAssertEqual(flat.status, 0, flat.stderr)
    // values 1e21 times above a --y-range (once an integer-overflow trap)
    let far = try CLI.run(["plot", "gdc10", "--T", "800C", "--pO2", "1e-20:1:5", "--units", "cm3", "--y-scale", "linear", "--y-range", "0:1"])
    XCTAssertEqual(far.status, 0, far.stderr)
    _ = try parse(far.stdout)
    // --output naming a directory: one error, exit 2, nothing left behind
    let d = try CLI.run(["plot", "gdc10", "--T", "800C", "--pO2", "1e-20:1:5", "--output", dir.path])
    XCTAssertEqual(d.status, 2)
    XCTAssertTrue(d.stderr.contains("is a directory"), d.stderr)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("tmp-") }, [])
  }
  func testArrheniusPlotShowsTheComputedIonicConductivity() throws {
    // GDC10 in air: σ_ion at 500 and 900 °C as `brouwer sweep` computes it (free vacancies, Gd–vacancy
    // association), read back from the pixels of the Arrhenius plot.
    let r = try CLI.run(["plot", "gdc10", "--T", "500C:900C:41", "--pO2", "0.21", "--x", "1000/T", "--y", "sigma_ion_S_cm"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let plot = try parse(r.stdout)
    XCTAssertFalse(plot.xLog)
    let pts = try XCTUnwrap(plot.lines["sigma_ion_S_cm"]).flatMap { $0 }.map(plot.data)
    let a = try XCTUnwrap(pts.first), b = try XCTUnwrap(pts.last)
    let (t1, t2) = (1000 / a.x, 1000 / b.x)
    XCTAssertEqual(t1, 773.15, accuracy: 0.05)
    XCTAssertEqual(t2, 1173.15, accuracy: 0.05)
    let sweep = try CLI.run(["sweep", "gdc10", "--T", "500C,900C", "--pO2", "0.21", "--columns", "sigma_ion_S_cm"])
    let sigma = csvRecords(sweep.stdout).compactMap { Double($0["sigma_ion_S_cm"] ?? "") }
    XCTAssertEqual(sigma.count, 2)
    XCTAssertEqual(log(b.y / a.y), log(sigma[1] / sigma[0]), accuracy: 0.01)
    XCTAssertEqual(log(a.y), log(sigma[0]), accuracy: 0.02)
  }
}
