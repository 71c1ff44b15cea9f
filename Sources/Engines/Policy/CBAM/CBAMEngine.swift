import Foundation
import YuhengCore

/// The EU CBAM engine: specific embedded emissions of production processes (simple and complex
/// goods, direct and indirect kept apart through the precursor graph), default values with the
/// mark-up of the year, and the certificate obligation
///
///     EE  = Q × SEE                                   (definitive scope: direct only for Annex II goods)
///     FAA = min(EE, Q × BM × CBAM factor(y) × CSCF)   (free allocation adjustment)
///     N   = max(0, EE − FAA − carbon price paid abroad / certificate price)
///
/// for actual data and for default values side by side, with an explanation of the difference.
///
/// ```swift
/// let result = try CBAMEngine.assess(declaration, catalog: try BundledCBAM.load(), year: 2026, certificatePrice: 75)
/// result.imports[0].actual?.certificates   // 508.25 for CBAM-1
/// ```
public enum CBAMEngine {
    /// Assesses a declaration. `year`, `certificatePrice` and `cscf` override the file's values;
    /// `gridFactors` (by ISO3) supply the electricity emission factor of installations that give
    /// none; `estimates` (by import id) are indicative localised estimates to set beside the defaults.
    public static func assess(
        _ d: CBAMDeclaration, catalog: CBAMCatalog, year: Int? = nil, certificatePrice: Double? = nil,
        cscf: Double? = nil, gridFactors: [String: GridIntensity] = [:],
        estimates: [String: [IndicativeEstimate]] = [:]
    ) throws -> CBAMAssessment {
        let y = year ?? d.year ?? CBAMSchedules.definitiveStart
        guard (2023...2100).contains(y) else {
            throw PolicyError(.outOfRange, "year \(y) is outside the CBAM period (2023 onward)", field: "year")
        }
        let price = certificatePrice ?? d.certificatePriceEUR
        try Check.nonNegative(price, "certificate_price_eur", what: "certificate price")
        let c = cscf ?? d.cscf ?? 1
        try Check.nonNegative(c, "cscf", what: "cross-sectoral correction factor")
        if c > 1 { throw PolicyError(.outOfRange, "the cross-sectoral correction factor is at most 1, got \(c)", field: "cscf") }

        var graph = try Graph(d, catalog: catalog, gridFactors: gridFactors)
        try Check.plausible(price, .carbonPrice, "certificate_price_eur", warnings: &graph.warnings)
        try graph.checkCycles()
        let processResults = try graph.computeAll()

        var imports: [CBAMImportResult] = []
        var seen: Set<String> = []
        for (i, line) in d.imports.enumerated() {
            let r = try assessImport(line, index: i, graph: &graph, catalog: catalog, year: y, price: price, cscf: c, estimates: estimates)
            if seen.contains(r.id) {
                throw PolicyError(
                    .duplicateID, "two imports have the id '\(r.id)'", field: "imports[\(i)].id", suggestion: "give each import its own id")
            }
            seen.insert(r.id)
            imports.append(r)
        }
        if d.imports.isEmpty { graph.warnings.append("the file lists no imports: only specific embedded emissions are reported") }

        var totals = CBAMTotals(
            embeddedT: 0, freeAllocationAdjustmentT: 0, deductionCertificates: 0, certificates: 0, costEUR: price == nil ? nil : 0,
            certificatesOnDefaults: 0, costOnDefaultsEUR: price == nil ? nil : 0)
        for r in imports {
            let o = r.actual ?? r.onDefaults
            totals.embeddedT += o.embeddedT
            totals.freeAllocationAdjustmentT += o.freeAllocationAdjustmentT
            totals.deductionCertificates += o.deductionCertificates
            totals.certificates += o.certificates
            if let p = price { totals.costEUR = (totals.costEUR ?? 0) + o.certificates * p }
            totals.certificatesOnDefaults += r.onDefaults.certificates
            if let p = price { totals.costOnDefaultsEUR = (totals.costOnDefaultsEUR ?? 0) + r.onDefaults.certificates * p }
        }

        let definitive = y >= CBAMSchedules.definitiveStart
        var notes = [
            "Specific embedded emissions (SEE) follow Annex IV of Regulation (EU) 2023/956 and Annex III of Implementing Regulation (EU) 2023/1773 / 2025/2547: SEE = (AttrEm + Σ M_i × SEE_i) / AL, computed separately for direct and indirect emissions; precursors first (recursively).",
            "Indirect emissions = electricity consumed × emission factor of that electricity (t CO2/MWh)."
        ]
        if definitive {
            notes += [
                "Definitive period (\(y)): only direct emissions count for Annex II goods (iron and steel except 2601 12 00, aluminium, hydrogen, electricity); direct and indirect for cement, fertilisers and agglomerated iron ore. Indirect emissions of precursors count only where the precursor itself is not an Annex II good (Methodology Act, Annex I point 3.1).",
                "Free allocation adjustment = quantity × benchmark × CBAM factor (\(formatShort(CBAMSchedules.cbamFactor(year: y))) in \(y), Directive 2003/87/EC Art. 10a(1a)) × CSCF (\(formatShort(c))); it is capped at the embedded emissions (no credit). Benchmarks are taken from the file (Implementing Regulation (EU) 2025/2620: column A with actual data, column B with default values).",
                "Default values carry the mark-up of \(y) (cement, iron and steel, aluminium, hydrogen: 10 % 2026, 20 % 2027, 30 % from 2028; fertilisers 1 %; Implementing Regulation (EU) 2025/2621 Annex I as replaced by (EU) 2026/1740).",
                "A carbon price paid abroad reduces the certificates by (EUR paid) / (certificate price) and is taken into account only with actual emissions (Art. 9(1) as amended by Regulation (EU) 2025/2083)."
            ]
            if price == nil { notes.append("No certificate price given: certificates are reported without a cost (use --price EUR).") }
        } else {
            notes.append(
                "Transitional period (\(y)): reporting only, no certificates; direct and indirect emissions are both reported for every good.")
        }
        notes.append(
            "Bundled default values are the Commission's transitional world averages at aggregated-category level; they are not the country-specific definitive values of Implementing Regulation (EU) 2025/2621, which a file can give per import as default_see_t_per_t."
        )

        var datasets: [Provenance] = []
        if let p = catalog.provenance { datasets.append(p) }
        for list in estimates.values { for e in list { if let p = e.source, !datasets.contains(p) { datasets.append(p) } } }

        let result = CBAMAssessment(
            title: d.title, year: y, period: definitive ? "definitive" : "transitional", certificatePriceEUR: price, cscf: c,
            cbamFactor: CBAMSchedules.cbamFactor(year: y), processes: processResults, imports: imports, totals: totals,
            datasets: datasets, notes: notes, warnings: graph.warnings)
        try Check.finiteResult(result, docs: "docs/cbam-format.md")
        return result
    }

