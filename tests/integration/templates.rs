//! `forget templates`: the review ledger ships empty and says so; approvals, staleness,
//! `--require-reviewed`, overrides and `check`.

use crate::test::{assert_contains, copy_dir, forget, hamburg, repo, templates_with};

#[test]
fn the_built_in_templates_are_all_unreviewed() {
    let rows = forget(["templates", "status", "--json"]).json();
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 12, "{rows:?}");
    for row in rows {
        assert_eq!(row["status"], "unreviewed", "{row}");
        assert_eq!(row["reviewer"], serde_json::Value::Null);
    }
    let output = forget(["templates", "status"]).ok();
    assert_contains(&output.stdout, "unreviewed  en/gdpr.tera");
    assert_contains(&output.stdout, "0 of ");
}

#[test]
fn every_built_in_letter_renders() {
    let output = forget(["templates", "check"]).ok();
    assert_contains(&output.stdout, "letters from");
    assert_contains(&output.stdout, "no errors");
    assert!(!output.stdout.contains("warning"), "{}", output.stdout);
}

#[test]
fn an_approval_is_recorded_goes_stale_on_change_and_satisfies_require_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    copy_dir(&repo().join("templates"), &templates);
    let with_dir =
        |args: Vec<&str>| forget(args).env("FORGET_TEMPLATES", templates.to_str().unwrap());

    let refused = || hamburg("erasure", &["--require-reviewed"]);
    let output = refused()
        .env("FORGET_TEMPLATES", templates.to_str().unwrap())
        .fails(1);
    assert_contains(
        &output.stderr,
        "--require-reviewed: the letter comes from `en/gdpr.tera` (unreviewed), `en/letter.tera` (unreviewed)",
    );
    assert!(output.stdout.is_empty());

    for name in ["en/gdpr.tera", "en/letter.tera"] {
        let output = with_dir(vec![
            "templates",
            "approve",
            name,
            "--reviewer",
            "A. Lawyer",
            "--note",
            "checked",
            "--on",
            "2026-11-23",
        ])
        .ok();
        assert_contains(&output.stdout, &format!("A. Lawyer approved `{name}`"));
    }
    let ledger = std::fs::read_to_string(templates.join("reviews.toml")).unwrap();
    assert_contains(&ledger, "reviewer = \"A. Lawyer\"");
    assert_contains(&ledger, "No lawyer has reviewed these templates yet");

    let output = refused()
        .env("FORGET_TEMPLATES", templates.to_str().unwrap())
        .ok();
    assert!(
        !output.stderr.contains("no lawyer has reviewed"),
        "{}",
        output.stderr
    );
    let status = with_dir(vec!["templates", "status"]).ok().stdout;
    assert_contains(&status, "reviewed    en/gdpr.tera");
    assert_contains(&status, "approved by A. Lawyer on 2026-11-23");

    // A change after approval makes the template stale, and the letter says so.
    let path = templates.join("en/gdpr.tera");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n{{# edited #}}\n")).unwrap();
    let status = with_dir(vec!["templates", "status"]).ok().stdout;
    assert_contains(&status, "stale       en/gdpr.tera");
    let output = hamburg("erasure", &[])
        .env("FORGET_TEMPLATES", templates.to_str().unwrap())
        .ok();
    assert_contains(
        &output.stderr,
        "the template `en/gdpr.tera` changed after A. Lawyer approved it on 2026-11-23",
    );
    let output = refused()
        .env("FORGET_TEMPLATES", templates.to_str().unwrap())
        .fails(1);
    assert_contains(&output.stderr, "`en/gdpr.tera` (stale)");
}

#[test]
fn approving_needs_a_known_template_and_a_ledger_to_write_to() {
    let output = forget(["templates", "approve", "en/gdpr.tera", "--reviewer", "X"]).fails(1);
    assert_contains(
        &output.stderr,
        "approvals are recorded in a templates folder's `reviews.toml`, and none was found",
    );
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    copy_dir(&repo().join("templates"), &templates);
    let output = forget(["templates", "approve", "en/gdrp.tera", "--reviewer", "X"])
        .env("FORGET_TEMPLATES", templates.to_str().unwrap())
        .fails(1);
    assert_contains(&output.stderr, "did you mean `en/gdpr.tera`?");
    // A path to the file finds its folder's ledger.
    let file = templates.join("en/bipa.tera");
    forget([
        "templates",
        "approve",
        file.to_str().unwrap(),
        "--reviewer",
        "B. Counsel",
    ])
    .ok();
    assert_contains(
        &std::fs::read_to_string(templates.join("reviews.toml")).unwrap(),
        "template = \"en/bipa.tera\"",
    );
}

#[test]
fn a_broken_override_is_reported_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let templates = templates_with(
        dir.path(),
        "en/gdpr.tera",
        "{% extends \"en/letter.tera\" %}\n{% block request %}\nI ask for {{ kind }\n{% endblock request %}\n",
    );
    let output = hamburg("erasure", &[])
        .env("FORGET_TEMPLATES", templates.to_str().unwrap())
        .fails(1);
    assert_contains(&output.stderr, "error: the letter templates do not compile");
    assert_contains(&output.stderr, "en/gdpr.tera");

    std::fs::write(
        templates.join("en/gdpr.tera"),
        "{% extends \"en/letter.tera\" %}\n{% block request %}\nI ask for {{ no_such_thing }}\n{% endblock request %}\n",
    )
    .unwrap();
    let output = forget(["templates", "check"])
        .env("FORGET_TEMPLATES", templates.to_str().unwrap())
        .fails(1);
    assert_contains(
        &output.stdout,
        "error: erasure under `gdpr` to `clearview-ai` in en",
    );
    assert_contains(&output.stdout, "no_such_thing");
    assert_contains(&output.stderr, "letters failed to render");
}
