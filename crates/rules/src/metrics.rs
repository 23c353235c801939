//! Metric definitions and their rules (`rules/metrics.toml`), validated on load.

use std::collections::HashSet;
use std::path::Path;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::concepts::{Concept, Role};
use crate::error::RulesError;
use crate::pattern::{self, ValueKind, ValuePattern};

/// Units of measure a metric may have (spec: figures.csv `unit_of_measure`).
pub const UNITS_OF_MEASURE: &[&str] = &[
    "households",
    "vnd",
    "percent",
    "persons",
    "collectives",
    "individuals",
    "houses",
];

/// How a metric is aggregated across units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregate {
    /// Counts and money: the city total is the sum.
    Sum,
    /// Rates: never summed; min/median/max and, when a numerator is named, a weighted rate.
    Rate,
}

/// Plausible range of a metric's value (an `implausible_value` check outside it).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct Bounds {
    pub min: f64,
    pub max: f64,
}

/// For rates: the metrics whose ratio gives the weighted rate.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Weighting {
    pub numerator: String,
    #[serde(default)]
    pub denominator: Option<String>,
}

/// One rule: a pattern and optional vetoes.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub pattern: ValuePattern,
    /// The figure is dropped when the text right after the matched text matches.
    pub unless_after: Option<Regex>,
    /// The figure is dropped when the sentence before the value matches.
    pub unless_before: Option<Regex>,
}

/// A metric and its rules.
#[derive(Debug, Clone)]
pub struct Metric {
    pub id: String,
    pub label: String,
    pub label_en: String,
    pub unit: String,
    pub value: ValueKind,
    pub aggregate: Aggregate,
    pub weighted_by: Option<Weighting>,
    pub bounds: Option<Bounds>,
    /// Report kinds the metric applies to; empty means all.
    pub kinds: Vec<String>,
    /// Concepts (indices into `Metrics::concepts`) whose values the metric
    /// takes; the first is its own.
    pub concepts: Vec<usize>,
    /// Folded measure words of a count ("ho", "can nha", "ca nhan").
    pub measures: Vec<String>,
    /// Counted over the period (houses built, jobs, awards), not a level at
    /// its end (poor households, rates): one year's count is no figure.
    pub per_period: bool,
    /// Sentence patterns for the rare wording the concepts miss (optional).
    pub rules: Vec<Rule>,
}

impl Metric {
    /// Whether the metric is looked for in reports of `kind`.
    pub fn applies_to(&self, kind: Option<&str>) -> bool {
        self.kinds.is_empty() || kind.is_some_and(|k| self.kinds.iter().any(|x| x == k))
    }
}

/// Where values are not achievements (plans, targets, start-of-period
/// values, changes, averages), and the words of the value grammar.
#[derive(Debug, Clone)]
pub struct Context {
    pub window: usize,
    /// The year of the reports when a report's date is unknown: a yearly
    /// count of another year is no figure of the period.
    pub report_year: u32,
    /// Cues that make a value a plan, a start, unfinished work, a smaller
    /// place's (`[[cue]]`).
    pub cues: Vec<CueGroup>,
    /// Words (normalised, lower case: diacritics count) that, right before a
    /// value, mark it as a starting point, a change or an average.
    pub exclude_right_before: Vec<String>,
    /// Matched on the words right after a value, up to the next comma.
    pub exclude_right_after: Vec<Regex>,
    /// Matched on a value's own phrase before it (rates per unit).
    pub exclude_phrase_before: Vec<Regex>,
    /// Folded measure words that no metric counts.
    pub other_measures: Vec<String>,
    pub exclude_sections: Vec<String>,
    /// Folded words that only link a value to the figure next to it.
    pub linkers: Vec<String>,
    /// Words that open a list of parts of the figure before them.
    pub part_openers: Vec<Regex>,
    /// Folded words between a value and the former unit it belongs to.
    pub part_value_first: Vec<String>,
    /// Folded words right before a count that make it who an activity was
    /// for ("cho 120 hộ nghèo"), never the level of a state.
    pub beneficiary_before: Vec<String>,
    /// Table column headings whose values are not results (plans, starting
    /// points, comparisons): matched anywhere in the heading, with its
    /// diacritics ("tặng" is not "tăng").
    pub not_result_columns: Vec<Regex>,
    /// Table column headings of a count at the end of the period ("Cuối
    /// kỳ"): under a caption naming a state ("Biến động hộ nghèo"), such a
    /// column counts that state. Matched like `not_result_columns`.
    pub end_of_period_columns: Vec<Regex>,
    /// Table column headings of what was achieved ("Thực hiện 6 tháng"):
    /// their values are said as results ("kết quả 238 lao động"), whatever
    /// the caption calls the rows ("Một số chỉ tiêu …").
    pub result_columns: Vec<Regex>,
}

