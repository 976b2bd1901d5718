@testable import BrouwerPlot
import XCTest

final class PlotScaleAndClippingTests: XCTestCase {
  func testLogScaleCoversWholeDecadesWithAirAndLimitsTicks() throws {
    let s = try XCTUnwrap(PlotScale.covering([1e-30, 0.1], kind: .log, floorDecades: 16))
    XCTAssertEqual(s.upper, 1)            // 0.1 is a decade: moved off the frame
    // at most 16 decades below the largest value (1e-17), then whole decades with air: 1e-18
    XCTAssertEqual(s.lower, 1e-18, accuracy: 1e-32)
    let ticks = PlotScale(.log, lower: 1e-30, upper: 1)!.ticks()
    XCTAssertLessThanOrEqual(ticks.count, 10)
    XCTAssertTrue(ticks.contains(1))
    XCTAssertEqual(try XCTUnwrap(s.fraction(1e-8)), 10.0 / 18, accuracy: 1e-12)
    XCTAssertNil(s.fraction(-1))
  }

  func testNearlyEqualValuesStillGiveATickedLinearAxis() throws {
    // 0.6 ± 1 ulp (a host species) once made the 1-2-5 tick loop run forever
    let s = try XCTUnwrap(PlotScale.covering([0.5999999999999999, 0.6000000000000001], kind: .linear))
    XCTAssertLessThan(s.lower, 0.6)
    XCTAssertGreaterThan(s.upper, 0.6)
    let ticks = s.ticks()
    XCTAssertGreaterThanOrEqual(ticks.count, 2)
    XCTAssertLessThanOrEqual(ticks.count, 12)
    // a range far below the resolution of its magnitude has no ticks rather than a hang
    XCTAssertEqual(PlotScale(.linear, lower: 1e20, upper: 1e20 + 65536)!.ticks(maximum: 10).count, 0)
  }

  func testPointsFarOutsideAreClippedToTheBox() throws {
    let chart = LineChart(title: "t", xLabel: "x", yLabel: "y", x: PlotScale(.linear, lower: 0, upper: 1)!,
                          y: PlotScale(.linear, lower: 0, upper: 1)!, series: [])
    // a line from inside to 1e21 (far above a --y-range 0:1) is cut at the box margin, same direction
    let segments = chart.clippedSegments([(0, 0.5), (1, 1e21)])
    XCTAssertEqual(segments.count, 1)
    let box = chart.plotBox
    for p in segments[0] {
      XCTAssertGreaterThanOrEqual(p.1, box.top - 20 - 1e-9)
      XCTAssertLessThanOrEqual(p.1, box.top + box.height + 1e-9)
    }
    // entirely outside: nothing drawn; a gap (nil) splits the line
    XCTAssertTrue(chart.clippedSegments([(0, 1e21), (1, 2e21)]).isEmpty)
    XCTAssertEqual(chart.clippedSegments([(0, 0.1), (0.5, nil), (0.7, 0.2), (1, 0.3)]).map(\.count), [1, 2])
    XCTAssertFalse(chart.svg().contains("e+"), "no exponent notation in coordinates")
  }
}

/// Dense polylines are thinned to pixel resolution without moving the line.
final class PixelPathTests: XCTestCase {
  func testAMillionPointLineKeepsAboutOneVertexPerHalfPixelAndItsEnds() {
    // a parabola across 600 px sampled 10⁶ times
    let points = (0..<1_000_000).map { i -> (Double, Double) in
      let x = 600 * Double(i) / 999_999
      return (x, 400 - x * x / 900)
    }
    let thin = PixelPath.simplified(points)
    XCTAssertLessThan(thin.count, 2_500, "one vertex per ~0.5 px of a ~750 px long curve")
    XCTAssertGreaterThan(thin.count, 1_000)
    XCTAssertEqual(thin.first!.0, points.first!.0)
    XCTAssertEqual(thin.last!.0, points.last!.0)
    XCTAssertEqual(thin.last!.1, points.last!.1)
    // every dropped vertex lies within 0.5 px of a kept one: the drawn line has not moved
    var k = 0
    for p in stride(from: 0, to: points.count, by: 997).map({ points[$0] }) {
      while k + 1 < thin.count && thin[k + 1].0 <= p.0 { k += 1 }
      let d = hypot(p.0 - thin[k].0, p.1 - thin[k].1)
      XCTAssertLessThanOrEqual(d, 0.5 + 1e-9)
    }
  }

  func testAVertexWithinHalfAPixelIsDroppedButEndsStay() {
    XCTAssertEqual(PixelPath.simplified([(0.0, 0.0), (0.1, 0.1), (50.0, 3.0)]).map(\.0), [0.0, 50.0])
    XCTAssertEqual(PixelPath.simplified([(0.0, 0.0), (0.1, 0.1)]).map(\.0), [0.0, 0.1])
    XCTAssertEqual(PixelPath.simplified([(0.0, 0.0), (0.6, 0.0), (0.7, 0.0)]).map(\.0), [0.0, 0.6, 0.7])
  }
}
