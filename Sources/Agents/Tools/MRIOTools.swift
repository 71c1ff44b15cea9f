import Foundation
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengMRIO
import YuhengNumerics
import YuhengPanorama
import YuhengServices

/// Names of the 35 ISIC Rev.3 industries of WIOD (the bundled MRIO's sector codes).
public var wiodSectorNames: [String: String] { WIODSectors.names }

/// Mt per unit of the stressor's unit (kt → 0.001), or nil when it is not a mass.
func mtFactor(_ unit: String) -> Double? {
    guard let u = try? MeasureUnit(unit), let f = try? u.conversionFactor(to: MeasureUnit("Mt")) else { return nil }
    return f
}

func resolveRegion(_ text: String, regions: [String]) throws -> Int {
    if let i = RegionCodes.index(of: text, in: regions) { return i }
    throw ToolError(.invalidInput, "no region '\(text)' in the bundled MRIO", suggestion: "regions: \(regions.joined(separator: ", "))")
}

func resolveSector(_ text: String, sectors: [String]) throws -> Int {
    do { return try SectorLookup.index(of: text, codes: sectors, names: WIODSectors.names) } catch let e as MRIOError {
        throw ToolError(.invalidInput, e.message, suggestion: e.suggestion)
    }
}

func stressorIndex(_ e: ExtensionAccounts, _ name: String?) throws -> Int {
    guard let n = name else { return 0 }
    if let k = e.stressors.firstIndex(where: { $0.caseInsensitiveCompare(n) == .orderedSame }) { return k }
    throw ToolError(.invalidInput, "no stressor '\(n)'", suggestion: "available: \(e.stressors.joined(separator: ", "))")
}

// MARK: mrio_accounts

