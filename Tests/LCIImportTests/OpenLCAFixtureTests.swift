import Foundation
import Testing
import YuhengCore
import YuhengData
import YuhengLCA

/// A small openLCA JSON-LD export written by hand: two processes (steel, electricity), three flows,
/// two unit groups. `schema2` writes the olca-schema 2.x spellings (isInput, isRefUnit, category paths…).
struct OlcaFixture {
    var schema2 = false
    /// Extra exchanges (JSON objects) appended to the steel process.
    var extraSteelExchanges: [String] = []
    /// Extra files (relative path → text).
    var extraFiles: [String: String] = [:]

    func ref(_ type: String, _ id: String, _ name: String) -> String { #"{"@type":"\#(type)","@id":"\#(id)","name":"\#(name)"}"# }
    var inputKey: String { schema2 ? "isInput" : "input" }
    var qrefKey: String { schema2 ? "isQuantitativeReference" : "quantitativeReference" }
    var avoidedKey: String { schema2 ? "isAvoidedProduct" : "avoidedProduct" }

    func unit(_ id: String, _ name: String, _ factor: Double, reference: Bool = false) -> String {
        let r = reference ? #","\#(schema2 ? "isRefUnit" : "referenceUnit")":true"# : ""
        return #"{"@type":"Unit","@id":"\#(id)","name":"\#(name)","conversionFactor":\#(factor)\#(r)}"#
    }

    func flow(_ id: String, _ name: String, _ type: String, property: String, category: String, categoryID: String, cas: String? = nil) -> String {
        let cat =
            schema2
            ? #""category":"\#(category)""#
            : #""category":\#(ref("Category", categoryID, category.split(separator: "/").last.map(String.init) ?? ""))"#
        let refKey = schema2 ? "isRefFlowProperty" : "referenceFlowProperty"
        let casPart = cas.map { #","cas":"\#($0)""# } ?? ""
        return
            #"{"@context":"http://greendelta.github.io/olca-schema/context.jsonld","@type":"Flow","@id":"\#(id)","name":"\#(name)","flowType":"\#(type)",\#(cat)\#(casPart),"flowProperties":[{"@type":"FlowPropertyFactor","\#(refKey)":true,"flowProperty":\#(property),"conversionFactor":1.0}]}"#
    }

    func exchange(_ flow: String, _ amount: String, unit: String, property: String, input: Bool, qref: Bool = false, extra: String = "") -> String {
        #"{"@type":"Exchange","\#(avoidedKey)":false,"\#(inputKey)":\#(input),"amount":\#(amount),"flow":\#(flow),"unit":\#(unit),"flowProperty":\#(property)\#(qref ? #","\#(qrefKey)":true"# : "")\#(extra)}"#
    }

    var files: [String: String] {
        let mass = ref("FlowProperty", "fp-mass", "Mass"), energy = ref("FlowProperty", "fp-energy", "Energy")
        let kg = ref("Unit", "u-kg", "kg"), g = ref("Unit", "u-g", "g"), kwh = ref("Unit", "u-kwh", "kWh"), mj = ref("Unit", "u-mj", "MJ")
        let steel = ref("Flow", "f-steel", "Steel, at mill"), elec = ref("Flow", "f-elec", "Electricity, at grid"),
            co2 = ref("Flow", "f-co2", "Carbon dioxide, fossil")
        var f: [String: String] = [
            "unit_groups/ug-mass.json":
                #"{"@type":"UnitGroup","@id":"ug-mass","name":"Units of mass","units":[\#(unit("u-g", "g", 0.001)),\#(unit("u-kg", "kg", 1.0, reference: true)),\#(unit("u-t", "t", 1000.0))]}"#,
            "unit_groups/ug-energy.json":
                #"{"@type":"UnitGroup","@id":"ug-energy","name":"Units of energy","units":[\#(unit("u-mj", "MJ", 1.0, reference: true)),\#(unit("u-kwh", "kWh", 3.6))]}"#,
            "flow_properties/fp-mass.json":
                #"{"@type":"FlowProperty","@id":"fp-mass","name":"Mass","unitGroup":\#(ref("UnitGroup", "ug-mass", "Units of mass"))}"#,
            "flow_properties/fp-energy.json":
                #"{"@type":"FlowProperty","@id":"fp-energy","name":"Energy","unitGroup":\#(ref("UnitGroup", "ug-energy", "Units of energy"))}"#,
            "locations/loc-us.json": #"{"@type":"Location","@id":"loc-us","name":"United States","code":"US"}"#,
            "flows/f-steel.json": flow(
                "f-steel", "Steel, at mill", "PRODUCT_FLOW", property: mass, category: "Metals/Steel", categoryID: "cat-steel"),
            "flows/f-elec.json": flow(
                "f-elec", "Electricity, at grid", "PRODUCT_FLOW", property: energy, category: "Utilities", categoryID: "cat-util"),
            "flows/f-co2.json": flow(
                "f-co2", "Carbon dioxide, fossil", "ELEMENTARY_FLOW", property: mass, category: "Elementary Flows/air/unspecified",
                categoryID: "cat-air-unspec", cas: "000124-38-9")
        ]
        if !schema2 {
            f["categories/cat-metals.json"] = #"{"@type":"Category","@id":"cat-metals","name":"Metals","modelType":"FLOW"}"#
            f["categories/cat-steel.json"] =
                #"{"@type":"Category","@id":"cat-steel","name":"Steel","category":\#(ref("Category", "cat-metals", "Metals")),"modelType":"FLOW"}"#
            f["categories/cat-util.json"] = #"{"@type":"Category","@id":"cat-util","name":"Utilities","modelType":"FLOW"}"#
            f["categories/cat-elem.json"] = #"{"@type":"Category","@id":"cat-elem","name":"Elementary Flows","modelType":"FLOW"}"#
            f["categories/cat-air.json"] =
                #"{"@type":"Category","@id":"cat-air","name":"air","category":\#(ref("Category", "cat-elem", "Elementary Flows")),"modelType":"FLOW"}"#
            f["categories/cat-air-unspec.json"] =
                #"{"@type":"Category","@id":"cat-air-unspec","name":"unspecified","category":\#(ref("Category", "cat-air", "air")),"modelType":"FLOW"}"#
            f["categories/cat-proc.json"] = #"{"@type":"Category","@id":"cat-proc","name":"Primary Metal Manufacturing","modelType":"PROCESS"}"#
        }
        let procCat =
            schema2 ? #""category":"Primary Metal Manufacturing""# : #""category":\#(ref("Category", "cat-proc", "Primary Metal Manufacturing"))"#
        let loc = #""location":\#(ref("Location", "loc-us", "United States"))"#
        var steelEx = [
            exchange(steel, "1.0", unit: kg, property: mass, input: false, qref: true),
            exchange(
                elec, "2.5", unit: kwh, property: energy, input: true,
                extra: #","uncertainty":{"@type":"Uncertainty","distributionType":"LOG_NORMAL_DISTRIBUTION","geomMean":2.5,"geomSd":1.2}"#),
            exchange(
                co2, "1850.0", unit: g, property: mass, input: false,
                extra:
                    #","amountFormula":"1.85*1000","uncertainty":{"@type":"Uncertainty","distributionType":"TRIANGLE_DISTRIBUTION","minimum":1700.0,"mode":1850.0,"maximum":2000.0}"#
            )
        ]
        steelEx += extraSteelExchanges
        f["processes/p-steel.json"] =
            #"{"@type":"Process","@id":"p-steel","name":"Steel production","description":"A test process.",\#(procCat),\#(loc),"parameters":[{"@type":"Parameter","name":"yield","value":0.95}],"processDocumentation":{"technologyDescription":"Basic oxygen furnace.","timeDescription":" 2020 ","sources":[{"@type":"Source","@id":"s1","name":"Steel report "},{"@type":"Source","@id":"s2","name":"Steel report"},{"@type":"Source","@id":"s3","name":"Grid study"}]},"exchanges":[\#(steelEx.joined(separator: ","))]}"#
        f["processes/p-elec.json"] =
            #"{"@type":"Process","@id":"p-elec","name":"Electricity supply",\#(procCat),\#(loc),"exchanges":[\#(exchange(elec, "1", unit: mj, property: energy, input: false, qref: true)),\#(exchange(co2, "0.1", unit: kg, property: mass, input: false))]}"#
        for (k, v) in extraFiles { f[k] = v }
        return f
    }

    /// Writes the export as a folder `dir/name`.
    func writeFolder(in tmp: TempDir, name: String = "export") throws -> URL {
        for (rel, text) in files { try tmp.write("\(name)/\(rel)", text) }
        return tmp.sub(name)
    }

    /// Writes the export as a zip (with the `zip` tool), entries relative to the export root.
    func writeZip(in tmp: TempDir, name: String = "export") throws -> URL {
        let folder = try writeFolder(in: tmp, name: name)
        let zipExe = try #require(LCI.zip, "the zip tool is not installed")
        let out = tmp.sub("\(name).zip")
        let (status, text) = try LCI.run(zipExe, ["-q", "-r", out.path, "."], in: folder)
        #expect(status == 0, "\(text)")
        return out
    }
}

@Suite("openLCA JSON-LD reader on small exports")
struct OpenLCAFixtureTests {
    @Test func readsFolderAndZipAlike() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let fixture = OlcaFixture()
        let (db, report) = try OpenLCAReader.read(path: try fixture.writeFolder(in: tmp).path, name: "fixture")
        #expect(report.isClean)
        #expect(report.processes == 2 && report.flows == 3 && report.exchanges == 5)
        #expect(report.convertedExchanges == 2) // kWh → MJ, g → kg
        #expect(report.formulas == [.init(process: "Steel production", flow: "Carbon dioxide, fossil", formula: "1.85*1000", amount: 1850)])
        let steel = try #require(db.processes.first { $0.id == "p-steel" })
        #expect(steel.category == "Primary Metal Manufacturing")
        #expect(steel.location == "US")
        #expect(steel.parameters == ["yield": 0.95])
        #expect(steel.description == "A test process.")
        #expect(steel.documentation == ["technology": "Basic oxygen furnace.", "time": "2020", "sources": "Steel report; Grid study"])
        #expect(steel.exchanges.map(\.internalID) == [1, 2, 3])
        let elec = steel.exchanges[1]
        #expect(elec.isInput && elec.unit == "kWh" && elec.amount == 2.5 && elec.propertyID == "fp-energy")
        #expect(elec.uncertainty == LCIUncertainty(kind: .lognormal, parameters: ["geomMean": 2.5, "geomSd": 1.2]))
        let co2 = steel.exchanges[2]
        #expect(co2.unit == "g" && co2.formula == "1.85*1000")
        #expect(co2.uncertainty == LCIUncertainty(kind: .triangular, parameters: ["minimum": 1700, "mode": 1850, "maximum": 2000]))
        let co2Flow = try #require(db.flows["f-co2"])
        #expect(co2Flow.category == ["Elementary Flows", "air", "unspecified"])
        #expect(co2Flow.cas == "000124-38-9")
        #expect(db.flows["f-steel"]?.category == ["Metals", "Steel"])
        #expect(LCIUnitConversion.factor(co2, flow: co2Flow, in: db) == 0.001)

        let (zdb, zreport) = try OpenLCAReader.read(path: try fixture.writeZip(in: tmp).path, name: "fixture")
        #expect(zreport.exchanges == 5)
        expectSameDatabase(db, zdb)
    }

    @Test func readsSchema2FieldNames() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let (db1, _) = try OpenLCAReader.read(path: try OlcaFixture().writeFolder(in: tmp, name: "v1").path, name: "fixture")
        let (db2, report) = try OpenLCAReader.read(path: try OlcaFixture(schema2: true).writeFolder(in: tmp, name: "v2").path, name: "fixture")
        #expect(report.isClean)
        // Same content; only the category paths come from strings instead of categories/.
        #expect(db2.flows["f-co2"]?.category == ["Elementary Flows", "air", "unspecified"])
        #expect(db2.flows["f-steel"]?.category == ["Metals", "Steel"])
        expectSameDatabase(db1, db2)
    }

    @Test func malformedJSONInsideZipNamesTheFile() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        var fixture = OlcaFixture()
        fixture.extraFiles["processes/p-broken.json"] = #"{"@type":"Process","@id":"p-broken","name":"Broken", "exchanges": [ {"amount": 1.0, "#
        let zip = try fixture.writeZip(in: tmp)
        // Strict: the import stops, naming the file. Default: that dataset alone is rejected, named,
        // with the reason; the others are imported (issue 18).
        let e = try #require(lcaError { _ = try OpenLCAReader.read(path: zip.path, strict: true) })
        #expect(e.code == .malformedFile)
        #expect(e.dataset == "processes/p-broken.json")
        #expect(e.description.contains("processes/p-broken.json"))
        let (db, report) = try OpenLCAReader.read(path: zip.path)
        let rejected = try #require(report.rejected.first)
        #expect(report.rejected.count == 1 && rejected.source.hasSuffix("processes/p-broken.json"))
        #expect(rejected.reasons.first?.contains("not valid JSON") == true, "\(rejected.reasons)")
        #expect(db.processes.map(\.id).sorted() == ["p-elec", "p-steel"])
        #expect(e.message.contains("not valid JSON"))
        #expect(e.message.contains(zip.path))

        // A wrong type (a string amount) is malformed too, naming the file.
        var typed = OlcaFixture()
        typed.extraFiles["processes/p-typed.json"] =
            #"{"@type":"Process","@id":"p-typed","name":"Typed","exchanges":[{"amount":"one","flow":{"@id":"f-steel"}}]}"#
        let e2 = try #require(lcaError { _ = try OpenLCAReader.read(path: try typed.writeZip(in: tmp, name: "typed").path, strict: true) })
        #expect(e2.code == .malformedFile && e2.dataset == "processes/p-typed.json")
        #expect(e2.message.contains("exchanges"))
    }

