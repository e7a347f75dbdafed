//! Illinois (BIPA) letters to Clearview AI: the class settlement decides what a letter may
//! threaten, the ACLU consent order's opt-out and sales ban are pointed to for what they are, the
//! five-year limitation is stated as the Illinois Supreme Court held it, and `erasure` is the
//! destruction demand BIPA knows, in one letter, a batch, the follow-ups and the wizard.

use std::path::Path;

use serde_json::Value;

use crate::test::{
    Case, Output, Test, assert_contains, assert_lacks, cites, clearview, flat, forget, letter_args,
    reference_in,
};
use crate::wizard::{Wizard, replay_on};

/// The day every letter here is dated.
const TODAY: &str = "2026-12-04";

/// `forget letter` from Ann Lee in Illinois to Clearview AI on 4 December 2026, not recorded,
/// plus `extra`.
fn illinois(kind: &str, extra: &[&str]) -> Test {
    let mut args = vec!["--request-date", TODAY];
    args.extend_from_slice(extra);
    clearview("US-IL", kind, "Ann Lee", "ann@example.org", &args)
}

/// The letter's body: from the salutation, without the reference (derived from the kind).
fn body(output: &Output) -> String {
    let text = &output.stdout;
    let start = text.find("Dear Sir or Madam").expect("a salutation");
    text[start..].to_string()
}

#[test]
fn a_settlement_member_is_not_threatened_with_damages_they_released() {
    let output = illinois("destroy-biometrics", &["--settlement", "member"]).ok();
    let letter = flat(&output.stdout);
    assert_contains(
        &letter,
        "I did not exclude myself from the class in In re Clearview AI",
    );
    assert_contains(&letter, "approved on 20 March 2025");
    assert_contains(
        &letter,
        "This letter makes no claim for damages for the conduct that settlement covered",
    );
    assert_contains(
        &letter,
        "duties BIPA sets for how you hold them from now on",
    );
    // Compliance going forward: retention and destruction, no sale, no disclosure.
    for cite in [
        "740 ILCS 14/15(a)",
        "740 ILCS 14/15(c)",
        "740 ILCS 14/15(d)",
    ] {
        assert_contains(&letter, cite);
    }
    // Nothing of the past collection the settlement released, and no action threatened.
    assert_lacks(&letter, "14/15(b)");
    assert_lacks(&letter, "bring an action");
    assert_lacks(&letter, "liquidated");
    assert_lacks(&letter, "notice of my claims");
    // The appeal matters to a member, and its outcome is not known.
    assert_contains(&letter, "Seventh Circuit");
    assert_contains(&letter, "I have not been able to confirm that outcome");
    assert_contains(&flat(&output.stderr), "were very likely released");
}

#[test]
fn an_excluded_person_may_give_notice_before_suit_within_five_years() {
    let output = illinois("destroy-biometrics", &["--settlement", "excluded"]).ok();
    let letter = flat(&output.stdout);
    assert_contains(&letter, "I excluded myself from the class");
    assert_contains(&letter, "by the deadline of 20 September 2024");
    assert_contains(&letter, "does not release my claims against you");
    assert_contains(
        &letter,
        "Please treat this letter as notice of my claims under BIPA before I consider legal action",
    );
    // The limitation as Tims held it: five years, for every BIPA claim.
    assert_contains(
        &letter,
        "the five-year limitation period of 735 ILCS 5/13-205 applies to every claim under BIPA \
         (Tims v. Black Horse Carriers, Inc., 2023 IL 127801)",
    );
    assert_contains(&letter, "740 ILCS 14/15(b)");
    assert_contains(&letter, "may bring an action");
    assert_contains(&letter, "740 ILCS 14/20");
    // Evidence kept for a suit before the data go.
    assert_contains(&letter, "Before you destroy them, make a record");
    assert_lacks(&letter, "makes no claim for damages");
    let stderr = flat(&output.stderr);
    assert_contains(&stderr, "within five years");
    assert_contains(&stderr, "SB 2979");
}

#[test]
fn a_person_who_does_not_know_is_told_honestly_and_threatened_with_nothing() {
    let unsaid = illinois("destroy-biometrics", &[]).ok();
    let letter = flat(&unsaid.stdout);
    assert_contains(
        &letter,
        "Whatever the class settlement in In re Clearview AI",
    );
    assert_contains(&letter, "This letter makes no claim for damages");
    assert_lacks(&letter, "bring an action");
    assert_lacks(&letter, "14/15(b)");
    let stderr = flat(&unsaid.stderr);
    assert_contains(
        &stderr,
        "you did not say whether you excluded yourself from the Clearview AI class settlement",
    );
    assert_contains(&stderr, "If you did not, your damages claims");
    assert_contains(&stderr, "were very likely released");
    assert_contains(&stderr, "the outcome is not confirmed");
    // Saying "unknown" is the same as saying nothing.
    let unknown = illinois("destroy-biometrics", &["--settlement", "unknown"]).ok();
    assert_eq!(unknown.stdout, unsaid.stdout);
}

