//! `forget batch` writing letters from a spreadsheet (see `batch_send.rs` for sending).

use std::collections::BTreeSet;
use std::fs::File;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::test::{self, Test, assert_contains};

/// "Today" in every test: a gdpr erasure request is due one month later, on 2026-12-23.
const TODAY: &str = "2026-11-23";

const MANIFEST_HEADER: [&str; 7] = [
    "row",
    "reference",
    "regime",
    "authority",
    "due",
    "files",
    "status",
];

/// `forget ARGS` with the case log in `home` and "today" fixed.
fn at(home: &Path, args: &[&str]) -> Test {
    test::at(home, TODAY, args)
}

/// `forget batch --input INPUT --out OUT` plus `extra`, with the case log in `home`.
fn batch(home: &Path, input: &Path, out: &Path, extra: &[&str]) -> Test {
    let input = input.display().to_string();
    let out = out.display().to_string();
    let mut args = vec!["batch", "--input", &input, "--out", &out];
    args.extend_from_slice(extra);
    at(home, &args)
}

/// `forget batch` of `kind` requests to Clearview, plus `extra`.
fn to_clearview(home: &Path, input: &Path, out: &Path, kind: &str, extra: &[&str]) -> Test {
    let mut args = vec!["--controller", "clearview-ai", "--kind", kind];
    args.extend_from_slice(extra);
    batch(home, input, out, &args)
}

/// `forget batch` of erasure requests to Clearview, written as text.
pub(crate) fn erasure(home: &Path, input: &Path, out: &Path) -> Test {
    to_clearview(home, input, out, "erasure", &["--format", "text"])
}

/// Writes a batch file `people.csv` in `dir`.
pub(crate) fn people(dir: &Path, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join("people.csv");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A CSV file's lines (the header too), each as its cells (bytes that are not UTF-8 shown as a
/// spreadsheet shows them, replaced).
pub(crate) fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap_or_else(|e| panic!("cannot read `{}`: {e}", path.display()));
    reader
        .byte_records()
        .map(|record| {
            record
                .unwrap()
                .iter()
                .map(|cell| String::from_utf8_lossy(cell).into_owned())
                .collect()
        })
        .collect()
}

/// The permission bits of `path`.
fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("`{}`: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// The names in the folder `dir`, but for the lock that a batch leaves there (no scratch files,
/// no half-written letters).
fn files_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != ".forget-batch.lock")
        .collect()
}

