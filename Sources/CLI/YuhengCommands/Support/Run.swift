import ArgumentParser
import Foundation

/// Runs an async command body; Yuheng's errors become a message and an exit status exactly as
/// ``run(_:)`` prints them (the one place where the command line reports errors).
func runAsync(_ body: () async throws -> Void) async throws {
    do { try await body() } catch {
        try run { throw error }
    }
}

/// Prints a line to stderr.
func printToStderr(_ line: String) {
    var stderr = FileHandle.standardError
    print(line, to: &stderr)
}

extension YuhengCommand {
    /// Parses the arguments and runs the command (as ArgumentParser's `main` does), and first checks
    /// the words naming subcommands: a mistyped one (`yuheng panorma`) gets the nearest command as a
    /// suggestion instead of a bare "unexpected argument".
    public static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = CommandSuggestion.message(for: arguments, root: Self.self) {
            printToStderr("Error: \(message)")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
