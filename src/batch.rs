//! Batch-level stage: what only shows across reports. Duplicate reports of
//! one unit and kind (the latest wins; the others are superseded) and
//! registry units that did not report.

use std::collections::BTreeMap;

use baocao_rules::Rules;

use crate::model::{CheckRow, DocReport, Status};

/// A check not tied to one file (checks.csv with an empty `file`).
#[derive(Debug, Clone, PartialEq)]
pub struct BatchCheck {
    pub unit: String,
    pub row: CheckRow,
}

/// Mark superseded reports and add `duplicate_report` checks; return the
/// registry-level checks (`missing_report`).
pub fn finish(rules: &Rules, docs: &mut [DocReport]) -> Vec<BatchCheck> {
    mark_superseded(rules, docs);
    missing_reports(rules, docs)
}

/// Among reports of one unit and kind, the latest by doc date, then by last
/// signing time, then by file name wins.
fn mark_superseded(rules: &Rules, docs: &mut [DocReport]) {
    let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        if d.status == Status::Ok && !d.unit.is_empty() && !d.kind.is_empty() {
            groups
                .entry((d.unit.clone(), d.kind.clone()))
                .or_default()
                .push(i);
        }
    }
    for idx in groups.into_values().filter(|g| g.len() > 1) {
        let winner = *idx
            .iter()
            .max_by(|&&a, &&b| {
                let (x, y) = (&docs[a], &docs[b]);
                (&x.doc_date, &x.last_signed_at, &x.file).cmp(&(
                    &y.doc_date,
                    &y.last_signed_at,
                    &y.file,
                ))
            })
            .expect("non-empty group");
        let winner_file = docs[winner].file.clone();
        let winner_date = docs[winner].doc_date.clone();
        for &i in idx.iter().filter(|&&i| i != winner) {
            let d = &mut docs[i];
            d.superseded = true;
            d.checks.push(CheckRow {
                check: "duplicate_report".into(),
                severity: rules.checks.severity("duplicate_report").as_str().into(),
                subject: String::new(),
                detail: format!(
                    "superseded by {winner_file} (dated {winner_date}); its figures are kept in figures.csv but left out of the tables"
                ),
            });
        }
    }
}

/// One `missing_report` per registry unit lacking a report of some kind
/// present in the batch.
fn missing_reports(rules: &Rules, docs: &[DocReport]) -> Vec<BatchCheck> {
    let mut kinds: Vec<&str> = docs
        .iter()
        .filter(|d| !d.kind.is_empty())
        .map(|d| d.kind.as_str())
        .collect();
    kinds.sort();
    kinds.dedup();
    let mut out = Vec::new();
    for u in &rules.units.units {
        let missing: Vec<&str> = kinds
            .iter()
            .copied()
            .filter(|k| !docs.iter().any(|d| d.unit == u.name && d.kind == *k))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let labels: Vec<String> = missing
            .iter()
            .map(|k| {
                rules
                    .kinds
                    .get(k)
                    .map_or(k.to_string(), |x| format!("{k} ({})", x.label))
            })
            .collect();
        out.push(BatchCheck {
            unit: u.name.clone(),
            row: CheckRow {
                check: "missing_report".into(),
                severity: rules.checks.severity("missing_report").as_str().into(),
                subject: u.name.clone(),
                detail: format!("no report of kind {} in this batch", labels.join(", ")),
            },
        });
    }
    out
}
