//! Sending over SMTP, one transaction at a time, telling apart what can be retried, what cannot,
//! and what cannot be known.
//!
//! lettre's connection is driven step by step (connect, STARTTLS, AUTH, MAIL, RCPT, DATA, the
//! message) so that every failure is known by the step it happened in:
//! - before the message is handed over, a 4xx reply or a lost connection is **transient**: nothing
//!   was delivered, and the send is retried with a bounded backoff;
//! - a 5xx reply is **permanent**: reported with the server's words, never retried;
//! - a connection lost after the whole message went out and before the server answered is
//!   **uncertain**: the message may have been delivered, so it is never resent blindly.

use std::fmt;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::Error as SmtpError;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use secrecy::{ExposeSecret, SecretString};

use super::config::{Security, Smtp};

/// What the server said when it took the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The server's reply to the end of the message (`250 2.0.0 Ok: queued as …`).
    pub reply: String,
    /// How many attempts it took.
    pub attempts: u32,
}

/// Why a message was not sent, or may not have been.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// The server refused for good (5xx), or something that no retry can mend: not retried.
    Permanent(String),
    /// Every attempt failed with a transient failure (4xx, refused, timed out, dropped).
    GaveUp { attempts: u32, last: String },
    /// The connection was lost after the whole message went out and before the server answered:
    /// it may have been delivered.
    Uncertain(String),
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Permanent(why) => write!(f, "not sent: {why}"),
            SendError::GaveUp { attempts, last } => write!(
                f,
                "not sent: {} failed, the last with: {last}",
                match attempts {
                    1 => "the only attempt".to_string(),
                    n => format!("all {n} attempts"),
                }
            ),
            SendError::Uncertain(why) => write!(
                f,
                "perhaps sent: {why}, before the server confirmed it. The server may have \
                 delivered it: look for your copy before sending again"
            ),
        }
    }
}

impl std::error::Error for SendError {}

/// The outcome of one attempt that did not succeed.
enum Failure {
    Transient(String),
    Permanent(String),
    Uncertain(String),
}

/// Where a failure happened, to say so.
#[derive(Debug, Clone, Copy)]
enum Step {
    Connect,
    StartTls,
    Login,
    Sender,
    Recipient,
    Data,
    Message,
}

impl Step {
    fn what(self) -> &'static str {
        match self {
            Step::Connect => "connecting",
            Step::StartTls => "starting TLS",
            Step::Login => "logging in",
            Step::Sender => "giving the sender",
            Step::Recipient => "giving a recipient",
            Step::Data => "starting the message",
            Step::Message => "handing over the message",
        }
    }
}

/// A connection to one mail server, opened when first needed, kept for the next message, and
/// reopened after a failure.
pub struct Mailer {
    smtp: Smtp,
    password: Option<SecretString>,
    hello: ClientId,
    tls: Option<TlsParameters>,
    connection: Option<SmtpConnection>,
    /// Told about each failed attempt before a retry.
    on_retry: Box<dyn FnMut(&str)>,
    /// The pause before the first retry; it doubles each time, up to [`MAX_DELAY`].
    first_delay: Duration,
    /// When the open connection last carried a message.
    last_used: Option<std::time::Instant>,
}

/// The longest pause between two attempts.
const MAX_DELAY: Duration = Duration::from_secs(30);

impl Mailer {
    /// A mailer for `smtp`, greeting the server as `hello_domain` (the sender's domain, never the
    /// machine's name). Fails when the TLS settings cannot be built (an unreadable `ca_file`).
    pub fn new(
        smtp: &Smtp,
        password: Option<SecretString>,
        hello_domain: &str,
    ) -> anyhow::Result<Mailer> {
        let tls = match smtp.security {
            Security::None => None,
            Security::Tls | Security::StartTls => Some(tls_parameters(smtp)?),
        };
        Ok(Mailer {
            smtp: smtp.clone(),
            password,
            hello: ClientId::Domain(hello_domain.to_string()),
            tls,
            connection: None,
            on_retry: Box::new(|_| {}),
            first_delay: Duration::from_secs(1),
            last_used: None,
        })
    }

    /// Calls `notify` with a line about each failed attempt that will be retried.
    pub fn on_retry(mut self, notify: impl FnMut(&str) + 'static) -> Mailer {
        self.on_retry = Box::new(notify);
        self
    }

