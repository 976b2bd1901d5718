import Foundation

/// The oxygen flux through a membrane over temperatures, permeate pressures and thicknesses, as typed
/// rows: the bulk (Wagner) flux and, with surface-exchange kinetics, the mixed-control flux and the
/// surface pO2s. A row whose flux cannot be computed (a state along the pO2 path did not converge) keeps
/// its conditions and `converged = false`. ``header`` and ``line(_:)`` are the CSV `brouwer permeation` prints.
public struct PermeationTable: Sendable {
  public struct Row: Sendable {
    public var temperature: Double
    public var feed: Double
    public var permeate: Double
    public var thickness: Double
    /// The bulk flux per unit thickness (``WagnerPermeation/Flux``, for 1 cm), `nil` if it could not be computed.
    public var bulk: WagnerPermeation.Flux?
    /// The mixed-control flux at this thickness (with surface exchange only).
    public var mixed: WagnerPermeation.MixedFlux?
    public var converged: Bool
  }

  public let rows: [Row]
  /// Whether the rows carry a mixed-control flux (surface-exchange kinetics given).
  public let withSurfaceExchange: Bool

  /// Rows in the order T (outer), permeate pO2, thickness (inner). `exchange` nil: bulk only.
  public init(wagner: WagnerPermeation, temperatures: [Double], feed: Double, permeates: [Double], thicknesses: [Double],
              exchange: SurfaceExchange?, others: [String: Double]) {
    var rows: [Row] = []
    for T in temperatures {
      for pPermeate in permeates {
        let bulk = try? wagner.flux(temperature: T, feed: feed, permeate: pPermeate, thickness: 1, others: others)
        for L in thicknesses {
          var row = Row(temperature: T, feed: feed, permeate: pPermeate, thickness: L, bulk: bulk, mixed: nil, converged: bulk != nil)
          if let exchange {
            if row.converged, let m = try? wagner.mixedFlux(temperature: T, feed: feed, permeate: pPermeate, thickness: L,
                                                            exchange: exchange, others: others) {
              row.mixed = m
            } else {
              row.converged = false
            }
          }
          rows.append(row)
        }
      }
    }
    self.rows = rows
    withSurfaceExchange = exchange != nil
  }

  /// Rows whose flux could not be computed.
  public var failures: Int { rows.filter { !$0.converged }.count }

  /// The CSV header (with line ending).
  public var header: String {
    var header = "T_K,feed_pO2_atm,permeate_pO2_atm,thickness_cm,J_O2_bulk_mol_cm2_s,J_O2_bulk_mL_cm2_min,J_O2_bulk_error_mol_cm2_s,sigma_amb_integral_S_cm"
    if withSurfaceExchange { header += ",J_O2_mol_cm2_s,J_O2_mL_cm2_min,feed_surface_pO2_atm,permeate_surface_pO2_atm" }
    return header + ",converged\n"
  }

  /// One row as CSV (with line ending): fluxes in mol cm⁻² s⁻¹ and mL(STP) cm⁻² min⁻¹, empty where not computed.
  public func line(_ r: Row) -> String {
    let n = CSVLayout.number
    var row = "\(n(r.temperature)),\(n(r.feed)),\(n(r.permeate)),\(n(r.thickness)),"
    if let f = r.bulk {
      let j = f.molar / r.thickness
      row += "\(n(j)),\(n(j * PhysicalConstants.molarVolumeSTP * 60)),\(n(f.molarError / r.thickness)),\(n(f.integral))"
    } else {
      row += ",,,"
    }
    if withSurfaceExchange {
      if let m = r.mixed {
        row += ",\(n(m.molar)),\(n(m.molar * PhysicalConstants.molarVolumeSTP * 60)),\(n(m.feedSurfacePO2)),\(n(m.permeateSurfacePO2))"
      } else {
        row += ",,,,"
      }
    }
    return row + ",\(r.converged)\n"
  }
}
