import Foundation
import Testing
import YuhengCore

// Issue 15, errors: the command line reports every error one way (`error: <where>: <message>.
// <suggestion>`) and exits with the exit status of the error's kind (ErrorKind.exitCode): 1 for
// what the user can correct, 69 for a service that is not available, 70 for an internal failure.

/// Runs the real binary with extra environment variables.
private func runYuheng(_ args: [String], environment: [String: String]) async throws -> CLI.Output {
    try await OwnThread.run { try CLI.run(args, environment: environment) }
}

/// The last line of a command's standard error (a wait for the database's setup lock may precede the error).
private func lastLine(_ text: String) -> String {
    text.split(separator: "\n").last.map(String.init) ?? ""
}

@Suite("yuheng exits with the exit status of the error's kind")
struct ErrorExitTests {
    @Test("a model server that is not there is a missing service: exit 69 (EX_UNAVAILABLE), not 1")
    func unavailable() async throws {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        let config = CLI.databaseDir.appendingPathComponent("llm-unreachable.json")
        try #"{"base_url": "http://127.0.0.1:9/v1", "model": "m", "retries": 0, "timeout_s": 5}"#.write(to: config, atomically: true, encoding: .utf8)
        let o = try await runYuheng(["ask", "What is China's footprint?", "--db", CLI.db], environment: ["YUHENG_CONFIG": config.path])
        #expect(o.status == ErrorKind.unavailable.exitCode, "\(o.status): \(o.stderr)")
        #expect(o.status == 69)
        #expect(lastLine(o.stderr).hasPrefix("error: "), "\(o.stderr)")
    }

    @Test("a broken installation (the bundled datasets missing) is an internal failure: exit 70 with the message and the suggestion")
    func internalFailure() async throws {
        let empty = CLI.databaseDir.appendingPathComponent("no-bundled-data")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let db = CLI.databaseDir.appendingPathComponent("fresh-\(UUID().uuidString).sqlite").path
        let o = try await runYuheng(["factors", "search", "coal", "--db", db], environment: ["YUHENG_BUNDLED_DIR": empty.path])
        #expect(o.status == ErrorKind.failure.exitCode, "\(o.status): \(o.stderr)")
        #expect(o.status == 70)
        // Message, then the suggestion, on one line: the same shape as every other error.
        #expect(lastLine(o.stderr).hasPrefix("error: "), "\(o.stderr)")
        #expect(o.stderr.contains("manifest.json") && o.stderr.contains("python3 scripts/"), "\(o.stderr)")
    }

    @Test("input to correct exits 1, with where, what and the suggestion")
    func invalidInput() async throws {
        let o = try await CLI.run(["mrio", "paths", "--region", "USB"])
        #expect(o.status == ErrorKind.invalidInput.exitCode && o.status == 1, "\(o.status): \(o.stderr)")
        #expect(lastLine(o.stderr).hasPrefix("error: ") && o.stderr.contains("did you mean 'USA'"), "\(o.stderr)")
    }
}
