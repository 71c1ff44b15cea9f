import ArgumentParser

/// `yuheng agents`: measuring the agents (the questions themselves go to `yuheng ask` and `yuheng chat`).
struct AgentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents",
        abstract: "Measure Yuheng's agents with a model (evaluation harness).",
        subcommands: [EvalCommand.self]
    )
}
