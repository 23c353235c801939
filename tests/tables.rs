//! Recomputes units.csv and totals.csv from figures.csv and documents.csv
//! with plain Rust (not through polars or src/tables.rs) and checks that
//! `baocao run` on the corpus wrote the same values.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

mod common;

use baocao_rules::metrics::Aggregate;
use baocao_rules::Rules;
use common::root;
/// One run of `baocao run corpus/`, shared by the tests of this file.
fn out() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tables-corpus");
        let _ = std::fs::remove_dir_all(&out);
        let status = Command::new(env!("CARGO_BIN_EXE_baocao"))
            .current_dir(root())
            .args(["run", "corpus", "--quiet", "--out"])
            .arg(&out)
            .status()
            .expect("baocao runs");
        assert!(
            status.code().is_some_and(|c| c <= 1),
            "baocao run: {status}"
        );
        out
    })
}
/// Undo the CSV's formula guard (a leading apostrophe before = + - @ tab CR).
fn unneutralise(s: &str) -> String {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => s.to_string(),
    }
}

struct Doc {
    status: String,
    unit: String,
    kind: String,
    superseded: bool,
}

/// Whole-unit values of counted reports: (kind, unit) → metric → first value.
type Values = BTreeMap<(String, String), BTreeMap<String, f64>>;

