import ArgumentParser
import DefectChemistry
import Foundation

/// `brouwer cell MATERIAL --T … --cathode 0.21 --anode "H2=0.97,H2O=0.03" --thickness 10um [--current …|--voltage …]`
/// — the open-circuit voltage, electronic leakage and faradaic efficiency of a mixed-conducting electrolyte
/// between two reversible electrodes (docs/theory.md §8.7), per temperature, as CSV.
struct Cell: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Open-circuit voltage, leakage and faradaic efficiency of an electrolyte cell (CSV).",
    discussion: """
      E_OC = (RT/4F)∫ t_ion d ln pO2 (− (RT/2F)∫ t_H d ln pH2O for proton conductors) between the anode and \
      cathode gas, the electronic leakage at open circuit, and with --current or --voltage the terminal \
      voltage, ionic and electronic currents and faradaic efficiency of the steady state (reversible \
      electrodes, local equilibrium; docs/theory.md §8.7). A side is a pO2 (0.21, 21kPa) or a composition: \
      "O2=0.21,H2O=0.03" or a fuel "H2=0.97,H2O=0.03" (pO2 from the water-formation equilibrium, NIST-JANAF \
      Shomate fits, 500–1700 K). --T, --thickness, --current and --voltage take lists or ranges (thicknesses \
      log-spaced). Currents in A/cm², positive when the cell delivers current (fuel cell), negative when \
      driven (pumping, electrolysis).
      Example: brouwer cell gdc10 --T 500C:800C:7 --cathode 0.21 --anode "H2=0.97,H2O=0.03" --thickness 10um
      """)

  @Argument(help: "A built-in material, a YAML file, or - for stdin.")
  var material: String

  @Option(name: .customLong("T"), parsing: .singleValue, help: "Temperature(s): 1073, 800C, 500C:800C:7, or a list.")
  var temperature: [String] = []

  @Option(name: .long, parsing: .singleValue, help: "Cathode (oxidising, high pO2) gas: 0.21, 21kPa, or \"O2=0.21,H2O=0.03\".")
  var cathode: [String] = []

  @Option(name: .long, parsing: .singleValue, help: "Anode (fuel, low pO2) gas: \"H2=0.97,H2O=0.03\", or a pO2 such as 1e-20.")
  var anode: [String] = []

  @Option(name: .long, parsing: .singleValue, help: "Electrolyte thickness(es) with a unit: 10um, 0.5mm (a bare number is cm); ranges log-spaced.")
  var thickness: [String] = []

  @Option(name: .long, parsing: .singleValue, help: "Cell current density(ies) in A/cm² (> 0 delivered, < 0 driven): 0.5, 0:1:11.")
  var current: [String] = []

  @Option(name: .long, parsing: .singleValue, help: "Terminal voltage(s) in V (cathode − anode): 0.7, 0.4:1:7.")
  var voltage: [String] = []

  @Option(name: .customLong("pH2O"), parsing: .singleValue,
          help: "Water partial pressure of a side whose gas gives none, for models that exchange H2O(g).")
  var pH2O: [String] = []

  @Option(name: .customLong("set"), help: ArgumentHelp("Override a fixed level, total or reaction parameter.", valueName: "NAME=VALUE"))
  var overrides: [String] = []

  @Option(name: .long, parsing: .singleValue, help: "Write to FILE (atomically) instead of stdout.")
  var output: [String] = []

  @Flag(name: .long, help: "No notes on stderr (errors and the exit status are unchanged).")
  var quiet = false

  /// The most rows one run plans: an open-circuit row is two integrals (milliseconds), a row under a
  /// current a root of about 40 integrals, under a voltage a root of such roots (up to a second).
  static let maximumRows = 10_000
  static let maximumVoltageRows = 1_000

  func run() throws {
    Warnings.silenced = quiet
    let T = try PermeationInput.single(temperature, "--T", required: true)!
    let cathodeText = try PermeationInput.single(cathode, "--cathode", required: true)!
    let anodeText = try PermeationInput.single(anode, "--anode", required: true)!
    let thicknessText = try PermeationInput.single(thickness, "--thickness", required: true)!
    let currentText = try PermeationInput.single(current, "--current", required: false)
    let voltageText = try PermeationInput.single(voltage, "--voltage", required: false)
    let waterText = try PermeationInput.single(pH2O, "--pH2O", required: false)
    let outputPath = try PermeationInput.single(output, "--output", required: false)
    if currentText != nil && voltageText != nil {
      throw InputError("--current and --voltage exclude each other: give the current or the voltage of the cell")
    }

    // refuse a table that would run for many minutes before building its axes
    let loadText = currentText ?? voltageText
    if let nT = AxisValues.count(T), let nL = AxisValues.count(thicknessText) {
      let nX = loadText.flatMap(AxisValues.count) ?? 1
      let (a, o1) = nT.multipliedReportingOverflow(by: nL)
      let (rows, o2) = a.multipliedReportingOverflow(by: nX)
      let limit = voltageText != nil ? Self.maximumVoltageRows : Self.maximumRows
      if o1 || o2 || rows > limit {
        let what = voltageText != nil ? " × \(nX) voltages" : currentText != nil ? " × \(nX) currents" : ""
        throw InputError("cell: \(nT) temperatures × \(nL) thicknesses\(what)\(o1 || o2 ? "" : " = \(rows) rows") is more than a cell table needs (at most \(limit)); split the run")
      }
    }
    let (model, parameterAxes) = try ConditionOptions.overriding(try MaterialArgument.load(material), with: overrides)
    guard parameterAxes.isEmpty else { throw InputError("--set takes single values here (sweep parameters with 'brouwer sweep')") }
    let temperatures = try PermeationInput.values(T, "--T", .linear, AxisValues.temperature, expected: "a temperature > 0 K and ≤ 1e5 K (e.g. 1073 or 800C)")
    let cathodeGas = try gas(cathodeText, "--cathode")
    let anodeGas = try gas(anodeText, "--anode")
    let thicknesses = try PermeationInput.values(thicknessText, "--thickness", .logarithmic, PermeationInput.centimetres, expected: "a length > 0 such as 10um or 1mm")
    let load: CellTable.Load
    if let currentText {
      load = .currents(try PermeationInput.values(currentText, "--current", .linear, Self.finite, expected: "a current density in A/cm², e.g. 0.5 or 0:1:11"))
    } else if let voltageText {
      load = .voltages(try PermeationInput.values(voltageText, "--voltage", .linear, Self.finite, expected: "a voltage in V, e.g. 0.7 or 0.4:1:7"))
    } else {
      load = .openCircuit
    }

    // the gases at every temperature: fuels need the water-formation data; the cathode must be the oxidising side
    for T in temperatures {
      for (g, option) in [(cathodeGas, "--cathode"), (anodeGas, "--anode")] where g.isFuel && !WaterFormation.validRange.contains(T) {
        throw InputError("\(option): the water-formation data (NIST-JANAF Shomate fits) cover 500–1700 K; T = \(CSVLayout.number(T)) K is outside")
      }
      let pc = cathodeGas.oxygenPressure(at: T)!, pa = anodeGas.oxygenPressure(at: T)!
      if pc == pa { throw InputError("--cathode and --anode give the same pO2 (\(CSVLayout.number(pc)) atm at \(CSVLayout.number(T)) K): there is no driving force") }
      if pc < pa {
        throw InputError("at T = \(CSVLayout.number(T)) K the --cathode pO2 \(CSVLayout.number(pc)) atm is below the --anode pO2 \(CSVLayout.number(pa)) atm (swap --cathode and --anode)")
      }
    }
    var water: Double?
    if let waterText {
      guard let w = PermeationInput.pressure(waterText) else { throw InputError("--pH2O: expected one pressure > 0, got \"\(waterText)\"") }
      water = w
    }
    if model.pressureNames.contains("pH2O") {
      for (g, option) in [(cathodeGas, "--cathode"), (anodeGas, "--anode")] where g.waterPressure == nil && water == nil {
        throw InputError("\(option) needs its water: \(model.name) exchanges H2O(g) (e.g. \(option) \"O2=0.21,H2O=0.03\", or --pH2O 0.03 for both sides)")
      }
      let wc = cathodeGas.waterPressure ?? water!, wa = anodeGas.waterPressure ?? water!
      if wc != wa && load != .openCircuit {
        throw InputError("\(currentText != nil ? "--current" : "--voltage") needs the same pH2O on both sides for \(model.name) (here \(CSVLayout.number(wc)) and \(CSVLayout.number(wa)) atm): the water profile under load is not modelled; without it the open-circuit columns are computed")
      }
    } else if waterText != nil {
      Warnings.add("brouwer: warning: --pH2O ignored: \(model.name) exchanges no H2O(g)")
    }
    if let other = model.pressureNames.first(where: { $0 != "pO2" && $0 != "pH2O" }) {
      throw InputError("\(model.name) exchanges \(other.dropFirst())(g), which cell cannot set")
    }
    // the states along every path: T, pO2 from the lowest anode to the highest cathode value, pH2O of both sides
    let pO2s = temperatures.flatMap { [cathodeGas.oxygenPressure(at: $0)!, anodeGas.oxygenPressure(at: $0)!] }
    var span: [String: ClosedRange<Double>] = ["T_K": temperatures.min()!...temperatures.max()!, "pO2_atm": pO2s.min()!...pO2s.max()!]
    if model.pressureNames.contains("pH2O") {
      let ws = [cathodeGas.waterPressure ?? water!, anodeGas.waterPressure ?? water!]
      span["pH2O_atm"] = ws.min()!...ws.max()!
    }
    ConditionOptions.warnOutsideValidity(model, span: span)
    // the states at both electrodes against the material's state bounds (δ, valences …; monotonic along the path)
    ConditionOptions.warnOutsideStateBounds(model, solvingAt: temperatures.flatMap { t in
      [cathodeGas, anodeGas].map { gas in
        var p = ["pO2": gas.oxygenPressure(at: t)!]
        if model.pressureNames.contains("pH2O") { p["pH2O"] = gas.waterPressure ?? water! }
        return Conditions(temperature: t, pressures: p)
      }
    }, context: "at the electrodes, ")
    let profile: ElectrolyteCell.ModelProfile
    do { profile = try ElectrolyteCell.ModelProfile(model: model) } catch { throw InputError("\(model.name): \(error.description)") }

    let table = CellTable(profile: profile, temperatures: temperatures, cathode: cathodeGas, anode: anodeGas,
                          thicknesses: thicknesses, load: load, water: water)
    try OutputSink.deliver(to: outputPath) { sink in
      try sink.write(table.header)
      for row in table.rows { try sink.write(table.line(row)) }
    }
    let failures = table.failures
    if failures > 0 {
      if !quiet {
        note("brouwer: the cell quantities could not be computed for \(failures) row(s) (written with converged=false); the first: \(table.firstFailure ?? "a state along the pO2 path did not converge")")
      }
      throw ExitStatus(code: 1)
    }
  }

  private func gas(_ text: String, _ option: String) throws -> CellGas {
    do { return try CellGas.parse(text, pressure: PermeationInput.pressure) } catch { throw InputError("\(option): \(error.description)") }
  }

  /// A finite number (current or voltage, either sign).
  static func finite(_ text: String) -> Double? {
    guard let v = Double(text.trimmingCharacters(in: .whitespaces)), v.isFinite else { return nil }
    return v
  }
}
