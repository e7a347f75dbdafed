//! Name-and-address blocks: cleaned, kept to the lines there is room for, and, in an envelope
//! window, never smaller than [`MIN_WINDOW_FONT_SIZE`]: a line too long for the window is wrapped
//! at spaces rather than shrunk further.

use std::collections::HashMap;

use super::super::letter::Party;
use super::fonts::Fonts;
use super::text::clean;
use super::{DOT, Line, MIN_WINDOW_FONT_SIZE, Style};

/// Lines at the end of an address that stay whole when lines are joined to fit: the postcode
/// and town, and the country.
const ADDRESS_TAIL: usize = 2;

/// A smaller size tried for a line wrapped in a window is this much smaller than the last.
const SIZE_STEP: f32 = 0.5;

/// The party's name and address lines, cleaned, without blank ones.
pub(super) fn party_lines(party: &Party) -> Vec<String> {
    cleaned_lines(std::iter::once(&party.name).chain(&party.address))
}

pub(super) fn cleaned_lines<'a>(lines: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    lines
        .into_iter()
        .map(|line| clean(line).trim().to_string())
        .filter(|line| !line.is_empty())
        .collect()
}

/// The sender's address on one line: "Name · Street 1 · 12345 Town".
pub(super) fn one_line(lines: &[String]) -> String {
    lines.join(DOT)
}

/// Keeps at most `max` lines (an address must stay in its window) by joining lines with commas:
/// the first lines and the last two (the postcode and town, and the country, which the post
/// reads) stay as they are, and the ones between become one. Nothing is dropped.
pub(super) fn fit_lines(mut lines: Vec<String>, max: usize) -> Vec<String> {
    let max = max.max(1);
    if lines.len() <= max {
        return lines;
    }
    let tail = ADDRESS_TAIL.min(max - 1);
    let end = lines.split_off(lines.len() - tail);
    let middle = lines.split_off(max - 1 - tail).join(", ");
    lines.push(middle);
    lines.extend(end);
    lines
}

/// An address for an envelope window `width` wide with room for `max` lines, in `style`.
///
/// Each line that is too long is wrapped at spaces, at full size, if the address then fits;
/// otherwise each is made smaller to stay on one line, or, where that would take it below
/// [`MIN_WINDOW_FONT_SIZE`], wrapped onto as few lines as it takes at that size (at the largest
/// size that needs no more). If the address is still too long, lines are joined as
/// [`fit_lines`] does until it fits. If it never does, it comes out as short as it can be made
/// with the postcode and town, and the country, on lines of their own: longer than `max` lines,
/// but whole and no smaller.
pub(super) fn window_lines(
    fonts: &Fonts,
    lines: &[String],
    style: Style,
    width: f32,
    max: usize,
) -> Vec<Line> {
    let roomy: Vec<Line> = lines
        .iter()
        .flat_map(|line| styled(balanced(fonts, line, style, width), style))
        .collect();
    if roomy.len() <= max {
        return roomy;
    }
    let fewest_kept = lines.len().min(ADDRESS_TAIL + 1);
    let mut shortest = roomy;
    // Most lines come back unchanged from one number of lines kept to the next.
    let mut set: HashMap<String, Vec<Line>> = HashMap::new();
    for keep in (fewest_kept..=lines.len()).rev() {
        let compact: Vec<Line> = fit_lines(lines.to_vec(), keep)
            .into_iter()
            .flat_map(|line| {
                set.entry(line)
                    .or_insert_with_key(|line| compact(fonts, line, style, width))
                    .clone()
            })
            .collect();
        if compact.len() <= max {
            return compact;
        }
        if compact.len() < shortest.len() {
            shortest = compact;
        }
    }
    shortest
}

