//! From a residence (and optionally a company and the day the request was received) to the
//! regimes that apply, strongest first, each with why, what to cite, when the answer is due and
//! where to complain.

use chrono::NaiveDate;

use super::due_date::{DueDate, due_date, extended_due_date, extended_from_due};
use super::path::{PathStep, path};
use crate::residence::{self, Residence};
use crate::rules::{
    Authority, Controller, Coverage, NonWorkingDay, Precedent, Provenance, Regime, Representative,
    RequestKind, Route, RuleSet,
};
use crate::text::lowercase_first;

/// Everything `forget explain` says about one person and one company.
#[derive(Debug)]
pub struct Decision<'r> {
    pub residence: Residence,
    pub controller: Option<&'r Controller>,
    pub received: Option<NaiveDate>,
    /// The day whose law applies: the letter's date.
    pub on: NaiveDate,
    /// The request kind asked about, if any (due dates and paths depend on it).
    pub kind: Option<RequestKind>,
    /// Strongest first; empty when no regime covers the residence.
    pub regimes: Vec<RegimeDecision<'r>>,
    /// Warnings about the answer as a whole (the residence, the company's contact details).
    pub warnings: Vec<String>,
    /// What the rules know about the company that a person should read before writing.
    pub notes: Vec<String>,
    /// The company's unconfirmed contact details ([`contact_warnings`]), which each letter to it
    /// repeats (worded once per decision, not once per letter).
    pub contact_warnings: Vec<String>,
}

/// One regime that applies.
#[derive(Debug)]
pub struct RegimeDecision<'r> {
    pub regime: &'r Regime,
    pub coverage: &'r Coverage,
    /// Plain language: why this regime protects the person, and how it reaches the company.
    pub why: String,
    /// The competent authority; `None` for a regime without an authority route, or when the
    /// residence is too coarse to tell.
    pub authority: Option<&'r Authority>,
    /// An authority worth mentioning that is not competent under this regime.
    pub side_note: Option<&'r Authority>,
    pub due: Option<DueDate>,
    pub extended_due: Option<DueDate>,
    /// The request kind the due dates and the path are for: the one asked about, else erasure
    /// or the regime's first kind.
    pub kind: RequestKind,
    /// The steps from the request to the last resort, for `kind`, under the law in force on the
    /// letter's date.
    pub path: Vec<PathStep>,
    /// The company's representative for this regime, when the rules know whether it has one.
    pub representative: Option<&'r Representative>,
    pub precedents: Vec<&'r Precedent>,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
}

impl<'r> Decision<'r> {
    /// The strongest regime that gives a `kind` request, if any does.
    pub fn strongest_for(&self, kind: RequestKind) -> Option<&RegimeDecision<'r>> {
        self.regimes
            .iter()
            .find(|r| r.regime.kinds().contains(&kind))
    }

    /// Every regime that gives a `kind` request, strongest first.
    pub fn supporting(&self, kind: RequestKind) -> impl Iterator<Item = &RegimeDecision<'r>> {
        self.regimes
            .iter()
            .filter(move |r| r.regime.kinds().contains(&kind))
    }
}

/// Whether, in `country`, the answer can depend on the subdivision a person lives in: a regime
/// covers only some of them (a provincial act, a state law), or an authority is competent for only
/// one (a German Land).
pub fn subdivision_matters(rules: &RuleSet, country: &str) -> bool {
    let regime_codes = rules
        .regimes
        .iter()
        .flat_map(|r| r.coverage.iter().flat_map(|c| c.residences.iter()));
    let authority_codes = rules.authorities.iter().flat_map(|a| a.residences.iter());
    regime_codes
        .chain(authority_codes)
        .any(|code| code.code.contains('-') && residence::country_of(&code.code) == country)
}

