//! Open deadlines as an iCalendar file (RFC 5545): one all-day event per deadline.

use chrono::NaiveDate;

use super::case::{Case, Status};

/// The calendar: for each case awaiting an answer, the day it is due (or the day a reminder
/// asked for), with the command for the next step.
pub fn calendar(cases: &[Case], today: NaiveDate) -> String {
    let mut out = String::new();
    let mut line = |text: &str| fold(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//forget//cases//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    for case in cases {
        let (day, what, then) = match case.status {
            Status::Sent => match case.effective_due() {
                Some(due) => (
                    due,
                    "answer due",
                    format!("forget remind {}", case.reference),
                ),
                None => continue,
            },
            Status::Reminded => match case.reminder_due.or(case.effective_due()) {
                Some(due) => (
                    due,
                    "answer to the reminder due",
                    format!("forget complain {}", case.reference),
                ),
                None => continue,
            },
            Status::ComplainedToCompany => match case.reminder_due {
                Some(due) => (
                    due,
                    "acknowledgement of your complaint to the company due",
                    format!("forget complain {}", case.reference),
                ),
                None => continue,
            },
            _ => continue,
        };
        line("BEGIN:VEVENT");
        line(&format!(
            "UID:{}-{}@forget",
            case.reference,
            case.status.as_str()
        ));
        line(&format!("DTSTAMP:{}T000000Z", today.format("%Y%m%d")));
        line(&format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")));
        line(&format!(
            "DTEND;VALUE=DATE:{}",
            day.succ_opt().unwrap_or(day).format("%Y%m%d")
        ));
        line(&format!(
            "SUMMARY:{}",
            escape(&format!(
                "{}: {what} ({} request, {}) {}",
                case.controller_name, case.kind, case.regime, case.reference
            ))
        ));
        line(&format!(
            "DESCRIPTION:{}",
            escape(&format!(
                "If no complete answer has come by the end of this day, run `{then}` the next \
                 day. `forget cases show {}` shows the case.",
                case.reference
            ))
        ));
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// Text values escape backslashes, semicolons, commas and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes a content line, folded at 75 octets (never inside a character), ending in CRLF.
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_and_values_escape() {
        let mut out = String::new();
        fold(
            &mut out,
            &format!("SUMMARY:{}", escape(&"é, x;".repeat(20))),
        );
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        assert!(out.contains("\\,") && out.contains("\\;"));
    }
}