#[test]
fn the_letter_points_to_the_illinois_opt_out_as_a_block_not_a_deletion_and_to_the_sales_ban() {
    let output = illinois("destroy-biometrics", &["--settlement", "member"]).ok();
    let letter = flat(&output.stdout);
    assert_contains(
        &letter,
        "ACLU v. Clearview AI (Circuit Court of Cook County, No. 2020 CH 04353)",
    );
    assert_contains(&letter, "11 May 2022");
    assert_contains(&letter, "an opt-out form for residents of Illinois");
    assert_contains(&letter, "blocked from your search results");
    assert_contains(
        &letter,
        "it does not delete: the faceprints stay in your database",
    );
    assert_contains(&letter, "do not treat the block as an answer to it");
    // The sales restrictions, with the end date said to be unconfirmed.
    assert_contains(&letter, "bars you for five years from selling access");
    assert_contains(
        &letter,
        "any entity in Illinois, including state and local police",
    );
    assert_contains(
        &letter,
        "I have not been able to confirm the exact end date",
    );
    // The opt-out form's address is not known: none is invented.
    assert_contains(&letter, "keep on your website an opt-out form");
    assert_lacks(&body(&output), "http");
    assert_lacks(&body(&output), "clearview.ai/");
    // Statute paraphrased, not quoted.
    assert_lacks(&letter, "initial purpose for collecting or obtaining");
}

#[test]
fn another_company_gets_the_plain_bipa_demand_without_clearview_s_settlement() {
    let output = forget(letter_args("pimeyes", "US-IL", "erasure"))
        .args(["--name", "Ann Lee", "--email", "ann@example.org"])
        .args(["--request-date", TODAY, "--settlement", "member"])
        .ok();
    let letter = flat(&output.stdout);
    assert_contains(&letter, "Demand to destroy my biometric identifiers");
    assert_contains(&letter, "740 ILCS 14/15(b)");
    assert_lacks(&letter, "In re Clearview AI");
    assert_lacks(&letter, "opt-out form");
    assert_contains(
        &flat(&output.stderr),
        "`--settlement` is about the Clearview AI class settlement",
    );
}

#[test]
fn a_settlement_status_for_another_law_is_said_to_do_nothing() {
    let output = clearview(
        "DE-HH",
        "erasure",
        "Jane Doe",
        "jane@example.org",
        &["--request-date", TODAY, "--settlement", "excluded"],
    )
    .ok();
    assert_lacks(&output.stdout, "In re Clearview AI");
    assert_contains(
        &flat(&output.stderr),
        "this erasure letter under `gdpr` does not use it",
    );
    let bad = illinois("destroy-biometrics", &["--settlement", "opted-out"]).fails(2);
    assert_contains(&bad.stderr, "member");
    assert_contains(&bad.stderr, "excluded");
}

#[test]
fn erasure_for_an_illinois_resident_is_the_bipa_destruction_demand() {
    for settlement in ["member", "excluded", "unknown"] {
        let erasure = illinois("erasure", &["--settlement", settlement]).ok();
        let destroy = illinois("destroy-biometrics", &["--settlement", settlement]).ok();
        assert_contains(
            &erasure.stdout,
            "Demand to destroy my biometric identifiers and biometric information",
        );
        assert_eq!(body(&erasure), body(&destroy), "{settlement}");
        assert_contains(&erasure.stderr, "erasure letter under `bipa`");
    }
    // `forget explain` gives BIPA's destruction provisions for an erasure request.
    let answer = forget([
        "explain",
        "--residence",
        "US-IL",
        "--kind",
        "erasure",
        "--json",
    ])
    .json();
    let bipa = &answer["regimes"][0];
    assert_eq!(bipa["id"], "bipa");
    assert_eq!(
        cites(bipa, "erasure"),
        [
            "740 ILCS 14/15(a)",
            "740 ILCS 14/15(b)",
            "740 ILCS 14/15(c)",
            "740 ILCS 14/15(d)"
        ]
    );
    assert_eq!(bipa["deadline"], Value::Null);
}

