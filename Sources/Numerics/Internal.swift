// Internal helpers shared by the YuhengNumerics types. Not public API.

/// Converts a size or index to the 32-bit integer type used by BLAS, LAPACK
/// (`lapack_int` is `int32_t` on this platform) and SuiteSparse `*_di_*`/KLU.
@inline(__always)
func checkedInt32(_ value: Int, _ what: @autoclosure () -> String) throws -> Int32 {
    guard let result = Int32(exactly: value) else {
        throw NumericsError(
            .invalidArgument,
            "\(what()) = \(value) does not fit the 32-bit indices of BLAS/LAPACK/SuiteSparse")
    }
    return result
}

/// Returns the position of the first NaN or infinite value, if any.
@inline(__always)
func firstNonFinite(_ buffer: UnsafeBufferPointer<Double>) -> Int? {
    for i in buffer.indices where !buffer[i].isFinite {
        return i
    }
    return nil
}

/// Returns the position of the first NaN or infinite value, if any.
@inline(__always)
func firstNonFinite(_ values: [Double]) -> Int? {
    values.withUnsafeBufferPointer { firstNonFinite($0) }
}

/// Throws `.nonFinite` if `values` contains NaN or an infinity.
@inline(__always)
func requireFinite(_ values: [Double], _ what: @autoclosure () -> String) throws {
    if let i = firstNonFinite(values) {
        throw NumericsError(.nonFinite, "\(what()) contains a non-finite value (\(values[i])) at position \(i)", index: i)
    }
}

/// A LAPACK character argument (`'N'`, `'T'`, `'1'`...).
@inline(__always)
func lapackChar(_ c: Unicode.Scalar) -> CChar {
    CChar(truncatingIfNeeded: UInt8(ascii: c))
}
