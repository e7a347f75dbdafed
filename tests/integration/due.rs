//! `forget due`: what needs doing now across every case, with the command for each, and an exit
//! status cron can act on (issue 23, point 5).

use serde_json::Value;

use crate::test::{self, Case, assert_contains};

fn due(home: &std::path::Path, today: &str) -> (i32, Vec<Value>) {
    let output = test::at(home, today, &["due", "--json"]).run();
    let list: Value =
        serde_json::from_str(&output.stdout).unwrap_or_else(|e| panic!("{e}: {output:?}"));
    (output.code, list.as_array().unwrap().clone())
}

fn actions(list: &[Value]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|item| {
            (
                item["reference"].as_str().unwrap().to_string(),
                item["action"].as_str().unwrap().to_string(),
                item["by"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn nothing_due_exits_zero_and_says_so() {
    let home = tempfile::tempdir().unwrap();
    let output = test::at(home.path(), "2026-11-23", &["due"]).ok();
    assert_contains(&output.stderr, "nothing is due on 2026-11-23");
    assert_eq!(due(home.path(), "2026-11-23"), (0, Vec::new()));
}

#[test]
fn a_draft_an_overdue_answer_and_a_passed_reminder_are_each_due_with_their_command() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    // A draft never sent.
    let draft = test::letter(home, "2026-11-02", "FR", "access", &[]);
    // A request sent on 2 November: due 2 December.
    let sent = test::letter(home, "2026-11-02", "DE-HH", "erasure", &[]);
    let sent = Case::sent(home, sent, "2026-11-02", "email");
    // Before the deadline, only the draft is due.
    let (code, list) = due(home, "2026-11-20");
    assert_eq!(code, 3);
    assert_eq!(
        actions(&list),
        [(draft.clone(), "send".to_string(), "2026-11-02".to_string())]
    );
    assert_contains(
        list[0]["command"].as_str().unwrap(),
        "forget cases mark-sent",
    );
    // After it, the reminder too, with its command.
    let (_, list) = due(home, "2026-12-04");
    let found = actions(&list);
    assert!(
        found.contains(&(
            sent.reference.clone(),
            "remind".to_string(),
            "2026-12-02".to_string()
        )),
        "{found:?}"
    );
    let remind = list.iter().find(|i| i["action"] == "remind").unwrap();
    assert_eq!(
        remind["command"],
        format!("forget remind {}", sent.reference)
    );
    // Reminded: nothing until the reminder's date, then the complaint.
    sent.run("2026-12-04", "remind", &["--record"]).ok();
    let shown = sent.show("2026-12-04");
    assert_eq!(shown["status"], "reminded", "{shown:#}");
    let by = shown["reminder_due"].as_str().unwrap().to_string();
    let (_, list) = due(home, "2026-12-05");
    assert!(!actions(&list).iter().any(|(r, _, _)| *r == sent.reference));
    let after = chrono::NaiveDate::parse_from_str(&by, "%Y-%m-%d").unwrap() + chrono::Days::new(1);
    let (_, list) = due(home, &after.to_string());
    assert!(
        actions(&list).contains(&(sent.reference.clone(), "complain".to_string(), by)),
        "{list:?}"
    );
    // The text listing says the same, for a person.
    let text = test::at(home, "2026-12-04", &["due"]).fails(3);
    assert_contains(&text.stdout, &format!("{draft}  send  was due 2026-11-02"));
}

#[test]
fn a_quebec_window_to_apply_that_closes_within_a_week_is_due_by_its_last_day() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let reference = test::letter(home, "2026-03-02", "CA-QC", "access", &[]);
    let case = Case::sent(home, reference, "2026-03-02", "email");
    let due_on = case.show("2026-03-02")["due"].as_str().unwrap().to_string();
    let due_on = chrono::NaiveDate::parse_from_str(&due_on, "%Y-%m-%d").unwrap();
    // Just after the deadline: remind (the window is weeks away).
    let (_, list) = due(home, &(due_on + chrono::Days::new(1)).to_string());
    assert_eq!(list[0]["action"], "remind", "{list:?}");
    // A few days before the window closes: apply, by its last day.
    let (_, list) = due(home, &(due_on + chrono::Days::new(26)).to_string());
    assert_eq!(list[0]["action"], "apply", "{list:?}");
    assert_eq!(
        list[0]["command"],
        format!("forget complain {}", case.reference)
    );
    assert_contains(list[0]["why"].as_str().unwrap(), "window to apply");
}
