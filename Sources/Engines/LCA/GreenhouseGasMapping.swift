import YuhengCore

/// Which part of an elementary flow's carbon it represents, as ISO 14067 reports them apart.
public enum GHGSubclass: String, Sendable, Hashable, Codable {
    case fossil, biogenic, luc, uptake, unspecified
}

/// The greenhouse gas an elementary flow is, or nil.
public struct GHGMatch: Sendable, Hashable, Codable {
    /// GWP species name as in the GWP tables (CO2, CH4, N2O, HFC134a, CF4, …).
    public var species: String
    /// Origin of the gas (fossil, biogenic, land-use change, uptake, unspecified), from the flow's name and compartment.
    public var subclass: GHGSubclass
    /// "cas" or "name".
    public var matchedBy: String
}

/// Maps elementary flows to greenhouse gases: by CAS number (leading zeros stripped), then by
/// normalised name (lower case, trimmed, runs of whitespace collapsed). Only emissions to air,
/// flows with an unresolved compartment, and CO2 taken from a resource compartment (uptake) are
/// characterised; greenhouse-gas names in water or soil are not.
///
/// The table covers the species of the IPCC GWP tables under the names LCI databases use
/// (US LCI, ecoinvent-style "Methane, dichlorodifluoro-, CFC-12"). Unspecified groups
/// ("CFCs, unspecified", "PFC") are deliberately not mapped: no single GWP applies.
public enum GHGMapping {
    /// CAS registry number (without leading zeros) → GWP species, for the gases with a single GWP.
    public static let casToSpecies: [String: String] = [
        "124-38-9": "CO2", "74-82-8": "CH4", "10024-97-2": "N2O", "2551-62-4": "SF6", "7783-54-2": "NF3",
        "75-69-4": "CFC11", "75-71-8": "CFC12", "75-72-9": "CFC13", "76-13-1": "CFC113", "76-14-2": "CFC114", "76-15-3": "CFC115",
        "75-63-8": "Halon1301", "353-59-3": "Halon1211", "124-73-2": "Halon2402", "56-23-5": "CCl4", "74-83-9": "CH3Br",
        "74-95-3": "CH2Br2", "71-55-6": "CH3CCl3", "75-43-4": "HCFC21", "75-45-6": "HCFC22", "306-83-2": "HCFC123",
        "2837-89-0": "HCFC124", "1717-00-6": "HCFC141b", "75-68-3": "HCFC142b", "75-46-7": "HFC23", "75-10-5": "HFC32",
        "593-53-3": "HFC41", "354-33-6": "HFC125", "359-35-3": "HFC134", "811-97-2": "HFC134a", "430-66-0": "HFC143",
        "420-46-2": "HFC143a", "624-72-6": "HFC152", "75-37-6": "HFC152a", "353-36-6": "HFC161", "431-89-0": "HFC227ea",
        "690-39-1": "HFC236fa", "460-73-1": "HFC245fa", "406-58-6": "HFC365mfc", "75-73-0": "CF4", "76-16-4": "C2F6",
        "76-19-7": "C3F8", "115-25-3": "cC4F8", "355-25-9": "C4F10", "678-26-2": "C5F12", "355-42-0": "C6F14",
        "67-66-3": "CHCl3", "75-09-2": "CH2Cl2", "74-87-3": "CH3Cl", "2699-79-8": "SO2F2", "373-80-8": "SF5CF3",
        "75-61-6": "Halon1202", "1511-62-2": "Halon1201", "422-56-0": "HCFC225ca", "507-55-1": "HCFC225cb", "677-56-5": "HFC236cb",
        "431-63-0": "HFC236ea", "679-86-7": "HFC245ca", "138495-42-8": "HFC4310mee", "335-57-9": "C7F16", "307-34-6": "C8F18",
        "306-94-5": "C10F18", "931-91-9": "cC3F6", "115-10-6": "CH3OCH3", "2314-97-8": "CF3I", "3822-68-2": "HFE125", "1691-17-4": "HFE134",
        "421-14-7": "HFE143a", "26675-46-7": "HCFE235da2", "57041-67-5": "HFE236ea2", "75-89-8": "CF3CH2OH", "920-66-1": "(CF3)2CHOH",
        "375-03-1": "HFE347mcc3",
        "20193-67-3": "HFE236fa",
        // Gases with a GWP in IPCC AR6 (WGI Ch 7 SM Table 7.SM.7) that the bundled table does not list: matched, so that a
        // set imported with `yuheng data import --kind gwp` characterises them; without a value they are listed as
        // greenhouse gases without a factor.
        "74-84-0": "C2H6", "74-98-6": "C3H8", "106-97-8": "nC4H10", "75-28-5": "iC4H10", "75-00-3": "C2H5Cl", "107-06-2": "CH2ClCH2Cl",
        "79-01-6": "C2HCl3", "127-18-4": "C2Cl4", "106-94-5": "nC3H7Br", "593-70-4": "HCFC31"
    ]

