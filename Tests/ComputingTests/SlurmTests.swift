import Foundation
import Testing
import YuhengTestSupport
import Yams
import YuhengData
import YuhengIndustrial
import YuhengUncertainty
@testable import YuhengComputing

/// Against a real single-node Slurm cluster (munge, slurmctld, slurmd): array jobs run
/// `yuheng worker`, results equal the local executor's bit for bit, lost tasks are resubmitted,
/// cancelled jobs leave nothing queued.
@Suite("Computing layer on a real Slurm cluster", .tags(.slurm), .serialized)
struct SlurmTests {
    init() throws { try SlurmCluster.require() }

    @Test("a multi-task test job on Slurm returns exactly the values computed here")
    func selftest() async throws {
        let p = SelfTestWork.Params(units: 7, sleepMS: 0, seed: 42)
        let (partials, report) = try await Computing.run(SelfTestWork.self, params: p, executor: try testSlurm(), tasks: 3)
        #expect(report.executor == "slurm" && report.tasks == 3 && report.slurmJobIDs.count == 1 && report.resubmissions == 0)
        #expect(try SelfTestWork.gather(p, partials: partials) == (0..<7).map { SelfTestWork.value(seed: 42, unit: $0) })
        #expect(!FileManager.default.fileExists(atPath: report.folder ?? "/")) // cleaned up after success
    }

    @Test("MRIO Monte Carlo on Slurm (4 tasks) equals the local executor and the in-process run bit for bit")
    func mrioMonteCarlo() async throws {
        let p = MRIOMonteCarloWork.Params(gsd: 1.25, run: MonteCarloRunParams(iterations: 2_000, seed: 17, blockSize: 250))
        let setup = try MRIOMonteCarloWork.setup(p)
        let (slurmParts, report) = try await Computing.run(MRIOMonteCarloWork.self, params: p, executor: try testSlurm(), tasks: 4)
        let (localParts, _) = try await Computing.run(MRIOMonteCarloWork.self, params: p, executor: LocalExecutor(), tasks: 1)
        let onSlurm = try MRIOMonteCarloWork.gather(p, setup: setup, partials: slurmParts)
        let local = try MRIOMonteCarloWork.gather(p, setup: setup, partials: localParts)
        let direct = try await setup.run(iterations: 2_000, seed: 17, blockSize: 250, workers: 2)
        #expect(report.tasks == 4)
        #expect(onSlurm.run.outputs.values.map(\.bitPattern) == local.run.outputs.values.map(\.bitPattern))
        #expect(onSlurm.summaries == local.summaries && local.summaries == direct.summaries)
    }

    @Test("LCA Monte Carlo and a multi-task LCA batch on Slurm equal the local results (tasks read the database file)")
    func lca() async throws {
        let db = try ComputingDatabase.open()
        let p = LCAMonteCarloWork.Params(process: "9b3ead68", defaultGSD: 1.1, run: MonteCarloRunParams(iterations: 300, seed: 2, blockSize: 100))
        let setup = try LCAMonteCarloWork.setup(p, database: db)
        let (sp, _) = try await Computing.run(
            LCAMonteCarloWork.self, params: p, executor: try testSlurm(), tasks: 3, databasePath: ComputingDatabase.path)
        let direct = try await setup.monteCarlo.run(iterations: 300, seed: 2, blockSize: 100, workers: 1)
        let r = try LCAMonteCarloWork.gather(p, setup: setup, partials: sp)
        #expect(r.run.outputs.values == direct.run.outputs.values && r.run.summaries == direct.run.summaries)

        let items = (0..<5).map { LCABatchWork.Item(process: "9b3ead68", amount: Double($0 + 1)) }
        let bp = LCABatchWork.Params(items: items)
        let (onSlurm, report) = try await Computing.run(
            LCABatchWork.self, params: bp, executor: try testSlurm(), tasks: 3, databasePath: ComputingDatabase.path)
        let (local, _) = try await Computing.run(LCABatchWork.self, params: bp, executor: LocalExecutor(), databasePath: ComputingDatabase.path)
        #expect(report.tasks == 3)
        #expect(try LCABatchWork.gather(bp, partials: onSlurm) == LCABatchWork.gather(bp, partials: local))
    }

    @Test("an MRIO time series on Slurm (one array task per year) equals the local executor exactly")
    func mrioSeries() async throws {
        let p = MRIOSeriesWork.Params(years: MRIOSeriesWork.bundled)
        let (onSlurm, report) = try await Computing.run(MRIOSeriesWork.self, params: p, executor: try testSlurm(), tasks: 2)
        let (local, _) = try await Computing.run(MRIOSeriesWork.self, params: p, executor: LocalExecutor(), tasks: 1)
        #expect(report.executor == "slurm" && report.tasks == 2)
        let a = try MRIOSeriesWork.gather(p, partials: onSlurm), b = try MRIOSeriesWork.gather(p, partials: local)
        #expect(a.map { $0.cba.map(\.bitPattern) } == b.map { $0.cba.map(\.bitPattern) })
        #expect(a == b)
    }

