//! The part of a row that needs nothing from the rows before it: its letter composed, checked
//! against what the run needs, and written in each format. Several workers do this at once; the
//! run hands them rows in file order and settles what comes back (the case log, the sends, the
//! manifest) in the same order.

use std::borrow::Cow;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

use anyhow::{Context as _, Result, anyhow};
use chrono::NaiveDate;

use super::columns::Column;
use super::file_name::file_name;
use super::input::Record;
use super::out_folder::OutFolder;
use super::seen::PersonKey;
use super::terms::{Options, Plan, Prior, Problem, Wanted};
use crate::cases::record::Draft;
use crate::decide::{Decision, decide};
use crate::letter::{
    Composition, Format, Frame, Language, LetterKind, LetterRequest, TemplateSet, eml, format, pdf,
};
use crate::rules::{RequestKind, RuleSet};

/// A row checked and placed in its person's history, on its way to a worker.
pub struct Job<'a> {
    pub record: Record,
    pub wanted: Wanted<'a>,
    pub key: PersonKey,
    pub prior: Prior,
    /// Whether its letter is written: not when its request went out before, nor when this run
    /// leaves it alone (a send never confirmed, or one the server refused).
    pub plan: Plan,
}

/// What a worker made of a row.
pub enum Outcome<'t> {
    /// The row cannot be done, and why.
    Rejected(Vec<Problem>),
    /// Its letter was composed (and written, if the plan said so).
    Composed(Box<Prepared<'t>>),
}

/// A row's letter, as much of it as the run still needs: what the manifest says of it, and
/// what is recorded or sent. The rest is dropped by the worker, so that rows waiting to be
/// settled take little memory.
pub struct Prepared<'t> {
    pub regime: String,
    pub authority: Option<String>,
    pub due: Option<NaiveDate>,
    pub email: String,
    /// Shared by every letter of the same frame.
    pub warnings: Arc<[String]>,
    /// Its files: those written now, or those an earlier run left.
    pub files: Vec<String>,
    /// How many files were written now.
    pub written: u64,
    /// The letter written, if it was.
    pub letter: Option<Written<'t>>,
}

/// A letter written: its draft for the case log, or, when the run sends, the letter and its text.
pub enum Written<'t> {
    Draft(Box<Draft>),
    ToSend(Box<Composition<'t>>, String),
}

/// A job done: the job back, with its outcome or the error that stops the run.
pub type Done<'a> = (Job<'a>, Result<Outcome<'a>>);

/// The letters of the residences, companies, kinds and languages met so far, waiting for their
/// people: the same for everyone there, so made once per worker. `Err` holds why no letter can
/// be written there, and the column to blame.
type Frames<'a> = HashMap<FrameKey, Result<Frame<'a>, Problem>>;

type FrameKey = (String, String, RequestKind, Option<Language>);

/// How many frames a worker keeps before it starts over (a batch meets a few dozen; rows with
/// their own companies may bring thousands).
const FRAMES: usize = 1024;

/// What every worker needs: the rules, the templates and the run's options, all shared.
pub struct Worker<'a> {
    pub rules: &'a RuleSet,
    pub templates: &'a TemplateSet,
    pub options: &'a Options,
    /// Where the letters go (`options.out`).
    pub folder: &'a OutFolder,
    /// Whether the run sends (the .eml is then written with the message as sent).
    pub sending: bool,
    /// Whether the input has a `kind` column (else the kind came from `--kind`).
    pub kind_column: bool,
}

