//! `forget letter`: one letter, in one command, in the format the person can use.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use clap::Args;

use super::explain::parse_date;
use super::{Global, print};
use crate::deliver;
use crate::letter::{
    Composition, Event, Format, Language, LetterKind, LetterRequest, Original, Person, Profile,
    ReviewStatus, Settlement, TemplateSet, compose,
};
use crate::residence::Residence;
use crate::rules::{RequestKind, RuleSet};

#[derive(Debug, Args)]
pub struct LetterArgs {
    #[command(flatten)]
    pub letter: LetterSpec,

    /// The output format
    #[arg(long, value_enum, default_value_t = Format::Text, help_heading = "Output")]
    format: Format,

    /// Write to this file instead of standard output (required for pdf)
    #[arg(long, short, value_name = "PATH", help_heading = "Output")]
    out: Option<PathBuf>,

    /// The paper of a PDF [default: the one sold where you live: letter in the US, Canada and
    /// Mexico, a4 elsewhere]
    #[arg(long, value_enum, value_name = "PAPER", help_heading = "Output")]
    paper: Option<crate::letter::Paper>,

    /// Print JSON instead: the reference, law, due date, recipients, subject and text, the
    /// warnings, and whether it was recorded (with --out, the file is written too)
    #[arg(long, help_heading = "Output")]
    json: bool,

    /// Record the request as a case in the case log (drafted), to follow it up with `forget
    /// cases`, `forget remind` and `forget complain`; without it, nothing is recorded
    #[arg(long)]
    record: bool,

    /// Nothing is recorded without `--record`: accepted for scripts written when `forget
    /// letter` recorded by default
    #[arg(long, hide = true, conflicts_with = "record")]
    no_record: bool,
}

/// Which letter, for whom: what `forget letter` and `forget send` share.
#[derive(Debug, Args)]
pub struct LetterSpec {
    /// The company, by id (e.g. clearview-ai)
    #[arg(long, value_name = "ID")]
    controller: String,

    /// Where you live: an ISO 3166-1 or 3166-2 code (FR, DE-HH, CA-QC, US-IL)
    #[arg(long, value_name = "CODE")]
    residence: String,

    /// What you ask for: access, erasure, objection, restriction, withdraw-consent, opt-out,
    /// destroy-biometrics; or the follow-ups reminder and complaint
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    kind: LetterKind,

    /// Your name, as the company knows you
    #[arg(long, value_name = "NAME")]
    name: Option<String>,

    /// The e-mail address the company should answer to
    #[arg(long, value_name = "EMAIL")]
    email: Option<String>,

    /// Your postal address (optional): lines separated by commas or line breaks
    #[arg(long, value_name = "TEXT")]
    address: Option<String>,

    /// Read name, email, address, lang and offer_photo from a TOML file; flags win over it
    #[arg(long, value_name = "FILE.toml")]
    profile: Option<PathBuf>,

    /// Offer a photo of your face, to be used only to find your data (never an ID)
    #[arg(long)]
    offer_photo: bool,

