import Foundation
import YuhengCore

extension CBAMEngine {
    /// The production processes of all installations as a precursor graph (a DAG; cycles are
    /// rejected), with memoised specific embedded emissions.
    struct Graph {
        struct SEE: Equatable {
            var direct: Double
            var indirect: Double
            /// Definitive-period scope (see ``CBAMProcessResult/seeCertificate``).
            var certificate: Double
        }

        struct Precursor {
            /// One entry, or several supply sources with shares adding up to one.
            var mix: [(key: String, share: Double)]
            /// Specific mass consumption m_i, t per t of good.
            var m: Double
            var field: String
        }

        enum Kind {
            case computed(aeDirect: Double, aeIndirect: Double, precursors: [Precursor], notes: [String])
            case given(direct: Double, indirect: Double)
            case defaults
        }

        struct Node {
            var key: String
            var installation: Int
            var id: String
            var good: CBAMGoodRecord
            var kind: Kind
            var field: String
        }

        var nodes: [String: Node] = [:]
        var order: [String] = []
        var installations: [CBAMInstallation]
        var warnings: [String] = []
        var memo: [String: SEE] = [:]
        var steps: [String: [String]] = [:]
        var lenientElectricity = false

        /// `lenientElectricity`: a missing electricity emission factor is not an error (for resolving
        /// imports before the grid factors are known).
        init(_ d: CBAMDeclaration, catalog: CBAMCatalog, gridFactors: [String: GridIntensity], lenientElectricity: Bool = false) throws {
            installations = d.installations
            self.lenientElectricity = lenientElectricity
            var instIDs: Set<String> = []
            // Pass 1: register the processes.
            for (ii, inst) in d.installations.enumerated() {
                let ib = "installations[\(inst.id)]"
                if inst.id.isEmpty || inst.id.contains("/") {
                    throw PolicyError(.missingValue, "an installation needs an id without '/'", field: "installations[\(ii)].id")
                }
                if !instIDs.insert(inst.id).inserted {
                    throw PolicyError(.duplicateID, "two installations have the id '\(inst.id)'", field: "\(ib).id")
                }
                for (pi, p) in inst.processes.enumerated() {
                    let pb = "\(ib).processes[\(p.id.isEmpty ? String(pi) : p.id)]"
                    if p.id.isEmpty || p.id.contains("/") { throw PolicyError(.missingValue, "a process needs an id without '/'", field: "\(pb).id") }
                    let key = "\(inst.id)/\(p.id)"
                    if nodes[key] != nil {
                        throw PolicyError(.duplicateID, "two processes of installation '\(inst.id)' have the id '\(p.id)'", field: "\(pb).id")
                    }
                    let good = try catalog.resolve(p.cnCode, field: "\(pb).cn_code", warnings: &warnings)
                    nodes[key] = Node(key: key, installation: ii, id: p.id, good: good, kind: .defaults, field: pb)
                    order.append(key)
                }
            }
            // Pass 2: read the process data.
            for (ii, inst) in d.installations.enumerated() {
                let ib = "installations[\(inst.id)]"
                try Check.nonNegative(inst.gridEFtPerMWh, "\(ib).grid_ef_t_per_mwh", what: "emission factor")
                try Check.nonNegative(inst.directEmissionsT, "\(ib).direct_emissions_t", what: "direct emissions")
                try Check.nonNegative(inst.electricityMWh, "\(ib).electricity_mwh", what: "electricity consumption")
                try Check.plausible(inst.gridEFtPerMWh, .gridEmissionFactor, "\(ib).grid_ef_t_per_mwh", warnings: &warnings)
                try Check.plausible(inst.directEmissionsT, .installationEmissions, "\(ib).direct_emissions_t", warnings: &warnings)
                try Check.plausible(inst.electricityMWh, .installationElectricity, "\(ib).electricity_mwh", warnings: &warnings)
                // Attribution shares.
                let dirShares = inst.processes.compactMap(\.shareOfDirect)
                let elShares = inst.processes.compactMap(\.shareOfElectricity)
                for p in inst.processes {
                    try Check.nonNegative(p.shareOfDirect, "\(ib).processes[\(p.id)].share_of_direct", what: "share")
                    try Check.nonNegative(p.shareOfElectricity, "\(ib).processes[\(p.id)].share_of_electricity", what: "share")
                }
                if !dirShares.isEmpty {
                    guard inst.directEmissionsT != nil else {
                        throw PolicyError(
                            .missingValue,
                            "processes attribute shares of the installation's direct emissions, but the installation gives no direct_emissions_t",
                            field: "\(ib).direct_emissions_t")
                    }
                    try Check.sumsToOne(dirShares, "\(ib).processes[*].share_of_direct", what: "shares of the installation's direct emissions")
                }
                if !elShares.isEmpty {
                    guard inst.electricityMWh != nil else {
                        throw PolicyError(
                            .missingValue,
                            "processes attribute shares of the installation's electricity, but the installation gives no electricity_mwh",
                            field: "\(ib).electricity_mwh")
                    }
                    try Check.sumsToOne(
                        elShares, "\(ib).processes[*].share_of_electricity", what: "shares of the installation's electricity consumption")
                }
                let gridFallback = inst.country.flatMap { gridFactors[$0.uppercased()] }
                for p in inst.processes {
                    let key = "\(inst.id)/\(p.id)"
                    let kind = try readProcess(p, installation: inst, gridFallback: gridFallback, base: nodes[key]!.field)
                    nodes[key]!.kind = kind
                    _ = ii
                }
            }
        }

