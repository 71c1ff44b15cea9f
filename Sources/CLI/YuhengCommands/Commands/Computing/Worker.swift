import ArgumentParser
import Foundation
import YuhengComputing
import YuhengData
import YuhengNumerics

/// `yuheng worker TASKFILE` (hidden): what a Slurm array task runs.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run one task of a distributed job (what Slurm array tasks run).", shouldDisplay: false)
    @Argument(help: "The task file (task-N.json in the job's shared folder).") var taskFile: String

    func run() async throws {
        let status = await Worker.run(taskFile: taskFile)
        if status != 0 { throw ExitCode(status) }
    }
}