/// Where a cue is looked for, back from the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CueScope {
    /// The sentence (plans: "Mục tiêu …: a; b; c").
    Sentence,
    /// The clause (up to ";").
    Clause,
    /// The phrase (up to "," — a parenthesis does not end it).
    Phrase,
}

/// One `[[cue]]`: words before a value that make it no result, unless a
/// `reset` stands between them and the value.
#[derive(Debug, Clone)]
pub struct CueGroup {
    pub id: String,
    pub scope: CueScope,
    pub before: Vec<Regex>,
    pub reset: Vec<Regex>,
    /// Whether the cue applies to the parts of a breakdown too.
    pub parts: bool,
}

/// All concepts and metrics, in file order.
#[derive(Debug, Clone)]
pub struct Metrics {
    pub context: Context,
    pub concepts: Vec<Concept>,
    pub metrics: Vec<Metric>,
    /// Every measure word as (folded, written in lower case): "căn" is a
    /// measure, "cần" is not.
    pub measure_words: Vec<(String, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    context: ContextDef,
    #[serde(default)]
    cue: Vec<CueDef>,
    #[serde(default)]
    concept: Vec<ConceptDef>,
    metric: Vec<MetricDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CueDef {
    id: Spanned<String>,
    scope: CueScope,
    before: Vec<Spanned<String>>,
    #[serde(default)]
    reset: Vec<Spanned<String>>,
    #[serde(default = "yes")]
    parts: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextDef {
    window: usize,
    report_year: u32,
    #[serde(default)]
    exclude_right_before: Vec<String>,
    #[serde(default)]
    exclude_right_after: Vec<Spanned<String>>,
    #[serde(default)]
    exclude_phrase_before: Vec<Spanned<String>>,
    #[serde(default)]
    other_measures: Vec<String>,
    #[serde(default)]
    exclude_sections: Vec<String>,
    #[serde(default)]
    linkers: Vec<String>,
    #[serde(default)]
    part_openers: Vec<Spanned<String>>,
    #[serde(default)]
    part_value_first: Vec<String>,
    #[serde(default)]
    beneficiary_before: Vec<String>,
    #[serde(default)]
    not_result_columns: Vec<Spanned<String>>,
    #[serde(default)]
    end_of_period_columns: Vec<Spanned<String>>,
    #[serde(default)]
    result_columns: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptDef {
    id: Spanned<String>,
    #[serde(default = "default_role")]
    role: Role,
    #[serde(default)]
    words: Vec<Spanned<String>>,
    #[serde(default)]
    exact_words: Vec<Spanned<String>>,
    #[serde(default)]
    weak: bool,
    #[serde(default)]
    family: Vec<Spanned<String>>,
    #[serde(default)]
    captures: Option<Vec<ValueKind>>,
    #[serde(default)]
    not_followed_by: Vec<String>,
    #[serde(default)]
    frame: Vec<Spanned<String>>,
}

fn default_role() -> Role {
    Role::Activity
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricDef {
    id: Spanned<String>,
    label: String,
    label_en: String,
    unit: Spanned<String>,
    value: ValueKind,
    aggregate: Aggregate,
    #[serde(default)]
    weighted_by: Option<Spanned<Weighting>>,
    #[serde(default)]
    bounds: Option<Bounds>,
    #[serde(default)]
    kinds: Vec<String>,
    #[serde(default)]
    concepts: Vec<Spanned<String>>,
    #[serde(default)]
    measures: Vec<String>,
    #[serde(default)]
    per_period: bool,
    #[serde(default)]
    rules: Vec<RuleDef>,
}

/// (folded, written) forms of measure words.
fn measure_pairs<'a>(words: impl Iterator<Item = &'a String>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = words
        .map(|w| {
            let written = baocao_viet::normalize(w.trim()).to_lowercase();
            let folded = baocao_viet::fold::fold(&written);
            (folded, written)
        })
        .filter(|(f, _)| !f.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: Spanned<String>,
    pattern: Spanned<String>,
    #[serde(default)]
    unless_after: Option<Spanned<String>>,
    #[serde(default)]
    unless_before: Option<Spanned<String>>,
}

impl Metrics {
    /// Load `metrics.toml`.
    pub fn load(path: &Path) -> Result<Metrics, RulesError> {
        let src = crate::read_file(path)?;
        Self::parse(path, &src)
    }

    /// Parse and validate the contents of a metrics file.
    pub fn parse(path: &Path, src: &str) -> Result<Metrics, RulesError> {
        let def: FileDef = toml::from_str(src).map_err(|e| RulesError::from_toml(path, src, e))?;
        let v = Validator { path, src };
        let context = v.context(&def.context, &def.cue)?;
        let mut concepts = v.concepts(&def.concept)?;
        let measure_words = measure_pairs(
            def.metric
                .iter()
                .flat_map(|m| m.measures.iter())
                .chain(def.context.other_measures.iter()),
        );
        let mut ids = HashSet::new();
        let mut rule_ids = HashSet::new();
        let mut metrics = Vec::new();
        for m in def.metric {
            if !ids.insert(m.id.get_ref().clone()) {
                return Err(v.at(
                    &m.id,
                    format!("metric id `{}` is defined twice", m.id.get_ref()),
                ));
            }
            metrics.push(v.metric(m, &concepts, &mut rule_ids)?);
        }
        link_concepts(&mut concepts, &metrics, &def.concept);
        for m in &metrics {
            if let Some(w) = &m.weighted_by {
                for name in std::iter::once(&w.numerator).chain(w.denominator.as_ref()) {
                    if !ids.contains(name) {
                        return Err(RulesError::invalid(
                            path,
                            src,
                            0,
                            format!(
                                "metric `{}`: weighted_by names unknown metric `{name}`",
                                m.id
                            ),
                        ));
                    }
                }
            }
        }
        Ok(Metrics {
            context,
            concepts,
            metrics,
            measure_words,
        })
    }

    /// The metric with id `id`.
    pub fn get(&self, id: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.id == id)
    }
}

struct Validator<'a> {
    path: &'a Path,
    src: &'a str,
}

impl Validator<'_> {
    fn at<T>(&self, s: &Spanned<T>, message: String) -> RulesError {
        RulesError::invalid(self.path, self.src, s.span().start, message)
    }

    fn context(&self, c: &ContextDef, cues: &[CueDef]) -> Result<Context, RulesError> {
        let list = |ps: &[Spanned<String>], what: &str| -> Result<Vec<Regex>, RulesError> {
            ps.iter().map(|p| self.words(p, what)).collect()
        };
        let mut groups = Vec::new();
        for d in cues {
            let id = d.id.get_ref();
            if groups.iter().any(|g: &CueGroup| &g.id == id) {
                return Err(self.at(&d.id, format!("cue id `{id}` is defined twice")));
            }
            groups.push(CueGroup {
                id: id.clone(),
                scope: d.scope,
                before: list(&d.before, &format!("cue `{id}`"))?,
                reset: list(&d.reset, &format!("cue `{id}` reset"))?,
                parts: d.parts,
            });
        }
        Ok(Context {
            window: c.window.clamp(10, 1000),
            report_year: c.report_year,
            cues: groups,
            exclude_right_before: c
                .exclude_right_before
                .iter()
                .map(|w| baocao_viet::normalize(w).to_lowercase())
                .collect(),
            exclude_right_after: list(&c.exclude_right_after, "exclude_right_after")?,
            exclude_phrase_before: c
                .exclude_phrase_before
                .iter()
                .map(|p| self.written(p, "exclude_phrase_before"))
                .collect::<Result<_, _>>()?,
            other_measures: folded_words(&c.other_measures),
            exclude_sections: c.exclude_sections.clone(),
            linkers: folded_words(&c.linkers),
            part_openers: list(&c.part_openers, "part_openers")?,
            part_value_first: folded_words(&c.part_value_first),
            beneficiary_before: folded_words(&c.beneficiary_before),
            not_result_columns: c
                .not_result_columns
                .iter()
                .map(|p| self.written(p, "not_result_columns"))
                .collect::<Result<_, _>>()?,
            end_of_period_columns: c
                .end_of_period_columns
                .iter()
                .map(|p| self.written(p, "end_of_period_columns"))
                .collect::<Result<_, _>>()?,
            result_columns: c
                .result_columns
                .iter()
                .map(|p| self.written(p, "result_columns"))
                .collect::<Result<_, _>>()?,
        })
    }

    fn concepts(&self, defs: &[ConceptDef]) -> Result<Vec<Concept>, RulesError> {
        let mut ids: Vec<&str> = Vec::new();
        for d in defs {
            if ids.contains(&d.id.get_ref().as_str()) {
                return Err(self.at(
                    &d.id,
                    format!("concept id `{}` is defined twice", d.id.get_ref()),
                ));
            }
            ids.push(d.id.get_ref());
        }
        let mut out = Vec::new();
        for d in defs {
            let id = d.id.get_ref();
            if d.words.is_empty() && d.exact_words.is_empty() {
                return Err(self.at(&d.id, format!("concept `{id}` has no words")));
            }
            let words = d
                .words
                .iter()
                .map(|w| self.plain(w, &format!("concept `{id}`")))
                .collect::<Result<_, _>>()?;
            let exact = d
                .exact_words
                .iter()
                .map(|w| {
                    pattern::compile_exact(w.get_ref()).map_err(|e| {
                        self.at(
                            w,
                            format!(
                                "concept `{id}`: {}{}",
                                e.message,
                                near(w.get_ref(), e.offset)
                            ),
                        )
                    })
                })
                .collect::<Result<_, _>>()?;
            let mut family = Vec::new();
            for f in &d.family {
                match ids.iter().position(|i| i == f.get_ref()) {
                    Some(i) => family.push(i),
                    None => {
                        return Err(self.at(
                            f,
                            format!(
                                "concept `{id}`: family names unknown concept `{}`",
                                f.get_ref()
                            ),
                        ))
                    }
                }
            }
            if d.weak && family.is_empty() {
                return Err(self.at(&d.id, format!("weak concept `{id}` needs a family")));
            }
            out.push(Concept {
                id: id.clone(),
                role: d.role,
                words,
                exact,
                weak: d.weak,
                family,
                not_followed_by: folded_words(&d.not_followed_by),
                frame: d
                    .frame
                    .iter()
                    .map(|w| self.words(w, &format!("concept `{id}` frame")))
                    .collect::<Result<_, _>>()?,
                captures: d.captures.clone().unwrap_or_default(),
                metrics: Vec::new(),
            });
        }
        Ok(out)
    }

    /// A cue: whole words only ("hiện" is not the end of "thực hiện").
    fn words(&self, p: &Spanned<String>, what: &str) -> Result<Regex, RulesError> {
        pattern::compile_words(p.get_ref()).map_err(|e| {
            self.at(
                p,
                format!("{what}: {}{}", e.message, near(p.get_ref(), e.offset)),
            )
        })
    }

    fn written(&self, p: &Spanned<String>, what: &str) -> Result<Regex, RulesError> {
        pattern::compile_written(p.get_ref()).map_err(|e| {
            self.at(
                p,
                format!("{what}: {}{}", e.message, near(p.get_ref(), e.offset)),
            )
        })
    }

    fn plain(&self, p: &Spanned<String>, what: &str) -> Result<Regex, RulesError> {
        pattern::compile_plain(p.get_ref()).map_err(|e| {
            self.at(
                p,
                format!("{what}: {}{}", e.message, near(p.get_ref(), e.offset)),
            )
        })
    }

    fn metric(
        &self,
        m: MetricDef,
        concepts: &[Concept],
        rule_ids: &mut HashSet<String>,
    ) -> Result<Metric, RulesError> {
        let id = m.id.get_ref().clone();
        if !UNITS_OF_MEASURE.contains(&m.unit.get_ref().as_str()) {
            return Err(self.at(
                &m.unit,
                format!(
                    "metric `{id}`: unknown unit `{}` (known: {})",
                    m.unit.get_ref(),
                    UNITS_OF_MEASURE.join(", ")
                ),
            ));
        }
        if m.rules.is_empty() && m.concepts.is_empty() {
            return Err(self.at(
                &m.id,
                format!("metric `{id}` names no concept (and has no rules)"),
            ));
        }
        let mut concept_ids = Vec::new();
        for c in &m.concepts {
            match concepts.iter().position(|x| &x.id == c.get_ref()) {
                Some(i) => concept_ids.push(i),
                None => {
                    return Err(self.at(
                        c,
                        format!("metric `{id}`: unknown concept `{}`", c.get_ref()),
                    ))
                }
            }
        }
        if m.value == ValueKind::Count && !m.concepts.is_empty() && m.measures.is_empty() {
            return Err(self.at(
                &m.id,
                format!("metric `{id}` counts something: give its `measures` (e.g. [\"hộ\"])"),
            ));
        }
        if m.aggregate == Aggregate::Sum && m.value == ValueKind::Percent {
            return Err(self.at(&m.id, format!("metric `{id}`: a percentage cannot be aggregated by sum; use aggregate = \"rate\"")));
        }
        let mut rules = Vec::new();
        for r in m.rules {
            if !rule_ids.insert(r.id.get_ref().clone()) {
                return Err(self.at(&r.id, format!("rule id `{}` is used twice", r.id.get_ref())));
            }
            rules.push(self.rule(&id, m.value, r)?);
        }
        Ok(Metric {
            id,
            label: m.label,
            label_en: m.label_en,
            unit: m.unit.into_inner(),
            value: m.value,
            aggregate: m.aggregate,
            weighted_by: m.weighted_by.map(Spanned::into_inner),
            bounds: m.bounds,
            kinds: m.kinds,
            concepts: concept_ids,
            measures: folded_words(&m.measures),
            per_period: m.per_period,
            rules,
        })
    }

    fn rule(&self, metric: &str, kind: ValueKind, r: RuleDef) -> Result<Rule, RulesError> {
        let rid = r.id.get_ref().clone();
        let pattern = pattern::compile_value(r.pattern.get_ref()).map_err(|e| {
            self.at(
                &r.pattern,
                format!(
                    "rule `{rid}`: {}{}",
                    e.message,
                    near(r.pattern.get_ref(), e.offset)
                ),
            )
        })?;
        if pattern.kind != kind {
            return Err(self.at(&r.pattern, format!("rule `{rid}`: metric `{metric}` takes {kind:?} values but the pattern captures {:?}", pattern.kind)));
        }
        let unless_after = r
            .unless_after
            .as_ref()
            .map(|p| self.plain(p, &format!("rule `{rid}` unless_after")))
            .transpose()?;
        let unless_before = r
            .unless_before
            .as_ref()
            .map(|p| self.plain(p, &format!("rule `{rid}` unless_before")))
            .transpose()?;
        Ok(Rule {
            id: rid,
            pattern,
            unless_after,
            unless_before,
        })
    }
}

/// Tell each concept which metrics take its values and which value types it
/// captures (its metrics' types unless the file says otherwise; every type
/// for a concept no metric takes).
fn link_concepts(concepts: &mut [Concept], metrics: &[Metric], defs: &[ConceptDef]) {
    for (mi, m) in metrics.iter().enumerate() {
        for &c in &m.concepts {
            concepts[c].metrics.push(mi);
        }
    }
    let families: Vec<Vec<usize>> = concepts.iter().map(|c| c.family.clone()).collect();
    for (ci, c) in concepts.iter_mut().enumerate() {
        if defs[ci].captures.is_some() {
            continue;
        }
        let mut kinds: Vec<ValueKind> = c.metrics.iter().map(|&m| metrics[m].value).collect();
        for &f in &families[ci] {
            kinds.extend(defs[f].captures.clone().unwrap_or_default());
            for m in metrics.iter().filter(|m| m.concepts.contains(&f)) {
                kinds.push(m.value);
            }
        }
        if kinds.is_empty() {
            kinds = vec![ValueKind::Count, ValueKind::Money, ValueKind::Percent];
        }
        kinds.sort_by_key(|k| *k as u8);
        kinds.dedup();
        c.captures = kinds;
    }
}

/// Folded, single-spaced words.
fn folded_words(words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = words
        .iter()
        .map(|w| {
            baocao_viet::fold::fold(w)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|w| !w.is_empty())
        .collect();
    out.sort_by_key(|w| std::cmp::Reverse(w.len()));
    out.dedup();
    out
}

/// " near «…»" quoting the pattern from `offset` (a folded-text offset, so approximate).
fn near(pattern: &str, offset: usize) -> String {
    let folded = baocao_viet::fold::fold(pattern);
    let mut start = offset.min(folded.len());
    while !folded.is_char_boundary(start) {
        start -= 1;
    }
    let frag: String = folded[start..].chars().take(24).collect();
    if frag.is_empty() {
        String::new()
    } else {
        format!(" near «{frag}»")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"
[context]
window = 100
report_year = 2025

[[cue]]
id = "plan"
scope = "sentence"
before = ["phấn đấu"]

[[concept]]
id = "poor"
role = "state"
words = ["hộ nghèo"]

[[concept]]
id = "funds"
exact_words = ["quỹ"]

[[metric]]
id = "poor_households"
label = "Số hộ nghèo"
label_en = "Poor households"
unit = "households"
value = "count"
aggregate = "sum"
concepts = ["poor"]
measures = ["hộ"]
rules = [ { id = "a", pattern = "còn {count} hộ nghèo" } ]
"#;

    fn parse(src: &str) -> Result<Metrics, RulesError> {
        Metrics::parse(Path::new("metrics.toml"), src)
    }

    #[test]
    fn loads_a_small_file() {
        let m = parse(OK).unwrap();
        assert_eq!(m.metrics[0].rules[0].id, "a");
        assert_eq!(m.metrics[0].measures, vec!["ho".to_string()]);
        let poor = &m.concepts[m.metrics[0].concepts[0]];
        assert_eq!(poor.id, "poor");
        assert_eq!(poor.captures, vec![ValueKind::Count]);
        assert_eq!(poor.metrics, vec![0]);
        let funds = &m.concepts[1];
        assert_eq!(
            funds.captures.len(),
            3,
            "a concept without metrics takes every type"
        );
        assert_eq!(m.measure_words, vec![("ho".to_string(), "hộ".to_string())]);
    }

    #[test]
    fn bad_placeholder_is_located() {
        let src = OK.replace("còn {count} hộ nghèo", "còn {cuont} hộ nghèo");
        let e = parse(&src).unwrap_err().to_string();
        assert!(e.starts_with("metrics.toml:29:"), "{e}");
        assert!(e.contains("rule `a`"), "{e}");
    }

    #[test]
    fn wrong_value_kind_is_refused() {
        let e = parse(&OK.replace("{count}", "{money}"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("takes Count values"), "{e}");
    }

    #[test]
    fn unknown_unit_and_syntax_errors_are_located() {
        let e = parse(&OK.replace("\"households\"", "\"hộ\""))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("metrics.toml:24:"), "{e}");
        let e = parse(&OK.replace("aggregate = \"sum\"", "aggregate = "))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("metrics.toml:26:"), "{e}");
    }

    #[test]
    fn concept_errors_are_located() {
        let e = parse(&OK.replace("concepts = [\"poor\"]", "concepts = [\"pour\"]"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("metrics.toml:27:"), "{e}");
        assert!(e.contains("unknown concept `pour`"), "{e}");
        let e = parse(&OK.replace("words = [\"hộ nghèo\"]", "words = [\"hộ (nghèo\"]"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("metrics.toml:14:"), "{e}");
        assert!(e.contains("concept `poor`"), "{e}");
        let e = parse(&OK.replace("measures = [\"hộ\"]\n", ""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("give its `measures`"), "{e}");
        let e = parse(&OK.replace("[[concept]]\nid = \"funds\"", "[[concept]]\nid = \"poor\""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("concept id `poor` is defined twice"), "{e}");
    }

    #[test]
    fn the_shipped_rules_load() {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../rules/metrics.toml"
        ));
        let m = Metrics::load(path).unwrap();
        assert_eq!(m.metrics.len(), 17);
    }
}
