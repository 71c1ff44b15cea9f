import ArgumentParser
import Foundation

/// `yuheng natural fire|land|wetland|country|budget`: natural sources and sinks, land-use carbon.
struct NaturalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "natural",
        abstract: "Natural sources and sinks: vegetation fires, land carbon, wetlands and organic soils, and national land-use and natural figures.",
        discussion: """
            Every flux is tagged inventory (managed land, reportable under the IPCC Guidelines), natural (background, never added to \
            national totals) or memo (CO2 re-absorbed by regrowth, or reported through carbon-stock change). File formats: docs/natural-format.md; \
            method: ../shared/methods/natural.md.
            """,
        subcommands: [Fire.self, Land.self, Wetland.self, Country.self, Budget.self]
    )
}
