import ArgumentParser
import Foundation
import YuhengCore
import YuhengData
import YuhengLCA

extension DataCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import your own factors or GWP values from a CSV file, or a newer release of a nowcast input (--kind); one transaction, a bad row changes nothing.",
            discussion: """
                Factors: columns table,category,item,qualifier,gas,value,low,high,unit,description (table, item, value, unit required; \
                --id, --source and --licence required). See docs/data-format.md. Nowcast inputs (--kind gdp|national-co2|edgar|jrc-co2): \
                the file in its published layout (World Bank GDP CSV, GCB or OWID national CO2, EDGAR CH4/N2O by sector, JRC CO2 \
                accounts) becomes a new version of the dataset the nowcast reads (--id to choose another), with provenance \
                (file, checksum, --source, --licence, --version); the nowcast years use it at once, without rebuilding Yuheng. \
                `yuheng data show ID` lists the versions and what changed between them. GWP values (--kind gwp): columns \
                species,set,metric,value (the bundled table's layout; metric GWP100, GWP20, GWP500 or GTP100) add sets the bundled \
                table lacks (e.g. AR5 GWP20) or species it lacks (e.g. C2H6 to AR6 GWP100), never override a value; \
                --method ipcc-<set>-<metric> uses them (docs/lca-climate-methods.md).
                """)
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "CSV file.") var file: String
        @Option(
            help: ArgumentHelp(
                "gwp (GWP values of your own), or a nowcast input in its published layout: gdp, national-co2, edgar or jrc-co2.", valueName: "kind"))
        var kind: String?
        @Option(
            help: ArgumentHelp(
                "Dataset id: \(DatasetID.rule); not the id of a dataset shipped with Yuheng (gwp, ipcc2006-fuels, …). With --kind: the nowcast dataset (default: the one of its kind).",
                valueName: "id"))
        var id: String?
        @Option(help: "Title.") var title: String?
        @Option(help: "Version (default 1; with --kind: the file name, its years and checksum).") var version: String?
        @Option(help: "Source (publication, URL or organisation).") var source: String?
        @Option(help: "Licence (SPDX id where possible).") var licence: String?
        @Option(help: "Date of the source (YYYY-MM-DD).") var date: String?

        func run() throws {
            try YuhengCommands.run {
                if kind?.lowercased() == "gwp" { return try importGWP() }
                if let k = kind { return try importNowcastInput(try NowcastInputKind.parse(k)) }
                let (info, text) = try userDataset(
                    "importing factors", suggestion: "or --kind gdp|national-co2|edgar|jrc-co2 for a nowcast input")
                let n = try database.open().importFactorCSV(text: text, fileName: file, info: info)
                print("imported \(n) factors as dataset '\(info.id)' (version \(info.version))")
            }
        }

        /// The dataset of a user import (--id, --source and --licence required; the id checked before the file is
        /// read) and the file's text.
        func userDataset(_ what: String, suggestion: String) throws -> (DatasetInfo, String) {
            guard let id, let source, let licence else {
                throw invalidOption("\(what) needs --id, --source and --licence", suggestion: suggestion)
            }
            try DatasetID.validate(id)
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw DataError(.malformedFile, "cannot read \(file) as UTF-8 text", file: file, suggestion: "check the path and the encoding")
            }
            let info = DatasetInfo(id: id, title: title ?? id, version: version ?? "1", source: source, licence: licence, date: date ?? "")
            return (info, text)
        }

        /// Imports GWP values of the user's own (`--kind gwp`): new sets or species, never an override.
        func importGWP() throws {
            let (info, text) = try userDataset(
                "importing GWP values",
                suggestion: "e.g. --id ar5-gwp20 --source \"IPCC AR5 WGI Table 8.A.1\" --licence \"IPCC (cite Myhre et al. 2013)\"")
            let db = try database.open()
            let n = try db.importGWPCSV(text: text, fileName: file, info: info)
            let library = try db.gwpLibrary()
            let sets = library.sets.filter { $0.provenance?.datasetID.split(separator: " ").contains(Substring(info.id)) == true }
            print(
                "imported \(n) GWP values as dataset '\(info.id)' (version \(info.version)); sets using them: \(sets.map(\.id).joined(separator: ", "))"
            )
            let stored = Set(sets.flatMap { $0.values.keys })
            let bundled = Set(library.sets.filter { $0.provenance?.datasetID == "gwp" }.flatMap { $0.values.keys })
            let unmatched = stored.subtracting(GHGMapping.knownSpecies).subtracting(bundled).subtracting(["CH4_fossil", "CH4_nonfossil"])
            if !unmatched.isEmpty {
                print(
                    "note: no LCI flow is matched to \(unmatched.sorted().joined(separator: ", ")) (not a species Yuheng knows by name or CAS); lca calculate will not use them"
                )
            }
            let methods = sets.map { "ipcc-\($0.assessment.lowercased())-\($0.metric.rawValue.lowercased())" }
            if !methods.isEmpty { print("use with: yuheng lca calculate --method \(methods[0])  or  yuheng gwp --set \(sets[0].id)") }
        }

        /// Imports a release of a nowcast input as a new current version and prints what changed.
        func importNowcastInput(_ kind: NowcastInputKind) throws {
            let db = try database.open()
            let r = try db.importNowcastInput(kind: kind, path: file, dataset: id, version: version, source: source, licence: licence, date: date)
            let years = "\(r.firstYear.map(String.init) ?? "?")–\(r.lastYear.map(String.init) ?? "?")"
            if r.alreadyStored {
                print("\(file): the same content is already stored as version '\(r.version)' of \(r.datasetID); nothing changed")
                return
            }
            print(
                "imported \(r.rows) rows (\(r.layout), \(r.unit), \(years)) as version '\(r.version)' of \(r.datasetID); it is now the current version"
            )
            if let c = r.changes {
                print(
                    "changes from '\(c.from)': \(c.rowsAdded) rows added, \(c.rowsRemoved) removed, \(c.valuesRevised) values revised"
                        + (c.yearsAdded.isEmpty ? "" : "; years added: \(c.yearsAdded.map(String.init).joined(separator: ", "))"))
            }
            if !r.skipped.isEmpty { print("left out: \(r.skipped.prefix(5).joined(separator: "; "))") }
        }
    }
}