    @Test func unknownUnitIsReportedByName() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        var fixture = OlcaFixture()
        fixture.extraSteelExchanges = [
            fixture.exchange(
                fixture.ref("Flow", "f-co2", "Carbon dioxide, fossil"), "3.0", unit: fixture.ref("Unit", "u-lb", "lb"),
                property: fixture.ref("FlowProperty", "fp-mass", "Mass"), input: false)
        ]
        let zip = try fixture.writeZip(in: tmp)
        let (db, report) = try OpenLCAReader.read(path: zip.path)
        #expect(!report.isClean)
        #expect(report.unknownUnits.count == 1)
        let issue = try #require(report.unknownUnits.first)
        #expect(issue.name.hasPrefix("lb"))
        #expect(issue.name.contains("Units of mass"))
        #expect(issue.count == 1)
        #expect(issue.detail == "Steel production")
        #expect("\(report)".contains("lb"))
        // Left out of the database (not silently: it is in the report).
        #expect(db.processes.first { $0.id == "p-steel" }?.exchanges.count == 3)
        #expect(report.exchanges == 5)
        // Strict: an error naming the unit, the file and the process.
        let e = try #require(lcaError { _ = try OpenLCAReader.read(path: zip.path, strict: true) })
        #expect(e.code == .unknownUnit)
        #expect(e.message.contains("'lb'"))
        #expect(e.dataset == "processes/p-steel.json")
        #expect(e.entity == "Steel production")
    }

    @Test func missingFlowIsReportedAndStrictFails() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        var fixture = OlcaFixture()
        fixture.extraSteelExchanges = [
            fixture.exchange(
                fixture.ref("Flow", "f-ghost", "Ghost flow"), "1.0", unit: fixture.ref("Unit", "u-kg", "kg"),
                property: fixture.ref("FlowProperty", "fp-mass", "Mass"), input: true)
        ]
        let zip = try fixture.writeZip(in: tmp)
        let (db, report) = try OpenLCAReader.read(path: zip.path)
        #expect(report.missingFlows == [.init(name: "Ghost flow (f-ghost)", count: 1, detail: "Steel production")])
        #expect(db.flows["f-ghost"] == nil)
        #expect(db.processes.allSatisfy { $0.exchanges.allSatisfy { db.flows[$0.flowID] != nil } })
        let e = try #require(lcaError { _ = try OpenLCAReader.read(path: zip.path, strict: true) })
        #expect(e.code == .missingFile)
        #expect(e.dataset == "processes/p-steel.json")
        #expect(e.message.contains("Ghost flow"))
    }

    @Test func processWithoutReferenceIsListed() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        var fixture = OlcaFixture()
        fixture.extraFiles["processes/p-noref.json"] = #"{"@type":"Process","@id":"p-noref","name":"No reference","exchanges":[]}"#
        let (db, report) = try OpenLCAReader.read(path: try fixture.writeFolder(in: tmp).path)
        #expect(report.processesWithoutReference.map(\.name) == ["No reference (p-noref)"])
        // Left out of the processes (so it cannot break any calculation) and listed as rejected.
        #expect(db.processes.count == 2)
        #expect(db.rejected.map(\.id) == ["p-noref"] && report.rejected.map(\.name) == ["No reference"])
        let e = try #require(lcaError { _ = try OpenLCAReader.read(path: tmp.sub("export").path, strict: true) })
        #expect(e.code == .noReferenceProduct && e.entity == "No reference")
    }

    @Test func notAnExport() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        try tmp.write("empty/readme.txt", "nothing")
        let e = try #require(lcaError { _ = try OpenLCAReader.read(path: tmp.sub("empty").path) })
        #expect(e.code == .malformedFile)
        let e2 = try #require(lcaError { _ = try OpenLCAReader.read(path: tmp.sub("missing.zip").path) })
        #expect(e2.code == .missingFile)
        try tmp.write("fake.zip", "not a zip")
        let e3 = try #require(lcaError { _ = try OpenLCAReader.read(path: tmp.sub("fake.zip").path) })
        #expect(e3.code == .malformedFile && e3.dataset == tmp.sub("fake.zip").path)
    }
}
