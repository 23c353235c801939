//! The commission's language: Vietnamese by default, English with
//! `--lang en`. Metric, section and kind labels come from rules/; the fixed
//! words of the report, the workbook ([`labels`]: sheet names, headers,
//! enumerated values) and the findings ([`details`]) are here. Ids stay ids
//! in CSV and Parquet, for machines. Numbers are shown the local way
//! (`2.977.500.000`, `1,14` in Vietnamese; `2,977,500,000`, `1.14` in English).

pub mod details;

use std::collections::HashMap;

use baocao_rules::checks::{CheckId, Severity};
use baocao_rules::Rules;
use baocao_viet::quality::Quality;

pub use details::{advice, check, detail};

use crate::model::Status;
use crate::output::{number, Labels};
use crate::tables::Statistic;

/// Language of the report and of the XLSX headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// The `lang` attribute of the HTML page.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Pick the Vietnamese or the English text.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// Column ids of the output tables and their headers (Vietnamese, English).
const COLUMNS: &[(&str, &str, &str)] = &[
    ("file", "Tệp", "File"),
    ("status", "Trạng thái", "Status"),
    ("unit", "Đơn vị", "Unit"),
    ("kind", "Loại báo cáo", "Report kind"),
    ("doc_number", "Số văn bản", "Document number"),
    ("doc_date", "Ngày văn bản", "Document date"),
    ("pages", "Số trang", "Pages"),
    ("ocr_pages", "Số trang đọc bằng OCR", "Pages read by OCR"),
    ("encoding", "Bảng mã", "Encoding"),
    ("signatures", "Số chữ ký", "Signatures"),
    ("missing_sections", "Mục còn thiếu", "Missing sections"),
    ("superseded", "Bị thay thế", "Superseded"),
    ("message", "Ghi chú", "Message"),
    ("metric", "Chỉ tiêu", "Metric"),
    ("subunit", "Đơn vị cũ", "Former unit"),
    ("value", "Giá trị", "Value"),
    ("unit_of_measure", "Đơn vị tính", "Unit of measure"),
    ("page", "Trang", "Page"),
    ("rule", "Quy tắc", "Rule"),
    ("snippet", "Trích đoạn", "Snippet"),
    ("quality", "Chất lượng văn bản", "Text quality"),
    ("ocr_confidence", "Độ tin cậy OCR", "OCR confidence"),
    ("section", "Mục", "Section"),
    ("present", "Có", "Present"),
    ("required", "Bắt buộc", "Required"),
    ("signer", "Người ký", "Signer"),
    ("email", "Thư điện tử", "Email"),
    ("organization", "Cơ quan", "Organization"),
    (
        "signed_at",
        "Thời điểm ký (giờ Việt Nam)",
        "Signed at (Vietnam time)",
    ),
    ("covers_whole_file", "Phủ toàn bộ tệp", "Covers whole file"),
    (
        "digest_ok",
        "Nội dung không đổi từ khi ký",
        "Content unchanged since signing",
    ),
    ("sub_filter", "Kiểu chữ ký", "Signature type"),
    ("check", "Kiểm tra", "Check"),
    ("severity", "Mức độ", "Severity"),
    ("subject", "Đối tượng", "Subject"),
    ("detail", "Chi tiết", "Detail"),
    ("aggregate", "Phép tổng hợp", "Aggregate"),
    ("units_reporting", "Số đơn vị có số liệu", "Units reporting"),
    ("units_missing", "Số đơn vị thiếu", "Units missing"),
    ("label", "Tên chỉ tiêu", "Label"),
    ("label_en", "Tên chỉ tiêu (tiếng Anh)", "Label (English)"),
    ("plausible", "Giá trị hợp lý", "Plausible"),
];

/// Table names and their sheet names (Vietnamese, English).
const SHEETS: &[(&str, &str, &str)] = &[
    ("documents", "Tệp", "Documents"),
    ("figures", "Số liệu", "Figures"),
    ("sections", "Mục", "Sections"),
    ("signatures", "Chữ ký số", "Signatures"),
    ("checks", "Kiểm tra", "Checks"),
    ("units", "Đơn vị", "Units"),
    ("subunits", "Đơn vị cũ", "Former units"),
    ("totals", "Tổng hợp", "Totals"),
    ("completeness", "Mức độ đầy đủ", "Completeness"),
];

