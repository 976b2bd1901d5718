import Foundation

/// Standard Gibbs energy of water formation, H2(g) + ½O2(g) = H2O(g), from the NIST Chemistry WebBook's
/// Shomate fits (Chase, NIST-JANAF Thermochemical Tables, 4th ed., 1998) for H2O(g) 500–1700 K, H2(g)
/// 298–1000 K and 1000–2500 K, O2(g) 100–700 K and 700–2000 K: G°(T) = H°(T) − T·S°(T) with
///
///     H°(T) = A·t + B·t²/2 + C·t³/3 + D·t⁴/4 − E/t + F           (kJ/mol, t = T/1000 K; includes ΔfH°298)
///     S°(T) = A·ln t + B·t + C·t²/2 + D·t³/3 − E/(2t²) + G        (J mol⁻¹ K⁻¹)
///
/// (the WebBook's H coefficient is ΔfH°298, so H° − H°298 + ΔfH°298 = the sum above). Coefficients
/// [V-sec]: read in public code that quotes the WebBook with its "Chase, 1998" reference; the water fit
/// bounds the range to 500–1700 K.
public enum WaterFormation {
  /// Shomate coefficients A…G (F already holds ΔfH°298, as in the WebBook).
  struct Shomate {
    var a, b, c, d, e, f, g: Double
    /// G° = H° − T·S° in J/mol.
    func gibbs(_ temperature: Double) -> Double {
      let t = temperature / 1000
      let h = a * t + b * t * t / 2 + c * t * t * t / 3 + d * t * t * t * t / 4 - e / t + f
      let s = a * log(t) + b * t + c * t * t / 2 + d * t * t * t / 3 - e / (2 * t * t) + g
      return h * 1000 - temperature * s
    }
  }

  static let water = Shomate(a: 30.09200, b: 6.832514, c: 6.793435, d: -2.534480, e: 0.082139, f: -250.8810, g: 223.3967)
  static let hydrogenLow = Shomate(a: 33.066178, b: -11.363417, c: 11.432816, d: -2.772874, e: -0.158558, f: -9.980797, g: 172.707974)
  static let hydrogenHigh = Shomate(a: 18.563083, b: 12.257357, c: -2.859786, d: 0.268238, e: 1.977990, f: -1.147438, g: 156.288133)
  static let oxygenLow = Shomate(a: 31.32234, b: -20.23531, c: 57.86644, d: -36.50624, e: -0.007374, f: -8.903471, g: 246.7945)
  static let oxygenHigh = Shomate(a: 30.03235, b: 8.772972, c: -3.988133, d: 0.788313, e: -0.741599, f: -11.32468, g: 236.1663)

  /// The temperatures (K) the water fit covers.
  public static let validRange: ClosedRange<Double> = 500...1700

  /// ΔG°(T) of H2 + ½O2 = H2O (all gases, 1 bar standard state) in J/mol; `nil` outside ``validRange``.
  public static func standardGibbsEnergy(_ temperature: Double) -> Double? {
    guard validRange.contains(temperature) else { return nil }
    let h2 = temperature <= 1000 ? hydrogenLow : hydrogenHigh
    let o2 = temperature <= 700 ? oxygenLow : oxygenHigh
    return water.gibbs(temperature) - h2.gibbs(temperature) - 0.5 * o2.gibbs(temperature)
  }

  /// pO2 (atm) in equilibrium with an H2/H2O mixture: pO2 = (pH2O/(K·pH2))², K = exp(−ΔG°/RT).
  /// (The 1 bar and 1 atm standard states differ by 1.3 %, i.e. 0.17 mV in a Nernst voltage at 800 °C;
  /// pressures are read as activities in atm, as everywhere in brouwer.)
  public static func oxygenPressure(temperature: Double, pH2: Double, pH2O: Double) -> Double? {
    guard let dG = standardGibbsEnergy(temperature) else { return nil }
    let lnK = -dG / (PhysicalConstants.gasConstant * temperature)
    return exp(2 * (log(pH2O) - log(pH2) - lnK))
  }
}

/// The gas on one side of a cell: an oxygen partial pressure (optionally with water), or a fuel
/// mixture H2/H2O whose pO2 follows from the water-formation equilibrium at each temperature.
public enum CellGas: Sendable, Equatable {
  case oxygen(pO2: Double, pH2O: Double?)
  case fuel(pH2: Double, pH2O: Double)

  public struct Invalid: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  /// `0.21`, `21kPa` (pO2 alone), `O2=0.21`, `O2=0.21,H2O=0.03`, `H2=0.97,H2O=0.03` (partial pressures in
  /// atm or with a pressure unit). `pressure` parses one pressure (> 0).
  public static func parse(_ text: String, pressure: (String) -> Double?) throws(Invalid) -> CellGas {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.contains("=") else {
      guard let p = pressure(trimmed) else {
        throw Invalid(description: "expected a pO2 > 0 (e.g. 0.21 or 21kPa) or a composition such as \"H2=0.97,H2O=0.03\" or \"O2=0.21,H2O=0.03\", got \"\(text)\"")
      }
      return .oxygen(pO2: p, pH2O: nil)
    }
    var parts: [String: Double] = [:]
    for item in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
      let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = pair[0].trimmingCharacters(in: .whitespaces)
      guard pair.count == 2, !name.isEmpty else { throw Invalid(description: "\"\(item)\" is not GAS=PRESSURE (e.g. H2=0.97)") }
      guard ["O2", "H2", "H2O"].contains(name) else {
        throw Invalid(description: "unknown gas \"\(name)\" (a side takes O2, H2 and H2O)")
      }
      guard parts[name] == nil else { throw Invalid(description: "\(name) is given twice") }
      guard let p = pressure(String(pair[1])) else {
        throw Invalid(description: "\(name): expected a partial pressure > 0, got \"\(pair[1].trimmingCharacters(in: .whitespaces))\"")
      }
      parts[name] = p
    }
    switch (parts["O2"], parts["H2"], parts["H2O"]) {
    case (.some, .some, _):
      throw Invalid(description: "O2 and H2 together would burn: give O2 (an oxidising side) or H2 with H2O (a fuel side)")
    case (.some(let o2), nil, let water):
      return .oxygen(pO2: o2, pH2O: water)
    case (nil, .some(let h2), .some(let water)):
      return .fuel(pH2: h2, pH2O: water)
    case (nil, .some, nil):
      throw Invalid(description: "dry H2 has no defined pO2: give its water too (e.g. H2=0.97,H2O=0.03)")
    case (nil, nil, _):
      throw Invalid(description: "a side needs O2 or H2 (with H2O), e.g. O2=0.21 or H2=0.97,H2O=0.03")
    }
  }

  /// pO2 (atm) at `temperature`; `nil` for a fuel outside ``WaterFormation/validRange``.
  public func oxygenPressure(at temperature: Double) -> Double? {
    switch self {
    case .oxygen(let p, _): return p
    case .fuel(let h2, let water): return WaterFormation.oxygenPressure(temperature: temperature, pH2: h2, pH2O: water)
    }
  }

  /// The water partial pressure given for this side, if any.
  public var waterPressure: Double? {
    switch self {
    case .oxygen(_, let w): return w
    case .fuel(_, let w): return w
    }
  }

  public var isFuel: Bool { if case .fuel = self { return true } else { return false } }
}
