//! When an answer is due: a period counted from the day of receipt by the regime's rule.
//!
//! The rule for the GDPR (Regulation (EEC, Euratom) No 1182/71, Art. 3) and for the UK (ICO
//! guidance): the day of receipt is not counted; a period in months ends on the same date of the
//! later month, or on that month's last day when the date does not exist; a last day on a
//! Saturday or Sunday moves to the next working day. Periods in days are calendar days; periods
//! in business days skip Saturdays, Sundays and the holidays of the deadline's calendar (British
//! Columbia's PIPA, the CCPA's regulations). Canada's, Québec's and California's rule moves a
//! last day off a Sunday or holiday, but not off a Saturday.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::rules::calendar::{self, Calendar};
use crate::rules::{Deadline, Extension, MonthEnd, NonWorkingDay, Period, Unit};

/// A computed due date, with how it was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueDate {
    /// The day the company received the request.
    pub received: NaiveDate,
    /// The last day of the period on the calendar, before any move off a weekend.
    pub period_end: NaiveDate,
    /// The day by which the answer is due.
    pub due: NaiveDate,
}

impl DueDate {
    /// True when the period ended on a weekend and the due date moved.
    pub fn moved(&self) -> bool {
        self.period_end != self.due
    }
}

/// The due date for a request received on `received`.
pub fn due_date(deadline: &Deadline, received: NaiveDate) -> DueDate {
    due_after(deadline, received, deadline.period)
}

/// The latest due date if the company extends the deadline: the period and the extension
/// counted together from receipt (one month plus two further months is three months).
pub fn extended_due_date(
    deadline: &Deadline,
    extension: &Extension,
    received: NaiveDate,
) -> DueDate {
    if deadline.period.unit == extension.period.unit {
        let total = Period {
            length: deadline.period.length + extension.period.length,
            unit: deadline.period.unit,
        };
        due_after(deadline, received, total)
    } else {
        let first = end_of_period(
            received,
            deadline.period,
            deadline.month_end,
            deadline.calendar,
        );
        let period_end = end_of_period(
            first,
            extension.period,
            deadline.month_end,
            deadline.calendar,
        );
        DueDate {
            received,
            period_end,
            due: shift(period_end, deadline.non_working_day, deadline.calendar),
        }
    }
}

/// The extended due date counted from the due date of the first period instead of from receipt:
/// the other reading of "extended by two further months", which can give a later date.
pub fn extended_from_due(deadline: &Deadline, extension: &Extension, first: DueDate) -> DueDate {
    let period_end = end_of_period(
        first.due,
        extension.period,
        deadline.month_end,
        deadline.calendar,
    );
    DueDate {
        received: first.received,
        period_end,
        due: shift(period_end, deadline.non_working_day, deadline.calendar),
    }
}

fn due_after(deadline: &Deadline, received: NaiveDate, period: Period) -> DueDate {
    let period_end = end_of_period(received, period, deadline.month_end, deadline.calendar);
    DueDate {
        received,
        period_end,
        due: shift(period_end, deadline.non_working_day, deadline.calendar),
    }
}

/// The last day of a period that starts the day after `start`. A period in business days needs
/// the calendar of holidays; without one, only weekends are skipped.
pub fn end_of_period(
    start: NaiveDate,
    period: Period,
    month_end: Option<MonthEnd>,
    calendar: Option<Calendar>,
) -> NaiveDate {
    match period.unit {
        Unit::Days => start
            .checked_add_days(Days::new(u64::from(period.length)))
            .unwrap_or(NaiveDate::MAX),
        Unit::BusinessDays => match calendar {
            Some(calendar) => calendar::add_business_days(calendar, start, period.length),
            None => {
                let mut day = start;
                for _ in 0..period.length {
                    day = next_working_day(day + Days::new(1));
                }
                day
            }
        },
        // chrono clamps to the last day of the month when the date does not exist, which is
        // exactly the month-end rule (31 January + 1 month = 28 or 29 February).
        Unit::Months => match month_end {
            Some(MonthEnd::LastDayOfMonth) | None => start
                .checked_add_months(Months::new(period.length))
                .unwrap_or(NaiveDate::MAX),
        },
    }
}

/// Moves a last day off a weekend or holiday, as the regime says.
pub fn shift(date: NaiveDate, rule: NonWorkingDay, calendar: Option<Calendar>) -> NaiveDate {
    match (rule, calendar) {
        (NonWorkingDay::NoShift, _) => date,
        (NonWorkingDay::NextWorkingDay, None) => next_working_day(date),
        (NonWorkingDay::NextWorkingDay, Some(calendar)) => {
            calendar::next_business_day(calendar, date)
        }
        (NonWorkingDay::NextNonHoliday, Some(calendar)) => {
            calendar::next_non_holiday(calendar, date)
        }
        (NonWorkingDay::NextNonHoliday, None) => match date.weekday() {
            Weekday::Sun => date + Days::new(1),
            _ => date,
        },
    }
}

