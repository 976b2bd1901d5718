import Foundation
import GSL

/// Partial conductivities (S/cm) of an electrolyte at one point of the path between the two sides: the
/// oxygen-ion carriers (vacancies, interstitials), protons, and electrons/holes.
public struct CellConductivities: Sendable, Equatable {
  public var oxideIon: Double
  public var proton: Double
  public var electronic: Double
  public init(oxideIon: Double, proton: Double = 0, electronic: Double) {
    self.oxideIon = oxideIon
    self.proton = proton
    self.electronic = electronic
  }
  public var ionic: Double { oxideIon + proton }
  public var total: Double { ionic + electronic }
  /// t_ion = (σ_O + σ_H)/σ_total.
  public var ionicTransference: Double { ionic / total }
  /// t_el = σ_el/σ_total.
  public var electronicTransference: Double { electronic / total }
  /// t_H = σ_H/σ_total.
  public var protonTransference: Double { proton / total }
  /// σ_amb = σ_ion·σ_el/σ_total.
  public var ambipolar: Double { ionic * electronic / total }
}

/// The straight path between the anode (fuel, low pO2) and the cathode (high pO2) side in
/// (ln pO2, ln pH2O); without water (`lnPH2O…` nil) only ln pO2 varies.
public struct CellPath: Sendable, Equatable {
  public var lnPO2Anode: Double
  public var lnPO2Cathode: Double
  public var lnPH2OAnode: Double?
  public var lnPH2OCathode: Double?
  public init(pO2Anode: Double, pO2Cathode: Double, pH2OAnode: Double? = nil, pH2OCathode: Double? = nil) {
    lnPO2Anode = log(pO2Anode)
    lnPO2Cathode = log(pO2Cathode)
    lnPH2OAnode = pH2OAnode.map(log)
    lnPH2OCathode = pH2OCathode.map(log)
  }
  /// ln pH2O − … between the sides (0 without water or with equal water on both sides).
  public var waterDifference: Double {
    guard let a = lnPH2OAnode, let c = lnPH2OCathode else { return 0 }
    return c - a
  }
  /// (ln pO2, ln pH2O) at s ∈ [0, 1] from the anode (0) to the cathode (1).
  func point(_ s: Double) -> (Double, Double?) {
    let u = lnPO2Anode + s * (lnPO2Cathode - lnPO2Anode)
    guard let a = lnPH2OAnode, let c = lnPH2OCathode else { return (u, lnPH2OAnode ?? lnPH2OCathode) }
    return (u, a + s * (c - a))
  }
}

/// Cell quantities of a mixed-conducting electrolyte of thickness L between two reversible electrodes
/// (docs/theory.md §8.7): steady 1-D transport, local equilibrium, each current constant across the
/// membrane. Currents are per cm², positive from the cathode (high pO2) to the anode inside the
/// electrolyte, i.e. positive I is the current a fuel cell delivers; V is the cathode's potential minus
/// the anode's.
///
/// - Open circuit: E_OC = (RT/4F)∫ t_ion d ln pO2 − (RT/2F)∫ t_H d ln pH2O along the straight path in
///   (ln pO2, ln pH2O) (the path is an assumption when both vary); Nernst E_N = (RT/4F) ln(p′/p″); the
///   electronic leakage i_leak = (RT/4FL)∫ σ_amb d ln pO2 (= 4F × the Wagner O2 flux), with water the same
///   on both sides.
/// - Under a current I: dμ_O2/dx = 4F(i_ion/σ_ion − i_el/σ_el), i_ion + i_el = I, so
///   L = (RT/4F)∫ σ_amb/(i_ion − I·t_ion) d ln pO2 fixes i_ion (a bracketed root), and
///   V = (RT/4F)∫ (i_ion − I)·t_ion/(i_ion − I·t_ion) d ln pO2.
/// - Under a voltage V: I from an outer bracketed root of V(I).
///
/// The profile gives the partial conductivities at (ln pO2, ln pH2O); every integral is GSL `qags`.
public final class ElectrolyteCell {
  public typealias Profile = (_ lnPO2: Double, _ lnPH2O: Double?) -> CellConductivities?

  private let profile: Profile
  private let quadrature = Quadrature()
  private let inner = BracketedRoot()
  private let outer = BracketedRoot()
  /// Relative tolerance of every quadrature.
  public var relativeTolerance = 1e-11