/// `text` on one line of `width`, made smaller if need be; or, if it would have to go below
/// [`MIN_WINDOW_FONT_SIZE`], on as few lines as it takes at that size, at the largest size (in
/// steps of [`SIZE_STEP`]) that takes no more.
fn compact(fonts: &Fonts, text: &str, style: Style, width: f32) -> Vec<Line> {
    let floor = MIN_WINDOW_FONT_SIZE.min(style.size);
    let fewest = fonts.wrap(text, style.sized(floor), width);
    if let [line] = fewest.as_slice() {
        let fitted = fonts.shrunk(line, style, width, floor);
        return vec![(line.clone(), fitted)];
    }
    let mut size = style.size;
    while size > floor {
        let sized = style.sized(size);
        if fonts.wrap(text, sized, width).len() <= fewest.len() {
            return styled(balanced(fonts, text, sized, width), sized);
        }
        size -= SIZE_STEP;
    }
    styled(
        balanced(fonts, text, style.sized(floor), width),
        style.sized(floor),
    )
}

/// Text wrapped onto more lines than this is not [`balanced`]: that is for a name or a street
/// on two or three lines, and would take long for a page of text.
const MOST_BALANCED_LINES: usize = 3;

/// `text` wrapped to `width` in `style`, with its lines made as even as they can be without
/// taking more of them: "Der Hamburgische Beauftragte für / Datenschutz und
/// Informationsfreiheit" rather than a long line and a short one.
fn balanced(fonts: &Fonts, text: &str, style: Style, width: f32) -> Vec<String> {
    let lines = fonts.wrap(text, style, width);
    if !(2..=MOST_BALANCED_LINES).contains(&lines.len()) {
        return lines;
    }
    // The narrowest width that takes no more lines, to within a tenth of a point.
    let (mut narrow, mut wide) = (0.0, width);
    while wide - narrow > 0.1 {
        let middle = (narrow + wide) / 2.0;
        if fonts.wrap(text, style, middle).len() <= lines.len() {
            wide = middle;
        } else {
            narrow = middle;
        }
    }
    fonts.wrap(text, style, wide)
}

fn styled(lines: Vec<String>, style: Style) -> Vec<Line> {
    lines.into_iter().map(|line| (line, style)).collect()
}

/// The parts of an address joined by " · " ("Name · Street 1 · 12345 Town") on as few lines of
/// `width` as they take in `style`: broken between parts where that takes no more lines than
/// filling each line, and never before a dot.
pub(super) fn dotted_lines(fonts: &Fonts, parts: &[String], style: Style, width: f32) -> Vec<Line> {
    let by_part = pack(fonts, parts.iter().cloned(), DOT, style, width);
    // Each part's last word carries the dot after it.
    let mut words: Vec<String> = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let start = words.len();
        words.extend(
            part.split(' ')
                .filter(|word| !word.is_empty())
                .map(String::from),
        );
        if i + 1 < parts.len()
            && words.len() > start
            && let Some(last) = words.last_mut()
        {
            last.push_str(DOT.trim_end());
        }
    }
    let by_word = pack(fonts, words.into_iter(), " ", style, width);
    let lines = if by_part.len() <= by_word.len() {
        by_part
    } else {
        by_word
    };
    styled(lines, style)
}

