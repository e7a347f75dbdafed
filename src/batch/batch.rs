//! One run of a batch: each row read, checked, decided and written (and sent) on its own, through
//! the same pipeline as `forget letter` and `forget send`; every row ends in the manifest, and a
//! row that cannot be done in the rejects file with why.
//!
//! Rows flow in three steps. This thread reads a row, checks its cells and finds its person's
//! history in the case log; a worker (one per core) composes its letter and writes its files;
//! this thread then settles the rows in file order: their cases recorded (a chunk of drafts per
//! transaction), their e-mails sent one at a time, their lines written to the manifest.
//!
//! What a row's person has asked of a company before is in the case log, so a run that is
//! repeated (after a crash, a Ctrl-C, a daily cap, or with `--send` after a dry look at the
//! letters) continues where the last one stopped: a letter sent is never sent again, one that may
//! have gone out is listed for the operator instead of being resent, and a failed one is tried
//! again.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError};
use std::time::SystemTime;

use anyhow::{Result, anyhow, bail};

use super::check::check;
use super::checkpoints::Checkpoints;
use super::columns::{Column, Columns};
use super::file_name::file_name;
use super::input::Record;
use super::known::Known;
use super::manifest::{self, Line, write_line};
use super::out_folder::OutFolder;
use super::report_file::ReportFile;
use super::seen::{PersonKey, Seen};
use super::sender::{REFUSALS_IN_A_ROW, Sender, UNCERTAIN_IN_A_ROW};
use super::tally::Tally;
use super::terms::{Listed, Observer, Options, Plan, Prior, Problem, Summary, Wanted};
use super::worker::{Done, Job, Outcome, Prepared, Written};
use crate::cases::record::{self, Delivery, Draft};
use crate::cases::{Case, CaseLog, Snapshot, Status, case_log};
use crate::deliver::{Outgoing, SendError};
use crate::letter::{Format, reference};
use crate::rules::RuleSet;

/// Rows settled per chunk: their drafts recorded in one transaction, the log's snapshot renewed.
pub const CHUNK: usize = 256;
/// Rows settled per chunk when sending.
const SEND_CHUNK: usize = 64;
/// Rows handed to a worker at once: fewer wake-ups than one at a time.
pub const BUNDLE: usize = 16;

/// A run in progress.
pub struct Batch<'a, 'o> {
    pub rules: &'a RuleSet,
    pub log: &'o mut CaseLog,
    /// The log as it was before the rows now on their way: what the people asked before.
    pub snapshot: Snapshot,
    /// Which requests the log may have, to spare it lookups that would find nothing.
    pub known: Known,
    /// The checkpoint thread, when there is one (not when sending: a send waits on the server,
    /// not on the log).
    pub checkpoints: Option<Checkpoints>,
    pub options: &'a Options,
    /// Where the letters go (`options.out`).
    pub folder: &'a OutFolder,
    pub columns: Columns,
    pub seen: Seen,
    pub manifest: ReportFile,
    pub rejects: ReportFile,
    /// The drafts of the chunk, each with whether its case is new (its reference looked up).
    pub drafts: Vec<(Draft, bool)>,
    pub summary: Summary,
    /// Each warning with how many letters it concerns, gathered into the summary at the end.
    pub warnings: Tally,
    pub sender: Option<Sender<'a>>,
    pub observer: &'o mut dyn Observer,
    pub stop: &'o AtomicBool,
    /// Rows handed on and not yet settled, in file order.
    pub order: VecDeque<u64>,
    /// Rows whose part is done and that wait for the rows before them.
    pub ready: HashMap<u64, Item<'a>>,
    /// Rows gathered to be handed to the workers together.
    pub bundle: Vec<Job<'a>>,
    pub jobs: Option<SyncSender<Vec<Job<'a>>>>,
    pub done: Receiver<Vec<Done<'a>>>,
    /// Rows settled since the log was last written to (a chunk).
    pub since_flush: usize,
    pub position: u64,
}

/// Who has a reference already.
enum Holder {
    /// A row of this run.
    Row(u64),
    /// A request in the log from before.
    Case(Box<Case>),
}