/// `forget batch` of the rows in `csv` to Clearview AI, as text, with the case log in `home`.
fn batch(home: &Path, dir: &Path, csv: &str, extra: &[&str]) -> Test {
    let input = dir.join("people.csv");
    std::fs::write(&input, csv).unwrap();
    let input = input.display().to_string();
    let out = dir.join("out").display().to_string();
    let mut args = vec![
        "batch",
        "--input",
        &input,
        "--out",
        &out,
        "--controller",
        "clearview-ai",
        "--format",
        "text",
    ];
    args.extend_from_slice(extra);
    forget(args).with_log(home, TODAY)
}

/// A CSV file's rows (the header too), each as its cells.
fn read_csv(path: &Path) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn a_batch_row_asking_erasure_in_illinois_is_written_not_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let csv = "name,email,residence,kind,settlement\n\
               Ann Lee,ann@example.org,US-IL,erasure,member\n\
               Bo Ray,bo@example.org,US-IL,erasure,Excluded\n\
               Cy Doe,cy@example.org,US-IL,erasure,\n\
               Di Fox,di@example.org,US-IL,erasure,member\n\
               Ed Poe,ed@example.org,US-IL,destroy-biometrics,excluded\n";
    batch(&home, dir.path(), csv, &[]).ok();
    let out = dir.path().join("out");
    let manifest = read_csv(&out.join("manifest.csv"));
    assert_eq!(manifest.len(), 6, "{manifest:?}");
    let letter = |row: &[String]| {
        assert_eq!(row[2], "bipa", "{row:?}");
        assert_eq!(row[6], "written", "{row:?}");
        flat(&std::fs::read_to_string(out.join(&row[5])).unwrap())
    };
    let ann = letter(&manifest[1]);
    let bo = letter(&manifest[2]);
    let cy = letter(&manifest[3]);
    let di = letter(&manifest[4]);
    let ed = letter(&manifest[5]);
    for text in [&ann, &bo, &cy, &di, &ed] {
        assert_contains(text, "Demand to destroy my biometric identifiers");
    }
    // Each person's own status, though the letters share one rendering per shape of person.
    assert_contains(&ann, "I did not exclude myself");
    assert_contains(&ann, "Ann Lee");
    assert_contains(&di, "I did not exclude myself");
    assert_contains(&di, "Di Fox");
    assert_lacks(&di, "Ann Lee");
    assert_contains(&bo, "notice of my claims");
    assert_contains(&bo, "Bo Ray");
    assert_contains(&cy, "Whatever the class settlement");
    assert_contains(&ed, "notice of my claims");

    // A status that is none of the three is rejected, with its column.
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let csv = "name,email,residence,settlement\nAnn Lee,ann@example.org,US-IL,maybe\n";
    batch(&home, dir.path(), csv, &["--kind", "erasure"]).fails(5);
    let rejects = read_csv(&dir.path().join("out/rejects.csv"));
    assert_eq!(rejects[1][1], "settlement");
    assert_contains(&rejects[1][2], "`maybe` is not a settlement status");
}

/// The follow-up `kind` to Ann Lee's erasure demand received on 2 November 2026, dated
/// 4 December 2026.
fn follow_up(kind: &str, extra: &[&str]) -> Test {
    let mut args = vec![
        "--original-kind",
        "erasure",
        "--original-date",
        "2026-11-02",
        "--original-via",
        "email",
    ];
    args.extend_from_slice(extra);
    illinois(kind, &args)
}

/// The same, written, with its lines joined.
fn follow_up_text(kind: &str, extra: &[&str]) -> String {
    flat(&follow_up(kind, extra).ok().stdout)
}

#[test]
fn the_final_demand_names_a_date_and_keeps_to_the_settlement() {
    let letter = follow_up_text("reminder", &["--settlement", "member"]);
    assert_contains(
        &letter,
        "Final demand: destruction of my biometric data (BIPA)",
    );
    assert_contains(
        &letter,
        "a demand to destroy my biometric identifiers and biometric information",
    );
    // Fourteen days from 4 December 2026.
    assert_contains(&letter, "confirm to me in writing by 18 December 2026");
    assert_contains(
        &letter,
        "If I do not have your written confirmation by 18 December 2026",
    );
    assert_contains(
        &letter,
        "I make no claim for damages that the class settlement",
    );
    assert_contains(
        &letter,
        "does not destroy them, and is no answer to this demand",
    );
    assert_lacks(&letter, "14/15(b)");
    assert_lacks(&letter, "remedies available to me");

    let letter = follow_up_text("reminder", &["--settlement", "excluded"]);
    assert_contains(&letter, "This letter is my notice before suit");
    assert_contains(
        &letter,
        "Tims v. Black Horse Carriers, Inc., 2023 IL 127801",
    );
    assert_contains(&letter, "within five years");
    assert_contains(&letter, "remedies available to me under 740 ILCS 14/20");
    assert_contains(&letter, "by 18 December 2026");
}

