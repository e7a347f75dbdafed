//! The escalation path for one request: the request and its deadline, the reminder, then the
//! regime's own steps in force on the letter's date (a complaint to the company, a complaint or
//! an application to an authority, a court), each with its provision and period.

use chrono::NaiveDate;
use serde::Serialize;

use super::due_date::{end_of_period, shift};
use crate::rules::{
    Binds, InForce, NonWorkingDay, Period, Regime, RequestKind, Step, StepFrom, StepKind, Unit,
    calendar::Calendar,
};

/// One step of the path, as `forget explain` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PathStep {
    pub step: StepKind,
    /// The provision that gives the step (for the request, the right; for the reminder, the
    /// deadline it recalls).
    pub provision: String,
    pub summary: String,
    /// The period the law sets for the step, in days, where it sets one in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<Within>,
    /// The period the law sets, in any unit (`{"length": 1, "unit": "months"}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// What the period runs from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<StepFrom>,
    /// Who the period binds: the company must act by its end, or the person's window closes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binds: Option<Binds>,
    /// When this version of the step applies (absent when always).
    #[serde(skip_serializing_if = "InForce::always")]
    pub in_force: InForce,
    #[serde(skip)]
    pub calendar: Option<Calendar>,
    #[serde(skip)]
    pub non_working_day: NonWorkingDay,
}

/// A period in days: `{"days": 30, "unit": "business"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Within {
    pub days: u32,
    pub unit: &'static str,
}

impl PathStep {
    fn period(period: Period) -> (Option<Within>, Option<Period>) {
        let within = match period.unit {
            Unit::Days => Some(Within {
                days: period.length,
                unit: "calendar",
            }),
            Unit::BusinessDays => Some(Within {
                days: period.length,
                unit: "business",
            }),
            Unit::Months => None,
        };
        (within, Some(period))
    }

    /// The last day of the step's period when it runs from `start` (the day of receipt, of the
    /// refusal, …), moved as the law says; `None` when the step has no period.
    pub fn end(&self, start: NaiveDate) -> Option<NaiveDate> {
        let period = self.period?;
        let end = end_of_period(start, period, None, self.calendar);
        Some(shift(end, self.non_working_day, self.calendar))
    }

    fn from_step(step: &Step) -> PathStep {
        let (within, period) = step.within.map_or((None, None), PathStep::period);
        PathStep {
            step: step.step,
            provision: step.cite.clone(),
            summary: step.summary.clone(),
            within,
            period,
            from: step.from,
            binds: step.binds,
            in_force: step.in_force,
            calendar: step.calendar,
            non_working_day: step.non_working_day,
        }
    }
}

/// The path of a `kind` request under `regime`, for a letter dated `on` and received on
/// `received` (the deadline in force then applies).
pub fn path(
    regime: &Regime,
    kind: RequestKind,
    on: NaiveDate,
    received: NaiveDate,
) -> Vec<PathStep> {
    let deadline = regime.deadline_for(kind, received);
    let right = regime
        .provisions_for(kind, on)
        .map(|p| p.cite.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let (within, period) = deadline.map_or((None, None), |d| PathStep::period(d.period));
    let mut steps = vec![PathStep {
        step: StepKind::Request,
        provision: right,
        summary: match deadline {
            Some(d) => format!(
                "the request; the company must answer within {}{} ({})",
                d.period,
                if d.statutory {
                    ""
                } else {
                    " (not set by statute)"
                },
                d.cite
            ),
            None => "the request; the law sets no deadline for the answer".to_string(),
        },
        within,
        period,
        from: deadline.map(|_| StepFrom::Receipt),
        binds: deadline.map(|_| Binds::Company),
        in_force: deadline.map(|d| d.in_force).unwrap_or_default(),
        calendar: deadline.and_then(|d| d.calendar),
        non_working_day: deadline.map_or(NonWorkingDay::NoShift, |d| d.non_working_day),
    }];
    steps.push(PathStep {
        step: StepKind::Reminder,
        provision: deadline.map_or_else(|| steps[0].provision.clone(), |d| d.cite.clone()),
        summary: "a reminder once the deadline has passed, with a short new date to answer by \
                  (practice, not a legal requirement)"
            .to_string(),
        within: None,
        period: None,
        from: None,
        binds: None,
        in_force: InForce::default(),
        calendar: None,
        non_working_day: NonWorkingDay::NoShift,
    });
    steps.extend(regime.steps_for(kind, on).map(PathStep::from_step));
    steps
}

/// Days of a window to apply in that a reminder leaves the person after its own reply date.
pub const WINDOW_MARGIN_DAYS: u64 = 7;

/// A window the person must act in after a refusal (Québec's 30 days to apply to the Commission
/// d'accès à l'information): the step and its last day, counted from the refusal on record or
/// from the last day the company had to answer (silence counts as a refusal), whichever came
/// first: the cautious reading, so that no date shown is later than the law's.
pub fn refusal_window(
    steps: &[PathStep],
    refused_on: Option<NaiveDate>,
    due: Option<NaiveDate>,
) -> Option<(&PathStep, NaiveDate)> {
    let step = steps.iter().find(|s| {
        s.binds == Some(Binds::Person)
            && s.from == Some(StepFrom::Refusal)
            && s.step == StepKind::ReviewApplication
    })?;
    let start = match (refused_on, due) {
        (Some(refused), Some(due)) => refused.min(due),
        (refused, due) => refused.or(due)?,
    };
    let end = step.end(start)?;
    Some((step, end))
}

/// The short date a reminder written on `today` asks for an answer by: `days` later, on a
/// weekday, but a week before a window to apply closes, so that waiting never costs the person
/// the window.
pub fn reminder_reply_by(today: NaiveDate, days: u32, window_end: Option<NaiveDate>) -> NaiveDate {
    let by = super::due_date::next_working_day(today + chrono::Days::new(u64::from(days)));
    match window_end {
        Some(end) => by.min(end - chrono::Days::new(WINDOW_MARGIN_DAYS)),
        None => by,
    }
}
