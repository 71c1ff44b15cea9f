import Foundation

/// Yuheng's agents: an OpenAI-compatible LLM client, a registry of typed read-only tools over the
/// engines and the data layer, a router with five specialist agents, the LCA workflow agent, a
/// grounding validator and an MCP server exposing the same tools.
public enum YuhengAgentsInfo {
    /// Version of the agents module (tools, prompts), announced by the MCP server by default.
    public static let version = "0.1.0"
}
