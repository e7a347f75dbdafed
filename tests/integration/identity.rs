//! What a request letter says about identity and about what forget knows (issue 20, points 2-4, 6,
//! 8 and 9): each law's proof of identity, honestly; a photo offered to a company that finds people
//! by their face, only to find the records; nothing about faces told to a company the person typed
//! in; a due date named only as the one that applies if the letter arrives on its date; the CCPA
//! opt-out and the UK's recognised legitimate interests; French letters without English fragments.

use crate::test::{assert_contains, assert_lacks, clearview, flat, forget, letter_args};
use crate::wizard::replay_on;

/// The date every letter here is written on: a Friday.
const DATE: &str = "2026-12-04";

/// A request letter to `controller`, as text, from Jane Doe at `residence`, dated [`DATE`].
fn letter_to(controller: &str, residence: &str, kind: &str, extra: &[&str]) -> String {
    let test = forget(letter_args(controller, residence, kind))
        .args(["--name", "Jane Doe", "--email", "jane@example.org"])
        .args(["--request-date", DATE])
        .args(extra);
    flat(&test.ok().stdout)
}

/// A request letter to Clearview AI (which finds people by their face), dated [`DATE`].
fn to_clearview(residence: &str, kind: &str, extra: &[&str]) -> String {
    letter_to("clearview-ai", residence, kind, extra)
}

/// The letter the wizard writes to a company the person typed in (not in forget's rules).
fn to_unlisted(company_country: &str, residence: &str, kind: &str, lang: &str) -> String {
    let (dir, test) = replay_on(
        DATE,
        &format!(
            "controller = \"not-listed\"\n\
             company_name = \"Gimnasio Sol SL\"\n\
             company_email = \"privacidad@gimnasio.example\"\n\
             company_country = \"{company_country}\"\n\
             residence = \"{residence}\"\n\
             kind = \"{kind}\"\n\
             name = \"Jane Doe\"\n\
             email = \"jane@example.org\"\n\
             lang = \"{lang}\"\n\
             deliver = \"text\"\n\
             out = \"letter.txt\"\n"
        ),
    );
    test.args(["--no-record"]).ok();
    flat(&std::fs::read_to_string(dir.path().join("letter.txt")).unwrap())
}

/// The body of a letter: from the salutation on (the address block is laid out by forget, not
/// written by a template).
fn body(letter: &str) -> &str {
    [
        "Dear Sir or Madam",
        "Sehr geehrte Damen und Herren",
        "Madame, Monsieur",
    ]
    .iter()
    .find_map(|s| letter.find(s))
    .map_or(letter, |at| &letter[at..])
}

/// Sentences of a flattened text (good enough for these letters: split after ". ").
fn sentences(text: &str) -> Vec<&str> {
    text.split(". ").collect()
}

/// What no request letter may say: that the company may not ask for any proof at all.
const NO_PROOF_AT_ALL: &[&str] = &[
    "do not ask me for a photo",
    "do not ask me for a photo or for a copy of an identity document",
    "ne me demander ni photo",
    "weder ein Foto noch",
];

