//! `forget templates`: the letter templates and their review by lawyers.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::explain::parse_date;
use super::print;
use crate::letter::{
    Event, LEDGER, Language, LetterKind, LetterRequest, Original, Person, Review, TemplateSet,
    compose, sha256_hex,
};
use crate::residence::Residence;
use crate::rules::{RequestKind, Route, RuleSet};

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    /// Use the letter templates in DIR over the built-in ones (same layout as `templates/`);
    /// approvals are recorded in DIR/reviews.toml
    #[arg(long, global = true, env = "FORGET_TEMPLATES", value_name = "DIR")]
    templates: Option<PathBuf>,

    #[command(subcommand)]
    command: TemplatesCommand,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List every template as reviewed, stale (changed since approval) or unreviewed
    Status(StatusArgs),
    /// Record that you, a lawyer, approved a template as it is now
    Approve(ApproveArgs),
    /// Render every regime × kind × language with sample people; fail on any error
    Check,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Print JSON instead of a table
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The template: its name (en/gdpr.tera) or the path to its file
    #[arg(value_name = "TEMPLATE")]
    template: String,

    /// Your name, as the reviewer who approves it
    #[arg(long, value_name = "NAME")]
    reviewer: String,

    /// A note on what you checked
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,

    /// The date of the approval [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    on: Option<NaiveDate>,
}

pub fn run(args: TemplatesArgs, rules: impl FnOnce() -> Result<RuleSet>) -> Result<ExitCode> {
    let dir = args.templates.as_deref();
    match args.command {
        TemplatesCommand::Status(args) => status(&TemplateSet::load(dir)?, args.json),
        TemplatesCommand::Approve(args) => approve(dir, &args),
        TemplatesCommand::Check => check(&rules()?, &TemplateSet::load(dir)?),
    }
}

#[derive(Serialize)]
struct StatusJson<'a> {
    template: &'a str,
    status: &'static str,
    origin: String,
    sha256: &'a str,
    reviewer: Option<&'a str>,
    date: Option<String>,
    note: Option<&'a str>,
}

