import Testing
import YuhengCore
@testable import YuhengLCA

/// A hand-computable system:
///   electricity (1 MJ): emits 0.2 kg CO2 fossil, 0.001 kg CH4 fossil
///   steel (1 kg): needs 10 kWh electricity (= 36 MJ), emits 1.5 kg CO2 fossil
///   bike (1 item): needs 12 kg steel, 2 MJ electricity, emits 0.1 kg CO2 biogenic, absorbs 0.05 kg CO2 from air
enum Small {
    static let mass = LCIUnitGroup(id: "ug-mass", name: "Units of mass", referenceUnit: "kg", units: ["kg": 1, "t": 1000, "g": 0.001])
    static let energy = LCIUnitGroup(id: "ug-energy", name: "Units of energy", referenceUnit: "MJ", units: ["MJ": 1, "kWh": 3.6])
    static let items = LCIUnitGroup(id: "ug-items", name: "Units of items", referenceUnit: "Item(s)", units: ["Item(s)": 1])
    static let pMass = LCIFlowProperty(id: "fp-mass", name: "Mass", unitGroupID: "ug-mass")
    static let pEnergy = LCIFlowProperty(id: "fp-energy", name: "Energy", unitGroupID: "ug-energy")
    static let pItems = LCIFlowProperty(id: "fp-items", name: "Number of items", unitGroupID: "ug-items")

    static func product(_ id: String, _ name: String, _ prop: String) -> LCIFlow {
        LCIFlow(id: id, name: name, type: .product, referencePropertyID: prop, propertyFactors: [prop: 1])
    }
    static func elementary(_ id: String, _ name: String, _ cat: [String]) -> LCIFlow {
        LCIFlow(id: id, name: name, type: .elementary, category: cat, referencePropertyID: "fp-mass", propertyFactors: ["fp-mass": 1])
    }

    static let flows: [LCIFlow] = [
        product("f-elec", "Electricity", "fp-energy"), product("f-steel", "Steel", "fp-mass"), product("f-bike", "Bike", "fp-items"),
        product("f-heat", "Heat", "fp-energy"),
        elementary("e-co2f", "Carbon dioxide, fossil", ["air", "unspecified"]),
        elementary("e-co2b", "Carbon dioxide, biogenic", ["air", "unspecified"]),
        elementary("e-co2u", "Carbon dioxide, in air", ["resource", "in air"]),
        elementary("e-ch4f", "Methane, fossil", ["air", "unspecified"]),
        elementary("e-ch4w", "Methane", ["water", "unspecified"])
    ]

    static func ex(_ flow: String, _ amount: Double, _ unit: String, _ prop: String, input: Bool, ref: Bool = false, avoided: Bool = false)
        -> LCIExchange
    {
        LCIExchange(
            flowID: flow, amount: amount, unit: unit, propertyID: prop, isInput: input, isQuantitativeReference: ref, isAvoidedProduct: avoided)
    }

    static var processes: [LCIProcess] {
        [
            LCIProcess(
                id: "p1-elec", name: "Electricity production",
                exchanges: [
                    ex("f-elec", 1, "MJ", "fp-energy", input: false, ref: true),
                    ex("e-co2f", 0.2, "kg", "fp-mass", input: false),
                    ex("e-ch4f", 1, "g", "fp-mass", input: false),
                    ex("e-ch4w", 5, "kg", "fp-mass", input: false) // methane to water: not characterised
                ]),
            LCIProcess(
                id: "p2-steel", name: "Steel production",
                exchanges: [
                    ex("f-steel", 1, "kg", "fp-mass", input: false, ref: true),
                    ex("f-elec", 10, "kWh", "fp-energy", input: true),
                    ex("e-co2f", 1.5, "kg", "fp-mass", input: false)
                ]),
            LCIProcess(
                id: "p3-bike", name: "Bike assembly",
                exchanges: [
                    ex("f-bike", 1, "Item(s)", "fp-items", input: false, ref: true),
                    ex("f-steel", 12, "kg", "fp-mass", input: true),
                    ex("f-elec", 2, "MJ", "fp-energy", input: true),
                    ex("e-co2b", 0.1, "kg", "fp-mass", input: false),
                    ex("e-co2u", 0.05, "kg", "fp-mass", input: true)
                ])
        ]
    }

    static func database(_ processes: [LCIProcess] = processes) -> LCIDatabase {
        LCIDatabase(
            name: "small", unitGroups: [mass.id: mass, energy.id: energy, items.id: items],
            flowProperties: [pMass.id: pMass, pEnergy.id: pEnergy, pItems.id: pItems],
            flows: Dictionary(uniqueKeysWithValues: flows.map { ($0.id, $0) }), processes: processes)
    }

