//! The command line: argument parsing, loading the rules, and printing errors with their whole
//! chain of causes.

mod config;
mod explain;
mod letter;
mod rules;
mod send;
mod templates;
mod wizard;

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
    after_help = "Run `forget` alone in a terminal to be guided, question by question.\n\
                  forget gives information, not legal advice. Everything stays on your machine."
)]
pub struct Cli {
    /// Use the rules table in DIR (with `jurisdictions/` and `controllers/`) instead of the
    /// built-in one
    #[arg(long, global = true, env = "FORGET_RULES", value_name = "DIR")]
    rules: Option<PathBuf>,

    /// Without a command, `forget` starts the wizard in a terminal and prints this help
    /// elsewhere.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Answer a few questions and get your letter, with the deadline and what to do next
    Wizard(wizard::WizardArgs),
    /// Say which laws protect you, what to cite, when the answer is due and where to complain
    Explain(explain::ExplainArgs),
    /// Write a request letter (or a reminder or complaint) as text, e-mail, mailto link or PDF
    Letter(Box<letter::LetterArgs>),
    /// Send a request letter (or a reminder or complaint) by e-mail, with your own copy as proof
    Send(Box<send::SendArgs>),
    /// List the letter templates with their review status, approve one, or check them all
    Templates(templates::TemplatesArgs),
    /// Check the rules table, or list what in it is unconfirmed
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Check the mail settings: connect and log in without sending
    #[command(subcommand)]
    Config(config::ConfigCommand),
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
    let Some(command) = cli.command else {
        if crate::wizard::has_terminal() {
            // As `forget wizard`, so that its environment variables count.
            let matches =
                <wizard::WizardArgs as clap::Args>::augment_args(clap::Command::new("forget"))
                    .try_get_matches_from(["forget"])?;
            let args = <wizard::WizardArgs as clap::FromArgMatches>::from_arg_matches(&matches)?;
            let rules = load_rules(&location)?;
            return wizard::run(&rules, &args);
        }
        let mut command = <Cli as clap::CommandFactory>::command();
        let _ = command.write_help(&mut std::io::stderr());
        return Ok(ExitCode::from(2));
    };
    match command {
        Command::Wizard(args) => wizard::run(&load_rules(&location)?, &args),
        Command::Explain(args) => explain::run(&load_rules(&location)?, &args),
        Command::Rules(command) => rules::run(command, location),
        Command::Letter(args) => {
            let rules = load_rules(&location)?;
            let templates = TemplateSet::load(args.letter.templates.as_deref())?;
            letter::run(&rules, &templates, &args)
        }
        Command::Send(args) => {
            let config = args.smtp.config()?;
            let rules = load_rules(&location)?;
            let templates = TemplateSet::load(args.letter.templates.as_deref())?;
            send::run(&rules, &templates, &config, &args)
        }
        Command::Config(command) => config::run(&command),
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
