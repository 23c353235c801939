//! One file, every per-file stage, in order: the text stage
//! ([`baocao_pdf::read_text`], or with OCR through a [`Reader`]) and the
//! signatures (from the same parsed document, or from the original bytes)
//! give an [`Extraction`] ([`extract_with`]); then the rules' stages
//! ([`apply`]): facts and kind → outline → figures → per-report checks.
//!
//! This is what a worker process runs; it never panics on its own account
//! and turns every failure into a status and a message.

use baocao_pdf::ocr::step::FAILURE_PREFIX;
use baocao_pdf::ReadText;
use baocao_rules::figures::{self, Scope};
use baocao_rules::sections::{self, Outline};
use baocao_rules::{facts, Rules};
use baocao_sig::{SignatureInfo, SignatureReport};

use crate::checks::{self, Found};
use crate::extraction::Extraction;
use crate::model::{DocReport, OcrMisread, ReportedFigure, Status};
use crate::reading::{OcrSource, Reader};

/// Analyse the bytes of `file` (a path relative to the input folder) from
/// its text layer alone (no OCR).
pub fn analyze(rules: &Rules, file: &str, bytes: &[u8]) -> DocReport {
    match baocao_pdf::read_text(bytes) {
        Ok(read) => analyze_text(rules, file, bytes, &read),
        Err(e) => DocReport::failed(file, e.status(), e.to_string()),
    }
}

/// What analysing a file with OCR gave.
#[derive(Debug)]
pub enum Analysis {
    Report(Box<DocReport>),
    /// These pages need OCR that `source` did not provide
    /// ([`OcrSource::Ask`]).
    NeedsOcr(Vec<u32>),
}

/// Analyse the bytes of `file`, reading them with `reader`: pages without
/// a usable text layer are OCR'd as `source` says.
pub fn analyze_with(
    rules: &Rules,
    reader: &Reader,
    file: &str,
    bytes: &[u8],
    source: OcrSource<'_>,
) -> Analysis {
    match extract_with(reader, bytes, source) {
        Extract::Done(x) => Analysis::Report(Box::new(apply(rules, file, &x))),
        Extract::Failed(status, message) => {
            Analysis::Report(Box::new(DocReport::failed(file, status, message)))
        }
        Extract::NeedsOcr(pages) => Analysis::NeedsOcr(pages),
    }
}

/// What reading a file gave, before the rules.
#[derive(Debug)]
pub enum Extract {
    Done(Box<Extraction>),
    /// Nothing could be read: the file's status and why.
    Failed(Status, String),
    /// These pages need OCR that the source did not provide.
    NeedsOcr(Vec<u32>),
}

/// Read the bytes of a file with `reader` (pages without a usable text
/// layer OCR'd as `source` says) and its signatures.
pub fn extract_with(reader: &Reader, bytes: &[u8], source: OcrSource<'_>) -> Extract {
    match reader.read(bytes, source) {
        Ok(read) if !read.ocr.pending.is_empty() => Extract::NeedsOcr(read.ocr.pending),
        Ok(read) => Extract::Done(Box::new(Extraction::of(bytes, &read))),
        Err(e) => Extract::Failed(e.status(), e.to_string()),
    }
}

/// Analyse a file whose text was read.
pub fn analyze_text(rules: &Rules, file: &str, bytes: &[u8], read: &ReadText) -> DocReport {
    apply(rules, file, &Extraction::of(bytes, read))
}

/// The rules' stages on what was read from `file`: facts, kind, outline,
/// figures and the per-report checks.
pub fn apply(rules: &Rules, file: &str, x: &Extraction) -> DocReport {
    let mut report = DocReport::failed(file, x.status, x.message.clone());
    report.pages = x.pages;
    report.ocr_pages = x.ocr_pages;
    report.signatures = in_vietnam_time(&x.signatures);
    report.transient = x.transient;
    if report.status == Status::Ok {
        report.encoding = x.encoding;
        contents(
            rules,
            &x.text,
            &|p| x.quality_of(p),
            &|p, snippet| x.ocr_confidence(p, snippet),
            &Given::default(),
            &mut report,
        );
    }
    checks::per_document(rules, &mut report, &Found::of(x));
    report
}

/// Why a document has no text: no text layer, and OCR off, unable to run
/// (the reason names what to install) or finding nothing.
pub fn no_text_message(read: &ReadText) -> String {
    let failed = read.errors.iter().find(|e| e.is_ocr());
    match failed {
        Some(e) => format!(
            "no text layer (a scan?), and OCR could not read it: {}",
            e.message.trim_start_matches(FAILURE_PREFIX)
        ),
        None if read.ocr.pages.is_empty() => {
            "no text layer (a scan?): nothing to read without OCR".into()
        }
        None => "no text layer, and OCR found no text on its pages either".into(),
    }
}