  public struct Failure: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  public struct OpenCircuit: Sendable, Equatable {
    /// (RT/4F) ln(p′/p″) in V.
    public var nernst: Double
    /// E_OC in V.
    public var voltage: Double
    /// The electronic leakage current density at open circuit (A/cm², ≥ 0); `nil` when the water
    /// pressure differs between the sides (the 1-D profile is not fixed by the pO2 path then).
    public var leakage: Double?
    /// ∫ σ_amb d ln pO2 (S/cm) behind the leakage.
    public var ambipolarIntegral: Double?
  }

  public struct Operating: Sendable, Equatable {
    /// Cell current density I (A/cm²; > 0 galvanic/fuel cell, < 0 driven/pumping).
    public var current: Double
    /// Terminal voltage V (cathode − anode) in V.
    public var voltage: Double
    /// Ionic and electronic current densities (A/cm², same sign convention); i_ion + i_el = I.
    public var ionicCurrent: Double
    public var electronicCurrent: Double
    /// I/i_ion for I ≥ 0 (the share of the ionic oxygen flux that reaches the external circuit), i_ion/I
    /// for I < 0 (the share of the driven current that moves oxygen).
    public var faradaicEfficiency: Double {
      current >= 0 ? (ionicCurrent == 0 ? 0 : current / ionicCurrent) : ionicCurrent / current
    }
    /// V·I in W/cm² (> 0: the cell delivers power).
    public var power: Double { voltage * current }
  }

  /// Per path (T, ln pO2 of both sides, ln pH2O): ∫σ_amb d ln pO2 and the extremes of t_el (by whether I < 0).
  /// The profile must depend on (T, ln pO2, ln pH2O) only, as ``ModelProfile`` does.
  private var cache: (key: [Double], ambipolar: Double?, extremes: [Bool: (value: Double, at: Double)]) = ([], nil, [:])

  public init(profile: @escaping Profile) { self.profile = profile }

  // MARK: - Open circuit

  public func openCircuit(temperature T: Double, path: CellPath, thickness L: Double) throws(Failure) -> OpenCircuit {
    try check(T, path, L)
    let F = PhysicalConstants.faraday, RT = PhysicalConstants.gasConstant * T
    let du = path.lnPO2Cathode - path.lnPO2Anode, dv = path.waterDifference
    // ∫₀¹ (t_ion·Δu − 2·t_H·Δv) ds
    let e = try integrate(0, 1, "the open-circuit voltage") { s in
      let (u, v) = path.point(s)
      guard let c = self.profile(u, v), c.total > 0 else { return nil }
      return c.ionicTransference * du - 2 * c.protonTransference * dv
    }
    var leakage: Double?, integral: Double?
    if dv == 0 {
      let water = path.lnPH2OAnode ?? path.lnPH2OCathode
      let a = try integrate(path.lnPO2Anode, path.lnPO2Cathode, "the leakage current") { u in
        guard let c = self.profile(u, water), c.total > 0 else { return nil }
        return c.ambipolar
      }
      integral = a
      leakage = RT / (4 * F * L) * a
    }
    return OpenCircuit(nernst: RT / (4 * F) * du, voltage: RT / (4 * F) * e, leakage: leakage, ambipolarIntegral: integral)
  }

  // MARK: - Under load

