//! A small mutation fuzzer for what `forget` reads from users: batch files, the rules and
//! company files, the wizard's answers files and companies' replies. See "Fuzzing" in
//! CONTRIBUTING.md.
//!
//! ```text
//! cargo build --release
//! cargo run --release --example fuzz -- TARGET --seconds N [--seed S] [--count N]
//!     [--timeout S] [--no-save] [--emit DIR] [--replay DIR]
//! ```
//!
//! TARGET is csv, rules, controllers, answers or reply. Each input runs the release binary
//! (`target/release/forget`, or `FORGET_BIN`) in a fresh temporary directory with a time limit,
//! and is judged by the oracle in `tests/fuzz/oracle.rs`, which `cargo test` also runs on the
//! kept inputs. The inputs start from built-in valid examples and every file of
//! `tests/fuzz/corpus/TARGET/`, mutated a few times each. The first input of each new kind of
//! failure is minimized and kept there as `HASH.EXT`, with a one-line `HASH.EXT.why`.
//!
//! `--emit DIR` writes `--count` inputs to DIR without running them; `--replay DIR` runs every
//! file of DIR (and keeps one minimized input of each new kind of failure).

#[path = "../tests/fuzz/oracle.rs"]
mod oracle;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use oracle::{Failure, Input, Oracle, Target};

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(error) => {
            eprintln!("error: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "\
usage: cargo run --release --example fuzz -- TARGET --seconds N [--seed S] [--count N]
           [--timeout S] [--no-save] [--emit DIR] [--replay DIR]
TARGET: csv, rules, controllers, answers or reply";

struct Options {
    target: Target,
    seconds: Option<u64>,
    count: Option<u64>,
    seed: u64,
    timeout: Duration,
    save: bool,
    emit: Option<PathBuf>,
    replay: Option<PathBuf>,
}

impl Options {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
        let target = args.next().ok_or("no target")?;
        let target = Target::parse(&target).ok_or(format!("unknown target `{target}`"))?;
        let mut options = Options {
            target,
            seconds: None,
            count: None,
            seed: 1,
            timeout: oracle::TIMEOUT,
            save: true,
            emit: None,
            replay: None,
        };
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or(format!("{arg} needs a value"));
            let number = |v: String| v.parse::<u64>().map_err(|_| format!("{arg}: `{v}`"));
            match arg.as_str() {
                "--seconds" => options.seconds = Some(number(value()?)?),
                "--count" => options.count = Some(number(value()?)?),
                "--seed" => options.seed = number(value()?)?,
                "--timeout" => options.timeout = Duration::from_secs(number(value()?)?),
                "--no-save" => options.save = false,
                "--emit" => options.emit = Some(PathBuf::from(value()?)),
                "--replay" => options.replay = Some(PathBuf::from(value()?)),
                _ => return Err(format!("unknown argument `{arg}`")),
            }
        }
        if options.seconds.is_none() && options.count.is_none() && options.replay.is_none() {
            return Err("give --seconds N or --count N (or --replay DIR)".to_string());
        }
        Ok(options)
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary under test: `FORGET_BIN`, else the release build.
fn binary() -> PathBuf {
    std::env::var_os("FORGET_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| repo().join("target"));
            target.join("release").join("forget")
        })
}

/// Runs `forget` as the integration tests do: a clean environment, `home` as the home directory
/// and the current one.
fn launcher(bin: PathBuf) -> oracle::Launcher {
    Box::new(move |args: &[String], home: &Path| {
        let mut command = Command::new(&bin);
        command
            .args(args)
            .current_dir(home)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("RUST_BACKTRACE", "0")
            .env("NO_COLOR", "1");
        command
    })
}

fn run(options: &Options) -> Result<(), String> {
    let target = options.target;
    let mut rng = Rng::new(options.seed);
    let mut seeds = seeds(target);
    let corpus = oracle::corpus(target, &repo());
    seeds.extend(corpus.iter().map(|(_, input)| input.clone()));

    if let Some(dir) = &options.emit {
        let count = options.count.ok_or("--emit needs --count")?;
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for i in 0..count {
            let input = mutant(target, &seeds, &mut rng);
            let name = format!("{i:05}-{}", target.file_name(&input));
            std::fs::write(dir.join(name), &input.bytes).map_err(|e| e.to_string())?;
        }
        println!(
            "target {}: wrote {count} inputs to {} (seed {})",
            target.name(),
            dir.display(),
            options.seed
        );
        return Ok(());
    }

    let bin = binary();
    if !bin.is_file() {
        return Err(format!(
            "no binary at {}: run `cargo build --release`, or set FORGET_BIN",
            bin.display()
        ));
    }
    let mut oracle = Oracle::new(target, &repo(), launcher(bin))?;
    oracle.timeout = options.timeout;
    let mut fuzz = Fuzz {
        oracle: &oracle,
        known: known_kinds(target),
        save: options.save,
        tried: 0,
        failures: 0,
        kinds: BTreeMap::new(),
        started: Instant::now(),
    };
    let deadline = options
        .seconds
        .map(|s| fuzz.started + Duration::from_secs(s));
    let mut last_report = Instant::now();
    let in_time = |tried: u64| {
        deadline.is_none_or(|d| Instant::now() < d) && options.count.is_none_or(|c| tried < c)
    };

    if let Some(dir) = &options.replay {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e != "why"))
            .collect();
        files.sort();
        for path in files {
            if !in_time(fuzz.tried) {
                break;
            }
            let input = target.input_from(&path).map_err(|e| e.to_string())?;
            fuzz.try_one(&input, Some(&path));
            if last_report.elapsed() > Duration::from_secs(30) {
                fuzz.progress();
                last_report = Instant::now();
            }
        }
    } else {
        // The seeds themselves first (the valid ones must pass), then mutants.
        let mut queue = seeds.clone().into_iter();
        while in_time(fuzz.tried) {
            let input = queue
                .next()
                .unwrap_or_else(|| mutant(target, &seeds, &mut rng));
            fuzz.try_one(&input, None);
            if last_report.elapsed() > Duration::from_secs(30) {
                fuzz.progress();
                last_report = Instant::now();
            }
        }
    }
    fuzz.report();
    Ok(())
}

