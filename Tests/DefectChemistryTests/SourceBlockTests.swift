import BuiltinMaterials
import DefectChemistry
import XCTest

/// What a report can say about a material file's entries: units as written, placeholder [R] tags.
final class SourceBlockTests: XCTestCase {
  func testDeclaredUnitsAndConversionBack() throws {
    let model = try DefectModel.load(yaml: XCTUnwrap(BuiltinMaterials.yaml(named: "gdc10")), file: "gdc10.yaml")
    let dH = try model.parameter(named: "reduction.dH"), dS = try model.parameter(named: "reduction.dS")
    XCTAssertEqual(model.declaredUnit(of: dH), "eV")
    XCTAssertEqual(model.declaredUnit(of: dS), "J/(mol K)")
    // 99.9 J/(mol K) as written in the file, back from the engine's k_B
    XCTAssertEqual(try XCTUnwrap(model.value(model.value(of: dS), of: dS, in: "J/(mol K)")), 99.9, accuracy: 1e-10)
    XCTAssertNil(model.declaredUnit(of: try model.parameter(named: "Gd_Ce'")))
  }

  func testPlaceholderEntriesFollowTheTagsAndTheObservable() throws {
    let model = try DefectModel.load(yaml: XCTUnwrap(BuiltinMaterials.yaml(named: "gdc10")), file: "gdc10.yaml")
    // h.: band N300 [R]; intrinsic: dH [R]; Ce_Ce': only its mobility is [R]; reduction: [D], not [R]
    XCTAssertEqual(model.placeholderEntries(mobilities: false), ["h.", "intrinsic"])
    XCTAssertEqual(model.placeholderEntries(mobilities: true), ["Ce_Ce'", "h.", "intrinsic"])
    XCTAssertEqual(model.placeholderEntries(excluding: [try model.parameter(named: "intrinsic.dH")], mobilities: false), ["h."])
  }
}