#[test]
fn the_summary_for_counsel_states_the_settlement_and_the_five_year_limitation() {
    let summary = follow_up_text("counsel", &[]);
    assert_contains(&summary, "Limitation:");
    assert_contains(
        &summary,
        "Tims v. Black Horse Carriers, Inc., 2023 IL 127801 (2 February 2023)",
    );
    assert_contains(&summary, "one recovery");
    assert_contains(&summary, "not confirmed");
    assert_contains(
        &summary,
        "I do not know whether I excluded myself from the class",
    );
    assert_contains(&summary, "(BIPA has no right of erasure by that name)");
    assert_contains(
        &summary,
        "blocks matching faceprints from search results but does not delete them",
    );
    let member = follow_up_text("counsel", &["--settlement", "member"]);
    assert_contains(&member, "I did not exclude myself from the class");
    assert_contains(&member, "very likely released");
    assert_contains(
        &member,
        "Whether the release also covers a demand to destroy data is not confirmed",
    );
    let excluded = follow_up_text("counsel", &["--settlement", "excluded"]);
    assert_contains(&excluded, "I keep my individual claims");
    assert_contains(&excluded, "five-year limitation");
}

#[test]
fn an_erasure_case_in_illinois_is_recorded_and_gets_a_dated_final_demand() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let written = clearview(
        "US-IL",
        "erasure",
        "Ann Lee",
        "ann@example.org",
        &["--record"],
    )
    .with_log(home, "2026-11-02")
    .ok();
    let case = Case::sent(home, reference_in(&written.stderr), "2026-11-02", "email");
    let demand = case.run("2026-12-04", "remind", &["--record"]).ok();
    let text = flat(&demand.stdout);
    assert_contains(
        &text,
        "Final demand: destruction of my biometric data (BIPA)",
    );
    assert_contains(&text, "by 18 December 2026");
    assert_contains(&text, "a demand to destroy my biometric identifiers");
    assert_contains(&demand.stderr, "answer asked by 2026-12-18");
    let summary = case.run("2026-12-21", "complain", &[]).ok();
    assert_contains(&flat(&summary.stdout), "Tims v. Black Horse Carriers");
}

// ---------------------------------------------------------------- the wizard

const ENTER: &str = "\r";
const UP: &str = "\x1b[A";

/// Ann Lee and her e-mail address, as typed into the wizard.
const ANN: (&str, &str) = ("Ann Lee", "ann@example.org");

/// Replays `answers` in the wizard on [`TODAY`], with the case log beside them.
fn replay(answers: &str) -> (tempfile::TempDir, Test) {
    let (dir, test) = replay_on(TODAY, answers);
    let test = test.env("FORGET_HOME", dir.path().join("home").display().to_string());
    (dir, test)
}

