import Foundation
import MCP

/// Yuheng's tools over the Model Context Protocol: `tools/list` and `tools/call` on the SDK's
/// ``Server``, with any transport (`StdioTransport` for `yuheng mcp`, `InMemoryTransport` in tests).
public enum YuhengMCPServer {
    /// A server with the ListTools and CallTool handlers registered (not started). Tool calls run on
    /// `executor` when one is given (the HTTP server's own threads: tools query and compute synchronously).
    public static func make(
        registry: ToolRegistry = YuhengTools.registry(), context: ToolContext, version: String = YuhengAgentsInfo.version,
        executor: (any TaskExecutor)? = nil
    ) async -> Server {
        let server = Server(
            name: "yuheng", version: version, title: "Yuheng carbon accounting",
            instructions:
                "Read-only tools over Yuheng's carbon accounting engines and data: emission factors, GWP, inventories, MRIO accounts and trade, the panorama, LCA, uncertainty, national emissions and SQL. Every result carries units and provenance.",
            capabilities: .init(tools: .init(listChanged: false)))
        let tools = registry.tools.map { t in
            Tool(
                name: t.name, description: t.description, inputSchema: mcpValue(t.inputSchema),
                annotations: .init(title: t.name, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false))
        }
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: tools)
        }
        await server.withMethodHandler(CallTool.self) { params in
            let args: JSON = .object((params.arguments ?? [:]).mapValues(json))
            let outcome = await withTaskExecutorPreference(executor) { await registry.call(params.name, arguments: args, context: context) }
            let payload = outcome.payload
            return try CallTool.Result(
                content: [.text(text: payload.text(pretty: true), annotations: nil, _meta: nil)],
                structuredContent: mcpValue(payload), isError: outcome.isError)
        }
        return server
    }

    /// Serves over stdin/stdout until the client disconnects.
    public static func serveStdio(registry: ToolRegistry = YuhengTools.registry(), context: ToolContext) async throws {
        let server = await make(registry: registry, context: context)
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
    }

    /// A JSON value as an MCP `Value`; integral numbers below 9·10^15 in magnitude become `.int`, others `.double`.
    public static func mcpValue(_ j: JSON) -> Value {
        switch j {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d):
            if d == d.rounded(), abs(d) < 9e15 { return .int(Int(d)) }
            return .double(d)
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.map(mcpValue))
        case .object(let o): return .object(o.mapValues(mcpValue))
        }
    }

    /// An MCP `Value` as JSON: integers become numbers, binary data a base64 string.
    public static func json(_ v: Value) -> JSON {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .number(Double(i))
        case .double(let d): return .number(d)
        case .string(let s): return .string(s)
        case .data(_, let d): return .string(d.base64EncodedString())
        case .array(let a): return .array(a.map(json))
        case .object(let o): return .object(o.mapValues(json))
        }
    }
}
