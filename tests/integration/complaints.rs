//! Complaints an authority can act on unedited: who complains, the company and its postal
//! address, what was sent, when and how, the answer or the silence, why the law reaches the
//! company and why this authority, the earlier decisions with their references, the attachments,
//! and consent to share the complaint with the company. Also the UK's complaint to the company
//! first (s. 164A DPA 2018), Québec's application within its window, and the reminders that lead
//! to them. Every run has a fixed date and its own case log.

use std::path::Path;

use crate::test::{Case, assert_contains, assert_lacks, flat, forget, letter, letter_args};

/// Writes Jane Doe's request to Clearview on `on`, records it as sent that day by `via`, in the
/// log at `home`. `extra` goes to `forget letter` (a language, a regime).
fn sent(home: &Path, residence: &str, kind: &str, on: &str, via: &str, extra: &[&str]) -> Case {
    let mut args = vec!["--address", "12 rue Saint-Jean, Québec (Québec) G1R 1N8"];
    args.extend_from_slice(extra);
    Case::sent(home, letter(home, on, residence, kind, &args), on, via)
}

/// A British erasure request of 1 July 2026, in English, sent by `via`.
fn uk(home: &Path, via: &str) -> Case {
    sent(home, "GB", "erasure", "2026-07-01", via, &["--lang", "en"])
}

/// A request of 31 January 2026 from `residence`, in `lang`, sent by `via`.
fn january(home: &Path, residence: &str, kind: &str, via: &str, lang: &str) -> Case {
    sent(home, residence, kind, "2026-01-31", via, &["--lang", lang])
}

/// A request of 2 March 2026 from Québec, by e-mail, in `lang`, under `regime`.
fn quebec(home: &Path, kind: &str, lang: &str, regime: &str) -> Case {
    let extra = ["--lang", lang, "--regime", regime];
    sent(home, "CA-QC", kind, "2026-03-02", "email", &extra)
}

/// Records the company's reply of `on` with its outcome.
fn reply(case: &Case, on: &str, outcome: &str, note: &str) {
    let args = ["--note", note, "--outcome", outcome, "--on", on];
    case.run(on, "cases reply", &args).ok();
}

/// The letter's body, from the salutation to the end of what was printed, with its lines
/// joined (the text format wraps at 72 columns).
fn body(text: &str, salutation: &str) -> String {
    let start = text
        .find(salutation)
        .unwrap_or_else(|| panic!("no {salutation:?} in:\n{text}"));
    flat(&text[start..])
}

/// The lines of the list that follows the line starting with `heading`.
fn list_after<'a>(text: &'a str, heading: &str) -> Vec<&'a str> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?} in:\n{text}"));
    text[start..]
        .lines()
        .skip(1)
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .collect()
}

/// The request a complaint is about: its kind, the day it was received, and the day of the
/// complaint.
type Request<'a> = (&'a str, &'a str, &'a str);

/// An erasure request received on 5 January 2026, complained about on 4 December 2026.
const ERASURE: Request = ("erasure", "2026-01-05", "2026-12-04");

/// An access request received on 5 October 2026, complained about on 4 December 2026.
const ACCESS: Request = ("access", "2026-10-05", "2026-12-04");

/// `forget letter --kind complaint` from Jane Doe to `controller` about `request`, sent by
/// e-mail; not recorded.
fn complaint_to(
    controller: &str,
    residence: &str,
    lang: &str,
    (kind, original, date): Request,
    extra: &[&str],
) -> String {
    forget(letter_args(controller, residence, "complaint"))
        .args([
            "--lang",
            lang,
            "--name",
            "Jane Doe",
            "--email",
            "jane@example.org",
        ])
        .args(["--original-kind", kind, "--original-date", original])
        .args(["--original-via", "email", "--request-date", date])
        .args(extra)
        .ok()
        .stdout
}

/// The same, to Clearview.
fn complaint(residence: &str, lang: &str, request: Request, extra: &[&str]) -> String {
    complaint_to("clearview-ai", residence, lang, request, extra)
}

