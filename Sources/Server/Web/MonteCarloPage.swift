import Foundation
import Hummingbird
import YuhengCharts
import YuhengData

/// LCA Monte Carlo in the browser: a form on the LCA page posts to `/lca/montecarlo`, which submits
/// an `lca-montecarlo` job (on the server's executor: the local pool or Slurm) and redirects to
/// `/lca/montecarlo/{id}`. That page follows the job (it reloads itself while the job runs) and
/// then shows the summary, the histogram of the iterations with the median, the 95 % interval and
/// the deterministic result, and a link to the result as JSON. Works without JavaScript.
enum MonteCarloPage {
    /// The form, for the LCA page.
    static let form = """
    <h2>Monte Carlo</h2>
    <div class="card" id="montecarlo">
    <p>Propagate the exchange uncertainty of the LCI data to a product's footprint. US LCI has almost no uncertainty data:
    give a default GSD (e.g. 1.1) to assume a lognormal for exchanges without any — the result then mostly reflects that choice.</p>
    <form method="post" action="/lca/montecarlo">
    <label>Process id or name <input name="process" id="mc-process" required size="36" placeholder="e.g. 9b3ead68"></label>
    <label>Iterations <input name="iterations" type="number" min="1" value="1000" size="7"></label>
    <label>Seed <input name="seed" type="number" min="0" value="1" size="5"></label>
    <label>Default GSD <input name="default_gsd" value="1.1" size="5"></label>
    <button type="submit">Run Monte Carlo</button>
    </form>
    </div>
    """

    static func register(_ pages: PageRoutes, state: ServerState, jobs: JobManager) {
        pages.postForm("/lca/montecarlo") { req, _ in
            do {
                let form = try FormData.parse(try await req.bodyData(), contentType: req.headers[.contentType] ?? "")
                guard let process = form.text("process")?.trimmingCharacters(in: .whitespaces), !process.isEmpty else {
                    throw APIError(.badRequest, code: "form.missingField", "give a process id or name", field: "process")
                }
                var params: [String: Any] = ["process": process]
                func number(_ name: String) throws -> Double? {
                    guard let t = form.text(name)?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
                    guard let v = Double(t), v.isFinite else { throw APIError(.badRequest, code: "form.invalidValue", "\(name) '\(t.prefix(40))' is not a number", field: name) }
                    return v
                }
                func whole(_ name: String) throws -> Any? {
                    guard let v = try number(name) else { return nil }
                    guard v == v.rounded(), abs(v) < 1e15 else {
                        throw APIError(.badRequest, code: "form.invalidValue", "\(name) must be a whole number (got \(v))", field: name)
                    }
                    return Int64(v)
                }
                if let v = try whole("iterations") { params["iterations"] = v }
                if let v = try whole("seed") { params["seed"] = v }
                if let v = try number("default_gsd") { params["default_gsd"] = v }
                let data = try JSONSerialization.data(withJSONObject: params)
                // The job's parameters are checked as for POST /api/jobs (a 400 page names the field).
                let job = try await state.light.run { try jobs.submit(kind: "lca-montecarlo", params: data) }
                return Response(status: .seeOther, headers: [.location: "/lca/montecarlo/\(job.id)"])
            } catch {
                let e = APIError.from(error)
                return JSONResponse.html(WebPages.page("Monte Carlo", active: "LCA", "<h1>Monte Carlo</h1><div class=\"card bad\" id=\"mc-error\"><b>\(WebPages.esc(e.code))</b>: \(WebPages.esc(e.message))</div>\(form)"), status: e.status)
            }
        }

        pages.get("/lca/montecarlo/:id") { _, ctx in
            let id = ctx.parameters.get("id") ?? ""
            return try await state.light.run {
                guard let job = try? state.db.job(id), job.kind == "lca-montecarlo" else {
                    return JSONResponse.html(WebPages.page("Monte Carlo", active: "LCA", "<h1>404</h1><p>No Monte Carlo job \(WebPages.esc(id)).</p>"), status: .notFound)
                }
                return JSONResponse.html(render(job, result: job.status == .succeeded ? (try? state.db.jobResult(id)) ?? nil : nil))
            }
        }
    }

