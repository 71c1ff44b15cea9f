import Foundation

/// A specialist agent: instructions and the tools it may use.
public struct AgentSpec: Sendable {
    /// The agent's identifier, used by the router and `yuheng ask --agent`, e.g. "trade".
    public var name: String
    /// What the agent is, as its system prompt introduces it, e.g. "life cycle assessment (product carbon footprint)".
    public var title: String
    /// What the router tells the model about it.
    public var summary: String
    /// The agent's own instructions (method, which tool for what), placed before the common rules.
    public var instructions: String
    /// Names of the tools the agent may call (a subset of the registry).
    public var tools: [String]
    /// Words that send a question here when the model cannot route.
    public var keywords: [String]

    /// An agent specification.
    public init(name: String, title: String, summary: String, instructions: String, tools: [String], keywords: [String]) {
        self.name = name
        self.title = title
        self.summary = summary
        self.instructions = instructions
        self.tools = tools
        self.keywords = keywords
    }

    /// Rules every agent follows (grounding, units, refusals).
    public static let commonRules = """
        Rules:
        - Every number in your answer must come from a tool result in this conversation. Call a tool before stating any figure; \
        never estimate, recall or compute new numbers yourself (rounding is fine; percentages and differences only when a tool returned them).
        - Give each number with its unit and the dataset it comes from (dataset id and version from the result's provenance).
        - If a tool reports missing data or a unit mismatch, say plainly that you cannot answer that part and why; do not guess.
        - If the question lacks information you need, ask one short question instead of assuming.
        - Call tools with JSON arguments that match their schemas. When you have what you need, answer briefly (a few sentences or a short list).
        """

    func systemPrompt(tools: ToolRegistry) -> String {
        "You are Yuheng's \(title) agent.\n\(instructions)\n\nTools: \(tools.names.joined(separator: ", ")).\n\n\(Self.commonRules)"
    }
}

/// The five specialists.
public enum Specialists {
    /// Trade and consumption-based accounting: MRIO accounts, transfers, supply-chain paths, the panorama, series and SDA.
    public static let trade = AgentSpec(
        name: "trade", title: "trade and consumption-based accounting",
        summary:
            "emissions embodied in trade, consumption- vs production-based national accounts, bilateral transfers, supply-chain paths, the panorama (bundled WIOD 2011 MRIO)",
        instructions: """
            You answer questions about consumption-based and production-based CO2 accounts, emissions embodied in trade and supply chains, \
            using the bundled multi-regional input-output table (WIOD 2011 with CO2, 41 regions, values in kt CO2 and Mt) and the panorama \
            with the Global Carbon Budget for comparison. Use mrio_accounts for a region's cba/pba/imports/exports, mrio_series for how they changed from 2009 to \
            2011, mrio_transfers for bilateral flows, mrio_paths for supply-chain paths and panorama for the comparison table. Region codes are ISO alpha-3 (ROM for Romania, RoW for the rest of the world).
            """,
        tools: ["mrio_accounts", "mrio_series", "mrio_sda", "mrio_transfers", "mrio_paths", "panorama", "list_datasets"],
        keywords: [
            "trade", "import", "export", "embodied", "transfer", "consumption-based", "consumption based", "production-based", "production based",
            "mrio", "input-output", "input output", "supply chain", "supply-chain", "structural path", "panorama", "carbon leakage", "bilateral",
            "outsourc", "net importer", "net exporter", "footprint of china", "wiod", "2009", "time series"
        ])

    /// Product carbon footprints (ISO 14067 LCA on the bundled US LCI): processes, functional unit, boundary, study report.
    public static let lca = AgentSpec(
        name: "lca", title: "life cycle assessment (product carbon footprint)",
        summary:
            "carbon footprint of a product or service (ISO 14067 LCA on the bundled US LCI): choosing processes, functional unit, boundary, study report",
        instructions: """
            You carry out product carbon footprint studies (ISO 14067) on the bundled US LCI database: find processes with lca_search, \
            calculate with lca_calculate, analyse contributions with lca_contributions and write the report with lca_study.
            """,
        tools: ["lca_search", "lca_calculate", "lca_contributions", "lca_study", "monte_carlo", "get_gwp", "list_datasets"],
        keywords: [
            "life cycle", "life-cycle", "lca", "product", "cradle", "functional unit", "iso 14067", "14067", "delivered", "per kg", "per tonne",
            "carbon footprint of 1", "footprint of a", "concrete", "cement", "steel", "polyethylene", "hdpe", "resin", "process"
        ])

