//! Printable letters: a [`Letter`] laid out on A4 (DIN 5008 form B) or US Letter, both for window
//! envelopes, as a PDF with DejaVu Sans embedded (krilla subsets it).
//!
//! Rendering takes two passes. First the letter becomes pages of positioned items (lines of text
//! and hairlines, in points from the top-left corner of the page; the body is wrapped by measuring
//! glyph advances); then krilla draws the items. The footer ("REF · 2 / 3") is added between the
//! two, once the number of pages is known.

use std::sync::OnceLock;

use anyhow::{Context, Result, anyhow};
use chrono::Datelike;
use krilla::Document;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Paint, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, KrillaGlyph, TextDirection};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, GlyphId, MetadataProvider};

use super::language::Label;
use super::letter::{Block, Letter, Paper, Party};

/// Lays the letter out on its paper and returns the PDF file's bytes.
pub fn render(letter: &Letter) -> Result<Vec<u8>> {
    let fonts = Fonts::get()?;
    let layout = Layout::for_paper(letter.paper);
    let mut pages = lay_out(letter, layout, fonts);
    add_footers(&mut pages, &clean(&letter.reference), layout, fonts);
    draw(&pages, layout, fonts, metadata(letter)).context("could not write the letter's PDF")
}

// ---------------------------------------------------------------------------------------------
// Units and typography

const PT_PER_MM: f32 = 72.0 / 25.4;

/// Millimetres in points (PDF units).
const fn mm(length: f32) -> f32 {
    length * PT_PER_MM
}

/// Inches in points.
const fn inch(length: f32) -> f32 {
    length * 72.0
}

