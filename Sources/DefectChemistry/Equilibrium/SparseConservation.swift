/// The non-zero entries of the conservation matrix A (m × n), by row, by column, and for each pair of rows
/// k ≥ l the products A_kj·A_lj that are not zero — each list in ascending order of the other index, the
/// order of the dense loops it replaces.
struct SparseConservation: ~Copyable {
  /// A itself (not owned: the caller's m × n matrix), for the dense sums.
  let dense: UnsafeBufferPointer<Double>
  let m, n: Int
  let rowStart, rowColumn: UnsafeMutableBufferPointer<Int>
  let rowValue: UnsafeMutableBufferPointer<Double>
  let columnStart, columnRow: UnsafeMutableBufferPointer<Int>
  let columnValue: UnsafeMutableBufferPointer<Double>
  /// Pairs (k, l ≤ k) in the order k = 0…m−1, l = 0…k.
  let pairStart, pairColumn: UnsafeMutableBufferPointer<Int>
  let pairProduct: UnsafeMutableBufferPointer<Double>

  init(a: UnsafeBufferPointer<Double>, m: Int, n: Int) {
    dense = a
    self.m = m
    self.n = n
    func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
      let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
      _ = b.initialize(from: array)
      return b
    }
    var starts = [0], columns: [Int] = [], values: [Double] = []
    for k in 0..<m {
      for j in 0..<n where a[k * n + j] != 0 { columns.append(j); values.append(a[k * n + j]) }
      starts.append(columns.count)
    }
    rowStart = copy(starts); rowColumn = copy(columns); rowValue = copy(values)
    starts = [0]; var rows: [Int] = []; values = []
    for j in 0..<n {
      for k in 0..<m where a[k * n + j] != 0 { rows.append(k); values.append(a[k * n + j]) }
      starts.append(rows.count)
    }
    columnStart = copy(starts); columnRow = copy(rows); columnValue = copy(values)
    starts = [0]; columns = []; values = []
    for k in 0..<m {
      for l in 0...k {
        for j in 0..<n {
          let p = a[k * n + j] * a[l * n + j]
          if p != 0 { columns.append(j); values.append(p) }
        }
        starts.append(columns.count)
      }
    }
    pairStart = copy(starts); pairColumn = copy(columns); pairProduct = copy(values)
  }

  /// The buffers belong to this value alone (it cannot be copied), and go with it.
  deinit {
    for b in [rowStart, rowColumn, columnStart, columnRow, pairStart, pairColumn] { b.deallocate() }
    for b in [rowValue, columnValue, pairProduct] { b.deallocate() }
  }

  /// start + Σ_k A_kj·v_k, k ascending: over the non-zero A_kj only when `skipZeros` (the same bits when every
  /// v_k is finite and start is not −0), else over all of column j.
  @inline(__always)
  func columnSum(_ j: Int, _ v: UnsafeMutableBufferPointer<Double>, startingAt start: Double, skipZeros: Bool) -> Double {
    var s = start
    if skipZeros {
      var e = columnStart[j]
      while e < columnStart[j &+ 1] { s += columnValue[e] * v[columnRow[e]]; e &+= 1 }
    } else {
      for k in 0..<m { s += dense[k &* n &+ j] * v[k] }
    }
    return s
  }

  /// Whether v[0..<count] are all finite (then 0·v_k = ±0 exactly, and a zero entry of A can be skipped).
  @inline(__always)
  func allFinite(_ v: UnsafeMutableBufferPointer<Double>, _ count: Int) -> Bool {
    for k in 0..<count where !v[k].isFinite { return false }
    return true
  }
}