    // MARK: - Import lines

    static func assessImport(
        _ line: CBAMImport, index i: Int, graph: inout Graph, catalog: CBAMCatalog, year y: Int, price: Double?,
        cscf: Double, estimates: [String: [IndicativeEstimate]]
    ) throws -> CBAMImportResult {
        let base = "imports[\(line.id ?? String(i))]"
        try checkImportNumbers(line, base: base, warnings: &graph.warnings)
        let (good, node, processKey) = try importedGood(line, base: base, graph: &graph, catalog: catalog)
        let id = line.id ?? processKey ?? good.cnCode
        let directOnly = CBAMSchedules.directOnly(good)
        let electricity = good.sector == .electricity
        let unit = electricity ? "MWh" : "t"
        let definitive = y >= CBAMSchedules.definitiveStart
        let q = line.quantityT
        var notes: [String] = []
        let terms = ObligationTerms(
            quantity: q, benchmark: benchmark(line, electricity: electricity, definitive: definitive, notes: &notes),
            factor: CBAMSchedules.cbamFactor(year: y), cscf: cscf, price: price, definitive: definitive)

        // Actual values.
        var actual: CBAMObligation? = nil
        var actualDir: Double? = nil, actualInd: Double? = nil
        if let key = processKey, let n = node {
            let r = try graph.see(key)
            actualDir = r.direct
            actualInd = r.indirect
            actual = actualObligation(line, key: key, node: n, see: r, terms: terms, notes: &notes)
        } else if line.carbonPricePaidEUR != nil || line.carbonPricePaidEURPerTCO2e != nil {
            notes.append(
                "a carbon price paid abroad is deducted only with actual emissions (Art. 9(1)); with default values only Commission default carbon prices apply, which this file does not give"
            )
        }

        // Default values.
        let dv = defaultValue(line, good: good, year: y, definitive: definitive, directOnly: directOnly, electricity: electricity, notes: &notes)
        let onDefaults = terms.obligation(basis: "default", see: dv.markedUpTPerT, carbonPaidEUR: 0)

        // Comparison.
        var comparison: CBAMComparison? = nil
        if let a = actual {
            comparison = compare(
                actual: a, defaults: onDefaults, dv: dv, good: good, q: q, year: y, definitive: definitive, directOnly: directOnly,
                userDefault: line.defaultSEEtPerT != nil, price: price, unit: unit)
        }

        // Estimates.
        var est = estimates[id] ?? []
        for k in est.indices where dv.baseTPerT > 0 { est[k].ratioToDefault = est[k].tCO2ePerT / dv.baseTPerT }
        if !est.isEmpty {
            notes.append(
                "localised figures are ESTIMATES for orientation (wider boundary, average data, stated uncertainty); they cannot replace actual or default values in a CBAM declaration"
            )
        }

        return CBAMImportResult(
            id: id, process: processKey, cnCode: good.cnCode, goodName: good.name, category: good.category, sector: good.sector.rawValue,
            country: line.country ?? node.flatMap { graph.installationCountry(of: $0) }, quantity: q, unit: unit,
            directOnly: directOnly, scope: (definitive && directOnly) ? "direct" : "direct + indirect",
            actualSEEDirect: actualDir, actualSEEIndirect: actualInd, actual: actual, defaultValue: dv, onDefaults: onDefaults,
            comparison: comparison, estimates: est, notes: notes)
    }