#[test]
fn a_face_search_company_is_offered_a_photo_only_to_find_the_records() {
    // In the first letter, whether or not the person chose to offer one: on request, or now.
    for (extra, offer) in [
        (
            &[][..],
            "I will give you on request one recent photo of my face",
        ),
        (
            &["--offer-photo"][..],
            "I offer you now one recent photo of my face",
        ),
    ] {
        for kind in ["access", "erasure"] {
            let letter = to_clearview("DE-HH", kind, extra);
            for needle in [
                offer,
                "may truthfully find nothing",
                "Art. 11(2) GDPR",
                "(Art. 5(1)(b) GDPR)",
                "do not add it to your index or to any other database",
                "delete it, with anything computed from it, as soon as you have handled this request",
                "it is not a check of my identity",
                "I will not send a copy of an identity document unless you tell me of a concrete, reasonable doubt",
            ] {
                assert_contains(&letter, needle);
            }
            for needle in NO_PROOF_AT_ALL {
                assert_lacks(&letter, needle);
            }
            // Art. 12(6) is cited against an identity document, never against the photo.
            for sentence in sentences(&letter).iter().filter(|s| s.contains("12(6)")) {
                assert!(
                    !sentence.contains("photo"),
                    "Art. 12(6) against the photo: {sentence}"
                );
            }
        }
    }
    // The same offer in German and French, with the purpose limitation in their own words.
    let german = to_clearview("DE-HH", "erasure", &["--lang", "de"]);
    assert_contains(
        &german,
        "stelle ich Ihnen auf Anfrage ein aktuelles Foto meines Gesichts zur Verfügung",
    );
    assert_contains(&german, "(Art. 5 Abs. 1 lit. b DSGVO)");
    assert_contains(
        &german,
        "Sie nehmen es weder in Ihren Index noch in eine andere Datenbank auf",
    );
    let french = to_clearview("FR", "erasure", &["--lang", "fr", "--offer-photo"]);
    assert_contains(
        &french,
        "je vous propose dès à présent une photo récente de mon visage",
    );
    assert_contains(&french, "(article 5, paragraphe 1, point b), du RGPD)");
    assert_contains(
        &french,
        "elle n'est ajoutée ni à votre index ni à aucune autre base de données",
    );
    // Every other law's letter to a face-search company offers the photo too.
    for (residence, kind, regime) in [
        ("GB", "erasure", "uk-gdpr"),
        ("CA-ON", "access", "pipeda"),
        ("CA-QC", "erasure", "quebec-private-sector"),
        ("CA-BC", "access", "bc-pipa"),
        ("CA-AB", "access", "alberta-pipa"),
        ("US-CA", "access", "ccpa"),
        ("US-CA", "opt-out", "ccpa"),
        ("AU", "access", "australia-privacy-act"),
    ] {
        let letter = to_clearview(residence, kind, &["--regime", regime, "--lang", "en"]);
        assert_contains(&letter, "one recent photo of my face");
        assert_contains(&letter, "do not add it to your index");
        for needle in NO_PROOF_AT_ALL {
            assert_lacks(&letter, needle);
        }
    }
    // PimEyes finds people by their face as well.
    let pimeyes = letter_to("pimeyes", "DE-BE", "erasure", &["--lang", "en"]);
    assert_contains(&pimeyes, "You find people by their face, not by their name");
}

#[test]
fn a_uk_access_request_asks_for_a_search_by_the_face_in_the_photo() {
    let letter = to_clearview("GB", "access", &[]);
    assert_contains(
        &letter,
        "Art. 15(1A) UK GDPR asks you for a reasonable and proportionate search",
    );
    assert_contains(
        &letter,
        "a search by the template of the photo I will give you on request",
    );
    assert_contains(&letter, "plainly proportionate");
    // Only identity information asked for on a reasonable doubt moves the start of Art. 12A's month.
    assert_contains(
        &letter,
        "moves the start of the month you have to answer (Art. 12A UK GDPR)",
    );
    // A company that does not search by face is asked for a search by the details given.
    let experian = letter_to("experian-gb", "GB", "access", &[]);
    assert_contains(
        &experian,
        "A search of your systems by the details above is both.",
    );
    assert_lacks(&experian, "photo");
}

#[test]
fn a_company_that_does_not_search_by_face_is_told_when_it_may_ask_for_proof() {
    let letter = letter_to("experian-gb", "GB", "erasure", &[]);
    assert_contains(
        &letter,
        "Art. 12(6) UK GDPR allows you to ask for additional information to confirm my identity only where you have reasonable doubts about it",
    );
    assert_contains(&letter, "ask only for what is necessary to resolve it");
    assert_contains(
        &letter,
        "I can confirm that this request comes from me by answering you from the e-mail address above",
    );
    for needle in NO_PROOF_AT_ALL {
        assert_lacks(&letter, needle);
    }
    // The EU letter adds what the EDPB says of identity documents.
    let eu = to_unlisted("ES", "ES", "access", "en");
    assert_contains(
        &eu,
        "a copy of an identity document is generally not appropriate for that (EDPB Guidelines 01/2022 on the right of access)",
    );
}