  /// The steady state carrying `current` (A/cm²).
  public func underCurrent(temperature T: Double, path: CellPath, thickness L: Double, current I: Double) throws(Failure) -> Operating {
    try check(T, path, L)
    guard I.isFinite else { throw Failure(description: "the current must be a finite number") }
    guard path.waterDifference == 0 else {
      throw Failure(description: "a cell under load needs the same pH2O on both sides (the water profile is not modelled)")
    }
    let water = path.lnPH2OAnode ?? path.lnPH2OCathode
    let a = path.lnPO2Anode, b = path.lnPO2Cathode
    let RT4F = PhysicalConstants.gasConstant * T / (4 * PhysicalConstants.faraday)
    func state(_ u: Double) -> CellConductivities? {
      guard let c = profile(u, water), c.total > 0 else { return nil }
      return c
    }
    // ∫σ_amb and the extremes of t_el do not depend on I or L: kept for the next call on the same path
    let key = [T, a, b, water ?? .nan]
    if cache.key.count != 4 || !zip(cache.key, key).allSatisfy({ $0 == $1 || ($0.isNaN && $1.isNaN) }) {
      cache = (key, nil, [:])
    }
    let ambipolar: Double
    if let known = cache.ambipolar { ambipolar = known } else {
      ambipolar = try integrate(a, b, "the leakage current") { u in state(u)?.ambipolar }
      cache.ambipolar = ambipolar
    }
    guard ambipolar > 0 else {
      throw Failure(description: "no electronic (or no ionic) conduction along the path: the current does not fix a steady profile")
    }
    let openIonic = RT4F * ambipolar / L
    if I == 0 {
      let oc = try integrate(a, b, "the open-circuit voltage") { u in state(u)?.ionicTransference }
      return Operating(current: 0, voltage: RT4F * oc, ionicCurrent: openIonic, electronicCurrent: -openIonic)
    }
    // dμ/dx ∝ i_ion − I·t_ion = I·t_el − i_el must keep its sign (> 0) along the whole path, else there is
    // no monotone profile: i_el < I·min t_el (I > 0) or I·max t_el (I < 0). With that extreme τ* (a grid
    // and golden section) the unknown is e = I·τ* − i_el > 0, and every denominator
    // I·(t_el(u) − τ*) + e is a sum of non-negative terms (no cancellation when t_el → 0).
    let extreme: (value: Double, at: Double)
    if let known = cache.extremes[I < 0] { extreme = known } else {
      extreme = try extremeTransference(a, b, largest: I < 0, state)
      cache.extremes[I < 0] = extreme
    }
    let (tau, peak) = extreme
    // L(e) falls from +∞ at e → 0 to 0: solve ln L(e) = ln L in σ = ln e.
    // nil: a state did not converge or the integral failed (the search fails); +50: below the bound
    // somewhere (as if infinitely thick, which steers the bracket away).
    var unconverged = false
    func lengthLog(_ sigma: Double) -> Double? {
      let e = exp(sigma)
      var below = false
      guard let l = try? self.integratePeaked(a, b, at: peak, "the thickness integral", { u in
        guard let c = state(u) else { unconverged = true; return nil }
        let d = I * (c.electronicTransference - tau) + e
        if d <= 0 { below = true }
        return d > 0 ? c.ambipolar / d : nil
      }) else {
        if below { return 50 }
        return nil
      }
      return l > 0 ? log(RT4F * l) - log(L) : -50
    }
    let scale = log(max(abs(I) * max(abs(tau), 1e-300), openIonic))
    var hi = scale, lo = scale
    var fHi = lengthLog(hi), fLo = fHi
    var steps = 0
    // below e ≈ 1e-13·|I|·τ* the denominators near the extreme of t_el differ from I·(t_el − τ*) by less
    // than double precision resolves: the whole thickness would sit in a pO2 interval too narrow to integrate
    let floor = log(max(abs(I * tau) * 1e-13, 1e-300))
    while let f = fHi, f > 0, steps < 200 { hi += 1.5; fHi = lengthLog(hi); steps += 1 }
    while let f = fLo, f < 0, lo > floor { lo = max(lo - 1.5, floor); fLo = lengthLog(lo) }
    if unconverged { throw Failure(description: "I = \(I) A/cm² at T = \(T) K: a state on the pO2 path did not converge") }
    guard let h = fHi, let l = fLo, h <= 0, l >= 0 else {
      throw Failure(description: "I = \(I) A/cm² at T = \(T) K: the ohmic drop dominates so far that the steady profile sits in a pO2 interval narrower than double precision resolves (a smaller current or thickness is computable)")
    }
    let sigma: Double
    if h == 0 { sigma = hi } else if l == 0 { sigma = lo } else {
      do { sigma = try inner.solve(from: lo, to: hi, absolute: 1e-13, maxIterations: 400) { lengthLog($0) }.root } catch {
        throw Failure(description: "the electronic current at I = \(I) A/cm², T = \(T) K: \(error.description)")
      }
    }
    let e = exp(sigma)
    let electronic = I * tau - e
    // V = (RT/4F)∫ (−i_el)·t_ion/(I·t_el − i_el) d ln pO2
    let v = try integratePeaked(a, b, at: peak, "the terminal voltage") { u in
      guard let c = state(u) else { return nil }
      let d = I * (c.electronicTransference - tau) + e
      return d > 0 ? -electronic * c.ionicTransference / d : nil
    }
    let i = I - electronic
    return Operating(current: I, voltage: RT4F * v, ionicCurrent: i, electronicCurrent: electronic)
  }

