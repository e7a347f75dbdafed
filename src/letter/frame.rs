//! A letter with nobody in it yet: everything [`compose`](super::compose) works out from the
//! rules, the decision and the request, short of the person who asks and the reference. A batch
//! makes one for each residence, company and kind of request, and fills it in for each person.

use std::sync::Arc;

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;

use super::context::*;
use super::language::Language;
use super::letter::{Block, Letter, Paper, Party};
use super::letter_kind::LetterKind;
use super::person::Person;
use super::request::{
    Composition, Event, LetterRequest, REMINDER_DAYS, choose_regime, default_language, lines,
};
use super::review::ReviewStatus;
use super::stencil::Stencils;
use super::template_set::{Lineage, TemplateSet};
use crate::decide::{Decision, contact_warnings, decide, unchecked_subdivision_warning};
use crate::residence::Residence;
use crate::rules::{NonWorkingDay, RequestKind, Route, RuleSet, StepKind};

/// A letter waiting for its person.
pub struct Frame<'t> {
    templates: &'t TemplateSet,
    /// The template's name, as in `en/gdpr.tera`.
    template: String,
    language: Language,
    kind: LetterKind,
    date: NaiveDate,
    date_text: String,
    /// What the template sees, with the person and the reference left blank.
    context: LetterContext,
    /// The reference given (by the request or the request a follow-up follows up).
    given: Option<String>,
    /// The kind and date a reference is derived from when none is given.
    derive: (&'static str, NaiveDate),
    residence: Residence,
    controller: String,
    controller_name: String,
    regime: String,
    authority: Option<String>,
    lineage: Lineage<'t>,
    due: Option<NaiveDate>,
    recipient: Party,
    to: Vec<String>,
    webforms: Vec<(String, String)>,
    paper: Paper,
    warnings: Arc<[String]>,
    /// The template rendered once for every person of the same shape, when kept.
    stencils: Option<Stencils>,
}

impl<'t> Frame<'t> {
    /// The frame of the letter `request` asks for, on `decision`: what [`decide`] says of its
    /// residence, company and the day the request is received. The person and the reference of
    /// `request` are left out: [`Frame::fill`] puts them in.
    ///
    /// [`decide`]: crate::decide::decide
    pub fn new(
        rules: &RuleSet,
        templates: &'t TemplateSet,
        request: &LetterRequest<'_>,
        decision: &Decision<'_>,
    ) -> Result<Frame<'t>> {
        let kind = request.kind;
        let controller = request.controller;
        let original = match (kind, &request.original) {
            (LetterKind::Request(_), _) => None,
            (_, Some(original)) => Some(original),
            (_, None) => bail!(
                "a {kind} follows up a request: say which with `--original-kind` and when it was \
                 received with `--original-date`"
            ),
        };
        let chosen = choose_regime(rules, decision, request)?;
        let regime = chosen.regime;
        let request_kind = match kind {
            LetterKind::Request(k) => k,
            _ => original.expect("a follow-up has its original").kind,
        };
        let mut warnings = Vec::new();
        warnings.extend(unchecked_subdivision_warning(&request.residence));
        warnings.extend(chosen.warnings.iter().cloned());

        let authority = chosen.authority;
        let escalation = regime.escalation_on(request.date);
        if kind == LetterKind::Complaint {
            match (escalation.route, authority) {
                (Route::Authority, Some(_)) => {}
                (Route::PrivateAction, _) => bail!(
                    "the {} has no authority to complain to: it is enforced in court ({})",
                    regime.short_name,
                    escalation.cite
                ),
                (Route::Authority, None) => bail!(
                    "forget's rules name no {} authority for {}, so it cannot address a complaint",
                    regime.short_name,
                    request.residence.place()
                ),
            }
        }

