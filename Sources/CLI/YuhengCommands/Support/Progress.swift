import Foundation
import YuhengComputing
import YuhengServices
import YuhengUncertainty

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A progress bar with the running estimate on stderr, drawn only when stderr is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let enabled: Bool
    private let label: String
    private let unit: String
    private var last = Date.distantPast
    private var drawn = false

    init(label: String, unit: String, quiet: Bool = false) {
        self.enabled = !quiet && isatty(STDERR_FILENO) != 0
        self.label = label
        self.unit = unit
    }

    /// The engine's progress callback.
    var callback: (@Sendable (Int, Int, Double) -> Void)? {
        guard enabled else { return nil }
        return { [self] done, total, mean in self.update(done, total, mean) }
    }

    /// Progress of a distributed job (units done of all).
    var jobCallback: @Sendable (ExecutionProgress) -> Void { { [self] p in self.update(p.unitsDone, p.units, .nan) } }

    func update(_ done: Int, _ total: Int, _ mean: Double) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard done == total || now.timeIntervalSince(last) >= 0.1 else { return }
        last = now
        let width = 28
        let f = total > 0 ? Double(done) / Double(total) : 1
        let filled = min(width, Int(f * Double(width)))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let estimate = mean.isFinite ? "  mean \(Format.number(mean, decimals: abs(mean) < 100 ? 4 : 1)) \(unit)" : ""
        let line = "\r\(label) [\(bar)] \(String(format: "%5.1f", f * 100)) %  \(done)/\(total)\(estimate)\u{1B}[K"
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}

/// SIGINT → cancel the run (it returns the completed blocks, marked cancelled); a second SIGINT kills.
final class InterruptCatcher: @unchecked Sendable {
    let flag = CancellationFlag()
    private var source: DispatchSourceSignal?

    init() {
        signal(SIGINT, SIG_IGN)
        let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let flag = self.flag
        s.setEventHandler {
            flag.cancel()
            FileHandle.standardError.write(Data("\ninterrupted: stopping after the running blocks (press Ctrl-C again to abort)\n".utf8))
            signal(SIGINT, SIG_DFL)
        }
        s.resume()
        source = s
    }

    func stop() {
        source?.cancel()
        source = nil
        signal(SIGINT, SIG_DFL)
    }

    deinit { stop() }
}

/// Runs a long computation with a progress bar and Ctrl-C cancellation, on `executor` when one was
/// asked for: the bar is cleared when the body returns or throws.
func withProgress<T>(
    _ label: String, unit: String, quiet: Bool = false, executor: (any Executor)? = nil, tasks: Int? = nil,
    workers: Int? = nil, _ body: (Execution) async throws -> T
) async throws -> T {
    let catcher = InterruptCatcher()
    defer { catcher.stop() }
    let bar = ProgressBar(label: label, unit: unit, quiet: quiet)
    defer { bar.finish() }
    let run = Execution(
        executor: executor, tasks: tasks, workers: workers ?? ProcessInfo.processInfo.activeProcessorCount,
        cancellation: catcher.flag, progress: bar.callback, jobProgress: bar.jobCallback)
    return try await body(run)
}

/// One line on how a distributed job ran.
func executionFooter(_ e: ExecutionReport) -> String {
    "Executor \(e.executor): \(e.tasks) task(s)" + (e.slurmJobIDs.isEmpty ? "" : ", Slurm job \(e.slurmJobIDs.joined(separator: ", "))")
        + (e.resubmissions > 0 ? ", \(e.resubmissions) resubmission(s)" : "") + String(format: ", %.2f s", e.seconds)
        + (e.hosts.isEmpty ? "" : " on \(e.hosts.joined(separator: ", "))")
}

/// Progress of a distributed job on stderr (only on a terminal).
func executionProgress(_ bar: ProgressBar) -> @Sendable (ExecutionProgress) -> Void { bar.jobCallback }
