//! The words of a finding: [`detail`] renders a check's [`Detail`] in the
//! run's language, with the rules' labels for metrics, sections and kinds
//! and numbers the local way; [`check`] names a check for people (the id
//! stays in checks.csv `check`); [`advice`] says what a clerk can do about a
//! file that could not be read. Technical text from other stages (page
//! errors, signature notes, changes after signing) is quoted as written.

use baocao_rules::checks::CheckId;
use baocao_rules::Rules;

use super::{kind, metric, number, quality, status, Lang};
use crate::model::{Detail, Status};

/// A check's detail in `lang`.
pub fn detail(rules: &Rules, d: &Detail, lang: Lang) -> String {
    let n = |v: f64| number(v, lang);
    match d {
        Detail::PagesNotExtracted { errors } => format!(
            "{}: {}",
            lang.pick(
                "Không trích được đầy đủ chữ của một số trang",
                "text of some pages could not be fully extracted"
            ),
            errors.join("; ")
        ),
        Detail::NoTextLayer { pages } => match lang {
            Lang::Vi => format!(
                "Cả {pages} trang đều không có lớp chữ (bản quét): cần đọc bằng mắt hoặc nhận dạng chữ (OCR)"
            ),
            Lang::En => format!(
                "none of the {pages} page(s) has a text layer; the report must be read by eye or OCR'd"
            ),
        },
        Detail::DoubtfulPages { pages } => doubtful_pages(pages, lang),
        Detail::LowOcrConfidence {
            pages,
            figures,
            misreads,
        } => low_ocr_confidence(rules, pages, figures, misreads, lang),
        Detail::LegacyRuns { tcvn3, vni } => match lang {
            Lang::Vi => format!("Đã chuyển {tcvn3} đoạn chữ TCVN3 và {vni} đoạn chữ VNI sang Unicode"),
            Lang::En => format!("converted {tcvn3} TCVN3 and {vni} VNI text run(s) to Unicode"),
        },
        Detail::NoUnit => lang
            .pick(
                "Không tìm thấy tên đơn vị báo cáo ở phần đầu văn bản",
                "no reporting unit found in the letterhead",
            )
            .to_string(),
        Detail::UnitNotInRegistry { written } => match lang {
            Lang::Vi => format!("“{written}” không có trong danh mục đơn vị (rules/units.toml)"),
            Lang::En => format!("`{written}` is not a unit of the registry (rules/units.toml)"),
        },
        Detail::SectionMissing { section, kind } => {
            let label = section_label(rules, kind, section, lang);
            match lang {
                Lang::Vi => format!("Mục “{label}” ({section}) không có tiêu đề kèm nội dung"),
                Lang::En => format!("section `{section}` ({label}) has no heading with a body"),
            }
        }
        Detail::UnknownSubunit {
            subunit,
            unit,
            page,
        } => {
            let unit = if unit.is_empty() {
                lang.pick("đơn vị này", "this unit")
            } else {
                unit
            };
            match lang {
                Lang::Vi => format!("“{subunit}” không phải đơn vị cũ của {unit} (trang {page})"),
                Lang::En => format!("`{subunit}` is not a former unit of {unit} (page {page})"),
            }
        }
        Detail::FigureConflict { metric: m, values } => {
            let values: Vec<String> = values.iter().map(|v| n(*v)).collect();
            let label = metric(rules, m, lang);
            match lang {
                Lang::Vi => format!("{label} được nêu với các giá trị khác nhau: {}", values.join("; ")),
                Lang::En => format!("{label} is stated with different values: {}", values.join(", ")),
            }
        }
        Detail::BreakdownMismatch {
            metric: m,
            parts,
            total,
        } => {
            let label = metric(rules, m, lang);
            match lang {
                Lang::Vi => format!(
                    "{label}: các phần cộng lại được {} nhưng tổng nêu trong báo cáo là {}",
                    n(*parts),
                    n(*total)
                ),
                Lang::En => format!(
                    "{label}: the parts add up to {} but the total stated is {}",
                    n(*parts),
                    n(*total)
                ),
            }
        }
        Detail::OutOfBounds {
            metric: m,
            subunit,
            value,
            min,
            max,
            page,
        } => {
            let who = if subunit.is_empty() {
                String::new()
            } else {
                format!(" ({subunit})")
            };
            let label = metric(rules, m, lang);
            let (v, lo, hi) = (n(*value), n(*min), n(*max));
            match lang {
                Lang::Vi => format!("{label}{who} = {v} nằm ngoài khoảng hợp lý [{lo}; {hi}] (trang {page})"),
                Lang::En => format!("{label}{who} = {v} is outside [{lo}, {hi}] (page {page})"),
            }
        }
        Detail::RatioOutOfBounds {
            ratio,
            numerator,
            denominator,
            min,
            max,
        } => {
            let label = rules
                .checks
                .ratios
                .iter()
                .find(|r| r.id == *ratio)
                .map_or(ratio.replace('_', " "), |r| match lang {
                    Lang::Vi => r.label.clone(),
                    Lang::En => r.id.replace('_', " "),
                });
            let quotient = if *denominator == 0.0 {
                0.0
            } else {
                (numerator / denominator).round()
            };
            let (a, b, q, lo, hi) = (n(*numerator), n(*denominator), n(quotient), n(*min), n(*max));
            match lang {
                Lang::Vi => format!("{label} = {a} / {b} = {q}, nằm ngoài khoảng hợp lý [{lo}; {hi}]"),
                Lang::En => format!("{label} = {a} / {b} = {q} is outside [{lo}, {hi}]"),
            }
        }
        Detail::SignaturesUnreadable { error } => format!(
            "{}: {error}",
            lang.pick("Không đọc được chữ ký số", "signatures could not be read")
        ),
        Detail::NoSignature => lang
            .pick(
                "Tệp không có chữ ký số nào",
                "the file carries no digital signature",
            )
            .to_string(),
        Detail::DigestMismatch {
            number: i,
            signer,
            note,
        } => match lang {
            Lang::Vi => format!(
                "Chữ ký số thứ {i} ({signer}) không khớp với nội dung đã ký — nội dung đã bị thay đổi sau khi ký: {note}"
            ),
            Lang::En => format!(
                "signature #{i} ({signer}) does not match the signed bytes — the content changed after signing: {note}"
            ),
        },
        Detail::ChangedAfterSigning { changes } => format!(
            "{}: {}",
            lang.pick(
                "Tệp đã bị thay đổi sau chữ ký số cuối cùng",
                "the file changed after its last signature"
            ),
            changes.join("; ")
        ),
        Detail::NoUnitSeal { unit } => match lang {
            Lang::Vi => format!(
                "Không có chữ ký số của chính đơn vị (ỦY BAN NHÂN DÂN {})",
                unit.to_uppercase()
            ),
            Lang::En => format!(
                "no signature by the unit itself (ỦY BAN NHÂN DÂN {})",
                unit.to_uppercase()
            ),
        },
        Detail::Superseded { by, dated } => match lang {
            Lang::Vi => format!(
                "Đã được thay thế bởi {by} (ngày {dated}); số liệu của tệp này vẫn có trong figures.csv nhưng không được tính vào các bảng tổng hợp"
            ),
            Lang::En => format!(
                "superseded by {by} (dated {dated}); its figures are kept in figures.csv but left out of the tables"
            ),
        },
        Detail::MissingReports { kinds } => {
            let labels: Vec<String> = kinds
                .iter()
                .map(|k| format!("{} ({k})", kind(rules, k, lang)))
                .collect();
            match lang {
                Lang::Vi => format!("Chưa gửi báo cáo: {} trong đợt này", labels.join("; ")),
                Lang::En => format!("no report of kind {} in this batch", labels.join("; ")),
            }
        }
        Detail::Unreadable { status: s, reason } => format!(
            "{}. {}. {}: {reason}",
            status(*s, lang),
            advice(*s, lang),
            lang.pick("Chi tiết", "Details")
        ),
    }
}

