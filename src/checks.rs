//! Per-report checks: what a commission clerk would check by hand on one
//! report. Severities come from `rules/checks.toml`; batch-level checks
//! (duplicates, missing reports) are in [`crate::batch`].

use baocao_pdf::legacy::Summary;
use baocao_pdf::PageError;
use baocao_rules::checks::{CheckId, Checks, Severity};
use baocao_rules::metrics::{Aggregate, Metric};
use baocao_rules::Rules;
use baocao_sig::{SignatureReport, Verdict};
use baocao_viet::quality::Quality;

use crate::extraction::Extraction;
use crate::model::{Check, Detail, DocReport, Status};

/// What the per-file stages found, besides the report itself.
pub struct Found<'a> {
    pub errors: &'a [PageError],
    pub legacy: &'a Summary,
    pub quality: &'a [(u32, Quality)],
    /// Mean word confidence of every page read by OCR.
    pub ocr_confidence: Vec<(u32, f32)>,
    /// The signatures, or why they could not be read.
    pub signatures: &'a Result<SignatureReport, String>,
}

impl<'a> Found<'a> {
    /// What the text stage and the signature reader found.
    pub fn of(x: &'a Extraction) -> Self {
        Found {
            errors: &x.errors,
            legacy: &x.legacy,
            quality: &x.quality,
            ocr_confidence: x.ocr_confidences(),
            signatures: &x.signatures,
        }
    }
}

/// A page read by OCR with a mean word confidence under this (0–100) is
/// unsure (`low_ocr_confidence`).
pub const LOW_OCR_PAGE: f32 = 80.0;
/// A figure whose snippet OCR read with a mean word confidence under this
/// is unsure.
pub const LOW_OCR_FIGURE: f32 = 80.0;

/// Findings as they are made, each with its severity from the rules.
struct Findings<'r> {
    severities: &'r Checks,
    checks: Vec<Check>,
}

impl Findings<'_> {
    fn add(&mut self, id: CheckId, subject: &str, detail: Detail) {
        let severity = self.severities.severity(id);
        self.add_as(id, severity, subject, detail);
    }

    fn add_as(&mut self, id: CheckId, severity: Severity, subject: &str, detail: Detail) {
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
        ocr_confidence(report, found, &mut out);
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
            Detail::PagesNotExtracted { errors },
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
            Detail::NoTextLayer {
                pages: report.pages,
            },
        );
    }
    let doubtful: Vec<(u32, Quality)> = found
        .quality
        .iter()
        .filter(|(_, q)| q.is_doubtful())
        .copied()
        .collect();
    if !doubtful.is_empty() && report.status == Status::Ok {
        out.add(
            CheckId::LowTextQuality,
            "",
            Detail::DoubtfulPages { pages: doubtful },
        );
        report.message = join_message(&report.message, "doubtful text layer (OCR?)");
    }
    if found.legacy.converted() > 0 {
        out.add(
            CheckId::LegacyEncoding,
            "",
            Detail::LegacyRuns {
                tcvn3: found.legacy.tcvn3_runs,
                vni: found.legacy.vni_runs,
            },
        );
    }
}

/// Pages and figures OCR was unsure of (`low_ocr_confidence`).
fn ocr_confidence(report: &DocReport, found: &Found, out: &mut Findings) {
    let pages: Vec<(u32, f32)> = found
        .ocr_confidence
        .iter()
        .filter(|(_, c)| *c < LOW_OCR_PAGE)
        .map(|(n, c)| (*n, *c))
        .collect();
    let figures: Vec<(String, u32, f32)> = report
        .figures
        .iter()
        .filter_map(|f| f.ocr_confidence.map(|c| (f, c)))
        .filter(|(_, c)| *c < LOW_OCR_FIGURE)
        .map(|(f, c)| (f.figure.metric.clone(), f.figure.page, c))
        .collect();
    let misreads = report.ocr_misreads.clone();
    if pages.is_empty() && figures.is_empty() && misreads.is_empty() {
        return;
    }
    out.add(
        CheckId::LowOcrConfidence,
        "",
        Detail::LowOcrConfidence {
            pages,
            figures,
            misreads,
        },
    );
}