    /// Uncertainty of inventories and footprints: Monte Carlo (IPCC Approach 2), Approach 1 propagation and sensitivity.
    public static let uncertainty = AgentSpec(
        name: "uncertainty", title: "uncertainty analysis",
        summary:
            "uncertainty of inventories and footprints: Monte Carlo (IPCC Approach 2), error propagation (Approach 1), sensitivity and which inputs matter",
        instructions: """
            You quantify uncertainty: calculate_inventory gives the IPCC Approach 1 uncertainty of an inventory, monte_carlo gives Approach 2 \
            intervals for inventories and product footprints, sensitivity ranks the inputs that drive the uncertainty. Report intervals as \
            the tools give them (p2_5–p97_5) and say how many iterations were run.
            """,
        tools: ["calculate_inventory", "monte_carlo", "sensitivity", "search_factors", "list_datasets"],
        keywords: [
            "uncertain", "monte carlo", "monte-carlo", "sensitivity", "confidence", "interval", "standard deviation", "error propagation",
            "approach 2", "approach 1", "how sure", "range of", "sobol", "spearman"
        ])

    /// National emissions (Global Carbon Budget), land use, natural sources and sinks and grid intensity from the data layer.
    public static let natural = AgentSpec(
        name: "natural", title: "national emissions and natural sources",
        summary:
            "national territorial and consumption CO2 series (Global Carbon Budget), land use and natural sources and sinks in the data layer, grid intensity",
        instructions: """
            You answer questions about national emission series and natural sources and sinks from the data layer: national_emissions \
            gives Global Carbon Budget territorial and consumption CO2 (Mt) by country and year, land-use change CO2 (bookkeeping models' \
            mean and range), CAIT land-use change and forestry CO2 and natural CH4 where available; global_carbon_budget gives the global \
            ocean and land sinks; list_datasets shows what is available; sql_query reads other tables. If data for the question are not \
            in the data layer, say so.
            """,
        tools: ["national_emissions", "global_carbon_budget", "list_datasets", "sql_query", "search_factors"],
        keywords: [
            "land use", "land-use", "lulucf", "forest", "deforest", "sink", "natural", "wetland", "peat", "fire", "ocean", "soil",
            "territorial", "national emissions", "gcb", "global carbon budget", "trend", "since 19", "history", "per year"
        ])

    /// Industrial what-if scenarios: final-demand shocks on the MRIO and their effect on production- and consumption-based emissions.
    public static let industrial = AgentSpec(
        name: "industrial", title: "industrial scenarios",
        summary:
            "what-if scenarios for industries: change a region's final demand for a sector and see the change in production- and consumption-based emissions",
        instructions: """
            You simulate simple industrial scenarios on the bundled MRIO with mrio_shock: scale a region's final demand for a sector's \
            products by a factor (1.1 = +10 %) and report the change in global emissions, in the region's footprint and where the \
            emissions occur. Use mrio_accounts for baselines. Sectors are WIOD codes (e.g. E electricity, F construction, 26 cement and glass, 27t28 metals).
            """,
        tools: ["mrio_shock", "mrio_accounts", "list_datasets"],
        keywords: [
            "shock", "scenario", "what if", "what-if", "increase", "decrease", "demand for", "double", "halve", "cut ", "industrial", "final demand",
            "raise", "reduce", "grow", "fall by", "rise by"
        ])

    /// Every specialist, in the router's order: trade, lca, uncertainty, natural, industrial.
    public static let all: [AgentSpec] = [trade, lca, uncertainty, natural, industrial]

    /// The specialist called `name` (case-insensitive); nil for an unknown name.
    public static func named(_ name: String) -> AgentSpec? { all.first { $0.name == name.lowercased() } }
}
