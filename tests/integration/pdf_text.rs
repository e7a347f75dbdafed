//! The PDFs forget writes, read back in Rust (lopdf), with no system tool: each word on each
//! page with its box, in points from the page's top-left corner, and the text line by line.
//!
//! Just enough PDF for what krilla writes: the text operators (`BT`, `Tf`, `Tm`, `Td`, `TD`,
//! `T*`, `TL`, `Tc`, `Tw`, `Tz`, `Ts`, `Tj`, `TJ`, `'`, `"`), the graphics state (`q`, `Q`,
//! `cm`), composite (Identity-H) and simple fonts with their widths, the font's `ToUnicode`
//! map, and the `ActualText` of a marked span. A word's box runs from the font's ascent above
//! the baseline to its descent below (the font descriptor's, as poppler's `pdftotext -bbox`
//! measures it), and from the first glyph's origin to the last glyph's advance.
//!
//! Shared by the integration tests and the PDF unit tests (`src/letter/pdf/tests.rs`), which
//! include this file, so some of it is unused in each.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object};

/// One word on a page, in points from the page's top-left corner; its height is what the
/// font's ascent and descent make of the font size.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    /// The font size, in points on the page.
    pub font_size: f32,
    pub baseline: f32,
}

/// The words of every page of the PDF at `path`, page by page.
pub fn pages_of_file(path: &Path) -> Vec<Vec<Word>> {
    let bytes =
        std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    pages(&bytes)
}

/// The words of every page of `pdf`, page by page, in the order they are drawn.
pub fn pages(pdf: &[u8]) -> Vec<Vec<Word>> {
    let document = Document::load_mem(pdf).unwrap_or_else(|e| panic!("not a PDF lopdf reads: {e}"));
    document
        .get_pages()
        .values()
        .map(|&page| words(&glyphs(&document, page)))
        .collect()
}

/// The text of `words` line by line, top to bottom, each line's words left to right, one space
/// between them. A line is the words on one baseline.
pub fn lines(words: &[Word]) -> Vec<String> {
    let mut sorted: Vec<&Word> = words.iter().collect();
    sorted.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
    let mut lines: Vec<(f32, Vec<&Word>)> = Vec::new();
    for word in sorted {
        match lines.last_mut() {
            Some((baseline, line)) if (word.baseline - *baseline).abs() < 0.5 => line.push(word),
            _ => lines.push((word.baseline, vec![word])),
        }
    }
    lines
        .into_iter()
        .map(|(_, mut line)| {
            line.sort_by(|a, b| a.left.total_cmp(&b.left));
            let texts: Vec<&str> = line.iter().map(|word| word.text.as_str()).collect();
            texts.join(" ")
        })
        .collect()
}

/// The text of `pdf` as `pdftotext` gives it: each page's [`lines`], a form feed after each
/// page.
pub fn text(pdf: &[u8]) -> String {
    let mut text = String::new();
    for page in pages(pdf) {
        for line in lines(&page) {
            text.push_str(&line);
            text.push('\n');
        }
        text.push('\u{c}');
    }
    text
}

/// The text of the PDF at `path` (see [`text`]).
pub fn text_of_file(path: &Path) -> String {
    let bytes =
        std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text(&bytes)
}

/// One glyph as drawn: its text (empty for the second glyph of a span whose text went to the
/// first), its origin on the baseline and where its advance ends, in points from the top-left.
#[derive(Debug)]
struct Glyph {
    text: String,
    x: f32,
    end: f32,
    baseline: f32,
    size: f32,
    ascent: f32,
    descent: f32,
}

