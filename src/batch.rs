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

#[cfg(test)]
mod tests {
    use super::*;
    use baocao_rules::checks::Severity;
    use baocao_sig::{SignatureInfo, TimeSource, Verdict};

    fn rules() -> Rules {
        Rules::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap()
    }

    fn doc(file: &str, unit: &str, kind: &str, date: &str) -> DocReport {
        let mut d = DocReport::failed(file, Status::Ok, "");
        d.unit = unit.into();
        d.kind = kind.into();
        d.doc_date = date.into();
        d
    }

    fn signed_at(mut d: DocReport, at: &str) -> DocReport {
        d.signatures.push(SignatureInfo {
            field: String::new(),
            signer: String::new(),
            email: String::new(),
            organization: String::new(),
            signed_at: Some(at.into()),
            time_source: TimeSource::SigDictM,
            sub_filter: String::new(),
            covers_whole_file: true,
            digest_ok: Verdict::True,
            revision: 1,
            byte_range_end: 0,
            message: String::new(),
        });
        d
    }

    const KIM_TRA: &str = "Phường Kim Trà";
    const KIND: &str = "emulation_awards_5y";

    fn superseded(docs: &[DocReport]) -> Vec<&str> {
        docs.iter()
            .filter(|d| d.superseded)
            .map(|d| d.file.as_str())
            .collect()
    }

    #[test]
    fn the_latest_dated_report_wins() {
        let mut docs = vec![
            doc("b.pdf", KIM_TRA, KIND, "2025-08-28"),
            doc("a.pdf", KIM_TRA, KIND, "2025-09-02"),
            doc("c.pdf", "Phường An Cựu", KIND, "2025-01-01"),
        ];
        finish(&rules(), &mut docs);
        assert_eq!(superseded(&docs), ["b.pdf"]);
        let check = &docs[0].checks[0];
        assert_eq!(check.id, CheckId::DuplicateReport);
        assert_eq!(check.severity, Severity::Info);
        assert!(check
            .detail
            .starts_with("superseded by a.pdf (dated 2025-09-02)"));
    }

    #[test]
    fn on_the_same_date_the_later_signature_then_the_file_name_wins() {
        let mut docs = vec![
            signed_at(
                doc("a.pdf", KIM_TRA, KIND, "2025-08-28"),
                "2025-08-28T15:00:00+07:00",
            ),
            signed_at(
                doc("b.pdf", KIM_TRA, KIND, "2025-08-28"),
                "2025-08-28T09:00:00+07:00",
            ),
        ];
        finish(&rules(), &mut docs);
        assert_eq!(superseded(&docs), ["b.pdf"]);
        let mut docs = vec![
            doc("a.pdf", KIM_TRA, KIND, "2025-08-28"),
            doc("b.pdf", KIM_TRA, KIND, "2025-08-28"),
        ];
        finish(&rules(), &mut docs);
        assert_eq!(superseded(&docs), ["a.pdf"]);
    }

    #[test]
    fn unread_reports_and_reports_of_unknown_units_never_supersede() {
        let mut scan = doc("scan.pdf", KIM_TRA, KIND, "2026-01-01");
        scan.status = Status::NoText;
        let mut docs = vec![
            doc("a.pdf", KIM_TRA, KIND, "2025-08-28"),
            scan,
            doc("x.pdf", "", KIND, "2025-08-28"),
            doc("y.pdf", "", KIND, "2025-08-29"),
        ];
        finish(&rules(), &mut docs);
        assert!(superseded(&docs).is_empty());
    }

    #[test]
    fn every_registry_unit_without_a_report_of_a_kind_is_missing_once() {
        let rules = rules();
        let mut docs = vec![
            doc("a.pdf", KIM_TRA, KIND, "2025-08-28"),
            doc("b.pdf", "Phường An Cựu", "other_kind", "2025-08-28"),
        ];
        let missing = finish(&rules, &mut docs);
        assert_eq!(missing.len(), rules.units.units.len());
        let kim_tra = missing.iter().find(|m| m.unit == KIM_TRA).unwrap();
        assert_eq!(kim_tra.check.id, CheckId::MissingReport);
        assert_eq!(kim_tra.check.subject, KIM_TRA);
        assert_eq!(
            kim_tra.check.detail,
            "no report of kind other_kind in this batch"
        );
        let other = missing.iter().find(|m| m.unit == "Phường Phú Xuân");
        assert!(other.is_some_and(
            |m| m.check.detail.contains(KIND) && m.check.detail.contains("other_kind")
        ));
    }
}
