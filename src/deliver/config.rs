//! How `forget` reaches a mail server: the `[smtp]` and `[sender]` tables of
//! `$XDG_CONFIG_HOME/forget/config.toml`, overridden by `--smtp URL`.
//!
//! The password is never read from here: see [`super::password`].

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};

use super::secrets::{Secret, find_secrets, redact, remove_secrets, secret_part};
use crate::rules::reader::{self, Ctx, Table, Text};
use crate::rules::{Diagnostic, SourceFile, file_result};

/// How the connection to the server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// TLS from the first byte (`smtps`, usually port 465).
    Tls,
    /// Plain text upgraded with STARTTLS before anything else (usually port 587); a server that
    /// does not offer STARTTLS is refused.
    StartTls,
    /// No encryption: for a relay on this machine only, unless `--insecure-smtp`.
    None,
}

impl Security {
    const CHOICES: &'static [(&'static str, Security)] = &[
        ("tls", Security::Tls),
        ("starttls", Security::StartTls),
        ("none", Security::None),
    ];

    /// The port a server usually listens on for this kind of connection.
    pub fn default_port(self) -> u16 {
        match self {
            Security::Tls => 465,
            Security::StartTls => 587,
            Security::None => 25,
        }
    }
}

/// How the person gets their own copy of what was sent, as proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CopyTo {
    /// A blind copy: the company does not see it
    Bcc,
    /// A visible copy
    Cc,
}

impl CopyTo {
    const CHOICES: &'static [(&'static str, CopyTo)] = &[("bcc", CopyTo::Bcc), ("cc", CopyTo::Cc)];

    pub fn as_str(self) -> &'static str {
        match self {
            CopyTo::Bcc => "Bcc",
            CopyTo::Cc => "Cc",
        }
    }
}

/// The mail server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<String>,
    /// A shell command whose first line of output is the password (`pass show mail/smtp`).
    pub password_command: Option<String>,
    /// A PEM file of certificate authorities to trust besides the system's (a self-signed server).
    pub ca_file: Option<PathBuf>,
    pub timeout: Duration,
    /// How many times a transient failure is retried.
    pub retries: u32,
}

impl Smtp {
    /// Whether the server is on this machine, the one place plain-text SMTP is acceptable.
    pub fn is_loopback(&self) -> bool {
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        match host.parse::<IpAddr>() {
            Ok(ip) => ip.is_loopback(),
            Err(_) => {
                let host = host.to_ascii_lowercase();
                host == "localhost" || host.ends_with(".localhost")
            }
        }
    }

    /// The PEM text of `ca_file`, checked to hold at least one certificate; `None` without one.
    pub fn ca_pem(&self) -> Result<Option<Vec<u8>>> {
        use rustls::pki_types::CertificateDer;
        use rustls::pki_types::pem::PemObject;
        let Some(path) = &self.ca_file else {
            return Ok(None);
        };
        let pem = std::fs::read(path)
            .with_context(|| format!("cannot read `ca_file` `{}`", path.display()))?;
        if CertificateDer::pem_slice_iter(&pem).next().is_none() {
            bail!(
                "`ca_file` `{}` holds no PEM certificate (a block starting with `-----BEGIN \
                 CERTIFICATE-----`)",
                path.display()
            );
        }
        Ok(Some(pem))
    }

    /// `host:port (security)`, for messages.
    pub fn describe(&self) -> String {
        let security = match self.security {
            Security::Tls => "TLS",
            Security::StartTls => "STARTTLS",
            Security::None => "no encryption",
        };
        format!("{}:{} ({security})", self.address_host(), self.port)
    }

    /// The host as it goes before `:port`: an IPv6 address in brackets.
    pub fn address_host(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        }
    }

    /// Refuses plain-text SMTP to another machine unless the person said so explicitly.
    pub fn check_security(&self, insecure_allowed: bool) -> Result<()> {
        if self.security == Security::None && !self.is_loopback() && !insecure_allowed {
            bail!(
                "refusing to send in plain text to `{}`: anyone on the way could read your letter \
                 and your password. Use `security = \"starttls\"` or `\"tls\"` (or \
                 `smtp://…?tls=required`, `smtps://…`); if you really mean it, add \
                 `--insecure-smtp`",
                self.host
            );
        }
        Ok(())
    }
}

