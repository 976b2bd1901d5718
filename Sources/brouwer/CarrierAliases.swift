import DefectChemistry

/// `--columns`, `--y`, `--z` accept generic carrier names (`holes`, `electrons`, `vacancies`, `protons`),
/// alone or inside a column name (`sigma_holes_S_cm`, `dlnc_dlnpO2_electrons`), resolved per material.
enum CarrierAliases {
  private static let wrappers = [("sigma_", "_S_cm"), ("dlnc_dlnpO2_", ""), ("dlnc_dlnpH2O_", "")]

  /// `column` with a carrier alias replaced by the model's species label; unchanged if it holds none.
  static func resolve(_ column: String, in model: DefectModel) -> String {
    resolve(column) { alias in model.species(forAlias: alias).map { model.species[$0].name } }
  }

  /// The same for a table: the alias is resolved among the headers that are Kröger–Vink labels
  /// (a header that is the alias itself, as `sweep --columns holes` writes, is kept).
  static func resolve(_ column: String, headers: [String]) -> String {
    if headers.contains(column) { return column }
    let labels = headers.map { try? KrogerVinkLabel(parsing: $0) }
    return resolve(column) { alias in DefectModel.carrier(alias: alias, among: labels).map { headers[$0] } }
  }

  private static func resolve(_ column: String, _ label: (String) -> String?) -> String {
    if let name = label(column) { return name }
    for (prefix, suffix) in wrappers
    where column.hasPrefix(prefix) && column.hasSuffix(suffix) && column.count > prefix.count + suffix.count {
      if let name = label(String(column.dropFirst(prefix.count).dropLast(suffix.count))) { return prefix + name + suffix }
    }
    return column
  }

  /// Whether `typed` is (or wraps) an alias, so that a header can keep the name a script typed.
  static func isAlias(_ typed: String, resolvedTo name: String) -> Bool { typed != name }
}
