import Foundation
import YuhengCore
import YuhengLCA

/// Unit groups and flow properties for formats that name units but carry no unit groups
/// (Yuheng LCI CSV, EcoSpold2, Brightway CSV): one group per physical dimension, with a fixed
/// reference unit, filled with the units actually used.
///
/// | dimension | flow property | reference unit |
/// |---|---|---|
/// | mass | Mass | kg |
/// | energy | Energy | MJ |
/// | volume | Volume | m3 |
/// | area | Area | m2 |
/// | length | Length | m |
/// | time | Duration | h |
/// | count | Number of items | item |
/// | mass·length | Goods transport (mass*distance) | t*km |
/// | count·length | Person transport | p*km |
/// | area·time | Area*time | m2*a |
/// | volume·time | Volume*time | m3*a |
/// | mass·time | Mass*time | kg*a |
/// | length·time | Length*time | m*a |
/// | energy/time | Power | kW |
/// | radioactivity | Radioactivity | kBq |
/// | currency with a price year | Currency (EUR2005) | the code, e.g. EUR2005 (one group per code and year) |
/// | currency (USD, MEUR, …) | currency(USD) | the first unit seen |
/// | anything else | the dimension's name | the first unit seen |
///
/// A unit's factor is its ``MeasureUnit`` scale divided by the reference unit's scale, so
/// `kWh` has 3.6 in the energy group, `l` 0.001 in the volume group and `kg*km` 0.001 in the
/// transport group. Unit names are read with ``MeasureUnit`` after a few spellings common in LCI
/// data are mapped (`kilogram` → kg, `kilowatt hour` → kWh, `metric ton*km` → t*km,
/// `m2*year` → m2*a, `Item(s)` → item, …). Radioactivity (Bq, kBq, MBq, GBq) is handled here.
/// A year (`a`, `year`) is the Julian year, as in ``MeasureUnit``.
struct LCIUnitCatalog {
    struct Resolved {
        var propertyID: String
        var unit: String
        var factor: Double
    }

    private struct Kind {
        var key: String
        var property: String
        var reference: String
    }

    private static let kinds: [UnitDimension: Kind] = [
        .mass: Kind(key: "mass", property: "Mass", reference: "kg"),
        .energy: Kind(key: "energy", property: "Energy", reference: "MJ"),
        .volume: Kind(key: "volume", property: "Volume", reference: "m3"),
        .area: Kind(key: "area", property: "Area", reference: "m2"),
        .length: Kind(key: "length", property: "Length", reference: "m"),
        .time: Kind(key: "time", property: "Duration", reference: "h"),
        .count: Kind(key: "items", property: "Number of items", reference: "item"),
        UnitDimension.mass * .length: Kind(key: "goods-transport", property: "Goods transport (mass*distance)", reference: "t*km"),
        UnitDimension.count * .length: Kind(key: "person-transport", property: "Person transport", reference: "p*km"),
        UnitDimension.area * .time: Kind(key: "area-time", property: "Area*time", reference: "m2*a"),
        UnitDimension.volume * .time: Kind(key: "volume-time", property: "Volume*time", reference: "m3*a"),
        UnitDimension.mass * .time: Kind(key: "mass-time", property: "Mass*time", reference: "kg*a"),
        UnitDimension.length * .time: Kind(key: "length-time", property: "Length*time", reference: "m*a"),
        UnitDimension.energy / .time: Kind(key: "power", property: "Power", reference: "kW")
    ]

