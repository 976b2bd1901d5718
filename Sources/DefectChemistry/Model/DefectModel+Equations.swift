extension DefectModel {
  /// The linear skeleton of the equilibrium equations, over the free species (the unknowns).
  ///
  /// With x_i = ln c_i for free species i:
  /// - mass action, one row per reaction r: Σ_i ν_ri x_i = ln K_r + Σ_i ν_ri ln N_ref,i − Σ_g ν_rg ln p_g
  /// - conservation, one row per constraint k: Σ_i A_ki c_i = b_k, for every sublattice holding a free
  ///   species (A = sites occupied), every fixed total (A = weights), and electroneutrality (A = z_i).
  public struct EquationStructure: Sendable {
    public enum Constraint: Sendable, Equatable, CustomStringConvertible {
      case sites(Int)
      case total(Int)
      case electroneutrality

      public var description: String {
        switch self {
        case .sites(let s): return "site balance \(s)"
        case .total(let t): return "total \(t)"
        case .electroneutrality: return "electroneutrality"
        }
      }
    }
    /// Species index of each unknown.
    public var free: [Int]
    /// Row-major R × n.
    public var massAction: [Double]
    public var constraints: [Constraint]
    /// Row-major m × n.
    public var conservation: [Double]

    public var unknownCount: Int { free.count }
    public var reactionCount: Int { free.isEmpty ? 0 : massAction.count / free.count }
  }

  /// Number of sites of sublattice `s` that species `i` occupies.
  public func occupancy(of i: Int, on s: Int) -> Double {
    Double(species[i].siteIndices.filter { $0 == s }.count)
  }

  public var equationStructure: EquationStructure {
    let free = species.indices.filter { species[$0].isFree }
    let n = free.count
    var column: [Int: Int] = [:]
    for (j, i) in free.enumerated() { column[i] = j }
    var mass = [Double](repeating: 0, count: reactions.count * n)
    for (r, reaction) in reactions.enumerated() {
      for term in reaction.species { if let j = column[term.index] { mass[r * n + j] += term.nu } }
    }
    var constraints: [EquationStructure.Constraint] = []
    var conservation: [Double] = []
    for s in sublattices.indices where free.contains(where: { species[$0].siteIndices.contains(s) }) {
      constraints.append(.sites(s))
      conservation += free.map { occupancy(of: $0, on: s) }
    }
    for (t, total) in totals.enumerated() {
      constraints.append(.total(t))
      var row = [Double](repeating: 0, count: n)
      for term in total.terms { if let j = column[term.index] { row[j] += term.weight } }
      conservation += row
    }
    constraints.append(.electroneutrality)
    conservation += free.map { Double(species[$0].charge) }
    return EquationStructure(free: free, massAction: mass, constraints: constraints, conservation: conservation)
  }

  /// Human-readable name of a constraint row.
  public func describe(_ c: EquationStructure.Constraint) -> String {
    switch c {
    case .sites(let s): return "site balance on \(sublattices[s].name)"
    case .total(let t): return "total '\(totals[t].name)'"
    case .electroneutrality: return "electroneutrality"
    }
  }
}
