import Foundation
import Testing
import YuhengAnalysis
import YuhengData
import YuhengMRIO
import YuhengUncertainty
@testable import YuhengComputing

@Suite("Computing layer: plans, files and the local executor")
struct LocalExecutorTests {
    @Test("tasks are contiguous, nearly equal and cover every unit once")
    func plans() {
        #expect(planTasks(units: 10, tasks: 3) == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]])
        #expect(planTasks(units: 2, tasks: 5) == [[0], [1]])
        #expect(planTasks(units: 7, tasks: 1) == [Array(0..<7)])
        for (u, t) in [(1, 1), (13, 4), (100, 7), (64, 64)] {
            let p = planTasks(units: u, tasks: t)
            #expect(p.flatMap { $0 } == Array(0..<u))
            #expect((p.map(\.count).max() ?? 0) - (p.map(\.count).min() ?? 0) <= 1)
        }
    }

    @Test("doubles survive the partial-result files bit for bit")
    func exactDoubles() throws {
        let values: [Double] = [0.1, -0.0, 1e-308, .pi, 1.0 / 3.0, 123456789.123456789, .greatestFiniteMagnitude, Double.leastNonzeroMagnitude]
        let back = try ExactDoubles.decode(ExactDoubles.encode(values))
        #expect(back.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(throws: ComputingError.self) { try ExactDoubles.decode("not base64!") }
    }

    @Test("a partial result of another job, plan or task is never taken for this one")
    func staleMatching() {
        let job = PlannedJob(jobID: "a", kind: SelfTestWork.kind, params: "{}", tasks: [[0, 1], [2]], databasePath: nil)
        let other = PlannedJob(jobID: "a", kind: SelfTestWork.kind, params: "{}", tasks: [[0], [1, 2]], databasePath: nil)
        #expect(job.fingerprint != other.fingerprint)
        let spec = TaskSpec(
            jobID: "a", fingerprint: job.fingerprint, kind: job.kind, params: "{}", task: 0, units: [0, 1], database: nil, output: "",
            errorOutput: "", threads: 1)
        var p = TaskPartial(jobID: "a", fingerprint: job.fingerprint, task: 0, units: [0, 1], payload: "{}", seconds: 0, host: "h")
        #expect(p.matches(spec))
        p.fingerprint = other.fingerprint
        #expect(!p.matches(spec))
        p.fingerprint = job.fingerprint
        p.jobID = "b"
        #expect(!p.matches(spec))
    }

    @Test("MRIO Monte Carlo: one task, many tasks and the in-process run agree bit for bit")
    func mrioLocal() async throws {
        let p = MRIOMonteCarloWork.Params(gsd: 1.3, run: MonteCarloRunParams(iterations: 2_500, seed: 9, blockSize: 300))
        let setup = try MRIOMonteCarloWork.setup(p)
        let direct = try await setup.run(iterations: 2_500, seed: 9, blockSize: 300, workers: 2)
        for (tasks, concurrent) in [(1, 1), (4, 2), (9, 3)] {
            let ex = LocalExecutor(maxConcurrentTasks: concurrent, threadsPerTask: 1)
            let (partials, report) = try await Computing.run(MRIOMonteCarloWork.self, params: p, executor: ex, tasks: tasks)
            #expect(report.tasks == tasks && report.units == 9)
            let r = try MRIOMonteCarloWork.gather(p, setup: setup, partials: partials)
            #expect(r.run.outputs.values == direct.run.outputs.values)
            #expect(r.summaries == direct.summaries)
        }
    }

