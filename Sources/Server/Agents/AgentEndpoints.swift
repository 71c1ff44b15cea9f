import Foundation
import Hummingbird
import MCP
import YuhengAgents

/// The handlers of the agent endpoints, as ``Routes`` registers them: `/mcp` (Yuheng's tools for
/// MCP clients over Streamable HTTP) and `/api/chat` (the assistant, streamed as SSE). Both check
/// Host and Origin first (``OriginPolicy``); the API token, when the server has one, was checked
/// by ``SecurityMiddleware`` before.
struct AgentEndpoints: Sendable {
    let state: ServerState
    let runtime: ServerRuntime
    let maxBodySize: Int

    /// `GET`, `POST` and `DELETE /mcp`, handed to the session's transport (see ``MCPSessions``).
    func mcp(_ req: Request) async throws -> Response {
        if let e = runtime.originPolicy.check(req) { throw e }
        let request = try await MCPHTTPBridge.request(req, maxBodySize: maxBodySize)
        let state = self.state
        let response = await runtime.mcp.handle(request) {
            await YuhengMCPServer.make(context: state.toolContext, executor: state.agentThreads)
        }
        return MCPHTTPBridge.response(response)
    }

    /// `POST /api/chat/test` (see ``ConnectionTest``).
    func testConnection(_ req: Request) async throws -> Response {
        if let e = runtime.originPolicy.check(req) { throw e }
        return JSONResponse.make(await ConnectionTest.run(state))
    }

    /// `POST /api/chat` (see ``ChatEndpoint``).
    func chat(_ req: Request) async throws -> Response {
        try await ChatEndpoint(state: state, runtime: runtime, maxBodySize: maxBodySize).respond(req)
    }
}