    /// Checks an import line's numbers: not negative, plausible (warnings), and the carbon price paid given once.
    static func checkImportNumbers(_ line: CBAMImport, base: String, warnings: inout [String]) throws {
        try Check.nonNegative(line.quantityT, "\(base).quantity_t", what: "imported quantity")
        try Check.nonNegative(line.benchmarkTPerT, "\(base).benchmark_t_per_t", what: "benchmark")
        try Check.nonNegative(line.carbonPricePaidEURPerTCO2e, "\(base).carbon_price_paid_eur_per_t_co2e", what: "carbon price paid")
        try Check.nonNegative(line.carbonPricePaidEUR, "\(base).carbon_price_paid_eur", what: "carbon price paid")
        try Check.nonNegative(line.defaultSEEtPerT, "\(base).default_see_t_per_t", what: "default value")
        try Check.plausible(line.quantityT, .massOfGoods, "\(base).quantity_t", warnings: &warnings)
        try Check.plausible(line.benchmarkTPerT, .specificEmissions, "\(base).benchmark_t_per_t", warnings: &warnings)
        try Check.plausible(line.carbonPricePaidEURPerTCO2e, .carbonPrice, "\(base).carbon_price_paid_eur_per_t_co2e", warnings: &warnings)
        try Check.plausible(line.defaultSEEtPerT, .specificEmissions, "\(base).default_see_t_per_t", warnings: &warnings)
        if line.carbonPricePaidEURPerTCO2e != nil && line.carbonPricePaidEUR != nil {
            throw PolicyError(
                .conflictingValues, "give the carbon price paid either per t CO2e or in total, not both", field: "\(base).carbon_price_paid_eur")
        }
    }