/// The kinds of failure already kept in the corpus (the start of each `.why`).
fn known_kinds(target: Target) -> BTreeSet<String> {
    let Ok(entries) = std::fs::read_dir(target.corpus_dir(&repo())) else {
        return BTreeSet::new();
    };
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "why"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|why| why.split(": ").next().map(str::to_string))
        .collect()
}

struct Fuzz<'a> {
    oracle: &'a Oracle,
    /// Kinds of failure with an input in the corpus already (none is added for them).
    known: BTreeSet<String>,
    save: bool,
    tried: u64,
    failures: u64,
    /// Each kind of failure seen: how many inputs, and the first one's detail and file.
    kinds: BTreeMap<String, (u64, String, String)>,
    started: Instant,
}

impl Fuzz<'_> {
    fn try_one(&mut self, input: &Input, path: Option<&Path>) {
        self.tried += 1;
        let Err(failure) = self.oracle.check(input) else {
            return;
        };
        self.failures += 1;
        let first = !self.kinds.contains_key(&failure.kind);
        let mut where_kept = path.map(|p| p.display().to_string()).unwrap_or_default();
        if first {
            eprintln!(
                "[{:>5.0}s] new failure after {} inputs: {failure}",
                self.started.elapsed().as_secs_f64(),
                self.tried
            );
            if self.save && !self.known.contains(&failure.kind) {
                let (small, failure) = minimize(self.oracle, input, failure.clone());
                match keep(self.oracle.target, &small, &failure) {
                    Ok(file) => {
                        eprintln!(
                            "         minimized to {} bytes, kept as {file}",
                            small.bytes.len()
                        );
                        where_kept = file;
                    }
                    Err(e) => eprintln!("         could not keep it: {e}"),
                }
                self.known.insert(failure.kind.clone());
            }
        }
        let entry = self.kinds.entry(failure.kind.clone()).or_insert((
            0,
            failure.detail.clone(),
            where_kept,
        ));
        entry.0 += 1;
    }

    fn progress(&self) {
        eprintln!(
            "[{:>5.0}s] {} inputs, {} failures, {} kinds",
            self.started.elapsed().as_secs_f64(),
            self.tried,
            self.failures,
            self.kinds.len()
        );
    }

    fn report(&self) {
        let elapsed = self.started.elapsed().as_secs_f64();
        println!(
            "target {}: {} inputs tried, {} failures ({} kinds), {elapsed:.0} s elapsed ({:.1} inputs/s)",
            self.oracle.target.name(),
            self.tried,
            self.failures,
            self.kinds.len(),
            self.tried as f64 / elapsed.max(0.001)
        );
        for (kind, (count, detail, file)) in &self.kinds {
            println!("  {count:>6} × {kind}: {detail}");
            if !file.is_empty() {
                println!("           e.g. {file}");
            }
        }
    }
}