    /// Normalised flow name → species (sub-class comes from ``subclass(forName:)``).
    public static let nameToSpecies: [String: String] = {
        var m: [String: String] = [:]
        let groups: [(String, [String])] = [
            (
                "CO2",
                [
                    "carbon dioxide", "carbon dioxide, fossil", "carbon dioxide, biogenic", "carbon dioxide, land transformation",
                    "carbon dioxide, in air", "carbon dioxide [inorganic emissions to air]", "carbon dioxide, non-fossil",
                    "carbon dioxide, from soil or biomass stock", "carbon dioxide, non-fossil, resource correction"
                ]
            ),
            (
                "CH4",
                [
                    "methane", "methane, fossil", "methane, biogenic", "methane, non-fossil", "methane [organic emissions to air]",
                    "methane, from soil or biomass stock"
                ]
            ),
            ("N2O", ["dinitrogen monoxide", "nitrous oxide", "nitrous oxide (laughing gas) [inorganic emissions to air]"]),
            ("SF6", ["sulfur hexafluoride", "sulphur hexafluoride"]),
            ("NF3", ["nitrogen trifluoride", "nitrogen fluoride"]),
            ("CFC11", ["methane, trichlorofluoro-, cfc-11", "cfc-11", "trichlorofluoromethane"]),
            ("CFC12", ["methane, dichlorodifluoro-, cfc-12", "cfc-12", "dichlorodifluoromethane"]),
            ("CFC13", ["methane, chlorotrifluoro-, cfc-13", "cfc-13", "chlorotrifluoromethane"]),
            ("CFC113", ["ethane, 1,1,2-trichloro-1,2,2-trifluoro-, cfc-113", "cfc-113"]),
            ("CFC114", ["ethane, 1,2-dichloro-1,1,2,2-tetrafluoro-, cfc-114", "cfc-114"]),
            ("CFC115", ["ethane, chloropentafluoro-, cfc-115", "cfc-115"]),
            ("Halon1301", ["methane, bromotrifluoro-, halon 1301", "halon 1301", "bromotrifluoromethane"]),
            ("Halon1211", ["methane, bromochlorodifluoro-, halon 1211", "halon 1211"]),
            ("Halon2402", ["ethane, 1,2-dibromotetrafluoro-, halon 2402", "halon 2402"]),
            ("CCl4", ["methane, tetrachloro-, cfc-10", "methane, tetrachloro-, r-10", "carbon tetrachloride", "tetrachloromethane"]),
            ("CH3Br", ["methane, bromo-, halon 1001", "methyl bromide", "bromomethane"]),
            ("CH2Br2", ["methane, dibromo-", "dibromomethane"]),
            ("CH3CCl3", ["ethane, 1,1,1-trichloro-, hcfc-140", "1,1,1-trichloroethane", "methyl chloroform"]),
            ("HCFC21", ["methane, dichlorofluoro-, hcfc-21", "hcfc-21"]),
            ("HCFC22", ["methane, chlorodifluoro-, hcfc-22", "methane, difluromonochloro-, hcfc-22", "hcfc-22", "chlorodifluoromethane"]),
            // The label HCFC-123 decides: this name describes the 123a isomer but is reported as HCFC-123.
            (
                "HCFC123",
                [
                    "ethane, 1,1,1-trifluoro-2,2-dichloro-, hcfc-123", "ethane, 2,2-dichloro-1,1,1-trifluoro-, hcfc-123",
                    "ethane, 1,2-dichloro-1,1,2-trifluoro-, hcfc-123", "hcfc-123"
                ]
            ),
            ("HCFC124", ["ethane, 2-chloro-1,1,1,2-tetra-fluoro-, hcfc-124", "ethane, 2-chloro-1,1,1,2-tetrafluoro-, hcfc-124", "hcfc-124"]),
            ("HCFC141b", ["ethane, 1,1-dichloro-1-fluoro-, hcfc-141b", "hcfc-141b"]),
            ("HCFC142b", ["ethane, 1-chloro-1,1-difluoro-, hcfc-142b", "hcfc-142b"]),
            ("HFC23", ["methane, trifluoro-, hfc-23", "hfc-23", "trifluoromethane"]),
            ("HFC32", ["methane, difluoro-, hfc-32", "hfc-32", "difluoromethane"]),
            ("HFC41", ["methane, fluoro-, hfc-41", "hfc-41"]),
            ("HFC125", ["ethane, pentafluoro-, hfc-125", "hfc-125", "pentafluoroethane"]),
            ("HFC134", ["ethane, 1,1,2,2-tetrafluoro-, hfc-134", "hfc-134"]),
            ("HFC134a", ["ethane, 1,1,1,2-tetrafluoro-, hfc-134a", "hfc-134a", "1,1,1,2-tetrafluoroethane"]),
            ("HFC143", ["ethane, trifluoro-, hfc-143", "ethane, 1,1,2-trifluoro-, hfc-143", "hfc-143"]),
            ("HFC143a", ["ethane, 1,1,1-trifluoro-, hfc-143a", "hfc-143a"]),
            ("HFC152a", ["ethane, 1,1-difluoro-, hfc-152a", "hfc-152a", "1,1-difluoroethane"]),
            ("HFC227ea", ["propane, 1,1,1,2,3,3,3-heptafluoro-, hfc-227ea", "hfc-227ea"]),
            ("HFC236fa", ["propane, 1,1,1,3,3,3-hexafluoro-, hfc-236fa", "hfc-236fa"]),
            ("HFC245fa", ["1,1,1,3,3-pentafluoropropane, hfc-245fa", "propane, 1,1,1,3,3-pentafluoro-, hfc-245fa", "hfc-245fa"]),
            ("HFC365mfc", ["butane, 1,1,1,3,3-pentafluoro-, hfc-365mfc", "hfc-365mfc"]),
            (
                "CF4",
                [
                    "methane, tetrafluoro-, cfc-14", "methane, tetrafluoro-, fc-14", "methane, tetrafluoro-, r-14", "tetrafluoromethane",
                    "perfluoromethane"
                ]
            ),
            ("C2F6", ["ethane, hexafluoro-, hfc-116", "ethane, hexafluoro-, fc-116", "hexafluoroethane", "perfluoroethane"]),
            ("C3F8", ["propane, perfluoro-", "perfluoropropane", "octafluoropropane"]),
            ("cC4F8", ["cyclobutane, octafluoro-", "perfluorocyclobutane", "octafluorocyclobutane"]),
            ("C4F10", ["butane, perfluoro-", "perfluorobutane"]),
            ("C5F12", ["pentane, perfluoro-", "perfluoropentane"]),
            ("C6F14", ["hexane, perfluoro-", "perfluorohexane"]),
            ("CHCl3", ["chloroform", "methane, trichloro-", "trichloromethane"]),
            ("CH2Cl2", ["methane, dichloro-, hcc-30", "methane, dichloro, hcc-30", "dichloromethane", "methylene chloride"]),
            ("CH3Cl", ["methane, monochloro-, r-40", "methane, monochloro, r-40", "methane, chloro-", "chloromethane", "methyl chloride"]),
            ("SO2F2", ["sulfuryl fluoride"]),
            ("Halon1202", ["methane, dibromodifluoro-, halon 1202", "halon 1202", "dibromodifluoromethane"]),
            ("HFC4310mee", ["pentane, 1,1,1,2,3,4,4,5,5,5-decafluoro-, hfc-4310mee", "hfc-43-10mee", "hfc-4310mee"]),
            // Not in the bundled table (see casToSpecies): a GWP set of the user's may give them a value.
            ("C2H6", ["ethane"]),
            ("C3H8", ["propane"]),
            ("nC4H10", ["butane", "n-butane", "butane, n-"]),
            ("iC4H10", ["isobutane", "propane, 2-methyl-", "2-methylpropane"]),
            ("C2H5Cl", ["chloroethane", "ethane, chloro-", "ethyl chloride"]),
            ("CH2ClCH2Cl", ["ethane, 1,2-dichloro-", "1,2-dichloroethane", "ethylene dichloride"]),
            ("C2HCl3", ["ethene, trichloro-", "trichloroethene", "trichloroethylene"]),
            ("C2Cl4", ["ethene, tetrachloro-", "tetrachloroethene", "tetrachloroethylene", "perchloroethylene"]),
            ("nC3H7Br", ["propane, 1-bromo-", "1-bromopropane", "n-propyl bromide"]),
            ("HCFC31", ["methane, chlorofluoro-, hcfc-31", "methane, chlorofluoro-", "chlorofluoromethane", "hcfc-31"])
        ]
        for (species, names) in groups { for n in names { m[n] = species } }
        return m
    }()