    /// The imported good, with the process that produced it (and its key) when the line names one.
    static func importedGood(_ line: CBAMImport, base: String, graph: inout Graph, catalog: CBAMCatalog) throws -> (
        CBAMGoodRecord, Graph.Node?, String?
    ) {
        switch (line.process, line.cnCode) {
        case (let p?, nil):
            let key = try graph.resolve(p, from: nil, field: "\(base).process")
            let node = graph.nodes[key]
            return (node!.good, node, key)
        case (nil, let cn?):
            return (try catalog.resolve(cn, field: "\(base).cn_code", warnings: &graph.warnings), nil, nil)
        case (let p?, let cn?):
            let key = try graph.resolve(p, from: nil, field: "\(base).process")
            let node = graph.nodes[key]
            let good = node!.good
            let g2 = try catalog.resolve(cn, field: "\(base).cn_code", warnings: &graph.warnings)
            if g2.category != good.category {
                throw PolicyError(
                    .conflictingValues, "CN code \(g2.cnCode) (\(g2.category)) does not match process '\(p)' (\(good.cnCode), \(good.category))",
                    field: "\(base).cn_code")
            }
            return (g2, node, key)
        case (nil, nil):
            throw PolicyError(.missingValue, "an import needs a process (installation/process) or a cn_code", field: base)
        }
    }

    /// The benchmark that applies to an import line: none for electricity (free allocation adjustment zero).
    static func benchmark(_ line: CBAMImport, electricity: Bool, definitive: Bool, notes: inout [String]) -> Double? {
        if electricity {
            if line.benchmarkTPerT != nil {
                notes.append(
                    "the free allocation adjustment for electricity is zero (Implementing Regulation (EU) 2025/2620 Art. 1(2)); the benchmark is ignored"
                )
            }
            return nil
        }
        if definitive && line.benchmarkTPerT == nil {
            notes.append("no benchmark given: the free allocation adjustment is taken as zero, which overstates the certificates")
        }
        return line.benchmarkTPerT
    }

    /// The terms of an import line's certificate obligation: quantity, benchmark and the factors of the year.
    struct ObligationTerms {
        /// Imported quantity, t (MWh for electricity).
        var quantity: Double
        /// Benchmark for the free allocation adjustment, t CO2e per t (nil: none).
        var benchmark: Double?
        /// CBAM factor of the year.
        var factor: Double
        /// Cross-sectoral correction factor.
        var cscf: Double
        /// Certificate price, EUR (nil: not given).
        var price: Double?
        /// True in the definitive period (certificates are due).
        var definitive: Bool

        /// The obligation for specific embedded emissions `see` (t per unit) and a carbon price paid abroad (EUR).
        func obligation(basis: String, see: Double, carbonPaidEUR: Double) -> CBAMObligation {
            let q = quantity, bm = benchmark
            let ee = q * see
            guard definitive else {
                return CBAMObligation(
                    basis: basis, seeTPerT: see, embeddedT: ee, benchmarkTPerT: bm, cbamFactor: factor, cscf: cscf,
                    freeAllocationAdjustmentT: 0, carbonPricePaidEUR: 0, deductionCertificates: 0, certificates: 0,
                    costEUR: price == nil ? nil : 0)
            }
            let faa = min(ee, q * (bm ?? 0) * factor * cscf)
            var ded = 0.0
            if carbonPaidEUR > 0 {
                if let p = price, p > 0 { ded = carbonPaidEUR / p }
            }
            let certs = max(0, ee - faa - ded)
            return CBAMObligation(
                basis: basis, seeTPerT: see, embeddedT: ee, benchmarkTPerT: bm, cbamFactor: factor, cscf: cscf,
                freeAllocationAdjustmentT: faa, carbonPricePaidEUR: carbonPaidEUR, deductionCertificates: min(ded, max(0, ee - faa)),
                certificates: certs, costEUR: price.map { certs * $0 })
        }
    }