    /// Connects and logs in without sending anything, and says what the server offers.
    pub fn check(&mut self) -> anyhow::Result<ServerReport> {
        let connection = self.connect().map_err(|failure| match failure {
            Failure::Transient(why) | Failure::Permanent(why) | Failure::Uncertain(why) => {
                anyhow::anyhow!(why)
            }
        })?;
        let info = connection.server_info();
        let mechanisms = [Mechanism::Plain, Mechanism::Login, Mechanism::Xoauth2]
            .into_iter()
            .filter(|m| info.supports_auth_mechanism(*m))
            .map(|m| m.to_string())
            .collect();
        let extensions = [
            (Extension::EightBitMime, "8BITMIME"),
            (Extension::SmtpUtfEight, "SMTPUTF8"),
            (Extension::StartTls, "STARTTLS"),
        ]
        .into_iter()
        .filter(|(e, _)| info.supports_feature(*e))
        .map(|(_, name)| name.to_string())
        .collect();
        let report = ServerReport {
            name: info.name().to_string(),
            encrypted: connection.is_encrypted(),
            mechanisms,
            logged_in_as: self.password.as_ref().and(self.smtp.username.clone()),
            extensions,
        };
        self.connection = Some(connection);
        self.close();
        Ok(report)
    }

    /// Sends `message` (the formatted bytes) to the envelope's recipients, retrying transient
    /// failures up to the configured number of times.
    pub fn send(&mut self, envelope: &Envelope, message: &[u8]) -> Result<Sent, SendError> {
        let attempts = self.smtp.retries + 1;
        let mut delay = self.first_delay;
        let mut last = String::new();
        for attempt in 1..=attempts {
            match self.attempt(envelope, message) {
                Ok(reply) => {
                    return Ok(Sent {
                        reply,
                        attempts: attempt,
                    });
                }
                Err(Failure::Permanent(why)) => {
                    self.drop_connection();
                    return Err(SendError::Permanent(why));
                }
                Err(Failure::Uncertain(why)) => {
                    self.drop_connection();
                    return Err(SendError::Uncertain(why));
                }
                Err(Failure::Transient(why)) => {
                    self.drop_connection();
                    if attempt < attempts {
                        (self.on_retry)(&format!(
                            "attempt {attempt} of {attempts} failed: {why}; trying again in {}",
                            seconds(delay)
                        ));
                        std::thread::sleep(delay);
                        delay = (delay * 2).min(MAX_DELAY);
                    }
                    last = why;
                }
            }
        }
        Err(SendError::GaveUp { attempts, last })
    }

    /// Says goodbye to the server, if connected.
    pub fn close(&mut self) {
        if let Some(mut connection) = self.connection.take() {
            let _ = connection.quit();
        }
    }

    fn drop_connection(&mut self) {
        if let Some(mut connection) = self.connection.take() {
            connection.abort();
        }
    }

    fn attempt(&mut self, envelope: &Envelope, message: &[u8]) -> Result<String, Failure> {
        // A connection used a moment ago is alive; one idle for longer is asked (NOOP), as the
        // server may have closed it.
        let fresh = self
            .last_used
            .is_some_and(|at| at.elapsed() < Duration::from_secs(1));
        let reusable = self
            .connection
            .as_mut()
            .is_some_and(|c| !c.has_broken() && (fresh || c.test_connected()));
        let mut connection = match self.connection.take() {
            Some(connection) if reusable => connection,
            Some(mut broken) => {
                broken.abort();
                self.connect()?
            }
            None => self.connect()?,
        };
        let result = transaction(&mut connection, &self.smtp, envelope, message);
        if result.is_ok() {
            self.last_used = Some(std::time::Instant::now());
            self.connection = Some(connection);
        } else {
            connection.abort();
        }
        result
    }

    fn connect(&self) -> Result<SmtpConnection, Failure> {
        let smtp = &self.smtp;
        let wrapper = match smtp.security {
            Security::Tls => self.tls.as_ref(),
            Security::StartTls | Security::None => None,
        };
        let mut connection = SmtpConnection::connect(
            (smtp.host.as_str(), smtp.port),
            Some(smtp.timeout),
            &self.hello,
            wrapper,
            None,
        )
        .map_err(|error| failure(Step::Connect, &error, &self.smtp))?;
        if smtp.security == Security::StartTls {
            if !connection
                .server_info()
                .supports_feature(Extension::StartTls)
            {
                connection.abort();
                return Err(Failure::Permanent(format!(
                    "{} does not offer STARTTLS, so the letter would go in plain text; use the \
                     server's TLS port (`security = \"tls\"`, usually port 465)",
                    smtp.describe()
                )));
            }
            let tls = self.tls.as_ref().expect("STARTTLS has TLS parameters");
            connection
                .starttls(tls, &self.hello)
                .map_err(|error| failure(Step::StartTls, &error, &self.smtp))?;
        }
        if let (Some(username), Some(password)) = (&smtp.username, &self.password) {
            let info = connection.server_info();
            if info
                .get_auth_mechanism(&[Mechanism::Plain, Mechanism::Login])
                .is_none()
            {
                let offered = if info.supports_auth_mechanism(Mechanism::Xoauth2) {
                    "it offers only XOAUTH2, which forget does not support"
                } else {
                    "it offers no login at all"
                };
                connection.abort();
                return Err(Failure::Permanent(format!(
                    "{} does not let `{username}` log in with a password ({offered}); if the \
                     server needs no login, remove `username` from the configuration",
                    smtp.describe()
                )));
            }
            let credentials =
                Credentials::new(username.clone(), password.expose_secret().to_string());
            connection
                .auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
                .map_err(|error| match error.status() {
                    Some(_) if error.is_permanent() => Failure::Permanent(format!(
                        "the server refused the login for `{username}`: {}",
                        reply(&error)
                    )),
                    _ => failure(Step::Login, &error, &self.smtp),
                })?;
        }
        Ok(connection)
    }
}

