//! The command line: argument parsing, loading the rules, and printing errors with their whole
//! chain of causes.

mod explain;
mod letter;
mod rules;
mod templates;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::{Parser, Subcommand};

use crate::letter::TemplateSet;
use crate::rules::{RuleSet, RulesLocation};

/// Make companies erase what they hold on you: the right law, the right address, the right
/// deadline.
#[derive(Debug, Parser)]
#[command(
    name = "forget",
    version,
    arg_required_else_help = true,
    after_help = "forget gives information, not legal advice. Everything stays on your machine."
)]
pub struct Cli {
    /// Use the rules table in DIR (with `jurisdictions/` and `controllers/`) instead of the
    /// built-in one
    #[arg(long, global = true, env = "FORGET_RULES", value_name = "DIR")]
    rules: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Say which laws protect you, what to cite, when the answer is due and where to complain
    Explain(explain::ExplainArgs),
    /// Write a request letter (or a reminder or complaint) as text, e-mail, mailto link or PDF
    Letter(Box<letter::LetterArgs>),
    /// List the letter templates with their review status, approve one, or check them all
    Templates(templates::TemplatesArgs),
    /// Check the rules table, or list what in it is unconfirmed
    #[command(subcommand)]
    Rules(rules::RulesCommand),
}

/// Runs `forget` with the process's arguments and returns its exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    match dispatch(cli) {
        Ok(code) => code,
        Err(error) => {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "error: {error}");
            for cause in error.chain().skip(1) {
                let _ = writeln!(stderr, "  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    let location = match &cli.rules {
        Some(dir) => RulesLocation::Dir(dir.clone()),
        None => RulesLocation::Embedded,
    };
    match cli.command {
        Command::Explain(args) => explain::run(&load_rules(&location)?, &args),
        Command::Rules(command) => rules::run(command, location),
        Command::Letter(args) => {
            let rules = load_rules(&location)?;
            let templates = TemplateSet::load(args.templates.as_deref())?;
            letter::run(&rules, &templates, &args)
        }
        Command::Templates(args) => templates::run(args, || load_rules(&location)),
    }
}

/// Loads the rules for a command that needs them whole: problems are printed, and any error
/// stops the command.
fn load_rules(location: &RulesLocation) -> Result<RuleSet> {
    let checked = RuleSet::check(location);
    let errors = checked.errors();
    if errors > 0 {
        let mut stderr = std::io::stderr().lock();
        for diagnostic in checked.diagnostics.iter().filter(|d| d.is_error()) {
            let _ = writeln!(stderr, "{diagnostic}\n");
        }
        let check = match location {
            RulesLocation::Dir(dir) => format!("forget rules check {}", dir.display()),
            RulesLocation::Embedded => "forget rules check".to_string(),
        };
        bail!(
            "{location} have {errors} error{} (shown above): fix them, and check with `{check}`",
            if errors == 1 { "" } else { "s" }
        );
    }
    Ok(checked
        .rules
        .expect("rules without errors are always built"))
}

/// Writes to stdout, treating a closed pipe (`forget … | head`) as success.
fn print(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
