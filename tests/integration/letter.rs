//! `forget letter`: the right provisions and due date, in the person's language, as text,
//! e-mail, mailto link and PDF; whatever the person types stays data.

use mail_parser::MessageParser;

use crate::pdf_text;
use crate::test::{
    Test, assert_contains, clearview, copy_dir, forget, hamburg, repo, templates_with, to_clearview,
};

#[test]
fn a_gdpr_erasure_to_clearview_cites_the_grounds_the_deadline_and_the_rules_on_fees_and_id() {
    let output = hamburg("erasure", &[]).ok();
    let letter = output.stdout.replace('\n', " ").replace("  ", " ");
    for needle in [
        "Art. 17(1)(d) GDPR",
        "Art. 21(1) GDPR",
        "Art. 9(1) GDPR",
        "Art. 4(14) GDPR",
        "Art. 17(1)(c) GDPR",
        "Art. 19 GDPR",
        "Art. 17(2) GDPR",
        "Art. 12(5) GDPR",
        "Art. 12(6) GDPR",
        "Art. 27 GDPR",
        "Art. 77 GDPR",
        // One month from 31 January 2026 is 28 February, a Saturday: due on Monday 2 March.
        "by 2 March 2026",
        "Clearview AI, Inc.",
        "HmbBfDI",
    ] {
        assert_contains(&letter, needle);
    }
    // The subject carries the reference, and the reference is stable.
    let reference = output
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Reference: "))
        .expect("a reference line")
        .to_string();
    assert!(reference.starts_with("FGT-"), "{reference}");
    assert_contains(&output.stdout, &format!("[{reference}]"));
    assert_eq!(hamburg("erasure", &[]).ok().stdout, output.stdout);
    // Offers a photo only to find the records, refuses an ID copy without a concrete doubt;
    // says who has not reviewed it.
    assert_contains(&letter, "identity document");
    assert!(
        !letter.contains("do not ask me for a photo"),
        "a face-search company is not told not to ask for a photo:\n{letter}"
    );
    assert_contains(&output.stderr, "no lawyer has reviewed its 2 templates");
    let verbose = hamburg("erasure", &["--verbose"]).ok();
    assert_contains(
        &verbose.stderr,
        "note: no lawyer has reviewed the template `en/gdpr.tera`",
    );
    assert_contains(&output.stderr, "the answer is due by 2026-03-02");
}

#[test]
fn a_gdpr_access_request_asks_for_the_sources_and_the_recipients() {
    let letter = hamburg("access", &[]).ok().stdout.replace('\n', " ");
    assert_contains(&letter, "Art. 15(1)");
    assert_contains(&letter, "Art. 15(3)");
    assert_contains(&letter.to_lowercase(), "source");
    assert_contains(&letter.to_lowercase(), "recipients");
}

#[test]
fn an_offered_photo_is_limited_to_the_search() {
    let letter = hamburg("erasure", &["--offer-photo"])
        .ok()
        .stdout
        .replace('\n', " ");
    assert_contains(&letter, "photo of my face");
    assert_contains(&letter, "only to search for my data");
}

#[test]
fn what_the_person_types_is_never_template_code() {
    let output = clearview(
        "FR",
        "access",
        "{{ 7*7 }} {% raw %}x{% endraw %}",
        "jane@example.org",
        &[
            "--address",
            "{{ person.email }}, Paris",
            "--request-date",
            "2026-01-31",
        ],
    )
    .ok();
    assert_contains(&output.stdout, "{{ 7*7 }} {% raw %}x{% endraw %}");
    assert_contains(&output.stdout, "{{ person.email }}");
    assert!(!output.stdout.contains("49"), "{}", output.stdout);
}