#[test]
fn the_wizard_asks_an_illinois_resident_about_the_settlement() {
    let mut wizard = Wizard::start(&["wizard", "--save-answers", "answers.toml"], TODAY);
    wizard
        .up_to_the_photo("United States (US)", "US-IL", ANN)
        .answer("Offer a photo of your face", "")
        .expect("Did you exclude yourself from the settlement by 20 September 2024?")
        // member, excluded, I don't know (the default): up once is "excluded".
        .keys(UP)
        .keys(ENTER)
        .save_as_text("letter.txt")
        .expect("Saved your answers");
    assert_eq!(wizard.exit_code(), 0, "{}", wizard.transcript);
    wizard
        .said("In re Clearview AI, Inc. Consumer Privacy Litigation")
        .said("the court approved the settlement on 20 March 2025")
        .said("forget has not been able to confirm the outcome")
        .said("it never threatens a claim you have released")
        .said("the letter is notice before a suit")
        .said("within five years (Tims v. Black Horse Carriers, 2023)")
        // What comes next: record the send, and a day to write the final demand on.
        .said("forget cases mark-sent FGT-")
        .said("within 30 days of receiving it: by Sunday 3 January 2027")
        .said("If no written confirmation has come by Sunday 3 January 2027, from Monday 4 January 2027, the final demand")
        .said("forget remind FGT-")
        .said("it blocks your faceprints from its search results, but it does not delete them");
    let letter = flat(&wizard.read("letter.txt"));
    assert_contains(&letter, "Please treat this letter as notice of my claims");
    let answers = wizard.read("answers.toml");
    assert_contains(&answers, "settlement = \"excluded\"");

    // The saved answers write the same letter again; `member` and a missing answer (unknown)
    // keep every threat out; `erasure` is the destruction demand.
    let (dir, test) = replay(&answers);
    test.ok();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("letter.txt")).unwrap(),
        wizard.read("letter.txt")
    );
    let base = "controller = \"clearview-ai\"\nresidence = \"US-IL\"\nkind = \"erasure\"\n\
                name = \"Ann Lee\"\nemail = \"ann@example.org\"\ndeliver = \"text\"\n\
                out = \"letter.txt\"\n";
    for (extra, expected) in [
        ("settlement = \"member\"\n", "I did not exclude myself"),
        ("", "Whatever the class settlement"),
    ] {
        let (dir, test) = replay(&format!("{base}{extra}"));
        let output = test.ok();
        let letter = flat(&std::fs::read_to_string(dir.path().join("letter.txt")).unwrap());
        assert_contains(&letter, "Demand to destroy my biometric identifiers");
        assert_contains(&letter, expected);
        assert_lacks(&letter, "bring an action");
        assert_contains(&output.stderr, "no right of erasure by that name");
    }
    let (_dir, test) = replay_on(TODAY, &format!("{base}settlement = \"opted-out\"\n"));
    let refused = test.fails(1);
    assert_contains(&refused.stderr, "answers.toml:8:15");
    assert_contains(
        &refused.stderr,
        "expected `member`, `excluded` or `unknown`",
    );
}

#[test]
fn the_wizard_asks_no_one_else_about_the_settlement() {
    let (_dir, test) = replay(
        "controller = \"clearview-ai\"\nresidence = \"US-CA\"\nkind = \"erasure\"\n\
         name = \"Ann Lee\"\nemail = \"ann@example.org\"\nsettlement = \"excluded\"\n\
         deliver = \"none\"\n",
    );
    let output = test.ok();
    assert_lacks(&output.stderr, "The Clearview AI class settlement");
    assert_lacks(&output.stderr, "In re Clearview AI");
}

#[test]
fn the_wizard_explains_why_a_face_search_company_needs_a_photo() {
    let mut wizard = Wizard::start(&["wizard", "--save-answers", "answers.toml"], TODAY);
    wizard
        .up_to_the_photo("Germany (DE)", "Hamburg", ANN)
        .expect("Offer a photo of your face")
        // Enter takes the default: yes, for a company that finds people by their face.
        .keys(ENTER)
        .answer("Which language should the letter be in?", "")
        .save_as_text("letter.txt")
        .expect("Saved your answers");
    assert_eq!(wizard.exit_code(), 0, "{}", wizard.transcript);
    wizard
        .said("Clearview AI finds people by their face, not by their name: it indexes faces")
        .said("from your name and e-mail address alone it can truthfully answer that it found nothing")
        .said("until you give it information that lets it identify you (Art. 11(2) GDPR)")
        .said("given only so that it can find and erase your records is not a check of who you are")
        .said("So forget offers one in the first letter, unless you say no")
        // The law on identity checks is still said.
        .said("The law (Art. 12(6) GDPR)");
    // Explained before it is asked.
    let flat_screen = flat(&wizard.transcript);
    assert!(
        flat_screen.find("indexes faces").unwrap()
            < flat_screen.find("Offer a photo of your face").unwrap(),
        "{}",
        wizard.transcript
    );
    assert_contains(&wizard.read("answers.toml"), "offer_photo = true");
    // Not asked about the Illinois settlement.
    assert!(
        !wizard.has_said("Did you exclude yourself"),
        "{}",
        wizard.transcript
    );

    // In Illinois there is no GDPR to cite; and an answers file that does not say gets the photo
    // offered too.
    let (dir, test) = replay(
        "controller = \"clearview-ai\"\nresidence = \"US-IL\"\nkind = \"destroy-biometrics\"\n\
         name = \"Ann Lee\"\nemail = \"ann@example.org\"\ndeliver = \"none\"\n",
    );
    let output = test.args(["--save-answers", "saved.toml"]).ok();
    let stderr = flat(&output.stderr);
    assert_contains(&stderr, "it indexes faces");
    assert_lacks(&stderr, "Art. 11(2)");
    let saved = std::fs::read_to_string(dir.path().join("saved.toml")).unwrap();
    assert_contains(&saved, "offer_photo = true");
}