/// `mrio_accounts`: consumption-, production-, import- and export-based CO2 per region of the bundled WIOD 2011 table (pymrio semantics).
public struct MRIOAccountsTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// One region code of the bundled MRIO (e.g. CHN, USA, DEU, RoW); default: all 41 regions.
        public var region: String?
        /// Stressor (default CO2, the only one of the bundled table).
        public var stressor: String?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "region": .init("One region code of the bundled MRIO (e.g. CHN, USA, DEU, RoW); default: all 41 regions.", example: "CHN"),
            "stressor": .init("Stressor (default CO2, the only one of the bundled table).", example: "CO2")
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `mrio_accounts`.
    public let name = "mrio_accounts"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        Consumption-based (cba), production-based (pba), embodied-import (imp) and embodied-export (exp) emissions per region from the \
        bundled multi-regional input-output table (WIOD 2011 with CO2, 41 regions), with pymrio's semantics: cba and pba include \
        households' direct emissions. Values in the table's unit (kt CO2) and in Mt; net_imports = imp − exp = cba − pba; \
        cons_vs_prod_pct = (cba − pba)/pba × 100. Same numbers as `yuheng mrio accounts --json`.
        """

    /// Reads the solved bundled table's accounts for one region or all.
    /// - Throws: ``ToolError`` for an unknown region or stressor.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let m = try context.mrio()
        let e = try m.accounts.extensionAccounts(m.extensionName)
        let k = try stressorIndex(e, input.stressor)
        let unit = e.units[k]
        let f = mtFactor(unit)
        let regions = m.accounts.regions
        var indices = Array(regions.indices)
        if let r = input.region { indices = [try resolveRegion(r, regions: regions)] }
        func row(_ r: Int) -> JSON {
            let pba = e.pbaRegion[k, r], cba = e.cbaRegion[k, r], imp = e.impRegion[k, r], exp = e.expRegion[k, r]
            var o: [String: JSON] = [
                "region": .string(regions[r]), "pba": .number(pba), "cba": .number(cba), "imp": .number(imp), "exp": .number(exp),
                "net_imports": .number(imp - exp), "cons_vs_prod_pct": .num(pba != 0 ? (cba - pba) / pba * 100 : nil)
            ]
            if let f {
                o["pba_mt"] = .number(pba * f); o["cba_mt"] = .number(cba * f); o["imp_mt"] = .number(imp * f); o["exp_mt"] = .number(exp * f)
                o["net_imports_mt"] = .number((imp - exp) * f)
            }
            return .object(o)
        }
        var out: [String: JSON] = [
            "table": .string(m.accounts.system), "year": .num(m.system.year.map(Double.init)), "stressor": .string(e.stressors[k]),
            "unit": .string(unit), "regions": .array(indices.map(row))
        ]
        if input.region == nil {
            out["global_pba"] = .number(e.pbaRegion.row(k).reduce(0, +))
            out["global_cba"] = .number(e.cbaRegion.row(k).reduce(0, +))
        }
        var units = [
            "pba": "\(unit) \(e.stressors[k])", "cba": "\(unit) \(e.stressors[k])", "imp": "\(unit) \(e.stressors[k])",
            "exp": "\(unit) \(e.stressors[k])",
            "net_imports": "\(unit) \(e.stressors[k])", "cons_vs_prod_pct": "%"
        ]
        if f != nil { for key in ["pba_mt", "cba_mt", "imp_mt", "exp_mt", "net_imports_mt"] { units[key] = "Mt \(e.stressors[k])" } }
        let summary: String
        if indices.count == 1 {
            let r = indices[0]
            summary = "\(regions[r]): pba \(fmtNumber(e.pbaRegion[k, r])) \(unit), cba \(fmtNumber(e.cbaRegion[k, r])) \(unit)"
        } else {
            summary = "accounts of \(indices.count) regions (\(unit) \(e.stressors[k]))"
        }
        return ToolResult(json: .object(out), units: units, provenance: m.provenance, summary: summary)
    }
}

// MARK: mrio_transfers

/// `mrio_transfers`: emissions embodied in bilateral trade (largest origin → destination flows, MRIO and EEBT views).
public struct MRIOTransfersTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// Only flows into or out of this region (e.g. CHN); default: all pairs.
        public var region: String?
        /// Number of largest flows to list (default 10, at most 50).
        public var top: Int?
        /// Stressor (default CO2).
        public var stressor: String?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "region": .init("Only flows into or out of this region (e.g. CHN); default: all pairs.", example: "CHN"),
            "top": .init("Number of largest flows to list (default 10, at most 50).", minimum: 1, maximum: 50, example: 5),
            "stressor": .init("Stressor (default CO2).")
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `mrio_transfers`.
    public let name = "mrio_transfers"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        Emissions embodied in bilateral trade on the bundled MRIO: the largest origin → destination flows (emissions in the origin region \
        caused by the destination's final demand, MRIO view; EEBT beside it), and each region's embodied imports, exports and net \
        transfer. Same numbers as `yuheng mrio transfers --json`.
        """

    /// Computes the largest flows and each region's embodied imports, exports and net transfer.
    /// - Throws: ``ToolError`` for an unknown region or stressor.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let m = try context.mrio()
        let e = try m.accounts.extensionAccounts(m.extensionName)
        let k = try stressorIndex(e, input.stressor)
        let tr = try MRIOEngine.transfers(m.accounts, system: m.system, model: m.model, extension: m.extensionName, stressor: e.stressors[k])
        let top = min(max(input.top ?? 10, 1), 50)
        var flows = tr.topFlows(tr.regions.count * tr.regions.count)
        var regionCode: String? = nil
        if let r = input.region {
            let i = try resolveRegion(r, regions: tr.regions)
            regionCode = tr.regions[i]
            flows = flows.filter { $0.origin == regionCode || $0.destination == regionCode }
        }
        flows = Array(flows.prefix(top))
        let idx = Dictionary(uniqueKeysWithValues: tr.regions.enumerated().map { ($1, $0) })
        let f = mtFactor(tr.unit)
        let rows: [JSON] = flows.map { fl in
            var o: [String: JSON] = ["origin": .string(fl.origin), "destination": .string(fl.destination), "mrio": .number(fl.value)]
            if let eebt = tr.eebt { o["eebt"] = .number(eebt[idx[fl.origin]!, idx[fl.destination]!]) }
            o["reverse_mrio"] = .number(tr.originDestination[idx[fl.destination]!, idx[fl.origin]!])
            if let f { o["mrio_mt"] = .number(fl.value * f) }
            return .object(o)
        }
        let balances = tr.balances().filter { regionCode == nil || $0.region == regionCode }
        let bal: [JSON] = balances.map { b in
            var o: [String: JSON] = ["region": .string(b.region), "imports": .number(b.imports), "exports": .number(b.exports), "net": .number(b.net)]
            if let f { o["imports_mt"] = .number(b.imports * f); o["exports_mt"] = .number(b.exports * f); o["net_mt"] = .number(b.net * f) }
            return .object(o)
        }
        let out: JSON = [
            "stressor": .string(tr.stressor), "unit": .string(tr.unit), "region": .str(regionCode), "top_flows": .array(rows),
            "balances": .array(bal),
            "note":
                "origin = producing region where the emissions occur; destination = region whose final demand causes them; net = imports − exports"
        ]
        var units = [
            "mrio": "\(tr.unit) \(tr.stressor)", "eebt": "\(tr.unit) \(tr.stressor)", "imports": "\(tr.unit) \(tr.stressor)",
            "exports": "\(tr.unit) \(tr.stressor)", "net": "\(tr.unit) \(tr.stressor)"
        ]
        if f != nil { for key in ["mrio_mt", "imports_mt", "exports_mt", "net_mt"] { units[key] = "Mt \(tr.stressor)" } }
        let s = flows.first.map { "largest flow \($0.origin) → \($0.destination) \(fmtNumber($0.value)) \(tr.unit)" } ?? "no flows"
        return ToolResult(
            json: out, units: units, provenance: m.provenance, summary: "\(flows.count) flows\(regionCode.map { " of \($0)" } ?? ""); \(s)")
    }
}

