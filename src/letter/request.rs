//! From a decision and a person to a letter: what a letter request is, what comes of it, and how
//! the regime and the language are chosen. The letter itself is made by a [`Frame`].

use std::sync::Arc;

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;

use super::language::Language;
use super::letter::Letter;
use super::letter_kind::LetterKind;
use super::person::Person;
use super::template_set::{Lineage, TemplateSet};
use crate::decide::{Decision, RegimeDecision};
use crate::residence::Residence;
use crate::rules::{Controller, RequestKind, RuleSet};
use crate::suggest;

/// How long a reminder gives the company to answer. Common practice, not a legal period.
pub const REMINDER_DAYS: u32 = 14;

/// Everything that makes one letter.
#[derive(Debug, Clone)]
pub struct LetterRequest<'r> {
    pub residence: Residence,
    pub controller: &'r Controller,
    pub kind: LetterKind,
    pub person: Person,
    /// The language asked for; `None` lets the company or authority suggest one.
    pub language: Option<Language>,
    /// The regime asked for; `None` takes the strongest that supports the kind.
    pub regime: Option<String>,
    /// The date of the letter.
    pub date: NaiveDate,
    /// The reference; `None` derives one.
    pub reference: Option<String>,
    /// For a reminder or a complaint: the request followed up.
    pub original: Option<Original>,
}

impl LetterRequest<'_> {
    /// The kind of the request: the letter's own, or for a follow-up, the original's.
    pub fn request_kind(&self) -> RequestKind {
        match (self.kind, &self.original) {
            (LetterKind::Request(kind), _) => kind,
            (_, Some(original)) => original.kind,
            (_, None) => RequestKind::Erasure,
        }
    }
}

/// The request a reminder or complaint follows up.
#[derive(Debug, Clone)]
pub struct Original {
    pub kind: RequestKind,
    /// When the company received it.
    pub date: NaiveDate,
    /// When it was sent, when that was before it was received (a posted letter).
    pub sent: Option<NaiveDate>,
    pub reference: Option<String>,
    /// A due date the company extended the deadline to, within the regime's extension rule.
    pub extended_until: Option<NaiveDate>,
    /// What happened since, for the timeline: reminders, replies, an extension.
    pub events: Vec<Event>,
    /// How it was sent (`email`, `post`, `webform`), where recorded.
    pub channel: Option<&'static str>,
    /// True when `date` is forget's assumption about the post, not a known day of receipt.
    pub received_assumed: bool,
}

/// One step in a case's history, as a follow-up letter tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub date: NaiveDate,
    /// `reminder`, `reply` or `extension`.
    pub event: &'static str,
    /// For a reply: `complied`, `refused`, `partial` or `asked-for-id`, when known.
    pub outcome: Option<&'static str>,
    /// The person's own words about it.
    pub note: Option<String>,
}

impl Original {
    /// The request received on `date`, with nothing known since.
    pub fn new(kind: RequestKind, date: NaiveDate) -> Original {
        Original {
            kind,
            date,
            sent: None,
            reference: None,
            extended_until: None,
            events: Vec::new(),
            channel: None,
            received_assumed: false,
        }
    }
}

/// A rendered letter with what the person should know about it.
#[derive(Debug)]
pub struct Composition<'t> {
    pub letter: Letter,
    /// Who asked, where they live, and of which company (by id): what a case records.
    pub person: Person,
    pub residence: Residence,
    pub controller: String,
    pub controller_name: String,
    pub regime: String,
    /// The competent authority's id, where the rules name one.
    pub authority: Option<String>,
    pub kind: LetterKind,
    /// The template used, and those it builds on, with their review status.
    pub lineage: Lineage<'t>,
    /// When the answer is due, where the rules give a deadline for this kind.
    pub due: Option<NaiveDate>,
    /// Where the letter goes by e-mail; empty when the recipient takes no e-mail.
    pub to: Vec<String>,
    /// Web forms the company takes requests through, as (URL, purpose).
    pub webforms: Vec<(String, String)>,
    /// Shared by every letter of the same frame.
    pub warnings: Arc<[String]>,
}

/// The day the deadline of `request` runs from: the original request's for a follow-up.
pub fn received(request: &LetterRequest<'_>) -> NaiveDate {
    request.original.as_ref().map_or(request.date, |o| o.date)
}

/// The regime the letter relies on: the one asked for, or the strongest that supports the kind.
pub(super) fn choose_regime<'d, 'r>(
    rules: &RuleSet,
    decision: &'d Decision<'r>,
    request: &LetterRequest<'_>,
) -> Result<&'d RegimeDecision<'r>> {
    let place = request.residence.place();
    if decision.regimes.is_empty() {
        bail!(
            "no regime in forget's rules protects residents of {place}, so a letter would have no \
             law to rely on (`forget explain --residence {}` says more)",
            request.residence.code()
        );
    }
    let kind = match request.kind {
        LetterKind::Request(kind) => kind,
        _ => request.original.as_ref().expect("checked by compose").kind,
    };
    let supports = |r: &RegimeDecision<'_>| r.regime.kinds().contains(&kind);
    let kinds_of = |r: &RegimeDecision<'_>| {
        r.regime
            .kinds()
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(id) = &request.regime {
        let Some(chosen) = decision.regimes.iter().find(|r| &r.regime.id == id) else {
            if rules.regime(id).is_none() {
                let ids = rules.regimes.iter().map(|r| r.id.as_str());
                let help = match suggest::did_you_mean(id, ids) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "`forget explain` lists the regimes that protect you".to_string(),
                };
                bail!("unknown regime `{id}`: {help}");
            }
            bail!(
                "the regime `{id}` does not protect residents of {place}; the ones that do: {}",
                applicable(decision)
            );
        };
        if !supports(chosen) {
            bail!(
                "the {} gives no `{kind}` request in forget's rules: it supports {}",
                chosen.regime.short_name,
                kinds_of(chosen)
            );
        }
        return Ok(chosen);
    }
    decision.strongest_for(kind).ok_or_else(|| {
        let each: Vec<String> = decision
            .regimes
            .iter()
            .map(|r| format!("the {} supports {}", r.regime.short_name, kinds_of(r)))
            .collect();
        anyhow!(
            "no regime that protects residents of {place} gives a `{kind}` request in forget's \
             rules: {}",
            each.join("; ")
        )
    })
}

fn applicable(decision: &Decision<'_>) -> String {
    decision
        .regimes
        .iter()
        .map(|r| format!("`{}` ({})", r.regime.id, r.regime.short_name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The language to write in when none was asked for: a complaint in the authority's language,
/// a request in the company's, or in the local language when the company is in the person's
/// country; English otherwise. Only languages with a template count.
pub fn default_language(
    templates: &TemplateSet,
    stem: &str,
    controller: &Controller,
    authority: Option<&crate::rules::Authority>,
    kind: LetterKind,
    residence: &Residence,
) -> Language {
    let authority_languages = authority.map(|a| a.languages.as_slice()).unwrap_or(&[]);
    let candidates: Vec<&String> = if kind == LetterKind::Complaint {
        authority_languages.iter().collect()
    } else if !controller.languages.is_empty() {
        controller.languages.iter().collect()
    } else if controller.country == residence.country_code() {
        authority_languages.iter().collect()
    } else {
        Vec::new()
    };
    candidates
        .into_iter()
        .filter_map(|code| Language::parse(code))
        .find(|&language| templates.find(language, stem).is_some())
        .unwrap_or(Language::En)
}

pub(super) fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}