fn unit_and_sections(rules: &Rules, report: &DocReport, out: &mut Findings) {
    let kind = report.kind.clone();
    if report.unit.is_empty() {
        let detail = if report.unit_as_written.is_empty() {
            Detail::NoUnit
        } else {
            Detail::UnitNotInRegistry {
                written: report.unit_as_written.clone(),
            }
        };
        out.add(CheckId::UnknownUnit, "", detail);
    }
    for s in report.sections.iter().filter(|s| !s.present) {
        out.add_as(
            CheckId::MissingSection,
            rules.checks.missing_section(s.required),
            &s.id,
            Detail::SectionMissing {
                section: s.id.clone(),
                kind: kind.clone(),
            },
        );
    }
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
            Detail::UnknownSubunit {
                subunit: f.subunit.clone(),
                unit: report.unit.clone(),
                page: f.page,
            },
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
            Detail::FigureConflict {
                metric: m.id.clone(),
                values: whole,
            },
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
                Detail::BreakdownMismatch {
                    metric: m.id.clone(),
                    parts: sum,
                    total,
                },
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
        out.add(
            CheckId::ImplausibleValue,
            &m.id,
            Detail::OutOfBounds {
                metric: m.id.clone(),
                subunit: f.subunit.clone(),
                value: f.value,
                min: b.min,
                max: b.max,
                page: f.page,
            },
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
                Detail::RatioOutOfBounds {
                    ratio: r.id.clone(),
                    numerator: n,
                    denominator: d,
                    min: r.min,
                    max: r.max,
                },
            );
        }
    }
}

