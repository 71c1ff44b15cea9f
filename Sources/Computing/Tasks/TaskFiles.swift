import Foundation
import YuhengCore

/// One task of a job as the worker reads it (`yuheng worker TASKFILE`): which work, which units
/// (Monte Carlo blocks, products, years), where the database is and where to write the result.
///
/// Written by the executor into the job's folder as `task-N.json`; the task command is the `yuheng`
/// binary itself, so nothing else has to be installed on the nodes.
public struct TaskSpec: Codable, Sendable, Hashable {
    /// The task-file format this Yuheng writes and reads; a worker refuses any other.
    public static let currentFormat = "yuheng-task/1"
    /// Format tag of this file (``currentFormat`` when written by this version).
    public var format = TaskSpec.currentFormat
    /// The job this task belongs to.
    public var jobID: String
    /// A digest of the work kind, parameters and plan: a partial result carries it, so one written
    /// for another job or another plan is never gathered.
    public var fingerprint: String
    /// The work kind to run, e.g. "lca-montecarlo" (see ``WorkRegistry``).
    public var kind: String
    /// The work's parameters (JSON text).
    public var params: String
    /// The task number (0-based) and the units it computes.
    public var task: Int
    /// The units (Monte Carlo blocks, products, years) this task computes.
    public var units: [Int]
    /// The Yuheng database file (tasks read their inputs from it), if the work needs it.
    public var database: String?
    /// When `database` is a read-only snapshot: the database it copies (stored relative paths
    /// resolve against that database's folder).
    public var databaseSnapshotOf: String?
    /// Where to write the partial result (atomically) and, on failure, the error.
    public var output: String
    /// Where to write a ``TaskFailure`` (atomically) when the task fails.
    public var errorOutput: String
    /// Threads to use (the CPUs of the task; `SLURM_CPUS_PER_TASK` wins when set).
    public var threads: Int

    enum CodingKeys: String, CodingKey {
        case format, kind, params, task, units, database, output, threads, fingerprint
        case jobID = "job_id"
        case errorOutput = "error_output"
        case databaseSnapshotOf = "database_snapshot_of"
    }
}

/// A task's result: the header says which job, plan and units it belongs to; `payload` is the
/// work kind's own JSON (for Monte Carlo, the blocks' outputs as exact binary doubles).
public struct TaskPartial: Codable, Sendable {
    /// The partial-result format this Yuheng writes and reads.
    public static let currentFormat = "yuheng-partial/1"
    /// Format tag of this file (``currentFormat`` when written by this version).
    public var format = TaskPartial.currentFormat
    /// The job the task belonged to.
    public var jobID: String
    /// The fingerprint of the task file it answers; a mismatch means another job or plan.
    public var fingerprint: String
    /// The task number (0-based).
    public var task: Int
    /// The units computed, as the task file listed them.
    public var units: [Int]
    /// The work kind's partial result as JSON text (for Monte Carlo, blocks of exact doubles).
    public var payload: String
    /// Wall-clock seconds of the task and the host it ran on.
    public var seconds: Double
    /// Host name of the machine that ran the task.
    public var host: String

    enum CodingKeys: String, CodingKey {
        case format, fingerprint, task, units, payload, seconds, host
        case jobID = "job_id"
    }

    /// Whether this partial belongs to `spec` (same job, plan, task and units).
    public func matches(_ spec: TaskSpec) -> Bool {
        format == Self.currentFormat && jobID == spec.jobID && fingerprint == spec.fingerprint && task == spec.task && units == spec.units
    }
}

/// What a failed task writes next to its result: the error, and whether running it again can help
/// (a bad parameter will fail again; a lost node will not).
public struct TaskFailure: Codable, Sendable {
    /// The job the task belonged to.
    public var jobID: String
    /// The task number (0-based).
    public var task: Int
    /// The error's description, as shown in the job's report.
    public var message: String
    /// Whether running the task again can help (a lost node or a timeout) or not (invalid parameters).
    public var retryable: Bool
    /// Host name of the machine where the task failed.
    public var host: String

    enum CodingKeys: String, CodingKey {
        case task, message, retryable, host
        case jobID = "job_id"
    }
}

/// Small file helpers: JSON in and out, atomic writes (temporary file + rename in the same folder,
/// so a reader sees the whole file or none of it).
public enum TaskFiles {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    /// Writes `data` to `path` atomically.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: tmp)
            if rename(tmp.path, url.path) != 0 {
                let err = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: tmp)
                throw ComputingError(.sharedFolder, "cannot write \(path): \(err)")
            }
        } catch let e as ComputingError {
            throw e
        } catch {
            throw ComputingError(
                .sharedFolder, "cannot write \(path): \(error.localizedDescription)",
                suggestion: "check that the shared folder exists and is writable on every node")
        }
    }

    /// Writes `value` as sorted-key JSON to `path` atomically.
    /// - Throws: ``ComputingError`` (`sharedFolder`) when the folder is missing or not writable.
    public static func write<T: Encodable>(_ value: T, to path: String) throws {
        try writeAtomically(try encoder.encode(value), to: path)
    }

    /// Reads a task file, partial or failure written by ``write(_:to:)``.
    /// - Throws: ``ComputingError`` (`badTaskFile`) when the file cannot be read or does not decode as `T`.
    public static func read<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ComputingError(.badTaskFile, "cannot read \(path)", suggestion: "check the path and that the shared folder is mounted on this node")
        }
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw ComputingError(.badTaskFile, "\(path) is not a valid \(T.self) file: \(error)")
        }
    }

    /// The digest that ties partial results to one job and plan.
    public static func fingerprint(jobID: String, kind: String, params: String, tasks: [[Int]]) -> String {
        let plan = tasks.map { $0.map(String.init).joined(separator: ",") }.joined(separator: ";")
        return SHA256.hex(Array("\(TaskSpec.currentFormat)\n\(jobID)\n\(kind)\n\(params)\n\(plan)".utf8))
    }

    /// This machine's host name (recorded with each partial result).
    public static var hostName: String { ProcessInfo.processInfo.hostName }
}

/// Doubles as exact binary (little-endian IEEE 754, base64) — results gathered from files are
/// bit-identical to those computed in memory.
public enum ExactDoubles {
    /// The values as base64 of their little-endian IEEE 754 bit patterns (8 bytes each, NaN and signs kept).
    public static func encode(_ values: [Double]) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 8)
        for v in values {
            let b = v.bitPattern.littleEndian
            withUnsafeBytes(of: b) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }

    /// The values encoded by ``encode(_:)``, bit for bit.
    /// - Throws: ``ComputingError`` (`badTaskFile`) when the text is not base64 of a whole number of doubles.
    public static func decode(_ text: String) throws -> [Double] {
        guard let data = Data(base64Encoded: text), data.count % 8 == 0 else {
            throw ComputingError(.badTaskFile, "a partial result holds damaged numbers (not base64 of 8-byte doubles)")
        }
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 8)).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) }
        }
    }
}
