//! The case log: a request followed from the letter to the complaint, deadlines counted by each
//! regime's rule, replies matched to their case, and a log that never loses a case.

use std::path::Path;

use serde_json::Value;

use crate::smtp_server::{Options, Server};
use crate::test::{assert_contains, at, clearview, extend, jane, letter, mark_sent, pluck, show};

fn cases(home: &Path, today: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["cases", "--json"];
    args.extend_from_slice(extra);
    match at(home, today, &args).json() {
        Value::Array(rows) => rows,
        other => panic!("expected an array, got {other}"),
    }
}

#[test]
fn the_hamburg_path_from_request_to_complaint_in_german_with_the_timeline() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let reference = letter(home, "2026-01-31", "DE-HH", "erasure", &[]);
    assert_eq!(cases(home, "2026-01-31", &[])[0]["status"], "drafted");
    mark_sent(home, "2026-01-31", &reference, "2026-01-31", "email", &[]).ok();

    // Due on Monday 2 March 2026 (28 February is a Saturday): not overdue that day.
    let row = &cases(home, "2026-03-02", &[])[0];
    assert_eq!(row["reference"], reference.as_str());
    assert_eq!(row["controller"], "clearview-ai");
    assert_eq!(row["regime"], "gdpr");
    assert_eq!(row["kind"], "erasure");
    assert_eq!(row["status"], "sent");
    assert_eq!(row["sent"], "2026-01-31");
    assert_eq!(row["due"], "2026-03-02");
    assert_eq!(row["overdue"], false);
    assert!(cases(home, "2026-03-02", &["--overdue"]).is_empty());

    // Overdue on 3 March.
    let overdue = cases(home, "2026-03-03", &["--overdue"]);
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["status"], "overdue");
    assert_eq!(overdue[0]["overdue"], true);
    let listed = at(home, "2026-03-03", &["cases"]).ok().stdout;
    assert_contains(&listed, "overdue");
    assert_contains(&listed, &format!("forget remind {reference}"));

    // The reminder, recorded as the person sends it.
    let reminder = at(home, "2026-03-03", &["remind", &reference, "--record"]).ok();
    assert_contains(&reminder.stdout, "Reminder");
    assert_contains(&reminder.stdout, "31 January 2026");
    assert_contains(&reminder.stdout, "2 March 2026");
    assert_contains(&reminder.stdout, &reference);
    assert_contains(&reminder.stderr, "reminded on 2026-03-03");
    let case = show(home, "2026-03-03", &reference);
    assert_eq!(case["status"], "reminded");
    assert_eq!(case["reminder_due"], "2026-03-17");

    // The complaint to the HmbBfDI, in German, with the whole timeline and the breaches.
    let complaint = at(home, "2026-03-18", &["complain", &reference, "--record"]).ok();
    let text = &complaint.stdout;
    assert_contains(text, "Der Hamburgische Beauftragte für Datenschutz");
    assert_contains(text, "Ludwig-Erhard-Straße 22");
    assert_contains(text, "Beschwerde gegen Clearview AI, Inc.");
    assert_contains(text, "Jane Doe");
    assert_contains(text, "31. Januar 2026");
    assert_contains(text, "2. März 2026");
    assert_contains(text, "3. März 2026");
    assert_contains(text, "Art. 12 Abs. 3 DSGVO");
    assert_contains(text, "Art. 17 DSGVO");
    assert_contains(text, "Art. 27 DSGVO");
    assert_contains(text, "Art. 77 DSGVO");
    assert_contains(text, &reference);
    assert_contains(&complaint.stderr, "mailbox@datenschutz.hamburg.de");
    let case = show(home, "2026-03-18", &reference);
    assert_eq!(case["status"], "complained");
    let events = pluck(&case["history"], "event");
    assert_eq!(
        events,
        ["drafted", "sent", "reminded", "complained"],
        "{case:#}"
    );
    let messages = pluck(&case["messages"], "what");
    assert_eq!(messages, ["request", "reminder", "complaint"]);
}

