use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::authority::{AUTHORITY_FIELDS, Authority};
use super::controller::Controller;
use super::diagnostic::Diagnostic;
use super::provenance::Unconfirmed;
use super::reader::{Ctx, ReferenceKind, parse_root};
use super::references::{Known, Unread, check_references};
use super::regime::{Regime, Route};
use super::source_file::{Location, SourceFile};
use crate::{embedded, residence, suggest};

/// The files in `jurisdictions/` that are not regimes.
const AUTHORITIES_FILE: &str = "authorities.toml";
const SOURCES_FILE: &str = "sources.toml";

/// Where the rules come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RulesLocation {
    /// The copy built into the binary.
    Embedded,
    /// A directory laid out like the repository: `jurisdictions/` and optionally `controllers/`.
    Dir(PathBuf),
}

impl std::fmt::Display for RulesLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RulesLocation::Embedded => f.write_str("the built-in rules"),
            RulesLocation::Dir(dir) => write!(f, "the rules in `{}`", dir.display()),
        }
    }
}

/// A numbered source of the fact sheet.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub reference: String,
}

/// The whole rules table, validated.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Strongest first.
    pub regimes: Vec<Regime>,
    pub authorities: Vec<Authority>,
    pub controllers: Vec<Controller>,
    pub sources: Vec<Source>,
}

/// What checking a rules location found: the rules, when they are free of errors, and every
/// problem.
#[derive(Debug)]
pub struct Checked {
    pub rules: Option<RuleSet>,
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

impl RuleSet {
    pub fn regime(&self, id: &str) -> Option<&Regime> {
        self.regimes.iter().find(|r| r.id == id)
    }

    pub fn authority(&self, id: &str) -> Option<&Authority> {
        self.authorities.iter().find(|a| a.id == id)
    }

    pub fn controller(&self, id: &str) -> Option<&Controller> {
        self.controllers.iter().find(|c| c.id == id)
    }

    /// The company with this id, or an error that suggests the one meant (by a close id, or by
    /// its name typed instead of its id).
    pub fn find_controller(&self, id: &str) -> anyhow::Result<&Controller> {
        if let Some(controller) = self.controller(id) {
            return Ok(controller);
        }
        let ids: Vec<&str> = self.controllers.iter().map(|c| c.id.as_str()).collect();
        let lower = id.to_lowercase();
        let by_name = self
            .controllers
            .iter()
            .find(|c| c.name.to_lowercase() == lower || c.legal_name.to_lowercase() == lower);
        let hint = match (
            by_name,
            crate::suggest::did_you_mean(id, ids.iter().copied()),
        ) {
            (Some(controller), _) => format!("; did you mean `{}`?", controller.id),
            (None, Some(close)) => format!("; did you mean `{close}`?"),
            (None, None) if ids.is_empty() => "; the rules list no companies".to_string(),
            (None, None) => format!(
                "; the companies in the rules are {}",
                crate::suggest::one_of(&ids)
            ),
        };
        anyhow::bail!("unknown company `{id}`{hint}")
    }

    /// The companies that `text` names, best first: every word of it found in a company's id,
    /// name, legal name or website, whatever the case and the accents ("schufa", "Crédit",
    /// "exper gb").
    pub fn search_controllers(&self, text: &str) -> Vec<&Controller> {
        let words: Vec<String> = fold(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            return Vec::new();
        }
        let query = words.join(" ");
        let mut found: Vec<(u8, &Controller)> = self
            .controllers
            .iter()
            .filter_map(|controller| {
                let name = fold(&controller.name);
                let haystack = fold(&format!(
                    "{} {} {} {}",
                    controller.id,
                    controller.name,
                    controller.legal_name,
                    controller.website.as_deref().unwrap_or("")
                ));
                if !words.iter().all(|w| haystack.contains(w.as_str())) {
                    return None;
                }
                let rank = if fold(&controller.id) == query || name == query {
                    0
                } else if name.starts_with(&query) || controller.id.starts_with(&query) {
                    1
                } else {
                    2
                };
                Some((rank, controller))
            })
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
        found
            .into_iter()
            .map(|(_, controller)| controller)
            .collect()
    }