/// Line height as a multiple of the font size, in the body and the subject.
const LINE_HEIGHT: f32 = 1.35;
/// Line height in address blocks, which must fit the envelope window.
const ADDRESS_LINE_HEIGHT: f32 = 1.15;
/// Space after each paragraph or list, in lines.
const PARAGRAPH_GAP: f32 = 0.5;
/// Hanging indent of list items (the bullet sits in it).
const BULLET_INDENT: f32 = mm(5.0);
const BULLET: &str = "•";
/// A block's first lines are not left at the bottom of a page, nor its last lines at the top of
/// the next, in fewer than this.
const KEEP_LINES: usize = 2;
/// Single lines that do not fit (an address line, an e-mail address) shrink, but not below this.
const MIN_FONT_SIZE: f32 = 5.0;
/// Between the parts of the one-line return address and of the letterhead.
const DOT: &str = " · ";
/// Grey (0 = black, 255 = white) of labels, the return line, the footer and the marks.
const GREY: u8 = 90;
/// The rule under the return line, below its top, as a multiple of its font size.
const RETURN_RULE_OFFSET: f32 = 1.25;
/// Stroke width of the folding and hole-punch marks and the rule under the return line.
const HAIRLINE: f32 = 0.4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Weight {
    Regular,
    Bold,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Style {
    weight: Weight,
    /// Font size in points.
    size: f32,
    grey: bool,
}

impl Style {
    const fn new(weight: Weight, size: f32, grey: bool) -> Style {
        Style { weight, size, grey }
    }

    fn sized(self, size: f32) -> Style {
        Style { size, ..self }
    }
}

const BODY: Style = Style::new(Weight::Regular, 11.0, false);
const SUBJECT: Style = Style::new(Weight::Bold, 11.0, false);
const ADDRESS: Style = Style::new(Weight::Regular, 11.0, false);
const LETTERHEAD_NAME: Style = Style::new(Weight::Bold, 13.0, false);
const LETTERHEAD: Style = Style::new(Weight::Regular, 9.0, true);
const SENDER_NAME: Style = Style::new(Weight::Bold, 10.0, false);
const SENDER: Style = Style::new(Weight::Regular, 10.0, false);
const RETURN_LINE: Style = Style::new(Weight::Regular, 7.0, true);
const INFO_LABEL: Style = Style::new(Weight::Regular, 8.0, true);
const INFO_VALUE: Style = Style::new(Weight::Regular, 10.0, false);
const FOOTER: Style = Style::new(Weight::Regular, 8.0, true);

// ---------------------------------------------------------------------------------------------
// Layouts

/// A rectangle on the page, in points from the top-left corner.
#[derive(Debug, Clone, Copy)]
struct Rect {
    left: f32,
    top: f32,
    width: f32,
    height: f32,
}

impl Rect {
    const fn bottom(&self) -> f32 {
        self.top + self.height
    }
}

/// Where things go on one paper, in points from the top-left corner of the page.
#[derive(Debug)]
struct Layout {
    width: f32,
    height: f32,
    /// Left and right edges of the body text.
    left: f32,
    right: f32,
    /// Top of the body on continuation pages.
    top: f32,
    /// The body ends this far above the bottom edge.
    bottom: f32,
    /// Baseline of the footer, from the top.
    footer_baseline: f32,
    /// Folding marks and the hole-punch mark (if any) on the first page, from the top.
    fold_marks: &'static [f32],
    punch_mark: Option<f32>,
    head: Head,
}

/// The first page's head: sender, recipient, date, reference and subject.
#[derive(Debug)]
enum Head {
    Din5008(Din5008),
    UsLetter(UsLetterHead),
}

/// DIN 5008 form B: the address field in the window zone on the left, the info block on the
/// right, the subject below both.
#[derive(Debug)]
struct Din5008 {
    /// Top of the letterhead (the sender's name and address) in the 45 mm head zone.
    letterhead_top: f32,
    /// The address field (for the envelope window); its text starts at the body's left margin.
    field: Rect,
    /// Height of the field's top zone (Zusatz- und Vermerkzone), where the return line goes;
    /// the recipient's address comes below it.
    return_zone: f32,
    /// Top-left corner of the info block (date, reference, e-mail).
    info_left: f32,
    info_top: f32,
    subject_top: f32,
    /// Space between the subject and the body.
    subject_gap: f32,
}

/// US Letter: the sender's block at the top left, the date, the recipient's address in the
/// window of a #10 envelope, the reference and the subject.
#[derive(Debug)]
struct UsLetterHead {
    sender_top: f32,
    date_top: f32,
    /// The envelope window; the address starts at the body's left margin, inside it.
    window: Rect,
    reference_top: f32,
    /// Space between the reference and the subject, and between the subject and the body.
    gap: f32,
}

const A4_WIDTH: f32 = mm(210.0);
const A4_HEIGHT: f32 = mm(297.0);
const DIN_LEFT: f32 = mm(25.0);
const DIN_ADDRESS_FIELD: Rect = Rect {
    left: mm(20.0),
    top: mm(45.0),
    width: mm(85.0),
    height: mm(45.0),
};

const A4: Layout = Layout {
    width: A4_WIDTH,
    height: A4_HEIGHT,
    left: DIN_LEFT,
    right: mm(20.0),
    top: mm(20.0),
    bottom: mm(20.0),
    footer_baseline: A4_HEIGHT - mm(10.0),
    fold_marks: &[mm(105.0), mm(210.0)],
    punch_mark: Some(mm(148.5)),
    head: Head::Din5008(Din5008 {
        letterhead_top: mm(17.0),
        field: DIN_ADDRESS_FIELD,
        return_zone: mm(17.7),
        info_left: mm(125.0),
        info_top: mm(50.0),
        subject_top: mm(98.5),
        subject_gap: mm(8.5),
    }),
};

const LETTER_WIDTH: f32 = inch(8.5);
const LETTER_HEIGHT: f32 = inch(11.0);

const US_LETTER: Layout = Layout {
    width: LETTER_WIDTH,
    height: LETTER_HEIGHT,
    left: inch(1.0),
    right: inch(1.0),
    top: inch(1.0),
    bottom: inch(1.0),
    footer_baseline: LETTER_HEIGHT - inch(0.5),
    // Folded in thirds for a #10 envelope.
    fold_marks: &[LETTER_HEIGHT / 3.0, LETTER_HEIGHT * 2.0 / 3.0],
    punch_mark: None,
    head: Head::UsLetter(UsLetterHead {
        sender_top: inch(0.6),
        date_top: inch(1.55),
        window: Rect {
            left: inch(0.875),
            top: inch(2.0),
            width: inch(4.5),
            height: inch(1.125),
        },
        reference_top: inch(3.4),
        gap: mm(6.0),
    }),
};

/// Space kept between the address and the right edge of the US envelope window.
const WINDOW_PADDING: f32 = inch(0.125);

/// Folding and hole-punch marks: short lines from this far from the left edge.
const MARK_START: f32 = mm(4.0);
const FOLD_MARK_LENGTH: f32 = mm(5.0);
const PUNCH_MARK_LENGTH: f32 = mm(8.0);

impl Din5008 {
    /// Width of the text in the address field, which has the body's left margin on both sides.
    fn text_width(&self) -> f32 {
        self.field.width - 2.0 * (DIN_LEFT - self.field.left)
    }
}

impl Layout {
    fn for_paper(paper: Paper) -> &'static Layout {
        match paper {
            Paper::A4 => &A4,
            Paper::UsLetter => &US_LETTER,
        }
    }

    /// Width of the body text.
    fn measure(&self) -> f32 {
        self.width - self.left - self.right
    }
}