/// Jane Doe's erasure request from Hamburg, recorded and e-mailed on 31 January 2026 (due on
/// 2 March), in the log at `home`; its reference.
fn hamburg_case_sent(home: &Path) -> String {
    let reference = letter(home, "2026-01-31", "DE-HH", "erasure", &[]);
    mark_sent(home, "2026-01-31", &reference, "2026-01-31", "email", &[]).ok();
    reference
}

/// The events of the case's history and the messages it holds, on `today`.
fn history(home: &Path, today: &str, reference: &str) -> (Vec<String>, Vec<String>) {
    let case = show(home, today, reference);
    let strings = |list: Vec<&str>| list.into_iter().map(str::to_string).collect();
    (
        strings(pluck(&case["history"], "event")),
        strings(pluck(&case["messages"], "what")),
    )
}

#[test]
fn previewing_a_reminder_records_nothing() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let reference = hamburg_case_sent(home);
    let before = history(home, "2026-03-03", &reference);
    assert_eq!(before.0, ["drafted", "sent"]);

    // On standard output, as a file, as a PDF, as JSON: the reminder is written, and the case
    // stays as it was.
    let shown = at(home, "2026-03-03", &["remind", &reference]).ok();
    assert_contains(&shown.stdout, "Reminder");
    assert_contains(
        &shown.stderr,
        &format!("not recorded: case {reference} is unchanged"),
    );
    assert_contains(&shown.stderr, "`--record`");
    assert_contains(
        &shown.stderr,
        &format!("`forget remind {reference} --send`"),
    );
    assert!(
        !shown.stderr.contains("recorded in case"),
        "{}",
        shown.stderr
    );
    let pdf = home.join("reminder.pdf");
    let pdf_arg = pdf.display().to_string();
    let args = ["remind", &reference, "--format", "pdf", "--out", &pdf_arg];
    at(home, "2026-03-03", &args).ok();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let json = at(home, "2026-03-03", &["remind", &reference, "--json"]).json();
    assert_eq!(json["recorded"], false);
    assert_eq!(history(home, "2026-03-03", &reference), before);
    assert_eq!(show(home, "2026-03-03", &reference)["status"], "overdue");
    assert_eq!(
        show(home, "2026-03-03", &reference)["reminder_due"],
        Value::Null
    );

    // Recording is the person's act: `--record`, when they send it.
    let recorded = at(home, "2026-03-03", &["remind", &reference, "--record"]).ok();
    assert_contains(
        &recorded.stderr,
        &format!("recorded in case {reference}: reminded on 2026-03-03"),
    );
    assert_eq!(
        history(home, "2026-03-03", &reference),
        (
            vec!["drafted".into(), "sent".into(), "reminded".into()],
            vec!["request".into(), "reminder".into()]
        )
    );
}

#[test]
fn previewing_a_complaint_records_nothing() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let reference = hamburg_case_sent(home);
    let before = history(home, "2026-03-18", &reference);

    let shown = at(home, "2026-03-18", &["complain", &reference]).ok();
    assert_contains(
        &shown.stdout,
        "Der Hamburgische Beauftragte für Datenschutz",
    );
    assert_contains(
        &shown.stderr,
        &format!("not recorded: case {reference} is unchanged"),
    );
    let out = home.join("complaint.txt");
    let out_arg = out.display().to_string();
    at(
        home,
        "2026-03-18",
        &["complain", &reference, "--out", &out_arg],
    )
    .ok();
    assert_contains(&std::fs::read_to_string(&out).unwrap(), "Beschwerde");
    assert_eq!(history(home, "2026-03-18", &reference), before);
    assert_eq!(show(home, "2026-03-18", &reference)["status"], "overdue");

    // `--record` and `--no-record` contradict each other.
    let both = ["complain", &reference, "--record", "--no-record"];
    let refused = at(home, "2026-03-18", &both).fails(2);
    assert_contains(&refused.stderr, "cannot be used with");

    at(home, "2026-03-18", &["complain", &reference, "--record"]).ok();
    assert_eq!(show(home, "2026-03-18", &reference)["status"], "complained");
    assert_eq!(
        history(home, "2026-03-18", &reference).1,
        ["request", "complaint"]
    );
}