/// Label of a metric id (the id itself when rules/ does not know it).
pub fn metric<'a>(rules: &'a Rules, id: &'a str, lang: Lang) -> &'a str {
    rules
        .metrics
        .get(id)
        .map_or(id, |m| lang.pick(&m.label, &m.label_en))
}

/// Label of a report kind.
pub fn kind<'a>(rules: &'a Rules, id: &'a str, lang: Lang) -> &'a str {
    match rules.kinds.get(id) {
        Some(k) => lang.pick(&k.label, &k.label_en),
        None if id.is_empty() => lang.pick("Không rõ loại", "Unknown kind"),
        None => id,
    }
}

/// Name of a statistic.
pub fn statistic(s: Statistic, lang: Lang) -> &'static str {
    match s {
        Statistic::Sum => lang.pick("Tổng", "Sum"),
        Statistic::Min => lang.pick("Thấp nhất", "Minimum"),
        Statistic::Median => lang.pick("Trung vị", "Median"),
        Statistic::Max => lang.pick("Cao nhất", "Maximum"),
        Statistic::Weighted => lang.pick("Bình quân gia quyền", "Weighted"),
    }
}

/// Name of a severity (a heading: plural in English).
pub fn severity(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => lang.pick("Lỗi", "Errors"),
        Severity::Warning => lang.pick("Cảnh báo", "Warnings"),
        Severity::Info => lang.pick("Thông tin", "Information"),
    }
}

/// Name of one severity (a cell: singular).
pub fn severity_one(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => lang.pick("Lỗi", "Error"),
        Severity::Warning => lang.pick("Cảnh báo", "Warning"),
        Severity::Info => lang.pick("Thông tin", "Information"),
    }
}

/// Name of a text-layer quality.
pub fn quality(q: Quality, lang: Lang) -> &'static str {
    match q {
        Quality::Good => lang.pick("tốt", "good"),
        Quality::NoText => lang.pick("không có chữ", "no text"),
        Quality::NoDiacritics => lang.pick("chữ không dấu (OCR?)", "no diacritics (OCR?)"),
        Quality::BrokenMap => lang.pick("bảng mã ký tự hỏng", "broken character map"),
        Quality::Ocr => lang.pick("nhận dạng chữ (OCR)", "read by OCR"),
    }
}

/// Name of a document encoding (an encoding this build does not know is
/// shown as its id).
pub fn encoding(id: &str, lang: Lang) -> &str {
    match id {
        "unicode" => "Unicode",
        "tcvn3" => "TCVN3",
        "vni" => "VNI",
        "mixed" => lang.pick("Nhiều bảng mã", "Mixed"),
        "none" => lang.pick("Không có chữ", "None"),
        "ocr" => lang.pick("Nhận dạng chữ (OCR)", "OCR"),
        other => other,
    }
}

/// Name of a document status.
pub fn status(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Ok => lang.pick("Đọc được", "Read"),
        Status::NoText => lang.pick("Không có lớp chữ (bản quét)", "No text layer (scan)"),
        Status::Encrypted => lang.pick("Bị mã hóa", "Encrypted"),
        Status::Corrupt => lang.pick("Tệp hỏng", "Corrupt"),
        Status::NotPdf => lang.pick("Không phải PDF", "Not a PDF"),
        Status::Error => lang.pick("Lỗi khi đọc", "Extraction error"),
    }
}

/// Words for a unit of measure.
pub fn unit_of_measure(id: &str, lang: Lang) -> &str {
    match id {
        "households" => lang.pick("hộ", "households"),
        "vnd" => lang.pick("đồng", "VND"),
        "percent" => "%",
        "persons" => lang.pick("người", "persons"),
        "collectives" => lang.pick("tập thể", "collectives"),
        "individuals" => lang.pick("cá nhân", "individuals"),
        "houses" => lang.pick("căn", "houses"),
        other => other,
    }
}

