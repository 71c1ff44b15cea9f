import ArgumentParser
import Foundation
import YuhengComputing
import YuhengData
import YuhengNumerics

extension ComputingCommand {
    /// `yuheng computing check`.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a small test job on the executor and compare it with the expected values.",
            discussion:
                "Each unit waits --sleep-ms and draws one number from its own random stream; the values must equal those computed here. JSON (--json): executor, units, tasks, values, matches, execution."
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var exec: ExecutorOptions
        @Option(help: "Units of the test job.") var units: Int = 8
        @Option(help: "Milliseconds each unit waits.") var sleepMs: Int = 100
        @Option(help: "Seed.") var seed: UInt64 = 1
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runAsync {
                let path = database.db ?? YuhengDatabase.defaultPath()
                let executor = try exec.resolve(databasePath: path) ?? LocalExecutor()
                let p = SelfTestWork.Params(units: units, sleepMS: sleepMs, seed: seed)
                let catcher = InterruptCatcher()
                defer { catcher.stop() }
                let bar = ProgressBar(label: "Check", unit: "")
                let (partials, report) = try await Computing.run(
                    SelfTestWork.self, params: p, executor: executor, tasks: exec.tasks,
                    cancellation: catcher.flag, progress: executionProgress(bar))
                bar.finish()
                let values = try SelfTestWork.gather(p, partials: partials)
                let expected = (0..<units).map { SelfTestWork.value(seed: seed, unit: $0) }
                let matches = values == expected
                if json {
                    struct Out: Encodable {
                        let executor: String; let units: Int; let tasks: Int; let values: [Double]; let matches: Bool; let execution: ExecutionReport
                        let blas_kernel: String; let blas_advice: String?; let blas_choice: String; let blas_chosen_at_start: Bool
                    }
                    print(
                        try Format.json(
                            Out(
                                executor: executor.name, units: units, tasks: report.tasks, values: values, matches: matches, execution: report,
                                blas_kernel: BLASKernel.name, blas_advice: BLASKernel.advice(), blas_choice: BLASKernel.choice().description,
                                blas_chosen_at_start: BLASKernel.choice().isAtStart)))
                } else {
                    print(
                        "Executor \(executor.name): \(units) units in \(report.tasks) task(s), \(String(format: "%.2f", report.seconds)) s"
                            + (report.slurmJobIDs.isEmpty ? "" : ", Slurm job \(report.slurmJobIDs.joined(separator: ", "))")
                            + (report.resubmissions > 0 ? ", \(report.resubmissions) resubmission(s)" : ""))
                    print(matches ? "OK: every value equals the one computed here" : "MISMATCH: the executor returned different values")
                    print("BLAS kernel here: \(BLASKernel.summary())")
                    if let advice = BLASKernel.advice() { print("note: \(advice)") }
                }
                if !matches { throw ExitCode.failure }
            }
        }
    }
}
