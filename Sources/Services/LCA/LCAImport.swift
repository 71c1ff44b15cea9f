import Foundation
import YuhengCore
import YuhengData
import YuhengLCA

extension LCAService {
    /// The `--format` names an import accepts: ``LCIFormat``'s, and `jsonld` for openLCA JSON-LD (`olca`).
    public static let importFormats = ["auto", "jsonld", "olca", "ecospold2", "brightway-csv", "csv"]

    /// The LCI format a `--format` name stands for (nil: not a format).
    public static func importFormat(_ name: String) -> LCIFormat? {
        name == "jsonld" ? .olca : LCIFormat(rawValue: name)
    }

    /// Imports an LCI database (openLCA JSON-LD zip or folder, EcoSpold2 `.spold` file or folder,
    /// Brightway CSV or Yuheng LCI CSV; `auto` detects by content) as dataset `id` (default: from the
    /// file name) through ``LCIImporter``: rejected datasets are listed in the report, the
    /// technosphere is built before anything is written, and a failure leaves the database as it was.
    public func importDatabase(
        path: String, id: String? = nil, format: String = "auto", licence: String = "unknown",
        source: String? = nil
    ) throws -> LCIImportOutcome {
        guard let fmt = Self.importFormat(format) else {
            throw LCAError(.invalidArgument, "unknown format '\(format)'", suggestion: "use \(Self.importFormats.joined(separator: ", "))")
        }
        let name = id ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try LCIImporter.importDatabase(path: path, format: fmt, id: name, licence: licence, source: source, into: services.db)
    }
}