/// The date itself when it is a weekday, otherwise the following Monday.
pub fn next_working_day(date: NaiveDate) -> NaiveDate {
    let skip = match date.weekday() {
        Weekday::Sat => 2,
        Weekday::Sun => 1,
        _ => 0,
    };
    date + Days::new(skip)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Provenance;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn gdpr() -> Deadline {
        Deadline {
            period: Period {
                length: 1,
                unit: Unit::Months,
            },
            kinds: Vec::new(),
            month_end: Some(MonthEnd::LastDayOfMonth),
            non_working_day: NonWorkingDay::NextWorkingDay,
            calendar: None,
            statutory: true,
            cite: "Art. 12(3) GDPR".into(),
            in_force: Default::default(),
            identity_restarts: false,
            clarification_pauses: Vec::new(),
            provenance: Provenance::default(),
        }
    }

    fn calendar_days(length: u32) -> Deadline {
        Deadline {
            period: Period {
                length,
                unit: Unit::Days,
            },
            kinds: Vec::new(),
            month_end: None,
            non_working_day: NonWorkingDay::NoShift,
            calendar: None,
            statutory: true,
            cite: "s. 8(3) PIPEDA".into(),
            in_force: Default::default(),
            identity_restarts: false,
            clarification_pauses: Vec::new(),
            provenance: Provenance::default(),
        }
    }

    fn extension_of(length: u32, unit: Unit) -> Extension {
        Extension {
            kinds: Vec::new(),
            in_force: Default::default(),
            period: Period { length, unit },
            condition: String::new(),
            cite: String::new(),
            provenance: Provenance::default(),
        }
    }

    fn due(deadline: &Deadline, received: &str) -> NaiveDate {
        due_date(deadline, date(received)).due
    }

    #[test]
    fn a_month_runs_to_the_same_date() {
        // Received Sunday 15 March 2026: the same date in April is a Wednesday.
        assert_eq!(due(&gdpr(), "2026-03-15"), date("2026-04-15"));
    }

    #[test]
    fn the_fact_sheet_example_moves_from_saturday_to_monday() {
        // Received Sat 31 Jan 2026 -> Sat 28 Feb 2026 -> Mon 2 Mar 2026 (fact sheet §1.2).
        let result = due_date(&gdpr(), date("2026-01-31"));
        assert_eq!(result.period_end, date("2026-02-28"));
        assert_eq!(result.due, date("2026-03-02"));
        assert!(result.moved());
    }

    #[test]
    fn a_missing_date_falls_back_to_the_last_day_of_the_month() {
        // 2027-02-28 is a Sunday: the month-end rule gives the 28th, the weekend rule the 1st.
        assert_eq!(
            due_date(&gdpr(), date("2027-01-31")).period_end,
            date("2027-02-28")
        );
        assert_eq!(due(&gdpr(), "2027-01-31"), date("2027-03-01"));
        // April has no 31st: 31 March -> 30 April (a Thursday in 2026).
        assert_eq!(due(&gdpr(), "2026-03-31"), date("2026-04-30"));
        // 31 May 2026 -> 30 June 2026 (Tuesday).
        assert_eq!(due(&gdpr(), "2026-05-31"), date("2026-06-30"));
    }

    #[test]
    fn leap_years_give_the_29th_of_february() {
        // 2028 is a leap year: 31 Jan -> Tue 29 Feb 2028.
        assert_eq!(due(&gdpr(), "2028-01-31"), date("2028-02-29"));
        assert_eq!(due(&gdpr(), "2028-01-29"), date("2028-02-29"));
        // 2100 is not: 31 Jan 2100 -> Sun 28 Feb 2100 -> Mon 1 Mar 2100.
        assert_eq!(
            due_date(&gdpr(), date("2100-01-31")).period_end,
            date("2100-02-28")
        );
        assert_eq!(due(&gdpr(), "2100-01-31"), date("2100-03-01"));
    }

    #[test]
    fn a_sunday_moves_to_monday() {
        // Received Thu 31 Dec 2026 -> Sun 31 Jan 2027 -> Mon 1 Feb 2027.
        assert_eq!(due(&gdpr(), "2026-12-31"), date("2027-02-01"));
    }

    #[test]
    fn a_period_crosses_the_year() {
        assert_eq!(due(&gdpr(), "2026-12-15"), date("2027-01-15"));
    }

    #[test]
    fn calendar_days_do_not_move() {
        // PIPEDA: 30 days from Sat 31 Jan 2026 is Mon 2 Mar 2026; from 1 Feb, Tue 3 Mar.
        assert_eq!(due(&calendar_days(30), "2026-01-31"), date("2026-03-02"));
        // 45 days from 2026-01-01 is Sunday 2026-02-15 and stays there (holiday rule unconfirmed).
        assert_eq!(due(&calendar_days(45), "2026-01-01"), date("2026-02-15"));
    }

    #[test]
    fn extensions_count_from_receipt() {
        let extension = extension_of(2, Unit::Months);
        // 31 Jan 2026 + 3 months = 30 Apr 2026 (Thursday).
        assert_eq!(
            extended_due_date(&gdpr(), &extension, date("2026-01-31")).due,
            date("2026-04-30")
        );
        let pipeda_extension = extension_of(30, Unit::Days);
        // PIPEDA 30 + 30 days from 1 Mar 2026 = 30 Apr 2026.
        assert_eq!(
            extended_due_date(&calendar_days(30), &pipeda_extension, date("2026-03-01")).due,
            date("2026-04-30")
        );
    }

    #[test]
    fn the_other_reading_of_an_extension_counts_from_the_first_due_date() {
        let extension = extension_of(2, Unit::Months);
        // Due Mon 2 Mar 2026; two further months end Sat 2 May, so Mon 4 May 2026.
        let first = due_date(&gdpr(), date("2026-01-31"));
        assert_eq!(
            extended_from_due(&gdpr(), &extension, first).due,
            date("2026-05-04")
        );
    }

    #[test]
    fn weekdays_stay() {
        assert_eq!(next_working_day(date("2026-03-02")), date("2026-03-02"));
        assert_eq!(next_working_day(date("2026-03-07")), date("2026-03-09"));
        assert_eq!(next_working_day(date("2026-03-08")), date("2026-03-09"));
    }
}
