//! `forget cases mark-sent`: when and how a request went out, for one case or many drafts at
//! once (all, those of a day, those of a batch's folder).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;

use super::explain::parse_date;
use super::print;
use crate::cases::{Case, CaseLog, Channel, Status, lifecycle, record};
use crate::rules::RuleSet;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["reference", "all_drafted", "drafted_on", "batch"])))]
#[command(
    after_help = "Many at once: every request still drafted (`--all-drafted`), those \
written on one day (`--drafted-on`), or those a batch wrote into a folder (`--batch DIR`, from \
its manifest), e.g. after posting a batch's printed letters: \
`forget cases mark-sent --batch letters/ --on 2026-12-04 --via post`."
)]
pub struct MarkSentArgs {
    /// The case; or choose many with the options below
    reference: Option<String>,
    /// Every request still drafted
    #[arg(long)]
    all_drafted: bool,
    /// The drafted requests written on this day
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    drafted_on: Option<NaiveDate>,
    /// The drafted requests a `forget batch` wrote into DIR (its manifest.csv)
    #[arg(long, value_name = "DIR")]
    batch: Option<PathBuf>,
    /// The day you sent it
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    on: NaiveDate,
    /// How
    #[arg(long, value_enum)]
    via: Channel,
    /// The day the company received it (from the tracking or return receipt) [default: the day
    /// sent for e-mail and web forms; for post, an assumed delivery time, flagged as such]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    received_on: Option<NaiveDate>,
    #[arg(long)]
    pub json: bool,
}

/// What was recorded: one case, to be shown with its next step, or many, already reported.
pub enum Marked {
    One(Box<Case>, Vec<String>),
    Many(ExitCode),
}

/// Records the sending of the case `args` names, or of the many drafts it chooses.
pub fn run(
    rules: &RuleSet,
    log: &mut CaseLog,
    a: &MarkSentArgs,
    today: NaiveDate,
) -> Result<Marked> {
    let Some(reference) = &a.reference else {
        return mark_many_sent(rules, log, a, today).map(Marked::Many);
    };
    let case = log.find(reference)?;
    let case = record::record_sent(log, rules, &case, a.via, a.on, a.received_on, today)?;
    let mut lines = vec![format!(
        "{}: sent on {} by {}",
        case.reference,
        a.on,
        a.via.as_str()
    )];
    if case.received != case.sent
        && let Some(received) = case.received
    {
        lines.push(format!("received on {received}"));
    }
    if case.received_assumed {
        let abroad = lifecycle::abroad(rules, &case);
        lines.push(format!("warning: {}", lifecycle::assumption(abroad)));
    }
    Ok(Marked::One(Box::new(case), lines))
}

/// `forget cases mark-sent` for many drafts at once: every one still drafted, those written on
/// a day, or those a batch wrote. Each is recorded on its own; one that cannot be is said, and
/// the others are recorded all the same.
fn mark_many_sent(
    rules: &RuleSet,
    log: &mut CaseLog,
    a: &MarkSentArgs,
    today: NaiveDate,
) -> Result<ExitCode> {
    let from_batch = match &a.batch {
        Some(dir) => Some(crate::batch::unsent_references(dir)?),
        None => None,
    };
    let chosen: Vec<Case> = log
        .list()?
        .into_iter()
        .filter(|case| case.status == Status::Drafted)
        .filter(|case| a.drafted_on.is_none_or(|day| case.letter_date == day))
        .filter(|case| {
            from_batch
                .as_ref()
                .is_none_or(|references| references.contains(&case.reference))
        })
        .collect();
    if chosen.is_empty() {
        crate::say!("no drafted request matches: nothing was recorded");
        return Ok(ExitCode::SUCCESS);
    }
    let mut recorded = Vec::new();
    let mut failed = 0;
    for case in &chosen {
        match record::record_sent(log, rules, case, a.via, a.on, a.received_on, today) {
            Ok(case) => recorded.push(case),
            Err(error) => {
                failed += 1;
                crate::say!("{}: not recorded: {error:#}", case.reference);
            }
        }
    }
    if a.json {
        let list: Vec<serde_json::Value> = recorded
            .iter()
            .map(|case| {
                serde_json::json!({
                    "reference": case.reference,
                    "status": case.status.as_str(),
                    "sent": case.sent,
                    "received": case.received,
                    "due": case.effective_due(),
                })
            })
            .collect();
        print(&format!("{}\n", serde_json::to_string_pretty(&list)?))?;
    } else {
        let mut out = format!(
            "{} sent on {} by {}:\n",
            if recorded.len() == 1 {
                "1 request recorded as".to_string()
            } else {
                format!("{} requests recorded as", recorded.len())
            },
            a.on,
            a.via.as_str()
        );
        for case in &recorded {
            out.push_str(&format!(
                "  {} ({}, {}){}\n",
                case.reference,
                case.controller_name,
                case.email,
                case.effective_due()
                    .map(|due| format!(": the answer is due by {due}"))
                    .unwrap_or_default()
            ));
        }
        print(&out)?;
        if recorded.iter().any(|case| case.received_assumed) {
            crate::say!(
                "warning: the due dates count from an assumed day of delivery; give the real one \
                 per case with `forget cases mark-sent REF --on DATE --via post --received-on DATE`"
            );
        }
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