/// `pieces` joined by `separator` on lines of `width` in `style`, as many on each as fit; a
/// piece too long for a line of its own is wrapped (evenly).
fn pack(
    fonts: &Fonts,
    pieces: impl Iterator<Item = String>,
    separator: &str,
    style: Style,
    width: f32,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for piece in pieces {
        let longer = format!("{line}{separator}{piece}");
        if !line.is_empty() && fonts.width(&longer, style) <= width {
            line = longer;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut wrapped = balanced(fonts, &piece, style, width);
        line = wrapped.pop().unwrap_or_default();
        lines.extend(wrapped);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::super::{ADDRESS, RETURN_LINE, mm};
    use super::*;

    const HAMBURG: &str = "Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit";

    fn strings(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|line| line.to_string()).collect()
    }

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|(text, _)| text.as_str()).collect()
    }

    #[test]
    fn long_addresses_keep_to_their_window_with_the_town_and_country_whole() {
        let lines: Vec<String> = (1..=8).map(|n| n.to_string()).collect();
        assert_eq!(
            fit_lines(lines.clone(), 5),
            ["1", "2", "3, 4, 5, 6", "7", "8"]
        );
        assert_eq!(fit_lines(lines.clone(), 3), ["1, 2, 3, 4, 5, 6", "7", "8"]);
        assert_eq!(fit_lines(lines.clone(), 2), ["1, 2, 3, 4, 5, 6, 7", "8"]);
        assert_eq!(fit_lines(lines.clone(), 0), ["1, 2, 3, 4, 5, 6, 7, 8"]);
        assert_eq!(fit_lines(lines.clone(), 8), lines);
        assert_eq!(fit_lines(lines.clone(), 9), lines);
    }

    #[test]
    fn a_long_name_in_a_window_is_wrapped_at_full_size_where_there_is_room() {
        let fonts = Fonts::get().unwrap();
        let address = strings(&[HAMBURG, "Ludwig-Erhard-Straße 22, 7. OG", "20459 Hamburg"]);
        let lines = window_lines(fonts, &address, ADDRESS, mm(75.0), 6);
        assert_eq!(
            texts(&lines),
            [
                "Der Hamburgische Beauftragte für",
                "Datenschutz und Informationsfreiheit",
                "Ludwig-Erhard-Straße 22, 7. OG",
                "20459 Hamburg",
            ]
        );
        assert!(lines.iter().all(|(_, style)| *style == ADDRESS));
    }

    #[test]
    fn a_crowded_window_shrinks_lines_but_never_below_the_minimum_and_keeps_the_town() {
        let fonts = Fonts::get().unwrap();
        let width = mm(75.0);
        let address = strings(&[
            HAMBURG,
            "Referat für Beschwerden über Unternehmen außerhalb der Europäischen Union",
            "Ludwig-Erhard-Straße 22, 7. OG",
            "Postfach 12 34 56",
            "20459 Hamburg",
            "Deutschland",
        ]);
        for max in 1..=8 {
            let lines = window_lines(fonts, &address, ADDRESS, width, max);
            // Six lines is as short as it gets (the name, the rest joined on three, the town
            // and the country), so where there is room for fewer it stays at six.
            assert_eq!(lines.len(), max.max(6), "{max}: {lines:?}");
            for (text, style) in &lines {
                assert!(style.size >= MIN_WINDOW_FONT_SIZE, "{max}: {lines:?}");
                assert!(fonts.width(text, *style) <= width, "{max}: {lines:?}");
            }
            let all: String = texts(&lines).concat().replace(' ', "");
            for word in address.iter().flat_map(|line| line.split(' ')) {
                assert!(all.contains(word), "{word} is missing from {all}");
            }
            assert_eq!(
                texts(&lines)[lines.len() - 2..],
                ["20459 Hamburg", "Deutschland"]
            );
        }
    }

    #[test]
    fn the_return_line_breaks_between_its_parts() {
        let fonts = Fonts::get().unwrap();
        let parts = strings(&["Jürgen Łódź-Ørsted", "ul. Piotrkowska 12", "90-001 Łódź"]);
        let one = dotted_lines(fonts, &parts, RETURN_LINE, mm(200.0));
        assert_eq!(
            texts(&one),
            ["Jürgen Łódź-Ørsted · ul. Piotrkowska 12 · 90-001 Łódź"]
        );
        let width = fonts.width("Jürgen Łódź-Ørsted · ul. Piotrkowska 12", RETURN_LINE);
        let two = dotted_lines(fonts, &parts, RETURN_LINE, width);
        assert_eq!(
            texts(&two),
            ["Jürgen Łódź-Ørsted · ul. Piotrkowska 12", "90-001 Łódź"]
        );
        assert!(two.iter().all(|(_, style)| *style == RETURN_LINE));
        // A part too long for a line of its own: filled word by word, no line starting with a
        // dot.
        let parts = strings(&[
            "Maximiliane Theodora von Hohenzollern-Sigmaringen",
            "c/o Landesbetrieb Informationstechnik",
            "20459 Hamburg",
        ]);
        let width = fonts.width("Maximiliane Theodora von Hohenzollern", RETURN_LINE);
        let lines = dotted_lines(fonts, &parts, RETURN_LINE, width);
        assert!(
            lines.iter().all(|(text, _)| !text.starts_with('·')),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .all(|(text, style)| fonts.width(text, *style) <= width)
        );
        let letters = |text: &str| text.replace(['·', ' '], "");
        assert_eq!(letters(&texts(&lines).concat()), letters(&one_line(&parts)));
        assert!(dotted_lines(fonts, &[], RETURN_LINE, width).is_empty());
    }
}
