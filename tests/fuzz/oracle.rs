//! What a fuzz input must make `forget` do, shared by the fuzzer (`examples/fuzz.rs`, which makes
//! the inputs) and by `cargo test` (`tests/integration/fuzz_corpus.rs`, which replays the kept
//! ones in `tests/fuzz/corpus/`).
//!
//! Every input runs the real binary in a fresh temporary directory (its own home and data
//! directory, a fixed "today"), with a time limit. Whatever the input, `forget` must not panic,
//! die of a signal or run out of time, and it must either accept the input or refuse it with an
//! error that says where: the file, and the line (or row) where it can.

// Each includer uses its own part of this module.
#![allow(dead_code)]

use std::fmt;
use std::fs::File;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The time an input may take before it counts as a hang.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// "Today" for the batch and the answers files.
pub const TODAY: &str = "2026-12-04";

/// The case the reply target answers: Jane Doe's access request to Clearview AI, written and
/// sent by post on this day; replies are recorded on [`REPLY_ON`].
pub const LETTER_ON: &str = "2026-01-31";
pub const REPLY_ON: &str = "2026-02-11";

/// What can be fuzzed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A batch file: `forget batch --input X.csv`.
    Csv,
    /// One file of the rules' `jurisdictions/`: `forget rules check DIR`.
    Rules,
    /// A company file, in the rules' `controllers/` (`forget rules check DIR`) and in the data
    /// directory's `controllers/` (`forget controllers list`).
    Controllers,
    /// The wizard's answers file: `forget wizard --answers FILE.toml`.
    Answers,
    /// A company's reply: `forget cases reply --file X.eml`.
    Reply,
}

pub const TARGETS: [Target; 5] = [
    Target::Csv,
    Target::Rules,
    Target::Controllers,
    Target::Answers,
    Target::Reply,
];

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Csv => "csv",
            Target::Rules => "rules",
            Target::Controllers => "controllers",
            Target::Answers => "answers",
            Target::Reply => "reply",
        }
    }

    pub fn parse(name: &str) -> Option<Target> {
        TARGETS.into_iter().find(|t| t.name() == name)
    }

    /// The extension of its inputs.
    pub fn extension(self) -> &'static str {
        match self {
            Target::Csv => "csv",
            Target::Rules | Target::Controllers | Target::Answers => "toml",
            Target::Reply => "eml",
        }
    }

    /// Whether an input replaces one file of a folder (named in the input's file name).
    pub fn has_member(self) -> bool {
        matches!(self, Target::Rules | Target::Controllers)
    }

    /// The folder of kept inputs in the repository `repo`.
    pub fn corpus_dir(self, repo: &Path) -> PathBuf {
        repo.join("tests")
            .join("fuzz")
            .join("corpus")
            .join(self.name())
    }

    /// The name to keep an input under: `HASH.EXT`, or `HASH.MEMBER` (`1a2b….gdpr.toml`) for an
    /// input that replaces one file of a folder.
    pub fn file_name(self, input: &Input) -> String {
        let hash = short_hash(&input.bytes);
        if self.has_member() {
            format!("{hash}.{}", input.member)
        } else {
            format!("{hash}.{}", self.extension())
        }
    }

    /// The input kept in the file `path` (see [`Target::file_name`]).
    pub fn input_from(self, path: &Path) -> std::io::Result<Input> {
        let bytes = std::fs::read(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let member = if self.has_member() {
            // `HASH.gdpr.toml` or a hand-written `what-it-is.gdpr.toml`: the last two parts.
            let parts: Vec<&str> = name.rsplitn(3, '.').collect();
            match parts.as_slice() {
                [ext, stem, _] | [ext, stem] => format!("{stem}.{ext}"),
                _ => name.clone(),
            }
        } else {
            self.default_member().to_string()
        };
        Ok(Input { member, bytes })
    }

    /// The file an input is written to, for the targets that are one file.
    fn default_member(self) -> &'static str {
        match self {
            Target::Csv => "people.csv",
            Target::Rules => "gdpr.toml",
            Target::Controllers => "clearview-ai.toml",
            Target::Answers => "answers.toml",
            Target::Reply => "reply.eml",
        }
    }
}

