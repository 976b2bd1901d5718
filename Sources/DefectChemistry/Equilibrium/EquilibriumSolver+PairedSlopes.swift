extension EquilibriumSolver {
  /// Keeps J at the last solved point in slot 0 or 1, for ``keptPressureSlopes(_:_:slots:)``: the J that
  /// ``sensitivities(into:includingTemperature:)`` would factorise now. `false` if J cannot be evaluated.
  package func keepJacobian(slot: Int) -> Bool {
    let destination = kept[slot]
    if jacobianIsCurrent {
      _ = destination.update(fromContentsOf: jacobian)
      return true
    }
    return system.evaluate(UnsafeBufferPointer(x), residual: nil, jacobian: destination)
  }

  /// d ln c_i / d ln p_g of the points kept in slot 0 (into `first`, if `slots.0`) and slot 1 (into `second`,
  /// if `slots.1`) — the pressure slopes of ``sensitivities(into:includingTemperature:)`` with
  /// `includingTemperature: false`, the same bits. A sweep solves two points in turn and then both their
  /// slopes: the two LU factorisations and solves, chains of dependent divisions, run interleaved
  /// (``DenseLU/factor(_:_:_:_:)``). Each result is `false` if its slot was not asked for or its J is singular.
  package func keptPressureSlopes(_ first: inout Sensitivities, _ second: inout Sensitivities,
                                 slots: (Bool, Bool)) -> (Bool, Bool) {
    let G = model.gases.count, S = model.species.count, n = system.n
    let (okA, okB): (Bool, Bool)
    switch slots {
    case (true, true): (okA, okB) = DenseLU.factor(lu, UnsafeBufferPointer(kept[0]), secondLU, UnsafeBufferPointer(kept[1]))
    case (true, false): (okA, okB) = (lu.factor(UnsafeBufferPointer(kept[0])), false)
    case (false, true): (okA, okB) = (false, secondLU.factor(UnsafeBufferPointer(kept[1])))
    case (false, false): return (false, false)
    }
    // sized as by sensitivities(into:includingTemperature: false)
    if okA { sizeForPressureSlopes(&first); first.temperature.removeAll() }
    if okB { sizeForPressureSlopes(&second); second.temperature.removeAll() }
    for gi in 0..<G {
      pressureRightHandSide(gi, into: work)
      pressureRightHandSide(gi, into: secondWork)
      switch (okA, okB) {
      case (true, true):
        // as solveRefined on each: solve, residual, solve the correction, add (the same operations per lane)
        _ = rightHandSide.update(fromContentsOf: work)
        _ = secondRightHandSide.update(fromContentsOf: secondWork)
        DenseLU.solve(lu, work, secondLU, secondWork)
        DenseLU.residual(UnsafeBufferPointer(kept[0]), n, work, rightHandSide, into: residualWork)
        DenseLU.residual(UnsafeBufferPointer(kept[1]), n, secondWork, secondRightHandSide, into: secondResidualWork)
        DenseLU.solve(lu, residualWork, secondLU, secondResidualWork)
        for i in 0..<n { work[i] += residualWork[i]; secondWork[i] += secondResidualWork[i] }
        spread(work, into: &first.withRespectTo.values, at: gi * S)
        spread(secondWork, into: &second.withRespectTo.values, at: gi * S)
      case (true, false):
        solveRefined(work, kept[0])
        spread(work, into: &first.withRespectTo.values, at: gi * S)
      case (false, true):
        _ = secondRightHandSide.update(fromContentsOf: secondWork)
        secondLU.solve(secondWork)
        secondLU.refine(secondWork, matrix: UnsafeBufferPointer(kept[1]), rightHandSide: secondRightHandSide,
                        residual: secondResidualWork)
        spread(secondWork, into: &second.withRespectTo.values, at: gi * S)
      case (false, false):
        break
      }
    }
    return (okA, okB)
  }
}
