/// The material files shipped with brouwer (`Data/materials/*.yaml`), by name.
///
/// Their texts are compiled into the binary at build time (the EmbedMaterials plugin generates
/// `BuiltinMaterials+Embedded.swift` from the YAML files), so nothing is looked up at run time and a
/// copied or installed `brouwer` needs no resource files beside it.
public enum BuiltinMaterials {
  /// Names of the built-in materials (file stems, lower case), sorted.
  public static var names: [String] { embedded.map(\.name) }

  /// The YAML text of a built-in material (case-insensitive name or one of its ``aliases``), or `nil` if
  /// there is none of that name.
  public static func yaml(named name: String) -> String? {
    let key = name.lowercased()
    let resolved = aliases[key] ?? key
    return embedded.first { $0.name == resolved }?.text
  }

  /// The built-in a MATERIAL argument names, with the file name its messages use ("gdc10.yaml (built-in)"), or
  /// `nil` when the argument is a path (it holds a `/` or ends in `.yaml`/`.yml`) or no built-in's name. The
  /// rule every front end (command line, C interface) applies before reading a file.
  public static func material(forArgument argument: String) -> (text: String, file: String)? {
    guard !argument.contains("/"), !argument.hasSuffix(".yaml"), !argument.hasSuffix(".yml"),
          let text = yaml(named: argument) else { return nil }
    return (text, argument.lowercased() + ".yaml (built-in)")
  }

  /// Common names that a user types for a built-in (`ysz`, `lsc`, …) → its file name.
  public static let aliases: [String: String] = [
    "ysz": "ysz8", "8ysz": "ysz8", "sdc": "sdc15", "pco": "pco10", "lsc": "lsc64",
    "la2nio4": "lno", "srtio3": "sto", "stf": "stf1", "bczyyb7111": "bczyyb",
  ]
}
