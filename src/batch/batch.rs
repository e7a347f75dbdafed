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
use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use anyhow::{Context as _, Result, anyhow, bail};
use chrono::NaiveDate;

use super::columns::{Column, Columns, Fallbacks};
use super::file_name::file_name;
use super::input::{Input, Record};
use super::known::Known;
use super::out_folder::OutFolder;
use super::pace::Pace;
use super::report_file::ReportFile;
use super::seen::{PersonKey, Seen};
use super::tally::Tally;
use super::terms::{Listed, Observer, Options, Plan, Prior, Problem, Sending, Summary, Wanted};
use super::worker::{Done, Job, Outcome, Prepared, Worker, Written};
use crate::cases::record::{self, Delivery, Draft};
use crate::cases::{Case, CaseLog, Snapshot, Status, case_log};
use crate::deliver::{Mailer, Outgoing, SendError, password};
use crate::letter::{Format, Language, LetterKind, Person, TemplateSet, reference};
use crate::residence::Residence;
use crate::rules::RuleSet;

/// Rows settled per chunk: their drafts recorded in one transaction, the log's snapshot renewed.
const CHUNK: usize = 256;
/// Rows settled per chunk when sending.
const SEND_CHUNK: usize = 64;
/// Rows waiting for each worker, at most: enough to keep it busy, few enough to keep memory flat.
const DEPTH: usize = 256;
/// Rows handed to a worker at once: fewer wake-ups than one at a time.
const BUNDLE: usize = 16;
/// Workers, at most, whatever the number of cores.
const MAX_WORKERS: usize = 8;
/// Refusals in a row after which the server is taken to refuse everything.
const REFUSALS_IN_A_ROW: u32 = 5;

/// The manifest's line for a row.
struct Line {
    reference: String,
    regime: String,
    authority: String,
    due: Option<NaiveDate>,
    files: Vec<String>,
    status: &'static str,
}

/// A run in progress.
struct Batch<'a, 'o> {
    rules: &'a RuleSet,
    log: &'o mut CaseLog,
    /// The log as it was before the rows now on their way: what the people asked before.
    snapshot: Snapshot,
    /// Which requests the log may have, to spare it lookups that would find nothing.
    known: Known,
    /// The checkpoint thread, when there is one (not when sending: a send waits on the server,
    /// not on the log).
    checkpoints: Option<Checkpoints>,
    options: &'a Options,
    /// Where the letters go (`options.out`).
    folder: &'a OutFolder,
    columns: Columns,
    seen: Seen,
    manifest: ReportFile,
    rejects: ReportFile,
    /// The drafts of the chunk, each with whether its case is new (its reference looked up).
    drafts: Vec<(Draft, bool)>,
    summary: Summary,
    /// Each warning with how many letters it concerns, gathered into the summary at the end.
    warnings: Tally,
    sender: Option<Sender<'a>>,
    observer: &'o mut dyn Observer,
    stop: &'o AtomicBool,
    /// Rows handed on and not yet settled, in file order.
    order: VecDeque<u64>,
    /// Rows whose part is done and that wait for the rows before them.
    ready: HashMap<u64, Item<'a>>,
    /// Rows gathered to be handed to the workers together.
    bundle: Vec<Job<'a>>,
    jobs: Option<SyncSender<Vec<Job<'a>>>>,
    done: Receiver<Vec<Done<'a>>>,
    /// Rows settled since the log was last written to (a chunk).
    since_flush: usize,
    position: u64,
}

/// The thread that folds the case log's write-ahead file back into it: asked after each chunk,
/// it ends once the run lets go of this, after the last checkpoint asked.
struct Checkpoints {
    ask: SyncSender<()>,
    /// The error that stopped it.
    failed: Arc<Mutex<Option<anyhow::Error>>>,
}

