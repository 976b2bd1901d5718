import DefectChemistry
import XCTest

/// Units in material files and on the command line convert to the engine's eV, k_B and cm⁻³.
final class QuantityTests: XCTestCase {
  func testEnergiesConvertToElectronvolts() throws {
    // 1 eV = 96.485332 kJ/mol = 23.060548 kcal/mol (thermochemical calorie)
    for text in ["1 eV", "1eV", "1000 meV", "96.48533212 kJ/mol", "96485.33212 J/mol", "23.0605479 kcal/mol", "96.48533212 kJ mol-1"] {
      XCTAssertEqual(try XCTUnwrap(Quantity.parse(text, as: .energy), text), 1, accuracy: 1e-8, text)
    }
    XCTAssertEqual(try XCTUnwrap(Quantity.parse("−0.5 eV", as: .energy)), -0.5)  // Unicode minus
    for bad in ["1", "1 kJ", "eV", "1 eV/K", "nan eV", "1e999 eV"] { XCTAssertNil(Quantity.parse(bad, as: .energy), bad) }
  }

  func testEntropiesConvertToBoltzmannUnits() throws {
    // 1 k_B = 8.617333262e-5 eV/K = 8.314462618 J/(mol K) = 1.98720 cal/(mol K)
    for text in ["1 kB", "1 k_B", "8.617333262e-5 eV/K", "8.617333262e-5 eV K-1", "8.314462618 J/(mol K)",
                 "8.314462618 J/mol/K", "8.314462618 J mol-1 K-1", "1.987204259 cal/(mol K)"] {
      XCTAssertEqual(try XCTUnwrap(Quantity.parse(text, as: .entropy), text), 1, accuracy: 1e-8, text)
    }
    XCTAssertNil(Quantity.parse("1 J/mol", as: .entropy))
  }

  func testDensities() throws {
    XCTAssertEqual(try XCTUnwrap(Quantity.parse("2.5e22 cm-3", as: .density)), 2.5e22)
    XCTAssertEqual(try XCTUnwrap(Quantity.parse("2.5e28 m-3", as: .density)), 2.5e22, accuracy: 1e7)
  }
}
