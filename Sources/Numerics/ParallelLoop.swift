import Dispatch
import Foundation

/// The parallel loops of the numerical kernels and readers: sparse products, block solves, large
/// fills, dense-to-sparse conversion, the rows of a text table. One place decides how many workers
/// there are and where they run (libdispatch's `concurrentPerform`, which also runs iterations on
/// the calling thread), so that a change of either is one change.
///
/// The bodies get raw pointers through small `@unchecked Sendable` structs: each iteration writes
/// only its own part of the shared buffers.
///
/// ```swift
/// ParallelLoop.run(ParallelLoop.processors) { part in fill(part) }
/// try ParallelLoop.run(blocks.count) { r in try solve(block: r) }   // the first error is rethrown
/// ```
public enum ParallelLoop {
    /// The processors this process may use (at least 1): the default number of workers.
    public static var processors: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs `body(0) … body(iterations − 1)` in parallel and returns when all have returned.
    public static func run(_ iterations: Int, _ body: @Sendable (Int) -> Void) {
        guard iterations > 1 else {
            if iterations == 1 { body(0) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
    }

    /// Runs a throwing `body` for every iteration in parallel; every iteration runs, then the first
    /// error thrown (in time) is rethrown.
    public static func run(_ iterations: Int, _ body: @Sendable (Int) throws -> Void) throws {
        let failure = FirstError()
        run(iterations) { i in
            do { try body(i) } catch { failure.record(error) }
        }
        if let e = failure.error { throw e }
    }

    /// The first error recorded by any iteration.
    private final class FirstError: @unchecked Sendable {
        private let lock = NSLock()
        private var first: Error?

        var error: Error? {
            lock.lock()
            defer { lock.unlock() }
            return first
        }

        func record(_ e: Error) {
            lock.lock()
            defer { lock.unlock() }
            if first == nil { first = e }
        }
    }
}
