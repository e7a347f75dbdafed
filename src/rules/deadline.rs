use std::ops::Range;

use super::calendar::Calendar;
use super::in_force::{InForce, check_no_overlap};
use super::period::{Period, Unit};
use super::provenance::Provenance;
use super::reader::{Ctx, Table, parse_choice};
use super::request_kind::RequestKind;

/// How long a company has to answer, and how the period is counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub period: Period,
    /// The request kinds the deadline applies to; empty when it applies to every kind.
    pub kinds: Vec<RequestKind>,
    /// For periods in months: what happens when the end month has no such date.
    pub month_end: Option<MonthEnd>,
    pub non_working_day: NonWorkingDay,
    /// The holidays that count: for periods in business days, and for a last day that moves off
    /// a holiday. `None`: weekends only.
    pub calendar: Option<Calendar>,
    /// False where the figure is a regulator's expectation rather than the law's.
    pub statutory: bool,
    pub cite: String,
    /// The days on which this version applies, by the day the request was received.
    pub in_force: InForce,
    /// The period runs again from the day the company receives identity information it
    /// reasonably asked for (the UK's Art. 12A "relevant time").
    pub identity_restarts: bool,
    /// The request kinds for which the time the company waits for a clarification it asked for
    /// does not count (the UK's Art. 12A, access requests).
    pub clarification_pauses: Vec<RequestKind>,
    pub provenance: Provenance,
}

/// For a period in months, the end when the same date does not exist in the end month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthEnd {
    /// 31 January plus one month is 28 (or 29) February.
    LastDayOfMonth,
}

/// What happens when the last day of a period is not a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonWorkingDay {
    /// A last day on a Saturday, Sunday or holiday of the calendar moves to the next working day.
    NextWorkingDay,
    /// A last day on a Sunday or holiday of the calendar moves to the next day that is neither; a
    /// Saturday stays (Canada's and Québec's Interpretation Acts, California's Civil Code).
    NextNonHoliday,
    /// The calendar date stands.
    NoShift,
}

impl NonWorkingDay {
    pub const CHOICES: &[(&str, NonWorkingDay)] = &[
        ("next-working-day", NonWorkingDay::NextWorkingDay),
        ("next-non-holiday", NonWorkingDay::NextNonHoliday),
        ("no-shift", NonWorkingDay::NoShift),
    ];
}

/// How far the company may extend the deadline, and on what condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    /// The request kinds it applies to; empty for every kind.
    pub kinds: Vec<RequestKind>,
    pub period: Period,
    pub condition: String,
    pub cite: String,
    pub in_force: InForce,
    pub provenance: Provenance,
}

const DEADLINE_FIELDS: &[&str] = &[
    "kinds",
    "length",
    "unit",
    "from",
    "month_end",
    "non_working_day",
    "calendar",
    "statutory",
    "cite",
    "in_force_from",
    "in_force_until",
    "identity_restarts",
    "clarification_pauses",
    "sources",
    "unconfirmed",
];

const EXTENSION_FIELDS: &[&str] = &[
    "kinds",
    "length",
    "unit",
    "condition",
    "cite",
    "in_force_from",
    "in_force_until",
    "sources",
    "unconfirmed",
];

/// What a version-checked value shares: the kinds it applies to, and when.
struct Versioned {
    kinds: Vec<RequestKind>,
    in_force: InForce,
    span: Range<usize>,
}

impl Deadline {
    /// Whether the deadline applies to requests of this kind.
    pub fn applies_to(&self, kind: RequestKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }

    /// Whether it applies to a `kind` request received on `date`.
    pub fn applies(&self, kind: RequestKind, date: chrono::NaiveDate) -> bool {
        self.applies_to(kind) && self.in_force.contains(date)
    }

    /// Reads `[deadline]`, or several `[[deadline]]` (one per request kind or version of the
    /// law), and checks that no two apply to the same kind on the same day.
    pub(crate) fn read_all(ctx: &mut Ctx<'_>, parent: &mut Table<'_>) -> Vec<Deadline> {
        let mut read = Vec::new();
        for table in parent.one_or_more_tables(ctx, "deadline", DEADLINE_FIELDS) {
            if let Some(pair) = Deadline::read(ctx, table) {
                read.push(pair);
            }
        }
        check_versions(ctx, "`[deadline]`", read.iter().map(|(_, v)| v));
        read.into_iter().map(|(deadline, _)| deadline).collect()
    }