    /// For an Illinois resident writing to Clearview AI: where you stand towards its class
    /// settlement (final approval 20 March 2025). A member's letter threatens no claim the
    /// settlement released; an excluded person's letter is notice before a suit
    #[arg(
        long,
        value_enum,
        value_name = "STATUS",
        default_value_t = Settlement::Unknown,
        hide_default_value = true
    )]
    settlement: Settlement,

    /// The letter's language: en, de, fr [default: the company's or the authority's, where a
    /// template exists, else en]
    #[arg(long, value_name = "LANG", value_parser = parse_language)]
    lang: Option<Language>,

    /// Rely on this regime (e.g. quebec-private-sector) instead of the strongest that applies
    #[arg(long, value_name = "ID")]
    regime: Option<String>,

    /// The date of the letter, from which the deadline runs [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    request_date: Option<NaiveDate>,

    /// The reference to put in the subject [default: derived from the company, kind, e-mail,
    /// residence and date]
    #[arg(long, value_name = "REF")]
    reference: Option<String>,

    /// Use the letter templates in DIR over the built-in ones (same layout as `templates/`)
    #[arg(long, env = "FORGET_TEMPLATES", value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// Refuse to write a letter from a template no lawyer has approved as it is now
    #[arg(long)]
    require_reviewed: bool,

    /// For a reminder or complaint: the kind of the request followed up
    #[arg(long, value_name = "KIND", value_parser = parse_request_kind, help_heading = "Follow-ups")]
    original_kind: Option<RequestKind>,

    /// For a reminder or complaint: the day the company received the request [for post without
    /// it: an assumed delivery time after `--original-sent`, which the letter does not state as
    /// a fact]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, help_heading = "Follow-ups")]
    original_date: Option<NaiveDate>,

    /// For a reminder or complaint: how you sent the request (the letter says so)
    #[arg(long, value_enum, value_name = "HOW", help_heading = "Follow-ups")]
    original_via: Option<crate::cases::Channel>,

    /// For a reminder or complaint: the day you sent it [default: the day it was received, for
    /// e-mail and web forms; required for post]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, help_heading = "Follow-ups")]
    original_sent: Option<NaiveDate>,

    /// For a complaint: the day you sent a reminder, if you did
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, help_heading = "Follow-ups")]
    reminded_on: Option<NaiveDate>,
}

fn parse_kind(text: &str) -> Result<LetterKind, String> {
    LetterKind::parse_named(text)
}

fn parse_request_kind(text: &str) -> Result<RequestKind, String> {
    LetterKind::parse_request(text)
}

pub(super) fn parse_language(text: &str) -> Result<Language, String> {
    Language::parse_named(text)
}

pub fn run(
    rules: &RuleSet,
    templates: &TemplateSet,
    global: &Global,
    args: &LetterArgs,
) -> Result<ExitCode> {
    if args.format == Format::Pdf && args.out.is_none() {
        bail!("a PDF needs a file to go to: add `--out letter.pdf`");
    }
    let mut composition =
        args.letter
            .compose(rules, templates, &Defaults::default(), global.today)?;
    if let Some(paper) = args.paper {
        composition.letter.paper = paper;
    }
    let request = matches!(composition.kind, LetterKind::Request(_));
    if args.record && !request {
        bail!(
            "only a request opens a case: a {} written with `forget letter` has no case to be \
             recorded in. For a case in the log, `forget remind REF --record` or `forget complain \
             REF --record` writes the next letter and records it",
            composition.kind
        );
    }
    let mut lines = Vec::new();
    // Recorded before it is written: a letter that cannot be recorded is not written either.
    if args.record {
        let mut log = super::cases::open_log(global)?;
        let text =
            String::from_utf8(deliver::render(&composition, Format::Text)?).expect("text is UTF-8");
        let recorded = crate::cases::record::draft(&mut log, &composition, &text)?;
        lines.push(recorded_line(
            &recorded.case,
            recorded.new,
            (args.format == Format::Pdf).then_some("post"),
        ));
    }
    match &args.out {
        Some(path) => deliver::save(&composition, args.format, path)?,
        None if args.json => {}
        None => {
            let output = deliver::render(&composition, args.format)?;
            if args.format == Format::Mailto {
                lines.extend(deliver::mailto_note(output.len()));
            }
            print(&String::from_utf8(output).expect("text formats are UTF-8"))?;
        }
    }
    if args.json {
        let text =
            String::from_utf8(deliver::render(&composition, Format::Text)?).expect("text is UTF-8");
        let letter = &composition.letter;
        let json = serde_json::json!({
            "reference": letter.reference,
            "kind": composition.kind.to_string(),
            "regime": composition.regime,
            "authority": composition.authority,
            "date": letter.date,
            "due": composition.due,
            "recipient": letter.recipient.name,
            "to": composition.to,
            "webforms": composition.webforms.iter().map(|(url, _)| url).collect::<Vec<_>>(),
            "subject": letter.subject,
            "text": text,
            "warnings": composition.warnings.iter().collect::<Vec<_>>(),
            "recorded": args.record,
            "file": args.out,
        });
        print(&format!("{}\n", serde_json::to_string_pretty(&json)?))?;
    }
    if let Some(path) = &args.out {
        lines.insert(0, format!("wrote {}", path.display()));
    }
    if request && !args.record && !args.no_record {
        lines.push(
            "not recorded: add `--record` to keep it as a case in the case log (`forget cases`, \
             then `forget remind` and `forget complain` when the deadline passes); `forget send` \
             sends it by e-mail and records it"
                .to_string(),
        );
    }
    report(&composition, lines, args.format == Format::Pdf);
    Ok(ExitCode::SUCCESS)
}

