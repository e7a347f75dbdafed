//! Delivery: a composed letter written out in the format the person can use, to a file or to
//! standard output, or sent by e-mail over SMTP.

pub mod config;
pub mod mailer;
pub mod outgoing;
pub mod password;
mod secrets;
pub mod tls_probe;

use std::path::Path;

use anyhow::{Context as _, Result, bail};

pub use config::{Config, CopyTo, Security, Sender, Smtp};
pub use mailer::{Mailer, SendError, Sent};
pub use outgoing::Outgoing;

use crate::letter::{Composition, Format, eml, format, pdf};

/// Sends `outgoing` through the configured server: refuses plain text to another machine unless
/// `insecure` is allowed, fetches the password, and retries transient failures, telling
/// `on_retry` about each.
pub fn send(
    config: &Config,
    outgoing: &Outgoing,
    insecure: bool,
    on_retry: impl FnMut(&str) + 'static,
) -> Result<Sent> {
    let smtp = config.require_smtp()?;
    smtp.check_security(insecure)?;
    let password = password::resolve(smtp)?;
    let mut mailer = Mailer::new(smtp, password, &outgoing.hello_domain())?.on_retry(on_retry);
    let sent = mailer.send(&outgoing.envelope, &outgoing.bytes);
    mailer.close();
    Ok(sent?)
}

/// The longest `mailto:` link that common mail programs and browsers take whole; a longer one may
/// be cut short without a word.
pub const MAILTO_LIMIT: usize = 2000;

/// What to say of a `mailto:` link of `length` characters, if it is too long to rely on.
pub fn mailto_note(length: usize) -> Option<String> {
    (length > MAILTO_LIMIT).then(|| {
        format!(
            "this mailto: link is {length} characters long; many mail programs and browsers take \
             only about {MAILTO_LIMIT} and may cut the letter short without saying so: check that \
             the whole letter arrived in the new message, or write it as an e-mail file with \
             `--format eml`, which every mail program opens whole"
        )
    })
}

/// The web forms of a company that takes no e-mail, or `None` when it takes e-mail.
pub fn webform_only<'c>(composition: &'c Composition<'_>) -> Option<Vec<&'c str>> {
    if !composition.to.is_empty() {
        return None;
    }
    Some(
        composition
            .webforms
            .iter()
            .map(|(url, _)| url.as_str())
            .collect(),
    )
}

/// The letter in `format`, as bytes. A format that needs an e-mail address is refused, with
/// what to do instead, when the recipient takes none.
pub fn render(composition: &Composition<'_>, format: Format) -> Result<Vec<u8>> {
    let letter = &composition.letter;
    let needs_email = matches!(format, Format::Eml | Format::Mailto);
    if needs_email && composition.to.is_empty() {
        let forms: Vec<&str> = composition
            .webforms
            .iter()
            .map(|(url, _)| url.as_str())
            .collect();
        if forms.is_empty() {
            bail!(
                "{} has no e-mail address in forget's rules: write the letter as text or PDF and \
                 send it by post",
                letter.recipient.name
            );
        }
        bail!(
            "{} takes requests through a web form, not by e-mail: write the letter with `--format \
             text` and paste it into {}",
            letter.recipient.name,
            forms.join(" or ")
        );
    }
    Ok(match format {
        Format::Text => format::text(letter).into_bytes(),
        Format::Markdown => format::markdown(letter).into_bytes(),
        Format::Html => format::html(letter).into_bytes(),
        Format::Mailto => format!("{}\n", format::mailto(letter, &composition.to)).into_bytes(),
        Format::Eml => eml::eml(letter, &composition.to)?,
        Format::Pdf => pdf::render(letter)?,
    })
}

/// Writes the letter in `format` to `path`, atomically and readable by the owner only.
pub fn save(composition: &Composition<'_>, format: Format, path: &Path) -> Result<()> {
    let bytes = render(composition, format)?;
    crate::atomic::write(path, &bytes)
        .with_context(|| format!("cannot write the letter to `{}`", path.display()))
}

/// A file name for the letter that says what it is, made only of safe characters:
/// `clearview-ai-access-2026-11-23.txt`.
pub fn file_name(composition: &Composition<'_>, controller_id: &str, format: Format) -> String {
    let extension = format.extension();
    // At most 40 characters of the id: a company entered by hand may have a very long name.
    let safe: String = controller_id
        .chars()
        .take(40)
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!(
        "{safe}-{}-{}.{extension}",
        composition.kind, composition.letter.date
    )
}
