use std::path::Path;

use anyhow::{Result, bail};

use crate::rules::reader::read_file;

/// The person a letter is written for. Whatever they typed is data: it is checked here and
/// never becomes template code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
    /// Postal address lines, country last; empty when not given.
    pub address: Vec<String>,
    /// Whether they offer a photo, used only to search for their data.
    pub offer_photo: bool,
    /// Where they stand towards the Clearview AI class settlement (BIPA letters only).
    pub settlement: Settlement,
}

/// Where the person stands towards the nationwide class settlement with Clearview AI (*In re
/// Clearview AI, Inc. Consumer Privacy Litigation*, N.D. Ill. No. 1:21-cv-00135, final approval
/// 20 March 2025): a class member who did not exclude themselves by 20 September 2024 has very
/// likely released their damages claims for the conduct it covered. Only BIPA letters to
/// Clearview AI use it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Settlement {
    /// Did not exclude themselves by 20 September 2024: a class member.
    #[value(help = "you did not exclude yourself by 20 September 2024: you are a class member")]
    Member,
    /// Excluded themselves (opted out) by 20 September 2024: keeps individual claims.
    #[value(help = "you excluded yourself (opted out) by 20 September 2024")]
    Excluded,
    /// Not known, or not said: the letter threatens no claim the settlement may have released.
    #[default]
    #[value(help = "you do not know, or would rather not say")]
    Unknown,
}

impl Settlement {
    pub fn as_str(self) -> &'static str {
        match self {
            Settlement::Unknown => "unknown",
            Settlement::Member => "member",
            Settlement::Excluded => "excluded",
        }
    }

    /// What a template sees: `member`, `excluded`, or `none` when it is not known.
    pub fn known(self) -> Option<&'static str> {
        (self != Settlement::Unknown).then(|| self.as_str())
    }

    /// Reads `member`, `excluded` or `unknown` (in any case; an empty text is `unknown`).
    pub fn parse(text: &str) -> Result<Settlement, String> {
        let text = text.trim();
        match text.to_lowercase().as_str() {
            "" | "unknown" => Ok(Settlement::Unknown),
            "member" => Ok(Settlement::Member),
            "excluded" => Ok(Settlement::Excluded),
            _ => Err(format!(
                "`{text}` is not a settlement status: write member (you did not exclude \
                 yourself from the Clearview AI class settlement by 20 September 2024), excluded \
                 (you did), or unknown"
            )),
        }
    }
}

/// What a profile file (`--profile FILE.toml`) may hold; flags override it.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub name: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub lang: Option<String>,
    pub offer_photo: Option<bool>,
}

const PROFILE_FIELDS: &[&str] = &["name", "email", "address", "lang", "offer_photo"];

impl Person {
    /// Checks the person's details.
    pub fn new(
        name: &str,
        email: &str,
        address: Option<&str>,
        offer_photo: bool,
    ) -> Result<Person> {
        Ok(Person {
            name: Person::check_name(name)?,
            email: Person::check_email(email)?,
            address: match address {
                Some(text) => address_lines(text)?,
                None => Vec::new(),
            },
            offer_photo,
            settlement: Settlement::Unknown,
        })
    }

    /// The same person, with where they stand towards the Clearview AI class settlement.
    pub fn with_settlement(mut self, settlement: Settlement) -> Person {
        self.settlement = settlement;
        self
    }

    /// A name as the company knows the person: one line, not empty.
    pub fn check_name(name: &str) -> Result<String> {
        let name = single_line("name", name)?;
        if name.is_empty() {
            bail!("the name is empty: give the name the company knows you by");
        }
        Ok(name)
    }

    /// The e-mail address the company should answer to.
    pub fn check_email(email: &str) -> Result<String> {
        let email = single_line("e-mail address", email)?;
        // What the mail parser accepts but forget cannot send, and many mail systems refuse:
        // said here, before a letter is written, not when the e-mail is on its way.
        if email.starts_with('"') {
            bail!(
                "`{email}` has a quoted part before the @: forget cannot send to such an address, \
                 and many mail systems refuse it; give an address without quotes, like \
                 `jane@example.org`"
            );
        }
        if email.ends_with(']') {
            bail!(
                "`{email}` names a computer by its IP address after the @, not a domain: forget \
                 cannot send to such an address, and mail systems refuse it; give an address \
                 with a domain, like `jane@example.org`"
            );
        }
        if let Err(error) = email.parse::<lettre::Address>() {
            bail!(
                "`{email}` is not a valid e-mail address ({error}): give the address the company \
                 should answer to, like `jane@example.org`"
            );
        }
        Ok(email)
    }

