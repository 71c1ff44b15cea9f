import ArgumentParser

/// `yuheng lca`: life cycle assessment and product carbon footprints.
struct LCACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lca",
        abstract: "Life cycle assessment and product carbon footprints (ISO 14040/44, ISO 14067).",
        subcommands: [
            Import.self, Databases.self, Search.self, Calculate.self, Contributions.self, Tree.self, Study.self, MonteCarloRun.self, Batch.self,
            BenchMtx.self
        ]
    )
}
