import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads input files with bounds: only regular files (a device such as `/dev/zero`, a FIFO or a
/// socket, also behind a symlink, is refused instead of being read without end or blocking), files
/// read whole at most ``ImportLimits/maxFileBytes``, and paths named by a descriptor kept inside
/// their folder. Errors are ``DataError``s naming the file.
///
/// ```swift
/// let data = try SafeFile.read("export/processes/p1.json")       // ≤ 1 GiB, regular file
/// try SafeFile.stream("Z.txt") { chunk in parser.feed(chunk) }    // any size, 1 MiB chunks
/// let path = try SafeFile.contained("satellite/F.txt", in: folder) // not "../../etc/passwd"
/// ```
public enum SafeFile {
    /// Opens `path` for reading if it is a regular file (symlinks are followed); returns the
    /// descriptor (to be closed by the caller) and the file's size.
    public static func openRegular(_ path: String) throws -> (fd: Int32, size: UInt64) {
        // O_NONBLOCK: opening a FIFO without a writer must not block; cleared below for files.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let err = errno
            if err == ENOENT {
                throw DataError(.cannotOpen, "the file does not exist", file: path, suggestion: "check the path")
            }
            if err == ENXIO {
                throw DataError(
                    .cannotOpen, "is a socket or a device without a reader, not a regular file", file: path,
                    suggestion: "give the path of a regular file; devices, pipes and sockets are not read")
            }
            throw DataError(
                .cannotOpen, "cannot be opened (\(String(cString: strerror(err))))", file: path,
                suggestion: "check the path and that you may read the file")
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let err = errno
            close(fd)
            throw DataError(.cannotOpen, "cannot be examined (\(String(cString: strerror(err))))", file: path)
        }
        let type = st.st_mode & S_IFMT
        guard type == S_IFREG else {
            close(fd)
            let kind: String
            switch type {
            case S_IFDIR: kind = "a folder"
            case S_IFCHR: kind = "a character device (such as /dev/zero)"
            case S_IFBLK: kind = "a block device"
            case S_IFIFO: kind = "a named pipe (FIFO)"
            case S_IFSOCK: kind = "a socket"
            default: kind = "not a regular file"
            }
            throw DataError(
                .cannotOpen, "is \(kind), not a regular file", file: path,
                suggestion: type == S_IFDIR
                    ? "give the path of a file inside it" : "give the path of a regular file; devices, pipes and sockets are not read as input")
        }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        return (fd, UInt64(max(0, st.st_size)))
    }

    /// The bytes of a regular file, at most `limits.maxFileBytes` of them (else a ``DataError``
    /// `.tooLarge`).
    public static func read(_ path: String, limits: ImportLimits? = nil) throws -> Data {
        let limits = try limits ?? ImportLimits.current()
        let (fd, size) = try openRegular(path)
        defer { close(fd) }
        let max = limits.maxFileBytes
        func tooLarge(_ n: UInt64) -> DataError {
            DataError(
                .tooLarge,
                "is \(ImportLimits.describe(n))\(n == size ? "" : " or more"); files read whole are limited to \(ImportLimits.describe(max))",
                file: path,
                suggestion: "check that this is the right file; to allow larger ones set \(ImportLimits.Variable.maxFileBytes.rawValue) (e.g. 4G)")
        }
        if size > max { throw tooLarge(size) }
        var out = Data()
        out.reserveCapacity(Int(size))
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = Glibc_read(fd, buffer, chunk)
            if n < 0 {
                if errno == EINTR { continue }
                throw DataError(.cannotOpen, "read error (\(String(cString: strerror(errno))))", file: path)
            }
            if n == 0 { break }
            // A file that grows while it is read (or reports size 0, as /proc files do) is still bounded.
            if UInt64(out.count) + UInt64(n) > max { throw tooLarge(UInt64(out.count) + UInt64(n)) }
            out.append(buffer.assumingMemoryBound(to: UInt8.self), count: n)
        }
        return out
    }

    /// Streams a regular file in chunks of `chunkSize` bytes to `body`.
    public static func stream(_ path: String, chunkSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let (fd, _) = try openRegular(path)
        defer { close(fd) }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = Glibc_read(fd, buffer, chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw DataError(.cannotOpen, "read error (\(String(cString: strerror(errno))))", file: path)
            }
            if n == 0 { break }
            try body(UnsafeRawBufferPointer(start: buffer, count: n))
        }
    }

    /// The path of `relative` inside `folder`, when it stays inside: an absolute path, a `..`
    /// component, or a symlink that resolves outside the folder is a ``DataError`` naming
    /// `descriptor` (the file that named the path). A path that does not exist is returned as
    /// joined (the caller reports it missing).
    public static func contained(_ relative: String, in folder: URL, descriptor: String? = nil) throws -> String {
        func refuse(_ why: String) -> DataError {
            DataError(
                .invalidValue, "the file name '\(relative)' \(why)", file: descriptor ?? folder.appendingPathComponent(relative).path,
                suggestion:
                    "files of a table are named relative to its folder (e.g. \"Z.txt\" or \"satellite/F.txt\"); edit the name, or copy the file into the folder"
            )
        }
        guard !relative.isEmpty else { throw refuse("is empty") }
        guard !relative.contains("\0") else { throw refuse("contains a NUL character") }
        guard !relative.hasPrefix("/"), !relative.hasPrefix("~") else {
            throw refuse("is an absolute path; only files inside the table's folder are read")
        }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.contains("..") else { throw refuse("leaves the table's folder ('..'); only files inside it are read") }
        let joined = folder.appendingPathComponent(relative).path
        guard let realFile = realPath(joined) else { return joined } // missing: reported by the caller
        guard let realRoot = realPath(folder.path) else { return joined }
        let rootPrefix = realRoot.hasSuffix("/") ? realRoot : realRoot + "/"
        // A device or pipe is refused as such when it is opened (a clearer message than "outside").
        var st = stat()
        if stat(realFile, &st) == 0, st.st_mode & S_IFMT != S_IFREG, st.st_mode & S_IFMT != S_IFDIR { return joined }
        guard realFile.hasPrefix(rootPrefix) else {
            throw refuse("is a link to \(realFile), outside the table's folder \(realRoot); only files inside it are read")
        }
        return joined
    }

    /// The canonical path with every symlink resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}

/// `read(2)`, named apart from the `read` functions above.
@inline(__always)
private func Glibc_read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.read(fd, buffer, count)
    #else
        return Darwin.read(fd, buffer, count)
    #endif
}
