import Foundation
import PackagePlugin

/// Build-tool plugin: compiles `materials/*.yaml` of the target it is applied to (BuiltinMaterials,
/// directory `Data/`) into a generated Swift source, `BuiltinMaterials+Embedded.swift`, by running
/// `materials-embedder` (with `template/new-material.yaml`, the skeleton `brouwer show --template` prints). The YAML files stay the single source of truth; nothing is read at run time.
@main
struct EmbedMaterials: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    guard let target = target as? SwiftSourceModuleTarget else { return [] }
    let directory = target.directoryURL.appendingPathComponent("materials")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix(".yaml") }.sorted()
    let inputs = names.map { directory.appendingPathComponent($0) }
    // the skeleton of a new material (`brouwer show --template`), if the target has one
    let template = target.directoryURL.appendingPathComponent("template/new-material.yaml")
    let templateArguments = FileManager.default.fileExists(atPath: template.path) ? ["--template", template.path] : []
    let output = context.pluginWorkDirectoryURL.appendingPathComponent("BuiltinMaterials+Embedded.swift")
    return [
      .buildCommand(
        displayName: "Embedding \(inputs.count) built-in material files",
        executable: try context.tool(named: "materials-embedder").url,
        arguments: [output.path] + templateArguments + inputs.map(\.path),
        inputFiles: inputs + (templateArguments.isEmpty ? [] : [template]),
        outputFiles: [output])
    ]
  }
}
