//! The `steady` binary: parse the command line, dispatch, map errors to exit codes.
//! Everything else lives in the library so the tests can reach it.

fn main() -> std::process::ExitCode {
    steady::cli::main()
}