/// What the reader of a plain text knows better than the text: its unit
/// and kind.
#[derive(Debug, Default, Clone)]
pub struct Given {
    pub unit: Option<String>,
    pub kind: Option<String>,
}

/// Analyse a report given as plain text (no signatures, every page read
/// well): for `baocao figures` on a `.txt` file or standard input. The
/// unit and kind, when given, win over what the text says.
pub fn analyze_plain(rules: &Rules, file: &str, text: &str, given: &Given) -> DocReport {
    let doc = baocao_viet::text::DocText::from_text(text);
    let mut report = DocReport::failed(file, Status::Ok, "");
    report.pages = doc.last_page();
    report.encoding = baocao_pdf::Encoding::Unicode;
    contents(
        rules,
        &doc,
        &|_| baocao_viet::quality::Quality::Good,
        &|_, _| None,
        given,
        &mut report,
    );
    report
}

fn contents(
    rules: &Rules,
    text: &baocao_viet::text::DocText,
    quality: &dyn Fn(u32) -> baocao_viet::quality::Quality,
    ocr_confidence: &dyn Fn(u32, &str) -> Option<f32>,
    given: &Given,
    report: &mut DocReport,
) {
    let f = facts::read(text, &rules.units);
    let named = given
        .unit
        .as_deref()
        .and_then(|n| rules.units.find(n))
        .map(|u| u.name.clone());
    let unit_name = named.or(f.unit.clone());
    let unit = unit_name.as_deref().and_then(|n| rules.units.get(n));
    report.unit = unit_name.clone().unwrap_or_default();
    report.unit_as_written = f.unit_as_written.unwrap_or_default();
    report.doc_number = f.doc_number.unwrap_or_default();
    report.doc_date = f.doc_date.unwrap_or_default();
    let kind = match &given.kind {
        Some(k) => rules.kinds.get(k).map(|k| k.id.clone()),
        None => rules.kinds.detect(text).map(|k| k.id.clone()),
    };
    report.kind = kind.clone().unwrap_or_default();
    let outline: Option<Outline> = kind
        .as_deref()
        .and_then(|k| rules.sections.for_kind(k))
        .map(|t| sections::outline(text, t));
    let excluded = outline
        .as_ref()
        .map(|o| o.ranges_of(&rules.metrics.context.exclude_sections, text.folded().len()))
        .unwrap_or_default();
    report.sections = outline.map(|o| o.sections).unwrap_or_default();
    let scope = Scope {
        kind: kind.as_deref(),
        unit,
        excluded,
        year: report.doc_date.get(..4).and_then(|y| y.parse().ok()),
    };
    report.figures = figures::find(text, &rules.metrics, &scope)
        .into_iter()
        .map(|figure| ReportedFigure {
            quality: quality(figure.page),
            plausible: plausible(rules, &figure.metric, figure.value),
            ocr_confidence: ocr_confidence(figure.page, &figure.snippet),
            figure,
        })
        .collect();
    report.ocr_misreads = lost_separators(&mut report.figures);
}

/// Figures read by OCR whose value is another figure of the same metric
/// and part with its decimal separator lost (23 beside 2,3; 11675 beside
/// 1.167,5): OCR drops commas, clerks do not state a figure twice
/// differently by a factor of ten. They leave `figures` and are returned.
fn lost_separators(figures: &mut Vec<ReportedFigure>) -> Vec<OcrMisread> {
    let misread = |f: &ReportedFigure| -> Option<f64> {
        if f.quality != baocao_viet::quality::Quality::Ocr || f.figure.value.fract() != 0.0 {
            return None;
        }
        figures
            .iter()
            .filter(|o| o.figure.metric == f.figure.metric && o.figure.subunit == f.figure.subunit)
            .map(|o| o.figure.value)
            .find(|&kept| kept.fract() != 0.0 && lost_separator(f.figure.value, kept))
    };
    let found: Vec<(usize, f64)> = figures
        .iter()
        .enumerate()
        .filter_map(|(i, f)| misread(f).map(|kept| (i, kept)))
        .collect();
    let mut out = Vec::new();
    for (i, kept) in found.into_iter().rev() {
        let f = figures.remove(i).figure;
        out.push(OcrMisread {
            metric: f.metric,
            subunit: f.subunit,
            page: f.page,
            read: f.value,
            kept,
        });
    }
    out.reverse();
    out
}

/// Whether `read` is `kept` × 10, 100 or 1000 (its digits, the comma lost).
fn lost_separator(read: f64, kept: f64) -> bool {
    [10.0, 100.0, 1000.0]
        .iter()
        .any(|k| (kept * k - read).abs() < 1e-6 * read.abs().max(1.0))
}

/// Whether `value` lies within the bounds the rules give `metric`.
pub fn plausible(rules: &Rules, metric: &str, value: f64) -> bool {
    rules
        .metrics
        .get(metric)
        .and_then(|m| m.bounds)
        .is_none_or(|b| (b.min..=b.max).contains(&value))
}

