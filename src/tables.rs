//! Tables across units, built with polars from the per-file reports.
//!
//! Only figures of documents whose status is `ok`, whose unit is known and
//! that are not superseded count, and only values within their metric's
//! bounds (an `implausible_value` stays in figures.csv, flagged). From them:
//!
//! * `units` — one row per (unit, report kind) with a report, one column per
//!   metric id holding the whole-unit value (subunit rows are left out);
//! * `subunits` — the breakdown rows: unit, kind, subunit, metric, value;
//! * `totals` — per kind and metric, the aggregation the rules declare: `sum`
//!   for counts and money; for rates never a sum but `min`, `median`, `max`
//!   and, when the rules name a numerator, `weighted` (see [`weighted`]);
//!   with `units_reporting` and `units_missing` against the registry;
//! * `sections` — the completeness matrix: (unit, kind) × section present.
//!
//! When a report states the same whole-unit metric twice (a
//! `figure_conflict`), the first figure in reading order is the unit's value.

use baocao_rules::metrics::Aggregate;
use baocao_rules::Rules;
use polars::prelude::*;

use crate::model::{DocReport, Status};

/// The tables of one batch.
#[derive(Debug, Clone)]
pub struct Tables {
    pub units: DataFrame,
    pub subunits: DataFrame,
    pub totals: DataFrame,
    pub sections: DataFrame,
    /// Report kinds with at least one counted report, sorted.
    pub kinds: Vec<String>,
}

/// Build every table.
pub fn build(rules: &Rules, docs: &[DocReport]) -> PolarsResult<Tables> {
    let metric_ids: Vec<String> = rules.metrics.metrics.iter().map(|m| m.id.clone()).collect();
    let reports = counted(documents_frame(docs)?.lazy());
    let kinds = kinds_of(reports.clone())?;
    let figures = counted(figures_frame(docs)?.lazy()).filter(col("plausible"));
    let whole = whole_unit_values(figures.clone());
    let registry = registry_frame(rules)?.lazy();
    Ok(Tables {
        units: units(
            reports.clone(),
            whole.clone(),
            registry.clone(),
            &metric_ids,
        )?,
        subunits: subunits(figures, registry.clone())?,
        totals: totals(rules, &kinds, whole)?,
        sections: sections(rules, &kinds, docs, reports, registry)?,
        kinds,
    })
}

/// Documents: file, unit, kind, status, superseded.
fn documents_frame(docs: &[DocReport]) -> PolarsResult<DataFrame> {
    DataFrame::new(vec![
        Column::new("file".into(), strings(docs, |d| &d.file)),
        Column::new("unit".into(), strings(docs, |d| &d.unit)),
        Column::new("kind".into(), strings(docs, |d| &d.kind)),
        Column::new(
            "status".into(),
            docs.iter().map(|d| d.status.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "superseded".into(),
            docs.iter().map(|d| d.superseded).collect::<Vec<_>>(),
        ),
    ])
}

fn strings<'a>(docs: &'a [DocReport], f: impl Fn(&'a DocReport) -> &'a String) -> Vec<&'a str> {
    docs.iter().map(|d| f(d).as_str()).collect()
}

