/// The conservation identities of a state, A·c = b over the free species (site balances, fixed totals,
/// electroneutrality; ``DefectModel/EquationStructure``), used to write an element's content, δ and their
/// slopes without cancellation.
///
/// For any multipliers λ (one per row), Σ_i n_i c_i = Σ_free (n_i − (Aᵀλ)_i) c_i + λᵀb + Σ_fixed n_j v_j
/// exactly. Choosing λ so that the weight w_i = n_i − (Aᵀλ)_i vanishes on a basis B of the largest species
/// of the state (greedily, the largest first, skipping any whose column of A depends on those already
/// taken) leaves the content as a sum over the *minority* species plus terms in the levels (N_s, the totals'
/// values, the fixed levels) — and the same identity, differentiated in a direction in which the levels stay
/// put (ln p_g, T), gives dΣn_i c_i = Σ_minority w_i c_i s_i. The majority species (O_O^x, the dopant's
/// compensating vacancies, OH_O. of a hydrated perovskite …) never enter, so neither their nearly-equal
/// contents nor their tiny slopes cost digits: for gdc10 δ becomes ([Ce_Ce'] − [h.])/2, for a hydrated
/// bcy10 dc_O/d ln pO2 becomes −[V_O..]·s_V.
///
/// Immutable after `init`; its tables are raw buffers, and the per-state work goes into a ``MinorityForms``
/// (kept by a sweep's row writer), so that a row retains and allocates nothing.
final class ConservationIdentities: @unchecked Sendable {
  /// Free species (the columns of A) and rows.
  let n, m: Int
  /// Species index of each free species.
  private let free: UnsafeMutableBufferPointer<Int>
  /// A, row-major m × n.
  private let a: UnsafeMutableBufferPointer<Double>
  /// Per row: N_s (site rows) or 0; the total's value (total rows) or 0; and whether it is a total row.
  private let siteCount, totalValue: UnsafeMutableBufferPointer<Double>
  /// The fixed species (index, level) and their columns over the rows (occupancy on site rows, charge on
  /// electroneutrality, 0 on totals), row-major fixed × m.
  private let fixedCount: Int
  private let fixedSpecies: UnsafeMutableBufferPointer<Int>
  private let fixedLevel, fixedColumns: UnsafeMutableBufferPointer<Double>
  /// δ's element and oxygen: atoms per species (model order); δ's reference as coefficients of 1 (nominal),
  /// of each row's total value (per row: the `per` coefficient of that total, 0 elsewhere), and of each
  /// fixed level.
  let deltaAtoms, oxygenAtoms: UnsafeMutableBufferPointer<Double>
  let deltaNominal: Double
  private let deltaPerRow, deltaPerFixed: UnsafeMutableBufferPointer<Double>

