import ArgumentParser
import Foundation
import YuhengComputing
import YuhengData
import YuhengServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the HTTP API and the web interface.",
        discussion:
            "Binds to 127.0.0.1 by default. Binding to another address requires an API token (--token or YUHENG_API_TOKEN, at least 16 visible characters, e.g. `openssl rand -hex 24`) that every request must send as the header 'Authorization: Bearer <token>' (never in the URL)."
    )

    @Option(help: "Address to bind to.") var host: String = "127.0.0.1"
    @Option(help: "Port (0 picks a free one).") var port: Int = 8080
    @Option(help: ArgumentHelp("Database file.", valueName: "path")) var db: String?
    @Option(help: "API token required for every request, at least 16 characters (default: $YUHENG_API_TOKEN).") var token: String?
    @Option(help: "Jobs run at the same time.") var jobs: Int = 1
    @OptionGroup(title: "Executor (where Monte Carlo, batch and ensemble jobs run)") var exec: ExecutorOptions

    func run() async throws {
        let tok = token ?? ProcessInfo.processInfo.environment["YUHENG_API_TOKEN"]
        let server: YuhengServer
        do {
            let executor = try exec.resolve(databasePath: db ?? YuhengDatabase.defaultPath())
            if let slurm = executor as? SlurmExecutor { try await slurm.preflight() } // a clear error now, not at the first job
            server = try YuhengServer(
                configuration: ServerConfiguration(
                    host: host, port: port, databasePath: db, token: tok,
                    maxConcurrentJobs: jobs, executor: executor))
            if let e = executor { FileHandle.standardError.write(Data("jobs run on the \(e.name) executor\n".utf8)) }
        } catch {
            throw reportedExit(error)
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        try await server.run { bound in
            let line = "Yuheng is serving on http://\(shownHost):\(bound)/  (API: http://\(shownHost):\(bound)/openapi.json; Ctrl-C to stop)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }
}
