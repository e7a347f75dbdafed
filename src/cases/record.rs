//! Recording what happens to a request: each function is one transaction in the case log.
//!
//! A send is recorded twice: before the server is asked (the message as `sending`) and after
//! (`sent`, `failed` or `uncertain`), so that a crash in between leaves a `sending` message that
//! stops the next `forget send` from sending the same letter blindly.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use rusqlite::Connection;

use super::case::{Case, Channel, Entry, Message, Outcome, Status};
use super::case_log::{self, CaseLog};
use super::lifecycle;
use crate::letter::{Composition, LetterKind};
use crate::rules::{RequestKind, RuleSet};

/// A case as `forget letter` or `forget send` left it.
pub struct Recorded {
    pub case: Case,
    /// False when the case was already in the log (the same request, written again).
    pub new: bool,
}

/// A send recorded as begun: the case and the message row to finish.
pub struct Pending {
    pub case: Case,
    message: i64,
}

/// How a send ended.
pub enum Delivery {
    Sent,
    /// Not sent, for a reason that may pass (a server that is down, a 4xx reply).
    Failed(String),
    /// Not sent: the server refused it for good (a 5xx reply).
    Refused(String),
    /// The message went out whole and the server's answer never came.
    Uncertain(String),
}

fn request_kind(composition: &Composition<'_>) -> Option<RequestKind> {
    match composition.kind {
        LetterKind::Request(kind) => Some(kind),
        _ => None,
    }
}

/// The case a request letter opens, as drafted.
fn new_case(composition: &Composition<'_>, kind: RequestKind) -> Case {
    let letter = &composition.letter;
    Case {
        id: 0,
        reference: letter.reference.clone(),
        controller: composition.controller.clone(),
        controller_name: composition.controller_name.clone(),
        regime: composition.regime.clone(),
        kind,
        language: letter.language.code().to_string(),
        residence: composition.residence.code().to_string(),
        name: composition.person.name.clone(),
        email: composition.person.email.clone(),
        address: composition.person.address.clone(),
        offer_photo: composition.person.offer_photo,
        settlement: composition.person.settlement,
        unconfirmed_send: None,
        letter_date: letter.date,
        channel: None,
        sent: None,
        received: None,
        received_assumed: false,
        due: None,
        extended_until: None,
        status: Status::Drafted,
        outcome: None,
        reminder_due: None,
    }
}

fn entry(date: NaiveDate, event: &str, status: Status) -> Entry {
    Entry {
        date,
        event: event.to_string(),
        status,
        outcome: None,
        note: None,
    }
}

fn outgoing(
    what: &str,
    composition: &Composition<'_>,
    text: &str,
    date: NaiveDate,
    channel: Option<Channel>,
    delivery: &str,
) -> Message {
    Message {
        id: 0,
        direction: "out".to_string(),
        what: what.to_string(),
        date,
        channel,
        subject: Some(composition.letter.subject.clone()),
        message_id: None,
        delivery: delivery.to_string(),
        text: text.to_string(),
        raw: None,
    }
}

/// A request letter that was written, ready to be recorded (alone, or with others in one
/// transaction).
pub struct Draft {
    case: Case,
    message: Message,
}

impl Draft {
    /// The draft of the request `composition`, whose text is `text`.
    pub fn new(composition: &Composition<'_>, text: &str) -> Result<Draft> {
        let Some(kind) = request_kind(composition) else {
            bail!("only a request opens a case");
        };
        let date = composition.letter.date;
        Ok(Draft {
            case: new_case(composition, kind),
            message: outgoing("request", composition, text, date, None, "written"),
        })
    }
}

/// Records a request letter that was written (not sent) as a drafted case; the same request
/// written again keeps its case, with the new text if it is still a draft.
pub fn draft(log: &mut CaseLog, composition: &Composition<'_>, text: &str) -> Result<Recorded> {
    let draft = Draft::new(composition, text)?;
    log.write(|conn| draft_in(conn, &draft))
}

