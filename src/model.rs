//! The report a worker answers for one file (as one JSON line) and the
//! findings of the batch. Every part keeps the type of the stage that made
//! it: [`Figure`] from the rules engine, [`SectionStatus`] from the outline,
//! [`SignatureInfo`] from the signature reader, [`Status`] and [`Encoding`]
//! from the text stage; a [`Check`] names its [`CheckId`] and [`Severity`],
//! and its [`Detail`] holds the facts, in no language: the words are given
//! when an output is written (`crate::lang::details`).

use baocao_rules::checks::{CheckId, Severity};
use baocao_rules::sections::SectionStatus;
use baocao_rules::Figure;
use baocao_sig::SignatureInfo;
use baocao_viet::quality::Quality;
use serde::{Deserialize, Serialize};

pub use baocao_pdf::{Encoding, Status};

/// Whether a report counts in the tables across units: read, of a known
/// unit, not superseded.
pub fn counts(status: Status, unit: &str, superseded: bool) -> bool {
    status == Status::Ok && !unit.is_empty() && !superseded
}

/// A figure as the report carries it: the rules engine's [`Figure`], the
/// quality of its page's text layer (`ocr` when OCR read the page), how
/// sure OCR was of its snippet, and whether its value lies within its
/// metric's bounds (implausible values are listed and flagged but left out
/// of the tables across units).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportedFigure {
    pub figure: Figure,
    pub quality: Quality,
    pub plausible: bool,
    /// Mean word confidence (0–100) of the snippet on a page read by OCR.
    #[serde(default)]
    pub ocr_confidence: Option<f32>,
}

impl ReportedFigure {
    /// A figure for the whole unit (not one of its former units).
    pub fn is_whole_unit(&self) -> bool {
        self.figure.subunit.is_empty()
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub id: CheckId,
    pub severity: Severity,
    /// Section id, metric id or unit the check is about; may be empty.
    pub subject: String,
    pub detail: Detail,
}

/// What a finding found, as data. Technical text from other stages (page
/// errors, signature notes, changes after signing) is carried as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "found", rename_all = "snake_case")]
pub enum Detail {
    /// Some pages' text could not be fully extracted.
    PagesNotExtracted { errors: Vec<String> },
    /// None of the pages has a text layer.
    NoTextLayer { pages: u32 },
    /// Pages whose text layer is of doubtful quality.
    DoubtfulPages { pages: Vec<(u32, Quality)> },
    /// Pages read by OCR, and figures read from them, with a low mean word
    /// confidence (0–100): (page, confidence) and (metric, page, confidence).
    LowOcrConfidence {
        pages: Vec<(u32, f32)>,
        figures: Vec<(String, u32, f32)>,
        #[serde(default)]
        misreads: Vec<OcrMisread>,
    },
    /// Legacy-encoded runs converted to Unicode.
    LegacyRuns { tcvn3: usize, vni: usize },
    /// No reporting unit in the letterhead.
    NoUnit,
    /// The letterhead names a unit that is not in the registry.
    UnitNotInRegistry { written: String },
    /// A section of the kind's template has no heading with a body.
    SectionMissing { section: String, kind: String },
    /// A breakdown names a former unit the unit does not have.
    UnknownSubunit {
        subunit: String,
        unit: String,
        page: u32,
    },
    /// A whole-unit figure stated with different values.
    FigureConflict { metric: String, values: Vec<f64> },
    /// The parts of a breakdown do not add up to the total.
    BreakdownMismatch {
        metric: String,
        parts: f64,
        total: f64,
    },
    /// A figure outside its metric's bounds.
    OutOfBounds {
        metric: String,
        subunit: String,
        value: f64,
        min: f64,
        max: f64,
        page: u32,
    },
    /// A ratio of two of the unit's values outside its bounds.
    RatioOutOfBounds {
        ratio: String,
        numerator: f64,
        denominator: f64,
        min: f64,
        max: f64,
    },
    /// The signatures could not be read.
    SignaturesUnreadable { error: String },
    /// The file carries no digital signature.
    NoSignature,
    /// A signature's digest does not match the signed bytes.
    DigestMismatch {
        number: usize,
        signer: String,
        note: String,
    },
    /// The file changed after its last signature.
    ChangedAfterSigning { changes: Vec<String> },
    /// No signature by the unit itself.
    NoUnitSeal { unit: String },
    /// A later report of the same unit and kind exists.
    Superseded { by: String, dated: String },
    /// A registry unit lacks a report of these expected kinds.
    MissingReports { kinds: Vec<String> },
    /// The file could not be read at all.
    Unreadable { status: Status, reason: String },
}

/// A finding not tied to one file (checks.csv with an empty `file`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchCheck {
    pub unit: String,
    pub check: Check,
}

