//! The wizard's steps, in order: company → residence → request → details → language → law →
//! preview → delivery → what happens next. Each step asks, checks in place and may go back; the
//! decisions themselves are the pipeline's (`decide`, `compose`, `deliver`).
//!
//! This module holds the order of the stages, what has been answered so far and what the answers
//! make of it (the company, the decision, the person, the letter), with the small helpers the
//! steps share; each step's questions are in its own module below.

mod company;
mod delivery;
mod details;
mod kind;
mod language_law;
mod next_steps;
mod place;
mod settlement;

use std::path::Path;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;

use super::ask::{Ask, BACK, Choice, Step};
use super::{Finish, Mail};
use crate::decide::{Decision, decide};
use crate::letter::{
    Composition, Format, Language, LetterKind, LetterRequest, Person, Settlement, TemplateSet,
    compose,
};
use crate::residence::{self, Residence};
use crate::rules::{Controller, RequestKind, RuleSet};

/// Where the wizard is: each stage is one screen's worth of questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Welcome,
    Company,
    Residence,
    Kind,
    Details,
    Language,
    Law,
    Preview,
    Deliver,
    Done,
}

impl Stage {
    const ORDER: [Stage; 10] = [
        Stage::Welcome,
        Stage::Company,
        Stage::Residence,
        Stage::Kind,
        Stage::Details,
        Stage::Language,
        Stage::Law,
        Stage::Preview,
        Stage::Deliver,
        Stage::Done,
    ];

    fn next(self) -> Stage {
        let i = Stage::ORDER.iter().position(|s| *s == self).unwrap_or(0);
        Stage::ORDER[(i + 1).min(Stage::ORDER.len() - 1)]
    }

    fn previous(self) -> Stage {
        let i = Stage::ORDER.iter().position(|s| *s == self).unwrap_or(0);
        Stage::ORDER[i.saturating_sub(1)]
    }
}

/// What a stage did: move on, go back, nothing to ask here (keep going the same way), or stop
/// here without a letter (the person chose to, where forget can write none).
enum Move {
    Next,
    Back,
    Skip,
    Stop,
}

impl<T> From<Step<T>> for Move {
    fn from(step: Step<T>) -> Move {
        match step {
            Step::Answer(_) => Move::Next,
            Step::Back => Move::Back,
        }
    }
}

/// What has been answered so far.
#[derive(Default)]
struct Draft {
    controller: Option<String>,
    /// A company the person entered, when it is not in the rules.
    entered: Option<Controller>,
    /// The person did not know where the entered company is established: it is taken to be where
    /// they live, so that the letter says nothing of where it is.
    establishment_unknown: bool,
    residence: Option<Residence>,
    /// The answer to the state or province list, once given (the country's own code for "I'd
    /// rather not say"): where its cursor starts when the list is asked again.
    subdivision: Option<String>,
    kind: Option<RequestKind>,
    name: String,
    email: String,
    address: String,
    offer_photo: bool,
    /// Whether the person answered the photo question (else its default is the company's).
    photo_answered: bool,
    /// For an Illinois resident writing to Clearview AI: the class settlement.
    settlement: Settlement,
    language: Option<Language>,
    regime: Option<String>,
    /// The format the letter was saved in, if it was saved.
    saved_as: Option<Format>,
    /// What became of sending it by e-mail, if the person did.
    sent: Option<Sending>,
    /// The case the request is recorded as.
    case: Option<String>,
}

/// The outcome of sending the letter from the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sending {
    Sent,
    /// The connection was lost before the server confirmed it.
    Uncertain,
}

impl Draft {
    /// The text field of the person's details named by its answers-file key.
    fn detail(&mut self, key: &str) -> &mut String {
        match key {
            "name" => &mut self.name,
            "email" => &mut self.email,
            _ => &mut self.address,
        }
    }
}

pub struct Flow<'a> {
    rules: &'a RuleSet,
    templates: &'a TemplateSet,
    ask: &'a mut Ask,
    today: NaiveDate,
    draft: Draft,
    /// Called just before a file is written and after, so Ctrl-C cannot cut a write in half.
    guard: &'a dyn Fn(bool),
    /// How to send e-mail, when a mail server is configured.
    mail: Option<&'a Mail>,
    /// The data directory of the case log, when the request is to be recorded.
    cases: Option<&'a Path>,
}