    /// The obligation on the process's actual specific embedded emissions, with the carbon price paid abroad.
    static func actualObligation(
        _ line: CBAMImport, key: String, node n: Graph.Node, see r: Graph.SEE, terms: ObligationTerms, notes: inout [String]
    ) -> CBAMObligation {
        let q = terms.quantity, definitive = terms.definitive
        let see = definitive ? r.certificate : r.direct + r.indirect
        if case .defaults = n.kind {
            notes.append("process \(key) uses default values: the 'actual' column repeats the default without mark-up")
        }
        var paid = 0.0
        if let perT = line.carbonPricePaidEURPerTCO2e { paid = perT * q * see }
        if let total = line.carbonPricePaidEUR { paid = total }
        if paid > 0 && definitive && (terms.price ?? 0) <= 0 {
            notes.append("a carbon price paid abroad is given but no certificate price: the deduction cannot be converted into certificates")
        }
        return terms.obligation(basis: "actual", see: see, carbonPaidEUR: paid)
    }

    /// The default value of an import line: given in the file or the bundled transitional default, with the mark-up of the year.
    static func defaultValue(
        _ line: CBAMImport, good: CBAMGoodRecord, year y: Int, definitive: Bool, directOnly: Bool, electricity: Bool, notes: inout [String]
    ) -> CBAMDefaultValue {
        let transitionalBase = definitive && directOnly ? good.defaultDirect : good.defaultDirect + good.defaultIndirect
        let defaultBase: Double
        let defaultSource: String
        if let user = line.defaultSEEtPerT {
            defaultBase = user
            defaultSource = "given in the file (default_see_t_per_t)"
        } else {
            defaultBase = transitionalBase
            defaultSource =
                "bundled transitional default, category '\(good.category)' (world average, DG TAXUD 22 Dec 2023): direct \(formatShort(good.defaultDirect))"
                + (definitive && directOnly
                    ? " (indirect \(formatShort(good.defaultIndirect)) not counted: Annex II good)"
                    : " + indirect \(formatShort(good.defaultIndirect))")
            if electricity {
                notes.append(
                    "the bundled catalog has no default value for electricity; give default_see_t_per_t (the country's CO2 emission factor, t/MWh)")
            }
        }
        let mu = CBAMSchedules.markUp(year: y, sector: good.sector)
        return CBAMDefaultValue(
            baseTPerT: defaultBase, transitionalDirect: good.defaultDirect, transitionalIndirect: good.defaultIndirect,
            markUp: mu, markedUpTPerT: defaultBase * (1 + mu), source: defaultSource)
    }

