//! The rules a case follows from sent to closed: when the company received the letter, when its
//! answer is due, whether an extension is within the law, and what the person does next.

use anyhow::{Result, bail};
use chrono::{Days, NaiveDate};

use super::case::{Case, Channel, Outcome, Status};
use crate::decide::{PathStep, due_date, extended_due_date, path};
use crate::rules::{RequestKind, Route, RuleSet, StepKind};

/// Days a posted letter is assumed to take within one country. An assumption, not a legal rule:
/// it is flagged wherever it is used, and `--received-on` replaces it.
pub const POST_DAYS_DOMESTIC: u64 = 3;
/// Days a posted letter is assumed to take to another country.
pub const POST_DAYS_ABROAD: u64 = 7;

/// When the company received a letter sent on `sent`, and whether that is an assumption.
pub fn receipt(
    channel: Channel,
    sent: NaiveDate,
    received_on: Option<NaiveDate>,
    abroad: bool,
) -> (NaiveDate, bool) {
    match (channel, received_on) {
        (_, Some(received)) => (received, false),
        (Channel::Email | Channel::Webform, None) => (sent, false),
        (Channel::Post, None) => {
            let days = if abroad {
                POST_DAYS_ABROAD
            } else {
                POST_DAYS_DOMESTIC
            };
            (sent + Days::new(days), true)
        }
    }
}

/// Whether a letter to the case's company crosses a border (for the assumed post time).
pub fn abroad(rules: &RuleSet, case: &Case) -> bool {
    rules
        .controller(&case.controller)
        .is_some_and(|c| c.country != crate::residence::country_of(&case.residence))
}

/// The words that flag an assumed day of receipt.
pub fn assumption(abroad: bool) -> String {
    format!(
        "forget assumes a posted letter arrives {} days after posting ({}); that is an \
         assumption, not a legal rule: give the real day with `--received-on` (from the tracking \
         or the return receipt)",
        if abroad {
            POST_DAYS_ABROAD
        } else {
            POST_DAYS_DOMESTIC
        },
        if abroad { "abroad" } else { "in the country" }
    )
}

/// When the answer to a `kind` request under `regime`, received on `received`, is due; `None`
/// where the rules give no deadline.
pub fn due(
    rules: &RuleSet,
    regime: &str,
    kind: RequestKind,
    received: NaiveDate,
) -> Option<NaiveDate> {
    let deadline = rules.regime(regime)?.deadline_for(kind, received)?;
    Some(due_date(deadline, received).due)
}

/// Checks an extension the company announced on `notified` to `until` against the regime's rule:
/// notice inside the first period, and no later than the period and the extension together.
pub fn check_extension(
    rules: &RuleSet,
    case: &Case,
    notified: NaiveDate,
    until: NaiveDate,
) -> Result<()> {
    let reference = &case.reference;
    let (Some(received), Some(due)) = (case.received, case.due) else {
        bail!(
            "the case {reference} has no deadline to extend: {}",
            if case.sent.is_none() {
                format!("it has not been sent (`forget cases mark-sent {reference}`)")
            } else {
                "forget's rules give no deadline for it".to_string()
            }
        );
    };
    let Some(regime) = rules.regime(&case.regime) else {
        bail!(
            "the case {reference} is under the regime `{}`, which forget's rules no longer have",
            case.regime
        );
    };
    let name = &regime.short_name;
    let (Some(deadline), Some(extension)) = (
        regime.deadline_for(case.kind, received),
        regime.extension_for(case.kind, received),
    ) else {
        bail!("the {name} allows no extension of the deadline in forget's rules");
    };
    if until <= due {
        bail!(
            "{until} is not an extension: the answer was already due by {due} (received {received})"
        );
    }
    if notified < received {
        bail!(
            "the company cannot have given notice on {notified}, before it received the request on {received}"
        );
    }
    if notified > due {
        bail!(
            "under the {name} ({}), the company must tell you of an extension within the first \
             period, which ended on {due}; it told you on {notified}, too late, so the deadline \
             stays {due}. Record its message with `forget cases reply {reference} --note TEXT`",
            extension.cite
        );
    }
    let latest = extended_due_date(deadline, extension, received).due;
    if until > latest {
        bail!(
            "under the {name} ({}), the deadline can be extended by {} at most, to {latest} for a \
             request received on {received}; {until} is later. Record the extension as {latest} \
             and keep the company's message, or record its message with `forget cases reply \
             {reference} --note TEXT`",
            extension.cite,
            extension.period
        );
    }
    Ok(())
}