#[test]
fn no_letter_tells_a_quebec_company_it_may_not_ask_for_proof_of_identity() {
    for (regime, kind, lang) in [
        ("quebec-private-sector", "access", "fr"),
        ("quebec-private-sector", "erasure", "fr"),
        ("quebec-private-sector", "access", "en"),
        ("quebec-private-sector", "erasure", "en"),
        ("pipeda", "access", "fr"),
        ("pipeda", "erasure", "fr"),
        ("pipeda", "erasure", "en"),
        ("pipeda", "withdraw-consent", "fr"),
    ] {
        let letter = to_clearview("CA-QC", kind, &["--regime", regime, "--lang", lang]);
        for needle in NO_PROOF_AT_ALL {
            assert_lacks(&letter, needle);
        }
        assert_lacks(&letter, "ne demandez pas");
        if regime == "quebec-private-sector" {
            // s. 30 lets the enterprise ask for proof: the letter does not refuse every document.
            assert_lacks(&letter, "I will not send a copy of an identity document");
            assert_lacks(
                &letter,
                "Je ne vous enverrai de copie d'une pièce d'identité",
            );
        }
        match (regime, lang) {
            ("quebec-private-sector", "fr") => {
                assert_contains(
                    &letter,
                    "Je présente cette demande par écrit, comme l'exige l'article 30 de la Loi sur le privé, et vous pouvez me demander de justifier de mon identité.",
                );
                assert_contains(&letter, "ne demander que ce qui est nécessaire à cette fin");
            }
            ("quebec-private-sector", _) => {
                assert_contains(
                    &letter,
                    "I make this request in writing, as s. 30 of Act P-39.1 requires, and you may ask me to prove that I am the person concerned.",
                );
            }
            (_, "fr") => {
                assert_contains(&letter, "principe 4.9 de l'annexe 1 de la LPRPDE");
            }
            _ => assert_contains(
                &letter,
                "Principle 4.9 of PIPEDA lets you ask me for enough information",
            ),
        }
    }
}

#[test]
fn an_unlisted_company_is_told_no_fact_about_face_templates() {
    for (kind, lang) in [
        ("access", "en"),
        ("erasure", "en"),
        ("objection", "en"),
        ("restriction", "en"),
        ("withdraw-consent", "en"),
        ("erasure", "de"),
        ("objection", "fr"),
    ] {
        let letter = to_unlisted("ES", "ES", kind, lang);
        let text = body(&letter).to_lowercase();
        for needle in [
            "my face",
            "their face",
            "faces",
            "facial",
            "biometric",
            "template",
            "no relationship",
            "processing of my data is unlawful",
            "gesicht",
            "biometrisch",
            "keinerlei beziehung",
            "visage",
            "biométrique",
            "aucune relation",
        ] {
            assert_lacks(&text, needle);
        }
        // A company established in the Union is not told that the law's reach is to be checked.
        assert_lacks(&text, "outside the union");
    }
    // A company established abroad is told that whether the law reaches it is to be checked.
    let abroad = to_unlisted("US", "ES", "erasure", "en");
    assert_contains(&abroad, "You are established outside the Union.");
    assert_contains(
        &abroad,
        "if you consider that the GDPR does not apply to you, tell me so and why",
    );
    assert_contains(
        &abroad,
        "If the GDPR applies to you under Art. 3(2), Art. 27 GDPR requires you",
    );
    assert_lacks(
        &abroad,
        "As far as I know, you have not designated a representative",
    );
    let german = to_unlisted("US", "DE-BE", "access", "de");
    assert_contains(&german, "Sie sind außerhalb der Union niedergelassen.");
    let french = to_unlisted("US", "FR", "access", "fr");
    assert_contains(&french, "Vous êtes établi hors de l'Union.");
    let uk = to_unlisted("US", "GB", "objection", "en");
    assert_contains(&uk, "You are established outside the UK.");
    assert_contains(&uk, "If you rely on a recognised legitimate interest");
    assert_lacks(&uk.to_lowercase(), "database of faces");
    let california = to_unlisted("US", "US-CA", "access", "en");
    assert_contains(
        &california,
        "if you consider that you are not such a business, tell me so and why",
    );
    assert_lacks(&california.to_lowercase(), "biometric");
    let quebec = to_unlisted("FR", "CA-QC", "erasure", "fr");
    assert_contains(&quebec, "Vous êtes établie hors du Canada.");
    assert_lacks(
        &quebec,
        "la loi n'en autorise ni la collecte ni la conservation",
    );
    assert_contains(
        &quebec,
        "dont la loi n'autorise pas la collecte ou la conservation",
    );
}

