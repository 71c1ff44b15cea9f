import Foundation

/// Bounds on what the importers read, so that a damaged or hostile input (a zip bomb, a central
/// directory that declares 2⁶⁴ − 1 bytes, a symlink to `/dev/zero`, a file without line ends) ends
/// in a clear error instead of exhausting memory, hanging or trapping. The defaults are far above
/// any real data (EXIOBASE 3 archives expand about 4×, the US LCI JSON-LD zip 3.3×); each limit can
/// be changed with an environment variable:
///
/// | limit | default | environment variable |
/// |---|---|---|
/// | bytes decompressed from one archive, at most | 16 GiB | `YUHENG_MAX_DECOMPRESSED_BYTES` |
/// | bytes decompressed per byte of the archive (but at least 64 MiB in any case) | 20 | `YUHENG_MAX_DECOMPRESSION_RATIO` |
/// | one file (or archive entry) read whole into memory (JSON, XML, CSV) | 1 GiB | `YUHENG_MAX_FILE_BYTES` |
/// | one line of a text table (pymrio, EXIOBASE, CSV) | 16 MiB | `YUHENG_MAX_LINE_BYTES` |
///
/// Sizes are a number of bytes with an optional binary suffix: `1000000`, `512K`, `64M`, `32G`, `1T`.
///
/// ```swift
/// let limits = try ImportLimits.current()                    // defaults, or the environment's
/// limits.decompressedBudget(archiveBytes: 7_416_577)         // 148 MB: 20 × the US LCI zip
/// ```
public struct ImportLimits: Sendable, Equatable {
    /// The most bytes decompressed from one archive, whatever its size.
    public var maxDecompressedBytes: UInt64
    /// The most bytes decompressed from an archive per byte of the archive (a zip bomb expands
    /// hundreds of times; real data 3–10 times).
    public var maxCompressionRatio: UInt64
    /// The most bytes of one file or archive entry read whole into memory.
    public var maxFileBytes: UInt64
    /// The longest line of a text table, in bytes.
    public var maxLineBytes: Int

    /// An archive may always expand to this much (small archives of very regular data compress
    /// far better than 20:1), unless ``maxDecompressedBytes`` is smaller.
    public static let minimumDecompressedBudget: UInt64 = 64 << 20

    /// The default limits: 16 GiB decompressed, a compression ratio of 20, 1 GiB per file read whole, 16 MiB per line.
    public static let defaults = ImportLimits(maxDecompressedBytes: 16 << 30, maxCompressionRatio: 20, maxFileBytes: 1 << 30, maxLineBytes: 16 << 20)

    /// Limits (memberwise).
    public init(maxDecompressedBytes: UInt64, maxCompressionRatio: UInt64, maxFileBytes: UInt64, maxLineBytes: Int) {
        self.maxDecompressedBytes = maxDecompressedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.maxFileBytes = maxFileBytes
        self.maxLineBytes = maxLineBytes
    }

    /// The environment variables, for messages.
    public enum Variable: String, Sendable, CaseIterable {
        case maxDecompressedBytes = "YUHENG_MAX_DECOMPRESSED_BYTES"
        case maxCompressionRatio = "YUHENG_MAX_DECOMPRESSION_RATIO"
        case maxFileBytes = "YUHENG_MAX_FILE_BYTES"
        case maxLineBytes = "YUHENG_MAX_LINE_BYTES"
    }

    /// The defaults with the environment's overrides; a value that is not a positive size is an error
    /// naming the variable.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ImportLimits {
        var l = ImportLimits.defaults
        func value(_ v: Variable, ratio: Bool = false) throws -> UInt64? {
            guard let raw = environment[v.rawValue]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            guard let n = ratio ? UInt64(raw) : parseSize(raw), n > 0 else {
                throw DataError(
                    .invalidValue, "the environment variable \(v.rawValue)='\(raw)' is not a positive \(ratio ? "whole number" : "size")",
                    field: v.rawValue,
                    suggestion: ratio
                        ? "write a whole number such as 20, or unset the variable"
                        : "write a number of bytes with an optional K, M, G or T (binary multiples), e.g. 32G, or unset the variable")
            }
            return n
        }
        if let v = try value(.maxDecompressedBytes) { l.maxDecompressedBytes = v }
        if let v = try value(.maxCompressionRatio, ratio: true) { l.maxCompressionRatio = v }
        if let v = try value(.maxFileBytes) { l.maxFileBytes = v }
        if let v = try value(.maxLineBytes) { l.maxLineBytes = Int(min(v, UInt64(Int.max))) }
        return l
    }

    /// How many bytes may be decompressed from an archive of `archiveBytes` bytes:
    /// `min(maxDecompressedBytes, max(64 MiB, maxCompressionRatio × archiveBytes))`.
    public func decompressedBudget(archiveBytes: UInt64) -> UInt64 {
        let (byRatio, overflow) = archiveBytes.multipliedReportingOverflow(by: maxCompressionRatio)
        return min(maxDecompressedBytes, max(Self.minimumDecompressedBudget, overflow ? .max : byRatio))
    }

    /// "1000000", "512K", "64M", "32G", "1T" (also "64MB", "64MiB"; case-insensitive) → bytes.
    public static func parseSize(_ text: String) -> UInt64? {
        var s = text.trimmingCharacters(in: .whitespaces).uppercased()
        for tail in ["IB", "B"] where s.hasSuffix(tail) && s.count > tail.count { s.removeLast(tail.count); break }
        var shift: UInt64 = 0
        if let last = s.last, let k = ["K": 10, "M": 20, "G": 30, "T": 40][String(last)] {
            shift = UInt64(k)
            s.removeLast()
        }
        guard !s.isEmpty, s.allSatisfy(\.isASCII), let n = UInt64(s.trimmingCharacters(in: .whitespaces)) else { return nil }
        let (v, overflow) = n.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : v
    }

    /// A size for messages: "176 bytes", "64 MiB", "16.0 EiB".
    public static func describe(_ bytes: UInt64) -> String {
        if bytes < 1024 { return bytes == 1 ? "1 byte" : "\(bytes) bytes" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var v = Double(bytes) / 1024
        var i = 0
        while v >= 1024 && i < units.count - 1 { v /= 1024; i += 1 }
        return v == v.rounded() && v < 10_000 ? "\(Int(v)) \(units[i])" : String(format: "%.1f", v) + " " + units[i]
    }
}
