/// A factorised square matrix `A` that solves linear systems `A x = b`
/// and `Aᵀ x = b`.
///
/// ``DenseLU``, ``SparseLU`` and ``KLUFactorization`` conform, so
/// calculation engines can be written once and run with any of them:
///
/// ```swift
/// func supply(_ solver: some LinearSolver, demand: [Double]) throws -> [Double] {
///     try solver.solve(demand)
/// }
/// let s = try supply(KLUFactorization(technology), demand: f)
/// ```
public protocol LinearSolver {
    /// The dimension `n` of the factorised `n`×`n` matrix.
    var dimension: Int { get }

    /// Solves `A x = b`, or `Aᵀ x = b` when `transpose` is true.
    func solve(_ b: [Double], transpose: Bool) throws -> [Double]

    /// Solves `A X = B` (or `Aᵀ X = B`) for all columns of `B` at once.
    func solve(_ b: DenseMatrix, transpose: Bool) throws -> DenseMatrix
}
