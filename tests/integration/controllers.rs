//! `forget controllers`: the companies in the rules, listed, shown and searched.

use crate::test::{assert_contains, forget, letter_args, pluck};

#[test]
fn list_gives_every_company_with_how_it_takes_requests() {
    let output = forget(["controllers", "list"]).ok();
    assert_contains(
        &output.stdout,
        "clearview-ai  Clearview AI  US  e-mail, web form, post",
    );
    assert_contains(&output.stdout, "pimeyes");
    let json = forget(["controllers", "list", "--json"]).json();
    let ids = pluck(&json, "id");
    assert!(
        ids.contains(&"clearview-ai") && ids.contains(&"experian-gb"),
        "{ids:?}"
    );
}

#[test]
fn show_gives_the_addresses_channels_and_what_is_unconfirmed() {
    let output = forget(["controllers", "show", "clearview-ai"]).ok();
    for needle in [
        "Clearview AI (clearview-ai)",
        "legal name   Clearview AI, Inc.",
        "418 Broadway STE N",
        "privacy@clearview.ai",
        "https://clearview.ai/privacy-requests",
        "2021-01-27: After a Hamburg resident complained",
        "warning: unconfirmed: Clearview AI, address",
    ] {
        assert_contains(&output.stdout, needle);
    }
    let json = forget(["controllers", "show", "clearview-ai", "--json"]).json();
    assert_eq!(json["legal_name"], "Clearview AI, Inc.");
    assert_eq!(json["emails"][0]["to"], "privacy@clearview.ai");
}

#[test]
fn show_of_an_unknown_company_suggests_the_one_meant() {
    let output = forget(["controllers", "show", "clearveiw"]).fails(1);
    assert_contains(
        &output.stderr,
        "error: unknown company `clearveiw`; did you mean `clearview-ai`?",
    );
}

#[test]
fn search_forgives_case_accents_and_partial_words() {
    for query in [
        &["clearview"][..],
        &["CLEARVIEW"],
        &["Cléarview"],
        &["view", "ai"],
        &["clearview.ai"],
    ] {
        let mut args = vec!["controllers", "search"];
        args.extend_from_slice(query);
        let output = forget(args).ok();
        assert_contains(&output.stdout, "clearview-ai");
        assert!(
            !output.stdout.contains("pimeyes"),
            "{query:?}: {}",
            output.stdout
        );
    }
    let output = forget(["controllers", "search", "EXPÉRIAN", "--json"]).json();
    assert_eq!(output[0]["id"], "experian-gb");
}

#[test]
fn a_search_that_finds_nothing_says_so_and_suggests() {
    let output = forget(["controllers", "search", "Clearveiw AI"]).fails(1);
    assert_contains(
        &output.stderr,
        "error: no company in the rules matches `Clearveiw AI`; did you mean Clearview AI?",
    );
    // In JSON, nothing found is an empty list, not an error.
    let json = forget(["controllers", "search", "nothing-like-this", "--json"]).json();
    assert_eq!(json, serde_json::json!([]));
}

/// The datenanfragen.de records the tests import (a copy of `../shared/datasets/datenanfragen`,
/// CC0, with its README naming the upstream commit).
fn dataset() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/datenanfragen")
}

/// `forget letter` from Anne Test to `controller`, with the data directory `data`.
fn letter_to(data: &str, controller: &str, residence: &str, kind: &str) -> crate::test::Test {
    forget(["--data-dir", data, "--today", "2026-11-23"])
        .args(letter_args(controller, residence, kind))
        .args(["--name", "Anne Test", "--email", "anne@example.org"])
}