/// The glyphs put together into words: a word ends at white space, at a change of line, and
/// where the next glyph does not start where the last one ended.
fn words(glyphs: &[Glyph]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut open = false;
    for glyph in glyphs {
        let blank = !glyph.text.is_empty() && glyph.text.chars().all(char::is_whitespace);
        if blank {
            open = false;
            continue;
        }
        let top = glyph.baseline - glyph.ascent * glyph.size;
        let bottom = glyph.baseline - glyph.descent * glyph.size;
        let continues = open
            && words.last().is_some_and(|word| {
                (word.baseline - glyph.baseline).abs() < 0.01
                    && (glyph.x - word.right).abs() < 0.2 * glyph.size.max(word.font_size)
            });
        if continues {
            let word = words.last_mut().unwrap();
            word.text.push_str(&glyph.text);
            word.right = word.right.max(glyph.end);
            word.top = word.top.min(top);
            word.bottom = word.bottom.max(bottom);
            word.font_size = word.font_size.min(glyph.size);
        } else {
            words.push(Word {
                text: glyph.text.clone(),
                left: glyph.x,
                top,
                right: glyph.end,
                bottom,
                font_size: glyph.size,
                baseline: glyph.baseline,
            });
            open = true;
        }
    }
    words.retain(|word| !word.text.is_empty());
    words
}

/// An affine matrix `[a b c d e f]`, as PDF writes them (row vectors: `p' = p × M`).
#[derive(Debug, Clone, Copy)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self` then `then`.
    fn then(self, then: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = then.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn apply(self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (x * a + y * c + e, x * b + y * d + f)
    }
}

/// A font as the text operators need it: how its strings decode, how wide each code is.
struct Font<'d> {
    encoding: Option<Encoding<'d>>,
    /// Bytes per character code: 2 for a composite (Type0) font, else 1.
    code_bytes: usize,
    widths: BTreeMap<u32, f64>,
    default_width: f64,
    ascent: f64,
    descent: f64,
}

impl<'d> Font<'d> {
    fn new(document: &'d Document, font: &'d Dictionary) -> Font<'d> {
        let deref = |object: &'d Object| document.dereference(object).map(|(_, o)| o).ok();
        let number = |object: &Object| object.as_float().ok().map(f64::from);
        let composite = font.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
        let mut widths = BTreeMap::new();
        let (descriptor_owner, default_width) = if composite {
            let descendant = font
                .get(b"DescendantFonts")
                .ok()
                .and_then(deref)
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(deref)
                .and_then(|o| o.as_dict().ok())
                .expect("a composite font has a descendant font");
            // W: `c [w1 w2 …]` gives codes from c on; `c1 c2 w` gives codes c1 to c2.
            if let Some(w) = descendant
                .get(b"W")
                .ok()
                .and_then(deref)
                .and_then(|o| o.as_array().ok())
            {
                let mut i = 0;
                while i < w.len() {
                    let first = w[i].as_i64().unwrap_or(0) as u32;
                    match w.get(i + 1).and_then(deref) {
                        Some(Object::Array(list)) => {
                            for (n, width) in list.iter().enumerate() {
                                widths.insert(first + n as u32, number(width).unwrap_or(0.0));
                            }
                            i += 2;
                        }
                        Some(last) => {
                            let last = last.as_i64().unwrap_or(0) as u32;
                            let width = w.get(i + 2).and_then(number).unwrap_or(0.0);
                            for code in first..=last {
                                widths.insert(code, width);
                            }
                            i += 3;
                        }
                        None => break,
                    }
                }
            }
            let default = descendant
                .get(b"DW")
                .ok()
                .and_then(number)
                .unwrap_or(1000.0);
            (descendant, default)
        } else {
            let first = font.get(b"FirstChar").ok().and_then(number).unwrap_or(0.0) as u32;
            if let Some(list) = font
                .get(b"Widths")
                .ok()
                .and_then(deref)
                .and_then(|o| o.as_array().ok())
            {
                for (n, width) in list.iter().enumerate() {
                    widths.insert(first + n as u32, number(width).unwrap_or(0.0));
                }
            }
            (font, 0.0)
        };
        let descriptor = descriptor_owner
            .get(b"FontDescriptor")
            .ok()
            .and_then(deref)
            .and_then(|o| o.as_dict().ok());
        let metric = |key: &[u8], default: f64| {
            descriptor
                .and_then(|d| d.get(key).ok())
                .and_then(number)
                .map_or(default, |value| value / 1000.0)
        };
        Font {
            encoding: font.get_font_encoding(document).ok(),
            code_bytes: if composite { 2 } else { 1 },
            widths,
            default_width,
            ascent: metric(b"Ascent", 0.95),
            descent: metric(b"Descent", -0.35),
        }
    }

    /// The codes of `bytes`, each with its text.
    fn codes(&self, bytes: &[u8]) -> Vec<(u32, String)> {
        bytes
            .chunks(self.code_bytes)
            .map(|chunk| {
                let code = chunk.iter().fold(0u32, |code, &b| code << 8 | u32::from(b));
                let text = self
                    .encoding
                    .as_ref()
                    .and_then(|encoding| encoding.bytes_to_string(chunk).ok())
                    .unwrap_or_default()
                    .replace('\u{fffd}', "");
                (code, text)
            })
            .collect()
    }

    fn width(&self, code: u32) -> f64 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
            / 1000.0
    }
}