    /// Lower case, trimmed, runs of whitespace collapsed to one space.
    public static func normalize(_ name: String) -> String {
        name.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }

    /// Qualifiers written in parentheses in the EF / ILCD and openLCA reference lists ("methane (fossil)") and the
    /// comma form ecoinvent and biosphere3 use for them ("methane, fossil").
    static let parenthesisedQualifiers: [String: String] = [
        "fossil": "fossil", "biogenic": "biogenic", "non-fossil": "non-fossil", "land use change": "land transformation",
        "land transformation": "land transformation", "from soil or biomass stock": "from soil or biomass stock", "in air": "in air"
    ]

    /// The normalised name in ecoinvent's comma form: "Methane (fossil)" → "methane, fossil",
    /// "carbon dioxide (land use change)" → "carbon dioxide, land transformation"; other names are only normalised.
    public static func commaForm(_ name: String) -> String {
        let n = normalize(name)
        guard n.hasSuffix(")"), let open = n.lastIndex(of: "(") else { return n }
        let inner = String(n[n.index(after: open)..<n.index(before: n.endIndex)]).trimmingCharacters(in: .whitespaces)
        guard let q = parenthesisedQualifiers[inner] else { return n }
        let base = n[..<open].trimmingCharacters(in: .whitespaces)
        return base.isEmpty ? n : "\(base), \(q)"
    }

