//! `forget batch`: the command line of [`crate::batch`]: its arguments (and the copy of them kept
//! in the output folder for `--resume`), a progress bar on a terminal, Ctrl-C, the summary and
//! the exit status.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context as _, Result, bail};
use chrono::NaiveDate;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Global;
use super::send::SmtpArgs;
use crate::batch::{self, Observer, Options, Rate, Sending, Summary};
use crate::deliver::CopyTo;
use crate::letter::{Format, LetterKind, TemplateSet};
use crate::rules::{RequestKind, RuleSet};

/// Exit status when some sends may or may not have arrived.
const EXIT_UNCERTAIN: u8 = 4;
/// Exit status when some rows were rejected, or refused by the mail server.
const EXIT_REJECTED: u8 = 5;
/// Exit status when sending stopped before the end (daily cap, mail server down).
const EXIT_UNFINISHED: u8 = 6;
/// Exit status after Ctrl-C.
const EXIT_INTERRUPTED: u8 = 130;

/// The file in the output folder that keeps a batch's arguments for `--resume`.
const ARGUMENTS: &str = "batch.toml";

#[derive(Debug, Args)]
#[command(after_help = "\
The file: CSV (UTF-8, comma-separated, header on the first line). Columns, in any order:
  name, email, residence      required: the person's name, the address the company answers to,
                              and where they live (FR, DE-HH, CA-QC, US-IL…)
  address                     optional: the postal address, lines separated by commas
  street, postcode, city, country
                              optional: the postal address in parts, instead of `address`
  lang                        optional: en, de or fr [default: the company's language]
  kind, controller            optional: per row, over --kind and --controller
  reference                   optional: your own reference for the letter
  offer_photo                 optional: yes to offer a photo to search with
  settlement                  optional, Illinois letters to Clearview AI: member, excluded or
                              unknown (the class settlement; see `forget letter --help`)
An unknown column stops the batch before it starts. A row with a problem (a bad e-mail, a \
residence no law in the rules protects, text that is not UTF-8, the same person twice) is \
rejected, and the others go on.

In DIR: one file per letter and format, named after its reference; manifest.csv (every row: \
reference, regime, authority, due date, files, status); rejects.csv (each problem: row, column, \
reason, and the row as it was); batch.toml (the arguments, for --resume).

Every row becomes a case in the case log. Running the same command again (or `--resume`) \
continues: letters sent are not sent again, sends that failed are tried again, and sends that \
may or may not have arrived (the run was killed during one) are listed, not resent.

Exit status: 0 every row done; 1 the batch could not run; 2 bad arguments; 4 some sends may \
or may not have arrived (listed); 5 some rows were rejected (rejects.csv) or refused by the \
mail server; 6 sending stopped before the end (daily cap, mail server down): run again to \
continue; 130 stopped by Ctrl-C.")]
pub struct BatchArgs {
    /// The people: a CSV file with a header line
    #[arg(long, value_name = "FILE.csv")]
    input: Option<PathBuf>,

    /// The folder for the letters, the manifest and the rejects (created, private)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,

    /// The company, by id, for rows without a `controller` column
    #[arg(long, value_name = "ID")]
    controller: Option<String>,

    /// What every letter asks for, for rows without a `kind` column: access, erasure, objection,
    /// restriction, withdraw-consent, opt-out, destroy-biometrics
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    kind: Option<RequestKind>,

    /// The formats to write, separated by commas: text, pdf, eml, markdown, html [default: text]
    #[arg(long, value_name = "FORMATS", value_delimiter = ',', value_parser = parse_format)]
    format: Vec<Format>,

    /// Write to one company twice for one person, when they ask for different things
    #[arg(long)]
    allow_duplicates: bool,

    /// Use the letter templates in DIR over the built-in ones
    #[arg(long, env = "FORGET_TEMPLATES", value_name = "DIR")]
    templates: Option<PathBuf>,

    /// Reject the rows whose letter comes from a template no lawyer approved as it is now
    #[arg(long)]
    require_reviewed: bool,

    /// Continue the batch in DIR with the arguments it was started with (those given here win)
    #[arg(long)]
    resume: bool,

    /// Send each letter by e-mail too, through the configured mail server
    #[arg(long, help_heading = "Sending")]
    send: bool,

    /// At most this many e-mails: 10/s, 600/min, 1000/h (also counting the last run's last send)
    #[arg(long, value_name = "N/s", help_heading = "Sending")]
    rate: Option<Rate>,

    /// At most this many e-mails a day (counting every send recorded in the case log that day)
    #[arg(long, value_name = "N", help_heading = "Sending")]
    daily_cap: Option<u64>,

    /// Try again the rows the mail server refused for good in an earlier run
    #[arg(long, help_heading = "Sending")]
    retry_refused: bool,

    /// Send again the rows an earlier run may or may not have sent (check the copies first)
    #[arg(long, help_heading = "Sending")]
    resend_uncertain: bool,

    /// How each person gets their own copy [default: `copy` in the configuration, else bcc]
    #[arg(long, value_enum, value_name = "HOW", help_heading = "Sending")]
    copy: Option<CopyTo>,

    #[command(flatten)]
    smtp: SmtpArgs,
}

fn parse_kind(text: &str) -> Result<RequestKind, String> {
    LetterKind::parse_request(text)
}

fn parse_format(text: &str) -> Result<Format, String> {
    <Format as clap::ValueEnum>::from_str(text, true).map_err(|_| {
        format!("unknown format `{text}`: a batch writes text, pdf, eml, markdown or html")
    })
}

fn format_name(format: Format) -> String {
    clap::ValueEnum::to_possible_value(&format)
        .map_or_else(String::new, |value| value.get_name().to_string())
}

pub fn run(rules: &RuleSet, global: &Global, args: &BatchArgs) -> Result<ExitCode> {
    let saved = if args.resume {
        Some(Saved::load(&args.out)?)
    } else {
        None
    };
    let saved = saved.unwrap_or_default();
    let Some(input) = args.input.clone().or(saved.input.clone()) else {
        bail!("say which file to read with `--input FILE.csv`");
    };
    let mut formats = if args.format.is_empty() {
        saved.format.clone()
    } else {
        args.format.clone()
    };
    if formats.is_empty() {
        formats.push(Format::Text);
    }
    formats.dedup();
    let options = Options {
        input: absolute(&input),
        out: args.out.clone(),
        controller: args.controller.clone().or(saved.controller.clone()),
        kind: args.kind.or(saved.kind),
        formats,
        allow_duplicates: args.allow_duplicates || saved.allow_duplicates,
        require_reviewed: args.require_reviewed || saved.require_reviewed,
        // The date given on this command line, else the one the batch was started with, else
        // the clock's.
        today: match saved.today {
            Some(today) if !global.today_given => today,
            _ => global.today,
        },
    };
    let templates_dir = args.templates.clone().or(saved.templates.clone());
    let send = args.send || saved.send;
    let rate = args.rate.or(saved.rate);
    let daily_cap = args.daily_cap.or(saved.daily_cap);
    let copy = args.copy.or(saved.copy);

    let templates = TemplateSet::load(templates_dir.as_deref())?;
    let config = if send {
        Some(args.smtp.config()?)
    } else {
        None
    };
    let sending = config.as_ref().map(|config| Sending {
        config,
        copy: copy.unwrap_or(config.sender.copy),
        insecure: args.smtp.insecure_smtp,
        rate,
        daily_cap,
        retry_refused: args.retry_refused,
        resend_uncertain: args.resend_uncertain,
    });
    let current = Saved {
        input: Some(options.input.clone()),
        controller: options.controller.clone(),
        kind: options.kind,
        format: options.formats.clone(),
        allow_duplicates: options.allow_duplicates,
        require_reviewed: options.require_reviewed,
        templates: templates_dir.as_deref().map(absolute),
        send,
        rate,
        daily_cap,
        copy,
        today: if global.today_given {
            Some(options.today)
        } else {
            saved.today
        },
    };

    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            // A second Ctrl-C: stop now. A send cut short is found unconfirmed by the next run.
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
        crate::say!(
            "\nstopping after the row in progress (Ctrl-C again to stop at once; the next run \
             will list a send cut short)"
        );
    });
    let mut progress = Progress::new(current);
    let summary = batch::run(
        rules,
        &templates,
        || super::cases::open_log(global),
        &options,
        sending.as_ref(),
        &mut progress,
        &stop,
    );
    progress.bar.finish_and_clear();
    let summary = summary?;
    report(&options, &summary, sending.is_some());
    Ok(ExitCode::from(exit_status(&summary)))
}

