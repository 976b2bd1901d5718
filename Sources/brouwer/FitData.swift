import DefectChemistry
import Foundation

/// Measured data for `brouwer fit` (``MeasuredData``), read from the file `--data` names.
typealias FitData = MeasuredData

extension MeasuredData {
  static func read(_ path: String, model: DefectModel, observable: String?, uncertainty: String?,
                   constants: [String: Double]) throws -> MeasuredData {
    let csv = try CSVTable.read(path, option: "--data")
    do { return try MeasuredData.read(csv, model: model, observable: observable, uncertainty: uncertainty, constants: constants) } catch {
      throw InputError(error.description)
    }
  }
}

/// One `--data FILE[,KEY=VALUE…]` of `brouwer fit`: the file and its own settings (observable, uncertainty
/// column, residual kind, unit, single-valued conditions), which override the command's for this file.
struct DataSpec {
  var path: String
  var observable: String?
  var uncertainty: String?
  var residuals: Fit.ResidualChoice?
  var units: CSVLayout.ConcentrationUnit?
  var constants: [String: Double] = [:]

  static let keys = ["observable", "uncertainty", "residuals", "units", "T", "pO2", "pH2O", "pH2"]

  init(_ text: String) throws {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    path = parts[0]  // (an empty name is the reader's "no such file")
    for part in parts.dropFirst() {
      guard let eq = part.firstIndex(of: "="), !part[..<eq].isEmpty, part.index(after: eq) < part.endIndex else {
        throw InputError("--data \(path): expected KEY=VALUE after the file (keys: \(Self.keys.joined(separator: ", "))), got \"\(part)\"")
      }
      let key = String(part[..<eq]), value = String(part[part.index(after: eq)...])
      switch key {
      case "observable": observable = value
      case "uncertainty": uncertainty = value
      case "residuals":
        guard let r = Fit.ResidualChoice(rawValue: value) else { throw InputError("--data \(path): residuals must be auto, log or linear, got \"\(value)\"") }
        residuals = r
      case "units":
        guard let u = CSVLayout.ConcentrationUnit(argument: value) else { throw InputError("--data \(path): units must be fu, site or cm3, got \"\(value)\"") }
        units = u
      case "T":
        guard let t = AxisValues.temperature(value) else { throw InputError("--data \(path): T must be one temperature > 0 K (e.g. 1073 or 800C), got \"\(value)\"") }
        constants["T"] = t
      case "pO2", "pH2O", "pH2":
        guard let p = AxisValues.pressure(value) else { throw InputError("--data \(path): \(key) must be one pressure > 0 atm, got \"\(value)\"") }
        constants[key] = p
      default:
        throw InputError("--data \(path): unknown setting \"\(key)\" (keys: \(Self.keys.joined(separator: ", ")))")
      }
    }
  }
}