/// "trang 2 (bảng mã ký tự hỏng, broken_map), 5 (…)".
fn doubtful_pages(pages: &[(u32, baocao_viet::quality::Quality)], lang: Lang) -> String {
    let list: Vec<String> = pages
        .iter()
        .map(|(p, q)| format!("{p} ({}, {q})", quality(*q, lang)))
        .collect();
    match lang {
        Lang::Vi => format!(
            "Lớp chữ đáng ngờ ở trang {}: số liệu từ các trang này được đánh dấu ở cột `quality` của figures.csv; hãy đối chiếu bằng mắt",
            list.join(", ")
        ),
        Lang::En => format!(
            "text layer of doubtful quality on page(s) {}: figures from these pages are marked in figures.csv `quality`; re-read them by eye",
            list.join(", ")
        ),
    }
}

/// Pages and figures OCR was unsure of, with their mean word confidence.
fn low_ocr_confidence(
    rules: &Rules,
    pages: &[(u32, f32)],
    figures: &[(String, u32, f32)],
    misreads: &[crate::model::OcrMisread],
    lang: Lang,
) -> String {
    let mut parts = Vec::new();
    if !pages.is_empty() {
        let list: Vec<String> = pages.iter().map(|(p, c)| format!("{p} ({c:.0})")).collect();
        parts.push(format!(
            "{} {}",
            lang.pick("trang", "page(s)"),
            list.join(", ")
        ));
    }
    if !figures.is_empty() {
        let list: Vec<String> = figures
            .iter()
            .map(|(m, p, c)| {
                let page = lang.pick("tr.", "p.");
                format!("{} {page}{p} ({c:.0})", metric(rules, m, lang))
            })
            .collect();
        parts.push(format!(
            "{} {}",
            lang.pick("số liệu", "figure(s)"),
            list.join(", ")
        ));
    }
    let unsure = match (parts.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::Vi) => format!(
            "Nhận dạng chữ (OCR) không chắc chắn (độ tin cậy trung bình của từ, 0–100) ở {}: hãy đối chiếu bằng mắt",
            parts.join("; ")
        ),
        (false, Lang::En) => format!(
            "OCR was unsure (mean word confidence, 0–100) of {}: re-read them by eye",
            parts.join("; ")
        ),
    };
    let lost: Vec<String> = misreads
        .iter()
        .map(|m| {
            let label = metric(rules, &m.metric, lang);
            let (read, kept) = (number(m.read, lang), number(m.kept, lang));
            match lang {
                Lang::Vi => format!("{label} đọc được {read} ở trang {}, giữ {kept}", m.page),
                Lang::En => format!("{label} read as {read} on page {}, kept {kept}", m.page),
            }
        })
        .collect();
    let lost = match (lost.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::Vi) => format!(
            "Số liệu OCR mất dấu thập phân, đã bỏ để giữ số được nêu ở chỗ khác: {}",
            lost.join("; ")
        ),
        (false, Lang::En) => format!(
            "figures OCR read without their decimal separator, left out for the value stated elsewhere: {}",
            lost.join("; ")
        ),
    };
    [unsure, lost]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(". ")
}

