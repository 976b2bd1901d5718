import Yams

extension DefectModel {
  /// Reads the optional `interactions:` list: linear excess terms of the activities,
  ///
  ///     ln a_i = ln a_i(ideal) + W_ij·c_j/(k_B T)
  ///
  /// one entry per ordered pair (`species` i, `partner` j), W in any energy unit the files accept;
  /// `symmetric: true` also adds the mirror term W_ji = W_ij. Each entry may be named (`name:`, default
  /// `w1`, `w2`, …) so that `--set NAME.W=…` and `brouwer fit` can change it.
  mutating func addInteractions(_ node: Node, _ reader: YAMLReader) throws(MaterialError) {
    for (k, entry) in try reader.sequence(node, "interactions").enumerated() {
      let m = try reader.mapping(entry, "an interaction",
                                 allowed: ["name", "species", "partner", "W", "symmetric", "source", "note"])
      guard let iNode = m["species"], let jNode = m["partner"], let wNode = m["W"] else {
        throw reader.error(entry, "an interaction needs 'species', 'partner' and 'W' (e.g. {species: \"V_O..\", partner: \"V_O..\", W: \"0.3 eV\"})")
      }
      let name = try m["name"].map { n throws(MaterialError) in try reader.string(n, "name") } ?? "w\(k + 1)"
      if interactions.contains(where: { $0.name == name }) || name.contains(".") || name.hasSuffix("_mirror") {
        throw reader.error(m["name"] ?? entry, name.contains(".") ? "interaction name '\(name)' must not contain '.'"
          : name.hasSuffix("_mirror") ? "interaction name '\(name)' must not end in '_mirror' (reserved for the mirror term of a symmetric pair)"
          : "interaction name '\(name)' is used twice")
      }
      let i = try interactionSpecies(iNode, reader, role: "species")
      let j = try interactionSpecies(jNode, reader, role: "partner")
      guard species[i].isFree else {
        throw reader.error(iNode, "\(species[i].name) is fixed: its activity enters no equation, so an interaction on it has no effect (make it the partner instead)")
      }
      let w = try reader.quantity(wNode, "W", .energy)
      guard w.isFinite, abs(w) <= 100 else { throw reader.error(wNode, "W must be a finite energy of at most 100 eV in magnitude") }
      let line = reader.line(entry)
      interactions.append(Interaction(name: name, species: i, partner: j, energy: w, line: line))
      if try m["symmetric"].map({ n throws(MaterialError) in try reader.bool(n, "symmetric") }) ?? false, i != j {
        guard species[j].isFree else {
          throw reader.error(m["symmetric"], "symmetric: the partner \(species[j].name) is fixed, so the mirror term has no effect")
        }
        interactions.append(Interaction(name: name + "_mirror", species: j, partner: i, energy: w, line: line))
      }
    }
  }

  private func interactionSpecies(_ node: Node, _ reader: YAMLReader, role: String) throws(MaterialError) -> Int {
    let text = try reader.string(node, role)
    guard let i = speciesIndex(text) else {
      throw reader.error(node, "unknown species \"\(text)\" in an interaction (declared: \(species.map(\.name).joined(separator: ", ")))")
    }
    return i
  }
}
