//! The wizard's steps, in order: company → residence → request → details → language → law →
//! preview → delivery → what happens next. Each step asks, checks in place and may go back; the
//! decisions themselves are the pipeline's (`decide`, `compose`, `deliver`).

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use chrono::{Days, NaiveDate};

use super::ask::{Ask, BACK, Choice, Step};
use super::{Finish, Mail};
use crate::cases::CaseLog;
use crate::cases::record::{self, Delivery};
use crate::decide::{Decision, decide, subdivision_matters, suggestions};
use crate::deliver::{self, Outgoing};
use crate::letter::{
    Composition, Format, Language, LetterKind, LetterRequest, Person, Settlement, TemplateSet,
    compose, format,
};
use crate::residence::{self, Residence};
use crate::rules::{Controller, RequestKind, Route, RuleSet, Transport};
use crate::text::language_name;

/// The value of `controller` for a company the person enters.
const NOT_LISTED: &str = "not-listed";

/// The days a BIPA letter gives the company to confirm in writing (`templates/en/bipa.tera`): a
/// date of forget's choosing, since BIPA sets none.
const BIPA_CONFIRM_DAYS: u64 = 30;

/// Where the wizard is: each stage is one screen's worth of questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Welcome,
    Company,
    Residence,
    Kind,
    Details,
    Language,
    Law,
    Preview,
    Deliver,
    Done,
}

impl Stage {
    const ORDER: [Stage; 10] = [
        Stage::Welcome,
        Stage::Company,
        Stage::Residence,
        Stage::Kind,
        Stage::Details,
        Stage::Language,
        Stage::Law,
        Stage::Preview,
        Stage::Deliver,
        Stage::Done,
    ];

    fn next(self) -> Stage {
        let i = Stage::ORDER.iter().position(|s| *s == self).unwrap_or(0);
        Stage::ORDER[(i + 1).min(Stage::ORDER.len() - 1)]
    }

    fn previous(self) -> Stage {
        let i = Stage::ORDER.iter().position(|s| *s == self).unwrap_or(0);
        Stage::ORDER[i.saturating_sub(1)]
    }
}

/// What a stage did: move on, go back, or nothing to ask here (keep going the same way).
enum Move {
    Next,
    Back,
    Skip,
}

impl<T> From<Step<T>> for Move {
    fn from(step: Step<T>) -> Move {
        match step {
            Step::Answer(_) => Move::Next,
            Step::Back => Move::Back,
        }
    }
}

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

/// What has been answered so far.
#[derive(Default)]
struct Draft {
    controller: Option<String>,
    /// A company the person entered, when it is not in the rules.
    entered: Option<Controller>,
    residence: Option<Residence>,
    kind: Option<RequestKind>,
    name: String,
    email: String,
    address: String,
    offer_photo: bool,
    /// Whether the person answered the photo question (else its default is the company's).
    photo_answered: bool,
    /// For an Illinois resident writing to Clearview AI: the class settlement.
    settlement: Settlement,
    language: Option<Language>,
    regime: Option<String>,
    /// The format the letter was saved in, if it was saved.
    saved_as: Option<Format>,
    /// What became of sending it by e-mail, if the person did.
    sent: Option<Sending>,
    /// The case the request is recorded as.
    case: Option<String>,
}

/// The outcome of sending the letter from the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sending {
    Sent,
    /// The connection was lost before the server confirmed it.
    Uncertain,
}

impl Draft {
    /// The text field of the person's details named by its answers-file key.
    fn detail(&mut self, key: &str) -> &mut String {
        match key {
            "name" => &mut self.name,
            "email" => &mut self.email,
            _ => &mut self.address,
        }
    }
}

pub struct Flow<'a> {
    rules: &'a RuleSet,
    templates: &'a TemplateSet,
    ask: &'a mut Ask,
    today: NaiveDate,
    draft: Draft,
    /// Called just before a file is written and after, so Ctrl-C cannot cut a write in half.
    guard: &'a dyn Fn(bool),
    /// How to send e-mail, when a mail server is configured.
    mail: Option<&'a Mail>,
    /// The data directory of the case log, when the request is to be recorded.
    cases: Option<&'a Path>,
}

