import Foundation
import XCTest

/// `brouwer map`: regime boundaries and contours read back from the SVG agree with closed forms.
final class MapCommandTests: XCTestCase {
  var dir = URL(fileURLWithPath: "/tmp")
  override func setUpWithError() throws { dir = try CLI.scratch() }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

  /// Acceptor A = 0.1 compensated by V_O..; band electrons e' from O_O^x = ½O2 + V_O.. + 2e'.
  /// [e'] = [V_O..] where n = V = (A + n)/2, i.e. n = V = A, at
  /// log10 pO2 = 2[ln K + ln((2 − A)/2) − ln(A/2) − 2 ln(A/N_c)]/ln 10, N_c = 0.5·(T/300)^1.5.
  static let twoCarrier = """
    name: two-carrier
    sublattices: {M: 1, O: 2}
    species:
      - {label: "A_M'", fixed: 0.1}
      - {label: "M_M^x", host: true}
      - {label: "V_O.."}
      - {label: "O_O^x", host: true}
      - {label: "e'", band: {N300: 0.5}}
    reactions:
      - {name: reduction, equation: "O_O^x = 1/2 O2(g) + V_O.. + 2 e'", dH: 5.0 eV, dS: 10 kB}
    """

  func boundaryLog10pO2(T: Double) -> Double {
    let A = 0.1, nc = 0.5 * pow(T / 300, 1.5)
    let lnK = 10 - 5.0 / ((1.380649e-23 / 1.602176634e-19) * T)
    return 2 * (lnK + log((2 - A) / 2) - log(A / 2) - 2 * log(A / nc)) / M_LN10
  }

  /// Data coordinates of the points of every `<path … attribute="value" d="…">` in an SVG of ours.
  func pathPoints(_ svg: String, attribute: String, value: String) throws -> [(x: Double, y: Double)] {
    func attr(_ name: String, in text: Substring) -> [Double] {
      guard let r = text.range(of: "\(name)=\"") else { return [] }
      let rest = text[r.upperBound...]
      return rest[..<rest.firstIndex(of: "\"")!].split(separator: " ").map { Double($0)! }
    }
    let area = svg[svg.range(of: "<g class=\"plot-area\"")!.lowerBound...]
    let (xr, yr, box) = (attr("data-x-range", in: area), attr("data-y-range", in: area), attr("data-box", in: area))
    let xLog = area.contains("data-x-scale=\"log\""), yLog = area.contains("data-y-scale=\"log\" ")
    let tag = try XCTUnwrap(svg.range(of: "\(attribute)=\"\(value)\" d=\""), "no path with \(attribute)=\(value)")
    let d = svg[tag.upperBound...].prefix { $0 != "\"" }
    let numbers = d.replacingOccurrences(of: "M", with: " ").replacingOccurrences(of: "L", with: " ")
      .split(separator: " ").map { Double($0)! }
    func invert(_ f: Double, _ r: [Double], _ log: Bool) -> Double {
      log ? pow(10, log10(r[0]) + f * (log10(r[1]) - log10(r[0]))) : r[0] + f * (r[1] - r[0])
    }
    return stride(from: 0, to: numbers.count, by: 2).map { k in
      (invert((numbers[k] - box[0]) / box[2], xr, xLog), invert(1 - (numbers[k + 1] - box[1]) / box[3], yr, yLog))
    }
  }

  func testDominantMapBoundaryIsTheClosedFormCrossing() throws {
    let file = dir.appendingPathComponent("two.yaml")
    try Self.twoCarrier.write(to: file, atomically: true, encoding: .utf8)
    let r = try CLI.run(["map", file.path, "--T", "900:1400:81", "--pO2", "1e-30:1e5:141", "--dominant"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let points = try pathPoints(r.stdout, attribute: "data-between", value: "V_O..|e&#39;")
    XCTAssertGreaterThan(points.count, 20)
    for p in points {
      // the temperature at which the closed-form boundary passes through this pO2 (bisection; it rises with T)
      var (lo, hi) = (700.0, 1700.0)
      for _ in 0..<60 {
        let mid = (lo + hi) / 2
        if boundaryLog10pO2(T: mid) < log10(p.x) { lo = mid } else { hi = mid }
      }
      // linear interpolation of ln([e']/[V_O..]) between nodes 6.25 K apart is off by ≈ 0.07 K (1.1 K at 25 K: ∝ h²)
      XCTAssertEqual(lo, p.y, accuracy: 0.1, "at pO2 = \(p.x)")
    }
    XCTAssertTrue(r.stdout.contains("data-category=\"e&#39;\"") && r.stdout.contains("data-category=\"V_O..\""))
  }

  func testContourOfElectronsLiesOnTheLevel() throws {
    // on the contour n = 1e-6, V = (A + n)/2: the closed form of log10 pO2; linear interpolation of log10 n
    // between T nodes 12.5 K apart and pO2 nodes 0.5 decade apart is good to < 0.01 decade
    let file = dir.appendingPathComponent("two.yaml")
    try Self.twoCarrier.write(to: file, atomically: true, encoding: .utf8)
    let r = try CLI.run(["map", file.path, "--T", "900:1400:41", "--pO2", "1e-30:1e5:71", "--z", "electrons", "--contours", "1e-6"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("class=\"colour-bar\" data-scale=\"log\""))
    for p in try pathPoints(r.stdout, attribute: "data-level", value: "1e-06") {
      let T = p.y, A = 0.1, V = (A + 1e-6) / 2, nc = 0.5 * pow(T / 300, 1.5)
      let lnK = 10 - 5.0 / ((1.380649e-23 / 1.602176634e-19) * T)
      let expected = 2 * (lnK + log((2 - V) / 2) - log(V / 2) - 2 * log(1e-6 / nc)) / M_LN10
      XCTAssertEqual(log10(p.x), expected, accuracy: 0.01, "at T = \(T)")
    }
  }
}
