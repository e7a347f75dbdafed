//! The preview and delivery steps: the letter shown for review, then saved (text, PDF, e-mail
//! file), shown as a mailto: link, or sent through the configured mail server, and recorded in
//! the case log.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::super::ask::{Choice, Step};
use super::{Flow, Move, Sending, check_out_path};
use crate::cases::CaseLog;
use crate::cases::record::{self, Delivery};
use crate::deliver::{self, Outgoing};
use crate::letter::{Composition, Format, format};
use crate::rules::Transport;

impl Flow<'_> {
    pub(super) fn preview(&mut self) -> Result<Move> {
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

    pub(super) fn deliver(&mut self) -> Result<Move> {
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
                    .select("deliver", "How do you want it?", &choices, default)?
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
            crate::say!("{line}");
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
}
