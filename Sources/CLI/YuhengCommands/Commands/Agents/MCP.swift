import ArgumentParser
import Foundation
import YuhengAgents
import YuhengData

/// `yuheng mcp`.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve Yuheng's tools to MCP clients over stdio (Model Context Protocol).",
        discussion:
            "Register it in an MCP client as the command `yuheng mcp` (with --db and --output-dir as needed). Only tools/list and tools/call are served; every tool is read-only except that lca_study writes reports into the output folder."
    )
    @OptionGroup var tools: AgentToolOptions

    func run() async throws {
        try await runAsync {
            let context = try tools.context()
            let registry = YuhengTools.registry()
            printToStderr(
                "yuheng mcp: \(registry.tools.count) tools on stdio; database \(context.db.path); reports in \(context.outputDirectory.path)")
            try await YuhengMCPServer.serveStdio(registry: registry, context: context)
        }
    }
}
