import BuiltinMaterials
import Foundation
import XCTest

/// The built-in materials are compiled into the binary from `Data/materials/*.yaml` (EmbedMaterials
/// plugin): the embedded set and texts must be exactly the files', byte for byte.
final class BuiltinMaterialsEmbeddingTests: XCTestCase {
  static let materialsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Data/materials")

  func testEmbeddedNamesAreTheMaterialFilesSorted() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.materialsDirectory.path)
      .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    XCTAssertFalse(files.isEmpty)
    XCTAssertEqual(BuiltinMaterials.names, files)
  }

  func testEmbeddedTextsAreTheFilesByteForByte() throws {
    for name in BuiltinMaterials.names {
      let file = try Data(contentsOf: Self.materialsDirectory.appendingPathComponent(name + ".yaml"))
      let embedded = try XCTUnwrap(BuiltinMaterials.yaml(named: name), name)
      XCTAssertEqual(Data(embedded.utf8), file, name)
    }
  }

  func testLookupIsCaseInsensitiveAndUnknownNamesAreNil() {
    XCTAssertEqual(BuiltinMaterials.yaml(named: "GDC10"), BuiltinMaterials.yaml(named: "gdc10"))
    XCTAssertNotNil(BuiltinMaterials.yaml(named: "gdc10"))
    XCTAssertNil(BuiltinMaterials.yaml(named: "no-such-material"))
    XCTAssertNil(BuiltinMaterials.yaml(named: "materials/gdc10"))
  }
}
