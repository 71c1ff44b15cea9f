import Foundation
import Testing
import YuhengCore
@testable import YuhengData
import YuhengLCA

/// The example of docs/lci-csv-format.md.
let bakeryCSV = """
    process_id,process_name,reference,direction,flow_name,flow_type,amount,unit,compartment,provider,cas,location
    bread,"Bread, at bakery",yes,output,"Bread, packed",product,1,kg,,,,DE
    bread,,,input,Wheat flour,product,0.8,kg,,flour,,
    bread,,,input,Electricity,product,0.5,kWh,,,,
    bread,,,input,Natural gas,product,0.05,m3,,,,
    bread,,,output,"Carbon dioxide, fossil",elementary,0.02,kg,air/urban,,124-38-9,
    bread,,,input,"Water, well",elementary,2,l,resource/in ground,,,
    bread,,,output,Bakery waste,waste,30,g,,,,
    flour,Wheat flour milling,yes,output,Wheat flour,product,1000,kg,,,,DE
    flour,,,input,Wheat grain,product,1250,kg,,,,
    flour,,,input,Electricity,product,60,kWh,,,,
    flour,,,input,"Transport, lorry",product,125000,kg*km,,,,

    """

@Suite("Yuheng LCI CSV reader")
struct CSVTests {
    @Test func happyPath() throws {
        let (db, report) = try LCICSVReader.read(text: bakeryCSV, fileName: "bakery.csv")
        #expect(db.name == "bakery")
        #expect(report.isClean && report.warnings.isEmpty)
        #expect(report.processes == 2 && report.exchanges == 11)
        #expect(report.flows == 9)
        #expect(report.flows(.elementary) == 2 && report.flows(.waste) == 1 && report.flows(.product) == 6)
        #expect(report.convertedExchanges == 5) // 2 × kWh, l, g, kg*km
        #expect(report.wasteOutputs == 1 && report.productInputs == 6)

        let bread = try #require(db.processes.first { $0.id == "bread" })
        #expect(bread.name == "Bread, at bakery" && bread.location == "DE")
        #expect(bread.exchanges.count == 7)
        let ref = try #require(bread.referenceExchange)
        #expect(ref.flowID == "csv:product:Bread, packed" && ref.amount == 1 && !ref.isInput)
        let flourIn = try #require(bread.exchanges.first { $0.flowID == "csv:product:Wheat flour" })
        #expect(flourIn.isInput && flourIn.defaultProviderID == "flour")
        let flour = try #require(db.processes.first { $0.id == "flour" })
        #expect(flour.referenceExchange?.flowID == flourIn.flowID) // the input links to the mill by flow id

        // Units: amounts as written; factors to the dimension's reference unit.
        let elec = try #require(bread.exchanges.first { $0.flowID == "csv:product:Electricity" })
        let elecFlow = try #require(db.flows[elec.flowID])
        #expect(elec.unit == "kWh" && elec.amount == 0.5)
        #expect(LCIUnitConversion.factor(elec, flow: elecFlow, in: db) == 3.6)
        #expect(LCIUnitConversion.referenceUnit(of: elecFlow, in: db) == "MJ")
        let water = try #require(bread.exchanges.first { $0.flowID == "csv:elementary:resource/in ground:Water, well" })
        #expect(water.isInput && LCIUnitConversion.factor(water, flow: db.flows[water.flowID]!, in: db) == 0.001)
        let co2Flow = try #require(db.flows["csv:elementary:air/urban:Carbon dioxide, fossil"])
        #expect(co2Flow.category == ["air", "urban"] && co2Flow.cas == "124-38-9")
        let transport = try #require(flour.exchanges.first { $0.flowID == "csv:product:Transport, lorry" })
        let trFlow = try #require(db.flows[transport.flowID])
        #expect(LCIUnitConversion.referenceUnit(of: trFlow, in: db) == "t*km")
        #expect(transport.amount * LCIUnitConversion.factor(transport, flow: trFlow, in: db)! == 125)
        let gas = try #require(bread.exchanges.first { $0.flowID == "csv:product:Natural gas" })
        #expect(LCIUnitConversion.referenceUnit(of: db.flows[gas.flowID]!, in: db) == "m3")
        let waste = try #require(bread.exchanges.first { $0.flowID == "csv:waste:Bakery waste" })
        #expect(!waste.isInput && LCIUnitConversion.factor(waste, flow: db.flows[waste.flowID]!, in: db) == 0.001)
    }

    @Test func optionalColumnsAndSpellings() throws {
        let text = """
            # a comment line
            PROCESS_ID,direction,flow_name,amount,unit,reference,compartment
            p1,out,Widget,1,Item(s),x,
            p1,in,Steel,2.5,kilogram,,
            p1,out,Methane,1e-3,kg,,air
            """
        let (db, report) = try LCICSVReader.read(text: text, fileName: "w.csv")
        #expect(report.isClean)
        let p = try #require(db.processes.first)
        #expect(p.name == "p1" && p.location == nil)
        #expect(db.flows["csv:elementary:air:Methane"]?.type == .elementary) // a compartment makes it elementary
        #expect(LCIUnitConversion.referenceUnit(of: db.flows["csv:product:Widget"]!, in: db) == "item")
        let steel = try #require(p.exchanges.first { $0.flowID == "csv:product:Steel" })
        #expect(steel.unit == "kilogram" && LCIUnitConversion.factor(steel, flow: db.flows[steel.flowID]!, in: db) == 1)
    }