/// Who sends: defaults for the person's name and address, and how they get their copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub name: Option<String>,
    /// The account's address. When it differs from the person's, the message is sent from the
    /// person (`From`) by this account (`Sender`, and the envelope).
    pub address: Option<String>,
    pub copy: CopyTo,
}

impl Default for Sender {
    fn default() -> Sender {
        Sender {
            name: None,
            address: None,
            copy: CopyTo::Bcc,
        }
    }
}

/// The configuration, as read and overridden.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The file it was read from, if one was.
    pub path: Option<PathBuf>,
    /// The mail server, when one is configured.
    pub smtp: Option<Smtp>,
    pub sender: Sender,
}

const ROOT_FIELDS: &[&str] = &["smtp", "sender"];
const SMTP_FIELDS: &[&str] = &[
    "host",
    "port",
    "security",
    "username",
    "password_command",
    "ca_file",
    "timeout_seconds",
    "retries",
];
const SENDER_FIELDS: &[&str] = &["name", "address", "copy"];

/// An example configuration, for messages and the README.
pub const EXAMPLE: &str = "[smtp]
host = \"smtp.example.org\"
security = \"starttls\"           # tls (port 465), starttls (587) or none
username = \"jane@example.org\"
password_command = \"pass show mail/smtp\"  # or set FORGET_SMTP_PASSWORD

[sender]
name = \"Jane Doe\"
address = \"jane@example.org\"
copy = \"bcc\"                    # how you get your proof copy: bcc or cc";

/// Where the configuration file is looked for: `$XDG_CONFIG_HOME/forget/config.toml`, else
/// `~/.config/forget/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_CONFIG_HOME") {
        Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
        _ => PathBuf::from(std::env::var_os("HOME")?).join(".config"),
    };
    Some(base.join("forget").join("config.toml"))
}

impl Config {
    /// Reads the configuration: `explicit` (which must exist) or the default file (which may
    /// not), then applies `smtp_url`.
    pub fn load(explicit: Option<&Path>, smtp_url: Option<&str>) -> Result<Config> {
        let mut config = match explicit {
            Some(path) => Config::read(path)?,
            None => match default_path() {
                Some(path) if path.exists() => Config::read(&path)?,
                _ => Config::default(),
            },
        };
        if let Some(url) = smtp_url {
            config.apply_url(url)?;
        }
        Ok(config)
    }

    /// Reads one configuration file, reporting every problem in it with its line and column.
    pub fn read(path: &Path) -> Result<Config> {
        if !path.is_file() {
            bail!(
                "there is no configuration file `{}`; a minimal one is:\n\n{EXAMPLE}",
                path.display()
            );
        }
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the configuration `{shown}`"))?;
        let file = SourceFile::new(shown.clone(), text);
        let mut config = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        let mut diagnostics = Vec::new();
        let mut references = Vec::new();
        let mut ctx = Ctx {
            file: &file,
            diagnostics: &mut diagnostics,
            references: &mut references,
        };
        // Parsed here first, to find the keys that look like secrets before anything reports them
        // as unknown, and to word a syntax error without a character of a secret.
        match reader::parse(&file.text) {
            Err(error) => {
                let location = file.location(error.span);
                let message = error.message;
                let diagnostic = match secret_part(&file, &location) {
                    None => Diagnostic::error(format!("invalid TOML: {message}"), Some(location)),
                    Some((_, key)) => {
                        // The parser's message names no character of the file: the line shown
                        // under it is masked below.
                        let place = match key.as_str() {
                            "" => "on a line that may hold a secret".to_string(),
                            key => format!("in the value of `{key}`"),
                        };
                        Diagnostic::error(
                            format!("invalid TOML {place}: {message}"),
                            Some(location),
                        )
                        .with_help(format!(
                            "its value is not shown, as it may be a secret; the SMTP password \
                             does not belong in this file: give it with `password_command = \
                             \"…\"` in `[smtp]` or the environment variable {}",
                            super::password::ENV
                        ))
                    }
                };
                ctx.diagnostics.push(diagnostic);
            }
            Ok(tree) => {
                let mut secrets = Vec::new();
                find_secrets(&file.text, tree.get_ref(), &mut Vec::new(), &mut secrets);
                for secret in &secrets {
                    secret.report(&mut ctx);
                }
                let root = Table::root(&file.text, tree, "the configuration");
                config.read_tables(&mut ctx, root, &secrets, path);
            }
        }
        // No snippet under a message shows the value of a key that looks like a secret.
        for location in diagnostics.iter_mut().filter_map(|d| d.location.as_mut()) {
            redact(&file, location);
        }
        file_result("the configuration", &shown, diagnostics)?;
        Ok(config)
    }