/// A section's label in the template of `kind` (else of any kind, else its id).
fn section_label(rules: &Rules, kind: &str, section: &str, lang: Lang) -> String {
    let of_kind = rules.sections.for_kind(kind).into_iter();
    let any = rules.sections.templates.iter();
    of_kind
        .chain(any)
        .flat_map(|t| &t.sections)
        .find(|s| s.id == section)
        .map_or(section.to_string(), |s| {
            lang.pick(&s.label, &s.label_en).to_string()
        })
}

/// What a clerk can do about a file of this status.
pub fn advice(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Encrypted => lang.pick(
            "Đề nghị đơn vị gửi lại bản không đặt mật khẩu",
            "Ask the unit for a copy without a password",
        ),
        Status::Corrupt => lang.pick(
            "Tệp bị hỏng hoặc không đầy đủ (có thể do tải về hoặc sao chép bị gián đoạn): đề nghị đơn vị gửi lại tệp",
            "The file is damaged or incomplete (an interrupted download or copy?): ask the unit to send it again",
        ),
        Status::NotPdf => lang.pick(
            "Tệp không phải PDF dù có đuôi .pdf: đề nghị đơn vị gửi bản PDF đã ký số",
            "The file is not a PDF although it ends in .pdf: ask the unit for the signed PDF",
        ),
        Status::Error => lang.pick(
            "Chương trình không đọc được tệp này: mở thử bằng trình xem PDF; nếu xem được thì đọc bằng mắt và đề nghị đơn vị gửi lại, đồng thời báo lỗi kèm tệp",
            "baocao could not read this file: open it in a PDF viewer; if it shows, read it by eye, ask the unit to send it again and report the problem with the file",
        ),
        Status::NoText => lang.pick(
            "Bản quét không có lớp chữ: đọc bằng mắt hoặc đề nghị đơn vị gửi bản PDF xuất từ văn bản",
            "A scan without a text layer: read it by eye or ask the unit for a PDF exported from the document",
        ),
        Status::Ok => "",
    }
}