    /// Spellings seen in EcoSpold2, Brightway and SimaPro exports, mapped to ``MeasureUnit`` symbols.
    static let aliases: [String: String] = [
        "kilogram": "kg", "kilograms": "kg", "gram": "g", "milligram": "mg", "tonne": "t", "metric ton": "t", "ton": "t",
        "kilowatt hour": "kWh", "kilowatt-hour": "kWh", "megawatt hour": "MWh", "megajoule": "MJ", "kilojoule": "kJ", "gigajoule": "GJ",
        "cubic meter": "m3", "cubic metre": "m3", "square meter": "m2", "square metre": "m2", "square meter-year": "m2*a",
        "cubic meter-year": "m3*a", "meter": "m", "metre": "m", "kilometer": "km", "kilometre": "km",
        "liter": "l", "litre": "l", "hour": "h", "hours": "h", "day": "d", "year": "a", "second": "s", "minute": "min",
        "unit": "item", "units": "item", "Item(s)": "item", "Items": "item", "pcs": "item", "piece": "item",
        "metric ton*km": "t*km", "ton kilometer": "t*km", "tonne kilometer": "t*km", "ton-kilometer": "t*km", "tkm": "t*km",
        "kg*km": "kg*km", "kilogram kilometer": "kg*km", "person*km": "p*km", "person kilometer": "p*km", "pkm": "p*km",
        "m2*year": "m2*a", "m3*year": "m3*a", "kg*year": "kg*a", "km*year": "km*a", "m*year": "m*a", "kg*day": "kg*d",
        "btu": "Btu", "BTU": "Btu", "sh tn": "short_ton", "short ton": "short_ton", "lb av": "lb"
    ]

    static let radioactivity: [String: Double] = ["Bq": 0.001, "kBq": 1, "MBq": 1000, "GBq": 1e6, "kilo Becquerel": 1, "kilobecquerel": 1]

    /// Unit groups by id, with the units used so far.
    private(set) var unitGroups: [String: LCIUnitGroup] = [:]
    private(set) var flowProperties: [String: LCIFlowProperty] = [:]
    /// Dimension description → (property id, reference unit scale) for dimensions without a fixed kind.
    private var adHoc: [String: (String, Double)] = [:]

    /// The property a unit belongs to, the unit's name as stored and its factor to the reference
    /// unit. Throws ``UnitError`` when the unit is unknown.
    mutating func resolve(_ raw: String) throws -> Resolved {
        let name = raw.trimmingCharacters(in: .whitespaces)
        if let f = Self.radioactivity[name] {
            let pid = register(key: "radioactivity", property: "Radioactivity", reference: "kBq")
            unitGroups[groupID(pid)]!.units[name] = f
            return Resolved(propertyID: pid, unit: name, factor: f)
        }
        if let code = Self.currencyWithYear(name) {
            let pid = register(key: "currency-\(code.lowercased())", property: "Currency (\(code))", reference: code)
            return Resolved(propertyID: pid, unit: code, factor: 1)
        }
        let symbol = Self.aliases[name] ?? name
        let unit = try MeasureUnit(symbol)
        if let kind = Self.kinds[unit.dimension] {
            let pid = register(key: kind.key, property: kind.property, reference: kind.reference)
            let refScale = (try? MeasureUnit(kind.reference).scale) ?? 1
            let factor = unit.scale / refScale
            unitGroups[groupID(pid)]!.units[name] = factor
            return Resolved(propertyID: pid, unit: name, factor: factor)
        }
        let dim = unit.dimension.description
        if let (pid, refScale) = adHoc[dim] {
            let factor = unit.scale / refScale
            unitGroups[groupID(pid)]!.units[name] = factor
            return Resolved(propertyID: pid, unit: name, factor: factor)
        }
        let key = "dim-" + String(dim.map { $0.isLetter || $0.isNumber ? $0 : "-" })
        let pid = register(key: key, property: dim, reference: name)
        adHoc[dim] = (pid, unit.scale)
        return Resolved(propertyID: pid, unit: name, factor: 1)
    }

    private func groupID(_ propertyID: String) -> String { flowProperties[propertyID]!.unitGroupID }

    private mutating func register(key: String, property: String, reference: String) -> String {
        let pid = "yuheng:property:\(key)", gid = "yuheng:unit-group:\(key)"
        if flowProperties[pid] == nil {
            flowProperties[pid] = LCIFlowProperty(id: pid, name: property, unitGroupID: gid)
            unitGroups[gid] = LCIUnitGroup(id: gid, name: "Units of \(property.lowercased())", referenceUnit: reference, units: [reference: 1])
        }
        return pid
    }

    /// A currency code with a price year: EUR2005, USD 2000 (returned without the space).
    static func currencyWithYear(_ s: String) -> String? {
        let compact = s.replacingOccurrences(of: " ", with: "")
        let chars = Array(compact)
        guard chars.count == 7, chars.prefix(3).allSatisfy({ $0.isASCII && $0.isUppercase }),
            chars.suffix(4).allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return compact
    }
}
