import Foundation

/// The thermodynamic conditions of one equilibrium point: temperature and gas partial pressures.
public struct Conditions: Sendable, Equatable {
  /// Temperature in K.
  public var temperature: Double
  /// Partial pressures in atm (standard state p° = 1 atm), keyed `pO2`, `pH2O`, `pH2`, …
  public var pressures: [String: Double]

  public init(temperature: Double, pressures: [String: Double] = [:]) {
    self.temperature = temperature
    self.pressures = pressures
  }

  public init(temperature: Double, pO2: Double, pH2O: Double? = nil) {
    self.temperature = temperature
    self.pressures = ["pO2": pO2]
    if let pH2O { pressures["pH2O"] = pH2O }
  }

  public struct InvalidConditions: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  /// The natural logs of the pressures `model` needs, in the order of ``DefectModel/gases``.
  /// Throws if T or a needed pressure is missing, non-finite or not positive.
  public func lnPressures(for model: DefectModel) throws(InvalidConditions) -> [Double] {
    guard temperature.isFinite, temperature > 0 else {
      throw InvalidConditions(description: "temperature must be a finite number of kelvin > 0, got \(temperature)")
    }
    return try model.pressureNames.map { name throws(InvalidConditions) in
      guard let p = pressures[name] else {
        throw InvalidConditions(description: "\(model.name) exchanges \(name.dropFirst())(g): give \(name)")
      }
      guard p.isFinite, p > 0 else { throw InvalidConditions(description: "\(name) must be a finite pressure > 0 atm, got \(p)") }
      return log(p)
    }
  }
}
