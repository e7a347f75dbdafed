//! Real SMTP servers on 127.0.0.1, inside the test process, for tests that run the real `forget`
//! binary against them.
//!
//! - [`Server`]: mailin-embedded, a real server implementation: STARTTLS with the test
//!   certificate in `tests/fixtures/tls/`, AUTH PLAIN/LOGIN, and chosen replies to RCPT and to
//!   the end of DATA.
//! - [`Dropping`]: a small scripted server (std only) that drops the connection at a chosen point,
//!   for the failures a real server cannot be asked to produce.
//!
//! Both listen on an ephemeral port of 127.0.0.1 and serve each connection in its own thread until
//! the test process ends. Clients must trust [`ca_pem_path`] (lettre's
//! `TlsParameters::builder(..).add_root_certificate(..)`, or `SSL_CERT_FILE` for a client that
//! reads the platform's certificates through rustls-native-certs).
//!
//! What mailin-embedded 0.8.3 does, and these servers rely on:
//! - its EHLO reply always lists `8BITMIME` (lettre refuses a non-ASCII message without it), never
//!   `SMTPUTF8` (so an envelope address that is not ASCII is refused by lettre itself);
//! - it lists and accepts AUTH only once STARTTLS is active (no switch in mailin-embedded to allow
//!   it in plain text): [`Server::start`] therefore refuses `auth` without `starttls`. Before a
//!   successful AUTH, MAIL is answered `503 Bad sequence of commands`; a bad password gets `535`.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;

use mailin_embedded::{AuthMechanism, Handler, Response, SslConfig, response};

/// How long a scripted connection waits for the client before giving up.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(10);

/// The test CA that signed `tests/fixtures/tls/server.pem` (absolute path).
pub fn ca_pem_path() -> PathBuf {
    tls_dir().join("ca.pem")
}

fn tls_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls")
}

/// One message a server accepted (it answered 250 to the end of DATA).
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope sender (MAIL FROM), without the angle brackets.
    pub from: String,
    /// The envelope recipients (RCPT TO), without the angle brackets.
    pub to: Vec<String>,
    /// The message as sent after DATA, dot-unstuffed, with its final CRLF and without the ".".
    pub data: Vec<u8>,
    /// The user that authenticated on this connection, if any.
    pub user: Option<String>,
}

/// How a [`Server`] behaves. The default: plain text only, no AUTH, accepts everything.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Offer STARTTLS with `tests/fixtures/tls/server.pem`.
    pub starttls: bool,
    /// Require AUTH PLAIN or LOGIN with this user and password (`535` otherwise). Needs `starttls`:
    /// mailin offers AUTH only over TLS.
    pub auth: Option<(String, String)>,
    /// The reply to the i-th end of DATA the server sees (counting every connection); 250 once the
    /// list is used up. `vec![451]`: the first attempt fails for now, the next is accepted.
    pub data_end_replies: Vec<u16>,
    /// Answer every RCPT with this code (e.g. 550) instead of 250.
    pub rcpt_reply: Option<u16>,
}

#[derive(Default)]
struct State {
    received: Vec<Received>,
    data_ends: usize,
    connections: usize,
    failure: Option<String>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A mailin-embedded SMTP server on 127.0.0.1:`port`, running until the test process ends.
pub struct Server {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl Server {
    /// Starts a server; panics (failing the test) if it cannot.
    pub fn start(options: Options) -> Server {
        // mailin-embedded's rustls brings aws-lc-rs, forget's brings ring: with two providers
        // rustls cannot choose and panics, unless the process has installed one.
        let _ = rustls::crypto::ring::default_provider().install_default();
        assert!(
            options.auth.is_none() || options.starttls,
            "mailin-embedded offers AUTH only after STARTTLS: set `starttls` with `auth`"
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a test SMTP server");
        let port = listener.local_addr().expect("test server address").port();
        let state = Arc::new(Mutex::new(State::default()));
        let handler = MailinHandler {
            state: Arc::clone(&state),
            options: Arc::new(options.clone()),
            connection: Connection::default(),
        };
        let mut server = mailin_embedded::Server::new(handler);
        server.with_name("localhost").with_tcp_listener(listener);
        if options.starttls {
            let tls = SslConfig::SelfSigned {
                cert_path: tls_dir().join("server.pem").display().to_string(),
                key_path: tls_dir().join("server-key.pem").display().to_string(),
            };
            if let Err(error) = server.with_ssl(tls) {
                panic!("test SMTP server: cannot load the TLS files: {error}");
            }
        }
        if options.auth.is_some() {
            server
                .with_auth(AuthMechanism::Plain)
                .with_auth(AuthMechanism::Login);
        }
        let thread_state = Arc::clone(&state);
        thread::Builder::new()
            .name(format!("smtp-server-{port}"))
            .spawn(move || {
                // serve() only returns on failure; the listener is closed then, so clients get
                // "connection refused" at once and the accessors below report why.
                let failure = match server.serve() {
                    Ok(()) => "stopped".to_string(),
                    Err(error) => error.to_string(),
                };
                lock(&thread_state).failure = Some(failure);
            })
            .expect("start the test SMTP server thread");
        Server { port, state }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        let state = lock(&self.state);
        if let Some(failure) = &state.failure {
            panic!("test SMTP server on port {} failed: {failure}", self.port);
        }
        state
    }

    /// The messages accepted so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.state().received.clone()
    }

