import Foundation
import MCP
import Testing
@testable import YuhengAgents

@Suite("MCP server")
struct MCPTests {
    @Test("in process: list the tools and call one with the SDK's Client")
    func inMemory() async throws {
        let (clientT, serverT) = await InMemoryTransport.createConnectedPair()
        let server = await YuhengMCPServer.make(context: TestEnv.context)
        try await server.start(transport: serverT)
        let client = Client(name: "yuheng-tests", version: "1.0")
        _ = try await client.connect(transport: clientT)
        let (tools, _) = try await client.listTools()
        #expect(tools.count == 20) // with mrio_sda (issue 17)
        let gwp = try #require(tools.first { $0.name == "get_gwp" })
        #expect(gwp.annotations.readOnlyHint == true)
        #expect(gwp.inputSchema.objectValue?["properties"]?.objectValue?["set"] != nil)
        let (content, isError) = try await client.callTool(name: "get_gwp", arguments: ["gases": ["CH4"], "set": "AR5"])
        #expect(isError != true)
        guard case .text(let text, _, _) = content.first else { Issue.record("no text content"); return }
        #expect(try JSON.parse(text)["result"]?["gwp"]?["CH4"] == 28)
        let (_, err) = try await client.callTool(name: "sql_query", arguments: ["sql": "DELETE FROM gwp"])
        #expect(err == true)
        await client.disconnect()
        await server.stop()
    }

    @Test("`yuheng mcp` over stdio: the SDK's Client lists the tools and calls one")
    func spawned() async throws {
        _ = TestEnv.database
        let p = Process()
        p.executableURL = Binary.path
        p.arguments = ["mcp", "--db", TestEnv.dbPath, "--output-dir", TestEnv.outputDir.path]
        let toChild = Pipe(), fromChild = Pipe(), err = Pipe()
        p.standardInput = toChild
        p.standardOutput = fromChild
        p.standardError = err
        try p.run()
        defer {
            if p.isRunning { p.terminate() }
            p.waitUntilExit()
        }
        let transport = StdioTransport(
            input: .init(rawValue: fromChild.fileHandleForReading.fileDescriptor),
            output: .init(rawValue: toChild.fileHandleForWriting.fileDescriptor))
        let client = Client(name: "yuheng-tests", version: "1.0")
        let initResult = try await client.connect(transport: transport)
        #expect(initResult.serverInfo.name == "yuheng")
        let (tools, _) = try await client.listTools()
        #expect(tools.map(\.name).contains("mrio_accounts"))
        #expect(tools.count == 20) // with mrio_sda (issue 17)
        let (content, isError) = try await client.callTool(name: "list_datasets", arguments: ["id": "gcb2022-national"])
        #expect(isError != true)
        guard case .text(let text, _, _) = content.first else { Issue.record("no text content"); return }
        #expect(try JSON.parse(text)["result"]?["datasets"]?[0]?["id"] == "gcb2022-national")
        await client.disconnect()
    }
}
