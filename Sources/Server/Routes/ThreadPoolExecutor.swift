import Foundation

/// A task executor (SE-0417) whose threads are the server's own: jobs (a Monte Carlo run, a study,
/// an MRIO solve) and the agents' turns and tool calls run there — everything their tasks and child
/// tasks do synchronously (SQLite, solves, installations of bundled data) — and never hold one of
/// the few threads of Swift's cooperative pool, where the HTTP handlers run. At most `maxThreads`
/// threads; a thread idle for a while ends.
///
/// ```swift
/// let result = try await withTaskExecutorPreference(threads) { try await handler(params, progress) }
/// Task(executorPreference: threads) { … }
/// ```
final class ThreadPoolExecutor: TaskExecutor, @unchecked Sendable {
    let name: String
    let maxThreads: Int
    let idleSeconds: Double
    private let condition = NSCondition()
    private var queue: [UnownedJob] = []
    private var head = 0
    private var threads = 0
    private var idle = 0

    init(name: String, maxThreads: Int, idleSeconds: Double = 30) {
        self.name = name
        self.maxThreads = max(1, maxThreads)
        self.idleSeconds = idleSeconds
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        queue.append(unowned)
        // A new thread when more pieces wait than threads are idle (woken ones still count as idle
        // until they take a piece, so two quick enqueues do not both count on one idle thread).
        let spawn = queue.count - head > idle && threads < maxThreads
        if spawn { threads += 1 }
        condition.broadcast()
        condition.unlock()
        if spawn {
            let t = Thread { [self] in loop() }
            t.stackSize = 8 << 20
            t.name = name
            t.start()
        }
    }

    private func loop() {
        let executor = asUnownedTaskExecutor()
        while let job = next() { job.runSynchronously(on: executor) }
    }

    private func next() -> UnownedJob? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count {
            idle += 1
            let signalled = condition.wait(until: Date().addingTimeInterval(idleSeconds))
            idle -= 1
            if !signalled && head == queue.count {
                threads -= 1
                return nil
            }
        }
        let job = queue[head]
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        }
        return job
    }
}
