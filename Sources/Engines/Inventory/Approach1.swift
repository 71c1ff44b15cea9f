/// IPCC Approach 1 error propagation (2006 GL Vol 1 Ch 3). Uncertainties are half-widths of the
/// 95 % interval in percent of the mean; inputs are assumed uncorrelated.
public enum Approach1 {
    /// Eq 3.1, uncertainty of a product: U = sqrt(U1² + U2² + … + Un²).
    ///
    /// ```swift
    /// Approach1.product([5, 3])   // 5.831
    /// ```
    public static func product(_ uncertainties: [Double]) -> Double {
        uncertainties.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    /// Eq 3.2, uncertainty of a sum: U = sqrt((U1·x1)² + … + (Un·xn)²) / |x1 + … + xn|.
    /// Returns nil for an empty list or a zero total.
    public static func sum(_ terms: [(value: Double, uncertainty: Double)]) -> Double? {
        let total = terms.reduce(0) { $0 + $1.value }
        guard total != 0 else { return nil }
        let num = terms.reduce(0) { $0 + ($1.value * $1.uncertainty) * ($1.value * $1.uncertainty) }.squareRoot()
        return num / abs(total)
    }
}
