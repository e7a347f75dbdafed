//! The command line: argument parsing, loading the rules, and printing errors with their whole
//! chain of causes.

mod authorities;
mod batch;
mod cases;
mod config;
mod controllers;
mod due;
mod explain;
mod follow_up;
mod letter;
mod mark_sent;
mod pager;
mod rules;
mod send;
mod shell;
mod templates;
mod wizard;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;
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

    /// Keep the case log in DIR [default: $XDG_DATA_HOME/forget, else ~/.local/share/forget]
    #[arg(long, global = true, env = "FORGET_HOME", value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Take this as today's date (for what-ifs and tests): letters are dated it, and deadlines
    /// are checked against it
    #[arg(long, global = true, env = "FORGET_TODAY", value_name = "YYYY-MM-DD", value_parser = explain::parse_date)]
    today: Option<NaiveDate>,

    /// Show every note too: each fact behind the letter that is not confirmed, and the
    /// templates' review
    #[arg(long, short, global = true, env = "FORGET_VERBOSE")]
    verbose: bool,

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
    /// Write (and send) one request per person in a spreadsheet; run again to continue
    Batch(Box<batch::BatchArgs>),
    /// List your requests, what is overdue and what to do next; record replies and dates
    Cases(cases::CasesArgs),
    /// Say what needs doing now across your cases, with the command for each (for cron too)
    Due(due::DueArgs),
    /// Write (or send) the reminder for a case whose deadline passed
    Remind(Box<follow_up::FollowUpArgs>),
    /// Write (or send) the complaint to the authority for a case, with its timeline as evidence
    Complain(Box<follow_up::FollowUpArgs>),
    /// List the letter templates with their review status, approve one, or check them all
    Templates(templates::TemplatesArgs),
    /// List, show, search or import the companies forget can write to
    #[command(subcommand)]
    Controllers(controllers::ControllersCommand),
    /// Import datenanfragen.de's supervisory authorities, to check the rules against them
    #[command(subcommand)]
    Authorities(authorities::AuthoritiesCommand),
    /// Check the rules table, or list what in it is unconfirmed
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Check the mail settings: connect and log in without sending
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Print the completion script for a shell (bash, zsh, fish, elvish, powershell)
    Completions(shell::CompletionsArgs),
    /// Print the manual page, or write every command's page into a folder
    Man(shell::ManArgs),
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
            let io = error
                .chain()
                .find_map(|cause| cause.downcast_ref::<std::io::Error>());
            // The reader of the output went away (`forget cases | head`): nothing to say.
            if io.is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            let full = io.is_some_and(|e| {
                matches!(
                    e.kind(),
                    std::io::ErrorKind::StorageFull | std::io::ErrorKind::WriteZero
                )
            });
            if error.chain().len() == 1 && full {
                // A bare write error is one on standard output: say so.
                let _ = writeln!(stderr, "error: cannot write the output: {error}");
            } else {
                let _ = writeln!(stderr, "error: {error}");
            }
            for cause in error.chain().skip(1) {
                let _ = writeln!(stderr, "  caused by: {cause}");
            }
            if full {
                let _ = writeln!(
                    stderr,
                    "  the disk (or the device written to) is full: free some space, then run \
                     the same command again"
                );
            }
            ExitCode::FAILURE
        }
    }
}

/// Whether `--verbose` was given: the notes are shown, not only counted.
static VERBOSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the person asked to see every note (`--verbose`).
pub fn verbose() -> bool {
    VERBOSE.load(std::sync::atomic::Ordering::Relaxed)
}

