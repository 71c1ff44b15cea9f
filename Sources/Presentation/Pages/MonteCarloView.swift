import Foundation
import YuhengCharts

/// LCA Monte Carlo in the browser: the form (on the LCA page, and again with the user's values
/// when a submission or its job failed), the page of a running job (it reloads itself) and the
/// result: the histogram of the iterations with the median, the 95 % interval and the
/// deterministic result, and the statistics.
public enum MonteCarloView {
    /// The form's fields as the user typed them.
    public struct Values: Sendable {
        /// The process searched for or chosen: its identifier or name in the bundled LCI.
        public var process: String
        /// Number of iterations as typed (default "1000"); the server checks it is a positive integer.
        public var iterations: String
        /// Random seed as typed (default "1"); the same seed gives the same result.
        public var seed: String
        /// Geometric standard deviation assumed for exchanges without uncertainty data, as typed (default "1.1").
        public var defaultGSD: String
        /// The form's values; the defaults fill an empty form.
        public init(process: String = "", iterations: String = "1000", seed: String = "1", defaultGSD: String = "1.1") {
            self.process = process
            self.iterations = iterations
            self.seed = seed
            self.defaultGSD = defaultGSD
        }
    }

    /// The form, filled with `values`.
    public static func form(_ v: Values = Values()) -> String {
        let esc = HTML.esc
        return """
            <h2>Monte Carlo</h2>
            <div class="card" id="montecarlo">
            <p>Propagate the exchange uncertainty of the LCI data to a product's footprint. US LCI has almost no uncertainty data:
            give a default GSD (e.g. 1.1) to assume a lognormal for exchanges without any — the result then mostly reflects that choice.</p>
            <form method="post" action="/lca/montecarlo">
            <label>Process id or name <input name="process" id="mc-process" required size="36" placeholder="e.g. 9b3ead68" value="\(esc(v.process))"></label>
            <label>Iterations <input name="iterations" id="mc-iterations" type="number" min="1" value="\(esc(v.iterations))" size="7"></label>
            <label>Seed <input name="seed" id="mc-seed" type="number" min="0" value="\(esc(v.seed))" size="5"></label>
            <label>Default GSD <input name="default_gsd" id="mc-gsd" value="\(esc(v.defaultGSD))" size="5"></label>
            <button type="submit">Run Monte Carlo</button>
            </form>
            </div>
            """
    }

