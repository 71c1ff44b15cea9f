import Foundation
import YuhengData
import YuhengLCA

/// A kind of job the server runs, like the computing layer's work kinds: typed parameters, read
/// from the submitted JSON object with ``JSONFields`` and checked at submission (types, ranges,
/// allowed values, references and unknown fields: a 400 naming the field), and a typed,
/// encodable output that becomes the job's result. No kind writes JSON by hand.
protocol ServerJobKind: SendableMetatype {
    associatedtype Params: Sendable
    associatedtype Output: Encodable & Sendable
    /// The kind's name in `POST /api/jobs` (e.g. `lca-study`).
    static var name: String { get }
    /// Reads and checks the parameters.
    static func params(_ fields: JSONFields, state: ServerState) throws -> Params
    /// Runs the job, reporting progress (throws `CancellationError` once the job is cancelled).
    static func run(_ params: Params, state: ServerState, progress: JobProgress) async throws -> Output
}

/// The kinds of job the server runs.
enum JobKinds {
    static let all: [any ServerJobKind.Type] = [
        StudyJob.self, InventoryJob.self, PanoramaJob.self, WaitJob.self,
        LCAMonteCarloJob.self, MRIOMonteCarloJob.self, SeriesJob.self, BatchJob.self
    ]

    static func kinds(state: ServerState) -> [String: JobKind] {
        var out: [String: JobKind] = [:]
        for k in all { out[k.name] = JobKind(k, state: state) }
        return out
    }
}

/// Checks shared by the LCA job kinds.
enum JobChecks {
    /// Names of LCI databases a job may use: the bundled US LCI or an installed one.
    static func lci(_ id: String, _ f: JSONFields, _ key: String, state: ServerState) throws {
        let installed = id == BundledLCI.id ? true : (try state.services.data.dataset(id)) != nil
        guard installed else {
            throw f.fail(key, "'\(id.prefix(64))' is not an LCI database here (the bundled one is '\(BundledLCI.id)')")
        }
    }

    static func allocation(_ a: String, _ f: JSONFields) throws {
        guard AllocationPolicy(rawValue: a) != nil else {
            throw f.fail("allocation", "must be one of \(AllocationPolicy.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(a.prefix(40))')")
        }
    }

    static func method(_ m: String, _ f: JSONFields, state: ServerState) throws {
        do { _ = try state.services.lca.method(m) } catch let e as LCAError { throw f.fail("method", "is not a known impact method: \(e.message)") }
    }
}
