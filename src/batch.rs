//! Batch-level stage: what only shows across reports. Files that could not
//! be read at all (`unreadable_file`, one per file), duplicate reports of
//! one unit and kind (the latest wins; the others are superseded), which
//! report kinds the batch expects ([`Expected`]) and the registry units
//! that did not send one (`missing_report`).

use std::collections::{BTreeMap, BTreeSet};

use baocao_rules::checks::CheckId;
use baocao_rules::Rules;

use crate::model::{BatchCheck, Check, Detail, Status};
use crate::store::Head;

/// The report kinds a batch expects every unit to send, and why.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Expected {
    pub kinds: Vec<String>,
    pub from: ExpectedFrom,
    /// Per kind found in the batch, the units that sent one (read, unit known).
    pub sent: Vec<(String, usize)>,
    /// Units with at least one read report in the batch.
    pub units: usize,
}

/// Where the expected kinds come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExpectedFrom {
    /// `baocao run --expect KIND`.
    Argument,
    /// `[missing_report] expect` in rules/checks.toml.
    Rules,
    /// Kinds sent by at least half of the units in the batch.
    #[default]
    Inferred,
}

impl Expected {
    /// The kinds asked for on the command line, else those the rules
    /// declare, else those sent by at least half of the batch's units.
    pub fn resolve(rules: &Rules, docs: &[Head], asked: &[String]) -> Expected {
        let (sent, units) = kinds_sent(docs);
        let declared: Vec<String> = rules
            .checks
            .expected_kinds()
            .into_iter()
            .map(str::to_string)
            .collect();
        let (kinds, from) = if !asked.is_empty() {
            (asked.to_vec(), ExpectedFrom::Argument)
        } else if !declared.is_empty() {
            (declared, ExpectedFrom::Rules)
        } else {
            let half = units.div_ceil(2).max(1);
            let kinds = sent
                .iter()
                .filter(|(_, n)| *n >= half)
                .map(|(k, _)| k.clone())
                .collect();
            (kinds, ExpectedFrom::Inferred)
        };
        Expected {
            kinds,
            from,
            sent,
            units,
        }
    }
}

/// Per kind, how many units sent a read report of it; and how many units
/// sent any.
fn kinds_sent(docs: &[Head]) -> (Vec<(String, usize)>, usize) {
    let mut by_kind: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut units = BTreeSet::new();
    for d in docs
        .iter()
        .filter(|d| d.status == Status::Ok && !d.unit.is_empty())
    {
        units.insert(d.unit.as_str());
        if !d.kind.is_empty() {
            by_kind.entry(&d.kind).or_default().insert(&d.unit);
        }
    }
    let sent = by_kind
        .into_iter()
        .map(|(k, u)| (k.to_string(), u.len()))
        .collect();
    (sent, units.len())
}

/// Add `unreadable_file` checks and mark superseded reports (with
/// `duplicate_report` checks); return the registry-level checks
/// (`missing_report` for the expected kinds).
pub fn finish(rules: &Rules, docs: &mut [Head], expected: &Expected) -> Vec<BatchCheck> {
    unreadable(rules, docs);
    mark_superseded(rules, docs);
    missing_reports(rules, docs, &expected.kinds)
}

/// One `unreadable_file` per file nothing could be read from.
fn unreadable(rules: &Rules, docs: &mut [Head]) {
    for d in docs.iter_mut().filter(|d| d.status.is_failure()) {
        d.added.push(Check {
            id: CheckId::UnreadableFile,
            severity: rules.checks.severity(CheckId::UnreadableFile),
            subject: String::new(),
            detail: Detail::Unreadable {
                status: d.status,
                reason: d.message.clone(),
            },
        });
    }
}

/// Among reports of one unit and kind, the latest by doc date, then by last
/// signing time, then by file name wins.
fn mark_superseded(rules: &Rules, docs: &mut [Head]) {
    let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        if d.status == Status::Ok && !d.unit.is_empty() && !d.kind.is_empty() {
            groups.entry((&d.unit, &d.kind)).or_default().push(i);
        }
    }
    let duplicates: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    for group in duplicates {
        let winner = latest(docs, &group);
        let detail = Detail::Superseded {
            by: docs[winner].file.clone(),
            dated: docs[winner].doc_date.clone(),
        };
        for &i in group.iter().filter(|&&i| i != winner) {
            let d = &mut docs[i];
            d.superseded = true;
            d.added.push(Check {
                id: CheckId::DuplicateReport,
                severity: rules.checks.severity(CheckId::DuplicateReport),
                subject: String::new(),
                detail: detail.clone(),
            });
        }
    }
}

/// The index of the latest report of a group.
fn latest(docs: &[Head], group: &[usize]) -> usize {
    let key = |i: usize| {
        let d = &docs[i];
        (&d.doc_date, d.last_signed_at.as_deref(), &d.file)
    };
    *group
        .iter()
        .max_by(|&&a, &&b| key(a).cmp(&key(b)))
        .expect("non-empty group")
}

