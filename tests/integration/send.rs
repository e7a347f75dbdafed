//! `forget send` and `forget config check` against real SMTP servers on 127.0.0.1, started by
//! each test (see `smtp_server.rs`).

use std::path::{Path, PathBuf};

use mail_parser::MessageParser;

use crate::smtp_server::{DropAt, Dropping, Options, Server, ca_pem_path};
use crate::test::{Test, assert_contains, copy_dir, forget, repo};

const CLEARVIEW: [&str; 2] = ["privacy@clearview.ai", "legal-requests@clearview.ai"];

/// `forget send` of Jürgen's Hamburg access request to Clearview, plus `extra`.
fn send(extra: &[&str]) -> Test {
    let mut args = vec![
        "send",
        "--controller",
        "clearview-ai",
        "--residence",
        "DE-HH",
        "--kind",
        "access",
        "--name",
        "Jürgen Müller",
        "--email",
        "juergen@example.org",
        "--request-date",
        "2026-01-31",
    ];
    args.extend_from_slice(extra);
    forget(args)
}

fn plain_url(port: u16) -> String {
    format!("smtp://127.0.0.1:{port}")
}

/// A configuration file in `dir` with `text`.
fn config(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// A configuration for a STARTTLS server on `port` that the test CA vouches for, logging in as
/// `jane`.
fn starttls_config(dir: &Path, port: u16, extra: &str) -> PathBuf {
    config(
        dir,
        &format!(
            "[smtp]\nhost = \"localhost\"\nport = {port}\nsecurity = \"starttls\"\n\
             username = \"jane\"\nca_file = \"{}\"\n{extra}",
            ca_pem_path().display()
        ),
    )
}

/// A STARTTLS server that wants `jane` to log in with `password`, and a configuration for it.
fn login_server(password: &str) -> (Server, tempfile::TempDir, PathBuf) {
    let server = Server::start(Options {
        starttls: true,
        auth: Some(("jane".into(), password.into())),
        ..Options::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let config = starttls_config(dir.path(), server.port, "");
    (server, dir, config)
}

fn addresses(list: Option<&mail_parser::Address<'_>>) -> Vec<String> {
    list.and_then(|a| a.as_list())
        .map(|list| {
            list.iter()
                .filter_map(|a| a.address().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_letter_reaches_the_company_and_the_person_gets_a_blind_copy() {
    let server = Server::start(Options::default());
    let output = send(&["--smtp", &plain_url(server.port)]).ok();
    assert_contains(&output.stderr, "sent to privacy@clearview.ai");
    assert_contains(&output.stderr, "the server answered `250");
    assert_contains(&output.stderr, "the answer is due by 2026-03-02");

    let received = server.received();
    assert_eq!(received.len(), 1, "delivered once");
    let mail = &received[0];
    assert_eq!(mail.from, "juergen@example.org");
    let mut recipients = mail.to.clone();
    recipients.sort();
    assert_eq!(
        recipients,
        [
            "juergen@example.org",
            "legal-requests@clearview.ai",
            "privacy@clearview.ai"
        ]
    );
    let message = MessageParser::default().parse(&mail.data).unwrap();
    assert_eq!(addresses(message.to()), CLEARVIEW);
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(from.name(), Some("Jürgen Müller"));
    assert!(message.cc().is_none() && message.bcc().is_none());
    let raw = String::from_utf8_lossy(&mail.data);
    assert!(
        !raw.contains("Bcc:"),
        "a blind copy leaves no trace:\n{raw}"
    );
    let subject = message.subject().unwrap();
    assert!(subject.contains("Art. 15 GDPR [FGT-"), "{subject}");
    let id = message.message_id().unwrap();
    assert!(id.ends_with("@example.org"), "in the sender's domain: {id}");
    let body = message.body_text(0).unwrap();
    assert_contains(&body, "Jürgen Müller");
    assert_contains(&body, "Hamburgische Beauftragte für Datenschutz");
    assert_contains(&body, "by 2 March 2026");
    assert_eq!(mail.user, None);
}

#[test]
fn a_visible_copy_when_asked_and_the_account_as_sender_when_it_is_not_the_persons() {
    let server = Server::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let config = config(
        dir.path(),
        &format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\n\n\
             [sender]\naddress = \"requests@ngo.example\"\ncopy = \"cc\"\n",
            server.port
        ),
    );
    send(&["--config", config.to_str().unwrap()]).ok();
    let received = server.received();
    let mail = &received[0];
    assert_eq!(mail.from, "requests@ngo.example", "the account's envelope");
    let message = MessageParser::default().parse(&mail.data).unwrap();
    assert_eq!(addresses(message.cc()), ["juergen@example.org"]);
    let raw = String::from_utf8_lossy(&mail.data);
    assert_contains(&raw, "Sender: requests@ngo.example");
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(from.address(), Some("juergen@example.org"));
}

#[test]
fn name_and_address_come_from_the_configuration_when_not_given() {
    let server = Server::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let config = config(
        dir.path(),
        "[sender]\nname = \"Jane Doe\"\naddress = \"jane@example.org\"\n",
    );
    forget([
        "send",
        "--controller",
        "clearview-ai",
        "--residence",
        "FR",
        "--kind",
        "erasure",
        "--config",
        config.to_str().unwrap(),
        "--smtp",
        &plain_url(server.port),
    ])
    .ok();
    let received = server.received();
    assert_eq!(received[0].from, "jane@example.org");
    let message = MessageParser::default().parse(&received[0].data).unwrap();
    assert_contains(&message.body_text(0).unwrap(), "Jane Doe");
}

#[test]
fn starttls_with_a_self_signed_certificate_trusted_explicitly_and_login() {
    let (server, dir, config) = login_server("s3cret pass");
    let output = send(&["--config", config.to_str().unwrap()])
        .env("FORGET_SMTP_PASSWORD", "s3cret pass")
        .ok();
    assert_contains(&output.stderr, "(STARTTLS)");
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].user.as_deref(), Some("jane"));

    // The password from a command, as from a password manager.
    let config = starttls_config(
        dir.path(),
        server.port,
        "password_command = \"printf 's3cret pass\\\\nlogin: jane\\\\n'\"\n",
    );
    send(&["--config", config.to_str().unwrap()]).ok();
    assert_eq!(server.received().len(), 2);
}

#[test]
fn a_wrong_password_is_refused_without_retrying_and_never_shown() {
    let (server, _dir, config) = login_server("right");
    let output = send(&["--config", config.to_str().unwrap()])
        .env("FORGET_SMTP_PASSWORD", "wrong-hunter2")
        .fails(1);
    assert_contains(&output.stderr, "refused the login for `jane`: 535");
    assert!(!output.stderr.contains("hunter2"), "{}", output.stderr);
    assert!(!output.stderr.contains("sent to"), "{}", output.stderr);
    assert!(
        !output.stderr.contains("attempt"),
        "not retried: {}",
        output.stderr
    );
    assert!(server.received().is_empty());
}

#[test]
fn a_certificate_the_system_does_not_trust_is_refused_with_the_way_out() {
    let server = Server::start(Options {
        starttls: true,
        ..Options::default()
    });
    let output = send(&[
        "--smtp",
        &format!("smtp://localhost:{}?tls=required", server.port),
    ])
    .fails(1);
    assert_contains(&output.stderr, "the TLS connection to localhost");
    assert_contains(&output.stderr, "ca_file");
    assert!(server.received().is_empty());
}

#[test]
fn a_server_without_starttls_is_refused_when_starttls_is_required() {
    let server = Server::start(Options::default());
    let output = send(&[
        "--smtp",
        &format!("smtp://127.0.0.1:{}?tls=required", server.port),
    ])
    .fails(1);
    assert_contains(&output.stderr, "does not offer STARTTLS");
    assert!(server.received().is_empty());
}

#[test]
fn smtps_sends_over_tls_from_the_first_byte_and_config_check_says_which_tls() {
    let server = Dropping::start_smtps(DropAt::AfterData, 0);
    let dir = tempfile::tempdir().unwrap();
    let config = config(
        dir.path(),
        &format!(
            "[smtp]\nhost = \"localhost\"\nport = {}\nsecurity = \"tls\"\nca_file = \"{}\"\n",
            server.port,
            ca_pem_path().display()
        ),
    );
    let output = forget(["config", "check", "--config", config.to_str().unwrap()]).ok();
    assert_contains(&output.stdout, "(TLS)");
    assert_contains(&output.stdout, "encryption:    TLSv1.3");
    assert_contains(&output.stdout, "logged in as:  nobody");
    let output = send(&["--config", config.to_str().unwrap()]).ok();
    assert_contains(&output.stderr, "sent to privacy@clearview.ai");
    assert_eq!(server.received().len(), 1);
}

#[test]
fn smtps_to_a_server_that_speaks_no_tls_suggests_starttls() {
    let server = Server::start(Options::default());
    let output = send(&["--smtp", &format!("smtps://127.0.0.1:{}", server.port)]).fails(1);
    assert_contains(&output.stderr, "does not seem to speak TLS on this port");
    assert_contains(&output.stderr, "starttls");
    assert!(!output.stderr.contains("attempt"), "{}", output.stderr);
}

#[test]
fn a_username_for_a_server_without_login_says_to_remove_it() {
    let server = Server::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let config = config(
        dir.path(),
        &format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\nusername = \"jane\"\n",
            server.port
        ),
    );
    let output = send(&["--config", config.to_str().unwrap()])
        .env("FORGET_SMTP_PASSWORD", "x")
        .fails(1);
    assert_contains(
        &output.stderr,
        "does not let `jane` log in with a password (it offers no login at all)",
    );
    assert_contains(&output.stderr, "remove `username`");
}

#[test]
fn a_server_that_never_answers_times_out_and_says_so() {
    // Connections are queued by the kernel but never accepted: no greeting ever comes.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let config = config(
        dir.path(),
        &format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\n\
             timeout_seconds = 1\nretries = 0\n"
        ),
    );
    let output = send(&["--config", config.to_str().unwrap()]).fails(1);
    assert_contains(
        &output.stderr,
        "the server did not answer in time while connecting",
    );
    drop(silent);
}

#[test]
fn a_451_is_retried_and_the_letter_delivered_once() {
    let server = Server::start(Options {
        data_end_replies: vec![451],
        ..Options::default()
    });
    let output = send(&["--smtp", &plain_url(server.port)]).ok();
    assert_contains(&output.stderr, "attempt 1 of 4 failed");
    assert_contains(&output.stderr, "451");
    assert_contains(&output.stderr, "sent to");
    assert_eq!(server.data_ends(), 2, "one failed attempt, one accepted");
    assert_eq!(server.received().len(), 1, "delivered once");
}

#[test]
fn a_550_is_reported_with_the_servers_words_and_not_retried() {
    let server = Server::start(Options {
        rcpt_reply: Some(550),
        ..Options::default()
    });
    let output = send(&["--smtp", &plain_url(server.port)]).fails(1);
    assert_contains(
        &output.stderr,
        "error: not sent: the server refused it while giving a recipient: 550",
    );
    assert_contains(&output.stderr, "privacy@clearview.ai");
    assert!(!output.stderr.contains("attempt"), "{}", output.stderr);
    assert!(!output.stderr.contains("sent to"), "{}", output.stderr);
    assert_eq!(server.connections(), 1);
    assert!(server.received().is_empty());

    let server = Server::start(Options {
        data_end_replies: vec![554],
        ..Options::default()
    });
    let output = send(&["--smtp", &plain_url(server.port)]).fails(1);
    assert_contains(&output.stderr, "554");
    assert_eq!(server.data_ends(), 1);
}

#[test]
fn a_connection_dropped_before_the_message_is_retried_and_delivered_once() {
    let server = Dropping::start(DropAt::AfterRcpt, 1);
    let output = send(&["--smtp", &plain_url(server.port)]).ok();
    assert_contains(&output.stderr, "the server closed the connection");
    assert_contains(&output.stderr, "trying again");
    assert_eq!(server.connections(), 2);
    assert_eq!(server.received().len(), 1);
}

#[test]
fn a_connection_dropped_after_the_whole_message_is_reported_as_uncertain_and_not_resent() {
    let server = Dropping::start(DropAt::AfterData, 1);
    let output = send(&["--smtp", &plain_url(server.port)]).fails(4);
    assert_contains(&output.stderr, "perhaps sent");
    assert_contains(&output.stderr, "look for your copy before sending again");
    assert_eq!(server.connections(), 1, "never resent blindly");
}

#[test]
fn a_refused_connection_is_retried_a_bounded_number_of_times() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let dir = tempfile::tempdir().unwrap();
    let config = config(
        dir.path(),
        &format!("[smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\nretries = 1\n"),
    );
    let output = send(&["--config", config.to_str().unwrap()]).fails(1);
    assert_contains(
        &output.stderr,
        "attempt 1 of 2 failed: the connection was refused",
    );
    assert_contains(&output.stderr, "not sent: all 2 attempts failed");
}