/// Every file under `dir`, at any depth.
pub(crate) fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(all_files(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// `forget cases --json`: every case in the log in `home`.
fn cases(home: &Path) -> Vec<Value> {
    match at(home, &["cases", "--json"]).json() {
        Value::Array(rows) => rows,
        other => panic!("expected an array, got {other}"),
    }
}

/// Whether `reference` looks like one forget makes: `FGT-XXXX-XXXX`, upper-case letters and
/// digits.
fn is_forget_reference(reference: &str) -> bool {
    let parts: Vec<&str> = reference.split('-').collect();
    parts.len() == 3
        && parts[0] == "FGT"
        && parts[1..].iter().all(|part| {
            part.len() == 4
                && part
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

/// One cell of a CSV line, quoted when it needs to be.
fn csv_cell(cell: &[u8]) -> Vec<u8> {
    if !cell
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        return cell.to_vec();
    }
    let mut quoted = vec![b'"'];
    for &byte in cell {
        if byte == b'"' {
            quoted.push(b'"');
        }
        quoted.push(byte);
    }
    quoted.push(b'"');
    quoted
}

// The thousand rows.

/// The residences of the good rows, each with the regime, authority and due date forget gives an
/// erasure request to Clearview written on 2026-11-23 (for Québec, the Québec Act comes first:
/// 30 days, to Wednesday 23 December).
const PLACES: [(&str, &str, &str, &str); 7] = [
    ("DE-HH", "gdpr", "hmbbfdi", "2026-12-23"),
    ("FR", "gdpr", "cnil", "2026-12-23"),
    ("GB", "uk-gdpr", "ico", "2026-12-23"),
    ("CA-QC", "quebec-private-sector", "cai", "2026-12-23"),
    ("IT", "gdpr", "garante", "2026-12-23"),
    ("NL", "gdpr", "ap-nl", "2026-12-23"),
    ("AT", "gdpr", "dsb-at", "2026-12-23"),
];

/// What is wrong with a bad row: one problem each.
#[derive(Debug, Clone, Copy)]
enum Hazard {
    /// Latin-1 bytes in the name.
    NotUtf8Name,
    /// Latin-1 bytes in the address.
    NotUtf8Address,
    /// This e-mail address.
    BadEmail(&'static str),
    /// The e-mail address of the (good) row, in other capitals.
    Duplicate(u64),
    /// Brazil, where no regime in the rules protects anyone.
    NoRegime,
    /// `ZZ`, no country at all.
    UnknownCountry,
    /// This many cells instead of five.
    Cells(usize),
    /// `lang` is `xx`.
    Lang,
    /// The name is a spreadsheet formula, and the e-mail address is bad.
    Formula,
}

/// The bad rows, by row number (the header is row 1).
const BAD: [(u64, Hazard); 30] = [
    (2, Hazard::NotUtf8Name),
    (3, Hazard::BadEmail("not-an-email")),
    (11, Hazard::Duplicate(4)),
    (17, Hazard::NoRegime),
    (40, Hazard::UnknownCountry),
    (41, Hazard::Cells(3)),
    (99, Hazard::Lang),
    (100, Hazard::Formula),
    (150, Hazard::NotUtf8Address),
    (151, Hazard::BadEmail("a@")),
    (222, Hazard::Duplicate(5)),
    (250, Hazard::NoRegime),
    (333, Hazard::UnknownCountry),
    (334, Hazard::Cells(6)),
    (400, Hazard::Lang),
    (444, Hazard::NotUtf8Name),
    (500, Hazard::BadEmail("jane.example.org")),
    (555, Hazard::Duplicate(554)),
    (600, Hazard::NoRegime),
    (650, Hazard::UnknownCountry),
    (666, Hazard::Cells(4)),
    (700, Hazard::Lang),
    (750, Hazard::Formula),
    (777, Hazard::NotUtf8Name),
    (800, Hazard::BadEmail("two@@example.org")),
    (850, Hazard::Duplicate(849)),
    (900, Hazard::NoRegime),
    (950, Hazard::UnknownCountry),
    (999, Hazard::Cells(1)),
    (1001, Hazard::Lang),
];

/// What forget should make of a row.
#[derive(Debug)]
enum Expected {
    Written {
        name: String,
        regime: &'static str,
        authority: &'static str,
        due: &'static str,
    },
    Rejected {
        column: &'static str,
        /// A phrase of the reason.
        reason: String,
        /// The cells as rejects.csv repeats them.
        cells: Vec<String>,
    },
}

/// A batch file of 1,000 people (rows 2 to 1001) with a BOM, CRLF line ends, quoted line breaks
/// and commas, non-ASCII names, and the 30 bad rows of [`BAD`]; and what each row should give.
fn thousand_people() -> (Vec<u8>, Vec<(u64, Expected)>) {
    const FIRST: [&str; 5] = [
        "Jürgen Müller",
        "Zoë Durand",
        "Ada Lovelace",
        "Łucja Nowak",
        "Ægir Ólafsson",
    ];
    let mut bytes = b"\xEF\xBB\xBFname,email,residence,address,lang\r\n".to_vec();
    let mut expected = Vec::new();
    // The line of the file the row starts on: quoted line breaks make rows span lines.
    let mut line = 2;
    for row in 2..=1001u64 {
        let (residence, regime, authority, due) = PLACES[row as usize % PLACES.len()];
        let name = format!("{} {row}", FIRST[row as usize % FIRST.len()]);
        let address = match row % 3 {
            0 => format!("Musterstraße {row}\r\n20095 Hamburg"),
            1 => format!("{row} rue de Rivoli, 75001 Paris"),
            _ => String::new(),
        };
        let lang = match (residence, row % 2) {
            ("DE-HH" | "AT", 0) => "de",
            ("FR" | "CA-QC", 0) => "fr",
            _ => "",
        };
        let mut cells: Vec<Vec<u8>> = vec![
            name.clone().into_bytes(),
            format!("person{row}@example.org").into_bytes(),
            residence.as_bytes().to_vec(),
            address.into_bytes(),
            lang.as_bytes().to_vec(),
        ];
        let hazard = BAD.iter().find(|(bad, _)| *bad == row).map(|(_, h)| *h);
        let problem = hazard.map(|hazard| match hazard {
            Hazard::NotUtf8Name => {
                cells[0] = [b"Jos\xE9 ".as_slice(), row.to_string().as_bytes()].concat();
                ("name", "is not UTF-8".to_string())
            }
            Hazard::NotUtf8Address => {
                cells[3] = b"Hauptstra\xDFe 1\r\n20095 Hamburg".to_vec();
                ("address", "is not UTF-8".to_string())
            }
            Hazard::BadEmail(email) => {
                cells[1] = email.as_bytes().to_vec();
                ("email", format!("`{email}` is not a valid e-mail address"))
            }
            Hazard::Duplicate(first) => {
                assert!(
                    BAD.iter().all(|(bad, _)| *bad != first),
                    "row {first} is good"
                );
                cells[1] = format!("Person{first}@Example.ORG").into_bytes();
                ("email", format!("is the same person as row {first}"))
            }
            Hazard::NoRegime => {
                cells[2] = b"BR".to_vec();
                (
                    "residence",
                    "no regime in forget's rules protects residents of Brazil".to_string(),
                )
            }
            Hazard::UnknownCountry => {
                cells[2] = b"ZZ".to_vec();
                (
                    "residence",
                    "there is no country with the code `ZZ`".to_string(),
                )
            }
            Hazard::Cells(count) => {
                cells.resize(count, b"extra".to_vec());
                (
                    "",
                    format!("has {count} cells (from line {line}) where the header has 5"),
                )
            }
            Hazard::Lang => {
                cells[4] = b"xx".to_vec();
                ("lang", "writes no letters in `xx`".to_string())
            }
            Hazard::Formula => {
                cells[0] = br#"=HYPERLINK("http://evil")"#.to_vec();
                cells[1] = b"a@".to_vec();
                ("email", "`a@` is not a valid e-mail address".to_string())
            }
        });
        line += 1 + cells.iter().flatten().filter(|b| **b == b'\n').count() as u64;
        let encoded: Vec<Vec<u8>> = cells.iter().map(|cell| csv_cell(cell)).collect();
        bytes.extend(encoded.join(&b","[..]));
        bytes.extend(b"\r\n");
        expected.push((
            row,
            match problem {
                None => Expected::Written {
                    name,
                    regime,
                    authority,
                    due,
                },
                Some((column, reason)) => Expected::Rejected {
                    column,
                    reason,
                    // As `read_csv` shows them: bad bytes replaced, formulas made text.
                    cells: cells
                        .iter()
                        .map(|cell| {
                            let text = String::from_utf8_lossy(cell).into_owned();
                            if text.starts_with('=') {
                                format!("'{text}")
                            } else {
                                text
                            }
                        })
                        .collect(),
                },
            },
        ));
    }
    (bytes, expected)
}

#[test]
fn a_thousand_rows_with_thirty_bad_ones_give_an_exact_manifest_and_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    let (bytes, expected) = thousand_people();
    let input = people(dir.path(), &bytes);

    let output = erasure(&home, &input, &out).fails(5);
    assert_contains(&output.stderr, "1000 rows");
    assert_contains(&output.stderr, "970 letters written");
    assert_contains(&output.stderr, "(970 files)");
    assert_contains(&output.stderr, "30 rows rejected");
    assert_eq!(mode(&out), 0o700, "the folder is private");

    let manifest = read_csv(&out.join("manifest.csv"));
    assert_eq!(manifest[0], MANIFEST_HEADER);
    assert_eq!(manifest.len(), 1 + 1000, "one line per row");
    let mut letters = BTreeSet::new();
    for (line, (row, expected)) in manifest[1..].iter().zip(&expected) {
        assert_eq!(line[0], row.to_string(), "{line:?}");
        match expected {
            Expected::Rejected { .. } => {
                assert_eq!(line[1..], ["", "", "", "", "", "rejected"], "row {row}")
            }
            Expected::Written {
                name,
                regime,
                authority,
                due,
            } => {
                let reference = &line[1];
                assert!(is_forget_reference(reference), "row {row}: {line:?}");
                let file = format!("{reference}.txt");
                assert_eq!(
                    line[2..],
                    [*regime, *authority, *due, file.as_str(), "written"],
                    "row {row}"
                );
                let path = out.join(&file);
                assert_eq!(mode(&path), 0o600, "{file}");
                let letter = std::fs::read_to_string(&path).unwrap();
                assert_contains(&letter, name);
                assert!(letters.insert(file), "row {row}: a reference twice");
            }
        }
    }
    assert_eq!(letters.len(), 970);
    let mut listed = letters.clone();
    listed.extend(["manifest.csv", "rejects.csv", "batch.toml"].map(String::from));
    assert_eq!(files_in(&out), listed, "nothing else in the folder");

    let rejects = read_csv(&out.join("rejects.csv"));
    assert_eq!(
        rejects[0],
        [
            "row",
            "column",
            "reason",
            "name",
            "email",
            "residence",
            "address",
            "lang"
        ]
    );
    let bad: Vec<_> = expected
        .iter()
        .filter_map(|(row, expected)| match expected {
            Expected::Rejected {
                column,
                reason,
                cells,
            } => Some((row, column, reason, cells)),
            Expected::Written { .. } => None,
        })
        .collect();
    assert_eq!(bad.len(), 30);
    assert_eq!(rejects.len(), 1 + 30, "one line per problem: {rejects:#?}");
    // A quoted line break may come back as LF or as CRLF: a spreadsheet shows both alike.
    let lf = |cells: &[String]| -> Vec<String> {
        cells
            .iter()
            .map(|cell| cell.replace("\r\n", "\n"))
            .collect()
    };
    for (line, (row, column, reason, cells)) in rejects[1..].iter().zip(bad) {
        assert_eq!(line[0], row.to_string(), "{line:?}");
        assert_eq!(line[1], **column, "row {row}: {line:?}");
        assert_contains(&line[2], reason);
        assert_eq!(lf(&line[3..]), lf(cells), "row {row}: the row as it was");
    }
    // A row that is not UTF-8 comes back with its own bytes, to be fixed and fed back.
    let raw = std::fs::read(out.join("rejects.csv")).unwrap();
    assert!(
        raw.windows(6).any(|w| w == b"Jos\xE9 2"),
        "the Latin-1 name is in rejects.csv as it was"
    );
    let hyperlink = rejects.iter().find(|line| line[0] == "100").unwrap();
    assert_eq!(hyperlink[3], r#"'=HYPERLINK("http://evil")"#);

    // Again: each person's case continues, with its reference.
    let manifest_bytes = std::fs::read(out.join("manifest.csv")).unwrap();
    let rejects_bytes = std::fs::read(out.join("rejects.csv")).unwrap();
    let again = erasure(&home, &input, &out).fails(5);
    assert_contains(&again.stderr, "970 letters written");
    assert!(
        std::fs::read(out.join("manifest.csv")).unwrap() == manifest_bytes,
        "the manifest of the second run differs"
    );
    assert!(
        std::fs::read(out.join("rejects.csv")).unwrap() == rejects_bytes,
        "the rejects of the second run differ"
    );
    let cases = cases(&home);
    assert_eq!(cases.len(), 970);
    assert!(cases.iter().all(|case| case["status"] == "drafted"));
    let references: BTreeSet<String> = cases
        .iter()
        .map(|case| format!("{}.txt", case["reference"].as_str().unwrap()))
        .collect();
    assert_eq!(references, letters, "the log has the manifest's references");
}

#[test]
fn an_unknown_column_stops_the_batch_before_anything_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    let input = people(
        dir.path(),
        "name,e-mail,residence\nJane Doe,jane@example.org,FR\n",
    );
    let output = erasure(&home, &input, &out).fails(1);
    assert_contains(
        &output.stderr,
        "unknown column `e-mail`: did you mean `email`?",
    );
    assert!(!out.exists(), "the folder is not created");
    assert_eq!(cases(&home), Vec::<Value>::new(), "no case recorded");
}

#[test]
fn an_unknown_column_leaves_no_case_log_behind() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let input = people(
        dir.path(),
        "name,e-mail,residence\nJane Doe,jane@example.org,FR\n",
    );
    erasure(&home, &input, &dir.path().join("out")).fails(1);
    assert!(
        !home.join("cases.sqlite").exists(),
        "a batch that never started wrote a case log"
    );
}

#[test]
fn a_missing_controller_or_kind_is_said_before_starting() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    let input = people(
        dir.path(),
        "name,email,residence\nJane Doe,jane@example.org,FR\n",
    );

    let output = batch(&home, &input, &out, &["--kind", "erasure"]).fails(1);
    assert_contains(&output.stderr, "no company: give `--controller ID`");
    assert!(!output.stderr.contains("--kind"), "{}", output.stderr);

    let output = batch(&home, &input, &out, &["--controller", "clearview-ai"]).fails(1);
    assert_contains(&output.stderr, "no kind of request: give `--kind KIND`");
    assert!(!output.stderr.contains("--controller"), "{}", output.stderr);

    let output = batch(&home, &input, &out, &[]).fails(1);
    assert_contains(&output.stderr, "`--controller ID`");
    assert_contains(&output.stderr, "`--kind KIND`");
    assert!(!out.exists(), "the folder is not created");
}

#[test]
fn resume_continues_with_the_arguments_in_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    let input = people(
        dir.path(),
        "name,email,residence\nJürgen Müller,juergen@example.org,DE-HH\n\
         Zoë Durand,zoe@example.org,FR\nAda Lovelace,ada@example.org,GB\n",
    );
    let extra = [
        "--format",
        "text,pdf",
        "--kind",
        "access",
        "--controller",
        "clearview-ai",
    ];
    batch(&home, &input, &out, &extra).ok();
    let manifest = std::fs::read_to_string(out.join("manifest.csv")).unwrap();
    let lines = read_csv(&out.join("manifest.csv"));
    assert_eq!(lines.len(), 4, "{manifest}");
    for line in &lines[1..] {
        let reference = &line[1];
        assert_eq!(line[5], format!("{reference}.txt;{reference}.pdf"));
        assert_eq!(line[6], "written");
    }
    let arguments = std::fs::read_to_string(out.join("batch.toml")).unwrap();
    for setting in [
        "controller = \"clearview-ai\"",
        "kind = \"access\"",
        "format = \"text,pdf\"",
    ] {
        assert_contains(&arguments, setting);
    }

    let out_arg = out.display().to_string();
    let output = at(&home, &["batch", "--out", &out_arg, "--resume"]).ok();
    assert_contains(&output.stderr, "3 letters written");
    assert_contains(&output.stderr, "(6 files)");
    assert_eq!(
        std::fs::read_to_string(out.join("manifest.csv")).unwrap(),
        manifest
    );
    assert!(out.join("batch.toml").exists());
    assert_eq!(cases(&home).len(), 3);

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let empty_arg = empty.display().to_string();
    let output = at(&home, &["batch", "--out", &empty_arg, "--resume"]).fails(1);
    assert_contains(&output.stderr, "there is no batch to resume");
    assert_eq!(files_in(&empty), BTreeSet::new());
}

#[test]
fn file_names_come_from_the_reference_never_from_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    // `../../escape` from here is `deep/escape`, still in the temporary directory.
    let out = dir.path().join("deep").join("er").join("out");
    let input = people(
        dir.path(),
        "name,email,residence,reference\n\
         Jane Doe,jane@example.org,FR,../../escape\n\
         John Roe,john@example.org,FR,a/b\n\
         Ann Poe,ann@example.org,FR,/tmp/absolute\n\
         Bob Loe,bob@example.org,FR,.hidden\n\
         Eve Moe,eve@example.org,FR,NGO-0001\n",
    );
    erasure(&home, &input, &out).ok();

    let manifest = read_csv(&out.join("manifest.csv"));
    let given: Vec<&str> = manifest[1..].iter().map(|l| l[1].as_str()).collect();
    assert_eq!(
        given,
        [
            "../../escape",
            "a/b",
            "/tmp/absolute",
            ".hidden",
            "NGO-0001"
        ],
        "the manifest keeps the references as given"
    );
    let files: Vec<&str> = manifest[1..].iter().map(|l| l[5].as_str()).collect();
    assert_eq!(files[4], "NGO-0001.txt");
    for file in &files {
        let stem = file.strip_suffix(".txt").unwrap();
        assert!(
            !stem.is_empty()
                && !stem.starts_with('-')
                && stem
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "{file}"
        );
        assert!(out.join(file).is_file(), "{file}");
    }
    assert_eq!(
        files.iter().collect::<BTreeSet<_>>().len(),
        5,
        "one file each"
    );
    let mut expected: BTreeSet<String> = files.iter().map(|f| f.to_string()).collect();
    expected.extend(["manifest.csv", "rejects.csv", "batch.toml"].map(String::from));
    assert_eq!(files_in(&out), expected);
    for file in all_files(dir.path()) {
        assert!(
            file == input || file.starts_with(&out) || file.starts_with(&home),
            "written outside the folder: {}",
            file.display()
        );
    }
}