/// Where the person's name and e-mail come from when neither the flags nor a profile give them.
#[derive(Debug, Default)]
pub struct Defaults {
    pub name: Option<String>,
    pub email: Option<String>,
    /// Where the defaults are written, for messages.
    pub from: Option<String>,
}

impl LetterSpec {
    /// The letter these arguments ask for, checked: written, but not yet delivered.
    pub fn compose<'t>(
        &self,
        rules: &RuleSet,
        templates: &'t TemplateSet,
        defaults: &Defaults,
        today: NaiveDate,
    ) -> Result<Composition<'t>> {
        let args = self;
        let profile = match &args.profile {
            Some(path) => Profile::load(path)?,
            None => Profile::default(),
        };
        let also = defaults
            .from
            .as_deref()
            .map_or(String::new(), |from| format!(", or in {from}"));
        let name = args
            .name
            .clone()
            .or(profile.name)
            .or(defaults.name.clone())
            .ok_or_else(|| {
                anyhow!("give your name with `--name NAME` (or `name` in a `--profile` file{also})")
            })?;
        let email = args
            .email
            .clone()
            .or(profile.email)
            .or(defaults.email.clone())
            .ok_or_else(|| {
                anyhow!(
                    "give the e-mail address the company should answer to with `--email ADDRESS` \
                     (or `email` in a `--profile` file{also})"
                )
            })?;
        let address = args.address.clone().or(profile.address);
        let person = Person::new(
            &name,
            &email,
            address.as_deref(),
            args.offer_photo || profile.offer_photo.unwrap_or(false),
        )?
        .with_settlement(args.settlement);
        let language = match (args.lang, &profile.lang) {
            (Some(language), _) => Some(language),
            (None, Some(code)) => {
                Some(parse_language(code).map_err(|error| anyhow!("in the profile: {error}"))?)
            }
            (None, None) => None,
        };
        let original = match args.kind {
            LetterKind::Request(_) => {
                if args.original_kind.is_some()
                    || args.original_date.is_some()
                    || args.original_via.is_some()
                    || args.original_sent.is_some()
                {
                    bail!(
                        "`--original-kind`, `--original-date`, `--original-via` and \
                         `--original-sent` are for follow-ups: use them with `--kind reminder` or \
                         `--kind complaint`"
                    );
                }
                None
            }
            follow_up => {
                // The letter says when and how the request went: never a guess.
                let (Some(kind), Some(via)) = (args.original_kind, args.original_via) else {
                    bail!(
                        "a {follow_up} follows up a request: say which with `--original-kind \
                         KIND`, how you sent it with `--original-via email|post|webform`, and \
                         when the company received it with `--original-date YYYY-MM-DD` (for \
                         post, `--original-sent YYYY-MM-DD`, the day you posted it)"
                    );
                };
                // A posted request whose day of arrival is not known: forget's assumption,
                // flagged as one in the letter.
                let (date, assumed) = match (args.original_date, via, args.original_sent) {
                    (Some(date), _, _) => (date, false),
                    (None, crate::cases::Channel::Post, Some(sent)) => {
                        let controller = rules.find_controller(&args.controller)?;
                        let abroad =
                            controller.country != crate::residence::country_of(&args.residence);
                        let (date, _) = crate::cases::lifecycle::receipt(
                            crate::cases::Channel::Post,
                            sent,
                            None,
                            abroad,
                        );
                        (date, true)
                    }
                    (None, _, _) => bail!(
                        "say when the company received the request: `--original-date YYYY-MM-DD` \
                         (for e-mail and web forms, the day you sent it)"
                    ),
                };
                let sent = match (via, args.original_sent) {
                    (_, Some(sent)) if sent > date => bail!(
                        "the request cannot have been sent on {sent}, after the company received \
                         it on {date} (`--original-date`)"
                    ),
                    (_, Some(sent)) => sent,
                    (crate::cases::Channel::Post, None) => bail!(
                        "a posted request arrives after it is sent: give the day you posted it \
                         with `--original-sent YYYY-MM-DD`"
                    ),
                    (_, None) => date,
                };
                Some(Original {
                    reference: args.reference.clone(),
                    sent: Some(sent),
                    channel: Some(via.as_str()),
                    received_assumed: assumed,
                    events: args
                        .reminded_on
                        .map(|date| Event {
                            date,
                            event: "reminder",
                            outcome: None,
                            note: None,
                        })
                        .into_iter()
                        .collect(),
                    ..Original::new(kind, date)
                })
            }
        };
        let request = LetterRequest {
            residence: Residence::parse(&args.residence)?,
            controller: rules.find_controller(&args.controller)?,
            kind: args.kind,
            person,
            language,
            regime: args.regime.clone(),
            date: args.request_date.unwrap_or(today),
            reference: args.reference.clone(),
            original,
        };
        let mut composition = compose(rules, templates, &request)?;
        if let Some(warning) = settlement_warning(&composition, args.settlement) {
            composition.warnings = composition
                .warnings
                .iter()
                .cloned()
                .chain([warning])
                .collect();
        }

        if args.require_reviewed
            && let Some(refusal) = composition.lineage.refusal()
        {
            bail!("{refusal}");
        }
        Ok(composition)
    }
}

