//! `forget batch --send` against a real SMTP server on 127.0.0.1 (see `smtp_server.rs`): every
//! row delivered once, across re-runs, a daily cap, Ctrl-C and a SIGKILL in the middle.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

use crate::smtp_server::{DropAt, Dropping, Options, Server};
use crate::test::{Test, assert_contains, forget};

/// A batch file of `rows` people in Hamburg, `person{n}@example.org`.
fn people(dir: &Path, rows: usize) -> PathBuf {
    let mut text = String::from("name,email,residence\n");
    for n in 0..rows {
        text.push_str(&format!("Person {n},person{n}@example.org,DE-HH\n"));
    }
    let path = dir.join("people.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// `forget batch --send` of `input` to Clearview through the server on `port`, on `today`.
fn batch(home: &Path, input: &Path, port: u16, today: &str, extra: &[&str]) -> Test {
    let mut args = vec![
        "batch".to_string(),
        "--input".to_string(),
        input.display().to_string(),
        "--out".to_string(),
        home.join("out").display().to_string(),
        "--controller".to_string(),
        "clearview-ai".to_string(),
        "--kind".to_string(),
        "erasure".to_string(),
        "--send".to_string(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    forget(args)
        .with_log(&home.join("data"), today)
        .env("FORGET_SMTP_URL", format!("smtp://127.0.0.1:{port}"))
}

/// How many messages reached the server for each person (by their copy's envelope recipient).
fn delivered(server: &Server) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for message in server.received() {
        for to in message.to {
            if to.starts_with("person") {
                *counts.entry(to).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// The manifest's rows: e-mail row number → status.
fn statuses(home: &Path) -> BTreeMap<u64, String> {
    let text = std::fs::read_to_string(home.join("out").join("manifest.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[0].parse().unwrap(), cells[6].to_string())
        })
        .collect()
}

/// The person on spreadsheet row `row` of [`people`].
fn person(row: u64) -> String {
    format!("person{}@example.org", row - 2)
}

/// Spawns the batch without waiting for it.
fn spawn(test: Test, home: &Path) -> Child {
    test.command(home)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("`forget batch` starts")
}

/// Waits until the server has taken at least `count` messages (or panics after a while).
fn wait_for(server: &Server, count: usize) {
    let start = Instant::now();
    while server.received().len() < count {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the server got only {} messages",
            server.received().len()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn each_row_is_sent_once_and_a_rerun_sends_nothing_again() {
    let server = Server::start(Options::default());
    let home = tempfile::tempdir().unwrap();
    let input = people(home.path(), 20);
    let output = batch(home.path(), &input, server.port, "2026-11-23", &[]).ok();
    assert_contains(&output.stderr, "20 letters sent");
    let counts = delivered(&server);
    assert_eq!(counts.len(), 20);
    assert!(counts.values().all(|n| *n == 1), "{counts:?}");
    // Each message goes to the company, with the person's blind copy.
    let first = &server.received()[0];
    assert!(first.to.contains(&"privacy@clearview.ai".to_string()));
    assert!(statuses(home.path()).values().all(|s| s == "sent"));

    let again = batch(home.path(), &input, server.port, "2026-11-24", &[]).ok();
    assert_contains(&again.stderr, "20 requests were sent before (not again)");
    assert_eq!(server.received().len(), 20, "nothing is sent twice");
    assert!(statuses(home.path()).values().all(|s| s == "already-sent"));
}

#[test]
fn the_daily_cap_holds_across_runs_and_the_next_day_finishes() {
    let server = Server::start(Options::default());
    let home = tempfile::tempdir().unwrap();
    let input = people(home.path(), 8);
    let capped = &["--daily-cap", "5"];
    let first = batch(home.path(), &input, server.port, "2026-11-23", capped).fails(6);
    assert_contains(&first.stderr, "the daily cap of 5 e-mails is reached");
    assert_eq!(server.received().len(), 5);
    let statuses_now = statuses(home.path());
    assert_eq!(statuses_now.values().filter(|s| *s == "sent").count(), 5);
    assert_eq!(
        statuses_now.values().filter(|s| *s == "not-sent").count(),
        3
    );

    // The same day: the cap counts the first run's sends.
    batch(home.path(), &input, server.port, "2026-11-23", capped).fails(6);
    assert_eq!(server.received().len(), 5);

    // The next day: the rest, and only the rest.
    batch(home.path(), &input, server.port, "2026-11-24", capped).ok();
    let counts = delivered(&server);
    assert_eq!(counts.len(), 8);
    assert!(counts.values().all(|n| *n == 1), "{counts:?}");
}

#[test]
fn an_unreachable_server_stops_the_batch_before_anything_is_sent() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let home = tempfile::tempdir().unwrap();
    let input = people(home.path(), 3);
    let output = batch(home.path(), &input, port, "2026-11-23", &[]).fails(1);
    assert_contains(&output.stderr, "cannot use the mail server");
    assert_contains(&output.stderr, "nothing was sent");
}

#[test]
#[cfg(target_os = "linux")]
fn ctrl_c_stops_after_the_message_in_flight_and_a_rerun_finishes() {
    let server = Server::start(Options::default());
    let home = tempfile::tempdir().unwrap();
    let input = people(home.path(), 60);
    let child = spawn(
        batch(
            home.path(),
            &input,
            server.port,
            "2026-11-23",
            &["--rate", "30/s"],
        ),
        home.path(),
    );
    wait_for(&server, 10);
    // SIGINT, as Ctrl-C in a terminal sends it.
    // Sent from here, not by a `kill` program, which a minimal system may lack.
    let pid = rustix::process::Pid::from_raw(child.id() as i32).expect("a child's pid");
    rustix::process::kill_process(pid, rustix::process::Signal::INT).expect("SIGINT sent");
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert_contains(&stderr, "stopped by Ctrl-C before row");
    let sent_before = server.received().len();
    assert!(sent_before < 60, "the batch stopped early");
    // A clean stop leaves nothing unconfirmed.
    assert!(!stderr.contains("may or may not"), "{stderr}");

    let rerun = batch(home.path(), &input, server.port, "2026-11-23", &[]).ok();
    assert!(!rerun.stderr.contains("may or may not"), "{}", rerun.stderr);
    let counts = delivered(&server);
    assert_eq!(counts.len(), 60);
    assert!(counts.values().all(|n| *n == 1), "{counts:?}");
}

#[test]
fn killed_mid_batch_then_rerun_delivers_every_row_once_except_those_listed_uncertain() {
    let server = Server::start(Options::default());
    let home = tempfile::tempdir().unwrap();
    let rows = 120;
    let input = people(home.path(), rows);
    let mut child = spawn(
        batch(
            home.path(),
            &input,
            server.port,
            "2026-11-23",
            &["--rate", "60/s"],
        ),
        home.path(),
    );
    wait_for(&server, 30);
    child.kill().unwrap(); // SIGKILL: no chance to record anything more
    child.wait().unwrap();
    let before = server.received().len();
    assert!(before < rows, "killed before the end");
    let scratch = |out: &Path| -> Vec<String> {
        std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with('.') && name != ".forget-batch.lock")
            .collect()
    };
    let out = home.path().join("out");
    assert!(
        !scratch(&out).is_empty(),
        "the kill left scratch files (with e-mail addresses) behind"
    );

    let rerun = batch(home.path(), &input, server.port, "2026-11-23", &[]).run();
    assert!(
        [0, 4].contains(&rerun.code),
        "the rerun finishes, listing any uncertain row: {rerun:#?}"
    );
    let counts = delivered(&server);
    let statuses = statuses(home.path());
    assert_eq!(statuses.len(), rows);
    let mut uncertain = 0;
    for (row, status) in &statuses {
        let times = counts.get(&person(*row)).copied().unwrap_or(0);
        match status.as_str() {
            // The ledger says it went: the server has it exactly once.
            "sent" | "already-sent" => assert_eq!(times, 1, "row {row} ({status})"),
            // The ledger cannot know: never resent, so at most once.
            "uncertain" => {
                uncertain += 1;
                assert!(times <= 1, "row {row} was resent blindly");
                assert_contains(&rerun.stderr, &format!("row {row}: FGT-"));
            }
            other => panic!("row {row}: unexpected status {other}"),
        }
    }
    assert!(
        uncertain <= 1,
        "only the message in flight can be uncertain"
    );
    assert_eq!(rerun.code, if uncertain == 0 { 0 } else { 4 });
    // Every message the server has belongs to a row the ledger accounts for.
    assert!(counts.values().all(|n| *n == 1), "{counts:?}");
    assert!(counts.len() >= rows - uncertain);
    // The rerun removed what the killed run left: no stray copy of the people's addresses.
    assert_eq!(scratch(&out), Vec::<String>::new());
}

#[test]
fn a_send_the_server_never_confirmed_is_listed_not_resent_until_asked() {
    // The first connection is the login check before the batch; the second, the first row's
    // send, is dropped after the whole message went out.
    let server = Dropping::start(DropAt::AfterData, 2);
    let home = tempfile::tempdir().unwrap();
    let input = people(home.path(), 3);
    let first = batch(home.path(), &input, server.port, "2026-11-23", &[]).fails(4);
    assert_contains(&first.stderr, "1 letter may or may not have arrived");
    assert_contains(&first.stderr, "row 2: FGT-");
    assert_contains(&first.stderr, "--resend-uncertain");
    let expected: BTreeMap<u64, String> = [(2, "uncertain"), (3, "sent"), (4, "sent")]
        .into_iter()
        .map(|(row, status)| (row, status.to_string()))
        .collect();
    assert_eq!(statuses(home.path()), expected);
    let connections = server.connections();
    // The case log shows it as uncertain, with how to check, never as a draft to send.
    let cases = crate::test::forget(["cases", "--json"])
        .with_log(&home.path().join("data"), "2026-11-23")
        .json();
    let uncertain: Vec<&serde_json::Value> = cases
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "uncertain")
        .collect();
    assert_eq!(uncertain.len(), 1, "{cases:#}");
    let next = uncertain[0]["next"].as_str().unwrap();
    assert_contains(next, "sent folder");
    assert_contains(next, "Message-ID <");
    assert!(!next.starts_with("send it"), "{next}");

    // Run again: still listed, never resent blindly.
    let again = batch(home.path(), &input, server.port, "2026-11-23", &[]).fails(4);
    assert_contains(&again.stderr, "row 2: FGT-");
    assert_eq!(
        server.connections(),
        connections + 1,
        "only the login check"
    );
    assert!(!server.received().iter().any(|m| m.to.contains(&person(2))));

    // The operator found no copy: send it again, once.
    batch(
        home.path(),
        &input,
        server.port,
        "2026-11-23",
        &["--resend-uncertain"],
    )
    .ok();
    let resent: Vec<_> = server
        .received()
        .into_iter()
        .filter(|m| m.to.contains(&person(2)))
        .collect();
    assert_eq!(resent.len(), 1);
    assert_eq!(statuses(home.path())[&2], "sent");
}

#[test]
fn addresses_no_mail_server_takes_are_rejected_before_sending_and_the_batch_goes_on() {
    let server = Server::start(Options::default());
    let home = tempfile::tempdir().unwrap();
    let input = home.path().join("people.csv");
    std::fs::write(
        &input,
        "name,email,residence\nA,\"\"\"a b\"\"@example.org\",DE-HH\nB,user@[192.0.2.1],DE-HH\n\
         C,c@example.org,DE-HH\nD,d@bücher.example,DE-HH\n",
    )
    .unwrap();
    let output = batch(home.path(), &input, server.port, "2026-11-23", &[]).fails(5);
    assert_contains(&output.stderr, "2 letters sent");
    let expected: BTreeMap<u64, String> =
        [(2, "rejected"), (3, "rejected"), (4, "sent"), (5, "sent")]
            .into_iter()
            .map(|(row, status)| (row, status.to_string()))
            .collect();
    assert_eq!(statuses(home.path()), expected);
    let rejects = std::fs::read_to_string(home.path().join("out").join("rejects.csv")).unwrap();
    assert_contains(&rejects, "2,email,");
    assert_contains(&rejects, "quoted part");
    assert_contains(&rejects, "3,email,");
    assert_contains(&rejects, "IP address");
    // A domain in another script goes out in ASCII, which every server takes.
    assert!(
        server
            .received()
            .iter()
            .any(|m| m.to.contains(&"d@xn--bcher-kva.example".to_string())),
        "{:?}",
        server.received()
    );
}

#[test]
fn a_mail_server_that_never_confirms_stops_the_batch_after_two_uncertain_rows() {
    // Every connection is dropped once the whole message went out, before the server's reply:
    // each send is uncertain. The batch stops after two such rows instead of marking all.
    let server = Dropping::start(DropAt::AfterData, 100);
    let home = tempfile::tempdir().unwrap();
    let input = people(home.path(), 8);
    let output = batch(home.path(), &input, server.port, "2026-11-23", &[]).fails(6);
    assert_contains(
        &output.stderr,
        "2 messages in a row without confirming them",
    );
    let statuses = statuses(home.path());
    let uncertain: Vec<u64> = statuses
        .iter()
        .filter(|(_, s)| *s == "uncertain")
        .map(|(row, _)| *row)
        .collect();
    assert_eq!(uncertain, [2, 3], "{statuses:?}");
    assert!(
        statuses
            .iter()
            .filter(|(row, _)| **row > 3)
            .all(|(_, s)| s == "not-sent"),
        "{statuses:?}"
    );
    // The login check, then one connection per uncertain row: never two on one connection.
    assert_eq!(server.connections(), 3);
}