/// One SMTP transaction on an open connection: the server's reply to the end of the message.
fn transaction(
    connection: &mut SmtpConnection,
    smtp: &Smtp,
    envelope: &Envelope,
    message: &[u8],
) -> Result<String, Failure> {
    let info = connection.server_info();
    let mut parameters = Vec::new();
    if envelope
        .to()
        .iter()
        .chain(envelope.from())
        .any(|a| !AsRef::<str>::as_ref(a).is_ascii())
    {
        if !info.supports_feature(Extension::SmtpUtfEight) {
            return Err(Failure::Permanent(
                "an address has non-ASCII characters, and the server does not accept them \
                 (no SMTPUTF8)"
                    .to_string(),
            ));
        }
        parameters.push(MailParameter::SmtpUtfEight);
    }
    if !message.is_ascii() {
        if !info.supports_feature(Extension::EightBitMime) {
            return Err(Failure::Permanent(
                "the message has 8-bit characters, and the server does not accept them \
                 (no 8BITMIME)"
                    .to_string(),
            ));
        }
        parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    let plain = |step: Step, error: SmtpError| failure(step, &error, smtp);
    connection
        .command(Mail::new(envelope.from().cloned(), parameters))
        .map_err(|e| plain(Step::Sender, e))?;
    for recipient in envelope.to() {
        connection
            .command(Rcpt::new(recipient.clone(), vec![]))
            .map_err(|e| match plain(Step::Recipient, e) {
                Failure::Permanent(why) => {
                    Failure::Permanent(format!("{why} (the recipient `{recipient}`)"))
                }
                other => other,
            })?;
    }
    connection.command(Data).map_err(|e| plain(Step::Data, e))?;
    // The message and its end in one write: lettre's `message` writes the end apart, and with
    // Nagle's algorithm that small write waits for the server's delayed acknowledgement (up to
    // 40 ms a message). Every message forget builds is UTF-8.
    let sent = match String::from_utf8(with_end(message)) {
        Ok(whole) => connection.command(Whole(whole)),
        Err(_) => connection.message(message),
    };
    match sent {
        Ok(response) => Ok(format!(
            "{} {}",
            response.code(),
            response.message().collect::<Vec<_>>().join(" ")
        )),
        Err(error) if error.status().is_some() => Err(plain(Step::Message, error)),
        Err(error) => Err(Failure::Uncertain(format!(
            "{} while {}",
            cause(&error),
            Step::Message.what()
        ))),
    }
}

/// The message as it goes after DATA: a `.` that starts a line doubled (RFC 5321, 4.5.2), then
/// the end of the data, CRLF . CRLF.
fn with_end(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len() + 64);
    let mut line_start = true;
    let mut after_cr = false;
    for &byte in message {
        if line_start && byte == b'.' {
            out.push(b'.');
        }
        out.push(byte);
        line_start = after_cr && byte == b'\n';
        after_cr = byte == b'\r';
    }
    out.extend_from_slice(b"\r\n.\r\n");
    out
}

/// Raw text for [`SmtpConnection::command`], which writes it whole and reads the reply.
struct Whole(String);

