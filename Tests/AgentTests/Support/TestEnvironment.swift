import Foundation
import YuhengCore
import YuhengAgentsTesting
import Testing
import YuhengData
@testable import YuhengAgents

/// One database for the whole suite (created from the bundled data on first use) and a folder for reports.
enum TestEnv {
    static let root: URL = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("yuheng-agent-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }()

    static let dbPath = root.appendingPathComponent("agents.sqlite").path
    static let outputDir = root.appendingPathComponent("reports")

    static let database: YuhengDatabase = {
        let db = try! YuhengDatabase.open(path: dbPath)
        _ = try! BundledLCI.install(in: db)
        return db
    }()

    static let context: ToolContext = ToolContext(db: database, outputDirectory: outputDir)

    static func config(_ server: ScriptedLLMServer, maxSteps: Int = 8, stream: Bool = true) -> LLMConfiguration {
        LLMConfiguration(baseURL: server.baseURL, model: "scripted", apiKey: "test-key", maxSteps: maxSteps, timeoutSeconds: 60, wallClockSeconds: 300,
                         retries: 1, backoffSeconds: 0.05, stream: stream)
    }

    static func assistant(_ server: ScriptedLLMServer, maxSteps: Int = 8, strict: Bool = false) -> Assistant {
        let c = config(server, maxSteps: maxSteps)
        return Assistant(model: OpenAICompatibleClient(configuration: c), context: context, limits: AgentLimits(c), strictGrounding: strict)
    }
}

/// Runs the real `yuheng` binary built next to the tests.
enum Binary {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let path: URL = {
        if let p = ProcessInfo.processInfo.environment["YUHENG_BIN"] { return URL(fileURLWithPath: p) }
        let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidates: [URL] = []
        var dir = argv0.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("yuheng"))
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/yuheng"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
    }

    /// Runs the binary on its own thread, so that waiting for it does not hold one of the few
    /// threads of Swift's cooperative pool (other tests' async work would stall behind it).
    static func run(_ args: [String], environment: [String: String] = [:], stdin: String? = nil) async throws -> Output {
        try await OwnThread.run { try runBlocking(args, environment: environment, stdin: stdin) }
    }

    static func runBlocking(_ args: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> Output {
        let p = Process()
        p.executableURL = path
        p.arguments = args
        p.currentDirectoryURL = packageRoot
        var env = ProcessInfo.processInfo.environment
        env["YUHENG_CONFIG"] = nil
        env["YUHENG_LLM_BASE_URL"] = nil
        env["YUHENG_LLM_API_KEY"] = nil
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let input = Pipe()
        if stdin != nil { p.standardInput = input }
        let start = Date()
        try p.run()
        if let text = stdin {
            input.fileHandleForWriting.write(Data(text.utf8))
            try? input.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so neither fills up.
        let errData = LockedData()
        let t = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        t.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !errData.done { usleep(1000) }
        return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: errData.data, as: UTF8.self),
                      seconds: Date().timeIntervalSince(start))
    }

    static func json(_ args: [String]) async throws -> JSON {
        let o = try await run(args)
        #expect(o.status == 0, "stderr: \(o.stderr)")
        return try JSON.parse(o.stdout)
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var value = Data()
    private var finished = false
    func set(_ d: Data) { lock.lock(); value = d; finished = true; lock.unlock() }
    var data: Data { lock.lock(); defer { lock.unlock() }; return value }
    var done: Bool { lock.lock(); defer { lock.unlock() }; return finished }
}
