import YuhengNumerics

/// One supply-chain path: final demand for `nodes[0]`, which buys from `nodes[1]`, …, and the
/// emissions occur at the last node.
public struct SupplyChainPath: Sendable, Hashable, Codable {
    /// Region-sector labels from the final product (first) to the emitting sector (last).
    public var nodes: [String]
    /// Direct emissions at the last node caused through this exact path.
    public var value: Double
    /// Share of the total footprint of the final demand analysed.
    public var share: Double
    /// Emissions at and beyond the last node along all continuations (the path's subtree).
    public var subtreeValue: Double
}

/// Result of a structural path analysis.
public struct PathAnalysis: Sendable {
    /// The footprint analysed, s·L·y, in the stressor's unit.
    public var total: Double
    /// The paths above the threshold, largest first.
    public var paths: [SupplyChainPath]
    /// Share of the total covered by the reported paths.
    public var coverage: Double
    /// Nodes of the path tree expanded during the search (a measure of its cost).
    public var expandedNodes: Int
    /// True when the search stopped at the expansion or path limit before exhausting the tree above the threshold.
    public var truncated: Bool
}

extension MRIOEngine {
    /// Structural path analysis (Defourny & Thorbecke 1984; Peters & Hertwich 2006; Lenzen 2003):
    /// total = s·L·y = Σ_k s·Aᵏ·y, decomposed into paths y_{i0} A_{i1,i0} … A_{ik,ik−1} s_{ik}.
    ///
    /// A best-first search ordered by each node's upper bound (path weight × total multiplier M of the
    /// node) visits only branches that can still reach the threshold, so it stays fast at EXIOBASE
    /// scale: every expansion reads one contiguous column of A.
    ///
    /// - Parameters:
    ///   - intensities: the stressor's direct intensities s (length n).
    ///   - multipliers: the stressor's total multipliers M = s·L (length n).
    ///   - finalDemand: y (length n), e.g. one region's final demand.
    ///   - threshold: minimum path value as a fraction of the total (e.g. 1e-3).
    ///   - maxPaths, maxDepth, maxExpansions: limits.
    public static func structuralPaths(
        A: DenseMatrix, intensities s: [Double], multipliers M: [Double], finalDemand y: [Double],
        labels: (Int) -> String, threshold: Double = 1e-3, maxPaths: Int = 50, maxDepth: Int = 8,
        maxExpansions: Int = 200_000
    ) throws -> PathAnalysis {
        let n = s.count
        guard A.rows == n, A.columns == n, M.count == n, y.count == n else {
            throw MRIOError(.shape, "structural path analysis: A, s, M and y must all have n = \(n) entries")
        }
        guard threshold > 0, threshold.isFinite else {
            throw MRIOError(.invalidArgument, "the threshold must be a positive number (got \(threshold))")
        }
        guard maxPaths >= 0, maxDepth >= 0, maxExpansions >= 0 else {
            throw MRIOError(
                .invalidArgument,
                "structural path analysis: maxPaths (\(maxPaths)), maxDepth (\(maxDepth)) and maxExpansions (\(maxExpansions)) must not be negative")
        }
        var total = 0.0
        for i in 0..<n { total += M[i] * y[i] }
        guard total != 0 else { return PathAnalysis(total: 0, paths: [], coverage: 0, expandedNodes: 0, truncated: false) }
        let cut = abs(total) * threshold

        struct Node { var path: [Int32]; var weight: Double; var bound: Double }
        var heap = Heap<Node>(by: { abs($0.bound) > abs($1.bound) })
        for i in 0..<n where y[i] != 0 {
            let b = y[i] * M[i]
            if abs(b) >= cut { heap.push(Node(path: [Int32(i)], weight: y[i], bound: b)) }
        }
        var found: [SupplyChainPath] = []
        var expanded = 0
        var truncated = false
        A.elements.withUnsafeBufferPointer { a in
            while let node = heap.pop() {
                if expanded >= maxExpansions { truncated = true; break }
                expanded += 1
                let last = Int(node.path[node.path.count - 1])
                let direct = node.weight * s[last]
                if abs(direct) >= cut {
                    found.append(
                        SupplyChainPath(nodes: node.path.map { labels(Int($0)) }, value: direct, share: direct / total, subtreeValue: node.bound))
                    if found.count / 4 >= maxPaths { truncated = true } // found.count ≥ 4·maxPaths, without overflow
                }
                if node.path.count > maxDepth { continue }
                let base = last * n
                for j in 0..<n {
                    let aij = a[base + j]
                    if aij == 0 { continue }
                    let w = node.weight * aij
                    let b = w * M[j]
                    if abs(b) >= cut {
                        var p = node.path
                        p.append(Int32(j))
                        heap.push(Node(path: p, weight: w, bound: b))
                    }
                }
                if truncated { break }
            }
        }
        found.sort { abs($0.value) > abs($1.value) }
        let top = Array(found.prefix(maxPaths))
        let covered = top.reduce(0) { $0 + $1.value }
        return PathAnalysis(total: total, paths: top, coverage: covered / total, expandedNodes: expanded, truncated: truncated)
    }
}

/// A binary heap (priority queue).
struct Heap<T> {
    private var items: [T] = []
    private let before: (T, T) -> Bool
    init(by before: @escaping (T, T) -> Bool) { self.before = before }
    var isEmpty: Bool { items.isEmpty }
    mutating func push(_ x: T) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if before(items[i], items[p]) { items.swapAt(i, p); i = p } else { break }
        }
    }
    mutating func pop() -> T? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && before(items[l], items[m]) { m = l }
            if r < items.count && before(items[r], items[m]) { m = r }
            if m == i { break }
            items.swapAt(i, m); i = m
        }
        return top
    }
}