#[test]
fn a_second_batch_on_the_same_folder_is_told_to_wait_its_turn() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    let input = people(
        dir.path(),
        "name,email,residence\nJane Doe,jane@example.org,FR\n",
    );
    std::fs::create_dir(&out).unwrap();
    // The first batch, still running, holds the folder's lock.
    let lock = File::create(out.join(".forget-batch.lock")).unwrap();
    lock.lock().unwrap();
    let output = erasure(&home, &input, &out).fails(1);
    assert_contains(&output.stderr, "another `forget batch` is working in");
    assert_eq!(files_in(&out), BTreeSet::new(), "nothing written");
    assert_eq!(cases(&home), Vec::<Value>::new());

    drop(lock);
    erasure(&home, &input, &out).ok();
    assert_eq!(cases(&home).len(), 1);
}

#[test]
fn every_output_is_private_and_spreadsheet_safe() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    let input = people(
        dir.path(),
        "name,email,residence,reference\n\
         Jane Doe,jane@example.org,FR,=1+1\n\
         +Eve,-eve,FR,@SUM(A1)\n",
    );
    let output = erasure(&home, &input, &out).fails(5);
    assert_contains(&output.stderr, "1 row rejected");

    assert_eq!(mode(&out), 0o700, "the folder");
    let manifest = read_csv(&out.join("manifest.csv"));
    assert_eq!(manifest[1][1], "'=1+1", "a formula shows as text");
    assert_eq!(manifest[1][6], "written");
    assert_eq!(manifest[2][6], "rejected");
    let letter = &manifest[1][5];
    let rejects = read_csv(&out.join("rejects.csv"));
    assert_eq!(rejects.len(), 2, "{rejects:#?}");
    assert_eq!(rejects[1][1], "email");
    assert_eq!(
        rejects[1][3..],
        ["'+Eve", "'-eve", "FR", "'@SUM(A1)"],
        "formulas show as text"
    );
    for file in ["manifest.csv", "rejects.csv", "batch.toml", letter] {
        assert_eq!(mode(&out.join(file)), 0o600, "{file}");
    }
}