    @Test("LCA tasks on Slurm read a read-only rollback-journal snapshot of the database; the result equals reading the database itself")
    func databaseSnapshot() async throws {
        let items = (0..<4).map { LCABatchWork.Item(process: "9b3ead68", amount: Double($0 + 1)) }
        let p = LCABatchWork.Params(items: items)
        let (viaSnapshot, report) = try await Computing.run(
            LCABatchWork.self, params: p, executor: try testSlurm { $0.keepFiles = true }, tasks: 2,
            databasePath: ComputingDatabase.path)
        let folder = try #require(report.folder)
        let snapshot = (folder as NSString).appendingPathComponent("database.sqlite")
        #expect((report.databaseSnapshotBytes ?? 0) > 0)
        let spec = try TaskFiles.read(TaskSpec.self, from: (folder as NSString).appendingPathComponent("task-0.json"))
        #expect(spec.database == snapshot && spec.databaseSnapshotOf == URL(fileURLWithPath: ComputingDatabase.path).standardizedFileURL.path)
        let header = [UInt8](try Data(contentsOf: URL(fileURLWithPath: snapshot)).prefix(20))
        #expect(Array(header[18..<20]) == [1, 1], "the snapshot is not in rollback-journal mode")
        #expect(!FileManager.default.fileExists(atPath: snapshot + "-wal"))
        let (direct, directReport) = try await Computing.run(
            LCABatchWork.self, params: p, executor: try testSlurm { $0.databaseSnapshot = false }, tasks: 2,
            databasePath: ComputingDatabase.path)
        #expect(directReport.databaseSnapshotBytes == nil)
        #expect(try LCABatchWork.gather(p, partials: viaSnapshot) == LCABatchWork.gather(p, partials: direct))
        try? FileManager.default.removeItem(atPath: folder)
    }

    @Test("a scenario ensemble (simulate) on Slurm equals simulateWithUncertainty in one process")
    func simulateEnsemble() async throws {
        let text = try String(
            contentsOfFile: TestPaths.packageRoot.appendingPathComponent("examples/simulate/steel-policy.yaml").path, encoding: .utf8)
        var scenario = try YAMLDecoder().decode(IndustrialScenario.self, from: text)
        scenario.uncertainty?.iterations = 2_500
        let p = SimulationEnsembleWork.Params(scenario: scenario)
        let (parts, report) = try await Computing.run(SimulationEnsembleWork.self, params: p, executor: try testSlurm(), tasks: 3)
        #expect(report.tasks == 3)
        let onSlurm = try SimulationEnsembleWork.gather(p, partials: parts)
        let local = try await IndustrialSimulator.simulateWithUncertainty(scenario, workers: 2)
        #expect(onSlurm.years == local.years)
        #expect(local.years.allSatisfy { $0.totalP2_5 != nil && $0.totalP97_5 != nil })
    }

    @Test("a task killed mid-run is resubmitted and the result is still exact")
    func killedTask() async throws {
        let p = SelfTestWork.Params(units: 4, sleepMS: 2_500, seed: 3)
        let ex = try testSlurm()
        let jobID = "kill-" + UUID().uuidString.prefix(8).lowercased()
        let run = Task { try await Computing.run(SelfTestWork.self, params: p, executor: ex, jobID: jobID, tasks: 2) }
        // wait until task 1's worker runs, then kill it as a node failure or the OOM killer would
        var killed = false
        for _ in 0..<150 where !killed {
            try await Task.sleep(for: .milliseconds(100))
            let (s, out, _) = try await sh("/usr/bin/pgrep", ["-f", "worker .*job-\(jobID)/task-1.json"])
            if s == 0, let pid = out.split(separator: "\n").first {
                try await sh("/bin/kill", ["-9", String(pid)])
                killed = true
            }
        }
        #expect(killed, "the worker of task 1 never appeared")
        let (partials, report) = try await run.value
        #expect(report.resubmissions >= 1)
        #expect(report.slurmJobIDs.count >= 2)
        #expect(try SelfTestWork.gather(p, partials: partials) == (0..<4).map { SelfTestWork.value(seed: 3, unit: $0) })
    }

