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
