import ArgumentParser
import YuhengCore

/// "Did you mean" for subcommands: walks the command tree along the arguments and, at a command
/// group (a command with subcommands), checks that the next word names one of them.
enum CommandSuggestion {
    /// The message for the first word that is not a subcommand of its group, or nil when every word is.
    static func message(for arguments: [String], root: any ParsableCommand.Type) -> String? {
        var command = root
        var path = ["yuheng"]
        for word in arguments {
            if word.hasPrefix("-") { return nil } // options: ArgumentParser checks them
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            if word == "help" { return nil }
            guard let next = subcommands.first(where: { $0._commandName == word }) else {
                let names = subcommands.filter { $0.configuration.shouldDisplay }.map { $0._commandName }
                let hint = EditDistance.didYouMean(word, in: names).map { "; \($0)" } ?? ""
                let group = path.joined(separator: " ")
                return "'\(word)' is not a command of '\(group)'\(hint)\nCommands: \(names.joined(separator: ", ")) (see '\(group) --help')."
            }
            command = next
            path.append(word)
        }
        return nil
    }
}
