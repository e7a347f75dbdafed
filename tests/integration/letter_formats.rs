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
