//! When a value of the law applies: a provision, a deadline or a step of the escalation path can
//! carry the day it came into force and the last day it applied, so that a letter uses the law
//! in force on its date and a case keeps the law of its own dates.

use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;
use serde::Serialize;

use super::reader::{Ctx, Table};

/// The days a value applies: from `from` (inclusive) to `until` (inclusive); open on either side
/// when not given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct InForce {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

/// The field names, for a table's list of fields.
pub const IN_FORCE_FIELDS: [&str; 2] = ["in_force_from", "in_force_until"];

impl InForce {
    /// Whether the value applies on `date`.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= date) && self.until.is_none_or(|until| date <= until)
    }

    /// True when the value has no dates: it applies on every day.
    pub fn always(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }

    /// Whether the two periods share a day.
    pub fn overlaps(&self, other: &InForce) -> bool {
        let starts_before_other_ends = match (self.from, other.until) {
            (Some(from), Some(until)) => from <= until,
            _ => true,
        };
        let other_starts_before_end = match (other.from, self.until) {
            (Some(from), Some(until)) => from <= until,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_end
    }

    /// Reads `in_force_from` and `in_force_until`, checking their order. Returns the period and
    /// where it is written (for later messages), or the table's own span when it has no dates.
    pub(crate) fn read(ctx: &mut Ctx<'_>, t: &mut Table<'_>) -> (InForce, Range<usize>) {
        let from = t.opt_date(ctx, "in_force_from");
        let until = t.opt_date(ctx, "in_force_until");
        if let (Some((from, _)), Some((until, span))) = (&from, &until)
            && until < from
        {
            ctx.error(
                span.clone(),
                format!("`in_force_until` ({until}) is before `in_force_from` ({from})"),
                Some("`in_force_until` is the last day the value applied".to_string()),
            );
        }
        let span = from.as_ref().or(until.as_ref()).map_or_else(
            || t.span().start..t.span().start + 1,
            |(_, span)| span.clone(),
        );
        (
            InForce {
                from: from.map(|(date, _)| date),
                until: until.map(|(date, _)| date),
            },
            span,
        )
    }
}

impl fmt::Display for InForce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from, self.until) {
            (None, None) => f.write_str("in force throughout"),
            (Some(from), None) => write!(f, "in force from {from}"),
            (None, Some(until)) => write!(f, "in force until {until}"),
            (Some(from), Some(until)) => write!(f, "in force from {from} to {until}"),
        }
    }
}

/// Checks that no two versions of one value (`what`, such as "`[deadline]` for access") are in
/// force on the same day. `versions` are the periods with where each is written.
pub(crate) fn check_no_overlap(
    ctx: &mut Ctx<'_>,
    what: &str,
    versions: &[(InForce, Range<usize>)],
) {
    for (i, (a, _)) in versions.iter().enumerate() {
        for (b, span) in &versions[i + 1..] {
            if a.overlaps(b) {
                ctx.error(
                    span.clone(),
                    format!("two versions of {what} are in force on the same day"),
                    Some(
                        "give each version `in_force_from` and `in_force_until` so that their \
                         periods do not overlap (`in_force_until` is the last day a version \
                         applied)"
                            .to_string(),
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_law_applies_from_its_first_day_to_its_last_day() {
        let period = InForce {
            from: Some(date("2026-02-05")),
            until: Some(date("2026-06-18")),
        };
        assert!(!period.contains(date("2026-02-04")));
        assert!(period.contains(date("2026-02-05")));
        assert!(period.contains(date("2026-06-18")));
        assert!(!period.contains(date("2026-06-19")));
    }

    #[test]
    fn a_version_ending_the_day_before_the_next_starts_does_not_overlap_it() {
        let old = InForce {
            from: None,
            until: Some(date("2026-06-18")),
        };
        let new = InForce {
            from: Some(date("2026-06-19")),
            until: None,
        };
        assert!(!old.overlaps(&new));
        assert!(!new.overlaps(&old));
        let late = InForce {
            from: Some(date("2026-06-18")),
            until: None,
        };
        assert!(old.overlaps(&late));
        assert!(InForce::default().overlaps(&new));
    }
}
