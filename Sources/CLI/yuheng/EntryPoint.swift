import YuhengCommands

/// The `yuheng` executable: everything lives in YuhengCommands so that it can be tested.
@main
struct EntryPoint {
    static func main() async {
        await YuhengCommand.main()
    }
}