/// Writes a failing input and its `.why` to the target's corpus; returns the file's path.
fn keep(target: Target, input: &Input, failure: &Failure) -> Result<String, String> {
    let dir = target.corpus_dir(&repo());
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join(target.file_name(input));
    std::fs::write(&path, &input.bytes).map_err(|e| e.to_string())?;
    let why = PathBuf::from(format!("{}.why", path.display()));
    std::fs::write(&why, format!("{failure}\n")).map_err(|e| e.to_string())?;
    let shown = path.strip_prefix(repo()).unwrap_or(&path);
    Ok(shown.display().to_string())
}

/// A smaller input that fails the same way: lines, then runs of bytes, taken out while the
/// failure stays (at most a few hundred runs).
fn minimize(oracle: &Oracle, input: &Input, failure: Failure) -> (Input, Failure) {
    let mut best = input.clone();
    let mut best_failure = failure;
    let mut budget = 300u32;
    let started = Instant::now();
    let fails_the_same = |candidate: &Input, kind: &str, budget: &mut u32| -> Option<Failure> {
        if *budget == 0 || started.elapsed() > Duration::from_secs(120) {
            return None;
        }
        *budget -= 1;
        match oracle.check(candidate) {
            Err(f) if f.kind == kind => Some(f),
            _ => None,
        }
    };
    // Units: first lines (kept with their line ends), then bytes.
    for by_lines in [true, false] {
        let mut chunk = {
            let units = split_units(&best.bytes, by_lines).len();
            (units / 2).max(1)
        };
        loop {
            let mut start = 0;
            loop {
                let units = split_units(&best.bytes, by_lines);
                if start >= units.len() {
                    break;
                }
                let end = (start + chunk).min(units.len());
                let candidate = Input {
                    member: best.member.clone(),
                    bytes: units[..start]
                        .iter()
                        .chain(&units[end..])
                        .flat_map(|u| u.iter().copied())
                        .collect(),
                };
                if let Some(f) = fails_the_same(&candidate, &best_failure.kind, &mut budget) {
                    best = candidate;
                    best_failure = f;
                } else {
                    start = end;
                }
                if budget == 0 {
                    break;
                }
            }
            if chunk == 1 || budget == 0 {
                break;
            }
            chunk /= 2;
        }
    }
    (best, best_failure)
}

