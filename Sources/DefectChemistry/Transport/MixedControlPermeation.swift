import Foundation

/// Oxygen flux under mixed bulk/surface control: the feed face, the bulk and the permeate face carry the
/// same J_O2 in series,
///
///     J = R_feed(p′, p₁) = RT/(16F²L)·∫_{ln p₂}^{ln p₁} σ_amb d ln pO2 = R_perm(p₂, p″)
///
/// where p₁, p₂ are the pO2 in equilibrium with the two surfaces and R_feed, R_perm the surface-exchange
/// rates of ``SurfaceExchange``. Everything is tabulated once on a grid in ln pO2 from p″ to p′ (one
/// equilibrium state per node); J is then found by bisection, each trial J giving p₁ and p₂ by inverting
/// the monotone surface rates. Linear interpolation between nodes: exact for the closed-form test
/// (constant σ_amb, c_O linear in ln pO2, J = J_bulk/(1 + 2L_c/L)), O(h²) otherwise.
public enum MixedControl {
  public struct Solution: Sendable, Equatable {
    public var flux: Double
    /// ln pO2 at the feed-side and the permeate-side surface.
    public var feedSurfaceLnP: Double
    public var permeateSurfaceLnP: Double
  }

  /// - Parameters:
  ///   - lnP: ascending grid from ln p″ (permeate) to ln p′ (feed).
  ///   - integral: ∫ σ_amb d ln pO2 from `lnP[0]` to each node (S/cm).
  ///   - prefactor: RT/(16F²L) (mol cm⁻² s⁻¹ per S/cm).
  ///   - feedRate: J through the feed face if its surface sat at each node (decreasing, 0 at the last node).
  ///   - permeateRate: J through the permeate face if its surface sat at each node (increasing, 0 at the first).
  public static func solve(lnP: [Double], integral: [Double], prefactor: Double,
                           feedRate: [Double], permeateRate: [Double]) -> Solution {
    let n = lnP.count
    precondition(n >= 2 && integral.count == n && feedRate.count == n && permeateRate.count == n)
    // x where a monotone tabulated y(x) takes the value `target` (linear between nodes, clamped).
    func invert(_ y: [Double], _ target: Double, increasing: Bool) -> Double {
      var lo = 0, hi = n - 1
      func below(_ i: Int) -> Bool { increasing ? y[i] <= target : y[i] >= target }
      if below(hi) { return lnP[hi] }
      if !below(lo) { return lnP[lo] }
      while hi - lo > 1 {
        let mid = (lo + hi) / 2
        if below(mid) { lo = mid } else { hi = mid }
      }
      let t = y[hi] == y[lo] ? 0 : (target - y[lo]) / (y[hi] - y[lo])
      return lnP[lo] + t * (lnP[hi] - lnP[lo])
    }
    func integralAt(_ x: Double) -> Double {
      var lo = 0, hi = n - 1
      if x <= lnP[0] { return integral[0] }
      if x >= lnP[hi] { return integral[hi] }
      while hi - lo > 1 {
        let mid = (lo + hi) / 2
        if lnP[mid] <= x { lo = mid } else { hi = mid }
      }
      let t = (x - lnP[lo]) / (lnP[hi] - lnP[lo])
      return integral[lo] + t * (integral[hi] - integral[lo])
    }
    func faces(_ j: Double) -> (Double, Double) {
      (invert(feedRate, j, increasing: false), invert(permeateRate, j, increasing: true))
    }
    // g(J) = bulk flux between the faces − J: positive at J = 0, ≤ 0 at the largest J a face can pass.
    var lo = 0.0
    var hi = min(feedRate[0], permeateRate[n - 1], prefactor * (integral[n - 1] - integral[0]))
    for _ in 0..<200 {
      let mid = 0.5 * (lo + hi)
      let (p1, p2) = faces(mid)
      let bulk = p1 > p2 ? prefactor * (integralAt(p1) - integralAt(p2)) : 0
      if bulk > mid { lo = mid } else { hi = mid }
      if hi - lo <= 1e-14 * hi { break }
    }
    let j = 0.5 * (lo + hi)
    let (p1, p2) = faces(j)
    return Solution(flux: j, feedSurfaceLnP: p1, permeateSurfaceLnP: p2)
  }
}

