import Foundation
import XCTest

/// `map --T-axis` and `domain --T-axis`: a temperature axis in °C (or 1000/T) has its ticks at round values
/// of that unit, at the pixel where T_K = T_C + 273.15 (or 1000/T) puts them, and the data drawn lie where
/// the closed form (map) or the CSV (domain) says.
final class TemperatureAxisTests: XCTestCase {
  var dir = URL(fileURLWithPath: "/tmp")
  override func setUpWithError() throws { dir = try CLI.scratch() }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

  /// The plot area's scales and box as the SVG states them.
  struct Area {
    var x: [Double], y: [Double], xLog: Bool, yLog: Bool, box: [Double]

    init(_ svg: String) throws {
      let area = try XCTUnwrap(svg.range(of: "<g class=\"plot-area\"")).lowerBound
      let tag = svg[area...].prefix { $0 != ">" }
      func attr(_ name: String) throws -> [Double] {
        let r = try XCTUnwrap(tag.range(of: "\(name)=\""), name)
        return tag[r.upperBound...].prefix { $0 != "\"" }.split(separator: " ").map { Double($0)! }
      }
      (x, y, box) = (try attr("data-x-range"), try attr("data-y-range"), try attr("data-box"))
      (xLog, yLog) = (tag.contains("data-x-scale=\"log\""), tag.contains("data-y-scale=\"log\""))
    }

    /// Data coordinates of a pixel.
    func data(_ px: Double, _ py: Double) -> (x: Double, y: Double) {
      func invert(_ f: Double, _ r: [Double], _ log: Bool) -> Double {
        log ? pow(10, log10(r[0]) + f * (log10(r[1]) - log10(r[0]))) : r[0] + f * (r[1] - r[0])
      }
      return (invert((px - box[0]) / box[2], x, xLog), invert(1 - (py - box[1]) / box[3], y, yLog))
    }
  }

  /// (label, pixel) of the ticks of one axis: x ticks are centred below the box, y ticks end left of it.
  func ticks(_ svg: String, _ area: Area, axis: Character) throws -> [(label: Double, pixel: Double)] {
    let pattern = axis == "x"
      ? "<text x=\"([0-9.]+)\" y=\"\(SVGNumber(area.box[1] + area.box[3] + 20))\" text-anchor=\"middle\">([^<]*)</text>"
      : "<text x=\"\(SVGNumber(area.box[0] - 8))\" y=\"([0-9.]+)\" text-anchor=\"end\">([^<]*)</text>"
    let regex = try NSRegularExpression(pattern: pattern)
    let text = svg as NSString
    return regex.matches(in: svg, range: NSRange(location: 0, length: text.length)).map { m in
      let pixel = Double(text.substring(with: m.range(at: 1)))!
      let label = Double(text.substring(with: m.range(at: 2)).replacingOccurrences(of: "−", with: "-"))!
      // y pixels are of the tick line; the label is drawn 4 px lower
      return (label, axis == "x" ? pixel : pixel - 4)
    }
  }

  /// The pixel text of our SVGs (at most two decimals, integers without).
  func SVGNumber(_ v: Double) -> String {
    let r = (v * 100).rounded() / 100
    return r == r.rounded() ? String(Int(r)) : String(format: "%.2f", r)
  }

  /// The points of the path `<path … data-between="value" d="…">`, in pixels.
  func pathPixels(_ svg: String, between value: String) throws -> [(Double, Double)] {
    let tag = try XCTUnwrap(svg.range(of: "data-between=\"\(value)\" d=\""), "no boundary \(value)")
    let numbers = svg[tag.upperBound...].prefix { $0 != "\"" }.replacingOccurrences(of: "M", with: " ")
      .replacingOccurrences(of: "L", with: " ").split(separator: " ").map { Double($0)! }
    return stride(from: 0, to: numbers.count, by: 2).map { (numbers[$0], numbers[$0 + 1]) }
  }

