import CLinearAlgebra
import Foundation

/// The OpenBLAS kernel doing the dense work (LU, solves, products), for provenance and advice.
///
/// OpenBLAS picks its kernel by CPU model when the library loads; a release older than the CPU
/// (Debian 12 ships 0.3.21) does not know newer models and falls back to its generic `Prescott`
/// kernel, which uses none of AVX2 or AVX-512. The choice can only be made before the library
/// loads, with the environment variable `OPENBLAS_CORETYPE` (e.g. `SkylakeX`, `Haswell`).
///
/// ```swift
/// BLASKernel.name                          // "Prescott"
/// BLASKernel.advice()                      // "OpenBLAS uses its generic Prescott kernel on a CPU with AVX-512: …"
/// ```
public enum BLASKernel {
    /// The kernel OpenBLAS chose (e.g. `SkylakeX`, `Haswell`, `Prescott`).
    public static var name: String {
        guard let p = openblas_get_corename() else { return "unknown" }
        return String(cString: p)
    }

    /// The instruction-set flags of this machine's CPU (from /proc/cpuinfo; empty elsewhere).
    public static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
            let colon = line.firstIndex(of: ":")
        else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }

    /// The core type that would use the CPU's vector units when OpenBLAS fell back to its generic
    /// kernel: `SkylakeX` with AVX-512 (F, CD, BW, DQ, VL), `Haswell` with AVX2 and FMA; nil when
    /// the kernel is already specific or the CPU has neither.
    public static func betterCoreType(current: String, cpuFlags flags: Set<String>) -> String? {
        guard current.lowercased() == "prescott" else { return nil }
        if ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains) { return "SkylakeX" }
        if flags.contains("avx2") && flags.contains("fma") { return "Haswell" }
        return nil
    }

    /// A sentence for the user when the generic kernel runs on a CPU that could do better, nil otherwise.
    public static func advice(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard environment["OPENBLAS_CORETYPE"] == nil, let better = betterCoreType(current: name, cpuFlags: cpuFlags()) else { return nil }
        return "OpenBLAS uses its generic \(name) kernel on a CPU with \(better == "SkylakeX" ? "AVX-512" : "AVX2"): "
            + "start Yuheng with OPENBLAS_CORETYPE=\(better) in the environment for much faster dense solves (set it for the Slurm tasks too, "
            + "so that coordinator and tasks compute with the same kernel)"
    }

    // MARK: The choice at start (the `yuheng` binary)

    /// The environment variable `yuheng` sets when it chooses the kernel at start and re-executes
    /// itself: `PID:CHOSEN:LIBRARY` (e.g. `4242:SkylakeX:Prescott`), or `PID:-:LIBRARY` when the
    /// re-execution failed. Its presence prevents a second re-execution.
    public static let guardVariable = "YUHENG_BLAS_CHOSEN"

    /// Diagnostic: with `YUHENG_BLAS_ASSUME_GENERIC=1`, `yuheng` decides at start as if OpenBLAS had
    /// picked its generic `Prescott` kernel, so that the choice at start can be tried (and tested) on
    /// a CPU that this OpenBLAS knows.
    public static let assumeGenericVariable = "YUHENG_BLAS_ASSUME_GENERIC"

    /// The core type `yuheng` should set and re-execute itself with, or nil: only when
    /// `OPENBLAS_CORETYPE` is unset (or empty), ``guardVariable`` is unset (no loop) and the library's
    /// kernel `current` is the generic one on a CPU that supports a better one.
    ///
    /// ```swift
    /// BLASKernel.startChoice(environment: [:], current: "Prescott", cpuFlags: ["avx2", "fma"])   // "Haswell"
    /// ```
    public static func startChoice(environment: [String: String], current: String, cpuFlags flags: Set<String>) -> String? {
        guard (environment["OPENBLAS_CORETYPE"] ?? "").isEmpty, environment[guardVariable] == nil else { return nil }
        return betterCoreType(current: current, cpuFlags: flags)
    }

    /// The value of ``guardVariable`` for process `pid` that chose `chosen` (nil: the re-execution
    /// failed) where the library had picked `library`.
    public static func guardValue(processID pid: Int32, chosen: String?, library: String) -> String {
        "\(pid):\(chosen ?? "-"):\(library)"
    }

    /// How the kernel of a process was chosen.
    public enum Choice: Sendable, Hashable, CustomStringConvertible {
        /// OpenBLAS's own choice (no `OPENBLAS_CORETYPE`).
        case library
        /// `OPENBLAS_CORETYPE` was given in the environment by the user or a script.
        case environment(String)
        /// This process set `OPENBLAS_CORETYPE` at start and re-executed itself; the library had picked `library`.
        case atStart(String, library: String)
        /// A `yuheng` process that chose the kernel at start started this one (e.g. a Slurm task), which inherited the choice.
        case inherited(String, library: String)
        /// The re-execution with a better kernel failed; the library's kernel is used.
        case failed(library: String)

        /// Whether `yuheng` chose the kernel at start (this process, or the one that started it).
        public var isAtStart: Bool {
            switch self {
            case .atStart, .inherited: true
            default: false
            }
        }

        /// A phrase for `yuheng computing check`.
        public var description: String {
            switch self {
            case .library: "chosen by OpenBLAS (OPENBLAS_CORETYPE is unset)"
            case .environment(let t): "OPENBLAS_CORETYPE=\(t) given in the environment"
            case .atStart(let t, let lib): "chosen at start by yuheng: OPENBLAS_CORETYPE=\(t) (the library picked \(lib) on this CPU)"
            case .inherited(let t, let lib):
                "OPENBLAS_CORETYPE=\(t) inherited from the yuheng process that chose it at start (the library picked \(lib))"
            case .failed(let lib): "the library's \(lib) kernel: yuheng could not re-execute itself with a better one (YUHENG_DEBUG=1 says why)"
            }
        }
    }

    /// How the kernel of the process `processID` was chosen, from its environment.
    public static func choice(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        processID: Int32 = ProcessInfo.processInfo.processIdentifier
    ) -> Choice {
        let coreType = environment["OPENBLAS_CORETYPE"] ?? ""
        let parts = (environment[guardVariable] ?? "").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 3, let pid = Int32(parts[0]) {
            if parts[1] == "-" { return coreType.isEmpty ? .failed(library: parts[2]) : .environment(coreType) }
            if parts[1] == coreType { return pid == processID ? .atStart(coreType, library: parts[2]) : .inherited(coreType, library: parts[2]) }
        }
        return coreType.isEmpty ? .library : .environment(coreType)
    }

    /// "OpenBLAS SkylakeX kernel, chosen at start by yuheng: …" — the kernel and how it was chosen.
    public static func summary(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        "OpenBLAS \(name) kernel, \(choice(environment: environment))"
    }
}