// ---------------------------------------------------------------------------------------------
// Fonts

/// One font: krilla's handle to embed it, and skrifa's tables to measure text with.
struct Face {
    font: Font,
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
    /// Ascent as a fraction of the font size.
    ascent: f32,
}

impl Face {
    fn load(data: &'static [u8], name: &str) -> Result<Face, String> {
        let font = Font::new(data.into(), 0).ok_or_else(|| format!("cannot read {name}"))?;
        let font_ref = FontRef::new(data).map_err(|e| format!("cannot read {name}: {e}"))?;
        let metrics = font_ref.metrics(Size::unscaled(), LocationRef::default());
        let units_per_em = f32::from(metrics.units_per_em.max(1));
        Ok(Face {
            font,
            charmap: font_ref.charmap(),
            metrics: font_ref.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
            ascent: metrics.ascent / units_per_em,
        })
    }

    /// Advance of `c` in ems; characters the font lacks are measured as its .notdef box, which is
    /// what gets drawn for them.
    fn advance(&self, c: char) -> f32 {
        let glyph = self.charmap.map(c).unwrap_or(GlyphId::NOTDEF);
        self.metrics.advance_width(glyph).unwrap_or(0.0) / self.units_per_em
    }

    /// Width of `text` in points at `size` (without kerning, which only tightens it a little).
    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// `text` as glyphs, one per character at its advance, exactly as it was measured, for text
    /// that needs no shaping (see [`unshaped`]): shaping each line was a third of the time a PDF
    /// took. Each glyph keeps its character, so the text can be copied and searched in the PDF.
    fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .map(|(at, c)| {
                let glyph = self.charmap.map(c).unwrap_or(GlyphId::NOTDEF);
                KrillaGlyph::new(
                    krilla::text::GlyphId::new(glyph.to_u32()),
                    self.advance(c),
                    0.0,
                    0.0,
                    0.0,
                    at..at + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }
}

/// Whether `c` is drawn the same with or without shaping: Latin letters without combining marks,
/// and the dashes, quotes, bullets and ellipses of the templates. A line with anything else (a
/// name in Arabic, a decomposed accent, a joiner, a direction mark, a soft hyphen, a control
/// character) is shaped.
fn unshaped(c: char) -> bool {
    (c < '\u{300}' && !c.is_control() && c != '\u{AD}')
        || ('\u{2010}'..='\u{2027}').contains(&c)
        || ('\u{2030}'..='\u{205E}').contains(&c)
        || c == '€'
}

/// DejaVu Sans, regular and bold, read once per process.
struct Fonts {
    regular: Face,
    bold: Face,
}

static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();

impl Fonts {
    fn get() -> Result<&'static Fonts> {
        FONTS
            .get_or_init(|| {
                Ok(Fonts {
                    regular: Face::load(dejavu::sans::regular(), "DejaVu Sans")?,
                    bold: Face::load(dejavu::sans::bold(), "DejaVu Sans Bold")?,
                })
            })
            .as_ref()
            .map_err(|e| anyhow!("the embedded font is broken: {e}"))
    }

    fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    fn width(&self, text: &str, style: Style) -> f32 {
        self.face(style.weight).width(text, style.size)
    }

    /// `style`, made smaller if need be (down to [`MIN_FONT_SIZE`]) for `text` to fit `width`.
    fn fitted(&self, text: &str, style: Style, width: f32) -> Style {
        let natural = self.width(text, style);
        if natural <= width {
            style
        } else {
            style.sized((style.size * width / natural).max(MIN_FONT_SIZE))
        }
    }

    /// `text` broken into lines that fit `width` in `style`.
    fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        wrap(text, self.face(style.weight), style.size, width)
    }
}

