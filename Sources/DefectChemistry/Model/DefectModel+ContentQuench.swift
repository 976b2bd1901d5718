/// Quench by content: what a quench freezes is what the sample can no longer exchange with the gas.
///
/// Cooled fast, a sample keeps its oxygen content (and its water content), because exchanging them needs the
/// surface and long-range diffusion; and its cation distribution, because cations hardly move at all. Everything
/// local — association of dopants and vacancies, trapping, vacancy pairing, the electronic carriers, the
/// disproportionation of a redox cation — re-equilibrates at the measurement temperature. The quenched model is
/// this model with
/// - every reaction that exchanges a gas removed, and in its place
///   - every combination of those reactions that exchanges no gas (e.g. oxidation − reduction = the intrinsic
///     electronic equilibrium), kept as a reaction with the combined ΔH and ΔS, and
///   - one fixed total per element the gases exchange (O; H with water): Σ_i n_e,i c_i = its amount at the
///     anneal, over the free species that hold the element (host O_O^x included);
/// - everything else as it was: site balances, electroneutrality, dopant levels and totals (the cation
///   distribution of every model this engine holds: none has a reaction that moves a cation between
///   sublattices), interactions, transport data.
///
/// The number of equations is unchanged when the gases exchange independent element combinations (O2; O2 and
/// H2O), which ``quenchedByContent(at:)`` checks; the old behaviour — chosen species frozen one by one — is
/// ``quenched(freezing:at:)``.
extension DefectModel {
  /// The contents frozen by a content quench of this model at `concentrations`: (element, atoms per formula
  /// unit over all species, fixed ones included).
  public struct FrozenContent: Sendable, Equatable {
    public var element: String
    public var amount: Double
  }

