/// An anneal-and-quench history: equilibrate at the anneal conditions, then freeze chosen species.
///
/// ``quench(_:)`` solves `model` at ``anneal`` and returns ``DefectModel/quenched(freezing:at:)`` of
/// it, so that solving the result at any measurement T, pO2 gives the frozen-in state: frozen
/// amounts as annealed, the other species (electronic carriers, polarons, host occupants) in
/// equilibrium with them at the measurement conditions.
public struct AnnealQuench: Sendable {
  /// Where the sample was equilibrated before the quench.
  public var anneal: Conditions
  /// Labels of the species to freeze (any accepted Kröger–Vink spelling); `nil`: every ionic defect
  /// (``DefectModel/defaultFrozenSpecies``).
  public var frozen: [String]?

  public init(anneal: Conditions, frozen: [String]? = nil) {
    self.anneal = anneal
    self.frozen = frozen
  }

  /// The quenched model, the annealed state it came from, and the frozen species with their amounts.
  public struct Outcome: Sendable {
    public var model: DefectModel
    public var annealState: EquilibriumState
    /// (species index, frozen amount per formula unit), in model order.
    public var frozen: [(index: Int, amount: Double)]
  }

  /// Solves `model` at the anneal conditions and freezes the chosen species there. Throws a
  /// ``MaterialError`` (file `--anneal` / `--frozen`) for an unknown or fixed species, an anneal that
  /// does not converge, or a quenched system that is not well posed.
  public func quench(_ model: DefectModel) throws(MaterialError) -> Outcome {
    let indices: [Int]
    if let frozen {
      var chosen: [Int] = []
      for label in frozen {
        guard let i = model.speciesIndex(label) else {
          throw MaterialError(file: "--frozen", line: nil, "\(model.name) has no species '\(label)' (species: \(model.species.map(\.name).joined(separator: ", ")))")
        }
        guard model.species[i].isFree else {
          throw MaterialError(file: "--frozen", line: nil, "\(model.species[i].name) is a fixed level in \(model.name), not solved for: it needs no freezing")
        }
        if !chosen.contains(i) { chosen.append(i) }
      }
      indices = chosen.sorted()
    } else {
      indices = model.defaultFrozenSpecies
      guard !indices.isEmpty else {
        throw MaterialError(file: "--anneal", line: nil, "\(model.name) has no free ionic defect to freeze; name the species with --frozen")
      }
    }
    let solver = EquilibriumSolver(model: model)
    let state: EquilibriumState
    do { state = try solver.solve(anneal) } catch {
      throw MaterialError(file: "--anneal", line: nil, error.description)
    }
    guard state.converged else {
      throw MaterialError(file: "--anneal", line: nil, "the equilibrium at the anneal conditions did not converge (residual \(state.residual))")
    }
    let quenched = try model.quenched(freezing: indices, at: state.concentrations)
    return Outcome(model: quenched, annealState: state, frozen: indices.map { ($0, state.concentrations[$0]) })
  }
}
