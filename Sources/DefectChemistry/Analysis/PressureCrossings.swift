import Foundation
import GSL

/// Where, along pO2 at fixed T (and other pressures), an output quantity crosses a level or two
/// quantities cross each other — electrolytic-domain boundaries (t_ion = 0.5, 0.99) and Brouwer
/// regime changes ([Ce_Ce'] = 2[V_O..]).
///
/// Method: the equilibrium is solved on a scan of ln pO2 (`steps` points over the range) to find
/// sign changes of f, and each bracket is refined by GSL's Brent solver on ln pO2 until it is
/// narrower than the tolerance (default 1e-11 in log10 pO2, so the root is good to 1e-10). Two
/// roots closer than one scan step can be missed; the scan is the caller's choice.
public final class PressureCrossings {
  /// f(state) whose zeros are wanted.
  public enum Quantity: Sendable, Equatable {
    /// value(column) − level, e.g. t_ion − 0.5.
    case level(CSVLayout.Column, Double)
    /// ln value(a) − ln value(b), e.g. ln [Ce_Ce'] − ln [V_O..] (both must be > 0).
    case ratio(CSVLayout.Column, CSVLayout.Column)
  }

  public struct Crossing: Sendable, Equatable {
    public var log10pO2: Double
    /// f increases with pO2 through the crossing (t_ion rising: the n-side boundary of the domain).
    public var rising: Bool
  }

  public struct Failure: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  public let model: DefectModel
  /// Every column the model offers, by name (no grid: conditions are the caller's).
  public let catalog: ColumnCatalog
  private let values: ColumnValues
  private let solver: EquilibriumSolver
  private let brent = BracketedRoot()

  public init(model: DefectModel) throws(Failure) {
    guard model.pressureNames.contains("pO2") else { throw Failure(description: "\(model.name) exchanges no O2(g): there is no pO2 axis") }
    self.model = model
    catalog = ColumnCatalog(model: model)
    do { values = try ColumnValues(model: model) } catch { throw Failure(description: error.description) }
    solver = EquilibriumSolver(model: model)
  }

  /// The column named `name` (any accepted Kröger–Vink spelling for species).
  public func column(named name: String) -> CSVLayout.Column? {
    let columns = catalog.table
    return CSVLayout.index(ofColumn: name, in: columns.map(\.0)).map { columns[$0].1 }
  }

  /// f at ln pO2 = `lnP`, or a failure naming the point.
  public func value(of quantity: Quantity, temperature: Double, pressures: [String: Double], lnPO2: Double) throws(Failure) -> Double {
    var p = pressures
    p["pO2"] = exp(lnPO2)
    let state: EquilibriumState
    do { state = try solver.solve(Conditions(temperature: temperature, pressures: p)) } catch {
      throw Failure(description: error.description)
    }
    guard state.converged else {
      throw Failure(description: "the equilibrium did not converge at T = \(temperature) K, pO2 = \(exp(lnPO2)) atm")
    }
    var point = CSVLayout.Point(temperature: temperature, concentrations: state.concentrations, slopes: nil)
    func get(_ c: CSVLayout.Column) throws(Failure) -> Double {
      guard let v = values.value(c, of: &point), v.isFinite else {
        throw Failure(description: "\(name(c)) is undefined at T = \(temperature) K, pO2 = \(exp(lnPO2)) atm")
      }
      return v
    }
    switch quantity {
    case .level(let c, let level): return try get(c) - level
    case .ratio(let a, let b):
      let (va, vb) = (try get(a), try get(b))
      guard va > 0, vb > 0 else { throw Failure(description: "\(name(a)) and \(name(b)) must be > 0 to compare on a log scale") }
      return log(va) - log(vb)
    }
  }

  /// Every crossing of `quantity` in [10^lower, 10^upper] atm, in increasing pO2.
  public func crossings(of quantity: Quantity, temperature: Double, pressures: [String: Double] = [:],
                        log10Range: ClosedRange<Double>, steps: Int = 241, tolerance: Double = 1e-11) throws(Failure) -> [Crossing] {
    let a = log10Range.lowerBound * M_LN10, b = log10Range.upperBound * M_LN10
    let n = max(2, steps)
    var found: [Crossing] = []
    var previous = (x: a, f: try value(of: quantity, temperature: temperature, pressures: pressures, lnPO2: a))
    for k in 1..<n {
      let x = k == n - 1 ? b : a + (b - a) * Double(k) / Double(n - 1)
      let f = try value(of: quantity, temperature: temperature, pressures: pressures, lnPO2: x)
      defer { previous = (x, f) }
      if f == 0 { found.append(Crossing(log10pO2: x / M_LN10, rising: f > previous.f)); continue }
      guard previous.f != 0, (f > 0) != (previous.f > 0) else { continue }
      var failure: Failure?
      let root: BracketedRoot.Result
      do {
        root = try brent.solve(from: previous.x, to: x, absolute: tolerance * M_LN10) { lnP in
          switch self.result(of: quantity, temperature: temperature, pressures: pressures, lnPO2: lnP) {
          case .success(let v): return v
          case .failure(let error):
            failure = error
            return nil
          }
        }
      } catch {
        throw failure ?? Failure(description: error.description)
      }
      found.append(Crossing(log10pO2: root.root / M_LN10, rising: f > previous.f))
    }
    return found
  }

  private func result(of quantity: Quantity, temperature: Double, pressures: [String: Double], lnPO2: Double) -> Result<Double, Failure> {
    do { return .success(try value(of: quantity, temperature: temperature, pressures: pressures, lnPO2: lnPO2)) } catch {
      return .failure(error)
    }
  }

  /// The header of a column, for messages.
  public func name(_ c: CSVLayout.Column) -> String {
    catalog.table.first { $0.1 == c }?.0 ?? "\(c)"
  }
}
