import Foundation

/// Runs the blocking part of request handlers — SQLite queries, matrix solves, page rendering — on
/// threads of its own, never on Swift's cooperative pool (as wide as the machine has cores: two
/// slow searches there used to stop every other request, `/api/health` included).
///
/// At most `threads` pieces of work run at once and at most `queueLimit` wait; beyond that a request
/// is answered at once with 503 and `Retry-After` instead of piling up. Work that waits is dropped
/// when its client goes away (the connection closed) or its task is cancelled; work that already
/// runs finishes (a SQLite statement or a solve cannot be stopped halfway from here) but its slot
/// is then free for the next.
final class BlockingWork: @unchecked Sendable {
    let threads: Int
    let queueLimit: Int
    private let lock = NSLock()
    private var queue: [Item] = []
    private var head = 0
    private var running = 0
    private var nextID: UInt64 = 0

    private struct Item {
        let id: UInt64
        let work: @Sendable () -> Void
        let drop: @Sendable (any Error) -> Void
    }

    init(threads: Int, queueLimit: Int) {
        self.threads = max(1, threads)
        self.queueLimit = max(0, queueLimit)
    }

    /// Number of pieces of work waiting for a thread.
    var waiting: Int { lock.withLock { queue.count - head } }

    /// Number of pieces of work running.
    var active: Int { lock.withLock { running } }

    /// Runs `body` on one of the work threads and returns its result. Throws a 503 ``APIError`` when
    /// too many requests wait, `CancellationError` when the client went away before it started.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let client = ClientConnection.current
        if client?.isGone == true { throw CancellationError() }
        try Task.checkCancellation()
        let box = ResumeOnce<T>()
        let id: UInt64 = lock.withLock {
            nextID += 1; return nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (k: CheckedContinuation<T, any Error>) in
                box.set(k)
                let item = Item(id: id, work: { box.resume(Result { try body() }) }, drop: { box.resume(.failure($0)) })
                let startThread: Bool
                do {
                    startThread = try enqueue(item)
                } catch {
                    box.resume(.failure(error))
                    return
                }
                if startThread { spawn() }
                client?.onGone(id) { [weak self] in self?.cancel(id, CancellationError()) }
            }
        } onCancel: {
            self.cancel(id, CancellationError())
        }
        // (the client's callback is removed when the connection ends; see ClientConnection)
    }

    /// Appends an item; true when a new thread must start for it.
    private func enqueue(_ item: Item) throws -> Bool {
        try lock.withLock {
            let waiting = queue.count - head
            if running >= threads && waiting >= queueLimit {
                throw APIError(
                    .serviceUnavailable, code: "server.busy",
                    "the server is busy: \(running) requests are being computed and \(waiting) wait; try again in a few seconds",
                    retryAfter: 2)
            }
            queue.append(item)
            if running < threads {
                running += 1
                return true
            }
            return false
        }
    }

    /// Drops a waiting item (a no-op once it runs).
    private func cancel(_ id: UInt64, _ error: any Error) {
        let dropped: Item? = lock.withLock {
            guard let i = queue[head...].firstIndex(where: { $0.id == id }) else { return nil }
            return queue.remove(at: i)
        }
        dropped?.drop(error)
    }

    private func next() -> Item? {
        lock.withLock {
            guard head < queue.count else {
                queue.removeAll(keepingCapacity: true)
                head = 0
                running -= 1
                return nil
            }
            let item = queue[head]
            head += 1
            if head > 64 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            return item
        }
    }

    private func spawn() {
        let t = Thread { [self] in
            while let item = next() { item.work() }
        }
        t.stackSize = 8 << 20
        t.name = "yuheng-work"
        t.start()
    }
}

/// Resumes a continuation exactly once (the work finishing and the client leaving can race).
final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var pending: Result<T, any Error>?
    private var done = false

    func set(_ k: CheckedContinuation<T, any Error>) {
        let ready: Result<T, any Error>? = lock.withLock {
            if let p = pending { pending = nil; return p }
            continuation = k
            return nil
        }
        if let ready { k.resume(with: ready) }
    }

    func resume(_ result: Result<T, any Error>) {
        let k: CheckedContinuation<T, any Error>? = lock.withLock {
            guard !done else { return nil }
            done = true
            guard let k = continuation else { pending = result; return nil }
            continuation = nil
            return k
        }
        k?.resume(with: result)
    }
}

/// The client connection a request came on (set for the request's task by the server's channel):
/// whether the client is still there, and what to do when it goes.
final class ClientConnection: @unchecked Sendable {
    @TaskLocal static var current: ClientConnection?

    private let lock = NSLock()
    private var gone = false
    private var callbacks: [UInt64: @Sendable () -> Void] = [:]

    var isGone: Bool { lock.withLock { gone } }

    /// Calls `action` once when the client goes away (at once if it is gone already).
    func onGone(_ key: UInt64, _ action: @escaping @Sendable () -> Void) {
        let now: Bool = lock.withLock {
            if gone { return true }
            callbacks[key] = action
            return false
        }
        if now { action() }
    }

    /// The connection closed, or the client closed its side (it will read no answer).
    func markGone() {
        let actions: [@Sendable () -> Void] = lock.withLock {
            guard !gone else { return [] }
            gone = true
            defer { callbacks.removeAll() }
            return Array(callbacks.values)
        }
        actions.forEach { $0() }
    }

    /// A request finished: its callbacks are no longer needed (keep-alive connections serve many).
    func requestFinished() {
        lock.withLock { callbacks.removeAll() }
    }
}
