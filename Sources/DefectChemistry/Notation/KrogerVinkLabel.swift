/// A species label in Kröger–Vink notation, parsed.
///
/// ASCII forms: `V_O..` (vacancy on an O site, charge +2), `Gd_Ce'` (−1), `O_O^x` (0),
/// `OH_O.` (hydroxide on an O site, +1), band carriers `e'` and `h.`, and associates such as
/// `(Gd_Ce V_O).` that occupy one site on each component's sublattice. Unicode input is accepted:
/// `•`/`·` for `.`, `′`/`’` for `'`, `×` for `^x`.
public struct KrogerVinkLabel: Hashable, Sendable, CustomStringConvertible {
  /// One occupant-on-site pair, e.g. Gd on a Ce site.
  public struct Occupancy: Hashable, Sendable {
    /// What sits on the site: an element formula, or `V` for a vacancy.
    public var occupant: String
    /// The sublattice (site) name, e.g. `Ce`, `O`, `i` for interstitials.
    public var site: String
    public var isVacancy: Bool { occupant == "V" }
  }

  public enum Kind: Hashable, Sendable {
    /// A point defect or regular species on one or more lattice sites.
    case lattice([Occupancy])
    /// A delocalised (band) electron `e'`.
    case electron
    /// A delocalised (band) hole `h.`.
    case hole
  }

  public let kind: Kind
  /// Effective charge in units of e (from the dots, primes or `x`).
  public let charge: Int
  /// Atoms the species brings (a vacancy or band carrier brings none).
  public let formula: ChemicalFormula

  /// Canonical ASCII form, e.g. `V_O..`, `Gd_Ce'`, `O_O^x`, `(Gd_Ce V_O).`.
  public var description: String {
    let suffix = charge > 0 ? String(repeating: ".", count: charge)
      : charge < 0 ? String(repeating: "'", count: -charge) : "^x"
    switch kind {
    case .electron: return "e'"
    case .hole: return "h."
    case .lattice(let parts) where parts.count == 1:
      return "\(parts[0].occupant)_\(parts[0].site)\(suffix)"
    case .lattice(let parts):
      return "(" + parts.map { "\($0.occupant)_\($0.site)" }.joined(separator: " ") + ")" + suffix
    }
  }

  /// Sublattices occupied, one entry per occupied site (empty for band carriers).
  public var sites: [String] {
    if case .lattice(let parts) = kind { return parts.map(\.site) }
    return []
  }

  public var isBandCarrier: Bool { sites.isEmpty }

  /// A charged regular occupant (e.g. `Ce_Ce'`, `Fe_Fe.`): a localised electron or hole (small polaron).
  public var isPolaron: Bool {
    if case .lattice(let parts) = kind, parts.count == 1 { return parts[0].occupant == parts[0].site && charge != 0 }
    return false
  }

  /// A regular (host) species: a single occupant on its own site with zero effective charge.
  public var isRegular: Bool {
    if case .lattice(let parts) = kind, parts.count == 1 { return parts[0].occupant == parts[0].site && charge == 0 }
    return false
  }

  public struct ParseError: Error, CustomStringConvertible, Sendable {
    public var label: String
    public var reason: String
    public var description: String { "invalid Kröger–Vink label \(MessageText.quoted(label)): \(reason)" }
  }

  /// Maps the accepted Unicode spellings onto ASCII.
  public static func normalize(_ text: String) -> String {
    var s = ""
    for ch in text {
      switch ch {
      case "•", "·", "∙": s.append(".")
      case "′", "’", "ʹ": s.append("'")
      case "×": s.append("^x")
      default: s.append(ch)
      }
    }
    return s.trimmingWhitespace()
  }

  /// Longest label accepted (characters).
  public static let maximumLength = 200
  /// Largest effective charge |z| accepted.
  public static let maximumCharge = 8

