//! `forget explain`: which laws protect a person, why, what to cite, by when the company must
//! answer and where to complain. Prose for people, `--json` for other tools.

use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::print;
use crate::decide::{Decision, PathStep, RegimeDecision, decide};
use crate::residence::Residence;
use crate::rules::{
    Authority, Binds, Controller, Deadline, InForce, NonWorkingDay, Period, RequestKind, Route,
    RuleSet, StepFrom,
};
use crate::text::{language_name, wrap, wrap_labelled};

const WIDTH: usize = 88;
const LABEL: usize = 17;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Where you live: an ISO 3166-1 code (FR, NO, GB, AU) or an ISO 3166-2 code (DE-HH, CA-QC,
    /// US-IL)
    #[arg(long, value_name = "CODE")]
    residence: String,

    /// The company, by id (e.g. clearview-ai)
    #[arg(long, value_name = "ID")]
    controller: Option<String>,

    /// The kind of request, for its due date and escalation path (access, erasure, objection,
    /// restriction, withdraw-consent, opt-out, destroy-biometrics)
    #[arg(long, value_name = "KIND", value_parser = crate::letter::LetterKind::parse_request)]
    kind: Option<RequestKind>,

    /// The day the company receives your request (YYYY-MM-DD), to compute the due date; the law
    /// in force that day applies [default: today's law, and no due date]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    request_date: Option<NaiveDate>,

    /// Print JSON instead of prose
    #[arg(long)]
    json: bool,
}

/// Parses a date given on the command line.
/// The years a date on the command line may fall in: a letter, a receipt or a deadline, never the
/// year 0 or 9999 (whose deadlines would be written `+10000-01-31`).
const YEARS: std::ops::RangeInclusive<i32> = 1970..=2999;

pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    use chrono::Datelike;
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|error| format!("`{text}` is not a date ({error}); write it as YYYY-MM-DD"))?;
    if !YEARS.contains(&date.year()) {
        return Err(format!(
            "`{text}` is outside the years forget counts deadlines in ({} to {}): check the year",
            YEARS.start(),
            YEARS.end()
        ));
    }
    Ok(date)
}

pub fn run(rules: &RuleSet, today: NaiveDate, args: &ExplainArgs) -> Result<ExitCode> {
    let residence = Residence::parse(&args.residence)?;
    let controller = match &args.controller {
        Some(id) => Some(rules.find_controller(id)?),
        None => None,
    };
    let on = args.request_date.unwrap_or(today);
    let decision = decide(
        rules,
        residence,
        controller,
        args.kind,
        on,
        args.request_date,
    );
    if args.json {
        let json = serde_json::to_string_pretty(&ExplainJson::from(&decision))
            .context("cannot write the answer as JSON")?;
        print(&format!("{json}\n"))?;
    } else {
        super::pager::page(&prose(&decision))?;
    }
    Ok(ExitCode::SUCCESS)
}

// ------------------------------------------------------------------------------------- prose

