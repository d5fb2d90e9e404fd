use std::process::ExitCode;

fn main() -> ExitCode {
    checker::cli::main()
}
