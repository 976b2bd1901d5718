import BuiltinMaterials
import DefectChemistry
import Foundation

/// Resolves the MATERIAL argument: a built-in name (`gdc10`), a path to a YAML file, or `-` for stdin.
enum MaterialArgument {
  static func load(_ argument: String) throws -> DefectModel {
    let (text, file) = try read(argument)
    do { return try DefectModel.load(yaml: text, file: file) } catch { throw InputError(error.description) }
  }

  static func read(_ argument: String) throws -> (text: String, file: String) {
    if argument == "-" {
      let (text, source) = try InputFile.read(argument, option: "MATERIAL", limit: YAMLLimits.maximumBytes)
      return (text, source)
    }
    if let builtin = BuiltinMaterials.material(forArgument: argument) { return builtin }
    if FileManager.default.fileExists(atPath: argument) {
      let (text, source) = try InputFile.read(argument, option: "MATERIAL", limit: YAMLLimits.maximumBytes)
      return (text, source)
    }
    throw InputError("no built-in material or file named \(MessageText.path(argument)) (built-in: \(BuiltinMaterials.names.joined(separator: ", ")); use '-' for stdin)")
  }
}
