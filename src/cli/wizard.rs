//! `forget wizard` (and `forget` alone, in a terminal): the guided flow.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::Global;
use super::send::SmtpArgs;
use crate::letter::TemplateSet;
use crate::rules::RuleSet;
use crate::wizard::{self, Finish, Mail, Options};

/// What `--answers` reads; `--save-answers` writes the same, with a comment on each line.
const ANSWERS_HELP: &str = "\
An answers file is TOML, one answer per question:
  controller = \"clearview-ai\"   or \"not-listed\", with company_name, company_email
                                and company_country
  residence = \"DE-HH\"           ISO 3166 code: FR, DE-HH, CA-QC, US-IL
  kind = \"access\"               access, erasure, objection, opt-out, ...
  name = \"Jane Doe\"
  email = \"jane@example.org\"
  address = \"...\"               optional
  offer_photo = false           optional
  settlement = \"unknown\"        optional, Illinois and Clearview AI: member, excluded or unknown
  lang = \"de\"                   optional: the suggested language
  regime = \"gdpr\"               optional: the strongest law that applies
  deliver = \"text\"              text, pdf, eml, mailto, send or none (send: by e-mail,
                                through the mail server in the configuration)
  out = \"letter.txt\"            optional: named after the company, request and date
  confirm_send = true           with deliver = \"send\": send without asking (never saved)

Ctrl-C quits at any question without writing anything.";

#[derive(Debug, Args)]
#[command(after_help = ANSWERS_HELP)]
pub struct WizardArgs {
    /// Replay the answers in FILE.toml instead of asking (write one with --save-answers)
    #[arg(long, value_name = "FILE.toml")]
    answers: Option<PathBuf>,

    /// At the end, save the answers given to FILE.toml, for --answers
    #[arg(long, value_name = "FILE.toml")]
    save_answers: Option<PathBuf>,

    /// Use the letter templates in DIR over the built-in ones (same layout as `templates/`)
    #[arg(long, env = "FORGET_TEMPLATES", value_name = "DIR")]
    templates: Option<PathBuf>,

    /// Do not record the request as a case in the case log
    #[arg(long)]
    no_record: bool,

    #[command(flatten)]
    smtp: SmtpArgs,
}

pub fn run(rules: &RuleSet, global: &Global, args: &WizardArgs) -> Result<ExitCode> {
    let templates = TemplateSet::load(args.templates.as_deref())?;
    // Mail settings that cannot be read only take sending away: the letter can still be written.
    let mail = match args.smtp.config() {
        Ok(config) => Some(Mail {
            config,
            insecure: args.smtp.insecure_smtp,
        }),
        Err(error) => {
            crate::say!(
                "warning: the wizard will not offer to send the letter, because the mail \
                 settings cannot be used: {error:#}\n"
            );
            None
        }
    };
    let options = Options {
        answers: args.answers.clone(),
        save_answers: args.save_answers.clone(),
        today: global.today,
        mail,
        cases: match (&global.data_dir, args.no_record) {
            (_, true) => None,
            (Some(dir), false) => Some(dir.clone()),
            (None, false) => crate::cases::default_dir(),
        },
    };
    Ok(match wizard::run(rules, &templates, &options)? {
        Finish::Done => ExitCode::SUCCESS,
        Finish::PerhapsSent => ExitCode::from(super::send::EXIT_UNCERTAIN),
    })
}
