// swift-tools-version:6.1
//
// Yuheng — an open, panoramic carbon accounting system.
//
// Layers depend downward only:
//
//   Shims/CLinearAlgebra   C system libraries (OpenBLAS, LAPACKE, SuiteSparse UMFPACK/KLU)
//   Numerics               dense and sparse matrices, LU factorisations (no hand-written solvers)
//   Core                   units and quantities, greenhouse gases and GWP sets, regions, provenance
//   Engines/*              pure calculation engines over value types (no IO)
//   Data                   versioned SQLite data layer, bundled datasets, importers
//   CLI                    the `yuheng` command (later also Server and Agents)
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "Yuheng",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "yuheng", targets: ["yuheng"]),
        .library(name: "YuhengNumerics", targets: ["YuhengNumerics"]),
        .library(name: "YuhengCore", targets: ["YuhengCore"]),
        .library(name: "YuhengInventory", targets: ["YuhengInventory"]),
        .library(name: "YuhengMRIO", targets: ["YuhengMRIO"]),
        .library(name: "YuhengPanorama", targets: ["YuhengPanorama"]),
        .library(name: "YuhengNatural", targets: ["YuhengNatural"]),
        .library(name: "YuhengLCA", targets: ["YuhengLCA"]),
        .library(name: "YuhengPolicy", targets: ["YuhengPolicy"]),
        .library(name: "YuhengIndustrial", targets: ["YuhengIndustrial"]),
        .library(name: "YuhengUncertainty", targets: ["YuhengUncertainty"]),
        .library(name: "YuhengAnalysis", targets: ["YuhengAnalysis"]),
        .library(name: "YuhengReports", targets: ["YuhengReports"]),
        .library(name: "YuhengData", targets: ["YuhengData"]),
        .library(name: "YuhengComputing", targets: ["YuhengComputing"]),
        .library(name: "YuhengServices", targets: ["YuhengServices"]),
        .library(name: "YuhengServer", targets: ["YuhengServer"]),
        .library(name: "YuhengAgents", targets: ["YuhengAgents"]),
        .library(name: "YuhengAgentsTesting", targets: ["YuhengAgentsTesting"]),
    ],
    // Every direct dependency is pinned to the version the project is tested with (`exact:`);
    // Package.resolved is not committed (see README, "Dependencies").
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        // Imported by the server beside Hummingbird (versions as Hummingbird resolves them)
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", exact: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", exact: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
    ],
    targets: [
        // MARK: C shims
        .systemLibrary(
            name: "CLinearAlgebra",
            path: "Sources/Shims/CLinearAlgebra",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev", "libsuitesparse-dev"])]
        ),

        // MARK: Numerics
        .target(
            name: "YuhengNumerics",
            dependencies: ["CLinearAlgebra"],
            path: "Sources/Numerics",
            swiftSettings: strict
        ),

        // MARK: Domain core
        .target(
            name: "YuhengCore",
            dependencies: [],
            path: "Sources/Core",
            swiftSettings: strict
        ),

        // MARK: Engines (pure functions over value types)
        .target(
            name: "YuhengInventory",
            dependencies: ["YuhengCore", "YuhengNatural"],
            path: "Sources/Engines/Inventory",
            swiftSettings: strict
        ),

        .target(
            name: "YuhengMRIO",
            dependencies: ["YuhengCore", "YuhengNumerics"],
            path: "Sources/Engines/MRIO",
            swiftSettings: strict
        ),

        .target(
            name: "YuhengLCA",
            dependencies: ["YuhengCore", "YuhengNumerics"],
            path: "Sources/Engines/LCA",
            swiftSettings: strict
        ),
        .target(name: "YuhengPolicy", dependencies: ["YuhengCore"], path: "Sources/Engines/Policy", swiftSettings: strict),
        .target(name: "YuhengUncertainty", dependencies: ["YuhengCore", "YuhengNumerics"], path: "Sources/Engines/Uncertainty", swiftSettings: strict),
        .target(name: "YuhengAnalysis", dependencies: ["YuhengCore", "YuhengNumerics", "YuhengUncertainty", "YuhengInventory", "YuhengLCA", "YuhengMRIO"], path: "Sources/Engines/Analysis", swiftSettings: strict),
        .target(
            name: "YuhengIndustrial",
            dependencies: ["YuhengCore", "YuhengNumerics", "YuhengUncertainty"],
            path: "Sources/Engines/Industrial",
            swiftSettings: strict
        ),
        .target(
            name: "YuhengPanorama",
            dependencies: ["YuhengCore", "YuhengMRIO", "YuhengNatural"],
            path: "Sources/Engines/Panorama",
            swiftSettings: strict
        ),
        .target(name: "YuhengNatural", dependencies: ["YuhengCore", "YuhengUncertainty"], path: "Sources/Engines/Natural", swiftSettings: strict),

        // MARK: Presentation (SVG charts and maps; pure, no IO)
        .target(
            name: "YuhengCharts",
            dependencies: [],
            path: "Sources/Presentation/Charts",
            swiftSettings: strict
        ),

        // MARK: Presentation: the web pages' views (pure: value types in, HTML out)
        .target(name: "YuhengPages", dependencies: ["YuhengCharts"], path: "Sources/Presentation/Pages", swiftSettings: strict),

        // MARK: Presentation: reports (inventory CRT tables and printable HTML, LCA study reports; pure, no IO)
        .target(
            name: "YuhengReports",
            dependencies: ["YuhengCore", "YuhengInventory", "YuhengLCA", "YuhengCharts"],
            path: "Sources/Presentation/Reports",
            swiftSettings: strict
        ),

        // MARK: Data layer
        .target(
            name: "YuhengData",
            dependencies: [
                "YuhengCore",
                "YuhengInventory",
                "YuhengMRIO",
                "YuhengLCA",
                "YuhengNatural",
                "YuhengNumerics",
                "YuhengPanorama",
                "YuhengPolicy",
                "YuhengIndustrial",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/Data",
            resources: [.copy("Bundled")],
            swiftSettings: strict
        ),

        // MARK: Computing layer (jobs split into tasks; local pool or Slurm)
        .target(
            name: "YuhengComputing",
            dependencies: [
                "YuhengCore", "YuhengNumerics", "YuhengUncertainty", "YuhengAnalysis", "YuhengLCA", "YuhengMRIO", "YuhengIndustrial", "YuhengData",
            ],
            path: "Sources/Computing",
            swiftSettings: strict
        ),

        // MARK: Services (the use cases and the one process-wide cache; front ends only translate)
        .target(
            name: "YuhengServices",
            dependencies: [
                "YuhengCore", "YuhengNumerics", "YuhengInventory", "YuhengMRIO", "YuhengPanorama", "YuhengLCA", "YuhengNatural",
                "YuhengPolicy", "YuhengIndustrial", "YuhengUncertainty", "YuhengAnalysis", "YuhengData", "YuhengComputing",
            ],
            path: "Sources/Services",
            swiftSettings: strict
        ),

        // MARK: HTTP server, web interface and jobs
        .target(
            name: "YuhengServer",
            dependencies: [
                "YuhengCore", "YuhengNumerics", "YuhengInventory", "YuhengMRIO", "YuhengPanorama", "YuhengLCA", "YuhengCharts", "YuhengData",
                "YuhengUncertainty", "YuhengAnalysis", "YuhengAgents", "YuhengComputing", "YuhengServices", "YuhengPages", "YuhengReports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MCP", package: "swift-sdk"),
            ],
            path: "Sources/Server",
            swiftSettings: strict
        ),

        // MARK: Agents (LLM client, tools, router, specialists, grounding, MCP server)
        .target(
            name: "YuhengAgents",
            dependencies: [
                "YuhengCore", "YuhengNumerics", "YuhengInventory", "YuhengMRIO", "YuhengPanorama", "YuhengLCA", "YuhengData",
                "YuhengUncertainty", "YuhengAnalysis", "YuhengNatural", "YuhengComputing", "YuhengServices", "YuhengReports",
                .product(name: "MCP", package: "swift-sdk"),
            ],
            path: "Sources/Agents",
            swiftSettings: strict
        ),

        // MARK: Testing support (shipped, like HummingbirdTesting): a scripted OpenAI-compatible server
        .target(name: "YuhengAgentsTesting", dependencies: ["YuhengAgents"], path: "Sources/Testing/AgentsTesting", swiftSettings: strict),
        // This package's own test support (not a product: its paths are this repository's): package root and ../shared,
        // temporary folders and databases, the `yuheng` binary and a process runner, fixtures, tolerances, tags.
        .target(name: "YuhengTestSupport", dependencies: ["YuhengCore", "YuhengNumerics", "YuhengData", "YuhengCharts", .product(name: "ZIPFoundation", package: "ZIPFoundation")], path: "Sources/Testing/TestSupport", swiftSettings: strict),

        // MARK: Command-line interface
        .target(
            name: "YuhengCommands",
            dependencies: [
                "YuhengCore", "YuhengNumerics", "YuhengInventory", "YuhengMRIO", "YuhengPanorama", "YuhengLCA", "YuhengCharts", "YuhengData", "YuhengServer", "YuhengAgents", "YuhengComputing", "YuhengNatural", "YuhengAnalysis", "YuhengUncertainty", "YuhengIndustrial", "YuhengPolicy", "YuhengReports", "YuhengServices",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/CLI/YuhengCommands",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "yuheng",
            dependencies: ["YuhengCommands", "YuhengNumerics"],
            path: "Sources/CLI/yuheng",
            swiftSettings: strict
        ),

        // MARK: Tests
        .testTarget(name: "NumericsTests", dependencies: ["YuhengNumerics"], path: "Tests/NumericsTests", swiftSettings: strict),
        .testTarget(name: "CoreTests", dependencies: ["YuhengCore"], path: "Tests/CoreTests", swiftSettings: strict),
        .testTarget(name: "InventoryTests", dependencies: ["YuhengInventory", "YuhengCore", "YuhengData", "YuhengAnalysis", "YuhengUncertainty", "YuhengReports"], path: "Tests/InventoryTests", resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "MRIOTests", dependencies: ["YuhengMRIO", "YuhengCore", "YuhengNumerics", "YuhengData"], path: "Tests/MRIOTests", swiftSettings: strict),
        .testTarget(name: "MRIOIOTests", dependencies: ["YuhengData", "YuhengMRIO", "YuhengCore", "YuhengNumerics"], path: "Tests/MRIOIOTests", swiftSettings: strict),
        .testTarget(name: "LCATests", dependencies: ["YuhengLCA", "YuhengCore", "YuhengNumerics", "YuhengData"], path: "Tests/LCATests", swiftSettings: strict),
        .testTarget(name: "IndustrialTests", dependencies: ["YuhengIndustrial", .product(name: "Yams", package: "Yams")], path: "Tests/IndustrialTests", swiftSettings: strict),
        .testTarget(name: "PanoramaTests", dependencies: ["YuhengPanorama", "YuhengMRIO", "YuhengCharts", "YuhengData"], path: "Tests/PanoramaTests", swiftSettings: strict),
        .testTarget(name: "DataTests", dependencies: ["YuhengData", "YuhengCore", "YuhengInventory", "YuhengNumerics"], path: "Tests/DataTests", swiftSettings: strict),
        .testTarget(name: "LCIImportTests", dependencies: ["YuhengData", "YuhengLCA", "YuhengCore"], path: "Tests/LCIImportTests", swiftSettings: strict),
        .testTarget(name: "UncertaintyTests", dependencies: ["YuhengUncertainty", "YuhengCore", "YuhengNumerics"], path: "Tests/UncertaintyTests", swiftSettings: strict),
        .testTarget(name: "ServerTests", dependencies: ["YuhengServer", "YuhengServices", "YuhengData", "YuhengCore", "YuhengAgents", "YuhengAgentsTesting", .product(name: "MCP", package: "swift-sdk")], path: "Tests/ServerTests", swiftSettings: strict),
        .testTarget(name: "ComputingTests", dependencies: ["YuhengComputing", "YuhengData", "YuhengCore", "YuhengUncertainty", "YuhengAnalysis", "YuhengLCA", "YuhengMRIO", "YuhengIndustrial", "YuhengServer", .product(name: "Yams", package: "Yams"), "yuheng"], path: "Tests/ComputingTests", swiftSettings: strict),
        .testTarget(name: "AgentTests", dependencies: ["YuhengAgents", "YuhengAgentsTesting", "YuhengData", "YuhengCore", .product(name: "MCP", package: "swift-sdk")], path: "Tests/AgentTests", swiftSettings: strict),
        .testTarget(name: "AnalysisTests", dependencies: ["YuhengAnalysis", "YuhengUncertainty", "YuhengInventory", "YuhengLCA", "YuhengMRIO", "YuhengNumerics", "YuhengCore", "YuhengData", "yuheng"], path: "Tests/AnalysisTests", swiftSettings: strict),
        .testTarget(name: "PolicyTests", dependencies: ["YuhengPolicy", "YuhengCore", "YuhengData", "YuhengServices"], path: "Tests/PolicyTests", swiftSettings: strict),
        .testTarget(name: "NaturalTests", dependencies: ["YuhengNatural", "YuhengCore", "YuhengData", "YuhengPanorama"], path: "Tests/NaturalTests", swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["YuhengCommands", "YuhengCore", "YuhengData", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "ZIPFoundation", package: "ZIPFoundation"), "yuheng"], path: "Tests/CLITests", swiftSettings: strict),
    ]
)

// Every test target uses the package's test support (Sources/Testing/TestSupport).
for target in package.targets where target.type == .test {
    target.dependencies.append("YuhengTestSupport")
}
