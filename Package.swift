// swift-tools-version:6.0
//
// brouwer — point-defect equilibria in mixed ionic–electronic conductors.
//
// Data flows one way: material file (Data/, YAML) → validated model (DefectChemistry/Model)
// → equilibrium solver (DefectChemistry/Equilibrium, GSL hybridsj) → sweeps → CSV and SVG plots (BrouwerPlot).

import PackageDescription

let package = Package(
  name: "brouwer",
  products: [
    .library(name: "DefectChemistry", targets: ["DefectChemistry"]),
    .library(name: "BrouwerPlot", targets: ["BrouwerPlot"]),
    .executable(name: "brouwer", targets: ["brouwer"]),
    .executable(name: "brouwer-bench", targets: ["brouwer-bench"]),
    // The C interface (Sources/BrouwerC/include/brouwer.h) as a shared library, libBrouwerC.so: what the
    // Python package (python/) loads with ctypes.
    .library(name: "BrouwerC", type: .dynamic, targets: ["BrouwerC"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: [
    // MARK: - Public API
    .target(
      name: "DefectChemistry",
      dependencies: ["GSL", "DecimalText", .product(name: "Yams", package: "Yams")],
      exclude: ["README.md"]
    ),
    // Shortest round-trip decimal text of Doubles (Dragonbox) into a byte buffer: the CSV writer's
    // formatter, no physics.
    .target(name: "DecimalText"),
    .target(
      name: "BrouwerPlot",
      exclude: ["README.md"]
    ),
    // The built-in materials: Data/materials/*.yaml compiled into the binary by the EmbedMaterials plugin
    // (no resource bundle at run time, so a copied or installed `brouwer` is self-contained).
    .target(
      name: "BuiltinMaterials",
      path: "Data",
      exclude: ["reference", "materials", "template"],
      sources: ["BuiltinMaterials.swift"],
      plugins: ["EmbedMaterials"]
    ),
    .executableTarget(
      name: "brouwer",
      dependencies: [
        "DefectChemistry", "BuiltinMaterials", "BrouwerPlot",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // @_cdecl functions over the library's entry points (the same calls as the CLI), declared in include/brouwer.h.
    .target(
      name: "BrouwerC",
      dependencies: ["DefectChemistry", "BuiltinMaterials"],
      exclude: ["include", "README.md"]
    ),
    .executableTarget(
      name: "brouwer-bench",
      dependencies: ["DefectChemistry", "DecimalText", "BuiltinMaterials", "TestSupport"]
    ),

    // MARK: - Implementation details
    .systemLibrary(
      name: "CGSL",
      pkgConfig: "gsl",
      providers: [.apt(["libgsl-dev"])]
    ),
    .target(
      name: "GSL",
      dependencies: ["CGSL"],
      exclude: ["README.md"]
    ),
    // Build-time only: writes Data/materials/*.yaml into BuiltinMaterials as Swift string literals.
    .plugin(
      name: "EmbedMaterials",
      capability: .buildTool(),
      dependencies: ["materials-embedder"],
      path: "Sources/EmbedMaterialsPlugin"
    ),
    .executableTarget(name: "materials-embedder", path: "Sources/MaterialsEmbedder"),
    // Helpers shared by the tests and the benchmark (a deterministic random generator).
    .target(name: "TestSupport"),

    // MARK: - Unit test bundles
    .testTarget(name: "GSLTests", dependencies: ["GSL"]),
    .testTarget(name: "DecimalTextTests", dependencies: ["DecimalText", "TestSupport"]),
    .testTarget(name: "BrouwerPlotTests", dependencies: ["BrouwerPlot"]),
    .testTarget(
      name: "DefectChemistryTests",
      dependencies: [
        "DefectChemistry", "DecimalText", "BuiltinMaterials", "TestSupport", .product(name: "SwiftCSV", package: "SwiftCSV"),
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "BrouwerCLITests",
      dependencies: ["BuiltinMaterials"],
      exclude: ["BadInputs"]
    ),
  ]
)
