//! Per-report checks: what a commission clerk would check by hand on one
//! report. Severities come from `rules/checks.toml`; batch-level checks
//! (duplicates, missing reports) are in [`crate::batch`].

use baocao_pdf::legacy::Summary;
use baocao_pdf::{PageError, ReadText};
use baocao_rules::checks::{CheckId, Checks, Severity};
use baocao_rules::metrics::{Aggregate, Metric};
use baocao_rules::Rules;
use baocao_sig::{SigError, SignatureReport, Verdict};
use baocao_viet::quality::Quality;

use crate::model::{Check, DocReport, Status};
use crate::output::number::plain;

/// What the per-file stages found, besides the report itself.
pub struct Found<'a> {
    pub errors: &'a [PageError],
    pub legacy: &'a Summary,
    pub quality: &'a [(u32, Quality)],
    pub signatures: &'a Result<SignatureReport, SigError>,
}

impl<'a> Found<'a> {
    /// What the text stage and the signature reader found.
    pub fn of(read: &'a ReadText, signatures: &'a Result<SignatureReport, SigError>) -> Self {
        Found {
            errors: &read.errors,
            legacy: &read.legacy,
            quality: &read.quality,
            signatures,
        }
    }
}

/// Findings as they are made, each with its severity from the rules.
struct Findings<'r> {
    severities: &'r Checks,
    checks: Vec<Check>,
}

impl Findings<'_> {
    fn add(&mut self, id: CheckId, subject: &str, detail: String) {
        let severity = self.severities.severity(id);
        self.add_as(id, severity, subject, detail);
    }

    fn add_as(&mut self, id: CheckId, severity: Severity, subject: &str, detail: String) {
        self.checks.push(Check {
            id,
            severity,
            subject: subject.to_string(),
            detail,
        });
    }
}

/// Run every per-report check and append the findings to `report.checks`.
pub fn per_document(rules: &Rules, report: &mut DocReport, found: &Found) {
    let mut out = Findings {
        severities: &rules.checks,
        checks: Vec::new(),
    };
    text_layer(report, found, &mut out);
    if report.status == Status::Ok {
        unit_and_sections(rules, report, &mut out);
        figures(rules, report, &mut out);
    }
    if matches!(report.status, Status::Ok | Status::NoText) {
        signatures(report, found.signatures, &mut out);
    }
    report.checks.extend(out.checks);
}

