//! The company step: a company from forget's rules, or one the person enters (its name, privacy
//! address and country).

use anyhow::Result;

use super::super::ask::{Choice, Step};
use super::{Flow, Move, country_choices, index_of, non_empty};
use crate::letter::Person;
use crate::residence;
use crate::rules::Controller;

/// The value of `controller` for a company the person enters.
const NOT_LISTED: &str = "not-listed";

impl Flow<'_> {
    pub(super) fn company(&mut self) -> Result<Move> {
        self.ask.heading("Which company?");
        loop {
            let mut choices: Vec<Choice> = self
                .rules
                .controllers
                .iter()
                .map(|c| match &c.website {
                    Some(website) => {
                        Choice::new(&c.id, format!("{} ({website})", c.display_name()))
                    }
                    None => Choice::new(&c.id, c.display_name()),
                })
                .collect();
            choices.push(Choice::new(
                NOT_LISTED,
                "My company is not listed: I will enter it",
            ));
            let default = match (&self.draft.entered, &self.draft.controller) {
                (Some(_), _) => choices.len() - 1,
                (None, Some(id)) => index_of(&choices, Some(id)),
                (None, None) => 0,
            };
            let prompt = "Which company do you want to write to? (type to search)";
            let Step::Answer(index) =
                self.ask
                    .select("controller", prompt, &choices, default, true)?
            else {
                return Ok(Move::Back);
            };
            if choices[index].value != NOT_LISTED {
                self.draft.entered = None;
                self.draft.controller = Some(choices[index].value.clone());
                for key in ["company_name", "company_email", "company_country"] {
                    self.ask.given.remove(key);
                }
                let controller = self.controller();
                let country = residence::lookup(&controller.country)
                    .map_or(controller.country.clone(), |e| e.in_sentence());
                self.ask.say(&format!(
                    "{} is established in {country}.",
                    controller.display_name()
                ));
                return Ok(Move::Next);
            }
            if let Step::Answer(()) = self.enter_company()? {
                return Ok(Move::Next);
            }
        }
    }

    /// A company that is not listed: its name, privacy address and country.
    fn enter_company(&mut self) -> Result<Step<()>> {
        self.ask.say(
            "forget does not know this company, so it needs three things from its privacy policy \
             or legal notice: its name, the e-mail address it gives for privacy requests, and the \
             country it is established in (which decides whether a law reaches it).",
        );
        self.ask.say(
            "forget will know nothing else about it, so whether each law reaches it is for you to \
             check: the GDPR reaches a company outside the EU only when it offers goods or \
             services to people in the EU or monitors their behaviour there, and some laws, like \
             the CCPA, bind only businesses above a size threshold.",
        );
        let previous = self.draft.entered.clone();
        let mut name = previous
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let mut email = previous
            .as_ref()
            .and_then(|c| c.emails.first())
            .map(|e| e.address.clone())
            .unwrap_or_default();
        let mut question = 0;
        loop {
            let step = match question {
                0 => self.ask.input(
                    "company_name",
                    "The company's name",
                    non_empty(&name),
                    false,
                    Person::check_name,
                )?,
                1 => self.ask.input(
                    "company_email",
                    "Its e-mail address for privacy requests",
                    non_empty(&email),
                    false,
                    Person::check_email,
                )?,
                _ => {
                    let choices = country_choices();
                    let default = index_of(&choices, previous.as_ref().map(|c| c.country.as_str()));
                    match self.ask.select(
                        "company_country",
                        "Where is it established? (type to search)",
                        &choices,
                        default,
                        true,
                    )? {
                        Step::Answer(index) => {
                            self.draft.controller = Some(NOT_LISTED.to_string());
                            self.draft.entered =
                                Some(Controller::entered(&name, &email, &choices[index].value));
                            return Ok(Step::Answer(()));
                        }
                        Step::Back => Step::Back,
                    }
                }
            };
            match step {
                Step::Back if question == 0 => return Ok(Step::Back),
                Step::Back => question -= 1,
                Step::Answer(value) => {
                    if question == 0 {
                        name = value;
                    } else {
                        email = value;
                    }
                    question += 1;
                }
            }
        }
    }
}