/// `bytes` as lines (each with its line end: LF, CRLF or a lone CR) or as single bytes.
fn split_units(bytes: &[u8], by_lines: bool) -> Vec<&[u8]> {
    if !by_lines {
        return bytes.chunks(1).collect();
    }
    let mut units = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let end = match bytes[i] {
            b'\n' => Some(i + 1),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => Some(i + 2),
            b'\r' => Some(i + 1),
            _ => None,
        };
        if let Some(end) = end {
            units.push(&bytes[start..end]);
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < bytes.len() {
        units.push(&bytes[start..]);
    }
    units
}

// ------------------------------------------------------------------------------- mutation

/// A seeded xorshift64* generator: the same seed, the same inputs.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Inputs are kept under this size.
const MAX_LEN: usize = 512 * 1024;

/// The bytes that break readers of every format.
const HAZARDS: &[&[u8]] = &[
    b"\"",
    b",",
    b"\r",
    b"\n",
    b"\r\n",
    b"\0",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xC3",
    b"\xE9",
    b"\xED\xA0\x80",
    b"\xF4\x90\x80\x80",
    b"\t",
    b"\\",
    b"'",
    b"\xE2\x80\xAE",
    b"\xC2\xA0",
    b"\x0B",
    b"\x1B[31m",
];

const REFERENCE: &[u8] = oracle::REFERENCE.as_bytes();

/// Tokens that mean something in the target's format.
fn dictionary(target: Target) -> &'static [&'static [u8]] {
    match target {
        Target::Csv => &[
            b"\"\"",
            b",\"",
            b"\",",
            b"name",
            b"email",
            b"residence",
            b"address",
            b"street",
            b"postcode",
            b"city",
            b"country",
            b"lang",
            b"kind",
            b"controller",
            b"reference",
            b"offer_photo",
            b"settlement",
            b"DE-HH",
            b"FR",
            b"US-IL",
            b"CA-QC",
            b"ZZ",
            b"=HYPERLINK(\"x\")",
            b"@",
            b"jane@example.org",
            b";",
            b"yes",
            b"member",
            b"clearview-ai",
            b"access",
            b"pimeyes",
            b"FGT-0000-0000",
            b"../",
        ],
        Target::Rules | Target::Controllers | Target::Answers => &[
            b"[",
            b"]",
            b"[[",
            b"]]",
            b" = ",
            b"\"\"\"",
            b"'''",
            b"#",
            b"{",
            b"}",
            b"{ }",
            b"[]",
            b".",
            b"true",
            b"false",
            b"0",
            b"-1",
            b"99999999999999999999",
            b"1e400",
            b"inf",
            b"nan",
            b"1979-05-27",
            b"2026-02-29",
            b"9999-12-31",
            b"0000-01-01",
            b"\\u0000",
            b"\\uD800",
            b"\\U0010FFFF",
            b"days",
            b"months",
            b"working_days",
            b"gdpr",
            b"DE-HH",
            b"US-IL",
            b"clearview-ai",
            b"erasure",
            b"access",
            b"@",
            b"not-listed",
        ],
        Target::Reply => &[
            b": ",
            b"\r\n\r\n",
            b"=?utf-8?B?",
            b"=?iso-8859-1?Q?",
            b"?=",
            b"=C3=A9",
            b"=\r\n",
            b"Subject: ",
            b"From: ",
            b"Date: ",
            b"Message-ID: ",
            b"In-Reply-To: ",
            b"References: ",
            b"Content-Type: multipart/mixed; boundary=\"b\"\r\n",
            b"Content-Type: text/plain; charset=",
            b"Content-Transfer-Encoding: base64\r\n",
            b"Content-Transfer-Encoding: quoted-printable\r\n",
            b"--b\r\n",
            b"--b--\r\n",
            b"<",
            b">",
            b"FGT-",
            REFERENCE,
            b"Thu, 31 Feb 2026 25:61:61 +9999",
            b"Mon, 1 Jan 0000 00:00:00 -0000",
            b"Re: Re: Fwd: ",
            b"@",
        ],
    }
}

/// A mutant of a seed: one to four mutations, sometimes more.
fn mutant(target: Target, seeds: &[Input], rng: &mut Rng) -> Input {
    let mut input = seeds[rng.below(seeds.len())].clone();
    let rounds = 1 + rng.below(4) + if rng.chance(8) { rng.below(12) } else { 0 };
    for _ in 0..rounds {
        mutate(target, &mut input.bytes, seeds, rng);
        input.bytes.truncate(MAX_LEN);
    }
    input
}

