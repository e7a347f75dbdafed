//! `forget rules check`, `forget rules unconfirmed` and `--rules DIR`.

use serde_json::Value;

use crate::test::{assert_contains, fixtures, forget, repo};

#[test]
fn the_built_in_rules_are_clean() {
    let output = forget(["rules", "check"]).ok();
    assert!(
        output.stdout.starts_with("checked the built-in rules"),
        "{}",
        output.stdout
    );
    assert_contains(&output.stdout, "9 regimes");
    assert_contains(&output.stdout, "0 errors, 0 warnings");
}

#[test]
fn the_rules_in_the_repository_are_the_built_in_ones_and_are_clean() {
    let output = forget(["rules", "check"])
        .args([repo().to_str().unwrap()])
        .ok();
    assert_contains(&output.stdout, "0 errors, 0 warnings");
}

/// Every deliberately broken line of `tests/fixtures/broken-rules` is reported, with file,
/// line, column, the offending value and a hint.
#[test]
fn broken_rules_get_every_diagnostic_with_file_line_and_column() {
    let output = forget(["rules", "check", "broken-rules"])
        .current_dir(fixtures())
        .fails(1);
    insta::assert_snapshot!(output.stdout);
    assert_eq!(output.stderr, "");
}

#[test]
fn a_command_refuses_broken_rules_and_says_how_to_check_them() {
    let output = forget(["--rules", "broken-rules", "explain", "--residence", "FR"])
        .current_dir(fixtures())
        .fails(1);
    assert_eq!(output.stdout, "");
    assert!(
        output
            .stderr
            .contains("broken-rules/jurisdictions/gdpr.toml:29:1: error: unknown field `lenght`")
    );
    assert!(output.stderr.ends_with(
        "error: the rules in `broken-rules` have 33 errors (shown above): fix them, and check with \
         `forget rules check broken-rules`\n"
    ), "{}", output.stderr);
}

#[test]
fn the_rules_directory_can_come_from_the_environment() {
    let output = forget(["explain", "--residence", "FR"])
        .env("FORGET_RULES", "broken-rules")
        .current_dir(fixtures())
        .fails(1);
    assert_contains(&output.stderr, "the rules in `broken-rules` have");
}

#[test]
fn a_copy_of_the_rules_can_be_edited_and_used() {
    let temp = tempfile::tempdir().unwrap();
    let copy = temp.path().join("rules");
    copy_dir(&repo().join("jurisdictions"), &copy.join("jurisdictions"));
    copy_dir(&repo().join("controllers"), &copy.join("controllers"));
    // A lawyer corrects the HmbBfDI's e-mail address in their copy.
    let authorities = copy.join("jurisdictions").join("authorities.toml");
    let text = std::fs::read_to_string(&authorities)
        .unwrap()
        .replace("mailbox@datenschutz.hamburg.de", "beschwerde@example.org");
    std::fs::write(&authorities, text).unwrap();

    let answer: Value = forget(["explain", "--residence", "DE-HH", "--json", "--rules"])
        .args([copy.to_str().unwrap()])
        .json();
    assert_eq!(
        answer["regimes"][0]["authority"]["email"],
        "beschwerde@example.org"
    );
}

/// A rules file that cannot be read is one error: the references to what it defines, in every
/// other file, are counted on that error instead of each reported as unknown.
#[test]
fn a_broken_rule_file_is_reported_once_not_as_every_reference_into_it() {
    let temp = tempfile::tempdir().unwrap();
    let copy = temp.path().join("rules");
    copy_dir(&repo().join("jurisdictions"), &copy.join("jurisdictions"));
    copy_dir(&repo().join("controllers"), &copy.join("controllers"));
    let break_file = |name: &str, from: &str, to: &str| {
        let path = copy.join("jurisdictions").join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let broken = text.replacen(from, to, 1);
        assert_ne!(broken, text, "`{from}` is not in {name}");
        std::fs::write(&path, broken).unwrap();
        move || std::fs::write(&path, &text).unwrap()
    };
    let check = || {
        forget(["rules", "check"])
            .args([copy.to_str().unwrap()])
            .fails(1)
            .stdout
    };

    // A regime, referred to by authorities and companies: its name's string left open.
    let repair = break_file(
        "gdpr.toml",
        "Data Protection Regulation\"\n",
        "Data Protection Regulation\n",
    );
    let output = check();
    assert_contains(&output, "gdpr.toml:");
    assert_contains(
        &output,
        "error: invalid TOML: the string is not closed on its line",
    );
    assert_contains(
        &output,
        "= note: the regime `gdpr` could not be read, so the ",
    );
    assert_contains(&output, " references to it in other files were not checked");
    assert!(!output.contains("unknown regime"), "{output}");
    assert_contains(&output, "1 error, 0 warnings");
    repair();

    // The authorities, referred to by regimes, and needed for every residence a regime covers.
    let _repair = break_file("authorities.toml", "[[authority]]", "[[authority]");
    let output = check();
    assert_contains(&output, "authorities.toml:");
    assert_contains(
        &output,
        "= note: the authorities could not be read, so the ",
    );
    assert_contains(&output, "nor which authority is competent where");
    assert!(!output.contains("unknown authority"), "{output}");
    assert!(!output.contains("no authority is competent"), "{output}");
    assert_contains(&output, "1 error, 0 warnings");
}