impl fmt::Display for Whole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A failure while connecting, starting TLS or logging in: nothing was sent.
fn failure(step: Step, error: &SmtpError, smtp: &Smtp) -> Failure {
    if let Some(tls) = tls_failure(error) {
        let hint = match tls {
            rustls::Error::InvalidCertificate(_) if smtp.ca_file.is_some() => {
                " The certificate authority in `ca_file` does not vouch for this server's \
                 certificate (or its name)"
            }
            rustls::Error::InvalidCertificate(_) => {
                " If the server uses a certificate your system does not trust (a self-signed \
                 one), give its authority with `ca_file = \"…\"` in `[smtp]`"
            }
            rustls::Error::InvalidMessage(_) if smtp.security == Security::Tls => {
                " The server does not seem to speak TLS on this port: it may want STARTTLS \
                 (`security = \"starttls\"`, usually port 587)"
            }
            _ => "",
        };
        return Failure::Permanent(format!(
            "the TLS connection to {} failed: {tls}.{hint}",
            smtp.describe()
        ));
    }
    if let Some(lookup) = lookup_failure(error) {
        return Failure::Permanent(format!(
            "cannot find the host `{}` ({lookup}): check `host`, and that this machine is online",
            smtp.host
        ));
    }
    match error.status() {
        Some(_) if error.is_permanent() => Failure::Permanent(format!(
            "the server refused it while {}: {}",
            step.what(),
            reply(error)
        )),
        Some(_) => Failure::Transient(format!(
            "the server deferred it while {}: {}",
            step.what(),
            reply(error)
        )),
        None if error.is_client() => Failure::Permanent(format!(
            "{} while {} ({}:{})",
            cause(error),
            step.what(),
            smtp.address_host(),
            smtp.port
        )),
        None => Failure::Transient(format!(
            "{} while {} ({}:{})",
            cause(error),
            step.what(),
            smtp.address_host(),
            smtp.port
        )),
    }
}

/// The TLS handshake's failure (an untrusted certificate, a server that speaks no TLS): no retry
/// mends that. rustls's errors may come wrapped in an I/O error.
fn tls_failure(error: &SmtpError) -> Option<&rustls::Error> {
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(error);
    while let Some(current) = source {
        if let Some(tls) = current.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        if let Some(tls) = current
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            return Some(tls);
        }
        source = current.source();
    }
    None
}

/// The resolver's failure, when the host name could not be looked up.
fn lookup_failure(error: &SmtpError) -> Option<String> {
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(error);
    while let Some(current) = source {
        let text = current.to_string();
        if text.contains("failed to lookup address") {
            return Some(text);
        }
        source = current.source();
    }
    None
}

/// The server's reply, as `550 Mailbox unavailable`.
fn reply(error: &SmtpError) -> String {
    let text = std::error::Error::source(error).map_or(String::new(), |s| s.to_string());
    match error.status() {
        Some(code) => format!("{code} {text}").trim_end().to_string(),
        None => text,
    }
}

/// The deepest cause of a network or TLS error, in words: "connection refused", "timed out".
fn cause(error: &SmtpError) -> String {
    if error.is_timeout() {
        return "the server did not answer in time".to_string();
    }
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(error);
    let mut deepest = None;
    while let Some(current) = source {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "the connection was refused".to_string(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
                    "the server did not answer in time".to_string()
                }
                std::io::ErrorKind::UnexpectedEof
                | std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted
                | std::io::ErrorKind::BrokenPipe => "the server closed the connection".to_string(),
                _ => io.to_string(),
            };
        }
        deepest = Some(current.to_string());
        source = current.source();
    }
    match deepest.as_deref() {
        Some("incomplete response") => "the server closed the connection".to_string(),
        Some(text) => text.to_string(),
        None => error.to_string(),
    }
}

fn seconds(duration: Duration) -> String {
    match duration.as_secs() {
        1 => "1 second".to_string(),
        n => format!("{n} seconds"),
    }
}

/// TLS settings for `smtp`: the system's certificate authorities, plus `ca_file`'s.
fn tls_parameters(smtp: &Smtp) -> anyhow::Result<TlsParameters> {
    let mut builder = TlsParameters::builder(smtp.host.clone());
    if let Some(pem) = smtp.ca_pem()? {
        let certificate = Certificate::from_pem(&pem).map_err(|error| {
            anyhow::anyhow!(
                "`ca_file` `{}` holds no usable PEM certificate: {error}",
                smtp.ca_file
                    .as_deref()
                    .unwrap_or(std::path::Path::new(""))
                    .display()
            )
        })?;
        builder = builder.add_root_certificate(certificate);
    }
    builder
        .build_rustls()
        .map_err(|error| anyhow::anyhow!("cannot set up TLS for {}: {error}", smtp.describe()))
}

/// What `forget config check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerReport {
    /// The name the server gave in its EHLO reply.
    pub name: String,
    pub encrypted: bool,
    /// The login methods it offers that forget knows.
    pub mechanisms: Vec<String>,
    /// The account logged in with, if one was.
    pub logged_in_as: Option<String>,
    pub extensions: Vec<String>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn dots_that_start_a_line_are_doubled_and_the_data_ended() {
        assert_eq!(
            super::with_end(b".a\r\nb.\r\n..c\r\nd"),
            b"..a\r\nb.\r\n...c\r\nd\r\n.\r\n"
        );
    }
}