    /// Every value marked unconfirmed, in file order.
    pub fn unconfirmed(&self) -> Vec<&Unconfirmed> {
        let provenances = self
            .regimes
            .iter()
            .flat_map(Regime::provenances)
            .chain(self.authorities.iter().flat_map(|a| {
                std::iter::once(&a.provenance).chain(a.translations.iter().map(|t| &t.provenance))
            }))
            .chain(self.controllers.iter().flat_map(Controller::provenances));
        let mut marks: Vec<&Unconfirmed> = provenances.flat_map(|p| p.unconfirmed.iter()).collect();
        marks.sort_by(|a, b| {
            (&a.location.path, a.location.line, a.location.column).cmp(&(
                &b.location.path,
                b.location.line,
                b.location.column,
            ))
        });
        marks
    }

    /// Reads and validates the rules at `location`, collecting every problem.
    pub fn check(location: &RulesLocation) -> Checked {
        RuleSet::check_with(location, None)
    }

    /// As [`RuleSet::check`], with the company files in `companies` (the person's own, imported
    /// or added) as well: one there replaces the company file of the same name in the rules.
    pub fn check_with(location: &RulesLocation, companies: Option<&Path>) -> Checked {
        let mut diagnostics = Vec::new();
        let mut files: Vec<SourceFile> = match location {
            RulesLocation::Embedded => embedded::FILES
                .iter()
                .filter(|(path, _)| {
                    path.starts_with("jurisdictions/") || path.starts_with("controllers/")
                })
                .map(|(path, text)| SourceFile::new(*path, *text))
                .collect(),
            RulesLocation::Dir(dir) => read_dir(dir, &mut diagnostics),
        };
        // The rules' text is read by the person; the person's own company files are theirs.
        for file in files.iter().filter(|f| role(f) != FileRole::Sources) {
            super::public_text::check(file, &mut diagnostics);
        }
        if let Some(dir) = companies.filter(|dir| dir.is_dir()) {
            for file in read_toml_files(dir, &mut diagnostics) {
                files.retain(|f| role(f) != FileRole::Controller || f.stem() != file.stem());
                files.push(file);
            }
        }
        let count = files.len();
        let rules = build(&files, &mut diagnostics);
        // In file order; problems that belong to no line (a missing folder) come last.
        diagnostics.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                d.location.as_ref().map_or((1, String::new(), 0, 0), |l| {
                    (0, l.path.clone(), l.line, l.column)
                })
            };
            key(a).cmp(&key(b)).then(a.severity.cmp(&b.severity))
        });
        diagnostics.dedup();
        let has_errors = diagnostics.iter().any(Diagnostic::is_error);
        Checked {
            rules: rules.filter(|_| !has_errors),
            diagnostics,
            files: count,
        }
    }
}

/// Reads the `.toml` files of a rules directory, reporting what cannot be read.
fn read_dir(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<SourceFile> {
    let jurisdictions = dir.join("jurisdictions");
    if !dir.is_dir() {
        diagnostics.push(Diagnostic::error(
            format!("`{}` is not a directory", dir.display()),
            None,
        ));
        return Vec::new();
    }
    if !jurisdictions.is_dir() {
        let mut diagnostic = Diagnostic::error(
            format!("`{}` has no `jurisdictions/` folder", dir.display()),
            None,
        );
        diagnostic.help = Some(if dir.join(AUTHORITIES_FILE).exists() {
            "this looks like a `jurisdictions/` folder itself: pass its parent directory"
                .to_string()
        } else {
            "a rules directory holds `jurisdictions/` (regimes, authorities.toml, sources.toml) and \
             optionally `controllers/`, like the repository"
                .to_string()
        });
        diagnostics.push(diagnostic);
        return Vec::new();
    }
    let mut files = read_toml_files(&jurisdictions, diagnostics);
    let controllers = dir.join("controllers");
    if controllers.is_dir() {
        files.extend(read_toml_files(&controllers, diagnostics));
    } else {
        diagnostics.push(Diagnostic::warning(
            format!(
                "`{}` has no `controllers/` folder: no companies are loaded",
                dir.display()
            ),
            None,
        ));
    }
    files
}

fn read_toml_files(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<SourceFile> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            diagnostics.push(Diagnostic::error(
                format!("cannot read `{}`: {error}", dir.display()),
                None,
            ));
            return Vec::new();
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml") && path.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| match fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Some(SourceFile::new(path.display().to_string(), text)),
                Err(error) => {
                    let at = error.utf8_error().valid_up_to();
                    let location =
                        Location::of_byte(&path.display().to_string(), error.as_bytes(), at);
                    diagnostics.push(
                        Diagnostic::error(
                            format!("this file is not UTF-8 (a bad byte at offset {at})"),
                            Some(location),
                        )
                        .with_help("save the file as UTF-8"),
                    );
                    None
                }
            },
            Err(error) => {
                diagnostics.push(Diagnostic::error(
                    format!("cannot read `{}`: {error}", path.display()),
                    None,
                ));
                None
            }
        })
        .collect()
}