/// The workbook's words in `lang`: sheet names, headers, and the values of
/// the enumerated columns (kind, metric, unit of measure, severity, status,
/// quality, encoding, aggregate, check, section).
pub fn labels(rules: &Rules, lang: Lang) -> Labels {
    let sheets = SHEETS
        .iter()
        .map(|(id, vi, en)| (id.to_string(), lang.pick(vi, en).to_string()))
        .collect();
    Labels {
        sheets,
        headers: headers(rules, lang),
        values: values(rules, lang),
    }
}

/// Enumerated columns: column id → (value id → words).
fn values(rules: &Rules, lang: Lang) -> HashMap<String, HashMap<String, String>> {
    let mut v: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut put = |column: &str, id: &str, words: &str| {
        v.entry(column.to_string())
            .or_default()
            .insert(id.to_string(), words.to_string());
    };
    for k in &rules.kinds.kinds {
        put("kind", &k.id, kind(rules, &k.id, lang));
    }
    for m in &rules.metrics.metrics {
        put("metric", &m.id, metric(rules, &m.id, lang));
    }
    for u in baocao_rules::metrics::UNITS_OF_MEASURE {
        put("unit_of_measure", u, unit_of_measure(u, lang));
    }
    for s in Severity::ALL {
        put("severity", s.as_str(), severity_one(s, lang));
    }
    for s in STATUSES {
        put("status", s.as_str(), status(s, lang));
    }
    for q in [
        Quality::Good,
        Quality::NoText,
        Quality::NoDiacritics,
        Quality::BrokenMap,
    ] {
        put("quality", &q.to_string(), quality(q, lang));
    }
    for e in ["unicode", "tcvn3", "vni", "mixed", "none", "ocr"] {
        put("encoding", e, encoding(e, lang));
    }
    for s in Statistic::ALL {
        put("aggregate", s.as_str(), statistic(s, lang));
    }
    for c in CheckId::ALL {
        put("check", c.as_str(), check(c, lang));
    }
    for t in &rules.sections.templates {
        for s in &t.sections {
            v.entry("section".into())
                .or_default()
                .entry(s.id.clone())
                .or_insert_with(|| lang.pick(&s.label, &s.label_en).to_string());
        }
    }
    v
}

/// Every document status.
const STATUSES: [Status; 6] = [
    Status::Ok,
    Status::NoText,
    Status::Encrypted,
    Status::Corrupt,
    Status::NotPdf,
    Status::Error,
];

/// Table headers (the XLSX header row): plain columns, metric ids and section ids.
pub fn headers(rules: &Rules, lang: Lang) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for (id, vi, en) in COLUMNS {
        out.insert(id.to_string(), lang.pick(vi, en).to_string());
    }
    for m in &rules.metrics.metrics {
        out.insert(m.id.clone(), lang.pick(&m.label, &m.label_en).to_string());
    }
    for t in &rules.sections.templates {
        for s in &t.sections {
            out.entry(s.id.clone())
                .or_insert_with(|| lang.pick(&s.label, &s.label_en).to_string());
        }
    }
    out
}

/// A number shown the local way: whole numbers grouped by thousands,
/// others with two decimals.
pub fn number(v: f64, lang: Lang) -> String {
    match lang {
        Lang::Vi => number::grouped(v, '.', ','),
        Lang::En => number::grouped(v, ',', '.'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_the_local_way() {
        assert_eq!(number(2_977_500_000.0, Lang::Vi), "2.977.500.000");
        assert_eq!(number(2_977_500_000.0, Lang::En), "2,977,500,000");
        assert_eq!(number(1.14, Lang::Vi), "1,14");
        assert_eq!(number(1.14, Lang::En), "1.14");
        assert_eq!(number(96.0, Lang::Vi), "96");
        assert_eq!(number(-1234.5, Lang::En), "-1,234.50");
        assert_eq!(number(0.0, Lang::Vi), "0");
    }

    #[test]
    fn statistics_and_severities_in_both_languages() {
        assert_eq!(
            statistic(Statistic::Weighted, Lang::Vi),
            "Bình quân gia quyền"
        );
        assert_eq!(statistic(Statistic::Median, Lang::En), "Median");
        assert_eq!(severity(Severity::Error, Lang::Vi), "Lỗi");
        assert_eq!(status(Status::NotPdf, Lang::En), "Not a PDF");
    }
}
