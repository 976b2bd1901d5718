import Foundation

/// Cell quantities of an electrolyte over temperatures, thicknesses and load points, as typed rows: the
/// Nernst and open-circuit voltages and the electronic leakage always, the operating point under each given
/// current or voltage. A row whose quantities cannot be computed (a state on the path did not converge)
/// keeps its conditions and `converged = false`. ``header`` and ``line(_:)`` are the CSV `brouwer cell` prints.
public struct CellTable: Sendable {
  public enum Load: Sendable, Equatable {
    case openCircuit
    /// Current densities in A/cm² (> 0: the cell delivers current).
    case currents([Double])
    /// Terminal voltages in V.
    case voltages([Double])
  }

  public struct Row: Sendable {
    public var temperature: Double
    public var cathodePO2: Double?
    public var anodePO2: Double?
    public var cathodePH2O: Double?
    public var anodePH2O: Double?
    public var thickness: Double
    public var openCircuit: ElectrolyteCell.OpenCircuit?
    /// The given current or voltage of this row (`nil` at open circuit only).
    public var load: Double?
    public var operating: ElectrolyteCell.Operating?
    public var converged: Bool
    /// Why the row could not be computed (`nil` when it converged).
    public var failure: String?
  }

  public let rows: [Row]
  public let load: Load
  /// Whether the model exchanges water (pH2O columns).
  public let withWater: Bool

  /// Rows in the order T (outer), thickness, load point (inner). `water`: pH2O for a side whose gas gives none.
  public init(profile: ElectrolyteCell.ModelProfile, temperatures: [Double], cathode: CellGas, anode: CellGas,
              thicknesses: [Double], load: Load, water: Double? = nil) {
    let cell = ElectrolyteCell { profile.conductivities(lnPO2: $0, lnPH2O: $1) }
    let withWater = profile.model.pressureNames.contains("pH2O")
    var rows: [Row] = []
    let points: [Double?]
    switch load {
    case .openCircuit: points = [nil]
    case .currents(let values), .voltages(let values): points = values
    }
    for T in temperatures {
      profile.temperature = T
      let pc = cathode.oxygenPressure(at: T), pa = anode.oxygenPressure(at: T)
      let wc = withWater ? cathode.waterPressure ?? water : nil
      let wa = withWater ? anode.waterPressure ?? water : nil
      var path: CellPath?
      if let pc, let pa, !withWater || (wc != nil && wa != nil) {
        path = CellPath(pO2Anode: pa, pO2Cathode: pc, pH2OAnode: wa, pH2OCathode: wc)
      }
      // the open-circuit voltage does not depend on L, the leakage goes as 1/L: one integral per T
      var open: ElectrolyteCell.OpenCircuit?, openFailure: String?
      if let path {
        do { open = try cell.openCircuit(temperature: T, path: path, thickness: 1) } catch { openFailure = error.description }
      } else {
        openFailure = "no pO2 or pH2O for a side at T = \(T) K"
      }
      for L in thicknesses {
        var oc = open
        if let leak = oc?.leakage { oc?.leakage = leak / L }
        for x in points {
          var row = Row(temperature: T, cathodePO2: pc, anodePO2: pa, cathodePH2O: wc, anodePH2O: wa, thickness: L,
                        openCircuit: oc, load: x, operating: nil, converged: oc != nil, failure: openFailure)
          if let x, row.converged, let path {
            do {
              switch load {
              case .currents: row.operating = try cell.underCurrent(temperature: T, path: path, thickness: L, current: x)
              case .voltages: row.operating = try cell.underVoltage(temperature: T, path: path, thickness: L, voltage: x)
              case .openCircuit: break
              }
            } catch {
              row.converged = false
              row.failure = error.description
            }
          }
          rows.append(row)
        }
      }
    }
    self.rows = rows
    self.load = load
    self.withWater = withWater
  }

  /// Rows whose quantities could not be computed.
  public var failures: Int { rows.filter { !$0.converged }.count }
  /// The reason of the first row that could not be computed.
  public var firstFailure: String? { rows.first { !$0.converged }?.failure }

  /// The CSV header (with line ending).
  public var header: String {
    var h = "T_K,cathode_pO2_atm,anode_pO2_atm"
    if withWater { h += ",cathode_pH2O_atm,anode_pH2O_atm" }
    h += ",thickness_cm,E_Nernst_V,E_OC_V,t_ion_mean,i_leak_A_cm2,J_O2_leak_mol_cm2_s"
    switch load {
    case .openCircuit: break
    case .currents: h += ",current_A_cm2,voltage_V,i_ion_A_cm2,i_el_A_cm2,faradaic_efficiency,power_W_cm2"
    case .voltages: h += ",voltage_V,current_A_cm2,i_ion_A_cm2,i_el_A_cm2,faradaic_efficiency,power_W_cm2"
    }
    return h + ",converged\n"
  }

  /// One row as CSV (with line ending), empty fields where a value is not computed.
  public func line(_ r: Row) -> String {
    let n = CSVLayout.number
    func o(_ v: Double?) -> String { v.map(n) ?? "" }
    var s = "\(n(r.temperature)),\(o(r.cathodePO2)),\(o(r.anodePO2))"
    if withWater { s += ",\(o(r.cathodePH2O)),\(o(r.anodePH2O))" }
    s += ",\(n(r.thickness))"
    if let oc = r.openCircuit {
      // E_OC/E_N is a mean t_ion only without a water gradient (then the leakage is computed too)
      s += ",\(n(oc.nernst)),\(n(oc.voltage)),\(o(oc.leakage == nil ? nil : oc.voltage / oc.nernst)),\(o(oc.leakage))"
      s += ",\(o(oc.leakage.map { $0 / (4 * PhysicalConstants.faraday) }))"
    } else {
      s += ",,,,,"
    }
    switch load {
    case .openCircuit: break
    case .currents, .voltages:
      s += ",\(o(r.load))"
      if let p = r.operating {
        let result: Double
        if case .voltages = load { result = p.current } else { result = p.voltage }
        s += ",\(n(result)),\(n(p.ionicCurrent)),\(n(p.electronicCurrent)),\(n(p.faradaicEfficiency)),\(n(p.power))"
      } else {
        s += ",,,,,"
      }
    }
    return s + ",\(r.converged)\n"
  }
}
