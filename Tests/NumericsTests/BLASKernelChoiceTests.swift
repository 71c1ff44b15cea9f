import Testing
import YuhengNumerics

@Suite("The OpenBLAS kernel chosen at start")
struct BLASKernelChoiceTests {
    let avx512: Set<String> = ["avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

    @Test("yuheng re-executes only when OPENBLAS_CORETYPE and the guard are unset and a better kernel exists")
    func startChoice() {
        #expect(BLASKernel.startChoice(environment: [:], current: "Prescott", cpuFlags: avx512) == "SkylakeX")
        #expect(BLASKernel.startChoice(environment: ["OPENBLAS_CORETYPE": ""], current: "Prescott", cpuFlags: ["avx2", "fma"]) == "Haswell")
        #expect(BLASKernel.startChoice(environment: ["OPENBLAS_CORETYPE": "Haswell"], current: "Prescott", cpuFlags: avx512) == nil)
        // the guard prevents a loop, whatever the library picked after the re-execution
        let guarded = [BLASKernel.guardVariable: BLASKernel.guardValue(processID: 7, chosen: "SkylakeX", library: "Prescott")]
        #expect(BLASKernel.startChoice(environment: guarded, current: "Prescott", cpuFlags: avx512) == nil)
        #expect(BLASKernel.startChoice(environment: [:], current: "SkylakeX", cpuFlags: avx512) == nil)
        #expect(BLASKernel.startChoice(environment: [:], current: "Prescott", cpuFlags: ["sse4_2"]) == nil)
    }

    @Test("the choice is read back from the environment: at start, inherited, given, failed or the library's")
    func choice() {
        let chosen = BLASKernel.guardValue(processID: 42, chosen: "SkylakeX", library: "Prescott")
        #expect(chosen == "42:SkylakeX:Prescott")
        let env = ["OPENBLAS_CORETYPE": "SkylakeX", BLASKernel.guardVariable: chosen]
        #expect(BLASKernel.choice(environment: env, processID: 42) == .atStart("SkylakeX", library: "Prescott"))
        #expect(BLASKernel.choice(environment: env, processID: 43) == .inherited("SkylakeX", library: "Prescott"))
        #expect(BLASKernel.choice(environment: env, processID: 42).isAtStart && BLASKernel.choice(environment: env, processID: 43).isAtStart)
        #expect(BLASKernel.choice(environment: ["OPENBLAS_CORETYPE": "Haswell"], processID: 1) == .environment("Haswell"))
        // a user's value that differs from the recorded choice is the user's
        #expect(
            BLASKernel.choice(environment: ["OPENBLAS_CORETYPE": "Haswell", BLASKernel.guardVariable: chosen], processID: 42)
                == .environment("Haswell"))
        let failed = [BLASKernel.guardVariable: BLASKernel.guardValue(processID: 5, chosen: nil, library: "Prescott")]
        #expect(BLASKernel.choice(environment: failed, processID: 5) == .failed(library: "Prescott"))
        #expect(!BLASKernel.choice(environment: failed, processID: 5).isAtStart)
        #expect(BLASKernel.choice(environment: [:], processID: 1) == .library)
        #expect(BLASKernel.choice(environment: env, processID: 42).description.contains("chosen at start"))
    }
}