#[test]
fn a_letter_names_its_due_date_only_as_if_received_on_its_date() {
    // A letter may arrive later than its date (by post): it gives the period from receipt, and
    // the date only for a letter received on the day it is dated.
    let en = |due: &str| format!("if you receive it on 4 December 2026, that is by {due}");
    let cases: Vec<(&str, &str, &str, &str, String, &str)> = vec![
        ("DE-HH", "erasure", "en", "gdpr", en("4 January 2027"), "4 January 2027"),
        ("DE-HH", "access", "de", "gdpr", "Die Frist endet am 4. Januar 2027, wenn Ihnen dieses Schreiben am 4. Dezember 2026 zugeht".into(), "4. Januar 2027"),
        ("FR", "objection", "fr", "gdpr", "si vous la recevez le 4 décembre 2026, ce délai expire le 4 janvier 2027".into(), "4 janvier 2027"),
        ("GB", "access", "en", "uk-gdpr", en("4 January 2027"), "4 January 2027"),
        ("CA-ON", "access", "en", "pipeda", en("4 January 2027"), "4 January 2027"),
        ("CA-ON", "erasure", "fr", "pipeda", "si vous la recevez le 4 décembre 2026, ce délai expire le 4 janvier 2027".into(), "4 janvier 2027"),
        ("CA-QC", "erasure", "en", "quebec-private-sector", en("4 January 2027"), "4 January 2027"),
        ("CA-QC", "access", "fr", "quebec-private-sector", "si vous la recevez le 4 décembre 2026, ce délai expire le 4 janvier 2027".into(), "4 janvier 2027"),
        ("CA-BC", "access", "en", "bc-pipa", en("19 January 2027"), "19 January 2027"),
        ("CA-AB", "access", "en", "alberta-pipa", en("18 January 2027"), "18 January 2027"),
        ("US-CA", "erasure", "en", "ccpa", en("19 January 2027"), "19 January 2027"),
        ("US-CA", "opt-out", "en", "ccpa", en("28 December 2026"), "28 December 2026"),
        ("AU", "access", "en", "australia-privacy-act", "if you receive this request on 4 December 2026, that is by 3 January 2027".into(), "3 January 2027"),
    ];
    for (residence, kind, lang, regime, conditional, due) in cases {
        let letter = to_clearview(residence, kind, &["--lang", lang, "--regime", regime]);
        let text = body(&letter);
        assert_contains(text, &conditional);
        assert_eq!(
            text.matches(due).count(),
            text.matches(conditional.as_str()).count(),
            "{residence} {kind} {lang}: {due} named outside \"{conditional}\":\n{text}"
        );
        for needle in [
            "at the latest by",
            "by {due} at the latest",
            "spätestens bis zum",
            "soit au plus tard le",
        ] {
            assert_lacks(text, &needle.replace("{due}", due));
        }
    }
}

#[test]
fn a_ccpa_opt_out_says_no_verification_and_fifteen_business_days() {
    let opt_out = to_clearview("US-CA", "opt-out", &[]);
    assert_contains(
        &opt_out,
        "A request to opt out of sale or sharing needs no verification (11 CCR § 7026)",
    );
    assert_contains(
        &opt_out,
        "no later than 15 business days after receiving this request (11 CCR § 7026)",
    );
    assert_contains(&opt_out, "that is by 28 December 2026");
    assert_lacks(&opt_out, "to a reasonable degree of certainty");
    // Requests to know and to delete: verification within limits, receipt confirmed in 10
    // business days; the opt-out inside an erasure request needs no verification either.
    for kind in ["access", "erasure"] {
        let letter = to_clearview("US-CA", kind, &[]);
        assert_contains(
            &letter,
            "You must confirm receipt of this request within 10 business days (11 CCR § 7021(a))",
        );
        assert_contains(
            &letter,
            "You may verify that this request comes from me, to a reasonable degree of certainty",
        );
        assert_contains(
            &letter,
            "you may not require me to create an account (Cal. Civ. Code § 1798.130(a)(2))",
        );
    }
    let erasure = to_clearview("US-CA", "erasure", &[]);
    assert_contains(
        &erasure,
        "My direction not to sell or share my personal information needs no verification",
    );
}