#[test]
fn a_kind_the_regime_does_not_support_is_an_error_naming_the_ones_it_does() {
    let output = hamburg("opt-out", &[]).fails(1);
    assert_contains(
        &output.stderr,
        "error: no regime that protects residents of Hamburg, Germany gives a `opt-out` request",
    );
    assert_contains(
        &output.stderr,
        "the GDPR supports `access`, `erasure`, `objection`, `restriction`, `withdraw-consent`",
    );
    let output = hamburg("destroy-biometrics", &["--regime", "gdpr"]).fails(1);
    assert_contains(
        &output.stderr,
        "the GDPR gives no `destroy-biometrics` request",
    );
    let output = hamburg("erasure", &["--regime", "bipa"]).fails(1);
    assert_contains(
        &output.stderr,
        "the regime `bipa` does not protect residents of Hamburg, Germany; the ones that do: `gdpr` (GDPR)",
    );
    let output = hamburg("erasure", &["--regime", "gpdr"]).fails(1);
    assert_contains(
        &output.stderr,
        "unknown regime `gpdr`: did you mean `gdpr`?",
    );
    let output = hamburg("erasur", &[]).fails(2);
    assert_contains(
        &output.stderr,
        "unknown kind `erasur`: did you mean `erasure`?",
    );
}

#[test]
fn german_and_french_letters_cite_the_regulation_in_their_language() {
    let german = hamburg("erasure", &["--lang", "de"]).ok().stdout;
    assert_contains(&german, "DSGVO");
    assert_contains(&german, "2. März 2026");
    assert_contains(&german, "Sehr geehrte Damen und Herren");
    let french = hamburg("erasure", &["--lang", "fr"]).ok().stdout;
    assert_contains(&french, "RGPD");
    assert_contains(&french, "2 mars 2026");
}

#[test]
fn a_missing_translation_falls_back_to_english_with_a_warning() {
    let output = clearview(
        "GB",
        "erasure",
        "Jane Doe",
        "jane@example.org",
        &["--request-date", "2026-01-31", "--lang", "de"],
    )
    .ok();
    assert_contains(&output.stdout, "UK GDPR");
    assert_contains(&output.stdout, "Dear Sir or Madam");
    assert_contains(
        &output.stderr,
        "warning: there is no German template for this letter (`de/uk-gdpr.tera`), so it is in English",
    );
    let output = hamburg("erasure", &["--lang", "xx"]).fails(2);
    assert_contains(
        &output.stderr,
        "forget writes no letters in `xx`: it writes `en`, `de` or `fr`",
    );
}

#[test]
fn the_eml_is_a_valid_message_with_encoded_names_and_the_reference_in_the_subject() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.eml");
    let output = clearview(
        "DE-HH",
        "erasure",
        "Jürgen Łódź-Ørsted",
        "juergen@example.org",
        &[
            "--request-date",
            "2026-01-31",
            "--format",
            "eml",
            "--out",
            path.to_str().unwrap(),
        ],
    )
    .ok();
    assert_contains(&output.stderr, "wrote ");
    let bytes = std::fs::read(&path).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    // Non-ASCII names are encoded words in the raw header.
    assert!(raw.contains("From: =?utf-8?"), "{raw}");
    let message = MessageParser::default()
        .parse(&bytes)
        .expect("a parsable message");
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(from.name(), Some("Jürgen Łódź-Ørsted"));
    assert_eq!(from.address(), Some("juergen@example.org"));
    let to: Vec<&str> = message
        .to()
        .unwrap()
        .as_list()
        .unwrap()
        .iter()
        .filter_map(|a| a.address())
        .collect();
    assert_eq!(to, ["privacy@clearview.ai", "legal-requests@clearview.ai"]);
    let subject = message.subject().unwrap();
    assert!(subject.contains("Art. 17 GDPR"), "{subject}");
    assert!(
        subject.ends_with(']') && subject.contains("[FGT-"),
        "{subject}"
    );
    let id = message.message_id().unwrap();
    assert!(id.ends_with("@example.org"), "{id}");
    let body = message.body_text(0).unwrap();
    assert!(body.contains("Art. 17(1)(d) GDPR"), "{body}");
    assert!(body.contains("Jürgen Łódź-Ørsted"), "{body}");
    assert!(message.header("Date").is_some());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "letters are private");
    }
}

