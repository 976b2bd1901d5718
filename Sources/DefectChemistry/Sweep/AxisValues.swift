import Foundation

/// Parsing of axis values as typed on the command line.
///
/// - `a:b:n` — n points from a to b: log-spaced for pressures, linear otherwise;
/// - `a,b,c` — a list;  `a` — one value.
/// Temperatures take a unit suffix per value: `1073`, `1073K`, `800C` (°C).
public enum AxisValues {
  public enum Spacing: Sendable { case linear, logarithmic }

  public struct InvalidAxis: Error, CustomStringConvertible, Sendable {
    public var option: String
    public var reason: String
    public var description: String { "\(option): \(reason)" }
  }

  /// Parses `text` for `option`; `number` reads one value (and may reject it).
  public static func parse(_ text: String, option: String, spacing: Spacing,
                           number: (String) -> Double?) throws(InvalidAxis) -> [Double] {
    func fail(_ reason: String) -> InvalidAxis { InvalidAxis(option: option, reason: reason) }
    let t = text.trimmingWhitespace()
    guard !t.isEmpty else { throw fail("empty value") }
    if t.contains(":") {
      let parts = t.split(separator: ":", omittingEmptySubsequences: false).map { String($0) }
      guard parts.count == 3 else { throw fail("a range is start:stop:count, got \(MessageText.quoted(t))") }
      guard let a = number(parts[0]) else { throw fail("bad start value \(MessageText.quoted(parts[0]))") }
      guard let b = number(parts[1]) else { throw fail("bad stop value \(MessageText.quoted(parts[1]))") }
      guard let n = Int(parts[2].trimmingWhitespace()), n >= 1 else {
        throw fail("the count in start:stop:count must be a whole number ≥ 1, got \(MessageText.quoted(parts[2]))")
      }
      guard n <= 100_000_000 else { throw fail("\(n) points on one axis is more than this tool will plan") }
      if n == 1 {
        guard a == b else { throw fail("a range of 1 point needs start = stop") }
        return [a]
      }
      let m = Double(n - 1)
      return (0..<n).map { i in
        if i == 0 { return a }
        if i == n - 1 { return b }
        let (wa, wb) = (Double(n - 1 - i), Double(i))
        switch spacing {
        case .linear: return decimalRounded((a * wa + b * wb) / m)
        case .logarithmic: return pow(10, (log10(a) * wa + log10(b) * wb) / m)
        }
      }
    }
    var values: [Double] = []
    for piece in t.split(separator: ",", omittingEmptySubsequences: false) {
      guard let v = number(String(piece)) else { throw fail("bad value \(MessageText.quoted(String(piece)))") }
      values.append(v)
    }
    return values
  }

  /// How many values `text` stands for, without making them (`nil` if it does not parse as a count;
  /// ``parse(_:option:spacing:number:)`` then gives the error). Lets a caller refuse a grid whose
  /// size overflows before any axis is built.
  public static func count(_ text: String) -> Int? {
    let t = text.trimmingWhitespace()
    if t.contains(":") {
      let parts = t.split(separator: ":", omittingEmptySubsequences: false)
      guard parts.count == 3, let n = Int(String(parts[2]).trimmingWhitespace()), n >= 1 else { return nil }
      return n
    }
    return t.split(separator: ",", omittingEmptySubsequences: false).count
  }

  /// A linear grid point rounded to 15 significant digits, so that the decimal grid a user typed comes
  /// out as typed (0.05:0.2:4 gives 0.1 and 0.15, not 0.10000000000000002 and 0.15000000000000002).
  static func decimalRounded(_ v: Double) -> Double {
    guard v != 0, v.isFinite else { return v }
    return Double(String(format: "%.15g", v)) ?? v
  }

  /// The highest temperature a condition may name (K): far above any solid, far below where exp(−E/kT) and the
  /// T^1.5 densities of states stop being numbers the solver can use.
  public static let maximumTemperature = 1e5

  /// A temperature in K from `1073`, `1073K` or `800C` / `800°C`; `nil` unless finite, > 0 K and ≤ 1e5 K.
  public static func temperature(_ text: String) -> Double? {
    var t = text.trimmingWhitespace()
    var offset = 0.0
    if t.hasSuffix("°C") { t = String(t.dropLast(2)); offset = 273.15 }
    else if t.hasSuffix("C") || t.hasSuffix("c") { t = String(t.dropLast()); offset = 273.15 }
    else if t.hasSuffix("K") { t = String(t.dropLast()) }
    guard let v = Double(t.trimmingWhitespace()), v.isFinite else { return nil }
    let kelvin = v + offset
    return kelvin > 0 && kelvin <= maximumTemperature ? kelvin : nil
  }

  /// A pressure in atm; `nil` unless finite and > 0.
  public static func pressure(_ text: String) -> Double? {
    guard let v = Double(text.trimmingWhitespace()), v.isFinite, v > 0 else { return nil }
    return v
  }
}