  init(model: DefectModel) {
    // (allocated with room for at least one value: a buffer's `count` is then not its content's)
    func buffer<T>(_ values: [T]) -> UnsafeMutableBufferPointer<T> {
      let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(values.count, 1))
      _ = b.initialize(from: values)
      return b
    }
    let structure = model.equationStructure
    n = structure.free.count
    m = structure.constraints.count
    free = buffer(structure.free)
    a = buffer(structure.conservation)
    siteCount = buffer(structure.constraints.map { if case .sites(let s) = $0 { model.sublattices[s].sites } else { 0 } })
    totalValue = buffer(structure.constraints.map { if case .total(let t) = $0 { model.totals[t].value } else { 0 } })
    let ns = model.nonstoichiometry
    var perTotal = [Double](repeating: 0, count: model.totals.count)
    for t in ns?.perTotal ?? [] { perTotal[t.total] += t.coefficient }
    deltaPerRow = buffer(structure.constraints.map { if case .total(let t) = $0 { perTotal[t] } else { 0 } })
    var perFixed = [Double](repeating: 0, count: model.species.count)
    for t in ns?.perFixedLevel ?? [] { perFixed[t.species] += t.coefficient }
    var fixed: [Int] = [], levels: [Double] = [], columns: [Double] = []
    for (i, s) in model.species.enumerated() {
      guard case .fixed(let v) = s.role else { continue }
      fixed.append(i); levels.append(v)
      for c in structure.constraints {
        switch c {
        case .sites(let sub): columns.append(model.occupancy(of: i, on: sub))
        case .total: columns.append(0)
        case .electroneutrality: columns.append(Double(s.charge))
        }
      }
    }
    fixedCount = fixed.count
    fixedSpecies = buffer(fixed); fixedLevel = buffer(levels); fixedColumns = buffer(columns)
    deltaPerFixed = buffer(fixed.map { perFixed[$0] })
    deltaAtoms = buffer(model.species.map { s in ns.map { Double(s.label.formula.atoms[$0.element] ?? 0) } ?? 0 })
    oxygenAtoms = buffer(model.species.map { Double($0.label.formula.atoms["O"] ?? 0) })
    deltaNominal = ns?.nominal ?? 0
  }

  deinit {
    free.deallocate(); a.deallocate(); siteCount.deallocate(); totalValue.deallocate()
    fixedSpecies.deallocate(); fixedLevel.deallocate(); fixedColumns.deallocate()
    deltaAtoms.deallocate(); oxygenAtoms.deallocate(); deltaPerRow.deallocate(); deltaPerFixed.deallocate()
  }

  /// reference − Σ_i n_i c_i for δ's element (the deficit; `c` in model order): the level terms and
  /// −Σ_minority w_i c_i, with `forms` brought up to date for `c`.
  @inline(__always)
  func deficit(_ c: UnsafePointer<Double>, _ forms: MinorityForms) -> Double {
    update(forms, c)
    var sum = forms.deltaLevels
    for t in 0..<forms.deltaTermCount { sum -= forms.deltaTermWeight[t] * c[forms.deltaTermSpecies[t]] }
    return sum
  }

  /// Σ_i n_i c_i s_i (the element's content changing along slopes s = d ln c/dθ, model order) as
  /// Σ_minority w_i c_i s_i: `oxygen` true for oxygen, false for δ's element.
  @inline(__always)
  func contentDerivative(oxygen: Bool, _ c: UnsafePointer<Double>, _ s: UnsafePointer<Double>,
                         _ forms: MinorityForms) -> Double {
    update(forms, c)
    let (count, species, weight) = oxygen ? (forms.oxygenTermCount, forms.oxygenTermSpecies, forms.oxygenTermWeight)
                                          : (forms.deltaTermCount, forms.deltaTermSpecies, forms.deltaTermWeight)
    var sum = 0.0
    for t in 0..<count {
      let i = species[t]
      sum += weight[t] * c[i] * s[i]
    }
    return sum
  }

  /// `forms` for the state `c`: kept if its basis is still the greedy one — every minority species smaller
  /// than each basis species its column depends on (the cycle property, which under a strict order singles
  /// out the greedy basis; a tie recomputes) — else recomputed. The same basis gives the same bits either way.
  @inline(__always)
  func update(_ forms: MinorityForms, _ c: UnsafePointer<Double>) {
    if forms.valid && forms.owner == ObjectIdentifier(self) {
      var still = true
      for p in 0..<forms.pairCount where !(c[forms.pairLarger[p]] > c[forms.pairSmaller[p]]) { still = false; break }
      if still { return }
    }
    recompute(forms, c)
  }

  private func recompute(_ f: MinorityForms, _ c: UnsafePointer<Double>) {
    let n = self.n, m = self.m
    let u = f.u, mu = f.mu, pivotRow = f.pivotRow, basis = f.basis
    for j in 0..<n { f.inBasis[j] = false; f.tried[j] = false }
    let rank = chooseBasis(c, u: u, mu: mu, pivotRow: pivotRow, basis: basis, inBasis: f.inBasis, tried: f.tried)
    f.rank = rank
    // λ on the pivot rows for each element: λᵀu_t = g_t = n_{b_t} − Σ_{s<t} μ_ts g_s (u_t is 0 on the
    // earlier pivot rows), then the weights w_j = n_j − (Aᵀλ)_j of the species outside the basis
    func weights(_ atoms: UnsafeMutableBufferPointer<Double>, into w: UnsafeMutablePointer<Double>) {
      let lambda = f.lambda, g = f.g
      for k in 0..<m { lambda[k] = 0 }
      for t in 0..<rank {
        var v = atoms[free[basis[t]]]
        for s in 0..<t { v -= mu[t &* m &+ s] * g[s] }
        g[t] = v
      }
      var t = rank &- 1
      while t >= 0 {
        var v = g[t]
        var s = t &+ 1
        while s < rank { v -= lambda[pivotRow[s]] * u[t &* m &+ pivotRow[s]]; s &+= 1 }
        lambda[pivotRow[t]] = v / u[t &* m &+ pivotRow[t]]
        t &-= 1
      }
      for j in 0..<n {
        guard !f.inBasis[j] else { w[j] = 0; continue }
        var v = atoms[free[j]]
        for k in 0..<m { v -= lambda[k] * a[k &* n &+ j] }
        w[j] = v
      }
    }
    weights(oxygenAtoms, into: f.oxygenWeight)
    weights(deltaAtoms, into: f.deltaWeight)  // last: f.lambda is then δ's, for the level terms
    f.deltaLevels = levelTerms(atoms: UnsafePointer(deltaAtoms.baseAddress!), lambda: f.lambda)
    // circuits: the column of each species outside the basis on the basis columns, A_j = Σ_t x_t A_{b_t}
    // (reduced as in chooseBasis to Σ_s F_s u_s, then u_s = A_{b_s} − Σ_{r<s} μ_sr u_r unwound from the last)
    let row = f.g
    for j in 0..<n {
      let x = f.circuit + j &* m
      for t in 0..<m { x[t] = 0 }
      guard !f.inBasis[j] else { continue }
      for k in 0..<m { row[k] = a[k &* n &+ j] }
      for s in 0..<rank {
        let p = pivotRow[s]
        let factor = row[p] / u[s &* m &+ p]
        x[s] = factor
        if factor != 0 { for k in 0..<m { row[k] -= factor * u[s &* m &+ k] } }
      }
      var s = rank &- 1
      while s >= 0 {
        if x[s] != 0 { for r in 0..<s { x[r] -= x[s] * mu[s &* m &+ r] } }
        s &-= 1
      }
      for t in 0..<rank where abs(x[t]) <= 1e-10 { x[t] = 0 }
    }
    // the compact forms read per state: (species, weight) of the nonzero weights, and the pairs
    // (minority species, basis species its circuit holds) whose order keeps the basis
    func terms(_ w: UnsafeMutablePointer<Double>, _ species: UnsafeMutablePointer<Int>,
               _ weight: UnsafeMutablePointer<Double>) -> Int {
      var count = 0
      for j in 0..<n where w[j] != 0 { species[count] = free[j]; weight[count] = w[j]; count &+= 1 }
      return count
    }
    f.deltaTermCount = terms(f.deltaWeight, f.deltaTermSpecies, f.deltaTermWeight)
    f.oxygenTermCount = terms(f.oxygenWeight, f.oxygenTermSpecies, f.oxygenTermWeight)
    var pairs = 0
    for j in 0..<n where !f.inBasis[j] {
      for t in 0..<rank where f.circuit[j &* m &+ t] != 0 {
        f.pairSmaller[pairs] = free[j]; f.pairLarger[pairs] = free[basis[t]]; pairs &+= 1
      }
    }
    f.pairCount = pairs
    f.valid = true
    f.owner = ObjectIdentifier(self)
  }

  /// The terms of reference − content that are not species: (nominal − Σ_sites λ_s N_s)
  /// + Σ_t (k_t − λ_t)·T_t + Σ_fixed (k_j − n_j + Σ_k λ_k F_jk)·v_j, each coefficient a difference of
  /// small rationals that is set to 0 where it vanishes to rounding (≤ 1e-12 of its terms).
  private func levelTerms(atoms: UnsafePointer<Double>, lambda: UnsafePointer<Double>) -> Double {
    @inline(__always) func snapped(_ plus: Double, _ minus: Double, scale: Double) -> Double {
      let d = plus - minus
      return abs(d) <= 1e-12 * scale ? 0 : d
    }
    var constant = 0.0, constantScale = abs(deltaNominal)
    for k in 0..<m {
      let v = lambda[k] * siteCount[k]
      constant += v; constantScale += abs(v)
    }
    var sum = snapped(deltaNominal, constant, scale: constantScale)
    for k in 0..<m where totalValue[k] != 0 {
      sum += snapped(deltaPerRow[k], lambda[k], scale: abs(deltaPerRow[k]) + abs(lambda[k])) * totalValue[k]
    }
    for f in 0..<fixedCount {
      var plus = deltaPerFixed[f], scale = abs(deltaPerFixed[f]) + abs(atoms[fixedSpecies[f]])
      for k in 0..<m {
        let v = lambda[k] * fixedColumns[f &* m &+ k]
        plus += v; scale += abs(v)
      }
      sum += snapped(plus, atoms[fixedSpecies[f]], scale: scale) * fixedLevel[f]
    }
    return sum
  }


  /// Greedy basis: free species by decreasing concentration, each kept if its column of A, reduced by those
  /// already kept (u_t = A_·b_t − Σ_{s<t} μ_ts u_s, 0 on the earlier pivot rows), keeps an entry above 1e-10
  /// of its size on a row that is not yet a pivot (which becomes its pivot). Returns the rank (≤ m).
  private func chooseBasis(_ c: UnsafePointer<Double>, u: UnsafeMutablePointer<Double>, mu: UnsafeMutablePointer<Double>,
                           pivotRow: UnsafeMutablePointer<Int>, basis: UnsafeMutablePointer<Int>,
                           inBasis: UnsafeMutablePointer<Bool>, tried: UnsafeMutablePointer<Bool>) -> Int {
    let n = self.n, m = self.m
    var rank = 0, triedCount = 0
    while rank < m && triedCount < n {
      var best = -1, largest = -Double.infinity
      for j in 0..<n where !tried[j] {
        let v = c[free[j]]
        if v > largest { largest = v; best = j }
      }
      guard best >= 0 else { break }
      tried[best] = true
      triedCount &+= 1
      let row = u + rank &* m
      var size = 0.0
      for k in 0..<m { row[k] = a[k &* n &+ best]; size = max(size, abs(row[k])) }
      guard size > 0 else { continue }
      for s in 0..<rank {
        let p = pivotRow[s]
        let f = row[p] / u[s &* m &+ p]
        mu[rank &* m &+ s] = f
        if f != 0 { for k in 0..<m { row[k] -= f * u[s &* m &+ k] } }
        row[p] = 0
      }
      var p = -1, big = 1e-10 * size
      for k in 0..<m where abs(row[k]) > big {
        var isPivot = false
        for s in 0..<rank where pivotRow[s] == k { isPivot = true }
        if !isPivot { big = abs(row[k]); p = k }
      }
      guard p >= 0 else { continue }
      pivotRow[rank] = p
      basis[rank] = best
      inBasis[best] = true
      rank &+= 1
    }
    return rank
  }
}

