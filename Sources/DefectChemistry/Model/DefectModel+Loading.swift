import Yams

extension DefectModel {
  static let topLevelKeys: Set<String> = [
    "name", "formula", "family", "description", "references", "validity", "sublattices", "density",
    "nonstoichiometry", "species", "reactions", "totals", "calibration", "notes", "valence", "interactions",
    "surface_exchange", "expansion", "fit",
  ]

  /// Reads and validates a material file. Every problem is a ``MaterialError`` naming `file` and the line.
  public static func load(yaml text: String, file: String) throws(MaterialError) -> DefectModel {
    let reader = YAMLReader(file: file)
    let root = try reader.compose(text)
    let top = try reader.mapping(root, "the material file", allowed: topLevelKeys)

    guard let nameNode = top["name"] else { throw reader.error(root, "missing 'name'") }
    var model = DefectModel(
      name: try reader.string(nameNode, "name"),
      formula: try top["formula"].map { n throws(MaterialError) in try reader.string(n, "formula") } ?? "",
      family: try top["family"].map { n throws(MaterialError) in try reader.string(n, "family") } ?? "",
      description: try top["description"].map { n throws(MaterialError) in try reader.string(n, "description") } ?? "",
      references: [], validity: [:], sublattices: [], species: [], reactions: [], totals: [], gases: [],
      nonstoichiometry: nil, nominalValence: [:], formulaUnitDensity: nil, file: file, sourceText: text)

    if let refs = top["references"] {
      for node in try reader.sequence(refs, "references") {
        let m = try reader.mapping(node, "a reference", allowed: ["key", "citation", "doi", "note"])
        guard let key = m["key"], let citation = m["citation"] else {
          throw reader.error(node, "a reference needs 'key' and 'citation'")
        }
        model.references.append(Reference(
          key: try reader.string(key, "key"), citation: try reader.string(citation, "citation"),
          doi: try m["doi"].map { n throws(MaterialError) in try reader.string(n, "doi") }))
      }
    }
    var validityKeyNodes: [(String, Node)] = []
    if let v = top["validity"] {
      for (key, keyNode, node) in try reader.pairs(v, "validity") {
        model.validity[key] = try reader.range(node, "validity.\(key)")
        validityKeyNodes.append((key, keyNode))
      }
    }
    if let d = top["density"] {
      let m = try reader.mapping(d, "density", allowed: ["value", "source", "note"])
      guard let value = m["value"] else { throw reader.error(d, "density needs 'value' (e.g. \"2.52e22 cm-3\")") }
      let n = try reader.quantity(value, "density", .density)
      guard n > 0 else { throw reader.error(value, "density must be positive") }
      model.formulaUnitDensity = n
    }

    guard let subs = top["sublattices"] else { throw reader.error(root, "missing 'sublattices' (e.g. {Ce: 1, O: 2})") }
    for (name, keyNode, node) in try reader.pairs(subs, "sublattices") {
      guard !name.isEmpty, name.count <= 20, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
        throw reader.error(keyNode, "sublattice name \(MessageText.quoted(name)) must be 1 to 20 letters or digits")
      }
      let sites = try reader.number(node, "sites of sublattice \(name)")
      guard sites > 0, sites <= 1000 else { throw reader.error(node, "sublattice \(name) needs a number of sites in (0, 1000]") }
      model.sublattices.append(Sublattice(name: name, sites: sites))
    }

