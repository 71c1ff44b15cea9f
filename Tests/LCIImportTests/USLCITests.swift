import Foundation
import Testing
import YuhengTestSupport
import YuhengCore
import YuhengData
import YuhengLCA

/// US LCI 1.5 from ../shared: exact reference counts (USLCI_RULES.md, uslci_reference_visible.json
/// metadata.counts) and a spot check of units.
@Suite(
    "US LCI import from the openLCA JSON-LD zip",
    .enabled(if: LCI.sharedAvailable, "../shared/data/lci/uslci_olca1_5_0_json_ld.zip is absent (set YUHENG_SHARED): skipped"))
struct USLCIZipTests {
    @Test func referenceCounts() throws {
        let (db, report, seconds) = try #require(LCI.uslci, "the US LCI zip did not import")
        print("US LCI zip import (OpenLCAReader.read): \(String(format: "%.2f", seconds)) s\n\(report)")
        #expect(db.processes.count == 766)
        #expect(report.processes == 766)
        #expect(db.flows.count == 4601)
        #expect(report.flows(.elementary) == 2918)
        #expect(report.flows(.product) == 1659)
        #expect(report.flows(.waste) == 24)
        #expect(report.exchanges == 32526)
        #expect(db.processes.reduce(0) { $0 + $1.exchanges.count } == 32526)
        #expect(report.elementaryExchanges == 24950)
        #expect(report.convertedExchanges == 3223)
        #expect(report.nonReferencePropertyExchanges == 0)
        #expect(report.multiOutputProcesses == 132)
        #expect(report.wasteOutputs == 74)
        #expect(report.wasteInputs == 0)
        #expect(report.productInputs == 3590 + 2890)
        #expect(report.avoidedProducts == 0)
        #expect(report.defaultProviders == 0)
        #expect(report.formulas.count == 259)
        #expect(report.processesWithParameters == 24)
        #expect(report.processesWithAllocationFactors == 40)
        #expect(report.isClean)
        #expect(report.unknownUnits.isEmpty)
        #expect(report.missingFlows.isEmpty)
        #expect(report.processesWithoutReference.isEmpty)
        // Every process has exactly one quantitative reference, an output product.
        for p in db.processes {
            let refs = p.exchanges.filter(\.isQuantitativeReference)
            #expect(refs.count == 1, "\(p.name)")
            if let r = refs.first { #expect(!r.isInput && db.flows[r.flowID]?.type == .product, "\(p.name)") }
        }
        // The two t*mi units of the mass*length group keep their own factors.
        #expect(report.warnings.contains { $0.contains("t*mi") })
    }

    @Test func electricityFromBituminousCoal() throws {
        let (db, _, _) = try #require(LCI.uslci)
        let p = try #require(db.processes.first { $0.name == "Electricity, bituminous coal, at power plant" })
        #expect(p.id == "66280f03-b26f-35c4-bda2-3d4a8652943a")
        #expect(p.location == "RNA")
        #expect(p.category == "Utilities/Fossil Fuel Electric Power Generation" || p.category.hasSuffix("Fossil Fuel Electric Power Generation"))
        let ref = try #require(p.referenceExchange)
        #expect(ref.flowID == "737e3efb-29d4-3b9d-8d78-6269508c1f59")
        #expect(ref.amount == 1 && ref.unit == "kWh" && !ref.isInput)
        let flow = try #require(db.flows[ref.flowID])
        #expect(flow.type == .product)
        let property = try #require(db.flowProperties[ref.propertyID])
        #expect(property.name == "Energy")
        let group = try #require(db.unitGroups[property.unitGroupID])
        #expect(group.referenceUnit == "MJ")
        #expect(group.units["kWh"] == 3.6)
        #expect(LCIUnitConversion.factor(ref, flow: flow, in: db) == 3.6) // 1 kWh = 3.6 MJ: results are per MJ
        #expect(LCIUnitConversion.referenceUnit(of: flow, in: db) == "MJ")
        // An elementary exchange of the same process: hydrogen chloride to air, in kg.
        let hcl = try #require(p.exchanges.first { db.flows[$0.flowID]?.name == "Hydrogen chloride" })
        #expect(hcl.amount == 0.00026511 && hcl.unit == "kg" && !hcl.isInput)
        let hclFlow = try #require(db.flows[hcl.flowID])
        #expect(hclFlow.type == .elementary)
        #expect(hclFlow.category == ["Elementary Flows", "NETL Coal Elementary Flows", "air", "unspecified"]) // full path via categories/
        // Documentation kept: technology, geography, sources by name.
        #expect(p.documentation["technology"] == "Electricity production by coal-fired steam generation.")
        #expect(p.documentation["sources"]?.contains("Energy Information Administration") == true)
    }

    @Test func categoriesUncertaintyFormulasAndAllocation() throws {
        let (db, report, _) = try #require(LCI.uslci)
        // Category paths resolved through categories/: both "air/…" and "Elementary Flows/…" styles occur.
        let paths = Set(db.flows.values.filter { $0.type == .elementary }.map { $0.category.joined(separator: "/") })
        #expect(paths.contains("air/unspecified"))
        #expect(paths.contains("Elementary Flows/NETL Coal Elementary Flows/NETL Elementary Flows/Emission to air"))
        #expect(db.flows.values.allSatisfy { !$0.category.isEmpty })
        // Uncertainty: 5,130 lognormal, 385 triangular, 24 uniform.
        var kinds: [LCIUncertainty.Kind: Int] = [:]
        for p in db.processes { for e in p.exchanges { if let u = e.uncertainty { kinds[u.kind, default: 0] += 1 } } }
        #expect(kinds == [.lognormal: 5130, .triangular: 385, .uniform: 24])
        let logn = try #require(db.processes.lazy.flatMap(\.exchanges).first { $0.uncertainty?.kind == .lognormal }?.uncertainty)
        #expect(logn.parameters["geomMean"] != nil && logn.parameters["geomSd"] != nil)
        // Formulas are kept as text next to the stored amount.
        let f = try #require(report.formulas.first)
        #expect(!f.formula.isEmpty)
        #expect(db.processes.flatMap(\.exchanges).filter { $0.formula != nil }.count == 259)
        // Allocation factors are kept (causal ones point at their exchange's flow); no default method.
        #expect(db.processes.allSatisfy { $0.defaultAllocation == nil })
        let factors = db.processes.flatMap(\.allocationFactors)
        #expect(factors.count == 12126)
        #expect(factors.filter { $0.method == .causal }.count == 12020)
        #expect(factors.filter { $0.method == .physical }.count == 106)
        // Parameters (values only).
        #expect(db.processes.filter { !$0.parameters.isEmpty }.count == 24)
    }

    @Test func unzippedFolderGivesTheSameDatabase() throws {
        let (db, _, _) = try #require(LCI.uslci)
        let unzip = try #require(TestPaths.executable("unzip"), "unzip is not installed")
        let tmp = try TempDir()
        defer { tmp.remove() }
        let (status, out) = try LCI.run(unzip, ["-q", LCI.uslciZip.path, "-d", tmp.sub("uslci").path])
        #expect(status == 0, "\(out)")
        let (folderDB, report) = try OpenLCAReader.read(path: tmp.sub("uslci").path, name: "US LCI 1.5")
        #expect(report.exchanges == 32526)
        expectSameDatabase(db, folderDB)
    }
}

/// The bundled compact copy of US LCI.
@Suite("Bundled US LCI")
struct BundledLCITests {
    @Test func loadsWithChecksumsAndAttribution() throws {
        var db: LCIDatabase? = nil
        let seconds = try LCI.seconds { db = try BundledLCI.load() }
        let lci = try #require(db)
        print("bundled US LCI load (BundledLCI.load, SHA-256 verified): \(String(format: "%.2f", seconds)) s")
        let unchecked = try LCI.seconds { _ = try BundledLCI.load(verifyChecksums: false) }
        print("bundled US LCI load without SHA-256 check: \(String(format: "%.2f", unchecked)) s")
        #expect(lci.processes.count == 766)
        #expect(lci.flows.count == 4601)
        #expect(lci.processes.reduce(0) { $0 + $1.exchanges.count } == 32526)
        #expect(lci.provenance?.datasetID == "uslci-1.5")
        #expect(lci.provenance?.licence.contains("MIT") == true)
        let m = try BundledLCI.manifest()
        #expect(m.dataset.date == "2024-10-17")
        #expect(m.dataset.source.contains("91824482b335d7db1b232d18dcc259301c4e42c9"))
        #expect(m.dataset.citation?.isEmpty == false)
        let total = m.files.values.reduce(0) { $0 + $1.bytes }
        print("bundled US LCI size: \(total) bytes in \(m.files.count) files")
        #expect(total < 10_000_000)
        let dir = try BundledLCI.directory()
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("LICENSE.txt").path))
        let report = LCIImportReport(counting: lci, source: dir.path, format: "yuheng-lci")
        #expect(report.convertedExchanges == 3223 && report.multiOutputProcesses == 132 && report.wasteOutputs == 74 && report.formulas.count == 259)
        #expect(report.flows(.elementary) == 2918 && report.flows(.product) == 1659 && report.flows(.waste) == 24)
        #expect(report.isClean)
    }

    @Test(.tags(.slow), .enabled(if: LCI.sharedAvailable, "../shared is absent: the zip import to compare with is not available"))
    func equalsTheZipImport() throws {
        let (zipDB, _, zipSeconds) = try #require(LCI.uslci)
        var bundled: LCIDatabase? = nil
        let bundleSeconds = try LCI.seconds { bundled = try BundledLCI.load() }
        print(String(format: "timings (debug build): zip import %.2f s, bundled load %.2f s", zipSeconds, bundleSeconds))
        let b = try #require(bundled)
        // Same processes, exchanges (amounts, units, flags, uncertainty, formulas, internal ids), flows,
        // flow properties and unit groups; the bundle leaves out comments and cuts long texts.
        expectSameDatabase(zipDB, b, ignoringDocumentation: true, compareNames: false)
        // Short texts and source names survive unchanged.
        let coal = try #require(b.processes.first { $0.id == "66280f03-b26f-35c4-bda2-3d4a8652943a" })
        let zcoal = try #require(zipDB.processes.first { $0.id == coal.id })
        #expect(coal.documentation["sources"] == zcoal.documentation["sources"])
        #expect(coal.documentation["technology"] == zcoal.documentation["technology"])
        for (p, q) in zip(zipDB.processes, b.processes) {
            if let d = q.description {
                #expect(d.count <= 200); #expect(p.description?.hasPrefix(String(d.dropLast())) == true || p.description == d)
            }
        }
    }

    @Test(.tags(.slow), .enabled(if: LCI.sharedAvailable && LCI.python3 != nil, "../shared or python3 is absent: reproducibility not checked"))
    func bundleScriptIsReproducible() throws {
        let py = try #require(LCI.python3)
        let tmp = try TempDir()
        defer { tmp.remove() }
        let (status, out) = try LCI.run(
            py, [TestPaths.packageRoot.appendingPathComponent("scripts/build_lci_bundle.py").path],
            environment: ["YUHENG_LCI_OUT": tmp.url.path, "YUHENG_SHARED": LCI.shared.path])
        #expect(status == 0, "\(out)")
        let fm = FileManager.default
        let committed = try fm.subpathsOfDirectory(atPath: LCI.bundledLCI.path).filter { !isDirectory(LCI.bundledLCI.appendingPathComponent($0)) }
            .sorted()
        let rebuilt = try fm.subpathsOfDirectory(atPath: tmp.url.path).filter { !isDirectory(tmp.url.appendingPathComponent($0)) }.sorted()
        #expect(committed == rebuilt)
        #expect(committed.contains("uslci-1.5/processes.jsonl"))
        for rel in committed {
            let a = try Data(contentsOf: LCI.bundledLCI.appendingPathComponent(rel))
            let b = try Data(contentsOf: tmp.url.appendingPathComponent(rel))
            #expect(a == b, "\(rel) differs when rebuilt: run python3 scripts/build_lci_bundle.py")
        }
    }

    @Test func damagedFileIsDetected() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let src = try BundledLCI.directory()
        let dst = tmp.sub("uslci-1.5")
        try FileManager.default.createDirectory(at: dst, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: src.path) {
            var data = try Data(contentsOf: src.appendingPathComponent(name))
            if name == "flows.jsonl" { data[100] = data[100] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a") }
            try data.write(to: dst.appendingPathComponent(name))
        }
        do {
            _ = try CompactLCI.load(from: dst)
            Issue.record("a changed byte was not detected")
        } catch let e as DataError {
            #expect(e.code == .checksumMismatch)
            #expect(e.file?.hasSuffix("flows.jsonl") == true)
        }
    }
}

func isDirectory(_ url: URL) -> Bool {
    var d: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &d) && d.boolValue
}