/// One input: its bytes, and the file of the folder it replaces (`gdpr.toml`), or its own file
/// name for the targets that are one file.
#[derive(Clone, Debug)]
pub struct Input {
    pub member: String,
    pub bytes: Vec<u8>,
}

impl Input {
    pub fn new(target: Target, bytes: impl Into<Vec<u8>>) -> Input {
        Input {
            member: target.default_member().to_string(),
            bytes: bytes.into(),
        }
    }
}

/// The kept inputs of `target` in `repo`, with their paths, in name order (not the `.why` notes).
pub fn corpus(target: Target, repo: &Path) -> Vec<(PathBuf, Input)> {
    let Ok(entries) = std::fs::read_dir(target.corpus_dir(repo)) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e != "why"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| target.input_from(&p).ok().map(|input| (p, input)))
        .collect()
}

/// An oracle broken: its kind (`panic@src/batch/input.rs:130`, `repeated-row`, `timeout`…) names
/// one defect, so that the fuzzer keeps one input of each; the detail says what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub kind: String,
    pub detail: String,
}

impl Failure {
    fn new(kind: impl Into<String>, detail: impl Into<String>) -> Failure {
        Failure {
            kind: kind.into(),
            detail: one_line(&detail.into(), 400),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.detail)
    }
}

/// Builds the command that runs `forget` with these arguments, isolated in the home directory
/// given (a clean environment, the current directory there).
pub type Launcher = Box<dyn Fn(&[String], &Path) -> Command + Send + Sync>;

