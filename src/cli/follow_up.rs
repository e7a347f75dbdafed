//! `forget remind REF` and `forget complain REF`: the next letter of a case, written from what
//! the case log knows (the request, its dates, the replies), and recorded in it.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::Days;
use clap::Args;
use serde::Serialize;

use super::cases::open_log;
use super::letter::report;
use super::send::{Email, Recording, SmtpArgs, email};
use super::{Global, print};
use crate::cases::{Case, Channel, Outcome, Status, lifecycle, record};
use crate::decide::{WINDOW_MARGIN_DAYS, reminder_reply_by};
use crate::deliver::{self, CopyTo};
use crate::letter::{
    Format, Language, LetterKind, LetterRequest, Person, REMINDER_DAYS, TemplateSet, compose,
};
use crate::residence::Residence;
use crate::rules::{Route, RuleSet, StepKind};

/// Which follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Remind,
    Complain,
}

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

    /// The letter's language [default: the case's for a reminder, the authority's for a
    /// complaint]
    #[arg(long, value_name = "LANG", value_parser = super::letter::parse_language)]
    lang: Option<Language>,

    /// How you will send it, for the record [default: e-mail when the recipient takes e-mail,
    /// else post]
    #[arg(long, value_enum)]
    via: Option<Channel>,

    /// Use the letter templates in DIR over the built-in ones
    #[arg(long, env = "FORGET_TEMPLATES", value_name = "DIR")]
    templates: Option<PathBuf>,

    /// Write the letter without recording it in the case
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
    let regime = rules.regime(&case.regime).with_context(|| {
        format!(
            "the case {reference} is under the regime `{}`, which the rules in use do not have",
            case.regime
        )
    })?;
    let route = regime.route();
    let steps = lifecycle::escalation_steps(rules, &case, today);
    let company_first = steps
        .first()
        .is_some_and(|s| s.step == StepKind::ComplaintToController);
    let kind = match (step, route) {
        (Step::Remind, _) => LetterKind::Reminder,
        (Step::Complain, Route::Authority)
            if company_first
                && !args.to_authority
                && !matches!(
                    case.status,
                    Status::ComplainedToCompany | Status::Complained
                ) =>
        {
            LetterKind::CompanyComplaint
        }
        (Step::Complain, Route::Authority) => LetterKind::Complaint,
        (Step::Complain, Route::PrivateAction) => LetterKind::Counsel,
    };
    check_ready(&case, step, kind, today)?;
    // A window the person must apply in after a refusal (Québec's 30 days before the Commission
    // d'accès à l'information): a reminder never leads past it, and an application after it is
    // refused with what remains.
    let refused_on = history
        .iter()
        .filter(|e| e.event == "reply" && e.outcome == Some(Outcome::Refused))
        .map(|e| e.date)
        .next_back();
    let window = lifecycle::refusal_window(rules, &case, refused_on, today);
    if let Some((window_step, end)) = &window {
        match step {
            Step::Complain if today > *end && !args.to_authority => {
                bail!(
                    "{}",
                    window_closed(rules, &case, regime, &steps, window_step, *end)
                )
            }
            Step::Remind if today + Days::new(WINDOW_MARGIN_DAYS) > *end => bail!(
                "the window to apply ({}) {} on {end}: a reminder now would make you wait past \
                 it. Apply instead: `forget complain {reference}`{}",
                window_step.provision,
                if today > *end { "closed" } else { "closes" },
                if today > *end {
                    " says what remains"
                } else {
                    " writes the application"
                }
            ),
            _ => {}
        }
    }
    let original = case.original(&history).with_context(|| {
        format!(
            "the case {reference} has no day of receipt: `forget cases mark-sent {reference} --on \
             YYYY-MM-DD --via email|post|webform`"
        )
    })?;
    let address = case.address.join("\n");
    let person = Person::new(
        &case.name,
        &case.email,
        Some(address.as_str()).filter(|a| !a.is_empty()),
        case.offer_photo,
    )?;
    let language = match (args.lang, step) {
        (Some(language), _) => Some(language),
        (None, Step::Remind) => Language::parse(&case.language),
        // To the company, in the case's language.
        (None, Step::Complain) if kind == LetterKind::CompanyComplaint => {
            Language::parse(&case.language)
        }
        // To the authority: in the case's language where it takes complaints in it (a French
        // speaker complains in French, to the federal commissioner too), else the composer
        // chooses one of the authority's.
        (None, Step::Complain) => complaint_language(rules, &case, today),
    };
    let request = LetterRequest {
        residence: Residence::parse(&case.residence)?,
        controller: rules.find_controller(&case.controller)?,
        kind,
        person,
        language,
        regime: Some(case.regime.clone()),
        date: today,
        reference: Some(case.reference.clone()),
        original: Some(original),
    };
    let composition = compose(rules, &templates, &request)?;
    let reply_by = match kind {
        LetterKind::Reminder => Some(reminder_reply_by(
            today,
            REMINDER_DAYS,
            window.as_ref().map(|(_, end)| *end),
        )),
        // The day the company must acknowledge the complaint by (counted from today, the day an
        // e-mail arrives; a posted complaint arrives later, so this is the earliest).
        LetterKind::CompanyComplaint => steps.first().and_then(|s| s.end(today)),
        _ => None,
    };
    let mut notes = Vec::new();
    if kind == LetterKind::Counsel {
        notes.push(format!(
            "the {} has no authority to complain to: it is enforced in court ({}). This is a \
             summary of the facts and dates for a lawyer, not a letter to send",
            regime.short_name,
            regime.escalation_on(today).cite
        ));
    }
    if step == Step::Complain
        && let Some(by) = case.reminder_due.filter(|by| today <= *by)
    {
        match case.status {
            Status::Reminded => notes.push(format!(
                "your reminder gave {} until {by}: a complaint before then may be premature",
                case.controller_name
            )),
            Status::ComplainedToCompany => notes.push(format!(
                "{} has until {by} to acknowledge your complaint; the law does not make waiting \
                 a condition, but the authority usually asks people to let the company answer \
                 first",
                case.controller_name
            )),
            _ => {}
        }
    }

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
            eprintln!("note: {note}");
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
    let updated = if args.no_record {
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
                recorded: !args.no_record,
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
    if !args.no_record {
        lines.push(format!(
            "recorded in case {reference}: {} on {today}{}",
            updated.status.as_str(),
            reply_by.map_or(String::new(), |by| format!(", answer asked by {by}"))
        ));
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

/// The case's language, when the authority competent for its regime takes complaints in it.
fn complaint_language(rules: &RuleSet, case: &Case, today: chrono::NaiveDate) -> Option<Language> {
    let language = Language::parse(&case.language)?;
    let residence = Residence::parse(&case.residence).ok()?;
    let decision = crate::decide::decide(rules, residence, None, Some(case.kind), today, None);
    let authority = decision
        .regimes
        .iter()
        .find(|r| r.regime.id == case.regime)?
        .authority?;
    authority
        .languages
        .iter()
        .any(|l| l == language.code())
        .then_some(language)
}

/// Why an application after its window is refused, and what remains.
fn window_closed(
    rules: &RuleSet,
    case: &Case,
    regime: &crate::rules::Regime,
    steps: &[crate::decide::PathStep],
    window_step: &crate::decide::PathStep,
    end: chrono::NaiveDate,
) -> String {
    let reference = &case.reference;
    let mut remains = Vec::new();
    for step in steps
        .iter()
        .filter(|s| s.step != window_step.step && s.within.is_none())
    {
        remains.push(format!(
            "{} ({}): `forget complain {reference} --to-authority` writes it",
            crate::text::lowercase_first(step.summary.trim_end_matches('.')),
            step.provision
        ));
    }
    let residence = crate::residence::Residence::parse(&case.residence).ok();
    if let Some(residence) = residence {
        for other in rules.regimes.iter().filter(|r| {
            r.id != regime.id
                && r.coverage.iter().any(|c| {
                    c.residences
                        .iter()
                        .any(|code| residence.match_rank(&code.code).is_some())
                })
        }) {
            remains.push(format!(
                "under the {} instead: a new request to {} under that law opens its own path \
                 (`forget letter --regime {}`)",
                other.short_name, case.controller_name, other.id
            ));
        }
    }
    let mut message = format!(
        "the window to apply ({}) closed on {end}: it ran for {} from the refusal or the end of \
         the time to answer. The authority may still accept a late application for a \
         reasonable cause; say why it is late if you apply anyway",
        window_step.provision,
        window_step
            .period
            .map_or_else(String::new, |p| p.to_string())
    );
    if !remains.is_empty() {
        message.push_str(". What remains: ");
        message.push_str(&remains.join("; "));
    }
    message
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

/// Whether the case is ready for this step on `today`, or why not.
fn check_ready(case: &Case, step: Step, kind: LetterKind, today: chrono::NaiveDate) -> Result<()> {
    let reference = &case.reference;
    let what = match kind {
        LetterKind::Reminder => "reminder",
        LetterKind::CompanyComplaint => "complaint to the company",
        LetterKind::Complaint => "complaint",
        _ => "summary for counsel",
    };
    match case.status {
        Status::Drafted => bail!(
            "the request {reference} has not been sent yet, so there is nothing to follow up: \
             after sending it, `forget cases mark-sent {reference} --on YYYY-MM-DD --via \
             email|post|webform`"
        ),
        Status::Closed => bail!("the case {reference} is closed: nothing to follow up"),
        Status::Answered if case.outcome == Some(Outcome::Complied) => bail!(
            "the company complied with {reference} (`forget cases show {reference}`); if it did \
             not really, record what it did with `forget cases reply {reference} --note TEXT \
             --outcome partial`"
        ),
        _ => {}
    }
    let answered_badly = matches!(
        case.outcome,
        Some(Outcome::Refused | Outcome::Partial | Outcome::AskedForId)
    );
    if let Some(due) = case.effective_due()
        && today <= due
        && !answered_badly
    {
        bail!(
            "the answer to {reference} is not due until {due}: a {what} about a missed deadline \
             can be written from the day after (`forget cases show {reference}`)"
        );
    }
    if step == Step::Remind && case.status == Status::Complained {
        bail!("the case {reference} went to the authority already: a reminder comes before that");
    }
    Ok(())
}
