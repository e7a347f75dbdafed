use std::fmt;

use serde::Serialize;

/// What a person asks a company for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestKind {
    Access,
    Erasure,
    Objection,
    Restriction,
    WithdrawConsent,
    OptOut,
    DestroyBiometrics,
}

impl RequestKind {
    pub const ALL: [RequestKind; 7] = [
        RequestKind::Access,
        RequestKind::Erasure,
        RequestKind::Objection,
        RequestKind::Restriction,
        RequestKind::WithdrawConsent,
        RequestKind::OptOut,
        RequestKind::DestroyBiometrics,
    ];

    pub const CHOICES: &[(&str, RequestKind)] = &[
        ("access", RequestKind::Access),
        ("erasure", RequestKind::Erasure),
        ("objection", RequestKind::Objection),
        ("restriction", RequestKind::Restriction),
        ("withdraw-consent", RequestKind::WithdrawConsent),
        ("opt-out", RequestKind::OptOut),
        ("destroy-biometrics", RequestKind::DestroyBiometrics),
    ];

    pub fn as_str(self) -> &'static str {
        RequestKind::CHOICES
            .iter()
            .find(|(_, kind)| *kind == self)
            .map(|(name, _)| *name)
            .expect("every kind is in CHOICES")
    }
}

impl fmt::Display for RequestKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