/// What one run of `forget` did.
#[derive(Debug)]
pub struct Run {
    pub timed_out: bool,
    pub code: Option<i32>,
    pub signal: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn output(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    /// The first line of the output that says `error`, with the causes of an error on stderr.
    fn error_line(&self) -> String {
        let mut lines = self.stderr.lines().chain(self.stdout.lines());
        let Some(error) = lines.find(|l| l.contains("error")) else {
            return self.stderr.lines().next().unwrap_or("").trim().to_string();
        };
        let causes: Vec<&str> = lines
            .take_while(|l| l.starts_with("  caused by: "))
            .map(str::trim)
            .collect();
        [error.trim()]
            .into_iter()
            .chain(causes)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The exit and the first error, for a failure's detail.
    fn summary(&self) -> String {
        format!("exit {:?}, {}", self.code, self.error_line())
    }
}

/// Runs inputs of one target through `forget` and judges what it did.
pub struct Oracle {
    pub target: Target,
    repo: PathBuf,
    launch: Launcher,
    pub timeout: Duration,
    /// For the reply target: a data directory with the one case a reply answers.
    case_log: Option<tempfile::TempDir>,
}

impl Oracle {
    /// An oracle for `target`, with the rules of the repository `repo`, running `forget` as
    /// `launch` says.
    pub fn new(target: Target, repo: &Path, launch: Launcher) -> Result<Oracle, String> {
        let mut oracle = Oracle {
            target,
            repo: repo.to_path_buf(),
            launch,
            timeout: TIMEOUT,
            case_log: None,
        };
        if target == Target::Reply {
            oracle.case_log = Some(oracle.make_case_log()?);
        }
        Ok(oracle)
    }

    /// A data directory holding Jane Doe's access request to Clearview, sent by post.
    fn make_case_log(&self) -> Result<tempfile::TempDir, String> {
        let home = tempfile::tempdir().map_err(|e| e.to_string())?;
        let data = home.path().join("data");
        let data = data.to_str().unwrap_or_default();
        let letter = self.run_args(
            &args(&[
                "--data-dir",
                data,
                "--today",
                LETTER_ON,
                "letter",
                "--controller",
                "clearview-ai",
                "--residence",
                "DE-HH",
                "--kind",
                "access",
                "--name",
                "Jane Doe",
                "--email",
                "jane@example.org",
                "--record",
            ]),
            home.path(),
        )?;
        let Some(start) = letter.stderr.find("FGT-") else {
            return Err(format!("no case recorded: {}", letter.stderr));
        };
        let reference = letter.stderr[start..].chars().take(13).collect::<String>();
        if reference != REFERENCE {
            return Err(format!("the case is {reference}, not {REFERENCE}"));
        }
        let sent = self.run_args(
            &args(&[
                "--data-dir",
                data,
                "--today",
                LETTER_ON,
                "cases",
                "mark-sent",
                REFERENCE,
                "--on",
                LETTER_ON,
                "--via",
                "post",
            ]),
            home.path(),
        )?;
        if sent.code != Some(0) {
            return Err(format!("mark-sent failed: {}", sent.stderr));
        }
        Ok(home)
    }

    /// Runs `input` and says which oracle it breaks, if any.
    pub fn check(&self, input: &Input) -> Result<(), Failure> {
        let temp = tempfile::tempdir().map_err(|e| Failure::new("setup", e.to_string()))?;
        // The temporary directory's name changes from run to run: not in a failure's detail.
        let home = format!("{}/", temp.path().display());
        self.check_in(input, temp.path()).map_err(|mut failure| {
            failure.detail = failure.detail.replace(&home, "");
            failure
        })
    }

    fn check_in(&self, input: &Input, home: &Path) -> Result<(), Failure> {
        let data = home.join("data");
        let data_arg = data.display().to_string();
        let setup = |e: std::io::Error| Failure::new("setup", e.to_string());
        match self.target {
            Target::Csv => {
                std::fs::write(home.join("people.csv"), &input.bytes).map_err(setup)?;
                let run = self.run(
                    &args(&[
                        "--data-dir",
                        &data_arg,
                        "--today",
                        TODAY,
                        "batch",
                        "--input",
                        "people.csv",
                        "--controller",
                        "clearview-ai",
                        "--kind",
                        "erasure",
                        "--format",
                        "text",
                        "--out",
                        "out",
                    ]),
                    home,
                )?;
                check_batch(&run, &input.bytes, &home.join("out"))
            }
            Target::Rules | Target::Controllers => {
                let rules = home.join("rules");
                for folder in ["jurisdictions", "controllers"] {
                    copy_tomls(&self.repo.join(folder), &rules.join(folder)).map_err(setup)?;
                }
                let folder = if self.target == Target::Rules {
                    "jurisdictions"
                } else {
                    "controllers"
                };
                let member = safe_member(&input.member)?;
                std::fs::write(rules.join(folder).join(member), &input.bytes).map_err(setup)?;
                let run = self.run(
                    &args(&["--data-dir", &data_arg, "rules", "check", "rules"]),
                    home,
                )?;
                check_located(&run, "rules check", |out| has_file_line(out, ".toml:"))?;
                if self.target == Target::Controllers {
                    // The same file as a company the person added, in the data directory.
                    let companies = data.join("controllers");
                    std::fs::create_dir_all(&companies).map_err(setup)?;
                    std::fs::write(companies.join(member), &input.bytes).map_err(setup)?;
                    let run = self.run(
                        &args(&["--data-dir", &data_arg, "controllers", "list"]),
                        home,
                    )?;
                    check_located(&run, "controllers list", |out| has_file_line(out, ".toml:"))?;
                }
                Ok(())
            }
            Target::Answers => {
                std::fs::write(home.join("answers.toml"), &input.bytes).map_err(setup)?;
                let run = self.run(
                    &args(&[
                        "--data-dir",
                        &data_arg,
                        "--today",
                        TODAY,
                        "wizard",
                        "--answers",
                        "answers.toml",
                    ]),
                    home,
                )?;
                check_located(&run, "wizard --answers", |out| {
                    has_file_line(out, "answers.toml:")
                })
            }
            Target::Reply => {
                let log = self
                    .case_log
                    .as_ref()
                    .expect("the reply target has a case log");
                copy_tree(&log.path().join("data"), &data).map_err(setup)?;
                std::fs::write(home.join("reply.eml"), &input.bytes).map_err(setup)?;
                let run = self.run(
                    &args(&[
                        "--data-dir",
                        &data_arg,
                        "--today",
                        REPLY_ON,
                        "cases",
                        "reply",
                        "--file",
                        "reply.eml",
                    ]),
                    home,
                )?;
                check_located(&run, "cases reply", |out| out.contains("reply.eml"))
            }
        }
    }

    /// Runs `forget ARGS` in `home`, failing on a hang, a signal or a panic.
    fn run(&self, args: &[String], home: &Path) -> Result<Run, Failure> {
        let run = self
            .run_args(args, home)
            .map_err(|e| Failure::new("setup", e))?;
        if run.code.is_none() {
            if run.timed_out {
                return Err(Failure::new(
                    "timeout",
                    format!("no answer within {} s", self.timeout.as_secs()),
                ));
            }
            return Err(Failure::new(
                format!("signal-{}", run.signal.unwrap_or(0)),
                run.summary(),
            ));
        }
        let output = run.output();
        if run.code == Some(101) || output.contains("panicked") {
            let line = output
                .lines()
                .find(|l| l.contains("panicked"))
                .unwrap_or("exit status 101");
            return Err(Failure::new(panic_kind(line), line));
        }
        if output.contains("the batch's workers stopped") {
            return Err(Failure::new("workers-stopped", run.summary()));
        }
        Ok(run)
    }

    /// Runs `forget ARGS` in `home` with the time limit (killed when it takes longer).
    fn run_args(&self, args: &[String], home: &Path) -> Result<Run, String> {
        let out_path = home.join(".fuzz-stdout");
        let err_path = home.join(".fuzz-stderr");
        let mut command = (self.launch)(args, home);
        command
            .stdin(Stdio::null())
            .stdout(File::create(&out_path).map_err(|e| e.to_string())?)
            .stderr(File::create(&err_path).map_err(|e| e.to_string())?);
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot run forget: {e}"))?;
        let start = Instant::now();
        let mut pause = Duration::from_millis(1);
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
                break Some(status);
            }
            if start.elapsed() > self.timeout {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(20));
        };
        let read =
            |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
        Ok(match status {
            Some(status) => Run {
                timed_out: false,
                code: status.code(),
                signal: status.signal(),
                stdout: read(&out_path),
                stderr: read(&err_path),
            },
            None => Run {
                timed_out: true,
                code: None,
                signal: Some(9),
                stdout: String::new(),
                stderr: String::new(),
            },
        })
    }
}