#[test]
fn a_line_break_in_a_name_is_refused_and_never_reaches_a_header() {
    let output = clearview(
        "DE-HH",
        "erasure",
        "Eve\r\nBcc: spy@example.com",
        "eve@example.org",
        &["--format", "eml"],
    )
    .fails(1);
    assert_contains(
        &output.stderr,
        "error: the name `Eve\\r\\nBcc: spy@example.com` contains a control character",
    );
    assert!(!output.stderr.contains("panicked"), "{}", output.stderr);
}

#[test]
fn a_line_break_in_a_template_subject_cannot_inject_a_header() {
    let dir = tempfile::tempdir().unwrap();
    let templates = templates_with(
        dir.path(),
        "en/gdpr.tera",
        "{% extends \"en/letter.tera\" %}{% block subject %}Erasure\r\nBcc: spy@example.com{% endblock subject %}{% block request %}Erase my data.{% endblock request %}",
    );
    let output = hamburg("erasure", &["--format", "eml"])
        .env("FORGET_TEMPLATES", templates.to_str().unwrap())
        .ok();
    let message = MessageParser::default()
        .parse(output.stdout.as_bytes())
        .unwrap();
    assert!(message.bcc().is_none(), "{}", output.stdout);
    assert!(!output.stdout.contains("\nBcc:"), "{}", output.stdout);
    assert!(
        message
            .subject()
            .unwrap()
            .starts_with("Erasure Bcc: spy@example.com [FGT-")
    );
    assert_contains(&message.body_text(0).unwrap(), "Erase my data.");
}

#[test]
fn the_mailto_link_carries_the_subject_and_the_body() {
    let output = hamburg("access", &["--format", "mailto"]).ok();
    let link = output.stdout.trim();
    assert!(
        link.starts_with("mailto:privacy@clearview.ai,legal-requests@clearview.ai?subject="),
        "{link}"
    );
    assert_contains(link, "&body=Dear%20Sir%20or%20Madam%2C%0D%0A");
    assert!(!link.contains(' ') && !link.contains('\n'), "{link}");
}

#[test]
fn markdown_and_html_escape_what_the_person_typed() {
    let markdown = hamburg(
        "access",
        &["--format", "markdown", "--address", "*bold* <b>, Hamburg"],
    )
    .ok()
    .stdout;
    assert_contains(&markdown, "\\*bold\\* \\<b\\>");
    assert_contains(&markdown, "## Request");
    let html = hamburg(
        "access",
        &[
            "--format",
            "html",
            "--address",
            "<script>x</script>, Hamburg",
        ],
    )
    .ok()
    .stdout;
    assert_contains(&html, "&lt;script&gt;x&lt;/script&gt;");
    assert!(!html.contains("<script>"), "{html}");
}

#[test]
fn a_pdf_needs_a_file_and_its_text_can_be_extracted() {
    let output = hamburg("erasure", &["--format", "pdf"]).fails(1);
    assert_contains(
        &output.stderr,
        "error: a PDF needs a file to go to: add `--out letter.pdf`",
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.pdf");
    let output = clearview(
        "DE-HH",
        "erasure",
        "Jürgen Łódź-Ørsted",
        "juergen@example.org",
        &[
            "--address",
            "Musterstraße 1, 20095 Hamburg",
            "--request-date",
            "2026-01-31",
            "--lang",
            "de",
        ],
    )
    .pdf_to(&path)
    .ok();
    assert_contains(&output.stderr, "a posted letter arrives later");
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = pdf_text::text_of_file(&path);
    for needle in [
        "Jürgen Łódź-Ørsted",
        "Musterstraße 1",
        "Clearview AI, Inc.",
        "DSGVO",
        "2. März 2026",
    ] {
        assert_contains(&text, needle);
    }
}

#[test]
fn a_pdf_keeps_names_in_other_scripts_that_are_shaped_not_drawn_glyph_by_glyph() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.pdf");
    clearview(
        "GR",
        "erasure",
        "Ελένη Παπαδοπούλου",
        "eleni@example.org",
        &[
            "--address",
            "Ερμού 10, 10563 Αθήνα",
            "--request-date",
            "2026-01-31",
            "--lang",
            "en",
        ],
    )
    .pdf_to(&path)
    .ok();
    let text = pdf_text::text_of_file(&path);
    for needle in [
        "Ελένη Παπαδοπούλου",
        "Ερμού 10",
        "Clearview AI, Inc.",
        "Art. 17",
    ] {
        assert_contains(&text, needle);
    }
}