#[test]
fn a_follow_up_written_with_forget_letter_cannot_be_recorded() {
    let home = tempfile::tempdir().unwrap();
    let args = [
        "--original-kind",
        "erasure",
        "--original-via",
        "email",
        "--original-date",
        "2026-01-31",
    ];
    // `jane` asks for `--record`.
    let output = jane(home.path(), "2026-03-03", "DE-HH", "reminder", &args).fails(1);
    assert_contains(&output.stderr, "only a request opens a case");
    assert_contains(&output.stderr, "`forget remind REF --record`");
    assert!(!home.path().join("cases.sqlite").exists());
}

#[test]
fn a_reminder_before_the_deadline_is_refused_with_the_due_date() {
    let home = tempfile::tempdir().unwrap();
    let reference = letter(home.path(), "2026-01-31", "DE-HH", "access", &[]);
    let output = at(home.path(), "2026-02-10", &["remind", &reference]).fails(1);
    assert_contains(&output.stderr, "has not been sent yet");
    mark_sent(
        home.path(),
        "2026-02-10",
        &reference,
        "2026-01-31",
        "email",
        &[],
    )
    .ok();
    let output = at(home.path(), "2026-02-10", &["remind", &reference]).fails(1);
    assert_contains(&output.stderr, "is not due until 2026-03-02");
    let output = at(home.path(), "2026-02-10", &["remind", "FGT-NOPE-NOPE"]).fails(1);
    assert_contains(&output.stderr, "there is no case `FGT-NOPE-NOPE`");
}

#[test]
fn pipeda_gives_30_days_and_an_extension_of_30_more_with_notice_in_time() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let reference = letter(home, "2026-03-01", "CA-ON", "access", &[]);
    mark_sent(home, "2026-03-01", &reference, "2026-03-01", "email", &[]).ok();
    assert_eq!(cases(home, "2026-03-01", &[])[0]["due"], "2026-03-31");
    // Notice after the first 30 days is too late.
    let late = extend(
        home,
        "2026-04-02",
        &reference,
        "2026-04-20",
        &["--notified-on", "2026-04-01"],
    )
    .fails(1);
    assert_contains(
        &late.stderr,
        "within the first period, which ended on 2026-03-31",
    );
    // More than 30 further days is too long.
    let long = extend(home, "2026-03-20", &reference, "2026-05-15", &[]).fails(1);
    assert_contains(&long.stderr, "to 2026-04-30");
    // 30 + 30 days.
    extend(home, "2026-03-20", &reference, "2026-04-30", &[]).ok();
    let row = &cases(home, "2026-04-30", &[])[0];
    assert_eq!(row["due"], "2026-04-30");
    assert_eq!(row["overdue"], false);
    assert_eq!(cases(home, "2026-05-01", &[])[0]["status"], "overdue");
}

#[test]
fn ccpa_gives_45_days_and_45_more() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let reference = letter(home, "2026-01-01", "US-CA", "erasure", &[]);
    mark_sent(home, "2026-01-01", &reference, "2026-01-01", "webform", &[]).ok();
    // 45 calendar days from 1 January 2026 is Sunday 15 February, which stays.
    assert_eq!(cases(home, "2026-01-02", &[])[0]["due"], "2026-02-18");
    let too_long = extend(home, "2026-02-01", &reference, "2026-04-20", &[]).fails(1);
    assert_contains(&too_long.stderr, "to 2026-04-01");
    extend(home, "2026-02-01", &reference, "2026-04-01", &[]).ok();
    assert_eq!(cases(home, "2026-02-16", &[])[0]["status"], "sent");
    assert_eq!(cases(home, "2026-04-02", &[])[0]["status"], "overdue");
}

