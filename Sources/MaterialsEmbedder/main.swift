// materials-embedder OUTPUT.swift [--template TEMPLATE.yaml] FILE.yaml… — writes a Swift source that holds the text of each material
// file as a string literal, so the built-in materials are compiled into the binary (no resource bundle at
// run time). Run at build time by the EmbedMaterials plugin; `Data/materials/*.yaml` stays the only copy.
//
// The literals are ordinary one-line string literals with every backslash, quote and control character
// escaped, so the embedded text is the file byte for byte (multi-line literals would drop the last newline
// and fold CR LF). A file that is not UTF-8 text stops the build with one line naming it.
import Foundation

/// `text` as the body of a Swift string literal (without the quotes).
func escaped(_ text: String) -> String {
  var out = ""
  out.reserveCapacity(text.utf8.count + text.utf8.count / 16)
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\\": out += "\\\\"
    case "\"": out += "\\\""
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    case _ where scalar.value < 0x20 || scalar.value == 0x7F:
      out += "\\u{" + String(scalar.value, radix: 16) + "}"
    default: out.unicodeScalars.append(scalar)
    }
  }
  return out
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("materials-embedder: error: \(message)\n".utf8))
  exit(1)
}

let arguments = CommandLine.arguments.dropFirst()
guard let outputPath = arguments.first else { fail("usage: materials-embedder OUTPUT.swift [--template TEMPLATE.yaml] FILE.yaml…") }

func read(_ path: String) -> String {
  guard let data = FileManager.default.contents(atPath: path) else { fail("\(path): cannot read the file") }
  guard let text = String(data: data, encoding: .utf8) else { fail("\(path): not UTF-8 text") }
  return text
}

var files = Array(arguments.dropFirst())
var template = ""
if files.first == "--template", files.count >= 2 {
  template = read(files[1])
  files.removeFirst(2)
}
var entries: [(name: String, text: String)] = []
for path in files {
  let url = URL(fileURLWithPath: path)
  entries.append((url.deletingPathExtension().lastPathComponent.lowercased(), read(path)))
}
entries.sort { $0.name < $1.name }
for (a, b) in zip(entries, entries.dropFirst()) where a.name == b.name {
  fail("two material files are named '\(a.name)' (names are case-insensitive)")
}

var source = """
  // Generated at build time by materials-embedder from Data/materials/*.yaml. Do not edit; not in git.

  extension BuiltinMaterials {
    /// (name, YAML text) of every built-in material, sorted by name.
    static let embedded: [(name: String, text: String)] = [

  """
for entry in entries {
  source += "    (\"\(escaped(entry.name))\", \"\(escaped(entry.text))\"),\n"
}
source += "  ]\n"
source += "  /// The commented skeleton of a new material (Data/template/new-material.yaml), for `brouwer show --template`.\n"
source += "  public static let template: String = \"\(escaped(template))\"\n"
source += "}\n"

// Rewrite only when the text changes, so an unchanged material set does not recompile the module.
let outputURL = URL(fileURLWithPath: outputPath)
if FileManager.default.contents(atPath: outputPath) != Data(source.utf8) {
  do { try Data(source.utf8).write(to: outputURL, options: .atomic) } catch {
    fail("\(outputPath): cannot write (\(error.localizedDescription))")
  }
}