    /// Every species the tables map to (the keys a GWP set's values must use to characterise LCI flows).
    public static let knownSpecies: Set<String> = Set(casToSpecies.values).union(nameToSpecies.values)

    /// The species a name is, in this order: the whole name (in comma form), the name without its origin qualifier
    /// ("methane, fossil" → "methane"), and a formula or code as the name or its last comma-separated part
    /// ("CH4", "SF6", "Ethane, 1,1,1,2-tetrafluoro-, HFC-134a" → HFC134a).
    public static func species(forName name: String) -> String? {
        let n = commaForm(name)
        if let s = nameToSpecies[n] { return s }
        for q in Set(parenthesisedQualifiers.values) where n.hasSuffix(", \(q)") {
            if let s = nameToSpecies[String(n.dropLast(q.count + 2))] { return s }
        }
        let parts = name.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for candidate in [name.trimmingCharacters(in: .whitespaces), parts.last ?? ""] where !candidate.isEmpty && !candidate.contains(" ") {
            let g = Gas(candidate).name
            if knownSpecies.contains(g) { return g }
        }
        return nil
    }

    /// A CAS number without surrounding spaces and leading zeros ("000124-38-9" → "124-38-9"), the form `casToSpecies` is keyed by.
    public static func stripCAS(_ cas: String) -> String {
        var s = Substring(cas.trimmingCharacters(in: .whitespaces))
        while s.first == "0" && s.count > 1 { s = s.dropFirst() }
        return String(s)
    }

