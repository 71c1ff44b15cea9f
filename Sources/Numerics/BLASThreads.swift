import CLinearAlgebra
import Foundation

/// Runs work on OpenBLAS with one thread, for phases that parallelise themselves.
///
/// OpenBLAS keeps its worker threads spinning (`sched_yield`) for a while after every call. When a
/// phase makes many small BLAS calls between its own parallel loops — the block-Jacobi iteration with
/// sparse products: one `dgetrs` per domestic block, then a parallel sparse product — those spinning
/// threads take the cores the phase's own workers need (measured at n = 9,800 on 2 cores: the solves
/// take ~0.95 s with one OpenBLAS thread against 1.0–1.2 s with two). Inside ``singleThreaded(_:)``
/// OpenBLAS runs on one thread; the thread count is restored when the last such phase ends.
///
/// The setting is process-wide: a dense factorisation running at the same time on another thread
/// (the server answering two requests) is not wrong, only slower, during that window.
///
/// ```swift
/// let r = try BLASThreads.singleThreaded { try iteration.solve(b) }
/// ```
public enum BLASThreads {
    private static let state = Mutex()

    /// The number of single-threaded windows open now (0: OpenBLAS has its own thread count).
    public static var windowsOpen: Int { state.open }

    /// The number of threads OpenBLAS uses now.
    public static var count: Int { Int(openblas_get_num_threads()) }

    /// Runs `body` with OpenBLAS on one thread (nested and concurrent calls share one window).
    public static func singleThreaded<T>(_ body: () throws -> T) rethrows -> T {
        state.enter()
        defer { state.leave() }
        return try body()
    }

    /// The count of phases inside the window and the thread count to restore.
    private final class Mutex: @unchecked Sendable {
        private let lock = NSLock()
        private var depth = 0
        private var saved: Int32 = 1

        var open: Int {
            lock.lock()
            defer { lock.unlock() }
            return depth
        }

        func enter() {
            lock.lock()
            defer { lock.unlock() }
            if depth == 0 {
                saved = openblas_get_num_threads()
                if saved > 1 { openblas_set_num_threads(1) }
            }
            depth += 1
        }

        func leave() {
            lock.lock()
            defer { lock.unlock() }
            depth -= 1
            if depth == 0 && saved > 1 { openblas_set_num_threads(saved) }
        }
    }
}