/// The problem of a row whose reference an earlier row of the run has.
fn also(reference: &str, first: u64) -> Problem {
    (
        Column::Reference.name().to_string(),
        format!("`{reference}` is also the reference of row {first}"),
    )
}

/// A row waiting to be settled.
pub enum Item<'a> {
    /// Rejected before it reached a worker.
    Rejected(Record, Vec<Problem>),
    /// Back from a worker.
    Done(Box<Done<'a>>),
}

impl<'a, 'o> Batch<'a, 'o> {
    /// Takes one row: checked and placed in its person's history here, then handed to a worker
    /// (or straight to the manifest when it has problems).
    pub fn row(&mut self, record: Record) -> Result<()> {
        if record.is_blank() {
            self.summary.blank += 1;
            return Ok(());
        }
        self.summary.rows += 1;
        let wanted = match check(&record, &self.columns, self.options, self.rules) {
            Ok(wanted) => wanted,
            Err(problems) => return self.queue(record, problems),
        };
        let key = PersonKey::new(
            &wanted.controller.id,
            &wanted.person.email,
            self.options
                .allow_duplicates
                .then_some(wanted.kind.as_str()),
        );
        let prior = match self.prior(&wanted, &key)? {
            Ok(prior) => prior,
            Err(problem) => return self.queue(record, vec![problem]),
        };
        let plan = self.plan(&prior);
        self.seen.hold(&key, prior.reference(), record.row);
        let row = record.row;
        let job = Job {
            record,
            wanted,
            key,
            prior,
            plan,
        };
        self.order.push_back(row);
        self.bundle.push(job);
        if self.bundle.len() >= BUNDLE {
            self.hand_on()?;
        }
        self.settle_ready()
    }

    /// Hands the rows gathered to the workers, settling what they finished while they are behind.
    fn hand_on(&mut self) -> Result<()> {
        if self.bundle.is_empty() {
            return Ok(());
        }
        let mut bundle = std::mem::replace(&mut self.bundle, Vec::with_capacity(BUNDLE));
        loop {
            let jobs = self.jobs.as_ref().expect("jobs are taken only at the end");
            match jobs.try_send(bundle) {
                Ok(()) => return Ok(()),
                // The rows at the head of the line are with the workers: settling one frees room.
                Err(TrySendError::Full(back)) => {
                    bundle = back;
                    self.settle_one()?;
                }
                Err(TrySendError::Disconnected(_)) => bail!("the batch's workers stopped"),
            }
        }
    }

    /// What this run does with a row that has this history.
    fn plan(&self, prior: &Prior) -> Plan {
        let sending = self.sender.as_ref().map(|s| s.how);
        match (prior, sending) {
            (Prior::New(_), _) => Plan::Write,
            (Prior::Done(_), _) => Plan::AlreadySent,
            (Prior::Drafted { unconfirmed, .. }, Some(how))
                if !unconfirmed.is_empty() && !how.resend_uncertain =>
            {
                Plan::Unconfirmed
            }
            (Prior::Drafted { refused: true, .. }, Some(how)) if !how.retry_refused => {
                Plan::Refused
            }
            (Prior::Drafted { .. }, _) => Plan::Write,
        }
    }

    /// Puts a row rejected before any letter in line to be settled.
    fn queue(&mut self, record: Record, problems: Vec<Problem>) -> Result<()> {
        let row = record.row;
        self.order.push_back(row);
        self.ready(row, Item::Rejected(record, problems))?;
        self.settle_ready()
    }

    /// Takes in what the workers finished.
    fn receive(&mut self, bundle: Vec<Done<'a>>) -> Result<()> {
        for done in bundle {
            let row = done.0.record.row;
            self.ready(row, Item::Done(Box::new(done)))?;
        }
        Ok(())
    }

    /// Puts a row's part in line to be settled. Rows are told apart by their numbers: two with
    /// one number would leave the run waiting for a row that never comes, so that stops it.
    fn ready(&mut self, row: u64, item: Item<'a>) -> Result<()> {
        if self.ready.insert(row, item).is_some() {
            bail!("forget failed: two rows were numbered {row}; please report this with the file");
        }
        Ok(())
    }

