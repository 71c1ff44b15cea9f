import YuhengCore

/// The Tier 1 method that turns an activity into emissions.
public enum InventoryMethod: String, Sendable, Codable, CaseIterable {
    /// Stationary combustion, IPCC 2006 Vol 2 Ch 2, Eq 2.1.
    case stationary
    /// Mobile combustion (fuel-based), Vol 2 Ch 3, Eqs 3.2.1 and 3.2.3.
    case mobile
    /// Cement production, Vol 3 Ch 2, Eqs 2.1 (Tier 1) and 2.2/2.4/2.5 (Tier 2).
    case cement
    /// Enteric fermentation, Vol 4 Ch 10, Eqs 10.19/10.20 (Tier 1) and 10.21 (Tier 2 EF).
    case enteric
    /// Reference approach, Vol 2 Ch 6, Eq 6.1 (a check, not added to the national total).
    case reference

    // Energy, fugitive emissions (Vol 2 Ch 4): Methods/Fugitive.swift
    case coalMining = "coal_mining"
    case oilGas = "oil_gas"
    // IPPU (Vol 3): Methods/Minerals.swift, Chemicals.swift, Metals.swift, ProductUse.swift
    case lime, glass, carbonates
    case ammonia
    case nitricAcid = "nitric_acid"
    case adipicAcid = "adipic_acid"
    case caprolactam, carbide
    case titaniumDioxide = "titanium_dioxide"
    case sodaAsh = "soda_ash"
    case petrochemicals
    case ironSteel = "iron_steel"
    case ferroalloys, aluminium, magnesium, lead, zinc
    case nonEnergyProducts = "non_energy_products"
    case refrigeration
    case sf6Equipment = "sf6_equipment"
    // AFOLU (Vol 4): Methods/Livestock.swift, AggregateSources.swift
    case manure
    case biomassBurning = "biomass_burning"
    case liming, urea
    case soilN2O = "soil_n2o"
    case rice
    // Waste (Vol 5): Methods/Waste.swift
    case landfill
    case biologicalTreatment = "biological_treatment"
    case incineration
    case openBurning = "open_burning"
    case wastewater

    /// The methods of the first release (stationary … reference), computed by their own code.
    var isOriginal: Bool { [.stationary, .mobile, .cement, .enteric, .reference].contains(self) }
}

/// One line of activity data.
///
/// The CSV form (see `docs/inventory-format.md`) has the columns
/// `id, category, method, item, amount, unit, ad_uncertainty_pct, parameters`, where `parameters`
/// holds `key=value` pairs separated by `;` and values may carry a unit (`density=0.84 t/m3`).
public struct Activity: Sendable, Codable, Hashable {
    /// Line identifier shown in results, e.g. "coal_power"; "line N" when the file gives none (see `idGiven`).
    public var id: String
    /// Line in the source file (1-based), when read from a file.
    public var line: Int?
    /// Normalised IPCC category, e.g. "1.A.1.a".
    public var category: String
    /// The Tier 1 method the line is computed with (stationary, mobile, cement, enteric, …).
    public var method: InventoryMethod
    /// Fuel id, livestock type, cement type or "clinker".
    public var item: String
    /// Activity amount in `unit` (fuel mass or energy, head of livestock, tonnes of clinker, …).
    public var amount: Double
    /// Unit of `amount`, converted to the method's canonical unit (e.g. t, TJ, head).
    public var unit: MeasureUnit
    /// Activity-data uncertainty, half-width of the 95 % interval in percent.
    public var adUncertaintyPercent: Double?
    /// Method parameters as written (`key` → `value`, possibly with a unit, e.g. "density" → "0.84 t/m3"); checked against ``MethodSpec``.
    public var parameters: [String: String]
    /// Inventory year, when the file has a `year` column (time series).
    public var year: Int?
    /// True when the file gave the id (a disposal series of the FOD model needs one).
    public var idGiven: Bool = true

    enum CodingKeys: String, CodingKey {
        case id, line, category, method, item, amount, unit, adUncertaintyPercent, parameters, year
    }

