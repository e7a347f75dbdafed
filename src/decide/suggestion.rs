//! Which request to make: the kinds the applicable regimes give, the recommended one first, each
//! with what it does in plain words.

use super::Decision;
use crate::rules::RequestKind;

/// One request a person can make, with what it does and why it comes where it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub kind: RequestKind,
    /// What the request does, in a few words.
    pub what: &'static str,
    /// Why it is recommended; only the first suggestion has one.
    pub why: Option<String>,
    /// The regimes that give it, strongest first, by short name.
    pub regimes: Vec<String>,
}

/// The requests the regimes in `decision` give, the recommended one first.
///
/// Access comes first wherever a regime gives it: a person can only have erased what they know is
/// held, and the answer (or its absence) is the evidence for any complaint. The Hamburg complainant
/// against Clearview started this way (fact sheet §1.3, sources S:13 and S:14). Where no regime
/// gives access, a BIPA destruction demand comes first, then erasure; the rest follow in the
/// canonical order.
pub fn suggestions(decision: &Decision<'_>) -> Vec<Suggestion> {
    let mut kinds: Vec<RequestKind> = RequestKind::CHOICES
        .iter()
        .map(|(_, kind)| *kind)
        .filter(|&kind| decision.strongest_for(kind).is_some())
        .collect();
    // Where only regimes that give the destruction demand give erasure (BIPA, which has no right
    // of erasure by that name and answers `erasure` with the destruction demand), the demand is
    // offered once, under its own name.
    let only_destruction = |kind: RequestKind| {
        decision
            .supporting(kind)
            .all(|r| r.regime.kinds().contains(&RequestKind::DestroyBiometrics))
    };
    if kinds.contains(&RequestKind::DestroyBiometrics) && only_destruction(RequestKind::Erasure) {
        kinds.retain(|&kind| kind != RequestKind::Erasure);
    }
    let first = [
        RequestKind::Access,
        RequestKind::DestroyBiometrics,
        RequestKind::Erasure,
    ]
    .into_iter()
    .find(|kind| kinds.contains(kind));
    if let Some(first) = first {
        kinds.retain(|&kind| kind != first);
        kinds.insert(0, first);
    }
    let company = decision
        .controller
        .map_or("the company".to_string(), |c| c.name.clone());
    kinds
        .into_iter()
        .enumerate()
        .map(|(index, kind)| Suggestion {
            kind,
            what: what(kind),
            why: (index == 0).then(|| why(kind, &company)),
            regimes: decision
                .supporting(kind)
                .map(|r| r.regime.short_name.clone())
                .collect(),
        })
        .collect()
}

fn what(kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::Access => "find out what they hold on you, where they got it and who got it",
        RequestKind::Erasure => "have them delete what they hold on you",
        RequestKind::Objection => "make them stop processing your data for their own interests",
        RequestKind::Restriction => "freeze your data while a dispute about it is settled",
        RequestKind::WithdrawConsent => "take back any consent you gave",
        RequestKind::OptOut => "stop them selling or sharing your personal information",
        RequestKind::DestroyBiometrics => {
            "demand that they destroy your biometric identifiers, such as a face scan"
        }
    }
}

fn why(kind: RequestKind, company: &str) -> String {
    match kind {
        RequestKind::Access => format!(
            "Erasure is easier to ask for, and to check, once you know what {company} holds, and \
             its answer (or its silence) is your evidence if you later complain. The Hamburg \
             resident whose complaint made the Hamburg authority act against Clearview AI began by \
             asking what it held on him. Ask for erasure next, or at the same time with a second \
             letter."
        ),
        RequestKind::DestroyBiometrics => format!(
            "The law that protects you gives no right of access here, but it limits how long \
             {company} may keep biometric identifiers and forbids collecting them without your \
             written release: this demand is a dated record you or a lawyer can rely on later."
        ),
        _ => format!(
            "Of the requests the law that protects you gives against {company}, this one goes \
             furthest."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::decide;
    use crate::residence::Residence;
    use crate::rules::{RuleSet, RulesLocation};

    fn suggested(residence: &str) -> Vec<RequestKind> {
        let rules = RuleSet::check(&RulesLocation::Embedded).rules.unwrap();
        let controller = rules.controller("clearview-ai");
        let decision = decide(
            &rules,
            Residence::parse(residence).unwrap(),
            controller,
            None,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            None,
        );
        suggestions(&decision).iter().map(|s| s.kind).collect()
    }

    #[test]
    fn access_comes_first_where_a_regime_gives_it() {
        let kinds = suggested("DE-HH");
        assert_eq!(kinds[..2], [RequestKind::Access, RequestKind::Erasure]);
        assert_eq!(suggested("CA-QC")[0], RequestKind::Access);
    }

    #[test]
    fn illinois_is_offered_the_bipa_demand() {
        assert_eq!(suggested("US-IL"), [RequestKind::DestroyBiometrics]);
    }
}
