//! The wizard: a guided terminal flow for people who will never read `--help`. It asks, explains
//! and previews; the letter itself comes from the same pipeline as `forget letter`.
//!
//! The same flow replays from an answers file (`--answers`), so every decision is scriptable, and
//! can save the answers given (`--save-answers`).

mod answers;
mod ask;
mod flow;
mod pick;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context as _, Result, bail};
use chrono::NaiveDate;

pub use answers::{Answers, FIELDS};
use ask::Ask;
use flow::Flow;

use crate::letter::TemplateSet;
use crate::rules::RuleSet;

/// How the wizard runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Replay these answers instead of asking.
    pub answers: Option<PathBuf>,
    /// Write the answers given to this file at the end.
    pub save_answers: Option<PathBuf>,
    /// The date of the letter, from which the deadline runs.
    pub today: NaiveDate,
    /// How to send e-mail; the delivery step offers sending when a mail server is configured.
    pub mail: Option<Mail>,
    /// The data directory whose case log records the request; `None` records nothing.
    pub cases: Option<PathBuf>,
}

/// The mail settings the wizard sends with.
#[derive(Debug, Clone)]
pub struct Mail {
    pub config: crate::deliver::Config,
    /// Plain-text SMTP to another machine was allowed (`--insecure-smtp`).
    pub insecure: bool,
}

/// How the wizard ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    Done,
    /// The connection was lost before the server confirmed the e-mail: it may have gone out.
    PerhapsSent,
}

/// Whether a person at a terminal can answer the wizard's questions.
pub fn has_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Runs the wizard to the end: a letter written (or shown), and what to do next.
pub fn run(rules: &RuleSet, templates: &TemplateSet, options: &Options) -> Result<Finish> {
    // Found out before the questions, not after them.
    if let Some(path) = &options.save_answers {
        flow::check_out_path(path).context("--save-answers")?;
    }
    interrupt::install();
    let mut ask = match &options.answers {
        Some(path) => Ask::replay(Answers::load(path)?),
        None => {
            if !has_terminal() {
                bail!(
                    "the wizard asks questions, and there is no terminal to ask them on: run it in \
                     a terminal, replay answers with `forget wizard --answers FILE.toml` (write one \
                     with `--save-answers`), or write the letter with `forget letter` (see `forget \
                     letter --help`)"
                );
            }
            Ask::terminal()
        }
    };
    let guard = |writing: bool| interrupt::writing(writing);
    let flow = Flow::new(
        rules,
        templates,
        &mut ask,
        options.today,
        &guard,
        options.mail.as_ref(),
        options.cases.as_deref(),
    );
    let Some(finish) = flow.run()? else {
        // Stopped where forget can write no letter: there is nothing to replay.
        if let Some(path) = &options.save_answers {
            ask.say(&format!(
                "Your answers were not saved to {}: they lead to no letter.",
                path.display()
            ));
        }
        return Ok(Finish::Done);
    };
    if let Some(path) = &options.save_answers {
        guard(true);
        let saved = crate::atomic::write(path, ask.given.to_toml().as_bytes());
        guard(false);
        saved.with_context(|| format!("cannot save the answers to `{}`", path.display()))?;
        ask.say(&format!(
            "Saved your answers to {}: `forget wizard --answers {}` writes the same letter again.",
            path.display(),
            path.display()
        ));
    }
    Ok(finish)
}

/// Ctrl-C at a prompt quits at once, restoring the cursor; during a write it waits for the
/// write to finish, so no file is ever left half-written.
pub(crate) mod interrupt {
    use super::*;

    static WRITING: AtomicBool = AtomicBool::new(false);
    static INTERRUPTED: AtomicBool = AtomicBool::new(false);
    static WROTE: AtomicBool = AtomicBool::new(false);

    pub fn install() {
        // A second install (not done here) would fail; the wizard runs once per process.
        let _ = ctrlc::set_handler(|| {
            if WRITING.load(Ordering::SeqCst) {
                INTERRUPTED.store(true, Ordering::SeqCst);
            } else {
                quit();
            }
        });
    }

    pub fn writing(now: bool) {
        WRITING.store(now, Ordering::SeqCst);
        if !now {
            WROTE.store(true, Ordering::SeqCst);
            if INTERRUPTED.load(Ordering::SeqCst) {
                quit();
            }
        }
    }

    pub fn quit() -> ! {
        // Ctrl-C at a prompt arrives twice (the read and the signal): say it once.
        static QUITTING: AtomicBool = AtomicBool::new(false);
        if QUITTING.swap(true, Ordering::SeqCst) {
            loop {
                std::thread::park();
            }
        }
        let _ = dialoguer::console::Term::stderr().show_cursor();
        if WROTE.load(Ordering::SeqCst) {
            crate::say!("\ncancelled");
        } else {
            crate::say!("\ncancelled: nothing was written");
        }
        std::process::exit(130);
    }
}
