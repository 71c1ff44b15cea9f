import YuhengNumerics

/// A concordance: each detailed label maps to one group label.
public struct Concordance: Sendable, Hashable {
    /// Detailed label (region or sector) → group label.
    public var mapping: [String: String]
    /// Group labels in first-appearance order of the detailed labels.
    public let groups: [String]

    /// A concordance for the labels `order` (the system's regions or sectors).
    ///
    /// - throws: ``MRIOError`` `.labels` when a label of `order` has no group.
    public init(mapping: [String: String], order: [String]) throws {
        self.mapping = mapping
        var seen = Set<String>(), groups: [String] = []
        for l in order {
            guard let g = mapping[l] else {
                throw MRIOError(.labels, "the concordance has no group for '\(l)'", suggestion: "every region or sector must map to a group")
            }
            if seen.insert(g).inserted { groups.append(g) }
        }
        self.groups = groups
    }

    /// Parses a two-column CSV (`detail,group`, header optional).
    public init(csv: String, order: [String]) throws {
        var m: [String: String] = [:]
        for (no, line) in csv.split(whereSeparator: \.isNewline).enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t.hasPrefix("#") { continue }
            let parts = t.split(separator: t.contains("\t") ? "\t" : ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count >= 2 else { throw MRIOError(.malformedFile, "concordance line \(no + 1): expected 'detail,group'") }
            if no == 0 && !order.contains(parts[0]) { continue } // header
            m[parts[0]] = parts[1]
        }
        try self.init(mapping: m, order: order)
    }

    /// Sums the columns of a k × count matrix into k × groups.
    public func aggregateColumns(_ m: DenseMatrix, labels: [String]) -> DenseMatrix {
        var out = DenseMatrix(rows: m.rows, columns: groups.count, repeating: 0)
        let index = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($1, $0) })
        for (j, l) in labels.enumerated() {
            guard let g = mapping[l], let gj = index[g] else { continue }
            for i in 0..<m.rows { out[i, gj] += m[i, j] }
        }
        return out
    }

    /// Aggregates a square region × region matrix on both sides.
    public func aggregateSquare(_ m: DenseMatrix, labels: [String]) -> DenseMatrix {
        let cols = aggregateColumns(m, labels: labels)
        return aggregateColumns(cols.transposed(), labels: labels).transposed()
    }
}

extension MRIOSystem {
    /// The system with regions (and optionally sectors) merged by concordances, as pymrio's
    /// `aggregate` does: flows Z, Y, F, F_Y and x are summed; coefficients are recomputed by the
    /// engine. (Yuheng's default is to compute at full detail and aggregate results instead.)
    public func aggregated(regions rc: Concordance?, sectors sc: Concordance? = nil) throws -> MRIOSystem {
        guard let Z = denseZ else { throw MRIOError(.missingData, "aggregating a system needs Z (flows)") }
        let newRegions = rc?.groups ?? regions
        let newSectors = sc?.groups ?? sectors
        let R2 = newRegions.count, S2 = newSectors.count, C = finalDemandCategories.count
        let rIndex = Dictionary(uniqueKeysWithValues: newRegions.enumerated().map { ($1, $0) })
        let sIndex = Dictionary(uniqueKeysWithValues: newSectors.enumerated().map { ($1, $0) })
        func target(_ i: Int) -> Int {
            let r = regions[i / sectors.count], s = sectors[i % sectors.count]
            let r2 = rIndex[rc?.mapping[r] ?? r]!, s2 = sIndex[sc?.mapping[s] ?? s]!
            return r2 * S2 + s2
        }
        let n2 = R2 * S2
        let map = (0..<n).map(target)
        func fdTarget(_ col: Int) -> Int {
            let r = regions[col / C]
            return rIndex[rc?.mapping[r] ?? r]! * C + col % C
        }
        var z = DenseMatrix(rows: n2, columns: n2, repeating: 0)
        for j in 0..<n { for i in 0..<n { let v = Z[i, j]; if v != 0 { z[map[i], map[j]] += v } } }
        var y = DenseMatrix(rows: n2, columns: R2 * C, repeating: 0)
        for j in 0..<Y.columns { let tj = fdTarget(j); for i in 0..<n { y[map[i], tj] += Y[i, j] } }
        var x2: [Double]? = nil
        if let x { var v = [Double](repeating: 0, count: n2); for i in 0..<n { v[map[i]] += x[i] }; x2 = v }
        let exts = extensions.map { e -> MRIOExtension in
            var f = DenseMatrix(rows: e.F.rows, columns: n2, repeating: 0)
            for j in 0..<n { for k in 0..<e.F.rows { f[k, map[j]] += e.F[k, j] } }
            var fy: DenseMatrix? = nil
            if let FY = e.FY {
                var m = DenseMatrix(rows: FY.rows, columns: R2 * C, repeating: 0)
                for j in 0..<FY.columns { for k in 0..<FY.rows { m[k, fdTarget(j)] += FY[k, j] } }
                fy = m
            }
            return MRIOExtension(name: e.name, stressors: e.stressors, units: e.units, F: f, FY: fy)
        }
        var pop: [String: Double]? = nil
        if let population {
            var p: [String: Double] = [:]
            for (r, v) in population { p[rc?.mapping[r] ?? r, default: 0] += v }
            pop = p
        }
        return try MRIOSystem(
            name: name + " (aggregated)", regions: newRegions, sectors: newSectors, finalDemandCategories: finalDemandCategories,
            Z: z, x: x2, Y: y, extensions: exts, monetaryUnit: monetaryUnit, population: pop, provenance: provenance)
    }
}
