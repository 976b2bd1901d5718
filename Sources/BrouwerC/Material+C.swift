import BuiltinMaterials
import DefectChemistry
import Foundation

/// A loaded material: the validated model and the text it came from (immutable, shared by threads).
final class MaterialHandle: @unchecked Sendable {
  let model: DefectModel
  let yaml: String
  let source: String
  /// The `--set` overrides applied so far, and the anneal note, for display.
  let overrides: [String]
  let quench: String?

  init(model: DefectModel, yaml: String, source: String, overrides: [String] = [], quench: String? = nil) {
    self.model = model
    self.yaml = yaml
    self.source = source
    self.overrides = overrides
    self.quench = quench
  }

  func with(model: DefectModel, overrides: [String] = [], quench: String? = nil) -> MaterialHandle {
    MaterialHandle(model: model, yaml: yaml, source: source, overrides: self.overrides + overrides, quench: quench ?? self.quench)
  }
}

/// The MATERIAL argument of the command line: a built-in name or a YAML file (as `MaterialArgument`).
func readMaterial(_ argument: String) throws -> (text: String, file: String) {
  if let builtin = BuiltinMaterials.material(forArgument: argument) { return builtin }
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
    throw BoundaryError("no built-in material or file named \(MessageText.path(argument)) (built-in: \(BuiltinMaterials.names.joined(separator: ", ")))")
  }
  let shown = "MATERIAL \(MessageText.path(argument))"
  if isDirectory.boolValue { throw BoundaryError("\(shown): is a directory, not a file") }
  guard let data = FileManager.default.contents(atPath: argument) else { throw BoundaryError("\(shown): cannot open") }
  guard data.count <= YAMLLimits.maximumBytes else {
    throw BoundaryError("\(shown): \(data.count) bytes; inputs are limited to \(YAMLLimits.maximumBytes)")
  }
  guard let text = String(data: data, encoding: .utf8) else { throw BoundaryError("\(shown): not UTF-8 text") }
  return (text, argument)
}

@_cdecl("brouwer_builtin_names")
public func brouwer_builtin_names() -> UnsafeMutablePointer<CChar>? { cString(BuiltinMaterials.names.joined(separator: "\n")) }

@_cdecl("brouwer_material_load")
public func brouwer_material_load(_ spec: CText?, _ out: HandleOut, _ message: ErrorOut) -> Int32 {
  guarded(message) {
    guard let spec = text(spec), let out else { throw BoundaryError("brouwer_material_load: a NULL argument") }
    let (yaml, file) = try readMaterial(spec)
    let model = try DefectModel.load(yaml: yaml, file: file)
    handOut(MaterialHandle(model: model, yaml: yaml, source: file), to: out)
    return statusOK
  }
}

@_cdecl("brouwer_material_from_yaml")
public func brouwer_material_from_yaml(_ yaml: CText?, _ source: CText?, _ out: HandleOut, _ message: ErrorOut) -> Int32 {
  guarded(message) {
    guard let yaml = text(yaml), let out else { throw BoundaryError("brouwer_material_from_yaml: a NULL argument") }
    let file = text(source) ?? "<string>"
    guard yaml.utf8.count <= YAMLLimits.maximumBytes else {
      throw BoundaryError("\(file): \(yaml.utf8.count) bytes; inputs are limited to \(YAMLLimits.maximumBytes)")
    }
    handOut(MaterialHandle(model: try DefectModel.load(yaml: yaml, file: file), yaml: yaml, source: file), to: out)
    return statusOK
  }
}

@_cdecl("brouwer_material_free")
public func brouwer_material_free(_ material: OpaquePointer?) { release(material) }

@_cdecl("brouwer_material_yaml")
public func brouwer_material_yaml(_ material: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
  object(material, as: MaterialHandle.self).flatMap { cString($0.yaml) }
}

@_cdecl("brouwer_material_equations")
public func brouwer_material_equations(_ material: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
  object(material, as: MaterialHandle.self).flatMap { cString(EquationText(model: $0.model).render()) }
}

private struct MaterialInfo: Encodable {
  var name, formula, family, source: String
  var species: [String]
  var pressures: [String]
  var columns: [String]
  var validity: [String: [Double]]
  var references: [String]
  var overrides: [String]
  var quench: String?
}

@_cdecl("brouwer_material_info")
public func brouwer_material_info(_ material: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
  guard let handle = object(material, as: MaterialHandle.self) else { return nil }
  let model = handle.model
  // the columns a sweep over T and every pressure offers (with slopes), as `sweep --columns` accepts them
  var columns: [String] = []
  var pressures: [String: String] = [:]
  for name in model.pressureNames { pressures[name] = "1" }
  if let resolved = try? ConditionRequest(temperature: "1000", pressures: pressures).resolve(for: model),
     let layout = try? CSVLayout(model: resolved.model, grid: resolved.grid, slopes: true)
  {
    columns = layout.available
  }
  let info = MaterialInfo(
    name: model.name, formula: model.formula, family: model.family, source: handle.source,
    species: model.species.map(\.name), pressures: model.pressureNames, columns: columns,
    validity: model.validity.mapValues { [$0.lowerBound, $0.upperBound] },
    references: model.references.map(\.citation), overrides: handle.overrides, quench: handle.quench)
  return cString(jsonText(info))
}

@_cdecl("brouwer_material_set")
public func brouwer_material_set(_ material: OpaquePointer?, _ overrides: CText?, _ out: HandleOut, _ message: ErrorOut) -> Int32 {
  guarded(message) {
    guard let handle = object(material, as: MaterialHandle.self), let out else {
      throw BoundaryError("brouwer_material_set: a NULL argument")
    }
    let texts = lines(overrides)
    let (model, axes) = try handle.model.applying(overrides: texts)
    if let axis = axes.first, case .parameter(let p) = axis.coordinate {
      throw BoundaryError("--set \(handle.model.describe(p)): set takes one value per parameter; a range or list sweeps it (sweep(..., set=...))")
    }
    handOut(handle.with(model: model, overrides: texts), to: out)
    return statusOK
  }
}

@_cdecl("brouwer_material_anneal")
public func brouwer_material_anneal(_ material: OpaquePointer?, _ anneal: CText?, _ frozen: CText?, _ out: HandleOut,
                                    _ description: TextOut, _ message: ErrorOut) -> Int32 {
  guarded(message) {
    guard let handle = object(material, as: MaterialHandle.self), let anneal = text(anneal), let out else {
      throw BoundaryError("brouwer_material_anneal: a NULL argument")
    }
    let model = handle.model
    let history = try annealHistory(anneal, frozen: text(frozen), for: model)
    let outcome = try history.quench(model)
    let note = outcome.summary(of: model)
    description?.pointee = cString(note)
    handOut(handle.with(model: outcome.model, quench: note), to: out)
    return statusOK
  }
}


/// `--anneal T[,pO2[,pH2O]]` and `--frozen LABEL,…` for `model`: the library's parser, the command line's messages.
func annealHistory(_ anneal: String, frozen: String?, for model: DefectModel) throws -> AnnealQuench {
  do { return try AnnealQuench(parsing: anneal, frozen: frozen, for: model) } catch { throw BoundaryError(error.description) }
}
