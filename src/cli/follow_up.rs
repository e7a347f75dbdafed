//! `forget remind REF` and `forget complain REF`: the next letter of a case, written from what
//! the case log knows (the request, its dates, the replies). Writing it is a preview that
//! changes nothing; it is recorded in the case when the person says so (`--record`) or when
//! forget sends it (`--send`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;
use serde::Serialize;

use super::cases::open_log;
use super::letter::report;
use super::send::{Email, Recording, SmtpArgs, email};
use super::{Global, print};
use crate::cases::{Channel, escalation, record};
use crate::deliver::{self, CopyTo};
use crate::letter::{Format, Language, LetterKind, LetterRequest, Person, TemplateSet, compose};
use crate::residence::Residence;
use crate::rules::RuleSet;

pub use crate::cases::escalation::Step;

#[derive(Debug, Args)]
pub struct FollowUpArgs {
    /// The case's reference (FGT-XXXX-XXXX); `forget cases` lists them
    reference: String,

    /// The output format
    #[arg(long, value_enum, default_value_t = Format::Text, help_heading = "Output")]
    format: Format,

    /// Write to this file instead of standard output (required for pdf)
    #[arg(long, short, value_name = "PATH", help_heading = "Output")]
    out: Option<PathBuf>,

    /// The paper of a PDF [default: the one sold where you live: letter in the US, Canada and
    /// Mexico, a4 elsewhere]
    #[arg(long, value_enum, value_name = "PAPER", help_heading = "Output")]
    paper: Option<crate::letter::Paper>,

    /// The letter's language [default: the case's for a reminder, the authority's for a
    /// complaint]
    #[arg(long, value_name = "LANG", value_parser = super::letter::parse_language)]
    lang: Option<Language>,

    /// How you send it, for the record [default: e-mail when the recipient takes e-mail, else
    /// post]
    #[arg(long, value_enum)]
    via: Option<Channel>,

    /// Use the letter templates in DIR over the built-in ones
    #[arg(long, env = "FORGET_TEMPLATES", value_name = "DIR")]
    templates: Option<PathBuf>,

    /// Record in the case that you send this letter today (the case moves on: reminded,
    /// complained…); without it, the letter is only written, and the case does not change
    #[arg(long, conflicts_with_all = ["no_record", "dry_run"])]
    record: bool,

    /// With --send: send it without recording it in the case
    #[arg(long)]
    no_record: bool,

    /// With `complain`: the complaint to the authority even where the law's path has another
    /// step first (a complaint to the company, an application whose window has closed)
    #[arg(long)]
    to_authority: bool,

    /// Print JSON: the case, the letter's subject, text and recipients
    #[arg(long)]
    json: bool,

    /// Send it by e-mail now, with your own copy as proof (see `forget send --help`)
    #[arg(long, help_heading = "Sending")]
    send: bool,

    /// With --send: print exactly what would be sent, and send and record nothing
    #[arg(long, help_heading = "Sending", requires = "send")]
    dry_run: bool,

    /// With --send: send even if this letter was sent before, or may have been
    #[arg(long, help_heading = "Sending", requires = "send")]
    again: bool,

    /// With --send: how you get your own copy [default: `copy` in the configuration, else bcc]
    #[arg(long, value_enum, value_name = "HOW", help_heading = "Sending")]
    copy: Option<CopyTo>,

    #[command(flatten)]
    smtp: SmtpArgs,
}

#[derive(Debug, Serialize)]
struct FollowUpJson<'a> {
    reference: &'a str,
    kind: &'a str,
    status: &'a str,
    recorded: bool,
    subject: &'a str,
    to: &'a [String],
    recipient: &'a str,
    due: Option<chrono::NaiveDate>,
    reply_by: Option<chrono::NaiveDate>,
    text: &'a str,
}

