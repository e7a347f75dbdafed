//! Whole letters rendered and read back in Rust (the integration tests' `pdf_text.rs`, with
//! lopdf: no system tool), and the head's window checked item by item.

use chrono::NaiveDate;

use super::super::language::Language;
use super::super::letter::{Block, Paper, Party};
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

/// The reader of the integration tests, shared.
#[path = "../../../tests/integration/pdf_text.rs"]
mod pdf_text;

/// The text of `pdf` read back, with runs of white space made single spaces, and its number of
/// pages.
fn read_back(pdf: &[u8]) -> (String, usize) {
    let text = pdf_text::text(pdf);
    let pages = text.matches('\u{c}').count();
    (text.split_whitespace().collect::<Vec<_>>().join(" "), pages)
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
    let (text, pages) = read_back(&pdf);
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
    let (text, _) = read_back(&render(&letter).unwrap());
    assert!(text.contains("Mein Zeichen: FGT-7Q2K-9XMP"), "{text}");
    assert!(text.contains("E-Mail: jurgen@example.org"), "{text}");
}

#[test]
fn a_us_letter_round_trips() {
    let letter = sample(Paper::UsLetter, Language::En);
    check_round_trip(&letter);
    let (text, _) = read_back(&render(&letter).unwrap());
    assert!(text.contains("Reference: FGT-7Q2K-9XMP"), "{text}");
}

#[test]
fn a_short_letter_has_one_page_and_no_footer() {
    let mut letter = sample(Paper::A4, Language::En);
    letter.body.truncate(3);
    let pdf = render(&letter).unwrap();
    let (text, pages) = read_back(&pdf);
    assert_eq!(pages, 1);
    assert!(!text.contains("1 / 1"), "{text}");
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

const HAMBURG: &str = "Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit";

/// The text on the first page whose baseline is in the envelope window, top to bottom.
fn window_text(letter: &Letter) -> Vec<(String, Style, f32, f32)> {
    let layout = Layout::for_paper(letter.paper);
    let fonts = Fonts::get().unwrap();
    let window = match &layout.head {
        Head::Din5008(head) => head.field,
        Head::UsLetter(head) => head.window,
    };
    let pages = lay_out(letter, layout, fonts);
    pages[0]
        .iter()
        .filter_map(|item| match item {
            flow::Item::Text {
                x,
                baseline,
                style,
                text,
            } if *x < window.left + window.width
                && (window.top..window.bottom()).contains(baseline) =>
            {
                let right = x + fonts.width(text, *style);
                Some((text.clone(), *style, *baseline, right))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn a_long_authority_name_is_wrapped_in_the_window_not_shrunk_below_8_pt() {
    for paper in [Paper::A4, Paper::UsLetter] {
        let mut letter = sample(paper, Language::De);
        letter.recipient = Party {
            name: HAMBURG.into(),
            email: None,
            address: vec![
                "Ludwig-Erhard-Straße 22, 7. OG".into(),
                "20459 Hamburg".into(),
                "Deutschland".into(),
            ],
        };
        let window = window_text(&letter);
        let texts: Vec<&str> = window.iter().map(|(text, ..)| text.as_str()).collect();
        let address = [
            "Der Hamburgische Beauftragte für",
            "Datenschutz und Informationsfreiheit",
            "Ludwig-Erhard-Straße 22, 7. OG",
            "20459 Hamburg",
            "Deutschland",
        ];
        assert!(texts.ends_with(&address), "{paper:?}: {texts:?}");
        for (text, style, ..) in &window {
            assert!(
                style.size >= MIN_WINDOW_FONT_SIZE,
                "{paper:?}: {text} {style:?}"
            );
        }
        for (text, style, ..) in &window[window.len() - address.len()..] {
            assert_eq!(*style, ADDRESS, "{paper:?}: {text}");
        }
    }
}

#[test]
fn a_crowded_window_keeps_every_line_at_8_pt_or_more_and_inside_the_field() {
    for paper in [Paper::A4, Paper::UsLetter] {
        let mut letter = sample(paper, Language::De);
        letter.sender.name =
            "Prof. Dr. Maximiliane Theodora von und zu Hohenzollern-Sigmaringen".into();
        letter.sender.address = vec![
            "c/o Landesbetrieb für Informationstechnik, Abteilung Posteingang".into(),
            "Ludwig-Erhard-Straße 22".into(),
            "20459 Hamburg".into(),
        ];
        letter.recipient = Party {
            name: HAMBURG.into(),
            email: None,
            address: vec![
                "Referat für Beschwerden über Unternehmen außerhalb der Europäischen Union".into(),
                "Ludwig-Erhard-Straße 22, 7. OG".into(),
                "Postfach 12 34 56".into(),
                "20459 Hamburg".into(),
                "Deutschland".into(),
            ],
        };
        let window = window_text(&letter);
        let layout = Layout::for_paper(paper);
        let (right, bottom) = match &layout.head {
            Head::Din5008(head) => (layout.left + head.text_width(), head.field.bottom()),
            Head::UsLetter(head) => (head.window.left + head.window.width, head.window.bottom()),
        };
        for (text, style, baseline, end) in &window {
            assert!(
                style.size >= MIN_WINDOW_FONT_SIZE,
                "{paper:?}: {text} {style:?}"
            );
            assert!(*end <= right + 0.01, "{paper:?}: {text} ends at {end}");
            let descent = 0.25 * style.size;
            assert!(
                baseline + descent <= bottom,
                "{paper:?}: {text} at {baseline}"
            );
        }
        let all: String = window.iter().map(|(text, ..)| text.as_str()).collect();
        for word in ["Informationsfreiheit", "Europäischen", "Postfach"] {
            assert!(
                all.contains(word),
                "{paper:?}: {word} is missing from {all}"
            );
        }
        if paper == Paper::A4 {
            assert!(
                all.contains("Hohenzollern-Sigmaringen"),
                "the return line: {all}"
            );
        }
        let texts: Vec<&str> = window.iter().map(|(text, ..)| text.as_str()).collect();
        assert!(
            texts.ends_with(&["20459 Hamburg", "Deutschland"]),
            "{paper:?}: {texts:?}"
        );
    }
}