/// What the person should know of the Clearview AI class settlement before sending a BIPA letter
/// to Clearview AI, or that `--settlement` does nothing for another letter.
fn settlement_warning(composition: &Composition<'_>, settlement: Settlement) -> Option<String> {
    let applies = composition.regime == "bipa" && composition.controller == "clearview-ai";
    let class = "the Clearview AI class settlement (In re Clearview AI, Inc. Consumer Privacy \
                 Litigation, final approval 20 March 2025)";
    let appeal = "objectors appealed its approval to the Seventh Circuit, and the outcome is not \
                  confirmed";
    match (applies, settlement) {
        (false, Settlement::Unknown) => None,
        // The summary for counsel states the status itself, for the lawyer.
        (true, _) if composition.kind == LetterKind::Counsel => None,
        (false, _) => Some(format!(
            "`--settlement` is about {class}, for Illinois residents writing to Clearview AI \
             under BIPA: this {} letter under `{}` does not use it",
            composition.kind, composition.regime
        )),
        (true, Settlement::Unknown) => Some(format!(
            "you did not say whether you excluded yourself from {class} by 20 September 2024 \
             (`--settlement member|excluded`). If you did not, your damages claims for the \
             conduct it covered were very likely released ({appeal}), so the letter threatens no \
             damages: it demands that Clearview AI comply with BIPA from now on"
        )),
        (true, Settlement::Member) => Some(format!(
            "as you did not exclude yourself from {class}, your damages claims for the conduct it \
             covered were very likely released ({appeal}): the letter threatens no damages and \
             demands that Clearview AI comply with BIPA from now on"
        )),
        (true, Settlement::Excluded) => Some(
            "as you excluded yourself from the Clearview AI class settlement, the letter is \
             notice before a suit: every claim under BIPA must be brought within five years \
             (Tims v. Black Horse Carriers, 2023 IL 127801), and repeated collection by the same \
             method counts as one violation (SB 2979, 2024). Ask a lawyer when your five years \
             run out"
                .to_string(),
        ),
    }
}

