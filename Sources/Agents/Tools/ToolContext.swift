import Foundation
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengInventory
import YuhengLCA
import YuhengMRIO
import YuhengPanorama

/// What tools share: the database, the folder reports may be written to, limits, and caches of
/// expensive results (the bundled MRIO's accounts and panorama, LCI databases and their
/// factorised technospheres), filled on first use as the server does. Thread-safe.
public final class ToolContext: @unchecked Sendable {
    public let db: YuhengDatabase
    /// The only folder tools write to (reports of `lca_study`).
    public let outputDirectory: URL
    /// Row and time limits of `sql_query`.
    public var sqlRowLimit: Int
    public var sqlTimeLimit: Double

    private let lock = NSLock()
    private var mrioCache: MRIOBundle?
    private var seriesCache: [MRIOSeriesWork.YearResult]?
    private var panoramaCache: PanoramicAccount?
    private var lciCache: [String: LCIDatabase] = [:]
    private var calculatorCache: [String: LCACalculator] = [:]

    public init(db: YuhengDatabase, outputDirectory: URL, sqlRowLimit: Int = 500, sqlTimeLimit: Double = 2) {
        self.db = db
        self.outputDirectory = outputDirectory.standardizedFileURL
        self.sqlRowLimit = sqlRowLimit
        self.sqlTimeLimit = sqlTimeLimit
    }

    /// The default output folder: `$YUHENG_AGENT_OUTPUT`, else `$XDG_DATA_HOME/yuheng/agent-output`
    /// (`~/.local/share/yuheng/agent-output`).
    public static func defaultOutputDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let p = environment["YUHENG_AGENT_OUTPUT"], !p.isEmpty { return URL(fileURLWithPath: p) }
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return URL(fileURLWithPath: base).appendingPathComponent("yuheng/agent-output")
    }

    // MARK: MRIO

    /// The bundled MRIO with its CO2 accounts and Leontief model (A kept for paths and EEBT).
    public struct MRIOBundle: Sendable {
        public var system: MRIOSystem
        public var accounts: MRIOAccounts
        public var model: LeontiefModel
        public var extensionName: String
        public var provenance: [Provenance]
    }

    public func mrio() throws -> MRIOBundle {
        lock.lock()
        if let m = mrioCache { lock.unlock(); return m }
        lock.unlock()
        let system = try BundledMRIO.load()
        guard let ext = (system.extensions.first { $0.name.lowercased() == "co2" } ?? system.extensions.first)?.name else {
            throw ToolError(.missingData, "the bundled MRIO has no emission extension")
        }
        let (acc, model) = try MRIOEngine.accounts(system, options: AccountOptions(extensions: [ext], keepA: true))
        var prov: [Provenance] = []
        if let p = system.provenance { prov.append(p) }
        let bundle = MRIOBundle(system: system, accounts: acc, model: model, extensionName: ext, provenance: prov)
        lock.lock(); mrioCache = bundle; lock.unlock()
        return bundle
    }

    /// The bundled MRIO series' CO2 accounts (WIOD 2009 and 2011), computed once.
    public func mrioSeries() throws -> [MRIOSeriesWork.YearResult] {
        if let s = lock.withLock({ seriesCache }) { return s }
        let years = try MRIOSeriesWork.bundledAccounts()
        lock.withLock { seriesCache = years }
        return years
    }

    /// The panoramic national account of the bundled MRIO with GCB for comparison (as `yuheng panorama`).
    public func panorama() throws -> PanoramicAccount {
        lock.lock()
        if let p = panoramaCache { lock.unlock(); return p }
        lock.unlock()
        let m = try mrio()
        let year = m.system.year ?? 2011
        let account = try db.panoramicAccount(accounts: m.accounts, extension: m.extensionName, stressor: "CO2", year: year, tableProvenance: m.provenance)
        lock.lock(); panoramaCache = account; lock.unlock()
        return account
    }

    // MARK: LCA

    /// An LCI database (the bundled US LCI is installed on first use).
    public func lci(_ id: String = BundledLCI.id) throws -> LCIDatabase {
        lock.lock()
        if let l = lciCache[id] { lock.unlock(); return l }
        lock.unlock()
        if id == BundledLCI.id { _ = try BundledLCI.install(in: db) }
        let known = try db.lciDatabases().map(\.id)
        guard known.contains(id) else {
            throw ToolError(.missingData, "no LCI database '\(id)'", suggestion: "known: \(known.joined(separator: ", "))")
        }
        let l = try db.loadLCI(id: id)
        lock.lock(); lciCache[id] = l; lock.unlock()
        return l
    }

    /// A factorised technosphere, reused across calls.
    public func calculator(_ id: String = BundledLCI.id, allocation: AllocationPolicy = .processDefault) throws -> LCACalculator {
        let key = "\(id)|\(allocation.rawValue)"
        lock.lock()
        if let c = calculatorCache[key] { lock.unlock(); return c }
        lock.unlock()
        let c = try LCACalculator(model: TechnosphereModel(try lci(id), allocation: allocation))
        lock.lock(); calculatorCache[key] = c; lock.unlock()
        return c
    }

    /// Provenance of an LCI database and the GWP dataset.
    public func lcaProvenance(_ id: String, method: ClimateMethod? = nil) throws -> [Provenance] {
        var out: [Provenance] = []
        if let d = try db.dataset(id) { out.append(d.provenance) }
        if let g = method?.provenance, !out.contains(where: { $0.datasetID == g.datasetID }) { out.append(g) }
        return out
    }

    // MARK: Errors

    /// Turns an engine or data-layer error into a ``ToolError`` the model can act on.
    public static func toolError(_ error: Error) -> ToolError {
        switch error {
        case let e as ToolError: return e
        case let e as DataError:
            let kind: ToolError.Kind = (e.code == .unknownDataset || e.code == .missingBundledData) ? .missingData : (e.code == .invalidValue || e.code == .malformedFile ? .invalidInput : .failed)
            return ToolError(kind, e.description)
        case let e as MRIOError:
            let kind: ToolError.Kind = [.labels, .unknownExtension, .unknownStressor, .invalidArgument].contains(e.code) ? .invalidInput : (e.code == .missingData ? .missingData : .failed)
            return ToolError(kind, e.message, suggestion: e.suggestion)
        case let e as LCAError:
            let kind: ToolError.Kind
            switch e.code {
            case .unknownUnit: kind = .unitMismatch
            case .unknownProcess, .missingEntity, .missingFile: kind = .missingData
            case .ambiguousProcess, .invalidStudy, .unknownMethod, .invalidArgument, .invalidAmount, .malformedFile: kind = .invalidInput
            default: kind = .failed
            }
            return ToolError(kind, e.message, suggestion: e.suggestion)
        case let e as InventoryError:
            let kind: ToolError.Kind = e.code == .unitMismatch ? .unitMismatch : (e.code == .missingFactor ? .missingData : .invalidInput)
            return ToolError(kind, e.description, suggestion: e.suggestion)
        case let e as UnitError:
            return ToolError(e.code == .incompatibleUnits ? .unitMismatch : .invalidInput, e.message)
        case let e as GWPError:
            return ToolError(.invalidInput, e.message)
        default:
            return ToolError(.failed, "\(error)")
        }
    }
}
