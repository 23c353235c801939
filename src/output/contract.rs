//! The per-file tables of the output contract (spec/outputs.md): one row type
//! per file, its fields the file's columns in order. Each row borrows from
//! the reports — the figure, section, signature or check as its stage made
//! it, with its document's file and unit — so a column is named once, here.

use baocao_rules::checks::{CheckId, Severity};
use baocao_sig::Verdict;
use baocao_viet::quality::Quality;
use serde::{Deserialize, Serialize};

use super::fields::{Date, Maybe};
use crate::model::{BatchCheck, Check, DocReport, Encoding, Status};

/// A line of documents.csv: one per input file, whatever happened to it.
#[derive(Debug, Serialize, Deserialize)]
pub struct DocumentLine<'a> {
    pub file: &'a str,
    pub status: Status,
    pub unit: &'a str,
    pub kind: &'a str,
    pub doc_number: &'a str,
    #[serde(borrow)]
    pub doc_date: Date<'a>,
    pub pages: u32,
    pub encoding: Encoding,
    pub signatures: usize,
    pub missing_sections: String,
    pub superseded: bool,
    pub message: &'a str,
    /// Pages whose text was read by OCR (added by issue #12).
    pub ocr_pages: u32,
}

/// A line of figures.csv: one per figure.
#[derive(Debug, Serialize, Deserialize)]
pub struct FigureLine<'a> {
    pub file: &'a str,
    pub unit: &'a str,
    pub metric: &'a str,
    pub subunit: &'a str,
    pub value: f64,
    pub unit_of_measure: &'a str,
    pub page: u32,
    pub rule: &'a str,
    pub snippet: &'a str,
    pub quality: Quality,
    pub plausible: bool,
    pub superseded: bool,
    /// Mean word confidence (0–100) of the snippet when its page was read by
    /// OCR (`quality` = `ocr`); empty otherwise (added by issue #12).
    pub ocr_confidence: Option<f64>,
}

/// A line of sections.csv: one per expected section of each report.
#[derive(Debug, Serialize, Deserialize)]
pub struct SectionLine<'a> {
    pub file: &'a str,
    pub unit: &'a str,
    pub section: &'a str,
    pub present: bool,
    pub page: Option<u32>,
    pub required: bool,
}

/// A line of signatures.csv: one per signature.
#[derive(Debug, Serialize, Deserialize)]
pub struct SignatureLine<'a> {
    pub file: &'a str,
    pub signer: &'a str,
    pub email: &'a str,
    pub organization: &'a str,
    /// Vietnam time (+07:00); empty when the signature has no time.
    #[serde(borrow)]
    pub signed_at: Date<'a>,
    pub covers_whole_file: bool,
    /// The content is unchanged since this signature (its digest matches
    /// the signed bytes); `unknown` when it could not be checked.
    /// Certificate trust is not evaluated.
    pub digest_ok: Maybe,
    pub sub_filter: &'a str,
    pub message: &'a str,
}

/// A line of checks.csv: one per finding; `file` is empty for batch
/// findings; `detail` in the run's language.
#[derive(Debug, Serialize, Deserialize)]
pub struct CheckLine<'a> {
    #[serde(borrow)]
    pub file: Option<&'a str>,
    pub unit: &'a str,
    pub check: CheckId,
    pub severity: Severity,
    pub subject: &'a str,
    pub detail: String,
}

/// A report's line of documents.csv.
pub fn document(d: &DocReport) -> DocumentLine<'_> {
    DocumentLine {
        file: &d.file,
        status: d.status,
        unit: &d.unit,
        kind: &d.kind,
        doc_number: &d.doc_number,
        doc_date: Date(&d.doc_date),
        pages: d.pages,
        encoding: d.encoding,
        signatures: d.signatures.len(),
        missing_sections: d.missing_sections(),
        superseded: d.superseded,
        message: &d.message,
        ocr_pages: d.ocr_pages,
    }
}

/// A report's lines of figures.csv.
pub fn figures(d: &DocReport) -> impl Iterator<Item = FigureLine<'_>> {
    d.figures.iter().map(move |r| {
        let f = &r.figure;
        FigureLine {
            file: &d.file,
            unit: &d.unit,
            metric: &f.metric,
            subunit: &f.subunit,
            value: f.value,
            unit_of_measure: &f.unit_of_measure,
            page: f.page,
            rule: &f.rule,
            snippet: &f.snippet,
            quality: r.quality,
            plausible: r.plausible,
            superseded: d.superseded,
            ocr_confidence: r
                .ocr_confidence
                .map(|c| (f64::from(c) * 10.0).round() / 10.0),
        }
    })
}

/// A report's lines of sections.csv.
pub fn sections(d: &DocReport) -> impl Iterator<Item = SectionLine<'_>> {
    d.sections.iter().map(move |s| SectionLine {
        file: &d.file,
        unit: &d.unit,
        section: &s.id,
        present: s.present,
        page: s.page,
        required: s.required,
    })
}

/// A report's lines of signatures.csv.
pub fn signatures(d: &DocReport) -> impl Iterator<Item = SignatureLine<'_>> {
    d.signatures.iter().map(move |s| SignatureLine {
        file: &d.file,
        signer: &s.signer,
        email: &s.email,
        organization: &s.organization,
        signed_at: Date(s.signed_at.as_deref().unwrap_or_default()),
        covers_whole_file: s.covers_whole_file,
        digest_ok: Maybe(match s.digest_ok {
            Verdict::True => Some(true),
            Verdict::False => Some(false),
            Verdict::Unknown => None,
        }),
        sub_filter: &s.sub_filter,
        message: &s.message,
    })
}

/// A report's lines of checks.csv; `detail` gives each its words.
pub fn checks<'a>(
    d: &'a DocReport,
    detail: &'a dyn Fn(&Check) -> String,
) -> impl Iterator<Item = CheckLine<'a>> {
    d.checks
        .iter()
        .map(move |c| check_line(Some(&d.file), &d.unit, c, detail))
}

/// The batch's lines of checks.csv, after every file's.
pub fn batch_checks<'a>(
    batch: &'a [BatchCheck],
    detail: &'a dyn Fn(&Check) -> String,
) -> impl Iterator<Item = CheckLine<'a>> {
    batch
        .iter()
        .map(move |b| check_line(None, &b.unit, &b.check, detail))
}

fn check_line<'a>(
    file: Option<&'a str>,
    unit: &'a str,
    c: &'a Check,
    detail: &dyn Fn(&Check) -> String,
) -> CheckLine<'a> {
    CheckLine {
        file,
        unit,
        check: c.id,
        severity: c.severity,
        subject: &c.subject,
        detail: detail(c),
    }
}
