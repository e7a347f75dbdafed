//! Printable letters: a [`Letter`] laid out on A4 (DIN 5008 form B) or US Letter, both for window
//! envelopes, as a PDF with DejaVu Sans embedded (krilla subsets it).
//!
//! Rendering takes two passes. First the letter becomes pages of positioned items (lines of text
//! and hairlines, in points from the top-left corner of the page; the body is wrapped by measuring
//! glyph advances); then krilla draws the items. The footer ("REF · 2 / 3") is added between the
//! two, once the number of pages is known.
//!
//! The parts, each using only this module and the ones listed before it:
//! - [`fonts`]: the embedded font, measured;
//! - [`text`]: text cleaned for one line, and wrapped;
//! - [`address`]: name and address blocks, fitted to an envelope window;
//! - [`layout`]: where things go on each paper;
//! - [`flow`]: pages of positioned items, filled from top to bottom;
//! - [`din5008`] and [`us_letter`]: the first page's head on each paper;
//! - [`draw`]: the items drawn into the PDF.

mod address;
mod din5008;
mod draw;
mod flow;
mod fonts;
mod layout;
mod text;
mod us_letter;

#[cfg(test)]
mod tests;

use anyhow::{Context, Result};

use self::flow::{Flow, Page};
use self::fonts::Fonts;
use self::layout::{Head, Layout};
use super::letter::Letter;

/// Lays the letter out on its paper and returns the PDF file's bytes.
pub fn render(letter: &Letter) -> Result<Vec<u8>> {
    let fonts = Fonts::get()?;
    let layout = Layout::for_paper(letter.paper);
    let mut pages = lay_out(letter, layout, fonts);
    flow::add_footers(&mut pages, &text::clean(&letter.reference), layout, fonts);
    let metadata = draw::metadata(letter);
    draw::draw(&pages, layout, fonts, metadata).context("could not write the letter's PDF")
}

/// The letter as pages of positioned items: the marks and the head on the first page, then the
/// subject and the body.
fn lay_out(letter: &Letter, layout: &Layout, fonts: &Fonts) -> Vec<Page> {
    let mut flow = Flow::new(layout, fonts);
    flow.marks();
    match &layout.head {
        Head::Din5008(head) => din5008::head(&mut flow, head, letter),
        Head::UsLetter(head) => us_letter::head(&mut flow, head, letter),
    }
    flow.finish()
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
/// Single lines that do not fit (an e-mail address, the footer) shrink, but not below this.
const MIN_FONT_SIZE: f32 = 5.0;
/// Text in an envelope window (the recipient's address and the return line above it) is never
/// smaller than this, so that it can be read through the window, by people and by the post's
/// machines: a line too long for the window at this size is wrapped instead.
const MIN_WINDOW_FONT_SIZE: f32 = 8.0;
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

/// A line of text in its style.
type Line = (String, Style);

const BODY: Style = Style::new(Weight::Regular, 11.0, false);
const SUBJECT: Style = Style::new(Weight::Bold, 11.0, false);
const ADDRESS: Style = Style::new(Weight::Regular, 11.0, false);
const LETTERHEAD_NAME: Style = Style::new(Weight::Bold, 13.0, false);
const LETTERHEAD: Style = Style::new(Weight::Regular, 9.0, true);
const SENDER_NAME: Style = Style::new(Weight::Bold, 10.0, false);
const SENDER: Style = Style::new(Weight::Regular, 10.0, false);
/// The sender's address above the recipient's, in the window: no smaller than
/// [`MIN_WINDOW_FONT_SIZE`].
const RETURN_LINE: Style = Style::new(Weight::Regular, MIN_WINDOW_FONT_SIZE, true);
const INFO_LABEL: Style = Style::new(Weight::Regular, 8.0, true);
const INFO_VALUE: Style = Style::new(Weight::Regular, 10.0, false);
const FOOTER: Style = Style::new(Weight::Regular, 8.0, true);