  /// The steady state at terminal voltage `voltage` (V): I from a bracketed root of V(I) − voltage.
  public func underVoltage(temperature T: Double, path: CellPath, thickness L: Double, voltage V: Double) throws(Failure) -> Operating {
    try check(T, path, L)
    guard V.isFinite else { throw Failure(description: "the voltage must be a finite number") }
    let open = try underCurrent(temperature: T, path: path, thickness: L, current: 0)
    if V == open.voltage { return open }
    // V(I) falls with I: step away from I = 0 (on the scale of the open-circuit ionic current, or of the
    // current through the total conductance) until V − target changes sign.
    var states: [Double: Operating] = [0: open]
    func g(_ I: Double) -> Double? {
      if let s = states[I] { return s.voltage - V }
      guard let s = try? underCurrent(temperature: T, path: path, thickness: L, current: I) else { return nil }
      states[I] = s
      return s.voltage - V
    }
    let direction: Double = V < open.voltage ? 1 : -1
    var step = max(abs(open.ionicCurrent), 1e-12)
    var near = 0.0, far = direction * step
    var steps = 0
    while true {
      guard let f = g(far) else { throw Failure(description: "no steady state near I = \(far) A/cm² at T = \(T) K") }
      if direction > 0 ? f <= 0 : f >= 0 { break }
      steps += 1
      guard steps < 200 else { throw Failure(description: "no current gives V = \(V) V at T = \(T) K") }
      near = far
      step *= 4
      far = direction * step
    }
    let I: Double
    do {
      I = try outer.solve(from: near, to: far, absolute: 1e-14 * max(abs(far), 1e-300), maxIterations: 300) { g($0) }.root
    } catch {
      throw Failure(description: "the current at V = \(V) V, T = \(T) K: \(error.description)")
    }
    if let s = states[I] { return s }
    return try underCurrent(temperature: T, path: path, thickness: L, current: I)
  }

  // MARK: - Helpers

  private func check(_ T: Double, _ path: CellPath, _ L: Double) throws(Failure) {
    guard T.isFinite, T > 0 else { throw Failure(description: "T must be > 0 K") }
    guard L.isFinite, L > 0 else { throw Failure(description: "the thickness must be > 0") }
    guard path.lnPO2Anode.isFinite, path.lnPO2Cathode.isFinite else { throw Failure(description: "pO2 must be > 0 atm on both sides") }
    guard path.lnPO2Cathode > path.lnPO2Anode else {
      throw Failure(description: path.lnPO2Cathode == path.lnPO2Anode
        ? "the two sides have the same pO2: there is no driving force"
        : "the cathode pO2 is below the anode pO2 (swap the sides)")
    }
  }

  /// ∫ f from a to b to ``relativeTolerance``; a sharply peaked integrand (a thick cell under a large
  /// current) whose tolerance QAGS cannot reach for roundoff is integrated again to 1e-9, then 1e-7.
  private func integrate(_ a: Double, _ b: Double, _ what: String, _ f: @escaping (Double) -> Double?) throws(Failure) -> Double {
    var tolerance = relativeTolerance
    while true {
      do { return try quadrature.integrate(from: a, to: b, relative: tolerance, f).value } catch {
        // GSL_EBADFUNC (9): the integrand itself failed; no tolerance helps
        guard error.status != 9, tolerance < 1e-7 else { throw Failure(description: "\(what): \(error.description)") }
        tolerance = max(tolerance * 100, 1e-9)
      }
    }
  }

  /// max (or min) of t_el over [a, b] in ln pO2: the best of 65 grid points, refined by golden section
  /// between its neighbours.
  private func extremeTransference(_ a: Double, _ b: Double, largest: Bool,
                                   _ state: (Double) -> CellConductivities?) throws(Failure) -> (value: Double, at: Double) {
    let n = 64
    let sign = largest ? 1.0 : -1.0
    func value(_ u: Double) throws(Failure) -> Double {
      guard let c = state(u) else { throw Failure(description: "no converged state at ln pO2 = \(u)") }
      return sign * c.electronicTransference
    }
    var best = 0, bestValue = -Double.infinity
    for k in 0...n {
      let v = try value(a + (b - a) * Double(k) / Double(n))
      if v > bestValue { best = k; bestValue = v }
    }
    var lo = a + (b - a) * Double(max(best - 1, 0)) / Double(n)
    var hi = a + (b - a) * Double(min(best + 1, n)) / Double(n)
    let r = (sqrt(5.0) - 1) / 2
    var x1 = hi - r * (hi - lo), x2 = lo + r * (hi - lo)
    var f1 = try value(x1), f2 = try value(x2)
    for _ in 0..<60 {
      if f1 > f2 { hi = x2; x2 = x1; f2 = f1; x1 = hi - r * (hi - lo); f1 = try value(x1) } else {
        lo = x1; x1 = x2; f1 = f2; x2 = lo + r * (hi - lo); f2 = try value(x2)
      }
    }
    let fa = try value(a), fb = try value(b)
    let candidates = [(bestValue, a + (b - a) * Double(best) / Double(n)), (f1, x1), (f2, x2), (fa, a), (fb, b)]
    let top = candidates.max { $0.0 < $1.0 }!
    return (sign * top.0, top.1)
  }

