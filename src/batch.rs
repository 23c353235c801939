//! Batch-level stage: what only shows across reports. Duplicate reports of
//! one unit and kind (the latest wins; the others are superseded) and
//! registry units that did not report.

use std::collections::BTreeMap;

use baocao_rules::checks::CheckId;
use baocao_rules::Rules;

use crate::model::{BatchCheck, Check, DocReport, Status};

/// Mark superseded reports and add `duplicate_report` checks; return the
/// registry-level checks (`missing_report`).
pub fn finish(rules: &Rules, docs: &mut [DocReport]) -> Vec<BatchCheck> {
    mark_superseded(rules, docs);
    missing_reports(rules, docs)
}

/// Among reports of one unit and kind, the latest by doc date, then by last
/// signing time, then by file name wins.
fn mark_superseded(rules: &Rules, docs: &mut [DocReport]) {
    let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        if d.status == Status::Ok && !d.unit.is_empty() && !d.kind.is_empty() {
            groups.entry((&d.unit, &d.kind)).or_default().push(i);
        }
    }
    let duplicates: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    for group in duplicates {
        let winner = latest(docs, &group);
        let detail = format!(
            "superseded by {} (dated {}); its figures are kept in figures.csv but left out of the tables",
            docs[winner].file, docs[winner].doc_date
        );
        for &i in group.iter().filter(|&&i| i != winner) {
            let d = &mut docs[i];
            d.superseded = true;
            d.checks.push(Check {
                id: CheckId::DuplicateReport,
                severity: rules.checks.severity(CheckId::DuplicateReport),
                subject: String::new(),
                detail: detail.clone(),
            });
        }
    }
}

/// The index of the latest report of a group.
fn latest(docs: &[DocReport], group: &[usize]) -> usize {
    let key = |i: usize| {
        let d = &docs[i];
        (&d.doc_date, d.last_signed_at(), &d.file)
    };
    *group
        .iter()
        .max_by(|&&a, &&b| key(a).cmp(&key(b)))
        .expect("non-empty group")
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
            check: Check {
                id: CheckId::MissingReport,
                severity: rules.checks.severity(CheckId::MissingReport),
                subject: u.name.clone(),
                detail: format!("no report of kind {} in this batch", labels.join(", ")),
            },
        });
    }
    out
}
