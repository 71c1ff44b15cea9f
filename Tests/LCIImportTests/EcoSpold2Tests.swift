import Foundation
import Testing
import YuhengCore
import YuhengData
import YuhengLCA

/// Writes a small but realistic EcoSpold2 activity dataset (schema 2.0 element and attribute
/// names): a reference product (steel, kg) with a by-product (slag) carrying prices, two
/// intermediate inputs needing unit conversion (electricity in kWh, lorry transport in kg*km), a
/// fossil CO2 emission in grams, and a cooling-water resource whose unit comes from
/// MasterData/Units.xml.
enum EcoSpold2Fixture {
    static let activityID = "6b3d1f0e-8a41-4c1e-9c1e-2f7f6a1b0c01"
    static let steelID = "a9e8d7c6-1111-4a2b-8c3d-000000000001"
    static let slagID = "a9e8d7c6-1111-4a2b-8c3d-000000000002"
    static let electricityID = "a9e8d7c6-1111-4a2b-8c3d-000000000003"
    static let transportID = "a9e8d7c6-1111-4a2b-8c3d-000000000004"
    static let co2ID = "349b29d1-3e58-4c66-98b9-9d1a076efd2e"
    static let waterID = "fc3b4a9b-1111-4a2b-8c3d-000000000005"
    static let unitM3 = "de5b3c87-0e35-4fb0-9766-b4d4c2d04d71"