/// Records `draft` inside the caller's transaction.
pub fn draft_in(conn: &Connection, draft: &Draft) -> Result<Recorded> {
    let Draft { case, message } = draft;
    if let Some(existing) = case_log::case_by_reference(conn, &case.reference)? {
        if !existing.same_request(case) {
            return Err(taken(&existing));
        }
        let case = existing;
        if case.status == Status::Drafted {
            let last = case_log::messages(conn, case.id)?
                .into_iter()
                .rev()
                .find(|m| m.what == "request");
            if last.is_none_or(|m| m.text != message.text) {
                case_log::add_message(conn, case.id, message)?;
            }
        }
        return Ok(Recorded { case, new: false });
    }
    let case = Case {
        id: case_log::insert_case(conn, case)?,
        ..case.clone()
    };
    open_draft(conn, case.id, case.letter_date, message)?;
    Ok(Recorded { case, new: true })
}

/// Records `draft`, whose reference was looked up in the log earlier and named no case, without
/// looking again (a batch records thousands). Should another `forget` have recorded a case with
/// that reference since, it is recorded as [`draft_in`] would.
pub fn new_draft_in(conn: &Connection, draft: &Draft) -> Result<()> {
    match case_log::insert_case(conn, &draft.case) {
        Ok(id) => open_draft(conn, id, draft.case.letter_date, &draft.message),
        Err(rusqlite::Error::SqliteFailure(error, _))
            if error.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            draft_in(conn, draft).map(drop)
        }
        Err(error) => Err(error.into()),
    }
}

/// The history and the letter of the case `id`, just inserted as drafted on `date`.
fn open_draft(conn: &Connection, id: i64, date: NaiveDate, message: &Message) -> Result<()> {
    case_log::add_entry(conn, id, &entry(date, "drafted", Status::Drafted))?;
    case_log::add_message(conn, id, message)?;
    Ok(())
}

/// The error for a reference that already names another request.
fn taken(case: &Case) -> anyhow::Error {
    anyhow::anyhow!(
        "the reference {} already names another request (the {} request of {}, living in {}, to \
         {}): give this letter its own reference",
        case.reference,
        case.kind.as_str(),
        case.email,
        case.residence,
        case.controller
    )
}

/// Records that the sends `messages` of `case` were never confirmed: the process sending them
/// stopped between handing them to the server and recording the server's answer.
pub fn mark_uncertain(
    log: &mut CaseLog,
    case: &Case,
    messages: &[i64],
    today: NaiveDate,
) -> Result<()> {
    log.write(|conn| {
        for id in messages {
            case_log::set_delivery(conn, *id, "uncertain")?;
        }
        let case = case_log::case_by_id(conn, case.id)?;
        let mut entry = entry(today, "perhaps-sent", case.status);
        entry.note = Some(
            "the forget that was sending it stopped before the server's answer was recorded"
                .to_string(),
        );
        case_log::add_entry(conn, case.id, &entry)?;
        Ok(())
    })
}