#[test]
fn rows_are_numbered_as_a_spreadsheet_numbers_them_with_lf_line_ends() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    let input = people(
        dir.path(),
        "name,email,residence\n\
         Jane Doe,jane@example.org,FR\n\
         John Roe,john@example.org,ZZ\n\
         Ann Poe,ann@example.org\n\
         Eve Moe,eve@example.org,FR",
    );
    erasure(&home, &input, &out).fails(5);
    let manifest = read_csv(&out.join("manifest.csv"));
    let rows: Vec<&str> = manifest[1..].iter().map(|l| l[0].as_str()).collect();
    assert_eq!(rows, ["2", "3", "4", "5"]);
    let rejects = read_csv(&out.join("rejects.csv"));
    assert_eq!(rejects[1][0], "3");
    assert_eq!(rejects[2][0], "4");
    assert_contains(&rejects[2][2], "has 2 cells (from line 4)");
}

#[test]
fn a_rejected_row_does_not_block_the_same_person_corrected_later_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    // Row 2 names a place no law in the rules protects; row 3 is the same person, corrected.
    let input = people(
        dir.path(),
        "name,email,residence\nAnn,ann@example.org,BR\nAnn,ann@example.org,FR\n",
    );
    erasure(&home, &input, &out).fails(5);
    let manifest = read_csv(&out.join("manifest.csv"));
    assert_eq!(manifest[1][6], "rejected");
    assert_eq!(manifest[2][6], "written");
    let rejects = read_csv(&out.join("rejects.csv"));
    assert_eq!(rejects.len(), 2);
    assert_eq!(
        (rejects[1][0].as_str(), rejects[1][1].as_str()),
        ("2", "residence")
    );
}

