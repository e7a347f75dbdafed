//! `forget due`: what needs doing now across every case, for a person or for cron.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::Global;
use crate::cases::CaseLog;
use crate::cases::due::all_due;
use crate::rules::RuleSet;

/// The exit status when something needs doing.
const EXIT_SOMETHING_DUE: u8 = 3;

#[derive(Debug, Args)]
#[command(
    after_help = "Lists every case that needs something from you now: a draft never \
recorded as sent, a send that may or may not have arrived, an answer overdue (remind), a \
reminder's date passed (complain), a window to apply that closes within --within days, an answer \
whose outcome was never said. Each line gives the date it was due by and the command that does \
it.

Exit status: 0 nothing needs doing; 3 something does (listed); 1 the case log could not be read. \
So cron or a systemd timer can run it every morning and tell you only when something is due:
  0 8 * * *  forget due || notify-send \"forget\" \"$(forget due)\""
)]
pub struct DueArgs {
    /// Also list what falls due within DAYS days (windows that close soon)
    #[arg(long, value_name = "DAYS", default_value_t = 7)]
    within: u64,

    /// As JSON: a list of {reference, action, by, command, why}
    #[arg(long)]
    json: bool,
}

pub fn run(
    rules: &RuleSet,
    global: &Global,
    args: &DueArgs,
    open_log: impl FnOnce() -> Result<CaseLog>,
) -> Result<ExitCode> {
    let log = open_log()?;
    let due = all_due(rules, &log.list()?, global.today, args.within);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &due)?;
        writeln!(out)?;
    } else if due.is_empty() {
        crate::say!("nothing is due on {}", global.today);
    } else {
        for item in &due {
            let when = if item.by < global.today {
                format!("was due {}", item.by)
            } else {
                format!("due {}", item.by)
            };
            writeln!(out, "{}  {}  {when}", item.reference, item.action)?;
            writeln!(out, "    {}", item.why)?;
            writeln!(out, "    {}", item.command)?;
        }
    }
    Ok(if due.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_SOMETHING_DUE)
    })
}
