import Testing
import YuhengCore
@testable import YuhengInventory

/// The "Bad input" rules of issue 21: nothing is computed silently from a typo. Every error names the
/// file, the line and the field.
@Suite("Bad input of the Tier 1 methods")
struct BadInputTests {
    static let header = "id,category,method,item,amount,unit,ad_uncertainty_pct,parameters\n"
    static let headerY = "id,year,category,method,item,amount,unit,ad_uncertainty_pct,parameters\n"

    func error(_ csv: String, series: Bool = true) -> InventoryError? {
        do {
            let acts = try ActivityFile.parseCSV(csv, fileName: "bad.csv")
            if series {
                _ = try Fixture.engine().computeSeries(acts, fileName: "bad.csv")
            } else {
                _ = try Fixture.engine().compute(acts, fileName: "bad.csv")
            }
            return nil
        } catch let e as InventoryError {
            return e
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    func expectError(
        _ csv: String, code: InventoryError.Code, field: String, line: Int?, contains: [String], series: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let e = error(csv, series: series) else {
            Issue.record("no error for \(csv)", sourceLocation: sourceLocation)
            return
        }
        #expect(e.code == code, "\(e)", sourceLocation: sourceLocation)
        #expect(e.field == field, "\(e)", sourceLocation: sourceLocation)
        #expect(e.file == "bad.csv", "\(e)", sourceLocation: sourceLocation)
        if let line { #expect(e.line == line, "\(e)", sourceLocation: sourceLocation) }
        for c in contains { #expect(e.description.contains(c), "'\(c)' not in: \(e)", sourceLocation: sourceLocation) }
    }

    @Test("an unknown parameter key is an error with a did-you-mean (the cement typo of the issue)")
    func unknownKey() {
        expectError(
            Self.header + "c,2.A.1,cement,portland,1000000,t,,clinker_fracton=0.72\n", code: .invalidParameter, field: "parameters", line: 2,
            contains: ["unknown parameter 'clinker_fracton'", "Did you mean 'clinker_fraction'?"])
        expectError(
            Self.header + "l,2.A.2,lime,lime,1000,t,,ef_lime=0.7\n", code: .invalidParameter, field: "parameters", line: 2,
            contains: ["unknown parameter 'ef_lime'"])
        expectError(
            Self.header + "w,,landfill,msw_food,1000,t,,docff=0.5\n", code: .invalidParameter, field: "parameters", line: 2,
            contains: ["Did you mean 'docf'?"], series: false)
    }

    @Test("a parameter of another method is an error naming the methods it belongs to")
    func wrongMethod() {
        expectError(
            Self.header + "l,,lime,high_calcium,1000,t,,region=western_europe\n", code: .invalidParameter, field: "parameters", line: 2,
            contains: ["does not apply to method lime", "enteric"])
        expectError(
            Self.header + "n,,nitric_acid,nscr,1000,t,,clinker_fraction=0.9\n", code: .invalidParameter, field: "parameters", line: 2,
            contains: ["does not apply to method nitric_acid", "cement"])
        // and a typo of an old method's key still has a suggestion
        expectError(
            Self.header + "c,1.A.1,stationary,natural_gas,10,TJ,,ef_c02=56000\n", code: .invalidParameter, field: "parameters", line: 2,
            contains: ["Did you mean 'ef_co2'?"])
    }

    @Test("fractions outside [0, 1] are errors, percentages get a hint")
    func fractions() {
        expectError(
            Self.header + "g,,glass,glass,1000,t,,cullet_ratio=50\n", code: .invalidParameter, field: "parameters", line: 2,
            contains: ["fraction between 0 and 1", "0.5 rather than 50"])
        expectError(
            Self.header + "m,,manure,dairy_cattle,100,head,,region=western_europe;system=lagoon;share=1.2;climate=temperate_cool;moisture=moist\n",
            code: .invalidParameter, field: "parameters", line: 2, contains: ["'share'"])
        expectError(
            Self.header + "c,2.A.1,cement,portland,1000,t,,clinker_fraction=-0.1\n", code: .invalidParameter, field: "parameters", line: 2,
            contains: ["fraction"])
    }

    @Test("negative masses are errors")
    func negative() {
        expectError(Self.header + "l,,lime,lime,-5,t,,\n", code: .negativeAmount, field: "amount", line: 2, contains: ["negative"])
        expectError(
            Self.header + "u,,coal_mining,underground,1000,t,,recovered_ch4=-3 t\n", code: .negativeAmount, field: "parameters", line: 2,
            contains: ["recovered_ch4"])
        expectError(
            Self.header + "a,,ammonia,natural_gas,1000,t,,co2_recovered=-1\n", code: .negativeAmount, field: "parameters", line: 2,
            contains: ["co2_recovered"])
    }

    @Test("a unit slip (kg/t for t/t) and amounts beyond any country are errors; merely implausible values are warnings")
    func plausibility() throws {
        expectError(
            Self.header + "l,,lime,lime,1000,t,,ef=750\n", code: .invalidParameter, field: "parameters", line: 2,
            contains: ["far outside the plausible range", "kg/t instead of t/t"])
        expectError(Self.header + "l,,lime,lime,5e12,t,,\n", code: .invalidParameter, field: "amount", line: 2, contains: ["far beyond any country"])
        expectError(
            Self.header + "e,3.A.1,enteric,dairy_cattle,100,head,,region=western_europe;ym_pct=6500\n", code: .invalidParameter, field: "parameters",
            line: 2,
            contains: ["ym_pct"])
        let acts = try Fixture.parse(Self.header + "l,,lime,lime,9e8,t,,ef=1.2\n")
        let r = try Fixture.engine().compute(acts, fileName: "w.csv")
        #expect(r.warnings.contains { $0.hasPrefix("w.csv:2: field 'amount'") && $0.contains("larger than any country") })
        #expect(r.warnings.contains { $0.hasPrefix("w.csv:2: field 'parameters'") && $0.contains("outside the plausible range") })
    }

    @Test("the first order decay model needs every year of disposal: a gap is an error naming the line after it")
    func fodGap() {
        // the other lines report 2000–2003 without a gap; the disposal series skips 2002
        let lines =
            [2000, 2001, 2003].map { "w,\($0),4.A,landfill,msw_food,1000,t,,climate=tropical;moisture=wet\n" }.joined()
            + (2000...2003).map { "l,\($0),,lime,lime,10,t,,\n" }.joined()
        expectError(Self.headerY + lines, code: .invalidParameter, field: "year", line: 4, contains: ["no line for 2002", "every year of disposal"])
        expectError(
            Self.header + "w,4.A,landfill,msw_food,1000,t,,climate=tropical;moisture=wet\n", code: .missingValue, field: "year", line: 2,
            contains: ["disposal history"])
        let dup = [2000, 2001, 2001].map { "w,\($0),4.A,landfill,msw_food,1000,t,,climate=tropical;moisture=wet\n" }.joined()
        expectError(Self.headerY + dup, code: .invalidParameter, field: "year", line: 4, contains: ["two lines for 2001"])
        let noID = [2000, 2001].map { ",\($0),4.A,landfill,msw_food,1000,t,,climate=tropical;moisture=wet\n" }.joined()
        expectError(Self.headerY + noID, code: .missingValue, field: "id", line: 2, contains: ["id shared by the years"])
    }

    @Test("a time series needs every reported year and a year on every line")
    func seriesGaps() {
        let lines = [2000, 2001, 2003].map { "l,\($0),,lime,lime,1000,t,,\n" }.joined()
        expectError(Self.headerY + lines, code: .invalidParameter, field: "year", line: nil, contains: ["no line for 2002"])
        expectError(
            Self.headerY + "l,2000,,lime,lime,1000,t,,\nl,,,lime,lime,1000,t,,\n", code: .missingValue, field: "year", line: 3, contains: ["year"])
        expectError(Self.headerY + "l,20x0,,lime,lime,1000,t,,\n", code: .invalidNumber, field: "year", line: 2, contains: ["not a year"])
    }

    @Test("unknown items, categories of another method and unknown choices are errors with suggestions")
    func itemsAndCategories() {
        expectError(
            Self.header + "l,,lime,high_calcum,1000,t,,\n", code: .unknownItem, field: "item", line: 2, contains: ["Did you mean 'high_calcium'?"])
        expectError(Self.header + "l,2.A.3,lime,lime,1000,t,,\n", code: .unknownCategory, field: "category", line: 2, contains: ["2.A.2"])
        expectError(
            Self.header + "r,,rice,continuously_flooded,1000,ha,,days=120;preseason=flodded\n", code: .invalidParameter, field: "parameters", line: 2,
            contains: ["Did you mean 'flooded'?"])
        expectError(
            Self.header + "l,,lime,lime,1000,t,,guideline=2007\n", code: .invalidParameter, field: "parameters", line: 2, contains: ["2006, 2019R"])
        expectError(Self.header + "l,,lime,lime,1000,head,,\n", code: .unitMismatch, field: "unit", line: 2, contains: ["lime produced"])
    }

    @Test("a 2006 line never gets a 2019R value: the error says which edition has it")
    func editions() {
        expectError(
            Self.header + "c,,soil_n2o,crop_residue,100,ha,,crop=maize;yield=8000\n", code: .missingFactor, field: "parameters", line: 2,
            contains: ["only the 2019R table has one", "guideline=2019R"])
        expectError(
            Self.header + "m,,manure,dairy_cattle,100,head,,region=western_europe;system=lagoon;guideline=2006\n", code: .missingFactor,
            field: "parameters", line: 2,
            contains: ["Tables 10.14–10.16"])
    }

    @Test("required inputs without a default are named")
    func required() {
        expectError(Self.header + "r,,refrigeration,domestic,10,t,,\n", code: .missingValue, field: "parameters", line: 2, contains: ["refrigerant"])
        expectError(
            Self.header + "m,,manure,dairy_cattle,100,head,,region=western_europe\n", code: .missingValue, field: "parameters", line: 2,
            contains: ["system"])
        // Excretion without a region or a value of its own: the error names both ways out.
        expectError(
            Self.header + "m,,manure,dairy_cattle,100,head,,system=lagoon;climate=temperate_cool;moisture=moist\n", code: .missingValue,
            field: "parameters", line: 2, contains: ["VS excretion depends on the region", "vs=… kg VS/head/yr"])
        expectError(
            Self.header + "m,,manure,dairy_cattle,100,head,,system=lagoon;climate=temperate_cool;moisture=moist;vs=2000;tam=600\n",
            code: .missingValue, field: "parameters", line: 2, contains: ["N excretion depends on the region", "nex=… kg N/head/yr"])
        expectError(
            Self.header + "o,1.B.2.a,oil_gas,oil_production,1000,m3,,\n", code: .missingValue, field: "parameters", line: 2, contains: ["ef_ch4"])
        expectError(
            Self.header + "w,,landfill,msw_food,1000,t,,climate=tropical;moisture=wet\n", code: .missingValue, field: "year", line: 2,
            contains: ["disposal history"], series: false)
        expectError(
            Self.header + "t,,titanium_dioxide,titanium_slag,1000,t,,\n", code: .missingFactor, field: "parameters", line: 2, contains: ["give ef="])
    }
}
