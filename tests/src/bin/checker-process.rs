//! The checker as its own process, for tests that signal or kill it (the
//! `checker` package's binary is not built for this package's tests).

fn main() -> std::process::ExitCode {
    checker::cli::main()
}
