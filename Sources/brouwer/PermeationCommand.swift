import ArgumentParser
import DefectChemistry
import Foundation

/// `brouwer permeation MATERIAL --T … --feed 0.21 --permeate 1e-3 --thickness 1mm` — oxygen flux through a
/// dense membrane: the bulk-limited Wagner flux always, and the mixed bulk/surface-controlled flux when
/// surface-exchange kinetics are known (the material's `surface_exchange:` or `--k-chem`).
struct Permeation: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Oxygen flux through a dense membrane: bulk (Wagner) and with surface exchange (CSV).",
    discussion: """
      J_bulk = RT/(16F²L) ∫ σ_amb d ln pO2 from the permeate to the feed pO2 (GSL qags over equilibrium \
      states; both surfaces in equilibrium with their gas). With surface kinetics (the material file's \
      surface_exchange block, or --k-chem) the mixed-control flux J_O2 passes the feed face, the bulk and \
      the permeate face in series (docs/theory.md §8.4). --T, --permeate and --thickness take lists or \
      ranges (permeate pressures and thicknesses log-spaced); pressures take atm (default), bar, mbar, Pa, kPa, MPa.
      Example: brouwer permeation lscf6428 --T 700C:900C:5 --feed 0.21 --permeate 1e-3 --thickness 1mm
      """)

  @Argument(help: "A built-in material, a YAML file, or - for stdin.")
  var material: String

  @Option(name: .customLong("T"), parsing: .singleValue, help: "Temperature(s): 1073, 800C, 600C:900C:7, or a list.")
  var temperature: [String] = []

  @Option(name: .long, parsing: .singleValue, help: "Feed-side pO2 (one value): 0.21, 1bar, 21kPa.")
  var feed: [String] = []

  @Option(name: .long, parsing: .singleValue, help: "Permeate-side pO2: one value, a list or a range (log-spaced) below the feed.")
  var permeate: [String] = []

  @Option(name: .long, parsing: .singleValue, help: "Membrane thickness(es) with a unit: 1mm, 500um, 0.1cm (a bare number is cm); ranges log-spaced.")
  var thickness: [String] = []

  @Option(name: .customLong("pH2O"), parsing: .singleValue, help: "Water partial pressure, for models that exchange H2O(g).")
  var pH2O: [String] = []

  @Option(name: .customLong("k-chem"), parsing: .singleValue,
          help: "Surface exchange coefficient k_chem in cm/s at both faces (replaces the material's surface kinetics).")
  var kChem: [String] = []

  @Flag(name: .customLong("bulk-only"), help: "Only the bulk-limited Wagner flux, even if surface kinetics are known.")
  var bulkOnly = false

  @Option(name: .customLong("set"), help: ArgumentHelp("Override a fixed level, total or reaction parameter.", valueName: "NAME=VALUE"))
  var overrides: [String] = []

  @Option(name: .long, parsing: .singleValue, help: "Write to FILE (atomically) instead of stdout.")
  var output: [String] = []

  @Flag(name: .long, help: "No notes on stderr (errors and the exit status are unchanged).")
  var quiet = false

  /// The most rows one run plans: with surface exchange each row is a mixed-control solve of a few
  /// milliseconds, so about a minute; a full table (100 temperatures × 10 permeate pressures × 10
  /// thicknesses) fits.
  static let maximumRows = 10_000

  func run() throws {
    Warnings.silenced = quiet
    let T = try PermeationInput.single(temperature, "--T", required: true)!
    let feedText = try PermeationInput.single(feed, "--feed", required: true)!
    let permeateText = try PermeationInput.single(permeate, "--permeate", required: true)!
    let thicknessText = try PermeationInput.single(thickness, "--thickness", required: true)!
    let waterText = try PermeationInput.single(pH2O, "--pH2O", required: false)
    let kText = try PermeationInput.single(kChem, "--k-chem", required: false)
    let outputPath = try PermeationInput.single(output, "--output", required: false)

    // refuse a table that would run for many minutes before building its (possibly huge) axes
    if let nT = AxisValues.count(T), let nP = AxisValues.count(permeateText), let nL = AxisValues.count(thicknessText) {
      let (a, o1) = nT.multipliedReportingOverflow(by: nP)
      let (rows, o2) = a.multipliedReportingOverflow(by: nL)
      if o1 || o2 || rows > Self.maximumRows {
        throw InputError("permeation: \(nT) temperatures × \(nP) permeate pressures × \(nL) thicknesses\(o1 || o2 ? "" : " = \(rows) rows") is more than a permeation table needs (at most \(Self.maximumRows), e.g. 100 × 10 × 10); split the run")
      }
    }
    let (model, parameterAxes) = try ConditionOptions.overriding(try MaterialArgument.load(material), with: overrides)
    guard parameterAxes.isEmpty else { throw InputError("--set takes single values here (sweep parameters with 'brouwer sweep')") }
    let temperatures = try PermeationInput.values(T, "--T", .linear, AxisValues.temperature, expected: "a temperature > 0 K and ≤ 1e5 K (e.g. 1073 or 800C)")
    let feedValues = try PermeationInput.values(feedText, "--feed", .logarithmic, PermeationInput.pressure, expected: "a pressure > 0, e.g. 0.21 or 1bar")
    guard feedValues.count == 1 else { throw InputError("--feed takes one pressure (run once per feed pressure)") }
    let pFeed = feedValues[0]
    let permeates = try PermeationInput.values(permeateText, "--permeate", .logarithmic, PermeationInput.pressure,
                                               expected: "pressures > 0, e.g. 1e-3, 1e-4,1e-3 or 1e-6:1e-2:5")
    for p in permeates where p >= pFeed {
      throw InputError(p == pFeed
        ? "--permeate \(CSVLayout.number(p)) atm equals --feed: there is no driving force"
        : "--permeate \(CSVLayout.number(p)) atm is above --feed \(CSVLayout.number(pFeed)) atm: oxygen would flow backwards (swap --feed and --permeate)")
    }
    let thicknesses = try PermeationInput.values(thicknessText, "--thickness", .logarithmic, PermeationInput.centimetres, expected: "a length > 0 such as 1mm")
    var others: [String: Double] = [:]
    if model.pressureNames.contains("pH2O") {
      guard let w = waterText else { throw InputError("--pH2O is required: \(model.name) exchanges H2O(g) (e.g. --pH2O 0.023)") }
      guard let v = PermeationInput.pressure(w) else { throw InputError("--pH2O: expected one pressure > 0, got \"\(w)\"") }
      others["pH2O"] = v
    } else if waterText != nil {
      Warnings.add("brouwer: warning: --pH2O ignored: \(model.name) exchanges no H2O(g)")
    }
    if let other = model.pressureNames.first(where: { $0 != "pO2" && $0 != "pH2O" }) {
      throw InputError("\(model.name) exchanges \(other.dropFirst())(g), which permeation cannot set")
    }
    var exchange = model.surfaceExchange
    if let kText {
      guard let k = Double(kText.trimmingCharacters(in: .whitespaces)), k.isFinite, k > 0 else {
        throw InputError("--k-chem: expected a positive number in cm/s, got \"\(kText)\"")
      }
      exchange = SurfaceExchange(law: .kChem, prefactor: k, activationEnergy: 0)
    }
    if bulkOnly && kText != nil { throw InputError("--k-chem and --bulk-only contradict each other: give one (--bulk-only ignores every surface rate)") }
    if bulkOnly { exchange = nil }
    let wagner: WagnerPermeation
    do { wagner = try WagnerPermeation(model: model) } catch { throw InputError("\(model.name): \(error.description)") }
    // a proton conductor's σ_amb counts protons: the flux is O2-equivalent, carried partly by protons moving against it
    if model.mobileSpecies.contains(where: { model.species[$0].label.formula.atoms["H"] != nil && model.species[$0].carrier == .ionic }) {
      Warnings.add("brouwer: note: \(model.name) conducts protons: the flux is O2-equivalent — oxide ions one way and protons the other at equal pH2O, water formed and consumed at the faces (docs/theory.md §8.3), not vacancy transport alone")
    }
    if exchange == nil && !bulkOnly {
      Warnings.add("brouwer: note: \(model.name) has no surface-exchange kinetics: bulk-limited flux only (give --k-chem for mixed control)")
    }

    // the run's conditions, and the states at both faces (the integral runs between them; δ, valences … are
    // monotonic in pO2 there), against the material's validity box and state bounds
    var span: [String: ClosedRange<Double>] = [:]
    for t in temperatures { StateValidity.widen(&span, "T_K", t) }
    for p in permeates + [pFeed] { StateValidity.widen(&span, "pO2_atm", p) }
    for (name, p) in others { StateValidity.widen(&span, "\(name)_atm", p) }
    ConditionOptions.warnOutsideValidity(model, span: span)
    ConditionOptions.warnOutsideStateBounds(model, solvingAt: temperatures.flatMap { t in
      (permeates + [pFeed]).map { p in Conditions(temperature: t, pressures: others.merging(["pO2": p]) { $1 }) }
    }, context: "at the membrane faces, ")
    let table = PermeationTable(wagner: wagner, temperatures: temperatures, feed: pFeed, permeates: permeates,
                                thicknesses: thicknesses, exchange: exchange, others: others)
    try OutputSink.deliver(to: outputPath) { sink in
      try sink.write(table.header)
      for row in table.rows { try sink.write(table.line(row)) }
    }
    let failures = table.failures
    if failures > 0 {
      if !quiet { note("brouwer: the flux could not be computed for \(failures) row(s): some states along the pO2 path did not converge") }
      throw ExitStatus(code: 1)
    }
  }
}