    /// How many ends of DATA the server saw (attempts), accepted or not.
    pub fn data_ends(&self) -> usize {
        self.state().data_ends
    }

    /// How many connections got as far as EHLO/HELO.
    pub fn connections(&self) -> usize {
        self.state().connections
    }
}

/// What one connection has collected; the handler is cloned (empty) for each connection.
#[derive(Default, Clone)]
struct Connection {
    greeted: bool,
    user: Option<String>,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

#[derive(Clone)]
struct MailinHandler {
    state: Arc<Mutex<State>>,
    options: Arc<Options>,
    connection: Connection,
}

impl MailinHandler {
    fn authenticate(&mut self, user: &str, password: &str) -> Response {
        match &self.options.auth {
            Some((expected_user, expected_password))
                if user == expected_user && password == expected_password =>
            {
                self.connection.user = Some(user.to_string());
                response::AUTH_OK
            }
            _ => response::INVALID_CREDENTIALS,
        }
    }
}

/// A reply with any code that leaves mailin's state machine where a 250 would. mailin keeps its
/// DATA state after an error at the end of DATA, so the client's next command (RSET, QUIT) would
/// be swallowed as message text and the client would wait for its timeout; marking the reply as
/// no error moves on to the next transaction as a real server does.
fn reply_and_move_on(code: u16, text: &str) -> Response {
    let mut reply = Response::custom(code, text.to_string());
    reply.is_error = false;
    reply
}

impl Handler for MailinHandler {
    fn helo(&mut self, _ip: std::net::IpAddr, _domain: &str) -> Response {
        // Called again after STARTTLS on the same connection: count the connection once.
        if !self.connection.greeted {
            self.connection.greeted = true;
            lock(&self.state).connections += 1;
        }
        response::OK
    }

    fn rcpt(&mut self, _to: &str) -> Response {
        match self.options.rcpt_reply {
            Some(code) => Response::custom(code, "test server: recipient refused".to_string()),
            None => response::OK,
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.connection.from = from.to_string();
        self.connection.to = to.to_vec();
        self.connection.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        self.connection.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mut state = lock(&self.state);
        let attempt = state.data_ends;
        state.data_ends += 1;
        let code = self
            .options
            .data_end_replies
            .get(attempt)
            .copied()
            .unwrap_or(250);
        let message = Received {
            from: std::mem::take(&mut self.connection.from),
            to: std::mem::take(&mut self.connection.to),
            data: std::mem::take(&mut self.connection.data),
            user: self.connection.user.clone(),
        };
        if code == 250 {
            state.received.push(message);
            response::OK
        } else {
            reply_and_move_on(code, "test server: message refused")
        }
    }

    fn auth_plain(&mut self, _authorization: &str, user: &str, password: &str) -> Response {
        self.authenticate(user, password)
    }

    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        self.authenticate(user, password)
    }
}

/// Where a [`Dropping`] server closes the connection, without a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropAt {
    /// When the first RCPT arrives.
    AfterRcpt,
    /// After reading the whole message, up to the final "\r\n.\r\n".
    AfterData,
}

#[derive(Default)]
struct DroppingState {
    received: Vec<Received>,
    connections: usize,
}

/// A scripted SMTP server on 127.0.0.1:`port` that drops its first `times` connections at a
/// chosen point, then accepts everything (250, 354 to DATA). Its EHLO lists 8BITMIME and SMTPUTF8,
/// and STARTTLS if started with [`Dropping::start_with_starttls`]; it offers no AUTH. It stops
/// accepting connections when dropped.
pub struct Dropping {
    pub port: u16,
    state: Arc<Mutex<DroppingState>>,
    stop: Arc<AtomicBool>,
}

impl Dropping {
    /// A plain-text server that drops its first `times` connections at `drop_at`.
    pub fn start(drop_at: DropAt, times: usize) -> Dropping {
        Self::spawn(drop_at, times, None)
    }