/// One row per figure, with its document's unit, kind, status and superseded flag.
fn figures_frame(docs: &[DocReport]) -> PolarsResult<DataFrame> {
    let rows: Vec<(&DocReport, &crate::model::FigureRow)> = docs
        .iter()
        .flat_map(|d| d.figures.iter().map(move |f| (d, f)))
        .collect();
    let text = |name: &str, f: &dyn Fn(&(&DocReport, &crate::model::FigureRow)) -> String| {
        Column::new(name.into(), rows.iter().map(f).collect::<Vec<String>>())
    };
    DataFrame::new(vec![
        text("file", &|(d, _)| d.file.clone()),
        text("unit", &|(d, _)| d.unit.clone()),
        text("kind", &|(d, _)| d.kind.clone()),
        text("status", &|(d, _)| d.status.as_str().to_string()),
        Column::new(
            "superseded".into(),
            rows.iter().map(|(d, _)| d.superseded).collect::<Vec<_>>(),
        ),
        Column::new(
            "plausible".into(),
            rows.iter().map(|(_, f)| f.plausible).collect::<Vec<_>>(),
        ),
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

/// Rows that count: status ok, unit known, not superseded.
fn counted(lf: LazyFrame) -> LazyFrame {
    lf.filter(
        col("status")
            .eq(lit(Status::Ok.as_str()))
            .and(col("superseded").not())
            .and(col("unit").neq(lit(""))),
    )
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

/// One value per (kind, unit, metric): the first whole-unit figure.
pub fn whole_unit_values(figures: LazyFrame) -> LazyFrame {
    figures
        .filter(col("subunit").eq(lit("")))
        .group_by_stable([col("kind"), col("unit"), col("metric")])
        .agg([col("value").first()])
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

/// units: unit, kind, then one column per metric id.
fn units(
    reports: LazyFrame,
    whole: LazyFrame,
    registry: LazyFrame,
    metric_ids: &[String],
) -> PolarsResult<DataFrame> {
    let wide = spread(whole, &["kind", "unit"], "metric", "value", metric_ids);
    let mut select = vec![col("unit"), col("kind")];
    select.extend(metric_ids.iter().map(|m| col(m.as_str())));
    reports
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
        .collect()
}

/// subunits: unit, kind, subunit, metric, value, unit_of_measure.
fn subunits(figures: LazyFrame, registry: LazyFrame) -> PolarsResult<DataFrame> {
    figures
        .filter(col("subunit").neq(lit("")))
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
                let row = [
                    kind,
                    &m.id,
                    &m.label,
                    &m.label_en,
                    &m.unit,
                    &stat.to_string(),
                ];
                for (c, v) in cols.iter_mut().zip(row) {
                    c.push(v.clone());
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
pub fn statistics(m: &baocao_rules::metrics::Metric) -> Vec<&'static str> {
    match m.aggregate {
        Aggregate::Sum => vec!["sum"],
        Aggregate::Rate if m.weighted_by.is_some() => vec!["min", "median", "max", "weighted"],
        Aggregate::Rate => vec!["min", "median", "max"],
    }
}

/// totals: metric, aggregate, value, units_reporting, units_missing, kind,
/// label, label_en, unit_of_measure.
fn totals(rules: &Rules, kinds: &[String], whole: LazyFrame) -> PolarsResult<DataFrame> {
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
    catalog(rules, kinds)?
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

/// sections: unit, kind, then one boolean column per section id of any
/// counted kind (null when the kind has no such section).
fn sections(
    rules: &Rules,
    kinds: &[String],
    docs: &[DocReport],
    reports: LazyFrame,
    registry: LazyFrame,
) -> PolarsResult<DataFrame> {
    let ids = section_ids(rules, kinds);
    let rows: Vec<(&DocReport, &crate::model::SectionRow)> = docs
        .iter()
        .flat_map(|d| d.sections.iter().map(move |s| (d, s)))
        .collect();
    let long = DataFrame::new(vec![
        Column::new(
            "file".into(),
            rows.iter()
                .map(|(d, _)| d.file.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "section".into(),
            rows.iter()
                .map(|(_, s)| s.section.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "present".into(),
            rows.iter().map(|(_, s)| s.present).collect::<Vec<_>>(),
        ),
    ])?;
    let wide = spread(long.lazy(), &["file"], "section", "present", &ids);
    let mut select = vec![col("unit"), col("kind")];
    select.extend(ids.iter().map(|s| col(s.as_str())));
    reports
        .join(
            wide,
            [col("file")],
            [col("file")],
            JoinArgs::new(JoinType::Left),
        )
        .left_join(registry, col("unit"), col("unit"))
        .sort(["kind", "unit_order"], SortMultipleOptions::default())
        .select(select)
        .collect()
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
    use crate::model::FigureRow;

    fn rules() -> Rules {
        Rules::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap()
    }

    fn figure(metric: &str, subunit: &str, value: f64) -> FigureRow {
        FigureRow {
            metric: metric.into(),
            subunit: subunit.into(),
            known_subunit: !subunit.is_empty(),
            value,
            unit_of_measure: String::new(),
            page: 1,
            rule: String::new(),
            snippet: String::new(),
            quality: "good".into(),
            plausible: true,
        }
    }

    fn doc(file: &str, unit: &str, figures: Vec<FigureRow>) -> DocReport {
        let mut d = DocReport::failed(file, Status::Ok, "");
        d.unit = unit.into();
        d.kind = "emulation_awards_5y".into();
        d.figures = figures;
        d
    }

    fn totals_row(t: &Tables, metric: &str, stat: &str) -> (Option<f64>, i64) {
        let df = &t.totals;
        let metrics = df.column("metric").unwrap().str().unwrap();
        let stats = df.column("aggregate").unwrap().str().unwrap();
        let i = (0..df.height())
            .find(|&i| metrics.get(i) == Some(metric) && stats.get(i) == Some(stat))
            .unwrap();
        let value = df.column("value").unwrap().f64().unwrap().get(i);
        let n = df
            .column("units_reporting")
            .unwrap()
            .i64()
            .unwrap()
            .get(i)
            .unwrap();
        (value, n)
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
        assert_eq!(totals_row(&t, "poor_households", "sum"), (Some(40.0), 2));
        assert_eq!(t.units.height(), 2);
        assert_eq!(t.subunits.height(), 1);
    }

    #[test]
    fn rates_get_order_statistics_and_a_households_weighted_rate() {
        let t = build(&rules(), &batch()).unwrap();
        assert_eq!(totals_row(&t, "poor_household_rate", "min"), (Some(1.0), 2));
        assert_eq!(
            totals_row(&t, "poor_household_rate", "median"),
            (Some(1.5), 2)
        );
        assert_eq!(totals_row(&t, "poor_household_rate", "max"), (Some(2.0), 2));
        // 10 of 1 000 households and 30 of 1 500: 40 / 2 500 = 1.6 %.
        let (w, n) = totals_row(&t, "poor_household_rate", "weighted");
        assert!((w.unwrap() - 1.6).abs() < 1e-12, "{w:?}");
        assert_eq!(n, 2);
    }

    #[test]
    fn implausible_values_stay_out_of_the_tables() {
        let mut docs = batch();
        let mut wild = figure("poor_household_rate", "", 195.0);
        wild.plausible = false;
        docs[0].figures.push(wild);
        let t = build(&rules(), &docs).unwrap();
        assert_eq!(totals_row(&t, "poor_household_rate", "max"), (Some(2.0), 2));
    }

    #[test]
    fn metrics_without_values_still_have_a_row() {
        let t = build(&rules(), &batch()).unwrap();
        assert_eq!(totals_row(&t, "jobs_created", "sum"), (None, 0));
        let missing = t.totals.column("units_missing").unwrap().i64().unwrap();
        assert!(missing.into_iter().all(|m| m.is_some_and(|m| m >= 38)));
    }
}
