//! `forget batch` naming each row's letter after its reference: two references never share a
//! file, and a reference that needs no change keeps its name, run after run.

use std::path::Path;

use crate::test::{self, Test};

/// "Today" in every test.
const TODAY: &str = "2026-11-23";

/// `forget batch` of erasure requests to Clearview, written as text, from `csv` (written to
/// `people.csv` in `dir`) into `out`, with the case log in `home`.
fn erasure(dir: &Path, home: &Path, out: &Path, csv: &str) -> Test {
    let input = dir.join("people.csv");
    std::fs::write(&input, csv).unwrap();
    let (input, out) = (input.display().to_string(), out.display().to_string());
    test::at(
        home,
        TODAY,
        &[
            "batch",
            "--input",
            &input,
            "--out",
            &out,
            "--controller",
            "clearview-ai",
            "--kind",
            "erasure",
            "--format",
            "text",
        ],
    )
}

/// A CSV file's lines after its header, each as its cells.
fn lines(path: &Path) -> Vec<Vec<String>> {
    csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("cannot read `{}`: {e}", path.display()))
        .records()
        .map(|record| record.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The manifest's (reference, files, status) of each row.
fn manifest(out: &Path) -> Vec<(String, String, String)> {
    lines(&out.join("manifest.csv"))
        .into_iter()
        .map(|line| (line[1].clone(), line[5].clone(), line[6].clone()))
        .collect()
}

#[test]
fn two_references_that_sanitise_alike_write_two_files() {
    let dir = tempfile::tempdir().unwrap();
    let (home, out) = (dir.path().join("home"), dir.path().join("out"));
    erasure(
        dir.path(),
        &home,
        &out,
        "name,email,residence,reference\n\
         Jane Doe,jane@example.org,FR,a/1\n\
         John Roe,john@example.org,FR,a:1\n\
         Ann Poe,ann@example.org,FR,a 1\n",
    )
    .ok();
    let rows = manifest(&out);
    let files: Vec<&str> = rows.iter().map(|(_, files, _)| files.as_str()).collect();
    assert_eq!(
        files,
        ["a_1-773232ab.txt", "a_1-2b2c40a6.txt", "a_1-042a5f2e.txt"]
    );
    for ((reference, file, status), name) in rows.iter().zip(["Jane Doe", "John Roe", "Ann Poe"]) {
        assert_eq!(status, "written", "{reference}");
        let letter = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(letter.contains(name), "{file} is not {name}'s letter");
    }
}

#[test]
fn a_plain_reference_keeps_its_plain_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let (home, out) = (dir.path().join("home"), dir.path().join("out"));
    let csv = "name,email,residence,reference\n\
               Jane Doe,jane@example.org,FR,NGO-0001\n\
               John Roe,john@example.org,FR,a/1\n";
    erasure(dir.path(), &home, &out, csv).ok();
    let first = manifest(&out);
    let files: Vec<&str> = first.iter().map(|(_, files, _)| files.as_str()).collect();
    assert_eq!(files, ["NGO-0001.txt", "a_1-773232ab.txt"]);
    // Run again into the same folder: each letter is found under the same name.
    erasure(dir.path(), &home, &out, csv).ok();
    let again = manifest(&out);
    let files_again: Vec<&str> = again.iter().map(|(_, files, _)| files.as_str()).collect();
    assert_eq!(files_again, files, "{again:?}");
    for file in files {
        assert!(out.join(file).is_file(), "{file}");
    }
}

#[test]
fn a_reference_that_looks_like_another_rows_file_name_gets_its_own_file_in_either_order() {
    // `a/1` is written as `a_1-773232ab`; a row whose reference is that very text, before or
    // after it, and one that differs only in case, each get a file of their own: no letter
    // overwrites another, also on a file system that ignores case.
    for csv in [
        "name,email,residence,reference\n\
         Jane Doe,jane@example.org,FR,a_1-773232ab\n\
         John Roe,john@example.org,FR,a/1\n\
         Ann Poe,ann@example.org,FR,A_1-773232AB\n",
        "name,email,residence,reference\n\
         John Roe,john@example.org,FR,a/1\n\
         Ann Poe,ann@example.org,FR,A_1-773232AB\n\
         Jane Doe,jane@example.org,FR,a_1-773232ab\n",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (home, out) = (dir.path().join("home"), dir.path().join("out"));
        erasure(dir.path(), &home, &out, csv).ok();
        let rows = manifest(&out);
        let mut files: Vec<String> = rows
            .iter()
            .map(|(_, file, _)| file.to_lowercase())
            .collect();
        files.sort();
        files.dedup();
        assert_eq!(files.len(), 3, "three files, whatever the case: {rows:?}");
        for (reference, file, status) in &rows {
            assert_eq!(status, "written", "{reference}");
            let letter = std::fs::read_to_string(out.join(file)).unwrap();
            assert!(
                letter.contains(reference.as_str()),
                "{file} is {reference}'s letter"
            );
        }
    }
}