    /// The same, offering STARTTLS with `tests/fixtures/tls/server.pem` (not required).
    pub fn start_with_starttls(drop_at: DropAt, times: usize) -> Dropping {
        Self::spawn(drop_at, times, Some(server_tls_config()))
    }

    /// The same over TLS from the first byte (`smtps`), with `tests/fixtures/tls/server.pem`.
    pub fn start_smtps(drop_at: DropAt, times: usize) -> Dropping {
        Self::spawn_with(drop_at, times, Some(server_tls_config()), true)
    }

    fn spawn(drop_at: DropAt, times: usize, tls: Option<Arc<rustls::ServerConfig>>) -> Dropping {
        Self::spawn_with(drop_at, times, tls, false)
    }

    fn spawn_with(
        drop_at: DropAt,
        times: usize,
        tls: Option<Arc<rustls::ServerConfig>>,
        wrapper: bool,
    ) -> Dropping {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a scripted SMTP server");
        let port = listener
            .local_addr()
            .expect("scripted server address")
            .port();
        let state = Arc::new(Mutex::new(DroppingState::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (thread_state, thread_stop) = (Arc::clone(&state), Arc::clone(&stop));
        thread::Builder::new()
            .name(format!("smtp-dropping-{port}"))
            .spawn(move || {
                for stream in listener.incoming() {
                    if thread_stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let index = {
                        let mut state = lock(&thread_state);
                        state.connections += 1;
                        state.connections - 1
                    };
                    let script = Script {
                        drop_at: (index < times).then_some(drop_at),
                        tls: tls.clone(),
                        wrapper,
                        state: Arc::clone(&thread_state),
                    };
                    // An error only means the client went away: nothing to report.
                    let _ = thread::Builder::new()
                        .name(format!("smtp-dropping-{port}-{index}"))
                        .spawn(move || script.serve(stream));
                }
            })
            .expect("start the scripted SMTP server thread");
        Dropping { port, state, stop }
    }

    /// The messages accepted (with 250) so far, in order.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.state).received.clone()
    }

    /// How many connections the server accepted, dropped or not.
    pub fn connections(&self) -> usize {
        lock(&self.state).connections
    }
}

impl Drop for Dropping {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn server_tls_config() -> Arc<rustls::ServerConfig> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = CertificateDer::pem_file_iter(tls_dir().join("server.pem"))
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .expect("read tests/fixtures/tls/server.pem");
    let key = PrivateKeyDer::from_pem_file(tls_dir().join("server-key.pem"))
        .expect("read tests/fixtures/tls/server-key.pem");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .and_then(|builder| builder.with_no_client_auth().with_single_cert(certs, key))
    .expect("TLS configuration of the scripted SMTP server");
    Arc::new(config)
}

/// One connection of a [`Dropping`] server.
struct Script {
    /// Where to drop this connection; `None` to accept.
    drop_at: Option<DropAt>,
    tls: Option<Arc<rustls::ServerConfig>>,
    /// TLS from the first byte (`smtps`) rather than after STARTTLS.
    wrapper: bool,
    state: Arc<Mutex<DroppingState>>,
}

/// How a session over one stream ended.
enum End {
    Closed,
    StartTls,
}

impl Script {
    fn serve(&self, stream: TcpStream) -> io::Result<()> {
        stream.set_read_timeout(Some(CLIENT_TIMEOUT))?;
        stream.set_write_timeout(Some(CLIENT_TIMEOUT))?;
        if let (true, Some(config)) = (self.wrapper, &self.tls) {
            let connection =
                rustls::ServerConnection::new(Arc::clone(config)).map_err(io::Error::other)?;
            let mut reader = BufReader::new(rustls::StreamOwned::new(connection, stream));
            reader
                .get_mut()
                .write_all(b"220 localhost ESMTP scripted test server\r\n")?;
            reader.get_mut().flush()?;
            self.session(&mut reader, true)?;
            return Ok(());
        }
        let mut reader = BufReader::new(stream);
        reader
            .get_mut()
            .write_all(b"220 localhost ESMTP scripted test server\r\n")?;
        if let End::StartTls = self.session(&mut reader, false)? {
            let Some(config) = &self.tls else {
                return Ok(());
            };
            let stream = reader.into_inner();
            let connection =
                rustls::ServerConnection::new(Arc::clone(config)).map_err(io::Error::other)?;
            let mut reader = BufReader::new(rustls::StreamOwned::new(connection, stream));
            self.session(&mut reader, true)?;
        }
        Ok(())
    }