/// A check's name for people (the id stays in checks.csv).
pub fn check(id: CheckId, lang: Lang) -> &'static str {
    match id {
        CheckId::MissingSection => lang.pick("Thiếu mục", "Missing section"),
        CheckId::BreakdownMismatch => lang.pick(
            "Số liệu chi tiết không khớp với tổng",
            "Breakdown does not add up",
        ),
        CheckId::FigureConflict => lang.pick("Số liệu mâu thuẫn", "Conflicting figures"),
        CheckId::ImplausibleValue => lang.pick("Giá trị bất thường", "Implausible value"),
        CheckId::DuplicateReport => lang.pick("Báo cáo trùng", "Duplicate report"),
        CheckId::MissingReport => lang.pick("Thiếu báo cáo", "Missing report"),
        CheckId::UnknownUnit => lang.pick("Đơn vị không có trong danh mục", "Unknown unit"),
        CheckId::UnknownSubunit => lang.pick("Đơn vị cũ không rõ", "Unknown former unit"),
        CheckId::ModifiedAfterSigning => lang.pick("Bị sửa sau khi ký", "Modified after signing"),
        CheckId::SignatureDigestMismatch => lang.pick(
            "Chữ ký không khớp nội dung",
            "Signature does not match the content",
        ),
        CheckId::UnsignedReport => lang.pick("Không có chữ ký số", "Unsigned report"),
        CheckId::MissingUnitSeal => {
            lang.pick("Thiếu chữ ký số của đơn vị", "No signature of the unit")
        }
        CheckId::LegacyEncoding => lang.pick("Bảng mã cũ (TCVN3, VNI)", "Legacy encoding"),
        CheckId::NoTextLayer => lang.pick("Không có lớp chữ", "No text layer"),
        CheckId::LowTextQuality => lang.pick("Lớp chữ kém chất lượng", "Low text quality"),
        CheckId::ExtractionError => lang.pick("Lỗi trích xuất chữ", "Extraction error"),
        CheckId::LowOcrConfidence => {
            lang.pick("Nhận dạng chữ (OCR) không chắc chắn", "Low OCR confidence")
        }
        CheckId::UnreadableFile => lang.pick("Tệp không đọc được", "Unreadable file"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap()
    }

    #[test]
    fn details_read_in_vietnamese_by_default_and_in_english_on_request() {
        let rules = rules();
        let conflict = Detail::FigureConflict {
            metric: "poor_households".into(),
            values: vec![96.0, 1167.5],
        };
        assert_eq!(
            detail(&rules, &conflict, Lang::Vi),
            "Số hộ nghèo được nêu với các giá trị khác nhau: 96; 1.167,50"
        );
        assert_eq!(
            detail(&rules, &conflict, Lang::En),
            "Poor households is stated with different values: 96, 1,167.50"
        );
        assert_eq!(
            detail(&rules, &Detail::NoSignature, Lang::Vi),
            "Tệp không có chữ ký số nào"
        );
        let missing = Detail::SectionMissing {
            section: "lessons".into(),
            kind: "emulation_awards_5y".into(),
        };
        let vi = detail(&rules, &missing, Lang::Vi);
        assert!(
            vi.starts_with("Mục “") && vi.ends_with("(lessons) không có tiêu đề kèm nội dung"),
            "{vi}"
        );
    }

    #[test]
    fn an_unreadable_file_says_what_to_do() {
        let d = Detail::Unreadable {
            status: Status::Encrypted,
            reason: "encrypted (password-protected)".into(),
        };
        assert_eq!(
            detail(&rules(), &d, Lang::Vi),
            "Bị mã hóa. Đề nghị đơn vị gửi lại bản không đặt mật khẩu. Chi tiết: encrypted (password-protected)"
        );
        for s in [
            Status::Encrypted,
            Status::Corrupt,
            Status::NotPdf,
            Status::Error,
        ] {
            assert!(!advice(s, Lang::Vi).is_empty() && !advice(s, Lang::En).is_empty());
        }
    }

    #[test]
    fn every_check_has_a_name_in_both_languages() {
        for id in CheckId::ALL {
            assert_ne!(check(id, Lang::Vi), check(id, Lang::En), "{id}");
        }
    }
}
