//! A reply from the company, as an .eml: which case it answers, when, and its text.

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use mail_parser::MessageParser;

/// What forget reads from a reply.
#[derive(Debug)]
pub struct Reply {
    pub subject: Option<String>,
    /// The reference found in the subject, if any (`FGT-XXXX-XXXX`).
    pub reference: Option<String>,
    /// The Message-IDs it answers (In-Reply-To, then References), without angle brackets.
    pub answers: Vec<String>,
    pub message_id: Option<String>,
    /// The day it was sent, in its own time zone.
    pub date: Option<NaiveDate>,
    pub from: Option<String>,
    /// The text body.
    pub text: String,
}

/// Reads an e-mail message; `file` names it in errors.
pub fn parse(raw: &[u8], file: &str) -> Result<Reply> {
    let message = MessageParser::default()
        .parse(raw)
        .filter(|m| m.from().is_some() || m.subject().is_some() || m.message_id().is_some())
        .ok_or_else(|| {
            anyhow!(
                "`{file}` is not an e-mail message (.eml): save the reply from your mail program \
                 as a file (\"Save as\" or \"Download message\")"
            )
        })?;
    let subject = message.subject().map(str::to_string);
    let mut answers: Vec<String> = Vec::new();
    for header in [message.in_reply_to(), message.references()] {
        for id in header.as_text_list().unwrap_or_default() {
            let id = id.trim_matches(['<', '>', ' ']).to_string();
            if !id.is_empty() && !answers.contains(&id) {
                answers.push(id);
            }
        }
    }
    let date = message.date().and_then(|d| {
        NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
    });
    let from = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(str::to_string);
    let text = message
        .body_text(0)
        .map(|t| t.into_owned())
        .unwrap_or_default();
    Ok(Reply {
        reference: subject.as_deref().and_then(find_reference),
        subject,
        answers,
        message_id: message.message_id().map(str::to_string),
        date,
        from,
        text,
    })
}

/// The first `FGT-XXXX-XXXX` in `text`, upper-cased.
pub fn find_reference(text: &str) -> Option<String> {
    let upper = text.to_uppercase();
    let bytes = upper.as_bytes();
    let mut start = 0;
    while let Some(found) = upper[start..].find("FGT-") {
        let at = start + found;
        let code = &bytes[at + 4..];
        let group = |range: std::ops::Range<usize>| {
            code.get(range)
                .is_some_and(|g| g.iter().all(u8::is_ascii_alphanumeric))
        };
        if code.len() >= 9 && group(0..4) && code[4] == b'-' && group(5..9) {
            return Some(upper[at..at + 13].to_string());
        }
        start = at + 4;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_found_in_a_reply_subject() {
        assert_eq!(
            find_reference("RE: Antrag auf Löschung [fgt-7kq3-m2xd]").as_deref(),
            Some("FGT-7KQ3-M2XD")
        );
        assert_eq!(
            find_reference("FGT-12 and FGT-ABCD-EFGH"),
            Some("FGT-ABCD-EFGH".into())
        );
        assert_eq!(find_reference("no reference"), None);
        assert_eq!(find_reference("FGT-ABCD-EF"), None);
    }

    #[test]
    fn a_reply_gives_its_date_and_what_it_answers() {
        let raw = b"From: Privacy <privacy@clearview.ai>\r\nTo: jane@example.org\r\nSubject: Re: your request\r\nDate: Tue, 10 Mar 2026 23:30:00 -0500\r\nMessage-ID: <r1@clearview.ai>\r\nIn-Reply-To: <abc@example.org>\r\n\r\nWe need a photo.\r\n";
        let reply = parse(raw, "reply.eml").unwrap();
        assert_eq!(reply.answers, vec!["abc@example.org".to_string()]);
        assert_eq!(reply.date, NaiveDate::from_ymd_opt(2026, 3, 10));
        assert_eq!(reply.reference, None);
        assert!(reply.text.contains("We need a photo."));
        assert!(parse(b"\x00\x01 not mail", "x.eml").is_err());
    }
}
