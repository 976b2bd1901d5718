/// Generic carrier names that scripts can use across materials: `holes`, `electrons`, `vacancies`,
/// `protons` (and the singulars) resolved to this model's species label.
extension DefectModel {
  /// The species a generic carrier name stands for in this model (among its free species), or `nil`
  /// if the name is not an alias or the model has no such carrier. See ``carrier(alias:among:)``.
  public func species(forAlias alias: String) -> Int? {
    let free = species.indices.filter { species[$0].isFree }
    return Self.carrier(alias: alias, among: free.map { species[$0].label }).map { free[$0] }
  }

  /// Which of `labels` a generic carrier name stands for:
  /// - `electrons`: the band electron `e'`, else the first negatively charged small polaron (`Ce_Ce'`, `Fe_Fe'`);
  /// - `holes`: the band hole `h.`, else the first positively charged small polaron (`Fe_Fe.`);
  /// - `vacancies`: the first oxygen vacancy, else the first vacancy on any site;
  /// - `protons`: the first charged hydrogen-bearing species (`OH_O.`).
  public static func carrier(alias: String, among labels: [KrogerVinkLabel?]) -> Int? {
    func first(_ test: (KrogerVinkLabel) -> Bool) -> Int? { labels.firstIndex { $0.map(test) ?? false } }
    func vacancy(_ l: KrogerVinkLabel, on site: String?) -> Bool {
      guard case .lattice(let parts) = l.kind, parts.count == 1, parts[0].isVacancy else { return false }
      return site == nil || parts[0].site == site
    }
    switch alias.lowercased() {
    case "electrons", "electron":
      return first { $0.kind == .electron } ?? first { $0.isPolaron && $0.charge < 0 }
    case "holes", "hole":
      return first { $0.kind == .hole } ?? first { $0.isPolaron && $0.charge > 0 }
    case "vacancies", "vacancy":
      return first { vacancy($0, on: "O") } ?? first { vacancy($0, on: nil) }
    case "protons", "proton":
      return first { $0.formula.atoms["H"] != nil && $0.charge > 0 }
    default:
      return nil
    }
  }
}