#[test]
fn a_uk_objection_answers_the_recognised_legitimate_interests() {
    for kind in ["objection", "erasure"] {
        let letter = to_clearview("GB", kind, &[]);
        for needle in [
            "(Art. 6(1)(ea) and Annex 1 UK GDPR)",
            "That basis gives no condition under Art. 9(2) UK GDPR for processing biometric data",
            "it covers only processing that is necessary for a listed purpose",
            "your own commercial database of faces",
        ] {
            assert_contains(&letter, needle);
        }
    }
    // Not before the recognised legitimate interests came into force on 5 February 2026.
    let before = flat(
        &clearview(
            "GB",
            "objection",
            "Jane Doe",
            "jane@example.org",
            &["--request-date", "2026-02-04"],
        )
        .ok()
        .stdout,
    );
    assert_lacks(&before, "6(1)(ea)");
    // An access request does not argue about legitimate interests.
    assert_lacks(&to_clearview("GB", "access", &[]), "6(1)(ea)");
}

#[test]
fn french_letters_carry_no_english_fragments() {
    const ENGLISH: &[&str] = &[
        " the ",
        " of ",
        " and ",
        "joint investigation",
        "Findings",
        "PIPEDA",
        "Act P-39.1",
        "Québec Act",
        "Quebec",
        "case ",
        "decision",
        "announced",
        "Commissioner",
        "Office of",
        "Schedule",
        "principle",
        "s. 8",
        "Privacy",
        "request",
        "GDPR",
        "Art. ",
        "Reg. ",
        "upheld",
    ];
    let mut letters = Vec::new();
    for (regime, kind) in [
        ("quebec-private-sector", "access"),
        ("quebec-private-sector", "erasure"),
        ("pipeda", "access"),
        ("pipeda", "erasure"),
        ("pipeda", "withdraw-consent"),
    ] {
        for extra in [&[][..], &["--offer-photo"][..]] {
            let mut args = vec!["--regime", regime, "--lang", "fr"];
            args.extend_from_slice(extra);
            letters.push((
                format!("CA-QC {regime} {kind}"),
                to_clearview("CA-QC", kind, &args),
            ));
        }
    }
    for kind in [
        "access",
        "erasure",
        "objection",
        "restriction",
        "withdraw-consent",
    ] {
        letters.push((
            format!("FR gdpr {kind}"),
            to_clearview("FR", kind, &["--lang", "fr"]),
        ));
    }
    letters.push((
        "FR gdpr, company entered".into(),
        to_unlisted("US", "FR", "erasure", "fr"),
    ));
    letters.push((
        "CA-QC, company entered".into(),
        to_unlisted("US", "CA-QC", "access", "fr"),
    ));
    for (name, letter) in &letters {
        // The subject and the body, which the templates write (the recipient's address is the
        // company's own).
        let subject = letter
            .split(" [FGT-")
            .next()
            .and_then(|before| before.rsplit(" Référence : ").next())
            .unwrap_or("");
        for text in [body(letter), subject] {
            for needle in ENGLISH {
                assert!(
                    !text.contains(needle),
                    "{name}: English {needle:?} in a French letter:\n{text}"
                );
            }
        }
    }
    // The decisions are named in French.
    let quebec = to_clearview(
        "CA-QC",
        "erasure",
        &["--regime", "quebec-private-sector", "--lang", "fr"],
    );
    assert_contains(
        &quebec,
        "La Commission d'accès à l'information s'est déjà prononcée sur vos pratiques au regard de la Loi sur le privé : décision 1023158-S du 14 décembre 2021.",
    );
    let pipeda = to_clearview("CA-QC", "access", &["--regime", "pipeda", "--lang", "fr"]);
    assert_contains(
        &pipeda,
        "conclusions no 2021-001 en vertu de la LPRPDE, du 2 février 2021",
    );
}
