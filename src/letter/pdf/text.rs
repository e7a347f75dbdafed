//! Text as it goes on the page: cleaned for one line, and wrapped to a width by measuring it.

use super::Style;
use super::fonts::{Face, Fonts};

impl Fonts {
    /// `text` broken into lines that fit `width` in `style`.
    pub(super) fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        wrap(text, self.face(style.weight), style.size, width)
    }
}

/// Text as it can be drawn on one line: line breaks and tabs become spaces and other control
/// characters go. Everything else is drawn as it comes (a character DejaVu lacks shows as a
/// box, but is still in the PDF's text).
pub(super) fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\u{2028}' | '\u{2029}' => Some(' '),
            c if c.is_control() => c.is_whitespace().then_some(' '),
            c => Some(c),
        })
        .collect()
}

/// Breaks `text` into lines no wider than `width` points: at spaces, after a hyphen inside a
/// word that does not fit, and anywhere in a word wider than a whole line. Always returns at
/// least one line.
fn wrap(text: &str, face: &Face, size: f32, width: f32) -> Vec<String> {
    let space = face.width(" ", size);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0.0;
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        for (i, piece) in hyphen_pieces(word).into_iter().enumerate() {
            let gap = if i == 0 && !line.is_empty() {
                space
            } else {
                0.0
            };
            let piece_width = face.width(piece, size);
            if line_width + gap + piece_width <= width {
                if gap > 0.0 {
                    line.push(' ');
                }
                line.push_str(piece);
                line_width += gap + piece_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let (full, rest) = break_word(piece, face, size, width);
            lines.extend(full);
            line_width = face.width(&rest, size);
            line = rest;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// "Łódź-Ørsted" → ["Łódź-", "Ørsted"]: the places a word may break after a hyphen (between
/// letters or digits only, so "--" and "-5" stay whole).
fn hyphen_pieces(word: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut pieces = Vec::new();
    let mut start = 0;
    for window in chars.windows(3) {
        if let [(_, before), (at, '-'), (_, after)] = *window
            && before.is_alphanumeric()
            && after.is_alphanumeric()
        {
            pieces.push(&word[start..=at]);
            start = at + 1;
        }
    }
    pieces.push(&word[start..]);
    pieces
}

/// Cuts a word into full lines of `width` and the rest; never before a zero-width character (a
/// combining accent stays on its letter), and at least one character per line.
fn break_word(word: &str, face: &Face, size: f32, width: f32) -> (Vec<String>, String) {
    let mut lines = Vec::new();
    let mut chunk = String::new();
    let mut chunk_width = 0.0;
    for c in word.chars() {
        let advance = face.advance(c) * size;
        if chunk_width + advance > width && advance > 0.0 && !chunk.is_empty() {
            lines.push(std::mem::take(&mut chunk));
            chunk_width = 0.0;
        }
        chunk.push(c);
        chunk_width += advance;
    }
    (lines, chunk)
}

#[cfg(test)]
mod tests {
    use super::super::{BODY, mm};
    use super::*;

    #[test]
    fn lines_are_wrapped_to_the_width() {
        let fonts = Fonts::get().unwrap();
        let width = mm(60.0);
        let text = "Die betroffene Person hat das Recht, von dem Verantwortlichen zu verlangen, \
                    dass sie betreffende personenbezogene Daten unverzüglich gelöscht werden.";
        let lines = fonts.wrap(text, BODY, width);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(
            lines.iter().all(|line| fonts.width(line, BODY) <= width),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn long_words_break_after_a_hyphen_or_anywhere() {
        let fonts = Fonts::get().unwrap();
        let name = "Jürgen Łódź-Ørsted";
        let width = fonts.width("Jürgen Łódź-", BODY) + 1.0;
        assert_eq!(fonts.wrap(name, BODY, width), ["Jürgen Łódź-", "Ørsted"]);
        let word = "x".repeat(100);
        let lines = fonts.wrap(&word, BODY, mm(20.0));
        assert!(lines.len() > 3);
        assert_eq!(lines.concat(), word);
        assert!(lines.iter().all(|line| fonts.width(line, BODY) <= mm(20.0)));
        assert_eq!(fonts.wrap("", BODY, mm(20.0)), [""]);
        assert_eq!(fonts.wrap("W", BODY, 0.0), ["W"]);
    }

    #[test]
    fn control_characters_are_cleaned() {
        assert_eq!(clean("a\tb\r\nc\u{0}d\u{2028}é"), "a b  cd é");
        assert_eq!(hyphen_pieces("a-b--c-"), ["a-", "b--c-"]);
    }
}
