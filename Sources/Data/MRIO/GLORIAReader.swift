import Foundation
import YuhengCore
import YuhengMRIO
import YuhengNumerics

/// GLORIA (the global MRIO of the Industrial Ecology Virtual Laboratory, releases 057 and later) as
/// published: one folder holding `GLORIA_MRIOs_<v>_<year>.zip` (or its unpacked folder) with the headerless,
/// comma-separated `…_T-Results_<year>_0<v>_Markup001(full).csv` (transactions), `…_Y-Results_…` (final
/// demand) and `…_V-Results_…` (value added), `GLORIA_SatelliteAccounts_0<v>_<year>.zip` with `…_TQ-Results_…`
/// and `…_YQ-Results_…` (satellite accounts), and `GLORIA_ReadMe_0<v>.xlsx`, whose sheets `Regions`
/// (`Region_acronyms`), `Sectors` (`Sector_names`), `Value added and final demand` (`Value_added_names`,
/// `Final_demand_names`) and `Satellites` (`Sat_indicator`, `Sat_head_indicator`, `Sat_unit`) label them.
///
/// Read as pymrio's `parse_gloria` reads it (basic prices, `country_names="gloria"`, `construct="B"`): T is a
/// supply-use table — per region its industries, then its products, with the same sector names; the industry
/// rows × product columns are the supply table V, the product rows × industry columns the use table U.
/// Regions whose rows and columns of T are all zero (e.g. DYE in 2022) are dropped everywhere. The
/// product-by-product table follows the industry-technology assumption: with g = V·1 (industry output) and
/// q = U·1 + Y·1 (product output), A = U · diag(1/g) · V · diag(1/q); the satellites and value added move from
/// industries to products the same way (Q · diag(1/g) · V). Extensions: `Q` (stressors "indicator | head
/// indicator", units from the ReadMe, F_Y from YQ) and `VA` ("region | value-added category", thousand USD).
/// Monetary unit: thousand current USD (`k.USD`, pymrio's "'000 US$"). Purchasers' prices (`Markup005`) are not read.
struct GLORIAReader {
    let folder: URL
    let mrio: MRIOSource
    let satellites: MRIOSource?
    let readme: URL
    let version: String
    let year: Int

    /// Whether a file name belongs to a GLORIA release (`GLORIA_MRIOs_…`, `GLORIA_ReadMe_…`, `GLORIA_SatelliteAccounts_…`).
    static func isGLORIAName(_ name: String) -> Bool {
        name.hasPrefix("GLORIA_MRIOs_") || name.hasPrefix("GLORIA_ReadMe_") || name.hasPrefix("GLORIA_SatelliteAccounts_")
    }

    /// The reader of a GLORIA folder (or of one of its files: its folder is read).
    static func open(_ url: URL) throws -> GLORIAReader {
        if !MRIOReader.isDirectory(url) && !isGLORIAName(url.lastPathComponent) {
            throw MRIOError(
                .invalidArgument, "is not a GLORIA release (GLORIA_MRIOs_<v>_<year>.zip, GLORIA_ReadMe_0<v>.xlsx, …)",
                suggestion: "give the folder that holds GLORIA's MRIO, satellite and ReadMe files, or another --format", file: url.path)
        }
        let folder = MRIOReader.isDirectory(url) && !url.lastPathComponent.hasPrefix("GLORIA_MRIOs_") ? url : url.deletingLastPathComponent()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        // GLORIA_MRIOs_59_2019.zip or the folder GLORIA_MRIOs_59_2019
        let tables = names.compactMap { n -> (name: String, version: String, year: Int)? in
            let stem = n.hasSuffix(".zip") ? String(n.dropLast(4)) : n
            let parts = stem.split(separator: "_")
            guard stem.hasPrefix("GLORIA_MRIOs_"), parts.count == 4, let y = Int(parts[3]), parts[2].allSatisfy(\.isNumber) else { return nil }
            return (n, String(parts[2]), y)
        }
        guard tables.count == 1, let t = tables.first else {
            throw MRIOError(
                .missingData,
                tables.isEmpty
                    ? "holds no GLORIA_MRIOs_<version>_<year>.zip"
                    : "holds \(tables.count) GLORIA tables (\(tables.map(\.name).joined(separator: ", ")))",
                suggestion:
                    "give a folder with one year's GLORIA_MRIOs_<v>_<year>.zip, GLORIA_SatelliteAccounts_0<v>_<year>.zip and GLORIA_ReadMe_0<v>.xlsx",
                file: folder.path)
        }
        let mrioURL = folder.appendingPathComponent(t.name)
        let isResults = { (n: String) in n.contains("_T-Results_") && n.hasSuffix(".csv") }
        let mrio: MRIOSource =
            MRIOReader.isDirectory(mrioURL)
            ? FolderSource(url: mrioURL) : try ZipSource(url: mrioURL, isMarker: isResults, expected: "expected GLORIA's …_T-Results_….csv")
        let satName = names.first { n in
            let stem = n.hasSuffix(".zip") ? String(n.dropLast(4)) : n
            return stem == "GLORIA_SatelliteAccounts_0\(t.version)_\(t.year)" || stem == "GLORIA_SatelliteAccounts_\(t.version)_\(t.year)"
        }
        let satellites: MRIOSource? = try satName.map { n in
            let u = folder.appendingPathComponent(n)
            return MRIOReader.isDirectory(u)
                ? FolderSource(url: u)
                : try ZipSource(
                    url: u, isMarker: { $0.contains("_TQ-Results_") && $0.hasSuffix(".csv") }, expected: "expected GLORIA's …_TQ-Results_….csv")
        }
        guard let readme = names.first(where: { $0.hasPrefix("GLORIA_ReadMe_") && $0.lowercased().hasSuffix(".xlsx") }) else {
            throw MRIOError(
                .missingData, "holds no GLORIA_ReadMe_0\(t.version).xlsx (the labels of the tables)",
                suggestion: "download the ReadMe of the release into the same folder", file: folder.path)
        }
        return GLORIAReader(
            folder: folder, mrio: mrio, satellites: satellites, readme: folder.appendingPathComponent(readme), version: t.version, year: t.year)
    }

