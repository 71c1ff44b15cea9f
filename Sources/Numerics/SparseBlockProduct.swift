import CLinearAlgebra

extension SparseMatrix {
    /// The product `self · X` (or `selfᵀ · X` when `transpose`) for a block `X` of right-hand sides
    /// (column-major), in parallel.
    ///
    /// The block is turned row-major once; each stored entry then adds `m` contiguous values of a row of
    /// `X` to a row of the result (vectorised). For `selfᵀ · X` the columns of `self` (CSC) are the
    /// result's rows and are split between the workers; for `self · X` the columns are split too and
    /// each worker adds into its own copy of the result, summed at the end. At input-output scale
    /// (n = 9,800, 5.7 % non-zeros, 59 right-hand sides) one product takes ~0.05 s on 2 cores against
    /// ~0.3 s for the dense GEMM of the same matrix.
    ///
    /// ```swift
    /// let a = try SparseMatrix(dense: dense)
    /// let y = try a.multiply(x)                    // a · x, x an n × m DenseMatrix
    /// let z = try a.multiply(x, transpose: true)   // aᵀ · x
    /// ```
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` when `x.rows` is not ``columns`` (``rows`` when transposed).
    public func multiply(_ x: DenseMatrix, transpose: Bool = false, threads: Int = ParallelLoop.processors) throws -> DenseMatrix {
        let (inner, outRows) = transpose ? (rows, columns) : (columns, rows)
        guard x.rows == inner else {
            throw NumericsError(
                .dimensionMismatch,
                "cannot multiply a \(rows)×\(columns) sparse matrix\(transpose ? " (transposed)" : "") by a block of \(x.rows) rows")
        }
        let m = x.columns
        guard m > 0, outRows > 0, columns > 0 else { return DenseMatrix(rows: outRows, columns: m, repeating: 0) }
        let xr = Self.rowMajor(x)
        let workers = max(1, min(threads, columns / 64 + 1))
        // One accumulator when the workers write disjoint rows (transposed), one per worker otherwise.
        let copies = transpose ? 1 : workers
        var yr = [Double](repeating: 0, count: copies * outRows * m)
        columnPointers.withUnsafeBufferPointer { cp in
            rowIndices.withUnsafeBufferPointer { ri in
                values.withUnsafeBufferPointer { v in
                    xr.withUnsafeBufferPointer { xp in
                        yr.withUnsafeMutableBufferPointer { yp in
                            let k = BlockKernel(
                                pointers: cp.baseAddress!, indices: ri.baseAddress!, values: v.baseAddress!, x: xp.baseAddress!, y: yp.baseAddress!,
                                m: m, stride: outRows * m)
                            // Chunks of equal stored entries, so that the workers get the same work.
                            let bounds = Self.balancedBounds(cp, parts: workers)
                            ParallelLoop.run(workers) { t in
                                if transpose {
                                    k.gather(columns: bounds[t]..<bounds[t + 1])
                                } else {
                                    k.scatter(columns: bounds[t]..<bounds[t + 1], into: t)
                                }
                            }
                        }
                    }
                }
            }
        }
        if copies > 1 {
            let size = outRows * m
            yr.withUnsafeMutableBufferPointer { yp in
                for t in 1..<copies { cblas_daxpy(Int32(size), 1, yp.baseAddress! + t * size, 1, yp.baseAddress!, 1) }
            }
        }
        return Self.columnMajor(yr, rows: outRows, columns: m)
    }

    /// Output-row boundaries splitting the stored entries into `parts` nearly equal chunks.
    static func balancedBounds(_ cp: UnsafeBufferPointer<Int32>, parts: Int) -> [Int] {
        let n = cp.count - 1, total = Int(cp[n])
        var bounds = [0]
        var j = 0
        for t in 1..<parts {
            let target = total * t / parts
            while j < n && Int(cp[j]) < target { j += 1 }
            bounds.append(max(j, bounds.last!))
        }
        bounds.append(n)
        return bounds
    }

    /// `x` (column-major) as a row-major array.
    static func rowMajor(_ x: DenseMatrix) -> [Double] {
        let n = x.rows, m = x.columns
        var out = [Double](repeating: 0, count: n * m)
        x.elements.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for c in 0..<m { for i in 0..<n { dst[i * m + c] = src[c * n + i] } }
            }
        }
        return out
    }

    /// A row-major array as a column-major ``DenseMatrix``.
    static func columnMajor(_ y: [Double], rows n: Int, columns m: Int) -> DenseMatrix {
        var out = DenseMatrix(rows: n, columns: m, repeating: 0)
        out.withUnsafeMutableElements { dst in
            y.withUnsafeBufferPointer { src in
                for i in 0..<n { for c in 0..<m { dst[c * n + i] = src[i * m + c] } }
            }
        }
        return out
    }
}

/// The inner loops of ``SparseMatrix/multiply(_:transpose:threads:)`` over row-major blocks. Holds raw
/// pointers into buffers that outlive the parallel loop; workers write disjoint rows (`gather`) or their
/// own copy of the result (`scatter`).
private struct BlockKernel: @unchecked Sendable {
    let pointers: UnsafePointer<Int32>
    let indices: UnsafePointer<Int32>
    let values: UnsafePointer<Double>
    let x: UnsafePointer<Double>
    let y: UnsafeMutablePointer<Double>
    /// Right-hand sides (the length of a row).
    let m: Int
    /// The size of one copy of the result.
    let stride: Int

    /// Row `j` of the result = Σ over column `j`'s entries of value × row of `x` (the transposed product).
    /// Four entries at a time: four independent rows of `x` are read together and the result row is
    /// updated once for them (30 % faster than one entry at a time at n = 9,800, 59 right-hand sides).
    func gather(columns: Range<Int>) {
        for j in columns {
            let out = y + j * m
            var p = Int(pointers[j])
            let end = Int(pointers[j + 1])
            while p + 4 <= end {
                let a0 = values[p], a1 = values[p + 1], a2 = values[p + 2], a3 = values[p + 3]
                let r0 = x + Int(indices[p]) * m, r1 = x + Int(indices[p + 1]) * m
                let r2 = x + Int(indices[p + 2]) * m, r3 = x + Int(indices[p + 3]) * m
                for c in 0..<m { out[c] += (a0 * r0[c] + a1 * r1[c]) + (a2 * r2[c] + a3 * r3[c]) }
                p += 4
            }
            while p < end {
                let a = values[p]
                let row = x + Int(indices[p]) * m
                for c in 0..<m { out[c] += a * row[c] }
                p += 1
            }
        }
    }

    /// Adds value × row `j` of `x` to the entry's row of copy `copy` of the result, for every entry of the columns.
    func scatter(columns: Range<Int>, into copy: Int) {
        let base = y + copy * stride
        for j in columns {
            let row = x + j * m
            for p in Int(pointers[j])..<Int(pointers[j + 1]) {
                let a = values[p]
                let out = base + Int(indices[p]) * m
                for c in 0..<m { out[c] += a * row[c] }
            }
        }
    }
}