#[test]
fn a_posted_letter_counts_from_an_assumed_delivery_that_is_flagged_or_from_the_real_one() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let reference = letter(home, "2026-01-31", "DE-HH", "access", &[]);
    let output = mark_sent(home, "2026-02-01", &reference, "2026-01-31", "post", &[]).ok();
    // To the United States: seven days, as an assumption.
    assert_contains(&output.stdout, "received on 2026-02-07");
    assert_contains(&output.stdout, "assumption, not a legal rule");
    let row = &cases(home, "2026-02-01", &[])[0];
    assert_eq!(row["received_assumed"], true);
    assert_eq!(row["due"], "2026-03-09");
    mark_sent(
        home,
        "2026-02-20",
        &reference,
        "2026-01-31",
        "post",
        &["--received-on", "2026-02-10"],
    )
    .ok();
    let row = &cases(home, "2026-02-20", &[])[0];
    assert_eq!(row["received_assumed"], false);
    assert_eq!(row["due"], "2026-03-10");
}

#[test]
fn a_reply_is_matched_by_in_reply_to_and_stored_whole() {
    let server = Server::start(Options::default());
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let url = format!("smtp://127.0.0.1:{}", server.port);
    let send = || {
        at(
            home,
            "2026-01-31",
            &[
                "send",
                "--controller",
                "clearview-ai",
                "--residence",
                "FR",
                "--kind",
                "access",
                "--name",
                "Jean Dupont",
                "--email",
                "jean@example.fr",
                "--smtp",
                &url,
            ],
        )
    };
    let sent = send().ok();
    assert_contains(&sent.stderr, "recorded in case FGT-");
    let row = &cases(home, "2026-01-31", &[])[0];
    assert_eq!(row["status"], "sent");
    assert_eq!(row["channel"], "email");
    assert_eq!(row["due"], "2026-03-02");
    let reference = row["reference"].as_str().unwrap().to_string();
    let case = show(home, "2026-01-31", &reference);
    let message_id = case["messages"][0]["message_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(case["messages"][0]["delivery"], "sent");
    // The same letter is not sent twice.
    let again = send().fails(1);
    assert_contains(&again.stderr, "was already sent by e-mail on 2026-01-31");
    assert_eq!(server.received().len(), 1);

    // A reply whose subject lost the reference: found through In-Reply-To.
    let reply = format!(
        "From: Clearview Privacy <privacy@clearview.ai>\r\nTo: jean@example.fr\r\nSubject: \
         Re: your request\r\nDate: Tue, 10 Feb 2026 09:00:00 -0500\r\nMessage-ID: \
         <reply-1@clearview.ai>\r\nIn-Reply-To: {message_id}\r\nContent-Type: text/plain; \
         charset=utf-8\r\n\r\nPlease send us a photo of yourself.\r\n"
    );
    let file = home.join("reply.eml");
    std::fs::write(&file, &reply).unwrap();
    let file = file.display().to_string();
    let output = at(
        home,
        "2026-02-11",
        &[
            "cases",
            "reply",
            "--file",
            &file,
            "--outcome",
            "asked-for-id",
        ],
    )
    .ok();
    assert_contains(&output.stdout, &reference);
    let case = show(home, "2026-02-11", &reference);
    assert_eq!(case["status"], "answered");
    assert_eq!(case["outcome"], "asked-for-id");
    let last = case["messages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["direction"], "in");
    assert_eq!(last["date"], "2026-02-10");
    assert_contains(last["text"].as_str().unwrap(), "send us a photo");
    // Recorded once.
    let twice = at(home, "2026-02-11", &["cases", "reply", "--file", &file]).fails(1);
    assert_contains(&twice.stderr, "is recorded already");
    // An answer asking for ID opens the way to the complaint before the deadline.
    let complaint = at(home, "2026-02-12", &["complain", &reference]).ok();
    assert_contains(&complaint.stdout, "Commission nationale de l'informatique");
}

#[test]
fn a_reply_without_reference_or_thread_asks_for_the_case() {
    let home = tempfile::tempdir().unwrap();
    let reference = letter(home.path(), "2026-01-31", "DE-HH", "access", &[]);
    let file = home.path().join("reply.eml");
    std::fs::write(
        &file,
        "From: someone@example.com\r\nSubject: hello\r\n\r\nA reply.\r\n",
    )
    .unwrap();
    let file = file.display().to_string();
    let output = at(
        home.path(),
        "2026-02-11",
        &["cases", "reply", "--file", &file],
    )
    .fails(1);
    assert_contains(&output.stderr, "cannot tell which case");
    assert_contains(&output.stderr, "forget cases reply REF --file");
    // With the reference, but before the letter was sent.
    let output = at(
        home.path(),
        "2026-02-11",
        &["cases", "reply", &reference, "--file", &file],
    )
    .fails(1);
    assert_contains(&output.stderr, "is not sent yet");
}

#[test]
fn bipa_gets_a_final_demand_and_a_summary_for_counsel_never_a_complaint() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let reference = letter(home, "2026-01-31", "US-IL", "destroy-biometrics", &[]);
    mark_sent(home, "2026-01-31", &reference, "2026-01-31", "email", &[]).ok();
    let row = &cases(home, "2026-06-01", &[])[0];
    assert_eq!(row["due"], Value::Null);
    assert_eq!(row["overdue"], false);
    let demand = at(home, "2026-03-10", &["remind", &reference]).ok();
    assert_contains(&demand.stdout, "Final demand");
    assert_contains(&demand.stdout, "740 ILCS 14/20");
    let summary = at(home, "2026-04-10", &["complain", &reference]).ok();
    assert_contains(&summary.stdout, "740 ILCS 14");
    assert_contains(&summary.stdout, "2022");
    assert_contains(&summary.stdout, "23%");
    assert_contains(&summary.stderr, "no authority to complain to");
    assert!(!summary.stdout.contains("Attorney General"));
    let sent = at(
        home,
        "2026-04-10",
        &["complain", &reference, "--send", "--dry-run"],
    )
    .fails(1);
    assert_contains(&sent.stderr, "goes to your lawyer");
}

#[test]
fn the_log_and_its_folder_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("forget");
    letter(&data, "2026-01-31", "DE-HH", "access", &[]);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("cases.sqlite")), 0o600);
}

