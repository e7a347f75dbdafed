//! The embedded font, DejaVu Sans (regular and bold): loaded once, and measured glyph by glyph.

use std::sync::OnceLock;

use anyhow::{Result, anyhow};
use krilla::text::{Font, KrillaGlyph};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, GlyphId, MetadataProvider};

use super::{MIN_FONT_SIZE, Style, Weight};

/// One font: krilla's handle to embed it, and skrifa's tables to measure text with.
pub(super) struct Face {
    pub(super) font: Font,
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
    /// Ascent as a fraction of the font size.
    pub(super) ascent: f32,
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
    pub(super) fn advance(&self, c: char) -> f32 {
        let glyph = self.charmap.map(c).unwrap_or(GlyphId::NOTDEF);
        self.metrics.advance_width(glyph).unwrap_or(0.0) / self.units_per_em
    }

    /// Width of `text` in points at `size` (without kerning, which only tightens it a little).
    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// `text` as glyphs, one per character at its advance, exactly as it was measured, for text
    /// that needs no shaping (see [`unshaped`]): shaping each line was a third of the time a PDF
    /// took. Each glyph keeps its character, so the text can be copied and searched in the PDF.
    pub(super) fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
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
pub(super) fn unshaped(c: char) -> bool {
    (c < '\u{300}' && !c.is_control() && c != '\u{AD}')
        || ('\u{2010}'..='\u{2027}').contains(&c)
        || ('\u{2030}'..='\u{205E}').contains(&c)
        || c == '€'
}

/// DejaVu Sans, regular and bold, read once per process.
pub(super) struct Fonts {
    pub(super) regular: Face,
    bold: Face,
}

static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();

impl Fonts {
    pub(super) fn get() -> Result<&'static Fonts> {
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

    pub(super) fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    pub(super) fn width(&self, text: &str, style: Style) -> f32 {
        self.face(style.weight).width(text, style.size)
    }

    /// `style`, made smaller if need be (down to [`MIN_FONT_SIZE`]) for `text` to fit `width`.
    pub(super) fn fitted(&self, text: &str, style: Style, width: f32) -> Style {
        self.shrunk(text, style, width, MIN_FONT_SIZE)
    }

    /// `style`, made smaller if need be for `text` to fit `width`, but not below `floor` (nor
    /// below its own size).
    pub(super) fn shrunk(&self, text: &str, style: Style, width: f32, floor: f32) -> Style {
        let natural = self.width(text, style);
        if natural <= width {
            style
        } else {
            let floor = floor.min(style.size);
            style.sized((style.size * width / natural).max(floor))
        }
    }
}