    /// Reads the `[smtp]` and `[sender]` tables of a parsed file; the keys in `secrets` have
    /// been reported already.
    fn read_tables(&mut self, ctx: &mut Ctx<'_>, root: Table<'_>, secrets: &[Secret], path: &Path) {
        let mut root = root.with_fields(ROOT_FIELDS);
        remove_secrets(&mut root, &[], secrets);
        if let Some(mut smtp) = root.opt_table(ctx, "smtp", SMTP_FIELDS) {
            remove_secrets(&mut smtp, &["smtp"], secrets);
            let host = smtp.string(ctx, "host").filter(|host| {
                let problem = check_host(&host.value);
                if let Some((message, help)) = &problem {
                    ctx.error(host.span.clone(), message.clone(), Some(help.clone()));
                }
                problem.is_none()
            });
            let security = smtp
                .opt_choice(ctx, "security", Security::CHOICES)
                .unwrap_or(Security::StartTls);
            let port_value = smtp.opt_integer(ctx, "port");
            let port = port(ctx, port_value);
            let username = smtp.opt_string(ctx, "username");
            let username = nonempty(ctx, username);
            let password_command = smtp.opt_string(ctx, "password_command");
            let password_command = nonempty(ctx, password_command);
            let ca_file = smtp.opt_string(ctx, "ca_file");
            let ca_file = nonempty(ctx, ca_file).map(|file| {
                // Relative to the configuration file.
                let dir = path.parent().unwrap_or(Path::new("."));
                dir.join(file)
            });
            let timeout = smtp.opt_integer(ctx, "timeout_seconds");
            let timeout = bounded(ctx, timeout, 1..=600).unwrap_or(30);
            let retries = smtp.opt_integer(ctx, "retries");
            let retries = bounded(ctx, retries, 0..=10).unwrap_or(3);
            smtp.finish(ctx);
            if let Some(host) = host {
                self.smtp = Some(Smtp {
                    host: host.value,
                    port: port.unwrap_or(security.default_port()),
                    security,
                    username,
                    password_command,
                    ca_file,
                    timeout: Duration::from_secs(timeout),
                    retries: u32::try_from(retries).unwrap_or(3),
                });
            }
        }
        if let Some(mut sender) = root.opt_table(ctx, "sender", SENDER_FIELDS) {
            remove_secrets(&mut sender, &["sender"], secrets);
            if let Some(name) = sender.opt_string(ctx, "name") {
                match crate::letter::Person::check_name(&name.value) {
                    Ok(name) => self.sender.name = Some(name),
                    Err(error) => ctx.error(name.span, format!("{error:#}"), None),
                }
            }
            if let Some(address) = sender.opt_string(ctx, "address") {
                match crate::letter::Person::check_email(&address.value) {
                    Ok(email) => self.sender.address = Some(email),
                    Err(error) => ctx.error(address.span, format!("{error:#}"), None),
                }
            }
            if let Some(copy) = sender.opt_choice(ctx, "copy", CopyTo::CHOICES) {
                self.sender.copy = copy;
            }
            sender.finish(ctx);
        }
        root.finish(ctx);
    }

    /// Applies `--smtp URL`: host, port and security (and the username, if the URL has one).
    pub fn apply_url(&mut self, url: &str) -> Result<()> {
        let parsed = SmtpUrl::parse(url)?;
        let smtp = self.smtp.get_or_insert_with(|| Smtp {
            host: String::new(),
            port: 0,
            security: Security::StartTls,
            username: None,
            password_command: None,
            ca_file: None,
            timeout: Duration::from_secs(30),
            retries: 3,
        });
        smtp.host = parsed.host;
        smtp.security = parsed.security;
        smtp.port = parsed.port.unwrap_or(parsed.security.default_port());
        if parsed.username.is_some() {
            smtp.username = parsed.username;
        }
        Ok(())
    }