/// The same, with its lines joined.
fn complaint_flat(residence: &str, lang: &str, request: Request, extra: &[&str]) -> String {
    flat(&complaint(residence, lang, request, extra))
}

#[test]
fn a_uk_case_complains_to_the_company_first_then_to_the_ico_under_section_165() {
    let home = tempfile::tempdir().unwrap();
    let case = uk(home.path(), "email");

    // After the deadline, the first complaint goes to Clearview itself, under s. 164A.
    let company = case.run("2026-08-20", "complain", &["--record"]).ok();
    let text = flat(&company.stdout);
    assert_contains(&text, "Complaint under s. 164A Data Protection Act 2018");
    assert_contains(
        &text,
        "This is a complaint under s. 164A Data Protection Act 2018.",
    );
    assert_contains(
        &text,
        "Please acknowledge receipt of this complaint within 30 days",
    );
    // s. 164A counts 30 days beginning with the day of receipt: no date computed as if the
    // complaint arrived today.
    assert_contains(
        &text,
        "within 30 days, beginning with the day you receive it",
    );
    assert!(!text.contains("if you receive it today"), "{text}");
    assert_contains(
        &text,
        "I will complain to the Information Commissioner's Office (s. 165",
    );
    assert_lacks(&text, "Wycliffe House");
    assert_contains(&company.stderr, "complained-to-company on 2026-08-20");

    // No acknowledgement: the next complaint goes to the ICO, under s. 165, not Art. 77.
    let ico = case.run("2026-09-25", "complain", &["--record"]).ok();
    let text = body(&ico.stdout, "Dear Sir or Madam,");
    assert_contains(&ico.stdout, "Wycliffe House");
    assert_contains(&text, "under s. 165 Data Protection Act 2018.");
    assert_lacks(&text, "Art. 77");
    assert_contains(
        &text,
        "On 20 August 2026 I complained to Clearview AI itself under s. 164A Data Protection Act \
         2018",
    );
    assert_contains(
        &text,
        "It has neither acknowledged nor answered that complaint.",
    );
    assert_contains(
        &text,
        "The law does not make a complaint to the company a condition of complaining to you, but \
         you usually ask people to raise the matter with the company first",
    );
    assert_contains(
        &text,
        "- a copy of my complaint to Clearview AI of 20 August 2026",
    );
    assert_contains(&ico.stderr, "complained on 2026-09-25");
}

#[test]
fn a_uk_complaint_says_how_the_company_answered_its_complaint() {
    let home = tempfile::tempdir().unwrap();
    let case = uk(home.path(), "email");
    case.run("2026-08-20", "complain", &["--record"]).ok();
    reply(&case, "2026-09-01", "refused", "we will not delete");
    let ico = case.run("2026-09-10", "complain", &["--to-authority"]).ok();
    let text = body(&ico.stdout, "Dear Sir or Madam,");
    assert_contains(
        &text,
        "It answered on 1 September 2026, without giving effect to my request.",
    );
    assert_contains(
        &text,
        "- a copy of Clearview AI's reply of 1 September 2026",
    );
}

#[test]
fn a_uk_complaint_to_the_ico_without_a_complaint_to_the_company_says_so() {
    let text = complaint("GB", "en", ("erasure", "2026-10-05", "2026-12-04"), &[]);
    let text = body(&text, "Dear Sir or Madam,");
    assert_contains(&text, "under s. 165 Data Protection Act 2018.");
    assert_contains(
        &text,
        "I have not made a separate complaint to Clearview AI (s. 164A Data Protection Act 2018). \
         The law does not make one a condition of complaining to you",
    );
}

#[test]
fn a_uk_complaint_before_19_june_2026_relies_on_article_77() {
    let text = complaint("GB", "en", ("access", "2026-03-02", "2026-04-20"), &[]);
    let text = body(&text, "Dear Sir or Madam,");
    assert_contains(&text, "under Art. 77 UK GDPR.");
    assert_lacks(&text, "164A");
    assert_lacks(&text, "s. 165");
}

