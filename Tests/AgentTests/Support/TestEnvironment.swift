import Foundation
import YuhengCore
import YuhengAgentsTesting
import Testing
import YuhengTestSupport
import YuhengData
@testable import YuhengAgents

/// One database for the whole suite (created from the bundled data on first use) and a folder for reports.
enum TestEnv {
    static let root: URL = ScratchFolder.newFolder("agents")

    /// A copy of the test template database (bundled datasets installed), made on first use.
    static let dbPath: String = {
        do { return try TestDatabase.copy(to: root.appendingPathComponent("agents.sqlite").path) } catch { fatalError("the test database: \(error)") }
    }()
    static let outputDir = root.appendingPathComponent("reports")

    static let database: YuhengDatabase = {
        let db = try! YuhengDatabase.open(path: dbPath)
        _ = try! BundledLCI.install(in: db)
        return db
    }()

    static let context: ToolContext = ToolContext(db: database, outputDirectory: outputDir)

    static func config(_ server: ScriptedLLMServer, maxSteps: Int = 8, stream: Bool = true) -> LLMConfiguration {
        LLMConfiguration(
            baseURL: server.baseURL, model: "scripted", apiKey: "test-key", maxSteps: maxSteps, timeoutSeconds: 60, wallClockSeconds: 300,
            retries: 1, backoffSeconds: 0.05, stream: stream)
    }

    static func assistant(_ server: ScriptedLLMServer, maxSteps: Int = 8, strict: Bool = false) -> Assistant {
        let c = config(server, maxSteps: maxSteps)
        return Assistant(model: OpenAICompatibleClient(configuration: c), context: context, limits: AgentLimits(c), strictGrounding: strict)
    }
}

/// Runs the real `yuheng` binary built next to the tests: thin names over YuhengTestSupport's
/// ``YuhengBinary`` (which keeps the developer's own model configuration out).
enum Binary {
    static var packageRoot: URL { TestPaths.packageRoot }

    static var path: URL { YuhengBinary.url }

    typealias Output = ProcessOutput

    /// Runs the binary on its own thread, so that waiting for it does not hold one of the few
    /// threads of Swift's cooperative pool (other tests' async work would stall behind it).
    static func run(_ args: [String], environment: [String: String] = [:], stdin: String? = nil) async throws -> Output {
        try await YuhengBinary.run(args, environment: environment, stdin: stdin)
    }

    static func runBlocking(_ args: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> Output {
        try YuhengBinary.runBlocking(args, environment: environment, stdin: stdin)
    }

    static func json(_ args: [String]) async throws -> JSON {
        let o = try await run(args)
        #expect(o.status == 0, "stderr: \(o.stderr)")
        return try JSON.parse(o.stdout)
    }
}
