import Foundation
import Testing
import YuhengTestSupport

enum Rebuild {
    static var shared: URL { TestPaths.sharedRoot }
    static var sharedAvailable: Bool { TestPaths.sharedHas(["data/cbam/cbam_cn_catalog_transitional_defaults.csv"]) }
    static var python: String? { TestPaths.executable("python3") }
}

@Suite("CBAM bundle rebuild")
struct CBAMBundleRebuildTests {
    @Test(
        "scripts/build_cbam_bundle.py reproduces the committed files byte for byte", .tags(.slow),
        .enabled(if: Rebuild.sharedAvailable && Rebuild.python != nil, "needs ../shared/data/cbam and python3"))
    func reproducible() throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let o = try ProcessRunner.runBlocking(
            try #require(Rebuild.python), [TestPaths.package("scripts/build_cbam_bundle.py").path],
            environment: ["YUHENG_CBAM_OUT": tmp.url.path, "YUHENG_SHARED": Rebuild.shared.path], timeout: 1800)
        try #require(o.status == 0, "build_cbam_bundle.py failed: \(o.combined)")
        let committed = TestPaths.bundled.appendingPathComponent("cbam")
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
