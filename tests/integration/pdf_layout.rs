//! The PDF's layout, measured: letters written by the real `forget` binary, read back word by
//! word with their boxes in Rust (`pdf_text.rs`, with lopdf: no system tool).

use std::path::Path;

use crate::pdf_text::{self, Word};
use crate::test::{Test, clearview};

/// Text in an envelope window is never smaller than this (in points).
const MIN_WINDOW_SIZE: f32 = 8.0;
/// Sizes and positions are computed in floating point.
const SLACK: f32 = 0.01;

/// Points per millimetre and per inch.
const MM: f32 = 72.0 / 25.4;
const INCH: f32 = 72.0;

/// Where an envelope's window is on the page, in points from the top-left corner.
#[derive(Debug, Clone, Copy)]
struct Window {
    left: f32,
    top: f32,
    right: f32,
    bottom: f32,
}

/// The DIN 5008 form B address field on A4: 20 mm from the left, 45 mm from the top, 85 mm by
/// 45 mm.
const DIN_5008: Window = Window {
    left: 20.0 * MM,
    top: 45.0 * MM,
    right: 105.0 * MM,
    bottom: 90.0 * MM,
};

/// The window of a #10 envelope on US Letter: 7/8 in from the left, 2 in from the top, 4 1/2 in
/// by 1 1/8 in.
const US_10: Window = Window {
    left: 0.875 * INCH,
    top: 2.0 * INCH,
    right: 5.375 * INCH,
    bottom: 3.125 * INCH,
};

const HAMBURG: &str = "Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit";

impl Word {
    /// The word's font size (for forget's font, DejaVu Sans, whose ascent and descent add up to
    /// one em, also its height).
    fn size(&self) -> f32 {
        self.font_size
    }

    fn is_in(&self, window: Window) -> bool {
        self.left >= window.left
            && self.left < window.right
            && self.top >= window.top
            && self.top < window.bottom
    }
}

/// The words on the first page of the PDF at `path`.
fn first_page_words(path: &Path) -> Vec<Word> {
    let mut pages = pdf_text::pages_of_file(path);
    assert!(!pages.is_empty(), "{} has no page", path.display());
    pages.swap_remove(0)
}

/// The words in `window` as lines (words with the same top), top to bottom: the top, the text
/// and the smallest size.
fn window_lines(words: &[Word], window: Window) -> Vec<(f32, String, f32)> {
    let mut lines: Vec<(f32, String, f32)> = Vec::new();
    for word in words.iter().filter(|word| word.is_in(window)) {
        match lines
            .iter_mut()
            .find(|(top, ..)| (top - word.top).abs() < 0.5)
        {
            Some((_, text, size)) => {
                text.push(' ');
                text.push_str(&word.text);
                *size = size.min(word.size());
            }
            None => lines.push((word.top, word.text.clone(), word.size())),
        }
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    lines
}

/// Asserts that every word in `window` is at least [`MIN_WINDOW_SIZE`] and stays inside it.
#[track_caller]
fn assert_window_readable(words: &[Word], window: Window) {
    let inside: Vec<&Word> = words.iter().filter(|word| word.is_in(window)).collect();
    assert!(!inside.is_empty(), "nothing in the window: {words:#?}");
    for word in inside {
        assert!(
            word.size() >= MIN_WINDOW_SIZE - SLACK,
            "{:?} in the window is {:.2} pt, below {MIN_WINDOW_SIZE} pt: {word:?}",
            word.text,
            word.size()
        );
        assert!(
            word.right <= window.right && word.bottom <= window.bottom,
            "{:?} runs out of the window: {word:?}",
            word.text
        );
    }
}

/// Writes `letter` as a PDF in a temporary directory and reads back the words on its first
/// page.
fn first_page_of(letter: Test) -> Vec<Word> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.pdf");
    letter.pdf_to(&path).ok();
    first_page_words(&path)
}