impl Checkpoints {
    /// Starts the thread, with a connection of its own to `log`.
    fn start<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        log: &CaseLog,
    ) -> Result<Checkpoints> {
        let checkpointer = log.checkpointer()?;
        let (ask, asked) = mpsc::sync_channel::<()>(1);
        let failed = Arc::new(Mutex::new(None));
        let failure = Arc::clone(&failed);
        std::thread::Builder::new()
            .name("forget-checkpoint".to_string())
            .spawn_scoped(scope, move || {
                for () in asked {
                    if let Err(error) = checkpointer.checkpoint() {
                        if let Ok(mut failure) = failure.lock() {
                            *failure = Some(error);
                        }
                        return;
                    }
                }
            })
            .context("cannot start the batch's checkpoints")?;
        Ok(Checkpoints { ask, failed })
    }

    /// Asks for a checkpoint (one asked already and not begun covers this one too). Gives the
    /// error an earlier one stopped at, which stops the run as it would have stopped had the
    /// checkpoint failed in the reading thread.
    fn ask(&self) -> Result<()> {
        if let Some(error) = self.failed.lock().ok().and_then(|mut failed| failed.take()) {
            return Err(error);
        }
        let _ = self.ask.try_send(());
        Ok(())
    }
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
enum Item<'a> {
    /// Rejected before it reached a worker.
    Rejected(Record, Vec<Problem>),
    /// Back from a worker.
    Done(Box<Done<'a>>),
}

/// The sending side of a run.
struct Sender<'c> {
    how: &'c Sending<'c>,
    mailer: Mailer,
    retries: Arc<Mutex<Vec<String>>>,
    pace: Pace,
    refusals: u32,
}

pub const MANIFEST: &str = "manifest.csv";
pub const REJECTS: &str = "rejects.csv";
const MANIFEST_HEADER: [&str; 7] = [
    "row",
    "reference",
    "regime",
    "authority",
    "due",
    "files",
    "status",
];

