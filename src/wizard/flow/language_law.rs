//! The language and law steps: the language of the letter, where there is a choice, and the law
//! it relies on, explained in plain words (why it applies, the deadline as a date, where to turn).

use anyhow::Result;

use super::super::ask::{Choice, Step};
use super::{Flow, Move, long_date};
use crate::decide::decide;
use crate::letter::LetterKind;
use crate::rules::Route;
use crate::text::language_name;

impl Flow<'_> {
    pub(super) fn language(&mut self) -> Result<Move> {
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
        )?;
        self.draft.language = match step {
            Step::Answer(index) => Some(languages[index]),
            Step::Back => chosen,
        };
        Ok(step.into())
    }

    pub(super) fn law(&mut self) -> Result<Move> {
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
            match self.ask.select("regime", prompt, &choices, default)? {
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
        // Where the person did not know where the company is, the company is taken to be where
        // they live: why the law applies is then said without it, so as not to place it anywhere.
        let why = if self.draft.establishment_unknown {
            let residence = self.draft.residence.clone().expect("asked before");
            decide(
                self.rules,
                residence,
                None,
                None,
                self.today,
                Some(self.today),
            )
            .regimes
            .iter()
            .find(|r| r.regime.id == regime.id)
            .map_or_else(|| chosen.why.clone(), |r| r.why.clone())
        } else {
            chosen.why.clone()
        };
        let mut text = format!("{}: {}\n{why}", regime.short_name, regime.name);
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
}
