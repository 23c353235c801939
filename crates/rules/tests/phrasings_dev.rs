//! The engine on labelled paragraphs written independently of it. Prints
//! precision and recall per metric, whole-unit and subunit, and fails below
//! the bar of issue #11:
//! * `tests/fixtures/phrasings/`: the commission's development set (copied
//!   from `shared/phrasings/`: 347 paragraphs written without seeing the
//!   engine, its rules or its corpus);
//! * `tests/fixtures/heldout1/` … `heldout4/`: 225, 200, 240 and 240
//!   paragraphs written for baocao apart from the engine (see their
//!   READMEs). First contact, before any tuning on them: F1 0.869, 0.932,
//!   0.909 (heldout3: 16 tables written inline) and 0.903 (heldout4: 17
//!   tables on one line whose row breaks became spaces).
//!
//! Each paragraph is read as a one-paragraph report of kind
//! `emulation_awards_5y` for the paragraph's unit; every expected figure is
//! (metric, subunit, value) and anything else found is a false positive.
//! `PHRASINGS_FILE=path` measures another file in the same format;
//! `PHRASINGS_VERBOSE=1` prints every miss (and `PHRASINGS_TRACE=1` how the
//! engine read the paragraph).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use baocao_rules::figures::{self, Scope};
use baocao_rules::text::DocTextBuilder;
use baocao_rules::Rules;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[derive(serde::Deserialize)]
struct Item {
    id: String,
    unit: String,
    text: String,
    figures: Vec<Expected>,
}

#[derive(serde::Deserialize, Clone)]
struct Expected {
    metric: String,
    subunit: String,
    value: f64,
}

fn items(path: &Path) -> Vec<Item> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid item"))
        .collect()
}

/// True positives, false positives, false negatives.
#[derive(Default, Clone, Copy)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Tally {
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Tally) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(1.0)
}

/// Key: (metric, whole or subunit).
type Tallies = BTreeMap<(String, bool), Tally>;

fn score(
    expected: &[Expected],
    found: &[(String, String, f64)],
    tallies: &mut Tallies,
) -> Vec<String> {
    let mut left: Vec<Option<&Expected>> = expected.iter().map(Some).collect();
    let mut notes = Vec::new();
    for (metric, subunit, value) in found {
        let hit = left.iter_mut().find(|e| {
            e.is_some_and(|e| {
                &e.metric == metric
                    && baocao_viet::normalize(&e.subunit) == *subunit
                    && same_value(e.value, *value)
            })
        });
        let key = (metric.clone(), !subunit.is_empty());
        match hit {
            Some(slot) => {
                *slot = None;
                tallies.entry(key).or_default().tp += 1;
            }
            None => {
                tallies.entry(key).or_default().fp += 1;
                notes.push(format!("  + {metric} [{subunit}] {value}"));
            }
        }
    }
    for e in left.into_iter().flatten() {
        let key = (e.metric.clone(), !e.subunit.is_empty());
        tallies.entry(key).or_default().fn_ += 1;
        notes.push(format!("  - {} [{}] {}", e.metric, e.subunit, e.value));
    }
    notes
}

/// Totals of one set: whole-unit, subunit, all.
struct Totals {
    whole: Tally,
    sub: Tally,
    all: Tally,
}

/// Measure the engine on the set at `path`, printing the table.
fn measure(path: &Path) -> Totals {
    let rules = Rules::load(&root().join("rules")).unwrap();
    let verbose = std::env::var_os("PHRASINGS_VERBOSE").is_some();
    let mut tallies = Tallies::new();
    for item in items(path) {
        let unit = rules.units.find(&item.unit);
        assert!(unit.is_some(), "{}: unknown unit {}", item.id, item.unit);
        let mut b = DocTextBuilder::new();
        b.paragraph(1, &item.text);
        let doc = b.finish();
        let scope = Scope {
            kind: Some("emulation_awards_5y"),
            unit,
            ..Scope::default()
        };
        let found: Vec<(String, String, f64)> = figures::find(&doc, &rules.metrics, &scope)
            .into_iter()
            .map(|f| (f.metric, f.subunit, f.value))
            .collect();
        let notes = score(&item.figures, &found, &mut tallies);
        if verbose && !notes.is_empty() {
            println!("{} {} | {}", item.id, item.unit, item.text);
            for n in notes {
                println!("{n}");
            }
            if std::env::var_os("PHRASINGS_TRACE").is_some() {
                for t in figures::explain(&doc, &rules.metrics, &scope) {
                    println!("      {t:?}");
                }
            }
        }
    }
    let mut whole = Tally::default();
    let mut sub = Tally::default();
    println!("{}", path.display());
    println!(
        "{:<40} {:>5} {:>5} {:>5} {:>6} {:>6}",
        "metric", "tp", "fp", "fn", "P", "R"
    );
    for ((metric, is_sub), t) in &tallies {
        let name = format!("{metric}{}", if *is_sub { " (sub)" } else { "" });
        println!(
            "{:<40} {:>5} {:>5} {:>5} {:>6.3} {:>6.3}",
            name,
            t.tp,
            t.fp,
            t.fn_,
            t.precision(),
            t.recall()
        );
        if *is_sub {
            sub.add(*t);
        } else {
            whole.add(*t);
        }
    }
    let mut all = whole;
    all.add(sub);
    println!(
        "whole-unit P {:.3} R {:.3} F1 {:.3} | subunit P {:.3} R {:.3} F1 {:.3} | all P {:.3} R {:.3} F1 {:.3}",
        whole.precision(),
        whole.recall(),
        whole.f1(),
        sub.precision(),
        sub.recall(),
        sub.f1(),
        all.precision(),
        all.recall(),
        all.f1()
    );
    Totals { whole, sub, all }
}

fn assert_above(t: &Totals, bar: &Bar) {
    assert!(
        t.all.f1() >= bar.f1
            && t.all.precision() >= bar.precision
            && t.sub.recall() >= bar.sub_recall,
        "below the bar: F1 {:.3} (≥ {}), precision {:.3} (≥ {}), subunit recall {:.3} (≥ {})",
        t.all.f1(),
        bar.f1,
        t.all.precision(),
        bar.precision,
        t.sub.recall(),
        bar.sub_recall
    );
    let _ = t.whole;
}

#[test]
fn phrasings_development_set() {
    if let Some(p) = std::env::var_os("PHRASINGS_FILE") {
        measure(Path::new(&p));
        return;
    }
    let t = measure(&root().join("tests/fixtures/phrasings/paragraphs.jsonl"));
    assert_eq!(
        t.all.tp + t.all.fn_,
        843,
        "the set has 843 labelled figures"
    );
    assert_above(&t, &Bar::ISSUE_11);
}

#[test]
fn heldout_sets_written_apart_from_the_engine() {
    for set in ["heldout1", "heldout2", "heldout3", "heldout4"] {
        let t = measure(&root().join(format!("tests/fixtures/{set}/paragraphs.jsonl")));
        assert_above(&t, &Bar::ISSUE_11);
    }
}

/// The bar the engine must stay above (issue #11: F1 ≥ 0.97, precision ≥
/// 0.98, subunit recall ≥ 0.95).
struct Bar {
    f1: f64,
    precision: f64,
    sub_recall: f64,
}

impl Bar {
    const ISSUE_11: Bar = Bar {
        f1: 0.97,
        precision: 0.98,
        sub_recall: 0.95,
    };
}