#[test]
fn a_residence_whose_law_gives_no_such_request_is_blamed_when_the_kind_comes_from_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    // The GDPR has no opt-out of sale by that name: a Hamburg row asking one is rejected on its
    // residence, with the kinds its law does give.
    let input = people(
        dir.path(),
        "name,email,residence\nBo,bo@example.org,DE-HH\n",
    );
    to_clearview(&home, &input, &out, "opt-out", &["--format", "text"]).fails(5);
    let rejects = read_csv(&out.join("rejects.csv"));
    assert_eq!(rejects[1][1], "residence");
    assert_contains(&rejects[1][2], "erasure");
}

#[test]
fn a_letter_that_cannot_be_written_stops_the_batch_and_the_rows_before_it_keep_their_cases() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    let mut csv = String::from("name,email,residence,reference\n");
    for i in 0..300 {
        csv.push_str(&format!("P{i},p{i}@example.org,FR,R{i:03}\n"));
    }
    let input = people(dir.path(), csv);
    // A folder where row 201's letter goes: the worker writing it fails.
    std::fs::create_dir_all(out.join("R199.txt")).unwrap();
    let output = erasure(&home, &input, &out).fails(1);
    assert_contains(&output.stderr, "the batch stopped at row 201");
    assert_contains(&output.stderr, "cannot write");
    assert_contains(&output.stderr, "R199.txt");
    // Every row before it was written, and is a case in the log.
    assert!(out.join("R198.txt").is_file());
    let references: BTreeSet<String> = cases(&home)
        .iter()
        .map(|case| case["reference"].as_str().unwrap().to_string())
        .collect();
    for reference in ["R000", "R150", "R198"] {
        assert!(references.contains(reference), "{references:?}");
    }
}

