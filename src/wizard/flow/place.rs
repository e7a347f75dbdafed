//! The residence step: the country the person lives in and, where the law or the authority
//! depends on it, the state or province; and whether any law in the rules protects them there.
//! (Named `place`, not `residence`, so as not to hide the crate's `residence` module it uses.)

use anyhow::Result;

use super::super::ask::{Choice, Step};
use super::{Flow, Move, country_choices, index_of};
use crate::decide::subdivision_matters;
use crate::residence::{self, Residence};

impl Flow<'_> {
    pub(super) fn residence(&mut self) -> Result<Move> {
        self.ask.heading("Where do you live?");
        self.ask.say(
            "Which law protects you depends mostly on where you live, and for some laws on \
             where the company is established.",
        );
        let mut question = 0;
        loop {
            if question == 0 {
                let choices = country_choices();
                let current = self.draft.residence.as_ref().map(|r| r.country_code());
                let default = index_of(&choices, current);
                let country_of = |text: &str| -> Result<String> {
                    Ok(Residence::parse(text)?.country_code().to_string())
                };
                let Step::Answer(index) = self.ask.select_mapped(
                    "residence",
                    "Which country do you live in? (type to search)",
                    &choices,
                    default,
                    true,
                    &country_of,
                )?
                else {
                    return Ok(Move::Back);
                };
                let country = choices[index].value.clone();
                self.draft.residence = Some(Residence::parse(&country)?);
                question = 1;
                if !subdivision_matters(self.rules, &country) {
                    if self.protected()? {
                        return Ok(Move::Next);
                    }
                    question = 0;
                }
                continue;
            }
            let country = self
                .draft
                .residence
                .as_ref()
                .map(|r| r.country())
                .expect("the country was chosen");
            let noun = residence::subdivision_noun(country.code);
            self.ask.say(&format!(
                "In {} the law or the authority can depend on your {noun}.",
                country.in_sentence()
            ));
            let mut choices: Vec<Choice> = residence::subdivisions(country.code)
                .map(|s| Choice::new(s.code, format!("{} ({})", s.name, s.code)))
                .collect();
            choices.push(Choice::new(
                country.code,
                format!(
                    "I'd rather not say (forget answers for {} as a whole)",
                    country.name
                ),
            ));
            let default = index_of(&choices, self.draft.residence.as_ref().map(|r| r.code()));
            let code = |text: &str| -> Result<String> {
                let parsed = Residence::parse(text)?;
                Ok(parsed.code().to_string())
            };
            match self.ask.select_mapped(
                "residence",
                &format!("Which {noun}? (type to search)"),
                &choices,
                default,
                true,
                &code,
            )? {
                Step::Back => question = 0,
                Step::Answer(index) => {
                    self.draft.residence = Some(Residence::parse(&choices[index].value)?);
                    if self.protected()? {
                        return Ok(Move::Next);
                    }
                    question = 0;
                }
            }
        }
    }

    /// Whether any regime protects the chosen residence; says so when none does (and, from an
    /// answers file, stops).
    fn protected(&mut self) -> Result<bool> {
        let decision = self.decision();
        if !decision.regimes.is_empty() {
            return Ok(true);
        }
        let message = format!(
            "no law in forget's rules protects residents of {} yet, so it cannot write a letter \
             that relies on one",
            decision.residence.place()
        );
        if self.ask.is_replay() {
            return Err(self.ask.invalid("residence", &message));
        }
        self.ask.say(&format!("Sorry: {message}."));
        Ok(false)
    }
}
