//! What TLS a server speaks, for `forget config check`: the protocol version and cipher suite,
//! found with a handshake of our own (lettre does not report them). The probe says `EHLO`, and
//! `STARTTLS` where needed, and nothing else.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use anyhow::{Context as _, Result, bail};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};

use super::config::{Security, Smtp};

/// The negotiated TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsReport {
    /// `TLSv1.3`
    pub version: String,
    /// `TLS13_AES_256_GCM_SHA384`
    pub cipher_suite: String,
}

/// Connects to `smtp` and completes a TLS handshake, trusting the same authorities as sending
/// does. `hello` is the name to greet the server with.
pub fn probe(smtp: &Smtp, hello: &str) -> Result<Option<TlsReport>> {
    if smtp.security == Security::None {
        return Ok(None);
    }
    let mut tcp = connect(smtp)?;
    tcp.set_read_timeout(Some(smtp.timeout))?;
    tcp.set_write_timeout(Some(smtp.timeout))?;
    if smtp.security == Security::StartTls {
        let mut reader = BufReader::new(tcp.try_clone()?);
        expect(&mut reader, "2")?;
        tcp.write_all(format!("EHLO {hello}\r\n").as_bytes())?;
        expect(&mut reader, "2")?;
        tcp.write_all(b"STARTTLS\r\n")?;
        expect(&mut reader, "220")?;
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_root_certificates(roots(smtp)?)
    .with_no_client_auth();
    let name = ServerName::try_from(smtp.host.clone())
        .with_context(|| format!("`{}` is not a host name", smtp.host))?;
    let mut connection = rustls::ClientConnection::new(Arc::new(config), name)?;
    while connection.is_handshaking() {
        connection
            .complete_io(&mut tcp)
            .context("the TLS handshake failed")?;
    }
    let report = TlsReport {
        version: connection
            .protocol_version()
            .map_or("unknown".to_string(), |v| {
                v.as_str().unwrap_or("unknown").replace("TLSv1_", "TLSv1.")
            }),
        cipher_suite: connection
            .negotiated_cipher_suite()
            .map_or("unknown".to_string(), |s| {
                s.suite().as_str().unwrap_or("unknown").to_string()
            }),
    };
    connection.send_close_notify();
    let _ = connection.complete_io(&mut tcp);
    let _ = tcp.shutdown(std::net::Shutdown::Both);
    Ok(Some(report))
}

/// A TCP connection to the server, within the configured timeout.
fn connect(smtp: &Smtp) -> Result<TcpStream> {
    use std::net::ToSocketAddrs;
    let mut last = None;
    for address in (smtp.host.as_str(), smtp.port).to_socket_addrs()? {
        match TcpStream::connect_timeout(&address, smtp.timeout) {
            Ok(stream) => return Ok(stream),
            Err(error) => last = Some(error),
        }
    }
    Err(match last {
        Some(error) => anyhow::Error::new(error),
        None => anyhow::anyhow!("`{}` has no address", smtp.host),
    })
    .with_context(|| format!("cannot connect to {}", smtp.describe()))
}

/// The system's authorities and `ca_file`'s.
fn roots(smtp: &Smtp) -> Result<rustls::RootCertStore> {
    let mut store = rustls::RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    store.add_parsable_certificates(native.certs);
    if let Some(pem) = smtp.ca_pem()? {
        for certificate in CertificateDer::pem_slice_iter(&pem) {
            store.add(certificate?)?;
        }
    }
    Ok(store)
}

/// Reads one SMTP reply (all its lines) and checks that its code starts with `code`.
fn expect(reader: &mut impl BufRead, code: &str) -> Result<()> {
    loop {
        let mut line = String::new();
        if reader.by_ref().take(4096).read_line(&mut line)? == 0 {
            bail!("the server closed the connection");
        }
        if !line.starts_with(code) {
            bail!("the server answered `{}`", line.trim_end());
        }
        // `250-…` continues, `250 …` ends.
        if line.as_bytes().get(3) != Some(&b'-') {
            return Ok(());
        }
    }
}