// MARK: mrio_paths

/// `mrio_paths`: structural path analysis of a region's consumption-based CO2 on the bundled table.
public struct MRIOPathsTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// Consuming region whose final demand is analysed (e.g. USA).
        public var region: String
        /// Number of paths (default 10, at most 50).
        public var top: Int?
        /// Minimum path share of the total (default 0.001 = 0.1 %).
        public var threshold: Double?
        /// Maximum upstream tiers (default 6, at most 10).
        public var depth: Int?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "region": .init("Consuming region whose final demand is analysed (e.g. USA).", example: "USA"),
            "top": .init("Number of paths (default 10, at most 50).", minimum: 1, maximum: 50),
            "threshold": .init("Minimum path share of the total (default 0.001 = 0.1 %).", minimum: 0.00001, maximum: 0.5),
            "depth": .init("Maximum upstream tiers (default 6, at most 10).", minimum: 1, maximum: 10)
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `mrio_paths`.
    public let name = "mrio_paths"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        Structural path analysis on the bundled MRIO: the supply-chain paths behind a region's consumption-based CO2, from the final \
        product (first node, "REGION:SECTOR") back to the sector that emits (last node), with each path's emissions and share of the total.
        """

    /// Finds the largest supply-chain paths (final product first, emitting sector last) with emissions and share.
    /// Counts are clamped (top 1…50, depth 1…10).
    /// - Throws: ``ToolError`` for an unknown region.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let m = try context.mrio()
        let e = try m.accounts.extensionAccounts(m.extensionName)
        let r = try resolveRegion(input.region, regions: m.system.regions)
        guard let A = m.model.A else { throw ToolError(.failed, "the MRIO model was built without A") }
        let y = MRIOEngine.aggregateFinalDemand(m.system).column(r)
        let system = m.system
        let result = try MRIOEngine.structuralPaths(
            A: A, intensities: e.S.row(0), multipliers: e.M.row(0), finalDemand: y,
            labels: { system.label($0) }, threshold: input.threshold ?? 0.001,
            maxPaths: min(max(input.top ?? 10, 1), 50), maxDepth: min(max(input.depth ?? 6, 1), 10))
        let paths: [JSON] = result.paths.map { p in
            [
                "nodes": .array(p.nodes.map { .string($0) }), "value": .number(p.value), "share_pct": .number(p.share * 100),
                "emitting_sector": .string(wiodSectorNames[String(p.nodes.last?.split(separator: ":").last ?? "")] ?? "")
            ]
        }
        let out: JSON = [
            "region": .string(system.regions[r]), "stressor": .string(e.stressors[0]), "unit": .string(e.units[0]), "total": .number(result.total),
            "coverage_pct": .number(result.coverage * 100), "paths": .array(paths), "truncated": .bool(result.truncated),
            "note":
                "total = footprint of the region's final demand without households' direct emissions; nodes run from the final product to the emitting sector"
        ]
        return ToolResult(
            json: out,
            units: ["total": "\(e.units[0]) \(e.stressors[0])", "value": "\(e.units[0]) \(e.stressors[0])", "share_pct": "%", "coverage_pct": "%"],
            provenance: m.provenance,
            summary: "\(result.paths.count) paths of \(system.regions[r]) covering \(String(format: "%.1f", result.coverage * 100)) %")
    }
}

// MARK: panorama

/// `panorama`: the panoramic national account of a year 2000–2023 (tables to 2011, flagged nowcasts after), GHG in Mt CO2e.
public struct PanoramaTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// One region of the table (ISO alpha-3, e.g. CHN, or RoW); default: every region.
        public var country: String?
        /// Order of the rows (default production).
        public var sort: String?
        /// Only the first N rows after sorting.
        public var top: Int?
        /// Year 2000–2023 (default 2011, the latest table); 2012–2023 are nowcasts, flagged with estimate, base_table_year and error_range.
        public var year: Int?
        /// Gas (default ghg = CO2 + CH4 + N2O), in Mt CO2e; GCB's comparison columns only for co2.
        public var gas: String?
        /// GWP100 set (default AR5).
        public var gwp: String?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "country": .init("One region of the table (ISO alpha-3, e.g. CHN, or RoW); default: every region.", example: "CHN"),
            "year": .init(
                "Year 2000–2023 (default 2011, the latest table); 2012–2023 are nowcasts, flagged with estimate, base_table_year and error_range.",
                minimum: 2000, maximum: 2100, example: 2022),
            "gas": .init(
                "Gas (default ghg = CO2 + CH4 + N2O), in Mt CO2e; GCB's comparison columns only for co2.", allowed: MRIOGas.allCases.map(\.rawValue)),
            "gwp": .init("GWP100 set (default AR5).", allowed: GWP100.validSets),
            "sort": .init("Order of the rows (default production).", allowed: ["production", "consumption", "net", "adjustment", "region"]),
            "top": .init("Only the first N rows after sorting.", minimum: 1, maximum: 41)
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `panorama`.
    public let name = "panorama"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        The panoramic national account of any year 2000–2023 (tables to 2011, nowcasts after, flagged): each region's production- and \
        consumption-based greenhouse gases (default GHG in Mt CO2e, AR5; or co2, ch4, n2o), embodied \
        imports and exports, net transfer, the consumption-vs-production adjustment (%), income-based CO2, the Global Carbon Budget's \
        territorial and consumption estimates for comparison, and land-use change CO2 and natural CH4 (CO2e) beside them (never added to \
        the totals). Same numbers as `yuheng panorama --json`.
        """

    /// Builds (or reads from the cache) the account of the year, gas and GWP set, sorted and cut as asked.
    /// - Throws: ``ToolError`` for an unknown country (`missingData`), gas or GWP set; the panorama's errors for a year without data.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let (gas, gwp) = try toolGas(input.gas, input.gwp)
        var account = try context.panorama(year: input.year, gas: gas, gwp: gwp)
        if let c = input.country {
            let t = c.trimmingCharacters(in: .whitespaces).uppercased()
            account.rows = account.rows.filter { $0.region.uppercased() == t || $0.iso3?.uppercased() == t || $0.name.uppercased() == t }
            if account.rows.isEmpty {
                throw ToolError(
                    .missingData, "no region '\(c)' in the panorama",
                    suggestion: "regions: \(try context.panorama(year: input.year, gas: gas, gwp: gwp).rows.map(\.region).joined(separator: ", "))")
            }
        }
        switch input.sort ?? "production" {
        case "region": account.rows.sort { $0.region < $1.region }
        case "consumption": account.rows.sort { $0.consumptionMt > $1.consumptionMt }
        case "net": account.rows.sort { $0.netTransferMt > $1.netTransferMt }
        case "adjustment": account.rows.sort { ($0.adjustmentPct ?? -.infinity) > ($1.adjustmentPct ?? -.infinity) }
        default: account.rows.sort { $0.productionMt > $1.productionMt }
        }
        if let n = input.top { account.rows = Array(account.rows.prefix(max(1, n))) }
        var json = try JSON(encoding: account)
        if case .object(var o) = json { o["notes"] = nil; o["solver"] = nil; json = .object(o) }
        let s =
            account.rows.count == 1
            ? "\(account.rows[0].region): production \(String(format: "%.1f", account.rows[0].productionMt)) \(account.unit), consumption \(String(format: "%.1f", account.rows[0].consumptionMt)) \(account.unit)"
            : "panorama of \(account.rows.count) regions (\(account.year))"
        let flag = account.estimate == "nowcast" ? " — a nowcast from the \(account.baseTableYear.map(String.init) ?? "") table" : ""
        return ToolResult(
            json: json, units: ["*_mt": account.unit, "*_pct": "%", "*_pp": "percentage points"], provenance: account.datasets, summary: s + flag)
    }
}