    if let v = top["valence"] {
      for (name, keyNode, node) in try reader.pairs(v, "valence") {
        guard model.sublattices.contains(where: { $0.name == name }) else {
          throw reader.error(keyNode, "valence: '\(MessageText.escaped(name))' is not a declared sublattice")
        }
        model.nominalValence[name] = try reader.number(node, "valence of \(name)")
      }
    }
    guard let speciesNode = top["species"] else { throw reader.error(root, "missing 'species'") }
    let speciesNodes = try reader.sequence(speciesNode, "species")
    guard !speciesNodes.isEmpty else { throw reader.error(speciesNode, "no species declared") }
    for node in speciesNodes {
      model.species.append(try readSpecies(node, reader, model))
    }
    for (s, (name, keyNode, _)) in try reader.pairs(subs, "sublattices").enumerated()
    where !model.species.contains(where: { $0.siteIndices.contains(s) }) {
      throw reader.error(keyNode, "sublattice \(name) has no species: declare its regular occupant (e.g. \(name)_\(name)^x)")
    }
    if let rx = top["reactions"] {
      for (k, node) in try reader.sequence(rx, "reactions").enumerated() {
        try model.addReaction(node, defaultName: "r\(k + 1)", reader)
      }
    }
    if let totals = top["totals"] {
      for node in try reader.sequence(totals, "totals") { try model.addTotal(node, reader) }
    }
    if let interactions = top["interactions"] { try model.addInteractions(interactions, reader) }
    // each reaction's charge, sites and elements before anything that names a gas (validity axes): a wrong
    // gas is reported at its reaction, not at a validity key the gas would have made
    for reaction in model.reactions { try model.checkBalance(reaction) }
    // keys that bound the state (δ, a solved-for species, a valence, σ …) are checked once the whole model
    // (nonstoichiometry, transport, expansion) is read
    var stateKeyNodes: [(String, Node)] = []
    for (key, node) in validityKeyNodes {
      guard model.isValidityKey(key) else {
        stateKeyNodes.append((key, node))
        continue
      }
      // conditions are positive; a level or a total is not negative
      if let range = model.validity[key] {
        let positive = key == "T_K" || key.hasSuffix("_atm")
        guard positive ? range.lowerBound > 0 : range.lowerBound >= 0 else {
          throw reader.error(node, "validity.\(key): [\(range.lowerBound.formatted), \(range.upperBound.formatted)] reaches \(positive ? "zero or below (a temperature or pressure is > 0)" : "below zero (a level is ≥ 0)")")
        }
      }
      let canonical = model.totalNamed(key)?.name ?? model.speciesIndex(key).map { model.species[$0].name } ?? key
      if canonical != key && (model.validity[canonical] != nil || validityKeyNodes.contains { $0.0 != key && $0.0 == canonical }) {
        throw reader.error(node, "validity: '\(MessageText.escaped(key))' and '\(canonical)' name the same axis: give it once")
      }
      if let total = model.totalNamed(key), total.name != key {  // one spelling of a total's dopant label
        model.validity[total.name] = model.validity.removeValue(forKey: key)
      } else if let i = model.speciesIndex(key), model.species[i].name != key {  // one spelling of a dopant label
        model.validity[model.species[i].name] = model.validity.removeValue(forKey: key)
      }
    }
    if let ns = top["nonstoichiometry"] {
      let m = try reader.mapping(ns, "nonstoichiometry", allowed: ["element", "nominal", "per", "excess", "note"])
      guard let el = m["element"], let nominal = m["nominal"] else {
        throw reader.error(ns, "nonstoichiometry needs 'element' and 'nominal'")
      }
      var terms: [Nonstoichiometry.Term] = [], totalTerms: [Nonstoichiometry.TotalTerm] = []
      if let per = m["per"] {
        // per: {"Gd_Ce'": -0.5} — the reference content changes by k atoms per unit of a fixed level.
        for (label, key, value) in try reader.pairs(per, "nonstoichiometry.per") {
          if let t = model.totals.firstIndex(where: { $0.name == label }) {  // a total (e.g. Gd over free + associated)
            totalTerms.append(.init(total: t, coefficient: try reader.number(value, "nonstoichiometry.per.\(label)"))); continue
          }
          guard let i = model.speciesIndex(label) else {
            throw reader.error(key, "unknown species \(MessageText.quoted(label)) in nonstoichiometry.per")
          }
          guard case .fixed = model.species[i].role else {
            throw reader.error(key, "\(label) in nonstoichiometry.per must be a fixed species (a dopant level)")
          }
          terms.append(.init(species: i, coefficient: try reader.number(value, "nonstoichiometry.per.\(label)")))
        }
      }
      var excess = false
      if let e = m["excess"] { excess = try reader.bool(e, "nonstoichiometry.excess") }
      model.nonstoichiometry = Nonstoichiometry(
        element: try reader.string(el, "nonstoichiometry.element"),
        nominal: try reader.number(nominal, "nonstoichiometry.nominal"),
        perFixedLevel: terms, perTotal: totalTerms,
        excess: excess)
    } else if let o = model.sublattices.first(where: { $0.name == "O" }) {
      model.nonstoichiometry = Nonstoichiometry(element: "O", nominal: o.sites)
    }
    try model.loadTransport(top, reader)  // DefectModel+TransportLoading.swift
    if let e = top["expansion"] { model.expansion = try Expansion.read(e, reader, model) }
    if let f = top["fit"] {
      let keyLine = root.mapping?.first { $0.key.string == "fit" }?.key.mark?.line
      model.fitCovariance = try model.readFitBlock(f, keyLine: keyLine, reader)
    }
    try model.checkStateBounds(stateKeyNodes, reader)
    try model.validate()
    return model
  }

  private static func readSpecies(_ node: Node, _ reader: YAMLReader, _ model: DefectModel) throws(MaterialError) -> Species {
    let m = try reader.mapping(node, "a species", allowed: ["label", "fixed", "host", "band", "charge", "mobility", "note", "source"])
    guard let labelNode = m["label"] else { throw reader.error(node, "a species needs a 'label' (e.g. \"V_O..\")") }
    let text = try reader.string(labelNode, "label")
    let label: KrogerVinkLabel
    do { label = try KrogerVinkLabel(parsing: text) } catch { throw reader.error(labelNode, error.description) }
    if let q = m["charge"] {
      let charge = try reader.number(q, "charge")
      guard charge == Double(label.charge) else {
        throw reader.error(q, "charge \(charge.formatted) contradicts the label \(label), whose effective charge is \(label.charge)")
      }
    }
    if model.species.contains(where: { $0.label == label }) {
      throw reader.error(labelNode, "species \(label) is declared twice")
    }
    var siteIndices: [Int] = []
    for site in label.sites {
      guard let s = model.sublattices.firstIndex(where: { $0.name == site }) else {
        throw reader.error(labelNode, "species \(label) sits on sublattice '\(site)', which is not declared in 'sublattices' (declared: \(model.sublattices.map(\.name).joined(separator: ", ")))")
      }
      siteIndices.append(s)
    }
    var role = Species.Role.free
    if let f = m["fixed"] {
      let value = try reader.number(f, "fixed")
      guard value >= 0 else { throw reader.error(f, "fixed level of \(label) must be ≥ 0") }
      role = .fixed(value)
    }
    var n300: Double?
    var statistics = CarrierStatistics.boltzmann
    if let b = m["band"] {
      guard label.isBandCarrier else { throw reader.error(b, "'band' is for band carriers e' and h. only, not \(label)") }
      let bm = try reader.mapping(b, "band", allowed: ["N300", "statistics", "source", "note"])
      guard let nNode = bm["N300"] else { throw reader.error(b, "band needs N300 (states per formula unit at 300 K)") }
      let v = try reader.number(nNode, "band.N300")
      guard v > 0 else { throw reader.error(nNode, "band.N300 must be positive") }
      n300 = v
      if let st = bm["statistics"] {
        let text = try reader.string(st, "band.statistics")
        guard let kind = CarrierStatistics(rawValue: text) else {
          throw reader.error(st, "band.statistics must be 'boltzmann' or 'fermi-dirac', not '\(text)'")
        }
        statistics = kind
      }
    } else if label.isBandCarrier {
      throw reader.error(labelNode, "band carrier \(label) needs band: {N300: …} (effective density of states per formula unit at 300 K)")
    }
    var mobility: Mobility?
    var carrier: Carrier?
    if let mob = m["mobility"] {
      mobility = try readMobility(mob, reader)
      let mm = try reader.mapping(mob, "mobility", allowed: mobilityKeys)
      if let c = mm["carrier"] {
        let text = try reader.string(c, "mobility.carrier")
        guard let kind = Carrier(rawValue: text) else { throw reader.error(c, "mobility.carrier must be 'ionic' or 'electronic'") }
        carrier = kind
      } else {
        carrier = label.isBandCarrier || (label.isPolaron) ? .electronic : .ionic
      }
      guard label.charge != 0 else { throw reader.error(mob, "\(label) carries no charge: a mobility adds nothing to the conductivity") }
    }
    let host = try m["host"].map { n throws(MaterialError) in try reader.bool(n, "host") } ?? false
    if host && !label.isRegular {
      throw reader.error(m["host"], "\(label) cannot be a host species: a host is a regular occupant on its own site with charge x (e.g. O_O^x)")
    }
    return Species(label: label, role: role, isHost: host, bandN300: n300, statistics: statistics, mobility: mobility,
                   carrier: carrier, line: reader.line(node), siteIndices: siteIndices)
  }

  static let mobilityKeys = Set(["law", "A", "Ea", "mu300", "m", "carrier", "source", "note"]).union(transportKeys)

  private static func readMobility(_ node: Node, _ reader: YAMLReader) throws(MaterialError) -> Mobility {
    let m = try reader.mapping(node, "mobility", allowed: mobilityKeys)
    let law = try m["law"].map { n throws(MaterialError) in try reader.string(n, "mobility.law") } ?? ""
    switch law {
    case "hopping":
      guard let a = m["A"], let ea = m["Ea"] else { throw reader.error(node, "hopping mobility needs A (cm² K V⁻¹ s⁻¹) and Ea") }
      let prefactor = try reader.number(a, "mobility.A")
      guard prefactor > 0 else { throw reader.error(a, "mobility.A must be positive") }
      let barrier = try reader.quantity(ea, "mobility.Ea", .energy)
      // a negative barrier makes μ grow without bound as T falls (it overflows at low T): not a hopping law
      guard barrier >= 0 else { throw reader.error(ea, "mobility.Ea must be ≥ 0 eV (a hopping barrier), got \(barrier.formatted) eV") }
      return .hopping(prefactor: prefactor, activationEnergy: barrier)
    case "band":
      guard let mu = m["mu300"] else { throw reader.error(node, "band mobility needs mu300 (cm² V⁻¹ s⁻¹)") }
      let mu300 = try reader.number(mu, "mobility.mu300")
      guard mu300 > 0 else { throw reader.error(mu, "mobility.mu300 must be positive") }
      let exponent = try m["m"].map { n throws(MaterialError) in try reader.number(n, "mobility.m") } ?? 1.5
      // μ300·(T/300)^−m stays finite over any temperature the solver takes only for a moderate exponent
      guard abs(exponent) <= 10 else { throw reader.error(m["m"], "mobility.m = \(exponent.formatted) is outside −10…10 (phonon scattering gives ≈ 1.5–3)") }
      return .band(mu300: mu300, exponent: exponent)
    default:
      throw reader.error(m["law"] ?? node, "mobility.law must be 'hopping' or 'band'")
    }
  }

  private mutating func addReaction(_ node: Node, defaultName: String, _ reader: YAMLReader) throws(MaterialError) {
    let m = try reader.mapping(node, "a reaction", allowed: ["name", "equation", "dH", "dS", "source", "note"])
    guard let eqNode = m["equation"] else { throw reader.error(node, "a reaction needs an 'equation'") }
    let name = try m["name"].map { n throws(MaterialError) in try reader.string(n, "name") } ?? defaultName
    if reactions.contains(where: { $0.name == name }) { throw reader.error(m["name"], "reaction name '\(MessageText.escaped(name))' is used twice") }
    guard let dH = m["dH"], let dS = m["dS"] else {
      throw reader.error(node, "reaction '\(MessageText.escaped(name))' needs dH (eV, kJ/mol) and dS (kB, eV/K, J/(mol K))")
    }
    let equation = try reader.string(eqNode, "equation")
    let (speciesTerms, gasTerms) = try stoichiometry(of: equation, reader: reader, at: eqNode)
    reactions.append(Reaction(
      name: name, equation: equation, species: speciesTerms, gases: gasTerms,
      enthalpy: try reader.quantity(dH, "dH", .energy), entropy: try reader.quantity(dS, "dS", .entropy),
      line: reader.line(eqNode)))  // balance errors point at the equation itself
  }

  /// Net species and gas coefficients of `equation` (products positive).
  private mutating func stoichiometry(of equation: String, reader: YAMLReader, at node: Node) throws(MaterialError)
    -> ([(index: Int, nu: Double)], [(index: Int, nu: Double)])
  {
    let sides: (left: [StoichiometricTerm], right: [StoichiometricTerm])
    do { sides = try ReactionEquation.sides(of: equation) } catch { throw reader.error(node, error.description) }
    var speciesNu: [Int: Double] = [:]
    var gasNu: [Int: Double] = [:]
    for (terms, sign) in [(sides.left, -1.0), (sides.right, 1.0)] {
      for term in terms {
        if let gas = GasSpecies(token: term.token) {
          let g = gases.firstIndex(of: gas) ?? { gases.append(gas); return gases.count - 1 }()
          gasNu[g, default: 0] += sign * term.coefficient
          continue
        }
        guard let i = speciesIndex(term.token) else {
          throw reader.error(node, "unknown species '\(MessageText.escaped(term.token))' in \(MessageText.quoted(equation)) (declared: \(species.map(\.name).joined(separator: ", ")); gases are written like O2(g))")
        }
        speciesNu[i, default: 0] += sign * term.coefficient
      }
    }
    return (speciesNu.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            gasNu.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
  }

  private mutating func addTotal(_ node: Node, _ reader: YAMLReader) throws(MaterialError) {
    let m = try reader.mapping(node, "a total", allowed: ["name", "equation", "value", "source", "note"])
    guard let nameNode = m["name"], let eqNode = m["equation"], let valueNode = m["value"] else {
      throw reader.error(node, "a total needs 'name', 'equation' (e.g. \"Gd_Ce' + (Gd_Ce V_O).\") and 'value'")
    }
    let name = try reader.string(nameNode, "name")
    guard !name.trimmingWhitespace().isEmpty else { throw reader.error(nameNode, "a total needs a name (e.g. the dopant label \"Gd_Ce'\", so that --set can reach it)") }
    if totals.contains(where: { $0.name == name }) { throw reader.error(nameNode, "total name '\(MessageText.escaped(name))' is used twice") }
    let text = try reader.string(eqNode, "equation")
    let terms: [StoichiometricTerm]
    do { terms = try ReactionEquation.terms(of: text) } catch { throw reader.error(eqNode, error.description) }
    guard !terms.isEmpty else { throw reader.error(eqNode, "total '\(MessageText.escaped(name))' has no species") }
    var weights: [(index: Int, weight: Double)] = []
    for term in terms {
      guard let i = speciesIndex(term.token) else {
        throw reader.error(eqNode, "unknown species '\(MessageText.escaped(term.token))' in total '\(MessageText.escaped(name))'")
      }
      weights.append((i, term.coefficient))
    }
    let value = try reader.number(valueNode, "value")
    guard value > 0 else { throw reader.error(valueNode, "total '\(MessageText.escaped(name))' must be positive") }
    totals.append(FixedTotal(name: name, terms: weights, value: value, line: reader.line(node)))
  }
}

extension Double {
  /// Short text for messages: `2` rather than `2.0`, otherwise the shortest round-trip form.
  var formatted: String { self == rounded() && abs(self) < 1e15 ? "\(Int(self))" : "\(self)" }
}