    static func compare(
        actual a: CBAMObligation, defaults d: CBAMObligation, dv: CBAMDefaultValue, good: CBAMGoodRecord, q: Double, year y: Int,
        definitive: Bool, directOnly: Bool, userDefault: Bool, price: Double?, unit: String
    ) -> CBAMComparison {
        let diff = d.embeddedT - a.embeddedT
        let fromBase = q * (dv.baseTPerT - a.seeTPerT)
        let fromMarkUp = q * dv.baseTPerT * dv.markUp
        let pct = a.embeddedT != 0 ? diff / a.embeddedT * 100 : nil
        let tol = 1e-9 * max(1, abs(a.embeddedT))
        let verdict = diff > tol ? "overstates" : (diff < -tol ? "understates" : "matches")
        var why: [String] = []
        let s = { (x: Double) in String(format: "%.4g", x) }
        let pctText = pct.map { String(format: " (%+.1f %%)", $0) } ?? ""
        why.append("The default \(verdict) embedded emissions by \(grouped(abs(diff))) t CO2e\(pctText) for \(grouped(q)) \(unit).")
        let baseGap = dv.baseTPerT - a.seeTPerT
        let baseName =
            userDefault
            ? "the given default value"
            : "the default value (\(dv.source.hasPrefix("bundled") ? "transitional world average for '\(good.category)'" : "given"))"
        if abs(baseGap) <= 1e-12 {
            why.append("Before the mark-up, \(baseName) equals the actual SEE of \(s(a.seeTPerT)) t CO2e/\(unit).")
        } else {
            let rel = a.seeTPerT != 0 ? String(format: " (%+.1f %%)", baseGap / a.seeTPerT * 100) : ""
            why.append(
                "Before the mark-up, \(baseName) is \(s(dv.baseTPerT)) t CO2e/\(unit), \(s(abs(baseGap))) \(baseGap > 0 ? "above" : "below") the actual \(s(a.seeTPerT))\(rel): "
                    + (baseGap > 0
                        ? "this installation emits less than the average the default represents (\(groupedSigned(fromBase)) t)."
                        : "this installation emits more than the average the default represents (\(groupedSigned(fromBase)) t)."))
        }
        if dv.markUp > 0 {
            why.append(
                "The \(y) mark-up of \(String(format: "%g", dv.markUp * 100)) % adds \(s(dv.baseTPerT * dv.markUp)) t CO2e/\(unit) (\(groupedSigned(fromMarkUp)) t); it is designed to make defaults more expensive than typical actual data."
            )
        } else if definitive {
            why.append("No mark-up applies to \(good.sector.rawValue.lowercased()) in \(y).")
        }
        if definitive && directOnly {
            why.append("Only direct emissions count for this Annex II good, on both bases.")
        } else if !definitive {
            why.append("Transitional period: direct and indirect emissions are compared; no certificates are due.")
        }
        if !userDefault {
            why.append(
                "The bundled default is a category-level world average from the transitional period; the definitive default for the country of origin (Implementing Regulation (EU) 2025/2621) may differ — give it as default_see_t_per_t."
            )
        }
        let certDiff = d.certificates - a.certificates
        if definitive {
            var t =
                "Certificates: \(grouped(d.certificates)) on defaults against \(grouped(a.certificates)) with actual data (\(groupedSigned(certDiff)))"
            if let p = price { t += ", \(groupedSigned(certDiff * p)) EUR at \(formatShort(p)) EUR/certificate" }
            if a.deductionCertificates > 0 {
                t += "; the actual figure includes the deduction for the carbon price paid abroad, which defaults do not get"
            }
            why.append(t + ".")
        }
        return CBAMComparison(
            differenceT: diff, differencePercent: pct, fromBaseValueT: fromBase, fromMarkUpT: fromMarkUp,
            certificateDifference: certDiff, costDifferenceEUR: price.map { certDiff * $0 }, verdict: verdict, explanation: why)
    }
}

extension CBAMEngine {
    /// An import line resolved to its good and country, with its id as used in results and in the
    /// `estimates` dictionary of ``assess(_:catalog:year:certificatePrice:cscf:gridFactors:estimates:)``.
    public struct ImportLine: Sendable {
        /// Identifier of the line: the import's `id`, else its "installation/process" key or its CN code.
        public var id: String
        /// The catalog record of the good imported.
        public var good: CBAMGoodRecord
        /// Country of origin: the import's, else its installation's.
        public var country: String?
        /// The import's request for indicative estimates, nil when it asks for none.
        public var request: CBAMEstimateRequest?
    }

    /// Resolves the import lines of a declaration (validating the declaration on the way).
    public static func importLines(_ d: CBAMDeclaration, catalog: CBAMCatalog) throws -> [ImportLine] {
        let graph = try Graph(d, catalog: catalog, gridFactors: [:], lenientElectricity: true)
        return try d.imports.enumerated().map { i, line in
            let base = "imports[\(line.id ?? String(i))]"
            if let p = line.process {
                let key = try graph.resolve(p, from: nil, field: "\(base).process")
                let n = graph.nodes[key]!
                let good = try line.cnCode.map { try catalog.resolve($0, field: "\(base).cn_code") } ?? n.good
                return ImportLine(id: line.id ?? key, good: good, country: line.country ?? graph.installationCountry(of: n), request: line.estimate)
            }
            guard let cn = line.cnCode else {
                throw PolicyError(.missingValue, "an import needs a process (installation/process) or a cn_code", field: base)
            }
            let good = try catalog.resolve(cn, field: "\(base).cn_code")
            return ImportLine(id: line.id ?? good.cnCode, good: good, country: line.country, request: line.estimate)
        }
    }
}