/// Decides which regimes protect a person living at `residence`, under the law in force on `on`
/// (the letter's date); due dates count from `received` under the law in force on that day.
pub fn decide<'r>(
    rules: &'r RuleSet,
    residence: Residence,
    controller: Option<&'r Controller>,
    kind: Option<RequestKind>,
    on: NaiveDate,
    received: Option<NaiveDate>,
) -> Decision<'r> {
    let mut warnings: Vec<String> = unchecked_subdivision_warning(&residence)
        .into_iter()
        .collect();
    if let Some(warning) = missing_subdivision_warning(rules, &residence) {
        warnings.push(warning);
    }

    let mut regimes: Vec<RegimeDecision<'r>> = rules
        .regimes
        .iter()
        .filter_map(|regime| {
            decide_regime(rules, regime, &residence, controller, kind, on, received)
        })
        .collect();
    // A regime for the person's own province or state comes before the country's, whatever
    // their ranks (its commissioner makes binding orders; the federal route is the
    // alternative): by how closely its coverage matches the residence, then by rank.
    regimes.sort_by_key(|d| {
        let specificity = d
            .coverage
            .residences
            .iter()
            .filter_map(|code| residence.match_rank(&code.code))
            .max();
        (std::cmp::Reverse(specificity), d.regime.rank)
    });

    if regimes.is_empty() {
        let mut warning = format!(
            "no regime in forget's rules protects residents of {}",
            residence.place()
        );
        if let Some(controller) = controller {
            warning.push_str(&format!(
                "; {} can still be asked through its own channels. forget does not model every \
                 law: a law it does not know (of your country, or of where the company \
                 operates) may still oblige it to answer",
                controller.name
            ));
        }
        warnings.push(warning);
    }

    let mut notes = Vec::new();
    if let Some(controller) = controller {
        warnings.extend(controller_warnings(controller));
        for note in &controller.notes {
            notes.push(note.text.clone());
            warnings.extend(
                note.provenance
                    .warnings(&format!("a note on {}", controller.name), None),
            );
        }
    }

    Decision {
        residence,
        controller,
        received,
        on,
        kind,
        regimes,
        warnings,
        notes,
        contact_warnings: controller.map(contact_warnings).unwrap_or_default(),
    }
}