        func installationCountry(of n: Node) -> String? { installations[n.installation].country }

        mutating func readProcess(_ p: CBAMProcess, installation inst: CBAMInstallation, gridFallback: GridIntensity?, base pb: String) throws -> Kind
        {
            try checkProcessNumbers(p, base: pb)
            let source = (p.dataSource ?? "actual").lowercased()
            guard ["actual", "default", "verified", "measured"].contains(source) else {
                throw PolicyError(.outOfRange, "data_source must be 'actual' or 'default', got '\(p.dataSource ?? "")'", field: "\(pb).data_source")
            }
            if let kind = try Self.declaredKind(p, source: source, base: pb) { return kind }
            var notes: [String] = []
            let aeDir = try Self.ownDirect(p, installation: inst, base: pb, notes: &notes)
            let aeInd = try ownIndirect(p, installation: inst, gridFallback: gridFallback, base: pb, notes: &notes)
            let precursors = try readPrecursors(p, installation: inst, base: pb)
            return .computed(aeDirect: aeDir, aeIndirect: aeInd, precursors: precursors, notes: notes)
        }

        /// Checks a process's numbers: not negative, a positive activity level, and plausible ranges (warnings).
        mutating func checkProcessNumbers(_ p: CBAMProcess, base pb: String) throws {
            let numbers: [(Double?, String, String)] = [
                (p.seeDirect, "see_direct", "specific embedded emissions"), (p.seeIndirect, "see_indirect", "specific embedded emissions"),
                (p.attributedDirectT, "attributed_direct_t", "attributed emissions"),
                (p.electricityMWh, "electricity_mwh", "electricity consumption"),
                (p.directTPerT, "direct_t_per_t", "specific direct emissions"),
                (p.electricityMWhPerT, "electricity_mwh_per_t", "electricity consumption"),
                (p.indirectTPerT, "indirect_t_per_t", "specific indirect emissions"),
                (p.electricityEFtPerMWh, "electricity_ef_t_per_mwh", "emission factor")
            ]
            for (v, f, what) in numbers { try Check.nonNegative(v, "\(pb).\(f)", what: what) }
            if let al = p.activityLevelT {
                if al < 0 {
                    throw PolicyError(
                        .negativeValue, "negative production: the activity level must be positive, got \(al)", field: "\(pb).activity_level_t")
                }
                try Check.positive(al, "\(pb).activity_level_t", what: "activity level (production)")
            }
            let ranges: [(Double?, String, PlausibleRange)] = [
                (p.seeDirect, "see_direct", .specificEmissions), (p.seeIndirect, "see_indirect", .specificEmissions),
                (p.directTPerT, "direct_t_per_t", .specificEmissions), (p.indirectTPerT, "indirect_t_per_t", .specificEmissions),
                (p.electricityMWhPerT, "electricity_mwh_per_t", .electricityPerTonne),
                (p.electricityEFtPerMWh, "electricity_ef_t_per_mwh", .gridEmissionFactor),
                (p.activityLevelT, "activity_level_t", .massOfGoods), (p.attributedDirectT, "attributed_direct_t", .installationEmissions),
                (p.electricityMWh, "electricity_mwh", .installationElectricity)
            ]
            for (v, f, r) in ranges { try Check.plausible(v, r, "\(pb).\(f)", warnings: &warnings) }
        }

