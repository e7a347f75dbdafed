//! What a letter looks like to the programs that open it: the paper of a PDF, the headers of an
//! .eml (issue 22, point 3).

use crate::test::{assert_contains, clearview};

/// The page size of the PDF at `path`, in points, as its first `/MediaBox` gives it.
fn page_size(path: &std::path::Path) -> (f32, f32) {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let start = text.find("MediaBox").expect("a page size") + "MediaBox".len();
    let numbers: Vec<f32> = text[start..]
        .trim_start_matches([' ', '['])
        .split([' ', ']'])
        .take(4)
        .map(|n| n.parse().unwrap())
        .collect();
    (numbers[2], numbers[3])
}

#[test]
fn the_paper_follows_where_the_sender_lives_not_the_company() {
    // Clearview AI is in the United States; a Hamburg resident prints on A4, an Illinois
    // resident on US Letter.
    for (residence, size) in [("DE-HH", (595.3, 841.9)), ("US-IL", (612.0, 792.0))] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("letter.pdf");
        clearview(residence, "erasure", "Jane Doe", "jane@example.org", &[])
            .pdf_to(&path)
            .ok();
        let (width, height) = page_size(&path);
        assert!(
            (width - size.0).abs() < 0.5 && (height - size.1).abs() < 0.5,
            "{residence}: {width} x {height}"
        );
    }
}

#[test]
fn paper_asks_for_another_paper_than_the_one_sold_where_the_sender_lives() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.pdf");
    clearview(
        "DE-HH",
        "erasure",
        "Jane Doe",
        "jane@example.org",
        &["--paper", "letter"],
    )
    .pdf_to(&path)
    .ok();
    let (width, height) = page_size(&path);
    assert!((width - 612.0).abs() < 0.5 && (height - 792.0).abs() < 0.5);
}

#[test]
fn an_eml_declares_mime_1_0_so_mail_programs_read_its_charset() {
    let output = clearview(
        "DE-HH",
        "erasure",
        "Jane Doe",
        "jane@example.org",
        &["--format", "eml"],
    )
    .ok();
    assert_contains(&output.stdout, "\r\nMIME-Version: 1.0\r\n");
    assert_contains(&output.stdout, "Content-Type: text/plain; charset=utf-8");
}

#[test]
fn a_mailto_link_too_long_for_mail_programs_is_never_given_silently() {
    let output = clearview(
        "DE-HH",
        "erasure",
        "Jane Doe",
        "jane@example.org",
        &["--format", "mailto"],
    )
    .ok();
    assert!(output.stdout.starts_with("mailto:privacy@clearview.ai"));
    assert!(output.stdout.len() > 2000);
    assert_contains(&output.stderr, "characters long");
    assert_contains(&output.stderr, "--format eml");
}

#[test]
fn letter_json_gives_the_reference_law_due_date_recipients_and_text() {
    let output = clearview(
        "DE-HH",
        "erasure",
        "Jane Doe",
        "jane@example.org",
        &["--json", "--today", "2026-12-04"],
    )
    .ok();
    let json: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(json["regime"], "gdpr");
    assert_eq!(json["authority"], "hmbbfdi");
    assert_eq!(json["due"], "2027-01-04");
    assert_eq!(json["recorded"], false);
    assert!(json["reference"].as_str().unwrap().starts_with("FGT-"));
    assert!(
        json["to"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "privacy@clearview.ai")
    );
    assert_contains(json["text"].as_str().unwrap(), "Art. 17");
}
