/// A fit as a front end receives it — `--fit NAME[@K][=START]` items and the conditions held for every row
/// (`--T`, `--pO2`, `--pH2O`, `--pH2`) — parsed once for the command line and the C interface, with the command
/// line's messages.
public enum FitRequest {
  public struct Invalid: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  /// The parameters named by `items` (`NAME`, `NAME=START`, `NAME@K` for the K-th of `dataSets` data sets
  /// only), their scopes (data-set index or nil: shared) and start values (the model's own when none is given).
  public static func parameters(_ items: [String], model: DefectModel, dataSets: Int = 1) throws(Invalid)
    -> (parameters: [DefectModel.Parameter], scopes: [Int?], starts: [Double])
  {
    guard !items.isEmpty else { throw Invalid(description: "--fit: name at least one parameter to fit (e.g. --fit \"Gd_Ce'\")") }
    var parameters: [DefectModel.Parameter] = [], scopes: [Int?] = [], starts: [Double] = []
    for text in items {
      var full = text.trimmingWhitespace(), value: String?
      if let eq = text.firstIndex(of: "=") {
        full = String(text[..<eq]).trimmingWhitespace()
        guard !full.isEmpty else { throw Invalid(description: "--fit: expected NAME or NAME=VALUE, got \"\(text)\"") }
        value = String(text[text.index(after: eq)...])
      }
      var name = full
      var scope: Int?
      if let at = full.lastIndex(of: "@"), let k = Int(full[full.index(after: at)...]) {
        guard (1...max(1, dataSets)).contains(k) else {
          throw Invalid(description: "--fit \(full): @\(k) names data set \(k), but there \(dataSets == 1 ? "is 1 --data" : "are \(dataSets) --data")")
        }
        name = String(full[..<at])
        scope = k - 1
      }
      let p: DefectModel.Parameter
      do { p = try model.parameter(named: name) } catch {
        throw Invalid(description: error.description.replacingOccurrences(of: "--set", with: "--fit"))
      }
      for (q, s) in zip(parameters, scopes) where q == p && (s == nil || scope == nil || s == scope) {
        throw Invalid(description: "--fit: \(model.describe(p)) is named twice (give each parameter once, or once per data set with @K)")
      }
      parameters.append(p)
      scopes.append(scope)
      guard let value else {
        starts.append(model.value(of: p))
        continue
      }
      guard let v = model.parseValue(value, for: p) else { throw Invalid(description: "--fit \(name): bad start value \"\(value)\"") }
      // a start the model cannot take (a level ≤ 0 or beyond its sites) is bad input
      if p.isLogarithmic {
        guard v > 0 else { throw Invalid(description: "--fit \(name): the start value must be > 0, got \(value)") }
      }
      do { _ = try model.setting(p, to: v) } catch { throw Invalid(description: "--fit \(name)=\(value): \(error.message)") }
      starts.append(v)
    }
    return (parameters, scopes, starts)
  }

  /// The conditions held for every row: `temperature` (`--T`) and `pressures` (name → the text of `--NAME`;
  /// nil: from the data), as `T` and pressure names → values.
  public static func constants(temperature: String?, pressures: [(String, String?)]) throws(Invalid) -> [String: Double] {
    var constants: [String: Double] = [:]
    if let temperature {
      guard let t = AxisValues.temperature(temperature) else {
        throw Invalid(description: "--T: one temperature > 0 K for every row (e.g. 1073 or 800C), got \"\(temperature)\"")
      }
      constants["T"] = t
    }
    for (name, text) in pressures {
      guard let text else { continue }
      guard let p = AxisValues.pressure(text) else { throw Invalid(description: "--\(name): one pressure > 0 atm for every row, got \"\(text)\"") }
      constants[name] = p
    }
    return constants
  }
}
