import Foundation
import YuhengCore
import ZIPFoundation

/// Writes a zip package (an `.xlsx` workbook, for example) from its parts, atomically: the archive is
/// built beside the destination and moved into place, so a failed write leaves no half-written file.
///
/// ```swift
/// try ZipPackage.write(XLSXWorkbook(…).parts(), to: URL(fileURLWithPath: "report/crt_report.xlsx"))
/// ```
public enum ZipPackage {
    /// Writes `parts` (path inside the archive, contents; deflated, dated now) to `url`, replacing a file there.
    /// - throws: ``ExportError`` naming the file when the archive cannot be written.
    public static func write(_ parts: [(path: String, data: Data)], to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        let partial = dir.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        defer { try? FileManager.default.removeItem(at: partial) }
        do {
            let archive = try Archive(url: partial, accessMode: .create)
            let now = Date()
            for part in parts {
                let data = part.data
                try archive.addEntry(
                    with: part.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: now, compressionMethod: .deflate,
                    provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
            }
        } catch {
            throw ExportError("could not write \(url.path): \(error)", suggestion: "check that the folder exists and is writable")
        }
        do {
            if FileManager.default.fileExists(atPath: url.path) {
                _ = try FileManager.default.replaceItemAt(url, withItemAt: partial)
            } else {
                try FileManager.default.moveItem(at: partial, to: url)
            }
        } catch {
            throw ExportError("could not write \(url.path): \(error.localizedDescription)", suggestion: "check that the folder is writable")
        }
    }
}

/// A file could not be written (an export: a zip package, a report).
public struct ExportError: YuhengError {
    /// What went wrong.
    public enum Code: String, ErrorCode, Codable {
        /// The file could not be written.
        case writeFailed
        /// Invalid input: the destination (a folder that does not exist or is not writable) is the user's to fix.
        public var kind: ErrorKind { .invalidInput }
    }
    /// The error domain.
    public static let domain = "export"
    /// Always ``Code/writeFailed``.
    public let code: Code = .writeFailed
    /// The message, naming the file.
    public let message: String
    /// What to do.
    public var suggestion: String?

    /// An error with its message and suggestion.
    public init(_ message: String, suggestion: String? = nil) {
        self.message = message
        self.suggestion = suggestion
    }
}