fn import(home: &std::path::Path, from: &std::path::Path, extra: &[&str]) -> crate::test::Test {
    let mut args = vec![
        "--data-dir",
        home.to_str().unwrap(),
        "controllers",
        "import",
        "--from-datenanfragen",
        from.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    forget(args)
}

#[test]
fn all_44_real_companies_import_and_a_second_import_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let output = import(home.path(), &dataset(), &[]).ok();
    assert_contains(
        &output.stderr,
        "38 new, 0 updated, 0 unchanged; 6 kept built in, 0 skipped",
    );
    assert_contains(
        &output.stderr,
        "kept the built-in record of acxiom-gb, clearview-ai, epsilon-com, experian-gb, \
         liveramp-gb, zoominfo",
    );
    let folder = home.path().join("controllers");
    let files = std::fs::read_dir(&folder).unwrap().count();
    assert_eq!(files, 38);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&folder.join("schufa.toml")), 0o600);

    let again = import(home.path(), &dataset(), &[]).ok();
    assert_contains(&again.stderr, "0 new, 0 updated, 38 unchanged");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 38);

    let list = forget([
        "--data-dir",
        home.path().to_str().unwrap(),
        "controllers",
        "list",
    ])
    .ok();
    assert_eq!(list.stdout.lines().count(), 45, "{}", list.stdout);
    let show = forget([
        "--data-dir",
        home.path().to_str().unwrap(),
        "controllers",
        "show",
        "schufa",
    ])
    .ok();
    for needle in [
        "legal name   SCHUFA Holding AG",
        "country      DE",
        "Kormoranweg 5",
        "datenschutz@schufa.de",
        "https://github.com/datenanfragen/data/blob/master/companies/schufa.json",
    ] {
        assert_contains(&show.stdout, needle);
    }
}

#[test]
fn an_imported_record_replaces_the_built_in_one_only_when_preferred() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().to_str().unwrap();
    let output = import(home.path(), &dataset(), &["--prefer-imported"]).ok();
    assert_contains(&output.stderr, "imported 44 companies from");
    assert_contains(
        &output.stderr,
        "44 new, 0 updated, 0 unchanged; 0 kept built in, 0 skipped",
    );
    let show = forget([
        "--data-dir",
        data,
        "controllers",
        "show",
        "clearview-ai",
        "--json",
    ])
    .json();
    let emails = pluck(&show["emails"], "to");
    // datenanfragen.de's record has one address; the built-in one has two.
    assert_eq!(emails, ["legal-requests@clearview.ai"]);
}

#[test]
fn a_record_with_a_wrong_type_or_an_unknown_field_is_reported_and_skipped() {
    let home = tempfile::tempdir().unwrap();
    let from = home.path().join("records");
    std::fs::create_dir(&from).unwrap();
    let real = |slug: &str| {
        std::fs::read_to_string(dataset().join(format!("companies/{slug}.json"))).unwrap()
    };
    std::fs::write(from.join("schufa.json"), real("schufa")).unwrap();
    std::fs::write(
        from.join("lusha.json"),
        real("lusha").replacen(
            "\"quality\"",
            "\"needs-id-document\": \"yes\",\n    \"quality\"",
            1,
        ),
    )
    .unwrap();
    std::fs::write(
        from.join("kaspr.json"),
        real("kaspr").replacen(
            "\"quality\"",
            "\"e-mail\": \"x@kaspr.io\",\n    \"quality\"",
            1,
        ),
    )
    .unwrap();
    let output = import(home.path(), &from, &[]).fails(5);
    assert_contains(
        &output.stderr,
        "lusha.json`: field `needs-id-document` must be true or false, not a string",
    );
    assert_contains(
        &output.stderr,
        "kaspr.json`: field `e-mail` is not a field of a company record; did you mean `email`?",
    );
    assert_contains(
        &output.stderr,
        "1 new, 0 updated, 0 unchanged; 0 kept built in, 2 skipped",
    );
    assert!(home.path().join("controllers/schufa.toml").is_file());
    assert!(!home.path().join("controllers/lusha.toml").exists());
}

#[test]
fn a_company_that_would_have_requests_through_its_web_form_says_so() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().to_str().unwrap();
    import(home.path(), &dataset(), &[]).ok();
    let show = forget(["--data-dir", data, "controllers", "show", "apple"]).ok();
    assert_contains(&show.stdout, "send it      through its web form");
    let letter = letter_to(data, "apple", "FR", "access").ok();
    assert_contains(
        &letter.stderr,
        "warning: requests to Apple Distribution International Ltd. are best sent through its \
         web form",
    );
}

