import Testing

extension Tag {
    /// A test that takes long (more than about ten seconds of work on two cores: large Monte Carlo
    /// runs, rebuilding a bundled dataset from ../shared, a whole-archive import). `make test-fast`
    /// leaves these out; `make test` (and CI) runs them.
    @Tag public static var slow: Self
    /// A test that needs a Slurm cluster (it starts a single-node one when none answers).
    /// `make test-fast` leaves these out.
    @Tag public static var slurm: Self
    /// A test that drives a headless Chromium against the server. `make test-fast` leaves these out.
    @Tag public static var browser: Self
}
