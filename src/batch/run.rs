//! A batch started: its arguments and its file's header checked, its folder prepared and held,
//! the mail server reached when it sends, the workers and the checkpoints started; then its rows
//! read one at a time into the run (`Batch`) until the file ends, an error stops it, or the
//! operator does.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use anyhow::{Context as _, Result, anyhow, bail};

use super::batch::{BUNDLE, Batch, CHUNK};
use super::checkpoints::Checkpoints;
use super::columns::{Column, Columns, Fallbacks};
use super::input::Input;
use super::known::Known;
use super::lock::{clean_scratch, lock, prepare_dir};
use super::manifest::{MANIFEST, MANIFEST_HEADER, REJECTS};
use super::out_folder::OutFolder;
use super::report_file::ReportFile;
use super::seen::Seen;
use super::sender::Sender;
use super::tally::Tally;
use super::terms::{Observer, Options, Sending, Summary};
use super::worker::{Done, Job, Worker};
use crate::cases::CaseLog;
use crate::letter::{Format, TemplateSet};
use crate::rules::RuleSet;

/// Rows waiting for each worker, at most: enough to keep it busy, few enough to keep memory flat.
const DEPTH: usize = 256;
/// Workers, at most, whatever the number of cores.
const MAX_WORKERS: usize = 8;

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
    clean_scratch(&options.out)?;
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
