import CGSL

/// Owner of a GSL LU decomposition (`gsl_linalg_LU_decomp`) for dense square systems A·x = b.
///
/// Used for sensitivities (implicit-function theorem: dx/dp = −J⁻¹ ∂F/∂p) where one factorisation
/// serves several right-hand sides. Allocate once per dimension and reuse. Not thread-safe.
public final class LUSolver {
  public let dimension: Int
  private let matrix: UnsafeMutablePointer<gsl_matrix>
  private let permutation: UnsafeMutablePointer<gsl_permutation>
  private let vector: UnsafeMutablePointer<gsl_vector>
  private var factored = false

  public init(dimension: Int) {
    precondition(dimension > 0)
    GSLLibrary.configure()
    self.dimension = dimension
    guard let m = gsl_matrix_alloc(dimension, dimension), let p = gsl_permutation_alloc(dimension),
          let v = gsl_vector_alloc(dimension)
    else { fatalError("GSL could not allocate an LU solver of dimension \(dimension)") }
    matrix = m
    permutation = p
    vector = v
  }

  deinit {
    gsl_matrix_free(matrix)
    gsl_permutation_free(permutation)
    gsl_vector_free(vector)
  }

  /// Factorises the row-major matrix `a` (dimension × dimension). Throws if it is singular.
  public func factor(_ a: UnsafeBufferPointer<Double>) throws(GSLError) {
    precondition(a.count == dimension * dimension)
    for k in 0..<a.count { matrix.pointee.data[k] = a[k] }
    var signum: Int32 = 0
    try GSLError.check(gsl_linalg_LU_decomp(matrix, permutation, &signum), "LU decomposition")
    for i in 0..<dimension where matrix.pointee.data[i * dimension + i] == 0 {
      factored = false
      throw GSLError(status: Int32(GSL_ESING), context: "LU decomposition (pivot \(i) is zero)")
    }
    factored = true
  }

  /// Solves A·x = b in place for the last factored A.
  public func solve(_ b: UnsafeMutableBufferPointer<Double>) throws(GSLError) {
    precondition(factored && b.count == dimension)
    for i in 0..<dimension { vector.pointee.data[i] = b[i] }
    try GSLError.check(gsl_linalg_LU_svx(matrix, permutation, vector), "LU solve")
    for i in 0..<dimension { b[i] = vector.pointee.data[i] }
  }
}
