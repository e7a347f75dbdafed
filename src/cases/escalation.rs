//! The next letter of a case: which step of the law's path comes next (a reminder, a complaint
//! to the company, an application or a complaint to the authority, a summary for counsel), in
//! which language, by when the company is asked to answer, and why a step is refused (an answer
//! not yet due, a window to apply that has closed). `forget remind` and `forget complain` are
//! front ends to [`plan`].

use anyhow::{Context, Result, bail};
use chrono::{Days, NaiveDate};

use super::case::{Case, Entry, Outcome, Status};
use super::lifecycle;
use crate::decide::{PathStep, WINDOW_MARGIN_DAYS, reminder_reply_by};
use crate::letter::{Language, LetterKind, Original, REMINDER_DAYS};
use crate::residence::Residence;
use crate::rules::{Regime, Route, RuleSet, StepKind};

/// Which follow-up the person asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Remind,
    Complain,
}

/// What the next letter is, worked out from the case and the law in force on `today`.
#[derive(Debug)]
pub struct Plan {
    pub kind: LetterKind,
    /// The letter's language, or `None` to let the composer choose one the authority takes.
    pub language: Option<Language>,
    /// The request being followed up, with its history.
    pub original: Original,
    /// For a reminder, the short date it asks for an answer by; for a complaint to the company,
    /// the day its acknowledgement is due.
    pub reply_by: Option<NaiveDate>,
    /// The steps after the request and the reminder, under the law on `today`.
    pub steps: Vec<PathStep>,
    /// What the person should know before sending it.
    pub notes: Vec<String>,
}

/// Plans the `step` the person asked for on `today`: `lang` is the language they asked for,
/// `to_authority` skips a step the law's path has before the authority (a complaint to the
/// company, an application whose window has closed).
pub fn plan(
    rules: &RuleSet,
    case: &Case,
    history: &[Entry],
    step: Step,
    lang: Option<Language>,
    to_authority: bool,
    today: NaiveDate,
) -> Result<Plan> {
    let reference = &case.reference;
    let regime = rules.regime(&case.regime).with_context(|| {
        format!(
            "the case {reference} is under the regime `{}`, which the rules in use do not have",
            case.regime
        )
    })?;
    let steps = lifecycle::escalation_steps(rules, case, today);
    let company_first = steps
        .first()
        .is_some_and(|s| s.step == StepKind::ComplaintToController);
    // Read from the history too: a log written before the status existed, or a status a later
    // entry changed, still knows the complaint to the company went out.
    let complained_to_company = case.status == Status::ComplainedToCompany
        || history.iter().any(|e| e.event == "complained-to-company");
    let kind = match (step, regime.route()) {
        (Step::Remind, _) => LetterKind::Reminder,
        (Step::Complain, Route::Authority)
            if company_first
                && !to_authority
                && !complained_to_company
                && case.status != Status::Complained =>
        {
            LetterKind::CompanyComplaint
        }
        (Step::Complain, Route::Authority) => LetterKind::Complaint,
        (Step::Complain, Route::PrivateAction) => LetterKind::Counsel,
    };
    check_ready(case, step, kind, today)?;
    // A window the person must apply in after a refusal (Québec's 30 days before the Commission
    // d'accès à l'information): a reminder never leads past it, and an application after it is
    // refused with what remains.
    let refused_on = history
        .iter()
        .filter(|e| e.event == "reply" && e.outcome == Some(Outcome::Refused))
        .map(|e| e.date)
        .next_back();
    let window = lifecycle::refusal_window(rules, case, refused_on, today);
    if let Some((window_step, end)) = &window {
        match step {
            Step::Complain if today > *end && !to_authority => {
                bail!(
                    "{}",
                    window_closed(rules, case, regime, &steps, window_step, *end)
                )
            }
            Step::Remind if today + Days::new(WINDOW_MARGIN_DAYS) > *end => bail!(
                "the window to apply ({}) {} on {end}: a reminder now would make you wait past \
                 it. Apply instead: `forget complain {reference}`{}",
                window_step.provision,
                if today > *end { "closed" } else { "closes" },
                if today > *end {
                    " says what remains"
                } else {
                    " writes the application"
                }
            ),
            _ => {}
        }
    }
    let original = case.original(history).with_context(|| {
        format!(
            "the case {reference} has no day of receipt: `forget cases mark-sent {reference} --on \
             YYYY-MM-DD --via email|post|webform`"
        )
    })?;
    let language = match (lang, step) {
        (Some(language), _) => Some(language),
        (None, Step::Remind) => Language::parse(&case.language),
        // To the company, in the case's language.
        (None, Step::Complain) if kind == LetterKind::CompanyComplaint => {
            Language::parse(&case.language)
        }
        // To the authority: in the case's language where it takes complaints in it (a French
        // speaker complains in French, to the federal commissioner too), else the composer
        // chooses one of the authority's.
        (None, Step::Complain) => complaint_language(rules, case, today),
    };
    let reply_by = match kind {
        LetterKind::Reminder => Some(reminder_reply_by(
            today,
            REMINDER_DAYS,
            window.as_ref().map(|(_, end)| *end),
        )),
        // The day the company must acknowledge the complaint by (counted from today, the day an
        // e-mail arrives; a posted complaint arrives later, so this is the earliest).
        LetterKind::CompanyComplaint => steps.first().and_then(|s| s.end(today)),
        _ => None,
    };
    let mut notes = Vec::new();
    if kind == LetterKind::Counsel {
        notes.push(format!(
            "the {} has no authority to complain to: it is enforced in court ({}). This is a \
             summary of the facts and dates for a lawyer, not a letter to send",
            regime.short_name,
            regime.escalation_on(today).cite
        ));
    }
    if step == Step::Complain
        && let Some(by) = case.reminder_due.filter(|by| today <= *by)
    {
        match case.status {
            Status::Reminded => notes.push(format!(
                "your reminder gave {} until {by}: a complaint before then may be premature",
                case.controller_name
            )),
            Status::ComplainedToCompany => notes.push(format!(
                "{} has until {by} to acknowledge your complaint; the law does not make waiting \
                 a condition, but the authority usually asks people to let the company answer \
                 first",
                case.controller_name
            )),
            _ => {}
        }
    }
    Ok(Plan {
        kind,
        language,
        original,
        reply_by,
        steps,
        notes,
    })
}

