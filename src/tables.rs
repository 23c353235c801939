//! Tables across units, aggregated with polars from the per-file reports
//! and handed on as typed rows (for the sinks and the report).
//!
//! Only documents that count ([`DocReport::counts`]: status `ok`, unit
//! known, not superseded) and only plausible values (within their metric's
//! bounds; an `implausible_value` stays in figures.csv, flagged) are used.
//! A unit's value of a metric is [`DocReport::unit_value`]. From them:
//!
//! * `units` — one row per (unit, report kind) with a report, one column per
//!   metric id holding the unit's value (subunit figures are left out);
//! * `subunits` — the breakdown rows: unit, kind, subunit, metric, value;
//! * `totals` — per kind and metric, the aggregation the rules declare: `sum`
//!   for counts and money; for rates never a sum but `min`, `median`, `max`
//!   and, when the rules name a numerator, `weighted` (see [`weighted`]);
//!   with `units_reporting` and `units_missing` against the registry;
//! * `completeness` — (unit, kind) × section present.

use std::fmt;

use baocao_rules::metrics::Aggregate;
use baocao_rules::sections::SectionStatus;
use baocao_rules::Rules;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::DocReport;

/// The tables of one batch.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    /// The metric ids, in rules order: the value columns of `units`.
    pub metrics: Vec<String>,
    pub units: Vec<UnitValues>,
    pub subunits: Vec<SubunitValue>,
    pub totals: Vec<Total>,
    /// The section ids of the counted kinds: the columns of `completeness`.
    pub sections: Vec<String>,
    pub completeness: Vec<Completeness>,
    /// Report kinds with at least one counted report, sorted.
    pub kinds: Vec<String>,
}

/// A row of units.csv: a unit's values of every metric (parallel to
/// [`Tables::metrics`]) in its report of one kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitValues {
    pub unit: String,
    pub kind: String,
    pub values: Vec<Option<f64>>,
}

/// A row of subunits.csv: a former unit's value of a metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubunitValue {
    pub unit: String,
    pub kind: String,
    pub subunit: String,
    pub metric: String,
    pub value: Option<f64>,
    pub unit_of_measure: String,
}

/// A statistic of totals.csv.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Statistic {
    Sum,
    Min,
    Median,
    Max,
    Weighted,
}

impl Statistic {
    pub const ALL: [Statistic; 5] = [
        Statistic::Sum,
        Statistic::Min,
        Statistic::Median,
        Statistic::Max,
        Statistic::Weighted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Statistic::Sum => "sum",
            Statistic::Min => "min",
            Statistic::Median => "median",
            Statistic::Max => "max",
            Statistic::Weighted => "weighted",
        }
    }

    fn parse(s: &str) -> Option<Statistic> {
        Statistic::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

impl fmt::Display for Statistic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A row of totals.csv: one statistic of a metric across the units of a kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Total {
    pub metric: String,
    pub aggregate: Statistic,
    pub value: Option<f64>,
    pub units_reporting: i64,
    pub units_missing: i64,
    pub kind: String,
    pub label: String,
    pub label_en: String,
    pub unit_of_measure: String,
}

/// A row of completeness.csv: which sections (parallel to
/// [`Tables::sections`]) a unit's report of one kind has; `None` where the
/// kind has no such section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Completeness {
    pub unit: String,
    pub kind: String,
    pub present: Vec<Option<bool>>,
}

/// Build every table.
pub fn build(rules: &Rules, docs: &[DocReport]) -> PolarsResult<Tables> {
    let metrics: Vec<String> = rules.metrics.metrics.iter().map(|m| m.id.clone()).collect();
    let reports = counted_documents(docs)?.lazy();
    let kinds = kinds_of(reports.clone())?;
    let whole = unit_values(docs, &metrics)?.lazy();
    let registry = registry_frame(rules)?.lazy();
    let sections = section_ids(rules, &kinds);
    Ok(Tables {
        units: units(reports.clone(), whole.clone(), registry.clone(), &metrics)?,
        subunits: subunits(subunit_figures(docs)?.lazy(), registry.clone())?,
        totals: totals(rules, &kinds, whole)?,
        completeness: completeness(docs, &sections, reports, registry)?,
        sections,
        metrics,
        kinds,
    })
}