/// Everything learnt about one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocReport {
    /// Path relative to the input folder.
    pub file: String,
    pub status: Status,
    pub message: String,
    /// The unit as the registry names it; empty when not recognised.
    pub unit: String,
    pub unit_as_written: String,
    /// The report kind's id; empty when not recognised.
    pub kind: String,
    pub doc_number: String,
    pub doc_date: String,
    pub pages: u32,
    /// Pages whose text was read by OCR.
    #[serde(default)]
    pub ocr_pages: u32,
    pub encoding: Encoding,
    pub figures: Vec<ReportedFigure>,
    pub sections: Vec<SectionStatus>,
    /// Signing times in Vietnam time (+07:00).
    pub signatures: Vec<SignatureInfo>,
    pub checks: Vec<Check>,
    /// Set by the batch stage: a later report of the same unit and kind exists.
    pub superseded: bool,
    /// A later run may read this file better: OCR could not read some of
    /// its pages (tesseract missing, a page timed out), or the worker's
    /// rules were not the run's. Such a report is not kept in the analysis
    /// cache ([`crate::cache`]); no table shows this.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub transient: bool,
    /// The worker ran the rules on the file's kept text instead of reading
    /// the file (`crate::cache::TextCache`): counted in the summary, never
    /// kept in the analysis cache, shown in no table.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub text_reused: bool,
    /// Figures read by OCR that lost a decimal separator, left out of
    /// `figures` in favour of the same figure stated with it (named by the
    /// `low_ocr_confidence` check).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ocr_misreads: Vec<OcrMisread>,
}

/// A figure read by OCR as another figure of the same report without its
/// decimal separator ("23" for "2,3").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrMisread {
    pub metric: String,
    pub subunit: String,
    pub page: u32,
    /// The value as read.
    pub read: f64,
    /// The value the report states elsewhere, kept.
    pub kept: f64,
}

impl DocReport {
    /// A report for a file that could not be analysed (or the start of one).
    pub fn failed(file: &str, status: Status, message: impl Into<String>) -> DocReport {
        DocReport {
            file: file.to_string(),
            status,
            message: message.into(),
            unit: String::new(),
            unit_as_written: String::new(),
            kind: String::new(),
            doc_number: String::new(),
            doc_date: String::new(),
            pages: 0,
            ocr_pages: 0,
            ocr_misreads: Vec::new(),
            encoding: Encoding::None,
            figures: Vec::new(),
            sections: Vec::new(),
            signatures: Vec::new(),
            checks: Vec::new(),
            superseded: false,
            transient: false,
            text_reused: false,
        }
    }

    /// Section ids that are missing, `;`-separated.
    pub fn missing_sections(&self) -> String {
        self.sections
            .iter()
            .filter(|s| !s.present)
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(";")
    }

    /// The latest signing time, for ordering duplicate reports.
    pub fn last_signed_at(&self) -> Option<&str> {
        self.signatures
            .iter()
            .filter_map(|s| s.signed_at.as_deref())
            .max()
    }

    /// Whether the report's figures count in the tables across units: read,
    /// of a known unit, not superseded.
    pub fn counts(&self) -> bool {
        counts(self.status, &self.unit, self.superseded)
    }

    /// The whole-unit figures of `metric`, in reading order.
    pub fn whole_unit<'a>(&'a self, metric: &'a str) -> impl Iterator<Item = &'a ReportedFigure> {
        self.figures
            .iter()
            .filter(move |f| f.figure.metric == metric && f.is_whole_unit())
    }

    /// The unit's value of `metric`: its first plausible whole-unit figure.
    /// (A second, different value is a `figure_conflict`.)
    pub fn unit_value(&self, metric: &str) -> Option<f64> {
        self.whole_unit(metric)
            .find(|f| f.plausible)
            .map(|f| f.figure.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(metric: &str, subunit: &str, value: f64, plausible: bool) -> ReportedFigure {
        ReportedFigure {
            figure: Figure {
                metric: metric.into(),
                subunit: subunit.into(),
                known_subunit: !subunit.is_empty(),
                value,
                unit_of_measure: "households".into(),
                page: 1,
                rule: "r".into(),
                snippet: "s".into(),
                span: 0..0,
            },
            quality: Quality::Good,
            plausible,
            ocr_confidence: None,
        }
    }

    #[test]
    fn the_unit_value_is_the_first_plausible_whole_unit_figure() {
        let mut d = DocReport::failed("a.pdf", Status::Ok, "");
        d.figures = vec![
            figure("poor_households", "An Đông", 4.0, true),
            figure("poor_households", "", 1e9, false),
            figure("poor_households", "", 10.0, true),
            figure("poor_households", "", 11.0, true),
        ];
        assert_eq!(d.unit_value("poor_households"), Some(10.0));
        assert_eq!(d.whole_unit("poor_households").count(), 3);
        assert_eq!(d.unit_value("jobs_created"), None);
    }

    #[test]
    fn a_report_crosses_the_worker_pipe_unchanged() {
        let mut d = DocReport::failed("a.pdf", Status::Ok, "");
        d.figures = vec![figure("poor_households", "", 10.0, true)];
        d.checks.push(Check {
            id: CheckId::UnknownUnit,
            severity: Severity::Error,
            subject: String::new(),
            detail: Detail::NoUnit,
        });
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.contains("\"quality\":\"good\""), "{json}");
        assert!(json.contains("\"id\":\"unknown_unit\""), "{json}");
        assert!(json.contains("\"found\":\"no_unit\""), "{json}");
        assert_eq!(serde_json::from_str::<DocReport>(&json).unwrap(), d);
    }

    #[test]
    fn only_read_reports_of_known_units_count() {
        let mut d = DocReport::failed("a.pdf", Status::Ok, "");
        assert!(!d.counts());
        d.unit = "Phường Kim Trà".into();
        assert!(d.counts());
        d.superseded = true;
        assert!(!d.counts());
    }
}