    @Test("cancelling a job cancels its Slurm tasks: nothing is left queued")
    func cancel() async throws {
        let p = SelfTestWork.Params(units: 6, sleepMS: 20_000, seed: 1)
        let flag = CancellationFlag()
        let jobID = "cancel-" + UUID().uuidString.prefix(8).lowercased()
        let ex = try testSlurm()
        let run = Task { try await Computing.run(SelfTestWork.self, params: p, executor: ex, jobID: jobID, tasks: 6, cancellation: flag) }
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(100))
            if try await !SlurmCluster.queued(jobName: "yuheng-\(jobID)").isEmpty { break }
        }
        #expect(try await !SlurmCluster.queued(jobName: "yuheng-\(jobID)").isEmpty)
        flag.cancel()
        do {
            _ = try await run.value
            Issue.record("a cancelled job returned a result")
        } catch let e as ComputingError {
            #expect(e.code == .cancelled)
        }
        #expect(try await SlurmCluster.queued(jobName: "yuheng-\(jobID)").isEmpty)
    }

    @Test("a task that fails on its inputs is not retried in vain: the job fails at once naming the task and the error")
    func failingTask() async throws {
        let p = SelfTestWork.Params(units: 4, sleepMS: 0, seed: 1, failUnits: [3])
        do {
            _ = try await Computing.run(SelfTestWork.self, params: p, executor: try testSlurm(), tasks: 2)
            Issue.record("a failing task gave a result")
        } catch let e as ComputingError {
            #expect(e.code == .taskFailed)
            #expect(e.message.contains("task 1") && e.message.contains("unit 3") && e.message.contains("1 attempt"))
            #expect(e.suggestion?.contains("task-1.out") == true)
        }
    }

    @Test("a job run again with the same id and plan reuses finished partial results; stale ones are ignored")
    func resumeAndStale() async throws {
        let p = SelfTestWork.Params(units: 4, sleepMS: 0, seed: 8)
        let ex = try testSlurm { $0.keepFiles = true }
        let id = "resume-" + UUID().uuidString.prefix(8).lowercased()
        let (_, first) = try await Computing.run(SelfTestWork.self, params: p, executor: ex, jobID: id, tasks: 2)
        let (again, second) = try await Computing.run(SelfTestWork.self, params: p, executor: ex, jobID: id, tasks: 2)
        #expect(first.slurmJobIDs.count == 1 && second.slurmJobIDs.isEmpty) // nothing left to run
        #expect(try SelfTestWork.gather(p, partials: again) == (0..<4).map { SelfTestWork.value(seed: 8, unit: $0) })
        // same id, other parameters: the old partials do not match and are recomputed
        let q = SelfTestWork.Params(units: 4, sleepMS: 0, seed: 9)
        let (fresh, third) = try await Computing.run(SelfTestWork.self, params: q, executor: ex, jobID: id, tasks: 2)
        #expect(third.slurmJobIDs.count == 1)
        #expect(try SelfTestWork.gather(q, partials: fresh) == (0..<4).map { SelfTestWork.value(seed: 9, unit: $0) })
    }

    @Test("clear errors: unknown partition, missing Slurm commands, unwritable shared folder")
    func badSetup() async throws {
        let p = SelfTestWork.Params(units: 2)
        do {
            _ = try await Computing.run(SelfTestWork.self, params: p, executor: try testSlurm { $0.partition = "no-such-partition" })
            Issue.record("an unknown partition was accepted")
        } catch let e as ComputingError {
            #expect(e.code == .slurmPartition && e.suggestion?.contains("debug") == true)
        }
        #expect { try SlurmExecutor(settings: SlurmSettings(binDir: "/nonexistent/bin"), defaultSharedDir: "/tmp") } throws: {
            ($0 as? ComputingError)?.code == .slurmNotInstalled
        }
        do {
            _ = try await Computing.run(SelfTestWork.self, params: p, executor: try testSlurm { $0.sharedDir = "/proc/yuheng-cannot-write" })
            Issue.record("an unwritable shared folder was accepted")
        } catch let e as ComputingError {
            #expect(e.code == .sharedFolder)
        }
    }
}

/// Slurm's time limit, for real: its smallest limit is a minute, so this suite runs on its own,
/// beside the other Slurm tests rather than after them.
@Suite("A Slurm task over its time limit", .tags(.slurm), .timeLimit(.minutes(6)))
struct SlurmTimeLimitTests {
    init() throws { try SlurmCluster.require() }

    @Test("a task that runs past --time-limit is stopped by Slurm and the job fails naming TIMEOUT and the option to raise")
    func timeLimit() async throws {
        let p = SelfTestWork.Params(units: 1, sleepMS: 240_000, seed: 3)
        let start = Date()
        await #expect {
            _ = try await Computing.run(
                SelfTestWork.self, params: p,
                executor: try testSlurm {
                    $0.timeLimit = "1"; $0.maxRetries = 0
                }, tasks: 1)
        } throws: { error in
            guard let e = error as? ComputingError else { return false }
            return e.code == .taskFailed && e.message.contains("TIMEOUT") && (e.suggestion ?? "").contains("--time-limit")
        }
        // Stopped by the limit (a minute, plus Slurm's check interval), not by the task's own end at 240 s.
        #expect(Date().timeIntervalSince(start) < 200)
    }
}
