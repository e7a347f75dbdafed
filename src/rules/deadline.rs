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
    /// False where the figure is a regulator's expectation rather than the law's.
    pub statutory: bool,
    pub cite: String,
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
    /// A last day on a Saturday or Sunday moves to the following Monday.
    NextWorkingDay,
    /// The calendar date stands.
    NoShift,
}

/// How far the company may extend the deadline, and on what condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub period: Period,
    pub condition: String,
    pub cite: String,
    pub provenance: Provenance,
}

const DEADLINE_FIELDS: &[&str] = &[
    "kinds",
    "length",
    "unit",
    "from",
    "month_end",
    "non_working_day",
    "statutory",
    "cite",
    "sources",
    "unconfirmed",
];

const EXTENSION_FIELDS: &[&str] = &[
    "length",
    "unit",
    "condition",
    "cite",
    "sources",
    "unconfirmed",
];

impl Deadline {
    /// Whether the deadline applies to requests of this kind.
    pub fn applies_to(&self, kind: RequestKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }

    pub(crate) fn read(ctx: &mut Ctx<'_>, parent: &mut Table<'_>) -> Option<Deadline> {
        let mut t = parent.opt_table(ctx, "deadline", DEADLINE_FIELDS)?;
        let kinds: Vec<RequestKind> = t
            .string_list(ctx, "kinds")
            .iter()
            .filter_map(|text| parse_choice(ctx, text, "kind", RequestKind::CHOICES))
            .collect();
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
        let non_working_day = t.choice(
            ctx,
            "non_working_day",
            &[
                ("next-working-day", NonWorkingDay::NextWorkingDay),
                ("no-shift", NonWorkingDay::NoShift),
            ],
        );
        let statutory = t.bool(ctx, "statutory");
        let cite = t.string(ctx, "cite");
        let provenance = t.provenance(ctx);
        let span = t.span();
        t.finish(ctx);

        let period = period?;
        match (period.unit, &month_end_text) {
            (Unit::Months, None) => ctx.error(
                span.start..span.start + 1,
                "a deadline in months needs `month_end`",
                Some("add `month_end = \"last-day-of-month\"`".to_string()),
            ),
            (Unit::Days, Some(text)) => ctx.error(
                text.span.clone(),
                "`month_end` only applies to deadlines in months",
                Some("remove `month_end`, or give the deadline in months".to_string()),
            ),
            _ => {}
        }
        Some(Deadline {
            period,
            kinds,
            month_end,
            non_working_day: non_working_day?,
            statutory: statutory?,
            cite: cite?.value,
            provenance,
        })
    }
}

impl Extension {
    pub(crate) fn read(ctx: &mut Ctx<'_>, parent: &mut Table<'_>) -> Option<Extension> {
        let mut t = parent.opt_table(ctx, "extension", EXTENSION_FIELDS)?;
        let period = read_period(ctx, &mut t, "extension");
        let condition = t.string(ctx, "condition");
        let cite = t.string(ctx, "cite");
        let provenance = t.provenance(ctx);
        t.finish(ctx);
        Some(Extension {
            period: period?,
            condition: condition?.value,
            cite: cite?.value,
            provenance,
        })
    }
}

/// Reads `length` and `unit`, and checks the length is plausible for the unit.
fn read_period(ctx: &mut Ctx<'_>, t: &mut Table<'_>, what: &str) -> Option<Period> {
    let length = t.integer(ctx, "length");
    let unit = t.choice(ctx, "unit", Unit::CHOICES);
    let (length, span) = length?;
    let unit = unit?;
    let max = unit.max_length();
    if length < 1 || length > i64::from(max) {
        let unit_name = if unit == Unit::Days { "days" } else { "months" };
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
