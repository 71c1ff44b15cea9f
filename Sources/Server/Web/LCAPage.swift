import Foundation
import Hummingbird
import YuhengData
import YuhengLCA
import YuhengPages
import YuhengServices

/// The LCA page (`/lca`, `?q=` searches, `&process=` shows a footprint): gathers the search's
/// hits, the footprint per the process's own reference unit and the recent study reports;
/// ``LCAView`` renders them. Errors are said for the page, with what to do there.
enum LCAPage {
    static func register(_ pages: PageRoutes, state: ServerState, jobs: JobManager) {
        pages.get("/lca") { req, _ in
            await htmlHandle(section: .lca) {
                let query = try optional(req, "q", maxLength: 200)
                let process = try optional(req, "process", maxLength: 1_000)
                return try await state.work.run {
                    let m = try model(state, jobs: jobs, query: query, process: process)
                    return Page.html("LCA", .lca, LCAView.render(m), script: LCAView.script, datasets: m.footprint?.datasets ?? [])
                }
            }
        }
    }

    static func model(_ state: ServerState, jobs: JobManager, query: String?, process: String?) throws -> LCAView.Model {
        var m = LCAView.Model(query: query, reports: try reports(jobs))
        let lca = state.services.lca
        if let q = query {
            do {
                m.hits = try lca.search(q, limit: 20).map {
                    LCAView.Hit(processID: $0.processID, name: $0.name, location: $0.location, unit: $0.unit)
                }
            } catch {
                m.searchError = .init(
                    message: WebError.message(error), advice: "Try other words: the search matches the beginnings of words in process names.")
            }
        }
        if let p = process {
            do {
                m.footprint = try footprint(lca, process: p)
                m.monteCarlo.process = p
            } catch {
                m.footprintError = .init(message: WebError.message(error), advice: "Search for the process above and choose “Footprint” in its row.")
            }
        }
        return m
    }

    /// The footprint of one reference unit of a process, with its 10 largest contributors.
    static func footprint(_ lca: LCAService, process: String) throws -> LCAView.Footprint {
        let r = try lca.calculate(LCAService.Calculation(process: process))
        var f = LCAView.Footprint(
            processID: r.processID, processName: r.processName, amount: r.amount, unit: r.unit, method: r.method, total: r.total,
            fossilCO2: r.fossilCO2Kg, biogenicCO2: r.biogenicCO2Kg,
            contributors: r.topContributors.prefix(10).map { (name: $0.processName, kgCO2e: $0.kgCO2e) },
            datasets: try lca.provenance(database: BundledLCI.id).map(DatasetLine.init))
        if let amount = r.referenceAmount, let unit = r.referenceUnit, unit != r.unit { f.reference = (amount, unit) }
        return f
    }

    /// What the recent reports list needs of a study job's result.
    struct StudySummary: Decodable {
        struct Result: Decodable { let study: Study }
        struct Study: Decodable { let title: String; let functional_unit: String? }
        let total_kg_co2e: Double?
        let result: Result?
    }

    /// The last 10 successful studies, by product, date and result.
    static func reports(_ jobs: JobManager) throws -> [LCAView.Report] {
        try jobs.recent(limit: 200).filter { $0.kind == StudyJob.name && $0.status == .succeeded }.prefix(10).map { j in
            let summary = (try? jobs.result(j.id)).flatMap { try? JSONDecoder().decode(StudySummary.self, from: Data($0.utf8)) }
            return LCAView.Report(
                jobID: j.id, product: summary?.result?.study.title ?? "study \(j.id.prefix(8))",
                functionalUnit: summary?.result?.study.functional_unit,
                date: j.finishedAt ?? j.createdAt, totalKgCO2e: summary?.total_kg_co2e)
        }
    }
}