#[test]
fn a_profile_file_gives_the_details_and_its_mistakes_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("me.toml");
    std::fs::write(
        &profile,
        "name = \"Marie Curie\"\nemail = \"marie@example.org\"\naddress = \"1 rue X, Paris\"\nlang = \"fr\"\n",
    )
    .unwrap();
    let output = to_clearview(
        "FR",
        "access",
        &[
            "--profile",
            profile.to_str().unwrap(),
            "--request-date",
            "2026-01-31",
        ],
    )
    .ok();
    assert_contains(&output.stdout, "Marie Curie");
    assert_contains(&output.stdout, "Madame, Monsieur");

    std::fs::write(
        &profile,
        "name = \"Marie\"\nemial = \"marie@example.org\"\n",
    )
    .unwrap();
    let output = to_clearview("FR", "access", &["--profile", profile.to_str().unwrap()]).fails(1);
    assert_contains(
        &output.stderr,
        "me.toml:2:1: error: unknown field `emial` in the profile",
    );
    assert_contains(&output.stderr, "did you mean `email`?");
}

#[test]
fn missing_details_are_asked_for_by_flag() {
    let output = to_clearview("FR", "access", &["--name", "Jane"]).fails(1);
    assert_contains(
        &output.stderr,
        "error: give the e-mail address the company should answer to with `--email ADDRESS`",
    );
    let output = clearview("FR", "access", "Jane", "not-an-address", &[]).fails(1);
    assert_contains(
        &output.stderr,
        "`not-an-address` is not a valid e-mail address",
    );
}

#[test]
fn pipeda_erasure_for_quebec_says_how_it_gets_there_and_cites_quebec_law() {
    let args = |extra: &[&str]| {
        let mut args = vec![
            "letter",
            "--controller",
            "clearview-ai",
            "--residence",
            "CA-QC",
            "--kind",
            "erasure",
            "--name",
            "Jean Tremblay",
            "--email",
            "jean@example.org",
            "--request-date",
            "2026-01-31",
        ];
        args.extend_from_slice(extra);
        forget(args)
    };
    let letter = args(&["--lang", "en", "--regime", "pipeda"])
        .ok()
        .stdout
        .replace('\n', " ");
    for needle in ["4.3", "4.5", "4.9", "P-39.1"] {
        assert_contains(&letter, needle);
    }
    let french = args(&["--lang", "fr", "--regime", "quebec-private-sector"])
        .ok()
        .stdout;
    assert_contains(&french, "Madame, Monsieur");
    assert_contains(&french, "P-39.1");
}

#[test]
fn bipa_gets_a_destruction_demand_and_the_settlement() {
    let letter = clearview(
        "US-IL",
        "destroy-biometrics",
        "Pat Smith",
        "pat@example.org",
        &["--request-date", "2026-01-31"],
    )
    .ok()
    .stdout
    .replace('\n', " ");
    for needle in ["740 ILCS 14/15(a)", "14/15(c)", "14/15(d)", "ACLU"] {
        assert_contains(&letter, needle);
    }
}

/// A follow-up dated `date` to Jane Doe's erasure request of 31 January 2026 (due 2 March).
fn hamburg_follow_up(kind: &str, date: &str, extra: &[&str]) -> Test {
    let mut args = vec![
        "--original-kind",
        "erasure",
        "--original-date",
        "2026-01-31",
        "--original-via",
        "email",
        "--request-date",
        date,
    ];
    args.extend_from_slice(extra);
    clearview("DE-HH", kind, "Jane Doe", "jane@example.org", &args)
}