    /// Replaces line `n` (1-based) of the bakery example.
    func bakery(replacingLine n: Int, with line: String) -> String {
        var lines = bakeryCSV.components(separatedBy: "\n")
        lines[n - 1] = line
        return lines.joined(separator: "\n")
    }

    func csvError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> LCAError {
        try #require(
            lcaError(sourceLocation: sourceLocation) { _ = try LCICSVReader.read(text: text, fileName: "bakery.csv") }, sourceLocation: sourceLocation
        )
    }

    @Test func unknownUnitNamesFileLineAndColumn() throws {
        let e = try csvError(bakery(replacingLine: 4, with: "bread,,,input,Electricity,product,0.5,kWhh,,,,"))
        #expect(e.code == .unknownUnit)
        #expect(e.dataset == "bakery.csv")
        #expect(e.entity == "line 4, column 8 (unit)")
        #expect(e.message.contains("kWhh"))
        #expect(e.description.hasPrefix("bakery.csv: line 4, column 8 (unit): "))
    }

    @Test func badAmount() throws {
        let e = try csvError(bakery(replacingLine: 3, with: "bread,,,input,Wheat flour,product,\"0,8\",kg,,flour,,"))
        #expect(e.code == .invalidAmount && e.entity == "line 3, column 7 (amount)" && e.message.contains("0,8"))
        let e2 = try csvError(bakery(replacingLine: 3, with: "bread,,,input,Wheat flour,product,,kg,,flour,,"))
        #expect(e2.code == .invalidAmount && e2.message.contains("empty"))
        let e3 = try csvError(bakery(replacingLine: 3, with: "bread,,,input,Wheat flour,product,inf,kg,,flour,,"))
        #expect(e3.code == .invalidAmount)
    }

    @Test func referenceRules() throws {
        // No reference row.
        let e = try csvError(bakery(replacingLine: 9, with: "flour,Wheat flour milling,,output,Wheat flour,product,1000,kg,,,,DE"))
        #expect(e.code == .noReferenceProduct && e.message.contains("'flour'") && e.entity == "line 9, column 3 (reference)")
        // Two reference rows.
        let e2 = try csvError(bakery(replacingLine: 4, with: "bread,,yes,output,Electricity,product,0.5,kWh,,,,"))
        #expect(e2.code == .noReferenceProduct && e2.entity == "line 4, column 3 (reference)" && e2.message.contains("line 2"))
        // A reference that is an input product.
        let e3 = try csvError(bakery(replacingLine: 2, with: "bread,\"Bread, at bakery\",yes,input,\"Bread, packed\",product,1,kg,,,,DE"))
        #expect(e3.code == .noReferenceProduct && e3.message.contains("product input"))
    }

    @Test func headerProblems() throws {
        let e = try csvError("process_id,direction,flow_name,ammount,unit\np,output,x,1,kg\n")
        #expect(e.code == .malformedFile && e.entity == "line 1, column 4 (ammount)" && e.message.contains("unknown column"))
        let e2 = try csvError("process_id,direction,flow_name,amount\np,output,x,1\n")
        #expect(e2.code == .malformedFile && e2.message.contains("'unit'"))
        let e3 = try csvError("process_id,direction,flow_name,amount,unit\n")
        #expect(e3.message.contains("no exchange rows"))
        let e4 = try csvError("process_id,direction,flow_name,amount,unit\np,output,\"x,1,kg\n")
        #expect(e4.code == .malformedFile && e4.dataset == "bakery.csv")
    }

    @Test func flowRules() throws {
        // The same flow in another dimension.
        let e = try csvError(bakery(replacingLine: 11, with: "flour,,,input,Electricity,product,60,kg,,,,"))
        #expect(e.code == .unknownUnit && e.entity == "line 11, column 8 (unit)" && e.message.contains("line 4") && e.message.contains("MJ"))
        // Elementary flow without compartment; product with compartment.
        let e2 = try csvError(bakery(replacingLine: 6, with: "bread,,,output,\"Carbon dioxide, fossil\",elementary,0.02,kg,,,124-38-9,"))
        #expect(e2.entity == "line 6, column 9 (compartment)")
        let e3 = try csvError(bakery(replacingLine: 5, with: "bread,,,input,Natural gas,product,0.05,m3,air,,,"))
        #expect(e3.entity == "line 5, column 9 (compartment)")
        // Direction and type spelling.
        let e4 = try csvError(bakery(replacingLine: 5, with: "bread,,,inbound,Natural gas,product,0.05,m3,,,,"))
        #expect(e4.entity == "line 5, column 4 (direction)")
        let e5 = try csvError(bakery(replacingLine: 5, with: "bread,,,input,Natural gas,fuel,0.05,m3,,,,"))
        #expect(e5.entity == "line 5, column 6 (flow_type)")
        // Conflicting process names and locations.
        let e6 = try csvError(bakery(replacingLine: 5, with: "bread,Bread,,input,Natural gas,product,0.05,m3,,,,"))
        #expect(e6.entity == "line 5, column 2 (process_name)" && e6.message.contains("line 2"))
        let e7 = try csvError(bakery(replacingLine: 5, with: "bread,,,input,Natural gas,product,0.05,m3,,,,FR"))
        #expect(e7.entity == "line 5, column 12 (location)")
    }

    @Test func providerRules() throws {
        // The provider in the file does not produce this flow.
        let e = try csvError(bakery(replacingLine: 4, with: "bread,,,input,Electricity,product,0.5,kWh,,flour,,"))
        #expect(e.code == .unknownProcess && e.entity == "line 4, column 10 (provider)" && e.message.contains("Wheat flour"))
        // A provider on an output.
        let e2 = try csvError(bakery(replacingLine: 2, with: "bread,\"Bread, at bakery\",yes,output,\"Bread, packed\",product,1,kg,,flour,,DE"))
        #expect(e2.entity == "line 2, column 10 (provider)")
        // A provider outside the file is kept and noted.
        let (db, report) = try LCICSVReader.read(
            text: bakery(replacingLine: 4, with: "bread,,,input,Electricity,product,0.5,kWh,,uslci-grid,,"), fileName: "bakery.csv")
        #expect(report.warnings.count == 1 && report.warnings[0].contains("uslci-grid"))
        #expect(db.processes.first { $0.id == "bread" }?.exchanges.contains { $0.defaultProviderID == "uslci-grid" } == true)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: LCI.brightwayCSV.path), "../shared/data/lci/bw2io_example_uslci_subset.csv is absent"))
    func brightwayCSVIsNotThisFormat() throws {
        // The Brightway example is a different CSV layout: our reader refuses it with a clear message.
        let text = try String(contentsOf: LCI.brightwayCSV, encoding: .utf8)
        let e = try #require(lcaError { _ = try LCICSVReader.read(text: text, fileName: "bw2io_example_uslci_subset.csv") })
        #expect(e.code == .malformedFile && e.dataset == "bw2io_example_uslci_subset.csv")
    }
}

