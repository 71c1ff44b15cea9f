import Foundation

/// Runs blocking work — waiting for a child process, reading a blocking socket — on a thread of
/// its own and awaits the result, so that it never holds one of the few threads of Swift's
/// cooperative pool, where the engines, the server's handlers and other tasks run.
///
/// ```swift
/// let status = try await OwnThread.run { () -> Int32 in
///     let p = try Process.run(URL(fileURLWithPath: "/bin/true"), arguments: [])
///     p.waitUntilExit()
///     return p.terminationStatus
/// }
/// ```
public enum OwnThread {
    /// Runs `body` on a new `Thread` and resumes the awaiting task with its result, or rethrows what `body` threw.
    ///
    /// One thread per call: meant for a few long blocking waits (child processes, sockets), not for fine-grained work.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (k: CheckedContinuation<T, any Error>) in
            Thread {
                do { k.resume(returning: try body()) } catch { k.resume(throwing: error) }
            }.start()
        }
    }
}
