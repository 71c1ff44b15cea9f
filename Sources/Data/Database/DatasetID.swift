import Foundation
import GRDB
import YuhengCore

/// The ids users give their datasets (`yuheng data import --id`, `lca import --id`, MRIO tables).
///
/// An id has 1 to ``maxLength`` (128) characters from `A–Z a–z 0–9 . _ -` and starts with a letter
/// or a digit, e.g. `my-factors-2024`, `plant_B.v2`. Ids of the datasets shipped with Yuheng (`gwp`,
/// `ipcc2006-fuels`, `uslci-1.5`, `wiod2011-co2`, …, see ``YuhengDatabase/bundledDatasetIDs()``)
/// are reserved: an import under one would replace the shipped dataset, and the next start would
/// reinstall the shipped one over it.
///
/// ```swift
/// try DatasetID.validate("my-factors")      // fine
/// try DatasetID.validate("../etc")          // DataError .invalidValue naming the rule
/// ```
public enum DatasetID {
    /// The longest id, in characters (all of them ASCII).
    public static let maxLength = 128
    /// The rule, as error messages and help texts state it.
    public static let rule = "1 to \(maxLength) characters from A–Z, a–z, 0–9, '.', '_' and '-', starting with a letter or a digit"

    /// Checks `id` against the rule; the error names the first offending character and the rule.
    /// The length is checked first, so that a huge id costs nothing.
    public static func validate(_ id: String, what: String = "dataset id", field: String = "id") throws {
        let bytes = id.utf8
        guard !bytes.isEmpty else {
            throw DataError(.invalidValue, "the \(what) is empty", field: field, suggestion: "choose an id of \(rule), e.g. my-factors-2024")
        }
        guard bytes.count <= maxLength else {
            throw DataError(
                .invalidValue, "the \(what) '\(shown(id))' is \(id.unicodeScalars.count) characters long; the limit is \(maxLength)", field: field,
                suggestion: "choose a shorter id (\(rule)); the title can be as long as needed")
        }
        for (i, b) in bytes.enumerated() {
            let ok = isLetterOrDigit(b) || (i > 0 && isPunctuation(b))
            if !ok {
                let scalar = String(decoding: bytes.dropFirst(i).prefix(4), as: UTF8.self).unicodeScalars.first.map { String($0) } ?? "?"
                let what_ =
                    i == 0
                    ? "starts with '\(scalar)'"
                    : "has the character '\(scalar)' at position \(String(decoding: bytes.prefix(i), as: UTF8.self).unicodeScalars.count + 1)"
                throw DataError(.invalidValue, "the \(what) '\(shown(id))' \(what_)", field: field, suggestion: "use \(rule)")
            }
        }
    }

    static func isLetterOrDigit(_ b: UInt8) -> Bool {
        let digit: ClosedRange<UInt8> = 0x30...0x39, upper: ClosedRange<UInt8> = 0x41...0x5A, lower: ClosedRange<UInt8> = 0x61...0x7A
        return digit.contains(b) || upper.contains(b) || lower.contains(b)
    }

    /// '.', '_' and '-'.
    static func isPunctuation(_ b: UInt8) -> Bool { b == 0x2E || b == 0x5F || b == 0x2D }

    /// `id` as error messages show it: at most 60 characters.
    static func shown(_ id: String) -> String {
        id.unicodeScalars.count <= 60 ? id : String(String.UnicodeScalarView(id.unicodeScalars.prefix(57))) + "…"
    }
}

extension YuhengDatabase {
    /// The ids of every dataset shipped with Yuheng: the bundled factor and reference datasets
    /// (`gwp`, `ipcc2006-fuels`, `countries`, …), the US LCI, the bundled MRIO tables, the CBAM
    /// catalog and the natural-flux datasets. User imports under these ids are refused.
    public static func bundledDatasetIDs() -> Set<String> {
        var ids = Set(installOrder)
        if let b = try? BundledDatasets() { ids.formUnion(b.manifest.datasets.map(\.id)) }
        ids.insert(BundledLCI.id)
        ids.formUnion(BundledMRIO.ids)
        ids.insert(BundledCBAM.id)
        if let m = try? BundledNatural.manifest() { ids.formUnion(m.datasets.map(\.id)) }
        return ids
    }

    /// The checksum the registry records for shipped dataset `id` (nil when unknown): registering
    /// the shipped data itself under its own id (as `BundledMRIO.register` does) is allowed.
    static func bundledChecksum(_ id: String) -> String? {
        if let b = try? BundledDatasets(), let e = b.manifest.datasets.first(where: { $0.id == id }) { return try? b.info(e).checksum }
        if id == BundledLCI.id { return try? BundledLCI.datasetInfo().checksum }
        if BundledMRIO.ids.contains(id) { return try? BundledMRIO.datasetInfo(id: id).checksum }
        if id == BundledCBAM.id { return try? BundledCBAM.datasetInfo().checksum }
        if let m = try? BundledNatural.manifest(), let d = m.datasets.first(where: { $0.id == id }) {
            return BundledNatural.info(d, manifest: m).checksum
        }
        return nil
    }

    /// Refuses a user dataset whose id is not valid or is the id of a shipped dataset (or of a
    /// dataset installed as bundled), unless it is the shipped content itself. Runs inside the
    /// import's write transaction, before anything is deleted.
    static func checkUserDatasetID(_ db: Database, info: DatasetInfo) throws {
        try DatasetID.validate(info.id)
        var reserved = bundledDatasetIDs().contains(info.id)
        if !reserved {
            reserved =
                try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM datasets WHERE id = ? AND origin = 'bundled')", arguments: [info.id]) ?? false
        }
        guard reserved else { return }
        if !info.checksum.isEmpty, bundledChecksum(info.id) == info.checksum { return }
        throw DataError(
            .invalidValue,
            "'\(info.id)' is the id of a dataset shipped with Yuheng; an import under it would replace the shipped dataset, and the next start would reinstall the shipped one and lose your data",
            field: "id", suggestion: "choose another id for your data, e.g. '\(info.id)-user' or 'my-\(info.id)'")
    }
}
