//! The pages' items drawn into the PDF by krilla, with the document's metadata.

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
use krilla::text::TextDirection;

use super::super::letter::Letter;
use super::flow::{Item, Page};
use super::fonts::{Fonts, unshaped};
use super::layout::Layout;
use super::text::clean;
use super::{GREY, HAIRLINE};

pub(super) fn metadata(letter: &Letter) -> Metadata {
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

pub(super) fn draw(
    pages: &[Page],
    layout: &Layout,
    fonts: &Fonts,
    metadata: Metadata,
) -> Result<Vec<u8>> {
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