fn text_layer(report: &mut DocReport, found: &Found, out: &mut Findings) {
    if !found.errors.is_empty() && report.status == Status::Ok {
        let errors: Vec<String> = found.errors.iter().map(ToString::to_string).collect();
        out.add(
            CheckId::ExtractionError,
            "",
            format!(
                "text of some pages could not be fully extracted: {}",
                errors.join("; ")
            ),
        );
        report.message = join_message(
            &report.message,
            &format!("{} page(s) failed to extract", found.errors.len()),
        );
    }
    if report.status == Status::NoText {
        out.add(
            CheckId::NoTextLayer,
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
        .filter(|(_, q)| q.is_doubtful())
        .map(|(p, q)| format!("{p} ({q})"))
        .collect();
    if !doubtful.is_empty() && report.status == Status::Ok {
        out.add(CheckId::LowTextQuality, "", format!("text layer of doubtful quality on page(s) {}: figures from these pages are marked in figures.csv `quality`; re-read them by eye", doubtful.join(", ")));
        report.message = join_message(&report.message, "doubtful text layer (OCR?)");
    }
    if found.legacy.converted() > 0 {
        out.add(
            CheckId::LegacyEncoding,
            "",
            format!(
                "converted {} TCVN3 and {} VNI text run(s) to Unicode",
                found.legacy.tcvn3_runs, found.legacy.vni_runs
            ),
        );
    }
}

fn unit_and_sections(rules: &Rules, report: &DocReport, out: &mut Findings) {
    if report.unit.is_empty() {
        let detail = if report.unit_as_written.is_empty() {
            "no reporting unit found in the letterhead".to_string()
        } else {
            format!(
                "`{}` is not a unit of the registry (rules/units.toml)",
                report.unit_as_written
            )
        };
        out.add(CheckId::UnknownUnit, "", detail);
    }
    for s in report.sections.iter().filter(|s| !s.present) {
        let label = section_label(rules, &report.kind, &s.id);
        out.add_as(
            CheckId::MissingSection,
            rules.checks.missing_section(s.required),
            &s.id,
            format!("section `{}` ({label}) has no heading with a body", s.id),
        );
    }
}

fn section_label(rules: &Rules, kind: &str, section: &str) -> String {
    rules
        .sections
        .for_kind(kind)
        .and_then(|t| t.sections.iter().find(|s| s.id == section))
        .map(|s| s.label.clone())
        .unwrap_or_default()
}

fn figures(rules: &Rules, report: &DocReport, out: &mut Findings) {
    for f in report
        .figures
        .iter()
        .map(|f| &f.figure)
        .filter(|f| !f.known_subunit && !f.subunit.is_empty())
    {
        out.add(
            CheckId::UnknownSubunit,
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
        conflict_and_breakdown(report, m, out);
        implausible(report, m, out);
    }
    ratios(rules, report, out);
}

/// A whole-unit metric stated twice (`figure_conflict`); parts that do not
/// add up to the unit's value (`breakdown_mismatch`).
fn conflict_and_breakdown(report: &DocReport, m: &Metric, out: &mut Findings) {
    let whole: Vec<f64> = report.whole_unit(&m.id).map(|f| f.figure.value).collect();
    if whole.len() > 1 {
        out.add(
            CheckId::FigureConflict,
            &m.id,
            format!(
                "{} is stated with different values: {}",
                m.label,
                list(&whole)
            ),
        );
    }
    let parts: Vec<f64> = report
        .figures
        .iter()
        .filter(|f| f.figure.metric == m.id && !f.is_whole_unit())
        .map(|f| f.figure.value)
        .collect();
    if m.aggregate != Aggregate::Sum || parts.len() < 2 {
        return;
    }
    if let Some(total) = report.unit_value(&m.id) {
        let sum: f64 = parts.iter().sum();
        if (sum - total).abs() > 0.5 {
            out.add(
                CheckId::BreakdownMismatch,
                &m.id,
                format!(
                    "{}: the parts add up to {} but the total stated is {}",
                    m.label,
                    plain(sum),
                    plain(total)
                ),
            );
        }
    }
}

/// Figures the analysis marked implausible (outside the metric's bounds).
fn implausible(report: &DocReport, m: &Metric, out: &mut Findings) {
    let Some(b) = m.bounds else { return };
    for f in report
        .figures
        .iter()
        .filter(|f| f.figure.metric == m.id && !f.plausible)
    {
        let f = &f.figure;
        let who = if f.subunit.is_empty() {
            String::new()
        } else {
            format!(" ({})", f.subunit)
        };
        out.add(
            CheckId::ImplausibleValue,
            &m.id,
            format!(
                "{}{who} = {} is outside [{}, {}] (page {})",
                m.label,
                plain(f.value),
                plain(b.min),
                plain(b.max),
                f.page
            ),
        );
    }
}

/// Ratios of two of the unit's values outside their bounds (rules/checks.toml).
fn ratios(rules: &Rules, report: &DocReport, out: &mut Findings) {
    for r in &rules.checks.ratios {
        let (Some(n), Some(d)) = (
            report.unit_value(&r.numerator),
            report.unit_value(&r.denominator),
        ) else {
            continue;
        };
        if d > 0.0 && (n / d < r.min || n / d > r.max) {
            out.add(
                CheckId::ImplausibleValue,
                &r.numerator,
                format!(
                    "{} = {} / {} = {} is outside [{}, {}]",
                    r.label,
                    plain(n),
                    plain(d),
                    plain((n / d).round()),
                    plain(r.min),
                    plain(r.max)
                ),
            );
        }
    }
}

fn signatures(report: &DocReport, sig: &Result<SignatureReport, SigError>, out: &mut Findings) {
    let sig = match sig {
        Ok(s) => s,
        Err(e) => {
            out.add(
                CheckId::UnsignedReport,
                "",
                format!("signatures could not be read: {e}"),
            );
            return;
        }
    };
    if sig.signatures.is_empty() {
        out.add(
            CheckId::UnsignedReport,
            "",
            "the file carries no digital signature".into(),
        );
        return;
    }
    for (i, s) in sig.signatures.iter().enumerate() {
        if s.digest_ok == Verdict::False {
            out.add(
                CheckId::SignatureDigestMismatch,
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
        let what: Vec<&str> = sig
            .after_last_signature
            .iter()
            .map(|m| m.description.as_str())
            .collect();
        out.add(
            CheckId::ModifiedAfterSigning,
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
            out.add(
                CheckId::MissingUnitSeal,
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
        .map(|v| plain(*v))
        .collect::<Vec<_>>()
        .join(", ")
}
