//! The first page of a US letter: the sender's block, the date, the recipient in the window of a
//! #10 envelope and the reference, then the subject and body.

use super::super::language::Label;
use super::super::letter::{Letter, Party};
use super::address::{cleaned_lines, fit_lines, party_lines, window_lines};
use super::flow::Flow;
use super::layout::{UsLetterHead, WINDOW_PADDING};
use super::text::clean;
use super::{ADDRESS, ADDRESS_LINE_HEIGHT, BODY, LINE_HEIGHT, SENDER, SENDER_NAME};

/// The head of the first page, then the body.
pub(super) fn head(flow: &mut Flow, head: &UsLetterHead, letter: &Letter) {
    let (left, width) = (flow.layout.left, flow.layout.measure());
    sender_block(flow, head, &letter.sender);
    let date = [(clean(&letter.date_text).trim().to_string(), BODY)];
    flow.column(left, head.date_top, 0.0, width, &date);
    let address_bottom = window_recipient(flow, head, &letter.recipient);
    // An address too long for the window (which only the wildest input makes) pushes the
    // reference down rather than running into it.
    let reference_top = head
        .reference_top
        .max(address_bottom + head.reference_top - head.window.bottom());
    let subject_top = reference_line(flow, head, letter, reference_top);
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

/// The recipient in the envelope window, starting at the body's left margin; returns the
/// bottom.
fn window_recipient(flow: &mut Flow, head: &UsLetterHead, recipient: &Party) -> f32 {
    let window = head.window;
    let left = flow.layout.left;
    let width = window.left + window.width - left - WINDOW_PADDING;
    let pitch = ADDRESS.size * ADDRESS_LINE_HEIGHT;
    let room = (window.height / pitch) as usize;
    let lines = window_lines(
        flow.fonts,
        &party_lines(recipient),
        ADDRESS,
        width,
        room.max(1),
    );
    flow.stack(left, window.top, pitch, &lines)
}

/// "Reference: …" at `top`, if there is one; returns the top of the subject.
fn reference_line(flow: &mut Flow, head: &UsLetterHead, letter: &Letter, top: f32) -> f32 {
    let reference = clean(&letter.reference).trim().to_string();
    if reference.is_empty() {
        return top;
    }
    let line = [(letter.language.labelled(Label::Reference, &reference), BODY)];
    let (left, width) = (flow.layout.left, flow.layout.measure());
    flow.column(left, top, 0.0, width, &line);
    top + BODY.size * LINE_HEIGHT + head.gap
}