    fn read(ctx: &mut Ctx<'_>, mut t: Table<'_>) -> Option<(Deadline, Versioned)> {
        let kinds = read_kinds(ctx, &mut t);
        let period = read_period(ctx, &mut t, "deadline");
        t.choice(ctx, "from", &[("receipt", ())]);
        let month_end_text = t.opt_string(ctx, "month_end");
        let month_end = month_end_text.as_ref().and_then(|text| {
            parse_choice(
                ctx,
                text,
                "month_end",
                &[("last-day-of-month", MonthEnd::LastDayOfMonth)],
            )
        });
        let non_working_day = t.choice(ctx, "non_working_day", NonWorkingDay::CHOICES);
        let calendar_text = t.opt_string(ctx, "calendar");
        let calendar = calendar_text
            .as_ref()
            .and_then(|text| parse_choice(ctx, text, "calendar", Calendar::CHOICES));
        let statutory = t.bool(ctx, "statutory");
        let cite = t.string(ctx, "cite");
        let (in_force, span) = super::in_force::InForce::read(ctx, &mut t);
        let identity_restarts = t.opt_bool(ctx, "identity_restarts").unwrap_or(false);
        let clarification_pauses: Vec<RequestKind> = t
            .string_list(ctx, "clarification_pauses")
            .iter()
            .filter_map(|text| parse_choice(ctx, text, "kind", RequestKind::CHOICES))
            .collect();
        let provenance = t.provenance(ctx);
        let table_span = t.span();
        t.finish(ctx);

        let period = period?;
        let header = table_span.start..table_span.start + 1;
        match (period.unit, &month_end_text) {
            (Unit::Months, None) => ctx.error(
                header.clone(),
                "a deadline in months needs `month_end`",
                Some("add `month_end = \"last-day-of-month\"`".to_string()),
            ),
            (Unit::Days | Unit::BusinessDays, Some(text)) => ctx.error(
                text.span.clone(),
                "`month_end` only applies to deadlines in months",
                Some("remove `month_end`, or give the deadline in months".to_string()),
            ),
            _ => {}
        }
        let non_working_day = non_working_day?;
        if calendar_text.is_none()
            && (period.unit == Unit::BusinessDays
                || non_working_day == NonWorkingDay::NextNonHoliday)
        {
            let why = if period.unit == Unit::BusinessDays {
                "a deadline in business days"
            } else {
                "`non_working_day = \"next-non-holiday\"`"
            };
            ctx.error(
                header,
                format!("{why} needs a `calendar` of holidays"),
                Some(format!(
                    "add `calendar = \"…\"`, one of {}",
                    crate::suggest::one_of(
                        &Calendar::CHOICES
                            .iter()
                            .map(|(n, _)| *n)
                            .collect::<Vec<_>>()
                    )
                )),
            );
        }
        let versioned = Versioned {
            kinds: kinds.clone(),
            in_force,
            span,
        };
        Some((
            Deadline {
                period,
                kinds,
                month_end,
                non_working_day,
                calendar,
                statutory: statutory?,
                cite: cite?.value,
                in_force,
                identity_restarts,
                clarification_pauses,
                provenance,
            },
            versioned,
        ))
    }
}

impl Extension {
    /// Whether it applies to a `kind` request received on `date`.
    pub fn applies(&self, kind: RequestKind, date: chrono::NaiveDate) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&kind)) && self.in_force.contains(date)
    }

    pub(crate) fn read_all(ctx: &mut Ctx<'_>, parent: &mut Table<'_>) -> Vec<Extension> {
        let mut read = Vec::new();
        for mut t in parent.one_or_more_tables(ctx, "extension", EXTENSION_FIELDS) {
            let kinds = read_kinds(ctx, &mut t);
            let period = read_period(ctx, &mut t, "extension");
            let condition = t.string(ctx, "condition");
            let cite = t.string(ctx, "cite");
            let (in_force, span) = InForce::read(ctx, &mut t);
            let provenance = t.provenance(ctx);
            t.finish(ctx);
            let versioned = Versioned {
                kinds: kinds.clone(),
                in_force,
                span,
            };
            if let (Some(period), Some(condition), Some(cite)) = (period, condition, cite) {
                read.push((
                    Extension {
                        kinds,
                        period,
                        condition: condition.value,
                        cite: cite.value,
                        in_force,
                        provenance,
                    },
                    versioned,
                ));
            }
        }
        check_versions(ctx, "`[extension]`", read.iter().map(|(_, v)| v));
        read.into_iter().map(|(extension, _)| extension).collect()
    }
}

fn read_kinds(ctx: &mut Ctx<'_>, t: &mut Table<'_>) -> Vec<RequestKind> {
    t.string_list(ctx, "kinds")
        .iter()
        .filter_map(|text| parse_choice(ctx, text, "kind", RequestKind::CHOICES))
        .collect()
}

/// Checks that, for each request kind, no two versions apply on the same day.
fn check_versions<'a>(ctx: &mut Ctx<'_>, what: &str, read: impl Iterator<Item = &'a Versioned>) {
    let read: Vec<&Versioned> = read.collect();
    for kind in RequestKind::ALL {
        let versions: Vec<(InForce, Range<usize>)> = read
            .iter()
            .filter(|v| v.kinds.is_empty() || v.kinds.contains(&kind))
            .map(|v| (v.in_force, v.span.clone()))
            .collect();
        if versions.len() > 1 {
            let name = format!("{what} for {} requests", kind.as_str());
            let before = ctx.diagnostics.len();
            check_no_overlap(ctx, &name, &versions);
            if ctx.diagnostics.len() > before {
                // One report per clash is enough: later kinds would repeat it.
                return;
            }
        }
    }
}

/// Reads `length` and `unit`, and checks the length is plausible for the unit.
pub(crate) fn read_period(ctx: &mut Ctx<'_>, t: &mut Table<'_>, what: &str) -> Option<Period> {
    let length = t.integer(ctx, "length");
    let unit = t.choice(ctx, "unit", Unit::CHOICES);
    let (length, span) = length?;
    let unit = unit?;
    let max = unit.max_length();
    if length < 1 || length > i64::from(max) {
        let unit_name = unit.as_str().replace('-', " ");
        ctx.error(
            span,
            format!("{what} of {length} {unit_name} is out of range"),
            Some(format!("a {what} is between 1 and {max} {unit_name}")),
        );
        return None;
    }
    Some(Period {
        length: u32::try_from(length).ok()?,
        unit,
    })
}