#[test]
fn plain_text_smtp_to_another_machine_is_refused_before_connecting() {
    let output = send(&["--smtp", "smtp://mail.example.org:25"]).fails(1);
    assert_contains(
        &output.stderr,
        "refusing to send in plain text to `mail.example.org`",
    );
    assert_contains(&output.stderr, "--insecure-smtp");
    let output = send(&[])
        .env("FORGET_SMTP_URL", "smtp://192.0.2.1")
        .fails(1);
    assert_contains(&output.stderr, "refusing to send in plain text");
}

#[test]
fn the_dry_run_prints_the_message_and_sends_nothing() {
    let server = Server::start(Options::default());
    let output = send(&["--smtp", &plain_url(server.port), "--dry-run"]).ok();
    assert_contains(&output.stdout, "To: ");
    assert_contains(
        &output.stdout,
        "Subject: Request for access under Art. 15 GDPR [FGT-",
    );
    assert_contains(&output.stdout, "Message-ID: <fgt-");
    assert_contains(&output.stderr, "dry run, nothing was sent");
    assert_contains(
        &output.stderr,
        "with your copy (Bcc) to juergen@example.org",
    );
    assert_eq!(server.connections(), 0);
    // Without any server configured, it still shows the message.
    let output = send(&["--dry-run"]).ok();
    assert_contains(&output.stderr, "no mail server is configured yet");
}

