//! `forget explain`: the right regimes, in the right order, with the right authority and due
//! date, for each seed residence; and clear errors for what cannot be answered.

use serde_json::Value;

use crate::test::{assert_contains, cites, forget, pluck};

fn explain_json(residence: &str, request_date: Option<&str>) -> Value {
    let mut args = vec![
        "explain",
        "--residence",
        residence,
        "--controller",
        "clearview-ai",
        "--json",
    ];
    if let Some(date) = request_date {
        args.extend(["--request-date", date]);
    }
    forget(args).json()
}

fn regime_ids(answer: &Value) -> Vec<&str> {
    pluck(&answer["regimes"], "id")
}

fn warnings(value: &Value) -> String {
    value["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every field of the JSON contract, with the values the example gives for Hamburg.
#[test]
fn hamburg_gets_the_gdpr_the_hmbbfdi_and_the_fact_sheet_due_date() {
    let answer = explain_json("DE-HH", Some("2026-01-31"));
    assert_eq!(answer["residence"], "DE-HH");
    assert_eq!(answer["controller"], "clearview-ai");
    assert_eq!(regime_ids(&answer), ["gdpr"]);

    let gdpr = &answer["regimes"][0];
    assert_eq!(gdpr["name"], "General Data Protection Regulation");
    let why = gdpr["why"].as_str().unwrap();
    assert_contains(why, "Hamburg, Germany");
    assert_contains(why, "Art. 3(2)(b) GDPR");
    assert_eq!(
        gdpr["deadline"],
        serde_json::json!({"length": 1, "unit": "months"})
    );
    assert_eq!(
        gdpr["extension"],
        serde_json::json!({"length": 2, "unit": "months"})
    );
    // Received Saturday 31 January 2026: one month ends Saturday 28 February, due Monday 2 March.
    assert_eq!(gdpr["due"], "2026-03-02");

    let authority = &gdpr["authority"];
    assert_eq!(authority["id"], "hmbbfdi");
    assert_eq!(
        authority["name"],
        "Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit"
    );
    assert_eq!(authority["email"], "mailbox@datenschutz.hamburg.de");
    assert_eq!(authority["website"], "https://datenschutz-hamburg.de/");
    assert_eq!(
        authority["complaint_url"],
        "https://datenschutz-hamburg.de/beschwerde/"
    );
    assert!(
        authority["address"]
            .as_str()
            .unwrap()
            .contains("20459 Hamburg")
    );

    let provisions = gdpr["provisions"].as_array().unwrap();
    let erasure = cites(gdpr, "erasure");
    assert_eq!(
        erasure.first(),
        Some(&"Art. 17(1)(d) GDPR"),
        "primary ground first"
    );
    assert!(erasure.contains(&"Art. 21(1) GDPR"));
    assert!(erasure.contains(&"Art. 9(1) GDPR, with Art. 4(14)"));
    assert!(
        provisions
            .iter()
            .all(|p| p["summary"].as_str().is_some_and(|s| !s.is_empty()))
    );

    // The form URL is marked unconfirmed in the fact sheet: it surfaces as a warning.
    let regime_warnings = warnings(gdpr);
    assert_contains(&regime_warnings, "HmbBfDI, complaint form");
    // Only the holidays every member state keeps are counted; the others are flagged.
    assert_contains(&regime_warnings, "New Year's Day and Christmas Day");
    assert!(warnings(&answer).contains("Clearview AI, address"));
}

#[test]
fn the_due_date_needs_a_request_date() {
    let answer = explain_json("DE-HH", None);
    assert_eq!(answer["regimes"][0]["due"], Value::Null);
    assert_eq!(answer["regimes"][0]["deadline"]["length"], 1);
}

#[test]
fn bavaria_gets_the_private_sector_authority_not_the_public_sector_one() {
    let answer = explain_json("DE-BY", None);
    assert_eq!(answer["regimes"][0]["authority"]["id"], "baylda");
}

#[test]
fn france_gets_the_cnil() {
    let answer = explain_json("FR", Some("2026-03-15"));
    assert_eq!(regime_ids(&answer), ["gdpr"]);
    assert_eq!(answer["regimes"][0]["authority"]["id"], "cnil");
    assert_eq!(answer["regimes"][0]["due"], "2026-04-15");
}

#[test]
fn a_norwegian_gets_the_gdpr_through_the_eea() {
    let answer = explain_json("NO", None);
    assert_eq!(regime_ids(&answer), ["gdpr"]);
    let why = answer["regimes"][0]["why"].as_str().unwrap();
    assert_contains(why, "European Economic Area");
    assert_eq!(answer["regimes"][0]["authority"]["id"], "datatilsynet-no");
}

#[test]
fn the_uk_and_a_scot_get_the_uk_gdpr_and_the_ico() {
    for residence in ["GB", "GB-SCT"] {
        let answer = explain_json(residence, Some("2026-01-31"));
        assert_eq!(regime_ids(&answer), ["uk-gdpr"], "{residence}");
        let uk = &answer["regimes"][0];
        assert_eq!(uk["authority"]["id"], "ico");
        assert_eq!(uk["due"], "2026-03-02");
        // A request received before 5 February 2026 keeps Art. 12(3): Art. 12A is not for it.
        assert_contains(&uk.to_string(), "Art. 12(3) UK GDPR");
        let later = explain_json(residence, Some("2026-06-19"));
        let uk = &later["regimes"][0];
        // From then on, Art. 12A, whose "relevant time" is flagged.
        assert_contains(&warnings(uk), "relevant time");
    }
}

#[test]
fn ontario_gets_pipeda_alone_with_calendar_days_and_a_caveat() {
    let answer = explain_json("CA-ON", Some("2026-01-31"));
    assert_eq!(regime_ids(&answer), ["pipeda"]);
    let pipeda = &answer["regimes"][0];
    assert_eq!(
        pipeda["deadline"],
        serde_json::json!({"length": 30, "unit": "days"})
    );
    assert_eq!(
        pipeda["extension"],
        serde_json::json!({"length": 30, "unit": "days"})
    );
    assert_eq!(pipeda["due"], "2026-03-02");
    assert_eq!(pipeda["authority"]["id"], "opc");
    assert_contains(&warnings(pipeda), "provincial holidays");
    // PIPEDA has no erasure right by name: the erasure request is built from consent,
    // destruction and access.
    assert_eq!(
        cites(pipeda, "erasure"),
        [
            "PIPEDA, Sch. 1, principle 4.9",
            "PIPEDA, Sch. 1, principle 4.3",
            "PIPEDA, Sch. 1, principle 4.5"
        ]
    );
}

#[test]
fn a_deadline_that_covers_only_some_requests_says_so() {
    let answer = explain_json("AU", None);
    let text = warnings(&answer["regimes"][0]);
    assert_contains(
        &text,
        "applies to access requests; forget's rules record no deadline for erasure requests",
    );
}

#[test]
fn the_company_notes_come_with_the_answer() {
    let answer = explain_json("US-CA", None);
    let notes = answer["notes"].to_string();
    assert_contains(&notes, "'sale'");
}

#[test]
fn aland_is_in_the_union() {
    let answer = explain_json("AX", None);
    assert_eq!(regime_ids(&answer), ["gdpr"]);
    assert_eq!(answer["regimes"][0]["authority"]["id"], "tietosuoja");
    assert!(warnings(&answer["regimes"][0]).contains("Åland"));
    // A Finnish resident does not get the Åland caveat.
    let finland = explain_json("FI", None);
    assert!(!warnings(&finland["regimes"][0]).contains("Åland"));
}

#[test]
fn quebec_gets_the_quebec_act_first_and_pipeda_each_with_its_authority() {
    let answer = explain_json("CA-QC", Some("2026-01-31"));
    // The provincial Act, whose Commission makes binding orders, comes first.
    assert_eq!(regime_ids(&answer), ["quebec-private-sector", "pipeda"]);
    assert_eq!(answer["regimes"][1]["authority"]["id"], "opc");
    let quebec = &answer["regimes"][0];
    assert_eq!(quebec["authority"]["id"], "cai");
    assert_eq!(quebec["due"], "2026-03-02");
    assert!(quebec["why"].as_str().unwrap().contains("Québec"));
}

#[test]
fn alberta_and_british_columbia_get_their_acts_first_and_pipeda_after() {
    let alberta = explain_json("CA-AB", Some("2026-01-01"));
    assert_eq!(regime_ids(&alberta), ["alberta-pipa", "pipeda"]);
    // 45 days end on Sunday 15 February 2026; Monday the 16th is Family Day in Alberta.
    assert_eq!(alberta["regimes"][0]["due"], "2026-02-17");
    assert_eq!(alberta["regimes"][0]["authority"]["id"], "oipc-ab");

    let bc = explain_json("CA-BC", Some("2026-01-01"));
    assert_eq!(regime_ids(&bc), ["bc-pipa", "pipeda"]);
    let bc_pipa = &bc["regimes"][0];
    assert_eq!(bc_pipa["authority"]["id"], "oipc-bc");
    // BC's Act counts days without Saturdays and holidays: 30 of them run to 12 February, not
    // to the calendar 31 January.
    assert_eq!(bc_pipa["due"], "2026-02-12");
    assert_eq!(
        bc_pipa["deadline"],
        serde_json::json!({"length": 30, "unit": "business-days"})
    );
}

#[test]
fn illinois_gets_bipa_with_no_deadline_and_no_authority() {
    let answer = explain_json("US-IL", Some("2026-01-31"));
    assert_eq!(regime_ids(&answer), ["bipa"]);
    let bipa = &answer["regimes"][0];
    assert_eq!(bipa["deadline"], Value::Null);
    assert_eq!(bipa["extension"], Value::Null);
    assert_eq!(bipa["due"], Value::Null);
    assert_eq!(bipa["authority"], Value::Null);
    let kinds = pluck(&bipa["provisions"], "kind");
    // An erasure request under BIPA is its destruction demand.
    assert!(
        kinds
            .iter()
            .all(|k| *k == "destroy-biometrics" || *k == "erasure")
    );
    // The Attorney General is a side note, never the authority.
    let notes = bipa["notes"].to_string();
    assert_contains(&notes, "Illinois Attorney General");
}

#[test]
fn california_gets_the_ccpa_with_45_days_plus_45() {
    let answer = explain_json("US-CA", Some("2026-01-01"));
    assert_eq!(regime_ids(&answer), ["ccpa"]);
    let ccpa = &answer["regimes"][0];
    assert_eq!(
        ccpa["deadline"],
        serde_json::json!({"length": 45, "unit": "days"})
    );
    assert_eq!(
        ccpa["extension"],
        serde_json::json!({"length": 45, "unit": "days"})
    );
    // 45 calendar days from 1 January 2026 is Sunday 15 February; the holiday rule is
    // unconfirmed, so the calendar date stands, with a caveat.
    assert_eq!(ccpa["due"], "2026-02-18");
    assert_eq!(ccpa["authority"]["id"], "cppa");
}

#[test]
fn australia_gets_the_privacy_act_and_a_non_statutory_caveat() {
    let answer = explain_json("AU", None);
    assert_eq!(regime_ids(&answer), ["australia-privacy-act"]);
    let act = &answer["regimes"][0];
    assert_eq!(act["authority"]["id"], "oaic");
    assert_contains(&warnings(act), "not set by statute");
}

#[test]
fn new_york_has_no_regime_and_gets_the_voluntary_channels() {
    let answer = explain_json("US-NY", None);
    assert_eq!(regime_ids(&answer), Vec::<&str>::new());
    assert!(
        warnings(&answer).contains("no regime in forget's rules protects residents of New York")
    );
    let channels = answer["channels"].to_string();
    assert_contains(&channels, "privacy@clearview.ai");

    let prose = forget([
        "explain",
        "--residence",
        "US-NY",
        "--controller",
        "clearview-ai",
    ])
    .ok()
    .stdout;
    assert!(prose.contains("No law in forget's rules gives you enforceable rights here"));
    assert!(prose.contains("legal-requests@clearview.ai"));
}

#[test]
fn germany_without_a_land_gets_the_gdpr_and_the_choice_of_authorities() {
    let answer = explain_json("DE", None);
    assert_eq!(regime_ids(&answer), ["gdpr"]);
    let gdpr = &answer["regimes"][0];
    assert_eq!(gdpr["authority"], Value::Null);
    let text = warnings(gdpr);
    assert_contains(&text, "depends on your Land");
    assert_contains(&text, "`DE-HH` (Hamburg)");
    assert_contains(&text, "`DE-BY` (Bayern)");
}

#[test]
fn canada_and_the_us_without_a_subdivision_name_the_ones_that_matter() {
    let canada = explain_json("CA", None);
    assert_eq!(regime_ids(&canada), ["pipeda"]);
    let text = warnings(&canada);
    assert_contains(&text, "`CA-QC` (Québec");
    assert!(
        text.contains("`CA-AB`") && text.contains("`CA-BC`"),
        "{text}"
    );

    let us = explain_json("US", None);
    assert_eq!(regime_ids(&us), Vec::<&str>::new());
    let text = warnings(&us);
    assert_contains(&text, "`US-CA` (California: CCPA)");
    assert_contains(&text, "`US-IL` (Illinois: BIPA)");
}

#[test]
fn an_unlisted_subdivision_is_answered_for_its_country_with_a_warning() {
    let answer = explain_json("fr-idf", None);
    assert_eq!(answer["residence"], "FR-IDF");
    assert_eq!(regime_ids(&answer), ["gdpr"]);
    assert!(warnings(&answer).contains("was not checked"));
}

#[test]
fn a_mistyped_land_is_an_error_with_a_suggestion() {
    let output = forget(["explain", "--residence", "DE-HAM"]).fails(1);
    assert_eq!(
        output.stderr,
        "error: invalid residence `DE-HAM`: Germany has no Land with the code `DE-HAM`; did you \
         mean `DE-HH` (Hamburg)?\n"
    );
    assert_eq!(output.stdout, "");
}

#[test]
fn malformed_and_unknown_codes_are_errors_with_suggestions() {
    let uk = forget(["explain", "--residence", "UK"]).fails(1);
    assert!(
        uk.stderr.contains("the United Kingdom is `GB`")
            || uk.stderr.contains("United Kingdom is `GB`"),
        "{}",
        uk.stderr
    );

    let name = forget(["explain", "--residence", "Germany"]).fails(1);
    assert_contains(&name.stderr, "did you mean `DE` (Germany)?");

    let unknown = forget(["explain", "--residence", "XX"]).fails(1);
    assert_contains(&unknown.stderr, "there is no country with the code `XX`");
}

#[test]
fn an_unknown_company_is_an_error_with_a_suggestion() {
    let output = forget([
        "explain",
        "--residence",
        "FR",
        "--controller",
        "clearveiw-ai",
    ])
    .fails(1);
    assert_eq!(
        output.stderr,
        "error: unknown company `clearveiw-ai`; did you mean `clearview-ai`?\n"
    );
}

#[test]
fn an_impossible_date_is_a_usage_error() {
    let output = forget([
        "explain",
        "--residence",
        "FR",
        "--request-date",
        "2026-02-30",
    ])
    .fails(2);
    assert_contains(&output.stderr, "`2026-02-30` is not a date");
    assert_contains(&output.stderr, "YYYY-MM-DD");
}

#[test]
fn the_prose_answer_names_the_law_the_authority_and_the_date() {
    let output = forget([
        "explain",
        "--residence",
        "DE-HH",
        "--controller",
        "clearview-ai",
        "--request-date",
        "2026-01-31",
    ])
    .ok();
    let text = output.stdout;
    assert_contains(&text, "GDPR: General Data Protection Regulation");
    assert_contains(&text, "2026-03-02 (Monday)");
    assert_contains(&text, "Saturday 2026-02-28");
    assert_contains(&text, "Der Hamburgische Beauftragte");
    // Clearview's missing EU representative is a finding of 2022-2024, flagged as not rechecked.
    assert_contains(&text, "none known: Clearview AI had designated none");
    // Where to send the request comes before the law.
    assert_contains(&text, "Send your request to Clearview AI:");
    assert_contains(&text, "privacy@clearview.ai");
    // The extension: both readings, and the later date shown.
    assert_contains(&text, "(at the latest 2026-05-04)");
    assert_contains(&text, "not legal advice");
    assert_eq!(output.stderr, "");
}

#[test]
fn long_output_in_a_terminal_goes_through_the_pager_and_never_in_a_pipe() {
    // The "pager" marks each line it shows.
    let pager = "sed s/^/PAGED:/";
    let home = tempfile::tempdir().unwrap();
    let mut command = crate::test::forget(["explain", "--residence", "DE-HH"])
        .env("PAGER", pager)
        .env("TERM", "xterm-256color")
        .command(home.path());
    command.stdin(std::process::Stdio::null());
    use expectrl::Expect as _;
    let mut session = expectrl::Session::spawn(command).expect("forget starts in a pty");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    session
        .expect("PAGED:Residence: DE-HH")
        .expect("the explanation went through the pager");
    // In a pipe, the text as it is.
    let piped = crate::test::forget(["explain", "--residence", "DE-HH"])
        .env("PAGER", pager)
        .ok();
    assert!(piped.stdout.starts_with("Residence: DE-HH"));
    assert!(!piped.stdout.contains("PAGED:"));
}