impl<'a> Flow<'a> {
    pub fn new(
        rules: &'a RuleSet,
        templates: &'a TemplateSet,
        ask: &'a mut Ask,
        today: NaiveDate,
        guard: &'a dyn Fn(bool),
        mail: Option<&'a Mail>,
        cases: Option<&'a Path>,
    ) -> Flow<'a> {
        Flow {
            rules,
            templates,
            ask,
            today,
            draft: Draft::default(),
            guard,
            mail: mail.filter(|m| m.config.smtp.is_some()),
            cases,
        }
    }

    /// Runs every stage, going back where the person asks to.
    pub fn run(mut self) -> Result<Finish> {
        let mut stage = Stage::Welcome;
        let mut forward = true;
        while stage != Stage::Done {
            let step = match stage {
                Stage::Welcome => self.welcome(),
                Stage::Company => self.company()?,
                Stage::Residence => self.residence()?,
                Stage::Kind => self.kind()?,
                Stage::Details => self.details()?,
                Stage::Language => self.language()?,
                Stage::Law => self.law()?,
                Stage::Preview => self.preview()?,
                Stage::Deliver => self.deliver()?,
                Stage::Done => Move::Next,
            };
            forward = match step {
                Move::Next => true,
                Move::Back => false,
                Move::Skip => forward,
            };
            stage = if forward {
                stage.next()
            } else if stage == Stage::Company {
                // Nothing before the first question: stay.
                Stage::Company
            } else {
                stage.previous()
            };
        }
        self.next_steps()?;
        Ok(match self.draft.sent {
            Some(Sending::Uncertain) => Finish::PerhapsSent,
            _ => Finish::Done,
        })
    }

    fn welcome(&self) -> Move {
        self.ask.say(
            "forget helps you make a company tell you what it holds on you, or erase it, under \
             the law that protects you where you live. It asks a few questions, then writes the \
             letter with the right law, address and deadline, and tells you what to do if no \
             answer comes. Nothing leaves your machine unless you send it.\n\
             forget gives information, not legal advice.",
        );
        if !self.ask.is_replay() {
            self.ask.say(&format!(
                "In a list, type to search and press Esc to go back; in a text field, type {BACK} \
                 to go back. Ctrl-C quits without writing anything."
            ));
        }
        Move::Skip
    }

    // ------------------------------------------------------------------ company

    fn controller(&self) -> &Controller {
        match &self.draft.entered {
            Some(entered) => entered,
            None => self
                .rules
                .controller(self.draft.controller.as_deref().unwrap_or_default())
                .expect("the wizard only keeps listed ids"),
        }
    }

    fn company(&mut self) -> Result<Move> {
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

    // ------------------------------------------------------------------ residence

    fn residence(&mut self) -> Result<Move> {
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

    fn decision(&self) -> Decision<'_> {
        let residence = self.draft.residence.clone().expect("asked before");
        decide(
            self.rules,
            residence,
            Some(self.controller()),
            None,
            self.today,
            Some(self.today),
        )
    }

    // ------------------------------------------------------------------ kind

    fn kind(&mut self) -> Result<Move> {
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
            false,
            &as_destruction,
        )?;
        if let Step::Answer(index) = step {
            self.draft.kind = Some(suggested[index].kind);
        }
        Ok(step.into())
    }

    // ------------------------------------------------------------------ details

    fn details(&mut self) -> Result<Move> {
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
                };
                if forward {
                    question += 1;
                } else {
                    question -= 1;
                }
                continue;
            };
            let current = self.draft.detail(key).clone();
            match self
                .ask
                .input(key, prompt, non_empty(&current), optional, check)?
            {
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

    /// Whether this letter is an Illinois resident's to Clearview AI, whose class settlement
    /// decides what the letter may threaten.
    fn settlement_matters(&self) -> bool {
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
    fn settlement(&mut self) -> Result<Move> {
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
            false,
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

    // ------------------------------------------------------------------ language and law

    fn person(&self) -> Result<Person> {
        let address = (!self.draft.address.is_empty()).then_some(self.draft.address.as_str());
        Ok(Person::new(
            &self.draft.name,
            &self.draft.email,
            address,
            self.draft.offer_photo,
        )?
        .with_settlement(self.draft.settlement))
    }

    fn compose(&self) -> Result<Composition<'a>> {
        let kind = self.draft.kind.expect("asked before");
        // A law chosen before an earlier answer changed may no longer fit: then the strongest.
        let regime = self
            .draft
            .regime
            .clone()
            .filter(|id| self.decision().supporting(kind).any(|r| &r.regime.id == id));
        let request = LetterRequest {
            residence: self.draft.residence.clone().expect("asked before"),
            controller: self.controller(),
            kind: LetterKind::Request(self.draft.kind.expect("asked before")),
            person: self.person()?,
            language: self.draft.language,
            regime,
            date: self.today,
            reference: None,
            original: None,
        };
        compose(self.rules, self.templates, &request)
    }

    fn language(&mut self) -> Result<Move> {
        let chosen = self.draft.language.take();
        let suggested = self.compose()?;
        let stem = LetterKind::Request(self.draft.kind.expect("asked before"))
            .template_stem(&suggested.regime)
            .to_string();
        let suggested_language = suggested.letter.language;
        drop(suggested);
        let languages = self.templates.languages(&stem);
        let unasked = self.ask.is_replay() && !self.ask.answered("lang");
        if (languages.len() <= 1 && !self.ask.answered("lang")) || unasked {
            self.draft.language = Some(suggested_language);
            return Ok(Move::Skip);
        }
        self.ask.heading("Language");
        let choices: Vec<Choice> = languages
            .iter()
            .map(|l| {
                let mark = if *l == suggested_language {
                    " (suggested for this company)"
                } else {
                    ""
                };
                Choice::new(l.code(), format!("{}{mark}", language_name(l.code())))
            })
            .collect();
        let default = languages
            .iter()
            .position(|l| Some(*l) == chosen)
            .or_else(|| languages.iter().position(|l| *l == suggested_language))
            .unwrap_or(0);
        let step = self.ask.select(
            "lang",
            "Which language should the letter be in?",
            &choices,
            default,
            false,
        )?;
        self.draft.language = match step {
            Step::Answer(index) => Some(languages[index]),
            Step::Back => chosen,
        };
        Ok(step.into())
    }

    fn law(&mut self) -> Result<Move> {
        let kind = self.draft.kind.expect("asked before");
        let decision = self.decision();
        let options: Vec<(String, String)> = decision
            .supporting(kind)
            .map(|r| (r.regime.id.clone(), r.regime.short_name.clone()))
            .collect();
        drop(decision);
        self.ask.heading("The law that protects you");
        let from_file = self.ask.is_replay();
        let step = if (options.len() > 1 && !from_file) || self.ask.answered("regime") {
            if options.len() > 1 {
                let names: Vec<&str> = options.iter().map(|(_, n)| n.as_str()).collect();
                self.ask.say(&format!(
                    "{} laws give you this right: {}. forget suggests the strongest.",
                    options.len(),
                    names.join(" and ")
                ));
            }
            let choices: Vec<Choice> = options
                .iter()
                .enumerate()
                .map(|(i, (id, name))| {
                    let mark = if i == 0 {
                        " (recommended: the strongest)"
                    } else {
                        ""
                    };
                    Choice::new(id, format!("{name}{mark}"))
                })
                .collect();
            let default = self
                .draft
                .regime
                .as_ref()
                .and_then(|id| options.iter().position(|(o, _)| o == id))
                .unwrap_or(0);
            let prompt = "Which law do you want to rely on?";
            match self
                .ask
                .select("regime", prompt, &choices, default, false)?
            {
                Step::Back => return Ok(Move::Back),
                Step::Answer(index) => {
                    self.draft.regime = Some(options[index].0.clone());
                    Move::Next
                }
            }
        } else {
            self.draft.regime = options.first().map(|(id, _)| id.clone());
            self.ask.given.remove("regime");
            Move::Skip
        };
        self.explain_law()?;
        if let (Some(language), Some(regime)) = (self.draft.language, &self.draft.regime) {
            let stem = LetterKind::Request(kind).template_stem(regime);
            if self.templates.find(language, stem).is_none() {
                self.ask.say(&format!(
                    "There is no {} letter for this law yet: it will be in English.",
                    language_name(language.code())
                ));
            }
        }
        if !self.ask.is_replay() {
            // A pause to read the above before the letter scrolls it away.
            match self.ask.proceed("See the letter?", true)? {
                Step::Answer(true) => return Ok(Move::Next),
                Step::Answer(false) | Step::Back => return Ok(Move::Back),
            }
        }
        Ok(step)
    }

    /// The chosen law in plain words: why it applies, the deadline as a date, and where to turn.
    fn explain_law(&self) -> Result<()> {
        let composition = self.compose()?;
        let decision = self.decision();
        let Some(chosen) = decision
            .regimes
            .iter()
            .find(|r| r.regime.id == composition.regime)
        else {
            return Ok(());
        };
        let regime = chosen.regime;
        let company = &self.controller().name;
        let mut text = format!("{}: {}\n{}", regime.short_name, regime.name, chosen.why);
        let deadline = regime.deadline_for(self.draft.kind.unwrap(), self.today);
        let escalation = regime.escalation_on(self.today);
        match (deadline, composition.due) {
            (Some(deadline), Some(due)) if deadline.statutory => {
                text.push_str(&format!(
                    "\n{company} must answer within {} of receiving your letter: if it receives \
                     it today, by {} ({}).",
                    deadline.period,
                    long_date(due),
                    deadline.cite
                ));
                if let Some(extension) = regime.extension_for(self.draft.kind.unwrap(), self.today)
                {
                    text.push_str(&format!(
                        " It may extend that by {}, {} ({}).",
                        extension.period,
                        extension.condition.trim_end_matches('.'),
                        extension.cite
                    ));
                }
            }
            (Some(deadline), Some(due)) => text.push_str(&format!(
                "\n{company} should answer within a reasonable time; the regulator expects {}, \
                 which is {} if it receives your letter today ({}). This is not a statutory \
                 deadline.",
                deadline.period,
                long_date(due),
                deadline.cite
            )),
            _ => text.push_str(&format!(
                "\nforget's rules record no deadline under the {} for {company} to answer this \
                 request.",
                regime.short_name
            )),
        }
        match (escalation.route, chosen.authority) {
            (Route::Authority, Some(authority)) => text.push_str(&format!(
                "\nIf it does not answer, or refuses: {} ({}). The supervisory authority for \
                 you: {}.",
                escalation.summary.trim_end_matches('.'),
                escalation.cite,
                authority.display_name()
            )),
            (Route::PrivateAction, _) => text.push_str(&format!(
                "\nIf it does not comply: {} ({})",
                escalation.summary, escalation.cite
            )),
            (Route::Authority, None) => {}
        }
        self.ask.say(&text);
        Ok(())
    }

    // ------------------------------------------------------------------ preview and delivery

    fn preview(&mut self) -> Result<Move> {
        let composition = self.compose()?;
        self.ask.heading("Your letter");
        let rule = "-".repeat(72);
        self.ask.show(&format!(
            "{rule}\n{}{rule}",
            format::text(&composition.letter)
        ));
        if !composition.warnings.is_empty() {
            self.ask
                .say_list("Good to know before you send it:", &composition.warnings);
        }
        Ok(match self.ask.proceed("Is the letter right?", true)? {
            Step::Answer(true) => Move::Next,
            Step::Answer(false) | Step::Back => {
                self.ask
                    .say("Going back: change any answer, then the letter is written again.");
                Move::Back
            }
        })
    }

    fn deliver(&mut self) -> Result<Move> {
        let composition = self.compose()?;
        self.ask.heading("Send it");
        let company = self.controller().name.clone();
        let mut choices = Vec::new();
        if composition.to.is_empty() {
            if let Some((url, _)) = composition.webforms.first() {
                self.ask.say(&format!(
                    "{company} takes requests through a web form, not by e-mail: save the letter \
                     as text and paste it into {url}"
                ));
            }
        } else {
            if let Some(smtp) = self.mail.and_then(|m| m.config.smtp.as_ref()) {
                choices.push(Choice::new(
                    "send",
                    format!(
                        "Send it now by e-mail through {}, with a copy to you",
                        smtp.describe()
                    ),
                ));
            }
            choices.push(Choice::new(
                "eml",
                "Save it as an e-mail (.eml) to open and send from your mail program",
            ));
            choices.push(Choice::new(
                "mailto",
                "Show a mailto: link that opens your mail program with the letter",
            ));
        }
        if let Some(answers) = self.ask.answers()
            && answers.text("deliver") == Some("send")
        {
            if self.mail.is_none() {
                return Err(answers.invalid(
                    "deliver",
                    "`send` needs a mail server, and none is configured",
                    Some(
                        "configure one (see `forget send --help` and `forget config check`) or give \
                         `--smtp URL`; or choose `eml`, `text`, `pdf`, `mailto` or `none`"
                            .to_string(),
                    ),
                ));
            }
            if answers.flag("confirm_send") != Some(true) {
                return Err(answers.invalid(
                    "deliver",
                    "this answers file sends the letter by e-mail, and a replay asks no questions",
                    Some(
                        "add `confirm_send = true` to send it (again), or choose another `deliver`"
                            .to_string(),
                    ),
                ));
            }
        }
        choices.push(Choice::new("text", "Save it as a text file"));
        choices.push(Choice::new("pdf", "Save it as a PDF to print and post"));
        choices.push(Choice::new(
            "none",
            "Nothing: I will copy the letter shown above",
        ));
        // The way the company would have requests sent, where a source suggests one, comes first.
        let suggested = self.controller().suggested;
        let preferred = match suggested {
            Some(Transport::Post | Transport::Fax) => "pdf",
            Some(Transport::Webform) => "text",
            _ => "",
        };
        let default = choices
            .iter()
            .position(|c| c.value == preferred)
            .unwrap_or(0);
        if let Some(how) = suggested {
            self.ask.say(&format!(
                "Requests to {company} are best sent {} (its record in forget's rules says so).",
                how.in_words()
            ));
        }
        let format = loop {
            let Step::Answer(index) =
                self.ask
                    .select("deliver", "How do you want it?", &choices, default, false)?
            else {
                return Ok(Move::Back);
            };
            self.draft.saved_as = None;
            self.draft.sent = None;
            self.draft.case = None;
            break match choices[index].value.as_str() {
                "send" => match self.send(&composition)? {
                    Some(step) => return Ok(step),
                    None => continue,
                },
                "eml" => Format::Eml,
                "mailto" => Format::Mailto,
                "text" => Format::Text,
                "pdf" => Format::Pdf,
                _ => {
                    self.record_draft(&composition)?;
                    return Ok(Move::Next);
                }
            };
        };
        if format == Format::Mailto {
            let link = deliver::render(&composition, Format::Mailto)?;
            print!("{}", String::from_utf8_lossy(&link));
            self.record_draft(&composition)?;
            return Ok(Move::Next);
        }
        let controller_id = &self.controller().id;
        let suggested = deliver::file_name(&composition, controller_id, format);
        loop {
            let Step::Answer(path) =
                self.ask
                    .input("out", "Save it to", Some(&suggested), false, |text| {
                        check_out_path(Path::new(text.trim())).map(|()| text.trim().to_string())
                    })?
            else {
                return Ok(Move::Back);
            };
            let path = PathBuf::from(path);
            let existed = path.exists();
            if existed && !self.ask.is_replay() {
                let replace = self
                    .ask
                    .proceed(&format!("`{}` exists: replace it?", path.display()), false)?;
                if !matches!(replace, Step::Answer(true)) {
                    continue;
                }
            }
            (self.guard)(true);
            let saved = deliver::save(&composition, format, &path);
            (self.guard)(false);
            saved?;
            let verb = if existed { "Replaced" } else { "Wrote" };
            self.ask.say(&format!("{verb} {}", path.display()));
            self.draft.saved_as = Some(format);
            self.record_draft(&composition)?;
            return Ok(Move::Next);
        }
    }

    /// Shows the e-mail exactly as it goes out, asks, and sends it through the configured server.
    /// A failure is told and the delivery question asked again; a message that may have gone out
    /// is never sent again from here. `None` asks the delivery question again.
    fn send(&mut self, composition: &Composition<'_>) -> Result<Option<Move>> {
        let mail = self.mail.expect("offered only with a mail server");
        let config = &mail.config;
        let outgoing = Outgoing::new(
            composition,
            &config.sender,
            config.sender.copy,
            std::time::SystemTime::now(),
        )?;
        let text = String::from_utf8_lossy(&outgoing.bytes);
        let headers = text.split("\r\n\r\n").next().unwrap_or_default();
        self.ask.say(&format!(
            "The e-mail goes {}. Its headers, exactly as sent (the text is the letter above):",
            outgoing.addressed()
        ));
        self.ask.show(&headers.replace("\r\n", "\n"));
        match self.ask.proceed("Send it now?", false)? {
            Step::Answer(true) => {}
            Step::Answer(false) | Step::Back => return Ok(None),
        }
        self.ask.say(
            "Sending… (Ctrl-C now stops forget once the server has answered, so that you learn \
             whether the letter went out)",
        );
        // Guarded until the outcome is told: Ctrl-C must not hide whether the letter went out.
        (self.guard)(true);
        let step = self.send_recorded(composition, config, &outgoing, mail.insecure);
        (self.guard)(false);
        step
    }

    /// Sends, recording the send in the case log before and after when there is one.
    fn send_recorded(
        &mut self,
        composition: &Composition<'_>,
        config: &deliver::Config,
        outgoing: &Outgoing,
        insecure: bool,
    ) -> Result<Option<Move>> {
        let mut pending = None;
        if let Some(mut log) = self.case_log()? {
            let text = String::from_utf8(deliver::render(composition, Format::Text)?)
                .expect("text is UTF-8");
            let before = record::before_send(
                &mut log,
                composition,
                None,
                &text,
                &outgoing.bytes,
                &outgoing.message_id,
                self.today,
                false,
            );
            match before {
                Ok(recorded) => pending = Some((recorded, log)),
                // Sent before (or perhaps): say so, and ask the delivery question again.
                Err(error) if self.ask.is_replay() => return Err(error),
                Err(error) => {
                    self.ask.say(&format!(
                        "Not sent: {error:#}. (In the wizard, save the letter instead; `forget \
                         send --again` sends it once more.)"
                    ));
                    return Ok(None);
                }
            }
        }
        let result = deliver::send(config, outgoing, insecure, |line| {
            eprintln!("{line}");
        });
        if let Some((pending, mut log)) = pending {
            let delivery = match &result {
                Ok(_) => Delivery::Sent,
                Err(error) => match error.downcast_ref::<deliver::SendError>() {
                    Some(deliver::SendError::Uncertain(_)) => {
                        Delivery::Uncertain(format!("{error:#}"))
                    }
                    Some(deliver::SendError::Permanent(_)) => {
                        Delivery::Refused(format!("{error:#}"))
                    }
                    _ => Delivery::Failed(format!("{error:#}")),
                },
            };
            let reference = pending.case.reference.clone();
            match record::after_send(
                &mut log,
                self.rules,
                pending,
                &delivery,
                composition.kind,
                self.today,
                None,
            ) {
                Ok(_) => self.draft.case = Some(reference),
                Err(error) => self.ask.say(&format!(
                    "The case log could not record how the send ended: {error:#}"
                )),
            }
        }
        self.sent(result, outgoing)
    }

    /// The case log, when requests are recorded and the company is one forget's rules know (a
    /// case names its company by id, to be followed up later).
    fn case_log(&self) -> Result<Option<CaseLog>> {
        match self.cases {
            Some(dir) if self.draft.entered.is_none() => Ok(Some(CaseLog::open(dir)?)),
            _ => Ok(None),
        }
    }

    /// Records the letter as a drafted case and says so.
    fn record_draft(&mut self, composition: &Composition<'_>) -> Result<()> {
        let Some(mut log) = self.case_log()? else {
            return Ok(());
        };
        let text =
            String::from_utf8(deliver::render(composition, Format::Text)?).expect("text is UTF-8");
        (self.guard)(true);
        let recorded = record::draft(&mut log, composition, &text);
        (self.guard)(false);
        let recorded = recorded?;
        self.ask.say(&format!(
            "Recorded as case {} in {}.",
            recorded.case.reference,
            log.path().display()
        ));
        self.draft.case = Some(recorded.case.reference);
        Ok(())
    }

    /// Tells what became of a send.
    fn sent(&mut self, result: Result<deliver::Sent>, outgoing: &Outgoing) -> Result<Option<Move>> {
        match result {
            Ok(sent) => {
                self.ask.say(&format!(
                    "Sent {}. The server answered `{}`. Your copy is your proof: keep it.",
                    outgoing.addressed(),
                    sent.reply
                ));
                self.draft.sent = Some(Sending::Sent);
                Ok(Some(Move::Next))
            }
            Err(error) => {
                let chain: Vec<String> = error.chain().map(ToString::to_string).collect();
                if matches!(
                    error.downcast_ref::<deliver::SendError>(),
                    Some(deliver::SendError::Uncertain(_))
                ) {
                    self.ask.say(&chain.join(": "));
                    self.draft.sent = Some(Sending::Uncertain);
                    return Ok(Some(Move::Next));
                }
                if self.ask.is_replay() {
                    return Err(error);
                }
                self.ask.say(&format!(
                    "{}. Nothing was sent: choose another way, or check the mail settings with \
                     `forget config check`.",
                    chain.join(": ")
                ));
                Ok(None)
            }
        }
    }

    /// What to do now, when the answer is due, and how to follow up.
    fn next_steps(&self) -> Result<()> {
        let composition = self.compose()?;
        let decision = self.decision();
        let chosen = decision
            .regimes
            .iter()
            .find(|r| r.regime.id == composition.regime);
        let company = &self.controller().name;
        self.ask.heading("What happens next");
        let mut steps: Vec<String> = Vec::new();
        let mut commands: Vec<(String, String)> = Vec::new();
        let posted = self.draft.saved_as == Some(Format::Pdf);
        steps.push(match (composition.to.first(), composition.webforms.first()) {
            _ if self.draft.sent == Some(Sending::Sent) => format!(
                "It is sent. The copy in your mailbox is your proof that you sent it to {company} \
                 today, the day the deadline counts from: keep it, and every reply."
            ),
            _ if self.draft.sent == Some(Sending::Uncertain) => format!(
                "Look in your mailbox for your copy: if it is there, the letter went out and \
                 {company} received it today. If it is not, send it again (`forget send` with \
                 the same details) or save it and send it from your mail program."
            ),
            _ if posted => format!(
                "Print the letter, sign it and post it today, by registered mail if you can. The \
                 deadline runs from the day {company} receives it, so the date below moves by the \
                 days the post takes; keep the receipt."
            ),
            (Some(_), _) => format!(
                "Send the letter today, by e-mail to {} (keep the sent message as proof), or by \
                 post; a posted letter counts from the day {company} receives it.",
                composition.to.join(" and ")
            ),
            (None, Some((url, _))) => {
                format!("Paste the letter into {url} today and keep the confirmation.")
            }
            (None, None) => format!(
                "Post the letter to {company} today, by registered mail if you can: the deadline \
                 runs from the day it arrives."
            ),
        });
        match composition.due {
            Some(due) => {
                let kind = self.draft.kind.expect("asked before");
                steps.push(format!(
                    "{company} must answer by {}. Keep every reply.",
                    long_date(due)
                ));
                let authority = chosen
                    .and_then(|c| c.authority)
                    .map(|a| a.short().to_string());
                if let Some(reference) = &self.draft.case {
                    let next = crate::letter::next_weekday(due + Days::new(1));
                    steps.push(format!(
                        "forget keeps track: `forget cases` shows what is due and overdue. If no \
                         answer has come by then, come back on {} for the reminder, and then the \
                         complaint{}.",
                        long_date(next),
                        authority
                            .as_deref()
                            .map_or(String::new(), |a| format!(" to {a}"))
                    ));
                    if self.draft.sent != Some(Sending::Sent) {
                        let via = if posted { "post" } else { "email|post|webform" };
                        commands.push((
                            "When you have sent it, record the day (and, for post, the day it \
                             arrived, with --received-on):"
                                .to_string(),
                            format!(
                                "  forget cases mark-sent {reference} --on YYYY-MM-DD --via {via}"
                            ),
                        ));
                    }
                    commands.push((
                        "The reminder, once the deadline has passed:".to_string(),
                        format!("  forget remind {reference}"),
                    ));
                    if authority.is_some() {
                        commands.push((
                            "If the reminder goes unanswered too, the complaint:".to_string(),
                            format!("  forget complain {reference}"),
                        ));
                    }
                } else if self.draft.entered.is_some() {
                    steps.push(format!(
                        "If no answer has come by then, remind {company}, and then complain to \
                         {}. Keep this letter and its date: they are your evidence.",
                        authority.as_deref().unwrap_or("the supervisory authority")
                    ));
                } else {
                    let next = crate::letter::next_weekday(due + Days::new(1));
                    steps.push(format!(
                        "If no answer has come by then, come back on {} and write the reminder.",
                        long_date(next)
                    ));
                    let label = if posted {
                        "The reminder (if the letter arrived after today, give the day it arrived \
                         as --original-date):"
                    } else {
                        "The reminder:"
                    };
                    commands.push((label.to_string(), self.follow_up("reminder", kind, None)));
                    if let Some(authority) = authority {
                        commands.push((
                            format!(
                                "If the reminder goes unanswered too, the complaint to \
                                 {authority} (if you sent the reminder on {next}):"
                            ),
                            self.follow_up("complaint", kind, Some(next)),
                        ));
                    }
                }
            }
            None => {
                let kind = self.draft.kind.expect("asked before");
                // BIPA sets no deadline: the letter asks for confirmation by a date of its own.
                let asked_by = (composition.regime == "bipa")
                    .then(|| self.today + Days::new(BIPA_CONFIRM_DAYS));
                steps.push(match asked_by {
                    Some(by) => format!(
                        "The law sets no deadline, so the letter asks {company} to confirm in \
                         writing within {BIPA_CONFIRM_DAYS} days of receiving it: by {} if it \
                         receives it today. Keep this letter, its date and every reply: they are \
                         your evidence.",
                        long_date(by)
                    ),
                    None => "forget's rules record no deadline for this answer. Keep this letter, \
                             its date and every reply: they are your evidence."
                        .to_string(),
                });
                let private = chosen.filter(|c| c.regime.route() == Route::PrivateAction);
                if let Some(chosen) = private {
                    let escalation = chosen.regime.escalation_on(self.today);
                    let mut step = format!(
                        "If {company} does not comply: {} ({}).",
                        escalation.summary.trim_end_matches('.'),
                        escalation.cite
                    );
                    if let Some(side) = chosen.side_note {
                        step.push_str(&format!(
                            " Worth knowing, though not competent under the {}: {}. {}",
                            chosen.regime.short_name,
                            side.display_name(),
                            side.notes.join(" ")
                        ));
                    }
                    steps.push(step);
                    if self.settlement_matters() {
                        steps.push(format!(
                            "{company} must also keep an opt-out form for Illinois residents on \
                             its website (forget has not confirmed its address): with a photo of \
                             your face, it blocks your faceprints from its search results, but it \
                             does not delete them. The letter asks for that block as well as for \
                             destruction; using the form yourself is up to you."
                        ));
                    }
                    let when = asked_by.map_or("When you choose".to_string(), |by| {
                        format!(
                            "If no written confirmation has come by {}, from {}",
                            long_date(by),
                            long_date(crate::letter::next_weekday(by + Days::new(1)))
                        )
                    });
                    if let Some(reference) = &self.draft.case {
                        if self.draft.sent != Some(Sending::Sent) {
                            let via = if posted { "post" } else { "email|post|webform" };
                            commands.push((
                                "When you have sent it, record the day (and, for post, the day it \
                                 arrived, with --received-on):"
                                    .to_string(),
                                format!(
                                    "  forget cases mark-sent {reference} --on YYYY-MM-DD --via \
                                     {via}"
                                ),
                            ));
                        }
                        commands.push((
                            format!(
                                "{when}, the final demand (it asks for an answer within {} days):",
                                crate::letter::REMINDER_DAYS
                            ),
                            format!("  forget remind {reference}"),
                        ));
                        commands.push((
                            "And if that goes unanswered too, the facts and dates for a lawyer:"
                                .to_string(),
                            format!("  forget complain {reference}"),
                        ));
                    } else if self.draft.entered.is_none() {
                        commands.push((
                            format!("{when}, the final demand:"),
                            self.follow_up("reminder", kind, None),
                        ));
                    }
                }
            }
        }
        self.ask.say_numbered(&steps);
        for (what, command) in commands {
            self.ask.say(&what);
            self.ask.show(&command);
        }
        Ok(())
    }

    /// The `forget letter` (or `forget send`) command for a follow-up, with this request's answers, run on the day
    /// it is sent.
    fn follow_up(&self, what: &str, kind: RequestKind, reminded: Option<NaiveDate>) -> String {
        let command = if self.draft.sent.is_some() {
            "forget send"
        } else {
            "forget letter"
        };
        let mut words = vec![
            command.to_string(),
            format!("--kind {what}"),
            format!("--original-kind {kind}"),
            format!("--original-date {}", self.today),
            format!("--controller {}", self.controller().id),
            format!(
                "--residence {}",
                self.draft.residence.as_ref().expect("asked before").code()
            ),
            format!("--name {}", shell_quote(&self.draft.name)),
            format!("--email {}", shell_quote(&self.draft.email)),
        ];
        if let Some(reminded) = reminded {
            words.push(format!("--reminded-on {reminded}"));
        }
        if !self.draft.address.is_empty() {
            words.push(format!("--address {}", shell_quote(&self.draft.address)));
        }
        if self.draft.offer_photo {
            words.push("--offer-photo".to_string());
        }
        if self.draft.settlement != Settlement::Unknown {
            words.push(format!("--settlement {}", self.draft.settlement.as_str()));
        }
        if let Some(regime) = &self.draft.regime {
            words.push(format!("--regime {regime}"));
        }
        if let Some(language) = self.draft.language.filter(|_| what == "reminder") {
            words.push(format!("--lang {}", language.code()));
        }
        // Broken over lines a shell reads as one command.
        let mut lines = vec![format!("  {}", words[0])];
        for word in &words[1..] {
            let last = lines.last_mut().expect("one line at least");
            if last.len() + 1 + word.len() > 76 {
                last.push_str(" \\");
                lines.push(format!("    {word}"));
            } else {
                last.push(' ');
                last.push_str(word);
            }
        }
        lines.join("\n")
    }
}

/// Every country, "Germany (DE)", by name.
fn country_choices() -> Vec<Choice> {
    let mut countries: Vec<_> = residence::countries().collect();
    countries.sort_by(|a, b| a.name.cmp(b.name));
    countries
        .into_iter()
        .map(|c| Choice::new(c.code, format!("{} ({})", c.name, c.code)))
        .collect()
}

/// Where `value` is among `choices`, or the first entry.
fn index_of(choices: &[Choice], value: Option<&str>) -> usize {
    value
        .and_then(|value| choices.iter().position(|c| c.value == value))
        .unwrap_or(0)
}

fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

/// "Wednesday 23 December 2026".
fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// A path the letter can be written to: not a folder, in a folder that exists.
pub(super) fn check_out_path(path: &Path) -> Result<()> {
    if path.as_os_str().is_empty() {
        return Err(anyhow!("give a file name"));
    }
    if path.is_dir() {
        return Err(anyhow!(
            "`{}` is a folder: give a file name in it",
            path.display()
        ));
    }
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() && !parent.is_dir() => {
            Err(anyhow!("the folder `{}` does not exist", parent.display()))
        }
        _ => Ok(()),
    }
}

/// A word as a POSIX shell reads it back: quoted when it needs to be.
fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@%+=:,./-_".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_the_shell_would_split() {
        assert_eq!(shell_quote("jane@example.org"), "jane@example.org");
        assert_eq!(shell_quote("Jane Doe"), "'Jane Doe'");
        assert_eq!(shell_quote("O'Brien"), r"'O'\''Brien'");
    }
}
