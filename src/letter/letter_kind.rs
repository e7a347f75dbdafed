use std::fmt;

use crate::rules::RequestKind;

/// What a letter is: a request, or a follow-up to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LetterKind {
    Request(RequestKind),
    /// To the company, after the deadline passed.
    Reminder,
    /// To the company itself, a formal complaint that it infringes the law (the UK's s. 164A DPA
    /// 2018), before a complaint to the authority.
    CompanyComplaint,
    /// To the supervisory authority, about the company.
    Complaint,
    /// For the person's lawyer, where the law is enforced in court (BIPA): the facts and dates.
    Counsel,
}

impl LetterKind {
    pub const FOLLOW_UPS: &[(&str, LetterKind)] = &[
        ("reminder", LetterKind::Reminder),
        ("company-complaint", LetterKind::CompanyComplaint),
        ("complaint", LetterKind::Complaint),
        ("counsel", LetterKind::Counsel),
    ];

    /// Every kind's name, requests first.
    pub fn names() -> Vec<&'static str> {
        let requests = RequestKind::CHOICES.iter().map(|(name, _)| *name);
        let follow_ups = LetterKind::FOLLOW_UPS.iter().map(|(name, _)| *name);
        requests.chain(follow_ups).collect()
    }

    pub fn parse(name: &str) -> Option<LetterKind> {
        if let Some((_, kind)) = RequestKind::CHOICES.iter().find(|(n, _)| *n == name) {
            return Some(LetterKind::Request(*kind));
        }
        LetterKind::FOLLOW_UPS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, kind)| *kind)
    }

    /// The kind named `text`, or an error with the closest name.
    pub fn parse_named(text: &str) -> Result<LetterKind, String> {
        LetterKind::parse(text)
            .ok_or_else(|| crate::suggest::unknown("kind", text, &LetterKind::names()))
    }

    /// The request kind named `text` (not a follow-up), or an error with the closest name.
    pub fn parse_request(text: &str) -> Result<RequestKind, String> {
        match LetterKind::parse(text) {
            Some(LetterKind::Request(kind)) => Ok(kind),
            _ => {
                let names: Vec<&str> = RequestKind::CHOICES.iter().map(|(n, _)| *n).collect();
                Err(crate::suggest::unknown("request kind", text, &names))
            }
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LetterKind::Request(kind) => kind.as_str(),
            LetterKind::Reminder => "reminder",
            LetterKind::CompanyComplaint => "company-complaint",
            LetterKind::Complaint => "complaint",
            LetterKind::Counsel => "counsel",
        }
    }

    /// The template file for a letter of this kind under `regime` (without the language folder).
    pub fn template_stem(self, regime: &str) -> &str {
        match self {
            LetterKind::Request(_) => regime,
            LetterKind::Reminder => "reminder",
            LetterKind::CompanyComplaint => "company-complaint",
            LetterKind::Complaint => "complaint",
            LetterKind::Counsel => "counsel",
        }
    }
}

impl fmt::Display for LetterKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
