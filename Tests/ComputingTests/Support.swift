import Foundation
import YuhengCore
import Testing
import YuhengTestSupport
import YuhengData
@testable import YuhengComputing

/// The `yuheng` binary built next to the tests (what Slurm tasks run).
enum Binary {
    static var yuheng: String { YuhengBinary.path }
}

/// A scratch folder of these tests, inside the test process's scratch folder.
enum Scratch {
    static let root: URL = ScratchFolder.newFolder("computing")

    static func folder(_ name: String) -> String {
        let d = root.appendingPathComponent(name + "-" + UUID().uuidString.prefix(8))
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d.path
    }
}

/// A database with the bundled US LCI, shared by the tests of this process: a copy of the test
/// template with the LCI installed.
enum ComputingDatabase {
    static let path: String = {
        do {
            let p = try YuhengTestSupport.TestDatabase.copy("computing-db")
            _ = try BundledLCI.install(in: try YuhengDatabase.open(path: p, installBundled: false))
            return p
        } catch { fatalError("the test database: \(error)") }
    }()
    static func open() throws -> YuhengDatabase { try YuhengDatabase.open(path: path, installBundled: false) }
}

/// Runs a command on its own thread (so waiting for it does not hold one of the few threads of
/// Swift's cooperative pool, where other tests' async work runs); returns (status, stdout, stderr).
/// `environment` replaces the inherited one when given.
@discardableResult
func sh(_ path: String, _ args: [String], environment: [String: String]? = nil) async throws -> (Int32, String, String) {
    let o = try await ProcessRunner.run(path, args, environment: environment ?? [:], inheriting: environment == nil)
    return (o.status, o.stdout, o.stderr)
}

@discardableResult
func shBlocking(_ path: String, _ args: [String], environment: [String: String]? = nil) throws -> (Int32, String, String) {
    let o = try ProcessRunner.runBlocking(path, args, environment: environment ?? [:], inheriting: environment == nil)
    return (o.status, o.stdout, o.stderr)
}

/// A real single-node Slurm cluster for the tests: the one `SLURM_CONF` points at when it answers
/// (`.ci/run` starts one with ../shared/cluster/start-slurm.sh), else one started here with that
/// script and stopped when the test process exits.
enum SlurmCluster {
    /// Throws (failing the test) with what to do when no cluster can be had.
    static func require() throws {
        if let error = state { throw error }
    }

    private static let state: ClusterUnavailable? = {
        if answers() { return nil }
        let script = packageShared.appendingPathComponent("start-slurm.sh").path
        guard FileManager.default.fileExists(atPath: script) else {
            return ClusterUnavailable(
                "no Slurm cluster answers (SLURM_CONF=\(ProcessInfo.processInfo.environment["SLURM_CONF"] ?? "unset")) and \(script) is missing")
        }
        let dir = Scratch.root.appendingPathComponent("slurm").path
        // The script leaves daemons running (munged, slurmctld, slurmd). They must not inherit this
        // process's pipes or sockets: a daemon holding the write end of a pipe keeps its reader from
        // ever seeing the end of the file. So: no pipes (output to a file), and every descriptor
        // above 2 closed before the script runs.
        let log = dir + ".start.log"
        let wrapper =
            #"for f in /proc/$$/fd/*; do n=${f##*/}; [ "$n" -gt 2 ] 2>/dev/null && eval "exec $n>&-"; done; exec bash "$0" "$1" > "$2" 2>&1"#
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", wrapper, script, dir, log]
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return ClusterUnavailable("cannot run \(script)") }
        p.waitUntilExit()
        let out = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard p.terminationStatus == 0, let line = out.split(separator: "\n").first(where: { $0.hasPrefix("export SLURM_CONF=") }) else {
            return ClusterUnavailable("could not start a Slurm cluster with \(script) (run as root on Debian; see \(log) and \(dir)/log)")
        }
        setenv("SLURM_CONF", String(line.dropFirst("export SLURM_CONF=".count)), 1)
        stopDir = dir
        atexit {
            // plain system(3): Foundation's Process may no longer work while the process exits
            if let d = SlurmCluster.stopDir {
                // stop-slurm.sh sends SIGTERM; slurmd can hang in its shutdown once slurmctld is gone and keep its
                // port, so whatever of the three is still alive a few seconds later is killed.
                let stop = SlurmCluster.packageShared.appendingPathComponent("stop-slurm.sh").path
                _ = system(
                    """
                    pids=$(cat '\(d)'/slurmd.run.pid '\(d)'/slurmctld.run.pid '\(d)'/munged.pid 2>/dev/null); \
                    bash '\(stop)' '\(d)' >/dev/null 2>&1; \
                    for i in 1 2 3 4 5 6; do alive=; for p in $pids; do kill -0 $p 2>/dev/null && alive=1; done; [ -z "$alive" ] && break; sleep 0.5; done; \
                    for p in $pids; do kill -9 $p 2>/dev/null; done; true
                    """)
            }
        }
        return answers() ? nil : ClusterUnavailable("the Slurm cluster started in \(dir) does not answer")
    }()

    nonisolated(unsafe) static var stopDir: String?

    static var packageShared: URL { TestPaths.shared("cluster") }

    static func answers() -> Bool {
        guard let (s, out, _) = try? shBlocking("/usr/bin/env", ["sinfo", "-h", "-o", "%T"]), s == 0 else { return false }
        return out.contains("idle") || out.contains("mix") || out.contains("alloc")
    }

    /// Array tasks of Yuheng jobs still in the queue.
    static func queued(jobName: String) async throws -> [String] {
        let (_, out, _) = try await sh("/usr/bin/env", ["squeue", "-h", "-r", "--name=\(jobName)", "-o", "%i"])
        return out.split(separator: "\n").map(String.init)
    }
}

struct ClusterUnavailable: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Slurm settings for the tests: quick polling, the test build's binary, a scratch shared folder.
func testSlurm(_ extra: (inout SlurmSettings) -> Void = { _ in }) throws -> SlurmExecutor {
    var s = SlurmSettings(maxRetries: 2, pollInterval: 0.2, workerCommand: Binary.yuheng)
    extra(&s)
    return try SlurmExecutor(settings: s, defaultSharedDir: Scratch.folder("shared"))
}
