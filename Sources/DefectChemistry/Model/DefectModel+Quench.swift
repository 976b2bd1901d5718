/// Anneal-and-quench as a model transformation: frozen species become fixed levels.
///
/// After a quench the frozen species keep the amounts they had at the anneal; everything else
/// re-equilibrates at the measurement conditions. The quenched model is this model with
/// - each frozen species' role set to `.fixed(c_anneal)`;
/// - every reaction that involves a frozen species removed (it would change a frozen amount);
/// - every fixed total that spans frozen species reduced by their frozen amounts (a total left with
///   no free species is removed: it holds by construction);
/// and every other field — sublattices, remaining reactions, gases, δ reference, transport data,
/// and whatever the engine adds to the model later — carried over unchanged. Site balances and
/// electroneutrality stay: the electronic carriers re-equilibrate against the frozen ionic charge.
extension DefectModel {
  /// The free ionic defects (what a quench froze one by one before quenching by content became the default;
  /// name them in `--frozen` for that behaviour): every free ionic defect — vacancies, interstitials, protons,
  /// associates and free dopant forms — i.e. free species that are neither regular host occupants
  /// (`O_O^x`, filled by the site balance), band carriers (`e'`, `h.`), small polarons (`Ce_Ce'`,
  /// `Fe_Fe.`), nor declared electronic carriers.
  public var ionicDefectSpecies: [Int] {
    species.indices.filter { i in
      let s = species[i]
      return s.isFree && !s.isHost && !s.label.isRegular && !s.label.isBandCarrier && !s.label.isPolaron
        && s.carrier != .electronic
    }
  }

  /// The quenched model with species `frozen` fixed at their amounts in `concentrations` (a state of
  /// this model, per formula unit). Throws, naming the frozen species, if they are not free species
  /// or if the derived system is not well posed (e.g. nothing charged is left to re-equilibrate).
  public func quenched(freezing frozen: [Int], at concentrations: [Double]) throws(MaterialError) -> DefectModel {
    let names = frozen.map { species[$0].name }.joined(separator: ", ")
    func fail(_ message: String) -> MaterialError { MaterialError(file: "--anneal", line: nil, message) }
    guard !frozen.isEmpty else { throw fail("no species to freeze in \(name)") }
    guard concentrations.count == species.count else { throw fail("the anneal state does not belong to \(name)") }
    for i in frozen {
      guard species[i].isFree else { throw fail("\(species[i].name) is already a fixed level in \(name): only solved-for species can be frozen") }
      guard concentrations[i].isFinite, concentrations[i] >= 0 else { throw fail("the anneal state has no finite amount of \(species[i].name)") }
    }
    let isFrozen = Set(frozen)
    var copy = self
    // its reactions and species differ: a fit's covariance (by parameter index) does not carry over
    copy.fitCovariance = nil
    for i in frozen { copy.species[i].role = .fixed(concentrations[i]) }
    copy.reactions = reactions.filter { r in !r.species.contains { isFrozen.contains($0.index) } }
    try copy.finishQuench(from: self, frozen: isFrozen, at: concentrations, names: names)
    return copy
  }

  /// The parts of a quench that do not depend on what is frozen: fixed totals reduced by their frozen
  /// species (a total left with none is dropped), δ's reference kept as annealed, and the result validated.
  mutating func finishQuench(from original: DefectModel, frozen isFrozen: Set<Int>, at concentrations: [Double],
                                     names: String) throws(MaterialError) {
    func fail(_ message: String) -> MaterialError { MaterialError(file: "--anneal", line: nil, message) }
    var kept: [FixedTotal] = []
    for total in totals {
      var t = total
      t.terms = total.terms.filter { !isFrozen.contains($0.index) }
      guard !t.terms.isEmpty else { continue }
      let frozenPart = total.terms.filter { isFrozen.contains($0.index) }.reduce(0) { $0 + $1.weight * concentrations[$1.index] }
      t.value = total.value - frozenPart
      guard t.value > 0 else {
        throw fail("freezing \(names) leaves nothing of total '\(total.name)' for its free species")
      }
      kept.append(t)
    }
    totals = kept
    // δ keeps the anneal model's reference content (its `per` terms may name totals just reduced or removed)
    if let reference = original.nonstoichiometryReference, var ns = original.nonstoichiometry {
      ns.nominal = reference
      ns.perFixedLevel = []
      ns.perTotal = []
      nonstoichiometry = ns
    }
    do { try validate() } catch {
      throw fail("freezing \(names) of \(name) does not leave a well-posed system to re-equilibrate: \(error.message)")
    }
  }
}