  /// ∫ f over [a, b] split at x* ± (b − a)·10⁻ᵏ (k = 1, 3, …, 15): for an integrand sharply peaked at x*
  /// (a near-logarithmic singularity there) that one adaptive pass cannot resolve.
  private func integrateSplit(_ a: Double, _ b: Double, at x: Double, _ what: String,
                              _ f: @escaping (Double) -> Double?) throws(Failure) -> Double {
    var points = [a, b, x]
    for k in stride(from: 1, through: 15, by: 2) {
      let d = (b - a) * pow(10, -Double(k))
      points += [x - d, x + d]
    }
    let sorted = Array(Set(points.filter { $0 >= a && $0 <= b })).sorted()
    var total = 0.0
    for (lo, hi) in zip(sorted, sorted.dropFirst()) where hi > lo { total += try integrate(lo, hi, what, f) }
    return total
  }

  /// ``integrate`` over [a, b], split at x* when one pass fails for other reasons than the integrand.
  private func integratePeaked(_ a: Double, _ b: Double, at x: Double, _ what: String,
                               _ f: @escaping (Double) -> Double?) throws(Failure) -> Double {
    var bad = false
    let g: (Double) -> Double? = { u in
      let v = f(u)
      if v == nil { bad = true }
      return v
    }
    do { return try integrate(a, b, what, g) } catch {
      if bad { throw error }
      return try integrateSplit(a, b, at: x, what, f)
    }
  }
}

extension ElectrolyteCell {
  /// A cell whose electrolyte is `model`: each point of the path an equilibrium state at `temperature`
  /// (set per call through ``ModelProfile``). Ionic carriers that hold hydrogen are protons, every other
  /// ionic carrier moves oxygen.
  public final class ModelProfile {
    public let model: DefectModel
    let solver: EquilibriumSolver
    let derived: DerivedQuantities
    /// Whether each carrier (in ``DerivedQuantities`` order) is ionic and whether it holds hydrogen.
    let kinds: [(species: Int, ionic: Bool, proton: Bool)]
    public var temperature: Double = 1000 {
      didSet { solver.resetContinuation() }
    }
    /// Pressures other than pO2 and pH2O the model needs (none for the built-ins).
    public var others: [String: Double] = [:]

    public init(model: DefectModel) throws(Failure) {
      guard model.pressureNames.contains("pO2") else { throw Failure(description: "\(model.name) does not exchange O2(g)") }
      guard model.hasTransport else {
        throw Failure(description: "\(model.name) has no transport data (mobilities and density): t_ion is unknown")
      }
      self.model = model
      let derived = model.derivedQuantities
      self.derived = derived
      solver = EquilibriumSolver(model: model)
      kinds = derived.carriers.map { ($0.species, $0.ionic, derived.hydrogen[$0.species] > 0) }
    }

    /// Partial conductivities at (ln pO2, ln pH2O); `nil` if the state does not converge.
    public func conductivities(lnPO2: Double, lnPH2O: Double?) -> CellConductivities? {
      var pressures = others
      pressures["pO2"] = exp(lnPO2)
      if let w = lnPH2O, model.pressureNames.contains("pH2O") { pressures["pH2O"] = exp(w) }
      guard let state = try? solver.solve(Conditions(temperature: temperature, pressures: pressures), continuation: true),
            state.converged,
            let t = TransportProperties(derived, temperature: temperature, concentrations: state.concentrations)
      else { return nil }
      var c = CellConductivities(oxideIon: 0, proton: 0, electronic: 0)
      for k in kinds {
        let s = t.partial[k.species]
        if !k.ionic { c.electronic += s } else if k.proton { c.proton += s } else { c.oxideIon += s }
      }
      return c
    }
  }
}