    /// A postal address, as lines; an empty text is no address.
    pub fn check_address(text: &str) -> Result<Vec<String>> {
        address_lines(text)
    }
}

/// Splits a postal address into lines: at line breaks, or at commas when it is written on one
/// line ("Musterstraße 1, 20095 Hamburg, Germany").
fn address_lines(text: &str) -> Result<Vec<String>> {
    let separator = if text.contains('\n') { '\n' } else { ',' };
    let mut lines = Vec::new();
    for line in text.split(separator) {
        let line = line.trim();
        if line.chars().any(char::is_control) {
            bail!(
                "the postal address contains a control character in `{}`: write it as plain text, \
                 lines separated by commas",
                line.escape_debug()
            );
        }
        if !line.is_empty() {
            lines.push(line.to_string());
        }
    }
    Ok(lines)
}

/// Trims a one-line value and refuses line breaks and other control characters, which could
/// otherwise break an e-mail header or the layout.
fn single_line(what: &str, value: &str) -> Result<String> {
    let value = value.trim();
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        bail!(
            "the {what} `{}` contains a control character ({}): write it on one line",
            value.escape_debug(),
            c.escape_debug()
        );
    }
    // Bidirectional embedding, override and isolate characters reorder what a reader sees:
    // they could make a name or address in a letter read as something else.
    if let Some(c) = value.chars().find(|c| is_bidi_control(*c)) {
        bail!(
            "the {what} `{}` contains a character that reverses the direction of the text \
             (U+{:04X}), which can disguise what the letter says: remove it",
            value.escape_debug(),
            u32::from(c)
        );
    }
    Ok(value.to_string())
}

/// U+202A to U+202E (embeddings and overrides) and U+2066 to U+2069 (isolates).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

impl Profile {
    /// Reads a profile file; every problem is reported with its line and column.
    pub fn load(path: &Path) -> Result<Profile> {
        let (profile, _) = read_file(path, "the profile", |ctx, root| {
            let mut root = root.with_fields(PROFILE_FIELDS);
            let mut text = |key: &str| root.opt_string(ctx, key).map(|t| t.value);
            let mut profile = Profile {
                name: text("name"),
                email: text("email"),
                address: text("address"),
                lang: text("lang"),
                ..Profile::default()
            };
            profile.offer_photo = root.opt_bool(ctx, "offer_photo");
            root.finish(ctx);
            profile
        })?;
        Ok(profile)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_name_with_a_right_to_left_override_is_refused() {
        let error = Person::check_name("Jane \u{202E}eoD").unwrap_err();
        assert!(error.to_string().contains("U+202E"), "{error}");
        assert!(Person::check_name("Jane Doe").is_ok());
        // Right-to-left names themselves are fine.
        assert!(Person::check_name("\u{05D3}\u{05E0}\u{05D4}").is_ok());
    }

    use super::*;

    #[test]
    fn an_address_on_one_line_is_split_at_commas() {
        let person = Person::new(
            " Jane Doe ",
            "jane@example.org",
            Some("Musterstraße 1, 20095 Hamburg, Germany"),
            false,
        )
        .unwrap();
        assert_eq!(person.name, "Jane Doe");
        assert_eq!(
            person.address,
            ["Musterstraße 1", "20095 Hamburg", "Germany"]
        );
    }

    #[test]
    fn line_breaks_in_a_name_are_refused() {
        let error = Person::new("Eve\r\nBcc: x@y.z", "eve@example.org", None, false).unwrap_err();
        assert!(error.to_string().contains("control character"), "{error}");
    }

    #[test]
    fn a_settlement_status_is_read_in_any_case_and_empty_is_unknown() {
        assert_eq!(Settlement::parse(" Member "), Ok(Settlement::Member));
        assert_eq!(Settlement::parse("EXCLUDED"), Ok(Settlement::Excluded));
        assert_eq!(Settlement::parse(""), Ok(Settlement::Unknown));
        assert_eq!(Settlement::Unknown.known(), None);
        assert_eq!(Settlement::Member.known(), Some("member"));
        let error = Settlement::parse("opted-out").unwrap_err();
        assert!(
            error.contains("member") && error.contains("excluded"),
            "{error}"
        );
    }

    #[test]
    fn a_bad_email_is_refused() {
        let error = Person::new("Eve", "eve(at)example.org", None, false).unwrap_err();
        assert!(error.to_string().contains("not a valid e-mail"), "{error}");
    }
}
