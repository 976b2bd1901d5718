import DefectChemistry
import Foundation
import PropertyBased
import Testing

/// Property-based checks (x-sheep/swift-property-based): round trips of labels and material files, and
/// the equilibrium equations on randomly generated well-posed models.
struct PropertyTests {
  // MARK: - Kröger–Vink labels

  static let occupants = ["V", "Gd", "Ce", "O", "OH", "H", "Y", "Sr", "La", "Fe", "H2O", "Zr"]
  static let sites = ["Ce", "O", "i", "Zr", "Fe", "Ba", "La"]

  /// A label text from its parts: one or two occupant_site components and a charge in −4…4.
  static func labelText(_ a: Int, _ b: Int, _ second: Int?, _ charge: Int, unicode: Bool) -> String {
    let marks = charge > 0 ? String(repeating: unicode ? "•" : ".", count: charge)
      : charge < 0 ? String(repeating: unicode ? "′" : "'", count: -charge) : (unicode ? "×" : "^x")
    let first = "\(occupants[a])_\(sites[b])"
    guard let second else { return first + marks }
    let other = "\(occupants[second % occupants.count])_\(sites[(second / occupants.count) % sites.count])"
    return "(\(first) \(other))" + marks
  }

  @Test func aLabelPrintedAndReparsedIsTheSameLabel() async {
    await propertyCheck(count: 500, input: Gen.int(in: 0...11), Gen.int(in: 0...6), Gen.int(in: 0...83).optional,
                        Gen.int(in: -4...4), Gen.bool) { a, b, second, charge, unicode in
      let text = Self.labelText(a, b, second, charge, unicode: unicode)
      guard let label = try? KrogerVinkLabel(parsing: text) else {
        Issue.record("a well-formed label was refused: \(text)")
        return
      }
      #expect(label.charge == charge)
      let printed = label.description
      #expect((try? KrogerVinkLabel(parsing: printed)) == label, "\(text) → \(printed)")
      #expect(label.description == (try? KrogerVinkLabel(parsing: printed))?.description)
      #expect(printed.unicodeScalars.allSatisfy { $0.isASCII }, "the printed form is ASCII: \(printed)")
    }
  }

  // MARK: - Random well-posed models

  /// A doped (or undoped) fluorite-type oxide MO_s with polarons M_M', holes, oxygen vacancies:
  /// reduction and polaron–hole reactions with random ΔH, ΔS; optionally written with Unicode labels
  /// and kJ/mol so that loading has something to normalise.
  struct Spec: CustomStringConvertible {
    var dopant: Double
    var oxygenSites: Double
    var reductionH: Double
    var reductionS: Double
    var polaronH: Double
    var n300: Double
    var fancy: Bool

    var description: String { yaml }

    var yaml: String {
      func label(_ ascii: String) -> String {
        fancy ? ascii.replacingOccurrences(of: "^x", with: "×").replacingOccurrences(of: "'", with: "′").replacingOccurrences(of: ".", with: "•") : ascii
      }
      let dH = fancy ? "\(reductionH * 96.48533212331002) kJ/mol" : "\(reductionH) eV"
      var text = """
        name: random-oxide
        sublattices: {M: 1, O: \(oxygenSites)}
        species:

        """
      if dopant > 0 { text += "  - {label: \"\(label("A_M'"))\", fixed: \(dopant)}\n" }
      text += """
          - {label: "\(label("M_M'"))"}
          - {label: "\(label("M_M^x"))", host: true}
          - {label: "\(label("V_O.."))"}
          - {label: "\(label("O_O^x"))", host: true}
          - {label: "\(label("h."))", band: {N300: \(n300)}}
        reactions:
          - {name: reduction, equation: "2 M_M^x + O_O^x = 1/2 O2(g) + V_O.. + 2 M_M'", dH: \(dH), dS: \(reductionS) kB}
          - {name: polaron, equation: "M_M' + h. = M_M^x", dH: \(polaronH) eV, dS: 0 kB}

        """
      return text
    }
  }

