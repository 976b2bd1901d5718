import Yams

/// Reading the transport keys that go beyond a constant mobility: `site_exclusion` and `blocked_by` in a
/// species' `mobility:` block (Transport/MobilityModifiers.swift) and the top-level `surface_exchange:`
/// block (Transport/SurfaceExchange.swift). Runs after all species are known, so blockers may be declared
/// anywhere in the file.
extension DefectModel {
  static let transportKeys: Set<String> = ["site_exclusion", "blocked_by"]

  mutating func loadTransport(_ top: [String: Node], _ reader: YAMLReader) throws(MaterialError) {
    if let list = top["species"] {
      for (i, node) in try reader.sequence(list, "species").enumerated() {
        guard let mob = try reader.pairs(node, "a species").first(where: { $0.0 == "mobility" })?.2 else { continue }
        species[i].mobilityModifiers = try readModifiers(of: i, mob, reader)
      }
    }
    if let s = top["surface_exchange"] { surfaceExchange = try readSurfaceExchange(s, reader) }
  }

  private func readModifiers(of k: Int, _ node: Node, _ reader: YAMLReader) throws(MaterialError) -> MobilityModifiers {
    let m = try reader.mapping(node, "mobility", allowed: Self.mobilityKeys)
    var result = MobilityModifiers()
    if let e = m["site_exclusion"] {
      result.siteExclusion = try reader.bool(e, "mobility.site_exclusion")
      if result.siteExclusion {
        guard species[k].siteIndices.count == 1 else {
          throw reader.error(e, "site_exclusion needs a carrier on one sublattice (\(species[k].name) \(species[k].siteIndices.isEmpty ? "is a band carrier" : "spans several sites"))")
        }
      }
    }
    if let b = m["blocked_by"] {
      // blocked_by: {"V_O..": 32} or {"Gd_Ce' + (Gd_Ce V_O).": 2} — (1 − y_b)^n per entry
      // an entry names each species once, and no two entries name the same species (two spellings of one
      // entry would square its factor); one species may take part in different sums, e.g. {"V_O..": 4, "V_O.. + O_O^x": 0.5}
      var entries: [Set<Int>] = []
      for (text, key, value) in try reader.pairs(b, "mobility.blocked_by") {
        var named: Set<Int> = []
        let terms: [StoichiometricTerm]
        do { terms = try ReactionEquation.terms(of: text) } catch { throw reader.error(key, error.description) }
        var resolved: [MobilityModifiers.Blocking.Term] = []
        for t in terms {
          guard let j = speciesIndex(t.token) else {
            throw reader.error(key, "unknown species '\(t.token)' in mobility.blocked_by (declared: \(species.map(\.name).joined(separator: ", ")))")
          }
          guard let first = species[j].siteIndices.first else {
            throw reader.error(key, "\(species[j].name) in mobility.blocked_by is a band carrier: it occupies no site")
          }
          if let f = resolved.first, species[f.species].siteIndices.first != first {
            throw reader.error(key, "the species of one blocked_by entry must share a sublattice")
          }
          guard named.insert(j).inserted else {
            throw reader.error(key, "\(species[j].name) appears twice in one mobility.blocked_by entry (in any spelling): name it once")
          }
          resolved.append(.init(species: j, weight: t.coefficient))
        }
        guard !entries.contains(named) else {
          throw reader.error(key, "mobility.blocked_by names the same blockers twice (in another spelling): give each entry once")
        }
        entries.append(named)
        guard !resolved.isEmpty else {
          throw reader.error(key, "an empty blocked_by entry: name the blocking species (e.g. {\"Gd_Ce'\": 2})")
        }
        let exponent = try reader.number(value, "mobility.blocked_by exponent")
        guard exponent > 0, exponent.isFinite else { throw reader.error(value, "a blocked_by exponent must be positive") }
        let sites = sublattices[species[resolved[0].species].siteIndices[0]].sites
        result.blocking.append(.init(terms: resolved, sites: sites, exponent: exponent, text: text))
      }
    }
    return result
  }

  private func readSurfaceExchange(_ node: Node, _ reader: YAMLReader) throws(MaterialError) -> SurfaceExchange {
    let m = try reader.mapping(node, "surface_exchange",
                               allowed: ["law", "k0", "Ea", "exponent", "source", "note"])
    guard let lawNode = m["law"], let k0Node = m["k0"], let eaNode = m["Ea"] else {
      throw reader.error(node, "surface_exchange needs law (k_chem or exchange_rate), k0 and Ea")
    }
    let k0 = try reader.number(k0Node, "surface_exchange.k0")
    guard k0 > 0, k0.isFinite else { throw reader.error(k0Node, "surface_exchange.k0 must be positive") }
    let ea = try reader.quantity(eaNode, "surface_exchange.Ea", .energy)
    switch try reader.string(lawNode, "surface_exchange.law") {
    case "k_chem":
      return SurfaceExchange(law: .kChem, prefactor: k0, activationEnergy: ea)
    case "exchange_rate":
      let n = try m["exponent"].map { e throws(MaterialError) in try reader.number(e, "surface_exchange.exponent") } ?? 0.5
      guard n > 0, n.isFinite else { throw reader.error(m["exponent"], "surface_exchange.exponent must be positive") }
      return SurfaceExchange(law: .exchangeRate(exponent: n), prefactor: k0, activationEnergy: ea)
    default:
      throw reader.error(lawNode, "surface_exchange.law must be 'k_chem' or 'exchange_rate'")
    }
  }
}
