//! `forget controllers`: the companies in the rules, listed, shown and searched.

use crate::test::{assert_contains, forget};

#[test]
fn list_gives_every_company_with_how_it_takes_requests() {
    let output = forget(["controllers", "list"]).ok();
    assert_contains(
        &output.stdout,
        "clearview-ai  Clearview AI  US  e-mail, web form, post",
    );
    assert_contains(&output.stdout, "pimeyes");
    let json = forget(["controllers", "list", "--json"]).json();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
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
