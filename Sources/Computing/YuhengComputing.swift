/// The computing layer: jobs split into tasks that run on an executor — the local bounded pool or a
/// Slurm cluster — with the same results. See ``Executor``.
public enum YuhengComputing {}
