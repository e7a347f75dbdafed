//! Where things go on each paper, in points from the top-left corner of the page.

use super::super::letter::Paper;
use super::{inch, mm};

/// A rectangle on the page, in points from the top-left corner.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rect {
    pub(super) left: f32,
    pub(super) top: f32,
    pub(super) width: f32,
    pub(super) height: f32,
}

impl Rect {
    pub(super) const fn bottom(&self) -> f32 {
        self.top + self.height
    }
}

/// Where things go on one paper, in points from the top-left corner of the page.
#[derive(Debug)]
pub(super) struct Layout {
    pub(super) width: f32,
    pub(super) height: f32,
    /// Left and right edges of the body text.
    pub(super) left: f32,
    pub(super) right: f32,
    /// Top of the body on continuation pages.
    pub(super) top: f32,
    /// The body ends this far above the bottom edge.
    pub(super) bottom: f32,
    /// Baseline of the footer, from the top.
    pub(super) footer_baseline: f32,
    /// Folding marks and the hole-punch mark (if any) on the first page, from the top.
    pub(super) fold_marks: &'static [f32],
    pub(super) punch_mark: Option<f32>,
    pub(super) head: Head,
}

/// The first page's head: sender, recipient, date, reference and subject.
#[derive(Debug)]
pub(super) enum Head {
    Din5008(Din5008),
    UsLetter(UsLetterHead),
}

/// DIN 5008 form B: the address field in the window zone on the left, the info block on the
/// right, the subject below both.
#[derive(Debug)]
pub(super) struct Din5008 {
    /// Top of the letterhead (the sender's name and address) in the 45 mm head zone.
    pub(super) letterhead_top: f32,
    /// The address field (for the envelope window); its text starts at the body's left margin.
    pub(super) field: Rect,
    /// Height of the field's top zone (Zusatz- und Vermerkzone), where the return line goes;
    /// the recipient's address comes below it, in the address zone (Anschriftzone), which has
    /// room for six lines.
    pub(super) return_zone: f32,
    /// Top-left corner of the info block (date, reference, e-mail).
    pub(super) info_left: f32,
    pub(super) info_top: f32,
    pub(super) subject_top: f32,
    /// Space between the subject and the body.
    pub(super) subject_gap: f32,
}

/// US Letter: the sender's block at the top left, the date, the recipient's address in the
/// window of a #10 envelope, the reference and the subject.
#[derive(Debug)]
pub(super) struct UsLetterHead {
    pub(super) sender_top: f32,
    pub(super) date_top: f32,
    /// The envelope window; the address starts at the body's left margin, inside it.
    pub(super) window: Rect,
    pub(super) reference_top: f32,
    /// Space between the reference and the subject, and between the subject and the body.
    pub(super) gap: f32,
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
pub(super) const WINDOW_PADDING: f32 = inch(0.125);

/// Folding and hole-punch marks: short lines from this far from the left edge.
pub(super) const MARK_START: f32 = mm(4.0);
pub(super) const FOLD_MARK_LENGTH: f32 = mm(5.0);
pub(super) const PUNCH_MARK_LENGTH: f32 = mm(8.0);

impl Din5008 {
    /// Width of the text in the address field, which has the body's left margin on both sides.
    pub(super) fn text_width(&self) -> f32 {
        self.field.width - 2.0 * (DIN_LEFT - self.field.left)
    }
}

impl Layout {
    pub(super) fn for_paper(paper: Paper) -> &'static Layout {
        match paper {
            Paper::A4 => &A4,
            Paper::UsLetter => &US_LETTER,
        }
    }

    /// Width of the body text.
    pub(super) fn measure(&self) -> f32 {
        self.width - self.left - self.right
    }
}