/// The documents that count: file, unit, kind.
fn counted_documents(docs: &[DocReport]) -> PolarsResult<DataFrame> {
    let counted: Vec<&DocReport> = docs.iter().filter(|d| d.counts()).collect();
    DataFrame::new(vec![
        Column::new("file".into(), strings(&counted, |d| &d.file)),
        Column::new("unit".into(), strings(&counted, |d| &d.unit)),
        Column::new("kind".into(), strings(&counted, |d| &d.kind)),
    ])
}

fn strings<'a>(docs: &[&'a DocReport], f: impl Fn(&'a DocReport) -> &'a String) -> Vec<&'a str> {
    docs.iter().map(|d| f(d).as_str()).collect()
}

/// Each counted document's value of each metric it states (kind, unit,
/// metric, value), in the order the metrics first appear in it; when a unit
/// has several counted reports of a kind, the first one's value.
fn unit_values(docs: &[DocReport], metrics: &[String]) -> PolarsResult<DataFrame> {
    let (mut kind, mut unit, mut metric, mut value) = (vec![], vec![], vec![], vec![]);
    for d in docs.iter().filter(|d| d.counts()) {
        let mut stated: Vec<&str> = Vec::new();
        for f in d
            .figures
            .iter()
            .filter(|f| f.is_whole_unit() && f.plausible)
        {
            let id = f.figure.metric.as_str();
            if stated.contains(&id) || !metrics.iter().any(|m| m == id) {
                continue;
            }
            stated.push(id);
            kind.push(d.kind.as_str());
            unit.push(d.unit.as_str());
            metric.push(id);
            value.push(d.unit_value(id));
        }
    }
    let df = DataFrame::new(vec![
        Column::new("kind".into(), kind),
        Column::new("unit".into(), unit),
        Column::new("metric".into(), metric),
        Column::new("value".into(), value),
    ])?;
    df.lazy()
        .group_by_stable([col("kind"), col("unit"), col("metric")])
        .agg([col("value").first()])
        .collect()
}

/// Plausible subunit figures of counted documents: unit, kind, subunit,
/// metric, value, unit_of_measure.
fn subunit_figures(docs: &[DocReport]) -> PolarsResult<DataFrame> {
    let rows: Vec<(&DocReport, &baocao_rules::Figure)> = docs
        .iter()
        .filter(|d| d.counts())
        .flat_map(|d| {
            d.figures
                .iter()
                .filter(|f| !f.is_whole_unit() && f.plausible)
                .map(move |f| (d, &f.figure))
        })
        .collect();
    let text = |name: &str, f: &dyn Fn(&(&DocReport, &baocao_rules::Figure)) -> String| {
        Column::new(name.into(), rows.iter().map(f).collect::<Vec<String>>())
    };
    DataFrame::new(vec![
        text("unit", &|(d, _)| d.unit.clone()),
        text("kind", &|(d, _)| d.kind.clone()),
        text("subunit", &|(_, f)| f.subunit.clone()),
        text("metric", &|(_, f)| f.metric.clone()),
        Column::new(
            "value".into(),
            rows.iter().map(|(_, f)| f.value).collect::<Vec<f64>>(),
        ),
        text("unit_of_measure", &|(_, f)| f.unit_of_measure.clone()),
    ])
}

/// Registry units with their position (rows are ordered like the registry).
fn registry_frame(rules: &Rules) -> PolarsResult<DataFrame> {
    let names: Vec<&str> = rules.units.units.iter().map(|u| u.name.as_str()).collect();
    let order: Vec<u32> = (0..names.len() as u32).collect();
    DataFrame::new(vec![
        Column::new("unit".into(), names),
        Column::new("unit_order".into(), order),
    ])
}