impl<'a> Worker<'a> {
    /// Takes jobs until there are none, and hands them back done, as many at a time as came.
    pub fn serve(&self, jobs: &Arc<Mutex<Receiver<Vec<Job<'a>>>>>, done: &Sender<Vec<Done<'a>>>) {
        let mut frames = Frames::new();
        yield_to_feeder();
        loop {
            let bundle = match jobs.lock() {
                Ok(jobs) => jobs.recv(),
                Err(_) => return,
            };
            let Ok(bundle) = bundle else { return };
            let finished = bundle
                .into_iter()
                .map(|job| {
                    // A panic (a bug, in forget or a library) stops the batch at its row like any
                    // other error, instead of leaving the run waiting for a row that never comes.
                    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                        self.prepare(&job, &mut frames)
                    }))
                    .unwrap_or_else(|panic| Err(anyhow!("forget failed: {}", panic_text(&*panic))))
                    .with_context(|| format!("the batch stopped at row {}", job.record.row));
                    (job, outcome)
                })
                .collect();
            if done.send(finished).is_err() {
                return;
            }
        }
    }

    /// Composes the row's letter and, when the job says so, writes it.
    fn prepare(&self, job: &Job<'a>, frames: &mut Frames<'a>) -> Result<Outcome<'a>> {
        let wanted = &job.wanted;
        let frame = match self.frame(wanted, frames) {
            Ok(frame) => frame,
            Err(problem) => return Ok(Outcome::Rejected(vec![problem.clone()])),
        };
        let reference = job.prior.reference();
        let composition = match frame.fill(&wanted.person, Some(reference)) {
            Ok(composition) => composition,
            Err(error) => {
                return Ok(Outcome::Rejected(vec![(
                    String::new(),
                    format!("{error:#}"),
                )]));
            }
        };
        if let Some(problem) = self.unsendable(&composition) {
            return Ok(Outcome::Rejected(vec![problem]));
        }
        let mut prepared = Prepared {
            regime: composition.regime.clone(),
            authority: composition.authority.clone(),
            due: composition.due,
            email: composition.person.email.clone(),
            warnings: Arc::clone(&composition.warnings),
            files: Vec::new(),
            written: 0,
            letter: None,
        };
        if job.plan != Plan::Write {
            prepared.files = self.existing_files(reference);
            return Ok(Outcome::Composed(Box::new(prepared)));
        }
        let text = format::text(&composition.letter);
        (prepared.files, prepared.written) = self.write_files(&composition, &text)?;
        prepared.letter = Some(if self.sending {
            Written::ToSend(Box::new(composition), text)
        } else {
            Written::Draft(Box::new(Draft::new(&composition, &text)?))
        });
        Ok(Outcome::Composed(Box::new(prepared)))
    }

    /// The frame of the row's letter, made the first time its residence, company, kind and
    /// language come up.
    fn frame<'f>(
        &self,
        wanted: &Wanted<'a>,
        frames: &'f mut Frames<'a>,
    ) -> &'f mut Result<Frame<'a>, Problem> {
        let key = (
            wanted.residence.code().to_string(),
            wanted.controller.id.clone(),
            wanted.kind,
            wanted.language,
        );
        if !frames.contains_key(&key) && frames.len() >= FRAMES {
            frames.clear();
        }
        frames.entry(key).or_insert_with(|| {
            let decision = decide(
                self.rules,
                wanted.residence.clone(),
                Some(wanted.controller),
                Some(wanted.kind),
                self.options.today,
                Some(self.options.today),
            );
            let request = LetterRequest {
                residence: wanted.residence.clone(),
                controller: wanted.controller,
                kind: LetterKind::Request(wanted.kind),
                person: wanted.person.clone(),
                language: wanted.language,
                regime: None,
                date: self.options.today,
                reference: None,
                original: None,
            };
            match Frame::new(self.rules, self.templates, &request, &decision) {
                Ok(mut frame) => {
                    frame.keep_stencils();
                    Ok(frame)
                }
                Err(error) => Err((
                    self.blame(wanted, &decision).to_string(),
                    format!("{error:#}"),
                )),
            }
        })
    }

    /// The column to blame when a letter could not be written: the residence when no law
    /// protects it, the kind when no law there gives it.
    fn blame(&self, wanted: &Wanted<'_>, decision: &Decision<'_>) -> &'static str {
        if decision.regimes.is_empty() {
            Column::Residence.name()
        } else if decision.strongest_for(wanted.kind).is_none() {
            // The kind from `--kind` is right for other rows: this row's residence is the odd one.
            if self.kind_column {
                Column::Kind.name()
            } else {
                Column::Residence.name()
            }
        } else {
            ""
        }
    }

    /// Why a letter cannot be used as this run needs it: no e-mail address to send or write an
    /// .eml to, or a template no lawyer approved when that is required.
    fn unsendable(&self, composition: &Composition<'_>) -> Option<Problem> {
        let needs_email = self.sending || self.options.formats.contains(&Format::Eml);
        let company = &composition.letter.recipient.name;
        if needs_email && composition.to.is_empty() {
            let forms: Vec<&str> = composition
                .webforms
                .iter()
                .map(|(u, _)| u.as_str())
                .collect();
            let why = if forms.is_empty() {
                format!(
                    "{company} has no e-mail address in forget's rules: write the letters as text or PDF and send them by post"
                )
            } else {
                format!(
                    "{company} takes requests only through a web form ({}), not by e-mail: write \
                     the letters as text to paste there",
                    forms.join(", ")
                )
            };
            return Some((Column::Controller.name().to_string(), why));
        }
        if self.options.require_reviewed {
            return composition
                .lineage
                .refusal()
                .map(|refusal| (String::new(), refusal));
        }
        None
    }

    /// Writes the letter in each format; the file names derive from the reference only. Gives
    /// the names, and how many files were written now.
    fn write_files(&self, composition: &Composition<'_>, text: &str) -> Result<(Vec<String>, u64)> {
        let reference = &composition.letter.reference;
        let mut names = Vec::with_capacity(self.options.formats.len());
        let mut written = 0;
        for format in &self.options.formats {
            let name = file_name(reference, *format);
            let bytes: Cow<'_, [u8]> = match format {
                Format::Text => Cow::Borrowed(text.as_bytes()),
                // Written with the message itself when sending.
                Format::Eml if self.sending => {
                    names.push(name);
                    continue;
                }
                Format::Eml => eml::eml(&composition.letter, &composition.to)?.into(),
                Format::Pdf => pdf::render(&composition.letter)?.into(),
                Format::Markdown => format::markdown(&composition.letter).into_bytes().into(),
                Format::Html => format::html(&composition.letter).into_bytes().into(),
                Format::Mailto => unreachable!("refused before the run"),
            };
            self.folder.write(&name, &bytes)?;
            written += 1;
            names.push(name);
        }
        Ok((names, written))
    }

    /// The files of this reference's letter that an earlier run left.
    pub fn existing_files(&self, reference: &str) -> Vec<String> {
        self.options
            .formats
            .iter()
            .map(|f| file_name(reference, *f))
            .filter(|name| self.folder.path().join(name).exists())
            .collect()
    }
}

/// How much lower a worker's priority is than the rest of forget's (added to its `nice` value).
#[cfg(target_os = "linux")]
const NICENESS: i32 = 10;

/// Lowers the calling worker's priority. The thread that reads, checks and records the rows is
/// the one a batch has only one of: when the cores are all busy, it should run first and the
/// workers take the time it leaves, or they wait for rows it has not had the time to hand on.
/// Where this cannot be done, the batch is only slower.
fn yield_to_feeder() {
    #[cfg(target_os = "linux")]
    {
        let thread = Some(rustix::thread::gettid());
        if let Ok(now) = rustix::process::getpriority_process(thread) {
            let _ = rustix::process::setpriority_process(thread, (now + NICENESS).min(19));
        }
    }
}

/// What a panic said, as far as it can be told.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}
