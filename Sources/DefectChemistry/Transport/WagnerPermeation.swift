import Foundation
import GSL

/// Oxygen permeation through a dense mixed-conducting membrane, Wagner's equation:
///
///     J_O2 = R·T / (16·F²·L) · ∫_{ln p″}^{ln p′} σ_amb(T, pO2) d ln pO2      (mol cm⁻² s⁻¹)
///
/// with σ_amb = σ_ion·σ_el/(σ_ion + σ_el) from the equilibrium state at each pO2 (bulk-limited
/// transport, local equilibrium, no surface resistance), L in cm, integrated by GSL `qags` with its
/// error estimate. 1 mol O2 = 22 414 mL(STP).
public final class WagnerPermeation {
  public let model: DefectModel
  private let solver: EquilibriumSolver
  /// The model's derived-quantity tables, built once (σ_amb at every point of the integral).
  private let derived: DerivedQuantities
  private let quadrature = Quadrature()

  public struct Flux: Sendable {
    /// ∫ σ_amb d ln pO2 in S/cm.
    public var integral: Double
    public var integralError: Double
    /// J_O2 in mol cm⁻² s⁻¹ for the given thickness.
    public var molar: Double
    public var molarError: Double
    public var evaluations: Int
    /// J_O2 in mL(STP) cm⁻² min⁻¹.
    public var standardMillilitresPerMinute: Double { molar * PhysicalConstants.molarVolumeSTP * 60 }
  }

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  public init(model: DefectModel) throws(Failure) {
    guard model.pressureNames.contains("pO2") else { throw Failure(description: "\(model.name) does not exchange O2(g)") }
    guard model.hasTransport else {
      throw Failure(description: "\(model.name) has no transport data (mobilities and density): σ_amb is unknown")
    }
    self.model = model
    derived = model.derivedQuantities
    solver = EquilibriumSolver(model: model)
  }

  /// σ_amb (S/cm) at one state; `nil` if the point does not converge.
  public func ambipolarConductivity(temperature: Double, pO2: Double, others: [String: Double]) -> Double? {
    var pressures = others
    pressures["pO2"] = pO2
    guard let state = try? solver.solve(Conditions(temperature: temperature, pressures: pressures), continuation: true),
          state.converged
    else { return nil }
    return TransportProperties(derived, temperature: temperature, concentrations: state.concentrations)?.ambipolar
  }

  /// J_O2 from `feed` (p′) to `permeate` (p″) atm through `thickness` cm at `temperature` K.
  /// `others` gives any other pressure the model needs (e.g. pH2O).
  public func flux(temperature: Double, feed: Double, permeate: Double, thickness: Double,
                   others: [String: Double] = [:], relativeTolerance: Double = 1e-8) throws(Failure) -> Flux {
    guard temperature.isFinite, temperature > 0 else { throw Failure(description: "T must be > 0 K") }
    guard feed.isFinite, permeate.isFinite, feed > 0, permeate > 0 else { throw Failure(description: "pressures must be > 0 atm") }
    guard thickness.isFinite, thickness > 0 else { throw Failure(description: "thickness must be > 0") }
    solver.resetContinuation()
    let result: Quadrature.Result
    do {
      result = try quadrature.integrate(from: log(permeate), to: log(feed), relative: relativeTolerance) { lnP in
        self.ambipolarConductivity(temperature: temperature, pO2: exp(lnP), others: others)
      }
    } catch {
      throw Failure(description: "Wagner integral at T = \(temperature) K: \(error.description)")
    }
    let F = PhysicalConstants.faraday
    let prefactor = PhysicalConstants.gasConstant * temperature / (16 * F * F * thickness)
    return Flux(integral: result.value, integralError: result.absoluteError, molar: prefactor * result.value,
                molarError: prefactor * result.absoluteError, evaluations: result.evaluations)
  }
}