    /// The configured server, or an error that says how to configure one.
    pub fn require_smtp(&self) -> Result<&Smtp> {
        self.smtp.as_ref().ok_or_else(|| {
            let place = match (&self.path, default_path()) {
                (Some(path), _) => format!("`[smtp]` in `{}`", path.display()),
                (None, Some(path)) => format!("`{}`", path.display()),
                (None, None) => "a configuration file (`--config FILE`)".to_string(),
            };
            anyhow::anyhow!(
                "no mail server is configured: add {place}, for example\n\n{EXAMPLE}\n\nor give \
                 `--smtp smtps://smtp.example.org` (env FORGET_SMTP_URL). To see the message \
                 without sending it, add `--dry-run`"
            )
        })
    }
}

/// A server in lettre's URL form: `smtp://host:port`, `smtp://host:port?tls=required`,
/// `smtps://host:port`, optionally with `user@`.
#[derive(Debug, PartialEq, Eq)]
struct SmtpUrl {
    host: String,
    port: Option<u16>,
    security: Security,
    username: Option<String>,
}

impl SmtpUrl {
    fn parse(url: &str) -> Result<SmtpUrl> {
        // The password check comes first, so that no other message repeats a password.
        let (scheme, rest) = match url.split_once("://") {
            Some((scheme, rest)) => (Some(scheme), rest),
            None => (None, url),
        };
        let (userinfo, rest) = match rest.rsplit_once('@') {
            Some((userinfo, rest)) => (Some(userinfo), rest),
            None => (None, rest),
        };
        if userinfo.is_some_and(|info| info.contains(':')) {
            bail!(
                "`--smtp`: the URL holds a password, and a password on the command line is visible \
                 to every user of this machine; remove it and give it with `password_command` in \
                 the configuration or the environment variable FORGET_SMTP_PASSWORD"
            );
        }
        let problem = |why: &str| {
            anyhow::anyhow!(
                "`--smtp {url}`: {why}; write `smtps://host:465`, `smtp://host:587?tls=required` \
                 or, for a relay on this machine, `smtp://localhost:25`"
            )
        };
        let scheme = scheme.ok_or_else(|| problem("not a URL"))?;
        let username = match userinfo {
            Some(info) if !info.is_empty() => Some(
                percent_encoding::percent_decode_str(info)
                    .decode_utf8()
                    .map_err(|_| problem("the user name is not UTF-8"))?
                    .into_owned(),
            ),
            _ => None,
        };
        let (rest, query) = match rest.split_once('?') {
            Some((rest, query)) => (rest, Some(query)),
            None => (rest, None),
        };
        let hostport = rest.trim_end_matches('/');
        let (host, port) = if let Some(bracketed) = hostport.strip_prefix('[') {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or_else(|| problem("an unclosed `[` in the host"))?;
            let port = match after {
                "" => None,
                _ => Some(
                    after
                        .strip_prefix(':')
                        .ok_or_else(|| problem(&format!("`{after}` after the host")))?,
                ),
            };
            if host.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(problem(&format!("`{host}` is not an IPv6 address")));
            }
            (host.to_string(), port)
        } else {
            let (host, port) = match hostport.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (hostport, None),
            };
            if let Some((message, _)) = check_host(host) {
                return Err(problem(&message));
            }
            (host.to_string(), port)
        };
        let port = match port {
            Some(port) => Some(
                port.parse::<u16>()
                    .ok()
                    .filter(|p| *p > 0)
                    .ok_or_else(|| problem(&format!("`{port}` is not a port")))?,
            ),
            None => None,
        };
        let tls = match query {
            None | Some("") => None,
            Some(query) => match query.strip_prefix("tls=") {
                Some("required") => Some("required"),
                Some("opportunistic") => bail!(
                    "`--smtp`: forget does not use opportunistic TLS, which falls back to plain \
                     text when the server (or someone in between) does not offer STARTTLS; use \
                     `?tls=required`"
                ),
                _ => return Err(problem(&format!("unknown option `{query}`"))),
            },
        };
        let security = match (scheme.to_ascii_lowercase().as_str(), tls) {
            ("smtps", None) => Security::Tls,
            ("smtp", Some(_)) => Security::StartTls,
            ("smtp", None) => Security::None,
            ("smtps", Some(_)) => return Err(problem("`smtps` is TLS already")),
            (other, _) => return Err(problem(&format!("unknown scheme `{other}`"))),
        };
        Ok(SmtpUrl {
            host,
            port,
            security,
            username,
        })
    }
}

