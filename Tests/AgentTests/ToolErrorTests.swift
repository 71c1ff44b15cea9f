import Foundation
import Testing
import YuhengCore
import YuhengLCA
@testable import YuhengAgents

// Issue 15, errors: the agents map every error once (ToolError(error), by its ErrorKind); the tool
// error keeps the error's own code and suggestion, so the model knows what failed and what to do.

@Suite("Tool errors carry the code and the suggestion of the error met")
struct ToolErrorTests {
    let reg = YuhengTools.registry()

    @Test("lca_calculate on a process that does not exist: missing_data, code lca.unknownProcess, the search suggestion")
    func unknownProcess() async throws {
        let o = await reg.call("lca_calculate", arguments: ["process": "zzqx no such process qqzx"], context: TestEnv.context)
        let e = try #require(o.error, "\(String(describing: o.result?.json))")
        #expect(e.kind == .missingData)
        #expect(e.cause == "lca.unknownProcess")
        #expect(e.suggestion?.contains("lca search") == true, "\(e)")
        #expect(e.message.contains("no process matches"))
        // What the model (and an MCP client) receives.
        #expect(o.payload["code"]?.stringValue == "lca.unknownProcess")
        #expect(o.payload["kind"]?.stringValue == "missing_data")
        #expect(o.payload["suggestion"]?.stringValue == e.suggestion)
    }

    @Test("a singular matrix is missing data for the agent, not a failure; the message keeps where, the cause the code")
    func singular() {
        let t = ToolError(LCAError(.singular, "the technosphere matrix is singular", dataset: "mine", suggestion: "check the loops"))
        #expect(t.kind == .missingData && t.cause == "lca.singular" && t.suggestion == "check the loops")
        #expect(t.message.hasPrefix("mine: "))
        // A tool's own refusal keeps its code and has no cause.
        let own = ToolError(.invalidInput, "give a process")
        #expect(own.cause == nil && own.json["code"]?.stringValue == "tool.invalid_input")
        #expect(ToolError(own) == own)
    }
}