    @Test("LCA Monte Carlo on the bundled US LCI: tasks and in-process run agree; the result is the engine's")
    func lcaLocal() async throws {
        let db = try ComputingDatabase.open()
        let p = LCAMonteCarloWork.Params(process: "9b3ead68", defaultGSD: 1.1, run: MonteCarloRunParams(iterations: 400, seed: 4, blockSize: 100))
        let setup = try LCAMonteCarloWork.setup(p, database: db)
        let direct = try await setup.monteCarlo.run(iterations: 400, seed: 4, blockSize: 100, workers: 2)
        let (partials, report) = try await Computing.run(
            LCAMonteCarloWork.self, params: p, executor: LocalExecutor(maxConcurrentTasks: 2, threadsPerTask: 1),
            tasks: 3, databasePath: ComputingDatabase.path)
        #expect(report.tasks == 3)
        let r = try LCAMonteCarloWork.gather(p, setup: setup, partials: partials)
        #expect(r.run.outputs.values == direct.run.outputs.values)
        #expect(r.run.summaries == direct.run.summaries)
        #expect(r.deterministic == direct.deterministic)
        #expect(r.counters.solves == 400)
    }

    @Test("LCA batch: every product once, in order, equal to single calculations; an unknown product names its row")
    func batch() async throws {
        let db = try ComputingDatabase.open()
        let items = [LCABatchWork.Item(process: "9b3ead68", amount: 2), LCABatchWork.Item(process: "9b3ead68", amount: 1)]
        let p = LCABatchWork.Params(items: items + items + items)
        let s = try LCABatchWork.setup(p, database: db)
        let (partials, _) = try await Computing.run(
            LCABatchWork.self, params: p, executor: LocalExecutor(), tasks: 4, databasePath: ComputingDatabase.path)
        let r = try LCABatchWork.gather(p, partials: partials)
        #expect(r.map(\.index) == Array(0..<6))
        let single = try s.calculator.calculate(column: s.columns[0], amount: 2, method: s.method)
        #expect(r[0].kgCO2e == single.total && r[2].kgCO2e == single.total)
        #expect(abs(r[1].kgCO2e * 2 - r[0].kgCO2e) <= 1e-12 * abs(r[0].kgCO2e))
        let bad = LCABatchWork.Params(items: items + [LCABatchWork.Item(process: "no-such-process-xyz")])
        #expect { try LCABatchWork.setup(bad, database: db) } throws: { ($0 as? ComputingError)?.message.contains("item 3") == true }
        #expect(throws: ComputingError.self) { try LCABatchWork.gather(p, partials: Array(partials.dropLast())) }
    }

    @Test("LCA batch: two batches of the same size run in one task context each get their own products' columns")
    func batchesShareNoColumns() async throws {
        let db = try ComputingDatabase.open()
        let context = TaskContext(databasePath: ComputingDatabase.path, threads: 1)
        let first = LCABatchWork.Params(items: [LCABatchWork.Item(process: "9b3ead68", amount: 1)])
        let second = LCABatchWork.Params(items: [LCABatchWork.Item(process: "018446d9-d9dd-3755-89ee-7e7603e7b14a", amount: 1)])
        let a = try await LCABatchWork.run(first, units: [0], context: context).items[0]
        let b = try await LCABatchWork.run(second, units: [0], context: context).items[0]
        let s = try LCABatchWork.setup(second, database: db)
        let direct = try s.calculator.calculate(column: s.columns[0], amount: 1, method: s.method)
        #expect(b.processID == direct.processID && b.kgCO2e == direct.total, "the second batch reused the first's column: \(b.processID)")
        #expect(a.processID != b.processID)
    }