    /// Settles the rows at the head of the line that are ready, without waiting.
    fn settle_ready(&mut self) -> Result<()> {
        while let Ok(bundle) = self.done.try_recv() {
            self.receive(bundle)?;
        }
        while let Some(row) = self.order.front().copied() {
            let Some(item) = self.ready.remove(&row) else {
                break;
            };
            self.order.pop_front();
            self.settle(item)?;
        }
        Ok(())
    }

    /// Settles the row at the head of the line, waiting for its worker if need be.
    fn settle_one(&mut self) -> Result<()> {
        let Some(row) = self.order.front().copied() else {
            return Ok(());
        };
        while !self.ready.contains_key(&row) {
            if self.bundle.iter().any(|job| job.record.row == row) {
                // It is not even with the workers yet.
                let bundle = std::mem::take(&mut self.bundle);
                self.jobs
                    .as_ref()
                    .expect("jobs are taken only at the end")
                    .send(bundle)
                    .map_err(|_| anyhow!("the batch's workers stopped"))?;
            }
            let bundle = self
                .done
                .recv()
                .map_err(|_| anyhow!("the batch's workers stopped"))?;
            self.receive(bundle)?;
        }
        let item = self.ready.remove(&row).expect("checked above");
        self.order.pop_front();
        self.settle(item)
    }

    /// Settles rows until `row` is settled: a later row with the same person or reference is
    /// judged on what that row became.
    fn settle_through(&mut self, row: u64) -> Result<()> {
        while self.order.front().is_some_and(|first| *first <= row) {
            self.settle_one()?;
        }
        Ok(())
    }

    /// A row's end: its manifest line, its rejects, its case, its e-mail.
    fn settle(&mut self, item: Item<'a>) -> Result<()> {
        match item {
            Item::Rejected(record, problems) => self.reject(&record, problems)?,
            Item::Done(done) => {
                let (job, outcome) = *done;
                let row = job.record.row;
                let reference = job.prior.reference().to_string();
                match outcome? {
                    Outcome::Rejected(problems) => {
                        self.seen.settle(&job.key, &reference, row, false)?;
                        self.reject(&job.record, problems)?;
                    }
                    Outcome::Composed(prepared) => {
                        let prepared = *prepared;
                        self.summary.files += prepared.written;
                        let warnings = Arc::clone(&prepared.warnings);
                        let line = self.deliver(&job, prepared)?;
                        self.seen.settle(&job.key, &line.reference, row, true)?;
                        let wanted = &job.wanted;
                        self.known.add(
                            &line.reference,
                            &wanted.controller.id,
                            wanted.kind.as_str(),
                            &wanted.person.email,
                        );
                        if line.status != "already-sent" {
                            self.warnings.add(&warnings);
                        }
                        write_line(&mut self.manifest, row, &line)?;
                    }
                }
            }
        }
        self.since_flush += 1;
        // A send writes to the log under the snapshot: renewing it more often when sending keeps
        // the write-ahead file to a few megabytes.
        let chunk = if self.sender.is_some() {
            SEND_CHUNK
        } else {
            CHUNK
        };
        if self.since_flush >= chunk {
            self.flush()?;
        }
        self.observer.progress(self.position, &self.summary);
        Ok(())
    }
    /// The row's request as the log knows it, or why the row cannot go on: the same person
    /// twice, or a reference that is taken.
    fn prior(&mut self, wanted: &Wanted<'_>, key: &PersonKey) -> Result<Result<Prior, Problem>> {
        let controller = &wanted.controller.id;
        let email = &wanted.person.email;
        let kind = wanted.kind;
        if let Some(row) = self.seen.pending_person(key) {
            self.settle_through(row)?;
        }
        if let Some(first) = self.seen.person(key)? {
            let why = if self.options.allow_duplicates {
                format!("asks the same as row {first} (same e-mail, company and kind of request)")
            } else {
                format!(
                    "is the same person as row {first} (same e-mail and company): a duplicate; \
                     add `--allow-duplicates` if they ask for different things"
                )
            };
            return Ok(Err((Column::Email.name().to_string(), why)));
        }
        let open = if self.known.may_have_person(controller, kind.as_str(), email) {
            self.snapshot.read(|conn| {
                case_log::open_case_of(conn, controller, kind, email, wanted.residence.code())
            })?
        } else {
            None
        };
        let reference = match (&wanted.reference, &open) {
            (Some(given), Some(case)) if *given != case.reference => {
                return Ok(Err((
                    Column::Reference.name().to_string(),
                    format!(
                        "this person's {kind} request to {controller} is already the case {}: \
                         leave `reference` empty, or give that one",
                        case.reference
                    ),
                )));
            }
            (Some(given), None) => match self.holder(given)? {
                Some(Holder::Row(first)) => return Ok(Err(also(given, first))),
                Some(Holder::Case(case)) => {
                    return Ok(Err((
                        Column::Reference.name().to_string(),
                        format!(
                            "`{given}` is already the reference of another request (the {} \
                             request of {} to {})",
                            case.kind.as_str(),
                            case.email,
                            case.controller
                        ),
                    )));
                }
                None => given.clone(),
            },
            (_, Some(case)) => case.reference.clone(),
            (None, None) => self.fresh_reference(wanted)?,
        };
        // The person's own case has its reference: only a row of this run can have it too.
        if let Some(row) = self.seen.pending_reference(&reference) {
            self.settle_through(row)?;
        }
        if let Some(first) = self.seen.recent_reference(&reference) {
            return Ok(Err(also(&reference, first)));
        }
        let Some(case) = open else {
            return Ok(Ok(Prior::New(reference)));
        };
        if case.status != Status::Drafted {
            return Ok(Ok(Prior::Done(case)));
        }
        let deliveries = self
            .snapshot
            .read(|conn| case_log::deliveries(conn, case.id, kind.as_str()))?;
        let unconfirmed = deliveries
            .iter()
            .filter(|d| matches!(d.delivery.as_str(), "sending" | "uncertain"))
            .map(|d| d.id)
            .collect();
        let sending = deliveries
            .iter()
            .filter(|d| d.delivery == "sending")
            .map(|d| d.id)
            .collect();
        let refused = deliveries
            .iter()
            .rev()
            .find(|d| d.delivery != "written")
            .is_some_and(|d| d.delivery == "refused");
        Ok(Ok(Prior::Drafted {
            case,
            unconfirmed,
            sending,
            refused,
        }))
    }