#[test]
fn a_complaint_states_the_send_date_and_channel_not_an_assumed_receipt() {
    let home = tempfile::tempdir().unwrap();
    // Posted from Hamburg to New York: forget assumes it arrived 7 days later, on 7 February.
    let case = january(home.path(), "DE-HH", "erasure", "post", "en");
    let english = case.run("2026-03-20", "complain", &["--lang", "en"]).ok();
    let text = body(&english.stdout, "Dear Sir or Madam,");
    assert_contains(
        &text,
        "On 31 January 2026 I sent Clearview AI a request for erasure",
    );
    assert_contains(&text, "by post to the address above");
    assert_contains(
        &text,
        "Counted from 7 February 2026, the day by which my posted letter can be expected to have \
         reached it, that was by 9 March 2026",
    );
    assert_contains(
        &text,
        "- 31 January 2026: I sent my request to Clearview AI by post.",
    );
    assert_lacks(&text, "received it on");
    assert_lacks(&text, "received my request");
    assert_contains(
        &text,
        "- a copy of my request of 31 January 2026, and the proof that I posted it",
    );

    // In German, to the HmbBfDI (the authority's language), the same.
    let german = case.run("2026-03-20", "complain", &[]).ok();
    let text = body(&german.stdout, "Sehr geehrte Damen und Herren,");
    assert_contains(&text, "per Post an die oben genannte Anschrift");
    assert_contains(
        &text,
        "Gerechnet ab dem 7. Februar 2026, an dem mein Brief dort voraussichtlich eingegangen war",
    );
    assert_lacks(&text, "ist dort am");
    assert_lacks(&text, "Eingang meines Schreibens bei");

    // In French, to the CNIL, for an e-mail: the day it was sent, and that it went by e-mail.
    let home = tempfile::tempdir().unwrap();
    let case = january(home.path(), "FR", "access", "email", "fr");
    let french = case.run("2026-03-20", "complain", &[]).ok();
    let text = body(&french.stdout, "Madame, Monsieur,");
    assert_contains(
        &text,
        "Le 31 janvier 2026, j'ai adressé à Clearview AI une demande d'accès",
    );
    assert_contains(
        &text,
        "par courriel (la copie jointe indique les adresses de ses destinataires)",
    );
    assert_contains(
        &text,
        "telle qu'envoyée par courriel, avec sa date et les adresses de ses destinataires",
    );
    assert_lacks(&text, "parvenu le");
}

#[test]
fn a_complaint_names_the_company_postal_address() {
    let text = complaint("DE-HH", "en", ERASURE, &[]);
    let text = body(&text, "Dear Sir or Madam,");
    assert_contains(
        &text,
        "- Company: Clearview AI, Inc., 418 Broadway STE N, Albany, NY 12207,",
    );
    assert_contains(&text, "- Complainant: Jane Doe; e-mail: jane@example.org");

    let text = complaint_flat("DE-HH", "de", ERASURE, &[]);
    assert_contains(
        &text,
        "- Verantwortlicher: Clearview AI, Inc., 418 Broadway STE N, Albany",
    );

    // A company whose postal address nobody has confirmed: said so, not left out silently.
    let pimeyes = complaint_to("pimeyes", "DE-HH", "en", ERASURE, &[]);
    assert_contains(&flat(&pimeyes), "(I know of no postal address for it)");
}

#[test]
fn a_complaint_says_why_the_law_reaches_the_company_and_why_this_authority() {
    let text = complaint_flat("DE-HH", "en", ERASURE, &[]);
    assert_contains(
        &text,
        "so you are the supervisory authority of my habitual residence (Art. 77(1) GDPR)",
    );
    assert_contains(&text, "outside the European Union");
    assert_contains(&text, "(Art. 3(2)(b) GDPR)");

    let text = complaint_flat("DE-HH", "de", ERASURE, &[]);
    assert_contains(
        &text,
        "Ich wohne in Hamburg; Sie sind daher als Aufsichtsbehörde meines gewöhnlichen Aufenthaltsorts zuständig (Art. 77 Abs. 1 DSGVO).",
    );
    assert_contains(&text, "(Art. 3 Abs. 2 lit. b DSGVO)");
    assert_lacks(&text, "Germany");

    // Canada: the real and substantial connection, and why PIPEDA for a Québec resident.
    let text = complaint_flat("CA-QC", "en", ACCESS, &["--regime", "pipeda"]);
    assert_contains(&text, "real and substantial connection to Canada");
    assert_contains(
        &text,
        "PIPEDA applies to Clearview AI's handling of my information, because it is collected and disclosed across provincial and national borders",
    );
    let text = complaint_flat("CA-BC", "en", ACCESS, &["--regime", "bc-pipa"]);
    assert_contains(
        &text,
        "real and substantial connection to the province (Clearview AI Inc v IPC for BC, 2024 BCSC 2311, aff'd 2026 BCCA 67)",
    );
}

