//! The `odaudit` command: everything is in the library; this only maps the result to an exit code.

fn main() -> std::process::ExitCode {
    odaudit::cli::main()
}