        // Language and template.
        let stem = kind.template_stem(&regime.id);
        let language = match request.language {
            Some(language) => language,
            None => default_language(
                templates,
                stem,
                controller,
                authority,
                kind,
                &request.residence,
            ),
        };
        let (template, language) = match templates.find(language, stem) {
            Some(template) => (template, language),
            None => {
                let english = templates.find(Language::En, stem).ok_or_else(|| {
                    anyhow!(
                        "there is no template for {} letters (`{}/{stem}.tera` or `en/{stem}.tera`)",
                        if stem == regime.id { regime.short_name.as_str() } else { stem },
                        language.code()
                    )
                })?;
                warnings.push(format!(
                    "there is no {} template for this letter (`{}/{stem}.tera`), so it is in English; \
                     it exists in {}",
                    crate::text::language_name(language.code()),
                    language.code(),
                    templates
                        .languages(stem)
                        .iter()
                        .map(|l| crate::text::language_name(l.code()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                (english, Language::En)
            }
        };
        // What the company is known to demand before it answers, against what the law lets it.
        if let Some(identity) = &controller.identity {
            let demands = identity.demands();
            if !demands.is_empty() {
                let law = match &regime.identity {
                    Some(rule) => format!("{}: {}", rule.cite, rule.rule),
                    None => format!(
                        "forget's rules record no rule on identity checks under the {}.",
                        regime.short_name
                    ),
                };
                warnings.push(format!(
                    "{} is known to ask for {} before it answers. {law}",
                    controller.name,
                    demands.join(" and ")
                ));
            }
        }
        if let Some(how) = controller
            .suggested
            .filter(|t| *t != crate::rules::Transport::Email)
        {
            warnings.push(format!(
                "requests to {} are best sent {} (its record in forget's rules says so)",
                controller.name,
                how.in_words()
            ));
        }
        let lineage = templates.lineage(&template.name);
        for (file, status) in &lineage.files {
            match status {
                ReviewStatus::Reviewed(_) => {}
                ReviewStatus::Stale(review) => warnings.push(format!(
                    "the template `{}` changed after {} approved it on {}: have it reviewed again \
                     (`forget templates status`)",
                    file.name, review.reviewer, review.date
                )),
                ReviewStatus::Unreviewed => warnings.push(format!(
                    "no lawyer has reviewed the template `{}` (`forget templates status`)",
                    file.name
                )),
            }
        }

        // The reference: the one given, else one derived from the person's e-mail when filled in.
        let given = request
            .reference
            .clone()
            .or_else(|| original.and_then(|o| o.reference.clone()));
        let derive = match original {
            Some(original) => (original.kind.as_str(), original.date),
            None => (kind.as_str(), request.date),
        };
        let received = super::request::received(request);
        let deadline = regime.deadline_for(request_kind, received);
        let due = deadline
            .and(chosen.due.as_ref())
            .map(|d| d.due)
            .map(|due| original.and_then(|o| o.extended_until).unwrap_or(due));
        if deadline.is_none() && kind == LetterKind::Request(request_kind) {
            warnings.push(format!(
                "forget's rules give no deadline for {} requests under the {}: the law sets none, \
                 so any date the letter asks for is yours, not the law's",
                request_kind, regime.short_name
            ));
        }
        // Before the deadline, only a reply (a refusal, a partial answer, a request for ID) gives
        // something to follow up.
        if let (Some(original), Some(due)) = (original, due)
            && request.date <= due
            && !original.events.iter().any(|e| e.event == "reply")
        {
            bail!(
                "the answer to the {} request received on {} is not due until {due}: a {kind} about a \
                 missed deadline must be dated after it (`--request-date`)",
                original.kind,
                original.date
            );
        }
        let long = |date: NaiveDate| language.long_date(date);
        // The steps after the request and the reminder, under the law on the letter's date.
        let steps: Vec<crate::decide::PathStep> =
            crate::decide::path(regime, request_kind, request.date, received)
                .into_iter()
                .filter(|s| !matches!(s.step, StepKind::Request | StepKind::Reminder))
                .collect();
        let refused_on = original.and_then(|o| {
            o.events
                .iter()
                .filter(|e| e.event == "reply" && e.outcome == Some("refused"))
                .map(|e| e.date)
                .next_back()
        });
        // Only a window still open shapes the letter (a complaint is then the application).
        let window = crate::decide::refusal_window(&steps, refused_on, due)
            .filter(|(_, end)| request.date <= *end);
        let reply_by = match kind {
            LetterKind::Reminder => Some(crate::decide::reminder_reply_by(
                request.date,
                REMINDER_DAYS,
                window.map(|(_, end)| end),
            )),
            LetterKind::CompanyComplaint => steps
                .iter()
                .find(|s| s.step == StepKind::ComplaintToController)
                .and_then(|s| s.end(request.date)),
            _ => None,
        };
        let step_context = |s: &crate::decide::PathStep| StepContext {
            step: s.step.as_str(),
            cite: s.provision.clone(),
            summary: s.summary.clone(),
            period: s.period.map(|p| language.period(&p)),
            binds: s.binds.map(|b| match b {
                crate::rules::Binds::Company => "company",
                crate::rules::Binds::Person => "person",
            }),
        };
        let steps_context: Vec<StepContext> = steps.iter().map(step_context).collect();
        let window_context = window.map(|(s, end)| WindowContext {
            step: step_context(s),
            closes: language.long_date(end),
        });
        let mut timeline: Vec<Event> = Vec::new();
        if let Some(original) = original {
            let at = |date, event| Event {
                date,
                event,
                outcome: None,
                note: None,
            };
            match original.sent.filter(|sent| *sent < original.date) {
                Some(sent) => {
                    timeline.push(at(sent, "request"));
                    timeline.push(at(original.date, "received"));
                }
                None => timeline.push(at(original.date, "request")),
            }
            if let Some(due) = due {
                timeline.push(at(due, "deadline"));
            }
            timeline.extend(original.events.iter().cloned());
            // By date; on the same day, in the order they happened (the request before its
            // deadline, the deadline before what came after it).
            timeline.sort_by_key(|e| e.date);
        }
        let context = LetterContext {
            lang: language.code(),
            kind: kind.as_str(),
            date: long(request.date),
            date_iso: request.date.to_string(),
            access_due: regime
                .deadline_for(RequestKind::Access, received)
                .map(|d| long(crate::decide::due_date(d, received).due)),
            // Filled in for each person.
            reference: String::new(),
            person: PersonContext {
                name: String::new(),
                email: String::new(),
                address: None,
                offer_photo: false,
                settlement: None,
            },
            residence: ResidenceContext {
                code: request.residence.code().to_string(),
                place: request.residence.place(),
            },
            controller: ControllerContext {
                id: controller.id.clone(),
                name: controller.name.clone(),
                legal_name: controller.legal_name.clone(),
                country: controller.country.clone(),
                inside: regime
                    .coverage
                    .iter()
                    .flat_map(|c| &c.residences)
                    .any(|code| crate::residence::country_of(&code.code) == controller.country),
                demands_photo: controller
                    .identity
                    .as_ref()
                    .is_some_and(|i| i.demands_photo),
                demands_id: controller.identity.as_ref().is_some_and(|i| i.demands_id),
                address: controller.address.as_deref().map(lines),
                face_search: controller.face_search,
                listed: controller.listed,
            },
            regime: RegimeContext {
                id: regime.id.clone(),
                name: regime.name.clone(),
                short_name: regime.short_name.clone(),
                citation: regime.citation.clone(),
                reach: regime.reach.as_ref().map(|r| CitationContext {
                    cite: r.cite.clone(),
                    summary: r.summary.clone(),
                }),
            },
            provisions: regime
                .provisions_for(request_kind, request.date)
                .map(|p| CitationContext {
                    cite: p.cite.clone(),
                    summary: p.summary.clone(),
                })
                .collect(),
            deadline: deadline.map(|d| DeadlineContext {
                cite: d.cite.clone(),
                length: d.period.length,
                unit: d.period.unit.as_str(),
                period: language.period(&d.period),
                statutory: d.statutory,
                shifts: d.non_working_day != NonWorkingDay::NoShift,
            }),
            due: due.map(long),
            extension: deadline
                .and(regime.extension_for(request_kind, received))
                .map(|e| ExtensionContext {
                    cite: e.cite.clone(),
                    length: e.period.length,
                    unit: e.period.unit.as_str(),
                    period: language.period(&e.period),
                    condition: e.condition.clone(),
                }),
            identity: regime.identity.as_ref().map(|r| RuleContext {
                cite: r.cite.clone(),
                rule: r.rule.clone(),
            }),
            fees: regime.fees.as_ref().map(|r| RuleContext {
                cite: r.cite.clone(),
                rule: r.rule.clone(),
            }),
            representative: regime.representative.as_ref().map(|r| CitationContext {
                cite: r.cite.clone(),
                summary: r.summary.clone(),
            }),
            representative_designated: chosen.representative.map(|r| r.designated),
            escalation: EscalationContext {
                route: match escalation.route {
                    Route::Authority => "authority",
                    Route::PrivateAction => "private-action",
                },
                cite: escalation.cite.clone(),
                summary: escalation.summary.clone(),
            },
            authority: authority.map(|a| {
                // Its own wording in the letter's language, where it has one.
                let own = a.translation(language.code());
                let (name, address) = a.name_and_address_in(language.code());
                AuthorityContext {
                    id: a.id.clone(),
                    name: name.to_string(),
                    short_name: a.short_name.clone(),
                    email: a.email.clone(),
                    website: own
                        .and_then(|t| t.website.clone())
                        .unwrap_or_else(|| a.website.clone()),
                    // A form address the rules could not confirm is not put in a letter the person
                    // signs (`forget` shows it, flagged, among the warnings).
                    complaint_url: match own {
                        Some(t) => t.complaint_url.clone(),
                        None => a.complaint_url.clone(),
                    }
                    .filter(|_| a.provenance.reason("complaint_url").is_none()),
                    address: address.map(lines),
                }
            }),
            precedents: chosen
                .precedents
                .iter()
                .map(|p| PrecedentContext {
                    authority_id: p.authority.clone(),
                    authority: p
                        .authority
                        .as_deref()
                        .and_then(|id| rules.authority(id))
                        .map(|a| a.display_name()),
                    own: p.authority.is_some()
                        && p.authority.as_deref() == authority.map(|a| a.id.as_str()),
                    date: p.date.map(long),
                    reference: p.reference.clone(),
                    summary: p.summary.clone(),
                    unconfirmed: p
                        .provenance
                        .reason("summary")
                        .or_else(|| p.provenance.reason("date"))
                        .map(str::to_string),
                })
                .collect(),
            also: decision
                .regimes
                .iter()
                .filter(|r| r.regime.id != regime.id)
                .map(|r| OtherRegimeContext {
                    id: r.regime.id.clone(),
                    short_name: r.regime.short_name.clone(),
                    citation: r.regime.citation.clone(),
                })
                .collect(),
            original: original.map(|o| OriginalContext {
                kind: o.kind.as_str(),
                date: long(o.date),
                sent: long(o.sent.unwrap_or(o.date)),
                reference: String::new(),
                due: due.map(long),
                extended: o.extended_until.is_some() && due.is_some(),
                channel: o.channel,
                received_assumed: o.received_assumed,
            }),
            reply_days: reply_by
                .filter(|_| kind == LetterKind::Reminder)
                .map(|by| u32::try_from((by - request.date).num_days()).unwrap_or(REMINDER_DAYS)),
            steps: steps_context,
            window: window_context,
            reply_by: reply_by.map(long),
            timeline: timeline
                .into_iter()
                .map(|e| EventContext {
                    date: long(e.date),
                    event: e.event,
                    outcome: e.outcome,
                    note: e.note,
                })
                .collect(),
        };
        // The letter, laid out by each format.
        let (recipient, to) = match (kind, authority) {
            (LetterKind::Counsel, _) => (Party::default(), Vec::new()),
            (LetterKind::Complaint, Some(authority)) => (
                {
                    let (name, address) = authority.name_and_address_in(language.code());
                    Party {
                        name: name.to_string(),
                        email: authority.email.clone(),
                        address: address.map(lines).unwrap_or_default(),
                    }
                },
                authority.email.iter().cloned().collect(),
            ),
            _ => (
                Party {
                    name: controller.legal_name.clone(),
                    email: controller.emails.first().map(|e| e.address.clone()),
                    address: controller.address.as_deref().map(lines).unwrap_or_default(),
                },
                controller
                    .emails
                    .iter()
                    .map(|e| e.address.clone())
                    .collect(),
            ),
        };
        if matches!(kind, LetterKind::Request(_) | LetterKind::Reminder) {
            match decision.controller {
                Some(decided) if decided.id == controller.id => {
                    warnings.extend(decision.contact_warnings.iter().cloned());
                }
                _ => warnings.extend(contact_warnings(controller)),
            }
        }
        let webforms = match (kind, authority) {
            (LetterKind::Complaint, Some(authority)) => authority
                .complaint_url
                .iter()
                .map(|url| (url.clone(), "complaints".to_string()))
                .collect(),
            (LetterKind::Counsel, _) => Vec::new(),
            _ => controller
                .webforms
                .iter()
                .map(|w| (w.url.clone(), w.purpose.clone()))
                .collect(),
        };
        Ok(Frame {
            templates,
            template: template.name.clone(),
            language,
            kind,
            date: request.date,
            date_text: long(request.date),
            context,
            given,
            derive,
            residence: request.residence.clone(),
            controller: controller.id.clone(),
            controller_name: controller.name.clone(),
            regime: regime.id.clone(),
            authority: authority.map(|a| a.id.clone()),
            lineage,
            due,
            recipient,
            to,
            webforms,
            // Printed where the person lives, on the paper sold there, for the window
            // envelopes sold there.
            paper: Paper::for_country(request.residence.country_code()),
            warnings: warnings.into(),
            stencils: None,
        })
    }

    /// Keeps the template rendered for the people to come: each letter is then that rendering
    /// with the person filled in, where that gives the very letter the template would (see
    /// `stencil.rs`). For a request only: a follow-up's reference is rendered in more places.
    pub fn keep_stencils(&mut self) {
        if self.context.original.is_none() {
            self.stencils.get_or_insert_with(Stencils::new);
        }
    }

    /// The stencils kept, for tests to count.
    #[cfg(test)]
    pub(super) fn stencils(&self) -> Option<&Stencils> {
        self.stencils.as_ref()
    }

    /// The letter of `person`, under `reference` (else the one given with the request, else one
    /// derived from the person's e-mail).
    pub fn fill(&mut self, person: &Person, reference: Option<&str>) -> Result<Composition<'t>> {
        let reference = match reference.or(self.given.as_deref()) {
            Some(reference) => reference.to_string(),
            None => super::reference::reference(
                &self.controller,
                self.derive.0,
                &person.email,
                self.residence.code(),
                self.derive.1,
            ),
        };
        let (subject, body) = match &mut self.stencils {
            Some(stencils) => stencils.render(
                self.templates,
                &self.template,
                &self.context,
                person,
                &reference,
            )?,
            None => self
                .templates
                .render(&self.template, &self.context.for_person(person, &reference))?,
        };
        let subject = crate::text::one_line(&subject);
        if subject.is_empty() {
            bail!(
                "the template `{}` gives the letter no subject",
                self.template
            );
        }
        let letter = Letter {
            language: self.language,
            reference: reference.clone(),
            date: self.date,
            date_text: self.date_text.clone(),
            sender: Party {
                name: person.name.clone(),
                email: Some(person.email.clone()),
                address: person.address.clone(),
            },
            recipient: self.recipient.clone(),
            subject: format!("{subject} [{reference}]"),
            body: Block::parse(&body),
            paper: self.paper,
        };
        Ok(Composition {
            letter,
            person: person.clone(),
            residence: self.residence.clone(),
            controller: self.controller.clone(),
            controller_name: self.controller_name.clone(),
            regime: self.regime.clone(),
            authority: self.authority.clone(),
            kind: self.kind,
            lineage: self.lineage.clone(),
            due: self.due,
            to: self.to.clone(),
            webforms: self.webforms.clone(),
            warnings: Arc::clone(&self.warnings),
        })
    }
}

/// Writes the letter `request` asks for.
pub fn compose<'t>(
    rules: &RuleSet,
    templates: &'t TemplateSet,
    request: &LetterRequest<'_>,
) -> Result<Composition<'t>> {
    let decision = decide(
        rules,
        request.residence.clone(),
        Some(request.controller),
        Some(request.request_kind()),
        request.date,
        Some(super::request::received(request)),
    );
    compose_decided(rules, templates, request, &decision)
}

/// Writes the letter `request` asks for, on `decision`: what [`decide`] says of its residence,
/// company and the day the request is received. (A batch fills one [`Frame`] for many people.)
pub fn compose_decided<'t>(
    rules: &RuleSet,
    templates: &'t TemplateSet,
    request: &LetterRequest<'_>,
    decision: &Decision<'_>,
) -> Result<Composition<'t>> {
    Frame::new(rules, templates, request, decision)?.fill(&request.person, None)
}
