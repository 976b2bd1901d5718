import DefectChemistry
import Foundation

/// libFuzzer's callback (main.swift hands it to LLVMFuzzerRunDriver). The target is chosen by BROUWER_FUZZ_TARGET: `material` (the material-file
/// loader), `label` (Kröger–Vink labels and reaction equations), `quantity` (quantities with units and
/// the start:stop:count / list parser of the command line), `csv` (the CSV data reader).
///
/// Besides "no crash, no hang", each target checks an invariant that must hold for every input:
/// a parsed label re-parses from its printed form to the same label; `AxisValues.count` agrees with the
/// number of values parsed; a parsed quantity is finite and within its plausible limit; a loaded model
/// re-loads from its own text; error messages are one line.
func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  switch FuzzTarget.current {
  case .material: fuzzMaterial(text)
  case .label: fuzzLabel(text)
  case .quantity: fuzzQuantity(text)
  case .csv: fuzzCSV(text)
  }
  return 0
}

enum FuzzTarget: String {
  case material, label, quantity, csv
  static let current: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["BROUWER_FUZZ_TARGET"] ?? "material"
    guard let t = FuzzTarget(rawValue: name) else { fatalError("BROUWER_FUZZ_TARGET must be material, label, quantity or csv") }
    return t
  }()
}

func oneLine(_ message: String) {
  let safe = MessageText.oneLine(message)
  precondition(!safe.contains("\n") && !safe.unicodeScalars.contains { $0.value < 0x20 }, "a message is not one line")
}

func fuzzMaterial(_ text: String) {
  do {
    let model = try DefectModel.load(yaml: text, file: "fuzz.yaml")
    // what loaded once loads again, to the same species
    let again = try DefectModel.load(yaml: model.sourceText, file: "fuzz.yaml")
    precondition(again.species.map(\.name) == model.species.map(\.name), "reload changed the species")
  } catch {
    precondition(error.line.map { $0 >= 1 } ?? true, "a line number below 1")
    oneLine(error.description)
  }
}

func fuzzLabel(_ text: String) {
  do {
    let label = try KrogerVinkLabel(parsing: text)
    let again = try KrogerVinkLabel(parsing: label.description)
    precondition(again == label, "label \(label) does not re-parse to itself")
    precondition(abs(label.charge) <= KrogerVinkLabel.maximumCharge)
  } catch {
    oneLine(error.description)
  }
  if let sides = try? ReactionEquation.sides(of: text) {
    for term in sides.left + sides.right { precondition(term.coefficient.isFinite && term.coefficient > 0) }
  }
}

func fuzzQuantity(_ text: String) {
  for dimension in [Quantity.Dimension.energy, .entropy, .density] {
    if let v = Quantity.parse(text, as: dimension) { precondition(v.isFinite, "a non-finite quantity") }
  }
  // the command-line range parser; huge counts are the grid check's business, not the parser's
  guard let n = AxisValues.count(text), n <= 10_000 else { return }
  for (spacing, number) in [(AxisValues.Spacing.linear, AxisValues.temperature), (.logarithmic, AxisValues.pressure)] {
    do {
      let values = try AxisValues.parse(text, option: "--x", spacing: spacing, number: number)
      precondition(values.count == n, "AxisValues.count \(n) but \(values.count) values")
      precondition(values.allSatisfy(\.isFinite), "a non-finite axis value")
    } catch {
      oneLine(error.description)
    }
  }
}

func fuzzCSV(_ text: String) {
  do {
    let csv = try CSVTable(csv: text, source: "fuzz.csv")
    precondition(csv.rows.allSatisfy { $0.count == csv.header.count })
    precondition(csv.rows.count == csv.lines.count)
    precondition(zip(csv.lines, csv.lines.dropFirst()).allSatisfy { $0 < $1 } && (csv.lines.first ?? 2) >= 2)
    for name in csv.header.prefix(4) { _ = try? csv.index(of: name, option: "--observable") }
  } catch {
    oneLine("\(error)")
  }
}
