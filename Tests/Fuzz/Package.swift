// swift-tools-version:6.0
//
// libFuzzer harnesses for brouwer's input parsers — a package of its own, so that `swift build` and
// `swift test` of the main package never build it. Run with ./run-fuzz.sh (Linux, swiftc -sanitize=fuzzer).

import PackageDescription

let package = Package(
  name: "BrouwerFuzz",
  dependencies: [
    .package(name: "brouwer", path: "../.."),
    .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
  ],
  targets: [
    // The harness, plus the CLI's CSV reader (linked in from Sources/brouwer, which is an executable target).
    .executableTarget(
      name: "BrouwerFuzz",
      dependencies: [
        .product(name: "DefectChemistry", package: "brouwer"),
        .product(name: "SwiftCSV", package: "SwiftCSV"),
      ]
    ),
  ]
)
