import Foundation
import YuhengCore

/// A product carbon footprint study (ISO 14067 / ISO 14040-44): goal, scope, functional unit,
/// reference process, boundary, stages, allocation, data sources, cut-off and scenarios.
///
/// ```yaml
/// title: Carbon footprint of 1 kWh of US grid electricity
/// goal: Compare the grid mix with coal power for a procurement decision
/// functional_unit: 1 kWh of electricity delivered at the grid
/// reference: { process: "Electricity, at Grid, US, 2008", amount: 3.6, unit: MJ }
/// boundary: cradle-to-gate
/// method: ipcc-ar6-gwp100
/// stages:
///   - { name: Fuel supply, match: ["at mine", "extraction", "refinery"] }
///   - { name: Power generation, match: ["at power plant"] }
/// ```
public struct ProductStudy: Sendable, Codable {
    /// The functional unit's reference flow: a process and an amount of its reference product.
    public struct Reference: Sendable, Codable {
        /// Process id, id prefix or unique name.
        public var process: String
        /// Amount of the process's reference product, in `unit` (default: the reference unit).
        public var amount: Double
        /// Unit of `amount`, convertible to the reference unit (e.g. "kWh" for a product in MJ); nil = the reference unit.
        public var unit: String?
    }

    /// A life-cycle stage the contributions are grouped into (e.g. "Power generation", "Transport").
    public struct Stage: Sendable, Codable {
        /// Stage name shown in the by-stage table.
        public var name: String
        /// A process belongs to the first stage with a pattern found (case-insensitive) in its name or category.
        public var match: [String]
    }

    /// A what-if change of one exchange, computed as a separate result.
    public struct Scenario: Sendable, Codable {
        /// Label of the scenario in the report (default: "process: flow").
        public var name: String?
        /// Process id, id prefix or unique name whose exchange changes.
        public var process: String
        /// Flow id or name of the exchange to change.
        public var flow: String
        /// New amount of the exchange, in the flow's reference unit (give this or `factor`).
        public var amount: Double?
        /// Factor the exchange's amount is multiplied by (give this or `amount`).
        public var factor: Double?
    }

    /// Title of the study, shown on the report.
    public var title: String
    /// Goal of the study (ISO 14067 §6.2), in words.
    public var goal: String
    /// Scope statement, in words.
    public var scope: String?
    /// Intended application of the results, e.g. "internal product comparison".
    public var intendedApplication: String?
    /// Who commissioned the study.
    public var commissioner: String?
    /// Who carried it out.
    public var practitioner: String?
    /// The functional (or declared) unit in words, e.g. "1 kWh of electricity delivered to the grid".
    public var functionalUnit: String
    /// The process and amount the functional unit corresponds to.
    public var reference: Reference
    /// cradle-to-gate, cradle-to-grave, gate-to-gate.
    public var boundary: String
    /// Impact method id (default "ipcc-ar6-gwp100"; "-fossil-luc" suffix excludes biogenic CO2).
    public var method: String?
    /// Further methods whose totals are reported for comparison.
    public var additionalMethods: [String]?
    /// default, none, physical, economic, causal.
    public var allocation: String?
    /// Alternative allocation policies to test in the sensitivity analysis.
    public var allocationSensitivity: [String]?
    /// Stages in priority order; nil reports no stage table.
    public var stages: [Stage]?
    /// Stage for processes no pattern matches (default "Other").
    public var defaultStage: String?
    /// Contributions below this share of the total are grouped as "other" in the tables and tree.
    public var cutoff: Double?
    /// What-if changes, each computed as its own result.
    public var scenarios: [Scenario]?
    /// Data sources named in the report.
    public var dataSources: [String]?
    /// Assumptions stated in the report.
    public var assumptions: [String]?
    /// Limitations stated in the report.
    public var limitations: [String]?
    /// Patterns for processes whose emissions are aircraft transport (reported separately per ISO 14067).
    public var aircraftPatterns: [String]?

    enum CodingKeys: String, CodingKey {
        case title, goal, scope, commissioner, practitioner, reference, boundary, method, allocation, stages, cutoff, scenarios, assumptions,
            limitations
        case intendedApplication = "intended_application"
        case functionalUnit = "functional_unit"
        case additionalMethods = "additional_methods"
        case allocationSensitivity = "allocation_sensitivity"
        case defaultStage = "default_stage"
        case dataSources = "data_sources"
        case aircraftPatterns = "aircraft_patterns"
    }

    /// Checks the study for things a report cannot be built from.
    public func validate() throws {
        if title.trimmingCharacters(in: .whitespaces).isEmpty { throw LCAError(.invalidStudy, "the study needs a title", entity: "title") }
        if functionalUnit.trimmingCharacters(in: .whitespaces).isEmpty {
            throw LCAError(.invalidStudy, "the functional unit is empty", entity: "functional_unit")
        }
        guard reference.amount.isFinite, reference.amount > 0 else {
            throw LCAError(.invalidStudy, "the reference amount must be a positive number (got \(reference.amount))", entity: "reference.amount")
        }
        guard ["cradle-to-gate", "cradle-to-grave", "gate-to-gate"].contains(boundary) else {
            throw LCAError(
                .invalidStudy, "unknown system boundary '\(boundary)'", entity: "boundary",
                suggestion: "use cradle-to-gate, cradle-to-grave or gate-to-gate")
        }
        if let a = allocation, AllocationPolicy(rawValue: a) == nil {
            throw LCAError(
                .invalidStudy, "unknown allocation '\(a)'", entity: "allocation", suggestion: "use default, none, physical, economic or causal")
        }
        if let c = cutoff, !(0..<1).contains(c) { throw LCAError(.invalidStudy, "the cut-off is a share between 0 and 1", entity: "cutoff") }
    }
}
