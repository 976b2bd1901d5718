import ArgumentParser
import DefectChemistry
import Foundation

/// `brouwer permeation MATERIAL --T … --feed 0.21 --permeate 1e-15 --thickness 1mm` — Wagner oxygen flux.
struct Permeation: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Wagner oxygen flux through a dense membrane (CSV; T and thickness may be ranges or lists).",
    discussion: """
      J_O2 = RT/(16F²L) ∫ σ_amb d ln pO2 from the permeate to the feed pO2, integrated adaptively (GSL qags) \
      over equilibrium states; bulk diffusion limited (no surface exchange resistance).
      Example: brouwer permeation lscf6428 --T 700C:900C:5 --feed 0.21 --permeate 1e-3 --thickness 1mm
      """)

  @Argument(help: "A built-in material, a YAML file, or - for stdin.")
  var material: String

  @Option(name: .customLong("T"), help: "Temperature(s): 1073, 800C, 600C:900C:7, or a list.")
  var temperature: String

  @Option(name: .long, help: "Feed-side pO2 in atm (e.g. 0.21 for air).")
  var feed: String

  @Option(name: .long, help: "Permeate-side pO2 in atm.")
  var permeate: String

  @Option(name: .long, help: "Membrane thickness(es) with a unit: 1mm, 500um, 0.1cm (a bare number is cm).")
  var thickness: String

  @Option(name: .customLong("pH2O"), help: "Water partial pressure in atm, for models that exchange H2O(g).")
  var pH2O: String?

  @Option(name: .customLong("set"), help: ArgumentHelp("Override a fixed level, total or reaction parameter.", valueName: "NAME=VALUE"))
  var overrides: [String] = []

  @Option(name: .long, help: "Write to FILE (atomically) instead of stdout.")
  var output: String?

  static func centimetres(_ text: String) -> Double? {
    let t = text.trimmingCharacters(in: .whitespaces)
    for (suffix, factor) in [("mm", 0.1), ("um", 1e-4), ("µm", 1e-4), ("cm", 1.0), ("m", 100.0)] where t.hasSuffix(suffix) {
      guard let v = Double(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), v.isFinite, v > 0 else { return nil }
      return v * factor
    }
    guard let v = Double(t), v.isFinite, v > 0 else { return nil }
    return v
  }

  func run() throws {
    let (model, grid) = try ConditionOptions.grid(for: try MaterialArgument.load(material), temperature: temperature,
                                                  pO2: feed, pH2O: pH2O, pH2: nil, overrides: overrides)
    guard grid.axes.allSatisfy({ if case .parameter = $0.coordinate { return false } else { return true } }) else {
      throw InputError("--set takes single values here (sweep parameters with 'brouwer sweep')")
    }
    func single(_ text: String, _ option: String) throws -> Double {
      guard let v = AxisValues.pressure(text) else { throw InputError("\(option): expected one pressure > 0 atm, got \"\(text)\"") }
      return v
    }
    let pFeed = try single(feed, "--feed"), pPermeate = try single(permeate, "--permeate")
    guard pFeed != pPermeate else { throw InputError("--feed and --permeate are equal: there is no driving force") }
    let temperatures = grid.axes.first { $0.coordinate == .temperature }!.values
    let water = grid.axes.first { $0.coordinate == .pressure("pH2O") }?.values
    guard (water?.count ?? 1) == 1 else { throw InputError("--pH2O takes one value here") }
    let thicknesses: [Double]
    do { thicknesses = try AxisValues.parse(thickness, option: "--thickness", spacing: .linear, number: Self.centimetres) } catch {
      throw InputError("\(error.description) (expected a length > 0 such as 1mm)")
    }
    let wagner: WagnerPermeation
    do { wagner = try WagnerPermeation(model: model) } catch { throw InputError("\(model.name): \(error.description)") }

    var failures = 0
    try OutputSink.deliver(to: output) { sink in
      try sink.write("T_K,feed_pO2_atm,permeate_pO2_atm,thickness_cm,J_O2_mol_cm2_s,J_O2_mL_cm2_min,J_O2_error_mol_cm2_s,sigma_amb_integral_S_cm,converged\n")
      for T in temperatures {
        var others: [String: Double] = [:]
        if let w = water?.first { others["pH2O"] = w }
        let flux = try? wagner.flux(temperature: T, feed: pFeed, permeate: pPermeate, thickness: 1, others: others)
        if flux == nil { failures += 1 }
        for L in thicknesses {
          let n = CSVLayout.number
          var row = "\(n(T)),\(n(pFeed)),\(n(pPermeate)),\(n(L)),"
          if let f = flux {
            let j = f.molar / L
            row += "\(n(j)),\(n(j * PhysicalConstants.molarVolumeSTP * 60)),\(n(f.molarError / L)),\(n(f.integral)),true\n"
          } else {
            row += ",,,,false\n"
          }
          try sink.write(row)
        }
      }
    }
    if failures > 0 {
      note("brouwer: the flux could not be computed at \(failures) temperature(s): some states along the pO2 path did not converge")
      throw ExitStatus(code: 1)
    }
  }
}
