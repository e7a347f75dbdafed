//! The law in force on a letter's date: versions of a rule, the escalation path of each regime,
//! deadlines in business days and holidays, the UK's stop-the-clock and Québec's window.

use std::path::Path;

use serde_json::Value;

use crate::test::{
    Case, Test, assert_contains, copy_dir, entry, forget, jane, letter_args, pluck, reference_in,
    repo,
};

fn explain(residence: &str, kind: &str, request_date: &str) -> Value {
    forget([
        "--today",
        request_date,
        "explain",
        "--residence",
        residence,
        "--controller",
        "clearview-ai",
        "--kind",
        kind,
        "--request-date",
        request_date,
        "--json",
    ])
    .json()
}

/// The regime `id` of `forget explain --json`'s answer.
fn regime<'a>(answer: &'a Value, id: &str) -> &'a Value {
    entry(&answer["regimes"], "id", id)
}

/// The steps of a regime's escalation path.
fn steps(regime: &Value) -> Vec<&str> {
    pluck(&regime["path"], "step")
}

/// The step `name` of a regime's escalation path.
fn step<'a>(regime: &'a Value, name: &str) -> &'a Value {
    entry(&regime["path"], "step", name)
}

#[test]
fn a_uk_request_from_19_june_2026_has_a_complaint_to_the_company_before_the_ico() {
    let answer = explain("GB", "erasure", "2026-12-04");
    let uk = regime(&answer, "uk-gdpr");
    assert_eq!(
        steps(uk),
        [
            "request",
            "reminder",
            "complaint-to-controller",
            "complaint-to-authority",
            "court"
        ]
    );
    let company = step(uk, "complaint-to-controller");
    assert_eq!(company["provision"], "s. 164A Data Protection Act 2018");
    assert_eq!(
        company["within"],
        serde_json::json!({"days": 30, "unit": "calendar"})
    );
    assert_eq!(company["from"], "receipt");
    assert_eq!(
        step(uk, "complaint-to-authority")["provision"],
        "s. 165 Data Protection Act 2018"
    );
    // The request step carries the right and the deadline of Art. 12A.
    assert_contains(&step(uk, "request")["summary"].to_string(), "Art. 12A");
}

#[test]
fn a_uk_letter_dated_the_day_before_keeps_article_77_and_no_complaint_to_the_company() {
    let answer = explain("GB", "erasure", "2026-06-18");
    let uk = regime(&answer, "uk-gdpr");
    assert_eq!(
        steps(uk),
        ["request", "reminder", "complaint-to-authority", "court"]
    );
    assert_eq!(
        step(uk, "complaint-to-authority")["provision"],
        "Art. 77 UK GDPR"
    );
    // A request received before 5 February 2026 is counted under Art. 12(3), not Art. 12A.
    let january = explain("GB", "access", "2026-01-10");
    let summary = step(regime(&january, "uk-gdpr"), "request")["summary"].to_string();
    assert_contains(&summary, "Art. 12(3) UK GDPR");
}

#[test]
fn hamburg_has_no_complaint_to_the_company() {
    let answer = explain("DE-HH", "erasure", "2026-12-04");
    let gdpr = regime(&answer, "gdpr");
    assert_eq!(
        steps(gdpr),
        ["request", "reminder", "complaint-to-authority", "court"]
    );
    assert_eq!(gdpr["authority"]["id"], "hmbbfdi");
    assert_eq!(
        step(gdpr, "complaint-to-authority")["provision"],
        "Art. 77 GDPR"
    );
}

#[test]
fn quebec_ranks_its_own_act_first_with_the_cai_window_in_the_path() {
    let answer = explain("CA-QC", "access", "2026-12-04");
    assert_eq!(answer["regimes"][0]["id"], "quebec-private-sector");
    assert_eq!(answer["regimes"][1]["id"], "pipeda");
    let quebec = &answer["regimes"][0];
    let review = step(quebec, "review-application");
    assert_eq!(
        review["within"],
        serde_json::json!({"days": 30, "unit": "calendar"})
    );
    assert_eq!(review["from"], "refusal");
    assert_eq!(review["binds"], "person");
    assert_contains(review["provision"].as_str().unwrap(), "ss. 42 and 43");
}