// ---------------------------------------------------------------------------------------------
// Text

/// Text as it can be drawn on one line: line breaks and tabs become spaces and other control
/// characters go. Everything else is drawn as it comes (a character DejaVu lacks shows as a
/// box, but is still in the PDF's text).
fn clean(text: &str) -> String {
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

/// Keeps at most `max` lines, joining the ones that do not fit onto the last (an address must
/// stay in its window).
fn fit_lines(mut lines: Vec<String>, max: usize) -> Vec<String> {
    let max = max.max(1);
    if lines.len() > max {
        let rest = lines.split_off(max - 1).join(", ");
        lines.push(rest);
    }
    lines
}

/// The party's name and address lines, cleaned, without blank ones.
fn party_lines(party: &Party) -> Vec<String> {
    cleaned_lines(std::iter::once(&party.name).chain(&party.address))
}

fn cleaned_lines<'a>(lines: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    lines
        .into_iter()
        .map(|line| clean(line).trim().to_string())
        .filter(|line| !line.is_empty())
        .collect()
}

/// The sender's address on one line: "Name · Street 1 · 12345 Town".
fn one_line(lines: &[String]) -> String {
    lines.join(DOT)
}

// ---------------------------------------------------------------------------------------------
// Pages of positioned items

#[derive(Debug, Clone, PartialEq)]
enum Item {
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

type Page = Vec<Item>;

/// The pages being filled, from top to bottom.
struct Flow<'a> {
    layout: &'a Layout,
    fonts: &'a Fonts,
    done: Vec<Page>,
    page: Page,
    /// Top of the next line on the current page.
    y: f32,
}

