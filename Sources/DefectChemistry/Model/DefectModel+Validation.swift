import GSL

extension DefectModel {
  func error(_ line: Int?, _ message: String) -> MaterialError {
    MaterialError(file: file, line: line, message)
  }

  /// Checks that the model is physically consistent and well posed; throws the first problem found.
  ///
  /// - every sublattice is filled: free species can take up what fixed species leave;
  /// - every reaction balances charge, sites on each sublattice and atoms of each element, and
  ///   involves no fixed species (a fixed level is a constraint, not a reactant: use a total);
  /// - every reaction conserves every fixed total;
  /// - reactions are independent, constraints are independent, and together they give exactly
  ///   as many equations as free species.
  package func validate() throws(MaterialError) {
    guard !species.isEmpty else { throw error(nil, "no species declared") }  // the loader refuses this with a line
    for (s, sub) in sublattices.enumerated() {
      let on = species.indices.filter { species[$0].siteIndices.contains(s) }
      guard !on.isEmpty else {  // the loader refuses this with the sublattice's line
        throw error(nil, "sublattice \(sub.name) has no species: declare its regular occupant (e.g. \(sub.name)_\(sub.name)^x)")
      }
      var fixedSites = 0.0
      for i in on { if case .fixed(let c) = species[i].role { fixedSites += c * occupancy(of: i, on: s) } }
      if on.allSatisfy({ !species[$0].isFree }) {
        guard abs(fixedSites - sub.sites) <= 1e-12 * sub.sites else {
          throw error(species[on[0]].line, "sublattice \(sub.name) has only fixed species, filling \(fixedSites.formatted) of its \(sub.sites.formatted) sites: add a free species (its regular occupant) to fill the rest")
        }
      } else if fixedSites >= sub.sites {
        throw error(species[on[0]].line, "fixed species fill \(fixedSites.formatted) of the \(sub.sites.formatted) sites of sublattice \(sub.name): nothing is left for the free species")
      }
    }
    for reaction in reactions { try checkBalance(reaction) }
    for total in totals {
      for term in total.terms where !species[term.index].isFree {
        throw error(total.line, "total '\(total.name)' includes the fixed species \(species[term.index].name); a total spans free species only")
      }
      // A total whose every species sits on sublattice s needs room there: Σ occ_i c_i ≥ min(occ_i/w_i)·T must
      // stay below the sites that fixed species leave (else the regular occupant would have to vanish).
      for (s, sub) in sublattices.enumerated() where total.terms.allSatisfy({ occupancy(of: $0.index, on: s) > 0 && $0.weight > 0 }) {
        var fixedSites = 0.0
        for (i, sp) in species.enumerated() { if case .fixed(let v) = sp.role { fixedSites += v * occupancy(of: i, on: s) } }
        let ratio = total.terms.map { occupancy(of: $0.index, on: s) / $0.weight }.min() ?? 1
        if !(ratio * total.value < sub.sites - fixedSites) {
          throw error(total.line, "total '\(total.name)' = \(total.value.formatted) needs at least \((ratio * total.value).formatted) of the \((sub.sites - fixedSites).formatted) free sites of sublattice \(sub.name): nothing would be left for its other occupants")
        }
      }
      for reaction in reactions {
        var change = 0.0
        for t in total.terms { for s in reaction.species where s.index == t.index { change += s.nu * t.weight } }
        if abs(change) > 1e-12 {
          throw error(reaction.line, "reaction '\(reaction.name)' changes total '\(total.name)' by \(change.formatted): a fixed total must be conserved by every reaction")
        }
      }
    }
    try checkWellPosed()
  }