    static let gwp = try! GWPLibrary(sets: [
        GWPSet(assessment: "AR5", metric: .gwp100, values: ["CO2": 1, "CH4": 28, "N2O": 265]),
        GWPSet(assessment: "AR6", metric: .gwp100, values: ["CO2": 1, "CH4": 27.9, "CH4_fossil": 29.8, "CH4_nonfossil": 27.0, "N2O": 273])
    ])
}

@Suite("LCA on a hand-computable system")
struct LCASmallSystemTests {
    @Test("bike footprint: exact answer, gases separated, contributions sum to the total")
    func bike() throws {
        let calc = try LCACalculator(model: TechnosphereModel(Small.database()))
        let method = try ClimateMethod.named("ipcc-ar6-gwp100", library: Small.gwp)
        let bike = try calc.column(forProcess: "p3-bike")
        let r = try calc.calculate(column: bike, method: method, topN: 10)
        // Electricity: 12 kg steel × 36 MJ + 2 MJ = 434 MJ; steel 12 kg.
        let elecMJ = 12 * 36.0 + 2
        let fossilCO2 = elecMJ * 0.2 + 12 * 1.5
        let ch4 = elecMJ * 0.001
        #expect(abs(r.fossilCO2Kg - fossilCO2) < 1e-12)
        #expect(abs(r.ch4FossilKg - ch4) < 1e-15)
        #expect(abs(r.biogenicCO2Kg - 0.1) < 1e-15)
        #expect(abs(r.uptakeCO2Kg + 0.05) < 1e-15)
        let expected = fossilCO2 + ch4 * 29.8 + 0.1 - 0.05
        #expect(abs(r.total - expected) < 1e-12)
        #expect(r.byGasKg["CH4"].map { abs($0 - ch4) < 1e-15 } == true) // methane to water not counted
        let sum = r.topContributors.reduce(0) { $0 + $1.kgCO2e }
        #expect(abs(sum - r.total) < 1e-12)
        #expect(r.topContributors.first?.processID == "p1-elec")
        #expect(r.processesInSupplyChain == 3)
        #expect(r.unit == "Item(s)")
        // fossil-luc variant drops biogenic CO2 and uptake.
        let fl = try calc.calculate(column: bike, method: try ClimateMethod.named("ipcc-ar6-gwp100-fossil-luc", library: Small.gwp))
        #expect(abs(fl.total - (fossilCO2 + ch4 * 29.8)) < 1e-12)
        // AR5: CH4 28 for every sub-class.
        let r5 = try calc.calculate(column: bike, method: try ClimateMethod.named("ipcc-ar5-gwp100", library: Small.gwp))
        #expect(abs(r5.total - (fossilCO2 + ch4 * 28 + 0.05)) < 1e-12)
        // Linear in the amount; further functional units reuse the factorisation.
        let r3 = try calc.calculate(column: bike, amount: 3, method: method)
        #expect(abs(r3.total - 3 * r.total) < 1e-11)
    }

    @Test("unit conversion: kWh inputs become MJ of the provider")
    func unitConversion() throws {
        let model = try TechnosphereModel(Small.database())
        let steel = model.column(ofProcess: "p2-steel")!, elec = model.column(ofProcess: "p1-elec")!
        #expect(model.A[elec, steel] == -36)
        #expect(model.A[steel, steel] == 1)
    }

    @Test("physical allocation splits a two-output process")
    func allocation() throws {
        var procs = Small.processes
        // Electricity production also yields 2 MJ heat per MJ electricity; physical shares 0.4 / 0.6.
        procs[0].exchanges.append(Small.ex("f-heat", 2, "MJ", "fp-energy", input: false))
        procs[0].defaultAllocation = .physical
        procs[0].allocationFactors = [
            LCIAllocationFactor(method: .physical, productID: "f-elec", value: 0.4),
            LCIAllocationFactor(method: .physical, productID: "f-heat", value: 0.6)
        ]
        let model = try TechnosphereModel(Small.database(procs))
        #expect(model.allocatedProcesses == 1)
        #expect(model.columns.count == 4)
        let calc = try LCACalculator(model: model)
        let m = try ClimateMethod.named("ipcc-ar6-gwp100", library: Small.gwp)
        let elec = try calc.calculate(column: model.columns.firstIndex { $0.productFlowID == "f-elec" }!, method: m)
        let heat = try calc.calculate(column: model.columns.firstIndex { $0.productFlowID == "f-heat" }!, method: m)
        let burden = 0.2 + 0.001 * 29.8
        #expect(abs(elec.total - 0.4 * burden) < 1e-14)
        #expect(abs(heat.total - 0.6 * burden / 2) < 1e-14) // 2 MJ heat carry 60 %
        // With policy none the co-product is cut off: electricity carries everything.
        let none = try LCACalculator(model: TechnosphereModel(Small.database(procs), allocation: .none))
        let e2 = try none.calculate(column: none.column(forProcess: "p1-elec"), method: m)
        #expect(abs(e2.total - burden) < 1e-14)
    }

