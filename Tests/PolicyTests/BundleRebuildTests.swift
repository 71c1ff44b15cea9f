import Foundation
import Testing

enum Rebuild {
    static let shared: URL = {
        if let s = ProcessInfo.processInfo.environment["YUHENG_SHARED"], !s.isEmpty { return URL(fileURLWithPath: s) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()
    static var sharedAvailable: Bool { FileManager.default.fileExists(atPath: shared.appendingPathComponent("data/cbam/cbam_cn_catalog_transitional_defaults.csv").path) }
    static var python: String? {
        ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

@Suite("CBAM bundle rebuild")
struct CBAMBundleRebuildTests {
    @Test("scripts/build_cbam_bundle.py reproduces the committed files byte for byte",
          .enabled(if: Rebuild.sharedAvailable && Rebuild.python != nil, "needs ../shared/data/cbam and python3"))
    func reproducible() throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(Rebuild.python))
        p.arguments = [packageRoot.appendingPathComponent("scripts/build_cbam_bundle.py").path]
        var env = ProcessInfo.processInfo.environment
        env["YUHENG_CBAM_OUT"] = tmp.url.path
        env["YUHENG_SHARED"] = Rebuild.shared.path
        p.environment = env
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "build_cbam_bundle.py failed: \(log)")
        let committed = packageRoot.appendingPathComponent("Sources/Data/Bundled/cbam")
        let names = ["LICENSE.txt", "README.md", "cn_defaults.csv", "manifest.json"]
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).sorted() == names)
        #expect(try FileManager.default.contentsOfDirectory(atPath: committed.path).sorted() == names)
        for n in names {
            let a = try Data(contentsOf: tmp.url.appendingPathComponent(n))
            let b = try Data(contentsOf: committed.appendingPathComponent(n))
            #expect(a == b, "\(n) differs from the committed file: run python3 scripts/build_cbam_bundle.py")
        }
    }
}