/// Records, before the server is asked, that `composition` is going out by e-mail: the case (a
/// new one for a request), and the message as `sending`. Refuses when the same letter was sent
/// already, or may have been, unless `again`.
#[allow(clippy::too_many_arguments)]
pub fn before_send(
    log: &mut CaseLog,
    composition: &Composition<'_>,
    case: Option<&Case>,
    text: &str,
    raw: &[u8],
    message_id: &str,
    today: NaiveDate,
    again: bool,
) -> Result<Pending> {
    let what = composition.kind.as_str();
    log.write(|conn| {
        let case = match (case, request_kind(composition)) {
            (Some(case), _) => case.clone(),
            (None, Some(kind)) => {
                match case_log::case_by_reference(conn, &composition.letter.reference)? {
                    Some(case) if !case.same_request(&new_case(composition, kind)) => {
                        return Err(taken(&case));
                    }
                    Some(case) => case,
                    None => {
                        let case = new_case(composition, kind);
                        let case = Case {
                            id: case_log::insert_case(conn, &case)?,
                            ..case
                        };
                        case_log::add_entry(
                            conn,
                            case.id,
                            &entry(today, "drafted", Status::Drafted),
                        )?;
                        case
                    }
                }
            }
            (None, None) => bail!("a {what} belongs to a case: say which"),
        };
        if !again {
            let earlier = case_log::messages(conn, case.id)?
                .into_iter()
                .filter(|m| m.what == what && m.direction == "out")
                .find(|m| matches!(m.delivery.as_str(), "sending" | "sent" | "uncertain"));
            if let Some(earlier) = earlier {
                let reference = &case.reference;
                match earlier.delivery.as_str() {
                    "sent" => bail!(
                        "this {what} ({reference}) was already sent by e-mail on {}: nothing was \
                         sent again. `forget cases show {reference}` shows it; add `--again` to \
                         send it once more",
                        earlier.date
                    ),
                    _ => bail!(
                        "this {what} ({reference}) may already have gone out: a send on {} was \
                         never confirmed by the server. Look for your copy; if it arrived, record \
                         it with `forget cases mark-sent {reference} --on {} --via email`; if \
                         not, add `--again` to send it",
                        earlier.date,
                        earlier.date
                    ),
                }
            }
        }
        let mut message = outgoing(
            what,
            composition,
            text,
            today,
            Some(Channel::Email),
            "sending",
        );
        message.message_id = Some(message_id.to_string());
        message.raw = Some(raw.to_vec());
        let row = case_log::add_message(conn, case.id, &message)?;
        Ok(Pending { case, message: row })
    })
}

/// Records how a send ended, and moves the case on when it went out.
pub fn after_send(
    log: &mut CaseLog,
    rules: &RuleSet,
    pending: Pending,
    delivery: &Delivery,
    what: LetterKind,
    today: NaiveDate,
    reply_by: Option<NaiveDate>,
) -> Result<Case> {
    log.write(|conn| {
        // The case as it is now: another process may have recorded a reply during the send.
        let mut case = case_log::case_by_id(conn, pending.case.id)?;
        match delivery {
            Delivery::Sent => {
                case_log::set_delivery(conn, pending.message, "sent")?;
                let entry = match what {
                    // A request sent again (`--again`) keeps the day it first went out.
                    LetterKind::Request(_) if case.status != Status::Drafted => {
                        entry(today, "sent-again", case.status)
                    }
                    LetterKind::Request(_) => {
                        mark_sent(rules, &mut case, Channel::Email, today, None, false)
                    }
                    follow_up => mark_follow_up(&mut case, follow_up, today, reply_by)?,
                };
                case_log::update_case(conn, &case)?;
                case_log::add_entry(conn, case.id, &entry)?;
            }
            Delivery::Failed(reason) => {
                case_log::set_delivery(conn, pending.message, "failed")?;
                let mut entry = entry(today, "send-failed", case.status);
                entry.note = Some(reason.clone());
                case_log::add_entry(conn, case.id, &entry)?;
            }
            Delivery::Refused(reason) => {
                case_log::set_delivery(conn, pending.message, "refused")?;
                let mut entry = entry(today, "send-refused", case.status);
                entry.note = Some(reason.clone());
                case_log::add_entry(conn, case.id, &entry)?;
            }
            Delivery::Uncertain(reason) => {
                case_log::set_delivery(conn, pending.message, "uncertain")?;
                let mut entry = entry(today, "perhaps-sent", case.status);
                entry.note = Some(reason.clone());
                case_log::add_entry(conn, case.id, &entry)?;
            }
        }
        Ok(case)
    })
}