fn prose(decision: &Decision<'_>) -> String {
    let mut out = String::new();
    let line = |out: &mut String, label: &str, text: &str| {
        out.push_str(&wrap_labelled(&format!("{label:<11}"), text, 0, WIDTH));
        out.push('\n');
    };
    line(
        &mut out,
        "Residence:",
        &format!(
            "{} ({})",
            decision.residence.code(),
            decision.residence.name()
        ),
    );
    if let Some(controller) = decision.controller {
        let country = crate::residence::lookup(&controller.country)
            .map_or(controller.country.as_str(), |e| e.name);
        line(
            &mut out,
            "Company:",
            &format!(
                "{}; country of establishment: {country}",
                controller.display_name()
            ),
        );
    }
    if let Some(received) = decision.received {
        line(
            &mut out,
            "Received:",
            &format!("{} ({})", received, received.format("%A")),
        );
    }
    out.push('\n');

    match decision.regimes.len() {
        0 => {
            out.push_str(&wrap(
                &format!(
                    "No law in forget's rules gives you enforceable rights here: none of them \
                     protects residents of {}.",
                    decision.residence.place()
                ),
                0,
                WIDTH,
            ));
            out.push('\n');
            if let Some(controller) = decision.controller {
                out.push('\n');
                out.push_str(&wrap(
                    &format!(
                        "You can still ask {} through its own channels. forget does not model \
                         every law: one it does not know (of your country, or of where {} \
                         operates) may still oblige it to answer, so keep a copy of what you \
                         send and when.",
                        controller.name, controller.name
                    ),
                    0,
                    WIDTH,
                ));
                out.push('\n');
                channels_prose(&mut out, controller, 2);
            }
        }
        1 => out.push_str("1 law protects you:\n"),
        n => {
            out.push_str(&format!("{n} laws protect you, strongest first:\n"));
            for regime in &decision.regimes {
                out.push_str(&wrap_labelled(
                    "- ",
                    &format!(
                        "{}: {}",
                        regime.regime.short_name, regime.regime.rank_reason
                    ),
                    2,
                    WIDTH,
                ));
                out.push('\n');
            }
        }
    }
    if let Some(controller) = decision.controller
        && !decision.regimes.is_empty()
    {
        out.push_str(&format!("\nSend your request to {}:\n", controller.name));
        channels_prose(&mut out, controller, 2);
    }

    for regime in &decision.regimes {
        out.push('\n');
        regime_prose(&mut out, regime, decision);
    }

    if let Some(controller) = decision.controller
        && !decision.notes.is_empty()
    {
        out.push_str(&format!("\nAbout {}:\n", controller.name));
        for note in &decision.notes {
            out.push_str(&wrap_labelled("- ", note, 2, WIDTH));
            out.push('\n');
        }
    }
    if !decision.warnings.is_empty() {
        out.push_str("\nWarnings:\n");
        for warning in &decision.warnings {
            out.push_str(&wrap_labelled("- ", warning, 2, WIDTH));
            out.push('\n');
        }
    }
    out.push_str(&format!(
        "\n{}\n",
        wrap(
            "forget gives information, not legal advice. Check anything marked unconfirmed \
             before you rely on it.",
            0,
            WIDTH
        )
    ));
    out
}

