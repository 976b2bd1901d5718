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

/// Plots of long lines keep ≈ 4000 points per line (and every point that did not converge).
final class LongPlotTests: XCTestCase {
  func testATwentyThousandPointLineKeepsItsRegimesAndItsFailures() throws {
    let r = try CLI.run(["plot", "gdc10", "--T", "800C", "--pO2", "1e-24:1:20001"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains(">−1/4<") || r.stdout.contains(">−1/4</"), "the −1/4 regime is labelled")
    XCTAssertLessThan(r.stdout.utf8.count, 400_000, "a thinned SVG")
    // an infeasible model: every point fails, and all of them are counted even on a decimated line
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/infeasible.yaml").path
    let failed = try CLI.run(["plot", path, "--T", "300", "--pO2", "1e-40:1:8001"])
    XCTAssertEqual(failed.status, 1)
    XCTAssertTrue(failed.stderr.contains("none of the 8001 points converged"), failed.stderr)
  }
}