/// The text state that the text operators change.
struct TextState<'f, 'd> {
    font: Option<&'f Font<'d>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
    matrix: Matrix,
    line: Matrix,
}

/// The `ActualText` of the marked span being drawn: it goes to the span's first glyph.
#[derive(Default)]
struct Span {
    active: bool,
    text: Option<String>,
}

/// Every glyph on page `page`, in drawing order.
fn glyphs(document: &Document, page: lopdf::ObjectId) -> Vec<Glyph> {
    let fonts: BTreeMap<Vec<u8>, Font<'_>> = document
        .get_page_fonts(page)
        .expect("the page's fonts")
        .into_iter()
        .map(|(name, font)| (name, Font::new(document, font)))
        .collect();
    let top = page_top(document, page);
    let content = Content::decode(&document.get_page_content(page)).expect("page content");
    let number = |operands: &[Object], i: usize| -> f64 {
        operands
            .get(i)
            .and_then(|o| o.as_float().ok())
            .map_or(0.0, f64::from)
    };
    let mut glyphs = Vec::new();
    let mut ctm = Matrix::IDENTITY;
    let mut saved = Vec::new();
    let mut state = TextState {
        font: None,
        size: 0.0,
        char_spacing: 0.0,
        word_spacing: 0.0,
        scale: 1.0,
        leading: 0.0,
        rise: 0.0,
        matrix: Matrix::IDENTITY,
        line: Matrix::IDENTITY,
    };
    let mut span = Span::default();
    for operation in &content.operations {
        let operands = operation.operands.as_slice();
        let matrix = || Matrix(std::array::from_fn(|i| number(operands, i)));
        match operation.operator.as_str() {
            "q" => saved.push(ctm),
            "Q" => ctm = saved.pop().unwrap_or(Matrix::IDENTITY),
            "cm" => ctm = matrix().then(ctm),
            "BT" => {
                state.matrix = Matrix::IDENTITY;
                state.line = Matrix::IDENTITY;
            }
            "Tf" => {
                state.font = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|name| fonts.get(name));
                state.size = number(operands, 1);
            }
            "Tc" => state.char_spacing = number(operands, 0),
            "Tw" => state.word_spacing = number(operands, 0),
            "Tz" => state.scale = number(operands, 0) / 100.0,
            "TL" => state.leading = number(operands, 0),
            "Ts" => state.rise = number(operands, 0),
            "Tm" => {
                state.line = matrix();
                state.matrix = state.line;
            }
            "Td" | "TD" => {
                let (x, y) = (number(operands, 0), number(operands, 1));
                if operation.operator == "TD" {
                    state.leading = -y;
                }
                state.line = Matrix::translate(x, y).then(state.line);
                state.matrix = state.line;
            }
            "T*" => next_line(&mut state),
            "Tj" | "'" | "\"" | "TJ" => {
                let parts: &[Object] = match operation.operator.as_str() {
                    "Tj" => operands.get(..1).unwrap_or(&[]),
                    "'" => {
                        next_line(&mut state);
                        operands.get(..1).unwrap_or(&[])
                    }
                    "\"" => {
                        state.word_spacing = number(operands, 0);
                        state.char_spacing = number(operands, 1);
                        next_line(&mut state);
                        operands.get(2..3).unwrap_or(&[])
                    }
                    _ => match operands.first() {
                        Some(Object::Array(parts)) => parts,
                        _ => &[],
                    },
                };
                for part in parts {
                    match part {
                        Object::String(bytes, _) => {
                            show(&mut state, bytes, ctm, top, &mut span, &mut glyphs)
                        }
                        other => {
                            let adjustment = other.as_float().map_or(0.0, f64::from);
                            let shift = -adjustment / 1000.0 * state.size * state.scale;
                            state.matrix = Matrix::translate(shift, 0.0).then(state.matrix);
                        }
                    }
                }
            }
            "BDC" => {
                // `/Span <</ActualText (…)>> BDC`: the span's glyphs stand for that text.
                let text = operands
                    .get(1)
                    .and_then(|o| o.as_dict().ok())
                    .and_then(|d| d.get(b"ActualText").ok())
                    .and_then(|o| lopdf::decode_text_string(o).ok());
                if text.is_some() {
                    span = Span { active: true, text };
                }
            }
            "EMC" => span = Span::default(),
            _ => {}
        }
    }
    glyphs
}