fn decide_regime<'r>(
    rules: &'r RuleSet,
    regime: &'r Regime,
    residence: &Residence,
    controller: Option<&'r Controller>,
    kind: Option<RequestKind>,
    on: NaiveDate,
    received: Option<NaiveDate>,
) -> Option<RegimeDecision<'r>> {
    let (_, coverage) = regime
        .coverage
        .iter()
        .filter_map(|coverage| {
            coverage
                .residences
                .iter()
                .filter_map(|code| residence.match_rank(&code.code))
                .max()
                .map(|rank| (rank, coverage))
        })
        .max_by_key(|(rank, _)| *rank)?;

    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let subject = regime.short_name.as_str();

    let mut why = coverage.why.replace("{place}", &residence.place());
    let mut reach_used = false;
    if let (Some(controller), Some(reach)) = (controller, &regime.reach) {
        let country = residence::lookup(&controller.country)
            .map_or(controller.country.clone(), |e| e.in_sentence());
        match territory(regime, &controller.country) {
            Territory::Inside => {}
            // The reach is stated as fact only where a decision applied this law to this
            // company; otherwise it is something to check.
            Territory::Outside if controller.precedents.iter().any(|p| p.regime == regime.id) => {
                why.push_str(&format!(
                    " {} is established outside it, in {country}, but {} reaches it: {}",
                    controller.name,
                    reach.cite,
                    lowercase_first(&reach.summary)
                ));
                reach_used = true;
            }
            Territory::Outside => {
                why.push_str(&format!(
                    " {} is established outside it, in {country}; whether the {} reaches it \
                     depends on what it does with your data, and is worth checking ({}: {})",
                    controller.name,
                    regime.short_name,
                    reach.cite,
                    lowercase_first(reach.summary.trim_end_matches('.'))
                ));
                reach_used = true;
            }
            Territory::Partly => {
                why.push_str(&format!(
                    " {} is established in {country}; {}: {}",
                    controller.name, reach.cite, reach.summary
                ));
                reach_used = true;
            }
        }
    }

    let escalation = regime.escalation_on(on);
    let authority = match escalation.route {
        Route::Authority => {
            let found = competent_authority(rules, regime, residence);
            if found.is_none() {
                warnings.push(missing_authority_warning(rules, regime, residence));
            }
            found
        }
        Route::PrivateAction => None,
    };
    let side_note = escalation
        .side_note
        .as_deref()
        .and_then(|id| rules.authority(id));
    if let Some(side) = side_note {
        notes.push(format!(
            "not competent under {subject}, but worth knowing: {}{}",
            side.display_name(),
            if side.notes.is_empty() {
                String::new()
            } else {
                format!(". {}", side.notes.join(" "))
            }
        ));
    }

    // The kind the dates and the path are for: the one asked about, else the first the regime
    // gives (erasure before access, as forget's default request).
    let path_kind = kind
        .filter(|k| regime.kinds().contains(k))
        .unwrap_or_else(|| {
            let kinds = regime.kinds();
            if kinds.contains(&RequestKind::Erasure) {
                RequestKind::Erasure
            } else {
                kinds.first().copied().unwrap_or(RequestKind::Access)
            }
        });
    let (due, extended_due, date_warnings) = dates(regime, kind, path_kind, on, received);
    warnings.extend(date_warnings);
    let path = path(regime, path_kind, on, received.unwrap_or(on));

    let representative = controller.and_then(|c| c.representative(&regime.id));
    let precedents: Vec<&Precedent> = controller
        .map(|c| {
            c.precedents
                .iter()
                .filter(|p| p.regime == regime.id)
                .collect()
        })
        .unwrap_or_default();

    // Every value this answer uses that is marked unconfirmed surfaces here.
    let mut marked: Vec<(String, &Provenance)> = vec![
        (regime.short_name.clone(), &regime.provenance),
        (format!("{subject} coverage"), &coverage.provenance),
        (escalation.cite.clone(), &escalation.provenance),
    ];
    if reach_used && let Some(reach) = &regime.reach {
        marked.push((reach.cite.clone(), &reach.provenance));
    }
    for provision in regime.provisions.iter().filter(|p| p.in_force.contains(on)) {
        marked.push((provision.cite.clone(), &provision.provenance));
    }
    let received_on = received.unwrap_or(on);
    for deadline in regime
        .deadlines
        .iter()
        .filter(|d| d.in_force.contains(received_on))
        .filter(|d| kind.is_none_or(|k| d.applies_to(k)))
    {
        marked.push((
            format!("{subject} deadline ({})", deadline.cite),
            &deadline.provenance,
        ));
    }
    for extension in regime.extensions.iter().filter(|e| {
        kind.map_or(e.in_force.contains(received_on), |k| {
            e.applies(k, received_on)
        })
    }) {
        marked.push((
            format!("{subject} extension ({})", extension.cite),
            &extension.provenance,
        ));
    }
    for step in regime.steps_for(path_kind, on) {
        marked.push((step.cite.clone(), &step.provenance));
    }
    for requirement in [&regime.identity, &regime.fees].into_iter().flatten() {
        marked.push((requirement.cite.clone(), &requirement.provenance));
    }
    if let (Some(rule), Some(rep)) = (&regime.representative, representative) {
        marked.push((rule.cite.clone(), &rule.provenance));
        marked.push((
            format!(
                "{}'s {subject} representative",
                controller.map_or("", |c| c.name.as_str())
            ),
            &rep.provenance,
        ));
    }
    for precedent in &precedents {
        marked.push((precedent.reference.clone(), &precedent.provenance));
    }
    for (subject, provenance) in marked {
        warnings.extend(provenance.warnings(&subject, None));
    }
    if let Some(authority) = authority {
        warnings.extend(authority.warnings(residence.code()));
    }

    Some(RegimeDecision {
        regime,
        coverage,
        why,
        authority,
        side_note,
        due,
        extended_due,
        kind: path_kind,
        path,
        representative,
        precedents,
        warnings,
        notes,
    })
}

