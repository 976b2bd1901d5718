import CGSL

/// Singular value decomposition A = U Σ Vᵀ of a dense matrix (`gsl_linalg_SV_decomp`).
///
/// Used at model-build time for ranks and null spaces (well-posedness checks), not in hot loops.
public struct SingularValueDecomposition: Sendable {
  public let rows: Int
  public let columns: Int
  /// Singular values, descending (`min(rows, columns)` of them, padded to `columns` with zeros).
  public let singularValues: [Double]
  /// Right singular vectors, row-major `columns × columns`: column j of V is `v[i * columns + j]`.
  public let v: [Double]

  /// Decomposes the row-major `rows × columns` matrix `a`. Rows are zero-padded when
  /// `rows < columns`, as GSL requires at least as many rows as columns.
  public init(rows: Int, columns: Int, _ a: [Double]) throws(GSLError) {
    precondition(a.count == rows * columns && columns > 0)
    GSLLibrary.configure()
    self.rows = rows
    self.columns = columns
    let m = max(rows, columns)
    guard let u = gsl_matrix_calloc(m, columns), let vm = gsl_matrix_alloc(columns, columns),
          let s = gsl_vector_alloc(columns), let work = gsl_vector_alloc(columns)
    else { fatalError("GSL could not allocate an SVD of \(rows)×\(columns)") }
    defer { gsl_matrix_free(u); gsl_matrix_free(vm); gsl_vector_free(s); gsl_vector_free(work) }
    for i in 0..<rows { for j in 0..<columns { gsl_matrix_set(u, i, j, a[i * columns + j]) } }
    try GSLError.check(gsl_linalg_SV_decomp(u, vm, s, work), "singular value decomposition")
    singularValues = (0..<columns).map { gsl_vector_get(s, $0) }
    var vv = [Double](repeating: 0, count: columns * columns)
    for i in 0..<columns { for j in 0..<columns { vv[i * columns + j] = gsl_matrix_get(vm, i, j) } }
    v = vv
  }

  /// Numerical rank: singular values above `relativeTolerance × σ_max` (and above zero).
  public func rank(relativeTolerance: Double = 1e-10) -> Int {
    let top = singularValues.first ?? 0
    guard top > 0 else { return 0 }
    return singularValues.filter { $0 > relativeTolerance * top }.count
  }

  /// Orthonormal basis of the null space {x : A x = 0}, one vector (of length `columns`) per entry.
  public func nullSpace(relativeTolerance: Double = 1e-10) -> [[Double]] {
    let r = rank(relativeTolerance: relativeTolerance)
    return (r..<columns).map { j in (0..<columns).map { v[$0 * columns + j] } }
  }
}
