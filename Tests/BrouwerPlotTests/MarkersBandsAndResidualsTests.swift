@testable import BrouwerPlot
import Foundation
import XCTest

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Markers with error bars, confidence bands, the residual panel and stacked panels: the pixels are the
/// data mapped through ``PlotScale``, and the SVG stays well-formed with no NaN in it.
final class MarkersBandsAndResidualsTests: XCTestCase {
  let linear = PlotScale(.linear, lower: 0, upper: 10)!
  let logY = PlotScale(.log, lower: 1e-3, upper: 1)!

  func chart(y: PlotScale? = nil) -> LineChart {
    LineChart(title: "t", xLabel: "x", yLabel: "y", x: linear, y: y ?? linear, series: [])
  }

  /// Counts of elements and the attributes of each, from a well-formed document.
  final class Collector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String] = [:]) { elements.append((name, a)) }
  }

  func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> [(name: String, attributes: [String: String])] {
    let parser = XMLParser(data: Data(svg.utf8))
    let c = Collector()
    parser.delegate = c
    XCTAssertTrue(parser.parse(), "not well-formed: \(String(describing: parser.parserError))", file: file, line: line)
    XCTAssertFalse(svg.lowercased().contains("nan"), "NaN in the SVG", file: file, line: line)
    XCTAssertFalse(svg.contains("inf"), "infinity in the SVG", file: file, line: line)
    return c.elements
  }

  func testOneMarkerPerPointWithItsDataValuesAndEveryShape() {
    var c = chart()
    for (k, shape) in LineChart.Marker.allCases.enumerated() {
      let points = (0..<5).map { i in LineChart.MarkerPoint(x: Double(i) * 2 + 0.5, y: Double(k) + 1) }
      c.markers.append(.init(id: "set \(k)", label: LineChart.RichText(stringLiteral: "set \(k)"), points: points, color: LineChart.palette[k], marker: shape))
    }
    let elements = parse(c.svg())
    let markers = elements.filter { $0.attributes["class"] == "marker" }
    XCTAssertEqual(markers.count, 5 * LineChart.Marker.allCases.count)
    // the legend shows each marker, not a line
    XCTAssertEqual(elements.filter { $0.attributes["class"] == "legend-marker" }.count, LineChart.Marker.allCases.count)
    XCTAssertEqual(Set(elements.compactMap { $0.attributes["data-marker"] }), Set(LineChart.Marker.allCases.map(\.rawValue)))
    // data-x, data-y are the values given; the path starts at the pixel of the point (a circle: its left edge)
    let first = markers[0].attributes
    XCTAssertEqual(first["data-x"], "0.5")
    XCTAssertEqual(first["data-y"], "1.0")
    let p = c.pixel(x: 0.5, y: 1)!
    XCTAssertEqual(first["d"]?.hasPrefix("M\(SVGText.number(p.x - 4)) \(SVGText.number(p.y)) a"), true, first["d"] ?? "")
    // a point that cannot be shown gets no marker; one far outside either
    var gaps = chart(y: logY)
    gaps.markers = [.init(id: "g", label: "g", points: [.init(x: 1, y: 0.1), .init(x: 2, y: nil), .init(x: 3, y: -1), .init(x: 4, y: 1e9)],
                          color: "#000")]
    XCTAssertEqual(parse(gaps.svg()).filter { $0.attributes["class"] == "marker" }.count, 1)
  }

  func testErrorBarEndsMapThroughTheScaleAndAreClippedAtTheEdgeOnALogAxis() throws {
    let c = chart()
    let g = try XCTUnwrap(c.markerGeometry(.init(x: 5, y: 4, lower: 3, upper: 6.5)))
    let box = c.plotBox
    XCTAssertEqual(g.x, box.left + 0.5 * box.width, accuracy: 1e-12)
    XCTAssertEqual(try XCTUnwrap(g.center), box.top + (1 - 0.4) * box.height, accuracy: 1e-12)
    let bar = try XCTUnwrap(g.bar)
    XCTAssertEqual(bar.top, box.top + (1 - 0.65) * box.height, accuracy: 1e-12)
    XCTAssertEqual(bar.bottom, box.top + (1 - 0.3) * box.height, accuracy: 1e-12)
    XCTAssertTrue(bar.capTop && bar.capBottom)
    // log axis: 0.05 ± 0.08 goes below zero — the bar runs to the bottom edge, without a cap there
    let l = chart(y: logY)
    let lg = try XCTUnwrap(l.markerGeometry(.init(x: 5, y: 0.05, lower: -0.03, upper: 0.13)))
    let lbar = try XCTUnwrap(lg.bar)
    XCTAssertEqual(lbar.bottom, box.top + box.height)
    XCTAssertFalse(lbar.capBottom)
    XCTAssertEqual(lbar.top, box.top + (1 - (log10(0.13) + 3) / 3) * box.height, accuracy: 1e-9)
    XCTAssertTrue(lbar.capTop)
    // an end beyond the top is clamped to the top edge
    let high = try XCTUnwrap(try XCTUnwrap(l.markerGeometry(.init(x: 5, y: 0.5, lower: 0.2, upper: 50))).bar)
    XCTAssertEqual(high.top, box.top)
    XCTAssertFalse(high.capTop)
    // in the SVG: one bar per point with an uncertainty, data-lower/-upper as given, no NaN
    var withBars = l
    withBars.markers = [.init(id: "d", label: "δ", points: [.init(x: 2, y: 0.05, lower: -0.03, upper: 0.13), .init(x: 4, y: 0.2),
                                                             .init(x: 6, y: 0.3, lower: 0.25, upper: 0.35)], color: "#1f77b4")]
    let bars = parse(withBars.svg()).filter { $0.attributes["class"] == "error-bar" }
    XCTAssertEqual(bars.count, 2)
    XCTAssertEqual(bars[0].attributes["data-lower"], "-0.03")
    let d = try XCTUnwrap(bars[0].attributes["d"])
    XCTAssertTrue(d.contains("V\(SVGText.number(box.top + box.height))"), d)
  }

  func testBandPolygonIsTheUpperCurveForwardAndTheLowerBackAndBreaksAtGaps() throws {
    let c = chart()
    let band = LineChart.Band(id: "b", label: "band", points: [(1, 2, 4), (2, 3, 5), (3, 3.5, 6)], color: "#d62728")
    let polygons = c.bandPolygons(band)
    XCTAssertEqual(polygons.count, 1)
    let expected = [(1.0, 4.0), (2, 5), (3, 6), (3, 3.5), (2, 3), (1, 2)].map { c.pixel(x: $0.0, y: $0.1)! }
    XCTAssertEqual(polygons[0].count, expected.count)
    for (a, b) in zip(polygons[0], expected) {
      XCTAssertEqual(a.0, b.x, accuracy: 1e-9)
      XCTAssertEqual(a.1, b.y, accuracy: 1e-9)
    }
    // on a log axis a lower end ≤ 0 (or a missing one) breaks the band into pieces; a lone point draws nothing
    let l = chart(y: logY)
    let broken = LineChart.Band(id: "b", label: "band", points: [(1, 0.01, 0.1), (2, 0.02, 0.2), (3, -0.1, 0.3), (4, 0.03, 0.3),
                                                                  (5, nil, 0.3), (6, 0.05, 0.5), (7, 0.06, 0.6)], color: "#000")
    XCTAssertEqual(l.bandPolygons(broken).map(\.count), [4, 4])
    // a band far above the axis is clipped to the box widened by 20 px
    let far = LineChart.Band(id: "f", label: "far", points: [(1, 5, 1e12), (9, 5, 1e12)], color: "#000")
    let clipped = try XCTUnwrap(c.bandPolygons(far).first)
    XCTAssertEqual(clipped.map(\.1).min()!, c.plotBox.top - 20, accuracy: 1e-9)
    // drawn under the lines and markers, with a filled legend swatch
    var drawn = l
    drawn.series = [.init(id: "model", label: "model", points: [(1, 0.03), (7, 0.2)], color: "#000")]
    drawn.bands = [broken]
    let svg = drawn.svg()
    let elements = parse(svg)
    XCTAssertEqual(elements.filter { $0.name == "polygon" }.count, 2)
    XCTAssertLessThan(try XCTUnwrap(svg.range(of: "data-band=")).lowerBound, try XCTUnwrap(svg.range(of: "data-series=")).lowerBound)
    XCTAssertTrue(elements.contains { $0.name == "rect" && $0.attributes["fill-opacity"] != nil })
  }

  func testResidualPanelSharesTheXAxisAndDrawsZero() throws {
    var c = chart()
    let residuals = [0.2, -0.35, 0.1]
    let scale = LineChart.ResidualPanel.symmetricScale(covering: residuals)
    XCTAssertEqual(scale.lower, -scale.upper)
    XCTAssertGreaterThanOrEqual(scale.upper, 0.35)
    c.residuals = .init(yLabel: "ln(model/measured)", y: scale,
                        markers: [.init(id: "r", label: "r", points: zip([2.0, 5, 8], residuals).map { .init(x: $0, y: $1) }, color: "#000")])
    let plain = chart()
    XCTAssertEqual(c.height, plain.height + LineChart.residualGap + 120)
    let elements = parse(c.svg())
    let area = try XCTUnwrap(elements.first { $0.attributes["class"] == "residual-area" })
    XCTAssertEqual(area.attributes["data-x-range"], "0.0 10.0")
    let box = try XCTUnwrap(c.residualBox)
    XCTAssertEqual(box.top, c.plotBox.top + c.plotBox.height + LineChart.residualGap)
    let zero = try XCTUnwrap(elements.first { $0.attributes["class"] == "zero-line" })
    XCTAssertEqual(Double(zero.attributes["y1"] ?? ""), box.top + box.height / 2)
    XCTAssertEqual(elements.filter { $0.attributes["class"] == "marker" }.count, 3)
    // the x tick labels appear once (under the residual panel), not under the main plot as well
    let tickTexts = elements.filter { $0.name == "text" && $0.attributes["text-anchor"] == "middle" && $0.attributes["transform"] == nil }
    let belowResidual = tickTexts.filter { Double($0.attributes["y"] ?? "") == box.top + box.height + 20 }
    XCTAssertEqual(belowResidual.count, linear.ticks().count)
    XCTAssertFalse(tickTexts.contains { Double($0.attributes["y"] ?? "") == c.plotBox.top + c.plotBox.height + 20 })
  }

  func testStackedPanelsHaveTheirOwnClipPathsAndEscapedText() throws {
    var a = chart(), b = chart(y: logY)
    a.title = "data set 1 <a&b>"
    a.markers = [.init(id: "\"quoted\" & <odd>", label: "x'", points: [.init(x: 1, y: 1)], color: "#000")]
    b.residuals = .init(yLabel: "r", y: LineChart.ResidualPanel.symmetricScale(covering: [1]), markers: [])
    let svg = LineChart.stackedSVG([a, b], title: "fit <of> x & y", lines: ["a = 1 ± 0.1"])
    let elements = parse(svg)
    XCTAssertEqual(elements.filter { $0.attributes["class"] == "panel" }.map { $0.attributes["data-panel"] }, ["1", "2"])
    XCTAssertEqual(elements.filter { $0.name == "clipPath" }.compactMap { $0.attributes["id"] },
                   ["plot-area-1", "plot-area-2", "residual-area-2"])
    XCTAssertEqual(elements.filter { $0.attributes["class"] == "plot-area" }.count, 2)
    XCTAssertEqual(elements.first { $0.attributes["data-markers"] != nil }?.attributes["data-markers"], "\"quoted\" & <odd>")
    // deterministic
    XCTAssertEqual(svg, LineChart.stackedSVG([a, b], title: "fit <of> x & y", lines: ["a = 1 ± 0.1"]))
  }
}