#[test]
fn a_reminder_and_a_complaint_follow_up_the_request() {
    let output = hamburg("reminder", &[]).fails(1);
    assert_contains(
        &output.stderr,
        "a reminder follows up a request: say which with `--original-kind KIND`",
    );

    let early = hamburg_follow_up("reminder", "2026-02-10", &[]).fails(1);
    assert_contains(
        &early.stderr,
        "is not due until 2026-03-02: a reminder about a missed deadline must be dated after it",
    );

    let reminder = hamburg_follow_up("reminder", "2026-03-10", &[]).ok();
    let text = reminder.stdout.replace('\n', " ");
    assert_contains(&text, "31 January 2026");
    assert_contains(&text, "2 March 2026");
    // Fourteen days from 10 March.
    assert_contains(&text, "24 March 2026");
    // The reminder keeps the request's reference.
    let erasure = hamburg("erasure", &[]).ok().stdout;
    let reference = erasure
        .lines()
        .find_map(|l| l.strip_prefix("Reference: "))
        .unwrap();
    assert_contains(&reminder.stdout, &format!("Reference: {reference}"));

    let complaint = hamburg_follow_up("complaint", "2026-04-01", &["--reminded-on", "2026-03-10"])
        .ok()
        .stdout;
    // Addressed to the Hamburg authority, in German by default, with the timeline.
    assert_contains(
        &complaint,
        "Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit",
    );
    assert_contains(&complaint, "Clearview AI, Inc.");
    assert_contains(&complaint, "31. Januar 2026");
    assert_contains(&complaint, "10. März 2026");

    let output = clearview(
        "US-IL",
        "complaint",
        "Pat Smith",
        "pat@example.org",
        &[
            "--original-kind",
            "destroy-biometrics",
            "--original-date",
            "2026-01-31",
            "--original-via",
            "email",
        ],
    )
    .fails(1);
    assert_contains(
        &output.stderr,
        "the BIPA has no authority to complain to: it is enforced in court",
    );
}

#[test]
fn a_company_without_e_mail_gets_the_text_and_the_form_not_an_e_mail_to_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    copy_dir(&repo().join("jurisdictions"), &rules.join("jurisdictions"));
    std::fs::create_dir_all(rules.join("controllers")).unwrap();
    std::fs::write(
        rules.join("controllers/formonly.toml"),
        "id = \"formonly\"\nname = \"FormOnly\"\nlegal_name = \"FormOnly SAS\"\ncountry = \"FR\"\n\
         website = \"https://formonly.example\"\nsources = [\"https://formonly.example/privacy\"]\n\n\
         [[webform]]\nurl = \"https://formonly.example/privacy-request\"\npurpose = \"All privacy requests.\"\n\
         sources = [\"https://formonly.example/privacy\"]\n",
    )
    .unwrap();
    let args = |format: &str| {
        forget([
            "letter",
            "--controller",
            "formonly",
            "--residence",
            "FR",
            "--kind",
            "erasure",
            "--name",
            "Jane Doe",
            "--email",
            "jane@example.org",
            "--request-date",
            "2026-01-31",
            "--format",
            format,
        ])
        .env("FORGET_RULES", rules.to_str().unwrap())
    };
    let output = args("eml").fails(1);
    assert_contains(
        &output.stderr,
        "FormOnly SAS takes requests through a web form, not by e-mail: write the letter with `--format text` and paste it into https://formonly.example/privacy-request",
    );
    assert_contains(&args("text").ok().stdout, "FormOnly SAS");
}

#[test]
fn a_uk_letter_names_the_complaint_to_the_company_only_once_s_164a_applies() {
    let before = clearview(
        "GB",
        "erasure",
        "Jane Doe",
        "jane@example.org",
        &["--request-date", "2026-06-18"],
    )
    .ok()
    .stdout
    .replace('\n', " ");
    assert_contains(
        &before,
        "I will complain to the Information Commissioner's Office (Art. 77 UK GDPR).",
    );
    let after = clearview(
        "GB",
        "erasure",
        "Jane Doe",
        "jane@example.org",
        &["--request-date", "2026-06-19"],
    )
    .ok()
    .stdout
    .replace('\n', " ");
    assert_contains(
        &after,
        "first to you under s. 164A Data Protection Act 2018",
    );
    assert_contains(&after, "s. 164A Data Protection Act 2018");
}