/// The due date and the latest extended date for a request received on `received`, with the
/// caveats that go with them: holidays, requests the deadline does not cover, the two readings
/// of an extension, a deadline that is not statutory.
fn dates(
    regime: &Regime,
    asked: Option<RequestKind>,
    kind: RequestKind,
    on: NaiveDate,
    received: Option<NaiveDate>,
) -> (Option<DueDate>, Option<DueDate>, Vec<String>) {
    let mut warnings = Vec::new();
    let deadline = regime.deadline_for(kind, received.unwrap_or(on));
    let extension = regime.extension_for(kind, received.unwrap_or(on));
    let (due, mut extended_due) = match (deadline, received) {
        (Some(deadline), Some(received)) => (
            Some(due_date(deadline, received)),
            extension.map(|extension| extended_due_date(deadline, extension, received)),
        ),
        _ => (None, None),
    };
    if let (Some(deadline), Some(calendar)) = (deadline, deadline.and_then(|d| d.calendar))
        && let Some(reason) = calendar.unconfirmed()
        && !deadline
            .provenance
            .unconfirmed
            .iter()
            .any(|u| u.field == "calendar")
    {
        warnings.push(format!(
            "unconfirmed: the holidays of {} that move a deadline: {reason}",
            calendar.name()
        ));
    }
    if let (Some(deadline), Some(due)) = (deadline, &due)
        && deadline.non_working_day != NonWorkingDay::NoShift
        && deadline.calendar.is_none()
    {
        warnings.push(format!(
            "public holidays are not in forget's rules: if {} is a public holiday, the deadline moves \
             to the next working day",
            due.due
        ));
    }
    let received_or_on = received.unwrap_or(on);
    let first = regime
        .kinds()
        .into_iter()
        .find_map(|k| regime.deadline_for(k, received_or_on));
    if let (Some(deadline), None) = (first, asked) {
        let uncovered: Vec<&str> = regime
            .kinds()
            .into_iter()
            .filter(|k| regime.deadline_for(*k, received_or_on).is_none())
            .map(|kind| kind.as_str())
            .collect();
        if !uncovered.is_empty() && !deadline.kinds.is_empty() {
            let covered: Vec<&str> = deadline.kinds.iter().map(|k| k.as_str()).collect();
            warnings.push(format!(
                "the {} deadline ({}) applies to {} requests; forget's rules record no deadline \
                 for {} requests",
                deadline.period,
                deadline.cite,
                covered.join(" and "),
                uncovered.join(" and ")
            ));
        }
    }
    // "Two further months" can be counted from receipt or from the first due date; the
    // rules do not say which, so the later date is the one to wait for.
    if let (Some(deadline), Some(extension), Some(first), Some(from_receipt)) =
        (deadline, extension, due, extended_due)
    {
        let from_due = extended_from_due(deadline, extension, first);
        if from_due.due != from_receipt.due {
            let late = if from_due.due > from_receipt.due {
                from_due
            } else {
                from_receipt
            };
            warnings.push(format!(
                "counted from receipt, an extended deadline ends on {}; counted from the first \
                 due date, on {}: forget shows the later date, {}, as the one to wait for",
                from_receipt.due, from_due.due, late.due
            ));
            extended_due = Some(late);
        }
    }
    for deadline in regime.deadlines.iter().filter(|d| {
        !d.statutory && d.in_force.contains(received_or_on) && asked.is_none_or(|k| d.applies_to(k))
    }) {
        warnings.push(format!(
            "the {} is not set by statute ({})",
            deadline.period, deadline.cite
        ));
    }

    (due, extended_due, warnings)
}

/// Where a company's country of establishment lies relative to a regime's territory.
enum Territory {
    /// The regime covers the whole country: it needs no special reach.
    Inside,
    /// The regime covers nothing of the country.
    Outside,
    /// The regime covers part of the country (a state or province): the company may or may not
    /// be established there.
    Partly,
}

fn territory(regime: &Regime, country: &str) -> Territory {
    let codes = || regime.coverage.iter().flat_map(|c| c.residences.iter());
    if codes().any(|code| code.code == country) {
        Territory::Inside
    } else if codes().any(|code| residence::country_of(&code.code) == country) {
        Territory::Partly
    } else {
        Territory::Outside
    }
}

/// The authority competent under `regime` for `residence`: the most specific match wins.
fn competent_authority<'r>(
    rules: &'r RuleSet,
    regime: &Regime,
    residence: &Residence,
) -> Option<&'r Authority> {
    closest_authority(
        rules
            .authorities
            .iter()
            .filter(|a| a.regimes.contains(&regime.id)),
        residence,
    )
}