@Suite("Brightway CSV reader")
struct BrightwayCSVTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: LCI.brightwayCSV.path), "../shared/data/lci/bw2io_example_uslci_subset.csv is absent"))
    func readsTheBw2ioExample() throws {
        let (db, report) = try BrightwayCSVReader.read(path: LCI.brightwayCSV.path)
        print(report)
        #expect(db.name == "BW2 CSV example")
        #expect(db.processes.map(\.name).sorted() == ["Acetic acid, at plant", "Electricity, at Grid, US, 2008", "Methanol, at plant"])
        let acetic = try #require(db.processes.first { $0.name == "Acetic acid, at plant" })
        #expect(acetic.id == "d80f3c8f5d04d518ab02b13aca9ab7c8")
        #expect(acetic.location == "RNA")
        #expect(acetic.category == "Chemical Manufacturing/All Other Basic Organic Chemical Mnf.")
        #expect(acetic.referenceExchange?.flowID == "bw:product:acetic acid, at plant")
        #expect(acetic.referenceExchange?.unit == "kilogram")
        let methanolInput = try #require(acetic.exchanges.first { $0.flowID == "bw:product:methanol, at plant" })
        #expect(methanolInput.isInput && methanolInput.amount == 0.539)
        // The input links by name to the methanol activity's product.
        let methanol = try #require(db.processes.first { $0.name == "Methanol, at plant" })
        #expect(methanol.referenceExchange?.flowID == methanolInput.flowID)
        let co2 = try #require(methanol.exchanges.first { db.flows[$0.flowID]?.name == "Carbon dioxide, fossil" })
        #expect(!co2.isInput && co2.amount == 0.53 && db.flows[co2.flowID]?.category == ["air"])
        let elec = try #require(methanol.exchanges.first { $0.unit == "kilowatt hour" })
        #expect(LCIUnitConversion.factor(elec, flow: db.flows[elec.flowID]!, in: db) == 3.6)
        // "(Unknown)" units are reported by name, with where they occur; those exchanges are left out.
        let unknown = try #require(report.unknownUnits.first)
        #expect(unknown.name == "(Unknown)")
        #expect(unknown.count == report.unknownUnits.reduce(0) { $0 + $1.count })
        #expect(unknown.detail.contains("Acetic acid, at plant"))
        // The grid mix lists no production exchange in this example.
        #expect(report.processesWithoutReference.map(\.name).contains { $0.hasPrefix("Electricity, at Grid, US, 2008") })
    }

    @Test func lineEndingsAndQuotes() throws {
        let records = try CSVRecords.split("a,\"b\r\nc\",\"d\"\"e\"\rx,y\ny,z\r\n", file: "t.csv")
        #expect(records.map(\.fields) == [["a", "b\nc", "d\"e"], ["x", "y"], ["y", "z"]])
        #expect(records.map(\.line) == [1, 3, 4])
    }
}
