use super::checks;
use super::deadline::{Deadline, Extension};
use super::provenance::Provenance;
use super::reader::{Ctx, ReferenceKind, Table, Text, parse_choice, parse_root};
use super::request_kind::RequestKind;
use super::source_file::{Location, SourceFile};
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
    pub provisions: Vec<Provision>,
    pub deadline: Option<Deadline>,
    pub extension: Option<Extension>,
    pub identity: Option<Requirement>,
    pub fees: Option<Requirement>,
    pub representative: Option<Citation>,
    pub escalation: Escalation,
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

/// A residence code as written in a rules file.
#[derive(Debug, Clone)]
pub struct Code {
    pub code: String,
    pub location: Location,
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
];
const COVERAGE_FIELDS: &[&str] = &["residences", "why", "alongside", "sources", "unconfirmed"];
const CITATION_FIELDS: &[&str] = &["cite", "summary", "sources", "unconfirmed"];
const PROVISION_FIELDS: &[&str] = &["kinds", "cite", "summary", "sources", "unconfirmed"];
const REQUIREMENT_FIELDS: &[&str] = &["rule", "cite", "sources", "unconfirmed"];
const ESCALATION_FIELDS: &[&str] = &[
    "route",
    "cite",
    "summary",
    "side_note",
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
        let mut all = vec![&self.provenance, &self.escalation.provenance];
        all.extend(self.coverage.iter().map(|c| &c.provenance));
        all.extend(self.reach.iter().map(|r| &r.provenance));
        all.extend(self.provisions.iter().map(|p| &p.provenance));
        all.extend(self.deadline.iter().map(|d| &d.provenance));
        all.extend(self.extension.iter().map(|e| &e.provenance));
        all.extend(self.identity.iter().map(|r| &r.provenance));
        all.extend(self.fees.iter().map(|r| &r.provenance));
        all.extend(self.representative.iter().map(|r| &r.provenance));
        all
    }

    /// The provisions to cite for a request kind.
    pub fn provisions_for(&self, kind: RequestKind) -> impl Iterator<Item = &Provision> {
        self.provisions
            .iter()
            .filter(move |p| p.kinds.contains(&kind))
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
        let has_deadline = t.contains("deadline");
        let deadline = Deadline::read(ctx, &mut t);
        let extension = Extension::read(ctx, &mut t);
        let identity = t
            .opt_table(ctx, "identity", REQUIREMENT_FIELDS)
            .and_then(|table| read_requirement(ctx, table));
        let fees = t
            .opt_table(ctx, "fees", REQUIREMENT_FIELDS)
            .and_then(|table| read_requirement(ctx, table));
        let representative = t
            .opt_table(ctx, "representative", CITATION_FIELDS)
            .and_then(|table| read_citation(ctx, table));
        let escalation = t
            .table(ctx, "escalation", ESCALATION_FIELDS)
            .and_then(|table| read_escalation(ctx, table));
        t.finish(ctx);

        if extension.is_some() && !has_deadline {
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
            deadline,
            extension,
            identity,
            fees,
            representative,
            escalation: escalation?,
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
    let provenance = t.provenance(ctx);
    t.finish(ctx);
    if kinds.is_empty() {
        return None;
    }
    Some(Provision {
        kinds,
        cite: cite?.value,
        summary: summary?.value,
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

fn read_escalation(ctx: &mut Ctx<'_>, mut t: Table<'_>) -> Option<Escalation> {
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
    let provenance = t.provenance(ctx);
    t.finish(ctx);
    Some(Escalation {
        route: route?,
        cite: cite?.value,
        summary: summary?.value,
        side_note: side_note.map(|t| t.value),
        provenance,
    })
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