extension WagnerPermeation {
  /// Flux with surface exchange at both faces (mixed control), and the bulk-only flux over the same grid.
  public struct MixedFlux: Sendable {
    /// J_O2 under mixed control (mol cm⁻² s⁻¹).
    public var molar: Double
    /// J_O2 if both surfaces were in equilibrium with their gas (bulk-limited Wagner flux, same grid).
    public var bulkMolar: Double
    /// pO2 (atm) in equilibrium with the feed-side and the permeate-side surface.
    public var feedSurfacePO2: Double
    public var permeateSurfacePO2: Double
  }

  /// Mixed-control J_O2 from `feed` to `permeate` atm through `thickness` cm at `temperature` K with the
  /// surface kinetics `exchange` at both faces, on `points` grid nodes in ln pO2.
  public func mixedFlux(temperature: Double, feed: Double, permeate: Double, thickness: Double,
                        exchange: SurfaceExchange, others: [String: Double] = [:], points: Int = 1601) throws(Failure) -> MixedFlux {
    guard temperature.isFinite, temperature > 0 else { throw Failure(description: "T must be > 0 K") }
    guard feed.isFinite, permeate.isFinite, feed > permeate, permeate > 0 else {
      throw Failure(description: "mixed control needs feed > permeate > 0 atm")
    }
    guard thickness.isFinite, thickness > 0 else { throw Failure(description: "thickness must be > 0") }
    guard let density = model.formulaUnitDensity else { throw Failure(description: "\(model.name) has no density") }
    let avogadro = PhysicalConstants.avogadro
    let perMole = density / avogadro  // mol cm⁻³ per unit per formula unit
    let lnLow = log(permeate), lnHigh = log(feed)
    var lnP = [Double](), sigma = [Double](), oxygen = [Double]()
    let equilibrium = EquilibriumSolver(model: model)
    let derived = model.derivedQuantities
    for k in 0..<points {
      let x = k == points - 1 ? lnHigh : lnLow + (lnHigh - lnLow) * Double(k) / Double(points - 1)
      var pressures = others
      pressures["pO2"] = exp(x)
      guard let state = try? equilibrium.solve(Conditions(temperature: temperature, pressures: pressures), continuation: true),
            state.converged,
            let t = TransportProperties(derived, temperature: temperature, concentrations: state.concentrations)
      else { throw Failure(description: "no converged state at pO2 = \(exp(x)) atm, T = \(temperature) K") }
      lnP.append(x)
      sigma.append(t.ambipolar)
      oxygen.append(derived.oxygenContent(state.concentrations) * perMole)
    }
    var integral = [0.0]
    for k in 1..<points { integral.append(integral[k - 1] + 0.5 * (sigma[k] + sigma[k - 1]) * (lnP[k] - lnP[k - 1])) }
    let k = exchange.rateConstant(at: temperature)
    var feedRate = [Double](), permeateRate = [Double]()
    for i in 0..<points {
      switch exchange.law {
      case .kChem:
        feedRate.append(0.5 * k * (oxygen[points - 1] - oxygen[i]))
        permeateRate.append(0.5 * k * (oxygen[i] - oxygen[0]))
      case .exchangeRate(let n):
        feedRate.append(k * (exp(n * (lnHigh - lnP[i])) - 1))
        permeateRate.append(k * (1 - exp(n * (lnLow - lnP[i]))))
      }
    }
    let F = PhysicalConstants.faraday
    let prefactor = PhysicalConstants.gasConstant * temperature / (16 * F * F * thickness)
    let s = MixedControl.solve(lnP: lnP, integral: integral, prefactor: prefactor, feedRate: feedRate, permeateRate: permeateRate)
    return MixedFlux(molar: s.flux, bulkMolar: prefactor * integral[points - 1],
                     feedSurfacePO2: exp(s.feedSurfaceLnP), permeateSurfacePO2: exp(s.permeateSurfaceLnP))
  }
}
