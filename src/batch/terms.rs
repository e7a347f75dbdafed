//! What a batch run is told (its options, how to send), what it reports (a summary, the rows to
//! look at, an observer), and what it knows of each row before its letter is written (the person
//! and request, the log's history, the plan): shared by the run and its workers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;

use super::pace::Rate;
use crate::cases::Case;
use crate::deliver::{Config, CopyTo};
use crate::letter::{Format, Language, Person};
use crate::residence::Residence;
use crate::rules::{Controller, RequestKind};

/// What to do with every row.
#[derive(Debug, Clone)]
pub struct Options {
    pub input: PathBuf,
    pub out: PathBuf,
    /// The company for rows without a `controller` cell.
    pub controller: Option<String>,
    /// The request for rows without a `kind` cell.
    pub kind: Option<RequestKind>,
    pub formats: Vec<Format>,
    pub allow_duplicates: bool,
    pub require_reviewed: bool,
    pub today: NaiveDate,
}

/// How to send, when the batch sends.
pub struct Sending<'c> {
    pub config: &'c Config,
    pub copy: CopyTo,
    pub insecure: bool,
    pub rate: Option<Rate>,
    pub daily_cap: Option<u64>,
    /// Try again the rows the server refused for good (5xx) in an earlier run.
    pub retry_refused: bool,
    /// Send again the rows whose earlier send was never confirmed.
    pub resend_uncertain: bool,
}

/// Who watches the run: a progress bar, or nobody.
pub trait Observer {
    /// The run holds the folder `dir` and starts on a file of `size` bytes.
    fn start(&mut self, dir: &Path, size: u64) -> Result<()>;
    /// A row is done; `position` is how far into the file the run is.
    fn progress(&mut self, position: u64, summary: &Summary);
    /// Something the operator should read now.
    fn say(&mut self, line: &str);
}

/// A row the operator must look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub row: u64,
    pub reference: String,
    pub email: String,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Rows with a person on them (blank rows not counted).
    pub rows: u64,
    pub blank: u64,
    /// Rows whose letters were written (and recorded as drafts, unless sent).
    pub written: u64,
    pub files: u64,
    pub sent: u64,
    /// Rows whose request had gone out before this run (by e-mail, post or form).
    pub already: u64,
    /// Rows whose send may or may not have arrived: the operator decides.
    pub uncertain: Vec<Listed>,
    pub failed: u64,
    /// Rows whose letter could not be made into an e-mail (listed in the rejects).
    pub unsendable: u64,
    pub refused: u64,
    /// Rows written but not sent, because sending stopped (see `stopped`).
    pub not_sent: u64,
    pub rejected: u64,
    /// Why sending stopped before the end, if it did.
    pub stopped: Option<String>,
    /// The row before which an interrupt (Ctrl-C) stopped the run.
    pub interrupted: Option<u64>,
    /// Each warning about the letters, with how many letters it concerns.
    pub warnings: BTreeMap<String, u64>,
    pub manifest: PathBuf,
    pub rejects: PathBuf,
}

/// The person a row is about and what they ask, once checked.
pub struct Wanted<'r> {
    pub person: Person,
    pub residence: Residence,
    pub controller: &'r Controller,
    pub kind: RequestKind,
    pub language: Option<Language>,
    pub reference: Option<String>,
}

/// What the log says of a row's request before this run.
pub enum Prior {
    /// No case yet; the reference it will have.
    New(String),
    /// A case that has not gone out, with the sends that were never confirmed and whether the
    /// last attempt was refused for good.
    Drafted {
        case: Case,
        unconfirmed: Vec<i64>,
        sending: Vec<i64>,
        refused: bool,
    },
    /// A case that went out (or further).
    Done(Case),
}

impl Prior {
    pub fn reference(&self) -> &str {
        match self {
            Prior::New(reference) => reference,
            Prior::Drafted { case, .. } | Prior::Done(case) => &case.reference,
        }
    }
}

/// What this run does with a row, from its history: decided before its letter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Write its letter (and send it, when sending).
    Write,
    /// Its request went out before: list it.
    AlreadySent,
    /// An earlier send was never confirmed: list it for the operator, unless asked to resend.
    Unconfirmed,
    /// The server refused it for good: leave it, unless asked to try again.
    Refused,
}

/// A problem with a row: the column (empty for the whole row) and why.
pub type Problem = (String, String);
