//! The Illinois settlement question: for an Illinois resident writing to Clearview AI, whether
//! they excluded themselves from the class settlement, which decides what the letter may threaten.

use anyhow::Result;

use super::super::ask::{Choice, Step};
use super::{Flow, Move, index_of};
use crate::letter::Settlement;

impl Flow<'_> {
    /// Whether this letter is an Illinois resident's to Clearview AI, whose class settlement
    /// decides what the letter may threaten.
    pub(super) fn settlement_matters(&self) -> bool {
        self.draft.entered.is_none()
            && self.draft.controller.as_deref() == Some("clearview-ai")
            && self
                .draft
                .residence
                .as_ref()
                .is_some_and(|r| r.code() == "US-IL")
    }

    /// For an Illinois resident writing to Clearview AI: whether they excluded themselves from the
    /// class settlement, after saying what it released and what it did not. An answers file
    /// that leaves it out answers "I don't know".
    pub(super) fn settlement(&mut self) -> Result<Move> {
        let unasked = self.ask.is_replay() && !self.ask.answered("settlement");
        if !self.settlement_matters() || unasked {
            self.draft.settlement = Settlement::Unknown;
            self.ask.given.remove("settlement");
            return Ok(Move::Skip);
        }
        self.ask.heading("The Clearview AI class settlement");
        self.ask.say(
            "Clearview AI settled a nationwide class action over its face database (In re \
             Clearview AI, Inc. Consumer Privacy Litigation); the court approved the settlement \
             on 20 March 2025. Everyone in the United States whose face was in the database was \
             in the class unless they excluded themselves by 20 September 2024. The class gets a \
             share in the company, and nothing in the settlement makes Clearview AI delete \
             anything. A member who did not exclude themselves has very likely released their \
             claims for damages for what it covered (objectors appealed to the Seventh Circuit; \
             forget has not been able to confirm the outcome). Your answer decides what the \
             letter may say: it never threatens a claim you have released.",
        );
        let choices = [
            Choice::new(
                Settlement::Member.as_str(),
                "No: I did not exclude myself (I am, or may be, in the class)",
            ),
            Choice::new(
                Settlement::Excluded.as_str(),
                "Yes: I excluded myself (opted out) by 20 September 2024",
            ),
            Choice::new(Settlement::Unknown.as_str(), "I don't know"),
        ];
        let default = index_of(&choices, Some(self.draft.settlement.as_str()));
        let step = self.ask.select(
            "settlement",
            "Did you exclude yourself from the settlement by 20 September 2024?",
            &choices,
            default,
        )?;
        let Step::Answer(index) = step else {
            return Ok(Move::Back);
        };
        let settlement =
            Settlement::parse(&choices[index].value).expect("the choices are settlement statuses");
        self.draft.settlement = settlement;
        self.ask.say(match settlement {
            Settlement::Member => {
                "Then your claims for damages for what the settlement covered were very likely \
                 released. The letter claims none: it demands that Clearview AI comply with BIPA \
                 from now on, destroy your faceprints, and neither sell nor disclose them."
            }
            Settlement::Excluded => {
                "Then you keep your own claims, and the letter is notice before a suit. A suit \
                 under BIPA must be brought within five years (Tims v. Black Horse Carriers, \
                 2023), and repeated collection by the same method counts as one violation (SB \
                 2979, 2024): ask a lawyer when your five years run out."
            }
            Settlement::Unknown => {
                "Then the letter threatens nothing: if you did not exclude yourself, your claims \
                 for damages for what the settlement covered were very likely released. It \
                 demands that Clearview AI comply with BIPA from now on."
            }
        });
        Ok(Move::Next)
    }
}
