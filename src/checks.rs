//! Per-report checks: what a commission clerk would check by hand on one
//! report. Severities come from `rules/checks.toml`; batch-level checks
//! (duplicates, missing reports) are in [`crate::batch`].

use std::collections::BTreeMap;

use baocao_rules::metrics::Aggregate;
use baocao_rules::Rules;
use baocao_sig::{SigError, SignatureReport, Verdict};
use baocao_viet::quality::Quality;

use crate::model::{CheckRow, DocReport, Status};

/// What the per-file stages found, besides the report itself.
pub struct Found<'a> {
    pub errors: &'a [String],
    pub legacy: &'a baocao_pdf::legacy::Summary,
    pub quality: &'a BTreeMap<u32, Quality>,
    pub signatures: &'a Result<SignatureReport, SigError>,
}

/// Run every per-report check and append the findings to `report.checks`.
pub fn per_document(rules: &Rules, report: &mut DocReport, found: &Found) {
    let mut out = Vec::new();
    let mut add = |check: &str, subject: &str, detail: String| {
        out.push(CheckRow {
            check: check.into(),
            severity: String::new(),
            subject: subject.into(),
            detail,
        });
    };
    text_layer(report, found, &mut add);
    if report.status == Status::Ok {
        unit_and_sections(rules, report, &mut add);
        figures(rules, report, &mut add);
    }
    if matches!(report.status, Status::Ok | Status::NoText) {
        signatures(report, found.signatures, &mut add);
    }
    for c in &mut out {
        let key = match c.check.as_str() {
            "missing_section" => section_severity_key(report, &c.subject),
            other => other,
        };
        c.severity = rules.checks.severity(key).as_str().into();
    }
    report.checks.extend(out);
}

fn section_severity_key(report: &DocReport, section: &str) -> &'static str {
    let required = report
        .sections
        .iter()
        .any(|s| s.section == section && s.required);
    if required {
        "missing_section_required"
    } else {
        "missing_section_recommended"
    }
}

type Add<'a> = dyn FnMut(&str, &str, String) + 'a;

fn text_layer(report: &mut DocReport, found: &Found, add: &mut Add) {
    if !found.errors.is_empty() && report.status == Status::Ok {
        add(
            "extraction_error",
            "",
            format!(
                "text of some pages could not be fully extracted: {}",
                found.errors.join("; ")
            ),
        );
        report.message = join_message(
            &report.message,
            &format!("{} page(s) failed to extract", found.errors.len()),
        );
    }
    if report.status == Status::NoText {
        add(
            "no_text_layer",
            "",
            format!(
                "none of the {} page(s) has a text layer; the report must be read by eye or OCR'd",
                report.pages
            ),
        );
    }
    let doubtful: Vec<String> = found
        .quality
        .iter()
        .filter(|(_, q)| matches!(q, Quality::NoDiacritics | Quality::BrokenMap))
        .map(|(p, q)| format!("{p} ({})", crate::analyze::quality_label(*q)))
        .collect();
    if !doubtful.is_empty() && report.status == Status::Ok {
        add("low_text_quality", "", format!("text layer of doubtful quality on page(s) {}: figures from these pages are marked in figures.csv `quality`; re-read them by eye", doubtful.join(", ")));
        report.message = join_message(&report.message, "doubtful text layer (OCR?)");
    }
    if found.legacy.converted() > 0 {
        add(
            "legacy_encoding",
            "",
            format!(
                "converted {} TCVN3 and {} VNI text run(s) to Unicode",
                found.legacy.tcvn3_runs, found.legacy.vni_runs
            ),
        );
    }
}

fn unit_and_sections(rules: &Rules, report: &DocReport, add: &mut Add) {
    if report.unit.is_empty() {
        let detail = if report.unit_as_written.is_empty() {
            "no reporting unit found in the letterhead".to_string()
        } else {
            format!(
                "`{}` is not a unit of the registry (rules/units.toml)",
                report.unit_as_written
            )
        };
        add("unknown_unit", "", detail);
    }
    for s in report.sections.iter().filter(|s| !s.present) {
        let label = report_kind_section_label(rules, &report.kind, &s.section);
        add(
            "missing_section",
            &s.section,
            format!(
                "section `{}` ({label}) has no heading with a body",
                s.section
            ),
        );
    }
}

fn report_kind_section_label(rules: &Rules, kind: &str, section: &str) -> String {
    rules
        .sections
        .for_kind(kind)
        .and_then(|t| t.sections.iter().find(|s| s.id == section))
        .map(|s| s.label.clone())
        .unwrap_or_default()
}