#[test]
fn without_a_server_the_error_says_how_to_configure_one() {
    let output = send(&[]).fails(1);
    assert_contains(&output.stderr, "no mail server is configured");
    assert_contains(&output.stderr, "forget/config.toml");
    assert_contains(&output.stderr, "password_command");
    assert_contains(&output.stderr, "--dry-run");
}

#[test]
fn a_company_that_takes_only_a_web_form_gets_the_text_and_the_url() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    copy_dir(&repo().join("jurisdictions"), &rules.join("jurisdictions"));
    copy_dir(&repo().join("controllers"), &rules.join("controllers"));
    let path = rules.join("controllers").join("clearview-ai.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("[[email]]").unwrap();
    let end = text.find("[[webform]]").unwrap();
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).unwrap();

    let server = Server::start(Options::default());
    let output = send(&["--smtp", &plain_url(server.port)])
        .env("FORGET_RULES", rules.to_str().unwrap())
        .fails(3);
    assert_contains(&output.stdout, "Dear Sir or Madam");
    assert_contains(
        &output.stderr,
        "takes requests only through a web form, so nothing was sent",
    );
    assert_contains(&output.stderr, "https://clearview.ai/privacy-requests");
    assert_eq!(server.connections(), 0);
}

#[test]
fn the_password_is_never_taken_from_the_configuration_or_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(
        dir.path(),
        "[smtp]\nhost = \"smtp.example.org\"\npassword = \"hunter2\"\nsecurty = \"tls\"\n",
    );
    let output = send(&["--config", config.to_str().unwrap(), "--dry-run"]).fails(1);
    assert_contains(
        &output.stderr,
        "config.toml:3:1: error: the configuration file must not hold the SMTP password",
    );
    assert_contains(&output.stderr, "FORGET_SMTP_PASSWORD");
    assert_contains(&output.stderr, "unknown field `securty` in `[smtp]`");
    assert_contains(&output.stderr, "did you mean `security`?");

    assert!(!output.stderr.contains("hunter2"), "{}", output.stderr);
    for url in [
        "smtps://jane:hunter2@smtp.example.org",
        "jane:hunter2@smtp.example.org",
        "smtp:/jane:hunter2@smtp.example.org",
        "smtp://jane:hun?ter2@smtp.example.org",
    ] {
        let output = send(&["--smtp", url]).fails(1);
        assert_contains(&output.stderr, "the URL holds a password");
        assert!(!output.stderr.contains("ter2"), "{}", output.stderr);
    }
}

