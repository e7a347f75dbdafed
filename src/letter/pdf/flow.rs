//! Pages of positioned items, filled from top to bottom: single lines put where the layout says,
//! running text wrapped and carried over to new pages, and the footers once the pages are known.

use super::super::letter::Block;
use super::fonts::Fonts;
use super::layout::{FOLD_MARK_LENGTH, Layout, MARK_START, PUNCH_MARK_LENGTH};
use super::text::clean;
use super::{
    BODY, BULLET, BULLET_INDENT, DOT, FOOTER, KEEP_LINES, LINE_HEIGHT, Line, PARAGRAPH_GAP,
    SUBJECT, Style,
};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Item {
    /// One line of text starting at `x` on `baseline`.
    Text {
        x: f32,
        baseline: f32,
        style: Style,
        text: String,
    },
    /// A hairline.
    Rule { x1: f32, y1: f32, x2: f32, y2: f32 },
}

pub(super) type Page = Vec<Item>;

/// The pages being filled, from top to bottom.
pub(super) struct Flow<'a> {
    pub(super) layout: &'a Layout,
    pub(super) fonts: &'a Fonts,
    done: Vec<Page>,
    page: Page,
    /// Top of the next line on the current page.
    y: f32,
}

impl<'a> Flow<'a> {
    pub(super) fn new(layout: &'a Layout, fonts: &'a Fonts) -> Flow<'a> {
        Flow {
            layout,
            fonts,
            done: Vec::new(),
            page: Vec::new(),
            y: layout.top,
        }
    }

    pub(super) fn finish(mut self) -> Vec<Page> {
        self.done.push(self.page);
        self.done
    }

    fn new_page(&mut self) {
        self.done.push(std::mem::take(&mut self.page));
        self.y = self.layout.top;
    }

    fn at_page_top(&self) -> bool {
        self.y <= self.layout.top
    }

    /// Puts one line of text whose line box starts at `top`.
    pub(super) fn put(&mut self, x: f32, top: f32, style: Style, text: impl Into<String>) {
        let text = text.into();
        if text.is_empty() {
            return;
        }
        let baseline = top + self.fonts.face(style.weight).ascent * style.size;
        self.page.push(Item::Text {
            x,
            baseline,
            style,
            text,
        });
    }

    /// Puts single lines one below the other from `top`, `pitch` apart, each made smaller if
    /// need be to fit `width`; returns the bottom.
    pub(super) fn column(
        &mut self,
        x: f32,
        top: f32,
        pitch: f32,
        width: f32,
        lines: &[Line],
    ) -> f32 {
        let fitted: Vec<Line> = lines
            .iter()
            .map(|(text, style)| (text.clone(), self.fonts.fitted(text, *style, width)))
            .collect();
        self.stack(x, top, pitch, &fitted)
    }

    /// Puts lines one below the other from `top`, `pitch` apart, as they are; returns the
    /// bottom.
    pub(super) fn stack(&mut self, x: f32, top: f32, pitch: f32, lines: &[Line]) -> f32 {
        let mut y = top;
        for (text, style) in lines {
            self.put(x, y, *style, text.as_str());
            y += pitch;
        }
        y
    }

    pub(super) fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.page.push(Item::Rule { x1, y1, x2, y2 });
    }

    /// Starts a new page unless `height` more fits on this one.
    fn keep(&mut self, height: f32) {
        let bottom = self.layout.height - self.layout.bottom;
        if self.y + height > bottom && !self.at_page_top() {
            self.new_page();
        }
    }

    /// Adds vertical space, except at the top of a page.
    fn gap(&mut self, height: f32) {
        if !self.at_page_top() {
            self.y += height;
        }
    }

    /// Wrapped lines of running text from `x`, with `marker` (a bullet) left of the first; on
    /// a new page when this one is full, and never leaving a block's first or last line alone
    /// on a page.
    fn lines(&mut self, x: f32, style: Style, marker: Option<(f32, &str)>, lines: Vec<String>) {
        let pitch = style.size * LINE_HEIGHT;
        let count = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            self.keep(keep_together(i, count) as f32 * pitch);
            if let (0, Some((marker_x, marker))) = (i, marker) {
                self.put(marker_x, self.y, style, marker);
            }
            self.put(x, self.y, style, line);
            self.y += pitch;
        }
    }

    fn paragraph(&mut self, lines: &[String]) {
        let width = self.layout.measure();
        let wrapped = lines
            .iter()
            .flat_map(|line| self.fonts.wrap(&clean(line), BODY, width))
            .collect();
        self.lines(self.layout.left, BODY, None, wrapped);
    }

    fn list(&mut self, items: &[String]) {
        let left = self.layout.left;
        let width = self.layout.measure() - BULLET_INDENT;
        for item in items {
            let wrapped = self.fonts.wrap(clean(item).trim(), BODY, width);
            self.lines(left + BULLET_INDENT, BODY, Some((left, BULLET)), wrapped);
        }
    }

    fn body(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Paragraph(lines) => self.paragraph(lines),
                Block::List(items) => self.list(items),
            }
            self.gap(PARAGRAPH_GAP * BODY.size * LINE_HEIGHT);
        }
    }

    /// The subject in bold from `top`, then the body below `gap`.
    pub(super) fn subject_and_body(&mut self, subject: &str, top: f32, gap: f32, body: &[Block]) {
        let lines = self
            .fonts
            .wrap(&clean(subject), SUBJECT, self.layout.measure());
        self.y = top;
        self.lines(self.layout.left, SUBJECT, None, lines);
        self.gap(gap);
        self.body(body);
    }

    pub(super) fn marks(&mut self) {
        let layout = self.layout;
        for &y in layout.fold_marks {
            self.rule(MARK_START, y, MARK_START + FOLD_MARK_LENGTH, y);
        }
        if let Some(y) = layout.punch_mark {
            self.rule(MARK_START, y, MARK_START + PUNCH_MARK_LENGTH, y);
        }
    }
}

/// How many lines, from the `i`-th of a block of `count`, must go on the same page.
fn keep_together(i: usize, count: usize) -> usize {
    if i == 0 && count < 2 * KEEP_LINES {
        count
    } else if i == 0 || count - i == KEEP_LINES {
        KEEP_LINES
    } else {
        1
    }
}

/// "REF · 2 / 3" at the bottom right of every page, when there is more than one.
pub(super) fn add_footers(pages: &mut [Page], reference: &str, layout: &Layout, fonts: &Fonts) {
    let count = pages.len();
    if count < 2 {
        return;
    }
    let reference = reference.trim();
    for (i, page) in pages.iter_mut().enumerate() {
        let number = format!("{} / {count}", i + 1);
        let text = if reference.is_empty() {
            number
        } else {
            format!("{reference}{DOT}{number}")
        };
        let style = fonts.fitted(&text, FOOTER, layout.measure());
        let x = layout.width - layout.right - fonts.width(&text, style);
        page.push(Item::Text {
            x,
            baseline: layout.footer_baseline,
            style,
            text,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_first_or_last_line_is_left_alone_on_a_page() {
        let keeps = |count| {
            (0..count)
                .map(|i| keep_together(i, count))
                .collect::<Vec<_>>()
        };
        assert_eq!(keeps(1), [1]);
        assert_eq!(keeps(3), [3, 2, 1]);
        assert_eq!(keeps(5), [2, 1, 1, 2, 1]);
    }
}