/// Batch letters differing only in who asks are rendered once and filled in (issue 7's speed):
/// each must still be, to the byte, the letter `forget letter` writes for that person.
#[test]
fn each_batch_letter_is_the_letter_forget_letter_writes_for_that_person() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    let rows = [
        ("Ada Lovelace", "ada@example.org", "DE-HH", ""),
        (
            "Zoë O'Brien & <Co>",
            "zoe@example.org",
            "DE-HH",
            "Rue de la Paix 7, 75002 Paris",
        ),
        ("Bob", "bob@example.org", "DE-HH", "Street 1, 12345 City"),
        (
            "Jean Tremblay",
            "jean@example.org",
            "CA-QC",
            "1 rue X, Montréal",
        ),
        ("Ann", "ann@example.org", "GB", ""),
    ];
    let mut csv = String::from("name,email,residence,address\n");
    for (name, email, residence, address) in rows {
        csv.push_str(&format!("\"{name}\",{email},{residence},\"{address}\"\n"));
    }
    let input = people(dir.path(), csv);
    erasure(&home, &input, &out).ok();
    let manifest = read_csv(&out.join("manifest.csv"));
    for (line, (name, email, residence, address)) in manifest[1..].iter().zip(rows) {
        let reference = &line[1];
        let mut args = vec![
            "letter",
            "--no-record",
            "--controller",
            "clearview-ai",
            "--kind",
            "erasure",
            "--residence",
            residence,
            "--name",
            name,
            "--email",
            email,
            "--reference",
            reference,
            "--format",
            "text",
        ];
        if !address.is_empty() {
            args.extend(["--address", address]);
        }
        let alone = at(&dir.path().join("elsewhere"), &args).ok();
        let written = std::fs::read_to_string(out.join(format!("{reference}.txt"))).unwrap();
        assert_eq!(written, alone.stdout, "{name}");
    }
}