impl<'a> Flow<'a> {
    fn new(layout: &'a Layout, fonts: &'a Fonts) -> Flow<'a> {
        Flow {
            layout,
            fonts,
            done: Vec::new(),
            page: Vec::new(),
            y: layout.top,
        }
    }

    fn finish(mut self) -> Vec<Page> {
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
    fn put(&mut self, x: f32, top: f32, style: Style, text: impl Into<String>) {
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
    fn column(
        &mut self,
        x: f32,
        top: f32,
        pitch: f32,
        width: f32,
        lines: &[(String, Style)],
    ) -> f32 {
        let mut y = top;
        for (text, style) in lines {
            let style = self.fonts.fitted(text, *style, width);
            self.put(x, y, style, text.as_str());
            y += pitch;
        }
        y
    }

    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
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
    fn subject_and_body(&mut self, subject: &str, top: f32, gap: f32, body: &[Block]) {
        let lines = self
            .fonts
            .wrap(&clean(subject), SUBJECT, self.layout.measure());
        self.y = top;
        self.lines(self.layout.left, SUBJECT, None, lines);
        self.gap(gap);
        self.body(body);
    }

    fn marks(&mut self) {
        let layout = self.layout;
        for &y in layout.fold_marks {
            self.rule(MARK_START, y, MARK_START + FOLD_MARK_LENGTH, y);
        }
        if let Some(y) = layout.punch_mark {
            self.rule(MARK_START, y, MARK_START + PUNCH_MARK_LENGTH, y);
        }
    }
}

fn lay_out(letter: &Letter, layout: &Layout, fonts: &Fonts) -> Vec<Page> {
    let mut flow = Flow::new(layout, fonts);
    flow.marks();
    match &layout.head {
        Head::Din5008(head) => din5008(&mut flow, head, letter),
        Head::UsLetter(head) => us_letter(&mut flow, head, letter),
    }
    flow.finish()
}

/// The first page of a DIN 5008 form B letter, then the body.
fn din5008(flow: &mut Flow, head: &Din5008, letter: &Letter) {
    letterhead(flow, head, &letter.sender);
    let return_bottom = return_line(flow, head, &letter.sender);
    din5008_recipient(flow, head, &letter.recipient, return_bottom);
    info_block(flow, head, letter);
    let body = &letter.body;
    flow.subject_and_body(&letter.subject, head.subject_top, head.subject_gap, body);
}

/// The sender's name, and the address on one line below it.
fn letterhead(flow: &mut Flow, head: &Din5008, sender: &Party) {
    let lines = [
        (clean(&sender.name).trim().to_string(), LETTERHEAD_NAME),
        (one_line(&cleaned_lines(&sender.address)), LETTERHEAD),
    ];
    let pitch = LETTERHEAD_NAME.size * LINE_HEIGHT;
    let (left, width) = (flow.layout.left, flow.layout.measure());
    flow.column(left, head.letterhead_top, pitch, width, &lines);
}

/// The sender on one small underlined line at the top of the address field; returns the bottom.
fn return_line(flow: &mut Flow, head: &Din5008, sender: &Party) -> f32 {
    let left = flow.layout.left;
    let text = one_line(&party_lines(sender));
    let style = flow.fonts.fitted(&text, RETURN_LINE, head.text_width());
    let top = head.field.top + mm(1.0);
    // The rule clears the descenders.
    let bottom = top + style.size * RETURN_RULE_OFFSET;
    if !text.is_empty() {
        let right = left + flow.fonts.width(&text, style);
        flow.rule(left, bottom, right, bottom);
    }
    flow.put(left, top, style, text);
    bottom
}

/// The recipient below the field's return zone, moved up (but not above the return line) when
/// the address is long.
fn din5008_recipient(flow: &mut Flow, head: &Din5008, recipient: &Party, return_bottom: f32) {
    let field = head.field;
    let pitch = ADDRESS.size * ADDRESS_LINE_HEIGHT;
    let room = field.bottom() - return_bottom - mm(1.0);
    let lines = fit_lines(party_lines(recipient), (room / pitch) as usize);
    let top = (field.top + head.return_zone).min(field.bottom() - lines.len() as f32 * pitch);
    let lines: Vec<_> = lines.into_iter().map(|line| (line, ADDRESS)).collect();
    flow.column(flow.layout.left, top, pitch, head.text_width(), &lines);
}

/// Date, reference and e-mail on the right, one per line: a small grey label, then the value
/// one space after it (close enough for extracted text to keep them together).
fn info_block(flow: &mut Flow, head: &Din5008, letter: &Letter) {
    let fonts = flow.fonts;
    let right = flow.layout.width - flow.layout.right;
    let email = letter.sender.email.as_deref().unwrap_or_default();
    let entries = [
        (Label::Date, letter.date_text.as_str()),
        (Label::Reference, letter.reference.as_str()),
        (Label::Email, email),
    ];
    // Labels sit on their value's baseline.
    let label_drop = fonts.regular.ascent * (INFO_VALUE.size - INFO_LABEL.size);
    let pitch = INFO_VALUE.size * ADDRESS_LINE_HEIGHT;
    let mut top = head.info_top;
    for (label, value) in entries {
        let value = clean(value).trim().to_string();
        if value.is_empty() {
            continue;
        }
        let label = letter.language.labelled(label, "").trim_end().to_string();
        let value_left =
            head.info_left + fonts.width(&label, INFO_LABEL) + fonts.width(" ", INFO_VALUE);
        flow.put(head.info_left, top + label_drop, INFO_LABEL, label);
        let style = fonts.fitted(&value, INFO_VALUE, right - value_left);
        flow.put(value_left, top, style, value);
        top += pitch;
    }
}

/// The first page of a US letter, then the body.
fn us_letter(flow: &mut Flow, head: &UsLetterHead, letter: &Letter) {
    let (left, width) = (flow.layout.left, flow.layout.measure());
    sender_block(flow, head, &letter.sender);
    let date = [(clean(&letter.date_text).trim().to_string(), BODY)];
    flow.column(left, head.date_top, 0.0, width, &date);
    window_recipient(flow, head, &letter.recipient);
    let subject_top = reference_line(flow, head, letter);
    flow.subject_and_body(&letter.subject, subject_top, head.gap, &letter.body);
}

/// The sender's name in bold, address and e-mail, above the date.
fn sender_block(flow: &mut Flow, head: &UsLetterHead, sender: &Party) {
    let pitch = SENDER.size * ADDRESS_LINE_HEIGHT;
    let has_name = !clean(&sender.name).trim().is_empty();
    let lines = cleaned_lines(
        std::iter::once(&sender.name)
            .chain(&sender.address)
            .chain(&sender.email),
    );
    let room = head.date_top - head.sender_top - pitch * 0.5;
    let lines: Vec<_> = fit_lines(lines, (room / pitch) as usize)
        .into_iter()
        .enumerate()
        .map(|(i, line)| match i {
            0 if has_name => (line, SENDER_NAME),
            _ => (line, SENDER),
        })
        .collect();
    let (left, width) = (flow.layout.left, flow.layout.measure());
    flow.column(left, head.sender_top, pitch, width, &lines);
}

/// The recipient in the envelope window, starting at the body's left margin.
fn window_recipient(flow: &mut Flow, head: &UsLetterHead, recipient: &Party) {
    let window = head.window;
    let left = flow.layout.left;
    let width = window.left + window.width - left - WINDOW_PADDING;
    let pitch = ADDRESS.size * ADDRESS_LINE_HEIGHT;
    let lines = fit_lines(party_lines(recipient), (window.height / pitch) as usize);
    let lines: Vec<_> = lines.into_iter().map(|line| (line, ADDRESS)).collect();
    flow.column(left, window.top, pitch, width, &lines);
}

/// "Reference: …" below the window, if there is one; returns the top of the subject.
fn reference_line(flow: &mut Flow, head: &UsLetterHead, letter: &Letter) -> f32 {
    let reference = clean(&letter.reference).trim().to_string();
    if reference.is_empty() {
        return head.reference_top;
    }
    let line = [(letter.language.labelled(Label::Reference, &reference), BODY)];
    let (left, width) = (flow.layout.left, flow.layout.measure());
    flow.column(left, head.reference_top, 0.0, width, &line);
    head.reference_top + BODY.size * LINE_HEIGHT + head.gap
}

/// "REF · 2 / 3" at the bottom right of every page, when there is more than one.
fn add_footers(pages: &mut [Page], reference: &str, layout: &Layout, fonts: &Fonts) {
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

// ---------------------------------------------------------------------------------------------
// Drawing

fn metadata(letter: &Letter) -> Metadata {
    let mut metadata = Metadata::new()
        .title(clean(&letter.subject).trim().to_string())
        .language(letter.language.code().to_string())
        .creator("forget".to_string());
    let author = clean(&letter.sender.name).trim().to_string();
    if !author.is_empty() {
        metadata = metadata.authors(vec![author]);
    }
    // The letter's date, so that the same letter gives the same file.
    let date = letter.date;
    if let Ok(year) = u16::try_from(date.year()) {
        let day = DateTime::new(year)
            .month(date.month() as u8)
            .day(date.day() as u8);
        metadata = metadata.creation_date(day);
    }
    metadata
}

fn draw(pages: &[Page], layout: &Layout, fonts: &Fonts, metadata: Metadata) -> Result<Vec<u8>> {
    let mut document = Document::new();
    document.set_metadata(metadata);
    for items in pages {
        let settings = PageSettings::from_wh(layout.width, layout.height)
            .context("the page size is invalid")?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for item in items {
            draw_item(&mut surface, item, fonts);
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| anyhow!("krilla: {e}"))
}

fn draw_item(surface: &mut Surface, item: &Item, fonts: &Fonts) {
    match item {
        Item::Text {
            x,
            baseline,
            style,
            text,
        } => {
            surface.set_fill(Some(Fill {
                paint: paint(style.grey),
                opacity: NormalizedF32::ONE,
                rule: Default::default(),
            }));
            let face = fonts.face(style.weight);
            let start = Point::from_xy(*x, *baseline);
            if text.chars().all(unshaped) {
                let glyphs = face.glyphs(text);
                surface.draw_glyphs(start, &glyphs, face.font.clone(), text, style.size, false);
            } else {
                let font = face.font.clone();
                surface.draw_text(start, font, style.size, text, false, TextDirection::Auto);
            }
        }
        Item::Rule { x1, y1, x2, y2 } => {
            let mut path = PathBuilder::new();
            path.move_to(*x1, *y1);
            path.line_to(*x2, *y2);
            let Some(path) = path.finish() else {
                return;
            };
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                paint: paint(true),
                width: HAIRLINE,
                ..Default::default()
            }));
            surface.draw_path(&path);
            surface.set_stroke(None);
        }
    }
}

