// swift-tools-version:6.0
//
// libFuzzer harnesses for brouwer's input parsers — a package of its own, so that `swift build` and
// `swift test` of the main package never build it. Run with ./run-fuzz.sh (Linux, swiftc -sanitize=fuzzer).

import PackageDescription

let package = Package(
  name: "BrouwerFuzz",
  dependencies: [
    .package(name: "brouwer", path: "../.."),
  ],
  targets: [
    // The harness over the library's parsers (materials, labels, quantities, the CSV reader CSVTable).
    .executableTarget(
      name: "BrouwerFuzz",
      dependencies: [
        .product(name: "DefectChemistry", package: "brouwer"),
      ]
    ),
  ]
)
