import Foundation
import YuhengCore

/// Reads a user's input file (activity data, declarations, scenarios, study files) as text: at most
/// ``maxBytes`` bytes (a larger file, or a device such as /dev/zero, is refused rather than read
/// without end), UTF-8 with a clear message when it is not ("not UTF-8 (looks like UTF-16
/// little-endian)").
///
/// ```swift
/// let text = try InputFile.read("examples/cbam/cbam-1.yaml")
/// ```
public enum InputFile {
    /// 64 MB: far above any real input file of these kinds.
    public static let maxBytes = 64 << 20

    /// The file at `path` as text. Throws ``DataError`` `.cannotOpen` when it does not exist, is a folder or cannot be read,
    /// and `.malformedFile` when it is larger than `maxBytes` or not UTF-8 (naming the encoding it looks like).
    public static func read(_ path: String, maxBytes: Int = InputFile.maxBytes) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError(.cannotOpen, "cannot read the file: it does not exist", file: path, suggestion: "check the path")
        }
        if isDirectory.boolValue {
            throw DataError(.cannotOpen, "this is a folder, not a file", file: path, suggestion: "give the path of the file itself")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataError(.cannotOpen, "cannot read the file", file: path, suggestion: "check that you may read it")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: maxBytes + 1) ?? Data() } catch {
            throw DataError(.cannotOpen, "cannot read the file: \(error.localizedDescription)", file: path)
        }
        guard data.count <= maxBytes else {
            throw DataError(
                .tooLarge, "the file is larger than \(maxBytes >> 20) MB, the limit for input files of this kind", file: path,
                suggestion: "split it into smaller files")
        }
        do { return try TextDecoding.utf8(data) } catch let e as CoreError {
            throw DataError(.malformedFile, "the file is \(e.message)", file: path)
        }
    }
}