fn mutate(target: Target, bytes: &mut Vec<u8>, seeds: &[Input], rng: &mut Rng) {
    let at = rng.below(bytes.len() + 1);
    match rng.below(20) {
        // A bit flipped, a byte changed.
        0 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            bytes[i] ^= 1 << rng.below(8);
        }
        1 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            bytes[i] = rng.next() as u8;
        }
        // A hazard or a token of the format inserted, or put in place of a byte.
        2 | 3 => insert(bytes, at, rng.pick(HAZARDS)),
        4 | 5 => insert(bytes, at, rng.pick(dictionary(target))),
        6 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            let token = rng.pick(HAZARDS);
            bytes.splice(i..i + 1, token.iter().copied());
        }
        // A run of bytes taken out.
        7 if !bytes.is_empty() => {
            let len = 1 + rng.below(16);
            let end = (at + len).min(bytes.len());
            bytes.drain(at.min(end)..end);
        }
        // A quote taken out or put in where a cell starts (an unclosed quote mid-file).
        8 => {
            let quotes: Vec<usize> = positions(bytes, |b| b == b'"');
            if !quotes.is_empty() && rng.chance(2) {
                bytes.remove(rng.pick(&quotes));
            } else {
                let starts: Vec<usize> = (0..=bytes.len())
                    .filter(|&i| i == 0 || matches!(bytes[i - 1], b',' | b'\n' | b'\r' | b'='))
                    .collect();
                insert(bytes, rng.pick(&starts), b"\"");
            }
        }
        // An unclosed quote in the last field, without a last line end.
        9 => {
            while bytes.last().is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                bytes.pop();
            }
            let cut = positions(bytes, |b| b == b',' || b == b'=' || b == b':')
                .last()
                .map_or(bytes.len(), |i| i + 1);
            bytes.truncate(cut.max(bytes.len().saturating_sub(40)));
            bytes.extend_from_slice(if rng.chance(2) {
                b"\"1 Main St"
            } else {
                b" \"x"
            });
            if rng.chance(3) {
                bytes.push(b'\n');
            }
        }
        // Every line end made one kind: a lone CR (old Mac), CRLF, LF; or a mix.
        10 => {
            let ends: [&[u8]; 3] = [b"\r", b"\r\n", b"\n"];
            let end = rng.pick(&ends);
            let mix = rng.chance(3);
            let lines: Vec<Vec<u8>> = split_units(bytes, true)
                .into_iter()
                .map(|l| trim_end(l).to_vec())
                .collect();
            let mut out = Vec::with_capacity(bytes.len());
            for line in lines {
                out.extend_from_slice(&line);
                out.extend_from_slice(if mix { rng.pick(&ends) } else { end });
            }
            *bytes = out;
        }
        // A very long cell or value.
        11 => {
            let len = rng.pick(&[300, 5_000, 70_000, 300_000]);
            let byte = rng.pick(b"aX \xC3\"\\,9");
            let run = vec![byte; len];
            insert(bytes, at, &run);
        }
        // A line duplicated, deleted or moved.
        12 | 13 => {
            let mut lines = owned_lines(bytes);
            if !lines.is_empty() {
                let i = rng.below(lines.len());
                match rng.below(3) {
                    0 => {
                        let line = lines[i].clone();
                        let times = if rng.chance(4) { 1 + rng.below(200) } else { 1 };
                        for _ in 0..times {
                            lines.insert(i, line.clone());
                        }
                    }
                    1 => {
                        lines.remove(i);
                    }
                    _ => {
                        let j = rng.below(lines.len());
                        lines.swap(i, j);
                    }
                }
                *bytes = lines.concat();
            }
        }
        // Lines of another input spliced in.
        14 | 15 => {
            let other = owned_lines(&seeds[rng.below(seeds.len())].bytes);
            let mut lines = owned_lines(bytes);
            if !other.is_empty() {
                let from = rng.below(other.len());
                let to = (from + 1 + rng.below(4)).min(other.len());
                let at = rng.below(lines.len() + 1);
                if rng.chance(2) && at < lines.len() {
                    lines.remove(at);
                }
                for (k, line) in other[from..to].iter().enumerate() {
                    lines.insert(at + k, line.clone());
                }
                *bytes = lines.concat();
            }
        }
        // A quote that closes lines later: two people's lines in one cell.
        16 => {
            let mut lines = owned_lines(bytes);
            if lines.len() >= 3 {
                let i = 1 + rng.below(lines.len() - 2);
                let last_comma = positions(&lines[i], |b| b == b',').last().copied();
                if let Some(c) = last_comma {
                    lines[i].insert(c + 1, b'"');
                    let j = i + 1 + rng.below((lines.len() - i - 1).min(3));
                    let trimmed = trim_end(&lines[j]).len();
                    lines[j].insert(trimmed, b'"');
                    *bytes = lines.concat();
                }
            }
        }
        // The byte-order mark added or taken away; the file cut short.
        17 => {
            if bytes.starts_with(b"\xEF\xBB\xBF") {
                bytes.drain(..3);
            } else {
                insert(bytes, 0, b"\xEF\xBB\xBF");
            }
        }
        18 => bytes.truncate(at),
        // A byte repeated, a number made huge.
        _ => {
            let digits = positions(bytes, |b| b.is_ascii_digit());
            if !digits.is_empty() {
                let i = rng.pick(&digits);
                let big: &[u8] = rng.pick(&[
                    &b"99999999999999999999"[..],
                    b"-1",
                    b"0",
                    b"4294967296",
                    b"18446744073709551616",
                ]);
                bytes.splice(i..i + 1, big.iter().copied());
            } else if !bytes.is_empty() {
                let i = rng.below(bytes.len());
                let b = bytes[i];
                bytes.insert(i, b);
            }
        }
    }
}