#[test]
fn british_columbia_counts_thirty_days_without_saturdays_and_holidays() {
    // Received Tuesday 1 December 2026: 30 BC business days skip Christmas, New Year's Day and
    // the weekends (Boxing Day is a Saturday), to Thursday 14 January 2027, six weeks on.
    let answer = explain("CA-BC", "access", "2026-12-01");
    let bc = regime(&answer, "bc-pipa");
    assert_eq!(answer["regimes"][0]["id"], "bc-pipa");
    assert_eq!(bc["due"], "2027-01-14");
    assert_eq!(
        step(bc, "request")["within"],
        serde_json::json!({"days": 30, "unit": "business"})
    );
    let review = step(bc, "review-application");
    assert_eq!(
        review["within"],
        serde_json::json!({"days": 30, "unit": "business"})
    );
}

#[test]
fn a_california_opt_out_is_due_in_fifteen_business_days() {
    // Received Monday 16 November 2026: 15 business days skip Veterans Day (already past),
    // Thanksgiving (26 November) and the weekends, to Tuesday 8 December.
    let answer = explain("US-CA", "opt-out", "2026-11-16");
    let ccpa = regime(&answer, "ccpa");
    assert_eq!(ccpa["due"], "2026-12-08");
    assert_eq!(
        ccpa["deadline"],
        serde_json::json!({"length": 15, "unit": "business-days"})
    );
    // Know and delete: 45 calendar days.
    let erasure = explain("US-CA", "erasure", "2026-11-16");
    assert_eq!(
        regime(&erasure, "ccpa")["deadline"],
        serde_json::json!({"length": 45, "unit": "days"})
    );
}

#[test]
fn a_pipeda_deadline_on_a_sunday_moves_to_monday_but_one_on_a_saturday_stays() {
    // 30 days from Friday 6 February 2026 end on Sunday 8 March: Monday 9 March.
    let sunday = explain("CA-ON", "access", "2026-02-06");
    assert_eq!(regime(&sunday, "pipeda")["due"], "2026-03-09");
    // From Thursday 5 February, on Saturday 7 March: a Saturday is not a holiday in Canada.
    let saturday = explain("CA-ON", "access", "2026-02-05");
    assert_eq!(regime(&saturday, "pipeda")["due"], "2026-03-07");
    // A PIPEDA erasure request has a due date too (not set by statute, and said so).
    let erasure = explain("CA-ON", "erasure", "2026-02-06");
    let pipeda = regime(&erasure, "pipeda");
    assert_eq!(pipeda["due"], "2026-03-09");
    assert_contains(&pipeda["warnings"].to_string(), "not set by statute");
    // The OPC complaint about an access refusal: 6 months; the Federal Court: a year after the
    // report.
    let access = regime(&sunday, "pipeda");
    assert_eq!(
        step(access, "complaint-to-authority")["period"],
        serde_json::json!({"length": 6, "unit": "months"})
    );
    assert_eq!(step(access, "court")["from"], "report");
}

#[test]
fn a_quebec_deadline_on_the_fete_nationale_moves_to_the_next_day() {
    // 30 days from Monday 25 May 2026 end on Wednesday 24 June, a holiday in Québec.
    let answer = explain("CA-QC", "access", "2026-05-25");
    assert_eq!(
        regime(&answer, "quebec-private-sector")["due"],
        "2026-06-25"
    );
}

#[test]
fn explain_says_which_version_of_the_law_it_used() {
    let output = forget([
        "--today",
        "2026-12-04",
        "explain",
        "--residence",
        "GB",
        "--controller",
        "clearview-ai",
        "--kind",
        "erasure",
        "--request-date",
        "2026-12-04",
    ])
    .ok()
    .stdout;
    assert_contains(&output, "(in force from 2026-02-05)");
    assert_contains(&output, "Steps:");
    assert_contains(
        &output,
        "complaint-to-controller (s. 164A Data Protection Act 2018",
    );
}

