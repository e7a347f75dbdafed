use chrono::NaiveDate;
use serde::Serialize;

use crate::letter::{Event, Original, Settlement};
use crate::rules::RequestKind;

/// Where a case stands. "Overdue" is not a status: it is a sent case whose due date has passed,
/// which depends on the day you look (see [`Case::overdue`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Written, not yet sent.
    Drafted,
    /// Sent; the company's answer is awaited.
    Sent,
    /// The company answered (see the outcome).
    Answered,
    /// A reminder went out after the deadline passed.
    Reminded,
    /// A formal complaint went to the company itself (the UK's s. 164A); its acknowledgement is
    /// awaited (`reminder_due`), then the complaint to the authority.
    ComplainedToCompany,
    /// A complaint went to the authority (or, without one, the facts to counsel).
    Complained,
    Closed,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Drafted,
        Status::Sent,
        Status::Answered,
        Status::Reminded,
        Status::ComplainedToCompany,
        Status::Complained,
        Status::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Drafted => "drafted",
            Status::Sent => "sent",
            Status::Answered => "answered",
            Status::Reminded => "reminded",
            Status::ComplainedToCompany => "complained-to-company",
            Status::Complained => "complained",
            Status::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// How a letter went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    Email,
    Post,
    Webform,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Post => "post",
            Channel::Webform => "webform",
        }
    }

    pub fn parse(text: &str) -> Option<Channel> {
        <Channel as clap::ValueEnum>::from_str(text, false).ok()
    }
}

/// What the company's answer amounted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// It did what was asked.
    Complied,
    Refused,
    /// It did some of it.
    Partial,
    /// It asked for proof of identity first.
    #[value(name = "asked-for-id")]
    AskedForId,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Complied => "complied",
            Outcome::Refused => "refused",
            Outcome::Partial => "partial",
            Outcome::AskedForId => "asked-for-id",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        <Outcome as clap::ValueEnum>::from_str(text, false).ok()
    }
}

/// One request, from the letter to the end: what was asked of whom, under which law, when it was
/// sent and received, when the answer is due, and where it stands.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    #[serde(skip)]
    pub id: i64,
    pub reference: String,
    /// The company's id in the rules.
    pub controller: String,
    pub controller_name: String,
    pub regime: String,
    pub kind: RequestKind,
    pub language: String,
    /// Where the person lives (ISO 3166 code).
    pub residence: String,
    pub name: String,
    pub email: String,
    pub address: Vec<String>,
    pub offer_photo: bool,
    /// The date of the letter.
    pub letter_date: NaiveDate,
    pub channel: Option<Channel>,
    pub sent: Option<NaiveDate>,
    pub received: Option<NaiveDate>,
    /// True when `received` is forget's assumption about the post, not a known date.
    pub received_assumed: bool,
    /// When the answer is due under the regime's rule, from `received`; `None` where the rules
    /// give no deadline (BIPA) or the letter has not been sent.
    pub due: Option<NaiveDate>,
    /// The later due date the company gave notice of, within the extension rule.
    pub extended_until: Option<NaiveDate>,
    pub status: Status,
    pub outcome: Option<Outcome>,
    /// For a drafted case: an e-mail of the request was handed to a server but never confirmed
    /// (the connection died, or forget was killed), so it may have arrived; with its Message-ID
    /// where it had one. Read from the messages, never written.
    #[serde(skip)]
    pub unconfirmed_send: Option<Option<String>>,
    /// Where the person stands towards the Clearview AI class settlement (BIPA letters).
    #[serde(serialize_with = "settlement_name")]
    pub settlement: Settlement,
    /// The date the last follow-up to the company asked for an answer by: a reminder's short
    /// deadline, or the day a complaint to the company must be acknowledged by.
    pub reminder_due: Option<NaiveDate>,
}

impl Case {
    /// Whether `other` asks the same company for the same thing for the same person, living in
    /// the same place (under the same law): e-mail addresses and residence codes compared in any
    /// case.
    pub fn same_request(&self, other: &Case) -> bool {
        self.controller == other.controller
            && self.kind == other.kind
            && self.email.eq_ignore_ascii_case(&other.email)
            && self.residence.eq_ignore_ascii_case(&other.residence)
    }

    /// The due date that counts: the extended one if the company extended it.
    pub fn effective_due(&self) -> Option<NaiveDate> {
        self.extended_until.or(self.due)
    }

    /// Whether an answer is awaited and its deadline passed before `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        matches!(self.status, Status::Sent | Status::Reminded)
            && self.effective_due().is_some_and(|due| today > due)
    }

    /// The status as a person should read it on `today`: `overdue` for a sent letter whose
    /// deadline passed.
    pub fn status_on(&self, today: NaiveDate) -> &'static str {
        if self.status == Status::Drafted && self.unconfirmed_send.is_some() {
            "uncertain"
        } else if self.status == Status::Sent && self.overdue(today) {
            "overdue"
        } else {
            self.status.as_str()
        }
    }

    /// The request as the follow-up letters see it, with what happened since.
    pub fn original(&self, history: &[Entry]) -> Option<Original> {
        let received = self.received?;
        let events = history
            .iter()
            .filter_map(|entry| {
                let event = match entry.event.as_str() {
                    "reminded" => "reminder",
                    "complained-to-company" => "company-complaint",
                    "reply" => "reply",
                    "extended" => "extension",
                    _ => return None,
                };
                Some(Event {
                    date: entry.date,
                    event,
                    outcome: entry.outcome.map(Outcome::as_str),
                    // forget's own notes are in English; only the person's words go in a
                    // letter, and only about a reply.
                    note: (event == "reply").then(|| entry.note.clone()).flatten(),
                })
            })
            .collect();
        Some(Original {
            kind: self.kind,
            date: received,
            sent: self.sent,
            reference: Some(self.reference.clone()),
            extended_until: self.extended_until,
            events,
            channel: self.channel.map(Channel::as_str),
            received_assumed: self.received_assumed,
        })
    }
}

/// One line of a case's history.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub date: NaiveDate,
    /// `drafted`, `sent`, `reply`, `extended`, `reminded`, `complained`, `closed`, `perhaps-sent`,
    /// `send-failed`, or `note`.
    pub event: String,
    /// The status after it.
    pub status: Status,
    pub outcome: Option<Outcome>,
    pub note: Option<String>,
}

/// A letter out or a reply in, kept whole.
#[derive(Debug, Clone, Serialize)]
pub struct Message {
    #[serde(skip)]
    pub id: i64,
    /// `out` or `in`.
    pub direction: String,
    /// `request`, `reminder`, `complaint`, `counsel` or `reply`.
    pub what: String,
    pub date: NaiveDate,
    pub channel: Option<Channel>,
    pub subject: Option<String>,
    pub message_id: Option<String>,
    /// For an e-mail: `sending` (recorded before the server was asked), `sent`, `failed` or
    /// `uncertain`; `written` for a letter written to a file or the terminal; `received`.
    pub delivery: String,
    /// The letter's text, or the reply's text.
    pub text: String,
    /// The message exactly as sent or received (an .eml), when it was an e-mail.
    #[serde(skip)]
    pub raw: Option<Vec<u8>>,
}

fn settlement_name<S: serde::Serializer>(
    settlement: &Settlement,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(settlement.as_str())
}