#[test]
fn a_letter_to_an_imported_company_is_in_its_language_and_goes_to_its_address() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().to_str().unwrap();
    import(home.path(), &dataset(), &[]).ok();
    // dud-de asks for requests in German; the person lives in France.
    let output = letter_to(data, "dud-de", "FR", "access").ok();
    for needle in [
        "Dun & Bradstreet Deutschland GmbH",
        "Brüsseler Straße 1-3",
        "Auskunftsersuchen nach Art. 15 DSGVO",
    ] {
        assert_contains(&output.stdout, needle);
    }
}

#[test]
fn a_company_added_by_hand_is_checked_kept_and_written_to_like_the_others() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().to_str().unwrap();
    let add = |extra: &[&str]| {
        let mut args = vec![
            "--data-dir",
            data,
            "--today",
            "2026-11-23",
            "controllers",
            "add",
        ];
        args.extend_from_slice(extra);
        forget(args)
    };
    // Without a terminal, what is missing is named instead of asked.
    let output = add(&["--name", "Acme Europe"]).fails(1);
    assert_contains(&output.stderr, "a company needs --id, --country, --source");
    // Each mistake is named by its flag, and nothing is kept.
    let output = add(&[
        "--id",
        "acme-eu",
        "--name",
        "Acme Europe",
        "--country",
        "XX",
        "--email",
        "not-an-email",
        "--source",
        "https://acme.example/privacy",
    ])
    .fails(1);
    assert_contains(&output.stderr, "--country: unknown country `XX`");
    assert_contains(
        &output.stderr,
        "--email: `not-an-email` is not an e-mail address",
    );
    assert!(!home.path().join("controllers/acme-eu.toml").exists());

    add(&[
        "--id",
        "acme-eu",
        "--name",
        "Acme Europe",
        "--country",
        "ie",
        "--email",
        "privacy@acme.example",
        "--address",
        "1 Main St, Dublin 2, Ireland",
        "--source",
        "https://acme.example/privacy",
    ])
    .ok();
    let again = add(&[
        "--id",
        "acme-eu",
        "--name",
        "Acme",
        "--country",
        "IE",
        "--email",
        "a@acme.example",
        "--source",
        "https://acme.example/privacy",
    ])
    .fails(1);
    assert_contains(&again.stderr, "there is already a company `acme-eu`");
    let clearview = add(&[
        "--id",
        "clearview-ai",
        "--name",
        "Clearview",
        "--country",
        "US",
        "--email",
        "a@clearview.example",
        "--source",
        "https://clearview.example",
    ])
    .fails(1);
    assert_contains(&clearview.stderr, "add `--replace` to replace it");

    let letter = letter_to(data, "acme-eu", "FR", "erasure")
        .args(["--verbose"])
        .ok();
    assert_contains(&letter.stdout, "Acme Europe\n1 Main St\nDublin 2\nIreland");
    assert_contains(
        &letter.stderr,
        "unconfirmed: Acme Europe, address: entered by hand with `forget controllers add`",
    );
}

#[test]
fn a_company_that_needs_an_id_document_gets_the_warning_and_gdpr_article_12_6() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().to_str().unwrap();
    let from = home.path().join("records");
    std::fs::create_dir(&from).unwrap();
    let record = std::fs::read_to_string(dataset().join("companies/schufa.json"))
        .unwrap()
        .replace(
            "\"needs-id-document\": false",
            "\"needs-id-document\": true",
        );
    std::fs::write(from.join("schufa.json"), record).unwrap();
    import(home.path(), &from, &[]).ok();
    let show = forget(["--data-dir", data, "controllers", "show", "schufa"]).ok();
    assert_contains(&show.stdout, "Art. 12(6)");
    let letter = letter_to(data, "schufa", "DE-BE", "access").ok();
    assert_contains(
        &letter.stderr,
        "SCHUFA Holding AG is known to ask for a copy of an identity document before it answers. \
         Art. 12(6) GDPR: The company may ask for additional information to confirm your identity \
         only where it has reasonable doubts about who you are.",
    );
}