// ----------------------------------------------------------------------------- the case log

/// Jane Doe's request to Clearview from `residence`, written and sent by e-mail on `today`, in
/// the log at `home`.
fn emailed(home: &Path, today: &str, residence: &str, kind: &str) -> Case {
    let written = jane(home, today, residence, kind, &[]).ok();
    Case::sent(home, reference_in(&written.stderr), today, "email")
}

/// `forget cases paused REFERENCE --what WHAT --asked-on ASKED --answered-on ANSWERED`, recorded
/// the day the answer came.
fn paused(case: &Case, what: &str, asked: &str, answered: &str) -> Test {
    let args = [
        "--what",
        what,
        "--asked-on",
        asked,
        "--answered-on",
        answered,
    ];
    case.run(answered, "cases paused", &args)
}

/// The case's due date on `today`.
fn due(case: &Case, today: &str) -> Value {
    case.show(today)["due"].clone()
}

#[test]
fn a_uk_access_request_waits_while_the_company_waits_for_a_clarification() {
    let home = tempfile::tempdir().unwrap();
    let case = emailed(home.path(), "2026-03-02", "GB", "access");
    assert_eq!(due(&case, "2026-03-02"), "2026-04-02");
    // Asked on 10 March, answered on 20 March: ten days do not count. 2 April + 10 days is
    // Sunday 12 April: Monday 13 April.
    let output = paused(&case, "clarification", "2026-03-10", "2026-03-20").ok();
    assert_contains(&output.stdout, "now due by 2026-04-13");
    assert_eq!(due(&case, "2026-03-20"), "2026-04-13");
}

#[test]
fn a_uk_request_runs_again_from_the_day_identity_information_arrives() {
    let home = tempfile::tempdir().unwrap();
    let case = emailed(home.path(), "2026-03-02", "GB", "erasure");
    paused(&case, "identity", "2026-03-10", "2026-03-20").ok();
    assert_eq!(due(&case, "2026-03-20"), "2026-04-20");
    // An erasure request has no clarification pause.
    let refused = paused(&case, "clarification", "2026-03-21", "2026-03-25").fails(1);
    assert_contains(&refused.stderr, "does not stop the clock");
}

#[test]
fn a_request_received_before_article_12a_keeps_its_clock_running() {
    let home = tempfile::tempdir().unwrap();
    let uk = emailed(home.path(), "2026-01-12", "GB", "access");
    let refused = paused(&uk, "identity", "2026-01-20", "2026-01-30").fails(1);
    assert_contains(&refused.stderr, "Art. 12(3) UK GDPR");
    assert_contains(&refused.stderr, "does not stop the clock");
    // Nor does the GDPR stop it.
    let hamburg = emailed(home.path(), "2026-03-02", "DE-HH", "access");
    paused(&hamburg, "identity", "2026-03-10", "2026-03-20").fails(1);
}

#[test]
fn a_quebec_reminder_never_leads_the_person_past_the_cai_window() {
    let home = tempfile::tempdir().unwrap();
    // Sent and received on Monday 2 March 2026: due Wednesday 1 April; the window to apply to
    // the CAI closes 30 days later, on Friday 1 May.
    let case = emailed(home.path(), "2026-03-02", "CA-QC", "access");
    let show = case.run("2026-04-10", "cases show", &[]).ok();
    assert_contains(&show.stdout, "apply by 2026-05-01");
    let reminder = case.run("2026-04-20", "remind", &["--json"]).json();
    // A fortnight would be 4 May, past the window: the reminder asks for 24 April, a week
    // before it closes.
    assert_eq!(reminder["reply_by"], "2026-04-24");
    assert_contains(reminder["text"].as_str().unwrap(), "1 May 2026");
    // Too close to the window, a reminder is refused in favour of the application.
    let home = tempfile::tempdir().unwrap();
    let case = emailed(home.path(), "2026-03-02", "CA-QC", "access");
    let late = case.run("2026-04-27", "remind", &[]).fails(1);
    assert_contains(&late.stderr, "closes on 2026-05-01");
    assert_contains(&late.stderr, "forget complain");
}

