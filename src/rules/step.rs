//! The escalation path of a regime: what a person does after the request, in order (a reminder,
//! a complaint to the company, a complaint or an application to an authority, a court), each
//! with its provision, the period the law sets for it and what the period runs from.

use chrono::NaiveDate;
use serde::Serialize;

use super::calendar::Calendar;
use super::deadline::{NonWorkingDay, read_period};
use super::in_force::{IN_FORCE_FIELDS, InForce};
use super::period::{Period, Unit};
use super::provenance::Provenance;
use super::reader::{Ctx, Table, parse_choice};
use super::request_kind::RequestKind;

/// A step of the escalation path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    Request,
    Reminder,
    /// A formal complaint to the company itself (the UK's s. 164A DPA 2018).
    ComplaintToController,
    /// A complaint to the supervisory authority.
    ComplaintToAuthority,
    /// An application to an authority that decides the dispute (Québec's CAI, a review by
    /// BC's or Alberta's commissioner).
    ReviewApplication,
    Court,
}

impl StepKind {
    pub const CHOICES: &[(&str, StepKind)] = &[
        ("request", StepKind::Request),
        ("reminder", StepKind::Reminder),
        ("complaint-to-controller", StepKind::ComplaintToController),
        ("complaint-to-authority", StepKind::ComplaintToAuthority),
        ("review-application", StepKind::ReviewApplication),
        ("court", StepKind::Court),
    ];

    pub fn as_str(self) -> &'static str {
        StepKind::CHOICES
            .iter()
            .find(|(_, kind)| *kind == self)
            .map(|(name, _)| *name)
            .expect("every step is in CHOICES")
    }

    /// Steps written in `[[step]]` (the request and the reminder come from the deadline).
    const WRITTEN: &[(&str, StepKind)] = &[
        ("complaint-to-controller", StepKind::ComplaintToController),
        ("complaint-to-authority", StepKind::ComplaintToAuthority),
        ("review-application", StepKind::ReviewApplication),
        ("court", StepKind::Court),
    ];
}

/// What a step's period runs from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepFrom {
    /// The day the recipient received the letter of this step.
    Receipt,
    /// The refusal, or the end of the time to answer (silence counts as a refusal).
    Refusal,
    /// The company's answer or decision being challenged.
    Decision,
    /// The authority's report on the complaint.
    Report,
}

impl StepFrom {
    const CHOICES: &[(&str, StepFrom)] = &[
        ("receipt", StepFrom::Receipt),
        ("refusal", StepFrom::Refusal),
        ("decision", StepFrom::Decision),
        ("report", StepFrom::Report),
    ];
}

/// Who the period binds: the company (to acknowledge or answer by then) or the person (a window
/// that closes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Binds {
    Company,
    Person,
}

/// A step as the rules table writes it (`[[step]]`).
#[derive(Debug, Clone)]
pub struct Step {
    pub step: StepKind,
    /// The request kinds it applies to; empty for every kind.
    pub kinds: Vec<RequestKind>,
    pub cite: String,
    pub summary: String,
    pub within: Option<Period>,
    pub calendar: Option<Calendar>,
    pub non_working_day: NonWorkingDay,
    pub from: Option<StepFrom>,
    pub binds: Option<Binds>,
    pub in_force: InForce,
    pub provenance: Provenance,
}

impl Step {
    pub fn applies(&self, kind: RequestKind, date: NaiveDate) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&kind)) && self.in_force.contains(date)
    }

    pub(crate) fn read_all(ctx: &mut Ctx<'_>, parent: &mut Table<'_>) -> Vec<Step> {
        parent
            .tables(ctx, "step", STEP_FIELDS)
            .into_iter()
            .filter_map(|table| Step::read(ctx, table))
            .collect()
    }

    fn read(ctx: &mut Ctx<'_>, mut t: Table<'_>) -> Option<Step> {
        let step = t.choice(ctx, "step", StepKind::WRITTEN);
        let kinds: Vec<RequestKind> = t
            .string_list(ctx, "kinds")
            .iter()
            .filter_map(|text| parse_choice(ctx, text, "kind", RequestKind::CHOICES))
            .collect();
        let cite = t.string(ctx, "cite");
        let summary = t.string(ctx, "summary");
        let within = if t.contains("length") || t.contains("unit") {
            read_period(ctx, &mut t, "step's period")
        } else {
            None
        };
        let calendar = t.opt_choice(ctx, "calendar", Calendar::CHOICES);
        let non_working_day = t
            .opt_choice(ctx, "non_working_day", NonWorkingDay::CHOICES)
            .unwrap_or(NonWorkingDay::NoShift);
        let from = t.opt_choice(ctx, "from", StepFrom::CHOICES);
        let binds = t.opt_choice(
            ctx,
            "binds",
            &[("company", Binds::Company), ("person", Binds::Person)],
        );
        let (in_force, _) = InForce::read(ctx, &mut t);
        let provenance = t.provenance(ctx);
        let span = t.span();
        t.finish(ctx);
        let header = span.start..span.start + 1;
        if within.is_some() && (from.is_none() || binds.is_none()) {
            ctx.error(
                header.clone(),
                "a step with a period needs `from` (what it runs from) and `binds` (`company` or \
                 `person`)",
                Some("add `from = \"receipt\"` and `binds = \"company\"`, for example".to_string()),
            );
        }
        if within.is_some_and(|p| p.unit == Unit::BusinessDays) && calendar.is_none() {
            ctx.error(
                header,
                "a period in business days needs a `calendar` of holidays",
                None,
            );
        }
        Some(Step {
            step: step?,
            kinds,
            cite: cite?.value,
            summary: summary?.value,
            within,
            calendar,
            non_working_day,
            from,
            binds,
            in_force,
            provenance,
        })
    }
}

const STEP_FIELDS: &[&str] = &[
    "step",
    "kinds",
    "cite",
    "summary",
    "length",
    "unit",
    "calendar",
    "non_working_day",
    "from",
    "binds",
    IN_FORCE_FIELDS[0],
    IN_FORCE_FIELDS[1],
    "sources",
    "unconfirmed",
];
