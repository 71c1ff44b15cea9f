import Foundation
import YuhengCore
import YuhengData
import YuhengInventory
import YuhengLCA
import YuhengPanorama
import YuhengReports

/// `lca-study`: {study: YAML or JSON text, format?: "yaml"|"json"} → the result and its ISO 14067
/// reports (Markdown and HTML).
enum StudyJob: ServerJobKind {
    static let name = "lca-study"

    struct Params: Sendable {
        let study: String
        let format: String?
    }

    struct Output: Codable, Sendable {
        let total_kg_co2e: Double
        let result: StudyResult
        let report_markdown: String
        let report_html: String
    }

    static func params(_ f: JSONFields, state: ServerState) throws -> Params {
        try f.onlyKnown(["study", "format"])
        let format = try f.string("format", maxLength: 10)
        if let format, !["yaml", "json"].contains(format) { throw f.fail("format", "must be \"yaml\" or \"json\" (got \"\(format)\")") }
        return Params(study: try f.requiredString("study", maxLength: 8 << 20), format: format)
    }

    static func run(_ p: Params, state: ServerState, progress: JobProgress) async throws -> Output {
        try progress.report(0.05, "reading the study")
        let study = try StudyFile.parse(p.study, fileName: p.format == "json" ? "study.json" : "study.yaml")
        try progress.report(0.2, "building the technosphere")
        let lca = state.services.lca
        _ = try await OwnThread.run { try lca.lci() }
        try progress.report(0.5, "calculating")
        return try await OwnThread.run {
            let result = try lca.study(study)
            let date = ISO8601DateFormatter().string(from: Date())
            return Output(
                total_kg_co2e: result.result.total, result: result, report_markdown: StudyReport.markdown(result, generated: date),
                report_html: StudyReport.html(result, generated: date))
        }
    }
}

/// `inventory`: {csv, gwp?} → the inventory result.
enum InventoryJob: ServerJobKind {
    static let name = "inventory"

    struct Params: Sendable {
        let csv: String
        let gwp: String
    }

    static func params(_ f: JSONFields, state: ServerState) throws -> Params {
        try f.onlyKnown(["csv", "gwp"])
        let p = Params(csv: try f.requiredString("csv", maxLength: 8 << 20), gwp: try f.string("gwp", maxLength: 64) ?? "AR5")
        do { _ = try state.services.data.gwp(p.gwp) } catch let e as GWPError { throw f.fail("gwp", "is not a GWP set: \(e.message)") }
        return p
    }

    static func run(_ p: Params, state: ServerState, progress: JobProgress) async throws -> InventoryResult {
        try progress.report(0.1, "parsing")
        let inventory = state.services.inventory
        return try await OwnThread.run { try inventory.compute(csv: p.csv, fileName: "job", gwp: p.gwp) }
    }
}

/// `panorama`: no parameters → the panoramic account of the bundled MRIO (warms the cache).
enum PanoramaJob: ServerJobKind {
    static let name = "panorama"

    static func params(_ f: JSONFields, state: ServerState) throws { try f.onlyKnown([]) }

    static func run(_ p: Void, state: ServerState, progress: JobProgress) async throws -> PanoramicAccount {
        try progress.report(0.1, "solving the input-output system")
        let panorama = state.services.panorama
        return try await OwnThread.run { try panorama.account() }
    }
}

/// `wait`: {seconds} (0 to 86,400) → {waited_s}; for testing the job system (progress,
/// cancellation, restarts).
enum WaitJob: ServerJobKind {
    static let name = "wait"

    struct Params: Sendable { let seconds: Double }
    struct Output: Encodable, Sendable { let waited_s: Double }

    static func params(_ f: JSONFields, state: ServerState) throws -> Params {
        try f.onlyKnown(["seconds"])
        return Params(seconds: try f.requiredDouble("seconds", in: 0...86_400))
    }

    static func run(_ p: Params, state: ServerState, progress: JobProgress) async throws -> Output {
        let steps = max(1, Int(p.seconds * 10))
        for k in 0..<steps {
            try progress.report(Double(k) / Double(steps), "waiting")
            try await Task.sleep(for: .milliseconds(100))
        }
        return Output(waited_s: p.seconds)
    }
}