    /// The file of `source` whose name ends in `kind-Results_<year>_0<v>_Markup001(full).csv`.
    func results(_ source: MRIOSource, _ kind: String) throws -> String {
        let suffix = "_\(kind)-Results_\(year)_0\(version)_Markup001(full).csv"
        let names = (source as? ZipSource)?.files() ?? ((try? FileManager.default.contentsOfDirectory(atPath: source.root)) ?? []).sorted()
        guard let name = names.first(where: { $0.hasSuffix(suffix) }) else {
            throw MRIOError(
                .missingData, "holds no …\(suffix)", suggestion: "GLORIA's basic-price results (Markup001) of \(year) are needed",
                file: source.root)
        }
        return name
    }

    /// A headerless matrix of `rows` × `columns`.
    func matrix(_ source: MRIOSource, _ kind: String, rows: Int, columns: Int) throws -> DenseMatrix {
        try source.headerlessMatrix(
            try results(source, kind), separator: UInt8(ascii: ","), rows: rows, columns: columns, labels: "the ReadMe's labels make",
            suggestion: "the ReadMe must belong to the same GLORIA release as the tables")
    }

    /// The non-empty cells below the header `column` of a ReadMe sheet.
    func column(_ sheet: [[XlsxCell]], _ name: String, sheetName: String) throws -> [String] {
        guard let header = sheet.first, let c = header.firstIndex(where: { $0.string == name }) else {
            throw MRIOError(
                .malformedFile, "the sheet '\(sheetName)' has no column '\(name)'", suggestion: "give the ReadMe of the GLORIA release",
                file: readme.path)
        }
        return sheet.dropFirst().map { c < $0.count ? $0[c].string.trimmingCharacters(in: .whitespaces) : "" }.filter { !$0.isEmpty }
    }
}

extension GLORIAReader {
    /// The labels of the ReadMe.
    struct Labels {
        var regions: [String], sectors: [String], finalDemand: [String], valueAdded: [String]
        var satellites: [(indicator: String, head: String, unit: String)]
    }

    func labels() throws -> Labels {
        let book = try XlsxSheetReader(path: readme.path)
        let regions = try column(try book.sheet(named: "Regions").rows, "Region_acronyms", sheetName: "Regions")
        let sectors = try column(try book.sheet(named: "Sectors").rows, "Sector_names", sheetName: "Sectors")
        let vf = try book.sheet(named: "Value added and final demand").rows
        let fd = try column(vf, "Final_demand_names", sheetName: "Value added and final demand")
        let va = try column(vf, "Value_added_names", sheetName: "Value added and final demand")
        let sat = try book.sheet(named: "Satellites").rows
        let ind = try column(sat, "Sat_indicator", sheetName: "Satellites"), head = try column(sat, "Sat_head_indicator", sheetName: "Satellites")
        let unit = try column(sat, "Sat_unit", sheetName: "Satellites")
        guard ind.count == head.count, ind.count == unit.count else {
            throw MRIOError(.malformedFile, "the sheet 'Satellites' has rows without an indicator, head indicator or unit", file: readme.path)
        }
        for (what, list) in [("regions", regions), ("sectors", sectors), ("final-demand categories", fd), ("value-added categories", va)]
        where list.isEmpty || Set(list).count != list.count {
            throw MRIOError(.labels, "the ReadMe's \(what) are \(list.isEmpty ? "missing" : "not unique")", file: readme.path)
        }
        return Labels(
            regions: regions, sectors: sectors, finalDemand: fd, valueAdded: va,
            satellites: (0..<ind.count).map { (ind[$0], head[$0], unit[$0]) })
    }