fn paint(grey: bool) -> Paint {
    if grey {
        luma::Color::new(GREY).into()
    } else {
        luma::Color::black().into()
    }
}

#[cfg(test)]
mod tests {
    use std::io::ErrorKind;
    use std::process::Command;

    use chrono::NaiveDate;

    use super::super::language::Language;
    use super::*;

    const NAME: &str = "Jürgen Łódź-Ørsted";
    const SUBJECT_LINE: &str = "Request for erasure under Article 17 GDPR [FGT-7Q2K-9XMP]";
    const CYRILLIC: &str = "Прошу удалить все мои персональные данные.";
    const GREEK: &str = "Παρακαλώ διαγράψτε τα δεδομένα μου.";
    const FIRST_SENTENCE: &str = "I ask you to erase all personal data you hold about me.";
    const CLOSING: &str = "Yours faithfully,";

    fn sample(paper: Paper, language: Language) -> Letter {
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut body = vec![
            Block::Paragraph(vec!["Dear Sir or Madam,".into()]),
            Block::Paragraph(vec![FIRST_SENTENCE.into()]),
            Block::Paragraph(vec![CYRILLIC.into(), GREEK.into()]),
            Block::Paragraph(vec!["To identify me, here is what you may hold:".into()]),
            Block::List(vec![
                format!("name: {NAME}"),
                "e-mail: jurgen@example.org".into(),
                "address: ul. Piotrkowska 12, 90-001 Łódź, and before that Østergade 4, 1100 København K, Danmark, which you may still have on file from an earlier order".into(),
            ]),
        ];
        for n in 1..=26 {
            body.push(Block::Paragraph(vec![format!(
                "Paragraph {n}: please also confirm that you have told every recipient of my \
                 data about the erasure (Article 19), that no copies remain in backups beyond \
                 their normal rotation, and that ä ö ü ß é è ç ł Ø Å € come out right."
            )]));
        }
        body.push(Block::Paragraph(vec![CLOSING.into(), NAME.into()]));
        Letter {
            language,
            reference: "FGT-7Q2K-9XMP".into(),
            date,
            date_text: language.long_date(date),
            sender: Party {
                name: NAME.into(),
                email: Some("jurgen@example.org".into()),
                address: vec!["ul. Piotrkowska 12".into(), "90-001 Łódź".into()],
            },
            recipient: Party {
                name: "Ørsted A/S, Data Protection Officer".into(),
                email: Some("privacy@orsted.example".into()),
                address: vec![
                    "Kraftværksvej 53".into(),
                    "7000 Fredericia".into(),
                    "Danmark".into(),
                ],
            },
            subject: SUBJECT_LINE.into(),
            body,
            paper,
        }
    }

