/// A term of a reaction or a linear combination: coefficient × species token.
public struct StoichiometricTerm: Hashable, Sendable {
  public var coefficient: Double
  /// The species as written (a Kröger–Vink label or a gas such as `O2(g)`).
  public var token: String
}

/// A gas-phase species in a reaction, e.g. `O2(g)`; its activity is p / (1 atm).
public struct GasSpecies: Hashable, Sendable, CustomStringConvertible {
  public var formulaText: String
  public var formula: ChemicalFormula
  /// The condition that sets its pressure: `pO2`, `pH2O`, `pH2`, …
  public var pressureName: String { "p" + formulaText }
  public var description: String { formulaText + "(g)" }

  /// Recognises `FORMULA(g)`; `nil` for anything else.
  public init?(token: String) {
    guard token.hasSuffix("(g)") else { return nil }
    let text = String(token.dropLast(3))
    guard let f = ChemicalFormula(parsing: Substring(text)) else { return nil }
    formulaText = text
    formula = f
  }
}

/// Parsing of equation strings such as `2 Ce_Ce^x + O_O^x = 1/2 O2(g) + V_O.. + 2 Ce_Ce'`.
public enum ReactionEquation {
  public struct ParseError: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public var description: String { reason }
  }

  /// Splits `left = right` (also `<=>`, `⇌`, `⇄`) into its two sides. A side written `0` (or `nil`) is empty,
  /// as in the intrinsic electronic excitation `0 = e' + h.`; the other side then needs a species.
  public static func sides(of equation: String) throws(ParseError) -> (left: [StoichiometricTerm], right: [StoichiometricTerm]) {
    var text = KrogerVinkLabel.normalize(equation)
    for arrow in ["<=>", "⇌", "⇄", "<->"] { text = text.replacingAll(arrow, with: "=") }
    let halves = text.split(separator: "=", omittingEmptySubsequences: false)
    guard halves.count == 2 else {
      throw ParseError(reason: "a reaction needs exactly one '=' between its two sides, in \(MessageText.quoted(equation))")
    }
    func side(_ half: Substring) throws(ParseError) -> [StoichiometricTerm]? {
      let t = String(half).trimmingWhitespace()
      return t == "0" || t.lowercased() == "nil" ? nil : try terms(of: String(half))
    }
    let left = try side(halves[0]), right = try side(halves[1])
    guard left ?? [] != [] || right ?? [] != [], left != [], right != [] else {
      throw ParseError(reason: "both sides of \(MessageText.quoted(equation)) need at least one species (write an empty side as 0, e.g. 0 = e' + h.)")
    }
    return (left ?? [], right ?? [])
  }

  /// Parses a linear combination `a X + b Y + …` (coefficients: integers, decimals, fractions `1/2`).
  public static func terms(of text: String) throws(ParseError) -> [StoichiometricTerm] {
    var result: [StoichiometricTerm] = []
    let trimmed = text.trimmingWhitespace()
    if trimmed.isEmpty { return [] }
    for piece in trimmed.split(separator: "+", omittingEmptySubsequences: false) {
      let term = String(piece).trimmingWhitespace()
      guard !term.isEmpty else { throw ParseError(reason: "empty term in \(MessageText.quoted(text)) (a stray '+'?)") }
      var index = term.startIndex
      while index < term.endIndex, term[index].isNumber || term[index] == "." || term[index] == "/" {
        index = term.index(after: index)
      }
      let number = String(term[..<index])
      let token = String(term[index...]).trimmingWhitespace()
      guard !token.isEmpty else { throw ParseError(reason: "term \(MessageText.quoted(String(term))) has a coefficient but no species") }
      var coefficient = 1.0
      if !number.isEmpty {
        let parts = number.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let num = Double(parts[0]), parts.count == 1 || Double(parts[1]) != nil,
              num > 0, (parts.count == 1 || Double(parts[1])! > 0)
        else { throw ParseError(reason: "bad coefficient \(MessageText.quoted(String(number))) in \(MessageText.quoted(String(term)))") }
        coefficient = parts.count == 2 ? num / Double(parts[1])! : num
        guard coefficient.isFinite, coefficient <= 1000, coefficient >= 1e-3 else {
          throw ParseError(reason: "coefficient \(MessageText.quoted(String(number))) is outside 0.001 … 1000")
        }
      }
      result.append(StoichiometricTerm(coefficient: coefficient, token: token))
    }
    return result
  }
}

extension String {
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var out = ""
    var rest = Substring(self)
    while let r = rest.range(of: target) {
      out += rest[..<r.lowerBound]
      out += replacement
      rest = rest[r.upperBound...]
    }
    out += rest
    return out
  }
}

extension Substring {
  func range(of target: String) -> Range<Substring.Index>? {
    guard !target.isEmpty, count >= target.count else { return nil }
    var i = startIndex
    while i < endIndex {
      if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
      i = index(after: i)
    }
    return nil
  }
}
