//! A letter as the e-mail that is sent: addressed to the company, from the person, with their
//! copy, and the envelope the server is given.

use std::time::SystemTime;

use anyhow::{Context as _, Result};
use lettre::address::Envelope;

use super::config::{CopyTo, Sender};
use crate::letter::{Composition, eml};

/// An e-mail ready for the server.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub envelope: Envelope,
    /// The message exactly as it goes to the server.
    pub bytes: Vec<u8>,
    /// Where the letter goes.
    pub to: Vec<String>,
    /// The person's own copy: how, and to which address.
    pub copy: (CopyTo, String),
    /// The account sending on the person's behalf, when it is not the person's address.
    pub sender: Option<String>,
    pub message_id: String,
}

impl Outgoing {
    /// The e-mail for `composition`, dated `date`, with the person's copy as `copy` says.
    pub fn new(
        composition: &Composition<'_>,
        sender: &Sender,
        copy: CopyTo,
        date: SystemTime,
    ) -> Result<Outgoing> {
        let letter = &composition.letter;
        let person = letter
            .sender
            .email
            .clone()
            .context("the letter has no sender e-mail address")?;
        let account = sender
            .address
            .clone()
            .filter(|account| !account.eq_ignore_ascii_case(&person));
        let addressing = eml::Addressing {
            to: &composition.to,
            cc: (copy == CopyTo::Cc).then_some(person.as_str()),
            bcc: (copy == CopyTo::Bcc).then_some(person.as_str()),
            sender: account.as_deref(),
            date,
        };
        let message = eml::message_with(letter, &addressing)?;
        let envelope = message.envelope().clone();
        let message_id = message
            .headers()
            .get_raw("Message-ID")
            .unwrap_or_default()
            .to_string();
        Ok(Outgoing {
            envelope,
            bytes: message.formatted(),
            to: composition.to.clone(),
            copy: (copy, person),
            sender: account,
            message_id,
        })
    }

    /// `to privacy@clearview.ai, legal-requests@clearview.ai, with your copy (Bcc) to
    /// jane@example.org`
    pub fn addressed(&self) -> String {
        let mut text = format!(
            "to {}, with your copy ({}) to {}",
            self.to.join(", "),
            self.copy.0.as_str(),
            self.copy.1
        );
        if let Some(account) = &self.sender {
            text.push_str(&format!(", sent by {account}"));
        }
        text
    }

    /// The domain to greet the server with: the envelope sender's, never the machine's name.
    pub fn hello_domain(&self) -> String {
        self.envelope
            .from()
            .map_or("localhost".to_string(), |from| from.domain().to_string())
    }
}
