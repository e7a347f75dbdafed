use super::checks;
pub use super::checks::Code;
use chrono::NaiveDate;

use super::deadline::{Deadline, Extension};
use super::in_force::{InForce, check_no_overlap};
use super::provenance::Provenance;
use super::reader::{Ctx, ReferenceKind, Table, Text, parse_choice, parse_root};
use super::request_kind::RequestKind;
use super::source_file::{Location, SourceFile};
use super::step::Step;
use crate::suggest;

/// A data-protection regime: who it protects, what it lets them ask for, how fast the company
/// must answer and where to turn when it does not.
#[derive(Debug, Clone)]
pub struct Regime {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub citation: String,
    pub url: String,
    /// Order of presentation when several regimes apply: lower comes first.
    pub rank: i64,
    pub rank_reason: String,
    pub provenance: Provenance,
    pub coverage: Vec<Coverage>,
    pub reach: Option<Citation>,
    /// Every version of every provision: see [`Regime::provisions_for`].
    pub provisions: Vec<Provision>,
    /// Per request kind and version of the law: see [`Regime::deadline_for`].
    pub deadlines: Vec<Deadline>,
    pub extensions: Vec<Extension>,
    pub identity: Option<Requirement>,
    pub fees: Option<Requirement>,
    pub representative: Option<Citation>,
    /// Every version, none overlapping another: see [`Regime::escalation_on`].
    pub escalations: Vec<Escalation>,
    /// The steps after the request and the reminder, in order, every version.
    pub steps: Vec<Step>,
    /// The start of the file, for messages about the regime as a whole.
    pub location: Location,
}

/// A group of residences the regime protects, and why.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub residences: Vec<Code>,
    /// One sentence; `{place}` stands for the person's place of residence.
    pub why: String,
    /// Regimes that may cover the same residences.
    pub alongside: Vec<String>,
    pub provenance: Provenance,
}

/// A provision with a plain-language summary.
#[derive(Debug, Clone)]
pub struct Citation {
    pub cite: String,
    pub summary: String,
    pub provenance: Provenance,
}

/// A provision to cite for some request kinds.
#[derive(Debug, Clone)]
pub struct Provision {
    pub kinds: Vec<RequestKind>,
    pub cite: String,
    pub summary: String,
    /// When it applies, by the date of the letter.
    pub in_force: InForce,
    pub provenance: Provenance,
}

/// A rule about identity checks or fees.
#[derive(Debug, Clone)]
pub struct Requirement {
    pub rule: String,
    pub cite: String,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Complain to the authority competent for the person's residence.
    Authority,
    /// No agency route: the law is enforced in court.
    PrivateAction,
}

/// Where to turn when the company does not comply.
#[derive(Debug, Clone)]
pub struct Escalation {
    pub route: Route,
    pub cite: String,
    pub summary: String,
    /// An authority worth mentioning that is not competent under this regime.
    pub side_note: Option<String>,
    pub in_force: InForce,
    pub provenance: Provenance,
}

const REGIME_FIELDS: &[&str] = &[
    "id",
    "name",
    "short_name",
    "citation",
    "url",
    "rank",
    "rank_reason",
    "sources",
    "unconfirmed",
    "coverage",
    "reach",
    "provision",
    "deadline",
    "extension",
    "identity",
    "fees",
    "representative",
    "escalation",
    "step",
];
const COVERAGE_FIELDS: &[&str] = &["residences", "why", "alongside", "sources", "unconfirmed"];
const CITATION_FIELDS: &[&str] = &["cite", "summary", "sources", "unconfirmed"];
const PROVISION_FIELDS: &[&str] = &[
    "kinds",
    "cite",
    "summary",
    "in_force_from",
    "in_force_until",
    "sources",
    "unconfirmed",
];
const REQUIREMENT_FIELDS: &[&str] = &["rule", "cite", "sources", "unconfirmed"];
const ESCALATION_FIELDS: &[&str] = &[
    "route",
    "cite",
    "summary",
    "side_note",
    "in_force_from",
    "in_force_until",
    "sources",
    "unconfirmed",
];

