import Foundation
import YuhengCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a finished child process left: its exit status, its two output streams and how long it ran.
public struct ProcessOutput: Sendable, CustomStringConvertible {
    /// The exit status; a process ended by a signal gets 128 + the signal number (as a shell shows it).
    public var status: Int32
    /// Standard output, decoded as UTF-8.
    public var stdout: String
    /// Standard error, decoded as UTF-8.
    public var stderr: String
    /// Wall-clock seconds from start to exit.
    public var seconds: Double
    /// True when the process was ended by a signal (a trap, a crash, or the timeout's kill).
    public var signalled: Bool
    /// True when the process ran past its timeout and was killed.
    public var timedOut: Bool

    /// Creates an output record (for helpers that run processes their own way).
    public init(status: Int32, stdout: String, stderr: String, seconds: Double = 0, signalled: Bool = false, timedOut: Bool = false) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
        self.signalled = signalled
        self.timedOut = timedOut
    }

    /// Standard output followed by standard error.
    public var combined: String { stdout + stderr }

    /// The status, how it ended and the start of standard error, for test messages.
    public var description: String {
        var s = "exit status \(status)"
        if timedOut { s += " (killed: ran past its timeout after \(String(format: "%.0f", seconds)) s)" } else if signalled { s += " (a signal)" }
        if !stderr.isEmpty { s += "; stderr: \(stderr.prefix(1500))" }
        return s
    }
}

/// Runs child processes for the tests: arguments, environment changes, a working folder,
/// standard input, and a timeout after which the process is killed (SIGTERM, then SIGKILL), so a
/// hung child ends the test instead of outlasting the test's time limit. The output goes to files
/// (a full pipe can never block the child, and a grandchild that keeps a pipe open cannot hold up
/// the reader). The async form waits on a thread of its own (``OwnThread``), never on Swift's
/// cooperative pool, where other tests' async work runs.
///
/// ```swift
/// let o = try await ProcessRunner.run("/usr/bin/env", ["python3", "--version"], timeout: 60)
/// #expect(o.status == 0, "\(o)")
/// ```
public enum ProcessRunner {
    /// The default timeout, seconds.
    public static let defaultTimeout: Double = 300

    /// Runs `executable` with `arguments` and waits for it on a thread of its own.
    ///
    /// - Parameters:
    ///   - environment: variables set on top of this process's environment (`inheriting: true`) or
    ///     the whole environment (`inheriting: false`).
    ///   - removing: variables removed from the inherited environment.
    ///   - directory: the working folder (default: the package root).
    ///   - stdin: text written to the child's standard input (none: /dev/null).
    ///   - timeout: seconds after which the child is killed and `timedOut` is set.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], inheriting: Bool = true,
        removing: [String] = [], directory: URL? = TestPaths.packageRoot, stdin: String? = nil,
        timeout: Double = defaultTimeout
    ) async throws -> ProcessOutput {
        try await OwnThread.run {
            try runBlocking(
                executable, arguments, environment: environment, inheriting: inheriting, removing: removing,
                directory: directory, stdin: stdin, timeout: timeout)
        }
    }

    /// The same, blocking the calling thread (for synchronous tests and static initialisers).
    public static func runBlocking(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], inheriting: Bool = true,
        removing: [String] = [], directory: URL? = TestPaths.packageRoot, stdin: String? = nil,
        timeout: Double = defaultTimeout
    ) throws -> ProcessOutput {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = directory }
        var env = inheriting ? ProcessInfo.processInfo.environment : [:]
        for k in removing { env[k] = nil }
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let files = ScratchFolder.newFolder("process")
        defer { try? FileManager.default.removeItem(at: files) }
        let out = try outputFile(files, "stdout"), err = try outputFile(files, "stderr")
        p.standardOutput = out.handle
        p.standardError = err.handle
        let input = Pipe()
        p.standardInput = stdin == nil ? FileHandle.nullDevice : input
        let exited = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in exited.signal() }
        let start = Date()
        try p.run()
        try? out.handle.close()
        try? err.handle.close()
        if let stdin {
            // Written on a thread of its own: a child that does not read all of it must not block us.
            Thread {
                input.fileHandleForWriting.write(Data(stdin.utf8))
                try? input.fileHandleForWriting.close()
            }.start()
        }
        let timedOut = wait(for: p, exited: exited, timeout: timeout)
        let stdout = (try? Data(contentsOf: out.url)) ?? Data(), stderr = (try? Data(contentsOf: err.url)) ?? Data()
        let signalled = p.terminationReason == .uncaughtSignal
        return ProcessOutput(
            status: signalled ? 128 + p.terminationStatus : p.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
            seconds: Date().timeIntervalSince(start), signalled: signalled, timedOut: timedOut)
    }

    private static func outputFile(_ folder: URL, _ name: String) throws -> (url: URL, handle: FileHandle) {
        let url = folder.appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return (url, try FileHandle(forWritingTo: url))
    }

    /// Waits for the process to exit; past `timeout` sends SIGTERM, and SIGKILL five seconds
    /// later. Returns true when it had to kill.
    private static func wait(for p: Process, exited: DispatchSemaphore, timeout: Double) -> Bool {
        if exited.wait(timeout: .now() + timeout) == .success { p.waitUntilExit(); return false }
        p.terminate()
        if exited.wait(timeout: .now() + 5) == .timedOut { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        return true
    }
}
