//! `forget completions SHELL` and `forget man`: what a shell and `man` need, generated from the
//! same definition of the commands as `--help`, so they never disagree with it.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
#[command(after_help = "Install them, for example:
  bash:  forget completions bash > ~/.local/share/bash-completion/completions/forget
  zsh:   forget completions zsh > ~/.zfunc/_forget   (with `fpath+=~/.zfunc` in ~/.zshrc)
  fish:  forget completions fish > ~/.config/fish/completions/forget.fish")]
pub struct CompletionsArgs {
    /// The shell to complete `forget` in
    #[arg(value_enum)]
    shell: Shell,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Without --out, the page of `forget` itself goes to standard output: \
`forget man | man -l -`. With --out, one page per command is written there \
(forget.1, forget-letter.1, …): `forget man --out ~/.local/share/man/man1`."
)]
pub struct ManArgs {
    /// Write forget.1 and a page for each command into DIR (created if need be)
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Writes the completion script for `args.shell` to standard output.
pub fn completions(args: &CompletionsArgs, mut command: clap::Command) -> Result<ExitCode> {
    use clap_complete::Shell as S;
    let shell = match args.shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Elvish => S::Elvish,
        Shell::Powershell => S::PowerShell,
    };
    // Generated whole first: a write error is then reported, not a panic halfway.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "forget", &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the manual page of `forget` to standard output, or every page into `--out`.
pub fn man(args: &ManArgs, command: clap::Command) -> Result<ExitCode> {
    let Some(dir) = &args.out else {
        std::io::stdout().lock().write_all(&page(command)?)?;
        return Ok(ExitCode::SUCCESS);
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the folder `{}`", dir.display()))?;
    let mut written = vec![write_page(dir, "forget", command.clone())?];
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        // clap names commands with static strings; a few page names live as long as forget.
        let name: &'static str = format!("forget-{}", sub.get_name()).leak();
        written.push(write_page(dir, name, sub.clone().name(name))?);
    }
    crate::say!(
        "wrote {} manual pages to {} (`man forget` finds them if it is in your MANPATH)",
        written.len(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn page(command: clap::Command) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut bytes)
        .context("cannot write the manual page")?;
    Ok(bytes)
}

fn write_page(dir: &Path, name: &str, command: clap::Command) -> Result<PathBuf> {
    let path = dir.join(format!("{name}.1"));
    std::fs::write(&path, page(command)?)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(path)
}