#[test]
fn a_letter_without_record_leaves_the_log_alone_and_says_how_to_record_it() {
    let home = tempfile::tempdir().unwrap();
    let output = clearview("DE-HH", "access", "Jane Doe", "jane@example.org", &[])
        .with_log(home.path(), "2026-01-31")
        .ok();
    assert_contains(&output.stderr, "not recorded: add `--record`");
    assert!(
        !output.stderr.contains("recorded as case"),
        "{}",
        output.stderr
    );
    assert!(!home.path().join("cases.sqlite").exists());
    // `--no-record`, which scripts gave when recording was the default, still records nothing,
    // and says nothing about it.
    let output = clearview("DE-HH", "access", "Jane Doe", "jane@example.org", &[])
        .args(["--no-record"])
        .with_log(home.path(), "2026-01-31")
        .ok();
    assert!(!output.stderr.contains("recorded"), "{}", output.stderr);
    assert!(!home.path().join("cases.sqlite").exists());
    let empty = at(home.path(), "2026-01-31", &["cases"]).ok();
    assert_contains(&empty.stdout, "no cases yet");
}

#[test]
fn a_damaged_log_is_named_left_as_it_was_and_nothing_is_written() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("cases.sqlite");
    let garbage = b"this is not a database, but someone's only copy of it".repeat(100);
    std::fs::write(&log, &garbage).unwrap();
    let output = jane(
        home.path(),
        "2026-01-31",
        "DE-HH",
        "access",
        &["--out", "letter.txt"],
    )
    .current_dir(home.path())
    .fails(1);
    assert_contains(&output.stderr, "is damaged");
    assert_contains(&output.stderr, "--data-dir");
    assert_eq!(
        std::fs::read(&log).unwrap(),
        garbage,
        "the file is untouched"
    );
    assert!(!home.path().join("letter.txt").exists());
    let output = at(home.path(), "2026-01-31", &["cases"]).fails(1);
    assert_contains(&output.stderr, "is damaged");
}