fn status(templates: &TemplateSet, json: bool) -> Result<ExitCode> {
    let rows: Vec<StatusJson<'_>> = templates
        .files
        .values()
        .map(|file| {
            let status = templates.status(file);
            let review = status.review();
            StatusJson {
                template: &file.name,
                status: status.as_str(),
                origin: file.origin(),
                sha256: &file.sha256,
                reviewer: review.map(|r| r.reviewer.as_str()),
                date: review.map(|r| r.date.to_string()),
                note: review.and_then(|r| r.note.as_deref()),
            }
        })
        .collect();
    if json {
        let text = serde_json::to_string_pretty(&rows).context("cannot write JSON")?;
        print(&format!("{text}\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let width = rows.iter().map(|r| r.template.len()).max().unwrap_or(0);
    let mut out = String::new();
    for row in &rows {
        let detail = match (row.status, row.reviewer, &row.date) {
            ("reviewed", Some(who), Some(date)) => format!("approved by {who} on {date}"),
            ("stale", Some(who), Some(date)) => {
                format!("changed since {who} approved it on {date}")
            }
            _ => "no lawyer has approved it".to_string(),
        };
        out.push_str(&format!(
            "{:<10}  {:<width$}  {detail}\n",
            row.status, row.template
        ));
    }
    let reviewed = rows.iter().filter(|r| r.status == "reviewed").count();
    out.push_str(&format!(
        "\n{reviewed} of {} templates reviewed as they are now.",
        rows.len()
    ));
    if reviewed < rows.len() {
        out.push_str(" Letters from the others say so when they are written.");
    }
    out.push('\n');
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn approve(dir: Option<&Path>, args: &ApproveArgs) -> Result<ExitCode> {
    let reviewer = args.reviewer.trim();
    if reviewer.is_empty() || reviewer.chars().any(char::is_control) {
        bail!("give the reviewer's name on one line with `--reviewer NAME`");
    }
    let (dir, name) = locate(dir, &args.template)?;
    let templates = TemplateSet::load(Some(&dir))?;
    let Some(file) = templates.files.get(&name) else {
        let names: Vec<&str> = templates.files.keys().map(String::as_str).collect();
        let hint = match crate::suggest::did_you_mean(&name, names.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "`forget templates status` lists them".to_string(),
        };
        bail!(
            "there is no template `{name}` in `{}`: {hint}",
            dir.display()
        );
    };
    if file.path.is_none() {
        bail!(
            "`{name}` is not a file in `{}`: approve the file you read, in the folder it is in",
            dir.display()
        );
    }
    let review = Review {
        template: name.clone(),
        reviewer: reviewer.to_string(),
        date: args.on.unwrap_or_else(|| chrono::Local::now().date_naive()),
        sha256: sha256_hex(file.text.as_bytes()),
        note: args.note.clone(),
    };
    let ledger = dir.join(LEDGER);
    crate::letter::Ledger::append(&ledger, &review)?;
    print(&format!(
        "recorded in {}: {} approved `{name}` (sha256 {}…) on {}\n",
        ledger.display(),
        review.reviewer,
        &review.sha256[..12],
        review.date
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// The templates folder an approval goes to, and the template's name in it.
fn locate(dir: Option<&Path>, template: &str) -> Result<(PathBuf, String)> {
    let path = Path::new(template);
    let dir = match dir {
        Some(dir) => dir.to_path_buf(),
        None => {
            // The folder holding a ledger, above the file or here.
            let above = path
                .is_file()
                .then(|| path.ancestors().skip(1).find(|d| d.join(LEDGER).is_file()))
                .flatten();
            match above {
                Some(dir) => dir.to_path_buf(),
                None if Path::new("templates").join(LEDGER).is_file() => PathBuf::from("templates"),
                None => bail!(
                    "approvals are recorded in a templates folder's `{LEDGER}`, and none was found: \
                     run this in a checkout of forget, or pass `--templates DIR`"
                ),
            }
        }
    };
    let name = match (path.canonicalize(), dir.canonicalize()) {
        (Ok(file), Ok(root)) if file.starts_with(&root) => file
            .strip_prefix(&root)
            .expect("checked")
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        _ => template.trim_start_matches("./").to_string(),
    };
    Ok((dir, name))
}

/// Two histories of a request received on `date`, for the follow-ups: a reminder sent and nothing
/// since; and a posted letter, an extension, a reminder and two unsatisfying replies.
fn sample_histories(kind: RequestKind, date: NaiveDate) -> [Original; 2] {
    let day = |n: u64| date + chrono::Days::new(n);
    let event = |n, event, outcome, note: Option<&str>| Event {
        date: day(n),
        event,
        outcome,
        note: note.map(str::to_string),
    };
    [
        Original {
            events: vec![event(40, "reminder", None, None)],
            ..Original::new(kind, date)
        },
        Original {
            sent: Some(date - chrono::Days::new(4)),
            extended_until: Some(day(55)),
            events: vec![
                event(20, "extension", None, None),
                event(40, "reminder", None, None),
                event(
                    45,
                    "reply",
                    Some("partial"),
                    Some("sent {{ 7*7 }} three photos, not the biometric template"),
                ),
                event(50, "reply", Some("asked-for-id"), None),
                event(52, "reply", Some("refused"), None),
                event(53, "reply", Some("complied"), None),
                event(54, "reply", None, None),
            ],
            ..Original::new(kind, date)
        },
    ]
}

/// Renders every letter the rules allow, for every company, in every language that has a
/// template, for two sample people; reports every failure.
fn check(rules: &RuleSet, templates: &TemplateSet) -> Result<ExitCode> {
    // Before and after the law changed (the UK's DUAA steps apply from 19 June 2026).
    let dates = [
        NaiveDate::from_ymd_opt(2026, 1, 31).expect("a valid date"),
        NaiveDate::from_ymd_opt(2026, 10, 5).expect("a valid date"),
    ];
    // The companies in the rules, and one the person typed in (the rules know nothing of it).
    let entered =
        crate::rules::Controller::entered("Example Gym S.L.", "privacy@example.org", "ES");
    let controllers: Vec<&crate::rules::Controller> =
        rules.controllers.iter().chain([&entered]).collect();
    let people = [
        Person::new(
            "Ada {{ 7*7 }} Łódź-Ørsted {% raw %}",
            "ada@example.org",
            Some("Musterstraße 1, 20095 Hamburg, Germany"),
            true,
        )?,
        Person::new("Jean Dupont", "jean@example.org", None, false)?,
    ];
    let mut errors = Vec::new();
    let mut rendered = 0;
    let mut used = std::collections::BTreeSet::new();
    for (regime, &date) in rules
        .regimes
        .iter()
        .flat_map(|r| dates.iter().map(move |d| (r, d)))
    {
        if templates.find(Language::En, &regime.id).is_none() {
            if date != dates[0] {
                continue;
            }
            errors.push(format!(
                "the regime `{}` has no English template `en/{}.tera`",
                regime.id, regime.id
            ));
            continue;
        }
        let Some(code) = regime.coverage.first().and_then(|c| c.residences.first()) else {
            continue;
        };
        let residence = Residence::parse(&code.code)?;
        let mut letters: Vec<(LetterKind, Option<Original>)> = regime
            .kinds()
            .into_iter()
            .map(|k| (LetterKind::Request(k), None))
            .collect();
        if let Some(&first) = regime.kinds().first() {
            for original in sample_histories(first, date) {
                letters.push((LetterKind::Reminder, Some(original.clone())));
                match regime.route() {
                    Route::Authority => {
                        if regime
                            .steps_for(first, date)
                            .any(|s| s.step == crate::rules::StepKind::ComplaintToController)
                        {
                            letters.push((LetterKind::CompanyComplaint, Some(original.clone())));
                        }
                        letters.push((LetterKind::Complaint, Some(original)))
                    }
                    Route::PrivateAction => letters.push((LetterKind::Counsel, Some(original))),
                }
            }
        }
        for &controller in &controllers {
            for (kind, original) in &letters {
                let stem = kind.template_stem(&regime.id);
                for language in templates.languages(stem) {
                    for person in &people {
                        let request = LetterRequest {
                            residence: residence.clone(),
                            controller,
                            kind: *kind,
                            person: person.clone(),
                            language: Some(language),
                            regime: Some(regime.id.clone()),
                            date: date + chrono::Days::new(60),
                            reference: None,
                            original: original.clone(),
                        };
                        let what = format!(
                            "{kind} under `{}` to `{}` in {language} for {} on {}",
                            regime.id, controller.id, code.code, request.date
                        );
                        rendered += 1;
                        match compose(rules, templates, &request) {
                            Ok(composition) => {
                                for (file, _) in &composition.lineage.files {
                                    used.insert(file.name.clone());
                                }
                                let body = crate::letter::format::text(&composition.letter);
                                if !body.contains(&person.name) {
                                    errors.push(format!(
                                        "{what}: the letter does not name the person"
                                    ));
                                }
                            }
                            Err(error) => errors.push(format!("{what}: {error:#}")),
                        }
                    }
                }
            }
        }
    }
    let unused: Vec<&String> = templates
        .files
        .keys()
        .filter(|name| !used.contains(*name))
        .collect();
    let mut out = String::new();
    for name in &unused {
        out.push_str(&format!("warning: no letter uses the template `{name}`\n"));
    }
    if errors.is_empty() {
        out.push_str(&format!(
            "rendered {rendered} letters from {} templates: no errors\n",
            templates.files.len()
        ));
        print(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for error in &errors {
        out.push_str(&format!("error: {error}\n\n"));
    }
    print(&out)?;
    bail!(
        "{} of {rendered} letters failed to render (shown above)",
        errors.len()
    )
}
