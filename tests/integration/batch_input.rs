//! `forget batch` on the spreadsheets NGOs really have: old Mac line ends, quotes that are never
//! closed, rows run together. Every file ends in a manifest (or one clear error), and no person's
//! details ever end up in another person's letter (issue 21, defects 1 and 2).

use std::path::Path;

use crate::batch::{all_files, erasure, people, read_csv};
use crate::test::assert_contains;

/// The manifest's rows: (row, status).
fn manifest_rows(out: &Path) -> Vec<(String, String)> {
    read_csv(&out.join("manifest.csv"))[1..]
        .iter()
        .map(|line| (line[0].clone(), line[6].clone()))
        .collect()
}

/// The rejects' lines: (row, column, reason).
fn rejects(out: &Path) -> Vec<(String, String, String)> {
    read_csv(&out.join("rejects.csv"))[1..]
        .iter()
        .map(|line| (line[0].clone(), line[1].clone(), line[2].clone()))
        .collect()
}

/// Every letter written in `out`, as text.
fn letters(out: &Path) -> Vec<String> {
    all_files(out)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect()
}

fn pairs(rows: &[(&str, &str)]) -> Vec<(String, String)> {
    rows.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn lone_cr_line_ends_from_old_mac_exports_give_one_row_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let (home, out) = (dir.path().join("home"), dir.path().join("out"));
    let input = people(
        dir.path(),
        "name,email,residence\rJane Doe,jane@example.org,DE-HH\rJohn Roe,john@example.org,FR\r\r\
         Ann Poe,ann@example.org,FR\r",
    );
    erasure(&home, &input, &out).ok();
    assert_eq!(
        manifest_rows(&out),
        pairs(&[("2", "written"), ("3", "written"), ("5", "written")])
    );
    assert_eq!(letters(&out).len(), 3);
}

#[test]
fn an_unclosed_quote_in_the_last_cell_rejects_that_row_and_finishes_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let (home, out) = (dir.path().join("home"), dir.path().join("out"));
    let input = people(
        dir.path(),
        "name,email,residence\nJane Doe,jane@example.org,DE-HH\nJohn Roe,john@example.org,\"FR\n",
    );
    let output = erasure(&home, &input, &out).fails(5);
    let stderr = &output.stderr;
    assert!(!stderr.contains("workers stopped"), "{stderr}");
    assert_eq!(
        manifest_rows(&out),
        pairs(&[("2", "written"), ("3", "rejected")])
    );
    let rejects = rejects(&out);
    assert_eq!(
        (rejects[0].0.as_str(), rejects[0].1.as_str()),
        ("3", "residence")
    );
    assert_contains(&rejects[0].2, "never closed");
}

#[test]
fn an_unclosed_quote_mid_file_never_puts_one_persons_details_in_anothers_letter() {
    // Each file has a double quote opened in row 3 and closed lines later (or never), so that
    // Max's line is read into John's row. Neither John's nor Max's letter may be written.
    let files = [
        // The quote closes at the end of Max's line: his whole row is in John's address.
        "name,email,residence,address\nJane,jane@example.org,DE-HH,Street 1\n\
         John,john@example.org,FR,\"Rue 2\nMax,max@example.org,DE-BE,Weg 3\"\n\
         Anna,anna@example.org,FR,\"Line 1\nLine 2\"\n",
        // The quote closes after Max's name: John's name holds his line.
        "name,email,residence,address\nJane,jane@example.org,DE-HH,Street 1\n\
         \"John,john@example.org,FR,Rue 2\nMax\",max@example.org,DE-BE,Weg 3\n\
         Anna,anna@example.org,FR,\"Line 1\nLine 2\"\n",
        // The quote is never closed: the rest of the file is in one cell.
        "name,email,residence,address\nJane,jane@example.org,DE-HH,Street 1\n\
         John,john@example.org,FR,\"Rue 2\nMax,max@example.org,DE-BE,Weg 3\n\
         Anna,anna@example.org,FR,Line 1\n",
    ];
    for (index, text) in files.into_iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let (home, out) = (dir.path().join("home"), dir.path().join("out"));
        let input = people(dir.path(), text);
        erasure(&home, &input, &out).fails(5);
        let rows = manifest_rows(&out);
        assert_eq!(
            rows[0],
            ("2".to_string(), "written".to_string()),
            "file {index}"
        );
        assert_eq!(
            rows[1],
            ("3".to_string(), "rejected".to_string()),
            "file {index}"
        );
        let rejects = rejects(&out);
        assert_eq!(rejects.len(), 1, "file {index}: {rejects:?}");
        assert_contains(&rejects[0].2, "double quote");
        for letter in letters(&out) {
            assert!(
                !letter.contains("max@example.org") && !letter.contains("Rue 2"),
                "file {index}: a letter holds another person's details:\n{letter}"
            );
        }
        if index < 2 {
            // The rows after the merged one are read as they should be: Anna's two-line
            // address is hers.
            assert_eq!(rows.len(), 3, "file {index}");
            assert_eq!(rows[2].1, "written", "file {index}");
        }
    }
}

#[test]
fn rows_keep_distinct_numbers_whatever_the_mix_of_line_ends() {
    let dir = tempfile::tempdir().unwrap();
    let (home, out) = (dir.path().join("home"), dir.path().join("out"));
    let input = people(
        dir.path(),
        "name,email,residence,address\r\nA,a@example.org,FR,\"1 Rue\r2 Rue\"\rB,b@example.org,FR,x\n\
         \r\nC,c@example.org,FR,\"y\r\nz\"\nD,d@example.org,FR,w",
    );
    erasure(&home, &input, &out).ok();
    assert_eq!(
        manifest_rows(&out),
        pairs(&[
            ("2", "written"),
            ("3", "written"),
            ("5", "written"),
            ("6", "written")
        ])
    );
}