        /// The kind of a process that declares its values (bundled defaults or given specific embedded
        /// emissions), or nil when its emissions are computed from process data.
        static func declaredKind(_ p: CBAMProcess, source: String, base pb: String) throws -> Kind? {
            let hasProcessData =
                p.activityLevelT != nil || p.attributedDirectT != nil || p.shareOfDirect != nil || p.electricityMWh != nil
                || p.shareOfElectricity != nil || p.directTPerT != nil || p.electricityMWhPerT != nil || p.indirectTPerT != nil
                || !(p.precursors ?? []).isEmpty
            if source == "default" {
                if p.seeDirect != nil || p.seeIndirect != nil || hasProcessData {
                    throw PolicyError(
                        .conflictingValues, "data_source 'default' takes the bundled default values; remove the process data or the data_source",
                        field: "\(pb).data_source")
                }
                return .defaults
            }
            if p.seeDirect != nil || p.seeIndirect != nil {
                if hasProcessData {
                    throw PolicyError(
                        .conflictingValues, "give either the specific embedded emissions (see_direct, see_indirect) or the process data, not both",
                        field: "\(pb).see_direct")
                }
                guard let dir = p.seeDirect else {
                    throw PolicyError(.missingValue, "see_indirect is given without see_direct", field: "\(pb).see_direct")
                }
                return .given(direct: dir, indirect: p.seeIndirect ?? 0)
            }
            guard hasProcessData else {
                throw PolicyError(
                    .missingValue,
                    "the process has no data: give direct_t_per_t (and electricity, precursors), activity_level_t with attributed emissions, see_direct, or data_source: default",
                    field: "\(pb)")
            }
            return nil
        }

        /// A total for the reporting period per tonne of good (divided by the activity level `al`).
        static func perTonne(_ total: Double, _ field: String, activityLevel al: Double?, base pb: String) throws -> Double {
            guard let al else {
                throw PolicyError(
                    .missingValue, "\(field) is a total for the reporting period and needs the activity level", field: "\(pb).activity_level_t",
                    suggestion: "add activity_level_t (tonnes produced in the period) or give the value per tonne")
            }
            return total / al
        }

        /// The process's own specific direct emissions (t per t), from exactly one of its three forms.
        static func ownDirect(_ p: CBAMProcess, installation inst: CBAMInstallation, base pb: String, notes: inout [String]) throws -> Double {
            let al = p.activityLevelT
            let directForms = [p.attributedDirectT != nil, p.shareOfDirect != nil, p.directTPerT != nil].filter { $0 }.count
            if directForms > 1 {
                throw PolicyError(
                    .conflictingValues, "give the direct emissions once: attributed_direct_t, share_of_direct or direct_t_per_t",
                    field: "\(pb).direct_t_per_t")
            }
            var aeDir = 0.0
            if let v = p.directTPerT {
                aeDir = v
            } else if let v = p.attributedDirectT {
                aeDir = try perTonne(v, "attributed_direct_t", activityLevel: al, base: pb)
                notes.append("own direct = \(formatShort(v)) t / \(formatShort(al!)) t = \(formatShort(aeDir)) t/t")
            } else if let s = p.shareOfDirect {
                let v = s * (inst.directEmissionsT ?? 0)
                aeDir = try perTonne(v, "share_of_direct", activityLevel: al, base: pb)
                notes.append(
                    "own direct = \(formatShort(s)) × \(formatShort(inst.directEmissionsT ?? 0)) t / \(formatShort(al!)) t = \(formatShort(aeDir)) t/t"
                )
            } else {
                throw PolicyError(
                    .missingValue, "no direct emissions given (write direct_t_per_t: 0 if the process emits none)", field: "\(pb).direct_t_per_t")
            }
            return aeDir
        }