/// The placeholders a `why` sentence may use.
const PLACEHOLDERS: &[&str] = &["place"];

impl Regime {
    /// The request kinds this regime supports, in the canonical order.
    pub fn kinds(&self) -> Vec<RequestKind> {
        let mut kinds: Vec<RequestKind> = self
            .provisions
            .iter()
            .flat_map(|p| p.kinds.iter().copied())
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }

    /// The provenance of every table of the regime.
    pub fn provenances(&self) -> Vec<&Provenance> {
        let mut all = vec![&self.provenance];
        all.extend(self.escalations.iter().map(|e| &e.provenance));
        all.extend(self.coverage.iter().map(|c| &c.provenance));
        all.extend(self.reach.iter().map(|r| &r.provenance));
        all.extend(self.provisions.iter().map(|p| &p.provenance));
        all.extend(self.deadlines.iter().map(|d| &d.provenance));
        all.extend(self.extensions.iter().map(|e| &e.provenance));
        all.extend(self.steps.iter().map(|s| &s.provenance));
        all.extend(self.identity.iter().map(|r| &r.provenance));
        all.extend(self.fees.iter().map(|r| &r.provenance));
        all.extend(self.representative.iter().map(|r| &r.provenance));
        all
    }

    /// The provisions to cite for a request kind in a letter dated `date`.
    pub fn provisions_for(
        &self,
        kind: RequestKind,
        date: NaiveDate,
    ) -> impl Iterator<Item = &Provision> {
        self.provisions
            .iter()
            .filter(move |p| p.kinds.contains(&kind) && p.in_force.contains(date))
    }

    /// The deadline for a `kind` request received on `received`, if the rules give one.
    pub fn deadline_for(&self, kind: RequestKind, received: NaiveDate) -> Option<&Deadline> {
        self.deadlines.iter().find(|d| d.applies(kind, received))
    }

    /// The extension the company may claim for a `kind` request received on `received`.
    pub fn extension_for(&self, kind: RequestKind, received: NaiveDate) -> Option<&Extension> {
        self.extensions.iter().find(|e| e.applies(kind, received))
    }

    /// The escalation in force on `date`: the version whose period holds it, else the nearest
    /// (the rules check that versions do not overlap; before the first, the first applies).
    pub fn escalation_on(&self, date: NaiveDate) -> &Escalation {
        self.escalations
            .iter()
            .find(|e| e.in_force.contains(date))
            .or_else(|| {
                self.escalations
                    .iter()
                    .filter(|e| e.in_force.until.is_some_and(|until| until < date))
                    .max_by_key(|e| e.in_force.until)
            })
            .or(self.escalations.first())
            .expect("a regime has an escalation")
    }

    /// How the law is enforced (the same in every version).
    pub fn route(&self) -> Route {
        self.escalations
            .last()
            .map_or(Route::Authority, |escalation| escalation.route)
    }