/// Which part of the rules a file holds, from its place in the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileRole {
    Sources,
    Authorities,
    Regime,
    Controller,
}

fn role(file: &SourceFile) -> FileRole {
    let path = file.path.replace('\\', "/");
    let parent = path.rsplit('/').nth(1).unwrap_or("");
    let name = path.rsplit('/').next().unwrap_or(&path);
    match (parent, name) {
        ("controllers", _) => FileRole::Controller,
        (_, SOURCES_FILE) => FileRole::Sources,
        (_, AUTHORITIES_FILE) => FileRole::Authorities,
        _ => FileRole::Regime,
    }
}

/// Reads every file, then checks what refers to what across files.
fn build(files: &[SourceFile], diagnostics: &mut Vec<Diagnostic>) -> Option<RuleSet> {
    let mut references = Vec::new();
    let mut sources = Vec::new();
    let mut authorities = Vec::new();
    let mut regimes = Vec::new();
    let mut controllers = Vec::new();
    let mut seen = (false, false);
    let mut unread: Vec<Unread> = Vec::new();

    for file in files {
        let first = diagnostics.len();
        let mut ctx = Ctx {
            file,
            diagnostics,
            references: &mut references,
        };
        // What the file would have defined, when it could not be read.
        let lost = match role(file) {
            FileRole::Sources => {
                seen.0 = true;
                match read_sources(&mut ctx) {
                    Some(read) => {
                        sources.extend(read);
                        None
                    }
                    None => Some((ReferenceKind::Source, None)),
                }
            }
            FileRole::Authorities => {
                seen.1 = true;
                match parse_root(&mut ctx, &file.text, "the authorities file")
                    .map(|t| t.with_fields(&["authority"]))
                {
                    Some(mut root) => {
                        for table in root.tables(&mut ctx, "authority", AUTHORITY_FIELDS) {
                            authorities.extend(Authority::read(&mut ctx, table));
                        }
                        root.finish(&mut ctx);
                        None
                    }
                    None => Some((ReferenceKind::Authority, None)),
                }
            }
            FileRole::Regime => match Regime::read(&mut ctx, file) {
                Some(regime) => {
                    regimes.push(regime);
                    None
                }
                None => Some((ReferenceKind::Regime, Some(file.stem().to_string()))),
            },
            FileRole::Controller => {
                controllers.extend(Controller::read(&mut ctx, file));
                None
            }
        };
        // Its first error says what could not be checked because of it.
        let error = diagnostics[first..]
            .iter()
            .position(Diagnostic::is_error)
            .map(|i| first + i);
        if let (Some((kind, id)), Some(error)) = (lost, error) {
            unread.push(Unread {
                kind,
                id,
                error,
                references: 0,
            });
        }
    }
    if !files.is_empty() {
        for (present, name) in [(seen.0, SOURCES_FILE), (seen.1, AUTHORITIES_FILE)] {
            if !present {
                diagnostics.push(Diagnostic::error(
                    format!("missing `jurisdictions/{name}`"),
                    None,
                ));
            }
        }
    } else {
        diagnostics.push(Diagnostic::error("no rules files found", None));
    }

    check_references(
        &references,
        Known {
            regimes: &regimes.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            authorities: &authorities
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>(),
            sources: &sources.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        },
        &mut unread,
        diagnostics,
    );
    check_duplicate_authorities(&authorities, diagnostics);
    check_coverage_overlap(&regimes, diagnostics);
    // Without the authorities, every residence would lack a competent one.
    let authorities_read = !unread.iter().any(|u| u.kind == ReferenceKind::Authority);
    if authorities_read {
        check_competence(&regimes, &authorities, diagnostics);
    }
    check_ranks(&regimes, diagnostics);
    for file in &unread {
        diagnostics[file.error].note = file.note();
    }

    regimes.sort_by(|a, b| a.rank.cmp(&b.rank).then_with(|| a.id.cmp(&b.id)));
    controllers.sort_by(|a, b| a.id.cmp(&b.id));
    Some(RuleSet {
        regimes,
        authorities,
        controllers,
        sources,
    })
}