/// What the person should know, on stderr, after `lines` (what happened to the letter): the
/// letter's law and template, when the answer is due, and every warning. `posted` says the
/// letter goes by post, so that the deadline runs from a later day.
pub fn report(composition: &Composition<'_>, mut lines: Vec<String>, posted: bool) {
    let letter = &composition.letter;
    let template = composition
        .lineage
        .files
        .first()
        .map_or("?", |(file, _)| file.name.as_str());
    let mut summary = format!(
        "{} letter under `{}`, from the template `{template}`, reference {}",
        composition.kind, composition.regime, letter.reference
    );
    if let Some(due) = composition.due {
        summary.push_str(&format!("; the answer is due by {due}"));
    }
    lines.push(summary);
    if posted && composition.due.is_some() {
        lines.push(format!(
            "warning: the due date counts from {}; a posted letter arrives later, and the deadline \
             runs from the day the company receives it",
            letter.date
        ));
    }
    // What the person must act on is said in full; the notes (facts not confirmed, templates
    // no lawyer reviewed) are counted, and listed with --verbose.
    let (notes, warnings): (Vec<&String>, Vec<&String>) =
        composition.warnings.iter().partition(|w| is_note(w));
    for warning in warnings {
        lines.push(format!("warning: {warning}"));
    }
    if super::verbose() {
        lines.extend(notes.iter().map(|note| format!("note: {note}")));
    } else if !notes.is_empty() {
        let facts = notes
            .iter()
            .filter(|n| n.starts_with("unconfirmed: "))
            .count();
        let templates = notes.len() - facts;
        let mut what = Vec::new();
        if facts > 0 {
            what.push(if facts == 1 {
                "1 fact behind this letter is not confirmed".to_string()
            } else {
                format!("{facts} facts behind this letter are not confirmed")
            });
        }
        if templates > 0 {
            what.push(if templates == 1 {
                "no lawyer has reviewed its template".to_string()
            } else {
                format!("no lawyer has reviewed its {templates} templates")
            });
        }
        lines.push(format!(
            "note: {}: `--verbose` lists them",
            what.join(", and ")
        ));
    }
    let reviewed = composition
        .lineage
        .files
        .iter()
        .all(|(_, s)| matches!(s, ReviewStatus::Reviewed(_)));
    if !reviewed && std::io::stderr().is_terminal() {
        lines.push("forget gives information, not legal advice.".to_string());
    }
    let mut stderr = std::io::stderr().lock();
    for line in lines {
        use std::io::Write;
        let _ = writeln!(stderr, "{line}");
    }
}

/// Whether a warning is a note (a fact not confirmed, a template not reviewed) rather than
/// something to act on now.
fn is_note(warning: &str) -> bool {
    warning.starts_with("unconfirmed: ") || warning.starts_with("no lawyer has reviewed")
}

/// `case FGT-…: sent, …` for the report after a letter.
pub(super) fn recorded_line(case: &crate::cases::Case, new: bool, to_mark: Option<&str>) -> String {
    let reference = &case.reference;
    if !new && case.status != crate::cases::Status::Drafted {
        return format!(
            "case {reference} is {} already (`forget cases show {reference}`): nothing changed in \
             it",
            case.status.as_str()
        );
    }
    match case.status {
        crate::cases::Status::Drafted => format!(
            "recorded as case {reference} (drafted); when you have sent it, `forget cases \
             mark-sent {reference} --on YYYY-MM-DD --via {}`",
            to_mark.unwrap_or("email|post|webform")
        ),
        status => format!(
            "recorded in case {reference} ({}): `forget cases` shows what is due",
            status.as_str()
        ),
    }
}
