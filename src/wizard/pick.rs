//! A list to search at the terminal: type to narrow it, move with the arrow keys, Enter to choose,
//! Esc to go back.
//!
//! Unlike a plain fuzzy list, it never chooses for the person: the cursor starts on nothing unless
//! an answer was given before, and Enter on nothing says why nothing happened instead of taking
//! the first entry. It finds entries by every name they have (see [`crate::residence::search`]),
//! best match first, and keeps pinned entries ("My company is not listed") in view whatever is
//! typed.

use std::io;

use dialoguer::console::{Key, Term, measure_text_width, style};
use dialoguer::theme::Theme;

use super::ask::Choice;
use crate::residence::search::rank;

/// What the person chose, and the search they typed to find it.
pub struct Picked {
    pub index: usize,
    pub search: String,
}

/// How many entries show at once, at most.
const ROWS: usize = 12;

/// The state of the list on the screen.
struct List<'a> {
    choices: &'a [Choice],
    /// The entries that match the search, best first (never the pinned ones).
    matches: Vec<usize>,
    /// The pinned entries, always shown after the matches.
    pinned: Vec<usize>,
    search: Vec<char>,
    /// Where the typing goes, in characters.
    cursor: usize,
    /// The entry under the cursor, as a position in `matches` followed by `pinned`.
    selected: Option<usize>,
    /// The first match shown.
    top: usize,
    /// Why Enter did nothing, until the next key.
    message: Option<String>,
    /// How many matches show at once.
    room: usize,
}

impl List<'_> {
    fn search_text(&self) -> String {
        self.search.iter().collect()
    }

    fn shown(&self) -> usize {
        self.matches.len() + self.pinned.len()
    }

    /// The entry at a position in the shown list.
    fn entry(&self, position: usize) -> usize {
        if position < self.matches.len() {
            self.matches[position]
        } else {
            self.pinned[position - self.matches.len()]
        }
    }

    /// Searches again after the search changed: the cursor goes to the best match, if any (a
    /// pinned entry too, when it is the best).
    fn refilter(&mut self) {
        let search = self.search_text();
        let ranked = rank(&search, self.choices.iter().map(|c| c.terms.as_slice()));
        self.matches = ranked
            .iter()
            .copied()
            .filter(|&i| !self.choices[i].pinned)
            .collect();
        self.top = 0;
        self.selected = match ranked.first() {
            _ if search.trim().is_empty() => None,
            None => None,
            Some(&best) if self.choices[best].pinned => self
                .pinned
                .iter()
                .position(|&i| i == best)
                .map(|p| self.matches.len() + p),
            Some(_) => Some(0),
        };
    }

    fn select(&mut self, position: Option<usize>) {
        self.selected = position;
        if let Some(position) = position.filter(|p| *p < self.matches.len()) {
            if position < self.top {
                self.top = position;
            } else if position >= self.top + self.room {
                self.top = position + 1 - self.room;
            }
        }
    }

    fn down(&mut self, by: usize) {
        let shown = self.shown();
        if shown == 0 {
            return;
        }
        let next = match self.selected {
            None => 0,
            Some(p) if by > 1 => (p + by).min(shown - 1),
            Some(p) => (p + 1) % shown,
        };
        self.select(Some(next));
    }

    fn up(&mut self, by: usize) {
        let shown = self.shown();
        if shown == 0 {
            return;
        }
        let next = match self.selected {
            None => shown - 1,
            Some(p) if by > 1 => p.saturating_sub(by),
            Some(0) => shown - 1,
            Some(p) => p - 1,
        };
        self.select(Some(next));
    }

    /// Why Enter chose nothing.
    fn nothing_chosen(&self) -> String {
        let search = self.search_text();
        if search.trim().is_empty() || !self.matches.is_empty() {
            return "Nothing is chosen yet: type to search or move with the arrow keys, then \
                    press Enter."
                .to_string();
        }
        match self.pinned.first() {
            Some(&i) => format!(
                "Nothing matches \"{}\": change the search, or move to \"{}\" with the arrow \
                 keys, then press Enter.",
                search.trim(),
                self.choices[i].label
            ),
            None => format!(
                "Nothing matches \"{}\": change the search (Backspace erases), then press Enter.",
                search.trim()
            ),
        }
    }

    /// The lines to draw: the prompt with the search, a message, the entries.
    fn lines(&self, prompt: &str, theme: &dyn Theme, width: usize) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        let search = self.search_text();
        let at = self.search[..self.cursor]
            .iter()
            .map(|c| c.len_utf8())
            .sum();
        let _ = theme.format_fuzzy_select_prompt(&mut line, prompt, &search, at);
        lines.push(line);
        if let Some(message) = &self.message {
            let mut line = String::new();
            let _ = theme.format_error(&mut line, message);
            lines.push(line);
        }
        let item = |position: usize| {
            let mut line = String::new();
            let label = fit(&self.choices[self.entry(position)].label, width);
            let _ =
                theme.format_select_prompt_item(&mut line, &label, self.selected == Some(position));
            line
        };
        let end = (self.top + self.room).min(self.matches.len());
        lines.extend((self.top..end).map(item));
        let hidden = self.matches.len() - (end - self.top);
        if hidden > 0 {
            lines.push(
                style(format!(
                    "  … {hidden} more: type to narrow the list, or move with the arrow keys"
                ))
                .dim()
                .for_stderr()
                .to_string(),
            );
        } else if self.matches.is_empty() && !search.trim().is_empty() {
            lines.push(
                style(format!("  (nothing matches \"{}\")", search.trim()))
                    .dim()
                    .for_stderr()
                    .to_string(),
            );
        }
        lines.extend((self.matches.len()..self.shown()).map(item));
        lines
    }
}

