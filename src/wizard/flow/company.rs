//! The company step: a company from forget's rules, or one the person enters (its name, privacy
//! address and country).

use anyhow::Result;

use super::super::ask::{Choice, Step};
use super::{Flow, Move, country_choices, non_empty, position};
use crate::letter::Person;
use crate::residence;
use crate::residence::search::Name;
use crate::rules::Controller;

/// The value of `controller` for a company the person enters.
const NOT_LISTED: &str = "not-listed";

/// The value of `company_country` when the person does not know where the company is.
const UNKNOWN: &str = "unknown";

impl Flow<'_> {
    pub(super) fn company(&mut self) -> Result<Move> {
        self.ask.heading("Which company?");
        loop {
            let mut choices: Vec<Choice> = self
                .rules
                .controllers
                .iter()
                .map(|c| {
                    let choice = match &c.website {
                        Some(website) => {
                            Choice::new(&c.id, format!("{} ({website})", c.display_name()))
                        }
                        None => Choice::new(&c.id, c.display_name()),
                    };
                    choice.with_terms([Name::new(&c.name), Name::new(&c.legal_name)])
                })
                .collect();
            // Always in view, whatever is typed: the way to a company forget does not know.
            choices.push(
                Choice::new(NOT_LISTED, "My company is not listed: I will enter it")
                    .found_by([Name::new("not listed"), Name::new("enter it")])
                    .pinned(),
            );
            let default = match (&self.draft.entered, &self.draft.controller) {
                (Some(_), _) => Some(choices.len() - 1),
                (None, id) => position(&choices, id.as_deref()),
            };
            let prompt = "Which company do you want to write to? (type to search)";
            let Step::Answer(index) =
                self.ask
                    .search("controller", prompt, &choices, default, "", &|text| {
                        Ok(text.to_string())
                    })?
            else {
                return Ok(Move::Back);
            };
            if choices[index].value != NOT_LISTED {
                self.draft.entered = None;
                self.draft.establishment_unknown = false;
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
             or legal notice: its name, the e-mail address it gives for privacy requests, and, if \
             you know it, the country it is established in (which decides whether a law reaches \
             it).",
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
                    let mut choices = country_choices();
                    choices.push(
                        Choice::new(UNKNOWN, "I don't know")
                            .found_by([
                                Name::new("I don't know"),
                                Name::new("unknown"),
                                Name::new("not sure"),
                            ])
                            .pinned(),
                    );
                    let previous_country = match &previous {
                        Some(_) if self.draft.establishment_unknown => Some(UNKNOWN),
                        Some(c) => Some(c.country.as_str()),
                        None => None,
                    };
                    let default = position(&choices, previous_country);
                    match self.ask.search(
                        "company_country",
                        "Where is it established? (type to search)",
                        &choices,
                        default,
                        "",
                        &|text| Ok(text.to_string()),
                    )? {
                        Step::Answer(index) => {
                            let unknown = choices[index].value == UNKNOWN;
                            self.draft.controller = Some(NOT_LISTED.to_string());
                            self.draft.establishment_unknown = unknown;
                            self.draft.entered = Some(if unknown {
                                self.ask.say(&format!(
                                    "Then the letter does not say where {name} is established, \
                                     and forget applies the law of where you live. Its privacy \
                                     policy or legal notice usually names the company and its \
                                     address; if you find it, come back and enter the country: \
                                     for a company outside your country, the letter can then \
                                     also say why the law reaches it."
                                ));
                                unknown_country(Controller::entered(&name, &email, ""))
                            } else {
                                Controller::entered(&name, &email, &choices[index].value)
                            });
                            return Ok(Step::Answer(()));
                        }
                        Step::Back => Step::Back,
                    }
                }
            };
            match step {
                Step::Back if question == 0 => return Ok(Step::Back),
                Step::Back => question -= 1,
                Step::Answer(value) if question == 0 => {
                    name = value;
                    question += 1;
                }
                Step::Answer(value) => {
                    let prompt = "Its e-mail address for privacy requests";
                    if let Step::Answer(value) =
                        self.confirm_address("company_email", prompt, value)?
                    {
                        email = value;
                        question += 1;
                    }
                }
            }
        }
    }
}

/// A company whose country the person did not know: its mark says so (the country itself is set
/// when the residence is known).
fn unknown_country(mut controller: Controller) -> Controller {
    for mark in &mut controller.provenance.unconfirmed {
        if mark.field == "country" {
            mark.reason = "you did not know it, so the letter does not say where the company is \
                           established"
                .to_string();
        }
    }
    controller
}