// MARK: mrio_shock

/// `mrio_shock`: scales one region's final demand for one sector's products and reports the change in emissions.
public struct MRIOShockTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// Consuming region whose final demand changes (e.g. DEU).
        public var region: String
        /// Product sector of that final demand: a WIOD code (e.g. 34t35, F, E) or part of its name (e.g. "construction").
        public var sector: String
        /// Scale factor of that final demand: 1.1 = +10 %, 0.8 = −20 %, 0 = removed.
        public var factor: Double
        /// Only scale products supplied by this region (default: from every region).
        public var origin_region: String?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "region": .init("Consuming region whose final demand changes (e.g. DEU).", example: "DEU"),
            "sector": .init(
                "Product sector of that final demand: a WIOD code (e.g. 34t35, F, E) or part of its name (e.g. \"construction\").", example: "F"),
            "factor": .init("Scale factor of that final demand: 1.1 = +10 %, 0.8 = −20 %, 0 = removed.", minimum: 0, maximum: 100, example: 1.1),
            "origin_region": .init("Only scale products supplied by this region (default: from every region).")
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `mrio_shock`.
    public let name = "mrio_shock"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        Final-demand shock on the bundled MRIO (a simple industrial scenario): scale region X's final demand for products of sector S \
        by a factor and report the change in production-based emissions of every region (where the emissions happen) and in X's \
        consumption-based emissions, with the baseline and the new values. Households' direct emissions are held constant.
        """

    /// Solves the shocked system: change of every region's production-based and the region's consumption-based emissions.
    /// - Throws: ``ToolError`` for a negative or non-finite factor, an unknown region or sector.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        guard input.factor.isFinite, input.factor >= 0 else { throw ToolError(.invalidInput, "the factor must be a number ≥ 0 (1.1 = +10 %)") }
        let m = try context.mrio()
        let e = try m.accounts.extensionAccounts(m.extensionName)
        let sys = m.system
        let c = try resolveRegion(input.region, regions: sys.regions)
        let s = try resolveSector(input.sector, sectors: sys.sectors)
        let origin = try input.origin_region.map { try resolveRegion($0, regions: sys.regions) }
        let S = sys.sectors.count, n = sys.n
        let yAgg = MRIOEngine.aggregateFinalDemand(sys)
        var dy = [Double](repeating: 0, count: n)
        var baseDemand = 0.0
        for p in sys.regions.indices where origin == nil || origin == p {
            let i = p * S + s
            dy[i] = (input.factor - 1) * yAgg[i, c]
            baseDemand += yAgg[i, c]
        }
        guard baseDemand != 0 else {
            throw ToolError(
                .missingData,
                "\(sys.regions[c]) has no final demand for sector \(sys.sectors[s])\(origin.map { " from \(sys.regions[$0])" } ?? "") in the table")
        }
        let dx = try m.model.leontief(dy)
        var dPba = [Double](repeating: 0, count: sys.regions.count)
        for i in 0..<n { dPba[i / S] += e.S[0, i] * dx[i] }
        let dTotal = dPba.reduce(0, +)
        let unit = e.units[0]
        let f = mtFactor(unit)
        let order = sys.regions.indices.sorted { abs(dPba[$0]) > abs(dPba[$1]) }
        let rows: [JSON] = order.prefix(10).map { r in
            var o: [String: JSON] = [
                "region": .string(sys.regions[r]), "delta_pba": .number(dPba[r]), "baseline_pba": .number(e.pbaRegion[0, r]),
                "new_pba": .number(e.pbaRegion[0, r] + dPba[r]),
                "delta_pba_pct": .num(e.pbaRegion[0, r] != 0 ? dPba[r] / e.pbaRegion[0, r] * 100 : nil)
            ]
            if let f { o["delta_pba_mt"] = .number(dPba[r] * f) }
            return .object(o)
        }
        let baseCba = e.cbaRegion[0, c]
        var out: [String: JSON] = [
            "region": .string(sys.regions[c]), "sector": .string(sys.sectors[s]),
            "sector_name": .string(wiodSectorNames[sys.sectors[s]] ?? sys.sectors[s]),
            "factor": .number(input.factor), "origin_region": .str(origin.map { sys.regions[$0] }),
            "final_demand_baseline": .number(baseDemand), "final_demand_change": .number((input.factor - 1) * baseDemand),
            "monetary_unit": .string(sys.monetaryUnit),
            "stressor": .string(e.stressors[0]), "unit": .string(unit),
            "delta_total": .number(dTotal), "baseline_cba": .number(baseCba), "new_cba": .number(baseCba + dTotal),
            "delta_cba_pct": .num(baseCba != 0 ? dTotal / baseCba * 100 : nil),
            "delta_pba_in_region": .number(dPba[c]), "delta_pba_abroad": .number(dTotal - dPba[c]),
            "regions": .array(rows),
            "note":
                "delta_total is the change in global emissions = the change in the region's consumption-based account; delta_pba is where it occurs"
        ]
        if let f {
            out["delta_total_mt"] = .number(dTotal * f); out["baseline_cba_mt"] = .number(baseCba * f);
            out["new_cba_mt"] = .number((baseCba + dTotal) * f)
        }
        return ToolResult(
            json: .object(out),
            units: [
                "delta_*": "\(unit) \(e.stressors[0])", "baseline_*": "\(unit) \(e.stressors[0])", "new_*": "\(unit) \(e.stressors[0])",
                "*_mt": "Mt \(e.stressors[0])",
                "*_pct": "%", "final_demand_*": sys.monetaryUnit
            ],
            provenance: m.provenance,
            summary:
                "\(sys.regions[c]) \(sys.sectors[s]) × \(input.factor): Δ \(fmtNumber(dTotal)) \(unit) (\(String(format: "%+.3g", baseCba != 0 ? dTotal / baseCba * 100 : 0)) % of its footprint)"
        )
    }
}

// MARK: mrio_series

/// The gas and GWP set of a tool call, checked (unknown values list the valid ones).
func toolGas(_ gas: String?, _ gwp: String?) throws -> (MRIOGas, String) {
    do { return (try MRIOGas.parse(gas ?? "ghg"), try GWP100.validate(gwp ?? "AR5")) } catch let e as MRIOError {
        throw ToolError(.invalidInput, e.message, suggestion: e.suggestion)
    }
}

/// `mrio_series`: production- and consumption-based GHG in Mt CO2e for every year 2000–2023 (WIOD tables, then nowcasts).
public struct MRIOSeriesTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// One region code (e.g. CHN, USA, DEU, RoW); default: the world totals and the ten largest consumers.
        public var region: String?
        /// One year only (2000–2023); instead of from/to.
        public var year: Int?
        /// First year (default 2000).
        public var from: Int?
        /// Last year (default 2023, the latest nowcast).
        public var to: Int?
        /// Gas (default ghg = CO2 + CH4 + N2O), in CO2e.
        public var gas: String?
        /// GWP100 set (default AR5).
        public var gwp: String?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "region": .init("One region code (e.g. CHN, USA, DEU, RoW); default: the world totals and the ten largest consumers.", example: "CHN"),
            "year": .init("One year only (2000–2023); instead of from/to.", minimum: 2000, maximum: 2100, example: 2020),
            "from": .init("First year (default 2000).", minimum: 2000, maximum: 2100),
            "to": .init("Last year (default 2023, the latest nowcast).", minimum: 2000, maximum: 2100),
            "gas": .init("Gas (default ghg = CO2 + CH4 + N2O), in CO2e.", allowed: MRIOGas.allCases.map(\.rawValue)),
            "gwp": .init("GWP100 set (default AR5).", allowed: GWP100.validSets)
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `mrio_series`.
    public let name = "mrio_series"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        Production-based (pba) and consumption-based (cba) greenhouse gases in Mt CO2e for every year 2000–2023 of the bundled \
        series: 2000–2011 from the WIOD input-output tables, 2012–2023 nowcasts from the 2011 table (estimate "nowcast", \
        base_table_year, and the hold-out error range of the adjustment at that horizon). Gas co2, ch4, n2o or ghg; GWP AR5 or AR6. \
        Same numbers as `yuheng mrio series --json`.
        """

    /// Reads the series for a region (or the world and the largest consumers) over the years asked.
    /// - Throws: ``ToolError`` for an unknown region, gas or GWP set, or years outside the series.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let (gas, gwp) = try toolGas(input.gas, input.gwp)
        let s = try context.mrioSeries(from: input.year ?? input.from, to: input.year ?? input.to, gas: gas, gwp: gwp)
        guard let first = s.years.first, let last = s.years.last else { throw ToolError(.missingData, "no years in the series") }
        func pct(_ a: Double, _ b: Double) -> JSON { .num(a != 0 ? (b - a) / abs(a) * 100 : nil) }
        func value(_ y: GHGSeriesYear, _ r: String?, _ c: KeyPath<GHGSeriesYear, [Double]>) -> Double {
            guard let r, let i = y.regions.firstIndex(of: r) else { return y[keyPath: c].reduce(0, +) }
            return y[keyPath: c][i]
        }
        func series(_ r: String?) -> JSON {
            let rows: [JSON] = s.years.map { y in
                let pba = value(y, r, \.productionMt), cba = value(y, r, \.consumptionMt)
                var o: [String: JSON] = [
                    "year": .string(String(y.year)), "estimate": .string(y.estimate), "base_table_year": .number(Double(y.baseTableYear)),
                    "pba_mt": .number(pba), "cba_mt": .number(cba), "cons_vs_prod_pct": .num(pba != 0 ? (cba - pba) / pba * 100 : nil)
                ]
                if r != nil { o["imp_mt"] = .number(value(y, r, \.importsMt)); o["exp_mt"] = .number(value(y, r, \.exportsMt)) }
                if let e = y.errorRange { o["adj_err_median_pp"] = .number(e.adjustmentMedianPP); o["adj_err_p90_pp"] = .number(e.adjustmentP90PP) }
                return .object(o)
            }
            return .object([
                "region": .string(r ?? "World"), "years": .array(rows),
                "pba_change_pct": pct(value(first, r, \.productionMt), value(last, r, \.productionMt)),
                "cba_change_pct": pct(value(first, r, \.consumptionMt), value(last, r, \.consumptionMt))
            ])
        }
        var out: [String: JSON] = [
            "gas": .string(gas.rawValue), "gwp": .string(gwp), "unit": .string(s.unit), "from": .number(Double(s.from)), "to": .number(Double(s.to))
        ]
        let summary: String
        if let name = input.region {
            let r = last.regions[try resolveRegion(name, regions: last.regions)]
            out["series"] = .array([series(r)])
            summary = "\(r): \(gas.label) \(s.from)–\(s.to) (\(s.years.filter { $0.estimate == "nowcast" }.count) nowcast years)"
        } else {
            let top = last.regions.indices.sorted { last.consumptionMt[$0] > last.consumptionMt[$1] }.prefix(10).map { last.regions[$0] }
            out["series"] = .array([series(nil)] + top.map { series($0) })
            summary = "world and the ten largest consumers, \(gas.label) \(s.from)–\(s.to)"
        }
        out["notes"] = .array(s.notes.map { .string($0) })
        let units = [
            "pba_mt": s.unit, "cba_mt": s.unit, "imp_mt": s.unit, "exp_mt": s.unit, "pba_change_pct": "%", "cba_change_pct": "%",
            "cons_vs_prod_pct": "%",
            "adj_err_median_pp": "percentage points", "adj_err_p90_pp": "percentage points"
        ]
        return ToolResult(json: .object(out), units: units, provenance: s.datasets, summary: summary)
    }
}