/// A label cut to the width of the terminal, so that no entry wraps.
fn fit(label: &str, width: usize) -> String {
    let room = width.saturating_sub(4).max(10);
    if label.chars().count() <= room {
        return label.to_string();
    }
    let mut cut: String = label.chars().take(room - 1).collect();
    cut.push('…');
    cut
}

/// Asks the person to choose one of `choices`. `default` is where the cursor starts (an answer
/// given before); `search` what is typed already. `None` when the person pressed Esc.
pub fn pick(
    term: &Term,
    theme: &dyn Theme,
    prompt: &str,
    choices: &[Choice],
    default: Option<usize>,
    search: &str,
) -> io::Result<Option<Picked>> {
    let (height, width) = term.size();
    let width = usize::from(width).max(20);
    let pinned: Vec<usize> = (0..choices.len()).filter(|&i| choices[i].pinned).collect();
    let room = (usize::from(height).saturating_sub(4).clamp(3, ROWS))
        .saturating_sub(pinned.len())
        .max(1);
    let mut list = List {
        choices,
        matches: Vec::new(),
        pinned,
        search: search.chars().collect(),
        cursor: search.chars().count(),
        selected: None,
        top: 0,
        message: None,
        room,
    };
    list.refilter();
    if let Some(default) = default {
        let shown = (0..list.shown()).find(|&p| list.entry(p) == default);
        if shown.is_some() {
            list.select(shown);
        }
    }

    term.hide_cursor()?;
    let mut drawn = 0;
    let result = loop {
        clear(term, drawn)?;
        let lines = list.lines(prompt, theme, width);
        drawn = 0;
        for line in &lines {
            term.write_line(line)?;
            drawn += rows(line, width);
        }
        term.flush()?;

        let key = match term.read_key() {
            Ok(key) => key,
            Err(error) => {
                let _ = term.show_cursor();
                return Err(error);
            }
        };
        list.message = None;
        match key {
            Key::Escape => break None,
            Key::Enter => match list.selected {
                Some(position) => break Some(list.entry(position)),
                None => list.message = Some(list.nothing_chosen()),
            },
            Key::ArrowDown | Key::Tab => list.down(1),
            Key::ArrowUp | Key::BackTab => list.up(1),
            Key::PageDown => list.down(list.room),
            Key::PageUp => list.up(list.room),
            Key::ArrowLeft => list.cursor = list.cursor.saturating_sub(1),
            Key::ArrowRight => list.cursor = (list.cursor + 1).min(list.search.len()),
            Key::Home => list.cursor = 0,
            Key::End => list.cursor = list.search.len(),
            Key::Backspace if list.cursor > 0 => {
                list.cursor -= 1;
                list.search.remove(list.cursor);
                list.refilter();
            }
            Key::Del if list.cursor < list.search.len() => {
                list.search.remove(list.cursor);
                list.refilter();
            }
            // Ctrl-U erases the search, as in a text field.
            Key::Char('\u{15}') => {
                list.search.clear();
                list.cursor = 0;
                list.refilter();
            }
            Key::Char(c) if !c.is_control() => {
                list.search.insert(list.cursor, c);
                list.cursor += 1;
                list.refilter();
            }
            _ => {}
        }
    };
    clear(term, drawn)?;
    if let Some(index) = result {
        let mut line = String::new();
        let _ = theme.format_input_prompt_selection(&mut line, prompt, &choices[index].label);
        term.write_line(&line)?;
    }
    term.show_cursor()?;
    term.flush()?;
    Ok(result.map(|index| Picked {
        index,
        search: list.search_text(),
    }))
}

