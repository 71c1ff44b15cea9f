import Foundation
import YuhengCore
import YuhengData
import YuhengMRIO

/// Default provenance of imported tables by format: the provider, and a note on its terms of use
/// (the user's `--licence` wins; the note is what the provider publishes, to be checked by the user).
public enum MRIOProviders {
    /// Provider and licence note of a format.
    public static func defaults(_ format: MRIOFormat) -> (provider: String, licence: String) {
        switch format {
        case .exiobase3: return ("EXIOBASE", "CC BY-SA 4.0 (EXIOBASE 3 on Zenodo)")
        case .eora26: return ("Eora (KGM & Associates)", "Eora licence: free for academic, non-commercial use; check worldmrio.com")
        case .oecd: return ("OECD", "OECD terms and conditions (ICIO tables); check oecd.org")
        case .exiobase12: return ("EXIOBASE", "EXIOBASE 1 and 2: free for non-commercial use under the EXIOBASE licence; check exiobase.eu")
        case .wiod2013, .wiod2016: return ("WIOD", "free of charge with acknowledgement (cite Timmer et al. 2015); check wiod.org")
        case .figaro:
            return (
                "Eurostat (FIGARO)", "Eurostat copyright notice: reuse authorised with acknowledgement of the source; check ec.europa.eu/eurostat"
            )
        case .gloria:
            return (
                "GLORIA (Industrial Ecology Virtual Laboratory)",
                "GLORIA terms of use: free for research with citation (Lenzen et al. 2022); check ielab.info"
            )
        case .pymrio, .csv, .auto: return ("unknown", "unknown; check the provider's terms")
        }
    }

    /// The provenance of an import: what the user gave, else the format's defaults and the table's year.
    static func provenance(_ given: MRIOService.ImportProvenance, format: MRIOFormat, system: MRIOSystem) -> MRIOService.ImportProvenance {
        let d = defaults(format)
        return .init(
            provider: given.provider ?? d.provider, release: given.release ?? system.provenance?.version.nonEmpty,
            year: given.year ?? system.year, licence: given.licence ?? d.licence)
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}

extension MRIOService {
    /// Writes `system` as an MRIO store in `mrio/ID/` under the database's folder and registers it;
    /// an earlier table with the same id is replaced only when everything succeeded.
    func store(_ system: MRIOSystem, id: String, format: String, provenance p: ImportProvenance, source: String) throws -> StoredTable {
        let fm = FileManager.default
        let root = services.db.baseFolder.appendingPathComponent("mrio", isDirectory: true)
        let final = root.appendingPathComponent(id, isDirectory: true)
        let token = UUID().uuidString.prefix(8)
        let staging = root.appendingPathComponent(".\(id).staging-\(token)", isDirectory: true)
        let old = root.appendingPathComponent(".\(id).old-\(token)", isDirectory: true)
        defer { try? fm.removeItem(at: staging); try? fm.removeItem(at: old) }
        var notes = [
            "provider: \(p.provider ?? "unknown")", "release: \(p.release ?? "unknown")", "year: \(p.year.map(String.init) ?? "unknown")",
            "licence: \(p.licence ?? "unknown")", "imported as \(format) from \(source)"
        ]
        notes += system.warnings.map { "warning: \($0)" }
        notes += system.skippedExtensions.sorted { $0.key < $1.key }.map { "skipped extension \($0.key): \($0.value)" }
        let title = [p.provider, p.release, p.year.map(String.init)].compactMap { $0 }.joined(separator: " ")
        let info = DatasetInfo(
            id: id, title: title.isEmpty ? id : title, version: p.release ?? "", source: source,
            licence: p.licence ?? "unknown", date: p.year.map(String.init) ?? "", notes: notes.joined(separator: "\n"))
        let manifest = try MRIOStore.save(system, to: staging, notes: notes, dataset: info)
        let hadOld = fm.fileExists(atPath: final.path)
        do {
            if hadOld { try fm.moveItem(at: final, to: old) }
            try fm.moveItem(at: staging, to: final)
            try MRIOStore.register(in: services.db, id: id, folder: final, info: info)
        } catch {
            try? fm.removeItem(at: final)
            if hadOld { try? fm.moveItem(at: old, to: final) }
            throw error
        }
        let bytes = manifest.matrices.values.map(\.bytes).reduce(0, +) + manifest.extensions.map { $0.F.bytes + ($0.FY?.bytes ?? 0) }.reduce(0, +)
        return StoredTable(
            id: id, format: format, folder: final.path, regions: system.regions, sectors: system.sectors,
            finalDemandCategories: system.finalDemandCategories, monetaryUnit: system.monetaryUnit,
            extensions: system.extensions.map(\.name), skippedExtensions: system.skippedExtensions,
            provider: p.provider ?? "unknown", release: p.release ?? "", year: p.year, licence: p.licence ?? "unknown",
            warnings: system.warnings, storedBytes: bytes)
    }
}
