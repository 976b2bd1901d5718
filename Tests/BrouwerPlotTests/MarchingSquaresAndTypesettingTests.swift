@testable import BrouwerPlot
import Foundation
import XCTest

final class MarchingSquaresAndTypesettingTests: XCTestCase {
  /// f(i, j) = i + 2j is linear: its contour f = 3 is the line i = 3 − 2j, exactly, in every cell.
  func testContourOfALinearFieldIsExact() {
    let nx = 6, ny = 4
    let values: [Double?] = (0..<(nx * ny)).map { k in Double(k % nx) + 2 * Double(k / nx) }
    let segments = MarchingSquares.contour(values, nx: nx, ny: ny, level: 3)
    XCTAssertFalse(segments.isEmpty)
    for s in segments {
      for p in [s.a, s.b] { XCTAssertEqual(p.i + 2 * p.j, 3, accuracy: 1e-12) }
    }
    // a missing node removes the cells around it, and nothing else
    var holed = values
    holed[1 * nx + 1] = nil
    XCTAssertLessThan(MarchingSquares.contour(holed, nx: nx, ny: ny, level: 3).count, segments.count)
  }

  func testRegimeFractionsAreRecognisedWithinTolerance() {
    XCTAssertEqual(LineChart.regimeFraction(-0.2504), "-1/4")
    XCTAssertEqual(LineChart.regimeFraction(0.1667), "1/6")
    XCTAssertNil(LineChart.regimeFraction(-0.21))
    XCTAssertEqual(LineChart.regimeFraction(0.004), "0")
  }

  func testPrimeStaysOnTheBaselineWhileDotsAreRaised() {
    let prime = SVGText.rich(LineChart.RichText([.init("Gd"), .init("Ce", .sub), .init("′", .sup)]), size: 13)
    // down 3.9 for the subscript, back up 3.9 to the baseline for the prime — never above it
    XCTAssertEqual(prime, "<tspan>Gd</tspan><tspan dy=\"3.90\" font-size=\"10\">Ce</tspan><tspan dy=\"-3.90\">′</tspan>")
    let dots = SVGText.rich(LineChart.RichText([.init("V"), .init("O", .sub), .init("••", .sup)]), size: 13)
    XCTAssertTrue(dots.contains("<tspan dy=\"-9.10\">••</tspan>"), dots)
  }
}