fn insert(bytes: &mut Vec<u8>, at: usize, what: &[u8]) {
    let at = at.min(bytes.len());
    bytes.splice(at..at, what.iter().copied());
}

fn positions(bytes: &[u8], wanted: impl Fn(u8) -> bool) -> Vec<usize> {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| wanted(**b))
        .map(|(i, _)| i)
        .collect()
}

fn owned_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    split_units(bytes, true)
        .into_iter()
        .map(<[u8]>::to_vec)
        .collect()
}

fn trim_end(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b'\r' | b'\n') {
        end -= 1;
    }
    &line[..end]
}

// ---------------------------------------------------------------------------------- seeds

/// Valid inputs of `target`, built in: the rules' own files for the rules and the companies.
fn seeds(target: Target) -> Vec<Input> {
    match target {
        Target::Csv => CSV_SEEDS
            .iter()
            .map(|s| Input::new(target, s.as_bytes()))
            .collect(),
        Target::Rules | Target::Controllers => {
            let folder = if target == Target::Rules {
                "jurisdictions"
            } else {
                "controllers"
            };
            let mut paths: Vec<PathBuf> = std::fs::read_dir(repo().join(folder))
                .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            paths.retain(|p| p.extension().is_some_and(|e| e == "toml"));
            paths.sort();
            paths
                .into_iter()
                .filter_map(|p| {
                    Some(Input {
                        member: p.file_name()?.to_string_lossy().into_owned(),
                        bytes: std::fs::read(&p).ok()?,
                    })
                })
                .collect()
        }
        Target::Answers => ANSWERS_SEEDS
            .iter()
            .map(|s| Input::new(target, s.as_bytes()))
            .collect(),
        Target::Reply => REPLY_SEEDS
            .iter()
            .map(|s| Input::new(target, s.replace("{REF}", oracle::REFERENCE).into_bytes()))
            .collect(),
    }
}

