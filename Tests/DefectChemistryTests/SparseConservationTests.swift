@testable import DefectChemistry
import DecimalText
import TestSupport
import XCTest

/// The dual Newton sums over the non-zero entries of A only (``SparseConservation``). The claim that makes
/// this safe: with finite factors, the skipped terms are exact zeros and the sums come out the same bits as
/// the dense loops. Checked here on random sparse matrices (zeros of both signs included) against the
/// dense loops written out.
final class SparseConservationTests: XCTestCase {
  func testSparseSumsAreTheDenseSumsBitForBit() {
    var random = SplitMix64(seed: 42)
    for trial in 0..<500 {
      let m = 1 + Int(random.next() % 6), n = 1 + Int(random.next() % 12)
      var a = [Double](repeating: 0, count: m * n)
      for e in a.indices {
        switch random.next() % 6 {
        case 0, 1, 2: a[e] = random.next() % 2 == 0 ? 0.0 : -0.0
        case 3: a[e] = Double(Int(random.next() % 5) - 2)
        default: a[e] = (random.unit() - 0.5) * 3
        }
      }
      let c = (0..<n).map { _ in exp((random.unit() - 0.5) * 200) }   // concentrations: positive, 1e-43…1e43
      let lambda = (0..<m).map { _ in (random.unit() - 0.5) * 1e3 }
      // A as the solver holds it: a buffer that outlives the table (which keeps a pointer to it)
      let stored = UnsafeMutableBufferPointer<Double>.allocate(capacity: a.count)
      _ = stored.initialize(from: a)
      defer { stored.deallocate() }
      let sparse = SparseConservation(a: UnsafeBufferPointer(stored), m: m, n: n)
      // rows: Σ_j A_kj c_j
      for k in 0..<m {
        var dense = 0.0
        for j in 0..<n { dense += a[k * n + j] * c[j] }
        var s = 0.0
        for e in sparse.rowStart[k]..<sparse.rowStart[k + 1] { s += sparse.rowValue[e] * c[sparse.rowColumn[e]] }
        XCTAssertEqual(s.bitPattern, dense.bitPattern, "trial \(trial) row \(k)")
      }
      // columns: g_j + Σ_k A_kj λ_k, from a start that is not −0
      for j in 0..<n {
        var dense = c[j], s = c[j]
        for k in 0..<m { dense += a[k * n + j] * lambda[k] }
        for e in sparse.columnStart[j]..<sparse.columnStart[j + 1] { s += sparse.columnValue[e] * lambda[sparse.columnRow[e]] }
        XCTAssertEqual(s.bitPattern, dense.bitPattern, "trial \(trial) column \(j)")
        var v = lambda
        v.withUnsafeMutableBufferPointer { v in
          for skip in [true, false] {
            XCTAssertEqual(sparse.columnSum(j, v, startingAt: c[j], skipZeros: skip).bitPattern, dense.bitPattern,
                           "trial \(trial) column \(j) columnSum skipZeros \(skip)")
          }
        }
      }
      // pairs: Σ_j A_kj A_lj c_j for l ≤ k, in the order k, then l
      var pair = 0
      for k in 0..<m {
        for l in 0...k {
          var dense = 0.0
          for j in 0..<n { dense += a[k * n + j] * a[l * n + j] * c[j] }
          var s = 0.0
          for e in sparse.pairStart[pair]..<sparse.pairStart[pair + 1] { s += sparse.pairProduct[e] * c[sparse.pairColumn[e]] }
          XCTAssertEqual(s.bitPattern, dense.bitPattern, "trial \(trial) pair \(k),\(l)")
          pair += 1
        }
      }
    }
  }

  func testNonFiniteFactorsAreDetected() {
    let v = UnsafeMutableBufferPointer<Double>.allocate(capacity: 3)
    defer { v.deallocate() }
    let stored = UnsafeMutableBufferPointer<Double>.allocate(capacity: 4)
    _ = stored.initialize(from: [1.0, 0, 0, 1])
    defer { stored.deallocate() }
    let sparse = SparseConservation(a: UnsafeBufferPointer(stored), m: 2, n: 2)
    v[0] = 1; v[1] = -2; v[2] = .infinity
    XCTAssertTrue(sparse.allFinite(v, 2))
    XCTAssertFalse(sparse.allFinite(v, 3))
    v[1] = .nan
    XCTAssertFalse(sparse.allFinite(v, 2))
  }
}

/// ``DenseLU/factor(_:_:_:_:)`` and ``DenseLU/solve(_:_:_:_:)`` interleave two factorisations; each lane must give
/// the bits of ``DenseLU/factor(_:)`` and ``DenseLU/solve(_:)`` alone, also when the other lane is singular.
final class DenseLUPairTests: XCTestCase {
  func testAPairGivesTheBitsOfEachAlone() {
    var random = SplitMix64(seed: 7)
    func unit() -> Double { random.unit() }
    for trial in 0..<400 {
      let n = 1 + trial % 9
      func matrix(singular: Bool) -> [Double] {
        var a = (0..<(n * n)).map { _ in unit() < 0.3 ? 0 : (unit() - 0.5) * exp((unit() - 0.5) * 40) }
        if singular { for j in 0..<n { a[(n - 1) * n + j] = a[j] } }   // two equal rows
        return a
      }
      let a = matrix(singular: trial % 7 == 3), b = matrix(singular: trial % 11 == 5)
      let rhsA = (0..<n).map { _ in unit() - 0.5 }, rhsB = (0..<n).map { _ in unit() - 0.5 }
      let single = DenseLU(dimension: n), first = DenseLU(dimension: n), second = DenseLU(dimension: n)
      let (okA, okB) = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in DenseLU.factor(first, pa, second, pb) } }
      let x = UnsafeMutableBufferPointer<Double>.allocate(capacity: n), y = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
      let z = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
      defer { x.deallocate(); y.deallocate(); z.deallocate() }
      _ = x.initialize(from: rhsA); _ = y.initialize(from: rhsB)
      if okA && okB { DenseLU.solve(first, x, second, y) }
      for (lane, (m, rhs, ok, solved)) in [(a, rhsA, okA, x), (b, rhsB, okB, y)].enumerated() {
        let alone = m.withUnsafeBufferPointer { single.factor($0) }
        XCTAssertEqual(ok, alone, "trial \(trial) lane \(lane)")
        guard ok && alone else { continue }
        XCTAssertEqual((lane == 0 ? first.lu : second.lu).map(\.bitPattern), single.lu.map(\.bitPattern), "trial \(trial) lane \(lane)")
        guard okA && okB else { continue }
        _ = z.initialize(from: rhs)
        single.solve(z)
        XCTAssertEqual(solved.map(\.bitPattern), z.map(\.bitPattern), "trial \(trial) lane \(lane)")
      }
    }
  }
}
