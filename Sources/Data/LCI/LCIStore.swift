import Foundation
import GRDB
import YuhengCore
import YuhengLCA

/// Saves ``LCIDatabase``s into the Yuheng SQLite database and loads them back unchanged.
///
/// Each LCI database is a registered dataset (``DatasetInfo``); its rows live in tables created on
/// first use (`CREATE TABLE IF NOT EXISTS`, inside the registering transaction):
///
/// | table | one row per | key |
/// |---|---|---|
/// | `lci_databases` | LCI database (name, provenance, counts) | dataset_id |
/// | `lci_unit_groups` | unit group (units as JSON name → factor) | dataset_id, id |
/// | `lci_flow_properties` | flow property | dataset_id, id |
/// | `lci_flows` | flow (category path and property factors as JSON) | dataset_id, id |
/// | `lci_processes` | process (+ reference flow and unit, allocation, parameters, documentation) | dataset_id, id |
/// | `lci_exchanges` | exchange, in stored order | dataset_id, process_id, position |
/// | `lci_process_search` | FTS5 index of process name, category and location | rowid = lci_processes.pk |
///
/// Every table references `datasets(id) ON DELETE CASCADE`, so replacing or removing the dataset
/// removes its rows (and, through triggers, its search entries).
///
/// ```swift
/// try db.saveLCI(lci, info: DatasetInfo(id: "my-lci", title: "My foreground", version: "1", source: "own", licence: "CC-BY-4.0", date: "2025-01-01"))
/// let same = try db.loadLCI(id: "my-lci")
/// let hits = try db.searchProcesses("electricity coal", limit: 10)
/// ```
public enum LCIStore {
    /// Saves `lci` as dataset `info.id` in one write transaction, replacing an earlier version.
    /// If anything fails (for instance a non-finite amount), the database is left as it was.
    /// An empty `info.checksum` is replaced by a SHA-256 over the database's content.
    public static func save(_ lci: LCIDatabase, in db: YuhengDatabase, info: DatasetInfo, origin: String = "user") throws {
        guard !info.id.isEmpty, info.id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw DataError(.invalidValue, "dataset id '\(info.id)' must be non-empty and use letters, digits, '-', '_' or '.'", field: "id")
        }
        var full = info
        if full.checksum.isEmpty { full.checksum = try contentChecksum(lci) }
        try db.writer.write { d in
            try YuhengDatabase.replaceDataset(d, info: full, origin: origin) { d in
                try createTables(d)
                try insert(lci, datasetID: full.id, into: d)
            }
        }
    }

    /// Loads dataset `id` as it was saved.
    public static func load(id: String, from db: YuhengDatabase) throws -> LCIDatabase {
        try db.writer.read { d in try read(id: id, from: d) }
    }

    /// SHA-256 over a canonical JSON encoding of the database (sorted keys).
    public static func contentChecksum(_ lci: LCIDatabase) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return SHA256.hex([UInt8](try enc.encode(lci)))
    }

    // MARK: Tables

    static func createTables(_ d: Database) throws {
        try d.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS lci_databases(
                    dataset_id TEXT PRIMARY KEY NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                    name TEXT NOT NULL, provenance TEXT, processes INTEGER NOT NULL, flows INTEGER NOT NULL, exchanges INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS lci_unit_groups(
                    dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                    id TEXT NOT NULL, name TEXT NOT NULL, reference_unit TEXT NOT NULL, units TEXT NOT NULL,
                    PRIMARY KEY (dataset_id, id)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS lci_flow_properties(
                    dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                    id TEXT NOT NULL, name TEXT NOT NULL, unit_group_id TEXT NOT NULL,
                    PRIMARY KEY (dataset_id, id)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS lci_flows(
                    dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                    id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, cas TEXT, category TEXT NOT NULL,
                    reference_property_id TEXT NOT NULL, property_factors TEXT NOT NULL, location TEXT,
                    PRIMARY KEY (dataset_id, id)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS lci_processes(
                    pk INTEGER PRIMARY KEY AUTOINCREMENT,
                    dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                    id TEXT NOT NULL, name TEXT NOT NULL, category TEXT NOT NULL, location TEXT,
                    reference_flow_id TEXT, reference_unit TEXT, default_allocation TEXT,
                    allocation_factors TEXT NOT NULL, parameters TEXT NOT NULL, description TEXT, documentation TEXT NOT NULL,
                    UNIQUE (dataset_id, id));
                CREATE TABLE IF NOT EXISTS lci_exchanges(
                    dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                    process_id TEXT NOT NULL, position INTEGER NOT NULL, flow_id TEXT NOT NULL,
                    amount REAL NOT NULL, unit TEXT NOT NULL, property_id TEXT NOT NULL,
                    is_input INTEGER NOT NULL, is_reference INTEGER NOT NULL, is_avoided INTEGER NOT NULL,
                    default_provider TEXT, uncertainty TEXT, formula TEXT, internal_id INTEGER, description TEXT,
                    PRIMARY KEY (dataset_id, process_id, position)) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS lci_exchanges_flow ON lci_exchanges(dataset_id, flow_id);
                CREATE TABLE IF NOT EXISTS lci_rejected(
                    dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                    id TEXT NOT NULL, name TEXT NOT NULL, source TEXT NOT NULL, reasons TEXT NOT NULL, products TEXT NOT NULL,
                    PRIMARY KEY (dataset_id, id)) WITHOUT ROWID;
                CREATE VIRTUAL TABLE IF NOT EXISTS lci_process_search USING fts5(
                    name, category, location, content='lci_processes', content_rowid='pk', tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER IF NOT EXISTS lci_processes_ai AFTER INSERT ON lci_processes BEGIN
                    INSERT INTO lci_process_search(rowid, name, category, location) VALUES (new.pk, new.name, new.category, coalesce(new.location, ''));
                END;
                CREATE TRIGGER IF NOT EXISTS lci_processes_ad AFTER DELETE ON lci_processes BEGIN
                    INSERT INTO lci_process_search(lci_process_search, rowid, name, category, location)
                    VALUES ('delete', old.pk, old.name, old.category, coalesce(old.location, ''));
                END;
                """)
    }

    static func tablesExist(_ d: Database) throws -> Bool {
        try Bool.fetchOne(d, sql: "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'lci_databases')") == true
    }

    // MARK: Writing

    private static func insert(_ lci: LCIDatabase, datasetID id: String, into d: Database) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try enc.encode(value), as: UTF8.self) }
        let exchangeCount = lci.processes.reduce(0) { $0 + $1.exchanges.count }
        try d.execute(
            sql: "INSERT INTO lci_databases(dataset_id, name, provenance, processes, flows, exchanges) VALUES (?,?,?,?,?,?)",
            arguments: [id, lci.name, try lci.provenance.map(json), lci.processes.count, lci.flows.count, exchangeCount])
        let ug = try d.cachedStatement(sql: "INSERT INTO lci_unit_groups(dataset_id, id, name, reference_unit, units) VALUES (?,?,?,?,?)")
        for g in lci.unitGroups.values.sorted(by: { $0.id < $1.id }) {
            try ug.execute(arguments: [id, g.id, g.name, g.referenceUnit, try json(g.units)])
        }
        let fp = try d.cachedStatement(sql: "INSERT INTO lci_flow_properties(dataset_id, id, name, unit_group_id) VALUES (?,?,?,?)")
        for p in lci.flowProperties.values.sorted(by: { $0.id < $1.id }) {
            try fp.execute(arguments: [id, p.id, p.name, p.unitGroupID])
        }
        let fl = try d.cachedStatement(
            sql: """
                INSERT INTO lci_flows(dataset_id, id, name, type, cas, category, reference_property_id, property_factors, location) VALUES (?,?,?,?,?,?,?,?,?)
                """)
        for f in lci.flows.values.sorted(by: { $0.id < $1.id }) {
            try fl.execute(arguments: [
                id, f.id, f.name, f.type.rawValue, f.cas, try json(f.category), f.referencePropertyID, try json(f.propertyFactors), f.location
            ])
        }
        let pr = try d.cachedStatement(
            sql: """
                INSERT INTO lci_processes(dataset_id, id, name, category, location, reference_flow_id, reference_unit, default_allocation,
                                          allocation_factors, parameters, description, documentation) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
                """)
        let ex = try d.cachedStatement(
            sql: """
                INSERT INTO lci_exchanges(dataset_id, process_id, position, flow_id, amount, unit, property_id, is_input, is_reference, is_avoided,
                                          default_provider, uncertainty, formula, internal_id, description) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """)
        let rj = try d.cachedStatement(
            sql: "INSERT OR REPLACE INTO lci_rejected(dataset_id, id, name, source, reasons, products) VALUES (?,?,?,?,?,?)")
        for r in lci.rejected {
            try rj.execute(arguments: [id, r.id, r.name, r.source, try json(r.reasons), try json(r.products)])
        }
        for p in lci.processes {
            let ref = p.referenceExchange
            let refUnit = ref.flatMap { r in lci.flows[r.flowID].flatMap { LCIUnitConversion.referenceUnit(of: $0, in: lci) } }
            try pr.execute(arguments: [
                id, p.id, p.name, p.category, p.location, ref?.flowID, refUnit, p.defaultAllocation?.rawValue,
                try json(p.allocationFactors), try json(p.parameters), p.description, try json(p.documentation)
            ])
            for (i, e) in p.exchanges.enumerated() {
                guard e.amount.isFinite else {
                    throw LCAError(
                        .invalidAmount, "exchange \(i + 1) (\(lci.flows[e.flowID]?.name ?? e.flowID)) has the amount \(e.amount)",
                        dataset: lci.name, entity: p.name, suggestion: "amounts must be finite numbers; nothing was saved")
                }
                try ex.execute(arguments: [
                    id, p.id, i, e.flowID, e.amount, e.unit, e.propertyID, e.isInput, e.isQuantitativeReference, e.isAvoidedProduct,
                    e.defaultProviderID, try e.uncertainty.map(json), e.formula, e.internalID, e.description
                ])
            }
        }
    }

    // MARK: Reading

    private static func decode<T: Decodable>(_ type: T.Type, _ text: String?, _ what: String) throws -> T? {
        guard let text else { return nil }
        do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
            throw DataError(.malformedFile, "the stored \(what) cannot be read: \(error)", suggestion: "import the LCI database again")
        }
    }

    static func read(id: String, from d: Database) throws -> LCIDatabase {
        guard try tablesExist(d), let head = try Row.fetchOne(d, sql: "SELECT * FROM lci_databases WHERE dataset_id = ?", arguments: [id]) else {
            throw DataError(.unknownDataset, "no LCI database '\(id)'", suggestion: "list the LCI databases with YuhengDatabase.lciDatabases()")
        }
        var unitGroups: [String: LCIUnitGroup] = [:]
        for r in try Row.fetchAll(d, sql: "SELECT * FROM lci_unit_groups WHERE dataset_id = ?", arguments: [id]) {
            let g = LCIUnitGroup(
                id: r["id"], name: r["name"], referenceUnit: r["reference_unit"],
                units: try decode([String: Double].self, r["units"], "units") ?? [:])
            unitGroups[g.id] = g
        }
        var properties: [String: LCIFlowProperty] = [:]
        for r in try Row.fetchAll(d, sql: "SELECT * FROM lci_flow_properties WHERE dataset_id = ?", arguments: [id]) {
            let p = LCIFlowProperty(id: r["id"], name: r["name"], unitGroupID: r["unit_group_id"])
            properties[p.id] = p
        }
        var flows: [String: LCIFlow] = [:]
        for r in try Row.fetchAll(d, sql: "SELECT * FROM lci_flows WHERE dataset_id = ?", arguments: [id]) {
            let typeText: String = r["type"]
            guard let type = LCIFlowType(rawValue: typeText) else {
                throw DataError(
                    .malformedFile, "flow \(r["id"] as String) has the stored type '\(typeText)'", suggestion: "import the LCI database again")
            }
            let f = LCIFlow(
                id: r["id"], name: r["name"], type: type, cas: r["cas"], category: try decode([String].self, r["category"], "category") ?? [],
                referencePropertyID: r["reference_property_id"],
                propertyFactors: try decode([String: Double].self, r["property_factors"], "property factors") ?? [:], location: r["location"])
            flows[f.id] = f
        }
        var exchanges: [String: [LCIExchange]] = [:]
        let rows = try Row.fetchCursor(d, sql: "SELECT * FROM lci_exchanges WHERE dataset_id = ? ORDER BY process_id, position", arguments: [id])
        while let r = try rows.next() {
            let e = LCIExchange(
                flowID: r["flow_id"], amount: r["amount"], unit: r["unit"], propertyID: r["property_id"], isInput: r["is_input"],
                isQuantitativeReference: r["is_reference"], isAvoidedProduct: r["is_avoided"], defaultProviderID: r["default_provider"],
                uncertainty: try decode(LCIUncertainty.self, r["uncertainty"], "uncertainty"), formula: r["formula"],
                internalID: r["internal_id"], description: r["description"])
            exchanges[r["process_id"], default: []].append(e)
        }
        var processes: [LCIProcess] = []
        for r in try Row.fetchAll(d, sql: "SELECT * FROM lci_processes WHERE dataset_id = ? ORDER BY id", arguments: [id]) {
            let pid: String = r["id"]
            let alloc: String? = r["default_allocation"]
            processes.append(
                LCIProcess(
                    id: pid, name: r["name"], category: r["category"], location: r["location"], exchanges: exchanges[pid] ?? [],
                    defaultAllocation: alloc.flatMap(AllocationMethod.init(rawValue:)),
                    allocationFactors: try decode([LCIAllocationFactor].self, r["allocation_factors"], "allocation factors") ?? [],
                    parameters: try decode([String: Double].self, r["parameters"], "parameters") ?? [:], description: r["description"],
                    documentation: try decode([String: String].self, r["documentation"], "documentation") ?? [:]))
        }
        var lci = LCIDatabase(
            name: head["name"], provenance: try decode(Provenance.self, head["provenance"], "provenance"),
            unitGroups: unitGroups, flowProperties: properties, flows: flows, processes: processes)
        lci.rejected = try readRejected(id: id, from: d)
        return lci
    }

    /// The datasets rejected on import (an older database has no such table: none).
    static func readRejected(id: String, from d: Database) throws -> [LCIRejectedProcess] {
        guard try Bool.fetchOne(d, sql: "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'lci_rejected')") == true else {
            return []
        }
        return try Row.fetchAll(d, sql: "SELECT * FROM lci_rejected WHERE dataset_id = ? ORDER BY id", arguments: [id]).map { r in
            LCIRejectedProcess(
                id: r["id"], name: r["name"], source: r["source"], reasons: try decode([String].self, r["reasons"], "reasons") ?? [],
                products: try decode([String].self, r["products"], "products") ?? [])
        }
    }
}

extension YuhengDatabase {
    /// Saves an LCI database as dataset `info.id` (one transaction; see ``LCIStore``).
    public func saveLCI(_ lci: LCIDatabase, info: DatasetInfo, origin: String = "user") throws {
        try LCIStore.save(lci, in: self, info: info, origin: origin)
    }

    /// The stored LCI databases (dataset id and number of processes), sorted by id.
    public func lciDatabases() throws -> [(id: String, processes: Int)] {
        try writer.read { d in
            guard try LCIStore.tablesExist(d) else { return [] }
            return try Row.fetchAll(d, sql: "SELECT dataset_id, processes FROM lci_databases ORDER BY dataset_id").map {
                ($0["dataset_id"], $0["processes"])
            }
        }
    }

    /// Loads a stored LCI database.
    public func loadLCI(id: String) throws -> LCIDatabase {
        try LCIStore.load(id: id, from: self)
    }

    /// Full-text search over the stored processes' names, categories and locations. Every word of
    /// `text` must match (as a word prefix, case- and accent-insensitive); best matches first.
    /// Repeated words count once; a text of more than ``FullTextQuery/maxCharacters`` characters or
    /// ``FullTextQuery/maxWords`` different words is refused (``DataError`` `.invalidValue`).
    public func searchProcesses(_ text: String, limit: Int = 20) throws
        -> [(datasetID: String, processID: String, name: String, location: String?, category: String, referenceUnit: String?)]
    {
        let q = try FullTextQuery(text)
        guard !q.isEmpty, limit > 0 else { return [] }
        let query = q.matchExpression
        return try writer.read { d in
            guard try LCIStore.tablesExist(d) else { return [] }
            return try Row.fetchAll(
                d,
                sql: """
                    SELECT p.dataset_id, p.id, p.name, p.location, p.category, p.reference_unit
                    FROM lci_process_search s JOIN lci_processes p ON p.pk = s.rowid
                    WHERE lci_process_search MATCH ? ORDER BY bm25(lci_process_search, 10.0, 2.0, 1.0), p.name, p.dataset_id LIMIT ?
                    """, arguments: [query, limit]
            ).map { r in
                (
                    datasetID: r["dataset_id"], processID: r["id"], name: r["name"], location: r["location"], category: r["category"],
                    referenceUnit: r["reference_unit"]
                )
            }
        }
    }
}
