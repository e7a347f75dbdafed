//! `forget send`: the letter by e-mail, to the company's privacy address, with the person's own
//! copy as proof; and what to do instead when the company takes no e-mail.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::SystemTime;

use anyhow::{Result, bail};
use clap::Args;

use super::letter::{Defaults, LetterSpec, report};
use super::print;
use crate::deliver::{self, Config, CopyTo, Outgoing, SendError};
use crate::letter::{Format, TemplateSet};
use crate::rules::RuleSet;

/// Exit code when the company takes requests only through a web form: the letter is printed to
/// paste there, and nothing was sent.
pub const EXIT_WEB_FORM: u8 = 3;
/// Exit code when the connection was lost before the server confirmed a message that had gone
/// out whole: it may have been delivered.
pub const EXIT_UNCERTAIN: u8 = 4;

#[derive(Debug, Args)]
#[command(after_help = "\
Exit status: 0 sent (or, with --dry-run, shown); 1 not sent; 2 bad arguments; 3 not sent \
because the company takes requests only through a web form (the letter is printed to paste \
there); 4 perhaps sent: the connection was lost after the whole message went out and before the \
server confirmed it, so look for your copy before sending again.

The password comes from `password_command` in the configuration or the environment variable \
FORGET_SMTP_PASSWORD, never from the command line. See `forget config check`.")]
pub struct SendArgs {
    #[command(flatten)]
    pub letter: LetterSpec,

    /// Print exactly what would be sent, headers and body, and send nothing
    #[arg(long, help_heading = "Sending")]
    dry_run: bool,

    /// How you get your own copy, as proof [default: `copy` in the configuration, else bcc]
    #[arg(long, value_enum, value_name = "HOW", help_heading = "Sending")]
    copy: Option<CopyTo>,

    #[command(flatten)]
    pub smtp: SmtpArgs,
}

/// Where the mail settings are.
#[derive(Debug, Args)]
pub struct ConfigFile {
    /// Read the mail settings from FILE [default: $XDG_CONFIG_HOME/forget/config.toml]
    #[arg(
        long,
        env = "FORGET_CONFIG",
        value_name = "FILE",
        help_heading = "Sending"
    )]
    pub config: Option<PathBuf>,
}

/// Which mail server: the configuration file, and what overrides it.
#[derive(Debug, Args)]
pub struct SmtpArgs {
    #[command(flatten)]
    pub file: ConfigFile,

    /// The mail server as a URL, over the configuration's host, port and security:
    /// smtps://HOST:465, smtp://HOST:587?tls=required (STARTTLS), smtp://localhost:25 (plain)
    #[arg(
        long,
        env = "FORGET_SMTP_URL",
        hide_env_values = true,
        value_name = "URL",
        help_heading = "Sending"
    )]
    pub smtp: Option<String>,

    /// Allow plain-text SMTP to a server that is not on this machine
    #[arg(long, help_heading = "Sending")]
    pub insecure_smtp: bool,
}

impl SmtpArgs {
    /// The configuration from `--config` (or the default file), with `--smtp` applied.
    pub fn config(&self) -> Result<Config> {
        Config::load(self.file.config.as_deref(), self.smtp.as_deref())
    }
}

pub fn run(
    rules: &RuleSet,
    templates: &TemplateSet,
    config: &Config,
    args: &SendArgs,
) -> Result<ExitCode> {
    let defaults = Defaults {
        name: config.sender.name.clone(),
        email: config.sender.address.clone(),
        from: config
            .path
            .as_ref()
            .map(|path| format!("`[sender]` of `{}`", path.display())),
    };
    let composition = args.letter.compose(rules, templates, &defaults)?;
    let letter = &composition.letter;

    if let Some(forms) = deliver::webform_only(&composition) {
        if forms.is_empty() {
            bail!(
                "{} has no e-mail address or web form in forget's rules, so nothing was sent: \
                 write the letter with `forget letter … --format pdf --out letter.pdf` and send \
                 it by post",
                letter.recipient.name
            );
        }
        let text = deliver::render(&composition, Format::Text)?;
        print(&String::from_utf8_lossy(&text))?;
        report(
            &composition,
            vec![format!(
                "{} takes requests only through a web form, so nothing was sent: paste the letter \
                 above into {}",
                letter.recipient.name,
                forms.join(" or ")
            )],
            false,
        );
        return Ok(ExitCode::from(EXIT_WEB_FORM));
    }

    let copy = args.copy.unwrap_or(config.sender.copy);
    let outgoing = Outgoing::new(&composition, &config.sender, copy, SystemTime::now())?;
    let today = chrono::Local::now().date_naive();
    let mut lines = Vec::new();
    if letter.date != today {
        lines.push(format!(
            "warning: the letter is dated {} but goes out today, {today}: the deadline runs from \
             the day the company receives it",
            letter.date
        ));
    }

    if args.dry_run {
        print(&String::from_utf8_lossy(&outgoing.bytes))?;
        let through = match &config.smtp {
            Some(smtp) => format!("through {}", smtp.describe()),
            None => "(no mail server is configured yet)".to_string(),
        };
        lines.insert(
            0,
            format!(
                "dry run, nothing was sent: the message above would go {} {through}",
                outgoing.addressed()
            ),
        );
        report(&composition, lines, false);
        return Ok(ExitCode::SUCCESS);
    }

    let smtp = config.require_smtp()?;
    smtp.check_security(args.smtp.insecure_smtp)?;
    eprintln!(
        "sending {} through {}",
        outgoing.addressed(),
        smtp.describe()
    );
    let result = deliver::send(config, &outgoing, args.smtp.insecure_smtp, |line| {
        eprintln!("{line}")
    });
    match result {
        Ok(sent) => {
            lines.insert(
                0,
                format!(
                    "sent {}; the server answered `{}`. Message-ID {}",
                    outgoing.addressed(),
                    sent.reply,
                    outgoing.message_id
                ),
            );
            report(&composition, lines, false);
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => match error.downcast_ref::<SendError>() {
            Some(SendError::Uncertain(_)) => {
                eprintln!("error: {error}");
                Ok(ExitCode::from(EXIT_UNCERTAIN))
            }
            _ => Err(error),
        },
    }
}
