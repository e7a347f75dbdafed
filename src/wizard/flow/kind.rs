//! The kind of request step: what the person asks the company for, the strongest first.

use anyhow::Result;

use super::super::ask::{Choice, Step};
use super::{Flow, Move};
use crate::decide::suggestions;
use crate::rules::RequestKind;

impl Flow<'_> {
    pub(super) fn kind(&mut self) -> Result<Move> {
        let decision = self.decision();
        let company = self.controller().name.clone();
        let suggested = suggestions(&decision);
        // Where erasure is only the demand to destroy biometric identifiers by another name (BIPA
        // has no right of erasure), the list offers the demand alone; an answers file may still
        // say `erasure`.
        let erasure_is_destruction = decision.strongest_for(RequestKind::Erasure).is_some()
            && !suggested.iter().any(|s| s.kind == RequestKind::Erasure);
        drop(decision);
        self.ask.heading("What do you want?");
        if let Some(why) = suggested.first().and_then(|s| s.why.as_deref()) {
            self.ask.say(&format!(
                "Recommended: {}, to {}. {why}",
                suggested[0].kind, suggested[0].what
            ));
        }
        let choices: Vec<Choice> = suggested
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mark = if i == 0 { ", recommended" } else { "" };
                Choice::new(
                    s.kind.as_str(),
                    format!("{}: {} ({}{mark})", s.kind, s.what, s.regimes.join(", ")),
                )
            })
            .collect();
        if erasure_is_destruction {
            self.ask.say(&format!(
                "To have {company} erase your data, demand that it destroy your biometric \
                 identifiers: the law that protects you has no right of erasure by that name."
            ));
        }
        let default = self
            .draft
            .kind
            .and_then(|k| suggested.iter().position(|s| s.kind == k))
            .unwrap_or(0);
        let as_destruction = |text: &str| -> Result<String> {
            Ok(match text.trim() {
                erasure if erasure_is_destruction && erasure.eq_ignore_ascii_case("erasure") => {
                    RequestKind::DestroyBiometrics.as_str().to_string()
                }
                other => other.to_string(),
            })
        };
        let step = self.ask.select_mapped(
            "kind",
            &format!("What do you want to ask {company} for?"),
            &choices,
            default,
            &as_destruction,
        )?;
        if let Step::Answer(index) = step {
            self.draft.kind = Some(suggested[index].kind);
        }
        Ok(step.into())
    }
}
