import Foundation
import Testing

/// Where things are for the tests: the package root, the `../shared` data folder, the bundled
/// datasets, the examples and the vendored fixtures.
///
/// ```swift
/// @Test(.requiresShared("data/lci/uslci_olca1_5_0_json_ld.zip"))
/// func usLCI() throws {
///     let zip = TestPaths.shared("data/lci/uslci_olca1_5_0_json_ld.zip")
///     ...
/// }
/// ```
public enum TestPaths {
    /// The package root: the nearest folder above this source file that holds `Package.swift`.
    public static let packageRoot: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        // Sources/Testing/TestSupport/TestPaths.swift: four levels up.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }()

    /// A path inside the package.
    public static func package(_ relative: String) -> URL { packageRoot.appendingPathComponent(relative) }

    /// The shared data folder: `$YUHENG_SHARED` when set and not empty, else `<package root>/../shared`.
    /// It may be absent (a clone without the data): check ``sharedAvailable`` or use ``requiresShared(_:)``.
    public static let sharedRoot: URL = {
        if let s = ProcessInfo.processInfo.environment["YUHENG_SHARED"], !s.isEmpty { return URL(fileURLWithPath: s) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    /// A path inside the shared data folder (which may not exist).
    public static func shared(_ relative: String) -> URL { sharedRoot.appendingPathComponent(relative) }

    /// True when the shared data folder is there (it has a `data` folder).
    public static var sharedAvailable: Bool { FileManager.default.fileExists(atPath: shared("data").path) }

    /// True when every one of `relative` exists in the shared data folder.
    public static func sharedHas(_ relative: [String]) -> Bool {
        relative.allSatisfy { FileManager.default.fileExists(atPath: shared($0).path) }
    }

    /// Why a test that needs `relative` from the shared data folder is skipped.
    public static func sharedSkipMessage(_ relative: [String] = []) -> String {
        let what = relative.isEmpty ? "the shared data folder" : relative.map { "shared/\($0)" }.joined(separator: ", ")
        return "\(what) is not available at \(sharedRoot.path) (set YUHENG_SHARED to the shared data folder): skipped"
    }

    /// The bundled datasets in the source tree (`Sources/Data/Bundled`).
    public static let bundled: URL = package("Sources/Data/Bundled")

    /// A file of the examples folder (`examples/<relative>`).
    public static func example(_ relative: String) -> URL { package("examples/\(relative)") }

    /// The vendored test fixtures (`Tests/Fixtures`): small, redistributable files the tests read
    /// without the shared data folder.
    public static let fixtures: URL = package("Tests/Fixtures")

    /// A file of the vendored fixtures (`Tests/Fixtures/<relative>`).
    public static func fixture(_ relative: String) -> URL { fixtures.appendingPathComponent(relative) }

    /// An executable on `PATH`, or nil.
    public static func executable(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test or suite only when the shared data folder holds every one of `relative`
    /// (paths inside it; none: the folder itself), and otherwise skips it saying what is missing and
    /// how to point the tests at it (`YUHENG_SHARED`).
    public static func requiresShared(_ relative: String...) -> Self {
        let paths = relative.isEmpty ? ["data"] : relative
        return .enabled(if: TestPaths.sharedHas(paths), Comment(rawValue: TestPaths.sharedSkipMessage(relative)))
    }
}