/// The case's language, when the authority competent for its regime takes complaints in it.
fn complaint_language(rules: &RuleSet, case: &Case, today: NaiveDate) -> Option<Language> {
    let language = Language::parse(&case.language)?;
    let residence = Residence::parse(&case.residence).ok()?;
    let decision = crate::decide::decide(rules, residence, None, Some(case.kind), today, None);
    let authority = decision
        .regimes
        .iter()
        .find(|r| r.regime.id == case.regime)?
        .authority?;
    authority
        .languages
        .iter()
        .any(|l| l == language.code())
        .then_some(language)
}

/// Why an application after its window is refused, and what remains.
fn window_closed(
    rules: &RuleSet,
    case: &Case,
    regime: &Regime,
    steps: &[PathStep],
    window_step: &PathStep,
    end: NaiveDate,
) -> String {
    let reference = &case.reference;
    let mut remains = Vec::new();
    for step in steps
        .iter()
        .filter(|s| s.step != window_step.step && s.within.is_none())
    {
        remains.push(format!(
            "{} ({}): `forget complain {reference} --to-authority` writes it",
            crate::text::lowercase_first(step.summary.trim_end_matches('.')),
            step.provision
        ));
    }
    let residence = Residence::parse(&case.residence).ok();
    if let Some(residence) = residence {
        for other in rules.regimes.iter().filter(|r| {
            r.id != regime.id
                && r.coverage.iter().any(|c| {
                    c.residences
                        .iter()
                        .any(|code| residence.match_rank(&code.code).is_some())
                })
        }) {
            remains.push(format!(
                "under the {} instead: a new request to {} under that law opens its own path \
                 (`forget letter --regime {}`)",
                other.short_name, case.controller_name, other.id
            ));
        }
    }
    let mut message = format!(
        "the window to apply ({}) closed on {end}: it ran for {} from the refusal or the end of \
         the time to answer. The authority may still accept a late application for a \
         reasonable cause; say why it is late if you apply anyway",
        window_step.provision,
        window_step
            .period
            .map_or_else(String::new, |p| p.to_string())
    );
    if !remains.is_empty() {
        message.push_str(". What remains: ");
        message.push_str(&remains.join("; "));
    }
    message
}

/// Whether the case is ready for this step on `today`, or why not.
fn check_ready(case: &Case, step: Step, kind: LetterKind, today: NaiveDate) -> Result<()> {
    let reference = &case.reference;
    let what = match kind {
        LetterKind::Reminder => "reminder",
        LetterKind::CompanyComplaint => "complaint to the company",
        LetterKind::Complaint => "complaint",
        _ => "summary for counsel",
    };
    match case.status {
        Status::Drafted => bail!(
            "the request {reference} has not been sent yet, so there is nothing to follow up: \
             after sending it, `forget cases mark-sent {reference} --on YYYY-MM-DD --via \
             email|post|webform`"
        ),
        Status::Closed => bail!("the case {reference} is closed: nothing to follow up"),
        Status::Answered if case.outcome == Some(Outcome::Complied) => bail!(
            "the company complied with {reference} (`forget cases show {reference}`); if it did \
             not really, record what it did with `forget cases reply {reference} --note TEXT \
             --outcome partial`"
        ),
        _ => {}
    }
    let answered_badly = matches!(
        case.outcome,
        Some(Outcome::Refused | Outcome::Partial | Outcome::AskedForId)
    );
    if let Some(due) = case.effective_due()
        && today <= due
        && !answered_badly
    {
        bail!(
            "the answer to {reference} is not due until {due}: a {what} about a missed deadline \
             can be written from the day after (`forget cases show {reference}`)"
        );
    }
    if step == Step::Remind && case.status == Status::Complained {
        bail!("the case {reference} went to the authority already: a reminder comes before that");
    }
    Ok(())
}
