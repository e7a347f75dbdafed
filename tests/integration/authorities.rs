//! `forget authorities import` and what `forget rules check` says with the imported records.

use crate::test::{assert_contains, forget};

/// The datenanfragen.de supervisory-authority records (a CC0 copy, see its README).
fn dataset() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/datenanfragen/supervisory-authorities")
}

fn import(home: &std::path::Path, from: &std::path::Path) -> crate::test::Test {
    forget([
        "--data-dir",
        home.to_str().unwrap(),
        "--today",
        "2026-11-23",
        "authorities",
        "import",
        "--from-datenanfragen",
        from.to_str().unwrap(),
    ])
}

/// `forget rules check` with the data directory `home` (where the records were imported).
fn rules_check(home: &std::path::Path) -> crate::test::Output {
    forget(["--data-dir", home.to_str().unwrap(), "rules", "check"]).ok()
}

#[test]
fn all_57_real_authorities_import_and_the_check_names_where_the_rules_differ() {
    let home = tempfile::tempdir().unwrap();
    let output = import(home.path(), &dataset()).ok();
    assert_contains(&output.stderr, "57 new, 0 updated, 0 unchanged, 0 skipped");
    let again = import(home.path(), &dataset()).ok();
    assert_contains(&again.stderr, "0 new, 0 updated, 57 unchanged, 0 skipped");

    let check = rules_check(home.path());
    // The ICO's complaint form differs; "Str." and "Straße" do not count as a difference.
    assert_contains(
        &check.stdout,
        "warning: ico has the complaint form \
         `https://ico.org.uk/make-a-complaint/data-protection-complaints/`; datenanfragen.de's \
         record `gbico`",
    );
    assert!(!check.stdout.contains("hmbbfdi has"), "{}", check.stdout);
    assert_contains(&check.stdout, "0 errors, 1 warning");
}

#[test]
fn a_changed_record_shows_as_a_difference_and_a_broken_one_is_skipped() {
    let home = tempfile::tempdir().unwrap();
    let from = home.path().join("records");
    std::fs::create_dir(&from).unwrap();
    let real =
        |slug: &str| std::fs::read_to_string(dataset().join(format!("{slug}.json"))).unwrap();
    std::fs::write(
        from.join("dehmbbfdi.json"),
        real("dehmbbfdi").replace(
            "mailbox@datenschutz.hamburg.de",
            "new@datenschutz.hamburg.de",
        ),
    )
    .unwrap();
    std::fs::write(
        from.join("frcnil.json"),
        real("frcnil").replacen("\"name\"", "\"title\": \"CNIL\",\n    \"name\"", 1),
    )
    .unwrap();
    let output = import(home.path(), &from).fails(5);
    assert_contains(
        &output.stderr,
        "frcnil.json`: field `title` is not a field of a supervisory-authority record",
    );
    assert_contains(&output.stderr, "1 new, 0 updated, 0 unchanged, 1 skipped");
    let check = rules_check(home.path());
    assert_contains(
        &check.stdout,
        "warning: hmbbfdi has the e-mail address `mailbox@datenschutz.hamburg.de`; \
         datenanfragen.de's record `dehmbbfdi`",
    );
    assert_contains(&check.stdout, "`new@datenschutz.hamburg.de`");
    // Authorities whose record was not imported are named too.
    assert_contains(&check.stdout, "which is not among those imported from");
}
