import ArgumentParser

/// `yuheng mrio`: consumption-based accounts from multi-regional input-output tables.
struct MRIOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrio",
        abstract: "Consumption-based accounts from multi-regional input-output tables.",
        discussion: """
            Regions are named by the table's code or the ISO 3166-1 alpha-3 code, in any case (ROU and ROM are both Romania in WIOD); \
            sectors by their code, their name or a part of it (27t28, "basic metals", cement). National totals are shown in Mt \
            (--unit kt|Mt|Gt); JSON keeps the table's own unit.
            """,
        subcommands: [Accounts.self, Transfers.self, Paths.self, Shock.self, Series.self, SDA.self, MonteCarloRun.self, Import.self, Aggregate.self]
    )
}