/// A complaint from `name` <`email`> at `address` in Hamburg to the Hamburg authority, in
/// German, about an erasure request of 31 January 2026.
fn hamburg_complaint(name: &str, email: &str, address: &str) -> Test {
    let extra = ["--address", address, "--lang", "de"];
    clearview("DE-HH", "complaint", name, email, &extra)
        .args(["--original-kind", "erasure", "--original-via", "email"])
        .args(["--original-date", "2026-01-31"])
        .args(["--request-date", "2026-03-10"])
}

/// The texts of the lines of [`window_lines`].
fn texts(lines: &[(f32, String, f32)]) -> Vec<&str> {
    lines.iter().map(|(_, text, _)| text.as_str()).collect()
}

#[test]
fn the_hamburg_authority_name_in_the_window_is_at_least_8_pt() {
    let letter = hamburg_complaint(
        "Jane Doe",
        "jane@example.org",
        "Musterstraße 1, 20095 Hamburg",
    );
    let words = first_page_of(letter);
    for name in HAMBURG.split(' ') {
        let word = words
            .iter()
            .find(|word| word.is_in(DIN_5008) && word.text == name)
            .unwrap_or_else(|| panic!("{name:?} is not in the window: {words:#?}"));
        assert!(
            word.size() >= MIN_WINDOW_SIZE - SLACK,
            "{name:?} in the window is {:.2} pt, below {MIN_WINDOW_SIZE} pt: {word:?}",
            word.size()
        );
    }
    assert_window_readable(&words, DIN_5008);
    let lines = window_lines(&words, DIN_5008);
    let texts = texts(&lines);
    // The name is wrapped at a space onto two lines, at full size, above the rest of the
    // address, whole.
    assert_eq!(
        texts,
        [
            "Jane Doe · Musterstraße 1 · 20095 Hamburg",
            "Der Hamburgische Beauftragte für",
            "Datenschutz und Informationsfreiheit",
            "Ludwig-Erhard-Straße 22, 7. OG",
            "20459 Hamburg",
            "Deutschland",
        ],
        "{lines:#?}"
    );
    assert_eq!(texts[1..3].join(" "), HAMBURG);
    for (_, text, size) in &lines[1..] {
        assert!(
            (size - 11.0).abs() < SLACK,
            "{text:?} is {size:.2} pt, not 11"
        );
    }
}

#[test]
fn a_long_return_address_in_the_window_is_wrapped_not_shrunk_below_8_pt() {
    let name = "Maximiliane Theodora von Hohenzollern-Sigmaringen";
    let address = "c/o Landesbetrieb Informationstechnik, Ludwig-Erhard-Straße 22, 20459 Hamburg";
    let letter = hamburg_complaint(name, "max@example.org", address);
    let words = first_page_of(letter);
    assert_window_readable(&words, DIN_5008);
    let lines = window_lines(&words, DIN_5008);
    let texts = texts(&lines);
    // Lines may break at a space or after a hyphen: compare without spaces.
    let all: String = texts.concat().replace(' ', "");
    for part in [name, HAMBURG].into_iter().chain(address.split(", ")) {
        let part = part.replace(' ', "");
        assert!(
            all.contains(&part),
            "{part:?} is missing from the window: {lines:#?}"
        );
    }
    // The return line is wrapped, in the small size.
    let return_lines = lines.iter().take_while(|(.., size)| *size < 9.0).count();
    assert!(return_lines >= 2, "{lines:#?}");
    assert!(
        texts.ends_with(&["20459 Hamburg", "Deutschland"]),
        "{lines:#?}"
    );
}

#[test]
fn the_us_letter_window_is_at_least_8_pt() {
    // Clearview AI is in the United States: the letter is on US Letter.
    let extra = ["--request-date", "2026-01-31"];
    let letter = clearview(
        "US-IL",
        "destroy-biometrics",
        "Jane Doe",
        "jane@example.org",
        &extra,
    );
    let words = first_page_of(letter);
    assert_window_readable(&words, US_10);
    let lines = window_lines(&words, US_10);
    let texts = texts(&lines);
    assert!(
        texts
            .first()
            .is_some_and(|name| name.starts_with("Clearview AI")),
        "{lines:#?}"
    );
}