/// What the company asked for before answering, which may stop the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Asked {
    /// Information to confirm who you are.
    Identity,
    /// A clarification of what your request is about.
    Clarification,
}

/// The due date once the company's question has been answered: under a rule that stops the clock
/// (the UK's Art. 12A), the period runs again from the day identity information arrived, or the
/// days spent waiting for a clarification of an access request are added. Fails, saying why,
/// where the regime's deadline has no such rule.
pub fn paused_due(
    rules: &RuleSet,
    case: &Case,
    asked: Asked,
    asked_on: NaiveDate,
    answered_on: NaiveDate,
) -> Result<NaiveDate> {
    let reference = &case.reference;
    let Some(received) = case.received else {
        bail!(
            "the case {reference} has not been sent: record that first (`forget cases mark-sent \
             {reference}`)"
        );
    };
    if asked_on < received || answered_on < asked_on {
        bail!(
            "the dates are out of order: the request arrived on {received}, the company asked on \
             {asked_on}, you answered on {answered_on}"
        );
    }
    let Some(regime) = rules.regime(&case.regime) else {
        bail!(
            "the case {reference} is under `{}`, which the rules do not have",
            case.regime
        );
    };
    let Some(deadline) = regime.deadline_for(case.kind, received) else {
        bail!(
            "forget's rules give no deadline for this request under the {}",
            regime.short_name
        );
    };
    let none = || {
        anyhow::anyhow!(
            "under the {} ({}), asking for {} does not stop the clock for a {} request received \
             on {received}: the answer is still due by {}. If the request was a reasonable one, \
             record the exchange with `forget cases reply {reference} --note TEXT`",
            regime.short_name,
            deadline.cite,
            match asked {
                Asked::Identity => "identity information",
                Asked::Clarification => "a clarification",
            },
            case.kind,
            case.effective_due()
                .map_or("the date shown".to_string(), |d| d.to_string())
        )
    };
    match asked {
        Asked::Identity if deadline.identity_restarts => {
            Ok(due_date(deadline, answered_on.max(received)).due)
        }
        Asked::Clarification if deadline.clarification_pauses.contains(&case.kind) => {
            let first = due_date(deadline, received);
            let paused =
                Days::new(u64::try_from((answered_on - asked_on).num_days()).unwrap_or_default());
            Ok(crate::decide::shift(
                first.period_end + paused,
                deadline.non_working_day,
                deadline.calendar,
            ))
        }
        _ => Err(none()),
    }
}

/// The steps after the request and the reminder for `case`, under the law in force on `today`.
pub fn escalation_steps(rules: &RuleSet, case: &Case, today: NaiveDate) -> Vec<PathStep> {
    let Some(regime) = rules.regime(&case.regime) else {
        return Vec::new();
    };
    let received = case.received.unwrap_or(case.letter_date);
    path(regime, case.kind, today, received)
        .into_iter()
        .filter(|s| !matches!(s.step, StepKind::Request | StepKind::Reminder))
        .collect()
}