    /// A submission that was refused (its error `code`, e.g. `form.missingField`), with the form as
    /// the user filled it.
    public static func refused(message: String, code: String, advice: String?, field: String?, values: Values) -> String {
        let esc = HTML.esc
        return
            "<h1>Monte Carlo</h1><div class=\"card bad\" id=\"mc-error\"><p>\(esc(message))</p>\(advice.map { "<p class=\"muted\" id=\"mc-advice\">\(esc($0))</p>" } ?? "")"
            + "\(field.map { "<p class=\"muted\">Field: <code>\(esc($0))</code></p>" } ?? "")<p class=\"muted\"><code id=\"mc-error-code\">\(esc(code))</code></p></div>\(form(values))<p><a href=\"/lca\">← back to LCA</a></p>"
    }

    /// The page of a queued or running job (it reloads itself every second).
    public static func running(id: String, status: String, progress: Double, message: String) -> String {
        let pct = String(format: "%.0f", progress * 100)
        return """
            <meta http-equiv="refresh" content="1">
            <h1>Monte Carlo</h1>
            <div class="card" id="mc-progress"><p>Job <code>\(HTML.esc(id))</code> is \(HTML.esc(status)): \(pct) % \(HTML.esc(message))</p>
            <progress max="100" value="\(pct)"></progress><p class="muted">This page reloads itself until the job is done.</p></div>
            """
    }

    /// The page of a finished job whose stored result cannot be read.
    public static func unreadable(id: String) -> String {
        "<h1>Monte Carlo</h1><p>Job <code>\(HTML.esc(id))</code> finished, but its result cannot be read.</p><p><a href=\"/lca\">← back to the LCA page</a></p>"
    }

    /// The page of a job that failed (or was cancelled), with the form filled with its parameters.
    public static func failed(id: String, status: String, error: String, values: Values) -> String {
        """
        <h1>Monte Carlo</h1><div class="card bad" id="mc-error"><p>Job <code>\(HTML.esc(id))</code> \(HTML.esc(status)): \(HTML.esc(error))</p>
        <p class="muted" id="mc-advice">Check the process and the numbers below and run it again.</p></div>\(form(values))
        """
    }

    /// A finished job's result.
    public struct Result: Sendable {
        /// The `lca-montecarlo` job the result belongs to.
        public var jobID: String
        /// Display name of the sampled process.
        public var processName: String
        /// Number of iterations sampled.
        public var iterations: Int
        /// Random seed of the run.
        public var seed: UInt64
        /// Characterisation method identifier, e.g. "ipcc-ar6-gwp100".
        public var method: String
        /// Amount of the reference product assessed.
        public var amount: Double
        /// Unit of `amount`, e.g. "kWh"; every statistic is kg CO2e per this amount.
        public var unit: String
        public var mean: Double, median: Double, sd: Double, p2_5: Double, p97_5: Double, deterministic: Double
        /// Histogram of the sampled totals, in kg CO2e.
        public var histogram: Histogram
        /// The assumption the result rests on (the default GSD given to exchanges without data); nil when none was made.
        public var assumption: String?
        /// "Ran on the local executor in 2 task(s)".
        public var execution: String
        /// A result as the page shows it.
        public init(
            jobID: String, processName: String, iterations: Int, seed: UInt64, method: String, amount: Double, unit: String, mean: Double,
            median: Double,
            sd: Double, p2_5: Double, p97_5: Double, deterministic: Double, histogram: Histogram, assumption: String?, execution: String
        ) {
            self.jobID = jobID
            self.processName = processName
            self.iterations = iterations
            self.seed = seed
            self.method = method
            self.amount = amount
            self.unit = unit
            self.mean = mean
            self.median = median
            self.sd = sd
            self.p2_5 = p2_5
            self.p97_5 = p97_5
            self.deterministic = deterministic
            self.histogram = histogram
            self.assumption = assumption
            self.execution = execution
        }
    }

    /// The result page body: the histogram and the statistics, each with its unit.
    public static func result(_ r: Result) -> String {
        let esc = HTML.esc
        let per = "per \(String(format: "%g", r.amount)) \(r.unit)"
        let svg = Histogram.render(
            title: "Monte Carlo: \(r.processName)", subtitle: "\(r.iterations) iterations, seed \(r.seed) — \(r.method)",
            unit: "kg CO2e \(per)", histogram: r.histogram,
            markers: [
                .init(label: "median", value: r.median), .init(label: "2.5 %", value: r.p2_5, dashed: true),
                .init(label: "97.5 %", value: r.p97_5, dashed: true), .init(label: "deterministic", value: r.deterministic)
            ])
        func row(_ label: String, _ k: String, _ v: Double) -> String {
            "<tr><td>\(label)</td><td class=\"num\" id=\"mc-\(k)\">\(String(format: "%.6g", v))</td></tr>"
        }
        return """
            <h1>Monte Carlo — \(esc(r.processName))</h1>
            <div class="card" id="mc-chart">\(svg)</div>
            <table id="mc-summary"><thead><tr><th>Statistic</th><th>kg CO2e \(esc(per))</th></tr></thead><tbody>
            \(row("mean", "mean", r.mean))\(row("median", "median", r.median))\(row("standard deviation", "sd", r.sd))\(row("2.5th percentile", "p2_5", r.p2_5))\(row("97.5th percentile", "p97_5", r.p97_5))\(row("deterministic", "deterministic", r.deterministic))
            </tbody></table>
            \(r.assumption.map { "<p class=\"muted\">Assumption: \(esc($0)).</p>" } ?? "")
            <p class="muted">\(esc(r.execution)). <a href="/api/jobs/\(esc(r.jobID))/result" id="mc-json">Result as JSON</a> · <a href="/lca">Back to LCA</a></p>
            """
    }
}
