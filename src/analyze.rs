//! One file, every per-file stage, in order:
//! probe → extract → legacy decoding → quality → text → facts → kind →
//! outline → figures → signatures → per-report checks.
//!
//! This is what a worker process runs; it never panics on its own account
//! and turns every failure into a status and a message.

use std::collections::BTreeMap;

use baocao_rules::figures::{self, Scope};
use baocao_rules::{facts, sections, Rules};
use baocao_sig::{SigError, SignatureReport};
use baocao_viet::quality::Quality;

use crate::checks;
use crate::model::{DocReport, FigureRow, SectionRow, SignatureRow, Status};

/// Analyse the bytes of `file` (a path relative to the input folder).
pub fn analyze(rules: &Rules, file: &str, bytes: &[u8]) -> DocReport {
    let read = match baocao_pdf::read_text(bytes) {
        Ok(read) => read,
        Err(e) => return DocReport::failed(file, e.status(), e.to_string()),
    };
    let mut report = DocReport::failed(file, Status::Ok, "");
    report.pages = read.pages.len() as u32;
    let errors: Vec<String> = read.errors.iter().map(|e| e.to_string()).collect();
    let summary = &read.legacy;
    let page_quality: BTreeMap<u32, Quality> = read.quality.iter().copied().collect();
    let sig = match read.signed_document() {
        Some(doc) => baocao_sig::read_signatures_in(bytes, doc),
        None => baocao_sig::read_signatures(bytes),
    };
    add_signatures(&mut report, &sig);
    let found = checks::Found {
        errors: &errors,
        legacy: summary,
        quality: &page_quality,
        signatures: &sig,
    };
    if read.status() != Status::Ok {
        report.status = read.status();
        report.encoding = "none".into();
        report.message = if report.status == Status::Error {
            format!("the extractor failed on every page ({})", errors.join("; "))
        } else {
            "no text layer (a scan?): nothing to read without OCR".into()
        };
        checks::per_document(rules, &mut report, &found);
        return report;
    }
    report.encoding = summary.encoding().to_string();
    let text = &read.text;
    let f = facts::read(text, &rules.units);
    let unit = f.unit.as_deref().and_then(|n| rules.units.get(n));
    report.unit = f.unit.clone().unwrap_or_default();
    report.unit_as_written = f.unit_as_written.unwrap_or_default();
    report.doc_number = f.doc_number.unwrap_or_default();
    report.doc_date = f.doc_date.unwrap_or_default();
    let kind = rules.kinds.detect(text).map(|k| k.id.clone());
    report.kind = kind.clone().unwrap_or_default();
    let outline = kind
        .as_deref()
        .and_then(|k| rules.sections.for_kind(k))
        .map(|t| sections::outline(text, t));
    if let Some(o) = &outline {
        report.sections = o
            .sections
            .iter()
            .map(|s| SectionRow {
                section: s.id.clone(),
                required: s.required,
                present: s.present,
                page: s.page,
            })
            .collect();
    }
    let excluded = outline
        .as_ref()
        .map(|o| o.ranges_of(&rules.metrics.context.exclude_sections, text.folded().len()))
        .unwrap_or_default();
    let scope = Scope {
        kind: kind.as_deref(),
        unit,
        excluded,
    };
    report.figures = figures::find(text, &rules.metrics, &scope)
        .into_iter()
        .map(|f| FigureRow {
            plausible: plausible(rules, &f.metric, f.value),
            quality: quality_label(page_quality.get(&f.page).copied().unwrap_or(Quality::Good))
                .into(),
            metric: f.metric,
            subunit: f.subunit,
            known_subunit: f.known_subunit,
            value: f.value,
            unit_of_measure: f.unit_of_measure,
            page: f.page,
            rule: f.rule,
            snippet: f.snippet,
        })
        .collect();
    checks::per_document(rules, &mut report, &found);
    report
}

/// figures.csv `quality` label of a page.
pub fn quality_label(q: Quality) -> &'static str {
    q.as_str()
}

fn add_signatures(report: &mut DocReport, sig: &Result<SignatureReport, SigError>) {
    if let Ok(sig) = sig {
        report.signatures = sig
            .signatures
            .iter()
            .map(|s| SignatureRow {
                signer: s.signer.clone(),
                email: s.email.clone(),
                organization: s.organization.clone(),
                signed_at: s.signed_at.as_deref().map(vietnam_time).unwrap_or_default(),
                sub_filter: s.sub_filter.clone(),
                covers_whole_file: s.covers_whole_file,
                digest_ok: s.digest_ok.to_string(),
                message: s.message.clone(),
            })
            .collect();
        report.last_signed_at = report
            .signatures
            .iter()
            .map(|s| s.signed_at.clone())
            .max()
            .unwrap_or_default();
    }
}

/// Vietnam's offset from UTC (no daylight saving).
const VIETNAM_OFFSET_SECONDS: i32 = 7 * 3600;

/// A signing time shown in Vietnam time (+07:00), whatever offset the PDF
/// wrote (pyHanko writes UTC; VGCA signers write +07'00'): the same instant,
/// on the clock the commission reads.
fn vietnam_time(t: &str) -> String {
    baocao_sig::at_offset(t, VIETNAM_OFFSET_SECONDS).unwrap_or_else(|| t.to_string())
}

/// Whether `value` lies within the bounds the rules give `metric`.
fn plausible(rules: &Rules, metric: &str, value: f64) -> bool {
    rules
        .metrics
        .get(metric)
        .and_then(|m| m.bounds)
        .is_none_or(|b| (b.min..=b.max).contains(&value))
}
