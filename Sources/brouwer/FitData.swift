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
/// column, residual kind, unit, single-valued conditions, anneal state), which override the command's for
/// this file.
struct DataSpec {
  var path: String
  var observable: String?
  var uncertainty: String?
  var residuals: Fit.ResidualChoice?
  var units: CSVLayout.ConcentrationUnit?
  var constants: [String: Double] = [:]
  /// This file's own anneal-and-quench state (`anneal-T=`, `anneal-pO2=`, `anneal-pH2O=`, `frozen=` — the
  /// keys of `--anneal T,pO2,pH2O` and `--frozen`), or `anneal=none` (measured in equilibrium).
  var annealTemperature: Double?
  var annealPressures: [String: Double] = [:]
  var frozen: [String] = []
  var equilibrium = false

  static let keys = ["observable", "uncertainty", "residuals", "units", "T", "pO2", "pH2O", "pH2",
                     "anneal-T", "anneal-pO2", "anneal-pH2O", "frozen", "anneal"]

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
      case "anneal-T":
        guard let t = AxisValues.temperature(value) else {
          throw InputError("--data \(path): anneal-T must be one temperature > 0 K (e.g. 1673 or 1400C), got \"\(value)\"")
        }
        annealTemperature = t
      case "anneal-pO2", "anneal-pH2O":
        guard let p = AxisValues.pressure(value) else { throw InputError("--data \(path): \(key) must be one pressure > 0 atm, got \"\(value)\"") }
        annealPressures[String(key.dropFirst(7))] = p
      case "frozen":  // one label per key (a label list would need commas): frozen=V_O..,frozen=(Gd_Ce V_O).
        if frozen.contains(value) { throw InputError("--data \(path): frozen=\(value) is given twice") }
        frozen.append(value)
      case "anneal":
        guard value == "none" else {
          throw InputError("--data \(path): anneal takes only none (this file was measured in equilibrium, whatever --anneal says); give its anneal state as anneal-T=…,anneal-pO2=…, got \"\(value)\"")
        }
        equilibrium = true
      default:
        throw InputError("--data \(path): unknown setting \"\(key)\" (keys: \(Self.keys.joined(separator: ", ")))")
      }
    }
    let annealKeys = (annealPressures.keys.sorted().map { "anneal-\($0)" } + (frozen.isEmpty ? [] : ["frozen"]))
    if equilibrium, let other = annealTemperature != nil ? "anneal-T" : annealKeys.first {
      throw InputError("--data \(path): anneal=none (measured in equilibrium) contradicts \(other)=")
    }
    if annealTemperature == nil, let first = annealKeys.first {
      throw InputError("--data \(path): \(first)= needs anneal-T= (the anneal temperature of this file, e.g. anneal-T=1400C)")
    }
  }

  /// The anneal history this file is fitted with: its own (`anneal-T=` …), none (`anneal=none`), or else
  /// `shared`, the command's `--anneal`. An own history is quenched once here, so that a bad one is bad input
  /// naming this file and its keys, and a note says what it froze (`dataSet`: 1-based, for the note).
  func history(for model: DefectModel, shared: AnnealQuench?, dataSet: Int) throws -> AnnealQuench? {
    if equilibrium { return nil }
    guard let annealTemperature else { return shared }
    for name in annealPressures.keys.sorted() where !model.pressureNames.contains(name) {
      throw InputError("--data \(path): anneal-\(name)=: \(model.name) does not exchange \(name.dropFirst())(g)")
    }
    for name in model.pressureNames where annealPressures[name] == nil {
      guard ["pO2", "pH2O"].contains(name) else {
        throw InputError("--data \(path): \(model.name) exchanges \(name.dropFirst())(g), whose anneal pressure cannot be set")
      }
      throw InputError("--data \(path): \(model.name) exchanges \(name.dropFirst())(g): give anneal-\(name)= with anneal-T=")
    }
    let history = AnnealQuench(anneal: Conditions(temperature: annealTemperature, pressures: annealPressures),
                               frozen: frozen.isEmpty ? nil : frozen)
    do {
      let outcome = try history.quench(model)
      Warnings.add("brouwer: start: data set \(dataSet) (\(path)): " + AnnealOptions.describe(outcome, model: model))
    } catch {
      let state = (["anneal-T=\(CSVLayout.number(annealTemperature)) K"]
        + annealPressures.keys.sorted().map { "anneal-\($0)=\(CSVLayout.number(annealPressures[$0]!)) atm" }).joined(separator: ", ")
      throw InputError("--data \(path): \(error.file == "--frozen" ? "frozen=" : "the anneal state (\(state))"): \(error.message)")
    }
    return history
  }

  /// Per file, the anneal history it is fitted with (``history(for:shared:dataSet:)``), the command's
  /// `--anneal` (`annealing`) for files without their own.
  static func histories(_ specs: [DataSpec], for model: DefectModel, command annealing: AnnealOptions) throws -> [AnnealQuench?] {
    let shared = try annealing.history(for: model)
    let histories = try specs.enumerated().map { k, spec in try spec.history(for: model, shared: shared, dataSet: k + 1) }
    if shared != nil && specs.allSatisfy({ $0.equilibrium || $0.annealTemperature != nil }) {
      Warnings.add("brouwer: warning: --anneal applies to no data set (each has its own anneal-T= or anneal=none)")
    }
    return histories
  }
}