#[test]
fn a_host_with_a_port_and_an_empty_certificate_file_are_pointed_at() {
    let dir = tempfile::tempdir().unwrap();
    let config_path = config(
        dir.path(),
        "[smtp]\nhost = \"127.0.0.1:2525\"\nca_file = \"\"\n",
    );
    let output = send(&["--config", config_path.to_str().unwrap()]).fails(1);
    assert_contains(
        &output.stderr,
        "config.toml:2:9: error: `127.0.0.1:2525` holds a port",
    );
    assert_contains(
        &output.stderr,
        "write `host = \"127.0.0.1\"` and `port = 2525`",
    );
    assert_contains(&output.stderr, "config.toml:3:11: error: this is empty");

    std::fs::write(dir.path().join("ca.pem"), "not a certificate").unwrap();
    config(
        dir.path(),
        "[smtp]\nhost = \"localhost\"\nport = 2525\nca_file = \"ca.pem\"\n",
    );
    let output = send(&["--config", config_path.to_str().unwrap()]).fails(1);
    assert_contains(&output.stderr, "holds no PEM certificate");
}

#[test]
fn a_missing_password_says_where_to_give_it() {
    let (server, _dir, config) = login_server("right");
    let output = send(&["--config", config.to_str().unwrap()]).fails(1);
    assert_contains(&output.stderr, "the mail account `jane` needs a password");
    assert_eq!(server.connections(), 0);
}

#[test]
fn config_check_logs_in_and_reports_tls_without_sending() {
    let (server, _dir, config) = login_server("right");
    let output = forget(["config", "check", "--config", config.to_str().unwrap()])
        .env("FORGET_SMTP_PASSWORD", "right")
        .ok();
    assert_contains(
        &output.stdout,
        &format!("server:        localhost:{} (STARTTLS)", server.port),
    );
    assert_contains(&output.stdout, "encryption:    TLSv1.3");
    assert_contains(&output.stdout, "PLAIN");
    assert_contains(&output.stdout, "logged in as:  jane");
    assert_contains(&output.stdout, "Nothing was sent.");
    assert_eq!(server.data_ends(), 0);

    let output = forget(["config", "check", "--config", config.to_str().unwrap()])
        .env("FORGET_SMTP_PASSWORD", "wrong")
        .fails(1);
    assert_contains(&output.stderr, "cannot use the mail server localhost");
    assert_contains(&output.stderr, "535");
}

#[test]
fn config_path_follows_xdg_config_home() {
    let output = forget(["config", "path"])
        .env("XDG_CONFIG_HOME", "/somewhere")
        .ok();
    assert_eq!(output.stdout, "/somewhere/forget/config.toml\n");
}