#[test]
fn provincial_complaints_name_the_orders_against_clearview_as_upheld_in_court() {
    let text = complaint_flat("CA-BC", "en", ACCESS, &["--regime", "bc-pipa"]);
    assert_contains(&text, "Request for review (s. 47, BC PIPA)");
    assert_contains(&text, "Order P21-08");
    assert_contains(
        &text,
        "upheld in 2024 BCSC 2311 and on appeal in 2026 BCCA 67",
    );
    let text = complaint_flat("CA-AB", "en", ACCESS, &["--regime", "alberta-pipa"]);
    assert_contains(&text, "Order P2021-12");
    assert_contains(&text, "upheld in 2025 ABKB 287");
}

#[test]
fn a_quebec_application_to_the_cai_is_an_examination_of_disagreement_in_french() {
    let home = tempfile::tempdir().unwrap();
    let case = quebec(home.path(), "erasure", "fr", "quebec-private-sector");
    // Refused before the 30 days to answer ran out: the 30 days to apply run from the refusal.
    reply(&case, "2026-03-25", "refused", "nous ne supprimons rien");
    let output = case.run("2026-04-10", "complain", &[]).ok();
    assert_contains(
        &output.stdout,
        "Commission d'accès à l'information du Québec",
    );
    let text = body(&output.stdout, "Madame, Monsieur,");
    assert_contains(
        &output.stdout,
        "Demande d'examen de mésentente avec Clearview AI, Inc. (articles 42 et",
    );
    assert_contains(
        &text,
        "En vertu des articles 42 et 43 de la Loi sur la protection des renseignements personnels dans le secteur privé",
    );
    assert_contains(
        &text,
        "je vous demande d'examiner la mésentente qui m'oppose à Clearview AI",
    );
    assert_contains(
        &text,
        "Cette entreprise a refusé ma demande le 25 mars 2026.",
    );
    assert_contains(&text, "mon délai pour le faire expire le 24 avril 2026");
    assert_contains(
        &text,
        "Dans sa décision 1023158-S, la Commission a appliqué la Loi à Clearview AI",
    );
    assert_contains(
        &text,
        "- d'examiner la mésentente qui m'oppose à Clearview AI;",
    );
    assert_lacks(&text, "réclamation");
    assert_lacks(&text, "article 81");
}

#[test]
fn a_quebec_application_after_the_window_is_refused_with_what_remains() {
    let home = tempfile::tempdir().unwrap();
    let case = quebec(home.path(), "erasure", "fr", "quebec-private-sector");
    // Silence until 1 April counts as a refusal; the 30 days to apply end on 1 May.
    let refused = case.run("2026-06-01", "complain", &[]).fails(1);
    assert_contains(&refused.stderr, "closed on 2026-05-01");
    assert_contains(&refused.stderr, "What remains");
    assert_contains(&refused.stderr, "--to-authority");

    // What remains: the complaint under s. 81, in French, which says the window has passed.
    let complaint = case.run("2026-06-01", "complain", &["--to-authority"]).ok();
    let text = body(&complaint.stdout, "Madame, Monsieur,");
    assert_contains(
        &complaint.stdout,
        "Plainte contre Clearview AI, Inc. (article 81 de la Loi sur le",
    );
    assert_contains(
        &text,
        "En vertu de l'article 81 de la Loi sur la protection des renseignements personnels dans le secteur privé",
    );
    assert_contains(
        &text,
        "Le délai de 30 jours pour vous demander d'examiner ma mésentente avec cette entreprise (articles 42 et 43 de la Loi sur le privé) est expiré",
    );
    assert_lacks(&text, "Demande d'examen");
}

