import Foundation
import YuhengUncertainty

/// The table of Monte Carlo summaries every uncertainty command prints: deterministic value, mean,
/// median, standard deviation, the 95 % interval and its asymmetric half-widths (IPCC style).
enum SummaryTable {
    static func header(unit: String? = nil) -> [String] {
        let u = unit.map { " (\($0))" } ?? ""
        return ["", "Deterministic\(u)", "Mean\(u)", "Median\(u)", "SD\(u)", "2.5 %\(u)", "97.5 %\(u)", "U % (IPCC)"]
    }
    static let align = [false, true, true, true, true, true, true, true]

    /// A table with the header (values in `unit` when given).
    static func make(unit: String? = nil) -> TextTable { TextTable(header(unit: unit), alignRight: align) }

    /// One row; `scale` converts the values (e.g. kt → Mt).
    static func row(_ name: String, _ s: UncertaintySummary, deterministic: Double?, decimals: Int = 2, scale: Double = 1) -> [String] {
        func n(_ v: Double) -> String { Format.number(v * scale, decimals: decimals) }
        return [
            name, deterministic.map(n) ?? "", n(s.mean), n(s.median), n(s.sd), n(s.p2_5), n(s.p97_5),
            String(format: "−%.2f / +%.2f", s.uLowPercent + 0, s.uHighPercent + 0).replacingOccurrences(of: "-0.00", with: "0.00")
        ]
    }

    /// The line under a run: iterations, seed, workers, seconds, convergence and cancellation.
    static func footer(_ s: UncertaintySummary, workers: Int, seconds: Double) -> String {
        "\(s.iterations) iterations, seed \(s.seed), \(workers) worker\(workers == 1 ? "" : "s"), \(String(format: "%.2f", seconds)) s"
            + (s.converged ? "" : "; the 95 % CI of the mean is wider than ±1 % (more iterations)")
            + (s.cancelled ? " — CANCELLED: partial result" : "")
    }
}

/// A distribution in a few words (for the table of uncertain inputs).
func describe(_ d: Distribution) -> String {
    switch d {
    case .normal(let m, let sd): return String(format: "normal(%.4g, %.4g)", m, sd)
    case .lognormal(let mu, let s): return String(format: "lognormal(median %.4g, GSD %.4f)", exp(mu), exp(s))
    case .truncated(let base, let lo, _): return describe(base) + (lo == 0 ? " ≥ 0" : " truncated")
    case .triangular(let a, let c, let b): return String(format: "triangular(%.4g, %.4g, %.4g)", a, c, b)
    case .uniform(let a, let b): return String(format: "uniform(%.4g, %.4g)", a, b)
    default: return d.kindName
    }
}