  func checkBalance(_ r: Reaction) throws(MaterialError) {
    for term in r.species where !species[term.index].isFree {
      throw error(r.line, "reaction '\(r.name)' involves \(species[term.index].name), which is fixed; fix the sum of its forms with a total (totals:) instead, or make it free")
    }
    var charge = 0.0
    for t in r.species { charge += t.nu * Double(species[t.index].charge) }
    if abs(charge) > 1e-12 {
      throw error(r.line, "reaction '\(r.name)' is not charge-balanced: \(MessageText.quoted(r.equation)) changes the effective charge by \(signed(charge))")
    }
    for (s, sub) in sublattices.enumerated() {
      var sites = 0.0
      for t in r.species { sites += t.nu * occupancy(of: t.index, on: s) }
      if abs(sites) > 1e-12 {
        throw error(r.line, "reaction '\(r.name)' does not conserve \(sub.name) sites: \(MessageText.quoted(r.equation)) changes their number by \(signed(sites)) (add the regular occupant, e.g. \(sub.name)_\(sub.name)^x, to balance)")
      }
    }
    var atoms: [String: Double] = [:]
    for t in r.species { for (el, k) in species[t.index].label.formula.atoms { atoms[el, default: 0] += t.nu * Double(k) } }
    for g in r.gases { for (el, k) in gases[g.index].formula.atoms { atoms[el, default: 0] += g.nu * Double(k) } }
    for (el, net) in atoms.sorted(by: { $0.key < $1.key }) where abs(net) > 1e-12 {
      throw error(r.line, "reaction '\(r.name)' is not balanced in \(el): \(MessageText.quoted(r.equation)) changes the number of \(el) atoms by \(signed(net))")
    }
  }

  private func signed(_ x: Double) -> String { x > 0 ? "+\(x.formatted)" : x.formatted }

  private func checkWellPosed() throws(MaterialError) {
    let eq = equationStructure
    let n = eq.unknownCount
    let names = eq.free.map { species[$0].name }
    guard n > 0 else { throw error(species.first?.line, "every species is fixed: there is nothing to solve for") }
    let r = reactions.count
    let m = eq.constraints.count
    if r > 0, let svd = try? SingularValueDecomposition(rows: n, columns: r, transpose(eq.massAction, rows: r, columns: n)),
       svd.rank() < r
    {
      let dependent = involved(svd.nullSpace()).map { reactions[$0].name }
      throw error(reactions[dependent.isEmpty ? 0 : reactions.firstIndex { $0.name == dependent[0] }!].line,
                  "reactions \(dependent.joined(separator: ", ")) are linearly dependent: one is a combination of the others; remove one")
    }
    if let svd = try? SingularValueDecomposition(rows: n, columns: m, transpose(eq.conservation, rows: m, columns: n)),
       svd.rank() < m
    {
      let dependent = involved(svd.nullSpace()).map { describe(eq.constraints[$0]) }
      let hint = eq.constraints.last.map { _ in
        eq.free.allSatisfy({ species[$0].charge == 0 }) ? " (no free species carries a charge, so nothing can compensate the fixed charges)" : ""
      } ?? ""
      let at = eq.free.compactMap { species[$0].line }.first
      throw error(totals.first?.line ?? at, (dependent.count == 1 ? "the balance \(dependent[0]) is not independent" : "the balances \(dependent.joined(separator: ", ")) are not independent") + hint)
    }
    if r + m < n {
      let stacked = eq.massAction + eq.conservation
      let null = (try? SingularValueDecomposition(rows: r + m, columns: n, stacked))?.nullSpace() ?? []
      let looseIndices = involved(null)
      let loose = looseIndices.map { names[$0] }
      let at = looseIndices.first.flatMap { species[eq.free[$0]].line } ?? species.first?.line
      throw error(at, "the system is under-determined: \(n) free species but only \(r) reactions + \(m) balances = \(r + m) equations; not fixed by any equation: \(loose.joined(separator: ", ")) — add a reaction that forms them, or make one fixed")
    }
    if r + m > n {
      throw error(reactions.last?.line, "the system is over-determined: \(r) reactions + \(m) balances (\(eq.constraints.map(describe).joined(separator: ", "))) = \(r + m) equations for \(n) free species (\(names.joined(separator: ", "))) — remove a reaction or declare another free species")
    }
  }

  private func transpose(_ a: [Double], rows: Int, columns: Int) -> [Double] {
    var t = [Double](repeating: 0, count: a.count)
    for i in 0..<rows { for j in 0..<columns { t[j * rows + i] = a[i * columns + j] } }
    return t
  }

  /// Indices with a non-negligible component in any of the null vectors.
  private func involved(_ vectors: [[Double]]) -> [Int] {
    guard let len = vectors.first?.count else { return [] }
    return (0..<len).filter { j in vectors.contains { abs($0[j]) > 1e-8 } }
  }
}