    /// Answers commands until QUIT, the end of the stream, a drop, or STARTTLS.
    fn session<S: Read + Write>(&self, reader: &mut BufReader<S>, tls: bool) -> io::Result<End> {
        let mut from = String::new();
        let mut to = Vec::new();
        let mut line = Vec::new();
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line)? == 0 {
                return Ok(End::Closed);
            }
            let text = String::from_utf8_lossy(&line);
            let command = text.trim_end().to_ascii_uppercase();
            let verb = command.split(' ').next().unwrap_or_default();
            let reply: &[u8] = match verb {
                "EHLO" if self.tls.is_some() && !tls => {
                    b"250-localhost\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 STARTTLS\r\n"
                }
                "EHLO" => b"250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
                "HELO" | "NOOP" => b"250 OK\r\n",
                "STARTTLS" if self.tls.is_some() && !tls => {
                    reader.get_mut().write_all(b"220 Ready to start TLS\r\n")?;
                    return Ok(End::StartTls);
                }
                "MAIL" => {
                    from = address(&text);
                    to.clear();
                    b"250 OK\r\n"
                }
                "RCPT" if self.drop_at == Some(DropAt::AfterRcpt) => return Ok(End::Closed),
                "RCPT" => {
                    to.push(address(&text));
                    b"250 OK\r\n"
                }
                "DATA" => {
                    reader
                        .get_mut()
                        .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")?;
                    let Some(data) = read_data(reader)? else {
                        return Ok(End::Closed);
                    };
                    if self.drop_at == Some(DropAt::AfterData) {
                        return Ok(End::Closed);
                    }
                    let user = None;
                    let (from, to) = (std::mem::take(&mut from), std::mem::take(&mut to));
                    lock(&self.state).received.push(Received {
                        from,
                        to,
                        data,
                        user,
                    });
                    b"250 OK: queued\r\n"
                }
                "RSET" => {
                    from.clear();
                    to.clear();
                    b"250 OK\r\n"
                }
                "QUIT" => {
                    reader.get_mut().write_all(b"221 Bye\r\n")?;
                    return Ok(End::Closed);
                }
                _ => b"502 Command not implemented\r\n",
            };
            let writer = reader.get_mut();
            writer.write_all(reply)?;
            writer.flush()?;
        }
    }
}

/// The address between the angle brackets of a MAIL or RCPT command.
fn address(command: &str) -> String {
    let start = command.find('<').map_or(0, |at| at + 1);
    let end = command[start..]
        .find('>')
        .map_or(command.len(), |at| start + at);
    command[start..end].to_string()
}

/// The message after DATA up to the line ".", dot-unstuffed; `None` if the stream ended first.
fn read_data(reader: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut data = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(Some(data));
        }
        let unstuffed = line.strip_prefix(b".").unwrap_or(&line);
        data.extend_from_slice(unstuffed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lettre::message::Mailbox;
    use lettre::message::header::ContentTransferEncoding;
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
    use lettre::{Message, SmtpTransport, Transport};

    const BODY: &str = "Slett opplysningene om meg. Łódź, €, Ελλάδα.";

    fn message() -> Message {
        let from: Mailbox = "Kari Nordmann <kari@example.org>".parse().unwrap();
        let to: Mailbox = "privacy@example.com".parse().unwrap();
        Message::builder()
            .from(from)
            .to(to)
            .subject("Sletting av personopplysninger")
            // 8bit, not base64: the non-ASCII text goes over the wire as is.
            .header(ContentTransferEncoding::EightBit)
            .body(BODY.to_string())
            .unwrap()
    }

    fn client(port: u16, tls: bool, credentials: Option<(&str, &str)>) -> SmtpTransport {
        let mut builder = SmtpTransport::builder_dangerous("127.0.0.1")
            .port(port)
            .timeout(Some(Duration::from_secs(5)));
        if tls {
            let ca = std::fs::read(ca_pem_path()).unwrap();
            let parameters = TlsParameters::builder("localhost".into())
                .add_root_certificate(Certificate::from_pem(&ca).unwrap())
                .build_rustls()
                .unwrap();
            builder = builder.tls(Tls::Required(parameters));
        }
        if let Some((user, password)) = credentials {
            builder = builder.credentials(Credentials::new(user.into(), password.into()));
        }
        builder.build()
    }

    fn options_with_auth() -> Options {
        Options {
            starttls: true,
            auth: Some(("kari".into(), "hemmelig".into())),
            ..Options::default()
        }
    }

    #[test]
    fn server_takes_a_utf8_message_over_starttls_with_auth() {
        let server = Server::start(options_with_auth());
        client(server.port, true, Some(("kari", "hemmelig")))
            .send(&message())
            .unwrap();
        let received = server.received();
        assert_eq!(received.len(), 1);
        assert_eq!(received[0].from, "kari@example.org");
        assert_eq!(received[0].to, ["privacy@example.com"]);
        assert_eq!(received[0].user.as_deref(), Some("kari"));
        let data = String::from_utf8(received[0].data.clone()).unwrap();
        assert!(data.contains(BODY), "{data}");
        assert_eq!((server.data_ends(), server.connections()), (1, 1));
    }

    #[test]
    fn server_refuses_a_wrong_password_and_auth_in_plain_text() {
        let server = Server::start(options_with_auth());
        let error = client(server.port, true, Some(("kari", "feil")))
            .send(&message())
            .unwrap_err();
        assert_eq!(error.status().map(u16::from), Some(535), "{error}");
        // Without TLS the server lists no AUTH, so lettre has no mechanism to use.
        let error = client(server.port, false, Some(("kari", "hemmelig")))
            .send(&message())
            .unwrap_err();
        assert!(error.to_string().contains("authentication"), "{error}");
        // Over TLS but without credentials: MAIL before AUTH is a bad sequence to mailin.
        let error = client(server.port, true, None)
            .send(&message())
            .unwrap_err();
        assert_eq!(error.status().map(u16::from), Some(503), "{error}");
        assert!(server.received().is_empty());
        assert_eq!(server.connections(), 3);
    }

    #[test]
    fn server_answers_chosen_codes() {
        let server = Server::start(Options {
            data_end_replies: vec![451, 554],
            ..Options::default()
        });
        let transport = client(server.port, false, None);
        let error = transport.send(&message()).unwrap_err();
        assert!(error.is_transient(), "{error}");
        let error = transport.send(&message()).unwrap_err();
        assert!(error.is_permanent(), "{error}");
        transport.send(&message()).unwrap();
        assert_eq!(server.received().len(), 1);
        assert_eq!((server.data_ends(), server.connections()), (3, 3));

        let server = Server::start(Options {
            rcpt_reply: Some(550),
            ..Options::default()
        });
        let error = client(server.port, false, None)
            .send(&message())
            .unwrap_err();
        assert_eq!(error.status().map(u16::from), Some(550), "{error}");
        assert_eq!(server.data_ends(), 0);
    }

    #[test]
    fn dropping_drops_then_accepts() {
        for drop_at in [DropAt::AfterRcpt, DropAt::AfterData] {
            let server = Dropping::start(drop_at, 1);
            let transport = client(server.port, false, None);
            let error = transport.send(&message()).unwrap_err();
            assert!(!error.is_transient() && !error.is_permanent(), "{error}");
            assert!(server.received().is_empty());
            transport.send(&message()).unwrap();
            let received = server.received();
            assert_eq!(received.len(), 1);
            assert_eq!(received[0].from, "kari@example.org");
            assert_eq!(received[0].to, ["privacy@example.com"]);
            assert_eq!(received[0].user, None);
            let data = String::from_utf8(received[0].data.clone()).unwrap();
            assert!(data.contains(BODY), "{data}");
            assert_eq!(server.connections(), 2);
        }
    }

    #[test]
    fn dropping_offers_starttls() {
        let server = Dropping::start_with_starttls(DropAt::AfterData, 1);
        let transport = client(server.port, true, None);
        assert!(transport.send(&message()).is_err());
        transport.send(&message()).unwrap();
        assert_eq!(server.received().len(), 1);
        assert_eq!(server.connections(), 2);
    }
}