/// The minority forms of one state (``ConservationIdentities``): the basis, the weights of the species
/// outside it for δ's element and for oxygen, δ's level terms, and each outside species' circuit (its
/// column of A on the basis columns) to tell whether the next state keeps the basis. Mutable scratch of
/// one thread: a sweep's row writer keeps one in its ``RowScratch``, so that the states of a line share
/// one elimination while their order of concentrations stays the same.
final class MinorityForms {
  let n, m: Int
  var valid = false
  /// The identities the forms were computed for (their level terms hold that model's levels).
  var owner: ObjectIdentifier?
  var rank = 0
  var deltaLevels = 0.0
  /// Per free species (n): in the basis, tried by the greedy pass, weights; circuits n × m.
  let inBasis, tried: UnsafeMutablePointer<Bool>
  let deltaWeight, oxygenWeight, circuit: UnsafeMutablePointer<Double>
  /// Per state, compact: δ's and oxygen's nonzero weights (species index in model order, weight), and the
  /// pairs (minority species, basis species) of the circuits, c_larger > c_smaller keeping the basis.
  var deltaTermCount = 0, oxygenTermCount = 0, pairCount = 0
  let deltaTermSpecies, oxygenTermSpecies, pairSmaller, pairLarger: UnsafeMutablePointer<Int>
  let deltaTermWeight, oxygenTermWeight: UnsafeMutablePointer<Double>
  /// Elimination scratch: u, μ (m × m), λ, g (m), pivot rows and basis positions (m).
  let u, mu, lambda, g: UnsafeMutablePointer<Double>
  let pivotRow, basis: UnsafeMutablePointer<Int>