        /// The process's own specific indirect emissions (t per t): given, or its electricity per tonne times an emission factor.
        mutating func ownIndirect(
            _ p: CBAMProcess, installation inst: CBAMInstallation, gridFallback: GridIntensity?, base pb: String, notes: inout [String]
        ) throws -> Double {
            let al = p.activityLevelT
            let elForms = [p.electricityMWh != nil, p.shareOfElectricity != nil, p.electricityMWhPerT != nil, p.indirectTPerT != nil].filter { $0 }
                .count
            if elForms > 1 {
                throw PolicyError(
                    .conflictingValues, "give the electricity once: electricity_mwh, share_of_electricity, electricity_mwh_per_t or indirect_t_per_t",
                    field: "\(pb).electricity_mwh_per_t")
            }
            if let v = p.indirectTPerT { return v }
            guard elForms == 1 else { return 0 }
            var mwhPerT = 0.0
            if let v = p.electricityMWhPerT {
                mwhPerT = v
            } else if let v = p.electricityMWh {
                mwhPerT = try Self.perTonne(v, "electricity_mwh", activityLevel: al, base: pb)
            } else if let s = p.shareOfElectricity {
                mwhPerT = try Self.perTonne(s * (inst.electricityMWh ?? 0), "share_of_electricity", activityLevel: al, base: pb)
            }
            let (ef, efSource) = try electricityFactor(p, installation: inst, gridFallback: gridFallback, mwhPerT: mwhPerT)
            let aeInd = mwhPerT * ef
            notes.append("own indirect = \(formatShort(mwhPerT)) MWh/t × \(formatShort(ef)) t CO2/MWh (\(efSource)) = \(formatShort(aeInd)) t/t")
            return aeInd
        }

        /// The emission factor of the process's electricity (t CO2/MWh) and where it comes from: the process, the
        /// installation, the country's grid average (with a warning), or none when no electricity needs one.
        mutating func electricityFactor(_ p: CBAMProcess, installation inst: CBAMInstallation, gridFallback: GridIntensity?, mwhPerT: Double)
            throws -> (Double, String)
        {
            if let e = p.electricityEFtPerMWh { return (e, "process factor") }
            if let e = inst.gridEFtPerMWh { return (e, "installation grid factor") }
            if let g = gridFallback {
                let w =
                    "installation '\(inst.id)': no grid_ef_t_per_mwh given; the grid average of \(g.iso3) (\(formatShort(g.tPerMWh)) t/MWh, \(g.source)) is used as a proxy for the Commission's country factor"
                if !warnings.contains(w) { warnings.append(w) }
                return (g.tPerMWh, "grid average of \(g.iso3)\(g.year.map { " \($0)" } ?? "") from \(g.source)")
            }
            if mwhPerT == 0 || lenientElectricity { return (0, "none needed") }
            throw PolicyError(
                .missingValue, "electricity is consumed but no emission factor is known",
                field: "installations[\(inst.id)].grid_ef_t_per_mwh",
                suggestion: "give grid_ef_t_per_mwh for the installation (t CO2/MWh) or its country (ISO3) so the grid average can be used")
        }

        /// The process's precursors: their specific consumption and the processes that supply them.
        mutating func readPrecursors(_ p: CBAMProcess, installation inst: CBAMInstallation, base pb: String) throws -> [Precursor] {
            var precursors: [Precursor] = []
            for (j, u) in (p.precursors ?? []).enumerated() {
                let f = "\(pb).precursors[\(j)]"
                try Check.nonNegative(u.tPerT, "\(f).t_per_t", what: "precursor consumption")
                if let m = u.massT, m < 0 { throw PolicyError(.negativeValue, "precursor mass must not be negative, got \(m)", field: "\(f).mass_t") }
                try Check.nonNegative(u.massT, "\(f).mass_t", what: "precursor mass")
                try Check.plausible(u.tPerT, .precursorPerTonne, "\(f).t_per_t", warnings: &warnings)
                try Check.plausible(u.massT, .massOfGoods, "\(f).mass_t", warnings: &warnings)
                let m: Double
                switch (u.tPerT, u.massT) {
                case (let v?, nil): m = v
                case (nil, let v?): m = try Self.perTonne(v, "precursors[\(j)].mass_t", activityLevel: p.activityLevelT, base: pb)
                case (nil, nil): throw PolicyError(.missingValue, "give the precursor consumption as t_per_t or mass_t", field: "\(f).t_per_t")
                default: throw PolicyError(.conflictingValues, "give the precursor consumption once: t_per_t or mass_t", field: "\(f).t_per_t")
                }
                let mix = try precursorMix(u, installation: inst, field: f)
                precursors.append(Precursor(mix: mix, m: m, field: f))
            }
            return precursors
        }