  /// The temperature (K) at which the two-carrier closed-form boundary [e'] = [V_O..] passes through pO2
  /// (bisection: it rises with T); see MapCommandTests.twoCarrier.
  func closedFormTemperature(pO2: Double) -> Double {
    func boundary(_ T: Double) -> Double {
      let A = 0.1, nc = 0.5 * pow(T / 300, 1.5)
      let lnK = 10 - 5.0 / ((1.380649e-23 / 1.602176634e-19) * T)
      return 2 * (lnK + log((2 - A) / 2) - log(A / 2) - 2 * log(A / nc)) / M_LN10
    }
    var (lo, hi) = (700.0, 1700.0)
    for _ in 0..<60 {
      let mid = (lo + hi) / 2
      if boundary(mid) < log10(pO2) { lo = mid } else { hi = mid }
    }
    return lo
  }

  func testMapTemperatureAxisInCelsiusAndAsInverse() throws {
    let file = dir.appendingPathComponent("two.yaml")
    try MapCommandTests.twoCarrier.write(to: file, atomically: true, encoding: .utf8)
    // nodes 900…1400 K, i.e. 626.85…1126.85 °C: round kelvins, so ticks at round °C cannot be relabelled K ticks
    let base = ["map", file.path, "--T", "900:1400:81", "--pO2", "1e-30:1e5:141", "--dominant"]
    let r = try CLI.run(base + ["--T-axis", "C"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let area = try Area(r.stdout)
    XCTAssertEqual(area.y[0], 900 - 273.15, accuracy: 1e-9)
    XCTAssertEqual(area.y[1], 1400 - 273.15, accuracy: 1e-9)
    XCTAssertTrue(r.stdout.contains("<tspan>T (°C)</tspan>"), "no °C axis label")
    let yTicks = try ticks(r.stdout, area, axis: "y")
    XCTAssertEqual(yTicks.map(\.label), [700, 800, 900, 1000, 1100])
    for t in yTicks {
      // where T_K = T_C + 273.15 puts the label on the 900…1400 K axis (pixels have two decimals)
      let expected = area.box[1] + (1 - (t.label + 273.15 - 900) / 500) * area.box[3]
      XCTAssertEqual(t.pixel, expected, accuracy: 0.006, "tick \(t.label) °C")
    }
    // the regime boundary drawn in °C lies at the closed form's temperature (as in MapCommandTests, 0.1 K)
    let points = try pathPixels(r.stdout, between: "V_O..|e&#39;").map { area.data($0.0, $0.1) }
    XCTAssertGreaterThan(points.count, 20)
    for p in points {
      XCTAssertEqual(p.y + 273.15, closedFormTemperature(pO2: p.x), accuracy: 0.1, "at pO2 = \(p.x)")
    }

    // 1000/T: an Arrhenius axis, ascending in 1000/T (so descending in T)
    let inverse = try CLI.run(base + ["--T-axis", "1000/T"])
    XCTAssertEqual(inverse.status, 0, inverse.stderr)
    let iArea = try Area(inverse.stdout)
    XCTAssertEqual(iArea.y[0], 1000 / 1400, accuracy: 1e-12)
    XCTAssertEqual(iArea.y[1], 1000 / 900, accuracy: 1e-12)
    let iTicks = try ticks(inverse.stdout, iArea, axis: "y")
    XCTAssertEqual(iTicks.map(\.label), [0.75, 0.8, 0.85, 0.9, 0.95, 1, 1.05, 1.1])
    for t in iTicks {
      XCTAssertEqual(t.pixel, iArea.box[1] + (1 - (t.label - 1000 / 1400) / (1000 / 900 - 1000 / 1400)) * iArea.box[3], accuracy: 0.006)
    }
    for p in try pathPixels(inverse.stdout, between: "V_O..|e&#39;").map({ iArea.data($0.0, $0.1) }) {
      XCTAssertEqual(1000 / p.y, closedFormTemperature(pO2: p.x), accuracy: 0.1, "at pO2 = \(p.x)")
    }

    // the default stays kelvin
    let kelvin = try CLI.run(base)
    XCTAssertEqual(kelvin.status, 0, kelvin.stderr)
    XCTAssertEqual(try Area(kelvin.stdout).y, [900, 1400])
  }

  func testDomainDiagramInCelsius() throws {
    let args = ["domain", "gdc10", "--T", "700C:1100C:9"]
    let csv = try CLI.run(args)
    XCTAssertEqual(csv.status, 0, csv.stderr)
    let r = try CLI.run(args + ["--format", "svg", "--T-axis", "C"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("<tspan>T (°C)</tspan>"), "no °C axis label")
    let area = try Area(r.stdout)
    let xTicks = try ticks(r.stdout, area, axis: "x")
    XCTAssertEqual(xTicks.map(\.label), [600, 700, 800, 900, 1000, 1100, 1200])
    for t in xTicks {
      XCTAssertEqual(t.pixel, area.box[0] + (t.label - area.x[0]) / (area.x[1] - area.x[0]) * area.box[2], accuracy: 0.006)
    }
    // the t_ion = 0.5 line runs from the CSV's boundary at 973.15 K to that at 1373.15 K, drawn at 700 and 1100 °C
    let rows = csvRecords(csv.stdout).filter { $0["boundary"] == "t_ion=0.5" }
    XCTAssertEqual(rows.count, 9)
    let series = try XCTUnwrap(r.stdout.range(of: "data-series=\"t_ion=0.5|n\""))
    let polyline = try XCTUnwrap(r.stdout[series.upperBound...].range(of: "<polyline points=\""))
    let pixels = r.stdout[polyline.upperBound...].prefix { $0 != "\"" }.split(separator: " ").map { pair in
      pair.split(separator: ",").map { Double($0)! }
    }
    for (pixel, row) in [(pixels.first!, rows.first!), (pixels.last!, rows.last!)] {
      let p = area.data(pixel[0], pixel[1])
      XCTAssertEqual(p.x + 273.15, Double(row["T_K"]!)!, accuracy: 0.02)  // 0.01 px is 0.0125 °C
      XCTAssertEqual(log10(p.y), Double(row["log10_pO2_atm"]!)!, accuracy: 0.01)
    }
    // without the option: 1000/T as before
    let inverse = try CLI.run(args + ["--format", "svg"])
    XCTAssertEqual(inverse.status, 0, inverse.stderr)
    XCTAssertTrue(inverse.stdout.contains("<tspan>1000/T (K</tspan>"), "no 1000/T axis label")
  }

  func testBadTemperatureAxisExitsTwoNamingTheOption() throws {
    let cases: [([String], String)] = [
      (["map", "gdc10", "--T", "500C:1000C:5", "--pO2", "1e-30:1:5", "--z", "t_ion", "--T-axis", "F"], "--T-axis: expected K, C or 1000/T"),
      (["map", "gdc10", "--T", "800C", "--pO2", "1e-30:1:5", "--set", "Gd_Ce'=0.05:0.2:3", "--z", "t_ion", "--T-axis", "C"],
       "--T-axis C: the temperature is not an axis of this map"),
      (["domain", "gdc10", "--T", "800C", "--format", "svg", "--T-axis", "celsius"], "--T-axis: expected K, C or 1000/T"),
      (["domain", "gdc10", "--T", "800C", "--T-axis", "C"], "--T-axis C chooses the axis of the diagram (--format svg)"),
    ]
    for (args, message) in cases {
      let r = try CLI.run(args)
      XCTAssertEqual(r.status, 2, args.joined(separator: " ") + ": " + r.stderr)
      XCTAssertTrue(r.stderr.contains(message), r.stderr)
      XCTAssertEqual(r.stdout, "")
    }
  }
}
