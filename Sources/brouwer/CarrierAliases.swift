import DefectChemistry

/// `--columns`, `--y`, `--z` accept generic carrier names (`holes`, `electrons`, `vacancies`, `protons`),
/// alone or inside a column name (`sigma_holes_S_cm`, `dlnc_dlnpO2_electrons`), resolved per material.
enum CarrierAliases {
  static let names = ["electrons", "electron", "holes", "hole", "vacancies", "vacancy", "protons", "proton"]

  /// `column` with a carrier alias replaced by the model's species label; unchanged if it holds none.
  static func resolve(_ column: String, in model: DefectModel) -> String {
    if let i = model.species(forAlias: column) { return model.species[i].name }
    for (prefix, suffix) in [("sigma_", "_S_cm"), ("dlnc_dlnpO2_", ""), ("dlnc_dlnpH2O_", "")]
    where column.hasPrefix(prefix) && column.hasSuffix(suffix) && column.count > prefix.count + suffix.count {
      let inner = String(column.dropFirst(prefix.count).dropLast(suffix.count))
      if let i = model.species(forAlias: inner) { return prefix + model.species[i].name + suffix }
    }
    return column
  }
}
