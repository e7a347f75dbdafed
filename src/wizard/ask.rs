//! Asking: the same questions put to a person at a terminal (dialoguer) or answered from an
//! answers file. Every answer given is recorded, for `--save-answers`.

use anyhow::{Result, anyhow};
use dialoguer::console::{Term, style};
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Confirm, Input, Select};

use super::answers::{Answer, Answers, Given};
use super::pick::pick;
use crate::residence::search::Name;
use crate::suggest;
use crate::text;

/// What a question got: an answer, or a wish to go back one step.
pub enum Step<T> {
    Answer(T),
    Back,
}

/// One entry of a list: what an answers file writes, and what the person reads.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    /// What a search finds it by: its label and value, and any other names it has.
    pub terms: Vec<Name>,
    /// Shown whatever is typed in a search ("My company is not listed").
    pub pinned: bool,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Choice {
        let (value, label) = (value.into(), label.into());
        Choice {
            terms: vec![Name::new(&label), Name::new(&value)],
            value,
            label,
            pinned: false,
        }
    }

    /// Also found by these.
    pub fn with_terms(mut self, terms: impl IntoIterator<Item = Name>) -> Choice {
        self.terms.extend(terms);
        self
    }

    /// Found only by these (not by its label).
    pub fn found_by(mut self, terms: impl IntoIterator<Item = Name>) -> Choice {
        self.terms = terms.into_iter().collect();
        self
    }

    /// Shown whatever is typed in a search.
    pub fn pinned(mut self) -> Choice {
        self.pinned = true;
        self
    }
}

enum Mode {
    Terminal { term: Term, theme: Box<dyn Theme> },
    Replay(Answers),
}

/// Puts questions, to a person or to an answers file.
pub struct Ask {
    mode: Mode,
    pub given: Given,
    /// What the person typed to find their last answer in a searched list.
    searched: String,
}

/// What a person types in a text field to go back one step.
pub const BACK: &str = "<";

impl Ask {
    /// Questions for the person at the terminal, drawn on standard error.
    pub fn terminal() -> Ask {
        let theme: Box<dyn Theme> = if dialoguer::console::colors_enabled_stderr() {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        };
        Ask {
            mode: Mode::Terminal {
                term: Term::stderr(),
                theme,
            },
            given: Given::default(),
            searched: String::new(),
        }
    }

    /// Questions answered from a file.
    pub fn replay(answers: Answers) -> Ask {
        Ask {
            mode: Mode::Replay(answers),
            given: Given::default(),
            searched: String::new(),
        }
    }

    pub fn is_replay(&self) -> bool {
        matches!(self.mode, Mode::Replay(_))
    }

    /// In a replay, the answers file itself (for answers no question asks, and for errors that
    /// point into it).
    pub fn answers(&self) -> Option<&Answers> {
        match &self.mode {
            Mode::Replay(answers) => Some(answers),
            Mode::Terminal { .. } => None,
        }
    }

    /// Tells the person something, wrapped to the terminal (or 80 columns).
    pub fn say(&self, message: &str) {
        let width = self.width();
        let lines: Vec<String> = message
            .split('\n')
            .map(|paragraph| text::wrap(paragraph, 0, width))
            .collect();
        crate::say!("{}", lines.join("\n"));
    }

    /// A list of points under a title, each wrapped with a hanging indent.
    pub fn say_list(&self, title: &str, points: &[String]) {
        let width = self.width();
        let mut lines = vec![text::wrap(title, 0, width)];
        lines.extend(
            points
                .iter()
                .map(|p| text::wrap_labelled("- ", p, 0, width)),
        );
        crate::say!("{}", lines.join("\n"));
    }

    /// Numbered steps, each wrapped with a hanging indent.
    pub fn say_numbered(&self, steps: &[String]) {
        let width = self.width();
        let lines: Vec<String> = steps
            .iter()
            .enumerate()
            .map(|(i, step)| text::wrap_labelled(&format!("{}. ", i + 1), step, 0, width))
            .collect();
        crate::say!("{}", lines.join("\n"));
    }

    /// Shows text exactly as it is (a letter, a command line), without wrapping.
    pub fn show(&self, text: &str) {
        crate::say!("{text}");
    }

    fn width(&self) -> usize {
        match &self.mode {
            Mode::Terminal { term, .. } => usize::from(term.size().1).clamp(40, 100) - 1,
            Mode::Replay(_) => 79,
        }
    }

    /// A heading for a step.
    pub fn heading(&self, title: &str) {
        crate::say!("\n{}", style(title).bold());
    }

    /// An error about an answer: in a file, where it is; at a terminal, shown to the person to try
    /// again (the caller asks again).
    pub fn invalid(&self, key: &str, message: &str) -> anyhow::Error {
        match &self.mode {
            Mode::Replay(answers) => answers.invalid(key, message, None),
            Mode::Terminal { .. } => anyhow!("{message}"),
        }
    }