fn regime_prose(out: &mut String, decision: &RegimeDecision<'_>, whole: &Decision<'_>) {
    let regime = decision.regime;
    out.push_str(&wrap(
        &format!(
            "{}: {} ({})",
            regime.short_name, regime.name, regime.citation
        ),
        0,
        WIDTH,
    ));
    out.push('\n');
    let field = |out: &mut String, label: &str, text: &str| {
        out.push_str(&wrap_labelled(&format!("{label:<LABEL$}"), text, 2, WIDTH));
        out.push('\n');
    };
    field(out, "Why:", &decision.why);

    let kinds = regime.kinds();
    let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    field(out, "You can ask for:", &names.join(", "));
    out.push_str("  Provisions:\n");
    for provision in regime
        .provisions
        .iter()
        .filter(|p| p.in_force.contains(whole.on))
    {
        let applies = if provision.kinds.len() == kinds.len() && kinds.len() > 1 {
            "every request".to_string()
        } else {
            let names: Vec<&str> = provision.kinds.iter().map(|k| k.as_str()).collect();
            names.join(", ")
        };
        out.push_str(&wrap_labelled(
            "- ",
            &format!(
                "{} [{applies}]{}: {}",
                provision.cite,
                version(&provision.in_force),
                provision.summary
            ),
            4,
            WIDTH,
        ));
        out.push('\n');
    }

    let received = whole.received.unwrap_or(whole.on);
    let deadlines: Vec<&Deadline> = regime
        .deadlines
        .iter()
        .filter(|d| d.in_force.contains(received))
        .filter(|d| whole.kind.is_none_or(|k| d.applies_to(k)))
        .collect();
    if deadlines.is_empty() {
        field(
            out,
            "Deadline:",
            &format!(
                "none: {} sets no deadline for the company to answer {}.",
                regime.short_name,
                whole.kind.map_or("a request".to_string(), |k| {
                    let article = if k.as_str().starts_with(['a', 'e', 'o']) {
                        "an"
                    } else {
                        "a"
                    };
                    format!("{article} {k} request")
                })
            ),
        );
    }
    for (i, deadline) in deadlines.iter().enumerate() {
        {
            let statutory = if deadline.statutory {
                ""
            } else {
                " (not set by statute)"
            };
            let holidays = match (deadline.calendar, deadline.non_working_day) {
                (Some(calendar), NonWorkingDay::NoShift) => {
                    format!("; holidays of {}", calendar.name())
                }
                (Some(calendar), NonWorkingDay::NextNonHoliday) => format!(
                    "; a last day on a Sunday or holiday of {} moves to the next day",
                    calendar.name()
                ),
                (Some(calendar), NonWorkingDay::NextWorkingDay) => format!(
                    "; a last day on a weekend or holiday of {} moves to the next working day",
                    calendar.name()
                ),
                _ => String::new(),
            };
            field(
                out,
                "Deadline:",
                &format!(
                    "{} from receipt{statutory}{}{holidays} ({}){}.",
                    deadline.period,
                    scope(&deadline.kinds),
                    deadline.cite,
                    version(&deadline.in_force)
                ),
            );
            if i > 0 {
                continue;
            }
            let due = match &decision.due {
                Some(due) if due.moved() => format!(
                    "{} ({}). The period ends on {} {}, so the answer is due on the next day \
                     the law counts.",
                    due.due,
                    due.due.format("%A"),
                    due.period_end.format("%A"),
                    due.period_end
                ),
                Some(due) => format!("{} ({}).", due.due, due.due.format("%A")),
                None => "give --request-date YYYY-MM-DD (the day the company receives your \
                         request) to compute the date."
                    .to_string(),
            };
            field(out, "Due:", &due);
        }
    }
    let extension = deadlines.first().and_then(|d| {
        regime.extensions.iter().find(|e| {
            e.in_force.contains(received)
                && (e.kinds.is_empty()
                    || d.kinds.is_empty()
                    || e.kinds.iter().any(|k| d.applies_to(*k)))
        })
    });
    if let Some(extension) = extension {
        let until = decision
            .extended_due
            .map(|d| format!(" (at the latest {})", d.due))
            .unwrap_or_default();
        field(
            out,
            "Extension:",
            &format!(
                "up to {} more{until}, {} ({}).",
                extension.period, extension.condition, extension.cite
            ),
        );
    }
    for (label, requirement, what) in [
        ("Identity:", &regime.identity, "identity checks"),
        ("Fees:", &regime.fees, "fees"),
    ] {
        let text = match requirement {
            Some(requirement) => format!("{}: {}", requirement.cite, requirement.rule),
            None => format!(
                "forget's rules record no rule on {what} under {}.",
                regime.short_name
            ),
        };
        field(out, label, &text);
    }
    if let (Some(rule), Some(representative), Some(controller)) = (
        &regime.representative,
        decision.representative,
        whole.controller,
    ) {
        let text = if representative.designated {
            format!(
                "{} has designated {} ({}).",
                controller.name,
                representative.name.as_deref().unwrap_or("a representative"),
                rule.cite
            )
        } else if representative.provenance.reason("designated").is_some() {
            format!(
                "none known: {} had designated none when last checked (see the warnings). {}: {}",
                controller.name, rule.cite, rule.summary
            )
        } else {
            format!(
                "{} has designated none. {}: {}",
                controller.name, rule.cite, rule.summary
            )
        };
        field(out, "Representative:", &text);
    }

    let escalation = regime.escalation_on(whole.on);
    field(
        out,
        "If refused:",
        &format!(
            "{}{}: {}",
            escalation.cite,
            version(&escalation.in_force),
            escalation.summary
        ),
    );
    match (escalation.route, decision.authority) {
        (Route::Authority, Some(authority)) => authority_prose(out, authority, 2 + LABEL),
        (Route::Authority, None) => {}
        (Route::PrivateAction, _) => {
            field(
                out,
                "",
                "There is no authority to complain to under this law.",
            );
        }
    }

    path_prose(out, decision);

    if let Some(controller) = whole.controller
        && !decision.precedents.is_empty()
    {
        out.push_str(&format!("  Decisions against {}:\n", controller.name));
        for precedent in &decision.precedents {
            let date = precedent.date.map(|d| format!("{d}: ")).unwrap_or_default();
            out.push_str(&wrap_labelled(
                "- ",
                &format!("{date}{}. {}", precedent.reference, precedent.summary),
                4,
                WIDTH,
            ));
            out.push('\n');
        }
    }
    for note in &decision.notes {
        field(out, "Note:", note);
    }
    if !decision.warnings.is_empty() {
        out.push_str("  Warnings:\n");
        for warning in &decision.warnings {
            out.push_str(&wrap_labelled("- ", warning, 4, WIDTH));
            out.push('\n');
        }
    }
}

