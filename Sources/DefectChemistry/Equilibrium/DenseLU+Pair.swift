extension DenseLU {
  /// ``factor(_:)`` of two matrices at once: `first` factorises `a`, `second` factorises `b` (same n), step k
  /// of one next to step k of the other, so that the two chains of comparisons and divisions — each of which
  /// waits on the last — overlap in the processor. Each lane runs the steps of ``factor(_:)`` (``pivot(_:_:_:_:)``,
  /// ``eliminate(_:_:_:_:_:)``) in the same order: the same bits. A lane whose pivot is zero or not finite stops there
  /// (its result `false`, as from ``factor(_:)``) and the other goes on.
  static func factor(_ first: borrowing DenseLU, _ a: UnsafeBufferPointer<Double>,
                     _ second: borrowing DenseLU, _ b: UnsafeBufferPointer<Double>) -> (Bool, Bool) {
    precondition(first.n == second.n, "DenseLU.factor: a pair of different sizes")
    let n = first.n
    guard n > 0, let A = first.lu.baseAddress, let PA = first.pivot.baseAddress, let sa = a.baseAddress,
          let B = second.lu.baseAddress, let PB = second.pivot.baseAddress, let sb = b.baseAddress else {
      return (n == 0, n == 0)
    }
    A.update(from: sa, count: n &* n)
    B.update(from: sb, count: n &* n)
    var okA = true, okB = true
    for k in 0..<n {
      var inverseA = 0.0, inverseB = 0.0
      if okA { (okA, inverseA) = pivot(A, PA, n, k) }
      if okB { (okB, inverseB) = pivot(B, PB, n, k) }
      if !okA && !okB { break }
      var i = k &+ 1
      while i < n {
        if okA { eliminate(A, n, k, i, inverseA) }
        if okB { eliminate(B, n, k, i, inverseB) }
        i &+= 1
      }
    }
    return (okA, okB)
  }

  /// ``solve(_:)`` with `first`'s factors on `x` and `second`'s on `y`, interleaved row by row; each lane
  /// performs exactly the operations of ``solve(_:)``.
  static func solve(_ first: borrowing DenseLU, _ x: UnsafeMutableBufferPointer<Double>,
                    _ second: borrowing DenseLU, _ y: UnsafeMutableBufferPointer<Double>) {
    precondition(first.n == second.n, "DenseLU.solve: a pair of different sizes")
    let n = first.n
    guard n > 0, let A = UnsafePointer(first.lu.baseAddress), let PA = UnsafePointer(first.pivot.baseAddress),
          let B = UnsafePointer(second.lu.baseAddress), let PB = UnsafePointer(second.pivot.baseAddress),
          let u = x.baseAddress, let v = y.baseAddress else { return }
    for k in 0..<n {
      if PA[k] != k { let t = u[k]; u[k] = u[PA[k]]; u[PA[k]] = t }
      if PB[k] != k { let t = v[k]; v[k] = v[PB[k]]; v[PB[k]] = t }
    }
    for i in 0..<n {
      let rowA = A + i &* n, rowB = B + i &* n
      var s = u[i], t = v[i]
      var j = 0
      while j < i { s -= rowA[j] * u[j]; t -= rowB[j] * v[j]; j &+= 1 }
      u[i] = s
      v[i] = t
    }
    var i = n &- 1
    while i >= 0 {
      let rowA = A + i &* n, rowB = B + i &* n
      var s = u[i], t = v[i]
      var j = i &+ 1
      while j < n { s -= rowA[j] * u[j]; t -= rowB[j] * v[j]; j &+= 1 }
      u[i] = s / rowA[i]
      v[i] = t / rowB[i]
      i &-= 1
    }
  }
}