    /// The steps after the request and reminder for a `kind` request, on `date`.
    pub fn steps_for(&self, kind: RequestKind, date: NaiveDate) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(move |s| s.applies(kind, date))
    }

    pub(crate) fn read(ctx: &mut Ctx<'_>, file: &SourceFile) -> Option<Regime> {
        let mut t = parse_root(ctx, &file.text, "the regime")?.with_fields(REGIME_FIELDS);
        let id = t.string(ctx, "id");
        if let Some(id) = &id
            && id.value != file.stem()
        {
            ctx.error(
                id.span.clone(),
                format!("the regime's id `{}` differs from its file name", id.value),
                Some(format!(
                    "name the file `{}.toml`, or set `id = \"{}\"`",
                    id.value,
                    file.stem()
                )),
            );
        }
        let name = t.string(ctx, "name");
        let short_name = t.string(ctx, "short_name");
        let citation = t.string(ctx, "citation");
        let url = t.string(ctx, "url");
        if let Some(url) = &url {
            checks::url(ctx, url);
        }
        let rank = t.integer(ctx, "rank");
        let rank_reason = t.string(ctx, "rank_reason");
        let provenance = t.provenance(ctx);

        let coverage_tables = t.tables(ctx, "coverage", COVERAGE_FIELDS);
        if coverage_tables.is_empty() {
            ctx.error(
                0..1,
                "the regime covers nobody: it has no `[[coverage]]`",
                Some("add `[[coverage]]` with the `residences` it protects".to_string()),
            );
        }
        let coverage: Vec<Coverage> = coverage_tables
            .into_iter()
            .filter_map(|table| read_coverage(ctx, table))
            .collect();
        let reach = t
            .opt_table(ctx, "reach", CITATION_FIELDS)
            .and_then(|table| read_citation(ctx, table));
        let provision_tables = t.tables(ctx, "provision", PROVISION_FIELDS);
        if provision_tables.is_empty() {
            ctx.error(
                0..1,
                "the regime lets nobody ask for anything: it has no `[[provision]]`",
                Some("add a `[[provision]]` for each request kind it supports".to_string()),
            );
        }
        let provisions: Vec<Provision> = provision_tables
            .into_iter()
            .filter_map(|table| read_provision(ctx, table))
            .collect();
        let deadlines = Deadline::read_all(ctx, &mut t);
        let extensions = Extension::read_all(ctx, &mut t);
        let identity = t
            .opt_table(ctx, "identity", REQUIREMENT_FIELDS)
            .and_then(|table| read_requirement(ctx, table));
        let fees = t
            .opt_table(ctx, "fees", REQUIREMENT_FIELDS)
            .and_then(|table| read_requirement(ctx, table));
        let representative = t
            .opt_table(ctx, "representative", CITATION_FIELDS)
            .and_then(|table| read_citation(ctx, table));
        if !t.contains("escalation") {
            ctx.error(
                0..1,
                "missing `[escalation]` in the regime",
                Some("add an `[escalation]` table to the regime".to_string()),
            );
        }
        let escalation_read: Vec<(Escalation, std::ops::Range<usize>)> = t
            .one_or_more_tables(ctx, "escalation", ESCALATION_FIELDS)
            .into_iter()
            .filter_map(|table| read_escalation(ctx, table))
            .collect();
        let versions: Vec<_> = escalation_read
            .iter()
            .map(|(e, span)| (e.in_force, span.clone()))
            .collect();
        check_no_overlap(ctx, "`[escalation]`", &versions);
        if let Some((first, span)) = escalation_read.first()
            && escalation_read.iter().any(|(e, _)| e.route != first.route)
        {
            ctx.error(
                span.clone(),
                "the versions of `[escalation]` have different routes",
                Some("a regime is enforced one way in every version: keep one `route`".to_string()),
            );
        }
        let escalations: Vec<Escalation> = escalation_read.into_iter().map(|(e, _)| e).collect();
        let steps = Step::read_all(ctx, &mut t);
        t.finish(ctx);

        if !extensions.is_empty() && deadlines.is_empty() {
            ctx.error(
                0..1,
                "the regime has an `[extension]` but no `[deadline]` to extend",
                None,
            );
        }

        Some(Regime {
            id: id?.value,
            name: name?.value,
            short_name: short_name?.value,
            citation: citation?.value,
            url: url?.value,
            rank: rank?.0,
            rank_reason: rank_reason?.value,
            provenance,
            coverage,
            reach,
            provisions,
            deadlines,
            extensions,
            identity,
            fees,
            representative,
            escalations: (!escalations.is_empty()).then_some(escalations)?,
            steps,
            location: ctx.location(0..1),
        })
    }
}