    @Test("MRIO series: one task per year, each year equal to the engine on its own table, whatever the number of tasks")
    func mrioSeries() async throws {
        let p = MRIOSeriesWork.Params(years: MRIOSeriesWork.bundled)
        let (one, r1) = try await Computing.run(MRIOSeriesWork.self, params: p, executor: LocalExecutor(), tasks: 1)
        let (two, r2) = try await Computing.run(MRIOSeriesWork.self, params: p, executor: LocalExecutor(), tasks: 2)
        #expect(r1.tasks == 1 && r2.tasks == 2)
        let a = try MRIOSeriesWork.gather(p, partials: one), b = try MRIOSeriesWork.gather(p, partials: two)
        #expect(a == b)
        #expect(a.map(\.label) == BundledMRIO.years.map { String($0.year) }) // every bundled year (2000–2011)
        for (y, id) in zip(a, BundledMRIO.ids) {
            let (acc, _) = try MRIOEngine.accounts(try BundledMRIO.load(id: id), options: AccountOptions(incomeBased: false))
            let e = acc.extensions[0]
            #expect(y.cba == e.cbaRegion.row(0) && y.pba == e.pbaRegion.row(0) && y.imports == e.impRegion.row(0))
            #expect(y.dataset?.datasetID == id)
            // Identities: global cba = pba; Σ imports = Σ exports; per region cba − pba = imp − exp.
            #expect(abs(y.totalCBA - y.totalPBA) <= 1e-9 * y.totalPBA)
            #expect(abs(y.imports.reduce(0, +) - y.exports.reduce(0, +)) <= 1e-9 * y.totalPBA)
            for r in y.regions.indices { #expect(abs((y.cba[r] - y.pba[r]) - (y.imports[r] - y.exports[r])) <= 1e-6 * max(1, y.pba[r])) }
        }
        // The two years are different tables.
        #expect(a[0].pba != a[1].pba)

        // Bad input, refused before any task runs or when gathering.
        let dup = MRIOSeriesWork.Params(years: [.init(label: "2011", table: "wiod2011-co2"), .init(label: "2011", table: "wiod2009-co2")])
        #expect { try MRIOSeriesWork.validate(dup, database: nil) } throws: { ($0 as? ComputingError)?.message.contains("given twice") == true }
        let unknown = MRIOSeriesWork.Params(years: [.init(label: "2030", table: "no-such-table")])
        #expect { try MRIOSeriesWork.validate(unknown, database: nil) } throws: { ($0 as? ComputingError)?.message.contains("no-such-table") == true }
        #expect(throws: ComputingError.self) { try MRIOSeriesWork.validate(MRIOSeriesWork.Params(years: []), database: nil) }
        #expect(throws: ComputingError.self) { try MRIOSeriesWork.gather(p, partials: Array(two.dropLast())) }
        let badStressor = MRIOSeriesWork.Params(years: [.init(label: "2011", table: "wiod2011-co2")], stressor: "SF6")
        await #expect { _ = try await Computing.run(MRIOSeriesWork.self, params: badStressor, executor: LocalExecutor()) } throws: {
            "\($0)".contains("no stressor 'SF6'")
        }
    }

