import ArgumentParser
import BuiltinMaterials
import DefectChemistry

/// `brouwer materials` — the built-in materials.
struct Materials: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "List the built-in materials.")

  func run() throws {
    var rows = [["name", "formula", "family", "T range (K)", "reference"]]
    for name in BuiltinMaterials.names {
      guard let text = BuiltinMaterials.yaml(named: name) else { continue }
      let model: DefectModel
      do { model = try DefectModel.load(yaml: text, file: name + ".yaml (built-in)") } catch {
        throw InputError("built-in material is broken: \(error.description)")
      }
      let range = model.validity["T_K"].map { "\(Int($0.lowerBound))–\(Int($0.upperBound))" } ?? "—"
      rows.append([model.name, model.formula, model.family, range, model.references.first?.citation ?? "—"])
    }
    let widths = (0..<4).map { c in rows.map { $0[c].count }.max()! }
    for row in rows {
      print((0..<4).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        + "  " + row[4])
    }
  }
}

/// `brouwer show NAME` — the YAML of a built-in material, to copy and edit; `--template`: the commented
/// skeleton of a new material.
struct Show: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print a built-in material file (YAML), or with --template the skeleton of a new one.",
    discussion: "brouwer show gdc10 > my.yaml; brouwer show --template > new.yaml; edit; brouwer check new.yaml (docs/material-file.md).")

  @Argument(help: "A built-in material name.")
  var name: String?

  @Flag(name: .long, help: "Print a commented skeleton of a new material (every value a placeholder to replace).")
  var template = false

  func validate() throws {
    if template && name != nil { throw InputError("show: give a material name or --template, not both") }
    if !template && name == nil { throw InputError("show: name a built-in material (see 'brouwer materials'), or give --template") }
  }

  func run() throws {
    if template {
      print(BuiltinMaterials.template, terminator: BuiltinMaterials.template.hasSuffix("\n") ? "" : "\n")
      return
    }
    let name = self.name ?? ""
    guard let text = BuiltinMaterials.yaml(named: name) else {
      throw InputError("no built-in material '\(name)' (built-in: \(BuiltinMaterials.names.joined(separator: ", ")))")
    }
    print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
  }
}
