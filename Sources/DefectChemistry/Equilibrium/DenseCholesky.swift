/// In-place Cholesky solve of a small symmetric positive (semi)definite system H·y = g.
///
/// `h` is row-major k × k and is overwritten. The system is first scaled to unit diagonal
/// (Jacobi scaling: affine-invariant Newton steps stay well conditioned when the rows differ by
/// tens of orders of magnitude) and regularised by `ridge` on the scaled diagonal.
/// Returns `false` if the matrix is not positive definite even after regularisation.
@inline(__always)
func choleskySolve(_ h: UnsafeMutableBufferPointer<Double>, _ g: UnsafeMutableBufferPointer<Double>,
                   scale d: UnsafeMutableBufferPointer<Double>, _ k: Int, ridge: Double = 1e-14) -> Bool {
  for i in 0..<k {
    let hii = h[i * k + i]
    d[i] = hii > 0 && hii.isFinite ? 1 / hii.squareRoot() : 1
  }
  for i in 0..<k {
    for j in 0..<k { h[i * k + j] *= d[i] * d[j] }
    h[i * k + i] += ridge
    g[i] *= d[i]
  }
  for j in 0..<k {
    var s = h[j * k + j]
    for p in 0..<j { s -= h[j * k + p] * h[j * k + p] }
    guard s > 0, s.isFinite else { return false }
    let l = s.squareRoot()
    h[j * k + j] = l
    for i in (j + 1)..<max(j + 1, k) {
      var t = h[i * k + j]
      for p in 0..<j { t -= h[i * k + p] * h[j * k + p] }
      h[i * k + j] = t / l
    }
  }
  for i in 0..<k {
    var t = g[i]
    for p in 0..<i { t -= h[i * k + p] * g[p] }
    g[i] = t / h[i * k + i]
  }
  for i in stride(from: k - 1, through: 0, by: -1) {
    var t = g[i]
    for p in (i + 1)..<max(i + 1, k) { t -= h[p * k + i] * g[p] }
    g[i] = t / h[i * k + i]
  }
  for i in 0..<k { g[i] *= d[i] }
  return true
}