#[test]
fn a_locked_log_makes_the_writer_wait_then_stop_with_nothing_changed() {
    let home = tempfile::tempdir().unwrap();
    let reference = letter(home.path(), "2026-01-31", "DE-HH", "access", &[]);
    // Another process holds the write lock.
    let holder = rusqlite::Connection::open(home.path().join("cases.sqlite")).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let output = mark_sent(
        home.path(),
        "2026-02-01",
        &reference,
        "2026-01-31",
        "email",
        &[],
    )
    .env("FORGET_BUSY_TIMEOUT_MS", "200")
    .fails(1);
    assert_contains(&output.stderr, "in use by another forget process");
    assert_contains(&output.stderr, "nothing was changed");
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(
        cases(home.path(), "2026-02-01", &[])[0]["status"],
        "drafted"
    );
}

#[test]
fn processes_writing_at_once_lose_no_case() {
    let home = tempfile::tempdir().unwrap();
    let writers: Vec<_> = (0..8)
        .map(|n| {
            let home = home.path().to_path_buf();
            std::thread::spawn(move || {
                let (name, email) = (format!("Person {n}"), format!("person{n}@example.org"));
                clearview("DE-HH", "access", &name, &email, &["--record"])
                    .with_log(&home, "2026-01-31")
                    .ok()
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let rows = cases(home.path(), "2026-01-31", &[]);
    assert_eq!(rows.len(), 8);
    let check = rusqlite::Connection::open(home.path().join("cases.sqlite")).unwrap();
    let integrity: String = check
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}

#[test]
fn open_deadlines_export_as_a_calendar() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let reference = letter(home, "2026-01-31", "DE-HH", "access", &[]);
    letter(home, "2026-01-31", "FR", "erasure", &[]);
    mark_sent(home, "2026-01-31", &reference, "2026-01-31", "email", &[]).ok();
    let ics = at(home, "2026-02-01", &["cases", "export", "--ics"])
        .ok()
        .stdout;
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "only the sent case");
    assert_contains(&ics, "DTSTART;VALUE=DATE:20260302");
    assert_contains(&ics, &reference);
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
}

#[test]
fn a_complaint_to_an_authority_without_e_mail_points_at_its_own_form_and_is_recorded() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let reference = letter(home, "2026-01-31", "FR", "access", &[]);
    mark_sent(home, "2026-01-31", &reference, "2026-01-31", "email", &[]).ok();
    let output = at(home, "2026-03-10", &["complain", &reference, "--send"]).fails(3);
    assert_contains(&output.stderr, "cnil.fr");
    assert!(
        !output.stderr.contains("clearview.ai/privacy"),
        "{}",
        output.stderr
    );
    assert_contains(&output.stdout, "Commission nationale de l'informatique");
    assert_eq!(show(home, "2026-03-10", &reference)["status"], "complained");
}

#[test]
fn a_reminder_as_json_still_writes_the_file_it_names() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let reference = letter(home, "2026-01-31", "DE-HH", "access", &[]);
    mark_sent(home, "2026-01-31", &reference, "2026-01-31", "email", &[]).ok();
    let out = home.join("reminder.txt");
    let out_arg = out.display().to_string();
    let preview = at(
        home,
        "2026-03-03",
        &["remind", &reference, "--json", "--out", &out_arg],
    )
    .json();
    assert_eq!(preview["recorded"], false);
    assert_eq!(preview["status"], "sent");
    let json = at(
        home,
        "2026-03-03",
        &[
            "remind", &reference, "--json", "--out", &out_arg, "--record",
        ],
    )
    .json();
    assert_eq!(json["recorded"], true);
    assert_eq!(json["status"], "reminded");
    assert_eq!(json["reply_by"], "2026-03-17");
    assert_contains(&std::fs::read_to_string(&out).unwrap(), "Reminder");
}

