//! `forget controllers list`, `show` and `search`: the companies forget can write to, with how
//! to reach them and where each detail comes from.

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::print;
use crate::rules::{Controller, RuleSet};
use crate::text::{language_name, wrap_labelled};

const WIDTH: usize = 88;

#[derive(Debug, Subcommand)]
pub enum ControllersCommand {
    /// List every company in the rules, with how it takes requests
    List(JsonArgs),
    /// Show one company: its addresses, its request channels, what it demands, the decisions
    /// against it, and where each detail comes from
    Show(ShowArgs),
    /// Find companies by a part of their name, id or website, in any case and without accents
    Search(SearchArgs),
}

#[derive(Debug, Args)]
pub struct JsonArgs {
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The company's id (as `forget controllers list` gives it)
    #[arg(value_name = "ID")]
    id: String,
    #[command(flatten)]
    json: JsonArgs,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for: words of the name, the id or the website ("clearview", "experian gb")
    #[arg(value_name = "TEXT", required = true, num_args = 1..)]
    text: Vec<String>,
    #[command(flatten)]
    json: JsonArgs,
}

pub fn run(rules: &RuleSet, command: &ControllersCommand) -> Result<ExitCode> {
    match command {
        ControllersCommand::List(args) => {
            let all: Vec<&Controller> = rules.controllers.iter().collect();
            listing(&all, args.json)
        }
        ControllersCommand::Show(args) => {
            let controller = rules.find_controller(&args.id)?;
            if args.json.json {
                print(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&Detail::of(controller))?
                ))?;
            } else {
                print(&detail_text(controller))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        ControllersCommand::Search(args) => {
            let text = args.text.join(" ");
            let found = rules.search_controllers(&text);
            if found.is_empty() && !args.json.json {
                let names = rules.controllers.iter().map(|c| c.name.as_str());
                let hint = match crate::suggest::did_you_mean(&text, names) {
                    Some(close) => format!("; did you mean {close}?"),
                    None => "; `forget controllers list` lists them all".to_string(),
                };
                bail!("no company in the rules matches `{text}`{hint}");
            }
            listing(&found, args.json.json)
        }
    }
}

/// A company in a list.
#[derive(Debug, Serialize)]
struct Summary<'a> {
    id: &'a str,
    name: &'a str,
    country: &'a str,
    emails: Vec<&'a str>,
    webforms: Vec<&'a str>,
    postal: bool,
}

impl<'a> Summary<'a> {
    fn of(controller: &'a Controller) -> Summary<'a> {
        Summary {
            id: &controller.id,
            name: &controller.name,
            country: &controller.country,
            emails: controller
                .emails
                .iter()
                .map(|e| e.address.as_str())
                .collect(),
            webforms: controller.webforms.iter().map(|w| w.url.as_str()).collect(),
            postal: controller.address.is_some(),
        }
    }

    /// How the company takes requests, in a few words.
    fn channels(&self) -> String {
        let mut channels = Vec::new();
        if !self.emails.is_empty() {
            channels.push("e-mail");
        }
        if !self.webforms.is_empty() {
            channels.push("web form");
        }
        if self.postal {
            channels.push("post");
        }
        if channels.is_empty() {
            "no channel known".to_string()
        } else {
            channels.join(", ")
        }
    }
}

fn listing(controllers: &[&Controller], json: bool) -> Result<ExitCode> {
    let summaries: Vec<Summary<'_>> = controllers.iter().map(|c| Summary::of(c)).collect();
    if json {
        print(&format!("{}\n", serde_json::to_string_pretty(&summaries)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    let id_width = summaries.iter().map(|s| s.id.len()).max().unwrap_or(0);
    let name_width = summaries
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for summary in &summaries {
        out.push_str(&format!(
            "{:id_width$}  {:name_width$}  {}  {}\n",
            summary.id,
            summary.name,
            summary.country,
            summary.channels()
        ));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Everything about one company, for `--json`.
#[derive(Debug, Serialize)]
struct Detail<'a> {
    id: &'a str,
    name: &'a str,
    legal_name: &'a str,
    country: &'a str,
    address: Option<&'a str>,
    website: &'a str,
    languages: &'a [String],
    emails: Vec<Channel<'a>>,
    webforms: Vec<Channel<'a>>,
    identity: Option<&'a str>,
    precedents: Vec<String>,
    notes: Vec<&'a str>,
    sources: Vec<&'a str>,
    unconfirmed: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Channel<'a> {
    to: &'a str,
    purpose: &'a str,
}

impl<'a> Detail<'a> {
    fn of(controller: &'a Controller) -> Detail<'a> {
        Detail {
            id: &controller.id,
            name: &controller.name,
            legal_name: &controller.legal_name,
            country: &controller.country,
            address: controller.address.as_deref(),
            website: &controller.website,
            languages: &controller.languages,
            emails: controller
                .emails
                .iter()
                .map(|e| Channel {
                    to: &e.address,
                    purpose: &e.purpose,
                })
                .collect(),
            webforms: controller
                .webforms
                .iter()
                .map(|w| Channel {
                    to: &w.url,
                    purpose: &w.purpose,
                })
                .collect(),
            identity: controller.identity.as_ref().map(|i| i.summary.as_str()),
            precedents: controller
                .precedents
                .iter()
                .map(|p| match p.date {
                    Some(date) => format!("{date}: {}", p.summary),
                    None => p.summary.clone(),
                })
                .collect(),
            notes: controller.notes.iter().map(|n| n.text.as_str()).collect(),
            sources: controller
                .provenance
                .sources
                .iter()
                .map(|s| s.as_str())
                .collect(),
            unconfirmed: crate::decide::contact_warnings(controller),
        }
    }
}

fn detail_text(controller: &Controller) -> String {
    let detail = Detail::of(controller);
    let mut out = format!("{} ({})\n", detail.name, detail.id);
    let mut line = |label: &str, value: &str| {
        // Each line of an address on its own line; long values wrapped under the first.
        for (i, part) in value.lines().filter(|p| !p.trim().is_empty()).enumerate() {
            let label = if i == 0 { label } else { "" };
            out.push_str(&wrap_labelled(&format!("{label:<12} "), part, 2, WIDTH));
            out.push('\n');
        }
    };
    line("legal name", detail.legal_name);
    line("country", detail.country);
    line("address", detail.address.unwrap_or(""));
    line("website", detail.website);
    let languages: Vec<&str> = detail
        .languages
        .iter()
        .map(|code| language_name(code))
        .collect();
    line("languages", &languages.join(", "));
    for email in &detail.emails {
        line("e-mail", &format!("{}: {}", email.to, email.purpose));
    }
    for form in &detail.webforms {
        line("web form", &format!("{}: {}", form.to, form.purpose));
    }
    line("identity", detail.identity.unwrap_or(""));
    for precedent in &detail.precedents {
        line("decision", precedent);
    }
    for note in &detail.notes {
        line("note", note);
    }
    for (i, source) in detail.sources.iter().enumerate() {
        // One a line: a web address is never broken.
        let label = if i == 0 { "sources" } else { "" };
        out.push_str(&format!("  {label:<12} {source}\n"));
    }
    for warning in &detail.unconfirmed {
        out.push_str(&wrap_labelled("warning: ", warning, 0, WIDTH));
        out.push('\n');
    }
    out
}
