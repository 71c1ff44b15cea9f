import Foundation
import YuhengData

/// The datasets the bundle in the source tree declares, read from its files (not from the code that
/// installs them): the datasets of `manifest.json`, `natural/manifest.json` and
/// `nowcast/manifest.json`, the CBAM catalog's and the US LCI's own dataset entries, one MRIO table
/// per folder of `mrio/` (its `system.json`), and the aliases the MRIO bundle keeps for the old
/// CO2-only ids.
///
/// ```swift
/// let ids = try ShippedDatasets.ids()          // what `data list` shows on a fresh database
/// ```
public enum ShippedDatasets {
    /// Every shipped dataset id.
    public static func ids() throws -> Set<String> {
        var ids = Set<String>()
        for m in ["manifest.json", "natural/manifest.json", "nowcast/manifest.json"] {
            ids.formUnion(((try json(m))["datasets"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        }
        for m in ["cbam/manifest.json", "lci/uslci-1.5/dataset.json"] {
            if let id = ((try json(m))["dataset"] as? [String: Any])?["id"] as? String { ids.insert(id) }
        }
        let mrio = TestPaths.bundled.appendingPathComponent("mrio")
        for t in try FileManager.default.contentsOfDirectory(atPath: mrio.path).sorted()
        where FileManager.default.fileExists(atPath: mrio.appendingPathComponent("\(t)/system.json").path) {
            ids.insert(((try json("mrio/\(t)/system.json"))["dataset"] as? [String: Any])?["id"] as? String ?? t)
        }
        ids.formUnion(BundledMRIO.aliases.keys)
        return ids
    }

    static func json(_ relative: String) throws -> [String: Any] {
        let data = try Data(contentsOf: TestPaths.bundled.appendingPathComponent(relative))
        return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }
}