    /// A reference for a new request: derived from the company, kind, e-mail, residence and date, and, in
    /// the rare case another request has it already, derived again with a counter.
    fn fresh_reference(&mut self, wanted: &Wanted<'_>) -> Result<String> {
        let mut salt = 0u32;
        loop {
            let email = match salt {
                0 => wanted.person.email.clone(),
                n => format!("{}#{n}", wanted.person.email),
            };
            let candidate = reference(
                &wanted.controller.id,
                wanted.kind.as_str(),
                &email,
                wanted.residence.code(),
                self.options.today,
            );
            if self.holder(&candidate)?.is_none() {
                return Ok(candidate);
            }
            salt += 1;
        }
    }

    /// The row of this run, or else the request in the log, that has `reference`.
    fn holder(&mut self, reference: &str) -> Result<Option<Holder>> {
        if let Some(row) = self.seen.pending_reference(reference) {
            self.settle_through(row)?;
        }
        // Settled since the end of the last chunk: not in the log yet.
        if let Some(row) = self.seen.recent_reference(reference) {
            return Ok(Some(Holder::Row(row)));
        }
        if !self.known.may_have_reference(reference) {
            return Ok(None);
        }
        let Some(case) = self
            .snapshot
            .read(|conn| case_log::case_by_reference(conn, reference))?
        else {
            return Ok(None);
        };
        // A case of this run's: its person had a row, with this reference.
        let key = PersonKey::new(
            &case.controller,
            &case.email,
            self.options.allow_duplicates.then_some(case.kind.as_str()),
        );
        Ok(Some(match self.seen.person_with(&key, reference)? {
            Some(row) => Holder::Row(row),
            None => Holder::Case(Box::new(case)),
        }))
    }
    /// Writes (and sends) the letter as the row's history allows.
    fn deliver(&mut self, job: &Job<'_>, prepared: Prepared<'_>) -> Result<Line> {
        let (record, prior) = (&job.record, &job.prior);
        let reference = prior.reference().to_string();
        let mut line = Line {
            reference: reference.clone(),
            regime: prepared.regime,
            authority: prepared.authority.unwrap_or_default(),
            due: prepared.due,
            files: prepared.files,
            status: "written",
        };
        let email = prepared.email;
        let listed = || Listed {
            row: record.row,
            reference: reference.clone(),
            email: email.clone(),
        };
        match (job.plan, prior) {
            (Plan::AlreadySent, Prior::Done(case)) => {
                line.regime = case.regime.clone();
                line.due = case.effective_due();
                line.status = "already-sent";
                self.summary.already += 1;
                return Ok(line);
            }
            (
                Plan::Unconfirmed,
                Prior::Drafted {
                    case,
                    sending: pending,
                    ..
                },
            ) => {
                if !pending.is_empty() {
                    record::mark_uncertain(self.log, case, pending, self.options.today)?;
                }
                self.observer.say(&format!(
                    "row {}: {reference} to {email} may have been sent by an earlier run that \
                     stopped before the server confirmed it",
                    record.row
                ));
                line.status = "uncertain";
                self.summary.uncertain.push(listed());
                return Ok(line);
            }
            (Plan::Refused, _) => {
                line.status = "refused";
                self.summary.refused += 1;
                return Ok(line);
            }
            _ => {}
        }
        self.summary.written += 1;
        let (composition, text) = match prepared.letter {
            Some(Written::Draft(draft)) => {
                self.drafts.push((*draft, matches!(prior, Prior::New(_))));
                return Ok(line);
            }
            Some(Written::ToSend(composition, text)) => (composition, text),
            None => bail!("row {}: its letter was not written", record.row),
        };
        let composition = composition.as_ref();
        let sender = self
            .sender
            .as_ref()
            .expect("letters to send come only when sending");
        if sender.pace.capped() && self.summary.stopped.is_none() {
            self.summary.stopped = Some(format!(
                "the daily cap of {} e-mails is reached (counting earlier runs today)",
                sender.pace.cap().unwrap_or(0)
            ));
        }
        if self.summary.stopped.is_some() || !sender.pace.wait(self.stop) {
            if self.stop.load(Ordering::SeqCst) {
                self.summary.interrupted.get_or_insert(record.row);
            }
            let new = matches!(prior, Prior::New(_));
            self.drafts.push((Draft::new(composition, &text)?, new));
            line.status = "not-sent";
            self.summary.not_sent += 1;
            return Ok(line);
        }
        let sender = self.sender.as_mut().expect("checked above");
        let outgoing = match Outgoing::new(
            composition,
            &sender.how.config.sender,
            sender.how.copy,
            SystemTime::now(),
        ) {
            Ok(outgoing) => outgoing,
            Err(error) => {
                // The row cannot become an e-mail (an address the checks let through and the
                // message builder does not take): its letter stays a draft, the row is listed
                // with why, and the batch goes on.
                let new = matches!(prior, Prior::New(_));
                self.drafts.push((Draft::new(composition, &text)?, new));
                let why = format!("cannot be sent by e-mail: {error:#}");
                self.observer
                    .say(&format!("row {}: {reference} {why}", record.row));
                manifest::unsendable(&mut self.rejects, record, Column::Email.name(), &why)?;
                line.status = "failed";
                self.summary.unsendable += 1;
                return Ok(line);
            }
        };
        if self.options.formats.contains(&Format::Eml) {
            // The .eml is the message exactly as it goes to the server.
            self.folder
                .write(&file_name(&reference, Format::Eml), &outgoing.bytes)?;
        }
        let again = matches!(prior, Prior::Drafted { unconfirmed, .. } if !unconfirmed.is_empty());
        // Recorded before the server is asked: a crash from here on leaves the send unconfirmed.
        let pending = record::before_send(
            self.log,
            composition,
            None,
            &text,
            &outgoing.bytes,
            &outgoing.message_id,
            self.options.today,
            again,
        )?;
        let result = sender.mailer.send(&outgoing.envelope, &outgoing.bytes);
        sender.pace.sent();
        for retry in sender
            .retries
            .lock()
            .map(|mut r| std::mem::take(&mut *r))
            .unwrap_or_default()
        {
            self.observer.say(&format!("row {}: {retry}", record.row));
        }
        let delivery = match &result {
            Ok(_) => Delivery::Sent,
            Err(SendError::Uncertain(why)) => Delivery::Uncertain(why.clone()),
            Err(error @ SendError::Permanent(_)) => Delivery::Refused(error.to_string()),
            Err(error) => Delivery::Failed(error.to_string()),
        };
        let case = record::after_send(
            self.log,
            self.rules,
            pending,
            &delivery,
            composition.kind,
            self.options.today,
            None,
        )?;
        if matches!(result, Err(SendError::Uncertain(_))) {
            sender.uncertain += 1;
        } else {
            sender.uncertain = 0;
        }
        match result {
            Ok(_) => {
                sender.refusals = 0;
                line.due = case.effective_due();
                line.status = "sent";
                self.summary.sent += 1;
            }
            Err(SendError::Uncertain(why)) => {
                self.observer.say(&format!(
                    "row {}: {reference} to {} may or may not have arrived: {why}",
                    record.row, composition.person.email
                ));
                line.status = "uncertain";
                self.summary.uncertain.push(listed());
                if sender.uncertain >= UNCERTAIN_IN_A_ROW {
                    self.summary.stopped = Some(format!(
                        "the mail server took {UNCERTAIN_IN_A_ROW} messages in a row without \
                         confirming them (the last: {why}); it looks broken, so nothing more was \
                         sent to it"
                    ));
                }
            }
            Err(error @ SendError::Permanent(_)) => {
                self.observer
                    .say(&format!("row {}: {reference}: {error}", record.row));
                line.status = "refused";
                self.summary.refused += 1;
                sender.refusals += 1;
                if sender.refusals >= REFUSALS_IN_A_ROW {
                    self.summary.stopped = Some(format!(
                        "the mail server refused {REFUSALS_IN_A_ROW} messages in a row, the last \
                         with: {error}"
                    ));
                }
            }
            Err(error) => {
                line.status = "failed";
                self.summary.failed += 1;
                self.summary.stopped = Some(format!("the mail server failed: {error}"));
            }
        }
        Ok(line)
    }
    /// Ends a chunk: its drafts recorded in one transaction, what was seen written to the scratch
    /// file, and a new snapshot of the log taken. The snapshot is let go while the drafts are
    /// written, so that the log's write-ahead file can start over instead of growing.
    pub fn flush(&mut self) -> Result<()> {
        self.since_flush = 0;
        self.snapshot.release()?;
        if !self.drafts.is_empty() {
            let drafts = std::mem::take(&mut self.drafts);
            self.log.write(|conn| {
                for (draft, new) in &drafts {
                    if *new {
                        record::new_draft_in(conn, draft)?;
                    } else {
                        record::draft_in(conn, draft)?;
                    }
                }
                Ok(())
            })?;
            self.drafts = drafts;
            self.drafts.clear();
        }
        // The checkpoint folds the whole write-ahead file back into the log (the snapshot taken
        // next holds back none of it), and the next write, with no snapshot held, starts the
        // file over. Sends are written while the snapshot is held, so without this the file
        // would only grow.
        match &self.checkpoints {
            Some(checkpoints) => checkpoints.ask()?,
            None => self.log.checkpoint()?,
        }
        self.seen.commit()?;
        self.snapshot.renew()?;
        self.known.check(self.log)
    }

    /// Records a row's problems in the rejects file, and the row as rejected in the manifest.
    fn reject(&mut self, record: &Record, problems: Vec<Problem>) -> Result<()> {
        self.summary.rejected += 1;
        manifest::reject(&mut self.manifest, &mut self.rejects, record, problems)
    }

    /// Settles every row still on its way; the workers stop once they have none left.
    pub fn drain(&mut self) -> Result<()> {
        self.hand_on()?;
        self.jobs = None;
        while !self.order.is_empty() {
            self.settle_one()?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<Summary> {
        self.flush()?;
        if let Some(sender) = self.sender.as_mut() {
            sender.mailer.close();
        }
        self.summary.manifest = self.manifest.finish()?;
        self.summary.rejects = self.rejects.finish()?;
        self.summary.warnings = std::mem::take(&mut self.warnings).into_counts();
        Ok(self.summary)
    }
}