fn read_coverage(ctx: &mut Ctx<'_>, mut t: Table<'_>) -> Option<Coverage> {
    let residences = t.nonempty_string_list(ctx, "residences");
    let residences = checks::residence_codes(ctx, residences);
    let why = t.string(ctx, "why");
    if let Some(why) = &why {
        check_placeholders(ctx, why);
    }
    let alongside = t.string_list(ctx, "alongside");
    for other in &alongside {
        ctx.refer(ReferenceKind::Regime, other);
    }
    let provenance = t.provenance(ctx);
    t.finish(ctx);
    Some(Coverage {
        residences,
        why: why?.value,
        alongside: alongside.into_iter().map(|t| t.value).collect(),
        provenance,
    })
}

fn read_citation(ctx: &mut Ctx<'_>, mut t: Table<'_>) -> Option<Citation> {
    let cite = t.string(ctx, "cite");
    let summary = t.string(ctx, "summary");
    let provenance = t.provenance(ctx);
    t.finish(ctx);
    Some(Citation {
        cite: cite?.value,
        summary: summary?.value,
        provenance,
    })
}

fn read_provision(ctx: &mut Ctx<'_>, mut t: Table<'_>) -> Option<Provision> {
    let kinds: Vec<RequestKind> = t
        .nonempty_string_list(ctx, "kinds")
        .iter()
        .filter_map(|text| parse_choice(ctx, text, "kind", RequestKind::CHOICES))
        .collect();
    let cite = t.string(ctx, "cite");
    let summary = t.string(ctx, "summary");
    let (in_force, _) = InForce::read(ctx, &mut t);
    let provenance = t.provenance(ctx);
    t.finish(ctx);
    if kinds.is_empty() {
        return None;
    }
    Some(Provision {
        kinds,
        cite: cite?.value,
        summary: summary?.value,
        in_force,
        provenance,
    })
}

fn read_requirement(ctx: &mut Ctx<'_>, mut t: Table<'_>) -> Option<Requirement> {
    let rule = t.string(ctx, "rule");
    let cite = t.string(ctx, "cite");
    let provenance = t.provenance(ctx);
    t.finish(ctx);
    Some(Requirement {
        rule: rule?.value,
        cite: cite?.value,
        provenance,
    })
}

fn read_escalation(
    ctx: &mut Ctx<'_>,
    mut t: Table<'_>,
) -> Option<(Escalation, std::ops::Range<usize>)> {
    let route = t.choice(
        ctx,
        "route",
        &[
            ("authority", Route::Authority),
            ("private-action", Route::PrivateAction),
        ],
    );
    let cite = t.string(ctx, "cite");
    let summary = t.string(ctx, "summary");
    let side_note = t.opt_string(ctx, "side_note");
    if let Some(side_note) = &side_note {
        ctx.refer(ReferenceKind::Authority, side_note);
    }
    let (in_force, span) = InForce::read(ctx, &mut t);
    let provenance = t.provenance(ctx);
    t.finish(ctx);
    Some((
        Escalation {
            route: route?,
            cite: cite?.value,
            summary: summary?.value,
            side_note: side_note.map(|t| t.value),
            in_force,
            provenance,
        },
        span,
    ))
}

/// Checks a `why` sentence only uses known placeholders.
fn check_placeholders(ctx: &mut Ctx<'_>, why: &Text) {
    let mut rest = why.value.as_str();
    let mut offset = 0;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        if !PLACEHOLDERS.contains(&name) {
            let start = why.span.start + offset + open;
            let help = match suggest::did_you_mean(name, PLACEHOLDERS.iter().copied()) {
                Some(close) => format!("did you mean `{{{close}}}`?"),
                None => format!("the placeholders are {}", suggest::one_of(&["{place}"])),
            };
            ctx.error(
                start..start + close + 1,
                format!("unknown placeholder `{{{name}}}` in `why`"),
                Some(help),
            );
        }
        offset += open + close + 1;
        rest = &rest[open + close + 1..];
    }
}
