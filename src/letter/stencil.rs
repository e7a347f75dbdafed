//! Letters that differ only in who asks, rendered once: a batch writes thousands of letters from
//! the same template, residence and company, so the template is rendered once with markers where
//! the person's name, e-mail, reference and address lines go, and each letter is that text with
//! the markers filled in.
//!
//! The shortcut is taken only where it gives the very letter the template would: the template
//! set must use those values only as they are (the check is [`TemplateSet::stencil_safe`]), and
//! two renderings with different markers must agree once filled in. Everything else the template
//! sees is part of the cache key, so any other difference renders afresh.

use std::collections::HashMap;

use anyhow::Result;

use super::context::LetterContext;
use super::person::{Person, Settlement};
use super::template_set::TemplateSet;

/// Brackets a marker. A private-use character: a person's details that contain it are rendered
/// the slow way.
const MARK: char = '\u{F8FF}';

/// How many shapes of person (address lines, photo offered or not) a frame keeps stencils for
/// before it starts over.
const CAPACITY: usize = 64;

/// Where a person's detail goes in a rendered letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Name,
    Email,
    Reference,
    AddressLine(usize),
}

impl Slot {
    fn number(self) -> usize {
        match self {
            Slot::Name => 0,
            Slot::Email => 1,
            Slot::Reference => 2,
            Slot::AddressLine(line) => 3 + line,
        }
    }

    fn from_number(number: usize) -> Slot {
        match number {
            0 => Slot::Name,
            1 => Slot::Email,
            2 => Slot::Reference,
            n => Slot::AddressLine(n - 3),
        }
    }
}

/// The two sets of markers. The second has spaces, both cases, digits and the characters an
/// escaping filter would change, so that a template that changes a value fails the comparison.
#[derive(Debug, Clone, Copy)]
enum Markers {
    First,
    Second,
}

impl Markers {
    fn marker(self, slot: Slot) -> String {
        match self {
            Markers::First => format!("{MARK}{}{MARK}", slot.number()),
            Markers::Second => format!("{MARK}{} Ab<&>'\"/{MARK}", slot.number()),
        }
    }
}

/// A rendered text cut at its markers.
#[derive(Debug)]
enum Piece {
    Text(String),
    Slot(Slot),
}

/// A letter's subject and body with its person left out.
#[derive(Debug)]
struct Stencil {
    subject: Vec<Piece>,
    body: Vec<Piece>,
}

/// The details a stencil is filled with.
struct Details<'a> {
    name: &'a str,
    email: &'a str,
    reference: &'a str,
    address: &'a [String],
}

impl Details<'_> {
    fn value(&self, slot: Slot) -> &str {
        match slot {
            Slot::Name => self.name,
            Slot::Email => self.email,
            Slot::Reference => self.reference,
            Slot::AddressLine(line) => self.address.get(line).map_or("", String::as_str),
        }
    }
}

/// One template rendered for one context (a [`Frame`](super::Frame)'s), once for each shape of
/// person: how many address lines they have and whether they offer a photo.
#[derive(Debug, Default)]
pub struct Stencils {
    /// `None` where the shortcut does not give the template's letter.
    cache: HashMap<(Option<usize>, bool, Settlement), Option<Stencil>, foldhash::fast::RandomState>,
}

impl Stencils {
    pub fn new() -> Stencils {
        Stencils::default()
    }

    /// The subject and body of the template `name` for `context` (whose person and reference are
    /// blank) with `person` and `reference` in it: what [`TemplateSet::render`] gives, taken
    /// from the stencil of the person's shape where it can be.
    pub fn render(
        &mut self,
        templates: &TemplateSet,
        name: &str,
        context: &LetterContext,
        person: &Person,
        reference: &str,
    ) -> Result<(String, String)> {
        let plain = [person.name.as_str(), &person.email, reference]
            .into_iter()
            .chain(person.address.iter().map(String::as_str))
            .all(|value| !value.contains(MARK));
        if !plain || !templates.stencil_safe() || context.original.is_some() {
            return templates.render(name, &context.for_person(person, reference));
        }
        let lines = (!person.address.is_empty()).then_some(person.address.len());
        let key = (lines, person.offer_photo, person.settlement);
        if !self.cache.contains_key(&key) && self.cache.len() >= CAPACITY {
            self.cache.clear();
        }
        let stencil = self
            .cache
            .entry(key)
            .or_insert_with(|| {
                let mut first = context.clone();
                first.person.offer_photo = person.offer_photo;
                first.person.settlement = person.settlement.known();
                mark(&mut first, Markers::First, lines);
                make(templates, name, &first, lines)
            })
            .as_ref();
        let details = Details {
            name: &person.name,
            email: &person.email,
            reference,
            address: &person.address,
        };
        match stencil {
            Some(stencil) => Ok((
                fill(&stencil.subject, &details),
                fill(&stencil.body, &details),
            )),
            // The slow way, with the person's own details.
            None => templates.render(name, &context.for_person(person, reference)),
        }
    }
}