fn exit_status(summary: &Summary) -> u8 {
    if summary.interrupted.is_some() {
        EXIT_INTERRUPTED
    } else if summary.stopped.is_some() || summary.failed > 0 {
        EXIT_UNFINISHED
    } else if !summary.uncertain.is_empty() {
        EXIT_UNCERTAIN
    } else if summary.rejected > 0 || summary.refused > 0 || summary.unsendable > 0 {
        EXIT_REJECTED
    } else {
        0
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The summary on stderr.
fn report(options: &Options, summary: &Summary, sending: bool) {
    let plural = |n: u64, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut lines = Vec::new();
    let blank = if summary.blank > 0 {
        format!(
            " ({} skipped)",
            plural(summary.blank, "blank row", "blank rows")
        )
    } else {
        String::new()
    };
    lines.push(format!(
        "{}: {}{blank}",
        options.input.display(),
        plural(summary.rows, "row", "rows")
    ));
    lines.push(format!(
        "  {} written to {} ({})",
        plural(summary.written, "letter", "letters"),
        options.out.display(),
        plural(summary.files, "file", "files")
    ));
    if sending {
        lines.push(format!(
            "  {} sent",
            plural(summary.sent, "letter", "letters")
        ));
    }
    if summary.already > 0 {
        lines.push(format!(
            "  {} sent before (not again)",
            plural(summary.already, "request was", "requests were")
        ));
    }
    if summary.not_sent > 0 {
        lines.push(format!(
            "  {} written but not sent",
            plural(summary.not_sent, "letter", "letters")
        ));
    }
    if let Some(why) = &summary.stopped {
        lines.push(format!(
            "  sending stopped: {why}; run the same command again to continue"
        ));
    }
    if summary.failed > 0 {
        lines.push(format!(
            "  {} not sent (the mail server failed): tried again by the next run",
            plural(summary.failed, "letter", "letters")
        ));
    }
    if summary.unsendable > 0 {
        lines.push(format!(
            "  {} written but cannot be sent by e-mail (their address): {} says why",
            plural(summary.unsendable, "letter", "letters"),
            summary.rejects.display()
        ));
    }
    if summary.refused > 0 {
        lines.push(format!(
            "  {} refused by the mail server (see `forget cases show REF`); `--retry-refused` \
             tries them again",
            plural(summary.refused, "letter was", "letters were")
        ));
    }
    if !summary.uncertain.is_empty() {
        lines.push(format!(
            "  {} may or may not have arrived (a run stopped during the send): look for the \
             person's copy; if it arrived, `forget cases mark-sent REF --on DATE --via email`; if \
             not, run again with `--resend-uncertain`:",
            plural(summary.uncertain.len() as u64, "letter", "letters")
        ));
        for listed in &summary.uncertain {
            lines.push(format!(
                "    row {}: {} to {}",
                listed.row, listed.reference, listed.email
            ));
        }
    }
    if summary.rejected > 0 {
        lines.push(format!(
            "  {} rejected: {} says which column and why",
            plural(summary.rejected, "row", "rows"),
            summary.rejects.display()
        ));
    }
    if let Some(row) = summary.interrupted {
        lines.push(format!(
            "  stopped by Ctrl-C before row {row}: run the same command again to continue"
        ));
    }
    lines.push(format!("  every row: {}", summary.manifest.display()));
    for (warning, count) in &summary.warnings {
        lines.push(format!(
            "warning ({}): {warning}",
            plural(*count, "letter", "letters")
        ));
    }
    let mut stderr = std::io::stderr().lock();
    for line in lines {
        use std::io::Write;
        let _ = writeln!(stderr, "{line}");
    }
}

/// A progress bar with the rate and the time left, on a terminal only; and the arguments, saved
/// in the folder once the run holds it.
struct Progress {
    bar: ProgressBar,
    shown: u64,
    arguments: Saved,
}

impl Progress {
    fn new(arguments: Saved) -> Progress {
        let bar = if std::io::stderr().is_terminal() {
            ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        Progress {
            bar,
            shown: 0,
            arguments,
        }
    }
}

impl Observer for Progress {
    fn start(&mut self, dir: &Path, size: u64) -> Result<()> {
        self.arguments.save(dir)?;
        self.bar.set_length(size);
        self.bar.set_style(
            ProgressStyle::with_template("{bar:30} {percent:>3}% {msg} (ETA {eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Ok(())
    }

    fn progress(&mut self, position: u64, summary: &Summary) {
        self.bar.set_position(position);
        let rows = summary.rows + summary.blank;
        if rows >= self.shown + 100 || rows < 100 {
            self.shown = rows;
            let elapsed = self.bar.elapsed().as_secs_f64().max(0.001);
            self.bar.set_message(format!(
                "{rows} rows, {:.0} rows/s, {} sent, {} rejected",
                rows as f64 / elapsed,
                summary.sent,
                summary.rejected
            ));
        }
    }

    fn say(&mut self, line: &str) {
        self.bar.suspend(|| crate::say!("{line}"));
    }
}

/// The arguments a batch was run with, kept in its folder for `--resume`.
#[derive(Debug, Default)]
struct Saved {
    input: Option<PathBuf>,
    controller: Option<String>,
    kind: Option<RequestKind>,
    format: Vec<Format>,
    allow_duplicates: bool,
    require_reviewed: bool,
    templates: Option<PathBuf>,
    send: bool,
    rate: Option<Rate>,
    daily_cap: Option<u64>,
    copy: Option<CopyTo>,
    /// The date the batch was started with, when it was given (`--today`): a resumed batch keeps
    /// dating its letters so.
    today: Option<NaiveDate>,
}

const SAVED_FIELDS: &[&str] = &[
    "input",
    "controller",
    "kind",
    "format",
    "allow_duplicates",
    "require_reviewed",
    "templates",
    "send",
    "rate",
    "daily_cap",
    "copy",
    "today",
];

impl Saved {
    fn load(dir: &Path) -> Result<Saved> {
        let path = dir.join(ARGUMENTS);
        if !path.exists() {
            bail!(
                "there is no batch to resume in `{}` (no {ARGUMENTS}): run it first without \
                 `--resume`",
                dir.display()
            );
        }
        let (saved, _) =
            crate::rules::reader::read_file(&path, "the batch's arguments", |ctx, root| {
                let mut root = root.with_fields(SAVED_FIELDS);
                let mut problems = Vec::new();
                let mut text = |key: &str| root.opt_string(ctx, key).map(|t| t.value);
                let input = text("input").map(PathBuf::from);
                let controller = text("controller");
                let kind = text("kind");
                let format = text("format");
                let templates = text("templates").map(PathBuf::from);
                let rate = text("rate");
                let copy = text("copy");
                let today = text("today");
                let mut saved = Saved {
                    input,
                    controller,
                    templates,
                    ..Saved::default()
                };
                saved.kind = kind.and_then(|k| parse_kind(&k).map_err(|e| problems.push(e)).ok());
                saved.format = format
                    .iter()
                    .flat_map(|f| f.split(','))
                    .filter_map(|f| parse_format(f).map_err(|e| problems.push(e)).ok())
                    .collect();
                saved.rate = rate.and_then(|r| r.parse().map_err(|e| problems.push(e)).ok());
                saved.today = today.and_then(|t| {
                    NaiveDate::parse_from_str(&t, "%Y-%m-%d")
                        .map_err(|_| problems.push(format!("`today = \"{t}\"` is not a date")))
                        .ok()
                });
                saved.copy = copy.and_then(|c| {
                    <CopyTo as clap::ValueEnum>::from_str(&c, true)
                        .map_err(|e| problems.push(e))
                        .ok()
                });
                saved.allow_duplicates = root.opt_bool(ctx, "allow_duplicates").unwrap_or(false);
                saved.require_reviewed = root.opt_bool(ctx, "require_reviewed").unwrap_or(false);
                saved.send = root.opt_bool(ctx, "send").unwrap_or(false);
                saved.daily_cap = root
                    .opt_integer(ctx, "daily_cap")
                    .and_then(|(n, _)| u64::try_from(n).ok());
                root.finish(ctx);
                (saved, problems)
            })?;
        let (saved, problems) = saved;
        if !problems.is_empty() {
            bail!("`{}`: {}", path.display(), problems.join("; "));
        }
        Ok(saved)
    }

    fn save(&self, dir: &Path) -> Result<()> {
        let quote = |text: &str| serde_json::to_string(text).expect("a string serialises");
        let path_text = |path: &Path| quote(&path.display().to_string());
        let mut text = String::from(
            "# The arguments of the `forget batch` that wrote this folder, for\n\
             # `forget batch --out DIR --resume`. Written by forget.\n",
        );
        if let Some(input) = &self.input {
            text.push_str(&format!("input = {}\n", path_text(input)));
        }
        if let Some(controller) = &self.controller {
            text.push_str(&format!("controller = {}\n", quote(controller)));
        }
        if let Some(kind) = self.kind {
            text.push_str(&format!("kind = {}\n", quote(kind.as_str())));
        }
        let formats: Vec<String> = self.format.iter().map(|f| format_name(*f)).collect();
        text.push_str(&format!("format = {}\n", quote(&formats.join(","))));
        text.push_str(&format!("allow_duplicates = {}\n", self.allow_duplicates));
        text.push_str(&format!("require_reviewed = {}\n", self.require_reviewed));
        if let Some(templates) = &self.templates {
            text.push_str(&format!("templates = {}\n", path_text(templates)));
        }
        text.push_str(&format!("send = {}\n", self.send));
        if let Some(rate) = self.rate {
            text.push_str(&format!("rate = {}\n", quote(&rate.to_string())));
        }
        if let Some(cap) = self.daily_cap {
            text.push_str(&format!("daily_cap = {cap}\n"));
        }
        if let Some(today) = self.today {
            text.push_str(&format!("today = {}\n", quote(&today.to_string())));
        }
        if let Some(copy) = self.copy {
            text.push_str(&format!(
                "copy = {}\n",
                quote(&copy.as_str().to_lowercase())
            ));
        }
        let path = dir.join(ARGUMENTS);
        crate::atomic::write(&path, text.as_bytes())
            .with_context(|| format!("cannot write `{}`", path.display()))
    }
}