  static let specs = Gen<Double>.double(in: 0...0.25).map { $0 < 0.03 ? 0 : $0 }
  static func spec(_ x: Double, _ s: Int, _ h: Double, _ entropy: Double, _ p: Double, _ fancy: Bool) -> Spec {
    Spec(dopant: x, oxygenSites: [1.5, 2, 3][s], reductionH: h, reductionS: entropy, polaronH: p, n300: 1, fancy: fancy)
  }

  /// The canonical text of a loaded model (what `show` would print for it): every number in engine units.
  static func render(_ m: DefectModel) -> String {
    var t = "name: \(m.name)\nsublattices: {" + m.sublattices.map { "\($0.name): \($0.sites)" }.joined(separator: ", ") + "}\nspecies:\n"
    for s in m.species {
      var fields = ["label: \"\(s.name)\""]
      if case .fixed(let v) = s.role { fields.append("fixed: \(v)") }
      if s.isHost { fields.append("host: true") }
      if let n = s.bandN300 { fields.append("band: {N300: \(n)}") }
      t += "  - {" + fields.joined(separator: ", ") + "}\n"
    }
    t += "reactions:\n"
    for r in m.reactions {
      t += "  - {name: \(r.name), equation: \"\(r.equation)\", dH: \(r.enthalpy) eV, dS: \(r.entropy) kB}\n"
    }
    return t
  }

  @Test func showLoadShowIsIdentical() async throws {
    await propertyCheck(count: 150, input: Self.specs, Gen.int(in: 0...2), Gen.double(in: 1...7), Gen.double(in: -5...25),
                        Gen.double(in: -4 ... -0.5), Gen.bool) { x, s, h, entropy, p, fancy in
      let spec = Self.spec(x, s, h, entropy, p, fancy)
      do {
        let first = try DefectModel.load(yaml: spec.yaml, file: "random.yaml")
        let shown = Self.render(first)
        let second = try DefectModel.load(yaml: shown, file: "shown.yaml")
        #expect(Self.render(second) == shown)
        #expect(second.species.map(\.name) == first.species.map(\.name))
        #expect(second.reactions.map(\.enthalpy) == first.reactions.map(\.enthalpy))
        #expect(second.reactions.map(\.entropy) == first.reactions.map(\.entropy))
      } catch {
        Issue.record("a well-posed model was refused: \(error)\n\(spec.yaml)")
      }
    }
  }

  @Test func randomWellPosedModelsSatisfyMassActionSiteSumsAndNeutrality() async throws {
    await propertyCheck(count: 150, input: Self.specs, Gen.int(in: 0...2), Gen.double(in: 1...7), Gen.double(in: -5...25),
                        Gen.double(in: -4 ... -0.5), Gen.double(in: 500...1600), Gen.double(in: -35...5)) { x, s, h, entropy, p, T, lgp in
      let spec = Self.spec(x, s, h, entropy, p, false)
      do {
        let model = try DefectModel.load(yaml: spec.yaml, file: "random.yaml")
        let state = try EquilibriumSolver(model: model).solve(Conditions(temperature: T, pO2: pow(10, lgp)))
        #expect(state.converged, "T=\(T) log pO2=\(lgp) residual \(state.residual)")
        let c = state.concentrations
        #expect(c.allSatisfy { $0 >= 0 && $0.isFinite })
        // mass action (ln units), site sums and a fixed dopant level, charge — each to 1e-10
        #expect(equilibriumViolation(model, state) <= 1e-10, "T=\(T) log pO2=\(lgp)")
        var charge = 0.0
        for (i, sp) in model.species.enumerated() { charge += Double(sp.charge) * c[i] }
        #expect(abs(charge) <= 1e-10, "net charge \(charge) per formula unit")
        for (sIndex, sub) in model.sublattices.enumerated() {
          var sum = 0.0
          for i in model.species.indices { sum += c[i] * model.occupancy(of: i, on: sIndex) }
          #expect(abs(sum - sub.sites) <= 1e-10 * sub.sites, "site sum on \(sub.name): \(sum)")
        }
      } catch {
        Issue.record("T=\(T) log pO2=\(lgp): \(error)\n\(spec.yaml)")
      }
    }
  }
}