/// Runs the batch `options` describes; `sending` sends each letter too. Stops early, cleanly,
/// when `stop` is raised.
pub fn run<'a>(
    rules: &'a RuleSet,
    templates: &'a TemplateSet,
    open_log: impl FnOnce() -> Result<CaseLog>,
    options: &'a Options,
    sending: Option<&'a Sending<'a>>,
    observer: &mut dyn Observer,
    stop: &AtomicBool,
) -> Result<Summary> {
    if let Some(format) = options.formats.iter().find(|f| matches!(f, Format::Mailto)) {
        bail!("a batch writes letters as files: `{format:?}` is not one; use text, pdf or eml");
    }
    let mut input = Input::open(&options.input)?;
    let fallbacks = Fallbacks {
        controller: options.controller.is_some(),
        kind: options.kind.is_some(),
    };
    let columns = Columns::new(&input.header, fallbacks).map_err(|problems| {
        anyhow!(
            "the header (line 1) of the batch file `{}` {}:\n  {}\nThe columns are: name, email, \
             residence (required); address, or street, postcode, city, country; lang, kind, \
             controller, reference, offer_photo, settlement (optional). `forget batch --help` says more",
            options.input.display(),
            if problems.len() == 1 {
                "has a problem".to_string()
            } else {
                format!("has {} problems", problems.len())
            },
            problems.join("\n  ")
        )
    })?;
    if let Some(id) = &options.controller {
        rules.find_controller(id)?;
    }
    // Opened once the file and the arguments are known to be good: a batch that cannot start
    // leaves no trace.
    let mut log = open_log()?;
    let log = &mut log;
    prepare_dir(&options.out)?;
    let _lock = lock(&options.out)?;
    let sender = match sending {
        Some(how) => Some(Sender::connect(how, log, options.today)?),
        None => None,
    };
    let mut rejects_header = vec!["row", "column", "reason"];
    rejects_header.extend(input.header.iter().map(String::as_str));
    let rejects = ReportFile::create(&options.out, REJECTS, &rejects_header)?;
    let folder = OutFolder::open(&options.out)?;
    let worker = Worker {
        rules,
        templates,
        options,
        folder: &folder,
        sending: sender.is_some(),
        kind_column: columns.has(Column::Kind),
    };
    // Sending waits on the server, not on letters: one worker keeps ahead of it.
    let workers = if sender.is_some() {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_WORKERS))
    };
    let (jobs, queue) = mpsc::sync_channel::<Vec<Job<'_>>>(DEPTH * workers / BUNDLE);
    let queue = Arc::new(Mutex::new(queue));
    let (done_tx, done) = mpsc::channel::<Vec<Done<'_>>>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (worker, queue, done_tx) = (&worker, Arc::clone(&queue), done_tx.clone());
            std::thread::Builder::new()
                .name("forget-worker".to_string())
                .spawn_scoped(scope, move || worker.serve(&queue, &done_tx))
                .context("cannot start the batch's workers")?;
        }
        // Only the workers hold the queue's receiver: if they all stop, handing on fails.
        drop(queue);
        drop(done_tx);
        // Checkpoints in a thread of their own: the thread that records the rows is the one the
        // run waits on.
        let checkpoints = match sender {
            Some(_) => None,
            None => Some(Checkpoints::start(scope, log)?),
        };
        let mut batch = Batch {
            rules,
            snapshot: log.snapshot()?,
            known: Known::load(log)?,
            checkpoints,
            seen: Seen::new(&options.out)?,
            manifest: ReportFile::create(&options.out, MANIFEST, &MANIFEST_HEADER[..])?,
            rejects,
            log,
            options,
            folder: &folder,
            columns,
            drafts: Vec::with_capacity(CHUNK),
            summary: Summary::default(),
            warnings: Tally::default(),
            sender,
            observer,
            stop,
            order: VecDeque::new(),
            ready: HashMap::new(),
            bundle: Vec::with_capacity(BUNDLE),
            jobs: Some(jobs),
            done,
            since_flush: 0,
            position: 0,
        };
        batch.observer.start(&options.out, input.size)?;
        let mut read = || -> Result<()> {
            while let Some(record) = input.next_record()? {
                if stop.load(Ordering::SeqCst) {
                    batch.summary.interrupted.get_or_insert(record.row);
                    break;
                }
                batch.position = input.position();
                batch.row(record)?;
            }
            batch.drain()
        };
        match read() {
            Ok(()) => batch.finish(),
            Err(error) => {
                // The rows settled so far keep their cases; the workers stop with the jobs.
                batch.jobs = None;
                match batch.flush() {
                    Ok(()) => Err(error),
                    Err(also) => Err(anyhow!(
                        "{error:#}; the cases of the rows before it were not recorded either: \
                         {also:#}"
                    )),
                }
            }
        }
    })
}

