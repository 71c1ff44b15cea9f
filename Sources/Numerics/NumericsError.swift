/// An error thrown by YuhengNumerics.
///
/// Every failure of the numerical layer, from a dimension mismatch to a
/// singular matrix reported by LAPACK, UMFPACK or KLU, is reported with a
/// ``NumericsError``. The ``code`` tells what went wrong, the ``message``
/// explains it for humans, and the optional ``index`` and ``status`` carry
/// the offending position and the raw status code of the C library.
///
/// Release builds strip `precondition` messages, so solver failures are
/// never reported with traps: they are always thrown.
///
/// ```swift
/// do {
///     let lu = try DenseLU(a)
///     let x = try lu.solve(b)
/// } catch let error as NumericsError where error.code == .singular {
///     print("Singular matrix, zero pivot in column \(error.index ?? -1)")
/// }
/// ```
///
/// Error codes can also be matched directly in `catch` clauses:
///
/// ```swift
/// do {
///     _ = try SparseLU(matrix)
/// } catch NumericsError.Code.singular {
///     // the technology matrix is not invertible
/// }
/// ```
public struct NumericsError: Error, CustomStringConvertible, Sendable, Equatable, Hashable {
    /// The kind of a ``NumericsError``.
    ///
    /// Like GRDB's `ResultCode`, `Code` is a struct with static constants
    /// rather than an enum, so that it can be matched against any error in
    /// `catch` clauses:
    ///
    /// ```swift
    /// do {
    ///     _ = try DenseLU(a)
    /// } catch NumericsError.Code.singular {
    ///     ...
    /// }
    /// ```
    public struct Code: RawRepresentable, Sendable, Equatable, Hashable, CustomStringConvertible {
        /// Stable identifier of the code, e.g. "singular"; the same string appears in error reports and logs.
        public let rawValue: String

        /// Wraps a raw identifier; prefer the static constants below, which are the only codes YuhengNumerics throws.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Operand shapes do not agree (for example a 3×4 matrix times a
        /// vector of length 5, or a non-square matrix given to an LU
        /// factorisation).
        public static let dimensionMismatch = Code(rawValue: "dimensionMismatch")
        /// The matrix is singular: the factorisation met an exact zero pivot.
        /// ``NumericsError/index`` is the 0-based column of the zero pivot
        /// when the library reports it.
        public static let singular = Code(rawValue: "singular")
        /// A compressed sparse column structure is malformed (bad column
        /// pointers, out-of-range or unsorted row indices, duplicates...), or
        /// a sparsity pattern differs from the expected one.
        public static let invalidStructure = Code(rawValue: "invalidStructure")
        /// An argument is out of range (negative dimension, index out of
        /// bounds, size exceeding the 32-bit indices of BLAS/LAPACK/SuiteSparse).
        public static let invalidArgument = Code(rawValue: "invalidArgument")
        /// The C library reported an unexpected failure (out of memory,
        /// internal error). ``NumericsError/status`` holds its status code.
        public static let libraryFailure = Code(rawValue: "libraryFailure")
        /// An input or a result contains NaN or an infinity.
        /// ``NumericsError/index`` is the position of the first such value.
        public static let nonFinite = Code(rawValue: "nonFinite")
        /// A Cholesky factorisation met a leading minor that is not positive.
        /// ``NumericsError/index`` is the 0-based order of the failing pivot.
        public static let notPositiveDefinite = Code(rawValue: "notPositiveDefinite")

        /// All codes thrown by YuhengNumerics.
        public static let allCases: [Code] = [
            .dimensionMismatch, .singular, .invalidStructure, .invalidArgument, .libraryFailure, .nonFinite, .notPositiveDefinite
        ]

        /// The raw identifier, e.g. "dimensionMismatch".
        public var description: String { rawValue }

        /// Matches a code against any error, for use in `catch` clauses:
        ///
        /// ```swift
        /// do { ... } catch NumericsError.Code.dimensionMismatch { ... }
        /// ```
        public static func ~= (pattern: Code, error: any Error) -> Bool {
            (error as? NumericsError)?.code == pattern
        }
    }

    /// What went wrong.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// An optional 0-based position related to the error: the column of a
    /// zero pivot, the position of a non-finite value, the offending entry of
    /// a sparse structure.
    public var index: Int?
    /// The raw status code returned by LAPACK, UMFPACK or KLU, if any.
    public var status: Int32?

    /// Creates an error.
    ///
    /// ```swift
    /// throw NumericsError(.dimensionMismatch, "expected 3 values, got 2")
    /// ```
    public init(_ code: Code, _ message: String, index: Int? = nil, status: Int32? = nil) {
        self.code = code
        self.message = message
        self.index = index
        self.status = status
    }

    /// For example `singular: zero pivot U(2,2) in LU factorisation (index 2, status 3)`.
    public var description: String {
        var extras: [String] = []
        if let index { extras.append("index \(index)") }
        if let status { extras.append("status \(status)") }
        let suffix = extras.isEmpty ? "" : " (" + extras.joined(separator: ", ") + ")"
        return "\(code.rawValue): \(message)\(suffix)"
    }
}