/// Documents by file, and the whole-unit values of the counted ones.
fn expected_values(out: &Path) -> (BTreeMap<String, Doc>, Values) {
    let (h, rows) = read_csv(&out.join("documents.csv"));
    let docs: BTreeMap<String, Doc> = rows
        .iter()
        .map(|r| {
            let doc = Doc {
                status: r[h["status"]].clone(),
                unit: r[h["unit"]].clone(),
                kind: r[h["kind"]].clone(),
                superseded: r[h["superseded"]] == "true",
            };
            (r[h["file"]].clone(), doc)
        })
        .collect();
    let counted = |d: &Doc| d.status == "ok" && !d.superseded && !d.unit.is_empty();
    let mut values: Values = BTreeMap::new();
    for d in docs.values().filter(|d| counted(d)) {
        values.entry((d.kind.clone(), d.unit.clone())).or_default();
    }
    let (h, rows) = read_csv(&out.join("figures.csv"));
    for r in rows {
        let d = &docs[&r[h["file"]]];
        if !counted(d) || !r[h["subunit"]].is_empty() || r[h["plausible"]] != "true" {
            continue;
        }
        let value: f64 = r[h["value"]].parse().unwrap();
        values
            .entry((d.kind.clone(), d.unit.clone()))
            .or_default()
            .entry(r[h["metric"]].clone())
            .or_insert(value);
    }
    (docs, values)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// totals.csv rows as they should be: (kind, metric, aggregate) → (value, reporting, missing).
type Totals = BTreeMap<(String, String, String), (Option<f64>, usize, usize)>;

fn expected_totals(rules: &Rules, values: &Values) -> Totals {
    let registry = rules.units.units.len();
    let kinds: BTreeSet<&String> = values.keys().map(|(k, _)| k).collect();
    let mut out = BTreeMap::new();
    for kind in kinds {
        let of_kind: Vec<&BTreeMap<String, f64>> = values
            .iter()
            .filter(|((k, _), _)| k == kind)
            .map(|(_, v)| v)
            .collect();
        for m in rules
            .metrics
            .metrics
            .iter()
            .filter(|m| m.applies_to(Some(kind)))
        {
            let v: Vec<f64> = of_kind
                .iter()
                .filter_map(|u| u.get(&m.id).copied())
                .collect();
            let n = v.len();
            let mut put = |agg: &str, value: Option<f64>, n: usize| {
                out.insert(
                    (kind.clone(), m.id.clone(), agg.to_string()),
                    (value, n, registry - n),
                );
            };
            let some = |x: f64| (n > 0).then_some(x);
            match m.aggregate {
                Aggregate::Sum => put("sum", some(v.iter().sum()), n),
                Aggregate::Rate => {
                    put(
                        "min",
                        some(v.iter().copied().fold(f64::INFINITY, f64::min)),
                        n,
                    );
                    put("median", (n > 0).then(|| median(v.clone())), n);
                    put(
                        "max",
                        some(v.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
                        n,
                    );
                    if let Some(w) = &m.weighted_by {
                        let (mut num, mut den, mut used) = (0.0, 0.0, 0);
                        for u in &of_kind {
                            let (Some(rate), Some(count)) = (u.get(&m.id), u.get(&w.numerator))
                            else {
                                continue;
                            };
                            let total = match &w.denominator {
                                Some(d) => match u.get(d) {
                                    Some(&x) if x > 0.0 => x,
                                    _ => continue,
                                },
                                None if *rate > 0.0 => count * 100.0 / rate,
                                None => continue,
                            };
                            num += count;
                            den += total;
                            used += 1;
                        }
                        put("weighted", (used > 0).then(|| num / den * 100.0), used);
                    }
                }
            }
        }
    }
    out
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn totals_agree_with_an_independent_recomputation() {
    let out = out();
    let rules = Rules::load(&root().join("rules")).unwrap();
    let (_, values) = expected_values(out);
    let expected = expected_totals(&rules, &values);
    let (h, rows) = read_csv(&out.join("totals.csv"));
    for col in [
        "metric",
        "aggregate",
        "value",
        "units_reporting",
        "units_missing",
        "kind",
    ] {
        assert!(h.contains_key(col), "totals.csv lacks {col}");
    }
    let mut seen = BTreeSet::new();
    for r in &rows {
        let key = (
            r[h["kind"]].clone(),
            r[h["metric"]].clone(),
            r[h["aggregate"]].clone(),
        );
        let (value, reporting, missing) = expected
            .get(&key)
            .unwrap_or_else(|| panic!("unexpected totals row {key:?}"));
        let got = &r[h["value"]];
        match value {
            None => assert!(got.is_empty(), "{key:?}: {got} for no value"),
            Some(v) => assert!(close(got.parse().unwrap(), *v), "{key:?}: {got} ≠ {v}"),
        }
        assert_eq!(r[h["units_reporting"]], reporting.to_string(), "{key:?}");
        assert_eq!(r[h["units_missing"]], missing.to_string(), "{key:?}");
        seen.insert(key);
    }
    let missing: Vec<_> = expected.keys().filter(|k| !seen.contains(*k)).collect();
    assert!(missing.is_empty(), "totals.csv lacks {missing:?}");
    assert!(rows.len() > 10, "only {} totals rows", rows.len());
}

#[test]
fn rates_are_never_summed() {
    let out = out();
    let rules = Rules::load(&root().join("rules")).unwrap();
    let (h, rows) = read_csv(&out.join("totals.csv"));
    for r in rows {
        let m = rules.metrics.get(&r[h["metric"]]).unwrap();
        let agg = r[h["aggregate"]].as_str();
        match m.aggregate {
            Aggregate::Sum => assert_eq!(agg, "sum"),
            Aggregate::Rate => {
                assert!(["min", "median", "max", "weighted"].contains(&agg), "{agg}")
            }
        }
    }
}

#[test]
fn units_hold_the_whole_unit_values_of_counted_reports() {
    let out = out();
    let (_, values) = expected_values(out);
    let (h, rows) = read_csv(&out.join("units.csv"));
    assert_eq!(h["unit"], 0, "units.csv starts with unit");
    let got: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r[h["kind"]].clone(), r[h["unit"]].clone()))
        .collect();
    let want: BTreeSet<(String, String)> = values.keys().cloned().collect();
    assert_eq!(got, want, "one row per (kind, unit) with a counted report");
    assert_eq!(rows.len(), want.len(), "no repeated rows");
    for r in &rows {
        let unit = &values[&(r[h["kind"]].clone(), r[h["unit"]].clone())];
        for (metric, &i) in h
            .iter()
            .filter(|(c, _)| !["unit", "kind"].contains(&c.as_str()))
        {
            match unit.get(metric) {
                None => assert!(r[i].is_empty(), "{}: {metric} = {}", r[0], r[i]),
                Some(v) => assert!(
                    close(r[i].parse().unwrap(), *v),
                    "{}: {metric} {} ≠ {v}",
                    r[0],
                    r[i]
                ),
            }
        }
    }
}

/// Whole-unit plausible values of one file, from figures.csv: metric → first value.
fn values_of_file(out: &Path, file: &str) -> BTreeMap<String, f64> {
    let (h, rows) = read_csv(&out.join("figures.csv"));
    let mut values = BTreeMap::new();
    for r in rows.iter().filter(|r| r[h["file"]] == file) {
        if r[h["subunit"]].is_empty() && r[h["plausible"]] == "true" {
            values
                .entry(r[h["metric"]].clone())
                .or_insert_with(|| r[h["value"]].parse::<f64>().unwrap());
        }
    }
    values
}

#[test]
fn superseded_reports_and_subunits_stay_out_of_units() {
    let out = out();
    let (docs, _) = expected_values(out);
    let (h, rows) = read_csv(&out.join("units.csv"));
    let superseded: Vec<(&String, &Doc)> = docs.iter().filter(|(_, d)| d.superseded).collect();
    assert!(!superseded.is_empty(), "the corpus has superseded reports");
    let mut compared = 0;
    for (file, d) in superseded {
        let of_unit: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| r[h["unit"]] == d.unit && r[h["kind"]] == d.kind)
            .collect();
        assert_eq!(
            of_unit.len(),
            1,
            "{file}: one row for {} (its winner's)",
            d.unit
        );
        let winner = docs
            .iter()
            .find(|(_, w)| {
                !w.superseded && w.status == "ok" && w.unit == d.unit && w.kind == d.kind
            })
            .map(|(f, _)| f)
            .unwrap_or_else(|| panic!("{file}: no winning report"));
        let (mine, theirs) = (values_of_file(out, file), values_of_file(out, winner));
        for (metric, v) in &mine {
            if theirs.get(metric) == Some(v) {
                continue;
            }
            let shown = &of_unit[0][h[metric.as_str()]];
            let shown = (!shown.is_empty()).then(|| shown.parse::<f64>().unwrap());
            assert_eq!(
                shown,
                theirs.get(metric).copied(),
                "{file}: {metric} is the winner's, not {v}"
            );
            compared += 1;
        }
    }
    assert!(
        compared > 0,
        "no superseded value differed from its winner's"
    );
    let (sh, sub) = read_csv(&out.join("subunits.csv"));
    for c in ["unit", "subunit", "metric", "value"] {
        assert!(sh.contains_key(c), "subunits.csv lacks {c}");
    }
    assert!(sub.iter().all(|r| !r[sh["subunit"]].is_empty()));
    assert!(
        sub.iter().any(|r| r[sh["unit"]] == "Phường Kim Trà"
            && r[sh["subunit"]] == "Hương Toàn"
            && r[sh["metric"]] == "poor_households"
            && r[sh["value"]] == "42"),
        "the seed report's breakdown is in subunits.csv"
    );
}

/// A CSV table with formula-neutralised text cells turned back into their text.
fn read_csv(path: &Path) -> (BTreeMap<String, usize>, Vec<Vec<String>>) {
    let (header, rows) = common::read_table(path);
    let rows = rows
        .into_iter()
        .map(|r| r.iter().map(|c| unneutralise(c)).collect())
        .collect();
    (header, rows)
}
