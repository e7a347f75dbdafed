//! `forget controllers list`, `show` and `search`: the companies forget can write to, with how
//! to reach them and where each detail comes from; `import`: datenanfragen.de's companies, kept
//! in the person's data directory beside the built-in ones.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Global, load_rules, print};
use crate::rules::datenanfragen::{self, Problem};
use crate::rules::{Controller, RuleSet, RulesLocation};

/// The folder of the data directory that holds the person's own company files.
pub const FOLDER: &str = "controllers";
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
    /// Import the companies of a copy of datenanfragen.de's database (its `companies/*.json`)
    /// into your data directory; run again to update them
    Import(ImportArgs),
    /// Add a company that is not listed, to your data directory (asks for what is missing when
    /// run in a terminal)
    Add(Box<AddArgs>),
}

#[derive(Debug, Clone, Args)]
pub struct AddArgs {
    /// A short id for it: lowercase letters, digits and hyphens (e.g. `acme-eu`)
    #[arg(long)]
    id: Option<String>,
    /// Its everyday name
    #[arg(long)]
    name: Option<String>,
    /// Its legal entity [default: the name]
    #[arg(long)]
    legal_name: Option<String>,
    /// The country it is established in (ISO 3166-1 code: DE, IE, US)
    #[arg(long)]
    country: Option<String>,
    /// Its postal address for requests, lines separated by commas
    #[arg(long)]
    address: Option<String>,
    /// An e-mail address for privacy requests (repeat for more)
    #[arg(long)]
    email: Vec<String>,
    /// A web form for privacy requests (repeat for more)
    #[arg(long)]
    webform: Vec<String>,
    /// Its main website
    #[arg(long)]
    website: Option<String>,
    /// A language it takes requests in (ISO 639-1; repeat for more)
    #[arg(long = "language", value_name = "LANG")]
    languages: Vec<String>,
    /// Where these details come from: a web address, such as its privacy policy (repeat for
    /// more)
    #[arg(long = "source", value_name = "URL")]
    sources: Vec<String>,
    /// Replace a company with the same id (one you added, imported, or a built-in one)
    #[arg(long)]
    replace: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The folder of datenanfragen.de's data: a clone of github.com/datenanfragen/data, or its
    /// `companies/` folder
    #[arg(long = "from-datenanfragen", value_name = "DIR")]
    from: PathBuf,
    /// Import a company even where the built-in rules have one with the same id (the imported
    /// one is then used)
    #[arg(long)]
    prefer_imported: bool,
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

pub fn run(
    location: &RulesLocation,
    global: &Global,
    companies: Option<&Path>,
    command: &ControllersCommand,
) -> Result<ExitCode> {
    if let ControllersCommand::Import(args) = command {
        return import(location, global, companies, args);
    }
    if let ControllersCommand::Add(args) = command {
        return add(location, global, companies, args);
    }
    let rules = &load_rules(location, companies)?;
    match command {
        ControllersCommand::Import(_) | ControllersCommand::Add(_) => {
            unreachable!("handled above")
        }
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
    website: Option<&'a str>,
    languages: &'a [String],
    suggested: Option<&'static str>,
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
            website: controller.website.as_deref(),
            languages: &controller.languages,
            suggested: controller.suggested.map(|t| t.in_words()),
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
    line("website", detail.website.unwrap_or(""));
    let languages: Vec<&str> = detail
        .languages
        .iter()
        .map(|code| language_name(code))
        .collect();
    line("languages", &languages.join(", "));
    if let Some(how) = detail.suggested {
        line("send it", how);
    }
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

/// What an import did with each record.
#[derive(Debug, Default)]
struct Imported {
    new: Vec<String>,
    updated: Vec<String>,
    unchanged: Vec<String>,
    /// Records whose id a built-in company has (kept, without `--prefer-imported`).
    built_in: Vec<String>,
    /// Records that cannot be imported: the file and each problem.
    invalid: Vec<(PathBuf, Vec<Problem>)>,
}

fn import(
    location: &RulesLocation,
    global: &Global,
    companies: Option<&Path>,
    args: &ImportArgs,
) -> Result<ExitCode> {
    let target = super::data_folder(companies, "the imported companies")?;
    let from = datenanfragen::records_folder(&args.from, "companies");
    let records = super::authorities::json_files(&from)?;
    if records.is_empty() {
        bail!(
            "`{}` holds no company records (`<slug>.json`): give the folder of a copy of \
             datenanfragen.de's data, or its `companies/` folder",
            from.display()
        );
    }
    let built_in = RuleSet::check(location)
        .rules
        .context("the rules have errors: `forget rules check` shows them")?;
    // Written to a folder beside the target first, then checked as the rules would read them:
    // only what passes is moved in.
    crate::atomic::private_dir(target)
        .with_context(|| format!("cannot create `{}`", target.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".import-")
        .tempdir_in(target.parent().unwrap_or(target))
        .context("cannot create a folder to check the imported companies in")?;
    let staged_dir = staging.path().join(FOLDER);
    std::fs::create_dir(&staged_dir)?;
    let mut outcome = Imported::default();
    let mut staged: Vec<(String, PathBuf)> = Vec::new();
    for path in &records {
        let company = match datenanfragen::read_company(path) {
            Ok(company) => company,
            Err(problems) => {
                outcome.invalid.push((path.clone(), problems));
                continue;
            }
        };
        if built_in.controller(&company.slug).is_some() && !args.prefer_imported {
            outcome.built_in.push(company.slug);
            continue;
        }
        let origin = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        match datenanfragen::to_toml(&company, &origin, global.today) {
            Ok(text) => {
                let file = staged_dir.join(format!("{}.toml", company.slug));
                std::fs::write(&file, text)?;
                staged.push((company.slug, path.clone()));
            }
            Err(problem) => outcome.invalid.push((path.clone(), vec![problem])),
        }
    }
    // Each file as the rules read it, with every other rule: one that does not pass is left out.
    let checked = RuleSet::check_with(location, Some(&staged_dir));
    for (slug, path) in staged {
        let file = staged_dir.join(format!("{slug}.toml"));
        let shown = file.display().to_string();
        let errors: Vec<Problem> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .filter(|d| d.location.as_ref().is_some_and(|l| l.path == shown))
            .map(|d| Problem {
                field: String::new(),
                message: format!("cannot be used as a company of the rules: {}", with_help(d)),
            })
            .collect();
        if !errors.is_empty() {
            outcome.invalid.push((path, errors));
            continue;
        }
        let text = std::fs::read_to_string(&file)?;
        let destination = target.join(format!("{slug}.toml"));
        match std::fs::read_to_string(&destination) {
            // The comment lines say when and from where it was imported; the rest is the record.
            Ok(old) if without_comments(&old) == without_comments(&text) => {
                outcome.unchanged.push(slug)
            }
            Ok(_) => {
                crate::atomic::write(&destination, text.as_bytes())?;
                outcome.updated.push(slug);
            }
            Err(_) => {
                crate::atomic::write(&destination, text.as_bytes())?;
                outcome.new.push(slug);
            }
        }
    }
    report(&outcome, target, &from)
}

/// A diagnostic's message, with its hint when it has one.
fn with_help(diagnostic: &crate::rules::Diagnostic) -> String {
    match &diagnostic.help {
        Some(help) => format!("{} ({help})", diagnostic.message),
        None => diagnostic.message.clone(),
    }
}

/// A company file without its comment lines (the import's date and origin).
fn without_comments(text: &str) -> Vec<&str> {
    text.lines().filter(|line| !line.starts_with('#')).collect()
}

fn report(outcome: &Imported, target: &Path, from: &Path) -> Result<ExitCode> {
    let mut out = String::new();
    for (path, problems) in &outcome.invalid {
        for problem in problems {
            let field = if problem.field.is_empty() {
                String::new()
            } else {
                format!(" field `{}`", problem.field)
            };
            out.push_str(&format!(
                "skipped `{}`:{field} {}\n",
                path.display(),
                problem.message
            ));
        }
    }
    if !outcome.built_in.is_empty() {
        out.push_str(&format!(
            "kept the built-in record of {}: add `--prefer-imported` to use datenanfragen.de's \
             instead\n",
            outcome.built_in.join(", ")
        ));
    }
    out.push_str(&format!(
        "imported {} companies from `{}` into `{}`: {} new, {} updated, {} unchanged; {} kept \
         built in, {} skipped\n",
        outcome.new.len() + outcome.updated.len() + outcome.unchanged.len(),
        from.display(),
        target.display(),
        outcome.new.len(),
        outcome.updated.len(),
        outcome.unchanged.len(),
        outcome.built_in.len(),
        outcome.invalid.len()
    ));
    crate::say_inline!("{out}");
    Ok(if outcome.invalid.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(5)
    })
}

/// The flag each key of a company file comes from, for errors about what was typed.
const FLAGS: &[(&str, &str)] = &[
    ("id", "--id"),
    ("name", "--name"),
    ("legal_name", "--legal-name"),
    ("country", "--country"),
    ("address", "--address"),
    ("website", "--website"),
    ("languages", "--language"),
    ("sources", "--source"),
    ("url", "--webform"),
];

fn add(
    location: &RulesLocation,
    global: &Global,
    companies: Option<&Path>,
    args: &AddArgs,
) -> Result<ExitCode> {
    let target = super::data_folder(companies, "the company")?;
    let mut args = args.clone();
    if crate::wizard::has_terminal() {
        ask_missing(&mut args)?;
    }
    let mut missing = Vec::new();
    if args.id.is_none() {
        missing.push("--id");
    }
    if args.name.is_none() {
        missing.push("--name");
    }
    if args.country.is_none() {
        missing.push("--country");
    }
    if args.sources.is_empty() {
        missing.push("--source");
    }
    if !missing.is_empty() {
        bail!(
            "a company needs {}: give them, or run this in a terminal to be asked",
            missing.join(", ")
        );
    }
    if args.email.is_empty() && args.webform.is_empty() && args.address.is_none() {
        bail!("say how the company takes requests: `--email`, `--webform` or `--address`");
    }
    let id = args.id.clone().unwrap_or_default();
    let rules = RuleSet::check_with(location, Some(target)).rules;
    if rules.as_ref().is_some_and(|r| r.controller(&id).is_some()) && !args.replace {
        bail!(
            "there is already a company `{id}` (`forget controllers show {id}`): choose another \
             `--id`, or add `--replace` to replace it"
        );
    }
    let text = company_file(&args, global.today);
    // Checked as the rules read it, with every other rule, before it is kept.
    let staging = tempfile::Builder::new()
        .prefix(".add-")
        .tempdir()
        .context("cannot create a folder to check the company in")?;
    // In a folder named as the rules' own, so that it is read as a company.
    let staged = staging.path().join(FOLDER);
    std::fs::create_dir(&staged)?;
    let file = staged.join(format!("{id}.toml"));
    if !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        std::fs::write(&file, &text)?;
    } else {
        bail!(
            "`--id {id}` is not an id: use lowercase letters, digits and hyphens (e.g. `acme-eu`)"
        );
    }
    let checked = RuleSet::check_with(location, Some(&staged));
    let shown = file.display().to_string();
    let problems: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| {
            d.location
                .as_ref()
                .filter(|l| l.path == shown)
                .map(|l| (d, l))
        })
        .map(|(d, l)| {
            let key = l.line_text.split('=').next().unwrap_or("").trim();
            let flag = FLAGS
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(key, |(_, flag)| flag);
            // An `address` in an `[[email]]` table is an e-mail address.
            let table = text
                .lines()
                .take(l.line.saturating_sub(1))
                .filter(|line| line.starts_with("[["))
                .last();
            let flag = match (key, table) {
                ("address", Some("[[email]]")) => "--email",
                _ => flag,
            };
            format!("{flag}: {}", with_help(d))
        })
        .collect();
    if !problems.is_empty() {
        bail!("the company was not added:\n  {}", problems.join("\n  "));
    }
    crate::atomic::private_dir(target)
        .with_context(|| format!("cannot create `{}`", target.display()))?;
    let destination = target.join(format!("{id}.toml"));
    crate::atomic::write(&destination, text.as_bytes())?;
    crate::say!(
        "added `{id}` as `{}`: `forget controllers show {id}` shows it, and letters to it use the \
         same laws and deadlines",
        destination.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Asks, at a terminal, for what the flags left out.
fn ask_missing(args: &mut AddArgs) -> Result<()> {
    use dialoguer::Input;
    let ask = |prompt: &str| -> Result<String> {
        Ok(Input::<String>::new()
            .with_prompt(prompt)
            .interact_text()?
            .trim()
            .to_string())
    };
    if args.name.is_none() {
        args.name = Some(ask("The company's name")?);
    }
    if args.id.is_none() {
        let suggested: String = crate::rules::fold(args.name.as_deref().unwrap_or(""))
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        args.id = Some(
            Input::<String>::new()
                .with_prompt("A short id for it")
                .default(suggested)
                .interact_text()?,
        );
    }
    if args.country.is_none() {
        args.country = Some(ask("The country it is established in (DE, IE, US …)")?.to_uppercase());
    }
    if args.email.is_empty() && args.webform.is_empty() && args.address.is_none() {
        args.email
            .push(ask("Its e-mail address for privacy requests")?);
    }
    if args.sources.is_empty() {
        args.sources.push(ask(
            "Where these details come from (a web address, such as its privacy policy)",
        )?);
    }
    Ok(())
}

/// The company file for what was given. Every detail is marked as entered by hand: forget
/// has not checked it, and letters to the company say so.
fn company_file(args: &AddArgs, today: chrono::NaiveDate) -> String {
    let quote = |text: &str| serde_json::to_string(text).unwrap_or_default();
    let list = |items: &[String]| {
        let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
        format!("[{}]", quoted.join(", "))
    };
    let sources = list(&args.sources);
    let reason = quote(&format!(
        "entered by hand with `forget controllers add` on {today}; forget has not checked it"
    ));
    let name = args.name.clone().unwrap_or_default();
    let mut out = format!("# Added by hand with `forget controllers add` on {today}.\n\n");
    out.push_str(&format!(
        "id = {}\n",
        quote(args.id.as_deref().unwrap_or(""))
    ));
    out.push_str(&format!("name = {}\n", quote(&name)));
    out.push_str(&format!(
        "legal_name = {}\n",
        quote(args.legal_name.as_deref().unwrap_or(&name))
    ));
    out.push_str(&format!(
        "country = {}\n",
        quote(&args.country.as_deref().unwrap_or("").to_uppercase())
    ));
    if let Some(address) = &args.address {
        let lines: Vec<&str> = address.split(',').map(str::trim).collect();
        out.push_str(&format!("address = {}\n", quote(&lines.join("\n"))));
    }
    if let Some(website) = &args.website {
        out.push_str(&format!("website = {}\n", quote(website)));
    }
    if !args.languages.is_empty() {
        out.push_str(&format!("languages = {}\n", list(&args.languages)));
    }
    out.push_str(&format!("sources = {sources}\n"));
    if args.address.is_some() {
        out.push_str(&format!("unconfirmed = {{ address = {reason} }}\n"));
    }
    for email in &args.email {
        out.push_str(&format!(
            "\n[[email]]\naddress = {}\npurpose = \"Privacy requests (entered by hand).\"\nsources = {sources}\nunconfirmed = {{ address = {reason} }}\n",
            quote(email)
        ));
    }
    for form in &args.webform {
        out.push_str(&format!(
            "\n[[webform]]\nurl = {}\npurpose = \"Privacy requests (entered by hand).\"\nsources = {sources}\nunconfirmed = {{ url = {reason} }}\n",
            quote(form)
        ));
    }
    out
}
