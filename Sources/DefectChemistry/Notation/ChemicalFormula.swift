/// Element counts of a chemical formula such as `H2O`, `O2`, `OH` or `Gd`.
///
/// Grammar: a sequence of element symbols (`[A-Z][a-z]?`) each with an optional integer count.
/// In Kröger–Vink occupants the symbol `V` alone means a vacancy (no atoms) — so vanadium cannot
/// be written as an occupant; that is the notation's own ambiguity.
public struct ChemicalFormula: Hashable, Sendable {
  public var atoms: [String: Int]
  /// Most atoms of one element in a formula (larger counts are refused, never overflow).
  public static let maximumCount = 1000

  public init(atoms: [String: Int] = [:]) { self.atoms = atoms.filter { $0.value != 0 } }

  /// Parses `text`; returns `nil` if it is not a formula.
  public init?(parsing text: Substring) {
    var atoms: [String: Int] = [:]
    var chars = Array(text)
    guard !chars.isEmpty else { return nil }
    var i = 0
    while i < chars.count {
      guard chars[i].isUppercase, chars[i].isASCII else { return nil }
      var symbol = String(chars[i])
      i += 1
      if i < chars.count, chars[i].isLowercase, chars[i].isASCII {
        symbol.append(chars[i])
        i += 1
      }
      var digits = ""
      while i < chars.count, chars[i].isASCII, chars[i].isNumber {
        digits.append(chars[i])
        i += 1
      }
      guard digits.count <= 4 else { return nil }
      let count = digits.isEmpty ? 1 : (Int(digits) ?? 0)
      guard count > 0 else { return nil }
      atoms[symbol, default: 0] += count
      guard atoms[symbol]! <= Self.maximumCount else { return nil }
    }
    chars.removeAll()
    self.atoms = atoms
  }

  public static func + (a: ChemicalFormula, b: ChemicalFormula) -> ChemicalFormula {
    ChemicalFormula(atoms: a.atoms.merging(b.atoms, uniquingKeysWith: +))
  }
}