/// What every command may need besides its own arguments.
#[derive(Debug)]
pub struct Global {
    pub data_dir: Option<PathBuf>,
    pub today: NaiveDate,
    /// Whether today's date was given (`--today`, `FORGET_TODAY`) rather than read from the clock.
    pub today_given: bool,
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    VERBOSE.store(cli.verbose, std::sync::atomic::Ordering::Relaxed);
    let global = Global {
        data_dir: cli.data_dir.clone(),
        today_given: cli.today.is_some(),
        today: cli
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    let location = match &cli.rules {
        Some(dir) => RulesLocation::Dir(dir.clone()),
        None => RulesLocation::Embedded,
    };
    // The companies the person imported or added, and the authorities imported to check the
    // rules against, kept in the data directory.
    let data = global.data_dir.clone().or_else(crate::cases::default_dir);
    let companies = data.as_ref().map(|dir| dir.join(controllers::FOLDER));
    let imported_authorities = data.as_ref().map(|dir| dir.join(authorities::FOLDER));
    let Some(command) = cli.command else {
        if crate::wizard::has_terminal() {
            // As `forget wizard`, so that its environment variables count.
            let matches =
                <wizard::WizardArgs as clap::Args>::augment_args(clap::Command::new("forget"))
                    .try_get_matches_from(["forget"])?;
            let args = <wizard::WizardArgs as clap::FromArgMatches>::from_arg_matches(&matches)?;
            let rules = load_rules(&location, companies.as_deref())?;
            return wizard::run(&rules, &global, &args);
        }
        let mut command = <Cli as clap::CommandFactory>::command();
        let _ = command.write_help(&mut std::io::stderr());
        return Ok(ExitCode::from(2));
    };
    match command {
        Command::Wizard(args) => wizard::run(
            &load_rules(&location, companies.as_deref())?,
            &global,
            &args,
        ),
        Command::Explain(args) => explain::run(
            &load_rules(&location, companies.as_deref())?,
            global.today,
            &args,
        ),
        Command::Rules(command) => rules::run(command, location, imported_authorities.as_deref()),
        Command::Authorities(command) => {
            authorities::run(&global, imported_authorities.as_deref(), &command)
        }
        Command::Controllers(command) => {
            controllers::run(&location, &global, companies.as_deref(), &command)
        }
        Command::Letter(args) => {
            let rules = load_rules(&location, companies.as_deref())?;
            let templates = TemplateSet::load(args.letter.templates.as_deref())?;
            letter::run(&rules, &templates, &global, &args)
        }
        Command::Send(args) => {
            let config = args.smtp.config()?;
            let rules = load_rules(&location, companies.as_deref())?;
            let templates = TemplateSet::load(args.letter.templates.as_deref())?;
            send::run(&rules, &templates, &config, &global, &args)
        }
        Command::Batch(args) => batch::run(
            &load_rules(&location, companies.as_deref())?,
            &global,
            &args,
        ),
        Command::Cases(args) => {
            cases::run(&load_rules(&location, companies.as_deref())?, &global, args)
        }
        Command::Due(args) => due::run(
            &load_rules(&location, companies.as_deref())?,
            &global,
            &args,
            || cases::open_log(&global),
        ),
        Command::Remind(args) => follow_up::run(
            &load_rules(&location, companies.as_deref())?,
            &global,
            follow_up::Step::Remind,
            &args,
        ),
        Command::Complain(args) => follow_up::run(
            &load_rules(&location, companies.as_deref())?,
            &global,
            follow_up::Step::Complain,
            &args,
        ),
        Command::Config(command) => config::run(&command),
        Command::Completions(args) => {
            shell::completions(&args, <Cli as clap::CommandFactory>::command())
        }
        Command::Man(args) => shell::man(&args, <Cli as clap::CommandFactory>::command()),
        Command::Templates(args) => {
            templates::run(args, || load_rules(&location, companies.as_deref()))
        }
    }
}

/// Loads the rules for a command that needs them whole: problems are printed, and any error
/// stops the command.
fn load_rules(location: &RulesLocation, companies: Option<&Path>) -> Result<RuleSet> {
    let checked = RuleSet::check_with(location, companies);
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

/// The folder of the data directory where `what` is kept, or the error that says how to give one.
fn data_folder<'p>(folder: Option<&'p Path>, what: &str) -> Result<&'p Path> {
    folder.ok_or_else(|| {
        anyhow::anyhow!(
            "cannot tell where to keep {what}: set HOME, XDG_DATA_HOME or FORGET_HOME, or give \
             `--data-dir DIR`"
        )
    })
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