#[test]
fn a_missing_or_misplaced_rules_directory_is_explained() {
    let missing = forget(["rules", "check", "no-such-dir"]).fails(1);
    assert_contains(&missing.stdout, "error: `no-such-dir` is not a directory");

    let inner = forget(["rules", "check"])
        .args([repo().join("jurisdictions").to_str().unwrap()])
        .fails(1);
    assert_contains(
        &inner.stdout,
        "this looks like a `jurisdictions/` folder itself: pass its parent directory",
    );
}

#[test]
fn values_the_fact_sheet_marks_unconfirmed_ship_flagged() {
    let marks: Value = forget(["rules", "unconfirmed", "--json"]).json();
    let marks = marks.as_array().unwrap();
    let flagged = |file: &str, field: &str| {
        marks.iter().any(|m| {
            m["file"].as_str().unwrap().ends_with(file)
                && m["field"] == field
                && m["line"].as_u64().unwrap() > 0
        })
    };
    // Fact sheets: BC's s. 29 read in an old copy; Québec s. 28.1; the UK Art. 12A start;
    // California's holiday rule for a business's deadline; PIPEDA and provincial holidays;
    // Clearview's postal address and privacy@ e-mail; OIPC BC's address; the OAIC's box.
    assert!(flagged("jurisdictions/bc-pipa.toml", "cite"));
    assert!(flagged("jurisdictions/quebec-private-sector.toml", "cite"));
    assert!(flagged("jurisdictions/uk-gdpr.toml", "from"));
    assert!(flagged("jurisdictions/pipeda.toml", "calendar"));
    assert!(flagged("jurisdictions/ccpa.toml", "non_working_day"));
    assert!(flagged("controllers/clearview-ai.toml", "address"));
    assert!(flagged("jurisdictions/authorities.toml", "address"));
    assert!(
        marks
            .iter()
            .all(|m| !m["reason"].as_str().unwrap().is_empty())
    );

    let text = forget(["rules", "unconfirmed"]).ok().stdout;
    assert_contains(&text, "jurisdictions/bc-pipa.toml:");
    assert!(
        text.trim_end()
            .ends_with("values marked unconfirmed in the built-in rules")
    );
}

/// The person cannot open the project's research notes: a text they are shown that cites one is
/// refused where it is, and a `#` comment that does is not.
#[test]
fn a_note_citing_an_internal_document_is_refused() {
    let temp = tempfile::tempdir().unwrap();
    let copy = temp.path().join("rules");
    copy_dir(&repo().join("jurisdictions"), &copy.join("jurisdictions"));
    copy_dir(&repo().join("controllers"), &copy.join("controllers"));
    // Where `cited` is in `name` once edited: "path:line:col".
    let edit = |name: &str, from: &str, to: &str, cited: &str| {
        let path = copy.join("jurisdictions").join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = text.replacen(from, to, 1);
        assert_ne!(edited, text, "`{from}` is not in {name}");
        std::fs::write(&path, &edited).unwrap();
        let (number, line) = edited
            .lines()
            .enumerate()
            .find(|(_, line)| line.contains(cited) && !line.starts_with('#'))
            .unwrap();
        let column = line[..line.find(cited).unwrap()].chars().count() + 1;
        format!("{name}:{}:{column}", number + 1)
    };
    let reason = edit(
        "bc-pipa.toml",
        "starts the 30 days is not confirmed\" }",
        "starts the 30 days is not confirmed (Legal Updates 2026, §5)\" }",
        "Legal Updates",
    );
    let note = edit(
        "authorities.toml",
        "\"Complaining is free.\",",
        "\"Complaining is free (fact sheet §8).\",",
        "fact sheet §8).",
    );

    let output = forget(["rules", "check"])
        .args([copy.to_str().unwrap()])
        .fails(1);
    assert_contains(
        &output.stdout,
        &format!(
            "{reason}: error: `step.unconfirmed.from` is shown to the person but cites the legal \
             updates, an internal document they cannot open"
        ),
    );
    assert_contains(
        &output.stdout,
        &format!(
            "{note}: error: `authority.notes` is shown to the person but cites the fact sheet, an \
             internal document they cannot open"
        ),
    );
    assert_contains(
        &output.stdout,
        "= help: cite the law or a public source; keep internal references in a # comment",
    );
    // The comments that cite the same documents, in both files, are not refused.
    assert_contains(&output.stdout, "2 errors, 0 warnings");

    let refused = forget(["explain", "--residence", "CA-BC", "--rules"])
        .args([copy.to_str().unwrap()])
        .fails(1);
    assert_contains(&refused.stderr, &format!("{reason}: error:"));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
