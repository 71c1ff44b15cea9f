import Foundation
import Testing
import YuhengCore

/// Issue 15 item 6: the `yuheng` binary chooses its BLAS kernel at start, without the Makefile.
enum KernelProbe {
    /// Runs the binary with `OPENBLAS_CORETYPE` and the guard variable removed from the
    /// environment, then `extra` added.
    static func run(_ args: [String], extra: [String: String] = [:]) throws -> CLI.Output {
        try CLI.run(args + ["--db", CLI.db], environment: extra, removing: ["OPENBLAS_CORETYPE", "YUHENG_BLAS_CHOSEN"])
    }

    static func json(_ args: [String], extra: [String: String] = [:]) throws -> [String: Any] {
        let o = try run(args, extra: extra)
        guard o.status == 0, let obj = try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any] else {
            throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "yuheng \(args.joined(separator: " ")) failed: \(o.stderr)"])
        }
        return obj
    }

    static let check = ["computing", "check", "--units", "1", "--sleep-ms", "0", "--json"]

    /// The kernel OpenBLAS picks by itself here (the guard set, so that the binary does not re-execute).
    static let native: String? = (try? json(check, extra: ["YUHENG_BLAS_CHOSEN": "0:-:probe"]))?["blas_kernel"] as? String

    /// The instruction-set flags of this CPU (/proc/cpuinfo).
    static let cpuFlags: Set<String> = {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
        return Set(line.split(separator: ":").last?.split(separator: " ").map(String.init) ?? [])
    }()

    /// The kernel a CPU with these vector units deserves (as BLASKernel.betterCoreType), nil without AVX2.
    static let vectorKernel: String? = {
        if ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(cpuFlags.contains) { return "SkylakeX" }
        return cpuFlags.contains("avx2") && cpuFlags.contains("fma") ? "Haswell" : nil
    }()

    /// The kernel mrio accounts must name when started without OPENBLAS_CORETYPE: OpenBLAS's own
    /// when it knows the CPU, else the one `yuheng` chooses at start.
    static var expected: String? {
        guard let native, vectorKernel != nil else { return nil }
        return native.lowercased() == "prescott" ? vectorKernel : native
    }
}

@Suite("yuheng chooses its BLAS kernel at start", .serialized)
struct BLASKernelStartTests {
    @Test(
        "started without OPENBLAS_CORETYPE (no make), mrio accounts computes with a kernel that uses the CPU's vector units",
        .enabled(if: KernelProbe.vectorKernel != nil, "skipped: this CPU has neither AVX2 nor AVX-512"))
    func fastKernelWithoutMake() throws {
        let expected = try #require(KernelProbe.expected, "the probe failed")
        let accounts = try KernelProbe.json(["mrio", "accounts", "--mrio", "wiod2011-co2", "--json"])
        let solver = try #require(accounts["solver"] as? String)
        #expect(solver.contains("OpenBLAS \(expected) kernel"), "solver: \(solver)")
        #expect(!solver.contains("Prescott"), "solver: \(solver)")
        let check = try KernelProbe.json(KernelProbe.check)
        #expect(check["blas_kernel"] as? String == expected)
        #expect(check["blas_chosen_at_start"] as? Bool == (KernelProbe.native?.lowercased() == "prescott"))
    }

    @Test(
        "where OpenBLAS falls back to its generic kernel, yuheng sets OPENBLAS_CORETYPE and re-executes itself once; computing check says so",
        .enabled(if: KernelProbe.vectorKernel != nil, "skipped: this CPU has neither AVX2 nor AVX-512"))
    func chosenAtStart() throws {
        let better = try #require(KernelProbe.vectorKernel)
        // As on a CPU newer than Debian's OpenBLAS (it picks Prescott there): the diagnostic variable makes the binary decide so.
        let generic = ["YUHENG_BLAS_ASSUME_GENERIC": "1"]
        let accounts = try KernelProbe.json(["mrio", "accounts", "--mrio", "wiod2011-co2", "--json"], extra: generic)
        let solver = try #require(accounts["solver"] as? String)
        #expect(solver.contains("OpenBLAS \(better) kernel"), "solver: \(solver)")
        let check = try KernelProbe.json(KernelProbe.check, extra: generic)
        #expect(check["blas_kernel"] as? String == better)
        #expect(check["blas_chosen_at_start"] as? Bool == true)
        #expect(
            (check["blas_choice"] as? String)?.contains("chosen at start by yuheng: OPENBLAS_CORETYPE=\(better)") == true,
            "\(check["blas_choice"] ?? "")")
        #expect(check["matches"] as? Bool == true)
        // the guard: a process that already carries the choice does not re-execute again
        let guarded = try KernelProbe.json(KernelProbe.check, extra: generic.merging(["YUHENG_BLAS_CHOSEN": "1:\(better):Prescott"]) { a, _ in a })
        #expect(guarded["blas_chosen_at_start"] as? Bool == false)
        #expect(guarded["blas_kernel"] as? String == KernelProbe.native)
    }

    @Test("a kernel given in the environment wins and is reported as given")
    func environmentWins() throws {
        let check = try KernelProbe.json(KernelProbe.check, extra: ["OPENBLAS_CORETYPE": "Prescott", "YUHENG_BLAS_ASSUME_GENERIC": "1"])
        #expect(check["blas_kernel"] as? String == "Prescott")
        #expect(check["blas_chosen_at_start"] as? Bool == false)
        #expect((check["blas_choice"] as? String)?.contains("given in the environment") == true)
    }
}