/// Kinds of the counted reports, sorted.
fn kinds_of(reports: LazyFrame) -> PolarsResult<Vec<String>> {
    let df = reports
        .select([col("kind")])
        .unique(None, UniqueKeepStrategy::First)
        .sort(["kind"], SortMultipleOptions::default())
        .collect()?;
    Ok(df
        .column("kind")?
        .str()?
        .into_iter()
        .flatten()
        .map(str::to_string)
        .collect())
}

/// Long → wide: one column per name in `names`, holding the first `value`
/// of the rows whose `name` column equals it (null when there is none).
fn spread(lf: LazyFrame, keys: &[&str], name: &str, value: &str, names: &[String]) -> LazyFrame {
    let by: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
    let columns: Vec<Expr> = names
        .iter()
        .map(|n| {
            col(value)
                .filter(col(name).eq(lit(n.as_str())))
                .first()
                .alias(n.as_str())
        })
        .collect();
    lf.group_by_stable(by).agg(columns)
}

/// units: unit, kind, then the value of every metric.
fn units(
    reports: LazyFrame,
    whole: LazyFrame,
    registry: LazyFrame,
    metric_ids: &[String],
) -> PolarsResult<Vec<UnitValues>> {
    let wide = spread(whole, &["kind", "unit"], "metric", "value", metric_ids);
    let mut select = vec![col("unit"), col("kind")];
    select.extend(metric_ids.iter().map(|m| col(m.as_str())));
    let df = reports
        .select([col("kind"), col("unit")])
        .unique_stable(None, UniqueKeepStrategy::First)
        .join(
            wide,
            [col("kind"), col("unit")],
            [col("kind"), col("unit")],
            JoinArgs::new(JoinType::Left),
        )
        .left_join(registry, col("unit"), col("unit"))
        .sort(["kind", "unit_order"], SortMultipleOptions::default())
        .select(select)
        .collect()?;
    let values = transpose(
        metric_ids
            .iter()
            .map(|m| floats(&df, m))
            .collect::<PolarsResult<_>>()?,
        df.height(),
    );
    Ok(texts(&df, "unit")?
        .into_iter()
        .zip(texts(&df, "kind")?)
        .zip(values)
        .map(|((unit, kind), values)| UnitValues { unit, kind, values })
        .collect())
}

