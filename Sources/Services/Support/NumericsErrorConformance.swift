import YuhengCore
import YuhengNumerics

// Why here: YuhengNumerics sits below YuhengCore (Core imports nothing of it, and Numerics must
// not import Core), so `NumericsError` cannot declare the conformance itself. The services are the
// lowest layer that sees both and that every front end (CLI, server, agents) links, so a
// numerical failure that escapes an engine still reaches a user with its code and kind
// ("numerics.singular", 422) instead of "internal". The engines keep translating the failures
// they catch into their own errors with context (LCAError.singular names the processes);
// this is the floor under them, declared once.
//
// It is a retroactive conformance in spirit (neither the type nor the protocol is declared in
// this module), but the compiler refuses the `@retroactive` attribute for types and protocols of
// the same package: within one package the conformance cannot clash with another module's.

extension NumericsError.Code: ErrorCode {
    /// A singular matrix or a non-finite value is a calculation these data do not allow; shapes,
    /// structures, arguments and a matrix that is not positive definite (a correlation matrix) are
    /// input to correct; a failure inside LAPACK or SuiteSparse (out
    /// of memory) is nothing the user can correct.
    public var kind: ErrorKind {
        switch self {
        case .singular, .nonFinite: .computation
        case .dimensionMismatch, .invalidStructure, .invalidArgument, .notPositiveDefinite: .invalidInput
        default: .failure
        }
    }
}

extension NumericsError: YuhengError {
    /// "numerics", the prefix of the codes (`numerics.singular`).
    public static var domain: String { "numerics" }
}
