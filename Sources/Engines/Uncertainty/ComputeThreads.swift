import Foundation

/// Dedicated threads for CPU-bound work (Monte Carlo blocks, Sobol' evaluations), as a Swift
/// `TaskExecutor`.
///
/// Swift's cooperative pool has one thread per core. Long CPU-bound child tasks on it would
/// starve everything else that runs there — the HTTP server's handlers, progress reporting,
/// network continuations. The engines therefore run their blocks on these threads
/// (`group.addTask(executorPreference: ComputeThreads.shared)`), and the cooperative pool stays
/// responsive; the operating system shares the cores between both.
///
/// ```swift
/// await withTaskGroup(of: Double.self) { group in
///     group.addTask(executorPreference: ComputeThreads.shared) { heavyComputation() }
/// }
/// ```
public final class ComputeThreads: TaskExecutor, @unchecked Sendable {
    /// One thread per core, started on first use.
    public static let shared = ComputeThreads(threads: ProcessInfo.processInfo.activeProcessorCount)

    private let condition = NSCondition()
    private var queue: [UnownedJob] = []
    private var head = 0

    /// Starts `threads` dedicated threads (at least one, 8 MiB stacks) that run enqueued jobs in FIFO order.
    ///
    /// The threads live as long as the process: create an executor once (as ``shared`` is), never per task.
    public init(threads: Int) {
        for i in 0..<max(1, threads) {
            let t = Thread { [unowned self] in self.loop() }
            t.name = "yuheng-compute-\(i)"
            t.stackSize = 8 << 20
            t.start()
        }
    }

    /// Queues a job to run on the next free compute thread (the `TaskExecutor` requirement).
    public func enqueue(_ job: consuming ExecutorJob) {
        let j = UnownedJob(job)
        condition.lock()
        queue.append(j)
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while head >= queue.count { condition.wait() }
            let job = queue[head]
            head += 1
            if head > 1024 && head * 2 > queue.count { // compact now and then
                queue.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
