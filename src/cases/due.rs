//! What needs doing now, across every case: a draft never recorded as sent, a send that may or
//! may not have arrived, an answer overdue, a reminder's date passed, a window to apply that
//! closes soon, an answer whose outcome was never said. Each with the date it is due by and the
//! command that does it, for `forget due` (and for cron, which runs it every morning).

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::lifecycle::refusal_window;
use super::{Case, Outcome, Status};
use crate::rules::RuleSet;

/// One thing to do.
#[derive(Debug, Clone, Serialize)]
pub struct Due {
    pub reference: String,
    /// What to do, as a word a script can match: `send`, `check-send`, `remind`, `complain`,
    /// `apply`, `respond`, `record-outcome`.
    pub action: &'static str,
    /// The date it is due by (in the past when it is late).
    pub by: NaiveDate,
    /// The command that does it.
    pub command: String,
    /// Why, in a sentence.
    pub why: String,
}

/// What `case` needs on `today`, if anything, counting what falls due within `within` days.
pub fn due(rules: &RuleSet, case: &Case, today: NaiveDate, within: u64) -> Option<Due> {
    let horizon = today.checked_add_days(Days::new(within)).unwrap_or(today);
    let reference = case.reference.clone();
    let item = |action, by, command: String, why: String| Due {
        reference: reference.clone(),
        action,
        by,
        command,
        why,
    };
    let complain = format!("forget complain {reference}");
    match case.status {
        Status::Closed | Status::Complained => None,
        Status::Drafted if case.unconfirmed_send.is_some() => Some(item(
            "check-send",
            case.letter_date,
            format!("forget cases mark-sent {reference} --on YYYY-MM-DD --via email"),
            format!(
                "an e-mail of this request may or may not have arrived{}: look in your sent \
                 folder; record it if it went, send it again with `--again` only if it did not",
                match case.unconfirmed_send.as_ref().and_then(|id| id.as_deref()) {
                    Some(id) => format!(" (Message-ID {id})"),
                    None => String::new(),
                }
            ),
        )),
        Status::Drafted => Some(item(
            "send",
            case.letter_date,
            format!("forget cases mark-sent {reference} --on YYYY-MM-DD --via email|post|webform"),
            format!(
                "written on {} and not recorded as sent: send it, then record when and how",
                case.letter_date
            ),
        )),
        Status::Sent | Status::Reminded => {
            let due = case.effective_due()?;
            // A window to apply in (Québec's 30 days) that closes soon comes first.
            if let Some((step, end)) = refusal_window(rules, case, None, today)
                && today > due
                && today <= end
                && end <= horizon
            {
                return Some(item(
                    "apply",
                    end,
                    complain,
                    format!(
                        "the answer was due on {due}; the window to apply ({}) closes on {end}",
                        step.provision
                    ),
                ));
            }
            if today <= due {
                return None;
            }
            if case.status == Status::Sent {
                return Some(item(
                    "remind",
                    due,
                    format!("forget remind {reference}"),
                    format!("the answer was due on {due} and none is recorded"),
                ));
            }
            match case.reminder_due {
                Some(by) if today <= by => None,
                by => Some(item(
                    "complain",
                    by.unwrap_or(due),
                    complain,
                    format!(
                        "the answer was due on {due}{}, and none is recorded",
                        by.map(|by| format!(" and the reminder gave until {by}"))
                            .unwrap_or_default()
                    ),
                )),
            }
        }
        Status::Answered => match case.outcome {
            None => Some(item(
                "record-outcome",
                today,
                format!(
                    "forget cases reply {reference} --note TEXT --outcome \
                     complied|refused|partial|asked-for-id"
                ),
                "an answer is recorded without what it amounts to".to_string(),
            )),
            Some(Outcome::AskedForId) => Some(item(
                "respond",
                today,
                format!("forget cases show {reference}"),
                "the company asked for proof of identity: answer with what it needs to find your \
                 data and no more, or complain if it asks for too much"
                    .to_string(),
            )),
            Some(Outcome::Refused | Outcome::Partial) => Some(item(
                "complain",
                today,
                complain,
                "the company refused, or answered only in part".to_string(),
            )),
            Some(_) => None,
        },
        Status::ComplainedToCompany => match case.reminder_due {
            _ if case.outcome.is_some() => None,
            Some(by) if today <= by => None,
            by => Some(item(
                "complain",
                by.unwrap_or(today),
                complain,
                format!(
                    "{} has not acknowledged your complaint{}: the complaint to the authority is \
                     next",
                    case.controller_name,
                    by.map(|by| format!(" by {by}")).unwrap_or_default()
                ),
            )),
        },
    }
}

/// Everything that needs doing on `today` across `cases`, the most urgent (earliest) first.
pub fn all_due(rules: &RuleSet, cases: &[Case], today: NaiveDate, within: u64) -> Vec<Due> {
    let mut due: Vec<Due> = cases
        .iter()
        .filter_map(|case| due(rules, case, today, within))
        .collect();
    due.sort_by(|a, b| a.by.cmp(&b.by).then_with(|| a.reference.cmp(&b.reference)));
    due
}
