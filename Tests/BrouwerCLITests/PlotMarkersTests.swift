import Foundation
import XCTest

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `brouwer plot --csv … --markers / --errors`: measured points as markers with error bars, read back.
final class PlotMarkersTests: XCTestCase {
  var dir = URL(fileURLWithPath: "/tmp")

  override func setUpWithError() throws { dir = try CLI.scratch() }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

  /// Elements of a well-formed SVG with their attributes, and the id of the data group each sits in.
  final class Reader: NSObject, XMLParserDelegate {
    var elements: [(name: String, group: String, attributes: [String: String])] = []
    var stack: [String] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String] = [:]) {
      if name == "g" { stack.append(a["data-markers"] ?? a["data-series"] ?? stack.last ?? "") }
      elements.append((name, stack.last ?? "", a))
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      if name == "g" { stack.removeLast() }
    }
  }

  func parse(_ svg: String) -> [(name: String, group: String, attributes: [String: String])] {
    let parser = XMLParser(data: Data(svg.utf8))
    let reader = Reader()
    parser.delegate = reader
    XCTAssertTrue(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))")
    XCTAssertFalse(svg.lowercased().contains("nan"))
    return reader.elements
  }

  let csv = """
    T_K,pO2_atm,model,measured,measured_err,low,high
    1073,1e-20,0.01,0.011,0.002,0.009,0.012
    1073,1e-18,0.004,0.0035,0.004,0.003,0.005
    1073,1e-16,0.0012,,,,
    1073,1e-14,0.0004,0.00045,0.00005,0.0004,0.0005

    """

  func testMeasuredColumnIsDrawnAsOneMarkerPerValueWithBarsFromItsErrColumn() throws {
    let r = try CLI.run(["plot", "--csv", "-", "--y", "model", "--markers", "measured"], stdin: csv)
    XCTAssertEqual(r.status, 0, r.stderr)
    let elements = parse(r.stdout)
    let markers = elements.filter { $0.attributes["class"] == "marker" }
    XCTAssertEqual(markers.count, 3, "one marker per non-empty value")
    XCTAssertEqual(markers.map { $0.group }, ["measured", "measured", "measured"])
    XCTAssertEqual(markers.compactMap { Double($0.attributes["data-y"] ?? "") }, [0.011, 0.0035, 0.00045])
    XCTAssertEqual(markers.compactMap { Double($0.attributes["data-x"] ?? "") }, [1e-20, 1e-18, 1e-14])
    // bars from measured_err: ± the absolute uncertainty
    let bars = elements.filter { $0.attributes["class"] == "error-bar" }
    XCTAssertEqual(bars.count, 3)
    XCTAssertEqual(try XCTUnwrap(Double(bars[0].attributes["data-lower"] ?? "")), 0.009, accuracy: 1e-15)
    XCTAssertEqual(try XCTUnwrap(Double(bars[0].attributes["data-upper"] ?? "")), 0.013, accuracy: 1e-15)
    // 0.0035 ± 0.004 reaches below zero on a log axis: the bar runs to the bottom edge, no NaN
    let area = try XCTUnwrap(elements.first { $0.attributes["class"] == "plot-area" })
    let box = (area.attributes["data-box"] ?? "").split(separator: " ").compactMap { Double($0) }
    XCTAssertEqual(box.count, 4)
    XCTAssertTrue(bars[1].attributes["d"]?.contains("V\(Int(box[1] + box[3]))") ?? false, bars[1].attributes["d"] ?? "")
    // the model stays a line; the legend shows the marker for the measured column
    XCTAssertEqual(elements.filter { $0.name == "polyline" }.count, 1)
    XCTAssertEqual(elements.filter { $0.attributes["class"] == "legend-marker" }.count, 1)
  }

  func testErrorsOptionTakesAColumnOrTheEndsOfEachBarAndMarkersFollowGroups() throws {
    let r = try CLI.run(["plot", "--csv", "-", "--y", "model", "--errors", "measured=low:high"], stdin: csv)
    XCTAssertEqual(r.status, 0, r.stderr)
    let bars = parse(r.stdout).filter { $0.attributes["class"] == "error-bar" }
    XCTAssertEqual(bars.map { $0.attributes["data-lower"] }, ["0.009", "0.003", "0.0004"])
    XCTAssertEqual(bars.map { $0.attributes["data-upper"] }, ["0.012", "0.005", "0.0005"])
    // several temperatures in one column: one marker shape (and colour) per temperature
    var grouped = "T_K,pO2_atm,delta,delta_err\n"
    for t in [973, 1073, 1173] { for p in ["1e-20", "1e-15", "1e-10"] { grouped += "\(t),\(p),\(Double(t) * 1e-6),\(Double(t) * 1e-7)\n" } }
    let g = try CLI.run(["plot", "--csv", "-", "--markers", "delta"], stdin: grouped)
    XCTAssertEqual(g.status, 0, g.stderr)
    let elements = parse(g.stdout)
    XCTAssertEqual(elements.filter { $0.attributes["class"] == "marker" }.count, 9)
    XCTAssertEqual(elements.filter { $0.attributes["class"] == "error-bar" }.count, 9)
    XCTAssertEqual(Set(elements.compactMap { $0.attributes["data-marker"] }).count, 3)
    XCTAssertEqual(elements.filter { $0.attributes["class"] == "legend-marker" }.count, 3)
  }

  func testBadMarkerAndErrorRequestsExitTwo() throws {
    let out = dir.appendingPathComponent("never.svg").path
    let noColumn = try CLI.run(["plot", "--csv", "-", "--y", "model", "--errors", "measured=nope", "--output", out], stdin: csv)
    XCTAssertEqual(noColumn.status, 2)
    XCTAssertTrue(noColumn.stderr.contains("--errors") && noColumn.stderr.contains("nope"), noColumn.stderr)
    let malformed = try CLI.run(["plot", "--csv", "-", "--errors", "measured"], stdin: csv)
    XCTAssertEqual(malformed.status, 2)
    XCTAssertTrue(malformed.stderr.contains("COLUMN=ERRORS"), malformed.stderr)
    let negative = try CLI.run(["plot", "--csv", "-", "--markers", "measured"], stdin: "pO2_atm,measured,measured_err\n1e-5,1,0.1\n1e-4,2,-0.1\n")
    XCTAssertEqual(negative.status, 2)
    XCTAssertTrue(negative.stderr.contains("<stdin>:3"), negative.stderr)
    let material = try CLI.run(["plot", "gdc10", "--T", "800C", "--pO2", "1e-20:1:5", "--errors", "V_O..=x"])
    XCTAssertEqual(material.status, 2)
    XCTAssertTrue(material.stderr.contains("--errors"), material.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    // a solved material's points as markers
    let points = try CLI.run(["plot", "gdc10", "--T", "800C", "--pO2", "1e-20:1:5", "--y", "h.", "--markers", "V_O.."])
    XCTAssertEqual(points.status, 0, points.stderr)
    XCTAssertEqual(parse(points.stdout).filter { $0.attributes["class"] == "marker" }.count, 5)
  }
}