/// A window the person must act in after a refusal (see [`crate::decide::refusal_window`]).
pub fn refusal_window(
    rules: &RuleSet,
    case: &Case,
    refused_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<(PathStep, NaiveDate)> {
    let steps = escalation_steps(rules, case, today);
    crate::decide::refusal_window(&steps, refused_on, case.effective_due())
        .map(|(step, end)| (step.clone(), end))
}

/// What the person does next, in one line, on `today`.
pub fn next_step(rules: &RuleSet, case: &Case, today: NaiveDate) -> String {
    let reference = &case.reference;
    let route = rules
        .regime(&case.regime)
        .map(|r| r.route())
        .unwrap_or(Route::Authority);
    let steps = escalation_steps(rules, case, today);
    let window = refusal_window(rules, case, None, today);
    let escalate = match route {
        Route::Authority
            if case.status != Status::ComplainedToCompany
                && steps
                    .first()
                    .is_some_and(|s| s.step == StepKind::ComplaintToController) =>
        {
            format!(
                "`forget complain {reference}` writes the complaint to {} itself ({}), the step \
                 before the complaint to the authority",
                case.controller_name, steps[0].provision
            )
        }
        Route::Authority => match &window {
            Some((step, end)) if today <= *end => format!(
                "`forget complain {reference}` writes the application ({}); apply by {end}, \
                 when the window closes",
                step.provision
            ),
            Some((step, end)) => format!(
                "the window to apply ({}) closed on {end}; `forget complain {reference}` says \
                 what remains",
                step.provision
            ),
            None => format!("`forget complain {reference}` writes the complaint"),
        },
        Route::PrivateAction => format!(
            "`forget complain {reference}` writes the summary of facts for a lawyer (there is no \
             authority to complain to)"
        ),
    };
    match case.status {
        // An e-mail that may have arrived: never "send it", which invites a double send.
        Status::Drafted if case.unconfirmed_send.is_some() => format!(
            "the e-mail may or may not have arrived: look for it in your sent folder{}; if it \
             went, `forget cases mark-sent {reference} --on YYYY-MM-DD --via email`; only if it \
             did not, send it again with `--again` (a batch: `--resend-uncertain`)",
            match case.unconfirmed_send.as_ref().and_then(|id| id.as_deref()) {
                Some(id) => format!(" (Message-ID {id})"),
                None => String::new(),
            }
        ),
        Status::Drafted => format!(
            "send it, then record when and how: `forget cases mark-sent {reference} --on \
             YYYY-MM-DD --via email|post|webform`"
        ),
        Status::Sent | Status::Reminded => match case.effective_due() {
            Some(due) if today <= due => format!("wait for the answer, due by {due}"),
            Some(_) if case.status == Status::Sent => match &window {
                Some((step, end)) if today <= *end => format!(
                    "the deadline passed: `forget remind {reference}` writes the reminder, or \
                     `forget complain {reference}` the application ({}); apply by {end}, when \
                     the window closes",
                    step.provision
                ),
                _ => {
                    format!("the deadline passed: `forget remind {reference}` writes the reminder")
                }
            },
            Some(_) => match case.reminder_due {
                Some(by) if today <= by => {
                    format!("wait until {by}, the date your reminder gave; then {escalate}")
                }
                _ => escalate,
            },
            None if case.status == Status::Sent => format!(
                "no deadline applies; when you choose, `forget remind {reference}` writes a \
                 {}",
                if route == Route::PrivateAction {
                    "final demand"
                } else {
                    "reminder"
                }
            ),
            None => match case.reminder_due {
                Some(by) if today <= by => format!(
                    "wait until {by}, the date your {} gave; then {escalate}",
                    if route == Route::PrivateAction {
                        "final demand"
                    } else {
                        "reminder"
                    }
                ),
                _ => escalate,
            },
        },
        Status::Answered => match case.outcome {
            Some(Outcome::Complied) => {
                format!("check the answer; when it is all done, `forget cases close {reference}`")
            }
            Some(Outcome::AskedForId) => format!(
                "a company may ask for more only when it has reasonable doubts about who you are; \
                 answer with what is needed to find your data, or {escalate}"
            ),
            Some(Outcome::Refused | Outcome::Partial) => escalate,
            None => format!(
                "say what the answer amounted to: `forget cases reply {reference} --note TEXT \
                 --outcome complied|refused|partial|asked-for-id`"
            ),
        },
        Status::ComplainedToCompany => match case.reminder_due {
            _ if case.outcome == Some(Outcome::Complied) => format!(
                "{} answered your complaint that it complied: check it; when it is all done, \
                 `forget cases close {reference}`, or `forget complain {reference}` writes the \
                 complaint to the authority",
                case.controller_name
            ),
            Some(by) if today <= by && case.outcome.is_none() => format!(
                "wait until {by}, the day {} must acknowledge your complaint by; then `forget \
                 complain {reference}` writes the complaint to the authority",
                case.controller_name
            ),
            _ => format!(
                "`forget complain {reference}` writes the complaint to the authority, with your \
                 complaint to {} and its answer or silence as evidence",
                case.controller_name
            ),
        },
        Status::Complained => format!(
            "wait for the authority; record what happens with `forget cases reply {reference} \
             --note TEXT`, and `forget cases close {reference}` at the end"
        ),
        Status::Closed => "nothing: the case is closed".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn email_is_received_the_day_it_is_sent_and_post_later_by_assumption() {
        let sent = date("2026-01-31");
        assert_eq!(receipt(Channel::Email, sent, None, true), (sent, false));
        assert_eq!(
            receipt(Channel::Post, sent, None, false),
            (date("2026-02-03"), true)
        );
        assert_eq!(
            receipt(Channel::Post, sent, None, true),
            (date("2026-02-07"), true)
        );
        assert_eq!(
            receipt(Channel::Post, sent, Some(date("2026-02-05")), true),
            (date("2026-02-05"), false)
        );
    }
}