    /// Is the compartment path one that is characterised: air, an unresolved compartment, or a resource (CO2 uptake)?
    public static func compartment(_ path: [String]) -> (air: Bool, unresolved: Bool, resource: Bool) {
        let air =
            path.first?.lowercased() == "air"
            || path.contains { ["air", "emission to air", "emission output to atmosphere"].contains($0.lowercased()) }
        let joined = path.joined(separator: "/")
        let unresolved = joined == "Elementary Flows" || joined == "others/unspecified"
        // "resource" (openLCA, US LCI), "natural resource" (ecoinvent, biosphere3: `natural resource / in air`), "[Resource]" (ILCD).
        let resource = path.contains { ["resource", "natural resource"].contains($0.lowercased()) || $0.hasPrefix("[Resource]") }
        return (air, unresolved, resource)
    }

    static func subclass(species: String, name: String, resource: Bool) -> GHGSubclass {
        let n = commaForm(name)
        if species == "CO2" {
            if resource || n.contains(", in air") { return .uptake }
            if n.contains(", biogenic") || n.contains("non-fossil") { return .biogenic }
            if n.contains(", land transformation") || n.contains("from soil or biomass stock") { return .luc }
            return .fossil
        }
        if species == "CH4" {
            if n.contains(", fossil") { return .fossil }
            if n.contains(", biogenic") || n.contains("non-fossil") { return .biogenic }
            if n.contains("from soil or biomass stock") || n.contains(", land transformation") { return .luc }
            return .unspecified
        }
        return .unspecified
    }

    /// The greenhouse gas this flow is, or nil when it is not characterised.
    public static func match(_ flow: LCIFlow) -> GHGMatch? {
        guard flow.type == .elementary else { return nil }
        let c = compartment(flow.category)
        var species: String? = nil, by = ""
        if let cas = flow.cas, let s = casToSpecies[stripCAS(cas)] { species = s; by = "cas" }
        if species == nil, let s = Self.species(forName: flow.name) { species = s; by = "name" }
        guard let sp = species else { return nil }
        if c.resource && !c.air {
            // Only CO2 taken from the air counts from a resource compartment (uptake).
            guard sp == "CO2" else { return nil }
            return GHGMatch(species: sp, subclass: .uptake, matchedBy: by)
        }
        guard c.air || c.unresolved else { return nil }
        return GHGMatch(species: sp, subclass: subclass(species: sp, name: flow.name, resource: false), matchedBy: by)
    }
}

/// A GWP-based impact method over a database's elementary flows.
public struct ClimateMethod: Sendable {
    /// Which CO2 counts: all of it (`total`), or only fossil and land-use change (`fossil_luc`: biogenic CO2 and uptake get 0).
    public enum Variant: String, Sendable, Codable { case total, fossilLUC = "fossil_luc" }
    /// e.g. "ipcc-ar6-gwp100".
    public var id: String
    /// The GWP set the factors come from, e.g. IPCC AR6 GWP100.
    public var gwp: GWPSet
    /// Whether biogenic CO2 and its uptake are counted.
    public var variant: Variant
    /// Dataset of the GWP values, with version and licence.
    public var provenance: Provenance?

    /// A method from a GWP set; the provenance is the set's.
    public init(id: String, gwp: GWPSet, variant: Variant = .total) {
        self.id = id
        self.gwp = gwp
        self.variant = variant
        self.provenance = gwp.provenance
    }