impl<'a, 'o> Batch<'a, 'o> {
    /// Takes one row: checked and placed in its person's history here, then handed to a worker
    /// (or straight to the manifest when it has problems).
    fn row(&mut self, record: Record) -> Result<()> {
        if record.is_blank() {
            self.summary.blank += 1;
            return Ok(());
        }
        self.summary.rows += 1;
        let wanted = match self.check(&record) {
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
        self.ready.insert(row, Item::Rejected(record, problems));
        self.settle_ready()
    }

    /// Takes in what the workers finished.
    fn receive(&mut self, bundle: Vec<Done<'a>>) {
        for done in bundle {
            let row = done.0.record.row;
            self.ready.insert(row, Item::Done(Box::new(done)));
        }
    }

    /// Settles the rows at the head of the line that are ready, without waiting.
    fn settle_ready(&mut self) -> Result<()> {
        while let Ok(bundle) = self.done.try_recv() {
            self.receive(bundle);
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
            self.receive(bundle);
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
                        self.write_line(row, &line)?;
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
    /// Checks every cell of a row; every problem is collected.
    fn check(&self, record: &Record) -> Result<Wanted<'a>, Vec<Problem>> {
        let columns = &self.columns;
        let mut problems: Vec<Problem> = Vec::new();
        for (index, valid) in &record.not_utf8 {
            problems.push((
                columns.name_at(*index).to_string(),
                format!(
                    "is not UTF-8 text (a bad byte after {valid} bytes): save the file as UTF-8 \
                     (in a spreadsheet, \"CSV UTF-8\")"
                ),
            ));
        }
        let width = columns.header.len();
        if record.cells.len() != width {
            problems.push((
                String::new(),
                format!(
                    "has {} cells (from line {}) where the header has {width}: a cell with a \
                     comma or a line break needs double quotes around it",
                    record.cells.len(),
                    record.line
                ),
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let cells = &record.cells;
        let cell = |column: Column| columns.get(column, cells).unwrap_or("");
        let mut problem = |column: Column, error: String| {
            problems.push((column.name().to_string(), error));
        };
        let name = Person::check_name(cell(Column::Name))
            .map_err(|e| problem(Column::Name, format!("{e:#}")))
            .ok();
        let email = match cell(Column::Email) {
            "" => {
                problem(
                    Column::Email,
                    "is empty: give the address the company should answer to".to_string(),
                );
                None
            }
            text => Person::check_email(text)
                .map_err(|e| problem(Column::Email, format!("{e:#}")))
                .ok(),
        };
        let address = match columns.address(cells) {
            Some(text) => Person::check_address(&text)
                .map_err(|e| {
                    let column = if columns.has(Column::Address) {
                        Column::Address
                    } else {
                        Column::Street
                    };
                    problem(column, format!("{e:#}"))
                })
                .ok(),
            None => Some(Vec::new()),
        };
        let residence = match cell(Column::Residence) {
            "" => {
                problem(
                    Column::Residence,
                    "is empty: give where the person lives as a code like FR, DE-HH or US-IL"
                        .to_string(),
                );
                None
            }
            text => Residence::parse(text)
                .map_err(|e| problem(Column::Residence, e.to_string()))
                .ok(),
        };
        let language = match columns.get(Column::Lang, cells) {
            None => Some(None),
            Some(text) => Language::parse_named(text)
                .map(Some)
                .map_err(|e| problem(Column::Lang, e))
                .ok(),
        };
        let kind = match columns.get(Column::Kind, cells) {
            Some(text) => match LetterKind::parse_named(text) {
                Ok(LetterKind::Request(kind)) => Some(kind),
                Ok(other) => {
                    problem(
                        Column::Kind,
                        format!(
                            "a batch writes requests, not a {other}: `forget remind` and \
                             `forget complain` write follow-ups from each case"
                        ),
                    );
                    None
                }
                Err(e) => {
                    problem(Column::Kind, e);
                    None
                }
            },
            None => self.options.kind,
        };
        let controller = match columns
            .get(Column::Controller, cells)
            .or(self.options.controller.as_deref())
        {
            Some(id) => self
                .rules
                .find_controller(id)
                .map_err(|e| problem(Column::Controller, format!("{e:#}")))
                .ok(),
            None => {
                problem(
                    Column::Controller,
                    "is empty, and no `--controller` was given: name the company by its id"
                        .to_string(),
                );
                None
            }
        };
        let reference = match columns.get(Column::Reference, cells) {
            Some(text) if text.chars().any(char::is_control) || text.chars().count() > 64 => {
                problem(
                    Column::Reference,
                    "must be one line of at most 64 characters".to_string(),
                );
                None
            }
            other => Some(other.map(str::to_string)),
        };
        let offer_photo = match columns.get(Column::OfferPhoto, cells) {
            None => Some(false),
            Some(text) => match text.to_lowercase().as_str() {
                "yes" | "y" | "true" | "1" | "x" => Some(true),
                "no" | "n" | "false" | "0" => Some(false),
                _ => {
                    problem(
                        Column::OfferPhoto,
                        format!("`{text}` is neither yes nor no"),
                    );
                    None
                }
            },
        };
        let settlement = columns
            .settlement(cells)
            .map_err(|e| problem(Column::Settlement, e))
            .ok();
        match (
            name,
            email,
            address,
            residence,
            language,
            kind,
            controller,
            reference,
            offer_photo,
        ) {
            (
                Some(name),
                Some(email),
                Some(address),
                Some(residence),
                Some(language),
                Some(kind),
                Some(controller),
                Some(reference),
                Some(offer_photo),
            ) if problems.is_empty() => Ok(Wanted {
                person: Person {
                    name,
                    email,
                    address,
                    offer_photo,
                    settlement: settlement.unwrap_or_default(),
                },
                residence,
                controller,
                kind,
                language,
                reference,
            }),
            _ => Err(problems),
        }
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
            self.snapshot
                .read(|conn| case_log::open_case_of(conn, controller, kind, email))?
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

    /// A reference for a new request: derived from the company, kind, e-mail and date, and, in
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
        let outgoing = Outgoing::new(
            composition,
            &sender.how.config.sender,
            sender.how.copy,
            SystemTime::now(),
        )?;
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
    fn flush(&mut self) -> Result<()> {
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

    fn write_line(&mut self, row: u64, line: &Line) -> Result<()> {
        self.manifest.write(&[
            row.to_string(),
            line.reference.clone(),
            line.regime.clone(),
            line.authority.clone(),
            line.due.map(|d| d.to_string()).unwrap_or_default(),
            line.files.join(";"),
            line.status.to_string(),
        ])
    }

    /// Records a row's problems in the rejects file, and the row as rejected in the manifest.
    fn reject(&mut self, record: &Record, problems: Vec<Problem>) -> Result<()> {
        self.summary.rejected += 1;
        for (column, reason) in problems {
            let mut cells = vec![record.row.to_string(), column, reason];
            cells.extend(record.cells.iter().cloned());
            self.rejects.write(&cells)?;
        }
        self.write_line(
            record.row,
            &Line {
                reference: String::new(),
                regime: String::new(),
                authority: String::new(),
                due: None,
                files: Vec::new(),
                status: "rejected",
            },
        )
    }

    /// Settles every row still on its way; the workers stop once they have none left.
    fn drain(&mut self) -> Result<()> {
        self.hand_on()?;
        self.jobs = None;
        while !self.order.is_empty() {
            self.settle_one()?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Summary> {
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
impl<'c> Sender<'c> {
    /// Logs in to the mail server before the first row, so that a wrong password or an
    /// unreachable server stops the run before anything is sent.
    fn connect(how: &'c Sending<'c>, log: &CaseLog, today: NaiveDate) -> Result<Sender<'c>> {
        let smtp = how.config.require_smtp()?;
        smtp.check_security(how.insecure)?;
        let password = password::resolve(smtp)?;
        let hello = how
            .config
            .sender
            .address
            .as_deref()
            .and_then(|a| a.rsplit_once('@'))
            .map_or("localhost".to_string(), |(_, domain)| domain.to_string());
        let retries = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&retries);
        let mut mailer = Mailer::new(smtp, password, &hello)?.on_retry(move |line| {
            if let Ok(mut lines) = sink.lock() {
                lines.push(line.to_string());
            }
        });
        mailer.check().with_context(|| {
            format!(
                "cannot use the mail server {}: nothing was sent",
                smtp.describe()
            )
        })?;
        let (last, sent_today) = log.read(|conn| {
            Ok((
                case_log::last_email_at(conn)?,
                case_log::emails_on(conn, today)?,
            ))
        })?;
        Ok(Sender {
            how,
            mailer,
            retries,
            pace: Pace::new(how.rate, how.daily_cap, last, sent_today.max(0) as u64),
            refusals: 0,
        })
    }
}

/// Creates the output folder (0700) if need be.
fn prepare_dir(dir: &Path) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        bail!(
            "`{}` is not a folder: give `--out` a folder for the letters",
            dir.display()
        );
    }
    crate::atomic::private_dir(dir)
        .with_context(|| format!("cannot create the folder `{}`", dir.display()))
}

/// Holds the output folder for this run: a second `forget batch` on the same folder stops.
fn lock(dir: &Path) -> Result<File> {
    let path = dir.join(".forget-batch.lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(&path)
        .with_context(|| format!("cannot create `{}`", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "another `forget batch` is working in `{}`: wait for it to finish (or stop it), then \
             run this again",
            dir.display()
        ),
        Err(std::fs::TryLockError::Error(error)) => {
            Err(error).with_context(|| format!("cannot lock `{}`", path.display()))
        }
    }
}
