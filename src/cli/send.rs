//! `forget send`: the letter by e-mail, to the company's privacy address, with the person's own
//! copy as proof; and what to do instead when the company takes no e-mail.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::SystemTime;

use anyhow::{Result, bail};
use clap::Args;

use chrono::NaiveDate;

use super::letter::{Defaults, LetterSpec, recorded_line, report};
use super::{Global, print};
use crate::cases::record::{self, Delivery};
use crate::cases::{Case, CaseLog};
use crate::deliver::{self, Config, CopyTo, Outgoing, SendError};
use crate::letter::{Composition, Format, LetterKind, TemplateSet};
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

    /// Do not record the request as a case in the case log
    #[arg(long)]
    no_record: bool,

    /// Print exactly what would be sent, headers and body, and send nothing
    #[arg(long, help_heading = "Sending")]
    dry_run: bool,

    /// Send even if this letter was sent before, or may have been (the case log says so)
    #[arg(long, help_heading = "Sending")]
    again: bool,

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
    global: &Global,
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
    let composition = args
        .letter
        .compose(rules, templates, &defaults, global.today)?;
    // Only a request opens a case; a follow-up written by hand has none to go to.
    let mut log = match composition.kind {
        LetterKind::Request(_) if !args.no_record && !args.dry_run => {
            Some(super::cases::open_log(global)?)
        }
        _ => None,
    };
    let recording = log.as_mut().map(|log| Recording {
        log,
        case: None,
        again: args.again,
        reply_by: None,
    });
    email(
        rules,
        config,
        &composition,
        &Email {
            copy: args.copy,
            smtp: &args.smtp,
            dry_run: args.dry_run,
            today: global.today,
        },
        recording,
    )
}

/// How to send: the person's choices.
pub struct Email<'a> {
    pub copy: Option<CopyTo>,
    pub smtp: &'a SmtpArgs,
    pub dry_run: bool,
    pub today: NaiveDate,
}

/// Where a send is recorded: the case log, and the case a follow-up belongs to.
pub struct Recording<'a> {
    pub log: &'a mut CaseLog,
    pub case: Option<Case>,
    /// Send even though the same letter went out (or may have) before.
    pub again: bool,
    /// For a reminder: the day it asks the answer by.
    pub reply_by: Option<NaiveDate>,
}

/// Sends `composition` by e-mail with the person's copy as proof, recording it before and after
/// when `recording` says where; a company that takes only web forms gets the text to paste.
pub fn email(
    rules: &RuleSet,
    config: &Config,
    composition: &Composition<'_>,
    how: &Email<'_>,
    recording: Option<Recording<'_>>,
) -> Result<ExitCode> {
    let letter = &composition.letter;
    let text =
        String::from_utf8(deliver::render(composition, Format::Text)?).expect("text is UTF-8");

    if let Some(forms) = deliver::webform_only(composition) {
        if forms.is_empty() {
            bail!(
                "{} has no e-mail address or web form in forget's rules, so nothing was sent: \
                 write the letter with `forget letter … --format pdf --out letter.pdf` and send \
                 it by post",
                letter.recipient.name
            );
        }
        let mut lines = Vec::new();
        if let Some(recording) = recording
            && !how.dry_run
        {
            match &recording.case {
                None => {
                    let recorded = record::draft(recording.log, composition, &text)?;
                    lines.push(recorded_line(&recorded.case, recorded.new, Some("webform")));
                }
                // A follow-up to paste into a form: recorded as written, by web form, today.
                Some(case) => {
                    let case = record::follow_up_written(
                        recording.log,
                        case,
                        composition,
                        &text,
                        Some(crate::cases::Channel::Webform),
                        how.today,
                        recording.reply_by,
                    )?;
                    lines.push(recorded_line(&case, true, None));
                }
            }
        }
        print(&text)?;
        lines.insert(
            0,
            format!(
                "{} takes requests only through a web form, so nothing was sent: paste the letter \
                 above into {}",
                letter.recipient.name,
                forms.join(" or ")
            ),
        );
        report(composition, lines, false);
        return Ok(ExitCode::from(EXIT_WEB_FORM));
    }

    let copy = how.copy.unwrap_or(config.sender.copy);
    let outgoing = Outgoing::new(composition, &config.sender, copy, SystemTime::now())?;
    let mut lines = Vec::new();
    if letter.date != how.today {
        lines.push(format!(
            "warning: the letter is dated {} but goes out today, {}: the deadline runs from \
             the day the company receives it",
            letter.date, how.today
        ));
    }

    if how.dry_run {
        print(&String::from_utf8_lossy(&outgoing.bytes))?;
        let through = match &config.smtp {
            Some(smtp) => format!("through {}", smtp.describe()),
            None => "(no mail server is configured yet)".to_string(),
        };
        lines.insert(
            0,
            format!(
                "dry run, nothing was sent or recorded: the message above would go {} {through}",
                outgoing.addressed()
            ),
        );
        report(composition, lines, false);
        return Ok(ExitCode::SUCCESS);
    }

    let smtp = config.require_smtp()?;
    smtp.check_security(how.smtp.insecure_smtp)?;
    // Recorded before the server is asked: a crash from here on leaves a trace.
    let pending = match recording {
        Some(recording) => Some((
            record::before_send(
                recording.log,
                composition,
                recording.case.as_ref(),
                &text,
                &outgoing.bytes,
                &outgoing.message_id,
                how.today,
                recording.again,
            )?,
            recording.log,
            recording.reply_by,
        )),
        None => None,
    };
    crate::say!(
        "sending {} through {}",
        outgoing.addressed(),
        smtp.describe()
    );
    let result = deliver::send(config, &outgoing, how.smtp.insecure_smtp, |line| {
        crate::say!("{line}")
    });
    let delivery = match &result {
        Ok(_) => Delivery::Sent,
        Err(error) => match error.downcast_ref::<SendError>() {
            Some(SendError::Uncertain(_)) => Delivery::Uncertain(format!("{error:#}")),
            Some(SendError::Permanent(_)) => Delivery::Refused(format!("{error:#}")),
            _ => Delivery::Failed(format!("{error:#}")),
        },
    };
    let recorded = match pending {
        Some((pending, log, reply_by)) => {
            let after = record::after_send(
                log,
                rules,
                pending,
                &delivery,
                composition.kind,
                how.today,
                reply_by,
            );
            match after {
                Ok(case) => Some(case),
                // The send's outcome matters more than the log's: say both, and how to mend it.
                Err(error) => {
                    crate::say!(
                        "error: the case log could not record how the send ended: {error:#}"
                    );
                    if matches!(delivery, Delivery::Sent) {
                        crate::say!(
                            "the letter WAS sent: do not send it again; record it with `forget \
                             cases mark-sent {} --on {} --via email`",
                            letter.reference,
                            how.today
                        );
                    }
                    None
                }
            }
        }
        None => None,
    };
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
            if let Some(case) = &recorded {
                lines.insert(1, recorded_line(case, true, None));
            }
            report(composition, lines, false);
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => match error.downcast_ref::<SendError>() {
            Some(SendError::Uncertain(_)) => {
                crate::say!("error: {error}");
                if let Some(case) = &recorded {
                    crate::say!(
                        "the case {} records the letter as perhaps sent: if your copy arrived, \
                         `forget cases mark-sent {} --on {} --via email`",
                        case.reference,
                        case.reference,
                        how.today
                    );
                }
                Ok(ExitCode::from(EXIT_UNCERTAIN))
            }
            _ => Err(error),
        },
    }
}
