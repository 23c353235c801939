//! Metric definitions and their rules (`rules/metrics.toml`), validated on load.

use std::collections::HashSet;
use std::path::Path;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

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
    pub rules: Vec<Rule>,
}

impl Metric {
    /// Whether the metric is looked for in reports of `kind`.
    pub fn applies_to(&self, kind: Option<&str>) -> bool {
        self.kinds.is_empty() || kind.is_some_and(|k| self.kinds.iter().any(|x| x == k))
    }
}

/// Where values are not achievements (plans, targets, start-of-period values).
#[derive(Debug, Clone)]
pub struct Context {
    pub window: usize,
    pub exclude_before: Vec<Regex>,
    /// Words (normalised, lower case: diacritics count) that, right before a
    /// value, mark it as a starting point or a change.
    pub exclude_right_before: Vec<String>,
    pub exclude_sections: Vec<String>,
}

/// All metrics, in file order.
#[derive(Debug, Clone)]
pub struct Metrics {
    pub context: Context,
    pub metrics: Vec<Metric>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    context: ContextDef,
    metric: Vec<MetricDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextDef {
    window: usize,
    #[serde(default)]
    exclude_before: Vec<Spanned<String>>,
    #[serde(default)]
    exclude_right_before: Vec<String>,
    #[serde(default)]
    exclude_sections: Vec<String>,
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
    rules: Vec<RuleDef>,
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
        let context = v.context(def.context)?;
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
            metrics.push(v.metric(m, &mut rule_ids)?);
        }
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
        Ok(Metrics { context, metrics })
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

    fn context(&self, c: ContextDef) -> Result<Context, RulesError> {
        let exclude_before = c
            .exclude_before
            .iter()
            .map(|p| self.plain(p, "exclude_before"))
            .collect::<Result<_, _>>()?;
        Ok(Context {
            window: c.window.clamp(10, 1000),
            exclude_before,
            exclude_right_before: c
                .exclude_right_before
                .iter()
                .map(|w| baocao_viet::normalize(w).to_lowercase())
                .collect(),
            exclude_sections: c.exclude_sections,
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

    fn metric(&self, m: MetricDef, rule_ids: &mut HashSet<String>) -> Result<Metric, RulesError> {
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
        if m.rules.is_empty() {
            return Err(self.at(&m.id, format!("metric `{id}` has no rules")));
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
exclude_before = ["phấn đấu"]

[[metric]]
id = "poor_households"
label = "Số hộ nghèo"
label_en = "Poor households"
unit = "households"
value = "count"
aggregate = "sum"
rules = [ { id = "a", pattern = "còn {count} hộ nghèo" } ]
"#;

    fn parse(src: &str) -> Result<Metrics, RulesError> {
        Metrics::parse(Path::new("metrics.toml"), src)
    }

    #[test]
    fn loads_a_small_file() {
        let m = parse(OK).unwrap();
        assert_eq!(m.metrics[0].rules[0].id, "a");
    }

    #[test]
    fn bad_placeholder_is_located() {
        let src = OK.replace("còn {count} hộ nghèo", "còn {cuont} hộ nghèo");
        let e = parse(&src).unwrap_err().to_string();
        assert!(e.starts_with("metrics.toml:13:"), "{e}");
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
        assert!(e.starts_with("metrics.toml:10:"), "{e}");
        let e = parse(&OK.replace("aggregate = \"sum\"", "aggregate = "))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("metrics.toml:12:"), "{e}");
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