/// One `missing_report` per registry unit lacking a report of an expected
/// kind (a report that was read, whatever its other findings).
fn missing_reports(rules: &Rules, docs: &[Head], expected: &[String]) -> Vec<BatchCheck> {
    let mut out = Vec::new();
    for u in &rules.units.units {
        let missing: Vec<String> = expected
            .iter()
            .filter(|k| !docs.iter().any(|d| d.unit == u.name && d.kind == **k))
            .cloned()
            .collect();
        if missing.is_empty() {
            continue;
        }
        out.push(BatchCheck {
            unit: u.name.clone(),
            check: Check {
                id: CheckId::MissingReport,
                severity: rules.checks.severity(CheckId::MissingReport),
                subject: u.name.clone(),
                detail: Detail::MissingReports { kinds: missing },
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocReport;
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

    /// The batch stage with the kinds inferred from the batch.
    fn finish(rules: &Rules, docs: &mut [DocReport]) -> Vec<BatchCheck> {
        let expected = Expected::resolve(rules, &heads(docs), &[]);
        finish_as(rules, docs, &expected)
    }

    fn heads(docs: &[DocReport]) -> Vec<Head> {
        docs.iter().map(Head::of).collect()
    }

    /// The batch stage on the reports' heads, its marks applied to the
    /// reports as they are when read back.
    fn finish_as(rules: &Rules, docs: &mut [DocReport], expected: &Expected) -> Vec<BatchCheck> {
        let mut heads = heads(docs);
        let checks = super::finish(rules, &mut heads, expected);
        for (d, h) in docs.iter_mut().zip(&heads) {
            h.apply(d);
        }
        checks
    }

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
        assert_eq!(
            check.detail,
            Detail::Superseded {
                by: "a.pdf".into(),
                dated: "2025-09-02".into()
            }
        );
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
            Detail::MissingReports {
                kinds: vec!["other_kind".into()]
            }
        );
        let other = missing.iter().find(|m| m.unit == "Phường Phú Xuân");
        assert_eq!(
            other.map(|m| &m.check.detail),
            Some(&Detail::MissingReports {
                kinds: vec![KIND.into(), "other_kind".into()]
            })
        );
    }

    /// Three units sent KIND, one of them also `other_kind`.
    fn three_units() -> Vec<DocReport> {
        vec![
            doc("a.pdf", KIM_TRA, KIND, "2025-08-28"),
            doc("b.pdf", "Phường An Cựu", KIND, "2025-08-28"),
            doc("c.pdf", "Xã Phú Vang", KIND, "2025-08-28"),
            doc("d.pdf", KIM_TRA, "other_kind", "2025-08-28"),
        ]
    }

    #[test]
    fn a_kind_sent_by_fewer_than_half_of_the_units_is_not_expected() {
        let rules = rules();
        let mut docs = three_units();
        let expected = Expected::resolve(&rules, &heads(&docs), &[]);
        assert_eq!(expected.kinds, [KIND]);
        assert_eq!(expected.from, ExpectedFrom::Inferred);
        assert_eq!(expected.units, 3);
        assert_eq!(
            expected.sent,
            [(KIND.to_string(), 3), ("other_kind".to_string(), 1)]
        );
        let missing = finish_as(&rules, &mut docs, &expected);
        assert_eq!(missing.len(), rules.units.units.len() - 3);
        assert!(missing.iter().all(|m| m.check.detail
            == Detail::MissingReports {
                kinds: vec![KIND.into()]
            }));
    }

    #[test]
    fn the_expected_kinds_asked_for_win() {
        let rules = rules();
        let mut docs = three_units();
        let asked = ["other_kind".to_string()];
        let expected = Expected::resolve(&rules, &heads(&docs), &asked);
        assert_eq!(expected.from, ExpectedFrom::Argument);
        let missing = finish_as(&rules, &mut docs, &expected);
        assert_eq!(missing.len(), rules.units.units.len() - 1);
        assert!(!missing.iter().any(|m| m.unit == KIM_TRA));
    }

    #[test]
    fn every_unreadable_file_gets_its_check_with_status_and_reason() {
        let mut docs = vec![
            DocReport::failed("locked.pdf", Status::Encrypted, "encrypted (password)"),
            DocReport::failed("scan.pdf", Status::NoText, "no text layer"),
            doc("a.pdf", KIM_TRA, KIND, "2025-08-28"),
        ];
        finish(&rules(), &mut docs);
        let check = &docs[0].checks[0];
        assert_eq!(check.id, CheckId::UnreadableFile);
        assert_eq!(check.severity, Severity::Error);
        assert_eq!(
            check.detail,
            Detail::Unreadable {
                status: Status::Encrypted,
                reason: "encrypted (password)".into()
            }
        );
        assert!(docs[1].checks.is_empty(), "a scan is read, not unreadable");
        assert!(docs[2].checks.is_empty());
    }
}