/// Jane Doe's access request to Clearview of [`LETTER_ON`] (a reference is a hash of what the
/// request is).
pub const REFERENCE: &str = "FGT-MSGH-K2NE";

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|a| a.to_string()).collect()
}

/// A member name that stays in its folder.
fn safe_member(member: &str) -> Result<&str, Failure> {
    if member.is_empty() || member.contains('/') || member.starts_with('.') {
        return Err(Failure::new("setup", format!("bad member name `{member}`")));
    }
    Ok(member)
}

/// `panic@FILE:LINE` from a line `thread 'main' panicked at src/x.rs:12:5:`.
fn panic_kind(line: &str) -> String {
    let place = line
        .split("panicked at ")
        .nth(1)
        .map(|rest| {
            let rest = rest.trim_end_matches(':');
            // FILE:LINE:COLUMN → FILE:LINE
            match rest.rsplit_once(':') {
                Some((file_line, col)) if col.chars().all(|c| c.is_ascii_digit()) => file_line,
                _ => rest,
            }
            .to_string()
        })
        .unwrap_or_default();
    if place.is_empty() {
        "panic".to_string()
    } else {
        format!("panic@{place}")
    }
}

/// An error message without what changes from one input to the next (names in backquotes,
/// numbers) and without colons, to tell kinds of unlocated errors apart.
fn signature(error: &str) -> String {
    let error = error.trim_start_matches("error: ");
    let mut out = String::new();
    let mut quoted = false;
    let mut last = ' ';
    for c in error.chars() {
        if c == '`' {
            quoted = !quoted;
            if quoted {
                out.push('_');
            }
            last = c;
            continue;
        }
        if quoted {
            continue;
        }
        let c = match c {
            '0'..='9' => 'N',
            ':' | '[' | ']' => ' ',
            c if c.is_control() => ' ',
            c => c,
        };
        if !(c == 'N' && last == 'N') {
            out.push(c);
        }
        last = c;
    }
    one_line(&out, 70)
}