/// " (in force from 2026-06-19)" for a value of the law that has dates; nothing otherwise.
fn version(in_force: &InForce) -> String {
    if in_force.always() {
        String::new()
    } else {
        format!(" ({in_force})")
    }
}

/// The steps from the request to the last resort, numbered.
fn path_prose(out: &mut String, decision: &RegimeDecision<'_>) {
    if decision.path.is_empty() {
        return;
    }
    out.push_str("  Steps:\n");
    for (i, step) in decision.path.iter().enumerate() {
        let period = match (step.period, step.binds, step.from) {
            (Some(period), Some(binds), Some(from)) => {
                let who = match binds {
                    Binds::Company => "the company must act within",
                    Binds::Person => "you must act within",
                };
                let from = match from {
                    StepFrom::Receipt => "its receipt",
                    StepFrom::Refusal => "the refusal, or the end of the time to answer",
                    StepFrom::Decision => "the decision",
                    StepFrom::Report => "the authority's report",
                };
                format!("; {who} {period} of {from}")
            }
            _ => String::new(),
        };
        out.push_str(&wrap_labelled(
            &format!("{}. ", i + 1),
            &format!(
                "{} ({}{}){period}: {}",
                step.step.as_str(),
                step.provision,
                version(&step.in_force),
                step.summary
            ),
            4,
            WIDTH,
        ));
        out.push('\n');
    }
}

/// ", for access and erasure requests" when a deadline covers only some request kinds.
fn scope(kinds: &[RequestKind]) -> String {
    if kinds.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        format!(", for {} requests", names.join(" and "))
    }
}

fn authority_prose(out: &mut String, authority: &Authority, indent: usize) {
    let pad = " ".repeat(indent);
    out.push_str(&wrap(&authority.display_name(), indent, WIDTH));
    out.push('\n');
    match &authority.address {
        Some(address) => {
            for line in address.lines() {
                out.push_str(&format!("{pad}{line}\n"));
            }
        }
        None => out.push_str(&format!("{pad}(no confirmed postal address)\n")),
    }
    let mut detail = |label: &str, value: &str| {
        out.push_str(&wrap_labelled(
            &format!("{label:<10}"),
            value,
            indent,
            WIDTH,
        ));
        out.push('\n');
    };
    if let Some(email) = &authority.email {
        detail("e-mail:", email);
    }
    if let Some(url) = &authority.complaint_url {
        detail("form:", url);
    }
    detail("website:", &authority.website);
    if let Some(phone) = &authority.phone {
        detail("phone:", phone);
    }
    if !authority.languages.is_empty() {
        let names: Vec<&str> = authority
            .languages
            .iter()
            .map(|l| language_name(l))
            .collect();
        detail("language:", &names.join(", "));
    }
    for note in &authority.notes {
        detail("note:", note);
    }
}

fn channels_prose(out: &mut String, controller: &Controller, indent: usize) {
    for email in &controller.emails {
        out.push_str(&wrap_labelled(
            &format!("{:<10}", "e-mail:"),
            &format!("{} ({})", email.address, email.purpose),
            indent,
            WIDTH,
        ));
        out.push('\n');
    }
    for form in &controller.webforms {
        out.push_str(&wrap_labelled(
            &format!("{:<10}", "form:"),
            &format!("{} ({})", form.url, form.purpose),
            indent,
            WIDTH,
        ));
        out.push('\n');
    }
    if let Some(address) = &controller.address {
        out.push_str(&wrap_labelled(
            &format!("{:<10}", "post:"),
            &address.lines().collect::<Vec<_>>().join(", "),
            indent,
            WIDTH,
        ));
        out.push('\n');
    }
}

// -------------------------------------------------------------------------------------- JSON
//
// The JSON answer is a contract other tools read: keep the field names.