  /// The model quenched at the state `concentrations` (a state of this model, per formula unit) with its
  /// gas-exchanged element contents frozen, and those contents. Throws if the model exchanges no gas or the
  /// result is not well posed.
  public func quenchedByContent(at concentrations: [Double]) throws(MaterialError) -> (model: DefectModel, contents: [FrozenContent]) {
    func fail(_ message: String) -> MaterialError { MaterialError(file: "--anneal", line: nil, message) }
    guard concentrations.count == species.count, concentrations.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
      throw fail("the anneal state does not belong to \(name)")
    }
    let exchanging = reactions.indices.filter { !reactions[$0].gases.isEmpty }
    guard !exchanging.isEmpty else {
      throw fail("\(name) exchanges nothing with a gas: a quench freezes nothing (name the species with --frozen)")
    }
    let G = gases.count
    // ν_gas: removed reaction × gas
    let nuGas = exchanging.map { r in
      var row = [Double](repeating: 0, count: G)
      for g in reactions[r].gases { row[g.index] += g.nu }
      return row
    }
    // combinations λ of the removed reactions with Σ_r λ_r ν_rg = 0 for every gas: the left null space of ν_gas
    let combinations = Self.nullSpace(of: transpose(nuGas, columns: G), columns: exchanging.count)
    var copy = self
    // its reactions and species differ: a fit's covariance (by parameter index) does not carry over
    copy.fitCovariance = nil
    copy.reactions = reactions.enumerated().filter { reactions[$0.offset].gases.isEmpty }.map(\.element)
    for lambda in combinations {
      var nu: [Int: Double] = [:]
      var enthalpy = 0.0, entropy = 0.0
      var parts: [String] = []
      for (k, r) in exchanging.enumerated() where lambda[k] != 0 {
        for t in reactions[r].species { nu[t.index, default: 0] += lambda[k] * t.nu }
        enthalpy += lambda[k] * reactions[r].enthalpy
        entropy += lambda[k] * reactions[r].entropy
        parts.append((lambda[k] < 0 ? "−" : parts.isEmpty ? "" : "+") + (abs(lambda[k]) == 1 ? "" : "\(abs(lambda[k]).formatted)·") + reactions[r].name)
      }
      let terms = nu.filter { abs($0.value) > 1e-12 }.sorted { $0.key < $1.key }.map { (index: $0.key, nu: $0.value) }
      guard !terms.isEmpty else { continue }  // the reactions repeat each other: nothing left to keep
      copy.reactions.append(Reaction(name: parts.joined(), equation: equationText(terms), species: terms, gases: [],
                                     enthalpy: enthalpy, entropy: entropy, line: nil))
    }
    // one total per independent element exchanged: the element rows of the removed reactions, Σ_g ν_rg n_e,g
    let elements = Set(gases.flatMap { $0.formula.atoms.keys }).sorted { ($0 == "O" ? 0 : 1, $0) < ($1 == "O" ? 0 : 1, $1) }
    var chosen: [(String, [Double])] = []
    for e in elements {
      let row = nuGas.map { r in zip(r, gases).reduce(0) { $0 + $1.0 * Double($1.1.formula.atoms[e] ?? 0) } }
      if Self.isIndependent(row, of: chosen.map(\.1)) { chosen.append((e, row)) }
    }
    let rank = G - Self.nullSpace(of: nuGas, columns: G).count  // rank of ν_gas
    guard chosen.count == rank else {
      throw fail("\(name): the gases (\(gases.map(\.description).joined(separator: ", "))) exchange \(chosen.count) independent element contents for \(rank) independent gas reactions, so freezing the contents does not fix the state; name the species to freeze with --frozen")
    }
    var contents: [FrozenContent] = []
    for (e, _) in chosen {
      var terms: [(index: Int, weight: Double)] = []
      var free = 0.0, total = 0.0
      for (i, s) in species.enumerated() {
        guard let n = s.label.formula.atoms[e] else { continue }
        total += Double(n) * concentrations[i]
        guard s.isFree else { continue }
        terms.append((i, Double(n)))
        free += Double(n) * concentrations[i]
      }
      guard !terms.isEmpty, free > 0 else {
        throw fail("\(name) holds no \(e) in a solved-for species: its content cannot be frozen (name the species with --frozen)")
      }
      copy.totals.append(FixedTotal(name: "\(e) content", terms: terms, value: free, line: nil))
      contents.append(FrozenContent(element: e, amount: total))
    }
    try copy.finishQuench(from: self, frozen: [], at: concentrations, names: "the \(contents.map(\.element).joined(separator: " and ")) content")
    return (copy, contents)
  }

  /// "2 V_O.. = (V_O V_O)...." for net coefficients (products positive).
  private func equationText(_ terms: [(index: Int, nu: Double)]) -> String {
    func side(_ t: [(index: Int, nu: Double)]) -> String {
      t.isEmpty ? "0" : t.map { (abs($0.nu) == 1 ? "" : "\(abs($0.nu).formatted) ") + species[$0.index].name }.joined(separator: " + ")
    }
    return side(terms.filter { $0.nu < 0 }) + " = " + side(terms.filter { $0.nu > 0 })
  }

  private func transpose(_ rows: [[Double]], columns: Int) -> [[Double]] {
    (0..<columns).map { j in rows.map { $0[j] } }
  }

  /// A basis of {x : M x = 0} for `m` (rows of length `columns`), by reduced row echelon form with partial
  /// pivoting; each basis vector is scaled so that its free variable is 1 and small rationals come out exact
  /// (the coefficients of reaction equations are integers and halves).
  static func nullSpace(of m: [[Double]], columns n: Int) -> [[Double]] {
    var a = m
    var pivots: [Int] = []
    var row = 0
    for col in 0..<n where row < a.count {
      guard let p = (row..<a.count).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }), abs(a[p][col]) > 1e-12 else { continue }
      a.swapAt(row, p)
      let d = a[row][col]
      for j in 0..<n { a[row][j] /= d }
      for r in a.indices where r != row && a[r][col] != 0 {
        let f = a[r][col]
        for j in 0..<n { a[r][j] -= f * a[row][j] }
      }
      pivots.append(col)
      row += 1
    }
    return (0..<n).filter { !pivots.contains($0) }.map { free in
      var x = [Double](repeating: 0, count: n)
      x[free] = 1
      for (r, col) in pivots.enumerated() { x[col] = -a[r][free] }
      return x.map { abs($0 * 2 - ($0 * 2).rounded()) < 1e-9 ? ($0 * 2).rounded() / 2 : $0 }
    }
  }

  /// Whether `v` is not a linear combination of `basis` (Gram–Schmidt residual above round-off).
  static func isIndependent(_ v: [Double], of basis: [[Double]]) -> Bool {
    var orthonormal: [[Double]] = []
    func residual(_ b: [Double]) -> [Double] {
      var u = b
      for q in orthonormal {
        let dot = zip(u, q).reduce(0) { $0 + $1.0 * $1.1 }
        for j in u.indices { u[j] -= dot * q[j] }
      }
      return u
    }
    func norm(_ u: [Double]) -> Double { u.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    for b in basis {
      let u = residual(b)
      if norm(u) > 1e-10 * norm(b) { orthonormal.append(u.map { $0 / norm(u) }) }
    }
    return norm(v) > 0 && norm(residual(v)) > 1e-10 * norm(v)
  }
}