        /// The supply of one precursor: a single process, or several sources with shares adding up to one.
        func precursorMix(_ u: CBAMPrecursorUse, installation inst: CBAMInstallation, field f: String) throws -> [(key: String, share: Double)] {
            var mix: [(key: String, share: Double)] = []
            switch (u.process, u.sources) {
            case (let ref?, nil):
                mix = [(try resolve(ref, from: inst.id, field: "\(f).process"), 1)]
            case (nil, let srcs?):
                guard !srcs.isEmpty else { throw PolicyError(.missingValue, "sources is empty", field: "\(f).sources") }
                for (k, s) in srcs.enumerated() {
                    try Check.nonNegative(s.share, "\(f).sources[\(k)].share", what: "share")
                    if s.share > 1 { throw PolicyError(.outOfRange, "a share is at most 1, got \(s.share)", field: "\(f).sources[\(k)].share") }
                    mix.append((try resolve(s.process, from: inst.id, field: "\(f).sources[\(k)].process"), s.share))
                }
                try Check.sumsToOne(srcs.map(\.share), "\(f).sources[*].share", what: "supply shares of the precursor")
            case (nil, nil): throw PolicyError(.missingValue, "name the precursor's process (or its sources with shares)", field: "\(f).process")
            default: throw PolicyError(.conflictingValues, "give either process or sources, not both", field: "\(f).process")
            }
            return mix
        }

        /// Resolves a process reference: "installation/process", a process id of the same
        /// installation, or a process id unique across installations.
        func resolve(_ ref: String, from installation: String?, field: String) throws -> String {
            if ref.contains("/") {
                if nodes[ref] != nil { return ref }
                throw PolicyError(.unknownReference, "no process '\(ref)'", field: field, suggestion: suggestion(for: ref))
            }
            if let inst = installation, nodes["\(inst)/\(ref)"] != nil { return "\(inst)/\(ref)" }
            let hits = order.filter { nodes[$0]!.id == ref }
            if hits.count == 1 { return hits[0] }
            if hits.isEmpty { throw PolicyError(.unknownReference, "no process '\(ref)'", field: field, suggestion: suggestion(for: ref)) }
            throw PolicyError(
                .unknownReference, "process '\(ref)' exists in several installations", field: field,
                suggestion: "write installation/process: \(hits.joined(separator: " or "))")
        }

        func suggestion(for ref: String) -> String {
            let last = ref.split(separator: "/").last.map(String.init) ?? ref
            let known = order
            let close = known.min { EditDistance.between($0, ref) < EditDistance.between($1, ref) }.flatMap { k -> String? in
                let d = min(EditDistance.between(k, ref), EditDistance.between(nodes[k]!.id, last))
                return d <= max(3, last.count / 2) ? k : nil
            }
            return (close.map { "did you mean '\($0)'? " } ?? "") + "known processes: \(known.joined(separator: ", "))"
        }

        func edges(_ key: String) -> [(String, String)] {
            guard case .computed(_, _, let pre, _) = nodes[key]!.kind else { return [] }
            return pre.flatMap { p in p.mix.map { ($0.key, p.field) } }
        }

        /// Rejects precursor cycles, naming the processes on the cycle.
        func checkCycles() throws {
            var state: [String: Int] = [:] // 1 = on the stack, 2 = done
            var stack: [String] = []
            func visit(_ k: String) throws {
                state[k] = 1
                stack.append(k)
                for (next, field) in edges(k) {
                    if state[next] == 1 {
                        let start = stack.firstIndex(of: next)!
                        let cycle = (stack[start...] + [next]).joined(separator: " → ")
                        throw PolicyError(
                            .precursorCycle, "precursors form a cycle: \(cycle)", field: field,
                            suggestion:
                                "a process cannot consume (directly or through other processes) its own product as a precursor; treat internal returns such as own scrap within one production process"
                        )
                    }
                    if state[next] == nil { try visit(next) }
                }
                stack.removeLast()
                state[k] = 2
            }
            for k in order where state[k] == nil { try visit(k) }
        }

