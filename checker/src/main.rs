use std::process::ExitCode;

fn main() -> ExitCode {
    // Ctrl-C (or SIGTERM) while a server runs: stop its whole process group
    // before exiting, so no server is left behind.
    let _ = ctrlc::set_handler(|| {
        checker::harness::server::kill_all();
        checker::grade::remove_temporary();
        std::process::exit(130);
    });
    let code = checker::cli::run(
        std::env::args_os().collect(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr(),
    );
    ExitCode::from(code)
}
