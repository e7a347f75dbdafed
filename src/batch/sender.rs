//! The sending side of a run: the mail server logged in to before the first row, the pace and
//! daily cap, and the refusals counted.

use std::sync::{Arc, Mutex};

use anyhow::{Context as _, Result};
use chrono::NaiveDate;

use super::pace::Pace;
use super::terms::Sending;
use crate::cases::{CaseLog, case_log};
use crate::deliver::{Mailer, password};

/// Refusals in a row after which the server is taken to refuse everything.
pub const REFUSALS_IN_A_ROW: u32 = 5;

/// Sends in a row whose outcome stayed unknown (the server took the message and never confirmed
/// it) after which the server is taken to be broken: each was on a connection of its own, so a
/// dead server leaves at most this many rows uncertain.
pub const UNCERTAIN_IN_A_ROW: u32 = 2;

/// The sending side of a run.
pub struct Sender<'c> {
    pub how: &'c Sending<'c>,
    pub mailer: Mailer,
    pub retries: Arc<Mutex<Vec<String>>>,
    pub pace: Pace,
    pub refusals: u32,
    /// Sends in a row whose outcome stayed unknown.
    pub uncertain: u32,
}

impl<'c> Sender<'c> {
    /// Logs in to the mail server before the first row, so that a wrong password or an
    /// unreachable server stops the run before anything is sent.
    pub fn connect(how: &'c Sending<'c>, log: &CaseLog, today: NaiveDate) -> Result<Sender<'c>> {
        let smtp = how.config.require_smtp()?;
        smtp.check_security(how.insecure)?;
        let password = password::resolve(smtp)?;
        let hello = how
            .config
            .sender
            .address
            .as_deref()
            .and_then(|a| a.rsplit_once('@'))
            .map_or("localhost".to_string(), |(_, domain)| domain.to_string());
        let retries = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&retries);
        let mut mailer = Mailer::new(smtp, password, &hello)?.on_retry(move |line| {
            if let Ok(mut lines) = sink.lock() {
                lines.push(line.to_string());
            }
        });
        mailer.check().with_context(|| {
            format!(
                "cannot use the mail server {}: nothing was sent",
                smtp.describe()
            )
        })?;
        let (last, sent_today) = log.read(|conn| {
            Ok((
                case_log::last_email_at(conn)?,
                case_log::emails_on(conn, today)?,
            ))
        })?;
        Ok(Sender {
            how,
            mailer,
            retries,
            pace: Pace::new(how.rate, how.daily_cap, last, sent_today.max(0) as u64),
            refusals: 0,
            uncertain: 0,
        })
    }
}
