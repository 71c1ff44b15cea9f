import Foundation
import Hummingbird
import YuhengCharts
import YuhengData
import YuhengPages

/// LCA Monte Carlo in the browser: the form on the LCA page posts to `/lca/montecarlo`, which
/// submits an `lca-montecarlo` job (on the server's executor: the local pool or Slurm) and
/// redirects to `/lca/montecarlo/{id}`. That page follows the job (it reloads itself while the job
/// runs) and then shows the result (``MonteCarloView``). A refused form or a failed job comes back
/// with the user's values. Works without JavaScript.
enum MonteCarloPage {
    static func register(_ pages: PageRoutes, state: ServerState, jobs: JobManager) {
        pages.postForm("/lca/montecarlo") { req, _ in
            var values = MonteCarloView.Values(process: "", iterations: "", seed: "", defaultGSD: "")
            do {
                let form = try FormData.parse(try await req.bodyData(), contentType: req.headers[.contentType] ?? "")
                values = MonteCarloView.Values(
                    process: form.text("process") ?? "", iterations: form.text("iterations") ?? "",
                    seed: form.text("seed") ?? "", defaultGSD: form.text("default_gsd") ?? "")
                let data = try JSONSerialization.data(withJSONObject: try params(form))
                // The job's parameters are checked as for POST /api/jobs (a 400 page names the field).
                let job = try await state.light.run { try jobs.submit(kind: LCAMonteCarloJob.name, params: data) }
                return Response(status: .seeOther, headers: [.location: "/lca/montecarlo/\(job.id)"])
            } catch {
                let e = APIError.from(error)
                let body = MonteCarloView.refused(
                    message: WebError.message(error), code: e.code, advice: advice(field: e.field), field: e.field, values: values)
                return Page.html("Monte Carlo", .lca, body, status: e.status)
            }
        }
        pages.get("/lca/montecarlo/:id") { _, ctx in
            let id = ctx.parameters.get("id") ?? ""
            return try await state.light.run { page(jobs, id: id) }
        }
    }

    /// What to change for a refused field.
    static func advice(field: String?) -> String {
        switch field ?? "" {
        case "process", "params.process":
            return "Give a process id or name: search for it on the LCA page and copy its id, or choose “Footprint” there first."
        case "iterations", "params.iterations": return "Give a whole number of iterations between 1 and 10,000,000 (1,000 is a good start)."
        case "seed", "params.seed": return "Give a whole number from 0 as the seed (the same seed gives the same result)."
        case "default_gsd", "params.default_gsd": return "Give a default GSD between 1 and 20 (e.g. 1.1), or leave it empty."
        default: return "Check the values below and run it again."
        }
    }

    /// The job's parameters from the form's fields (numbers checked: a 400 naming the field).
    static func params(_ form: FormData) throws -> [String: Any] {
        guard let process = form.text("process")?.trimmingCharacters(in: .whitespaces), !process.isEmpty else {
            throw APIError(.badRequest, code: "form.missingField", "give a process id or name", field: "process")
        }
        var params: [String: Any] = ["process": process]
        func number(_ name: String) throws -> Double? {
            guard let t = form.text(name)?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
            guard let v = Double(t), v.isFinite else {
                throw APIError(.badRequest, code: "form.invalidValue", "\(name) '\(t.prefix(40))' is not a number", field: name)
            }
            return v
        }
        func whole(_ name: String) throws -> Int64? {
            guard let v = try number(name) else { return nil }
            guard v == v.rounded(), abs(v) < 1e15 else {
                throw APIError(.badRequest, code: "form.invalidValue", "\(name) must be a whole number (got \(v))", field: name)
            }
            return Int64(v)
        }
        if let v = try whole("iterations") { params["iterations"] = v }
        if let v = try whole("seed") { params["seed"] = v }
        if let v = try number("default_gsd") { params["default_gsd"] = v }
        return params
    }

    /// A job's page: progress, the failure with the form filled with the job's values, or the result.
    static func page(_ jobs: JobManager, id: String) -> Response {
        guard let job = try? jobs.record(id), job.kind == LCAMonteCarloJob.name else {
            return Page.html(
                "Monte Carlo", .lca,
                ErrorView.render(
                    status: 404, code: "job.notFound", message: "No Monte Carlo job \(id).",
                    advice: "Start one with the Monte Carlo form on the LCA page.", links: [.init("← back to LCA", "/lca")]),
                status: .notFound)
        }
        switch job.status {
        case .queued, .running:
            return Page.html(
                "Monte Carlo", .lca, MonteCarloView.running(id: job.id, status: job.status.rawValue, progress: job.progress, message: job.message))
        case .failed, .cancelled, .interrupted:
            return Page.html(
                "Monte Carlo", .lca,
                MonteCarloView.failed(
                    id: job.id, status: job.status.rawValue, error: HTML.withoutCommandLine(job.error ?? ""),
                    values: values(ofJob: job.params)))
        case .succeeded:
            guard let text = try? jobs.result(id), let r = try? JSONDecoder().decode(Stored.self, from: Data(text.utf8)) else {
                return Page.html("Monte Carlo", .lca, MonteCarloView.unreadable(id: job.id))
            }
            return Page.html("Monte Carlo", .lca, MonteCarloView.result(r.view(jobID: job.id)))
        }
    }

    /// The form's values of a submitted job's parameters.
    static func values(ofJob params: String) -> MonteCarloView.Values {
        let o = (try? JSONSerialization.jsonObject(with: Data(params.utf8))) as? [String: Any] ?? [:]
        func text(_ k: String) -> String { o[k].map { "\($0)" } ?? "" }
        return MonteCarloView.Values(process: text("process"), iterations: text("iterations"), seed: text("seed"), defaultGSD: text("default_gsd"))
    }

    /// The stored result of an `lca-montecarlo` job (``LCAMonteCarloJob/Output``), as far as the page shows it.
    struct Stored: Decodable {
        struct Execution: Decodable { let executor: String?; let tasks: Int?; let slurm_job_ids: [String]? }
        let process_name: String, iterations: Int, seed: UInt64, method: String, amount: Double, unit: String
        let mean: Double, median: Double, sd: Double, p2_5: Double, p97_5: Double, deterministic: Double
        let histogram: Histogram, assumption: String?, execution: Execution?

        func view(jobID: String) -> MonteCarloView.Result {
            let ids = execution?.slurm_job_ids ?? []
            let ran =
                execution.map {
                    "Ran on the \($0.executor ?? "") executor in \($0.tasks ?? 0) task(s)"
                        + (ids.isEmpty ? "" : ", Slurm job \(ids.joined(separator: ", "))")
                } ?? ""
            return MonteCarloView.Result(
                jobID: jobID, processName: process_name, iterations: iterations, seed: seed, method: method, amount: amount, unit: unit,
                mean: mean, median: median, sd: sd, p2_5: p2_5, p97_5: p97_5, deterministic: deterministic, histogram: histogram,
                assumption: assumption, execution: ran)
        }
    }
}