/// A problem with a host name, and how to fix it.
fn check_host(host: &str) -> Option<(String, String)> {
    if host.is_empty() {
        return Some(("no host".to_string(), "give the server's name".to_string()));
    }
    if host.parse::<IpAddr>().is_ok() {
        return None;
    }
    if let Some((name, port)) = host.rsplit_once(':')
        && port.parse::<u16>().is_ok()
    {
        return Some((
            format!("`{host}` holds a port"),
            format!("write `host = \"{name}\"` and `port = {port}`"),
        ));
    }
    let valid = host
        .chars()
        .all(|c| c.is_alphanumeric() || c == '.' || c == '-' || c == '_');
    (!valid).then(|| {
        (
            format!("`{host}` is not a host name"),
            "give a name like `smtp.example.org` or an address like `127.0.0.1`".to_string(),
        )
    })
}

fn port(ctx: &mut Ctx<'_>, value: Option<(i64, std::ops::Range<usize>)>) -> Option<u16> {
    let (port, span) = value?;
    match u16::try_from(port) {
        Ok(port) if port > 0 => Some(port),
        _ => {
            ctx.error(span, format!("`{port}` is not a port"), None);
            None
        }
    }
}

fn bounded(
    ctx: &mut Ctx<'_>,
    value: Option<(i64, std::ops::Range<usize>)>,
    range: std::ops::RangeInclusive<u64>,
) -> Option<u64> {
    let (number, span) = value?;
    match u64::try_from(number) {
        Ok(n) if range.contains(&n) => Some(n),
        _ => {
            ctx.error(
                span,
                format!(
                    "`{number}` is out of range: expected {} to {}",
                    range.start(),
                    range.end()
                ),
                None,
            );
            None
        }
    }
}

fn nonempty(ctx: &mut Ctx<'_>, text: Option<Text>) -> Option<String> {
    let text = text?;
    if text.value.trim().is_empty() {
        ctx.error(
            text.span,
            "this is empty",
            Some("remove the line".to_string()),
        );
        return None;
    }
    Some(text.value.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> SmtpUrl {
        SmtpUrl::parse(text).unwrap()
    }

    #[test]
    fn urls_in_lettre_form() {
        assert_eq!(url("smtps://mail.example.org").security, Security::Tls);
        let starttls = url("smtp://mail.example.org:2525?tls=required");
        assert_eq!(starttls.security, Security::StartTls);
        assert_eq!(starttls.port, Some(2525));
        let plain = url("smtp://jane%40example.org@127.0.0.1:25");
        assert_eq!(plain.security, Security::None);
        assert_eq!(plain.username.as_deref(), Some("jane@example.org"));
        assert_eq!(plain.host, "127.0.0.1");
        assert_eq!(url("smtp://[::1]:2525").host, "::1");
    }

    #[test]
    fn a_password_in_the_url_is_refused_and_never_repeated() {
        let error = SmtpUrl::parse("smtp://jane:hunter2@mail.example.org?tls=required")
            .unwrap_err()
            .to_string();
        assert!(error.contains("holds a password"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
        let error = SmtpUrl::parse("smtp://jane:hunter2@mail.example.org?tls=maybe")
            .unwrap_err()
            .to_string();
        assert!(!error.contains("hunter2"), "{error}");
    }

    #[test]
    fn opportunistic_tls_and_nonsense_are_refused() {
        assert!(SmtpUrl::parse("smtp://h?tls=opportunistic").is_err());
        assert!(SmtpUrl::parse("smtp://h:0").is_err());
        assert!(SmtpUrl::parse("imap://h").is_err());
        assert!(SmtpUrl::parse("h:25").is_err());
    }

    #[test]
    fn loopback_is_told_apart() {
        let mut config = Config::default();
        config.apply_url("smtp://127.0.0.1:2525").unwrap();
        let smtp = config.smtp.unwrap();
        assert!(smtp.is_loopback());
        assert!(smtp.check_security(false).is_ok());
        let mut config = Config::default();
        config.apply_url("smtp://mail.example.org").unwrap();
        let smtp = config.smtp.unwrap();
        assert!(!smtp.is_loopback());
        assert!(smtp.check_security(false).is_err());
        assert!(smtp.check_security(true).is_ok());
    }
}
