//! The `supportkb` command-line interface. All logic lives in the library; see `supportkb::cli`.

fn main() -> std::process::ExitCode {
    supportkb::cli::main()
}
