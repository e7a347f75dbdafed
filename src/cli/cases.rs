//! `forget cases`: what was asked of whom, what is overdue, and what to do next; recording when a
//! letter went out, a reply, an extension; the open deadlines as a calendar.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::explain::parse_date;
use super::mark_sent::{self, MarkSentArgs, Marked};
use super::{Global, print};
use crate::cases::record;
use crate::cases::{
    Case, CaseLog, Channel, Entry, Message, Outcome, Status, case_log, ics, lifecycle, reply,
};
use crate::rules::RuleSet;

#[derive(Debug, Args)]
pub struct CasesArgs {
    #[command(subcommand)]
    command: Option<CasesCommand>,

    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, Subcommand)]
enum CasesCommand {
    /// List the cases, with their status and due date (the default)
    List(ListArgs),
    /// Show one case: its dates, its history, every message, and the next step
    Show {
        /// The case's reference (FGT-XXXX-XXXX)
        reference: String,
        #[arg(long)]
        json: bool,
    },
    /// Record when and how you sent the letter (post, e-mail, web form)
    MarkSent(MarkSentArgs),
    /// Record the company's reply: an e-mail saved as .eml, or a note with its outcome
    Reply(ReplyArgs),
    /// Record that the company extended the deadline (checked against the law's rule)
    Extend(ExtendArgs),
    /// Record that the company asked for identity information or a clarification, and when you
    /// answered: where the law stops the clock (UK, requests from 5 February 2026), the due date
    /// moves
    Paused(PausedArgs),
    /// Close a case: nothing more to do
    Close {
        reference: String,
        /// Why, in your words
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Export every open deadline as a calendar (.ics)
    Export(ExportArgs),
}

#[derive(Debug, Args)]
struct ListArgs {
    /// Only the cases whose answer is overdue
    #[arg(long)]
    overdue: bool,
    /// Print JSON: an array of cases
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["file", "note"])))]
struct ReplyArgs {
    /// The case [default: found from the reply's subject or In-Reply-To]
    reference: Option<String>,
    /// The reply as an e-mail file (.eml), stored whole
    #[arg(long, value_name = "FILE.eml")]
    file: Option<PathBuf>,
    /// The reply (or what happened) in your words
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// What the reply amounted to
    #[arg(long, value_enum)]
    outcome: Option<Outcome>,
    /// The day of the reply [default: the e-mail's date, else today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    on: Option<NaiveDate>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct ExtendArgs {
    reference: String,
    /// The new due date the company gave
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    until: NaiveDate,
    /// The day the company told you [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    notified_on: Option<NaiveDate>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct PausedArgs {
    reference: String,
    /// What the company asked for
    #[arg(long, value_enum)]
    what: lifecycle::Asked,
    /// The day it asked
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    asked_on: NaiveDate,
    /// The day it received your answer; without it, the clock is recorded as stopped
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    answered_on: Option<NaiveDate>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// As an iCalendar file, one event per open deadline
    #[arg(long, required = true)]
    ics: bool,
    /// Write to this file instead of standard output
    #[arg(long, short, value_name = "PATH")]
    out: Option<PathBuf>,
}

/// Opens the person's case log (`--data-dir`, `FORGET_HOME`, or the XDG data directory).
pub fn open_log(global: &Global) -> Result<CaseLog> {
    let dir = global.data_dir.clone().or_else(crate::cases::default_dir);
    CaseLog::open(super::data_folder(dir.as_deref(), "the case log")?)
}

