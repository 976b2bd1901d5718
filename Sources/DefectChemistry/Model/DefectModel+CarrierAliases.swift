/// Generic carrier names that scripts can use across materials: `holes`, `electrons`, `vacancies`,
/// `protons` (and the singulars) resolved to this model's species label.
extension DefectModel {
  /// The species a generic carrier name stands for in this model, or `nil` if the name is not an
  /// alias or the model has no such carrier:
  /// - `electrons`: the band electron `e'`, else the first negatively charged small polaron (`Ce_Ce'`, `Fe_Fe'`);
  /// - `holes`: the band hole `h.`, else the first positively charged small polaron (`Fe_Fe.`);
  /// - `vacancies`: the first free oxygen vacancy, else the first free vacancy of any site;
  /// - `protons`: the first free charged hydrogen-bearing species (`OH_O.`).
  public func species(forAlias alias: String) -> Int? {
    let free = species.indices.filter { species[$0].isFree }
    func first(_ test: (Species) -> Bool) -> Int? { free.first { test(species[$0]) } }
    switch alias.lowercased() {
    case "electrons", "electron":
      return first { if case .electron = $0.label.kind { return true } else { return false } }
        ?? first { $0.label.isPolaron && $0.charge < 0 }
    case "holes", "hole":
      return first { if case .hole = $0.label.kind { return true } else { return false } }
        ?? first { $0.label.isPolaron && $0.charge > 0 }
    case "vacancies", "vacancy":
      return first { isVacancy($0, on: "O") } ?? first { isVacancy($0, on: nil) }
    case "protons", "proton":
      return first { $0.label.formula.atoms["H"] != nil && $0.charge > 0 }
    default:
      return nil
    }
  }

  private func isVacancy(_ s: Species, on site: String?) -> Bool {
    guard case .lattice(let parts) = s.label.kind, parts.count == 1, parts[0].occupant == "V" else { return false }
    return site == nil || parts[0].site == site
  }
}