    /// The text `pdftotext` extracts, with runs of white space made single spaces; `None` when
    /// poppler-utils is not installed.
    fn pdftotext(pdf: &[u8]) -> Option<(String, usize)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("letter.pdf");
        std::fs::write(&path, pdf).unwrap();
        let output = match Command::new("pdftotext").arg(&path).arg("-").output() {
            Ok(output) => output,
            Err(e) if e.kind() == ErrorKind::NotFound => {
                eprintln!("pdftotext is not installed: skipping the text check");
                return None;
            }
            Err(e) => panic!("cannot run pdftotext: {e}"),
        };
        assert!(output.status.success(), "pdftotext failed: {output:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        let pages = text.matches('\u{c}').count();
        Some((text.split_whitespace().collect::<Vec<_>>().join(" "), pages))
    }

    fn assert_in_order(text: &str, parts: &[&str]) {
        let mut from = 0;
        for part in parts {
            let Some(at) = text[from..].find(part) else {
                panic!("{part:?} is missing or out of order in:\n{text}");
            };
            from += at + part.len();
        }
    }

    fn check_round_trip(letter: &Letter) {
        let pdf = render(letter).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let Some((text, pages)) = pdftotext(&pdf) else {
            return;
        };
        assert_eq!(pages, 3, "{text}");
        for part in [
            NAME,
            "90-001 Łódź",
            "Kraftværksvej 53",
            "7000 Fredericia",
            &letter.date_text,
        ] {
            assert!(text.contains(part), "{part:?} is missing from:\n{text}");
        }
        assert_in_order(
            &text,
            &[
                SUBJECT_LINE,
                "Dear Sir or Madam,",
                FIRST_SENTENCE,
                CYRILLIC,
                GREEK,
                "• name: Jürgen",
                "ä ö ü ß é è ç ł Ø Å €",
                "FGT-7Q2K-9XMP · 1 / 3",
                "Paragraph 26",
                CLOSING,
                NAME,
                "3 / 3",
            ],
        );
    }

