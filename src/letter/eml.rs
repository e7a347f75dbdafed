//! The letter as an e-mail message (RFC 5322), built with lettre.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, Result, bail};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MessageBuilder};

use super::format::body_text;
use super::letter::Letter;
use crate::text::one_line;

/// Who else an e-mail goes to, besides the recipient, and when it is dated.
#[derive(Debug, Clone)]
pub struct Addressing<'a> {
    /// Where the letter goes.
    pub to: &'a [String],
    pub cc: Option<&'a str>,
    pub bcc: Option<&'a str>,
    /// The account that sends on the letter's author's behalf, when it is another address.
    pub sender: Option<&'a str>,
    /// The `Date` header.
    pub date: SystemTime,
}

/// The message from the sender to `to`, dated the letter's date, with a Message-ID in the
/// sender's own domain (never the machine's name).
pub fn message(letter: &Letter, to: &[String]) -> Result<Message> {
    message_with(
        letter,
        &Addressing {
            to,
            cc: None,
            bcc: None,
            sender: None,
            date: noon_utc(letter),
        },
    )
}

/// The message as [`message`], addressed as `addressing` says.
pub fn message_with(letter: &Letter, addressing: &Addressing<'_>) -> Result<Message> {
    let Some(sender_email) = &letter.sender.email else {
        bail!("the letter has no sender e-mail address");
    };
    let from = mailbox(&letter.sender.name, sender_email)?;
    if addressing.to.is_empty() {
        bail!(
            "{} has no e-mail address in forget's rules, so there is no one to address an e-mail to",
            letter.recipient.name
        );
    }
    let mut builder = Message::builder().from(from.clone());
    for (i, address) in addressing.to.iter().enumerate() {
        // The recipient's name goes on its first (main) address only.
        let name = if i == 0 {
            letter.recipient.name.as_str()
        } else {
            ""
        };
        builder = builder.to(mailbox(name, address)?);
    }
    if let Some(cc) = addressing.cc {
        builder = builder.cc(mailbox(&letter.sender.name, cc)?);
    }
    if let Some(bcc) = addressing.bcc {
        builder = builder.bcc(mailbox(&letter.sender.name, bcc)?);
    }
    if let Some(sender) = addressing
        .sender
        .filter(|s| !s.eq_ignore_ascii_case(sender_email))
    {
        builder = builder.sender(mailbox("", sender)?);
    }
    let domain = ascii_domain(from.email.domain());
    builder = builder
        .subject(one_line(&letter.subject))
        .date(addressing.date)
        .message_id(Some(message_id(&letter.reference, letter.date, &domain)));
    build(builder, body_text(&letter.body))
}

/// `<reference.yyyymmdd@domain>`: the same letter keeps the same id, so a copy sent twice can be
/// recognised as one.
fn message_id(reference: &str, date: chrono::NaiveDate, domain: &str) -> String {
    // Only what an id's left part may hold: a reference given by hand may have anything.
    let reference: String = reference
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '.' | '_' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '-',
        })
        .collect();
    // A dot-atom: no dot at either end, none doubled.
    let reference = reference
        .split('.')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(".");
    let reference = if reference.is_empty() {
        "letter"
    } else {
        &reference
    };
    format!("<{reference}.{}@{domain}>", date.format("%Y%m%d"))
}

/// An address (or a bare domain) with its domain in ASCII (`bücher.example` as
/// `xn--bcher-kva.example`): what every mail server takes, with or without SMTPUTF8, and what a
/// Message-ID must be written in.
fn ascii_domain(address: &str) -> String {
    let (local, domain) = match address.rsplit_once('@') {
        Some((local, domain)) => (Some(local), domain),
        None => (None, address),
    };
    let domain = idna::domain_to_ascii(domain).unwrap_or_else(|_| domain.to_string());
    match local {
        Some(local) => format!("{local}@{domain}"),
        None => domain,
    }
}

/// The message as the bytes of an `.eml` file.
pub fn eml(letter: &Letter, to: &[String]) -> Result<Vec<u8>> {
    Ok(message(letter, to)?.formatted())
}

fn build(builder: MessageBuilder, body: String) -> Result<Message> {
    builder
        // Mail programs take a message without it as plain ASCII (RFC 2045): with it, the
        // charset and the encoding below are read as meant.
        .header(lettre::message::header::MIME_VERSION_1_0)
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .context("cannot build the e-mail")
}

/// A mailbox with a display name made safe: lettre panics on a line break in a name, and no
/// control character belongs in a header anyway.
fn mailbox(name: &str, address: &str) -> Result<Mailbox> {
    let email = ascii_domain(address)
        .parse()
        .with_context(|| format!("`{address}` is not a valid e-mail address"))?;
    let name = one_line(name);
    Ok(Mailbox::new((!name.is_empty()).then_some(name), email))
}

/// The letter's date at 12:00 UTC: deterministic, and the same calendar day in every time zone
/// from UTC-11 to UTC+11.
fn noon_utc(letter: &Letter) -> SystemTime {
    let seconds = letter
        .date
        .and_hms_opt(12, 0, 0)
        .expect("noon exists")
        .and_utc()
        .timestamp();
    UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_given_by_hand_cannot_break_the_message_id() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let id = message_id("A B<C>@D\r\nX", date, "example.org");
        assert_eq!(id, "<a-b-c--d--x.20260131@example.org>");
        let id = message_id("FGT-WKK6-JPW5", date, "example.org");
        assert_eq!(id, "<fgt-wkk6-jpw5.20260131@example.org>");
    }

    #[test]
    fn message_ids_are_valid_for_dotted_references_and_idn_domains() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        // A dot-atom has no dot at either end and none doubled.
        let id = message_id(".NGO..2026.", date, "example.org");
        assert_eq!(id, "<ngo.2026.20260131@example.org>");
        assert_eq!(
            message_id("...", date, "example.org"),
            "<letter.20260131@example.org>"
        );
        // A domain in another script is written in ASCII, as every server takes it.
        let id = message_id("FGT-1", date, &ascii_domain("bücher.example"));
        assert_eq!(id, "<fgt-1.20260131@xn--bcher-kva.example>");
        assert_eq!(
            ascii_domain("jörg@bücher.example"),
            "jörg@xn--bcher-kva.example"
        );
    }

    #[test]
    fn line_breaks_in_names_and_subjects_are_flattened() {
        assert_eq!(one_line("Eve\r\nBcc: x@y.z"), "Eve Bcc: x@y.z");
        let mailbox = mailbox("Eve\r\nBcc: x@y.z", "eve@example.org").unwrap();
        assert_eq!(mailbox.name.as_deref(), Some("Eve Bcc: x@y.z"));
        // Formatting must not panic.
        let _ = mailbox.to_string();
    }
}
