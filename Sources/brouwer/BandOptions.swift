import ArgumentParser
import DefectChemistry

/// `--band LEVEL`, shared by `sweep`, `plot` and `map`: confidence bands from the material's `fit:` block
/// (written by `brouwer fit --output-material`).
struct BandOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp(
    "Add the confidence band of each quantity at this level (0.6827 = one standard deviation, 0.95, or 95%), from the material's fit: block (brouwer fit --output-material): COLUMN_lower and COLUMN_upper, by the delta method with the engine's exact parameter derivatives.",
    valueName: "LEVEL"))
  var band: String?

  /// The level asked for, or nil without `--band`.
  func level() throws -> Double? {
    guard let band else { return nil }
    let text = band.trimmingCharacters(in: .whitespaces)
    let percent = text.hasSuffix("%")
    guard let x = Double(percent ? String(text.dropLast()) : text), x.isFinite else {
      throw InputError("--band: a confidence level such as 0.95 or 95%, got \(MessageText.quoted(band))")
    }
    let level = percent ? x / 100 : x
    guard level > 0 && level < 1 else {
      throw InputError("--band: a confidence level between 0 and 1 (or 0 % and 100 %), got \(MessageText.quoted(band))")
    }
    return level
  }

  /// The level asked for, checked with the material's fit covariance before anything is solved (`model`: the
  /// equilibrium model, before any --anneal quench), or nil without `--band`.
  func level(for model: DefectModel, grid: SweepGrid) throws -> Double? {
    guard let level = try level() else { return nil }
    do { _ = try SweepBands.covariance(of: model, grid: grid, level: level) } catch { throw InputError("--band: \(error.description)") }
    return level
  }

  /// The bands of `table`, with a warning for band values that could not be formed; errors are bad input.
  static func bands(of table: SweepTable, grid: SweepGrid, model: DefectModel, level: Double, units: CSVLayout.ConcentrationUnit,
                    history: AnnealQuench?) throws -> SweepBands {
    let bands: SweepBands
    do { bands = try SweepBands(table: table, grid: grid, model: model, level: level, units: units, history: history) } catch {
      throw InputError("--band: \(error.description)")
    }
    if bands.columns.isEmpty {
      Warnings.add("brouwer: warning: --band: none of the chosen columns has a band (coordinates, flags, slopes, Θ, D̃ and E_a have none)")
    }
    if bands.missing > 0 {
      Warnings.add("brouwer: warning: --band: \(bands.missing) band value\(bands.missing == 1 ? "" : "s") could not be formed (their fields are empty)")
    }
    return bands
  }

  /// The CSV header names and row text of `table` with each banded column followed by its `_lower` and `_upper` columns.
  static func csv(_ table: SweepTable, bands: SweepBands, headers: [String]) -> (header: [String], rows: String) {
    let layout = table.layout
    var position = [Int: Int]()
    for (b, k) in bands.columns.enumerated() { position[k] = b }
    var names: [String] = []
    for (k, name) in headers.enumerated() {
      names.append(name)
      if position[k] != nil {
        let (lo, hi) = SweepBands.headers(of: name)
        names += [lo, hi]
      }
    }
    var text = ""
    text.reserveCapacity(table.rowCount * names.count * 12)
    let width = layout.columns.count
    for r in 0..<table.rowCount {
      var fields: [String] = []
      fields.reserveCapacity(names.count)
      for k in 0..<width {
        let x = table.values[r * width + k]
        let field = layout.field(x, column: k)
        fields.append(layout.fieldKind(k) == .reason ? (field.isEmpty ? "" : CSVLayout.quote(field)) : field)
        if let b = position[k] {
          for v in [bands.lower[b][r], bands.upper[b][r]] { fields.append(v.isFinite ? CSVLayout.number(v) : "") }
        }
      }
      text += fields.joined(separator: ",") + "\n"
    }
    return (names, text)
  }
}
