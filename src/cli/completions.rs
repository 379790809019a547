//! `supportkb completions SHELL`: the shell's completion script on stdout. `supportkb package-files
//! DIR`, run by `make package`, writes what the packages ship besides the binaries: a man page per
//! command (`man/supportkb.1`, `man/supportkb-ask.1`…) and the bash, zsh and fish completions. Both are
//! generated from the clap definitions, so a new subcommand gets its page and completions;
//! `package-files` itself is read before clap, so that it is in no page and no completion.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use clap_complete::Shell;

use super::output::{finish, print_error};

/// Arguments of `supportkb completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish (also elvish, powershell).
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The completion files the packages install, by shell: the file names bash-completion, zsh's `compinit`
/// and fish look for.
pub const COMPLETION_FILES: [(Shell, &str); 3] = [
    (Shell::Bash, "supportkb"),
    (Shell::Zsh, "_supportkb"),
    (Shell::Fish, "supportkb.fish"),
];

/// Runs `supportkb completions SHELL`.
pub fn run(args: &CompletionsArgs) -> ExitCode {
    let mut out = io::stdout().lock();
    clap_complete::generate(args.shell, &mut super::command(), "supportkb", &mut out);
    finish(out.flush())
}

/// Runs `supportkb package-files DIR` when those are the arguments (`DIR` is created when missing);
/// `None` for any other command line.
pub fn package_files_if_asked() -> Option<ExitCode> {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let [command, dir] = args.as_slice() else {
        return None;
    };
    if command != "package-files" {
        return None;
    }
    let dir = PathBuf::from(dir);
    Some(match write_package_files(&dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            print_error(format_args!(
                "cannot write the man pages and completions to {}: {error}",
                dir.display()
            ));
            ExitCode::from(1)
        }
    })
}

fn write_package_files(dir: &Path) -> io::Result<()> {
    // No page for `supportkb help`: `--help` is on every page. `build` sets each subcommand's display
    // name (`supportkb-ask`) and usage name (`supportkb ask`).
    let mut pages = super::command().disable_help_subcommand(true);
    pages.build();
    let man = dir.join("man");
    fs::create_dir_all(&man)?;
    write_man_pages(&pages, &man)?;
    let command = super::command();
    let completions = dir.join("completions");
    fs::create_dir_all(&completions)?;
    for (shell, name) in COMPLETION_FILES {
        let mut file = BufWriter::new(File::create(completions.join(name))?);
        clap_complete::generate(shell, &mut command.clone(), "supportkb", &mut file);
        file.flush()?;
    }
    Ok(())
}

/// The page of `command` (`supportkb.1`) and of each of its visible subcommands (`supportkb-ask.1`).
fn write_man_pages(command: &clap::Command, dir: &Path) -> io::Result<()> {
    let name = command.get_display_name().unwrap_or(command.get_name());
    let mut file = BufWriter::new(File::create(dir.join(format!("{name}.1")))?);
    clap_mangen::Man::new(command.clone())
        .source(format!("supportkb {}", env!("CARGO_PKG_VERSION")))
        .manual("supportkb manual")
        .render(&mut file)?;
    file.flush()?;
    for sub in command.get_subcommands() {
        if !sub.is_hide_set() {
            write_man_pages(sub, dir)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_packages_get_a_man_page_per_command_and_the_three_completion_scripts() {
        let dir = tempfile::tempdir().unwrap();
        write_package_files(dir.path()).unwrap();
        let mut pages: Vec<String> = fs::read_dir(dir.path().join("man"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        pages.sort();
        let mut expected: Vec<String> = super::super::command()
            .get_subcommands()
            .filter(|sub| sub.get_name() != "help")
            .map(|sub| format!("supportkb-{}.1", sub.get_name()))
            .chain(["supportkb.1".to_string()])
            .collect();
        expected.sort();
        assert_eq!(pages, expected);
        assert!(pages.contains(&"supportkb-completions.1".to_string()));
        let ask = fs::read_to_string(dir.path().join("man/supportkb-ask.1")).unwrap();
        assert!(ask.contains(".TH supportkb-ask 1"), "{ask}");
        assert!(ask.contains("supportkb ask"), "{ask}");
        // roff writes a hyphen as `\-`.
        let root = fs::read_to_string(dir.path().join("man/supportkb.1")).unwrap();
        assert!(
            root.replace("\\-", "-")
                .contains("policy editions 2021-01-26, 2025-07-31"),
            "{root}"
        );
        for (_, name) in COMPLETION_FILES {
            let script = fs::read_to_string(dir.path().join("completions").join(name)).unwrap();
            assert!(script.contains("understand"), "{name}: {script}");
            assert!(!script.contains("package-files"), "{name}: {script}");
        }
    }
}
