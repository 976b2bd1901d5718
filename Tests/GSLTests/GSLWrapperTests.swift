import GSL
import XCTest

/// F(x, y) = (x² + y² − 4, x − y): root (√2, √2), with its analytic Jacobian.
private final class Circle: MultirootSystem {
  let dimension = 2
  var evaluations = 0
  func evaluate(_ x: UnsafeBufferPointer<Double>, residual f: UnsafeMutableBufferPointer<Double>?,
                jacobian j: UnsafeMutableBufferPointer<Double>?) -> Bool {
    evaluations += 1
    f?[0] = x[0] * x[0] + x[1] * x[1] - 4
    f?[1] = x[0] - x[1]
    if let j { j[0] = 2 * x[0]; j[1] = 2 * x[1]; j[2] = 1; j[3] = -1 }
    return true
  }
}

/// A function that cannot be evaluated anywhere: the solver must report it, not abort.
private final class Broken: MultirootSystem {
  let dimension = 1
  func evaluate(_ x: UnsafeBufferPointer<Double>, residual f: UnsafeMutableBufferPointer<Double>?,
                jacobian j: UnsafeMutableBufferPointer<Double>?) -> Bool { false }
}

final class GSLWrapperTests: XCTestCase {
  func testHybridsjFindsTheRootWithTheAnalyticJacobian() {
    let solver = MultirootSolver(dimension: 2)
    var x = [1.0, 0.5]
    let outcome = x.withUnsafeMutableBufferPointer { solver.solve(Circle(), start: $0, tolerance: 1e-14) }
    XCTAssertTrue(outcome.converged)
    XCTAssertEqual(x[0], 2.0.squareRoot(), accuracy: 1e-13)
    XCTAssertEqual(x[1], 2.0.squareRoot(), accuracy: 1e-13)
    XCTAssertLessThan(outcome.residualMax, 1e-14)
  }

  func testAnUnevaluableFunctionIsAnErrorNotACrash() {
    let solver = MultirootSolver(dimension: 1)
    var x = [1.0]
    let outcome = x.withUnsafeMutableBufferPointer { solver.solve(Broken(), start: $0, tolerance: 1e-10) }
    XCTAssertFalse(outcome.converged)
    XCTAssertNotNil(outcome.error)
  }

  func testSVDRankAndNullSpace() throws {
    // Rows (1, 1, 0) and (2, 2, 0): rank 1; null space spanned by (1, −1, 0)/√2 and (0, 0, 1).
    let svd = try SingularValueDecomposition(rows: 2, columns: 3, [1, 1, 0, 2, 2, 0])
    XCTAssertEqual(svd.rank(), 1)
    let null = svd.nullSpace()
    XCTAssertEqual(null.count, 2)
    for v in null { XCTAssertEqual(v[0] + v[1], 0, accuracy: 1e-12) }
  }
  func testLeastSquaresRecoversAnExponentialAndItsCovariance() throws {
    // y = A·exp(−k t) sampled exactly: the fit must return A = 5, k = 0.7 from a poor start.
    let t = (0..<20).map { Double($0) * 0.25 }
    let y = t.map { 5 * exp(-0.7 * $0) }
    let lsq = NonlinearLeastSquares(observations: t.count, parameters: 2)
    let exact = try lsq.fit(start: [1, 0.1]) { x, r in
      for i in t.indices { r[i] = x[0] * exp(-x[1] * t[i]) - y[i] }
      return true
    }
    XCTAssertTrue(exact.converged, exact.reason)
    XCTAssertEqual(exact.parameters[0], 5, accuracy: 1e-8)
    XCTAssertEqual(exact.parameters[1], 0.7, accuracy: 1e-9)
    XCTAssertLessThan(exact.chiSquared, 1e-18)
    // With ±0.01 alternating noise the covariance scaled by χ²/(n − p) gives a small, positive variance.
    let noisy = try lsq.fit(start: [1, 0.1]) { x, r in
      for i in t.indices { r[i] = x[0] * exp(-x[1] * t[i]) - (y[i] + (i % 2 == 0 ? 0.01 : -0.01)) }
      return true
    }
    let s2 = noisy.chiSquared / Double(t.count - 2)
    let sigmaA = (noisy.covariance[0] * s2).squareRoot()
    XCTAssertGreaterThan(sigmaA, 1e-4)
    XCTAssertLessThan(sigmaA, 0.05)
    XCTAssertEqual(noisy.parameters[0], 5, accuracy: 5 * sigmaA)
  }

  func testLeastSquaresFailsAtAnUnusableStartButStepsAroundUnusableTrialPoints() throws {
    let lsq = NonlinearLeastSquares(observations: 3, parameters: 1)
    // r = x − 3, undefined for x ≥ 3.5 (e.g. an equilibrium that does not converge there)
    let residuals: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Bool = { x, r in
      guard x[0] < 3.5 else { return false }
      for i in 0..<3 { r[i] = x[0] - 3 }
      return true
    }
    XCTAssertThrowsError(try lsq.fit(start: [4], residuals: residuals))
    let fit = try lsq.fit(start: [1], residuals: residuals)
    XCTAssertTrue(fit.converged, fit.reason)
    XCTAssertEqual(fit.parameters[0], 3, accuracy: 1e-8)
    // a trial point in the undefined region is rejected, never returned
    let far = try lsq.fit(start: [-100], residuals: residuals)
    XCTAssertEqual(far.parameters[0], 3, accuracy: 1e-8)
  }
}