  public init(parsing raw: String) throws(ParseError) {
    let text = Self.normalize(raw)
    func fail(_ reason: String) -> ParseError { ParseError(label: raw, reason: reason) }
    guard !text.isEmpty else { throw fail("empty label") }
    guard text.unicodeScalars.count <= Self.maximumLength else { throw fail("longer than \(Self.maximumLength) characters") }
    if let bad = text.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
      throw fail("contains the control character \(MessageText.escaped(String(bad)))")
    }
    let (body, charge) = try Self.splitCharge(text, fail)
    if body == "e" || body == "h" {
      guard charge == (body == "e" ? -1 : 1) else {
        throw fail(body == "e" ? "a band electron is written e' (charge −1)" : "a band hole is written h. (charge +1)")
      }
      self.kind = body == "e" ? .electron : .hole
      self.charge = charge
      self.formula = ChemicalFormula()
      return
    }
    var parts: [Occupancy] = []
    if body.hasPrefix("(") {
      guard body.hasSuffix(")") else { throw fail("an associate is written (A_S B_T) followed by its charge") }
      let inner = body.dropFirst().dropLast()
      var componentCharge = 0
      var explicitCharges = false
      for piece in inner.split(whereSeparator: { $0 == " " || $0 == "," }) {
        var pieceBody = String(piece)
        if let last = pieceBody.last, last == "." || last == "'" || pieceBody.hasSuffix("^x") {
          let (b, q) = try Self.splitCharge(pieceBody, fail)
          pieceBody = b
          componentCharge += q
          explicitCharges = true
        }
        parts.append(try Self.occupancy(pieceBody, fail))
      }
      guard parts.count >= 2 else { throw fail("an associate needs at least two components") }
      if explicitCharges && componentCharge != charge {
        throw fail("the components' charges add to \(componentCharge), but the associate is marked \(charge)")
      }
    } else {
      parts = [try Self.occupancy(body, fail)]
    }
    var formula = ChemicalFormula()
    for part in parts where !part.isVacancy {
      guard let f = ChemicalFormula(parsing: Substring(part.occupant)) else {
        throw fail("occupant \(MessageText.quoted(part.occupant)) is not a chemical formula or V (at most \(ChemicalFormula.maximumCount) atoms of an element)")
      }
      formula = formula + f
    }
    self.kind = .lattice(parts)
    self.charge = charge
    self.formula = formula
  }

  private static func occupancy(_ text: String, _ fail: (String) -> ParseError) throws(ParseError) -> Occupancy {
    guard let underscore = text.lastIndex(of: "_") else {
      throw fail("expected OCCUPANT_SITE (e.g. V_O.., Gd_Ce'), found no '_'")
    }
    let occupant = String(text[..<underscore])
    let site = String(text[text.index(after: underscore)...])
    guard !occupant.isEmpty else { throw fail("missing occupant before '_'") }
    guard !site.isEmpty, site.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
      throw fail("site name \(MessageText.quoted(site)) must be letters or digits")
    }
    return Occupancy(occupant: occupant, site: site)
  }

  /// Splits the trailing effective-charge marks: `.`×n → +n, `'`×n → −n, `^x`/`x` → 0.
  private static func splitCharge(_ text: String, _ fail: (String) -> ParseError) throws(ParseError) -> (String, Int) {
    if text.hasSuffix("^x") || text.hasSuffix("^X") { return (String(text.dropLast(2)), 0) }
    var body = Substring(text)
    var dots = 0
    var primes = 0
    while let last = body.last, last == "." || last == "'" {
      if last == "." { dots += 1 } else { primes += 1 }
      body = body.dropLast()
    }
    if dots > 0 && primes > 0 { throw fail("mixes '.' and ''' in one effective charge") }
    if dots + primes > maximumCharge { throw fail("an effective charge beyond ±\(maximumCharge) is not a point defect") }
    if dots == 0 && primes == 0 {
      throw fail("missing effective charge: end the label with dots (+), primes (−) or ^x (neutral)")
    }
    return (String(body), dots - primes)
  }
}

extension String {
  func trimmingWhitespace() -> String {
    var s = Substring(self)
    while let f = s.first, f.isWhitespace { s = s.dropFirst() }
    while let l = s.last, l.isWhitespace { s = s.dropLast() }
    return String(s)
  }
}
