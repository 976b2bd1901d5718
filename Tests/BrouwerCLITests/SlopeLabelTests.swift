import Foundation
import XCTest

/// Regime labels on Brouwer diagrams: exact slopes within 0.01 of a simple fraction, read back from the SVG.
final class SlopeLabelTests: XCTestCase {
  struct Label { var series: String, slope: String, x: Double, y: Double, text: String }

  func labels(_ svg: String) -> [Label] {
    svg.split(separator: "\n").filter { $0.hasPrefix("<text class=\"slope-label\"") }.map { line in
      func attr(_ name: String) -> String {
        let r = line.range(of: " \(name)=\"")!
        return String(line[r.upperBound...].prefix { $0 != "\"" })
      }
      let text = line[line.range(of: ">")!.upperBound...].prefix { $0 != "<" }
      return Label(series: attr("data-for"), slope: attr("data-slope"), x: Double(attr("x"))!, y: Double(attr("y"))!, text: String(text))
    }
  }

  func testGDC10At800CarriesMinusAndPlusQuarterLabels() throws {
    let r = try CLI.run(["plot", "gdc10", "--T", "800C", "--pO2", "1e-30:1:121"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let found = labels(r.stdout)
    XCTAssertTrue(found.contains { $0.series == "Ce_Ce&#39;" && $0.slope == "-1/4" && $0.text == "−1/4" }, "\(found)")
    XCTAssertTrue(found.contains { $0.series == "h." && $0.slope == "1/4" }, "\(found)")
    // no transition-region fractions (the polaron line bends through −1/8 and −1/6 below 1e-25 atm)
    XCTAssertFalse(found.contains { $0.slope == "-1/8" || $0.slope == "-1/6" }, "\(found)")
    // labels do not overlap one another (boxes 7 px per character + 4, 14 px high)
    for (a, la) in found.enumerated() {
      for lb in found[(a + 1)...] {
        let wa = 7.0 * Double(la.text.count) + 4, wb = 7.0 * Double(lb.text.count) + 4
        let apart = abs(la.x - lb.x) >= (wa + wb) / 2 || abs(la.y - lb.y) >= 14
        XCTAssertTrue(apart, "\(la) overlaps \(lb)")
      }
    }
    let off = try CLI.run(["plot", "gdc10", "--T", "800C", "--pO2", "1e-30:1:121", "--no-slope-labels"])
    XCTAssertTrue(labels(off.stdout).isEmpty)
  }
}
