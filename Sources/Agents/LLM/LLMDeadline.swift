import Foundation

/// One deadline for everything a turn asks of the model server: routing, every agent step, every
/// retry and every streamed byte. ``OpenAICompatibleClient`` never works past it (nor past its own
/// `wall_clock_s` from the start of a call); ``Assistant/ask(_:agent:history:onEvent:)`` sets it
/// from the agent limits' wall clock.
///
/// ```swift
/// let answer = try await LLMDeadline.within(seconds: 30) { try await assistant.ask(question) }
/// ```
public enum LLMDeadline {
    /// The deadline of the current turn (a task-local value), if any.
    @TaskLocal public static var current: ContinuousClock.Instant?

    /// Runs `body` with a deadline `seconds` from now, or the current one when that is earlier.
    public static func within<T: Sendable>(seconds: Double, _ body: () async throws -> T) async rethrows -> T {
        let mine = ContinuousClock.now + .milliseconds(Int64(max(0, min(seconds, 1e9)) * 1000))
        let deadline = current.map { min($0, mine) } ?? mine
        return try await $current.withValue(deadline) { try await body() }
    }

    /// The earlier of the current deadline and `seconds` from `start`.
    static func effective(from start: ContinuousClock.Instant, seconds: Double) -> ContinuousClock.Instant {
        let own = start + .milliseconds(Int64(max(0, min(seconds, 1e9)) * 1000))
        return current.map { min($0, own) } ?? own
    }
}