fn signatures(report: &DocReport, sig: &Result<SignatureReport, String>, out: &mut Findings) {
    let sig = match sig {
        Ok(s) => s,
        Err(e) => {
            out.add(
                CheckId::UnsignedReport,
                "",
                Detail::SignaturesUnreadable {
                    error: e.to_string(),
                },
            );
            return;
        }
    };
    if sig.signatures.is_empty() {
        out.add(CheckId::UnsignedReport, "", Detail::NoSignature);
        return;
    }
    for (i, s) in sig.signatures.iter().enumerate() {
        if s.digest_ok == Verdict::False {
            out.add(
                CheckId::SignatureDigestMismatch,
                "",
                Detail::DigestMismatch {
                    number: i + 1,
                    signer: s.signer.clone(),
                    note: s.message.clone(),
                },
            );
        }
    }
    if !sig.after_last_signature.is_empty() {
        let changes: Vec<String> = sig
            .after_last_signature
            .iter()
            .map(|m| m.description.clone())
            .collect();
        out.add(
            CheckId::ModifiedAfterSigning,
            "",
            Detail::ChangedAfterSigning { changes },
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
                Detail::NoUnitSeal {
                    unit: report.unit.clone(),
                },
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ReportedFigure;
    use baocao_rules::sections::SectionStatus;
    use baocao_rules::Figure;
    use baocao_sig::{SignatureInfo, TimeSource};

    fn rules() -> Rules {
        Rules::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap()
    }

    fn report() -> DocReport {
        let mut d = DocReport::failed("a.pdf", Status::Ok, "");
        d.unit = "Phường Kim Trà".into();
        d.kind = "emulation_awards_5y".into();
        d.pages = 3;
        d
    }

    fn figure(metric: &str, subunit: &str, value: f64, plausible: bool) -> ReportedFigure {
        ReportedFigure {
            figure: Figure {
                metric: metric.into(),
                subunit: subunit.into(),
                known_subunit: !subunit.is_empty(),
                value,
                unit_of_measure: String::new(),
                page: 2,
                rule: String::new(),
                snippet: String::new(),
                span: 0..0,
            },
            quality: Quality::Good,
            plausible,
            ocr_confidence: None,
        }
    }

    fn signed_by(signer: &str) -> SignatureInfo {
        SignatureInfo {
            field: "Signature1".into(),
            signer: signer.into(),
            email: String::new(),
            organization: String::new(),
            signed_at: None,
            time_source: TimeSource::None,
            sub_filter: "adbe.pkcs7.detached".into(),
            covers_whole_file: true,
            digest_ok: Verdict::True,
            revision: 1,
            byte_range_end: 100,
            message: String::new(),
        }
    }

    fn signatures(list: Vec<SignatureInfo>) -> Result<SignatureReport, String> {
        Ok(SignatureReport {
            signatures: list,
            revisions: 1,
            after_last_signature: Vec::new(),
        })
    }

    /// The checks of `report` with nothing else found than `sig`.
    fn run(report: &mut DocReport, sig: &Result<SignatureReport, String>) -> Vec<Check> {
        let legacy = Summary::default();
        let found = Found {
            errors: &[],
            legacy: &legacy,
            quality: &[],
            ocr_confidence: Vec::new(),
            signatures: sig,
        };
        per_document(&rules(), report, &found);
        report.checks.clone()
    }

    fn sealed() -> Result<SignatureReport, String> {
        signatures(vec![signed_by("ỦY BAN NHÂN DÂN PHƯỜNG KIM TRÀ")])
    }

    fn ids(checks: &[Check]) -> Vec<CheckId> {
        checks.iter().map(|c| c.id).collect()
    }

    #[test]
    fn a_clean_signed_report_has_no_findings() {
        let mut r = report();
        r.figures = vec![figure("poor_households", "", 96.0, true)];
        assert_eq!(run(&mut r, &sealed()), []);
        assert_eq!(r.message, "");
    }

    #[test]
    fn missing_sections_take_the_severity_of_their_kind() {
        let mut r = report();
        r.sections = ["leadership", "lessons"]
            .map(|id| SectionStatus {
                id: id.into(),
                required: id == "leadership",
                present: false,
                page: None,
            })
            .to_vec();
        let checks = run(&mut r, &sealed());
        assert_eq!(ids(&checks), [CheckId::MissingSection; 2]);
        assert_eq!(checks[0].severity, Severity::Error);
        assert_eq!(checks[0].subject, "leadership");
        assert_eq!(checks[1].severity, Severity::Warning);
        assert_eq!(
            checks[1].detail,
            Detail::SectionMissing {
                section: "lessons".into(),
                kind: "emulation_awards_5y".into()
            }
        );
    }

    #[test]
    fn two_totals_conflict_and_parts_must_add_up() {
        let mut r = report();
        r.figures = vec![
            figure("poor_households", "", 96.0, true),
            figure("poor_households", "Hương Toàn", 42.0, true),
            figure("poor_households", "Hương Vân", 40.0, true),
            figure("poor_households", "", 97.0, true),
        ];
        let checks = run(&mut r, &sealed());
        assert_eq!(
            ids(&checks),
            [CheckId::FigureConflict, CheckId::BreakdownMismatch]
        );
        assert_eq!(
            checks[0].detail,
            Detail::FigureConflict {
                metric: "poor_households".into(),
                values: vec![96.0, 97.0]
            }
        );
        assert_eq!(
            checks[1].detail,
            Detail::BreakdownMismatch {
                metric: "poor_households".into(),
                parts: 82.0,
                total: 96.0
            }
        );
    }

    #[test]
    fn implausible_figures_are_reported_from_their_flag() {
        let mut r = report();
        r.figures = vec![figure("poor_household_rate", "", 195.0, false)];
        let checks = run(&mut r, &sealed());
        assert_eq!(ids(&checks), [CheckId::ImplausibleValue]);
        assert_eq!(
            checks[0].detail,
            Detail::OutOfBounds {
                metric: "poor_household_rate".into(),
                subunit: String::new(),
                value: 195.0,
                min: 0.0,
                max: 100.0,
                page: 2
            }
        );
    }

    #[test]
    fn a_cost_per_house_outside_its_bounds_is_implausible() {
        let mut r = report();
        r.figures = vec![
            figure("houses_supported", "", 10.0, true),
            figure("houses_supported_cost", "", 10_000_000_000.0, true),
        ];
        let checks = run(&mut r, &sealed());
        assert_eq!(ids(&checks), [CheckId::ImplausibleValue]);
        assert_eq!(checks[0].subject, "houses_supported_cost");
        assert!(matches!(
            &checks[0].detail,
            Detail::RatioOutOfBounds { ratio, numerator, denominator, .. }
                if ratio == "cost_per_supported_house" && *numerator == 1e10 && *denominator == 10.0
        ));
    }

    #[test]
    fn signatures_unsigned_unreadable_broken_or_not_the_units() {
        let unsigned = run(&mut report(), &signatures(Vec::new()));
        assert_eq!(ids(&unsigned), [CheckId::UnsignedReport]);
        assert_eq!(unsigned[0].severity, Severity::Error);
        let unreadable = run(
            &mut report(),
            &Err(baocao_sig::SigError::NotPdf.to_string()),
        );
        assert!(matches!(
            unreadable[0].detail,
            Detail::SignaturesUnreadable { .. }
        ));
        let mut broken = signed_by("ỦY BAN NHÂN DÂN PHƯỜNG KIM TRÀ");
        broken.digest_ok = Verdict::False;
        let checks = run(&mut report(), &signatures(vec![broken]));
        assert_eq!(ids(&checks), [CheckId::SignatureDigestMismatch]);
        let someone = run(&mut report(), &signatures(vec![signed_by("Nguyễn Văn A")]));
        assert_eq!(ids(&someone), [CheckId::MissingUnitSeal]);
    }

    #[test]
    fn a_scan_gets_its_text_layer_and_signature_checks_only() {
        let mut r = report();
        r.status = Status::NoText;
        r.unit = String::new();
        r.figures = vec![figure("poor_households", "", 1e9, false)];
        let checks = run(&mut r, &signatures(Vec::new()));
        assert_eq!(
            ids(&checks),
            [CheckId::NoTextLayer, CheckId::UnsignedReport]
        );
        assert_eq!(checks[0].detail, Detail::NoTextLayer { pages: 3 });
    }

    #[test]
    fn page_errors_doubtful_pages_and_legacy_runs_are_named() {
        let mut r = report();
        let errors = [PageError {
            page: 2,
            message: "extractor panicked: x".into(),
        }];
        let legacy = Summary {
            tcvn3_runs: 3,
            ..Summary::default()
        };
        let quality = [(1, Quality::Good), (2, Quality::BrokenMap)];
        let sig = sealed();
        let found = Found {
            errors: &errors,
            legacy: &legacy,
            quality: &quality,
            ocr_confidence: Vec::new(),
            signatures: &sig,
        };
        per_document(&rules(), &mut r, &found);
        assert_eq!(
            ids(&r.checks),
            [
                CheckId::ExtractionError,
                CheckId::LowTextQuality,
                CheckId::LegacyEncoding
            ]
        );
        assert_eq!(
            r.checks[0].detail,
            Detail::PagesNotExtracted {
                errors: vec!["page 2: extractor panicked: x".into()]
            }
        );
        assert_eq!(
            r.checks[1].detail,
            Detail::DoubtfulPages {
                pages: vec![(2, Quality::BrokenMap)]
            }
        );
        assert_eq!(
            r.message,
            "1 page(s) failed to extract; doubtful text layer (OCR?)"
        );
    }

    #[test]
    fn unsure_ocr_pages_and_figures_are_named() {
        let mut r = report();
        let mut sure = figure("poor_households", "", 96.0, true);
        sure.quality = Quality::Ocr;
        sure.ocr_confidence = Some(93.0);
        let mut unsure = figure("jobs_created", "", 1866.0, true);
        unsure.quality = Quality::Ocr;
        unsure.ocr_confidence = Some(61.4);
        r.figures = vec![sure, unsure];
        let legacy = Summary::default();
        let quality = [(1, Quality::Ocr), (2, Quality::Ocr)];
        let sig = sealed();
        let found = Found {
            errors: &[],
            legacy: &legacy,
            quality: &quality,
            ocr_confidence: vec![(1, 91.0), (2, 72.4)],
            signatures: &sig,
        };
        per_document(&rules(), &mut r, &found);
        let c = r
            .checks
            .iter()
            .find(|c| c.id == CheckId::LowOcrConfidence)
            .expect("low_ocr_confidence");
        assert_eq!(c.severity, Severity::Warning);
        assert_eq!(
            c.detail,
            Detail::LowOcrConfidence {
                pages: vec![(2, 72.4)],
                figures: vec![("jobs_created".into(), 2, 61.4)],
                misreads: vec![],
            }
        );
        let en = crate::lang::detail(&rules(), &c.detail, crate::lang::Lang::En);
        assert!(en.contains("page(s) 2 (72)"), "{en}");
        let vi = crate::lang::detail(&rules(), &c.detail, crate::lang::Lang::Vi);
        assert!(vi.contains("trang 2 (72)"), "{vi}");
    }

    #[test]
    fn an_unknown_unit_and_subunit_are_named() {
        let mut r = report();
        r.unit = String::new();
        r.unit_as_written = "Phường Đông Ba".into();
        let mut f = figure("poor_households", "Hương Xuân", 5.0, true);
        f.figure.known_subunit = false;
        r.figures = vec![f];
        let checks = run(&mut r, &signatures(vec![signed_by("x")]));
        assert_eq!(
            ids(&checks),
            [CheckId::UnknownUnit, CheckId::UnknownSubunit]
        );
        assert_eq!(
            checks[0].detail,
            Detail::UnitNotInRegistry {
                written: "Phường Đông Ba".into()
            }
        );
        assert_eq!(
            checks[1].detail,
            Detail::UnknownSubunit {
                subunit: "Hương Xuân".into(),
                unit: String::new(),
                page: 2
            }
        );
    }
}
