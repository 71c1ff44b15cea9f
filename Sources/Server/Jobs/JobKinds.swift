import Foundation
import YuhengCore
import YuhengData
import YuhengInventory
import YuhengLCA

/// The kinds of job the server runs.
enum JobKinds {
    static func handlers(state: ServerState) -> [String: JobHandler] {
        own(state: state).merging(DistributedJobKinds.handlers(state: state)) { a, _ in a }
    }

    static func own(state: ServerState) -> [String: JobHandler] {
        [
            // A product footprint study: params {study: YAML or JSON text, format?: "yaml"|"json"} → result, Markdown and HTML reports.
            "lca-study": { params, progress in
                struct P: Decodable { let study: String; let format: String? }
                let p = try JSONDecoder().decode(P.self, from: params)
                try progress.report(0.05, "reading the study")
                let study = try StudyFile.parse(p.study, fileName: p.format == "json" ? "study.json" : "study.yaml")
                let lci = try state.lci()
                try progress.report(0.2, "building the technosphere")
                var datasets: [Provenance] = []
                if let d = try state.db.dataset(BundledLCI.id) { datasets.append(d.provenance) }
                if let g = try state.db.dataset("gwp") { datasets.append(g.provenance) }
                let result = try StudyRunner.run(study, database: lci, gwp: try state.db.gwpLibrary(), datasets: datasets)
                try progress.report(0.9, "writing the report")
                let date = ISO8601DateFormatter().string(from: Date())
                struct Out: Encodable { let total_kg_co2e: Double; let result: StudyResult; let report_markdown: String; let report_html: String }
                let out = Out(total_kg_co2e: result.result.total, result: result, report_markdown: StudyReport.markdown(result, generated: date), report_html: StudyReport.html(result, generated: date))
                return String(decoding: try JSONResponse.encoder.encode(out), as: UTF8.self)
            },
            // An inventory: params {csv, gwp?}.
            "inventory": { params, progress in
                struct P: Decodable { let csv: String; let gwp: String? }
                let p = try JSONDecoder().decode(P.self, from: params)
                try progress.report(0.1, "parsing")
                let acts = try ActivityFile.parseCSV(p.csv, fileName: "job")
                let r = try InventoryEngine(factors: try state.db.inventoryFactors(), gwp: try state.db.gwpLibrary().set(named: p.gwp ?? "AR5")).compute(acts, fileName: "job")
                return String(decoding: try JSONResponse.encoder.encode(r), as: UTF8.self)
            },
            // The panoramic account of the bundled MRIO (warms the cache).
            "panorama": { _, progress in
                try progress.report(0.1, "solving the input-output system")
                let p = try state.panorama()
                return String(decoding: try JSONResponse.encoder.encode(p.account), as: UTF8.self)
            },
            // Waits for `seconds` (for testing the job system: progress, cancellation, restarts).
            "wait": { params, progress in
                struct P: Decodable { let seconds: Double }
                let p = try JSONDecoder().decode(P.self, from: params)
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