// MARK: mrio_sda

/// `mrio_sda`: structural decomposition of a region's change in consumption-based emissions between two years.
public struct MRIOSDATool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// First year (2000–2023).
        public var from: Int
        /// Last year (2000–2023), after from.
        public var to: Int
        /// Consuming region (e.g. CHN); default: every region.
        public var region: String?
        /// Gas (default ghg = CO2 + CH4 + N2O), in CO2e.
        public var gas: String?
        /// GWP100 set (default AR5).
        public var gwp: String?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "from": .init("First year (2000–2023).", minimum: 2000, maximum: 2100, example: 2005),
            "to": .init("Last year (2000–2023), after from.", minimum: 2000, maximum: 2100, example: 2011),
            "region": .init("Consuming region (e.g. CHN); default: every region.", example: "CHN"),
            "gas": .init("Gas (default ghg = CO2 + CH4 + N2O), in CO2e.", allowed: MRIOGas.allCases.map(\.rawValue)),
            "gwp": .init("GWP100 set (default AR5).", allowed: GWP100.validSets)
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `mrio_sda`.
    public let name = "mrio_sda"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        Structural decomposition of the change in a region's consumption-based emissions between two years (tables or nowcasts): \
        emission intensity, production structure (Leontief inverse), final-demand composition (products and origin), final-demand \
        level and households' direct emissions, in Mt CO2e, each the average over all orderings (Dietzenbacher & Los 1998); the parts \
        add up to the total change. Current-price tables: the level and intensity effects mix volume and price. Same numbers as \
        `yuheng mrio sda --json`.
        """

    /// Decomposes the change into intensity, production structure, final-demand composition and level, and households' emissions.
    /// - Throws: ``ToolError`` for an unknown region, gas or GWP set, or years outside 2000–2023 or not in order.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let (gas, gwp) = try toolGas(input.gas, input.gwp)
        let r = try context.mrioSDA(from: input.from, to: input.to, region: input.region, gas: gas, gwp: gwp)
        var json = try JSON(encoding: r)
        if case .object(var o) = json, input.region == nil { // every region's 16 states would crowd the answer
            o["regions"] = .array(
                try r.regions.map { x in
                    var j = try JSON(encoding: x); if case .object(var d) = j { d["states"] = nil; j = .object(d) }; return j
                })
            json = .object(o)
        }
        let s =
            r.regions.count == 1
            ? "\(r.regions[0].region): \(String(format: "%+.1f", r.regions[0].totalChange)) Mt CO2e \(r.from)→\(r.to), level effect \(String(format: "%+.1f", r.regions[0].components.level)), intensity effect \(String(format: "%+.1f", r.regions[0].components.intensity))"
            : "decomposition of \(r.regions.count) regions, \(r.from)→\(r.to)"
        return ToolResult(
            json: json,
            units: [
                "D0": r.unit, "D1": r.unit, "total_change": r.unit, "components": r.unit, "level0": "million current US$",
                "level1": "million current US$"
            ],
            provenance: r.datasets, summary: s)
    }
}
