import Foundation
import YuhengComputing
import YuhengUncertainty

/// Runs a work kind of the computing layer on the server's executor (the local pool, or Slurm with
/// `yuheng serve --executor slurm`) as a job: its id names the Slurm job and folder, progress goes
/// to the job record, and cancelling the job cancels the tasks (scancel on Slurm). Work is cut
/// into tasks, each with its own random streams, so the result for a seed is the same on any executor.
enum Distributed {
    static func run<W: DistributedWork>(
        _ w: W.Type, _ params: W.Params, state: ServerState, tasks: Int?, progress: JobProgress
    ) async throws -> (partials: [W.Partial], report: ExecutionReport) {
        let flag = CancellationFlag()
        return try await withTaskCancellationHandler {
            do {
                return try await Computing.run(
                    w, params: params, executor: state.executor, jobID: progress.id, tasks: tasks, databasePath: state.db.path, cancellation: flag,
                    progress: { p in try? progress.report(0.05 + 0.9 * p.fraction, p.message) })
            } catch let e as ComputingError where e.code == .cancelled {
                throw CancellationError()
            } catch let e as UncertaintyError where e.code == .cancelled {
                throw CancellationError()
            }
        } onCancel: {
            flag.cancel()
        }
    }
}