/// The sources of `sources.toml`; `None` when it cannot be read as TOML.
fn read_sources(ctx: &mut Ctx<'_>) -> Option<Vec<Source>> {
    let file = ctx.file;
    let mut root =
        parse_root(ctx, &file.text, "the sources file").map(|t| t.with_fields(&["source"]))?;
    let mut sources: Vec<Source> = Vec::new();
    let mut first_seen: BTreeMap<String, Location> = BTreeMap::new();
    for mut table in root.tables(ctx, "source", &["id", "reference"]) {
        let id = table.string(ctx, "id");
        let reference = table.string(ctx, "reference");
        table.finish(ctx);
        let (Some(id), Some(reference)) = (id, reference) else {
            continue;
        };
        if !matches!(
            super::provenance::SourceRef::parse(&id.value),
            Some(super::provenance::SourceRef::Numbered(_))
        ) {
            ctx.error(
                id.span.clone(),
                format!("`{}` is not a source id", id.value),
                Some("source ids look like `S:40` or `S:5b`".to_string()),
            );
            continue;
        }
        if let Some(first) = first_seen.get(&id.value) {
            ctx.error(
                id.span.clone(),
                format!("duplicate source id `{}`", id.value),
                Some(format!("`{}` is already defined at {first}", id.value)),
            );
            continue;
        }
        first_seen.insert(id.value.clone(), ctx.location(id.span.clone()));
        sources.push(Source {
            id: id.value,
            reference: reference.value,
        });
    }
    root.finish(ctx);
    Some(sources)
}

fn check_duplicate_authorities(authorities: &[Authority], diagnostics: &mut Vec<Diagnostic>) {
    for (i, authority) in authorities.iter().enumerate() {
        if let Some(first) = authorities[..i].iter().find(|a| a.id == authority.id) {
            diagnostics.push(
                Diagnostic::error(
                    format!("duplicate authority id `{}`", authority.id),
                    Some(authority.location.clone()),
                )
                .with_help(format!(
                    "`{}` is already defined at {}",
                    authority.id, first.location
                )),
            );
        }
    }
}

/// Whether two residence codes overlap: equal, or one is the country of the other.
fn overlaps(a: &str, b: &str) -> bool {
    a == b || residence::country_of(b) == a || residence::country_of(a) == b
}

/// Two regimes covering the same place must say that they apply together.
fn check_coverage_overlap(regimes: &[Regime], diagnostics: &mut Vec<Diagnostic>) {
    for (i, later) in regimes.iter().enumerate() {
        for coverage in &later.coverage {
            for code in &coverage.residences {
                for earlier in &regimes[..i] {
                    for other in &earlier.coverage {
                        let Some(clash) = other
                            .residences
                            .iter()
                            .find(|o| overlaps(&o.code, &code.code))
                        else {
                            continue;
                        };
                        let declared = coverage.alongside.contains(&earlier.id)
                            || other.alongside.contains(&later.id);
                        if declared {
                            continue;
                        }
                        diagnostics.push(
                            Diagnostic::error(
                                format!(
                                    "`{}` is covered by both `{}` and `{}` (as `{}` at {})",
                                    code.code, later.id, earlier.id, clash.code, clash.location
                                ),
                                Some(code.location.clone()),
                            )
                            .with_help(format!(
                                "if both apply there, add `alongside = [\"{}\"]` to this \
                                 `[[coverage]]`; otherwise remove `{}` from one of them",
                                earlier.id, code.code
                            )),
                        );
                    }
                }
            }
            for (j, code) in coverage.residences.iter().enumerate() {
                if coverage.residences[..j].iter().any(|c| c.code == code.code) {
                    diagnostics.push(Diagnostic::warning(
                        format!("`{}` is listed twice in `{}`", code.code, later.id),
                        Some(code.location.clone()),
                    ));
                }
            }
        }
    }
}