/// Whether `text` has `NEEDLE` followed by a line number (`gdpr.toml:29`).
pub fn has_file_line(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        text[at + needle.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    })
}

/// Success, or exit status 1 with an error that `located` finds located.
fn check_located(run: &Run, what: &str, located: impl Fn(&str) -> bool) -> Result<(), Failure> {
    match run.code {
        Some(0) => Ok(()),
        Some(1) if located(&run.output()) => Ok(()),
        Some(1) => Err(Failure::new(
            format!("unlocated-error[{what}; {}]", signature(&run.error_line())),
            format!("{what}: {}", run.summary()),
        )),
        code => Err(Failure::new(
            format!("exit-status[{what}; {}]", code.unwrap_or(-1)),
            format!("{what}: unexpected exit {code:?}: {}", run.summary()),
        )),
    }
}

/// The batch oracle: a manifest whose rows are unique and whose rejected rows all have their
/// reasons in rejects.csv, or exit status 1 with an error naming the file (and the row or line,
/// when it is about one).
fn check_batch(run: &Run, input: &[u8], out: &Path) -> Result<(), Failure> {
    let manifest_path = out.join("manifest.csv");
    let code = run.code.unwrap_or(-1);
    match code {
        0 | 5 => {}
        1 => {
            let error = run
                .stderr
                .lines()
                .find(|l| l.starts_with("error:"))
                .unwrap_or("");
            if !run.stderr.contains("people.csv") {
                return Err(Failure::new(
                    format!("unlocated-error[batch; {}]", signature(&run.error_line())),
                    format!("exit 1 without naming the file: {}", run.summary()),
                ));
            }
            // (A line is also what the file is made of: "one person per line".)
            let about_a_row = [" row ", " rows "].iter().any(|w| error.contains(w));
            if about_a_row && !error.chars().any(|c| c.is_ascii_digit()) {
                return Err(Failure::new(
                    format!("unlocated-error[batch; {}]", signature(error)),
                    format!("an error about a row without its number: {error}"),
                ));
            }
            if manifest_path.exists() {
                check_manifest(out, code)?;
            }
            return Ok(());
        }
        code => {
            return Err(Failure::new(
                format!("exit-status[batch; {code}]"),
                format!("unexpected exit {code}: {}", run.summary()),
            ));
        }
    }
    if !manifest_path.exists() {
        return Err(Failure::new(
            "no-manifest",
            format!("exit {code} but no manifest.csv: {}", run.summary()),
        ));
    }
    let rejected = check_manifest(out, code)?;
    let merged = merged_people(input);
    if merged > rejected {
        return Err(Failure::new(
            "merged-rows",
            format!(
                "{merged} cell(s) hold another person's line (a quote closed lines later), \
                 but only {rejected} row(s) were rejected: {}",
                run.summary()
            ),
        ));
    }
    Ok(())
}