    #[test]
    fn an_a4_letter_round_trips() {
        let letter = sample(Paper::A4, Language::De);
        check_round_trip(&letter);
        let text = pdftotext(&render(&letter).unwrap()).map(|(text, _)| text);
        if let Some(text) = text {
            assert!(text.contains("Mein Zeichen: FGT-7Q2K-9XMP"), "{text}");
            assert!(text.contains("E-Mail: jurgen@example.org"), "{text}");
        }
    }

    #[test]
    fn a_us_letter_round_trips() {
        let letter = sample(Paper::UsLetter, Language::En);
        check_round_trip(&letter);
        let text = pdftotext(&render(&letter).unwrap()).map(|(text, _)| text);
        if let Some(text) = text {
            assert!(text.contains("Reference: FGT-7Q2K-9XMP"), "{text}");
        }
    }

    #[test]
    fn a_short_letter_has_one_page_and_no_footer() {
        let mut letter = sample(Paper::A4, Language::En);
        letter.body.truncate(3);
        let pdf = render(&letter).unwrap();
        if let Some((text, pages)) = pdftotext(&pdf) {
            assert_eq!(pages, 1);
            assert!(!text.contains("1 / 1"), "{text}");
        }
    }

    #[test]
    fn odd_input_renders_without_panicking() {
        let long_word = "Datenschutzgrundverordnungsauskunftsersuchen".repeat(20);
        let odd = [
            String::new(),
            " \t\r\n\u{0}\u{7}\u{1b}[31m\u{7f}\u{85}\u{2028}".into(),
            long_word.clone(),
            "e\u{301}\u{301}\u{301} \u{202e}reversed\u{202c} \u{200d}\u{fe0f} 👩‍👩‍👧 中文 ﷽ עברית العربية \u{ffff}".into(),
            "- -- --- a- -b a-b-c-".into(),
        ];
        for paper in [Paper::A4, Paper::UsLetter] {
            let empty = Letter {
                language: Language::Fr,
                reference: String::new(),
                date: NaiveDate::MIN,
                date_text: String::new(),
                sender: Party::default(),
                recipient: Party::default(),
                subject: String::new(),
                body: Vec::new(),
                paper,
            };
            assert!(render(&empty).unwrap().starts_with(b"%PDF-"));
            let crowded = Party {
                name: long_word.clone(),
                email: Some(odd[3].clone()),
                address: odd.iter().cycle().take(15).cloned().collect(),
            };
            let awkward = Letter {
                reference: odd[1].clone(),
                date: NaiveDate::MAX,
                date_text: odd[3].clone(),
                sender: crowded.clone(),
                recipient: crowded,
                subject: long_word.clone(),
                body: vec![
                    Block::Paragraph(Vec::new()),
                    Block::List(Vec::new()),
                    Block::Paragraph(odd.to_vec()),
                    Block::List(odd.to_vec()),
                ],
                ..empty
            };
            assert!(render(&awkward).unwrap().starts_with(b"%PDF-"));
        }
    }

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
        let width = fonts.width("Jürgen Łódź-", BODY) + 1.0;
        assert_eq!(fonts.wrap(NAME, BODY, width), ["Jürgen Łódź-", "Ørsted"]);
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

    #[test]
    fn long_addresses_keep_to_their_window() {
        let lines: Vec<String> = (1..=8).map(|n| n.to_string()).collect();
        assert_eq!(
            fit_lines(lines.clone(), 5),
            ["1", "2", "3", "4", "5, 6, 7, 8"]
        );
        assert_eq!(fit_lines(lines.clone(), 0), ["1, 2, 3, 4, 5, 6, 7, 8"]);
        assert_eq!(fit_lines(lines.clone(), 9), lines);
    }

    /// Writes both samples to the temporary directory to look at:
    /// `cargo test --lib letter::pdf -- --ignored`.
    #[test]
    #[ignore]
    fn write_samples() {
        for (paper, language, name) in [
            (Paper::A4, Language::De, "forget-sample-a4.pdf"),
            (Paper::UsLetter, Language::En, "forget-sample-letter.pdf"),
        ] {
            let path = std::env::temp_dir().join(name);
            std::fs::write(&path, render(&sample(paper, language)).unwrap()).unwrap();
            eprintln!("wrote {}", path.display());
        }
    }
}