    @Test("system expansion: an avoided product credits its provider")
    func avoidedProduct() throws {
        var procs = Small.processes
        // Steel production recovers 0.5 MJ electricity (avoided product).
        procs[1].exchanges.append(Small.ex("f-elec", 0.5, "MJ", "fp-energy", input: false, avoided: true))
        let model = try TechnosphereModel(Small.database(procs))
        #expect(model.avoidedProducts == 1)
        let calc = try LCACalculator(model: model)
        let m = try ClimateMethod.named("ipcc-ar6-gwp100", library: Small.gwp)
        let steel = try calc.calculate(column: calc.column(forProcess: "p2-steel"), method: m)
        let burdenElec = 0.2 + 0.001 * 29.8
        #expect(abs(steel.total - ((36 - 0.5) * burdenElec + 1.5)) < 1e-12)
    }

    @Test("scenario overrides change an exchange amount")
    func overrides() throws {
        let model = try TechnosphereModel(Small.database(), overrides: [ExchangeOverride(processID: "p3-bike", flowID: "f-steel", amount: 10)])
        let calc = try LCACalculator(model: model)
        let m = try ClimateMethod.named("ipcc-ar6-gwp100", library: Small.gwp)
        let r = try calc.calculate(column: calc.column(forProcess: "p3-bike"), method: m)
        let elecMJ = 10 * 36.0 + 2
        #expect(abs(r.fossilCO2Kg - (elecMJ * 0.2 + 10 * 1.5)) < 1e-12)
    }

    @Test("errors: no reference product, unknown unit, singular technosphere, unknown process")
    func errors() throws {
        var procs = Small.processes
        procs[2].exchanges[0].isQuantitativeReference = false
        // One process without a reference no longer blocks the database (issue 18): it is left out,
        // listed as rejected, and a calculation that needs it names it.
        let partial = try TechnosphereModel(Small.database(procs))
        #expect(partial.rejected.map(\.name) == ["Bike assembly"])
        #expect(partial.rejected.first?.reasons.first?.contains("quantitative reference") == true)
        let partialCalc = try LCACalculator(model: partial)
        #expect { try partialCalc.column(forProcess: "p3-bike") } throws: {
            ($0 as? LCAError)?.code == .rejectedProcess && "\($0)".contains("Bike assembly")
        }
        #expect(try partialCalc.column(forProcess: "p2-steel") >= 0)
        procs = Small.processes
        procs[1].exchanges[1].unit = "BTU"
        #expect { try TechnosphereModel(Small.database(procs)) } throws: {
            ($0 as? LCAError)?.code == .unknownUnit && ($0 as? LCAError)?.description.contains("kWh") == true
        }
        procs = Small.processes
        // Steel consumes exactly the steel it makes: a singular technosphere.
        procs[1].exchanges.append(Small.ex("f-steel", 1, "kg", "fp-mass", input: true))
        #expect { try LCACalculator(model: TechnosphereModel(Small.database(procs))) } throws: { ($0 as? LCAError)?.code == .singular }
        let calc = try LCACalculator(model: TechnosphereModel(Small.database()))
        #expect { try calc.column(forProcess: "no such thing") } throws: { ($0 as? LCAError)?.code == .unknownProcess }
        #expect { try calc.column(forProcess: "production") } throws: { ($0 as? LCAError)?.code == .ambiguousProcess }
        #expect { try ClimateMethod.named("recipe-2016", library: Small.gwp) } throws: { ($0 as? LCAError)?.code == .unknownMethod }
    }

    @Test("an input with no provider is cut off and reported")
    func unlinked() throws {
        var procs = Small.processes
        procs[2].exchanges.append(Small.ex("f-heat", 3, "MJ", "fp-energy", input: true))
        let model = try TechnosphereModel(Small.database(procs))
        #expect(model.unlinked.count == 1)
        #expect(model.unlinked[0].flowName == "Heat")
        #expect(model.unlinked[0].reason == "no provider")
    }
}