/// Puts `markers` where the person's details go (`lines` address lines, if there is an address).
fn mark(context: &mut LetterContext, markers: Markers, lines: Option<usize>) {
    context.person.name = markers.marker(Slot::Name);
    context.person.email = markers.marker(Slot::Email);
    context.reference = markers.marker(Slot::Reference);
    context.person.address = lines.map(|lines| {
        (0..lines)
            .map(|line| markers.marker(Slot::AddressLine(line)))
            .collect()
    });
}

/// Renders the template with both sets of markers; the stencil, if the second rendering is the
/// first with its markers swapped, or `None` (also when the template fails: the slow way then
/// says why).
fn make(
    templates: &TemplateSet,
    name: &str,
    first: &LetterContext,
    lines: Option<usize>,
) -> Option<Stencil> {
    let (subject, body) = templates.render(name, first).ok()?;
    let mut second = first.clone();
    mark(&mut second, Markers::Second, lines);
    let (second_subject, second_body) = templates.render(name, &second).ok()?;
    let lines = lines.unwrap_or(0);
    let stencil = Stencil {
        subject: cut(&subject, lines)?,
        body: cut(&body, lines)?,
    };
    let swapped = |pieces: &[Piece]| -> String {
        let mut out = String::new();
        for piece in pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Slot(slot) => out.push_str(&Markers::Second.marker(*slot)),
            }
        }
        out
    };
    (swapped(&stencil.subject) == second_subject && swapped(&stencil.body) == second_body)
        .then_some(stencil)
}

/// `text` cut at its first markers; `None` if it has a marker that is not one whole.
fn cut(text: &str, lines: usize) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut parts = text.split(MARK);
    let mut outside = true;
    // Split alternates between text and marker contents, starting and ending with text.
    for part in parts.by_ref() {
        if outside {
            if !part.is_empty() {
                pieces.push(Piece::Text(part.to_string()));
            }
        } else {
            let number: usize = part.parse().ok()?;
            if number >= 3 + lines || part != number.to_string() {
                return None;
            }
            pieces.push(Piece::Slot(Slot::from_number(number)));
        }
        outside = !outside;
    }
    // An even number of parts means a marker was left open.
    (!outside).then_some(pieces)
}

