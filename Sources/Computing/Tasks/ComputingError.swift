import Foundation
import YuhengCore

/// An error of the computing layer, with a stable code, a message and what to do about it.
///
/// ```swift
/// do { try SlurmExecutor(settings: s).preflight() } catch let e as ComputingError {
///     print(e.code.rawValue, e.message, e.suggestion ?? "")   // slurm.notInstalled ...
/// }
/// ```
public struct ComputingError: YuhengError, Equatable {
    /// What went wrong, qualified by the domain (e.g. `computing.executor.unknown`); the kind decides exit code and HTTP status.
    public enum Code: String, ErrorCode, Codable {
        /// `--executor` names something other than local or slurm.
        case unknownExecutor = "executor.unknown"
        /// A work kind Yuheng does not know.
        case unknownKind = "work.unknownKind"
        /// Parameters of a job that cannot be decoded or are invalid.
        case invalidParameters = "work.invalidParameters"
        /// A task file or partial result that cannot be read.
        case badTaskFile = "task.badFile"
        /// A partial result written for another job or another plan.
        case stalePartial = "task.stalePartial"
        /// A task failed (after its retries).
        case taskFailed = "task.failed"
        /// The shared folder cannot be created or written.
        case sharedFolder = "executor.sharedFolder"
        /// The Slurm commands are not installed.
        case slurmNotInstalled = "slurm.notInstalled"
        /// The Slurm controller does not answer.
        case slurmUnreachable = "slurm.unreachable"
        /// The partition does not exist.
        case slurmPartition = "slurm.partition"
        /// sbatch refused the job.
        case slurmSubmit = "slurm.submit"
        /// The job was cancelled.
        case cancelled = "job.cancelled"
        /// A configuration file that cannot be read.
        case configuration = "config.invalid"

        /// The kind of failure of this code (it decides the HTTP status and the exit status).
        public var kind: ErrorKind {
            switch self {
            case .unknownExecutor, .unknownKind, .invalidParameters, .slurmPartition, .configuration: .invalidInput
            case .sharedFolder, .slurmNotInstalled, .slurmUnreachable, .slurmSubmit, .cancelled: .unavailable
            case .badTaskFile, .stalePartial, .taskFailed: .failure
            }
        }
    }
    /// "computing", the prefix of the qualified codes.
    public static let domain = "computing"

    /// What went wrong (see ``Code``).
    public var code: Code
    /// Human-readable description, e.g. "unknown work kind 'x'".
    public var message: String
    /// What to do about it, e.g. which executors exist; nil when there is nothing to add.
    public var suggestion: String?

    /// An error with `code`, `message` and an optional `suggestion`.
    public init(_ code: Code, _ message: String, suggestion: String? = nil) {
        self.code = code
        self.message = message
        self.suggestion = suggestion
    }

    /// The code itself: the codes are already qualified by their area ("slurm.notInstalled"), and
    /// the API has always answered with them.
    public var qualifiedCode: String { code.rawValue }
}
