import Foundation
import Hummingbird
import YuhengAgents
import YuhengPages

/// The chat page (`/chat`): with a model the conversation (``ChatView/configured(model:agents:)``),
/// without one how to configure one (``ChatView/setup(problem:_:)``); both test the connection
/// to the model (`POST /api/chat/test`).
enum ChatPage {
    static func register(_ pages: PageRoutes, state: ServerState) {
        pages.get("/chat") { _, _ in
            await htmlHandle(section: .chat) {
                let script = ChatView.testScript + "\n" + (state.llm.configuration == nil ? "" : ChatView.script)
                return Page.html("Chat", .chat, body(state.llm), script: script)
            }
        }
    }

    static func body(_ llm: ServerState.LLMStatus) -> String {
        switch llm {
        case .configured(let c): return ChatView.configured(model: c.model, agents: Specialists.all.map { (name: $0.name, title: $0.title) })
        case .notConfigured: return ChatView.setup(problem: nil, setup)
        case .invalid(let why): return ChatView.setup(problem: why, setup)
        }
    }

    static var setup: ChatView.Setup {
        ChatView.Setup(configFile: ChatSetup.configFile, example: ChatSetup.example, environment: ChatSetup.environment)
    }
}