    /// The page of one job: progress while it runs, the error if it failed, the histogram when done.
    static func render(_ job: JobRecord, result: String?) -> String {
        let esc = WebPages.esc
        switch job.status {
        case .queued, .running:
            let pct = String(format: "%.0f", job.progress * 100)
            return WebPages.page("Monte Carlo", active: "LCA", """
                <meta http-equiv="refresh" content="1">
                <h1>Monte Carlo</h1>
                <div class="card" id="mc-progress"><p>Job <code>\(esc(job.id))</code> is \(job.status.rawValue): \(pct) % \(esc(job.message))</p>
                <progress max="100" value="\(pct)"></progress><p class="muted">This page reloads itself until the job is done.</p></div>
                """)
        case .failed, .cancelled, .interrupted:
            return WebPages.page("Monte Carlo", active: "LCA", """
                <h1>Monte Carlo</h1><div class="card bad" id="mc-error"><p>Job <code>\(esc(job.id))</code> \(job.status.rawValue): \(esc(job.error ?? ""))</p></div>\(form)
                """)
        case .succeeded:
            guard let text = result, let obj = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                return WebPages.page("Monte Carlo", active: "LCA", "<h1>Monte Carlo</h1><p>The job has no readable result.</p>")
            }
            func d(_ k: String) -> Double { (obj[k] as? Double) ?? (obj[k] as? Int).map(Double.init) ?? .nan }
            let unit = "kg CO2e"
            var histogram = Histogram(edges: [0, 1], counts: [0])
            if let h = obj["histogram"] as? [String: Any], let e = h["edges"] as? [Double], let c = h["counts"] as? [Int] {
                histogram = Histogram(edges: e, counts: c)
            }
            let name = obj["process_name"] as? String ?? ""
            let iterations = (obj["iterations"] as? Int) ?? 0
            let svg = Histogram.render(
                title: "Monte Carlo: \(name)", subtitle: "\(iterations) iterations, seed \((obj["seed"] as? Int) ?? 0) — \(obj["method"] as? String ?? "")",
                unit: "\(unit) per \(String(format: "%g", d("amount"))) \(obj["unit"] as? String ?? "")", histogram: histogram,
                markers: [.init(label: "median", value: d("median")), .init(label: "2.5 %", value: d("p2_5"), dashed: true),
                          .init(label: "97.5 %", value: d("p97_5"), dashed: true), .init(label: "deterministic", value: d("deterministic"))])
            func row(_ label: String, _ k: String) -> String { "<tr><td>\(label)</td><td class=\"num\" id=\"mc-\(k)\">\(String(format: "%.6g", d(k)))</td></tr>" }
            let ex = obj["execution"] as? [String: Any]
            let exLine = ex.map { e in
                "Ran on the \(esc(e["executor"] as? String ?? "")) executor in \((e["tasks"] as? Int) ?? 0) task(s)"
                    + (((e["slurm_job_ids"] as? [String]) ?? []).isEmpty ? "" : ", Slurm job \(esc(((e["slurm_job_ids"] as? [String]) ?? []).joined(separator: ", ")))")
            } ?? ""
            return WebPages.page("Monte Carlo", active: "LCA", """
                <h1>Monte Carlo — \(esc(name))</h1>
                <div class="card" id="mc-chart">\(svg)</div>
                <table id="mc-summary"><thead><tr><th>Statistic</th><th>\(unit)</th></tr></thead><tbody>
                \(row("mean", "mean"))\(row("median", "median"))\(row("standard deviation", "sd"))\(row("2.5th percentile", "p2_5"))\(row("97.5th percentile", "p97_5"))\(row("deterministic", "deterministic"))
                </tbody></table>
                \((obj["assumption"] as? String).map { "<p class=\"muted\">Assumption: \(esc($0)).</p>" } ?? "")
                <p class="muted">\(exLine). <a href="/api/jobs/\(esc(job.id))/result" id="mc-json">Result as JSON</a> · <a href="/lca">Back to LCA</a></p>
                """)
        }
    }
}