pub fn run(rules: &RuleSet, global: &Global, args: CasesArgs) -> Result<ExitCode> {
    let today = global.today;
    let mut log = open_log(global)?;
    match args.command {
        None => list(rules, &log, &args.list, today),
        Some(CasesCommand::List(list_args)) => list(rules, &log, &list_args, today),
        Some(CasesCommand::Show { reference, json }) => {
            let case = log.find(&reference)?;
            show(rules, &log, &case, today, json)
        }
        Some(CasesCommand::MarkSent(a)) => match mark_sent::run(rules, &mut log, &a, today)? {
            Marked::One(case, lines) => done(rules, &case, today, a.json, lines),
            Marked::Many(code) => Ok(code),
        },
        Some(CasesCommand::Reply(a)) => reply_to(rules, &mut log, a, today),
        Some(CasesCommand::Paused(a)) => {
            let case = log.find(&a.reference)?;
            let what = match a.what {
                lifecycle::Asked::Identity => "identity information",
                lifecycle::Asked::Clarification => "a clarification",
            };
            let (case, line) = match a.answered_on {
                Some(answered) => {
                    let due = lifecycle::paused_due(rules, &case, a.what, a.asked_on, answered)?;
                    let case = record::change(&mut log, &case, |case| {
                        case.due = Some(due);
                        case.extended_until = None;
                        Ok(Entry {
                            date: answered,
                            event: "paused".to_string(),
                            status: case.status,
                            outcome: None,
                            note: Some(format!(
                                "the company asked for {what} on {}; answered on {answered}; \
                                 due now {due}",
                                a.asked_on
                            )),
                        })
                    })?;
                    let line = format!(
                        "{}: the company asked for {what} on {}, you answered on {answered}: \
                         the answer is now due by {due}",
                        case.reference, a.asked_on
                    );
                    (case, line)
                }
                None => {
                    // Checked now, so that a regime without the rule says so at once.
                    lifecycle::paused_due(rules, &case, a.what, a.asked_on, a.asked_on)?;
                    let case = record::change(&mut log, &case, |case| {
                        Ok(Entry {
                            date: a.asked_on,
                            event: "paused".to_string(),
                            status: case.status,
                            outcome: None,
                            note: Some(format!(
                                "the company asked for {what}; the clock stops until it has \
                                 your answer"
                            )),
                        })
                    })?;
                    let line = format!(
                        "{}: the company asked for {what} on {}; the clock stops until it has \
                         your answer: record that day with `forget cases paused {} --what {} \
                         --asked-on {} --answered-on YYYY-MM-DD`",
                        case.reference,
                        a.asked_on,
                        case.reference,
                        match a.what {
                            lifecycle::Asked::Identity => "identity",
                            lifecycle::Asked::Clarification => "clarification",
                        },
                        a.asked_on
                    );
                    (case, line)
                }
            };
            done(rules, &case, today, a.json, vec![line])
        }
        Some(CasesCommand::Extend(a)) => {
            let case = log.find(&a.reference)?;
            let notified = a.notified_on.unwrap_or(today);
            let case = record::change(&mut log, &case, |case| {
                if a.notified_on.is_none() && case.due.is_some_and(|due| notified > due) {
                    bail!(
                        "when did the company tell you? Give the day with `--notified-on \
                         YYYY-MM-DD`: forget took today, {notified}, which is after the first \
                         period ended, and an extension must be announced within it"
                    );
                }
                lifecycle::check_extension(rules, case, notified, a.until)?;
                case.extended_until = Some(a.until);
                Ok(Entry {
                    date: notified,
                    event: "extended".to_string(),
                    status: case.status,
                    outcome: None,
                    note: Some(format!("to {}", a.until)),
                })
            })?;
            let line = format!(
                "{}: the company extended the deadline on {notified} to {}",
                case.reference, a.until
            );
            done(rules, &case, today, a.json, vec![line])
        }
        Some(CasesCommand::Close {
            reference,
            note,
            json,
        }) => {
            let case = log.find(&reference)?;
            let case = record::change(&mut log, &case, |case| {
                case.status = Status::Closed;
                Ok(Entry {
                    date: today,
                    event: "closed".to_string(),
                    status: Status::Closed,
                    outcome: None,
                    note,
                })
            })?;
            let line = format!("{}: closed", case.reference);
            done(rules, &case, today, json, vec![line])
        }
        Some(CasesCommand::Export(a)) => {
            let open: Vec<Case> = log.list()?;
            let calendar = ics::calendar(&open, today);
            match &a.out {
                Some(path) => {
                    crate::atomic::write(path, calendar.as_bytes())
                        .with_context(|| format!("cannot write `{}`", path.display()))?;
                    crate::say!("wrote {}", path.display());
                }
                None => print(&calendar)?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// One case as `forget cases --json` shows it.
#[derive(Debug, Serialize)]
struct CaseJson<'c> {
    reference: &'c str,
    controller: &'c str,
    controller_name: &'c str,
    regime: &'c str,
    kind: &'c str,
    language: &'c str,
    residence: &'c str,
    status: &'static str,
    overdue: bool,
    outcome: Option<&'static str>,
    channel: Option<&'static str>,
    letter_date: NaiveDate,
    sent: Option<NaiveDate>,
    received: Option<NaiveDate>,
    received_assumed: bool,
    due: Option<NaiveDate>,
    extended_until: Option<NaiveDate>,
    reminder_due: Option<NaiveDate>,
    next: String,
}

impl<'c> CaseJson<'c> {
    fn new(rules: &RuleSet, case: &'c Case, today: NaiveDate) -> CaseJson<'c> {
        CaseJson {
            reference: &case.reference,
            controller: &case.controller,
            controller_name: &case.controller_name,
            regime: &case.regime,
            kind: case.kind.as_str(),
            language: &case.language,
            residence: &case.residence,
            status: case.status_on(today),
            overdue: case.overdue(today),
            outcome: case.outcome.map(Outcome::as_str),
            channel: case.channel.map(Channel::as_str),
            letter_date: case.letter_date,
            sent: case.sent,
            received: case.received,
            received_assumed: case.received_assumed,
            due: case.effective_due(),
            extended_until: case.extended_until,
            reminder_due: case.reminder_due,
            next: lifecycle::next_step(rules, case, today),
        }
    }
}

fn json<T: Serialize>(value: &T) -> Result<()> {
    print(&format!("{}\n", serde_json::to_string_pretty(value)?))
}

fn list(rules: &RuleSet, log: &CaseLog, args: &ListArgs, today: NaiveDate) -> Result<ExitCode> {
    let cases: Vec<Case> = log
        .list()?
        .into_iter()
        .filter(|c| !args.overdue || c.overdue(today))
        .collect();
    if args.json {
        let rows: Vec<CaseJson<'_>> = cases
            .iter()
            .map(|c| CaseJson::new(rules, c, today))
            .collect();
        json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    if cases.is_empty() {
        let what = if args.overdue {
            "no case is overdue"
        } else {
            "no cases yet: `forget letter --record` and `forget send` record one for each request"
        };
        print(&format!("{what} (case log: {})\n", log.path().display()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let day = |d: Option<NaiveDate>| d.map_or("-".to_string(), |d| d.to_string());
    let rows: Vec<[String; 7]> = cases
        .iter()
        .map(|c| {
            [
                c.reference.clone(),
                c.status_on(today).to_string(),
                c.controller_name.clone(),
                c.kind.as_str().to_string(),
                c.regime.clone(),
                day(c.sent),
                day(c.effective_due()),
            ]
        })
        .collect();
    let header = [
        "REFERENCE",
        "STATUS",
        "COMPANY",
        "KIND",
        "LAW",
        "SENT",
        "DUE",
    ];
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let mut text = String::new();
        for (cell, width) in cells.iter().zip(widths) {
            text.push_str(&format!("{cell:<width$}  "));
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header.to_vec());
    for row in &rows {
        line(row.iter().map(String::as_str).collect());
    }
    let waiting: Vec<&Case> = cases
        .iter()
        .filter(|c| c.overdue(today) || c.status == Status::Drafted)
        .collect();
    if !waiting.is_empty() {
        out.push('\n');
        for case in waiting {
            out.push_str(&format!(
                "{}: {}\n",
                case.reference,
                lifecycle::next_step(rules, case, today)
            ));
        }
    }
    super::pager::page(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// A case with its history and messages, for `cases show --json`.
#[derive(Debug, Serialize)]
struct ShowJson<'c> {
    #[serde(flatten)]
    case: CaseJson<'c>,
    name: &'c str,
    email: &'c str,
    address: &'c [String],
    history: &'c [Entry],
    messages: &'c [Message],
}

fn show(
    rules: &RuleSet,
    log: &CaseLog,
    case: &Case,
    today: NaiveDate,
    as_json: bool,
) -> Result<ExitCode> {
    let history = log.history(case)?;
    let messages = log.messages(case)?;
    if as_json {
        json(&ShowJson {
            case: CaseJson::new(rules, case, today),
            name: &case.name,
            email: &case.email,
            address: &case.address,
            history: &history,
            messages: &messages,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let mut field = |label: &str, value: String| {
        out.push_str(&format!("{label:<10} {value}\n"));
    };
    field("reference", case.reference.clone());
    field("status", {
        let mut status = case.status_on(today).to_string();
        if let Some(outcome) = case.outcome {
            status.push_str(&format!(" ({})", outcome.as_str()));
        }
        status
    });
    field(
        "company",
        format!("{} (`{}`)", case.controller_name, case.controller),
    );
    field(
        "request",
        format!(
            "{} under `{}`, in {}",
            case.kind,
            case.regime,
            crate::text::language_name(&case.language)
        ),
    );
    field("from", format!("{} <{}>", case.name, case.email));
    field("residence", case.residence.clone());
    field("written", case.letter_date.to_string());
    if let Some(sent) = case.sent {
        let by = case
            .channel
            .map_or(String::new(), |c| format!(" by {}", c.as_str()));
        field("sent", format!("{sent}{by}"));
    }
    if let Some(received) = case.received {
        let assumed = if case.received_assumed {
            " (assumed: give the real day with `forget cases mark-sent … --received-on`)"
        } else {
            ""
        };
        field("received", format!("{received}{assumed}"));
    }
    match (case.due, case.extended_until) {
        (Some(due), Some(until)) => field("due", format!("{until} (extended from {due})")),
        (Some(due), None) => field("due", due.to_string()),
        (None, _) if case.sent.is_some() => {
            field("due", "no deadline in forget's rules".to_string())
        }
        _ => {}
    }
    if let Some(by) = case.reminder_due {
        field("reminder", format!("answer asked by {by}"));
    }
    out.push_str("\nhistory:\n");
    for entry in &history {
        let mut line = format!("  {}  {}", entry.date, entry.event);
        if let Some(outcome) = entry.outcome {
            line.push_str(&format!(" ({})", outcome.as_str()));
        }
        if let Some(note) = &entry.note {
            line.push_str(&format!(": {note}"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    if !messages.is_empty() {
        out.push_str("\nmessages:\n");
        for message in &messages {
            let arrow = if message.direction == "out" {
                "out"
            } else {
                "in "
            };
            let by = message
                .channel
                .map_or(String::new(), |c| format!(" by {}", c.as_str()));
            out.push_str(&format!(
                "  {}  {arrow} {}{by}, {}: {}\n",
                message.date,
                message.what,
                message.delivery,
                message.subject.as_deref().unwrap_or("(no subject)")
            ));
        }
    }
    out.push_str(&format!(
        "\nnext: {}\n",
        lifecycle::next_step(rules, case, today)
    ));
    super::pager::page(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// After a change: the case as JSON, or what happened and the next step.
fn done(
    rules: &RuleSet,
    case: &Case,
    today: NaiveDate,
    as_json: bool,
    lines: Vec<String>,
) -> Result<ExitCode> {
    if as_json {
        json(&CaseJson::new(rules, case, today))?;
    } else {
        let mut out = lines.join("; ");
        if let Some(due) = case.effective_due()
            && matches!(case.status, Status::Sent | Status::Reminded)
        {
            out.push_str(&format!("; the answer is due by {due}"));
        }
        out.push('\n');
        out.push_str(&format!(
            "next: {}\n",
            lifecycle::next_step(rules, case, today)
        ));
        print(&out)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn reply_to(
    rules: &RuleSet,
    log: &mut CaseLog,
    args: ReplyArgs,
    today: NaiveDate,
) -> Result<ExitCode> {
    if args.file.is_none() && args.outcome.is_none() {
        bail!(
            "say what the reply amounted to with `--outcome complied|refused|partial|asked-for-id`"
        );
    }
    let mut message = None;
    let mut date = args.on;
    let case = match &args.file {
        Some(path) => {
            let raw = read(path)?;
            let shown = path.display().to_string();
            let parsed = reply::parse(&raw, &shown)?;
            let by_subject = parsed.reference.clone();
            let mut by_thread = None;
            for id in &parsed.answers {
                if let Some(case) = log.read(|conn| case_log::case_by_message_id(conn, id))? {
                    by_thread = Some(case);
                    break;
                }
            }
            let case = match (&args.reference, &by_subject, by_thread) {
                (Some(reference), _, _) => {
                    let case = log.find(reference)?;
                    if let Some(other) = by_subject.as_ref().filter(|r| **r != case.reference) {
                        bail!(
                            "`{shown}` is about {other} (its subject says so), not {}: check \
                             the file, or leave the reference out",
                            case.reference
                        );
                    }
                    case
                }
                (None, _, Some(case)) => case,
                (None, Some(reference), None) => log.find(reference).with_context(|| {
                    format!("the subject of `{shown}` names the case {reference}")
                })?,
                (None, None, None) => bail!(
                    "cannot tell which case `{shown}` answers: its subject has no reference \
                     (FGT-XXXX-XXXX) and it does not reply to a message forget sent; give the \
                     reference: `forget cases reply REF --file {shown}`"
                ),
            };
            if let Some(id) = &parsed.message_id
                && log.read(|conn| case_log::has_message_id(conn, id))?
            {
                bail!(
                    "`{shown}` is recorded already (Message-ID {id}) in the case {}",
                    case.reference
                );
            }
            date = date.or(parsed.date);
            message = Some(Message {
                id: 0,
                direction: "in".to_string(),
                what: "reply".to_string(),
                date: date.unwrap_or(today),
                channel: Some(Channel::Email),
                subject: parsed.subject.clone(),
                message_id: parsed.message_id.clone(),
                delivery: "received".to_string(),
                text: parsed.text.clone(),
                raw: Some(raw),
            });
            case
        }
        None => match &args.reference {
            Some(reference) => log.find(reference)?,
            None => bail!(
                "which case does the reply answer? Give its reference: `forget cases reply REF \
                 --note TEXT --outcome OUTCOME` (`forget cases` lists them)"
            ),
        },
    };
    if case.status == Status::Drafted {
        bail!(
            "the case {} is not sent yet: record when it went out first (`forget cases mark-sent \
             {} --on YYYY-MM-DD --via email|post|webform`)",
            case.reference,
            case.reference
        );
    }
    let date = date.unwrap_or(today);
    if let Some(message) = &mut message {
        message.date = date;
    }
    if args.note.is_some() && message.is_none() {
        message = Some(Message {
            id: 0,
            direction: "in".to_string(),
            what: "reply".to_string(),
            date,
            channel: None,
            subject: None,
            message_id: None,
            delivery: "received".to_string(),
            text: args.note.clone().unwrap_or_default(),
            raw: None,
        });
    }
    let case = record::reply(log, &case, date, args.outcome, args.note.clone(), message)?;
    let mut line = format!("{}: reply of {date} recorded", case.reference);
    if let Some(outcome) = args.outcome {
        line.push_str(&format!(" ({})", outcome.as_str()));
    }
    done(rules, &case, today, args.json, vec![line])
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))
}
