//! What a template sees (documented in templates/README.md; keep the two in step).

use serde::Serialize;

use super::person::Person;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct LetterContext {
    pub lang: &'static str,
    pub kind: &'static str,
    pub date: String,
    /// The same date as YYYY-MM-DD, for comparisons with dates a law starts to apply.
    pub date_iso: String,
    /// When an access request made on `date` would be due under the regime, where the rules give
    /// an access deadline (PIPEDA's erasure letter includes an access request).
    pub access_due: Option<String>,
    pub reference: String,
    pub person: PersonContext,
    pub residence: ResidenceContext,
    pub controller: ControllerContext,
    pub regime: RegimeContext,
    pub provisions: Vec<CitationContext>,
    pub deadline: Option<DeadlineContext>,
    pub due: Option<String>,
    pub extension: Option<ExtensionContext>,
    pub identity: Option<RuleContext>,
    pub fees: Option<RuleContext>,
    pub representative: Option<CitationContext>,
    pub representative_designated: Option<bool>,
    pub escalation: EscalationContext,
    pub authority: Option<AuthorityContext>,
    pub precedents: Vec<PrecedentContext>,
    pub also: Vec<OtherRegimeContext>,
    pub original: Option<OriginalContext>,
    pub reply_days: Option<u32>,
    pub reply_by: Option<String>,
    pub timeline: Vec<EventContext>,
    /// The steps after the request and the reminder, under the law on the letter's date.
    pub steps: Vec<StepContext>,
    /// A window the person must apply in after a refusal, and the day it closes.
    pub window: Option<WindowContext>,
}

/// A step of the escalation path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct StepContext {
    /// `complaint-to-controller`, `complaint-to-authority`, `review-application`, `court`.
    pub step: &'static str,
    pub cite: String,
    pub summary: String,
    /// The period the law sets, in the letter's language (`"30 days"`), or `none`.
    pub period: Option<String>,
    /// `company` (it must act within the period) or `person` (a window that closes), or `none`.
    pub binds: Option<&'static str>,
}

/// A window to apply in after a refusal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct WindowContext {
    pub step: StepContext,
    /// The last day, in the letter's language.
    pub closes: String,
}

impl LetterContext {
    /// This context (a frame's, with the person and the reference left blank) for `person`,
    /// under `reference`.
    pub fn for_person(&self, person: &Person, reference: &str) -> LetterContext {
        let mut context = self.clone();
        context.person = PersonContext {
            name: person.name.clone(),
            email: person.email.clone(),
            address: (!person.address.is_empty()).then(|| person.address.clone()),
            offer_photo: person.offer_photo,
            settlement: person.settlement.known(),
        };
        context.reference = reference.to_string();
        if let Some(original) = &mut context.original {
            original.reference = reference.to_string();
        }
        context
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PersonContext {
    pub name: String,
    pub email: String,
    pub address: Option<Vec<String>>,
    pub offer_photo: bool,
    /// Where the person stands towards the Clearview AI class settlement (BIPA): `member`,
    /// `excluded`, or `none` when not known.
    pub settlement: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ResidenceContext {
    pub code: String,
    pub place: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ControllerContext {
    pub id: String,
    pub name: String,
    pub legal_name: String,
    /// ISO 3166-1 code of the country it is established in.
    pub country: String,
    /// Whether that country is in the regime's territory.
    pub inside: bool,
    pub demands_photo: bool,
    pub demands_id: bool,
    /// Its postal address, a line each, where the rules know it.
    pub address: Option<Vec<String>>,
    /// It finds people by their face (Clearview AI, PimEyes).
    pub face_search: bool,
    /// False for a company the person entered: the rules know nothing of what it does.
    pub listed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RegimeContext {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub citation: String,
    /// The provision or decision that reaches a company established elsewhere, or `none`.
    pub reach: Option<CitationContext>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CitationContext {
    pub cite: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct DeadlineContext {
    pub cite: String,
    pub length: u32,
    pub unit: &'static str,
    pub period: String,
    pub statutory: bool,
    /// Whether a last day on a weekend or public holiday moves to the next working day.
    pub shifts: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ExtensionContext {
    pub cite: String,
    pub length: u32,
    pub unit: &'static str,
    pub period: String,
    pub condition: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RuleContext {
    pub cite: String,
    pub rule: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct EscalationContext {
    pub route: &'static str,
    pub cite: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct AuthorityContext {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    pub email: Option<String>,
    pub website: String,
    /// The authority's complaint form, where it has one.
    pub complaint_url: Option<String>,
    pub address: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PrecedentContext {
    pub authority_id: Option<String>,
    pub authority: Option<String>,
    pub own: bool,
    pub date: Option<String>,
    pub reference: String,
    /// What was decided, in English (from the rules table).
    pub summary: String,
    /// Why part of it is unconfirmed, when it is: to be said, never left out.
    pub unconfirmed: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct OtherRegimeContext {
    pub id: String,
    pub short_name: String,
    pub citation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct OriginalContext {
    pub kind: &'static str,
    /// When the company received the request.
    pub date: String,
    /// When the person sent it (the same day for an e-mail).
    pub sent: String,
    pub reference: String,
    /// When the answer was due, after any extension.
    pub due: Option<String>,
    /// Whether the company extended the deadline (to `due`).
    pub extended: bool,
    /// How it was sent: `email`, `post`, `webform`, or `none` when not recorded.
    pub channel: Option<&'static str>,
    /// True when `date` (the day of receipt) is forget's assumption about the post, not known:
    /// a letter must not state it as a fact.
    pub received_assumed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct EventContext {
    pub date: String,
    /// `request`, `received`, `deadline`, `extension`, `reminder` or `reply`.
    pub event: &'static str,
    /// For a reply: `complied`, `refused`, `partial` or `asked-for-id`, when known.
    pub outcome: Option<&'static str>,
    pub note: Option<String>,
}
