//! The lines `baocao run` prints at the end, in the run's language: files
//! read, without text, not read and skipped; figures; checks by severity;
//! time and OUT. Then each file that could not be read with its status and
//! reason (the first [`LISTED`], then how many more), and the report kinds
//! the batch expected.

use std::fmt::Write;
use std::path::Path;
use std::time::Duration;

use baocao_rules::checks::Severity;
use baocao_rules::Rules;

use crate::batch::ExpectedFrom;
use crate::lang::{self, Lang};
use crate::model::Status;
use crate::pipeline::Batch;

/// Unreadable files named one by one; the rest are counted.
pub const LISTED: usize = 5;

/// The closing summary.
pub fn text(rules: &Rules, batch: &Batch, out: &Path, took: Duration, lang: Lang) -> String {
    let mut s = counts(batch, out, took, lang);
    s.push_str(&unread(batch, lang));
    s.push_str(&expected(rules, batch, lang));
    s
}

/// The first line.
fn counts(batch: &Batch, out: &Path, took: Duration, lang: Lang) -> String {
    let docs = batch.reports.heads();
    let ok = docs.iter().filter(|d| d.status == Status::Ok).count();
    let no_text = docs.iter().filter(|d| d.status == Status::NoText).count();
    let figures: usize = docs.iter().map(|d| d.figures).sum();
    let sev = |s: Severity| {
        docs.iter().map(|d| d.checks_of(s)).sum::<usize>()
            + batch
                .checks
                .iter()
                .filter(|b| b.check.severity == s)
                .count()
    };
    let (n, failed, skipped) = (docs.len(), batch.failed(), batch.skipped.len());
    let (errors, warnings, info) = (
        sev(Severity::Error),
        sev(Severity::Warning),
        sev(Severity::Info),
    );
    let secs = format!("{:.1}", took.as_secs_f64());
    let secs = match lang {
        Lang::Vi => secs.replace('.', ","),
        Lang::En => secs,
    };
    let out = out.display();
    let texts = match (batch.texts_reused, lang) {
        (0, _) => String::new(),
        (t, Lang::Vi) => format!(", {t} phân tích lại từ văn bản đã lưu"),
        (t, Lang::En) => format!(", {t} analysed again from their kept texts"),
    };
    let cached = match (batch.from_cache, lang) {
        (None, _) => String::new(),
        (Some(k), Lang::Vi) => format!(" ({k} lấy từ bộ nhớ đệm{texts})"),
        (Some(k), Lang::En) => format!(" ({k} from the cache{texts})"),
    };
    match lang {
        Lang::Vi => format!(
            "{n} tệp PDF{cached}: {ok} đọc được, {no_text} không có lớp chữ, {failed} không đọc được; {skipped} tệp khác bị bỏ qua (không phải PDF); {figures} số liệu; kiểm tra: {errors} lỗi, {warnings} cảnh báo, {info} thông tin; {secs} giây → {out}"
        ),
        Lang::En => format!(
            "{n} PDF files{cached}: {ok} ok, {no_text} without text, {failed} failed; {skipped} other files skipped (not PDF); {figures} figures; checks: {errors} errors, {warnings} warnings, {info} info; {secs} s → {out}"
        ),
    }
}

/// The files not read, with status and reason.
fn unread(batch: &Batch, lang: Lang) -> String {
    let failed = batch.failed();
    if failed == 0 {
        return String::new();
    }
    let mut s = format!("\n{}:", lang.pick("Tệp không đọc được", "Files not read"));
    for d in batch.unread().take(LISTED) {
        let _ = write!(
            s,
            "\n  {} — {}: {}",
            d.file,
            lang::status(d.status, lang),
            d.message
        );
    }
    if failed > LISTED {
        let _ = write!(
            s,
            "\n  {}",
            match lang {
                Lang::Vi => format!(
                    "… và {} tệp khác (xem documents.csv, checks.csv, report.html)",
                    failed - LISTED
                ),
                Lang::En => format!(
                    "… and {} more (see documents.csv, checks.csv, report.html)",
                    failed - LISTED
                ),
            }
        );
    }
    s
}

/// Which report kinds were expected, and why.
fn expected(rules: &Rules, batch: &Batch, lang: Lang) -> String {
    let e = &batch.expected;
    let kinds: Vec<String> = e
        .kinds
        .iter()
        .map(|k| {
            let sent = e.sent.iter().find(|(x, _)| x == k).map_or(0, |(_, n)| *n);
            format!("{} ({sent}/{})", lang::kind(rules, k, lang), e.units)
        })
        .collect();
    let kinds = if kinds.is_empty() {
        lang.pick("không loại nào", "none").to_string()
    } else {
        kinds.join("; ")
    };
    let why = match (e.from, lang) {
        (ExpectedFrom::Argument, _) => "--expect",
        (ExpectedFrom::Rules, _) => "rules/checks.toml",
        (ExpectedFrom::Inferred, Lang::Vi) => "gửi bởi ít nhất một nửa số đơn vị",
        (ExpectedFrom::Inferred, Lang::En) => "sent by at least half of the units",
    };
    format!(
        "\n{}: {kinds} — {why}",
        lang.pick(
            "Loại báo cáo cần nộp (thiếu thì báo missing_report)",
            "Report kinds expected (missing_report when absent)"
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocReport;

    fn rules() -> Rules {
        Rules::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap()
    }

    #[test]
    fn every_unread_file_is_named_up_to_a_limit() {
        let rules = rules();
        let docs: Vec<DocReport> = (0..7)
            .map(|i| DocReport::failed(&format!("{i}.pdf"), Status::Corrupt, "truncated"))
            .collect();
        let batch = Batch::finish(
            &rules,
            crate::store::Reports::of(docs).unwrap(),
            &[],
            vec!["ghi-chu.txt".into()],
        );
        let s = text(
            &rules,
            &batch,
            Path::new("out"),
            Duration::from_secs(2),
            Lang::Vi,
        );
        assert!(
            s.starts_with("7 tệp PDF: 0 đọc được, 0 không có lớp chữ, 7 không đọc được; 1 tệp khác bị bỏ qua (không phải PDF); 0 số liệu; kiểm tra: 7 lỗi,"),
            "{s}"
        );
        assert!(s.contains("\n  0.pdf — Tệp hỏng: truncated"), "{s}");
        assert!(s.contains("\n  4.pdf — "), "{s}");
        assert!(!s.contains("5.pdf"), "{s}");
        assert!(s.contains("… và 2 tệp khác"), "{s}");
        let en = text(
            &rules,
            &batch,
            Path::new("out"),
            Duration::from_secs(2),
            Lang::En,
        );
        assert!(en.contains("7 failed; 1 other files skipped"), "{en}");
        assert!(en.contains("… and 2 more"), "{en}");
    }
}