  convenience init(_ identities: ConservationIdentities) { self.init(n: identities.n, m: identities.m) }

  /// All buffers in one allocation (a fresh forms per call is the path of the one-off callers).
  private let storage: UnsafeMutableRawPointer

  init(n: Int, m: Int) {
    self.n = n
    self.m = m
    let n1 = max(n, 1), m1 = max(m, 1)
    let doubles = 4 * n1 + n1 * m1 + 2 * m1 * m1 + 2 * m1
    let ints = 2 * m1 + 2 * n1 + 2 * n1 * m1
    let bools = 2 * n1
    storage = .allocate(byteCount: 8 * (doubles + ints) + bools, alignment: 8)
    var d = storage.bindMemory(to: Double.self, capacity: doubles)
    func nextDoubles(_ k: Int) -> UnsafeMutablePointer<Double> { defer { d += k }; return d }
    deltaWeight = nextDoubles(n1); oxygenWeight = nextDoubles(n1); deltaTermWeight = nextDoubles(n1)
    oxygenTermWeight = nextDoubles(n1)
    circuit = nextDoubles(n1 * m1); u = nextDoubles(m1 * m1); mu = nextDoubles(m1 * m1); lambda = nextDoubles(m1)
    g = nextDoubles(m1)
    var i = (storage + 8 * doubles).bindMemory(to: Int.self, capacity: ints)
    func nextInts(_ k: Int) -> UnsafeMutablePointer<Int> { defer { i += k }; return i }
    pivotRow = nextInts(m1); basis = nextInts(m1); deltaTermSpecies = nextInts(n1); oxygenTermSpecies = nextInts(n1)
    pairSmaller = nextInts(n1 * m1); pairLarger = nextInts(n1 * m1)
    let b = (storage + 8 * (doubles + ints)).bindMemory(to: Bool.self, capacity: bools)
    inBasis = b; tried = b + n1
  }

  deinit { storage.deallocate() }
}
