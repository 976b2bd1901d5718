import Foundation

/// The material files shipped with brouwer (`Data/materials/*.yaml`), by name.
public enum BuiltinMaterials {
  private static var directory: URL? { Bundle.module.url(forResource: "materials", withExtension: nil) }

  /// Names of the built-in materials (file stems), sorted.
  public static var names: [String] {
    guard let dir = directory,
          let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
    return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
  }

  /// The YAML text of a built-in material, or `nil` if there is none of that name.
  public static func yaml(named name: String) -> String? {
    guard let url = directory?.appendingPathComponent(name.lowercased() + ".yaml") else { return nil }
    return try? String(contentsOf: url, encoding: .utf8)
  }
}