        mutating func see(_ key: String) throws -> SEE {
            if let s = memo[key] { return s }
            let n = nodes[key]!
            let directOnly = CBAMSchedules.directOnly(n.good)
            var result: SEE
            var st: [String] = []
            switch n.kind {
            case .given(let d, let i):
                result = SEE(direct: d, indirect: i, certificate: d + (directOnly ? 0 : i))
                st.append("given: SEE direct \(formatShort(d)), indirect \(formatShort(i)) t CO2e/t")
            case .defaults:
                let d = n.good.defaultDirect, i = n.good.defaultIndirect
                result = SEE(direct: d, indirect: i, certificate: d + (directOnly ? 0 : i))
                st.append(
                    "default values (bundled transitional, '\(n.good.category)'): direct \(formatShort(d)), indirect \(formatShort(i)) t CO2e/t, without mark-up"
                )
            case .computed(let aeD, let aeI, let pre, let notes):
                st += notes
                var d = aeD, i = aeI, c = aeD + (directOnly ? 0 : aeI)
                var termsD = [formatShort(aeD)], termsI = [formatShort(aeI)], termsC = [formatShort(aeD + (directOnly ? 0 : aeI))]
                for p in pre {
                    var sd = 0.0, si = 0.0, sc = 0.0
                    for (k, share) in p.mix {
                        let s = try see(k)
                        sd += share * s.direct
                        si += share * s.indirect
                        sc += share * s.certificate
                    }
                    let name =
                        p.mix.count == 1
                        ? nodes[p.mix[0].key]!.id : "mix of " + p.mix.map { "\(formatShort($0.share)) \(nodes[$0.key]!.id)" }.joined(separator: " + ")
                    d += p.m * sd
                    i += p.m * si
                    c += p.m * sc
                    termsD.append("\(formatShort(p.m)) × \(formatShort(sd)) (\(name))")
                    termsI.append("\(formatShort(p.m)) × \(formatShort(si)) (\(name))")
                    termsC.append("\(formatShort(p.m)) × \(formatShort(sc)) (\(name))")
                }
                result = SEE(direct: d, indirect: i, certificate: c)
                st.append("SEE direct = \(termsD.joined(separator: " + ")) = \(formatShort(d)) t CO2e/t")
                st.append("SEE indirect = \(termsI.joined(separator: " + ")) = \(formatShort(i)) t CO2e/t")
                st.append(
                    "SEE in definitive scope (\(directOnly ? "direct only, Annex II" : "direct + indirect")) = \(termsC.joined(separator: " + ")) = \(formatShort(c)) t CO2e/t"
                )
            }
            memo[key] = result
            steps[key] = st
            return result
        }

        mutating func computeAll() throws -> [CBAMProcessResult] {
            var out: [CBAMProcessResult] = []
            for k in order {
                let s = try see(k)
                let n = nodes[k]!
                var own = (0.0, 0.0)
                var src = "computed"
                switch n.kind {
                case .computed(let d, let i, _, _): own = (d, i)
                case .given(let d, let i): own = (d, i); src = "given"
                case .defaults: own = (n.good.defaultDirect, n.good.defaultIndirect); src = "default"
                }
                out.append(
                    CBAMProcessResult(
                        installation: installations[n.installation].id, process: n.id, cnCode: n.good.cnCode, category: n.good.category,
                        sector: n.good.sector.rawValue, directOnly: CBAMSchedules.directOnly(n.good), dataSource: src,
                        ownDirectTPerT: own.0, ownIndirectTPerT: own.1, seeDirect: s.direct, seeIndirect: s.indirect,
                        seeTotal: s.direct + s.indirect, seeCertificate: s.certificate, steps: steps[k] ?? []))
            }
            return out
        }
    }
}
