import Foundation
import YuhengCore
import YuhengData
import YuhengInventory
import YuhengLCA

/// The kinds of job the server runs. Each has typed parameters, read from the submitted JSON
/// object with ``JSONFields`` — types, ranges, allowed values and unknown fields are checked when the
/// job is submitted (400 naming the field), and read the same way when it runs.
enum JobKinds {
    static func kinds(state: ServerState) -> [String: JobKind] {
        own(state: state).merging(DistributedJobKinds.kinds(state: state)) { a, _ in a }
    }

    /// `lca-study`: {study: YAML or JSON text, format?: "yaml"|"json"}.
    struct StudyParams: Sendable {
        let study: String
        let format: String?
        static func parse(_ f: JSONFields) throws -> StudyParams {
            try f.onlyKnown(["study", "format"])
            let format = try f.string("format", maxLength: 10)
            if let format, !["yaml", "json"].contains(format) { throw f.fail("format", "must be \"yaml\" or \"json\" (got \"\(format)\")") }
            return StudyParams(study: try f.requiredString("study", maxLength: 8 << 20), format: format)
        }
    }

    /// `inventory`: {csv, gwp?}.
    struct InventoryParams: Sendable {
        let csv: String
        let gwp: String
        static func parse(_ f: JSONFields, state: ServerState) throws -> InventoryParams {
            try f.onlyKnown(["csv", "gwp"])
            let p = InventoryParams(csv: try f.requiredString("csv", maxLength: 8 << 20), gwp: try f.string("gwp", maxLength: 64) ?? "AR5")
            do { _ = try state.db.gwpLibrary().set(named: p.gwp) } catch let e as GWPError { throw f.fail("gwp", "is not a GWP set: \(e.message)") }
            return p
        }
    }

    /// `wait`: {seconds} (0 to 86,400; for testing the job system).
    struct WaitParams: Sendable {
        let seconds: Double
        static func parse(_ f: JSONFields) throws -> WaitParams {
            try f.onlyKnown(["seconds"])
            return WaitParams(seconds: try f.requiredDouble("seconds", in: 0...86_400))
        }
    }

    static func own(state: ServerState) -> [String: JobKind] {
        [
            // A product footprint study → result, Markdown and HTML reports.
            "lca-study": .typed(StudyParams.parse) { p, progress in
                try progress.report(0.05, "reading the study")
                let study = try StudyFile.parse(p.study, fileName: p.format == "json" ? "study.json" : "study.yaml")
                try progress.report(0.2, "building the technosphere")
                let lci = try await OwnThread.run { try state.lci() }
                try progress.report(0.5, "calculating")
                return try await OwnThread.run {
                    var datasets: [Provenance] = []
                    if let d = try state.db.dataset(BundledLCI.id) { datasets.append(d.provenance) }
                    if let g = try state.db.dataset("gwp") { datasets.append(g.provenance) }
                    let result = try StudyRunner.run(study, database: lci, gwp: try state.db.gwpLibrary(), datasets: datasets)
                    let date = ISO8601DateFormatter().string(from: Date())
                    struct Out: Encodable { let total_kg_co2e: Double; let result: StudyResult; let report_markdown: String; let report_html: String }
                    let out = Out(total_kg_co2e: result.result.total, result: result, report_markdown: StudyReport.markdown(result, generated: date), report_html: StudyReport.html(result, generated: date))
                    return String(decoding: try JSONResponse.encode(out), as: UTF8.self)
                }
            },
            // An inventory of an activity file.
            "inventory": .typed({ try InventoryParams.parse($0, state: state) }) { p, progress in
                try progress.report(0.1, "parsing")
                return try await OwnThread.run {
                    let r = try state.services.inventory.compute(csv: p.csv, fileName: "job", gwp: p.gwp)
                    return String(decoding: try JSONResponse.encode(r), as: UTF8.self)
                }
            },
            // The panoramic account of the bundled MRIO (warms the cache); no parameters.
            "panorama": .typed({ try $0.onlyKnown([]) }) { _, progress in
                try progress.report(0.1, "solving the input-output system")
                return try await OwnThread.run { String(decoding: try JSONResponse.encode(try state.panorama().account), as: UTF8.self) }
            },
            // Waits for `seconds` (for testing the job system: progress, cancellation, restarts).
            "wait": .typed(WaitParams.parse) { p, progress in
                let steps = max(1, Int(p.seconds * 10))
                for k in 0..<steps {
                    try progress.report(Double(k) / Double(steps), "waiting")
                    try await Task.sleep(for: .milliseconds(100))
                }
                return "{\"waited_s\": \(p.seconds)}"
            },
        ]
    }
}