    /// Memberwise initialiser; `category` must already be normalised.
    public init(
        id: String, line: Int? = nil, category: String, method: InventoryMethod, item: String, amount: Double,
        unit: MeasureUnit, adUncertaintyPercent: Double? = nil, parameters: [String: String] = [:], year: Int? = nil
    ) {
        self.year = year
        self.id = id
        self.line = line
        self.category = category
        self.method = method
        self.item = item
        self.amount = amount
        self.unit = unit
        self.adUncertaintyPercent = adUncertaintyPercent
        self.parameters = parameters
    }

    // MARK: Parameter access

    func number(_ key: String) throws -> Double? {
        guard let raw = parameters[key] else { return nil }
        guard let v = Double(raw.trimmingCharacters(in: .whitespaces)), v.isFinite else {
            throw InventoryError(.invalidNumber, "parameter '\(key)' must be a number, got '\(raw)'", field: "parameters")
        }
        return v
    }

    func nonNegative(_ key: String) throws -> Double? {
        guard let v = try number(key) else { return nil }
        if v < 0 { throw InventoryError(.negativeAmount, "parameter '\(key)' must not be negative (got \(v))", field: "parameters") }
        return v
    }

    func fraction(_ key: String) throws -> Double? {
        guard let v = try number(key) else { return nil }
        guard (0...1).contains(v) else {
            throw InventoryError(
                .invalidParameter, "parameter '\(key)' is a fraction between 0 and 1, got \(v)", field: "parameters",
                suggestion: "write 0.65 rather than 65")
        }
        return v
    }

    /// A parameter with a unit, e.g. "50000 t" or "0.84 t/m3"; without a unit `defaultUnit` applies.
    func quantity(_ key: String, defaultUnit: MeasureUnit? = nil) throws -> Quantity? {
        guard let raw = parameters[key]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        let parts = raw.split(separator: " ", maxSplits: 1).map(String.init)
        guard let v = Double(parts[0]), v.isFinite else {
            throw InventoryError(.invalidNumber, "parameter '\(key)' must start with a number, got '\(raw)'", field: "parameters")
        }
        if parts.count == 2 {
            do { return Quantity(v, try MeasureUnit(parts[1])) } catch let e as UnitError {
                throw InventoryError(.unitMismatch, "parameter '\(key)': \(e.message)", field: "parameters")
            }
        }
        guard let u = defaultUnit else {
            throw InventoryError(.unitMismatch, "parameter '\(key)' needs a unit, e.g. '\(v) t'", field: "parameters")
        }
        return Quantity(v, u)
    }

    var gasesFilter: Set<Gas>? {
        guard let g = parameters["gases"], !g.isEmpty else { return nil }
        return Set(g.split(whereSeparator: { $0 == "," || $0 == "|" || $0 == " " }).map { Gas(String($0)) })
    }
}

/// Reads activity data files.
public enum ActivityFile {
    /// Columns every activity file must have.
    public static let requiredColumns = ["category", "method", "item", "amount", "unit"]
    /// Every column an activity file may have; any other column is an error that lists these.
    public static let knownColumns = Set([
        "id", "category", "method", "item", "amount", "unit", "ad_uncertainty_pct", "parameters", "description", "year"
    ])

    /// Parses the CSV activity format. Errors carry the file name, line and field.
    ///
    /// ```csv
    /// id,category,method,item,amount,unit,ad_uncertainty_pct,parameters
    /// coal,1.A.1.a,stationary,other_bituminous_coal,100,Gg,5,
    /// ```
    public static func parseCSV(_ text: String, fileName: String = "<input>") throws -> [Activity] {
        let table: CSVTable
        do { table = try CSVTable(text: text) } catch let e as CoreError {
            throw InventoryError(.emptyInput, e.message, file: fileName)
        }
        for c in requiredColumns where !table.header.contains(c) {
            throw InventoryError(
                .missingColumn, "the column '\(c)' is missing (header: \(table.header.joined(separator: ",")))", field: c,
                suggestion: "the header must contain \(requiredColumns.joined(separator: ", ")) and may add id, ad_uncertainty_pct, parameters",
                file: fileName, line: 1)
        }
        for c in table.header where !knownColumns.contains(c) {
            throw InventoryError(
                .unknownColumn, "unknown column '\(c)'", field: c,
                suggestion:
                    "known columns: \(knownColumns.sorted().joined(separator: ", ")); put method options in 'parameters' as key=value;key=value",
                file: fileName, line: 1)
        }
        var out: [Activity] = []
        for row in table.rows {
            do {
                out.append(try activity(from: row))
            } catch let e as InventoryError {
                throw e.located(file: fileName, line: row.line)
            }
        }
        if out.isEmpty {
            throw InventoryError(.emptyInput, "the file has a header but no activity rows", file: fileName)
        }
        if table.header.contains("year"), let missing = out.first(where: { $0.year == nil }) {
            throw InventoryError(
                .missingValue, "the value is empty: every line of a file with a year column needs its year", field: "year",
                suggestion: "write the inventory year (e.g. 2020) on every line", file: fileName, line: missing.line)
        }
        return out
    }

