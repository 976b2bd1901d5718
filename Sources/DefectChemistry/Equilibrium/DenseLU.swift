/// In-place LU factorisation with partial pivoting of a small dense row-major n × n matrix, and solves
/// with it: P·A = L·U, L unit lower-triangular. For the equilibrium Jacobians (n ≈ 5–20), where GSL's
/// blocked `gsl_linalg_LU_decomp` spends more time in call overhead than in arithmetic; allocation-free.
struct DenseLU {
  let n: Int
  /// L (below the diagonal) and U (on and above it), row-major.
  let lu: UnsafeMutableBufferPointer<Double>
  let pivot: UnsafeMutableBufferPointer<Int>

  init(dimension: Int) {
    n = dimension
    lu = .allocate(capacity: max(dimension * dimension, 1))
    lu.initialize(repeating: 0)
    pivot = .allocate(capacity: max(dimension, 1))
    pivot.initialize(repeating: 0)
  }

  func deallocate() {
    lu.deallocate()
    pivot.deallocate()
  }

  /// Factorises `a` (row-major n × n). `false` if a pivot is zero or not finite (J singular).
  func factor(_ a: UnsafeBufferPointer<Double>) -> Bool {
    for k in 0..<(n * n) { lu[k] = a[k] }
    for k in 0..<n {
      var p = k, largest = abs(lu[k * n + k])
      for i in (k + 1)..<max(n, k + 1) where abs(lu[i * n + k]) > largest {
        largest = abs(lu[i * n + k])
        p = i
      }
      guard largest > 0, largest.isFinite else { return false }
      pivot[k] = p
      if p != k { for j in 0..<n { lu.swapAt(k * n + j, p * n + j) } }
      let inverse = 1 / lu[k * n + k]
      for i in (k + 1)..<max(n, k + 1) {
        let f = lu[i * n + k] * inverse
        lu[i * n + k] = f
        if f != 0 { for j in (k + 1)..<n { lu[i * n + j] -= f * lu[k * n + j] } }
      }
    }
    return true
  }

  /// Solves A·x = b in place for the last factored A.
  func solve(_ b: UnsafeMutableBufferPointer<Double>) {
    for k in 0..<n where pivot[k] != k { b.swapAt(k, pivot[k]) }
    for i in 0..<n {
      var s = b[i]
      for j in 0..<i { s -= lu[i * n + j] * b[j] }
      b[i] = s
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
      var s = b[i]
      for j in (i + 1)..<max(n, i + 1) { s -= lu[i * n + j] * b[j] }
      b[i] = s / lu[i * n + i]
    }
  }
}
