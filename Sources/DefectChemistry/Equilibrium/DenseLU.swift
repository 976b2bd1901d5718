/// In-place LU factorisation with partial pivoting of a small dense row-major n × n matrix, and solves
/// with it: P·A = L·U, L unit lower-triangular. For the equilibrium Jacobians (n ≈ 5–20), where GSL's
/// blocked `gsl_linalg_LU_decomp` spends more time in call overhead than in arithmetic; allocation-free.
struct DenseLU: ~Copyable {
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

  /// The buffers belong to this value alone (it cannot be copied), and go with it.
  deinit {
    lu.deallocate()
    pivot.deallocate()
  }

  /// Factorises `a` (row-major n × n). `false` if a pivot is zero or not finite (J singular).
  /// (Row pointers and wrapping index arithmetic: the floating-point operations and their order are those
  /// of the textbook loops, P·A = L·U with the largest pivot in each column, ties to the upper row.)
  func factor(_ a: UnsafeBufferPointer<Double>) -> Bool {
    guard n > 0, let A = lu.baseAddress, let P = pivot.baseAddress, let source = a.baseAddress else { return n == 0 }
    A.update(from: source, count: n &* n)
    for k in 0..<n {
      let (ok, inverse) = Self.pivot(A, P, n, k)
      guard ok else { return false }
      var i = k &+ 1
      while i < n { Self.eliminate(A, n, k, i, inverse); i &+= 1 }
    }
    return true
  }

  /// Step k's pivot: the largest |entry| of column k at or below row k (ties to the upper row), its row
  /// swapped up, and 1/pivot; `false` if the pivot is zero or not finite.
  @inline(__always)
  static func pivot(_ A: UnsafeMutablePointer<Double>, _ P: UnsafeMutablePointer<Int>, _ n: Int,
                    _ k: Int) -> (Bool, Double) {
    let rowK = A + k &* n
    var p = k, largest = abs(rowK[k])
    var i = k &+ 1
    while i < n {
      let v = abs(A[i &* n &+ k])
      if v > largest { largest = v; p = i }
      i &+= 1
    }
    guard largest > 0, largest.isFinite else { return (false, 0) }
    P[k] = p
    if p != k {
      let rowP = A + p &* n
      for j in 0..<n { let t = rowK[j]; rowK[j] = rowP[j]; rowP[j] = t }
    }
    return (true, 1 / rowK[k])
  }

  /// Row i's elimination at step k: its multiplier f = a_ik/pivot stored in L, f·(row k) taken off the rest.
  @inline(__always)
  static func eliminate(_ A: UnsafeMutablePointer<Double>, _ n: Int, _ k: Int, _ i: Int, _ inverse: Double) {
    let rowK = A + k &* n, rowI = A + i &* n
    let f = rowI[k] * inverse
    rowI[k] = f
    if f != 0 {
      var j = k &+ 1
      while j < n { rowI[j] -= f * rowK[j]; j &+= 1 }
    }
  }

  /// r = b − A·x for the matrix `a` (row-major n × n) this LU factorised: the residual of a solve, the step
  /// of iterative refinement (``refine(_:matrix:rightHandSide:residual:)``).
  @inline(__always)
  static func residual(_ a: UnsafeBufferPointer<Double>, _ n: Int, _ x: UnsafeMutableBufferPointer<Double>,
                       _ b: UnsafeMutableBufferPointer<Double>, into r: UnsafeMutableBufferPointer<Double>) {
    for i in 0..<n {
      var s = b[i]
      let row = i &* n
      for j in 0..<n { s -= a[row &+ j] * x[j] }
      r[i] = s
    }
  }

  /// One step of iterative refinement of a solution x of A·x = b (b in `rightHandSide`, A the `matrix` this
  /// LU factorised): x += A⁻¹(b − A·x), the residual in working precision, in `residual`. Partial pivoting
  /// alone bounds the error of x relative to its largest component; one step makes the solve componentwise
  /// backward stable (Skeel 1980), so that a component much smaller than the others (the slope of a majority
  /// species, 10⁻¹⁵ next to ¼) keeps its own relative accuracy.
  func refine(_ x: UnsafeMutableBufferPointer<Double>, matrix: UnsafeBufferPointer<Double>,
              rightHandSide b: UnsafeMutableBufferPointer<Double>, residual r: UnsafeMutableBufferPointer<Double>) {
    Self.residual(matrix, n, x, b, into: r)
    solve(r)
    for i in 0..<n { x[i] += r[i] }
  }

  /// Solves A·x = b in place for the last factored A.
  func solve(_ b: UnsafeMutableBufferPointer<Double>) {
    guard n > 0, let A = UnsafePointer(lu.baseAddress), let P = UnsafePointer(pivot.baseAddress), let x = b.baseAddress else { return }
    for k in 0..<n where P[k] != k { let t = x[k]; x[k] = x[P[k]]; x[P[k]] = t }
    for i in 0..<n {
      let rowI = A + i &* n
      var s = x[i]
      var j = 0
      while j < i { s -= rowI[j] * x[j]; j &+= 1 }
      x[i] = s
    }
    var i = n &- 1
    while i >= 0 {
      let rowI = A + i &* n
      var s = x[i]
      var j = i &+ 1
      while j < n { s -= rowI[j] * x[j]; j &+= 1 }
      x[i] = s / rowI[i]
      i &-= 1
    }
  }
}