#[test]
fn a_french_speaker_complains_to_the_federal_commissioner_in_french() {
    let home = tempfile::tempdir().unwrap();
    let case = quebec(home.path(), "access", "fr", "pipeda");
    let output = case.run("2026-04-20", "complain", &[]).ok();
    // Addressed to the Commissariat, in its own French form.
    assert_contains(
        &output.stdout,
        "Commissariat à la protection de la vie privée du Canada",
    );
    assert_contains(&output.stdout, "30, rue Victoria");
    let text = body(&output.stdout, "Madame, Monsieur,");
    assert_contains(
        &output.stdout,
        "Plainte contre Clearview AI, Inc. en vertu de la LPRPDE",
    );
    assert_contains(
        &text,
        "En vertu du paragraphe 11(1) de la Loi sur la protection des renseignements personnels et les documents électroniques",
    );
    assert_contains(&text, "J'habite au Québec.");
    assert_contains(
        &text,
        "En vertu du paragraphe 8(5) de la LPRPDE, ce silence équivaut à un refus.",
    );
    assert_contains(&text, "lien réel et substantiel avec le Canada");
    assert_contains(&text, "conclusions en vertu de la LPRPDE no 2021-001");
    assert_contains(
        &text,
        "J'accepte que vous communiquiez à Clearview AI mon nom",
    );
    for english in [
        "PIPEDA",
        "Findings",
        "complaint",
        "request",
        "Schedule",
        "principle",
        " the ",
        "Office of the Privacy",
        "Quebec, Canada",
        "https://",
    ] {
        assert_lacks(&text, english);
    }
}

#[test]
fn an_authority_is_not_told_its_own_name_without_its_decision_reference() {
    // The HmbBfDI, in German: its own act against Clearview, with what it required.
    let text = complaint("DE-HH", "de", ERASURE, &[]);
    let own = list_after(&text, "Sie sind gegen Clearview AI bereits tätig geworden:");
    assert_eq!(
        own.iter().filter(|l| l.starts_with("- ")).count(),
        1,
        "{own:?}"
    );
    assert_contains(
        &flat(&own.join(" ")),
        "- Ihr Verfahren auf die Beschwerde von Matthias Marx gegen Clearview AI, in dem Sie das Unternehmen am 27. Januar 2021 aufgefordert haben, den Hashwert seines biometrischen Profils zu löschen",
    );
    let others = flat(
        &list_after(
            &text,
            "Auch andere Behörden sind bereits gegen Clearview AI vorgegangen:",
        )
        .join(" "),
    );
    assert_contains(&others, "SAN-2022-019");
    assert_contains(&others, "Entscheidung 35/2022");
    assert_contains(&others, "GZ 2022-0.277.156");

    // The CNIL, in French: both of its decisions, each with its reference.
    let text = complaint("FR", "fr", ERASURE, &[]);
    let own = flat(
        &list_after(
            &text,
            "Vous avez déjà statué sur les traitements de Clearview AI :",
        )
        .join(" "),
    );
    assert_contains(&own, "délibération de sanction SAN-2022-019");
    assert_contains(&own, "liquidation de l'astreinte");
    assert_lacks(
        &own,
        "Commission nationale de l'informatique et des libertés (CNIL)",
    );

    // The CAI, the OPC and the ICO.
    let text = complaint(
        "CA-QC",
        "fr",
        ("erasure", "2026-09-01", "2026-12-04"),
        &["--regime", "quebec-private-sector"],
    );
    assert_contains(
        &flat(&list_after(&text, "Vous avez déjà statué").join(" ")),
        "décision 1023158-S",
    );
    let text = complaint("CA-ON", "en", ACCESS, &[]);
    assert_contains(
        &flat(&list_after(&text, "You have already investigated").join(" ")),
        "PIPEDA Findings #2021-001",
    );
    let text = complaint("GB", "en", ACCESS, &[]);
    assert_contains(
        &flat(&list_after(&text, "You have already acted against").join(" ")),
        "[2025] UKUT 319 (AAC)",
    );
}

