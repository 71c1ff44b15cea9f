import Foundation

/// The `yuheng` binary built next to the tests, run as a user would.
///
/// ```swift
/// let db = try TestDatabase.copy("cli")
/// let o = try await YuhengBinary.run(["inventory", "examples/inventory/ipcc-1.csv", "--json"], db: db)
/// #expect(o.status == 0, "\(o)")
/// ```
public enum YuhengBinary {
    /// The binary: `$YUHENG_BIN` when set, else `yuheng` in the folder of the test bundle or up to
    /// three folders above it, else `<package root>/.build/debug/yuheng`.
    public static let url: URL = {
        if let p = ProcessInfo.processInfo.environment["YUHENG_BIN"], !p.isEmpty { return URL(fileURLWithPath: p) }
        let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidates: [URL] = []
        var dir = argv0.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("yuheng"))
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(TestPaths.package(".build/debug/yuheng"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    /// The binary's path.
    public static var path: String { url.path }

    /// Variables removed from the environment the binary inherits, so that the developer's own
    /// configuration (a language model, a configuration file) never leaks into a test.
    public static let isolatedVariables = ["YUHENG_CONFIG", "YUHENG_LLM_BASE_URL", "YUHENG_LLM_API_KEY"]

    /// Runs the binary with `arguments` (and `--db db` after them when `db` is given), in the
    /// package root, waiting on a thread of its own; see ``ProcessRunner/run(_:_:environment:inheriting:removing:directory:stdin:timeout:)``.
    public static func run(
        _ arguments: [String], db: String? = nil, environment: [String: String] = [:], stdin: String? = nil,
        directory: URL? = TestPaths.packageRoot, timeout: Double = ProcessRunner.defaultTimeout
    ) async throws -> ProcessOutput {
        try await ProcessRunner.run(
            path, arguments + (db.map { ["--db", $0] } ?? []), environment: environment, removing: isolatedVariables,
            directory: directory, stdin: stdin, timeout: timeout)
    }

    /// The same, blocking the calling thread.
    public static func runBlocking(
        _ arguments: [String], db: String? = nil, environment: [String: String] = [:], stdin: String? = nil,
        directory: URL? = TestPaths.packageRoot, timeout: Double = ProcessRunner.defaultTimeout
    ) throws -> ProcessOutput {
        try ProcessRunner.runBlocking(
            path, arguments + (db.map { ["--db", $0] } ?? []), environment: environment, removing: isolatedVariables,
            directory: directory, stdin: stdin, timeout: timeout)
    }
}
