//! The person's details step: name, e-mail and postal address, then whether to offer a photo
//! (and, for an Illinois resident writing to Clearview AI, the settlement question).

use anyhow::Result;

use super::super::ask::Step;
use super::{Flow, Move, non_empty};
use crate::letter::Person;

/// The person's details asked as text: the answers-file key, the prompt, whether it may be left
/// empty, and the check that also normalises it.
type Check = fn(&str) -> Result<String>;
const DETAILS: [(&str, &str, bool, Check); 3] = [
    (
        "name",
        "Your name, as the company knows you",
        false,
        Person::check_name,
    ),
    (
        "email",
        "The e-mail address the answer should go to",
        false,
        Person::check_email,
    ),
    (
        "address",
        "Your postal address, lines separated by commas (optional: Enter to skip)",
        true,
        postal_address,
    ),
];

fn postal_address(text: &str) -> Result<String> {
    Ok(Person::check_address(text)?.join(", "))
}

impl Flow<'_> {
    pub(super) fn details(&mut self) -> Result<Move> {
        self.ask.heading("Your details");
        let company = self.controller().name.clone();
        self.ask.say(&format!(
            "They go into the letter (and into the answers file, if you save one): your name so \
             that {company} can find your \
             records, your e-mail address for the answer, and a postal address only if you will \
             post the letter or {company} knows you by it."
        ));
        // The text details, then the photo, then the class settlement: the last two may have
        // nothing to ask, and are then passed in the direction the person is going.
        let mut question = 0;
        let mut forward = true;
        loop {
            let Some(&(key, prompt, optional, check)) = DETAILS.get(question) else {
                let step = match question - DETAILS.len() {
                    0 => self.photo()?,
                    1 => self.settlement()?,
                    _ => return Ok(Move::Next),
                };
                forward = match step {
                    Move::Next => true,
                    Move::Back => false,
                    Move::Skip => forward,
                    Move::Stop => return Ok(Move::Stop),
                };
                if forward {
                    question += 1;
                } else {
                    question -= 1;
                }
                continue;
            };
            let current = self.draft.detail(key).clone();
            let mut step = self
                .ask
                .input(key, prompt, non_empty(&current), optional, check)?;
            if let (Step::Answer(value), "email") = (&step, key) {
                match self.confirm_address(key, prompt, value.clone())? {
                    Step::Answer(value) => step = Step::Answer(value),
                    // Back from correcting it: the same question again.
                    Step::Back => continue,
                }
            }
            match step {
                Step::Answer(value) => {
                    *self.draft.detail(key) = value;
                    forward = true;
                    question += 1;
                }
                Step::Back if question == 0 => return Ok(Move::Back),
                Step::Back => {
                    forward = false;
                    question -= 1;
                }
            }
        }
    }

    /// An e-mail address with no dot after the @ ("priya@gmail") is valid, but most likely a
    /// slip: the person confirms it or corrects it. (An answers file is taken as written.)
    pub(super) fn confirm_address(
        &mut self,
        key: &str,
        prompt: &str,
        mut address: String,
    ) -> Result<Step<String>> {
        loop {
            let dotless = address
                .rsplit_once('@')
                .is_some_and(|(_, domain)| !domain.contains('.'));
            if !dotless {
                return Ok(Step::Answer(address));
            }
            let problem = format!(
                "`{address}` has no dot after the @, where almost every address has one (as in \
                 `gmail.com`)"
            );
            if self.ask.is_replay() {
                self.ask.say(&format!(
                    "Note: {problem}; it is used as the answers file gives it."
                ));
                return Ok(Step::Answer(address));
            }
            self.ask.say(&format!("{problem}."));
            if let Step::Answer(true) = self.ask.proceed("Is it right as it is?", false)? {
                return Ok(Step::Answer(address));
            }
            match self
                .ask
                .correct(key, prompt, &address, Person::check_email)?
            {
                Step::Answer(corrected) => address = corrected,
                Step::Back => return Ok(Step::Back),
            }
        }
    }

    /// Whether to offer a photo, after explaining what the law lets a company ask for. Asked only
    /// where the company is known to ask for one, or finds people by their face: such a company
    /// can truthfully find nothing without a photo, so the first letter offers one by default.
    fn photo(&mut self) -> Result<Move> {
        let kind = self.draft.kind.expect("asked before");
        let decision = self.decision();
        let strongest = decision.strongest_for(kind).map(|r| r.regime);
        let identity_rule = strongest
            .and_then(|r| r.identity.as_ref())
            .map(|rule| format!("The law ({}): {}", rule.cite, rule.rule));
        // Art. 11(2): a company that cannot identify the person need not act until given what
        // lets it (the GDPR and the UK GDPR).
        let gdpr = strongest
            .filter(|r| matches!(r.id.as_str(), "gdpr" | "uk-gdpr"))
            .map(|r| r.short_name.clone());
        drop(decision);
        let controller = self.controller();
        let company = controller.name.clone();
        let face_search = controller.face_search;
        let practice = controller.identity.clone();
        let demands_photo = practice.as_ref().is_some_and(|p| p.demands_photo);
        if !demands_photo && !face_search {
            self.draft.offer_photo = false;
            self.draft.photo_answered = false;
            self.ask.given.remove("offer_photo");
            return Ok(Move::Skip);
        }
        let prompt = if face_search {
            let mut why = format!(
                "{company} finds people by their face, not by their name: it indexes faces, so \
                 from your name and e-mail address alone it can truthfully answer that it found \
                 nothing."
            );
            if let Some(law) = &gdpr {
                why.push_str(&format!(
                    " Under the {law}, a company that shows it cannot identify you need not act \
                     on your request until you give it information that lets it identify you \
                     (Art. 11(2) {law})."
                ));
            }
            why.push_str(
                " A photo of your face given only so that it can find and erase your records is \
                 not a check of who you are: the letter says it may be used for that search and \
                 nothing else, must not be added to the index, and must be deleted afterwards. \
                 So forget offers one in the first letter, unless you say no.",
            );
            self.ask.say(&why);
            "Offer a photo of your face in the letter, to be used only to find your records?"
        } else {
            "Offer a photo of your face, to be used only to find your data?"
        };
        let mut warning = String::from(if face_search {
            "What it may ask for besides: "
        } else {
            "Before you offer anything to prove who you are: "
        });
        if let Some(practice) = &practice {
            warning.push_str(&practice.summary);
            warning.push(' ');
        }
        if let Some(rule) = identity_rule {
            warning.push_str(&rule);
            warning.push(' ');
        }
        warning.push_str(
            "forget's letters never offer a copy of an identity document. If you offer a photo \
             of your face, the letter says it may be used only to find your data.",
        );
        self.ask.say(&warning);
        let default = if self.draft.photo_answered {
            self.draft.offer_photo
        } else {
            face_search
        };
        let step = self.ask.confirm("offer_photo", prompt, default)?;
        if let Step::Answer(offer) = step {
            self.draft.offer_photo = offer;
            self.draft.photo_answered = true;
        }
        Ok(step.into())
    }
}
