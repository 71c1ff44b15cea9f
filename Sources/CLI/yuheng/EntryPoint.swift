import Foundation
import YuhengCommands
import YuhengNumerics
#if canImport(Glibc)
    import Glibc
#endif

/// The `yuheng` executable: everything lives in YuhengCommands so that it can be tested.
@main
struct EntryPoint {
    static func main() async {
        KernelChoice.reexecuteWithBetterKernel()
        await YuhengCommand.main()
    }
}

/// The binary chooses its BLAS kernel: OpenBLAS picks its kernel when the library loads (before
/// `main`), and Debian's release falls back to the generic one on CPUs newer than it knows. When
/// `OPENBLAS_CORETYPE` is unset and the CPU supports a better kernel, `yuheng` sets it (with the
/// guard variable ``BLASKernel/guardVariable``) and re-executes itself once with the same
/// arguments, so that a user's shell, a Slurm task and a service manager all get the fast kernel.
/// Processes it starts inherit the choice. If the re-execution fails, the run continues with the
/// library's kernel (said on stderr only with `YUHENG_DEBUG`).
enum KernelChoice {
    static func reexecuteWithBetterKernel() {
        let environment = ProcessInfo.processInfo.environment
        let library = environment[BLASKernel.assumeGenericVariable] == "1" ? "Prescott" : BLASKernel.name
        guard let better = BLASKernel.startChoice(environment: environment, current: library, cpuFlags: BLASKernel.cpuFlags()) else { return }
        #if os(Linux)
            let pid = getpid()
            setenv("OPENBLAS_CORETYPE", better, 1)
            setenv(BLASKernel.guardVariable, BLASKernel.guardValue(processID: pid, chosen: better, library: library), 1)
            execv("/proc/self/exe", CommandLine.unsafeArgv)
            // Reached only when the re-execution failed: continue with the library's kernel, and keep
            // processes started from here (Slurm tasks) on the same kernel as this one.
            let reason = String(cString: strerror(errno))
            unsetenv("OPENBLAS_CORETYPE")
            setenv(BLASKernel.guardVariable, BLASKernel.guardValue(processID: pid, chosen: nil, library: library), 1)
            if environment["YUHENG_DEBUG"] != nil {
                FileHandle.standardError.write(
                    Data(
                        "yuheng: could not re-execute /proc/self/exe with OPENBLAS_CORETYPE=\(better) (\(reason)); continuing with OpenBLAS's \(library) kernel\n"
                            .utf8))
            }
        #endif
    }
}