fn figures(rules: &Rules, report: &DocReport, add: &mut Add) {
    for f in report
        .figures
        .iter()
        .filter(|f| !f.known_subunit && !f.subunit.is_empty())
    {
        add(
            "unknown_subunit",
            &f.metric,
            format!(
                "`{}` is not a former unit of {} (page {})",
                f.subunit,
                if report.unit.is_empty() {
                    "this unit"
                } else {
                    &report.unit
                },
                f.page
            ),
        );
    }
    for m in &rules.metrics.metrics {
        let whole: Vec<f64> = report
            .figures
            .iter()
            .filter(|f| f.metric == m.id && f.subunit.is_empty())
            .map(|f| f.value)
            .collect();
        let parts: Vec<f64> = report
            .figures
            .iter()
            .filter(|f| f.metric == m.id && !f.subunit.is_empty())
            .map(|f| f.value)
            .collect();
        if whole.len() > 1 {
            add(
                "figure_conflict",
                &m.id,
                format!(
                    "{} is stated with different values: {}",
                    m.label,
                    list(&whole)
                ),
            );
        }
        if m.aggregate == Aggregate::Sum && parts.len() >= 2 {
            if let Some(total) = whole.first() {
                let sum: f64 = parts.iter().sum();
                if (sum - total).abs() > 0.5 {
                    add(
                        "breakdown_mismatch",
                        &m.id,
                        format!(
                            "{}: the parts add up to {} but the total stated is {}",
                            m.label,
                            fmt(sum),
                            fmt(*total)
                        ),
                    );
                }
            }
        }
        if let Some(b) = m.bounds {
            for f in report
                .figures
                .iter()
                .filter(|f| f.metric == m.id && (f.value < b.min || f.value > b.max))
            {
                let who = if f.subunit.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", f.subunit)
                };
                add(
                    "implausible_value",
                    &m.id,
                    format!(
                        "{}{who} = {} is outside [{}, {}] (page {})",
                        m.label,
                        fmt(f.value),
                        fmt(b.min),
                        fmt(b.max),
                        f.page
                    ),
                );
            }
        }
    }
    for r in &rules.checks.ratios {
        let first = |id: &str| {
            report
                .figures
                .iter()
                .find(|f| f.metric == id && f.subunit.is_empty())
                .map(|f| f.value)
        };
        if let (Some(n), Some(d)) = (first(&r.numerator), first(&r.denominator)) {
            if d > 0.0 && (n / d < r.min || n / d > r.max) {
                add(
                    "implausible_value",
                    &r.numerator,
                    format!(
                        "{} = {} / {} = {} is outside [{}, {}]",
                        r.label,
                        fmt(n),
                        fmt(d),
                        fmt((n / d).round()),
                        fmt(r.min),
                        fmt(r.max)
                    ),
                );
            }
        }
    }
}

fn signatures(report: &DocReport, sig: &Result<SignatureReport, SigError>, add: &mut Add) {
    let sig = match sig {
        Ok(s) => s,
        Err(e) => {
            add(
                "unsigned_report",
                "",
                format!("signatures could not be read: {e}"),
            );
            return;
        }
    };
    if sig.signatures.is_empty() {
        add(
            "unsigned_report",
            "",
            "the file carries no digital signature".into(),
        );
        return;
    }
    for (i, s) in sig.signatures.iter().enumerate() {
        if s.digest_ok == Verdict::False {
            add(
                "signature_digest_mismatch",
                "",
                format!(
                    "signature #{} ({}) does not match the signed bytes: {}",
                    i + 1,
                    s.signer,
                    s.message
                ),
            );
        }
    }
    if !sig.after_last_signature.is_empty() {
        let what: Vec<String> = sig
            .after_last_signature
            .iter()
            .map(|m| m.description.clone())
            .collect();
        add(
            "modified_after_signing",
            "",
            format!(
                "the file changed after its last signature: {}",
                what.join("; ")
            ),
        );
    }
    if !report.unit.is_empty() {
        let unit_key = baocao_rules::units::bare_key(&report.unit);
        let sealed = sig
            .signatures
            .iter()
            .any(|s| baocao_rules::units::bare_key(&s.signer) == unit_key);
        if !sealed {
            add(
                "missing_unit_seal",
                "",
                format!(
                    "no signature by the unit itself (ỦY BAN NHÂN DÂN {})",
                    report.unit.to_uppercase()
                ),
            );
        }
    }
}

fn join_message(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}; {b}")
    }
}

fn list(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| fmt(*v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A number as a plain string: integers without ".0".
pub fn fmt(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}
