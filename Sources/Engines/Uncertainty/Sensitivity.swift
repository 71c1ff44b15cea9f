import Foundation

/// Sampling-based sensitivity measures on Monte Carlo output: Spearman rank
/// correlation and the contribution-to-variance approximation.
///
/// ```swift
/// let r = try await MonteCarlo.run(inputs: inputs, iterations: 10_000, seed: 1, keepInputs: true) { $0[0] + $0[1] }
/// let rho = try Sensitivity.spearman(inputs: r.inputs!, output: r.outputs)  // ≈ [0.69, 0.69]
/// let ctv = try Sensitivity.contributionToVariance(rho)                      // ≈ [0.5, 0.5]
/// ```
public enum Sensitivity {
    /// Ranks 1...n, ties receiving the average of the ranks they span.
    ///
    /// ```swift
    /// Sensitivity.ranks([10, 20, 20, 5])  // [2, 3.5, 3.5, 1]
    /// ```
    public static func ranks(_ values: [Double]) -> [Double] {
        let n = values.count
        let order = (0..<n).sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var r = [Double](repeating: 0, count: n)
        var i = 0
        while i < n {
            var j = i
            while j + 1 < n && values[order[j + 1]] == values[order[i]] { j += 1 }
            let average = Double(i + j) / 2 + 1
            for t in i...j { r[order[t]] = average }
            i = j + 1
        }
        return r
    }

    /// Pearson's product-moment correlation.
    ///
    /// ```swift
    /// try Sensitivity.pearson([1, 2, 3], [2, 4, 7])  // 0.9934
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/dimensionMismatch`` for different
    ///   lengths; ``UncertaintyError/Code/emptyInput`` for fewer than 2
    ///   points; ``UncertaintyError/Code/zeroVariance`` if x or y is constant.
    public static func pearson(_ x: [Double], _ y: [Double]) throws -> Double {
        guard x.count == y.count else {
            throw UncertaintyError(.dimensionMismatch, "correlation: x has \(x.count) values, y \(y.count)", parameter: "y")
        }
        guard x.count >= 2 else {
            throw UncertaintyError(.emptyInput, "correlation: needs at least 2 points, got \(x.count)", parameter: "x")
        }
        let mx = Statistics.mean(x), my = Statistics.mean(y)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<x.count {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        if sxx == 0 { throw UncertaintyError(.zeroVariance, "correlation: x is constant", parameter: "x") }
        if syy == 0 { throw UncertaintyError(.zeroVariance, "correlation: y is constant", parameter: "y") }
        return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    }

    /// Spearman's rank correlation: Pearson's correlation of the average
    /// ranks (equal to 1 − 6Σd²/(n(n²−1)) without ties).
    ///
    /// ```swift
    /// try Sensitivity.spearman([1, 2, 3, 4], [1, 8, 27, 64])  // 1
    /// ```
    ///
    /// - throws: as ``pearson(_:_:)``.
    public static func spearman(_ x: [Double], _ y: [Double]) throws -> Double {
        guard x.count == y.count else {
            throw UncertaintyError(.dimensionMismatch, "spearman: x has \(x.count) values, y \(y.count)", parameter: "y")
        }
        return try pearson(ranks(x), ranks(y))
    }

    /// Spearman correlation of each input column with the output.
    ///
    /// - throws: ``UncertaintyError/Code/dimensionMismatch`` if the output
    ///   length differs from the number of rows; ``UncertaintyError/Code/zeroVariance``
    ///   naming a constant input column.
    public static func spearman(inputs: SampleMatrix, output: [Double]) throws -> [Double] {
        guard inputs.rows == output.count else {
            throw UncertaintyError(
                .dimensionMismatch, "spearman: \(inputs.rows) input rows but \(output.count) outputs", parameter: "output")
        }
        let ry = ranks(output)
        return try (0..<inputs.columns).map { j in
            do {
                return try pearson(ranks(inputs.column(j)), ry)
            } catch let e as UncertaintyError where e.code == .zeroVariance && e.parameter == "x" {
                throw UncertaintyError(.zeroVariance, "spearman: input column \(j) is constant", parameter: "inputs[\(j)]")
            }
        }
    }

    /// Contribution to variance CTV_i = ρ_i² / Σ_j ρ_j² (method note §5;
    /// meaningful only for monotone, weakly interacting models).
    ///
    /// ```swift
    /// try Sensitivity.contributionToVariance([0.6, 0.8])  // [0.36, 0.64]
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/zeroVariance`` if all correlations are 0.
    public static func contributionToVariance(_ correlations: [Double]) throws -> [Double] {
        let total = correlations.reduce(0) { $0 + $1 * $1 }
        guard total > 0 else {
            throw UncertaintyError(.zeroVariance, "contribution to variance: all correlations are zero", parameter: "correlations")
        }
        return correlations.map { $0 * $0 / total }
    }
}