/// A template that changes the person's details (here, shouts the name) is rendered afresh for
/// every letter, so each letter has its own name, changed.
#[test]
fn a_template_that_changes_the_name_gets_each_persons_name_changed() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    let gdpr = std::fs::read_to_string(crate::test::repo().join("templates/en/gdpr.tera")).unwrap();
    let shout = gdpr.replace(
        "{%- endblock request %}",
        "\n{{ person.name | upper }}\n{%- endblock request %}",
    );
    assert_ne!(shout, gdpr);
    let templates = crate::test::templates_with(dir.path(), "en/gdpr.tera", &shout);
    let input = people(
        dir.path(),
        "name,email,residence\nAda,ada@example.org,FR\nBob,bob@example.org,FR\n",
    );
    let templates = templates.display().to_string();
    to_clearview(&home, &input, &out, "erasure", &["--templates", &templates]).ok();
    let manifest = read_csv(&out.join("manifest.csv"));
    for (line, shouted) in manifest[1..].iter().zip(["ADA", "BOB"]) {
        let text = std::fs::read_to_string(out.join(format!("{}.txt", line[1]))).unwrap();
        assert_contains(&text, &format!("\n{shouted}\n"));
    }
}

/// The rejects of a run, as (row, column, reason).
fn rejected(out: &Path) -> Vec<(String, String, String)> {
    read_csv(&out.join("rejects.csv"))[1..]
        .iter()
        .map(|line| (line[0].clone(), line[1].clone(), line[2].clone()))
        .collect()
}

