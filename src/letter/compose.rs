//! From a decision and a person to a letter: choose the regime and the template, build what the
//! template sees, render it.

use anyhow::{Result, anyhow, bail};
use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::context::*;
use super::language::Language;
use super::letter::{Block, Letter, Paper, Party};
use super::letter_kind::LetterKind;
use super::person::Person;
use super::reference::reference;
use super::review::ReviewStatus;
use super::stencil::Stencils;
use super::template_set::{Lineage, TemplateSet};
use crate::decide::{
    Decision, RegimeDecision, contact_warnings, decide, unchecked_subdivision_warning,
};
use crate::residence::Residence;
use crate::rules::{Controller, NonWorkingDay, RequestKind, Route, RuleSet};
use crate::suggest;

/// How long a reminder gives the company to answer. Common practice, not a legal period.
pub const REMINDER_DAYS: u32 = 14;

/// Everything that makes one letter.
#[derive(Debug, Clone)]
pub struct LetterRequest<'r> {
    pub residence: Residence,
    pub controller: &'r Controller,
    pub kind: LetterKind,
    pub person: Person,
    /// The language asked for; `None` lets the company or authority suggest one.
    pub language: Option<Language>,
    /// The regime asked for; `None` takes the strongest that supports the kind.
    pub regime: Option<String>,
    /// The date of the letter.
    pub date: NaiveDate,
    /// The reference; `None` derives one.
    pub reference: Option<String>,
    /// For a reminder or a complaint: the request followed up.
    pub original: Option<Original>,
}

/// The request a reminder or complaint follows up.
#[derive(Debug, Clone)]
pub struct Original {
    pub kind: RequestKind,
    /// When the company received it.
    pub date: NaiveDate,
    /// When it was sent, when that was before it was received (a posted letter).
    pub sent: Option<NaiveDate>,
    pub reference: Option<String>,
    /// A due date the company extended the deadline to, within the regime's extension rule.
    pub extended_until: Option<NaiveDate>,
    /// What happened since, for the timeline: reminders, replies, an extension.
    pub events: Vec<Event>,
}

/// One step in a case's history, as a follow-up letter tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub date: NaiveDate,
    /// `reminder`, `reply` or `extension`.
    pub event: &'static str,
    /// For a reply: `complied`, `refused`, `partial` or `asked-for-id`, when known.
    pub outcome: Option<&'static str>,
    /// The person's own words about it.
    pub note: Option<String>,
}

impl Original {
    /// The request received on `date`, with nothing known since.
    pub fn new(kind: RequestKind, date: NaiveDate) -> Original {
        Original {
            kind,
            date,
            sent: None,
            reference: None,
            extended_until: None,
            events: Vec::new(),
        }
    }
}

/// A rendered letter with what the person should know about it.
#[derive(Debug)]
pub struct Composition<'t> {
    pub letter: Letter,
    /// Who asked, where they live, and of which company (by id): what a case records.
    pub person: Person,
    pub residence: Residence,
    pub controller: String,
    pub controller_name: String,
    pub regime: String,
    /// The competent authority's id, where the rules name one.
    pub authority: Option<String>,
    pub kind: LetterKind,
    /// The template used, and those it builds on, with their review status.
    pub lineage: Lineage<'t>,
    /// When the answer is due, where the rules give a deadline for this kind.
    pub due: Option<NaiveDate>,
    /// Where the letter goes by e-mail; empty when the recipient takes no e-mail.
    pub to: Vec<String>,
    /// Web forms the company takes requests through, as (URL, purpose).
    pub webforms: Vec<(String, String)>,
    pub warnings: Vec<String>,
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
        Some(received(request)),
    );
    compose_decided(rules, templates, request, &decision, None)
}

/// The day the deadline of `request` runs from: the original request's for a follow-up.
pub fn received(request: &LetterRequest<'_>) -> NaiveDate {
    request.original.as_ref().map_or(request.date, |o| o.date)
}