/// Of `authorities`, the one whose residences match `residence` most closely, if any does.
pub fn closest_authority<'r>(
    authorities: impl Iterator<Item = &'r Authority>,
    residence: &Residence,
) -> Option<&'r Authority> {
    authorities
        .filter_map(|a| {
            a.residences
                .iter()
                .filter_map(|code| residence.match_rank(&code.code))
                .max()
                .map(|rank| (rank, a))
        })
        .max_by_key(|(rank, _)| *rank)
        .map(|(_, a)| a)
}

fn missing_authority_warning(rules: &RuleSet, regime: &Regime, residence: &Residence) -> String {
    let choices: Vec<String> = rules
        .authorities
        .iter()
        .filter(|a| a.regimes.contains(&regime.id))
        .flat_map(|a| a.residences.iter().map(move |code| (code, a)))
        .filter(|(code, _)| {
            residence::country_of(&code.code) == residence.country_code() && code.code.contains('-')
        })
        .map(|(code, _)| {
            let name = residence::lookup(&code.code).map_or("", |e| e.name);
            format!("`{}` ({name})", code.code)
        })
        .collect();
    if choices.is_empty() {
        format!(
            "forget's rules name no authority competent under {} for {}",
            regime.short_name,
            residence.place()
        )
    } else {
        format!(
            "the competent authority under {} depends on your {}: give your residence as one of {}",
            regime.short_name,
            residence::subdivision_noun(residence.country_code()),
            choices.join(", ")
        )
    }
}

/// The warning for a subdivision code forget cannot check (`FR-75`): the answer is the
/// country's.
pub fn unchecked_subdivision_warning(residence: &Residence) -> Option<String> {
    residence.is_unchecked_subdivision().then(|| {
        format!(
            "forget does not list the subdivisions of {}, so `{}` was not checked: the answer is the \
             one for {} as a whole",
            residence.country().in_sentence(),
            residence.code(),
            residence.country_code()
        )
    })
}

/// When only a country is given but the rules treat some of its subdivisions differently (a
/// provincial act, a state law), names the subdivisions that would change the answer.
fn missing_subdivision_warning(rules: &RuleSet, residence: &Residence) -> Option<String> {
    if residence.subdivision().is_some() || residence.is_unchecked_subdivision() {
        return None;
    }
    let country = residence.country_code();
    let mut choices: Vec<String> = Vec::new();
    for regime in &rules.regimes {
        for code in regime.coverage.iter().flat_map(|c| c.residences.iter()) {
            if code.code.contains('-') && residence::country_of(&code.code) == country {
                let name = residence::lookup(&code.code).map_or("", |e| e.name);
                let choice = format!("`{}` ({name}: {})", code.code, regime.short_name);
                if !choices.contains(&choice) {
                    choices.push(choice);
                }
            }
        }
    }
    if choices.is_empty() {
        return None;
    }
    Some(format!(
        "you gave only the country: in {} some laws apply only in one {}; if you live in one of \
         them, give it as your residence: {}",
        residence.country().in_sentence(),
        residence::subdivision_noun(country),
        choices.join(", ")
    ))
}

/// Warnings about the company's own contact details and practices.
fn controller_warnings(controller: &Controller) -> Vec<String> {
    let mut warnings = contact_warnings(controller);
    if let Some(identity) = &controller.identity {
        let demands = identity.demands();
        if !demands.is_empty() {
            warnings.push(format!(
                "{} is known to ask for {} before it answers. Each law's identity rule, under \
                 \"Identity\" above, says when it may. To let it find your data, consider offering a \
                 recent photo, to be used only for that, rather than a copy of an ID",
                controller.name,
                demands.join(" and ")
            ));
        }
        warnings.extend(
            identity
                .provenance
                .warnings(&format!("{}'s identity checks", controller.name), None),
        );
    }
    warnings
}

/// Warnings about the unconfirmed ways to reach the company: its record (address), e-mail
/// addresses and web forms.
pub fn contact_warnings(controller: &Controller) -> Vec<String> {
    let mut warnings = controller.provenance.warnings(&controller.name, None);
    for email in &controller.emails {
        warnings.extend(email.provenance.warnings(
            &format!("{}'s e-mail {}", controller.name, email.address),
            None,
        ));
    }
    for form in &controller.webforms {
        warnings.extend(form.provenance.warnings(
            &format!("{}'s web form {}", controller.name, form.url),
            None,
        ));
    }
    warnings
}