/// subunits: unit, kind, subunit, metric, value, unit_of_measure.
fn subunits(figures: LazyFrame, registry: LazyFrame) -> PolarsResult<Vec<SubunitValue>> {
    let df = figures
        .group_by_stable([col("kind"), col("unit"), col("subunit"), col("metric")])
        .agg([col("value").first(), col("unit_of_measure").first()])
        .left_join(registry, col("unit"), col("unit"))
        .sort(
            ["kind", "unit_order"],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .select([
            col("unit"),
            col("kind"),
            col("subunit"),
            col("metric"),
            col("value"),
            col("unit_of_measure"),
        ])
        .collect()?;
    let (units, kinds, subunits) = (
        texts(&df, "unit")?,
        texts(&df, "kind")?,
        texts(&df, "subunit")?,
    );
    let (metrics, values, uoms) = (
        texts(&df, "metric")?,
        floats(&df, "value")?,
        texts(&df, "unit_of_measure")?,
    );
    Ok((0..df.height())
        .map(|i| SubunitValue {
            unit: units[i].clone(),
            kind: kinds[i].clone(),
            subunit: subunits[i].clone(),
            metric: metrics[i].clone(),
            value: values[i],
            unit_of_measure: uoms[i].clone(),
        })
        .collect())
}

/// A text column (nulls as empty strings).
fn texts(df: &DataFrame, name: &str) -> PolarsResult<Vec<String>> {
    Ok(df
        .column(name)?
        .str()?
        .into_iter()
        .map(|v| v.unwrap_or_default().to_string())
        .collect())
}

/// A numeric column as f64.
fn floats(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<f64>>> {
    Ok(df
        .column(name)?
        .cast(&DataType::Float64)?
        .f64()?
        .into_iter()
        .collect())
}

/// An integer column (nulls as 0).
fn ints(df: &DataFrame, name: &str) -> PolarsResult<Vec<i64>> {
    Ok(df
        .column(name)?
        .cast(&DataType::Int64)?
        .i64()?
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect())
}

/// A boolean column.
fn flags(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<bool>>> {
    Ok(df.column(name)?.bool()?.into_iter().collect())
}

/// Columns → rows.
fn transpose<T: Copy>(columns: Vec<Vec<T>>, height: usize) -> Vec<Vec<T>> {
    (0..height)
        .map(|i| columns.iter().map(|c| c[i]).collect())
        .collect()
}

/// The rows totals.csv must have: per kind, per metric that applies to it,
/// one per statistic, in rules order.
fn catalog(rules: &Rules, kinds: &[String]) -> PolarsResult<DataFrame> {
    let mut cols: [Vec<String>; 6] = Default::default();
    for kind in kinds {
        for m in rules.metrics.metrics.iter() {
            if !m.applies_to(Some(kind.as_str())) {
                continue;
            }
            for stat in statistics(m) {
                let row = [kind, &m.id, &m.label, &m.label_en, &m.unit, stat.as_str()];
                for (c, v) in cols.iter_mut().zip(row) {
                    c.push(v.to_string());
                }
            }
        }
    }
    let order: Vec<u32> = (0..cols[0].len() as u32).collect();
    let names = [
        "kind",
        "metric",
        "label",
        "label_en",
        "unit_of_measure",
        "aggregate",
    ];
    let mut columns: Vec<Column> = names
        .iter()
        .zip(cols)
        .map(|(n, v)| Column::new((*n).into(), v))
        .collect();
    columns.push(Column::new("order".into(), order));
    DataFrame::new(columns)
}

/// The statistics reported for a metric.
pub fn statistics(m: &baocao_rules::metrics::Metric) -> Vec<Statistic> {
    use Statistic::*;
    match m.aggregate {
        Aggregate::Sum => vec![Sum],
        Aggregate::Rate if m.weighted_by.is_some() => vec![Min, Median, Max, Weighted],
        Aggregate::Rate => vec![Min, Median, Max],
    }
}

/// totals: metric, aggregate, value, units_reporting, units_missing, kind,
/// label, label_en, unit_of_measure.
fn totals(rules: &Rules, kinds: &[String], whole: LazyFrame) -> PolarsResult<Vec<Total>> {
    let registry_len = rules.units.units.len() as i64;
    let plain = whole
        .clone()
        .group_by_stable([col("kind"), col("metric")])
        .agg([
            col("value").sum().alias("sum"),
            col("value").min().alias("min"),
            col("value").median().alias("median"),
            col("value").max().alias("max"),
            col("unit").n_unique().alias("units_reporting"),
        ]);
    let pick = |stat: &str| {
        plain.clone().select([
            col("kind"),
            col("metric"),
            lit(stat).alias("aggregate"),
            col(stat).alias("value"),
            col("units_reporting").cast(DataType::Int64),
        ])
    };
    let mut parts = vec![pick("sum"), pick("min"), pick("median"), pick("max")];
    if let Some(w) = weighted(rules, whole)? {
        parts.push(w);
    }
    let stats = concat(parts, UnionArgs::default())?;
    let keys = || [col("kind"), col("metric"), col("aggregate")];
    let df = catalog(rules, kinds)?
        .lazy()
        .join(stats, keys(), keys(), JoinArgs::new(JoinType::Left))
        .sort(["order"], SortMultipleOptions::default())
        .select([
            col("metric"),
            col("aggregate"),
            col("value"),
            col("units_reporting").fill_null(lit(0i64)),
            (lit(registry_len) - col("units_reporting").fill_null(lit(0i64)))
                .alias("units_missing"),
            col("kind"),
            col("label"),
            col("label_en"),
            col("unit_of_measure"),
        ])
        .collect()?;
    let [metric, aggregate, kind, label, label_en, uom] = [
        "metric",
        "aggregate",
        "kind",
        "label",
        "label_en",
        "unit_of_measure",
    ]
    .map(|c| texts(&df, c));
    let (metric, aggregate, kind) = (metric?, aggregate?, kind?);
    let (label, label_en, uom) = (label?, label_en?, uom?);
    let values = floats(&df, "value")?;
    let (reporting, missing) = (ints(&df, "units_reporting")?, ints(&df, "units_missing")?);
    (0..df.height())
        .map(|i| {
            Ok(Total {
                metric: metric[i].clone(),
                aggregate: Statistic::parse(&aggregate[i]).ok_or_else(
                    || polars_err!(ComputeError: "unknown statistic `{}`", aggregate[i]),
                )?,
                value: values[i],
                units_reporting: reporting[i],
                units_missing: missing[i],
                kind: kind[i].clone(),
                label: label[i].clone(),
                label_en: label_en[i].clone(),
                unit_of_measure: uom[i].clone(),
            })
        })
        .collect()
}

/// Weighted rates: for each rate metric whose rules name a numerator N (and
/// maybe a denominator D), `Σ N / Σ D × 100` over the units that state both
/// the rate and N (and D). Without a named denominator, each unit's D is
/// implied by its own rate: `D = N / (rate / 100)` — for the poor-household
/// rate, the unit's number of households — so the result is the city's rate
/// weighted by households, not an average of rates. Units whose rate is 0
/// (D unknown) are left out. `units_reporting` counts the units used.
fn weighted(rules: &Rules, whole: LazyFrame) -> PolarsResult<Option<LazyFrame>> {
    let pairs: Vec<(&str, &str, Option<&str>)> = rules
        .metrics
        .metrics
        .iter()
        .filter(|m| m.aggregate == Aggregate::Rate)
        .filter_map(|m| {
            let w = m.weighted_by.as_ref()?;
            Some((
                m.id.as_str(),
                w.numerator.as_str(),
                w.denominator.as_deref(),
            ))
        })
        .collect();
    if pairs.is_empty() {
        return Ok(None);
    }
    let weights = DataFrame::new(vec![
        Column::new(
            "metric".into(),
            pairs.iter().map(|p| p.0).collect::<Vec<_>>(),
        ),
        Column::new(
            "numerator".into(),
            pairs.iter().map(|p| p.1).collect::<Vec<_>>(),
        ),
        Column::new(
            "denominator".into(),
            pairs.iter().map(|p| p.2).collect::<Vec<_>>(),
        ),
    ])?;
    let side = |name: &str| {
        whole.clone().select([
            col("kind"),
            col("unit"),
            col("metric").alias(name),
            col("value").alias(format!("{name}_value")),
        ])
    };
    let by = |other: &str| [col("kind"), col("unit"), col(other)];
    let implied = when(col("denominator_value").is_not_null())
        .then(col("denominator_value"))
        .otherwise(col("numerator_value") / (col("value") / lit(100.0)));
    let usable = (col("denominator")
        .is_not_null()
        .and(col("denominator_value").gt(lit(0.0))))
    .or(col("denominator").is_null().and(col("value").gt(lit(0.0))));
    let lf = whole
        .clone()
        .join(
            weights.lazy(),
            [col("metric")],
            [col("metric")],
            JoinArgs::new(JoinType::Inner),
        )
        .join(
            side("numerator"),
            by("numerator"),
            by("numerator"),
            JoinArgs::new(JoinType::Inner),
        )
        .join(
            side("denominator"),
            by("denominator"),
            by("denominator"),
            JoinArgs::new(JoinType::Left),
        )
        .filter(usable)
        .with_columns([implied.alias("implied")])
        .group_by_stable([col("kind"), col("metric")])
        .agg([
            (col("numerator_value").sum() / col("implied").sum() * lit(100.0)).alias("value"),
            col("unit")
                .n_unique()
                .cast(DataType::Int64)
                .alias("units_reporting"),
        ])
        .select([
            col("kind"),
            col("metric"),
            lit("weighted").alias("aggregate"),
            col("value"),
            col("units_reporting"),
        ]);
    Ok(Some(lf))
}

/// completeness: unit, kind, then whether each section of any counted kind
/// is present (null when the report's kind has no such section).
fn completeness(
    docs: &[DocReport],
    ids: &[String],
    reports: LazyFrame,
    registry: LazyFrame,
) -> PolarsResult<Vec<Completeness>> {
    let rows: Vec<(&str, &SectionStatus)> = docs
        .iter()
        .flat_map(|d| d.sections.iter().map(move |s| (d.file.as_str(), s)))
        .collect();
    let long = DataFrame::new(vec![
        Column::new(
            "file".into(),
            rows.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
        ),
        Column::new(
            "section".into(),
            rows.iter().map(|(_, s)| s.id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "present".into(),
            rows.iter().map(|(_, s)| s.present).collect::<Vec<_>>(),
        ),
    ])?;
    let wide = spread(long.lazy(), &["file"], "section", "present", ids);
    let mut select = vec![col("unit"), col("kind")];
    select.extend(ids.iter().map(|s| col(s.as_str())));
    let df = reports
        .join(
            wide,
            [col("file")],
            [col("file")],
            JoinArgs::new(JoinType::Left),
        )
        .left_join(registry, col("unit"), col("unit"))
        .sort(["kind", "unit_order"], SortMultipleOptions::default())
        .select(select)
        .collect()?;
    let present = transpose(
        ids.iter()
            .map(|s| flags(&df, s))
            .collect::<PolarsResult<_>>()?,
        df.height(),
    );
    Ok(texts(&df, "unit")?
        .into_iter()
        .zip(texts(&df, "kind")?)
        .zip(present)
        .map(|((unit, kind), present)| Completeness {
            unit,
            kind,
            present,
        })
        .collect())
}

/// Section ids of the given kinds, in template order, without repeats.
pub fn section_ids(rules: &Rules, kinds: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for k in kinds {
        for s in rules.sections.for_kind(k).map_or(&[][..], |t| &t.sections) {
            if !ids.contains(&s.id) {
                ids.push(s.id.clone());
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ReportedFigure, Status};
    use baocao_rules::Figure;
    use baocao_viet::quality::Quality;

    fn rules() -> Rules {
        Rules::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap()
    }

    fn figure(metric: &str, subunit: &str, value: f64) -> ReportedFigure {
        ReportedFigure {
            figure: Figure {
                metric: metric.into(),
                subunit: subunit.into(),
                known_subunit: !subunit.is_empty(),
                value,
                unit_of_measure: String::new(),
                page: 1,
                rule: String::new(),
                snippet: String::new(),
                span: 0..0,
            },
            quality: Quality::Good,
            plausible: true,
            ocr_confidence: None,
        }
    }

    fn doc(file: &str, unit: &str, figures: Vec<ReportedFigure>) -> DocReport {
        let mut d = DocReport::failed(file, Status::Ok, "");
        d.unit = unit.into();
        d.kind = "emulation_awards_5y".into();
        d.figures = figures;
        d
    }

    fn totals_row(t: &Tables, metric: &str, stat: Statistic) -> (Option<f64>, i64) {
        let row = t
            .totals
            .iter()
            .find(|r| r.metric == metric && r.aggregate == stat)
            .unwrap();
        (row.value, row.units_reporting)
    }

    fn unit_row<'t>(t: &'t Tables, unit: &str) -> &'t UnitValues {
        t.units.iter().find(|u| u.unit == unit).unwrap()
    }

    fn value_of(t: &Tables, unit: &str, metric: &str) -> Option<f64> {
        let i = t.metrics.iter().position(|m| m == metric).unwrap();
        unit_row(t, unit).values[i]
    }

    fn batch() -> Vec<DocReport> {
        let mut old = doc(
            "a/old.pdf",
            "Phường An Cựu",
            vec![figure("poor_households", "", 999.0)],
        );
        old.superseded = true;
        vec![
            doc(
                "a/new.pdf",
                "Phường An Cựu",
                vec![
                    figure("poor_households", "", 10.0),
                    figure("poor_households", "An Đông", 4.0),
                    figure("poor_households", "", 11.0),
                    figure("poor_household_rate", "", 1.0),
                ],
            ),
            old,
            doc(
                "b/x.pdf",
                "Phường Kim Trà",
                vec![
                    figure("poor_households", "", 30.0),
                    figure("poor_household_rate", "", 2.0),
                ],
            ),
            doc(
                "c/unknown.pdf",
                "",
                vec![figure("poor_households", "", 5000.0)],
            ),
        ]
    }

    #[test]
    fn sums_skip_superseded_subunit_and_unknown_unit_figures() {
        let t = build(&rules(), &batch()).unwrap();
        assert_eq!(
            totals_row(&t, "poor_households", Statistic::Sum),
            (Some(40.0), 2)
        );
        assert_eq!(t.units.len(), 2);
        assert_eq!(t.subunits.len(), 1);
        assert_eq!(t.subunits[0].subunit, "An Đông");
    }

    #[test]
    fn a_unit_value_is_its_reports_first_whole_unit_figure() {
        let t = build(&rules(), &batch()).unwrap();
        assert_eq!(value_of(&t, "Phường An Cựu", "poor_households"), Some(10.0));
        assert_eq!(value_of(&t, "Phường An Cựu", "jobs_created"), None);
        assert_eq!(t.units[0].values.len(), t.metrics.len());
    }

    #[test]
    fn rates_get_order_statistics_and_a_households_weighted_rate() {
        let t = build(&rules(), &batch()).unwrap();
        let rate = "poor_household_rate";
        assert_eq!(totals_row(&t, rate, Statistic::Min), (Some(1.0), 2));
        assert_eq!(totals_row(&t, rate, Statistic::Median), (Some(1.5), 2));
        assert_eq!(totals_row(&t, rate, Statistic::Max), (Some(2.0), 2));
        // 10 of 1 000 households and 30 of 1 500: 40 / 2 500 = 1.6 %.
        let (w, n) = totals_row(&t, rate, Statistic::Weighted);
        assert!((w.unwrap() - 1.6).abs() < 1e-12, "{w:?}");
        assert_eq!(n, 2);
    }

    #[test]
    fn implausible_values_stay_out_of_the_tables() {
        let mut docs = batch();
        let mut wild = figure("poor_household_rate", "", 195.0);
        wild.plausible = false;
        docs[0].figures.insert(0, wild);
        let t = build(&rules(), &docs).unwrap();
        assert_eq!(
            totals_row(&t, "poor_household_rate", Statistic::Max),
            (Some(2.0), 2)
        );
        assert_eq!(
            value_of(&t, "Phường An Cựu", "poor_household_rate"),
            Some(1.0)
        );
    }

    #[test]
    fn metrics_without_values_still_have_a_row() {
        let t = build(&rules(), &batch()).unwrap();
        assert_eq!(totals_row(&t, "jobs_created", Statistic::Sum), (None, 0));
        assert!(t.totals.iter().all(|r| r.units_missing >= 38));
    }

    #[test]
    fn completeness_has_a_cell_per_counted_report_and_section() {
        let mut docs = batch();
        docs[0].sections = vec![SectionStatus {
            id: "leadership".into(),
            required: true,
            present: true,
            page: Some(1),
        }];
        let t = build(&rules(), &docs).unwrap();
        assert_eq!(t.completeness.len(), 2);
        let i = t.sections.iter().position(|s| s == "leadership").unwrap();
        let an_cuu = t
            .completeness
            .iter()
            .find(|c| c.unit == "Phường An Cựu")
            .unwrap();
        assert_eq!(an_cuu.present[i], Some(true));
        assert!(t
            .completeness
            .iter()
            .all(|c| c.present.len() == t.sections.len()));
    }
}
