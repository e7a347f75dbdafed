use std::fmt;

use crate::rules::RequestKind;

/// What a letter is: a request, or a follow-up to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LetterKind {
    Request(RequestKind),
    /// To the company, after the deadline passed.
    Reminder,
    /// To the supervisory authority, about the company.
    Complaint,
    /// For the person's lawyer, where the law is enforced in court (BIPA): the facts and dates.
    Counsel,
}

impl LetterKind {
    pub const FOLLOW_UPS: &[(&str, LetterKind)] = &[
        ("reminder", LetterKind::Reminder),
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

    pub fn as_str(self) -> &'static str {
        match self {
            LetterKind::Request(kind) => kind.as_str(),
            LetterKind::Reminder => "reminder",
            LetterKind::Complaint => "complaint",
            LetterKind::Counsel => "counsel",
        }
    }

    /// The template file for a letter of this kind under `regime` (without the language folder).
    pub fn template_stem(self, regime: &str) -> &str {
        match self {
            LetterKind::Request(_) => regime,
            LetterKind::Reminder => "reminder",
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