    /// Whether an answers file gives `key` (never, at a terminal).
    pub fn answered(&self, key: &str) -> bool {
        match &self.mode {
            Mode::Replay(answers) => answers.text(key).is_some() || answers.flag(key).is_some(),
            Mode::Terminal { .. } => false,
        }
    }

    /// Picks one of `choices` (a short list, the cursor on `default`).
    pub fn select(
        &mut self,
        key: &str,
        prompt: &str,
        choices: &[Choice],
        default: usize,
    ) -> Result<Step<usize>> {
        self.select_mapped(key, prompt, choices, default, &|text| Ok(text.to_string()))
    }

    /// Like [`Ask::select`], but an answer from a file goes through `map` first (`erasure` is the
    /// demand to destroy biometrics), and a problem `map` finds is reported where the answer is.
    pub fn select_mapped(
        &mut self,
        key: &str,
        prompt: &str,
        choices: &[Choice],
        default: usize,
        map: &dyn Fn(&str) -> Result<String>,
    ) -> Result<Step<usize>> {
        let index = match &self.mode {
            Mode::Replay(answers) => replayed(answers, key, prompt, choices, map)?,
            Mode::Terminal { term, theme } => {
                let labels: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
                let picked = asked(
                    Select::with_theme(theme.as_ref())
                        .with_prompt(prompt)
                        .items(&labels)
                        .default(default)
                        .interact_on_opt(term),
                )?;
                match picked {
                    Some(index) => index,
                    None => return Ok(Step::Back),
                }
            }
        };
        self.given
            .set(key, Answer::Text(choices[index].value.clone()));
        Ok(Step::Answer(index))
    }

    /// Picks one of a long list of `choices` that the person searches by typing. The cursor starts
    /// on `default` (an answer given before) or on nothing, so that Enter never chooses what the
    /// person did not point at; `search` is typed already. An answer from a file goes through
    /// `map` first (`DE-HH` is the country `DE`).
    pub fn search(
        &mut self,
        key: &str,
        prompt: &str,
        choices: &[Choice],
        default: Option<usize>,
        search: &str,
        map: &dyn Fn(&str) -> Result<String>,
    ) -> Result<Step<usize>> {
        let index = match &self.mode {
            Mode::Replay(answers) => replayed(answers, key, prompt, choices, map)?,
            Mode::Terminal { term, theme } => {
                let picked = pick(term, theme.as_ref(), prompt, choices, default, search)
                    .map_err(dialoguer::Error::IO);
                match asked(picked)? {
                    Some(picked) => {
                        self.searched = picked.search;
                        picked.index
                    }
                    None => return Ok(Step::Back),
                }
            }
        };
        self.given
            .set(key, Answer::Text(choices[index].value.clone()));
        Ok(Step::Answer(index))
    }

    /// What the person typed to find their last answer in a searched list (nothing from a file).
    pub fn searched(&self) -> &str {
        &self.searched
    }

    /// A choice that is not an answer to keep (what to do next): asked at a terminal only.
    pub fn choose(&mut self, prompt: &str, labels: &[&str], default: usize) -> Result<Step<usize>> {
        match &self.mode {
            Mode::Replay(_) => Ok(Step::Answer(default)),
            Mode::Terminal { term, theme } => Ok(
                match asked(
                    Select::with_theme(theme.as_ref())
                        .with_prompt(prompt)
                        .items(labels)
                        .default(default)
                        .interact_on_opt(term),
                )? {
                    Some(index) => Step::Answer(index),
                    None => Step::Back,
                },
            ),
        }
    }

    /// A line of text, checked by `check` (which also normalises it). An `optional` field may be
    /// left empty; Enter in an empty required field says that it needs an answer.
    pub fn input(
        &mut self,
        key: &str,
        prompt: &str,
        default: Option<&str>,
        optional: bool,
        check: impl Fn(&str) -> Result<String>,
    ) -> Result<Step<String>> {
        self.input_with(key, prompt, default, None, optional, check)
    }

    /// A required line of text that starts as `text`, to correct it.
    pub fn correct(
        &mut self,
        key: &str,
        prompt: &str,
        text: &str,
        check: impl Fn(&str) -> Result<String>,
    ) -> Result<Step<String>> {
        self.input_with(key, prompt, None, Some(text), false, check)
    }

