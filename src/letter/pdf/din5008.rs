//! The first page of a DIN 5008 form B letter: the letterhead, the address field (the return
//! line and the recipient, for the envelope window), the info block, then the subject and body.

use super::super::language::Label;
use super::super::letter::{Letter, Party};
use super::address::{cleaned_lines, dotted_lines, one_line, party_lines, window_lines};
use super::flow::Flow;
use super::layout::Din5008;
use super::text::clean;
use super::{
    ADDRESS, ADDRESS_LINE_HEIGHT, INFO_LABEL, INFO_VALUE, LETTERHEAD, LETTERHEAD_NAME, LINE_HEIGHT,
    RETURN_LINE, RETURN_RULE_OFFSET, mm,
};

/// The head of the first page, then the body.
pub(super) fn head(flow: &mut Flow, head: &Din5008, letter: &Letter) {
    letterhead(flow, head, &letter.sender);
    let return_bottom = return_line(flow, head, &letter.sender);
    let address_bottom = recipient(flow, head, &letter.recipient, return_bottom);
    info_block(flow, head, letter);
    // An address too long for the field (which only the wildest input makes) pushes the
    // subject down rather than running into it.
    let subject_top = head
        .subject_top
        .max(address_bottom + head.subject_top - head.field.bottom());
    let body = &letter.body;
    flow.subject_and_body(&letter.subject, subject_top, head.subject_gap, body);
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

/// The sender in small underlined type at the top of the address field, on one line if it fits
/// at [`RETURN_LINE`]'s size, else on as many as it takes; returns the bottom.
fn return_line(flow: &mut Flow, head: &Din5008, sender: &Party) -> f32 {
    let (left, fonts) = (flow.layout.left, flow.fonts);
    let lines = dotted_lines(fonts, &party_lines(sender), RETURN_LINE, head.text_width());
    let top = head.field.top + mm(1.0);
    let pitch = RETURN_LINE.size * ADDRESS_LINE_HEIGHT;
    let last_top = top + pitch * lines.len().saturating_sub(1) as f32;
    // The rule clears the descenders.
    let bottom = last_top + RETURN_LINE.size * RETURN_RULE_OFFSET;
    if !lines.is_empty() {
        let widest = lines
            .iter()
            .map(|(text, style)| fonts.width(text, *style))
            .fold(0.0, f32::max);
        flow.rule(left, bottom, left + widest, bottom);
    }
    flow.stack(left, top, pitch, &lines);
    bottom
}

/// The recipient below the field's return zone, moved up (but not above the return line) when
/// the address is long; returns the bottom.
fn recipient(flow: &mut Flow, head: &Din5008, recipient: &Party, return_bottom: f32) -> f32 {
    let field = head.field;
    let pitch = ADDRESS.size * ADDRESS_LINE_HEIGHT;
    let highest = return_bottom + mm(1.0);
    let room = ((field.bottom() - highest) / pitch) as usize;
    let lines = party_lines(recipient);
    let lines = window_lines(flow.fonts, &lines, ADDRESS, head.text_width(), room.max(1));
    let top = (field.top + head.return_zone)
        .min(field.bottom() - lines.len() as f32 * pitch)
        .max(highest);
    flow.stack(flow.layout.left, top, pitch, &lines)
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