/// Checks the manifest and rejects of the batch in `out`; returns the number of rejected rows.
fn check_manifest(out: &Path, code: i32) -> Result<usize, Failure> {
    let manifest = read_report(&out.join("manifest.csv"))?;
    let rejects = if out.join("rejects.csv").exists() {
        read_report(&out.join("rejects.csv"))?
    } else {
        Vec::new()
    };
    let mut seen = std::collections::BTreeMap::new();
    let mut rejected = std::collections::BTreeSet::new();
    for (line, record) in manifest.iter().enumerate().skip(1) {
        let row = record.first().cloned().unwrap_or_default();
        if row.parse::<u64>().is_err() {
            return Err(Failure::new(
                "bad-manifest",
                format!(
                    "manifest.csv line {}: row `{row}` is not a number",
                    line + 1
                ),
            ));
        }
        if let Some(first) = seen.insert(row.clone(), line + 1) {
            return Err(Failure::new(
                "repeated-row",
                format!(
                    "manifest.csv has row {row} twice (lines {first} and {}), exit {code}",
                    line + 1
                ),
            ));
        }
        if record.last().is_some_and(|s| s == "rejected") {
            rejected.insert(row);
        }
    }
    let reasons: std::collections::BTreeSet<String> = rejects
        .iter()
        .skip(1)
        .filter_map(|r| r.first().cloned())
        .collect();
    if let Some(row) = rejected.iter().find(|r| !reasons.contains(*r)) {
        return Err(Failure::new(
            "reject-without-reason",
            format!("row {row} is rejected in manifest.csv but has no line in rejects.csv"),
        ));
    }
    if let Some(row) = reasons.iter().find(|r| !rejected.contains(*r)) {
        return Err(Failure::new(
            "reason-without-reject",
            format!("rejects.csv has row {row}, which manifest.csv does not show as rejected"),
        ));
    }
    if code == 0 && !rejected.is_empty() {
        return Err(Failure::new(
            "exit-status[batch; 0 with rejects]",
            format!("exit 0 with {} rejected row(s)", rejected.len()),
        ));
    }
    Ok(rejected.len())
}

/// The lines of a CSV report, each as its cells.
fn read_report(path: &Path) -> Result<Vec<Vec<String>>, Failure> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .map_err(|e| Failure::new("bad-manifest", format!("cannot open {name}: {e}")))?;
    let mut lines = Vec::new();
    for record in reader.byte_records() {
        let record =
            record.map_err(|e| Failure::new("bad-manifest", format!("cannot read {name}: {e}")))?;
        lines.push(
            record
                .iter()
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect(),
        );
    }
    Ok(lines)
}

/// How many cells of the batch file, read as a spreadsheet reads it, hold another person's line:
/// a line break, then a line with an e-mail address and as many commas as a row of the file has
/// (a quote that closed lines later merged two people into one row).
pub fn merged_people(input: &[u8]) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut records = reader.byte_records();
    let Some(Ok(header)) = records.next() else {
        return 0;
    };
    let commas = header.len().saturating_sub(1);
    if commas < 2 {
        return 0;
    }
    let mut merged = 0;
    for record in records {
        let Ok(record) = record else { break };
        let swallowed = record.iter().any(|cell| {
            cell.split(|b| *b == b'\n' || *b == b'\r')
                .skip(1)
                .any(|line| {
                    line.contains(&b'@') && line.iter().filter(|b| **b == b',').count() >= commas
                })
        });
        if swallowed {
            merged += 1;
        }
    }
    merged
}

/// Copies the `.toml` files of `from` into `to`.
fn copy_tomls(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, to.join(path.file_name().unwrap_or_default()))?;
        }
    }
    Ok(())
}

/// Copies a folder tree.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            std::fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

/// `text` on one line, cut to `max` characters.
pub fn one_line(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        flat.chars().take(max).collect::<String>() + "…"
    } else {
        flat
    }
}

/// A short hash of `bytes` (FNV-1a, 64 bits), for file names.
pub fn short_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")[..12].to_string()
}
