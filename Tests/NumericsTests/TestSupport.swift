import YuhengNumerics
import YuhengTestSupport

/// max |a_i - b_i|
func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

/// max |a_i - b_i| / max(max |b_i|, tiny)
func relativeDifference(_ a: [Double], _ b: [Double]) -> Double { maxRelativeDifference(a, b) }

/// A well-conditioned, diagonally dominant 5×5 test matrix.
func sampleMatrix5() throws -> DenseMatrix {
    try DenseMatrix(rowMajor: [
        [10, -1, 2, 0, 1],
        [-1, 11, -1, 3, 0],
        [2, -1, 10, -1, 2],
        [0, 3, -1, 8, -1],
        [1, 0, 2, -1, 9]
    ])
}

/// A nearly triangular sparse matrix shaped like an LCA technology matrix
/// A = D - T: positive diagonal (outputs), negative off-diagonal inputs,
/// mostly below the diagonal (upstream), with a few loops above it.
/// Columns are strictly diagonally dominant, so A is non-singular.
func technologyMatrix(n: Int, seed: UInt64, inputsPerColumn: Int = 3, loopFraction: Double = 0.1) throws -> SparseMatrix {
    var rng = SeededGenerator(seed: seed)
    var rows: [Int] = []
    var cols: [Int] = []
    var vals: [Double] = []
    for j in 0..<n {
        let diagonal = Double.random(in: 0.5...2.0, using: &rng)
        rows.append(j); cols.append(j); vals.append(diagonal)
        var budget = 0.8 * diagonal
        for _ in 0..<inputsPerColumn {
            let loop = Double.random(in: 0..<1, using: &rng) < loopFraction
            let i: Int
            if loop || j == n - 1 {
                guard j > 0 else { continue }
                i = Int.random(in: 0..<j, using: &rng)
            } else {
                i = Int.random(in: (j + 1)..<n, using: &rng)
            }
            let v = Double.random(in: 0...(budget / 2), using: &rng)
            budget -= v
            // duplicates (same i twice) are summed by the triplet constructor
            rows.append(i); cols.append(j); vals.append(-v)
        }
    }
    return try SparseMatrix(rows: n, columns: n, rowIndices: rows, columnIndices: cols, values: vals)
}

func randomVector(_ n: Int, using rng: inout SeededGenerator) -> [Double] {
    (0..<n).map { _ in Double.random(in: -1...1, using: &rng) }
}