/// The stencil `pieces` filled in with `details`.
fn fill(pieces: &[Piece], details: &Details<'_>) -> String {
    let size = pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.len(),
            Piece::Slot(slot) => details.value(*slot).len(),
        })
        .sum();
    let mut out = String::with_capacity(size);
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Slot(slot) => out.push_str(details.value(*slot)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::plain_uses::plain_uses;
    use chrono::NaiveDate;

    use super::*;
    use crate::decide::decide;
    use crate::letter::{Frame, LetterKind, LetterRequest, Person, compose_decided, format};
    use crate::residence::Residence;
    use crate::rules::{RequestKind, RuleSet, RulesLocation};

    fn rules() -> RuleSet {
        RuleSet::check(&RulesLocation::Embedded)
            .rules
            .expect("the built-in rules load")
    }

    #[test]
    fn the_built_in_templates_use_the_person_plainly() {
        let templates = TemplateSet::load(None).unwrap();
        for file in templates.files.values() {
            assert!(plain_uses(&file.text), "{}", file.name);
        }
        assert!(templates.stencil_safe());
    }

    #[test]
    fn a_changed_or_compared_detail_is_not_plain() {
        for text in [
            "{{ person.name | upper }}",
            "{{ person.email | length }}",
            "{{ person.name ~ \"x\" }}",
            "{{ \"}}\" ~ person.name }}",
            "{% if person.name == \"Bob\" %}x{% endif %}",
            "{% if person.address | length > 2 %}x{% endif %}",
            "{% if person.address.0 %}x{% endif %}",
            "{% for line in person.address %}{{ line }}{% endfor %}",
            "{% set n = person.name %}",
            "{% set n %}{{ person.name }}{% endset %}{% if n == \"Bob\" %}x{% endif %}",
            "{{ person }}",
            "{{ person[\"name\"] }}",
            "{{ __tera_context }}",
            "{{ reference | truncate(length=3) }}",
            "{{ person.name",
            "{# unclosed {{ person.name }}",
            // Found by review: each gave a letter other than the template's.
            "{% if \"Paris\" in (person.address) %}P{% endif %}",
            "{% if (person.address)[0] == \"VIP\" %}V{% endif %}",
            "{% if (person.address) | first | length > 20 %}L{% endif %}",
            "{% if (\"\" or (person.address)) | first | length > 20 %}L{% endif %}",
            "{% if person.address is none %}N{% endif %}",
            "{% if \"x\" in person.address %}X{% endif %}",
            "{% set n | default(value=\"\") %}{{ person.name }}{% endset %}",
            "[{% filter trim %}{{ person.name }}{% endfilter %}]",
            "{% component vip() %}{% if body == \"Bob\" %}V{% endif %}{% endcomponent vip %}\
             {% <vip> %}{{ person.name }}{% </vip> %}",
            "{% raw %}{#{% endraw %}{% if person.name == \"Bob\" %}VIP {% endif %}",
            "{% raw %}{{ \"{% endraw %}{% if person.email is ending_with(pat='@vip.org') %}V\
             {% endif %}{% raw %}\" }}{% endraw %}",
            "{{ super() | upper }}",
            "{% if super() == \"x\" %}x{% endif %}",
            "{%- raw -%}{{ person.name | upper }}",
            // Found by the second review (harmless there, refused all the same).
            "{% if 1in person.address %}x{% endif %}",
            "{% if 1.0is person.address %}x{% endif %}",
            "{{ -reference }}",
        ] {
            assert!(!plain_uses(text), "{text}");
        }
        for text in [
            "Dear {{ person.name }}, {{- person.email -}} {{ reference }}",
            "{{ person.address | join(sep=\", \") }}",
            "{%- if person.address and deadline %}x{% elif not person.address %}y{% endif -%}",
            "{% if person.offer_photo or regime.id == \"gdpr\" -%}x{%- endif %}",
            "{% if person.settlement == \"member\" %}m{% elif not person.settlement %}u{% endif %}",
            "{{ original.reference }} {{ p.reference }} person.name outside a tag",
            "{# {{ person.name | upper }} #}",
            "{% set x = regime.id %}{{ x | upper }}",
            "{% raw %}{{ person.name | upper }}{% endraw %}{{ person.name }}",
            "{%- raw -%}{{ person.name | upper }}{%- endraw %}",
            "{% raw %}{{ Straße }}{% if x → y %}{% endraw %}{{ Straße }} {{ \"→\" }}",
            "{% block request %}{{ super() }}{% endblock request %}",
        ] {
            assert!(plain_uses(text), "{text}");
        }
    }

    /// The settlement statuses the people below take in turn.
    const SETTLEMENTS: [Settlement; 3] = [
        Settlement::Unknown,
        Settlement::Member,
        Settlement::Excluded,
    ];

    /// Every built-in template, for people with every shape of details, rendered through the
    /// cache and the plain way: the same letters.
    #[test]
    fn letters_from_the_cache_are_the_letters_rendered_afresh() {
        let rules = rules();
        let templates = TemplateSet::load(None).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let controller = rules.controller("clearview-ai").unwrap();
        let people = [
            ("Ada Lovelace", "ada@example.org", vec![], false),
            (
                "Zoë O'Brien & <Co>",
                "zoe@example.org",
                vec!["Rue 1", "75002 Paris"],
                true,
            ),
            ("  spaced  ", "s@example.org", vec!["One line"], false),
            (
                "{{ person.name }} \u{F8FF}0\u{F8FF}",
                "m@example.org",
                vec![],
                true,
            ),
            (
                "Ἀλέξανδρος",
                "a@example.org",
                vec!["Οδός 1", "Αθήνα", "GR"],
                true,
            ),
            // Ada's shape, but not her settlement status: not her stencil.
            ("Bea Ray", "bea@example.org", vec![], false),
        ];
        let mut letters = 0;
        let mut stencils = 0;
        // Each shape twice: the second person of a shape gets the first one's stencil.
        let shapes = people.len();
        let people =
            people
                .iter()
                .chain(&people)
                .enumerate()
                .map(|(i, (name, email, address, photo))| {
                    (
                        format!("{name} {i}"),
                        format!("{i}{email}"),
                        address.clone(),
                        *photo,
                        SETTLEMENTS[i % shapes % SETTLEMENTS.len()],
                    )
                });
        let people: Vec<_> = people.collect();
        for code in [
            "DE-HH", "FR", "GB", "CA-QC", "CA-ON", "CA-AB", "CA-BC", "US-IL", "US-CA", "AU",
        ] {
            let residence = Residence::parse(code).unwrap();
            let decision = decide(
                &rules,
                residence.clone(),
                Some(controller),
                None,
                today,
                Some(today),
            );
            for &(_, kind) in RequestKind::CHOICES {
                let mut frame = None;
                for (name, email, address, offer_photo, settlement) in &people {
                    let request = LetterRequest {
                        residence: residence.clone(),
                        controller,
                        kind: LetterKind::Request(kind),
                        person: Person {
                            name: name.clone(),
                            email: email.clone(),
                            address: address.iter().map(|l| l.to_string()).collect(),
                            offer_photo: *offer_photo,
                            settlement: *settlement,
                        },
                        language: None,
                        regime: None,
                        date: today,
                        reference: Some(format!("REF-{code}-{email}")),
                        original: None,
                    };
                    let plain = compose_decided(&rules, &templates, &request, &decision);
                    // One frame for everyone, made with the first person's request.
                    let frame = frame.get_or_insert_with(|| {
                        Frame::new(&rules, &templates, &request, &decision).map(|mut frame| {
                            frame.keep_stencils();
                            frame
                        })
                    });
                    let cached = match frame {
                        Ok(frame) => frame.fill(&request.person, request.reference.as_deref()),
                        Err(error) => Err(anyhow::anyhow!("{error:#}")),
                    };
                    match (plain, cached) {
                        (Ok(plain), Ok(cached)) => {
                            assert_eq!(
                                format::text(&cached.letter),
                                format::text(&plain.letter),
                                "{code} {kind:?} {name}"
                            );
                            letters += 1;
                        }
                        (Err(plain), Err(cached)) => {
                            assert_eq!(format!("{cached:#}"), format!("{plain:#}"));
                        }
                        (plain, cached) => panic!(
                            "{code} {kind:?}: {:?} against {:?}",
                            plain.map(|_| ()),
                            cached.map(|_| ())
                        ),
                    }
                }
                if let Some(Ok(frame)) = &frame {
                    let cache = &frame.stencils().expect("kept").cache;
                    assert!(cache.values().all(Option::is_some));
                    stencils += cache.len();
                }
            }
        }
        assert!(letters > 100, "only {letters} letters");
        // Rendered once per shape of person, not once per person.
        assert!(stencils <= letters / 2, "{stencils} for {letters}");
    }

    #[test]
    fn a_template_that_changes_a_detail_is_rendered_afresh() {
        let rules = rules();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let controller = rules.controller("clearview-ai").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("en")).unwrap();
        let gdpr = TemplateSet::load(None).unwrap().files["en/gdpr.tera"]
            .text
            .clone();
        std::fs::write(
            dir.path().join("en/gdpr.tera"),
            gdpr.replace(
                "{%- endblock request %}",
                "{{ person.name | upper }}{%- endblock request %}",
            ),
        )
        .unwrap();
        let templates = TemplateSet::load(Some(dir.path())).unwrap();
        assert!(templates.files["en/gdpr.tera"].text.contains("upper"));
        assert!(!templates.stencil_safe());
        let residence = Residence::parse("DE-HH").unwrap();
        let decision = decide(
            &rules,
            residence.clone(),
            Some(controller),
            None,
            today,
            Some(today),
        );
        let mut frame = None;
        for name in ["Ada", "Bob"] {
            let request = LetterRequest {
                residence: residence.clone(),
                controller,
                kind: LetterKind::Request(RequestKind::Access),
                person: Person {
                    name: name.to_string(),
                    email: format!("{name}@example.org"),
                    address: Vec::new(),
                    offer_photo: false,
                    settlement: Settlement::Unknown,
                },
                language: None,
                regime: None,
                date: today,
                reference: None,
                original: None,
            };
            let frame = frame.get_or_insert_with(|| {
                let mut frame = Frame::new(&rules, &templates, &request, &decision).unwrap();
                frame.keep_stencils();
                frame
            });
            let letter = frame.fill(&request.person, None).unwrap().letter;
            assert!(format::text(&letter).contains(&name.to_uppercase()));
        }
        assert!(frame.unwrap().stencils().unwrap().cache.is_empty());
    }

    #[test]
    fn markers_are_cut_only_when_whole() {
        let pieces = cut("a\u{F8FF}0\u{F8FF}b\u{F8FF}3\u{F8FF}", 1).unwrap();
        let details = Details {
            name: "N",
            email: "",
            reference: "",
            address: &["L".to_string()],
        };
        assert_eq!(fill(&pieces, &details), "aNbL");
        // A marker left open, one that is not a number, or one past the address.
        assert!(cut("a\u{F8FF}0", 0).is_none());
        assert!(cut("\u{F8FF}x\u{F8FF}", 0).is_none());
        assert!(cut("\u{F8FF}3\u{F8FF}", 0).is_none());
        assert!(cut("\u{F8FF}03\u{F8FF}", 1).is_none());
    }
}