#[test]
fn rules_check_refuses_two_versions_of_a_deadline_in_force_on_the_same_day() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &repo().join("jurisdictions"),
        &dir.path().join("jurisdictions"),
    );
    let path = dir.path().join("jurisdictions").join("uk-gdpr.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "in_force_from = \"2026-02-05\"\nidentity_restarts",
        "in_force_from = \"2026-02-01\"\nidentity_restarts",
        1,
    );
    let text = text.replacen(
        "in_force_until = \"2026-06-18\"\nsources = [\"S:49\", \"S:52\", \"S:53\", \"S:54\"]",
        "in_force_from = \"2026-06-18\"\nin_force_until = \"2026-01-01\"\nsources = [\"S:49\", \"S:52\", \"S:53\", \"S:54\"]",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let output = forget(["rules", "check", &dir.path().display().to_string()]).fails(1);
    let all = format!("{}{}", output.stdout, output.stderr);
    assert_contains(
        &all,
        "two versions of `[deadline]` for access requests are in force on the same day",
    );
    assert_contains(&all, "uk-gdpr.toml:");
    assert_contains(
        &all,
        "`in_force_until` (2026-01-01) is before `in_force_from` (2026-06-18)",
    );
}

/// A follow-up letter from Jane Doe at `residence` to Clearview on 4 December 2026, not
/// recorded, about the request that `original` describes.
fn by_hand(residence: &str, kind: &str, original: &[&str]) -> Test {
    forget(["--today", "2026-12-04"])
        .args(letter_args("clearview-ai", residence, kind))
        .args(["--name", "Jane Doe", "--email", "jane@example.org"])
        .args(original)
}

#[test]
fn a_follow_up_written_by_hand_says_how_the_request_went_or_is_refused() {
    let base = [
        "--original-kind",
        "erasure",
        "--original-date",
        "2026-10-08",
    ];
    let refused = by_hand("DE-HH", "reminder", &base).fails(1);
    assert_contains(&refused.stderr, "--original-via email|post|webform");
    // By post, the day it was posted is needed: the day it arrived is not the day it was sent.
    let mut post = base.to_vec();
    post.extend(["--original-via", "post"]);
    let refused = by_hand("DE-HH", "reminder", &post).fails(1);
    assert_contains(&refused.stderr, "--original-sent");
    post.extend(["--original-sent", "2026-10-05"]);
    let letter = by_hand("DE-HH", "reminder", &post)
        .ok()
        .stdout
        .replace('\n', " ");
    assert_contains(&letter, "5 October 2026");
    assert_contains(&letter, "8 October 2026");
}

#[test]
fn a_posted_request_whose_arrival_is_not_known_is_not_said_to_have_arrived_on_a_day() {
    let original = [
        "--original-kind",
        "erasure",
        "--original-via",
        "post",
        "--original-sent",
        "2026-10-01",
    ];
    let letter = by_hand("GB", "complaint", &original)
        .ok()
        .stdout
        .replace('\n', " ");
    assert_contains(&letter, "1 October 2026");
    assert_contains(&letter, "by post");
    // forget assumes 7 days abroad (to 8 October): an expectation, never a fact.
    assert!(
        !letter.contains("received my request on 8 October"),
        "{letter}"
    );
    assert_contains(&letter, "expected");
}

#[test]
fn a_date_in_the_year_9999_or_0_is_refused_before_it_yields_a_five_digit_year() {
    for date in ["9999-12-31", "0000-01-01"] {
        let output = forget(["--today", date, "explain", "--residence", "DE-HH"]).fails(2);
        assert_contains(
            &output.stderr,
            "outside the years forget counts deadlines in",
        );
        assert!(!output.stderr.contains("+10000"), "{}", output.stderr);
    }
}