/// Erases the last `rows` rows drawn.
fn clear(term: &Term, rows: usize) -> io::Result<()> {
    if rows > 0 {
        term.clear_last_lines(rows)?;
    }
    Ok(())
}

/// The rows a line takes on a terminal `width` columns wide.
fn rows(line: &str, width: usize) -> usize {
    measure_text_width(line).div_ceil(width).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(choices: &[Choice]) -> List<'_> {
        let pinned = (0..choices.len()).filter(|&i| choices[i].pinned).collect();
        let mut list = List {
            choices,
            matches: Vec::new(),
            pinned,
            search: Vec::new(),
            cursor: 0,
            selected: None,
            top: 0,
            message: None,
            room: 3,
        };
        list.refilter();
        list
    }

    fn typed(list: &mut List<'_>, text: &str) {
        list.search = text.chars().collect();
        list.cursor = list.search.len();
        list.refilter();
    }

    fn choices() -> Vec<Choice> {
        vec![
            Choice::new("a", "Alpha"),
            Choice::new("b", "Beta"),
            Choice::new("c", "Gamma"),
            Choice::new("d", "Delta"),
            Choice::new("x", "Not listed").pinned(),
        ]
    }

    #[test]
    fn the_cursor_starts_on_nothing_and_enter_says_why() {
        let choices = choices();
        let list = list(&choices);
        assert_eq!(list.selected, None);
        assert!(list.nothing_chosen().starts_with("Nothing is chosen yet"));
    }

    #[test]
    fn typing_moves_the_cursor_to_the_best_match_and_keeps_the_pinned_entry() {
        let choices = choices();
        let mut list = list(&choices);
        typed(&mut list, "delta");
        assert_eq!(list.matches, vec![3]);
        assert_eq!(list.selected.map(|p| list.entry(p)), Some(3));
        assert_eq!(list.pinned, vec![4]);
        // The pinned entry is found by its name too.
        typed(&mut list, "not listed");
        assert_eq!(list.matches, Vec::<usize>::new());
        assert_eq!(list.selected.map(|p| list.entry(p)), Some(4));
        // Nothing matches: nothing is under the cursor, and the pinned entry is still there.
        typed(&mut list, "zzz");
        assert_eq!(list.selected, None);
        assert_eq!(list.shown(), 1);
        let why = list.nothing_chosen();
        assert!(why.contains("Nothing matches \"zzz\""), "{why}");
        assert!(why.contains("\"Not listed\""), "{why}");
    }

    #[test]
    fn the_arrow_keys_move_through_the_matches_and_the_pinned_entries() {
        let choices = choices();
        let mut list = list(&choices);
        list.down(1);
        assert_eq!(list.selected, Some(0));
        list.up(1);
        assert_eq!(list.selected.map(|p| list.entry(p)), Some(4));
        list.up(1);
        list.up(1);
        // Gamma is the third entry: the window scrolled to show it.
        assert_eq!(list.selected.map(|p| list.entry(p)), Some(2));
        list.up(1);
        list.up(1);
        assert_eq!(list.top, 0);
        list.down(3);
        assert_eq!(list.top, 1);
    }

    #[test]
    fn long_labels_are_cut_to_the_width() {
        assert_eq!(fit("abcdefghijklmnopqrstuvwxyz", 20), "abcdefghijklmno…");
        assert_eq!(fit("short", 20), "short");
    }
}
