//! The residence step: the country the person lives in and, where the law or the authority
//! depends on it, the state or province; and whether any law in the rules protects them there.
//! (Named `place`, not `residence`, so as not to hide the crate's `residence` module it uses.)

use anyhow::Result;

use super::super::ask::{Choice, Step};
use super::{Flow, Move, country_choices, position};
use crate::decide::subdivision_matters;
use crate::residence::search::{Name, fold, names_a_subdivision, own_terms};
use crate::residence::{self, Residence};

/// Whether a law in the rules protects the residence chosen, and if not, what the person chose.
enum Covered {
    Yes,
    /// Stop without a letter.
    Stop,
    /// Choose the place again.
    Again,
}

impl Flow<'_> {
    pub(super) fn residence(&mut self) -> Result<Move> {
        self.ask.heading("Where do you live?");
        self.ask.say(
            "Which law protects you depends mostly on where you live, and for some laws on \
             where the company is established.",
        );
        let mut question = 0;
        // What the state or province list starts with: a region the person typed in the
        // country list ("Bavaria" found Germany).
        let mut search = String::new();
        loop {
            if question == 0 {
                let choices = country_choices();
                let current = self.draft.residence.as_ref().map(|r| r.country_code());
                let default = position(&choices, current);
                let country_of = |text: &str| -> Result<String> {
                    Ok(Residence::parse(text)?.country_code().to_string())
                };
                let Step::Answer(index) = self.ask.search(
                    "residence",
                    "Which country do you live in? (type to search)",
                    &choices,
                    default,
                    "",
                    &country_of,
                )?
                else {
                    return Ok(Move::Back);
                };
                let country = choices[index].value.clone();
                if current != Some(country.as_str()) {
                    self.draft.subdivision = None;
                }
                self.set_residence(Residence::parse(&country)?);
                if !subdivision_matters(self.rules, &country) {
                    self.draft.subdivision = None;
                    match self.covered()? {
                        Covered::Yes => return Ok(Move::Next),
                        Covered::Stop => return Ok(Move::Stop),
                        Covered::Again => continue,
                    }
                }
                let typed = self.ask.searched();
                search = if names_a_subdivision(&country, typed) {
                    typed.to_string()
                } else {
                    String::new()
                };
                question = 1;
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
                "In {} the law or the authority can depend on your {noun}. If you would rather \
                 not say, forget answers for {} as a whole, and may leave out the law or the \
                 authority of your {noun}.",
                country.in_sentence(),
                country.in_sentence()
            ));
            let mut subdivisions: Vec<_> = residence::subdivisions(country.code).collect();
            subdivisions.sort_by_cached_key(|s| fold(s.name));
            let mut choices: Vec<Choice> = subdivisions
                .into_iter()
                .map(|s| {
                    Choice::new(s.code, format!("{} ({})", s.name, s.code)).with_terms(own_terms(s))
                })
                .collect();
            // Never where the cursor starts, and always in view.
            choices.push(
                Choice::new(
                    country.code,
                    format!(
                        "I'd rather not say (forget answers for {} as a whole)",
                        country.name
                    ),
                )
                .found_by([Name::new("I'd rather not say")])
                .pinned(),
            );
            let default = position(&choices, self.draft.subdivision.as_deref());
            let code = |text: &str| -> Result<String> {
                let parsed = Residence::parse(text)?;
                Ok(parsed.code().to_string())
            };
            let step = self.ask.search(
                "residence",
                &format!("Which {noun}? (type to search)"),
                &choices,
                default,
                &search,
                &code,
            )?;
            search.clear();
            match step {
                Step::Back => question = 0,
                Step::Answer(index) => {
                    let value = choices[index].value.clone();
                    self.set_residence(Residence::parse(&value)?);
                    self.draft.subdivision = Some(value);
                    match self.covered()? {
                        Covered::Yes => return Ok(Move::Next),
                        Covered::Stop => return Ok(Move::Stop),
                        Covered::Again => {}
                    }
                }
            }
        }
    }

    /// Sets where the person lives; a company whose country the person did not know is, for
    /// the law, taken where they live (the letter then says nothing of where it is).
    fn set_residence(&mut self, residence: Residence) {
        if self.draft.establishment_unknown
            && let Some(entered) = &mut self.draft.entered
        {
            entered.country = residence.country_code().to_string();
        }
        self.draft.residence = Some(residence);
    }

    /// Whether any regime protects the chosen residence. Where none does, says so honestly, with
    /// what the person can still do, and asks whether to stop or to choose the place again (never
    /// back to the list unasked); from an answers file, stops with an error at the residence.
    fn covered(&mut self) -> Result<Covered> {
        let decision = self.decision();
        if !decision.regimes.is_empty() {
            return Ok(Covered::Yes);
        }
        let residence = decision.residence.clone();
        drop(decision);
        let place = residence.place();
        let message = format!(
            "no law in forget's rules protects residents of {place} yet, so it cannot write a \
             letter that relies on one"
        );
        let mut explanation = String::from(
            "That does not mean that no law protects you there: only that forget does not model \
             one, and it will not cite a law it does not know applies to you. ",
        );
        explanation.push_str(&self.authority_for(&residence));
        let steps = self.courtesy_route();
        if self.ask.is_replay() {
            self.ask.say(&explanation);
            self.ask.say_list("What you can still do:", &steps);
            return Err(self.ask.invalid("residence", &message));
        }
        self.ask.heading("No law that forget knows");
        self.ask.say(&format!("Sorry: {message}. {explanation}"));
        self.ask.say_list("What you can still do:", &steps);
        let what = match residence.subdivision() {
            Some(_) => residence::subdivision_noun(residence.country_code()),
            None => "country".to_string(),
        };
        let again = format!("Go back: I chose the wrong {what}");
        match self.ask.choose(
            "What now?",
            &["Stop here (nothing is written)", again.as_str()],
            0,
        )? {
            Step::Answer(0) => {
                self.ask.say("Stopped: nothing was written.");
                Ok(Covered::Stop)
            }
            _ => Ok(Covered::Again),
        }
    }

    /// The authority forget's rules list for residents of `residence`, or that they list none.
    fn authority_for(&self, residence: &Residence) -> String {
        let found = crate::decide::closest_authority(self.rules.authorities.iter(), residence);
        match found {
            Some(authority) => format!(
                "forget's rules list {} ({}) for residents of {}, though under no law they hold \
                 for you: ask it whether it can help.",
                authority.display_name(),
                authority.website,
                residence.place()
            ),
            None => format!(
                "Nor do its rules list an authority for residents of {}, so it cannot tell you \
                 where to complain.",
                residence.place()
            ),
        }
    }

    /// The courtesy route: what a person no modelled law protects can still do.
    fn courtesy_route(&self) -> Vec<String> {
        let controller = self.controller();
        let company = &controller.name;
        let forms: Vec<&str> = controller.webforms.iter().map(|w| w.url.as_str()).collect();
        let emails: Vec<&str> = controller
            .emails
            .iter()
            .map(|e| e.address.as_str())
            .collect();
        let contact = match (forms.as_slice(), emails.as_slice()) {
            ([], []) => String::new(),
            (forms, []) => format!(", through its form {}", forms.join(" or ")),
            ([], emails) => format!(", by e-mail to {}", emails.join(" and ")),
            (forms, emails) => format!(
                ", through its form {} or by e-mail to {}",
                forms.join(" or "),
                emails.join(" and ")
            ),
        };
        vec![
            format!(
                "Ask {company} yourself, as a courtesy, to tell you what it holds on you, or to \
                 erase it{contact}. No deadline in law binds it that forget knows of: ask for an \
                 answer by a date you set yourself (say so: it is your date, not the law's), and \
                 keep a copy of what you send."
            ),
            "Hold it to its own word: quote its privacy policy, with the policy's date, where \
             it says how it handles such requests or which rights it gives, and ask it to apply \
             that to you too."
                .to_string(),
            "Give as little as you can to prove who you are: no copy of an identity document \
             unless it insists."
                .to_string(),
            "To find out which law protects you and where to complain, ask a consumer \
             organisation or a lawyer where you live."
                .to_string(),
        ]
    }
}
