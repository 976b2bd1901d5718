import Foundation
import GSL
import XCTest

final class BracketedRootTests: XCTestCase {
  func testBrentFindsTheCubeRootOfTwoToTheTolerance() throws {
    let root = try BracketedRoot().solve(from: 0, to: 3, absolute: 1e-13) { $0 * $0 * $0 - 2 }
    XCTAssertEqual(root.root, cbrt(2), accuracy: 1e-13)
    XCTAssertLessThanOrEqual(root.upper - root.lower, 1e-13)
    XCTAssertGreaterThan(root.iterations, 0)
  }

  func testNoBracketAndUnevaluablePointsAreErrors() {
    let brent = BracketedRoot()
    XCTAssertThrowsError(try brent.solve(from: 0, to: 1, absolute: 1e-10) { $0 + 1 }) { error in
      XCTAssertEqual((error as? GSLError)?.status, 4)  // GSL_EINVAL: f(a), f(b) of one sign
    }
    XCTAssertThrowsError(try brent.solve(from: -1, to: 2, absolute: 1e-10) { $0 > 0.2 ? nil : $0 - 0.5 })
  }
}
