import Foundation
import Hummingbird

/// The agents: `/api/chat` (the assistant, streamed), `/api/chat/test` (does the configured model
/// answer?) and `/mcp` (Yuheng's tools for MCP clients).
enum AgentRoutes {
    static func register(_ api: APIRegistry, agents: AgentEndpoints) {
        api.add(
            .post, "/api/chat", tag: "agents",
            summary:
                "Ask Yuheng's agents; the turn streams as server-sent events (start, routed, tool_call, tool_result, content, answer, error, end); 503 without a configured model",
            body: "JSON {message, history?: [{role, content}], agent?}", response: "text/event-stream"
        ) { req, _ in
            try await agents.chat(req)
        }
        api.add(
            .post, "/api/chat/test", tag: "agents",
            summary:
                "Test the chat's language model: sends it a one-word request and reports {ok, configured, source, model, base_url, seconds, message, advice} (ok false when none is configured or it does not answer)"
        ) { req, _ in
            try await agents.testConnection(req)
        }
        api.add(
            .post, "/mcp", tag: "agents",
            summary:
                "MCP Streamable HTTP: a JSON-RPC message (initialize starts a session; Mcp-Session-Id afterwards); requests are answered over SSE",
            body: "JSON-RPC 2.0 message (Accept: application/json, text/event-stream)", response: "text/event-stream with the JSON-RPC response"
        ) { req, _ in
            try await agents.mcp(req)
        }
        api.add(
            .get, "/mcp", tag: "agents", summary: "MCP Streamable HTTP: the session's stream of server-initiated messages (Mcp-Session-Id)",
            response: "text/event-stream"
        ) { req, _ in
            try await agents.mcp(req)
        }
        api.add(.delete, "/mcp", tag: "agents", summary: "MCP Streamable HTTP: end the session (Mcp-Session-Id)") { req, _ in
            try await agents.mcp(req)
        }
    }
}
