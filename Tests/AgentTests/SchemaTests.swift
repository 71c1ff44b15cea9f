import Foundation
import Testing
@testable import YuhengAgents

/// The JSON Schema of every tool is derived from its Swift input type; these tests check that the
/// schema and the decoding agree.
@Suite("tool schemas")
struct SchemaTests {
    func check<T: AgentTool>(_ tool: T) throws {
        let schema = tool.inputSchema
        #expect(schema["type"]?.stringValue == "object", "\(tool.name)")
        #expect(schema["additionalProperties"] == .bool(false), "\(tool.name)")
        let shape = SchemaReflector.shape(of: T.Input.self)
        let paths = Set(SchemaReflector.fieldPaths(shape))
        let documented = Set(T.Input.fields.keys)
        #expect(paths == documented, "\(tool.name): fields \(paths.sorted()) vs documented \(documented.sorted())")
        for p in paths {
            let d = T.Input.fields[p]?.description ?? ""
            #expect(d.count > 10, "\(tool.name).\(p) has no description")
        }
        // A full sample and a required-only sample both decode.
        let full = SchemaReflector.sample(for: T.Input.self)
        let minimal = SchemaReflector.sample(for: T.Input.self, requiredOnly: true)
        _ = try JSONDecoder().decode(T.Input.self, from: full.data())
        _ = try JSONDecoder().decode(T.Input.self, from: minimal.data())
        // Leaving out any required field fails.
        let required = schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for key in required {
            guard case .object(var o) = full else { continue }
            o[key] = nil
            #expect(throws: (any Error).self, "\(tool.name) decoded without \(key)") {
                try JSONDecoder().decode(T.Input.self, from: JSON.object(o).data())
            }
        }
        // Every required key is a property.
        let props = schema["properties"]?.objectValue ?? [:]
        for key in required { #expect(props[key] != nil) }
        #expect(tool.description.count > 40, "\(tool.name) needs a description written for a model")
    }

    @Test("every tool's schema matches what it decodes, and every field is documented")
    func allTools() throws {
        try check(SearchFactorsTool()); try check(GetGWPTool()); try check(CalculateInventoryTool())
        try check(MRIOAccountsTool()); try check(MRIOTransfersTool()); try check(MRIOPathsTool()); try check(PanoramaTool())
        try check(LCASearchTool()); try check(LCACalculateTool()); try check(LCAContributionsTool()); try check(LCAStudyTool())
        try check(MonteCarloTool()); try check(SensitivityTool())
        try check(ListDatasetsTool()); try check(NationalEmissionsTool()); try check(MRIOShockTool()); try check(MRIOSeriesTool());
        try check(SQLQueryTool()); try check(GlobalCarbonBudgetTool()); try check(MRIOSDATool())
        let names = YuhengTools.registry().names
        #expect(names.count == 20) // with mrio_sda (issue 17)
        #expect(Set(names).count == names.count)
        for n in [
            "search_factors", "get_gwp", "calculate_inventory", "mrio_accounts", "mrio_transfers", "mrio_paths", "panorama", "lca_search",
            "lca_calculate", "lca_contributions", "lca_study", "monte_carlo", "sensitivity", "list_datasets", "national_emissions", "mrio_shock",
            "sql_query", "global_carbon_budget", "mrio_sda"
        ] {
            #expect(names.contains(n), "missing tool \(n)")
        }
    }

    @Test("the derived schema has the types, optionality and nesting of the Swift type")
    func derivedShape() throws {
        let s = MRIOShockTool().inputSchema
        #expect(s["properties"]?["region"]?["type"] == "string")
        #expect(s["properties"]?["factor"]?["type"] == "number")
        #expect(s["properties"]?["factor"]?["minimum"] == 0)
        #expect(Set(s["required"]?.arrayValue?.compactMap(\.stringValue) ?? []) == ["region", "sector", "factor"])
        let c = LCACalculateTool().inputSchema
        #expect(c["required"] == nil)
        let items = try #require(c["properties"]?["items"])
        #expect(items["type"] == "array")
        #expect(items["items"]?["type"] == "object")
        #expect(Set(items["items"]?["required"]?.arrayValue?.compactMap(\.stringValue) ?? []) == ["process", "amount"])
        #expect(items["items"]?["properties"]?["unit"]?["type"] == "string")
        let p = MRIOPathsTool().inputSchema
        #expect(p["properties"]?["top"]?["type"] == "integer")
        let g = GetGWPTool().inputSchema
        #expect(g["properties"]?["gases"]?["type"] == "array")
        #expect(g["properties"]?["gases"]?["items"]?["type"] == "string")
        #expect(PanoramaTool().inputSchema["properties"]?["sort"]?["enum"]?.arrayValue?.count == 5)
    }

    @Test("oversized, malformed and unknown tool calls are rejected with a message the model can act on")
    func rejections() async throws {
        let reg = YuhengTools.registry(maxArgumentBytes: 1000)
        let big = "{\"sql\": \"SELECT '" + String(repeating: "x", count: 2000) + "'\"}"
        let o1 = await reg.call("sql_query", argumentsText: big, context: TestEnv.context)
        #expect(o1.error?.kind == .rejected)
        #expect(o1.error?.message.contains("limit is 1000 bytes") == true)
        let o2 = await reg.call("mrio_accounts", argumentsText: "{\"region\": \"CHN\",", context: TestEnv.context)
        #expect(o2.error?.kind == .invalidInput)
        #expect(o2.error?.message.contains("not valid JSON") == true)
        let o3 = await reg.call("no_such_tool", argumentsText: "{}", context: TestEnv.context)
        #expect(o3.error?.suggestion?.contains("mrio_accounts") == true)
        let o4 = await reg.call("mrio_shock", argumentsText: "{\"region\": \"DEU\"}", context: TestEnv.context)
        #expect(o4.error?.message.contains("'sector' is missing") == true)
        #expect(ArgumentRepair.repair("```json\n{\"a\": 1,}\n```") == "{\"a\": 1}")
    }
}

@Suite("JSON values of tool results")
struct JSONValueTests {
    struct Sample: Encodable {
        var values: [Double]
        var label: String
        var nested: [String: Double]
    }

    @Test("non-finite numbers become null (not the strings NaN or Infinity); strings and finite numbers are kept")
    func nonFiniteIsNull() throws {
        let sample = Sample(values: [1.5, .nan, .infinity, -.infinity], label: "NaN", nested: ["a": .nan, "b": 2])
        let json = try JSON(encoding: sample)
        #expect(
            json
                == .object([
                    "values": .array([.number(1.5), .null, .null, .null]), "label": .string("NaN"),
                    "nested": .object(["a": .null, "b": .number(2)])
                ]))
        #expect(!json.text().contains("Infinity") && !json.text().contains("non-finite"))
    }

    @Test("the tool descriptions the model reads have no runs of spaces in mid-sentence")
    func descriptionsHaveNoGaps() throws {
        let inventory = CalculateInventoryTool()
        for text in [inventory.description, CalculateInventoryTool.Input.fields["csv"]?.description ?? ""] {
            #expect(!text.contains("   "), "\(text)")
        }
    }
}