const CSV_SEEDS: &[&str] = &[
    "name,email,residence\nJane Doe,jane@example.org,DE-HH\nJean Dupont,jean@example.fr,FR\n",
    "\u{FEFF}name,email,residence,address,lang\r\nJürgen Müller,jm@example.de,DE-HH,\"Musterstraße 1\r\n20095 Hamburg\",de\r\n\"Doe, Jane\",jane@example.org,GB,\"1 High St, London\",\r\nZoë Durand,zoe@example.fr,CA-QC,,fr\r\n",
    "name,email,residence,kind,controller,reference,offer_photo\nAda Lovelace,ada@example.org,FR,access,clearview-ai,my-ref-1,yes\nAlan Turing,alan@example.org,IT,erasure,pimeyes,,no\nGrace Hopper,grace@example.org,NL,objection,,,\n",
    "name,email,residence,street,postcode,city,country\nŁucja Nowak,lucja@example.pl,AT,Ringstraße 1,1010,Wien,AT\nÆgir Ólafsson,aegir@example.is,US-IL,1 Lake Shore Dr,60601,Chicago,US\n",
    "email,name,residence,settlement\nbob@example.com,Bob Smith,US-IL,member\ncarol@example.com,Carol King,US-IL,unknown\ndan@example.com,Dan Brown,DE-HH,\n",
];

const ANSWERS_SEEDS: &[&str] = &[
    "controller = \"clearview-ai\"\nresidence = \"DE-HH\"\nkind = \"erasure\"\nname = \"Jane Doe\"\nemail = \"jane@example.org\"\nlang = \"de\"\ndeliver = \"eml\"\n",
    "controller = \"clearview-ai\"\nresidence = \"CA-QC\"\nkind = \"access\"\nname = \"Zoë Durand\"\nemail = \"zoe@example.fr\"\naddress = \"1 rue X\\nMontréal\"\nlang = \"fr\"\nregime = \"quebec-private-sector\"\ndeliver = \"text\"\n",
    "controller = \"not-listed\"\ncompany_name = \"Acme Faces GmbH\"\ncompany_email = \"datenschutz@acme.example\"\ncompany_country = \"DE\"\nresidence = \"DE-BE\"\nkind = \"access\"\nname = \"Jane Doe\"\nemail = \"jane@example.org\"\ndeliver = \"text\"\n",
    "# saved by forget\ncontroller = \"clearview-ai\" # the company\nresidence = \"US-IL\"\nkind = \"destroy-biometrics\"\nname = \"Bob Smith\"\nemail = \"bob@example.com\"\noffer_photo = true\nsettlement = \"unknown\"\ndeliver = \"none\"\n",
    "controller = \"pimeyes\"\nresidence = \"FR\"\nkind = \"objection\"\nname = 'Jean \"JD\" Dupont'\nemail = \"jean@example.fr\"\ndeliver = \"mailto\"\n",
];

const REPLY_SEEDS: &[&str] = &[
    "From: Clearview Privacy <privacy@clearview.ai>\r\nTo: jane@example.org\r\nSubject: Re: Request for access [{REF}]\r\nDate: Tue, 10 Feb 2026 09:00:00 -0500\r\nMessage-ID: <reply-1@clearview.ai>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease send us a photo of yourself.\r\n",
    "From: privacy@clearview.ai\nSubject: =?utf-8?Q?Re:_Auskunft_=5B{REF}=5D?=\nDate: Wed, 11 Feb 2026 10:00:00 +0100\nIn-Reply-To: <abc@example.org>\nReferences: <abc@example.org> <def@example.org>\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nWir haben Ihre Daten gel=F6scht.=\n Mit freundlichen Gr=FC=DFen\n",
    "From: \"Legal\" <legal-requests@clearview.ai>\r\nSubject: {REF}\r\nDate: Mon, 9 Feb 2026 08:00:00 +0000\r\nMessage-ID: <r2@clearview.ai>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nV2UgaGF2ZSBkZWxldGVkIHlvdXIgZGF0YS4=\r\n--b\r\nContent-Type: application/pdf; name=\"answer.pdf\"\r\nContent-Disposition: attachment; filename=\"answer.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n",
    "From: someone@example.com\r\nSubject: Re: your request {REF}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>We refuse.</p></body></html>\r\n",
];