    /// Method ids Yuheng knows: ipcc-ar6-gwp100 (default), ipcc-ar5-gwp100, ipcc-ar6-gwp20, ipcc-ar4-gwp100,
    /// each optionally with the suffix "-fossil-luc" (biogenic CO2 and uptake counted as 0).
    public static func named(_ id: String, library: GWPLibrary) throws -> ClimateMethod {
        var name = id.lowercased()
        var variant = Variant.total
        if name.hasSuffix("-fossil-luc") { variant = .fossilLUC; name = String(name.dropLast("-fossil-luc".count)) }
        let parts = name.split(separator: "-").map(String.init)
        guard parts.count == 3, parts[0] == "ipcc" else {
            throw LCAError(
                .unknownMethod, "unknown impact method '\(id)'",
                suggestion: "use ipcc-ar6-gwp100, ipcc-ar5-gwp100, ipcc-ar6-gwp20 or ipcc-ar4-gwp100 (optionally with -fossil-luc)")
        }
        let set: GWPSet
        do { set = try library.set(named: "\(parts[1].uppercased())-\(parts[2].uppercased())") } catch {
            throw LCAError(
                .unknownMethod, "unknown impact method '\(id)': \(error)",
                suggestion:
                    "use ipcc-ar6-gwp100, ipcc-ar5-gwp100 or ipcc-ar6-gwp20; a set the bundled table lacks (e.g. AR5 GWP20) can be imported: yuheng data import FILE --kind gwp (docs/lca-climate-methods.md)"
            )
        }
        return ClimateMethod(id: id.lowercased(), gwp: set, variant: variant)
    }

    /// Characterisation factor (kg CO2e per kg) of a matched flow; 0 when the method's GWP set has no value for
    /// its species (``hasFactor(_:)`` is then false, and the calculation lists the flow among the greenhouse gases
    /// without a factor instead of counting it silently).
    public func factor(_ m: GHGMatch) -> Double {
        if variant == .fossilLUC && (m.subclass == .biogenic || m.subclass == .uptake) && m.species == "CO2" { return 0 }
        if m.species == "CH4" {
            switch m.subclass {
            // Methane from soil or biomass stock counts as fossil methane, as in ecoinvent's IPCC 2021 method: its carbon was
            // stored, so the CO2 it oxidises to adds to the atmosphere (docs/lca-climate-methods.md).
            case .fossil, .luc: return (try? gwp.factor(for: .ch4, origin: .fossil)) ?? 0
            case .biogenic: return (try? gwp.factor(for: .ch4, origin: .biogenic)) ?? 0
            default: return gwp.values["CH4"] ?? 0
            }
        }
        return gwp.values[m.species] ?? 0
    }

    /// Does the method's GWP set have a value for the matched species (a gas with an empty cell in the table has none)?
    public func hasFactor(_ m: GHGMatch) -> Bool {
        gwp.values[m.species] != nil || (m.species == "CH4" && gwp.values["CH4_fossil"] != nil)
    }
}

extension GHGMapping {

    /// Words of a flow name that make it look like a greenhouse gas.
    static let ghgWords: Set<String> = ["methane", "ethane", "propane", "butane", "ch4", "co2", "n2o", "sf6", "nf3", "halon"]
    static let ghgFragments = [
        "carbon dioxide", "nitrous oxide", "dinitrogen monoxide", "fluoro", "hexafluoride", "trifluoride", "nitrogen fluoride",
        "dichloroeth", "trichloroeth", "tetrachloroeth", "chloroethane"
    ]

    /// Does the flow look like a greenhouse gas emitted to air (or to an unresolved compartment), whether or not it is
    /// characterised? By CAS (a gas of ``casToSpecies``) or by name: a word such as methane,
    /// ethane, CH4, SF6, a code prefix HFC/HCFC/CFC/PFC/HFE, or a fragment such as "fluoro" or "carbon dioxide".
    /// "Non-methane" names (NMVOC) are not.
    public static func looksLikeGHG(_ flow: LCIFlow) -> Bool {
        guard flow.type == .elementary else { return false }
        let c = compartment(flow.category)
        guard c.air || c.unresolved else { return false }
        if let cas = flow.cas.map(stripCAS), casToSpecies[cas] != nil { return true }
        let n = normalize(flow.name)
        if n.contains("non-methane") { return false }
        let words = n.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        if words.contains(where: { w in ghgWords.contains(w) || ["hfc", "hcfc", "cfc", "pfc", "hfe"].contains { w.hasPrefix($0) && w.count <= 12 } })
        {
            return true
        }
        return ghgFragments.contains { n.contains($0) }
    }
}
