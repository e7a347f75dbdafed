//! `forget config`: where the configuration is, and whether the mail server in it works.

use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow};
use clap::Subcommand;

use super::send::{ConfigFile, SmtpArgs};
use crate::deliver::{self, Mailer, password, tls_probe};

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Connect to the mail server and log in, without sending anything, and say what it offers
    Check(SmtpArgs),
    /// Print where the configuration file is looked for
    Path(ConfigFile),
}

pub fn run(command: &ConfigCommand) -> Result<ExitCode> {
    match command {
        ConfigCommand::Path(file) => {
            let path = match &file.config {
                Some(path) => path.clone(),
                None => deliver::config::default_path().ok_or_else(|| {
                    anyhow!("neither XDG_CONFIG_HOME nor HOME is set: give `--config FILE`")
                })?,
            };
            super::print(&format!("{}\n", path.display()))?;
            Ok(ExitCode::SUCCESS)
        }
        ConfigCommand::Check(args) => check(args),
    }
}

fn check(args: &SmtpArgs) -> Result<ExitCode> {
    let config = args.config()?;
    let mut out = Vec::new();
    out.push(match &config.path {
        Some(path) => format!("configuration: {}", path.display()),
        None => "configuration: none (the server comes from --smtp)".to_string(),
    });
    let smtp = config.require_smtp()?;
    out.push(format!("server:        {}", smtp.describe()));
    let sender = &config.sender;
    let who = match (&sender.name, &sender.address) {
        (Some(name), Some(address)) => format!("{name} <{address}>"),
        (None, Some(address)) => address.clone(),
        (Some(name), None) => format!("{name} (no address: give `--email` when sending)"),
        (None, None) => "not set: give `--name` and `--email` when sending".to_string(),
    };
    out.push(format!("sender:        {who}"));
    out.push(format!(
        "your copy:     {} to your own address",
        sender.copy.as_str()
    ));
    smtp.check_security(args.insecure_smtp)?;
    let password = password::resolve(smtp)?;
    let hello = hello_domain(&config);
    let mut mailer = Mailer::new(smtp, password, &hello)?;
    let report = mailer
        .check()
        .with_context(|| format!("cannot use the mail server {}", smtp.describe()))?;
    out.push(format!("connected:     `{}`", report.name));
    match tls_probe::probe(smtp, &hello) {
        Ok(Some(tls)) => out.push(format!(
            "encryption:    {}, {}",
            tls.version, tls.cipher_suite
        )),
        Ok(None) => out.push("encryption:    none (plain text)".to_string()),
        Err(error) => out.push(format!(
            "encryption:    {} (the details could not be read: {error:#})",
            if report.encrypted { "TLS" } else { "none" }
        )),
    }
    if !report.extensions.is_empty() {
        out.push(format!("offers:        {}", report.extensions.join(", ")));
    }
    out.push(format!(
        "login methods: {}",
        if report.mechanisms.is_empty() {
            "none".to_string()
        } else {
            report.mechanisms.join(", ")
        }
    ));
    out.push(match &report.logged_in_as {
        Some(user) => format!("logged in as:  {user}"),
        None => "logged in as:  nobody (no `username` configured)".to_string(),
    });
    out.push("ok: forget can send through this server. Nothing was sent.".to_string());
    super::print(&(out.join("\n") + "\n")).context("cannot print the report")?;
    Ok(ExitCode::SUCCESS)
}

/// The name to greet the server with: the sender's domain, else the account's, never the
/// machine's.
fn hello_domain(config: &deliver::Config) -> String {
    let from_address = |address: &str| address.rsplit_once('@').map(|(_, d)| d.to_string());
    config
        .sender
        .address
        .as_deref()
        .and_then(from_address)
        .or_else(|| {
            config
                .smtp
                .as_ref()
                .and_then(|s| s.username.as_deref())
                .and_then(from_address)
        })
        .unwrap_or_else(|| "localhost".to_string())
}