fn next_line(state: &mut TextState<'_, '_>) {
    state.line = Matrix::translate(0.0, -state.leading).then(state.line);
    state.matrix = state.line;
}

/// Draws the string `bytes` in the current font: one glyph per character code.
fn show(
    state: &mut TextState<'_, '_>,
    bytes: &[u8],
    ctm: Matrix,
    top: f64,
    span: &mut Span,
    glyphs: &mut Vec<Glyph>,
) {
    let Some(font) = state.font else {
        return;
    };
    for (code, text) in font.codes(bytes) {
        let width = font.width(code);
        let rendering = Matrix([
            state.size * state.scale,
            0.0,
            0.0,
            state.size,
            0.0,
            state.rise,
        ])
        .then(state.matrix)
        .then(ctm);
        let (x, y) = rendering.apply(0.0, 0.0);
        let (end, _) = rendering.apply(width, 0.0);
        let [_, _, c, d, _, _] = rendering.0;
        // A span's text goes to its first glyph; its other glyphs add none.
        let text = if span.active {
            span.text.take().unwrap_or_default()
        } else {
            text
        };
        glyphs.push(Glyph {
            text,
            x: x as f32,
            end: end as f32,
            baseline: (top - y) as f32,
            size: c.hypot(d) as f32,
            ascent: font.ascent as f32,
            descent: font.descent as f32,
        });
        let spacing = if font.code_bytes == 1 && code == 32 {
            state.word_spacing
        } else {
            0.0
        };
        let advance = (width * state.size + state.char_spacing + spacing) * state.scale;
        state.matrix = Matrix::translate(advance, 0.0).then(state.matrix);
    }
}

/// The top of the page's media box, inherited from the page tree where the page has none.
fn page_top(document: &Document, page: lopdf::ObjectId) -> f64 {
    let mut node = document.get_dictionary(page).ok();
    while let Some(dictionary) = node {
        if let Ok(Object::Array(media_box)) = dictionary.get(b"MediaBox") {
            let value = |i: usize| {
                media_box
                    .get(i)
                    .and_then(|o| o.as_float().ok())
                    .map_or(0.0, f64::from)
            };
            return value(1).max(value(3));
        }
        node = dictionary
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| document.get_dictionary(id))
            .ok();
    }
    panic!("the page has no media box")
}
