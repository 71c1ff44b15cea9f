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
              let colon = line.firstIndex(of: ":") else { return [] }
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
}
