//! What happens next, after the letter is written: how to send it, when the answer is due, and
//! the commands for the reminder and the complaint (or, under BIPA, the final demand).

use anyhow::Result;
use chrono::{Days, NaiveDate};

use super::{Flow, Sending, long_date};
use crate::letter::{Format, Settlement};
use crate::rules::{RequestKind, Route};

/// The days a BIPA letter gives the company to confirm in writing (`templates/en/bipa.tera`): a
/// date of forget's choosing, since BIPA sets none.
const BIPA_CONFIRM_DAYS: u64 = 30;

impl Flow<'_> {
    /// What to do now, when the answer is due, and how to follow up.
    pub(super) fn next_steps(&self) -> Result<()> {
        let composition = self.compose()?;
        let decision = self.decision();
        let chosen = decision
            .regimes
            .iter()
            .find(|r| r.regime.id == composition.regime);
        let company = &self.controller().name;
        self.ask.heading("What happens next");
        let mut steps: Vec<String> = Vec::new();
        let mut commands: Vec<(String, String)> = Vec::new();
        let posted = self.draft.saved_as == Some(Format::Pdf);
        steps.push(match (composition.to.first(), composition.webforms.first()) {
            _ if self.draft.sent == Some(Sending::Sent) => format!(
                "It is sent. The copy in your mailbox is your proof that you sent it to {company} \
                 today, the day the deadline counts from: keep it, and every reply."
            ),
            _ if self.draft.sent == Some(Sending::Uncertain) => format!(
                "Look in your mailbox for your copy: if it is there, the letter went out and \
                 {company} received it today. If it is not, send it again (`forget send` with \
                 the same details) or save it and send it from your mail program."
            ),
            _ if posted => format!(
                "Print the letter, sign it and post it today, by registered mail if you can. The \
                 deadline runs from the day {company} receives it, so the date below moves by the \
                 days the post takes; keep the receipt."
            ),
            (Some(_), _) => format!(
                "Send the letter today, by e-mail to {} (keep the sent message as proof), or by \
                 post; a posted letter counts from the day {company} receives it.",
                composition.to.join(" and ")
            ),
            (None, Some((url, _))) => {
                format!("Paste the letter into {url} today and keep the confirmation.")
            }
            (None, None) => format!(
                "Post the letter to {company} today, by registered mail if you can: the deadline \
                 runs from the day it arrives."
            ),
        });
        match composition.due {
            Some(due) => {
                let kind = self.draft.kind.expect("asked before");
                steps.push(format!(
                    "{company} must answer by {}. Keep every reply.",
                    long_date(due)
                ));
                let authority = chosen
                    .and_then(|c| c.authority)
                    .map(|a| a.short().to_string());
                if let Some(reference) = &self.draft.case {
                    let next = crate::decide::next_working_day(due + Days::new(1));
                    steps.push(format!(
                        "forget keeps track: `forget cases` shows what is due and overdue. If no \
                         answer has come by then, come back on {} for the reminder, and then the \
                         complaint{}.",
                        long_date(next),
                        authority
                            .as_deref()
                            .map_or(String::new(), |a| format!(" to {a}"))
                    ));
                    if self.draft.sent != Some(Sending::Sent) {
                        commands.push(mark_sent(reference, posted));
                    }
                    commands.push((
                        "The reminder, once the deadline has passed:".to_string(),
                        format!("  forget remind {reference}"),
                    ));
                    if authority.is_some() {
                        commands.push((
                            "If the reminder goes unanswered too, the complaint:".to_string(),
                            format!("  forget complain {reference}"),
                        ));
                    }
                } else if self.draft.entered.is_some() {
                    steps.push(format!(
                        "If no answer has come by then, remind {company}, and then complain to \
                         {}. Keep this letter and its date: they are your evidence.",
                        authority.as_deref().unwrap_or("the supervisory authority")
                    ));
                } else {
                    let next = crate::decide::next_working_day(due + Days::new(1));
                    steps.push(format!(
                        "If no answer has come by then, come back on {} and write the reminder.",
                        long_date(next)
                    ));
                    let label = if posted {
                        "The reminder (if the letter arrived after today, give the day it arrived \
                         as --original-date):"
                    } else {
                        "The reminder:"
                    };
                    commands.push((label.to_string(), self.follow_up("reminder", kind, None)));
                    if let Some(authority) = authority {
                        commands.push((
                            format!(
                                "If the reminder goes unanswered too, the complaint to \
                                 {authority} (if you sent the reminder on {next}):"
                            ),
                            self.follow_up("complaint", kind, Some(next)),
                        ));
                    }
                }
            }
            None => {
                let kind = self.draft.kind.expect("asked before");
                // BIPA sets no deadline: the letter asks for confirmation by a date of its own.
                let asked_by = (composition.regime == "bipa")
                    .then(|| self.today + Days::new(BIPA_CONFIRM_DAYS));
                steps.push(match asked_by {
                    Some(by) => format!(
                        "The law sets no deadline, so the letter asks {company} to confirm in \
                         writing within {BIPA_CONFIRM_DAYS} days of receiving it: by {} if it \
                         receives it today. Keep this letter, its date and every reply: they are \
                         your evidence.",
                        long_date(by)
                    ),
                    None => "forget's rules record no deadline for this answer. Keep this letter, \
                             its date and every reply: they are your evidence."
                        .to_string(),
                });
                let private = chosen.filter(|c| c.regime.route() == Route::PrivateAction);
                if let Some(chosen) = private {
                    let escalation = chosen.regime.escalation_on(self.today);
                    let mut step = format!(
                        "If {company} does not comply: {} ({}).",
                        escalation.summary.trim_end_matches('.'),
                        escalation.cite
                    );
                    if let Some(side) = chosen.side_note {
                        step.push_str(&format!(
                            " Worth knowing, though not competent under the {}: {}. {}",
                            chosen.regime.short_name,
                            side.display_name(),
                            side.notes.join(" ")
                        ));
                    }
                    steps.push(step);
                    if self.settlement_matters() {
                        steps.push(format!(
                            "{company} must also keep an opt-out form for Illinois residents on \
                             its website (forget has not confirmed its address): with a photo of \
                             your face, it blocks your faceprints from its search results, but it \
                             does not delete them. The letter asks for that block as well as for \
                             destruction; using the form yourself is up to you."
                        ));
                    }
                    let when = asked_by.map_or("When you choose".to_string(), |by| {
                        format!(
                            "If no written confirmation has come by {}, from {}",
                            long_date(by),
                            long_date(crate::decide::next_working_day(by + Days::new(1)))
                        )
                    });
                    if let Some(reference) = &self.draft.case {
                        if self.draft.sent != Some(Sending::Sent) {
                            commands.push(mark_sent(reference, posted));
                        }
                        commands.push((
                            format!(
                                "{when}, the final demand (it asks for an answer within {} days):",
                                crate::letter::REMINDER_DAYS
                            ),
                            format!("  forget remind {reference}"),
                        ));
                        commands.push((
                            "And if that goes unanswered too, the facts and dates for a lawyer:"
                                .to_string(),
                            format!("  forget complain {reference}"),
                        ));
                    } else if self.draft.entered.is_none() {
                        commands.push((
                            format!("{when}, the final demand:"),
                            self.follow_up("reminder", kind, None),
                        ));
                    }
                }
            }
        }
        self.ask.say_numbered(&steps);
        for (what, command) in commands {
            self.ask.say(&what);
            self.ask.show(&command);
        }
        Ok(())
    }

    /// The `forget letter` (or `forget send`) command for a follow-up, with this request's answers, run on the day
    /// it is sent.
    fn follow_up(&self, what: &str, kind: RequestKind, reminded: Option<NaiveDate>) -> String {
        let command = if self.draft.sent.is_some() {
            "forget send"
        } else {
            "forget letter"
        };
        let mut words = vec![
            command.to_string(),
            format!("--kind {what}"),
            format!("--original-kind {kind}"),
            format!("--original-date {}", self.today),
            format!("--controller {}", self.controller().id),
            format!(
                "--residence {}",
                self.draft.residence.as_ref().expect("asked before").code()
            ),
            format!("--name {}", shell_quote(&self.draft.name)),
            format!("--email {}", shell_quote(&self.draft.email)),
        ];
        if let Some(reminded) = reminded {
            words.push(format!("--reminded-on {reminded}"));
        }
        if !self.draft.address.is_empty() {
            words.push(format!("--address {}", shell_quote(&self.draft.address)));
        }
        if self.draft.offer_photo {
            words.push("--offer-photo".to_string());
        }
        if self.draft.settlement != Settlement::Unknown {
            words.push(format!("--settlement {}", self.draft.settlement.as_str()));
        }
        if let Some(regime) = &self.draft.regime {
            words.push(format!("--regime {regime}"));
        }
        if let Some(language) = self.draft.language.filter(|_| what == "reminder") {
            words.push(format!("--lang {}", language.code()));
        }
        // Broken over lines a shell reads as one command.
        let mut lines = vec![format!("  {}", words[0])];
        for word in &words[1..] {
            let last = lines.last_mut().expect("one line at least");
            if last.len() + 1 + word.len() > 76 {
                last.push_str(" \\");
                lines.push(format!("    {word}"));
            } else {
                last.push(' ');
                last.push_str(word);
            }
        }
        lines.join("\n")
    }
}

/// For a letter recorded as a case but not sent from the wizard: the command that records the day
/// it was sent, and what to say before it.
fn mark_sent(reference: &str, posted: bool) -> (String, String) {
    let via = if posted { "post" } else { "email|post|webform" };
    (
        "When you have sent it, record the day (and, for post, the day it \
         arrived, with --received-on):"
            .to_string(),
        format!("  forget cases mark-sent {reference} --on YYYY-MM-DD --via {via}"),
    )
}

/// A word as a POSIX shell reads it back: quoted when it needs to be.
fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@%+=:,./-_".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_the_shell_would_split() {
        assert_eq!(shell_quote("jane@example.org"), "jane@example.org");
        assert_eq!(shell_quote("Jane Doe"), "'Jane Doe'");
        assert_eq!(shell_quote("O'Brien"), r"'O'\''Brien'");
    }
}