/// Vietnam's offset from UTC (no daylight saving).
const VIETNAM_OFFSET_SECONDS: i32 = 7 * 3600;

/// The signatures with their times in Vietnam time (+07:00), whatever offset
/// the PDF wrote (pyHanko writes UTC; VGCA signers write +07'00'): the same
/// instant, on the clock the commission reads.
fn in_vietnam_time(sig: &Result<SignatureReport, String>) -> Vec<SignatureInfo> {
    let Ok(sig) = sig else { return Vec::new() };
    sig.signatures
        .iter()
        .cloned()
        .map(|mut s| {
            s.signed_at = s
                .signed_at
                .map(|t| baocao_sig::at_offset(&t, VIETNAM_OFFSET_SECONDS).unwrap_or(t));
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Encoding;
    use baocao_viet::quality::Quality;

    fn rules() -> Rules {
        Rules::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap()
    }

    fn fixture(path: &str) -> Vec<u8> {
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
    }

    #[test]
    fn unreadable_bytes_give_a_status_and_a_reason() {
        let r = analyze(&rules(), "notes.pdf", b"meeting notes, not a PDF");
        assert_eq!(r.status, Status::NotPdf);
        assert!(r.message.contains("plain text"), "{}", r.message);
        assert_eq!(r.encoding, Encoding::None);
        assert!(r.checks.is_empty() && r.figures.is_empty());
    }

    #[test]
    fn a_scan_has_no_text_but_its_checks() {
        let r = analyze(
            &rules(),
            "scan.pdf",
            &fixture("tests/fixtures/bad/scanned-image-only.pdf"),
        );
        assert_eq!(r.status, Status::NoText);
        assert_eq!(r.encoding, Encoding::None);
        assert!(r.message.starts_with("no text layer"), "{}", r.message);
        let ids: Vec<String> = r.checks.iter().map(|c| c.id.to_string()).collect();
        assert!(ids.contains(&"no_text_layer".to_string()), "{ids:?}");
    }

    #[test]
    fn the_seed_report_is_read_whole() {
        let r = analyze(
            &rules(),
            "569.pdf",
            &fixture("corpus/phuong-kim-tra/569-BC-UBND.pdf"),
        );
        assert_eq!(r.status, Status::Ok);
        assert_eq!(r.unit, "Phường Kim Trà");
        assert_eq!(r.kind, "emulation_awards_5y");
        assert_eq!(r.encoding, Encoding::Unicode);
        assert!(!r.sections.is_empty());
        let poor = r.unit_value("poor_households");
        assert!(poor.is_some(), "{:?}", r.figures);
        assert!(r.figures.iter().all(|f| f.plausible));
        assert!(r
            .signatures
            .iter()
            .filter_map(|s| s.signed_at.as_deref())
            .all(|t| t.ends_with("+07:00")));
    }

    #[test]
    fn values_outside_their_bounds_are_implausible() {
        let rules = rules();
        assert!(plausible(&rules, "poor_household_rate", 3.5));
        assert!(!plausible(&rules, "poor_household_rate", 195.0));
        assert!(plausible(&rules, "no_such_metric", -1.0));
    }

    fn reported(metric: &str, value: f64, page: u32, quality: Quality) -> ReportedFigure {
        ReportedFigure {
            figure: baocao_rules::figures::Figure {
                metric: metric.into(),
                subunit: String::new(),
                known_subunit: false,
                value,
                unit_of_measure: "percent".into(),
                page,
                rule: "r".into(),
                snippet: String::new(),
                span: 0..0,
            },
            quality,
            plausible: true,
            ocr_confidence: None,
        }
    }

    #[test]
    fn an_ocr_figure_without_its_decimal_comma_gives_way() {
        let mut figures = vec![
            reported("poor_household_rate", 2.3, 1, Quality::Ocr),
            reported("poor_household_rate", 23.0, 2, Quality::Ocr),
            reported("poor_households", 221.0, 2, Quality::Ocr),
        ];
        let misreads = lost_separators(&mut figures);
        assert_eq!(figures.len(), 2);
        assert_eq!(
            misreads,
            [OcrMisread {
                metric: "poor_household_rate".into(),
                subunit: String::new(),
                page: 2,
                read: 23.0,
                kept: 2.3,
            }]
        );
        // From a text layer, or 3 beside 2,3, or another metric: kept.
        for (value, quality) in [(23.0, Quality::Good), (3.0, Quality::Ocr)] {
            let mut figures = vec![
                reported("poor_household_rate", 2.3, 1, Quality::Ocr),
                reported("poor_household_rate", value, 2, quality),
            ];
            assert!(lost_separators(&mut figures).is_empty());
            assert_eq!(figures.len(), 2);
        }
    }
}