pub fn run(rules: &RuleSet, global: &Global, step: Step, args: &FollowUpArgs) -> Result<ExitCode> {
    let today = global.today;
    if args.format == Format::Pdf && args.out.is_none() {
        bail!("a PDF needs a file to go to: add `--out letter.pdf`");
    }
    let templates = TemplateSet::load(args.templates.as_deref())?;
    let mut log = open_log(global)?;
    let case = log.find(&args.reference)?;
    let history = log.history(&case)?;
    let reference = &case.reference;
    let plan = escalation::plan(
        rules,
        &case,
        &history,
        step,
        args.lang,
        args.to_authority,
        today,
    )?;
    let kind = plan.kind;
    let reply_by = plan.reply_by;
    let steps = &plan.steps;
    let address = case.address.join("\n");
    let person = Person::new(
        &case.name,
        &case.email,
        Some(address.as_str()).filter(|a| !a.is_empty()),
        case.offer_photo,
    )?
    .with_settlement(case.settlement);
    let request = LetterRequest {
        residence: Residence::parse(&case.residence)?,
        controller: rules.find_controller(&case.controller)?,
        kind,
        person,
        language: plan.language,
        regime: Some(case.regime.clone()),
        date: today,
        reference: Some(case.reference.clone()),
        original: Some(plan.original.clone()),
    };
    let mut composition = compose(rules, &templates, &request)?;
    if let Some(paper) = args.paper {
        composition.letter.paper = paper;
    }
    let notes = plan.notes.clone();

    if args.send {
        if kind == LetterKind::Counsel {
            bail!(
                "the summary for counsel goes to your lawyer, not by forget's e-mail: write it \
                 with `forget complain {reference} --format pdf --out summary.pdf`"
            );
        }
        let config = args.smtp.config()?;
        let how = Email {
            copy: args.copy,
            smtp: &args.smtp,
            dry_run: args.dry_run,
            today,
        };
        let recording = (!args.no_record && !args.dry_run).then_some(Recording {
            log: &mut log,
            case: Some(case.clone()),
            again: args.again,
            reply_by,
        });
        for note in &notes {
            crate::say!("note: {note}");
        }
        return email(rules, &config, &composition, &how, recording);
    }

    // Rendered before it is recorded, and recorded before it is written: the case moves on only
    // for a letter that exists.
    let text =
        String::from_utf8(deliver::render(&composition, Format::Text)?).expect("text is UTF-8");
    let output = match &args.out {
        Some(_) if args.format == Format::Pdf => None,
        _ => Some(deliver::render(&composition, args.format)?),
    };
    let channel = match (args.via, kind) {
        (_, LetterKind::Counsel) => None,
        (Some(channel), _) => Some(channel),
        (None, _) if composition.to.is_empty() => Some(Channel::Post),
        (None, _) => Some(Channel::Email),
    };
    let updated = if !args.record {
        case.clone()
    } else {
        record::follow_up_written(
            &mut log,
            &case,
            &composition,
            &text,
            channel,
            today,
            reply_by,
        )?
    };
    match (&args.out, output) {
        (Some(path), _) => deliver::save(&composition, args.format, path)?,
        (None, Some(bytes)) if !args.json => print(&String::from_utf8_lossy(&bytes))?,
        _ => {}
    }
    if args.json {
        print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&FollowUpJson {
                reference: &case.reference,
                kind: kind.as_str(),
                status: updated.status.as_str(),
                recorded: args.record,
                subject: &composition.letter.subject,
                to: &composition.to,
                recipient: &composition.letter.recipient.name,
                due: case.effective_due(),
                reply_by,
                text: &text,
            })?
        ))?;
    }
    let mut lines = Vec::new();
    if let Some(path) = &args.out {
        lines.push(format!("wrote {}", path.display()));
    }
    if args.record {
        lines.push(format!(
            "recorded in case {reference}: {} on {today}{}",
            updated.status.as_str(),
            reply_by.map_or(String::new(), |by| format!(", answer asked by {by}"))
        ));
    } else {
        lines.push(not_recorded(reference, step, kind, &composition));
    }
    match kind {
        LetterKind::Complaint => lines.push(how_to_file(&composition)),
        LetterKind::CompanyComplaint => lines.push(format!(
            "this is the complaint to {} itself ({}); when it has answered, or has not \
             acknowledged it by {}, `forget complain {reference}` writes the complaint to the \
             authority",
            case.controller_name,
            steps.first().map_or("", |s| s.provision.as_str()),
            reply_by.map_or_else(|| "the day the law sets".to_string(), |d| d.to_string())
        )),
        LetterKind::Reminder if composition.to.is_empty() => lines.push(format!(
            "{} takes no e-mail: post the reminder (PDF: `--format pdf --out reminder.pdf`)",
            case.controller_name
        )),
        _ => {}
    }
    lines.extend(notes.into_iter().map(|n| format!("note: {n}")));
    report(&composition, lines, false);
    Ok(ExitCode::SUCCESS)
}

/// What to do to record the letter: it was only written, and the case is as it was.
fn not_recorded(
    reference: &str,
    step: Step,
    kind: LetterKind,
    composition: &crate::letter::Composition<'_>,
) -> String {
    let command = match step {
        Step::Remind => "remind",
        Step::Complain => "complain",
    };
    let mut line = format!(
        "not recorded: case {reference} is unchanged. When you send this {}, run the same \
         command with `--record` to record it as sent that day",
        match kind {
            LetterKind::Reminder => "reminder",
            LetterKind::CompanyComplaint => "complaint to the company",
            LetterKind::Complaint => "complaint",
            LetterKind::Counsel => "summary to your lawyer",
            LetterKind::Request(_) => "letter",
        }
    );
    if kind != LetterKind::Counsel && !composition.to.is_empty() {
        line.push_str(&format!(
            ", or `forget {command} {reference} --send` sends it by e-mail and records it"
        ));
    }
    line
}

/// Where a complaint goes: the authority's e-mail, its form, or its postal address.
fn how_to_file(composition: &crate::letter::Composition<'_>) -> String {
    let recipient = &composition.letter.recipient;
    let mut ways = Vec::new();
    if let Some(email) = &recipient.email {
        ways.push(format!(
            "by e-mail to {email} (`--send` sends it, with your copy)"
        ));
    }
    if !recipient.address.is_empty() {
        ways.push(format!("by post to {}", recipient.address.join(", ")));
    }
    let mut line = format!("file it with {}", recipient.name);
    if !ways.is_empty() {
        line.push_str(&format!(": {}", ways.join(", or ")));
    }
    line.push_str("; attach copies of the letters and replies it lists as evidence");
    line
}