impl<'a> Flow<'a> {
    pub fn new(
        rules: &'a RuleSet,
        templates: &'a TemplateSet,
        ask: &'a mut Ask,
        today: NaiveDate,
        guard: &'a dyn Fn(bool),
        mail: Option<&'a Mail>,
        cases: Option<&'a Path>,
    ) -> Flow<'a> {
        Flow {
            rules,
            templates,
            ask,
            today,
            draft: Draft::default(),
            guard,
            mail: mail.filter(|m| m.config.smtp.is_some()),
            cases,
        }
    }

    /// Runs every stage, going back where the person asks to; `None` when the person stopped
    /// before a letter could be written.
    pub fn run(mut self) -> Result<Option<Finish>> {
        let mut stage = Stage::Welcome;
        let mut forward = true;
        while stage != Stage::Done {
            let step = match stage {
                Stage::Welcome => self.welcome(),
                Stage::Company => self.company()?,
                Stage::Residence => self.residence()?,
                Stage::Kind => self.kind()?,
                Stage::Details => self.details()?,
                Stage::Language => self.language()?,
                Stage::Law => self.law()?,
                Stage::Preview => self.preview()?,
                Stage::Deliver => self.deliver()?,
                Stage::Done => Move::Next,
            };
            forward = match step {
                Move::Next => true,
                Move::Back => false,
                Move::Skip => forward,
                Move::Stop => return Ok(None),
            };
            stage = if forward {
                stage.next()
            } else if stage == Stage::Company {
                // Nothing before the first question: stay.
                Stage::Company
            } else {
                stage.previous()
            };
        }
        self.next_steps()?;
        Ok(Some(match self.draft.sent {
            Some(Sending::Uncertain) => Finish::PerhapsSent,
            _ => Finish::Done,
        }))
    }

    fn welcome(&self) -> Move {
        self.ask.say(
            "forget helps you make a company tell you what it holds on you, or erase it, under \
             the law that protects you where you live. It asks a few questions, then writes the \
             letter with the right law, address and deadline, and tells you what to do if no \
             answer comes. Nothing leaves your machine unless you send it.\n\
             forget gives information, not legal advice.",
        );
        if !self.ask.is_replay() {
            self.ask.say(&format!(
                "In a list, type to search and press Esc to go back; in a text field, type {BACK} \
                 to go back. Ctrl-C quits without writing anything."
            ));
        }
        Move::Skip
    }

    fn controller(&self) -> &Controller {
        match &self.draft.entered {
            Some(entered) => entered,
            None => self
                .rules
                .controller(self.draft.controller.as_deref().unwrap_or_default())
                .expect("the wizard only keeps listed ids"),
        }
    }

    fn decision(&self) -> Decision<'_> {
        let residence = self.draft.residence.clone().expect("asked before");
        decide(
            self.rules,
            residence,
            Some(self.controller()),
            None,
            self.today,
            Some(self.today),
        )
    }

    fn person(&self) -> Result<Person> {
        let address = (!self.draft.address.is_empty()).then_some(self.draft.address.as_str());
        Ok(Person::new(
            &self.draft.name,
            &self.draft.email,
            address,
            self.draft.offer_photo,
        )?
        .with_settlement(self.draft.settlement))
    }

    fn compose(&self) -> Result<Composition<'a>> {
        let kind = self.draft.kind.expect("asked before");
        // A law chosen before an earlier answer changed may no longer fit: then the strongest.
        let regime = self
            .draft
            .regime
            .clone()
            .filter(|id| self.decision().supporting(kind).any(|r| &r.regime.id == id));
        let request = LetterRequest {
            residence: self.draft.residence.clone().expect("asked before"),
            controller: self.controller(),
            kind: LetterKind::Request(self.draft.kind.expect("asked before")),
            person: self.person()?,
            language: self.draft.language,
            regime,
            date: self.today,
            reference: None,
            original: None,
        };
        compose(self.rules, self.templates, &request)
    }
}

/// Every country, "Germany (DE)", by name; found also by its other names and by the names of its
/// listed subdivisions ("Holland", "Deutschland", "Bavaria").
fn country_choices() -> Vec<Choice> {
    residence::search::countries_by_name()
        .into_iter()
        .map(|c| {
            Choice::new(c.code, format!("{} ({})", c.name, c.code))
                .with_terms(residence::search::country_terms(c))
        })
        .collect()
}

/// Where `value` is among `choices`, if it is.
fn position(choices: &[Choice], value: Option<&str>) -> Option<usize> {
    value.and_then(|value| choices.iter().position(|c| c.value == value))
}

/// Where `value` is among `choices`, or the first entry.
fn index_of(choices: &[Choice], value: Option<&str>) -> usize {
    position(choices, value).unwrap_or(0)
}

fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

/// "Wednesday 23 December 2026".
fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// A path the letter can be written to: not a folder, in a folder that exists.
pub(super) fn check_out_path(path: &Path) -> Result<()> {
    if path.as_os_str().is_empty() {
        return Err(anyhow!("give a file name"));
    }
    if path.is_dir() {
        return Err(anyhow!(
            "`{}` is a folder: give a file name in it",
            path.display()
        ));
    }
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() && !parent.is_dir() => {
            Err(anyhow!("the folder `{}` does not exist", parent.display()))
        }
        _ => Ok(()),
    }
}
