/// An anneal-and-quench history: equilibrate at the anneal conditions, then freeze what a fast cool freezes.
///
/// ``quench(_:)`` solves `model` at ``anneal`` and returns the quenched model, so that solving it at any
/// measurement T, pO2 gives the frozen-in state. By default (``frozen`` nil) the sample keeps its oxygen and
/// water contents (``DefectModel/quenchedByContent(at:)``): association, trapping, pairing and the electronic
/// carriers re-equilibrate at the measurement T. Named species (``frozen``) are instead frozen one by one at
/// their annealed amounts (``DefectModel/quenched(freezing:at:)``), the other species re-equilibrating
/// with them.
public struct AnnealQuench: Sendable {
  /// Where the sample was equilibrated before the quench.
  public var anneal: Conditions
  /// Labels of the species to freeze (any accepted Kröger–Vink spelling); `nil`: the element contents the
  /// gases exchange (O, and H with water).
  public var frozen: [String]?

  public init(anneal: Conditions, frozen: [String]? = nil) {
    self.anneal = anneal
    self.frozen = frozen
  }

  /// The quenched model, the annealed state it came from, and the frozen species with their amounts.
  public struct Outcome: Sendable {
    public var model: DefectModel
    public var annealState: EquilibriumState
    /// (species index, frozen amount per formula unit), in model order: the species named in ``frozen``.
    public var frozen: [(index: Int, amount: Double)]
    /// The element contents frozen by default (atoms per formula unit); empty when species were named.
    public var contents: [DefectModel.FrozenContent] = []
  }

  /// Solves `model` at the anneal conditions and freezes the chosen species there. Throws a
  /// ``MaterialError`` (file `--anneal` / `--frozen`) for an unknown or fixed species, an anneal that
  /// does not converge, or a quenched system that is not well posed.
  public func quench(_ model: DefectModel) throws(MaterialError) -> Outcome {
    var indices: [Int] = []
    if let frozen {
      for label in frozen {
        guard let i = model.speciesIndex(label) else {
          throw MaterialError(file: "--frozen", line: nil, "\(model.name) has no species '\(label)' (species: \(model.species.map(\.name).joined(separator: ", ")))")
        }
        guard model.species[i].isFree else {
          throw MaterialError(file: "--frozen", line: nil, "\(model.species[i].name) is a fixed level in \(model.name), not solved for: it needs no freezing")
        }
        if !indices.contains(i) { indices.append(i) }
      }
      indices.sort()
    }
    let solver = EquilibriumSolver(model: model)
    let state: EquilibriumState
    do { state = try solver.solve(anneal) } catch {
      throw MaterialError(file: "--anneal", line: nil, error.description)
    }
    guard state.converged else {
      throw MaterialError(file: "--anneal", line: nil, "the equilibrium at the anneal conditions did not converge (residual \(state.residual))")
    }
    guard frozen != nil else {
      let (quenched, contents) = try model.quenchedByContent(at: state.concentrations)
      return Outcome(model: quenched, annealState: state, frozen: [], contents: contents)
    }
    let quenched = try model.quenched(freezing: indices, at: state.concentrations)
    return Outcome(model: quenched, annealState: state, frozen: indices.map { ($0, state.concentrations[$0]) })
  }
}