#[test]
fn a_second_request_from_another_residence_on_the_same_day_is_a_new_case_under_its_own_law() {
    // Issue 21 #8: the same e-mail, company, kind and day from Hamburg and then from London
    // used to share one reference and one case, which kept the GDPR for the UK letter.
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let today = "2026-11-23";
    let hamburg = crate::test::letter(home, today, "DE-HH", "erasure", &[]);
    let london = crate::test::letter(home, today, "GB", "erasure", &[]);
    assert_ne!(hamburg, london, "each request has its own reference");
    assert_eq!(crate::test::show(home, today, &hamburg)["regime"], "gdpr");
    assert_eq!(crate::test::show(home, today, &london)["regime"], "uk-gdpr");
    assert_eq!(cases(home, today, &[]).len(), 2);
    // Written again, each continues its own case.
    assert_eq!(
        crate::test::letter(home, today, "GB", "erasure", &[]),
        london
    );
    assert_eq!(cases(home, today, &[]).len(), 2);
    // A reference given by hand that names the other residence's case is refused, not merged.
    let refused =
        crate::test::jane(home, today, "GB", "erasure", &["--reference", &hamburg]).fails(1);
    assert_contains(&refused.stderr, "already names another request");
    assert_contains(&refused.stderr, "living in DE-HH");
}

#[test]
fn many_drafts_are_marked_sent_at_once_by_day_by_batch_or_all() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    // Two drafts written on different days, and a batch of two.
    let first = crate::test::letter(&home, "2026-11-02", "FR", "access", &[]);
    let second = crate::test::letter(&home, "2026-11-03", "DE-HH", "erasure", &[]);
    let input = dir.path().join("people.csv");
    std::fs::write(
        &input,
        "name,email,residence\nAnn Poe,ann@example.org,FR\nBo Li,bo@example.org,DE-BE\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (input_arg, out_arg) = (input.display().to_string(), out.display().to_string());
    crate::test::at(
        &home,
        "2026-11-04",
        &[
            "batch",
            "--input",
            &input_arg,
            "--out",
            &out_arg,
            "--controller",
            "clearview-ai",
            "--kind",
            "erasure",
        ],
    )
    .ok();
    let status =
        |reference: &str| crate::test::show(&home, "2026-11-05", reference)["status"].clone();
    // By day: only the draft of 2 November.
    let by_day = crate::test::at(
        &home,
        "2026-11-05",
        &[
            "cases",
            "mark-sent",
            "--drafted-on",
            "2026-11-02",
            "--on",
            "2026-11-04",
            "--via",
            "email",
        ],
    )
    .ok();
    assert_contains(
        &by_day.stdout,
        "1 request recorded as sent on 2026-11-04 by email",
    );
    assert_eq!(status(&first), "sent");
    assert_eq!(status(&second), "drafted");
    // By batch: the batch's two, posted.
    let by_batch = crate::test::at(
        &home,
        "2026-11-05",
        &[
            "cases",
            "mark-sent",
            "--batch",
            &out_arg,
            "--on",
            "2026-11-05",
            "--via",
            "post",
            "--json",
        ],
    )
    .json();
    let batch_refs: Vec<String> = by_batch
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(batch_refs.len(), 2, "{by_batch:#}");
    assert!(!batch_refs.contains(&second));
    assert_eq!(status(&second), "drafted");
    // All the rest: the one left.
    let all = crate::test::at(
        &home,
        "2026-11-05",
        &[
            "cases",
            "mark-sent",
            "--all-drafted",
            "--on",
            "2026-11-05",
            "--via",
            "email",
        ],
    )
    .ok();
    assert_contains(&all.stdout, &second);
    assert_eq!(status(&second), "sent");
    // Nothing left to choose: said, nothing recorded.
    let none = crate::test::at(
        &home,
        "2026-11-05",
        &[
            "cases",
            "mark-sent",
            "--all-drafted",
            "--on",
            "2026-11-05",
            "--via",
            "email",
        ],
    )
    .ok();
    assert_contains(&none.stderr, "no drafted request matches");
    // A reference and a choice of many cannot go together.
    crate::test::at(
        &home,
        "2026-11-05",
        &[
            "cases",
            "mark-sent",
            &first,
            "--all-drafted",
            "--on",
            "2026-11-05",
            "--via",
            "email",
        ],
    )
    .fails(2);
}