/// Writes the letter `request` asks for, on `decision`: what [`decide`] says of its residence,
/// company and [`received`] day (a batch decides once for many people in the same place).
/// `stencils` lets a batch render the template once for everyone the letter is the same for.
pub fn compose_decided<'t>(
    rules: &RuleSet,
    templates: &'t TemplateSet,
    request: &LetterRequest<'_>,
    decision: &Decision<'_>,
    stencils: Option<&mut Stencils<'_>>,
) -> Result<Composition<'t>> {
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
    if kind == LetterKind::Complaint {
        match (regime.escalation.route, authority) {
            (Route::Authority, Some(_)) => {}
            (Route::PrivateAction, _) => bail!(
                "the {} has no authority to complain to: it is enforced in court ({})",
                regime.short_name,
                regime.escalation.cite
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
    let (template, language) =
        match templates.find(language, stem) {
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

    // What the template sees.
    let reference = match (&request.reference, original) {
        (Some(reference), _) => reference.clone(),
        (None, Some(original)) => original.reference.clone().unwrap_or_else(|| {
            reference(
                &controller.id,
                original.kind.as_str(),
                &request.person.email,
                original.date,
            )
        }),
        (None, None) => reference(
            &controller.id,
            kind.as_str(),
            &request.person.email,
            request.date,
        ),
    };
    let deadline = regime
        .deadline
        .as_ref()
        .filter(|d| d.applies_to(request_kind));
    let due = deadline
        .and(chosen.due.as_ref())
        .map(|d| d.due)
        .map(|due| original.and_then(|o| o.extended_until).unwrap_or(due));
    if deadline.is_none() && kind == LetterKind::Request(request_kind) {
        warnings.push(format!(
            "forget's rules give no deadline for {} requests under the {}: the letter asks for a \
             prompt answer but names no date",
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
    let reply_by = (kind == LetterKind::Reminder)
        .then(|| next_weekday(request.date + Days::new(u64::from(REMINDER_DAYS))));
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
            .deadline
            .as_ref()
            .filter(|d| d.applies_to(RequestKind::Access))
            .and(chosen.due.as_ref())
            .map(|d| long(d.due)),
        reference: reference.clone(),
        person: PersonContext {
            name: request.person.name.clone(),
            email: request.person.email.clone(),
            address: (!request.person.address.is_empty()).then(|| request.person.address.clone()),
            offer_photo: request.person.offer_photo,
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
        },
        regime: RegimeContext {
            id: regime.id.clone(),
            name: regime.name.clone(),
            short_name: regime.short_name.clone(),
            citation: regime.citation.clone(),
        },
        provisions: regime
            .provisions_for(request_kind)
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
            shifts: d.non_working_day == NonWorkingDay::NextWorkingDay,
        }),
        due: due.map(long),
        extension: deadline
            .and(regime.extension.as_ref())
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
            route: match regime.escalation.route {
                Route::Authority => "authority",
                Route::PrivateAction => "private-action",
            },
            cite: regime.escalation.cite.clone(),
            summary: regime.escalation.summary.clone(),
        },
        authority: authority.map(|a| AuthorityContext {
            id: a.id.clone(),
            name: a.name.clone(),
            short_name: a.short_name.clone(),
            email: a.email.clone(),
            website: a.website.clone(),
            complaint_url: a.complaint_url.clone(),
            address: a.address.as_deref().map(lines),
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
            reference: reference.clone(),
            due: due.map(long),
            extended: o.extended_until.is_some() && due.is_some(),
        }),
        reply_days: reply_by.map(|_| REMINDER_DAYS),
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
    let (subject, body) = match stencils {
        Some(stencils) if stencils.serve(templates) => stencils.render(&template.name, context)?,
        _ => templates.render(&template.name, &context)?,
    };

    // The letter, laid out by each format.
    let (recipient, to, country) = match (kind, authority) {
        (LetterKind::Counsel, _) => (
            Party::default(),
            Vec::new(),
            request.residence.country_code().to_string(),
        ),
        (LetterKind::Complaint, Some(authority)) => (
            Party {
                name: authority.name.clone(),
                email: authority.email.clone(),
                address: authority.address.as_deref().map(lines).unwrap_or_default(),
            },
            authority.email.iter().cloned().collect(),
            request.residence.country_code().to_string(),
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
            controller.country.clone(),
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
    let subject = crate::text::one_line(&subject);
    if subject.is_empty() {
        bail!(
            "the template `{}` gives the letter no subject",
            template.name
        );
    }
    let letter = Letter {
        language,
        reference: reference.clone(),
        date: request.date,
        date_text: long(request.date),
        sender: Party {
            name: request.person.name.clone(),
            email: Some(request.person.email.clone()),
            address: request.person.address.clone(),
        },
        recipient,
        subject: format!("{subject} [{reference}]"),
        body: Block::parse(&body),
        paper: Paper::for_country(&country),
    };
    Ok(Composition {
        letter,
        person: request.person.clone(),
        residence: request.residence.clone(),
        controller: controller.id.clone(),
        controller_name: controller.name.clone(),
        regime: regime.id.clone(),
        authority: authority.map(|a| a.id.clone()),
        kind,
        lineage,
        due,
        to,
        webforms: match (kind, authority) {
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
        },
        warnings,
    })
}

/// The regime the letter relies on: the one asked for, or the strongest that supports the kind.
fn choose_regime<'d, 'r>(
    rules: &RuleSet,
    decision: &'d Decision<'r>,
    request: &LetterRequest<'_>,
) -> Result<&'d RegimeDecision<'r>> {
    let place = request.residence.place();
    if decision.regimes.is_empty() {
        bail!(
            "no regime in forget's rules protects residents of {place}, so a letter would have no \
             law to rely on (`forget explain --residence {}` says more)",
            request.residence.code()
        );
    }
    let kind = match request.kind {
        LetterKind::Request(kind) => kind,
        _ => request.original.as_ref().expect("checked by compose").kind,
    };
    let supports = |r: &RegimeDecision<'_>| r.regime.kinds().contains(&kind);
    let kinds_of = |r: &RegimeDecision<'_>| {
        r.regime
            .kinds()
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(id) = &request.regime {
        let Some(chosen) = decision.regimes.iter().find(|r| &r.regime.id == id) else {
            if rules.regime(id).is_none() {
                let ids = rules.regimes.iter().map(|r| r.id.as_str());
                let help = match suggest::did_you_mean(id, ids) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "`forget explain` lists the regimes that protect you".to_string(),
                };
                bail!("unknown regime `{id}`: {help}");
            }
            bail!(
                "the regime `{id}` does not protect residents of {place}; the ones that do: {}",
                applicable(decision)
            );
        };
        if !supports(chosen) {
            bail!(
                "the {} gives no `{kind}` request in forget's rules: it supports {}",
                chosen.regime.short_name,
                kinds_of(chosen)
            );
        }
        return Ok(chosen);
    }
    decision.strongest_for(kind).ok_or_else(|| {
        let each: Vec<String> = decision
            .regimes
            .iter()
            .map(|r| format!("the {} supports {}", r.regime.short_name, kinds_of(r)))
            .collect();
        anyhow!(
            "no regime that protects residents of {place} gives a `{kind}` request in forget's \
             rules: {}",
            each.join("; ")
        )
    })
}

fn applicable(decision: &Decision<'_>) -> String {
    decision
        .regimes
        .iter()
        .map(|r| format!("`{}` ({})", r.regime.id, r.regime.short_name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The language to write in when none was asked for: a complaint in the authority's language,
/// a request in the company's, or in the local language when the company is in the person's
/// country; English otherwise. Only languages with a template count.
pub fn default_language(
    templates: &TemplateSet,
    stem: &str,
    controller: &Controller,
    authority: Option<&crate::rules::Authority>,
    kind: LetterKind,
    residence: &Residence,
) -> Language {
    let authority_languages = authority.map(|a| a.languages.as_slice()).unwrap_or(&[]);
    let candidates: Vec<&String> = if kind == LetterKind::Complaint {
        authority_languages.iter().collect()
    } else if !controller.languages.is_empty() {
        controller.languages.iter().collect()
    } else if controller.country == residence.country_code() {
        authority_languages.iter().collect()
    } else {
        Vec::new()
    };
    candidates
        .into_iter()
        .filter_map(|code| Language::parse(code))
        .find(|&language| templates.find(language, stem).is_some())
        .unwrap_or(Language::En)
}

/// The date, or the Monday after it when it falls on a weekend.
pub fn next_weekday(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => date + Days::new(2),
        Weekday::Sun => date + Days::new(1),
        _ => date,
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}