#[derive(Serialize)]
struct ExplainJson<'a> {
    residence: &'a str,
    controller: Option<&'a str>,
    regimes: Vec<RegimeJson<'a>>,
    warnings: &'a [String],
    /// The company's own channels for requests (empty without `--controller`).
    channels: Vec<ChannelJson<'a>>,
    /// What the rules know about the company (empty without `--controller`).
    notes: &'a [String],
}

#[derive(Serialize)]
struct RegimeJson<'a> {
    id: &'a str,
    name: &'a str,
    why: &'a str,
    provisions: Vec<ProvisionJson<'a>>,
    deadline: Option<Period>,
    extension: Option<Period>,
    due: Option<String>,
    authority: Option<AuthorityJson<'a>>,
    /// The escalation steps, in order, under the law in force on the letter's date.
    path: &'a [PathStep],
    warnings: &'a [String],
    notes: &'a [String],
}

#[derive(Serialize)]
struct ProvisionJson<'a> {
    kind: RequestKind,
    cite: &'a str,
    summary: &'a str,
}

#[derive(Serialize)]
struct AuthorityJson<'a> {
    id: &'a str,
    name: &'a str,
    email: Option<&'a str>,
    website: &'a str,
    complaint_url: Option<&'a str>,
    address: Option<&'a str>,
}

#[derive(Serialize)]
struct ChannelJson<'a> {
    kind: &'static str,
    value: String,
    purpose: Option<&'a str>,
    unconfirmed: Option<&'a str>,
}

impl<'a> From<&'a Decision<'a>> for ExplainJson<'a> {
    fn from(decision: &'a Decision<'a>) -> Self {
        let regimes = decision
            .regimes
            .iter()
            .map(|d| {
                let regime = d.regime;
                let provisions = regime
                    .kinds()
                    .into_iter()
                    .flat_map(|kind| {
                        regime
                            .provisions_for(kind, decision.on)
                            .map(move |p| ProvisionJson {
                                kind,
                                cite: &p.cite,
                                summary: &p.summary,
                            })
                    })
                    .collect();
                RegimeJson {
                    id: &regime.id,
                    name: &regime.name,
                    why: &d.why,
                    provisions,
                    deadline: d.path.first().and_then(|step| step.period),
                    // The extension for the kind, else (without `--kind`) the regime's own.
                    extension: {
                        let received = decision.received.unwrap_or(decision.on);
                        regime
                            .extension_for(d.kind, received)
                            .or_else(|| {
                                decision.kind.is_none().then(|| {
                                    regime
                                        .extensions
                                        .iter()
                                        .find(|e| e.in_force.contains(received))
                                })?
                            })
                            .map(|x| x.period)
                    },
                    path: &d.path,
                    due: d.due.map(|due| due.due.to_string()),
                    authority: d.authority.map(|a| AuthorityJson {
                        id: &a.id,
                        name: &a.name,
                        email: a.email.as_deref(),
                        website: &a.website,
                        complaint_url: a.complaint_url.as_deref(),
                        address: a.address.as_deref(),
                    }),
                    warnings: &d.warnings,
                    notes: &d.notes,
                }
            })
            .collect();
        let channels = decision.controller.map(channels_json).unwrap_or_default();
        ExplainJson {
            residence: decision.residence.code(),
            controller: decision.controller.map(|c| c.id.as_str()),
            regimes,
            warnings: &decision.warnings,
            channels,
            notes: &decision.notes,
        }
    }
}

fn channels_json(controller: &Controller) -> Vec<ChannelJson<'_>> {
    let mut channels: Vec<ChannelJson<'_>> = Vec::new();
    for email in &controller.emails {
        channels.push(ChannelJson {
            kind: "email",
            value: email.address.clone(),
            purpose: Some(&email.purpose),
            unconfirmed: email.provenance.reason("address"),
        });
    }
    for form in &controller.webforms {
        channels.push(ChannelJson {
            kind: "webform",
            value: form.url.clone(),
            purpose: Some(&form.purpose),
            unconfirmed: form.provenance.reason("url"),
        });
    }
    if let Some(address) = &controller.address {
        channels.push(ChannelJson {
            kind: "post",
            value: address.clone(),
            purpose: None,
            unconfirmed: controller.provenance.reason("address"),
        });
    }
    channels
}