/// Records a follow-up that was written (to be sent by the person): the message, and the case's
/// new status as of `today`.
pub fn follow_up_written(
    log: &mut CaseLog,
    case: &Case,
    composition: &Composition<'_>,
    text: &str,
    channel: Option<Channel>,
    today: NaiveDate,
    reply_by: Option<NaiveDate>,
) -> Result<Case> {
    log.write(|conn| {
        let mut case = case_log::case_by_id(conn, case.id)?;
        let entry = mark_follow_up(&mut case, composition.kind, today, reply_by)?;
        case_log::add_message(
            conn,
            case.id,
            &outgoing(
                composition.kind.as_str(),
                composition,
                text,
                today,
                channel,
                "written",
            ),
        )?;
        case_log::update_case(conn, &case)?;
        case_log::add_entry(conn, case.id, &entry)?;
        Ok(case)
    })
}

/// Records that the request of `case` went out on `sent` by `channel` (received on
/// `received_on`, or when the channel says), with the due date that follows; an e-mail of it
/// that was never confirmed is taken as the one that went. Refused for a date after `today`, a
/// receipt before the sending, and a case past being sent.
pub fn record_sent(
    log: &mut CaseLog,
    rules: &RuleSet,
    case: &Case,
    channel: Channel,
    sent: NaiveDate,
    received_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Case> {
    if sent > today {
        bail!("{sent} is after today ({today}): give the day you sent it");
    }
    if received_on.is_some_and(|r| r < sent) {
        bail!("`--received-on` is before `--on`: a letter arrives after it is sent");
    }
    let abroad = lifecycle::abroad(rules, case);
    let case = change(log, case, |case| {
        if !matches!(case.status, Status::Drafted | Status::Sent) {
            bail!(
                "the case {} is {} already: its sending date can no longer change",
                case.reference,
                case.status.as_str()
            );
        }
        Ok(mark_sent(rules, case, channel, sent, received_on, abroad))
    })?;
    if channel == Channel::Email {
        // A send that was never confirmed, now confirmed by the person.
        log.write(|conn| {
            for message in case_log::messages(conn, case.id)? {
                // The request's e-mail, recorded under its kind (`erasure`…) by a send.
                if message.direction == "out"
                    && matches!(message.delivery.as_str(), "sending" | "uncertain")
                {
                    case_log::set_delivery(conn, message.id, "sent")?;
                }
            }
            Ok(())
        })?;
    }
    Ok(case)
}

/// Sets when and how a request went out, and the due date that follows.
pub fn mark_sent(
    rules: &RuleSet,
    case: &mut Case,
    channel: Channel,
    sent: NaiveDate,
    received_on: Option<NaiveDate>,
    abroad: bool,
) -> Entry {
    let (received, assumed) = lifecycle::receipt(channel, sent, received_on, abroad);
    case.channel = Some(channel);
    case.sent = Some(sent);
    case.received = Some(received);
    case.received_assumed = assumed;
    case.due = lifecycle::due(rules, &case.regime, case.kind, received);
    // An extension stands while it is still later than the deadline it extends.
    case.extended_until = case
        .extended_until
        .filter(|until| case.due.is_some_and(|due| *until > due));
    if matches!(case.status, Status::Drafted) {
        case.status = Status::Sent;
    }
    let mut entry = entry(sent, "sent", case.status);
    entry.note = Some(format!(
        "by {}{}",
        channel.as_str(),
        if received != sent {
            format!(
                ", received {received}{}",
                if assumed { " (assumed)" } else { "" }
            )
        } else {
            String::new()
        }
    ));
    entry
}

/// Moves the case on for a reminder (answer asked by `reply_by`) or a complaint that went out.
fn mark_follow_up(
    case: &mut Case,
    kind: LetterKind,
    today: NaiveDate,
    reply_by: Option<NaiveDate>,
) -> Result<Entry> {
    Ok(match kind {
        LetterKind::Reminder => {
            case.status = Status::Reminded;
            case.reminder_due = reply_by;
            let mut entry = entry(today, "reminded", case.status);
            entry.note = reply_by.map(|by| format!("answer asked by {by}"));
            entry
        }
        LetterKind::CompanyComplaint => {
            case.status = Status::ComplainedToCompany;
            case.reminder_due = reply_by;
            let mut entry = entry(today, "complained-to-company", case.status);
            entry.note = reply_by.map(|by| format!("acknowledgement due by {by}"));
            entry
        }
        LetterKind::Complaint | LetterKind::Counsel => {
            case.status = Status::Complained;
            entry(today, "complained", case.status)
        }
        LetterKind::Request(_) => bail!("a request is not a follow-up"),
    })
}

/// Records a reply: the status becomes `answered` (unless a complaint is already under way), with
/// its outcome.
pub fn reply(
    log: &mut CaseLog,
    case: &Case,
    date: NaiveDate,
    outcome: Option<Outcome>,
    note: Option<String>,
    message: Option<Message>,
) -> Result<Case> {
    log.write(|conn| {
        let mut case = case_log::case_by_id(conn, case.id)?;
        // A reply to the complaint to the company keeps that status: the complaint to the
        // authority comes next, with the reply as evidence.
        if !matches!(
            case.status,
            Status::Complained | Status::Closed | Status::ComplainedToCompany
        ) {
            case.status = Status::Answered;
        }
        if outcome.is_some() {
            case.outcome = outcome;
        }
        if let Some(message) = &message {
            case_log::add_message(conn, case.id, message)?;
        }
        case_log::update_case(conn, &case)?;
        case_log::add_entry(
            conn,
            case.id,
            &Entry {
                date,
                event: "reply".to_string(),
                status: case.status,
                outcome,
                note,
            },
        )?;
        Ok(case)
    })
}

/// Applies `change` to the case as it is in the log now, and records the history entry it
/// returns, in one transaction; an error from `change` leaves the case as it was.
pub fn change(
    log: &mut CaseLog,
    case: &Case,
    change: impl FnOnce(&mut Case) -> Result<Entry>,
) -> Result<Case> {
    log.write(|conn| {
        let mut case = case_log::case_by_id(conn, case.id)?;
        let entry = change(&mut case)?;
        case_log::update_case(conn, &case)?;
        case_log::add_entry(conn, case.id, &entry)?;
        Ok(case)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::letter::{LetterRequest, Person, TemplateSet, compose};
    use crate::residence::Residence;
    use crate::rules::RulesLocation;

    fn draft_of(rules: &RuleSet, templates: &TemplateSet, email: &str) -> Draft {
        let request = LetterRequest {
            residence: Residence::parse("FR").unwrap(),
            controller: rules.controller("clearview-ai").unwrap(),
            kind: LetterKind::Request(RequestKind::Erasure),
            person: Person {
                name: "Ann".to_string(),
                email: email.to_string(),
                address: Vec::new(),
                offer_photo: false,
                settlement: Default::default(),
            },
            language: None,
            regime: None,
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            reference: Some("REF-1".to_string()),
            original: None,
        };
        let composition = compose(rules, templates, &request).unwrap();
        Draft::new(&composition, "the letter").unwrap()
    }

    /// A batch records a draft it looked up as new without looking again; if another `forget`
    /// recorded that reference meanwhile, the draft is taken as `draft_in` takes it.
    #[test]
    fn a_new_draft_whose_reference_appeared_meanwhile_is_recorded_as_any_draft() {
        let rules = RuleSet::check(&RulesLocation::Embedded).rules.unwrap();
        let templates = TemplateSet::load(None).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut log = CaseLog::open(dir.path()).unwrap();
        let ann = draft_of(&rules, &templates, "ann@example.org");
        log.write(|conn| new_draft_in(conn, &ann)).unwrap();
        // The same request again: kept, one case.
        log.write(|conn| new_draft_in(conn, &ann)).unwrap();
        assert_eq!(log.list().unwrap().len(), 1);
        // Another person's request under the same reference: refused, nothing written.
        let bob = draft_of(&rules, &templates, "bob@example.org");
        let error = log.write(|conn| new_draft_in(conn, &bob)).unwrap_err();
        assert!(
            format!("{error:#}").contains("already names another request"),
            "{error:#}"
        );
        assert_eq!(log.list().unwrap().len(), 1);
    }
}