    func read(extensions wanted: [String]?) throws -> MRIOSystem {
        let l = try labels()
        let R = l.regions.count, S = l.sectors.count, F = l.finalDemand.count
        let n = 2 * R * S
        let t = try matrix(mrio, "T", rows: n, columns: n)
        let y = try matrix(mrio, "Y", rows: n, columns: R * F)
        // Regions whose rows and columns of T are all zero are dropped (pymrio: "Remove empty countries").
        let live = (0..<R).filter { r in
            let block = (r * 2 * S)..<((r + 1) * 2 * S)
            for i in block { for j in 0..<n where t[i, j] != 0 || t[j, i] != 0 { return true } }
            return false
        }
        let industries = live.flatMap { r in (0..<S).map { r * 2 * S + $0 } }
        let products = live.flatMap { r in (0..<S).map { r * 2 * S + S + $0 } }
        let yColumns = live.flatMap { r in (0..<F).map { r * F + $0 } }
        let v = LabelAlignment.permute(t, rows: industries, columns: products) // industry × product (supply)
        let u = LabelAlignment.permute(t, rows: products, columns: industries) // product × industry (use)
        let yp = LabelAlignment.permute(y, rows: products, columns: yColumns)
        // Industry technology (pymrio's construct B): T_B = diag(1/g) V, A = U T_B diag(1/q).
        let g = v.rowSums
        let q = zip(u.rowSums, yp.rowSums).map { $0 + $1 }
        let tb = v.scalingRows(by: g.map { $0 != 0 ? 1 / $0 : 0 })
        let a = try u.multiply(tb).scalingColumns(by: q.map { $0 != 0 ? 1 / $0 : 0 })
        let selected = try LabelCheck.selectExtensions(["Q", "VA"], wanted, root: folder.path)
        var exts: [MRIOExtension] = []
        var skipped: [String: String] = [:]
        let moved = Moved(industries: industries, yColumns: yColumns, live: live, tb: tb, n: n, yWidth: R * F)
        for name in selected {
            // Each extension on its own: one that cannot be read fails the whole read only when it was asked for.
            do { exts.append(name == "Q" ? try satelliteAccounts(l, moved) : try valueAdded(l, moved)) } catch let e as MRIOError {
                if wanted != nil { throw e }
                skipped[name] = "\(e.file.map { $0 + ": " } ?? "")\(e.message)"
            }
        }
        let name = "GLORIA_\(version)_\(year)"
        var system = try LabelCheck.wrapSystem(folder.path) {
            try MRIOSystem(
                name: name, regions: live.map { l.regions[$0] }, sectors: l.sectors, finalDemandCategories: l.finalDemand, A: a, Y: yp,
                extensions: exts, monetaryUnit: "k.USD",
                provenance: Provenance(datasetID: name, version: "GLORIA 0\(version)", source: "GLORIA: \(folder.path)", licence: ""), year: year)
        }
        system.skippedExtensions = skipped
        for (k, v) in skipped.sorted(by: { $0.key < $1.key }) { system.warnings.append("extension \(k) not read: \(v)") }
        let dropped = (0..<R).filter { !live.contains($0) }.map { l.regions[$0] }
        if !dropped.isEmpty {
            system.warnings.append(
                "\(folder.path): region(s) \(dropped.joined(separator: ", ")) have no transactions and were dropped, as pymrio does")
        }
        system.warnings.append(
            "GLORIA's supply-use table converted to product by product with the industry-technology assumption (pymrio's construct B)")
        return system
    }
}

extension GLORIAReader {
    /// What moves the accounts of industries to products: the kept industry columns, final-demand columns
    /// and regions, and T_B = diag(1/g)·V.
    struct Moved {
        var industries: [Int], yColumns: [Int], live: [Int]
        var tb: DenseMatrix
        var n: Int, yWidth: Int
    }

    /// The extension `Q`: the satellite accounts (TQ moved to products, YQ as F_Y).
    func satelliteAccounts(_ l: Labels, _ m: Moved) throws -> MRIOExtension {
        guard let satellites else {
            throw MRIOError(
                .missingData, "holds no GLORIA_SatelliteAccounts_0\(version)_\(year).zip", suggestion: "download the satellite accounts of the year",
                file: folder.path)
        }
        let k = l.satellites.count
        let tq = try matrix(satellites, "TQ", rows: k, columns: m.n)
        let yq = try matrix(satellites, "YQ", rows: k, columns: m.yWidth)
        let f = try LabelAlignment.permute(tq, rows: nil, columns: m.industries).multiply(m.tb)
        return MRIOExtension(
            name: "Q", stressors: l.satellites.map { "\($0.indicator) | \($0.head)" }, units: l.satellites.map(\.unit), F: f,
            FY: LabelAlignment.permute(yq, rows: nil, columns: m.yColumns))
    }

    /// The extension `VA`: value added by region and category, moved to products.
    func valueAdded(_ l: Labels, _ m: Moved) throws -> MRIOExtension {
        let c = l.valueAdded.count
        let va = try matrix(mrio, "V", rows: l.regions.count * c, columns: m.n)
        let rows = m.live.flatMap { r in (0..<c).map { r * c + $0 } }
        let f = try LabelAlignment.permute(va, rows: rows, columns: m.industries).multiply(m.tb)
        let names = m.live.flatMap { r in l.valueAdded.map { "\(l.regions[r]) | \($0)" } }
        return MRIOExtension(name: "VA", stressors: names, units: names.map { _ in "k.USD" }, F: f)
    }
}