    static func dataset(name: String = "steel production, converter, low-alloyed", withWaterUnitName: Bool = false) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <ecoSpold xmlns="http://www.EcoInvent.org/EcoSpold02">
          <activityDataset>
            <activityDescription>
              <activity id="\(activityID)" activityNameId="0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" type="1" specialActivityType="0">
                <activityName xml:lang="en">\(name)</activityName>
                <generalComment>
                  <text xml:lang="en" index="1">Converter steel from pig iron and scrap.</text>
                  <text xml:lang="en" index="2">Test dataset written by the Yuheng test suite.</text>
                </generalComment>
              </activity>
              <classification classificationId="7ac1cbc6-1385-4a68-8647-ed7aa78db201">
                <classificationSystem xml:lang="en">ISIC rev.4 ecoinvent</classificationSystem>
                <classificationValue xml:lang="en">2410:Manufacture of basic iron and steel</classificationValue>
              </classification>
              <geography geographyId="34dbbff8-88ce-11de-ad60-0019e336be3a">
                <shortname xml:lang="en">GLO</shortname>
                <comment><text xml:lang="en" index="1">Global average.</text></comment>
              </geography>
              <technology technologyLevel="3">
                <comment><text xml:lang="en" index="1">Basic oxygen furnace.</text></comment>
              </technology>
              <timePeriod startDate="2020-01-01" endDate="2020-12-31" isDataValidForEntirePeriod="true"/>
            </activityDescription>
            <flowData>
              <intermediateExchange id="e0000000-0000-4000-8000-000000000001" unitId="487df68b-4994-4027-8fdc-a4dc298257b7" amount="1000" intermediateExchangeId="\(steelID)" productionVolumeAmount="1.2e9">
                <name xml:lang="en">steel, low-alloyed</name>
                <unitName xml:lang="en">kg</unitName>
                <property propertyId="7a1a1b3b-7d6c-4d43-a4b5-6a2c6c1d9a01" amount="0.8" unitId="7b1a">
                  <name xml:lang="en">price</name>
                  <unitName xml:lang="en">EUR2005</unitName>
                </property>
                <classification classificationId="39b0f0ab-1a2f-46e5-9581-0c2c3c27a2e4">
                  <classificationSystem xml:lang="en">CPC</classificationSystem>
                  <classificationValue xml:lang="en">41: Basic iron and steel</classificationValue>
                </classification>
                <outputGroup>0</outputGroup>
              </intermediateExchange>
              <intermediateExchange id="e0000000-0000-4000-8000-000000000002" unitId="487df68b-4994-4027-8fdc-a4dc298257b7" amount="110" intermediateExchangeId="\(slagID)">
                <name xml:lang="en">basic oxygen furnace slag</name>
                <unitName xml:lang="en">kg</unitName>
                <property propertyId="7a1a1b3b-7d6c-4d43-a4b5-6a2c6c1d9a01" amount="0.01" unitId="7b1a">
                  <name xml:lang="en">price</name>
                  <unitName xml:lang="en">EUR2005</unitName>
                </property>
                <outputGroup>2</outputGroup>
              </intermediateExchange>
              <intermediateExchange id="e0000000-0000-4000-8000-000000000003" unitId="77ae64fa-7e74-4252-9c3b-889c1cd20bfc" amount="450" intermediateExchangeId="\(electricityID)" activityLinkId="0e1d2c3b-4a59-6877-9685-a4b3c2d1e0f9">
                <name xml:lang="en">electricity, medium voltage</name>
                <unitName xml:lang="en">kWh</unitName>
                <uncertainty>
                  <lognormal meanValue="450" mu="6.10924758276437" variance="0.0006" varianceWithPedigreeUncertainty="0.0026"/>
                  <pedigreeMatrix reliability="2" completeness="1" temporalCorrelation="1" geographicalCorrelation="3" furtherTechnologyCorrelation="1"/>
                </uncertainty>
                <inputGroup>5</inputGroup>
              </intermediateExchange>
              <intermediateExchange id="e0000000-0000-4000-8000-000000000004" unitId="0d1a7e4c-2f63-4c43-9a7b-7c0e5b4f0d1e" amount="150000" intermediateExchangeId="\(transportID)">
                <name xml:lang="en">transport, freight, lorry &gt;32 metric ton, EURO6</name>
                <unitName xml:lang="en">kg*km</unitName>
                <comment xml:lang="en">150 km by lorry.</comment>
                <uncertainty>
                  <triangular minValue="100000" mostLikelyValue="150000" maxValue="250000"/>
                </uncertainty>
                <inputGroup>5</inputGroup>
              </intermediateExchange>
              <elementaryExchange id="e0000000-0000-4000-8000-000000000005" unitId="a9b8c7d6-0000-4000-8000-0000000000g1" amount="185000" elementaryExchangeId="\(co2ID)" casNumber="124-38-9" formula="CO2" mathematicalRelation="co2_per_kg*1000" variableName="co2">
                <name xml:lang="en">Carbon dioxide, fossil</name>
                <unitName xml:lang="en">g</unitName>
                <uncertainty>
                  <normal meanValue="185000" variance="25000000" varianceWithPedigreeUncertainty="36000000"/>
                </uncertainty>
                <compartment subcompartmentId="30347aef-a90b-46ba-8746-b53741aa779d">
                  <compartment xml:lang="en">air</compartment>
                  <subcompartment xml:lang="en">urban air close to ground</subcompartment>
                </compartment>
                <outputGroup>4</outputGroup>
              </elementaryExchange>
              <elementaryExchange id="e0000000-0000-4000-8000-000000000006" unitId="\(unitM3)" amount="2.5" elementaryExchangeId="\(waterID)">
                <name xml:lang="en">Water, cooling, unspecified natural origin</name>
                \(withWaterUnitName ? "<unitName xml:lang=\"en\">m3</unitName>" : "")
                <uncertainty>
                  <uniform minValue="2" maxValue="3"/>
                </uncertainty>
                <compartment subcompartmentId="6d9550e2-e670-44c1-bad8-c0c4975ffca7">
                  <compartment xml:lang="en">natural resource</compartment>
                  <subcompartment xml:lang="en">in water</subcompartment>
                </compartment>
                <inputGroup>4</inputGroup>
              </elementaryExchange>
              <parameter parameterId="11111111-2222-4333-8444-555555555555" variableName="co2_per_kg" amount="185">
                <name xml:lang="en">CO2 per kg of steel</name>
              </parameter>
            </flowData>
          </activityDataset>
        </ecoSpold>
        """
    }

    static let units = """
        <?xml version="1.0" encoding="UTF-8"?>
        <validUnits xmlns="http://www.EcoInvent.org/EcoSpold02">
          <unit id="487df68b-4994-4027-8fdc-a4dc298257b7"><name xml:lang="en">kg</name></unit>
          <unit id="\(unitM3)"><name xml:lang="en">m3</name></unit>
        </validUnits>
        """

    static let elementaryExchanges = """
        <?xml version="1.0" encoding="UTF-8"?>
        <validElementaryExchanges xmlns="http://www.EcoInvent.org/EcoSpold02">
          <elementaryExchange id="\(waterID)" unitId="\(unitM3)">
            <name xml:lang="en">Water, cooling, unspecified natural origin</name>
            <unitName xml:lang="en">m3</unitName>
            <compartment subcompartmentId="6d9550e2-e670-44c1-bad8-c0c4975ffca7">
              <compartment xml:lang="en">natural resource</compartment>
              <subcompartment xml:lang="en">in water</subcompartment>
            </compartment>
          </elementaryExchange>
        </validElementaryExchanges>
        """

    /// Writes `datasets/<activity>.spold` and `MasterData/{Units,ElementaryExchanges}.xml` under `root`.
    static func write(in tmp: TempDir, root: String = "es2") throws -> URL {
        try tmp.write("\(root)/datasets/\(activityID)_\(steelID).spold", dataset())
        try tmp.write("\(root)/MasterData/Units.xml", units)
        try tmp.write("\(root)/MasterData/ElementaryExchanges.xml", elementaryExchanges)
        return tmp.sub(root)
    }
}

@Suite("EcoSpold2 reader")
struct EcoSpold2Tests {
    @Test func readsTheFixture() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let root = try EcoSpold2Fixture.write(in: tmp)
        let (db, report) = try EcoSpold2Reader.read(path: root.appendingPathComponent("datasets").path, name: "es2 fixture")
        print(report)
        #expect(report.isClean)
        #expect(report.processes == 1 && report.flows == 6 && report.exchanges == 6)
        #expect(report.flows(.product) == 4 && report.flows(.elementary) == 2)
        #expect(report.convertedExchanges == 3) // kWh → MJ, kg*km → t*km, g → kg
        #expect(report.multiOutputProcesses == 1)
        #expect(report.formulas.map(\.formula) == ["co2_per_kg*1000"])

        let p = try #require(db.processes.first)
        #expect(p.id == EcoSpold2Fixture.activityID)
        #expect(p.name == "steel production, converter, low-alloyed")
        #expect(p.location == "GLO")
        #expect(p.category == "2410:Manufacture of basic iron and steel")
        #expect(p.description == "Converter steel from pig iron and scrap.\nTest dataset written by the Yuheng test suite.")
        #expect(
            p.documentation == [
                "validFrom": "2020-01-01", "validUntil": "2020-12-31", "geography": "Global average.", "technology": "Basic oxygen furnace."
            ])
        #expect(p.parameters == ["co2_per_kg": 185])

        // Reference product: outputGroup 0.
        let ref = try #require(p.referenceExchange)
        #expect(ref.flowID == EcoSpold2Fixture.steelID && ref.amount == 1000 && ref.unit == "kg" && !ref.isInput)
        let slag = try #require(p.exchanges.first { $0.flowID == EcoSpold2Fixture.slagID })
        #expect(!slag.isInput && !slag.isQuantitativeReference)

        // Electricity: kWh in the energy group (reference MJ), lognormal from mu and the pedigree variance.
        let el = try #require(p.exchanges.first { $0.flowID == EcoSpold2Fixture.electricityID })
        let elFlow = try #require(db.flows[el.flowID])
        #expect(el.isInput && el.unit == "kWh" && el.amount == 450)
        #expect(el.defaultProviderID == "0e1d2c3b-4a59-6877-9685-a4b3c2d1e0f9")
        #expect(LCIUnitConversion.factor(el, flow: elFlow, in: db) == 3.6)
        #expect(LCIUnitConversion.referenceUnit(of: elFlow, in: db) == "MJ")
        let u = try #require(el.uncertainty)
        #expect(u.kind == .lognormal)
        #expect(abs(u.parameters["geomMean"]! - 450) < 1e-9)
        #expect(abs(u.parameters["geomSd"]! - exp(0.0026.squareRoot())) < 1e-15)

        // Transport: kg*km → t*km (factor 0.001), triangular.
        let tr = try #require(p.exchanges.first { $0.flowID == EcoSpold2Fixture.transportID })
        let trFlow = try #require(db.flows[tr.flowID])
        #expect(LCIUnitConversion.factor(tr, flow: trFlow, in: db) == 0.001)
        #expect(LCIUnitConversion.referenceUnit(of: trFlow, in: db) == "t*km")
        #expect(tr.amount * LCIUnitConversion.factor(tr, flow: trFlow, in: db)! == 150)
        #expect(tr.uncertainty == LCIUncertainty(kind: .triangular, parameters: ["minimum": 100000, "mode": 150000, "maximum": 250000]))
        #expect(tr.description == "150 km by lorry.")
        #expect(trFlow.name == "transport, freight, lorry >32 metric ton, EURO6")

        // CO2: g → kg, compartment, CAS, formula kept, normal sd = √variance (with pedigree).
        let co2 = try #require(p.exchanges.first { $0.flowID == EcoSpold2Fixture.co2ID })
        let co2Flow = try #require(db.flows[co2.flowID])
        #expect(co2Flow.type == .elementary && co2Flow.category == ["air", "urban air close to ground"] && co2Flow.cas == "124-38-9")
        #expect(!co2.isInput && co2.unit == "g" && co2.formula == "co2_per_kg*1000")
        #expect(LCIUnitConversion.factor(co2, flow: co2Flow, in: db) == 0.001)
        #expect(co2.uncertainty == LCIUncertainty(kind: .normal, parameters: ["mean": 185000, "sd": 6000]))

        // Water: an input from the environment; its unit comes from MasterData/Units.xml.
        let water = try #require(p.exchanges.first { $0.flowID == EcoSpold2Fixture.waterID })
        #expect(water.isInput && water.unit == "m3" && water.amount == 2.5)
        #expect(db.flows[water.flowID]?.category == ["natural resource", "in water"])
        #expect(water.uncertainty == LCIUncertainty(kind: .uniform, parameters: ["minimum": 2, "maximum": 3]))

        // Economic allocation from the price properties: 1000 × 0.8 and 110 × 0.01.
        #expect(p.allocationFactors.count == 2)
        let steelShare = try #require(p.allocationFactors.first { $0.productID == EcoSpold2Fixture.steelID })
        #expect(steelShare.method == .economic)
        #expect(abs(steelShare.value - 800 / 801.1) < 1e-15)
    }

    @Test func roundTripThroughTheStore() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let root = try EcoSpold2Fixture.write(in: tmp)
        let (db, _) = try EcoSpold2Reader.read(path: root.path, name: "es2 fixture") // the root folder: datasets found recursively
        #expect(db.processes.count == 1)
        let ydb = try YuhengDatabase.open(path: tmp.sub("y.sqlite").path, installBundled: false)
        try ydb.saveLCI(
            db, info: DatasetInfo(id: "es2-fixture", title: "EcoSpold2 fixture", version: "1", source: "test", licence: "CC0", date: "2025-01-01"))
        expectSameDatabase(db, try ydb.loadLCI(id: "es2-fixture"))
        let hits = try ydb.searchProcesses("steel converter")
        #expect(hits.map(\.processID) == [EcoSpold2Fixture.activityID])
        #expect(hits.first?.referenceUnit == "kg")
        #expect(hits.first?.location == "GLO")
    }

    @Test func singleFileWithoutMasterDataReportsTheMissingUnit() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let file = try tmp.write("alone/steel.spold", EcoSpold2Fixture.dataset())
        let (db, report) = try EcoSpold2Reader.read(path: file.path)
        #expect(db.name == "steel")
        #expect(report.unknownUnits.count == 1)
        #expect(report.unknownUnits.first?.name.contains(EcoSpold2Fixture.unitM3) == true)
        #expect(report.exchanges == 5)
        let e = try #require(lcaError { _ = try EcoSpold2Reader.read(path: file.path, strict: true) })
        #expect(e.code == .unknownUnit && e.dataset == "steel.spold")
        // With the unit name in the dataset it reads cleanly.
        let named = try tmp.write("named/steel.spold", EcoSpold2Fixture.dataset(withWaterUnitName: true))
        #expect(try EcoSpold2Reader.read(path: named.path).1.isClean)
    }

    @Test func malformedXMLNamesTheFile() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let broken = String(EcoSpold2Fixture.dataset().prefix(2000))
        let file = try tmp.write("bad/broken.spold", broken)
        let e = try #require(lcaError { _ = try EcoSpold2Reader.read(path: file.path) })
        #expect(e.code == .malformedFile)
        #expect(e.dataset == "broken.spold")
        #expect(e.message.contains("line"))
        let other = try tmp.write("other/x.spold", "<?xml version=\"1.0\"?><somethingElse/>")
        let e2 = try #require(lcaError { _ = try EcoSpold2Reader.read(path: other.path) })
        #expect(e2.code == .malformedFile && e2.message.contains("somethingElse"))
        let badAmount = try tmp.write("amount/a.spold", EcoSpold2Fixture.dataset().replacingOccurrences(of: "amount=\"450\"", with: "amount=\"4,5\""))
        let e3 = try #require(lcaError { _ = try EcoSpold2Reader.read(path: badAmount.path) })
        #expect(e3.code == .invalidAmount && e3.message.contains("4,5"))
    }
}