    fn input_with(
        &mut self,
        key: &str,
        prompt: &str,
        default: Option<&str>,
        initial: Option<&str>,
        optional: bool,
        check: impl Fn(&str) -> Result<String>,
    ) -> Result<Step<String>> {
        let value = match &self.mode {
            Mode::Replay(answers) => {
                let value = match (answers.text(key), default) {
                    (Some(value), _) => value.to_string(),
                    (None, Some(default)) => default.to_string(),
                    (None, None) if optional => String::new(),
                    (None, None) => return Err(missing(answers, key, prompt, None)),
                };
                if value.trim().is_empty() && optional {
                    String::new()
                } else {
                    check(&value)
                        .map_err(|error| answers.invalid(key, &format!("{error:#}"), None))?
                }
            }
            Mode::Terminal { term, theme } => {
                // Empty text is let through to the check below, so that Enter in an empty
                // required field says why nothing happened instead of doing nothing.
                let mut input = Input::<String>::with_theme(theme.as_ref())
                    .with_prompt(prompt)
                    .allow_empty(true)
                    .validate_with(|text: &String| -> Result<(), String> {
                        let trimmed = text.trim();
                        if trimmed == BACK || (optional && trimmed.is_empty()) {
                            return Ok(());
                        }
                        if trimmed.is_empty() {
                            return Err(format!(
                                "This needs an answer: type it and press Enter (or type {BACK} \
                                 and Enter to go back)."
                            ));
                        }
                        check(text).map(drop).map_err(|error| format!("{error:#}"))
                    });
                // An optional answer is given as editable text, so that it can be erased; a
                // required one as a default that Enter keeps.
                match (default, initial) {
                    (_, Some(initial)) => input = input.with_initial_text(initial),
                    (Some(default), None) if optional => input = input.with_initial_text(default),
                    (Some(default), None) => input = input.default(default.to_string()),
                    (None, None) => {}
                }
                let text = asked(input.interact_text_on(term))?;
                if text.trim() == BACK {
                    return Ok(Step::Back);
                }
                if text.trim().is_empty() {
                    String::new()
                } else {
                    check(&text)?
                }
            }
        };
        if value.is_empty() {
            self.given.remove(key);
        } else {
            self.given.set(key, Answer::Text(value.clone()));
        }
        Ok(Step::Answer(value))
    }

    /// Yes or no.
    pub fn confirm(&mut self, key: &str, prompt: &str, default: bool) -> Result<Step<bool>> {
        let answer = match &self.mode {
            Mode::Replay(answers) => answers.flag(key).unwrap_or(default),
            Mode::Terminal { term, theme } => {
                match asked(
                    Confirm::with_theme(theme.as_ref())
                        .with_prompt(prompt)
                        .default(default)
                        .interact_on_opt(term),
                )? {
                    Some(answer) => answer,
                    None => return Ok(Step::Back),
                }
            }
        };
        self.given.set(key, Answer::Flag(answer));
        Ok(Step::Answer(answer))
    }

    /// A yes/no question that is not an answer to keep (a confirmation): an answers file always
    /// says yes.
    pub fn proceed(&mut self, prompt: &str, default: bool) -> Result<Step<bool>> {
        match &self.mode {
            Mode::Replay(_) => Ok(Step::Answer(true)),
            Mode::Terminal { term, theme } => {
                match asked(
                    Confirm::with_theme(theme.as_ref())
                        .with_prompt(prompt)
                        .default(default)
                        .interact_on_opt(term),
                )? {
                    Some(answer) => Ok(Step::Answer(answer)),
                    None => Ok(Step::Back),
                }
            }
        }
    }
}

/// The answer to a prompt. Ctrl-C at a prompt reaches the wizard as an interrupted read (the
/// terminal is in raw mode, so no signal is sent); it quits here, at once, instead of racing the
/// signal handler that the terminal library also triggers.
fn asked<T>(result: dialoguer::Result<T>) -> Result<T> {
    match result {
        Err(dialoguer::Error::IO(error)) if error.kind() == std::io::ErrorKind::Interrupted => {
            super::interrupt::quit()
        }
        other => Ok(other?),
    }
}

/// The answer to a list from a file: `map`ped, then found among `choices` (or an error pointing at
/// it, with the closest value).
fn replayed(
    answers: &Answers,
    key: &str,
    prompt: &str,
    choices: &[Choice],
    map: &dyn Fn(&str) -> Result<String>,
) -> Result<usize> {
    let Some(value) = answers.text(key) else {
        return Err(missing(answers, key, prompt, Some(choices)));
    };
    let value = map(value).map_err(|error| answers.invalid(key, &format!("{error:#}"), None))?;
    let value = value.as_str();
    match choices
        .iter()
        .position(|c| c.value.eq_ignore_ascii_case(value))
    {
        Some(index) => Ok(index),
        None => {
            let values = choices.iter().map(|c| c.value.as_str());
            let help = match suggest::did_you_mean(value, values.clone()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => {
                    let all: Vec<&str> = values.collect();
                    format!("expected {}", suggest::one_of(&all))
                }
            };
            Err(answers.invalid(
                key,
                &format!("`{value}` is not an answer to \"{prompt}\""),
                Some(help),
            ))
        }
    }
}

fn missing(
    answers: &Answers,
    key: &str,
    prompt: &str,
    choices: Option<&[Choice]>,
) -> anyhow::Error {
    let help = choices.map(|choices| {
        let values: Vec<&str> = choices.iter().map(|c| c.value.as_str()).collect();
        if values.len() > 12 {
            format!("add `{key} = \"...\"`")
        } else {
            format!(
                "add `{key} = \"...\"` with one of {}",
                suggest::one_of(&values)
            )
        }
    });
    answers.invalid(
        key,
        &format!("no answer to \"{prompt}\": the file has no `{key}`"),
        help,
    )
}
