import ArgumentParser
import Foundation
import YuhengCore
import YuhengData

/// The `yuheng` command.
@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
public struct YuhengCommand: AsyncParsableCommand {
    /// The root `yuheng` command: its abstract, discussion and the subcommand groups (data, mrio, lca, inventory, serve, ...).
    public static let configuration = CommandConfiguration(
        commandName: "yuheng",
        abstract: "Yuheng — open, panoramic carbon accounting.",
        discussion: """
            Every accounting boundary in one system: production-based inventories (IPCC 2006/2019 Tier 1), consumption-based \
            accounts from input-output tables, the panoramic national account, natural sources and sinks, product LCA, EU CBAM \
            and avoided emissions, industrial simulation and uncertainty. Data live in a local SQLite database created from \
            the bundled datasets on first run (--db or $YUHENG_DB chooses it). See 'yuheng COMMAND --help'.
            """,
        version: YuhengCoreInfo.version,
        subcommands: [
            ServeCommand.self, DataCommand.self, FactorsCommand.self, InventoryCommand.self, MRIOCommand.self, PanoramaCommand.self,
            NaturalCommand.self, LCACommand.self, SimulateCommand.self, GWPCommand.self, AskCommand.self, ChatCommand.self, MCPCommand.self,
            AgentsCommand.self, SensitivityCommand.self, CBAMCommand.self, AvoidedCommand.self, ComputingCommand.self, WorkerCommand.self
        ]
    )

    /// The command with default options (ArgumentParser fills them in from the command line).
    public init() {}
}

/// Options shared by commands that use the database.
public struct DatabaseOptions: ParsableArguments {
    /// Path of the SQLite database; nil uses `$YUHENG_DB`, else `~/.local/share/yuheng/yuheng.sqlite`.
    @Option(name: .long, help: ArgumentHelp("Database file (default: $YUHENG_DB or ~/.local/share/yuheng/yuheng.sqlite).", valueName: "path"))
    public var db: String?

    /// Options with the default database (ArgumentParser fills them in from the command line).
    public init() {}

    func open() throws -> YuhengDatabase {
        try YuhengDatabase.open(path: db)
    }
}

/// Runs a command body; an error is printed as `error: <description>` and ends the command with
/// the exit status of its kind (``reportedExit(_:)``). The exits of ArgumentParser pass through.
func run(_ body: () throws -> Void) throws {
    do { try body() } catch let e as CleanExit { throw e } catch let e as ExitCode { throw e } catch let e as ValidationError { throw e } catch {
        throw reportedExit(error)
    }
}

/// The command line's one mapping of errors: prints `error: <where>: <message>. <suggestion>` on
/// standard error, the same way for every error (``ErrorReport``), and returns the exit status of
/// the error's ``ErrorKind``: 1 for anything the user can correct, 69 when a service (a cluster, a
/// model server) is not available, 70 for an internal failure.
func reportedExit(_ error: any Error) -> ExitCode {
    let report = ErrorReport(error)
    printToStderr("error: \(report.description)")
    return ExitCode(report.kind.exitCode)
}

extension FileHandle: @retroactive TextOutputStream {
    /// Writes the string as UTF-8 bytes, so that `print(_:to:)` can target standard error.
    public func write(_ string: String) { write(Data(string.utf8)) }
}
