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
    public struct Reference: Sendable, Codable {
        /// Process id, id prefix or unique name.
        public var process: String
        /// Amount of the process's reference product, in `unit` (default: the reference unit).
        public var amount: Double
        public var unit: String?
    }

    public struct Stage: Sendable, Codable {
        public var name: String
        /// A process belongs to the first stage with a pattern found (case-insensitive) in its name or category.
        public var match: [String]
    }

    public struct Scenario: Sendable, Codable {
        public var name: String?
        public var process: String
        /// Flow id or name of the exchange to change.
        public var flow: String
        public var amount: Double?
        public var factor: Double?
    }

    public var title: String
    public var goal: String
    public var scope: String?
    public var intendedApplication: String?
    public var commissioner: String?
    public var practitioner: String?
    public var functionalUnit: String
    public var reference: Reference
    /// cradle-to-gate, cradle-to-grave, gate-to-gate.
    public var boundary: String
    public var method: String?
    public var additionalMethods: [String]?
    /// default, none, physical, economic, causal.
    public var allocation: String?
    /// Alternative allocation policies to test in the sensitivity analysis.
    public var allocationSensitivity: [String]?
    public var stages: [Stage]?
    public var defaultStage: String?
    /// Contributions below this share of the total are grouped as "other" in the tables and tree.
    public var cutoff: Double?
    public var scenarios: [Scenario]?
    public var dataSources: [String]?
    public var assumptions: [String]?
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