/// Every residence a regime with an authority route covers needs a competent authority, and an
/// authority may only be competent where its regime applies.
fn check_competence(
    regimes: &[Regime],
    authorities: &[Authority],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for regime in regimes {
        let competent: Vec<&Authority> = authorities
            .iter()
            .filter(|a| a.regimes.contains(&regime.id))
            .collect();
        let covered: Vec<&str> = regime
            .coverage
            .iter()
            .flat_map(|c| c.residences.iter().map(|r| r.code.as_str()))
            .collect();

        if regime.route() == Route::PrivateAction {
            for authority in competent {
                diagnostics.push(
                    Diagnostic::error(
                        format!(
                            "authority `{}` is listed as competent under `{}`, which has no authority route",
                            authority.id, regime.id
                        ),
                        Some(authority.location.clone()),
                    )
                    .with_help(format!(
                        "remove `{}` from its `regimes`, or mention it as the regime's `side_note`",
                        regime.id
                    )),
                );
            }
            continue;
        }

        let has_authority = |code: &str| {
            competent
                .iter()
                .any(|a| a.residences.iter().any(|r| r.code == code))
        };
        for coverage in &regime.coverage {
            for code in &coverage.residences {
                if has_authority(&code.code) {
                    continue;
                }
                let missing: Vec<&str> = if code.code.contains('-') {
                    if has_authority(residence::country_of(&code.code)) {
                        continue;
                    }
                    vec![code.code.as_str()]
                } else {
                    let subdivisions: Vec<&str> = residence::subdivisions(&code.code)
                        .map(|e| e.code)
                        .collect();
                    if subdivisions.is_empty() || subdivisions.iter().all(|s| !has_authority(s)) {
                        vec![code.code.as_str()]
                    } else {
                        subdivisions
                            .into_iter()
                            .filter(|s| !has_authority(s))
                            .collect()
                    }
                };
                if missing.is_empty() {
                    continue;
                }
                diagnostics.push(
                    Diagnostic::error(
                        format!(
                            "no authority is competent under `{}` for {}",
                            regime.id,
                            suggest::one_of(&missing)
                        ),
                        Some(code.location.clone()),
                    )
                    .with_help(format!(
                        "add `{}` to the `regimes` and the residence to the `residences` of an authority \
                         in authorities.toml",
                        regime.id
                    )),
                );
            }
        }

        // An authority competent where the regime does not apply is a mistake in one of them.
        let mut claimed: Vec<(&str, &str)> = Vec::new();
        for authority in &competent {
            for code in &authority.residences {
                let applies = covered
                    .iter()
                    .any(|c| *c == code.code || residence::country_of(&code.code) == *c);
                if !applies {
                    diagnostics.push(
                        Diagnostic::error(
                            format!(
                                "`{}` is competent for `{}` under `{}`, but `{}` does not cover `{}`",
                                authority.id, code.code, regime.id, regime.id, code.code
                            ),
                            Some(code.location.clone()),
                        )
                        .with_help(format!(
                            "add `{}` to a `[[coverage]]` of `{}`, or remove it here",
                            code.code, regime.id
                        )),
                    );
                }
                if let Some((_, first)) = claimed.iter().find(|(c, _)| *c == code.code) {
                    diagnostics.push(
                        Diagnostic::error(
                            format!(
                                "both `{first}` and `{}` are competent for `{}` under `{}`",
                                authority.id, code.code, regime.id
                            ),
                            Some(code.location.clone()),
                        )
                        .with_help("keep one authority per residence and regime".to_string()),
                    );
                } else {
                    claimed.push((&code.code, &authority.id));
                }
            }
        }
    }

    for authority in authorities {
        if authority.email.is_none()
            && authority.complaint_url.is_none()
            && authority.address.is_none()
        {
            diagnostics.push(Diagnostic::warning(
                format!(
                    "authority `{}` has no e-mail, complaint form or postal address",
                    authority.id
                ),
                Some(authority.location.clone()),
            ));
        }
    }
}

fn check_ranks(regimes: &[Regime], diagnostics: &mut Vec<Diagnostic>) {
    for (i, regime) in regimes.iter().enumerate() {
        if let Some(other) = regimes[..i].iter().find(|r| r.rank == regime.rank) {
            diagnostics.push(
                Diagnostic::warning(
                    format!(
                        "`{}` and `{}` have the same rank {}: their order is by id",
                        other.id, regime.id, regime.rank
                    ),
                    Some(regime.location.clone()),
                )
                .with_help("give each regime its own `rank`".to_string()),
            );
        }
    }
}

/// `text` in lower case without accents, for matching what people type: "Crédit Agricole" is
/// "credit agricole".
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let mut out = String::with_capacity(text.len());
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        for c in c.to_lowercase() {
            match c {
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'ø' => out.push('o'),
                'ł' => out.push('l'),
                'đ' => out.push('d'),
                _ => out.push(c),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_file_that_is_not_utf8_is_located_at_its_bad_byte() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.toml"),
            b"id = \"a\"\nname = \"Jos\xE9\"\n",
        )
        .unwrap();
        let mut diagnostics = Vec::new();
        assert!(read_toml_files(dir.path(), &mut diagnostics).is_empty());
        let location = diagnostics[0].location.as_ref().expect("a location");
        assert_eq!((location.line, location.column), (2, 12));
        assert!(location.path.ends_with("a.toml"));
    }
}