    @Test("MRIO series from a folder of EXIOBASE-named tables: every year, oldest first; ixi/pxp clashes and empty folders are clear errors")
    func seriesFromFolder() async throws {
        let dir = Scratch.folder("exio")
        let fm = FileManager.default
        for (year, id) in BundledMRIO.years {
            try fm.copyItem(at: try BundledMRIO.directory(id: id), to: URL(fileURLWithPath: dir + "/IOT_\(year)_ixi"))
        }
        try Data().write(to: URL(fileURLWithPath: dir + "/README.txt")) // other files are ignored
        let years = try MRIOSeriesWork.scan(folder: dir)
        #expect(years.map(\.label) == BundledMRIO.years.map { String($0.year) }) // every bundled year (2000–2011)
        let p = MRIOSeriesWork.Params(years: years)
        let (parts, _) = try await Computing.run(MRIOSeriesWork.self, params: p, executor: LocalExecutor(), tasks: 2)
        let fromFolder = try MRIOSeriesWork.gather(p, partials: parts)
        let bundled = try MRIOSeriesWork.bundledAccounts()
        #expect(fromFolder.map(\.cba) == bundled.map(\.cba) && fromFolder.map(\.pba) == bundled.map(\.pba))
        // Through the command line.
        let (status, out, err) = try await sh(Binary.yuheng, ["mrio", "series", "--tables-in", dir, "--json", "--db", ComputingDatabase.path])
        #expect(status == 0, "\(err)")
        let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        #expect((json?["years"] as? [[String: Any]])?.map { $0["label"] as? String } == BundledMRIO.years.map { String($0.year) })
        // Both systems for a year: choose one.
        try fm.copyItem(at: try BundledMRIO.directory(id: "wiod2011-co2"), to: URL(fileURLWithPath: dir + "/IOT_2011_pxp"))
        #expect { try MRIOSeriesWork.scan(folder: dir) } throws: { ($0 as? ComputingError)?.message.contains("both an ixi and a pxp") == true }
        #expect(try MRIOSeriesWork.scan(folder: dir, system: "pxp").map(\.label) == ["2011"])
        #expect(throws: ComputingError.self) { try MRIOSeriesWork.scan(folder: dir, system: "xyz") }
        #expect { try MRIOSeriesWork.scan(folder: Scratch.folder("empty")) } throws: {
            ($0 as? ComputingError)?.message.contains("no EXIOBASE tables") == true
        }
    }

    @Test("unknown executor names and an invalid configuration file give clear errors")
    func configuration() throws {
        #expect(throws: ComputingError.self) { try ExecutorKind(parsing: "kubernetes") }
        let file = Scratch.folder("config") + "/computing.json"
        try Data(#"{"executor": "slurm", "slurm": {"partition": "debug", "cpus_per_task": 2, "max_retries": 1}}"#.utf8).write(
            to: URL(fileURLWithPath: file))
        let c = try ComputingConfiguration.load(environment: ["YUHENG_COMPUTING_CONFIG": file])
        #expect(c.executor == .slurm && c.slurm?.partition == "debug" && c.slurm?.cpusPerTask == 2 && c.slurm?.maxRetries == 1)
        let merged = c.slurm!.overridden(by: SlurmSettings(partition: "long"))
        #expect(merged.partition == "long" && merged.cpusPerTask == 2)
        try Data(#"{"executor": "cloud"}"#.utf8).write(to: URL(fileURLWithPath: file))
        #expect(throws: ComputingError.self) { try ComputingConfiguration.load(environment: ["YUHENG_COMPUTING_CONFIG": file]) }
        #expect(try ComputingConfiguration.load(environment: ["YUHENG_COMPUTING_CONFIG": file + ".missing"]) == ComputingConfiguration())
    }

    @Test("the worker writes its result atomically, or an error file saying whether a retry can help")
    func worker() async throws {
        let dir = Scratch.folder("worker")
        let job = PlannedJob(
            jobID: "w1", kind: SelfTestWork.kind, params: #"{"units": 3, "sleep_ms": 0, "seed": 5, "fail_units": [2]}"#, tasks: [[0, 1], [2]],
            databasePath: nil)
        for t in 0..<2 {
            let spec = TaskSpec(
                jobID: job.jobID, fingerprint: job.fingerprint, kind: job.kind, params: job.params, task: t, units: job.tasks[t],
                database: nil, output: "\(dir)/task-\(t).partial.json", errorOutput: "\(dir)/task-\(t).error.json", threads: 1)
            try TaskFiles.write(spec, to: "\(dir)/task-\(t).json")
        }
        #expect(await Worker.run(taskFile: "\(dir)/task-0.json", log: { _ in }) == 0)
        let partial = try TaskFiles.read(TaskPartial.self, from: "\(dir)/task-0.partial.json")
        let values = try ExactDoubles.decode(try JSONDecoder().decode(SelfTestWork.Partial.self, from: Data(partial.payload.utf8)).values)
        #expect(values == [SelfTestWork.value(seed: 5, unit: 0), SelfTestWork.value(seed: 5, unit: 1)])
        #expect(await Worker.run(taskFile: "\(dir)/task-1.json", log: { _ in }) == 1)
        let failure = try TaskFiles.read(TaskFailure.self, from: "\(dir)/task-1.error.json")
        #expect(failure.retryable == false && failure.message.contains("unit 2"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/task-1.partial.json"))
        #expect(await Worker.run(taskFile: "\(dir)/missing.json", log: { _ in }) == 1)
    }
}
