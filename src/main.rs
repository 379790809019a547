//! The `supportkb` command-line interface. All logic lives in the library; see `supportkb::run_cli`.

fn main() -> std::process::ExitCode {
    supportkb::run_cli()
}