#[test]
fn a_complaint_lists_every_attachment() {
    let home = tempfile::tempdir().unwrap();
    let case = uk(home.path(), "post");
    let notified = ["--until", "2026-10-08", "--notified-on", "2026-07-20"];
    case.run("2026-07-20", "cases extend", &notified).ok();
    case.run("2026-10-09", "remind", &["--record"]).ok();
    reply(&case, "2026-10-15", "partial", "sent three photos");
    case.run("2026-10-20", "complain", &["--record"]).ok();
    reply(&case, "2026-11-02", "refused", "we will not delete");
    let output = case.run("2026-11-10", "complain", &["--to-authority"]).ok();
    let attachments = list_after(&output.stdout, "Attachments:");
    assert_eq!(
        attachments,
        [
            "- a copy of my request of 1 July 2026, and the proof that I posted it",
            "- a copy of Clearview AI's notice of 20 July 2026 extending the time to",
            "  answer",
            "- a copy of my reminder of 9 October 2026",
            "- a copy of Clearview AI's reply of 15 October 2026",
            "- a copy of my complaint to Clearview AI of 20 October 2026",
            "- a copy of Clearview AI's reply of 2 November 2026",
        ],
        "{}",
        output.stdout
    );
}

#[test]
fn a_complaint_agrees_to_share_the_complainants_identity_with_the_company() {
    let text = complaint_flat("GB", "en", ACCESS, &[]);
    assert_contains(
        &text,
        "I agree that you may give Clearview AI my name, my contact details and a",
    );
    let text = complaint_flat("DE-HH", "de", ACCESS, &[]);
    assert_contains(
        &text,
        "Ich bin damit einverstanden, dass Sie Clearview AI meinen Namen, meine",
    );
    let text = complaint_flat("FR", "fr", ACCESS, &[]);
    assert_contains(
        &text,
        "J'accepte que vous communiquiez à Clearview AI mon nom, mes coordonnées",
    );
}

#[test]
fn a_uk_reminder_announces_the_complaint_to_the_company_not_a_complaint_without_notice() {
    let home = tempfile::tempdir().unwrap();
    let case = uk(home.path(), "email");
    let reminder = case.run("2026-08-04", "remind", &[]).ok();
    let text = body(&reminder.stdout, "Dear Sir or Madam,");
    assert_contains(
        &text,
        "I will make a formal complaint to you under s. 164A Data Protection Act 2018, which you \
         must acknowledge within 30 days, and then, if that does not resolve the matter, complain \
         to the Information Commissioner's Office (s. 165 Data Protection Act 2018).",
    );
    assert_lacks(&text, "without further notice");
}

#[test]
fn a_quebec_reminder_names_the_window_in_english_and_in_french() {
    for (lang, expected) in [
        (
            "en",
            "I will apply to the Commission d'accès à l'information du Québec for the examination \
             of our disagreement (ss. 42 and 43, Act P-39.1), before my time to do so ends on 1 \
             May 2026.",
        ),
        (
            "fr",
            "je demanderai à la Commission d'accès à l'information du Québec d'examiner notre \
             mésentente (articles 42 et 43 de la Loi sur le privé), avant l'expiration de mon \
             délai pour le faire, le 1er mai 2026.",
        ),
    ] {
        let home = tempfile::tempdir().unwrap();
        let case = quebec(home.path(), "access", lang, "quebec-private-sector");
        let reminder = case.run("2026-04-06", "remind", &[]).ok();
        let text = flat(&reminder.stdout);
        assert_contains(&text, expected);
    }
}

#[test]
fn a_reminder_does_not_state_an_assumed_receipt_as_a_fact() {
    let home = tempfile::tempdir().unwrap();
    let case = january(home.path(), "FR", "access", "post", "fr");
    let reminder = case.run("2026-03-20", "remind", &[]).ok();
    let text = flat(&reminder.stdout);
    assert_contains(
        &text,
        "Compte tenu des délais postaux, il devait normalement vous parvenir vers le 7 février 2026.",
    );
    assert_lacks(&text, "vous est parvenu le");
}
