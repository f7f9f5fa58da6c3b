import ArgumentParser

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The bot's root directory (holds logs/, state/, feature_store/).")
    var root: String = "."
}