#[test]
fn a_reference_given_twice_is_refused_the_second_time_even_chunks_later() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    // Rows 3 and 600 repeat row 2's reference: one in the same chunk of the case log, one after
    // row 2's case is written there.
    let mut input = String::from("name,email,residence,reference\n");
    for row in 2..=700 {
        let reference = if [2, 3, 600].contains(&row) {
            "NGO-1"
        } else {
            ""
        };
        input.push_str(&format!("P {row},p{row}@example.org,FR,{reference}\n"));
    }
    let input = people(dir.path(), input);
    erasure(&home, &input, &out).fails(5);
    let why = "`NGO-1` is also the reference of row 2";
    assert_eq!(
        rejected(&out),
        [
            ("3".into(), "reference".into(), why.into()),
            ("600".into(), "reference".into(), why.into()),
        ]
    );
    assert_eq!(cases(&home).len(), 697);
}

/// Ann's erasure request to Clearview, written by a batch with the case log in `home`: its
/// reference.
fn anns_erasure(dir: &Path, home: &Path) -> String {
    let out = dir.join("ann");
    let input = people(dir, "name,email,residence\nAnn,ann@example.org,FR\n");
    erasure(home, &input, &out).ok();
    read_csv(&out.join("manifest.csv"))[1][1].clone()
}

#[test]
fn a_reference_of_an_earlier_run_is_anothers_even_when_its_person_is_in_this_run() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let ann = anns_erasure(dir.path(), &home);
    // Ann asks for something else now (a new case with a new reference), and Bob, chunks
    // later, gives the reference of her erasure request.
    let out = dir.path().join("second");
    let mut second =
        String::from("name,email,residence,kind,reference\nAnn,ann@example.org,FR,access,\n");
    for row in 3..=600 {
        second.push_str(&format!("P {row},p{row}@example.org,FR,erasure,\n"));
    }
    second.push_str(&format!("Bob,bob@example.org,FR,erasure,{ann}\n"));
    let second = people(dir.path(), second);
    erasure(&home, &second, &out).fails(5);
    assert_eq!(
        rejected(&out),
        [(
            "601".into(),
            "reference".into(),
            format!(
                "`{ann}` is already the reference of another request (the erasure request of \
                 ann@example.org to clearview-ai)"
            )
        )]
    );
}

#[test]
fn a_new_reference_taken_by_an_earlier_row_is_derived_again() {
    let dir = tempfile::tempdir().unwrap();
    // The reference Ann's request would get, learnt in another case log.
    let hers = anns_erasure(dir.path(), &dir.path().join("elsewhere"));
    // Here Bob takes it first, chunks before Ann comes.
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    let mut input = format!("name,email,residence,reference\nBob,bob@example.org,FR,{hers}\n");
    for row in 3..=600 {
        input.push_str(&format!("P {row},p{row}@example.org,FR,\n"));
    }
    input.push_str("Ann,ann@example.org,FR,\n");
    let input = people(dir.path(), input);
    erasure(&home, &input, &out).ok();
    let manifest = read_csv(&out.join("manifest.csv"));
    assert_eq!(manifest[1][1], hers);
    let last = manifest.last().unwrap();
    assert_eq!(last[0], "601");
    assert_eq!(last[6], "written");
    assert!(is_forget_reference(&last[1]), "{}", last[1]);
    assert_ne!(last[1], hers);
}

#[test]
fn a_reference_a_row_of_this_run_carries_is_told_with_that_row_even_from_an_earlier_run() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let ann = anns_erasure(dir.path(), &home);
    // Ann's row takes up her request again, under its reference; Bob gives the same one.
    let out = dir.path().join("second");
    let second = people(
        dir.path(),
        format!(
            "name,email,residence,reference\nAnn,ann@example.org,FR,\n\
             Bob,bob@example.org,FR,{ann}\n"
        ),
    );
    erasure(&home, &second, &out).fails(5);
    let manifest = read_csv(&out.join("manifest.csv"));
    assert_eq!(manifest[1][1], ann);
    assert_eq!(
        rejected(&out),
        [(
            "3".into(),
            "reference".into(),
            format!("`{ann}` is also the reference of row 2")
        )]
    );
}

#[test]
fn a_symbolic_link_in_place_of_the_lock_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::os::unix::fs::symlink(&elsewhere, out.join(".forget-batch.lock")).unwrap();
    let input = people(
        dir.path(),
        "name,email,residence\nBo,bo@example.org,DE-HH\n",
    );
    let output = erasure(&home, &input, &out).fails(1);
    assert_contains(&output.stderr, "symbolic link");
    assert!(!elsewhere.exists(), "the lock followed the link");
}