    static func activity(from row: CSVTable.Row) throws -> Activity {
        func text(_ c: String) -> String { (row[c] ?? "").trimmingCharacters(in: .whitespaces) }
        func required(_ c: String) throws -> String {
            let v = text(c)
            if v.isEmpty { throw InventoryError(.missingValue, "the value is empty", field: c) }
            return v
        }
        let methodText = try required("method").lowercased()
        guard let method = InventoryMethod(rawValue: methodText) else {
            throw InventoryError(
                .unknownMethod, "unknown method '\(methodText)'", field: "method",
                suggestion: "use one of \(InventoryMethod.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let categoryText = text("category")
        let category: String
        if categoryText.isEmpty && method == .reference {
            category = "1.A"
        } else if categoryText.isEmpty, !method.isOriginal, let spec = MethodSpecs.spec(method) {
            category = spec.categories[0]
        } else {
            category = try IPCCCategory.normalize(try required("category"))
        }
        let item = try required("item").lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
        let amountText = try required("amount")
        guard let amount = Double(amountText), amount.isFinite else {
            throw InventoryError(
                .invalidNumber, "'\(amountText)' is not a number", field: "amount",
                suggestion: "write plain numbers such as 1000 or 2.5e3, without thousands separators")
        }
        if amount < 0 {
            throw InventoryError(
                .negativeAmount, "the amount is negative (\(amountText))", field: "amount",
                suggestion: "activity amounts must be zero or positive; record exports or stock changes as parameters of the reference approach")
        }
        let unitText = try required("unit")
        let unit: MeasureUnit
        do { unit = try MeasureUnit(unitText) } catch let e as UnitError {
            throw InventoryError(.unitMismatch, e.message, field: "unit")
        }
        var adU: Double? = nil
        let u = text("ad_uncertainty_pct")
        if !u.isEmpty {
            guard let v = Double(u), v.isFinite, v >= 0 else {
                throw InventoryError(
                    .invalidNumber, "'\(u)' is not a non-negative percentage", field: "ad_uncertainty_pct",
                    suggestion: "give the half-width of the 95 % interval in percent, e.g. 5")
            }
            adU = v
        }
        var params: [String: String] = [:]
        for pair in text("parameters").split(separator: ";") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, !kv[0].isEmpty else {
                throw InventoryError(
                    .invalidParameter, "'\(pair)' is not a key=value pair", field: "parameters",
                    suggestion: "separate pairs with ';', e.g. technology=uncontrolled;density=0.84 t/m3")
            }
            params[kv[0].lowercased()] = kv[1]
        }
        var year: Int? = nil
        let yearText = text("year")
        if !yearText.isEmpty {
            guard let y = Int(yearText), (1750...2200).contains(y) else {
                throw InventoryError(.invalidNumber, "'\(yearText)' is not a year", field: "year", suggestion: "write a four-digit year such as 2020")
            }
            year = y
        }
        let id = text("id").isEmpty ? "line \(row.line)" : text("id")
        var a = Activity(
            id: id, line: row.line, category: category, method: method, item: item, amount: amount,
            unit: unit, adUncertaintyPercent: adU, parameters: params, year: year)
        a.idGiven = !text("id").isEmpty
        return a
    }
}

import Foundation
