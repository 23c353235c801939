//! The page: head and style sheet, then one `<section>` per part — summary,
//! unreadable files, totals, charts, completeness, signatures, checks,
//! figures. Plain HTML and CSS; the charts and the heat-map are inline SVG.
//! No script.

use std::collections::BTreeMap;
use std::fmt::Write;

use baocao_rules::checks::Severity;

use super::charts::{self, Bar, Chart, Marker};
use super::{esc, Input};
use super::{files, heatmap};
use crate::batch::ExpectedFrom;
use crate::lang::{self as i18n, unit_of_measure, Lang};
use crate::model::{Check, DocReport, Status};
use crate::tables::Statistic;

const STYLE: &str = r#"
:root { --ink: #1a202c; --muted: #5a6472; --line: #d5dae1; --bar: #2b6cb0; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", Roboto, Arial, sans-serif;
  color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 16px 24px 48px; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0.2em 0; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--line); padding-bottom: 4px; margin-top: 2em; }
h3 { font-size: 1.05rem; margin: 1.4em 0 0.4em; }
p.lead, .muted { color: var(--muted); }
nav ol { columns: 2; padding-left: 1.2em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 0.4em 0 1em; }
th, td { border: 1px solid var(--line); padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #eef1f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.doc th { background: #f7f8fa; font-weight: 600; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 150px; }
.card b { display: block; font-size: 1.5rem; }
figure { margin: 0.6em 0 1.4em; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg { max-width: 100%; height: auto; font-family: inherit; }
svg text { font-size: 11px; fill: var(--ink); }
svg .bar { fill: var(--bar); }
svg .value { fill: var(--muted); }
.cell.present { fill: #38a169; } .cell.absent-required { fill: #e53e3e; }
.cell.absent-recommended { fill: #ecc94b; } .cell.no-report { fill: #e2e8f0; }
.legend span { display: inline-block; margin-right: 14px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
.sev-error { color: #c53030; } .sev-warning { color: #b7791f; } .sev-info { color: #2c5282; }
.snippet { font-size: 0.85rem; }
.superseded { color: var(--muted); }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; }
}
@page { size: A4; margin: 12mm; }
"#;

/// Write the whole page to `w`, section by section: the source of every
/// figure, which grows with the batch, row by row, so the page is never
/// held whole in memory.
pub fn write_page(input: &Input, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let lang = input.lang;
    let title = lang.pick(
        "Tổng hợp báo cáo của các phường, xã thành phố Huế",
        "Summary of the reports of Huế's wards and communes",
    );
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header><h1>{}</h1><p class=\"lead\">{}</p></header>\n",
        lang.code(),
        esc(title),
        esc(title),
        esc(lang.pick(
            "Số liệu trích từ các báo cáo PDF đã ký số; mỗi số liệu dẫn về tệp, trang và đoạn văn bản gốc.",
            "Figures extracted from the signed PDF reports; each one traces back to its file, page and text."
        )),
    );
    s.push_str(&contents(lang));
    s.push_str(&summary(input));
    w.write_all(s.as_bytes())?;
    w.write_all(files::unread(input).as_bytes())?;
    w.write_all(totals(input).as_bytes())?;
    w.write_all(charts_section(input).as_bytes())?;
    w.write_all(completeness(input).as_bytes())?;
    files::signatures(input, w)?;
    checks(input, w)?;
    figures(input, w)?;
    w.write_all(b"</body>\n</html>\n")
}

fn contents(lang: Lang) -> String {
    let items = [
        ("summary", lang.pick("Tóm tắt", "Summary")),
        ("unread", lang.pick("Tệp không đọc được", "Files not read")),
        ("totals", lang.pick("Tổng hợp chỉ tiêu", "Totals")),
        ("charts", lang.pick("Biểu đồ theo đơn vị", "Charts by unit")),
        (
            "completeness",
            lang.pick("Mức độ đầy đủ các mục", "Completeness of sections"),
        ),
        ("signatures", lang.pick("Chữ ký số", "Digital signatures")),
        ("checks", lang.pick("Kết quả kiểm tra", "Checks")),
        (
            "figures",
            lang.pick("Nguồn của từng số liệu", "Source of every figure"),
        ),
    ];
    let li: String = items
        .iter()
        .map(|(id, t)| format!("<li><a href=\"#{id}\">{}</a></li>", esc(t)))
        .collect();
    format!("<nav><ol>{li}</ol></nav>\n")
}

/// Files by status, units reporting and missing per kind, checks by severity.
fn summary(input: &Input) -> String {
    let lang = input.lang;
    let mut s = format!(
        "<section id=\"summary\"><h2>{}</h2>",
        lang.pick("Tóm tắt", "Summary")
    );
    let docs = input.heads();
    let figures: usize = docs.iter().map(|d| d.figures).sum();
    let severities = severity_counts(input);
    let cards = [
        (lang.pick("Tệp PDF", "PDF files"), docs.len()),
        (
            lang.pick("Đọc được", "Read"),
            docs.iter().filter(|d| d.status == Status::Ok).count(),
        ),
        (
            lang.pick("Không đọc được", "Not read"),
            input.batch.failed(),
        ),
        (lang.pick("Số liệu", "Figures"), figures),
        (
            lang.pick("Lỗi", "Errors"),
            severities.get(&Severity::Error).copied().unwrap_or(0),
        ),
        (
            lang.pick("Cảnh báo", "Warnings"),
            severities.get(&Severity::Warning).copied().unwrap_or(0),
        ),
    ];
    s.push_str("<div class=\"cards\">");
    for (label, n) in cards {
        let _ = write!(s, "<div class=\"card\"><b>{n}</b>{}</div>", esc(label));
    }
    s.push_str("</div>");
    s.push_str(&status_table(input));
    s.push_str(&expected_kinds(input));
    s.push_str(&units_by_kind(input));
    s.push_str("</section>\n");
    s
}

fn status_table(input: &Input) -> String {
    let lang = input.lang;
    let mut by: BTreeMap<&str, (Status, usize)> = BTreeMap::new();
    for d in input.heads() {
        by.entry(d.status.as_str()).or_insert((d.status, 0)).1 += 1;
    }
    let mut s = format!(
        "<h3>{}</h3><table class=\"status\"><tr><th>{}</th><th>{}</th></tr>",
        lang.pick("Tệp theo trạng thái", "Files by status"),
        lang.pick("Trạng thái", "Status"),
        lang.pick("Số tệp", "Files")
    );
    for (status, n) in by.into_values() {
        let _ = write!(
            s,
            "<tr data-status=\"{status}\"><td>{}</td><td class=\"num\">{n}</td></tr>",
            esc(i18n::status(status, lang))
        );
    }
    s.push_str("</table>");
    s
}

/// Which report kinds the batch expects, and why (missing reports are
/// counted for these only).
fn expected_kinds(input: &Input) -> String {
    let lang = input.lang;
    let e = &input.batch.expected;
    let why = match e.from {
        ExpectedFrom::Argument => lang.pick(
            "theo yêu cầu khi chạy (--expect)",
            "as asked when running (--expect)",
        ),
        ExpectedFrom::Rules => lang.pick(
            "theo quy tắc (rules/checks.toml, [missing_report])",
            "as the rules declare (rules/checks.toml, [missing_report])",
        ),
        ExpectedFrom::Inferred => lang.pick(
            "suy ra từ đợt này: loại báo cáo được ít nhất một nửa số đơn vị gửi",
            "inferred from this batch: the kinds sent by at least half of the units",
        ),
    };
    let named: Vec<String> = e
        .kinds
        .iter()
        .map(|k| esc(i18n::kind(input.rules, k, lang)))
        .collect();
    let sent: Vec<String> = e
        .sent
        .iter()
        .map(|(k, n)| {
            format!(
                "<li data-kind=\"{}\">{}: {n}/{} {}</li>",
                esc(k),
                esc(i18n::kind(input.rules, k, lang)),
                e.units,
                lang.pick("đơn vị", "units")
            )
        })
        .collect();
    format!(
        "<h3>{}</h3><p class=\"expected\">{}: <b>{}</b> ({}).</p><ul class=\"sent\">{}</ul>",
        lang.pick("Loại báo cáo cần nộp", "Report kinds expected"),
        lang.pick("Mỗi đơn vị cần nộp", "Every unit is expected to send"),
        if named.is_empty() {
            lang.pick("không loại nào", "none").to_string()
        } else {
            named.join("; ")
        },
        why,
        sent.join("")
    )
}

fn units_by_kind(input: &Input) -> String {
    let lang = input.lang;
    let registry = &input.rules.units.units;
    let mut s = String::new();
    for kind in &input.tables.kinds {
        let reported = reported_units(input, kind);
        let expected = input.batch.expected.kinds.iter().any(|k| k == kind);
        let missing: Vec<&str> = registry
            .iter()
            .map(|u| u.name.as_str())
            .filter(|u| !reported.iter().any(|r| r == u))
            .collect();
        let missing = if !expected {
            format!(
                "{}.",
                lang.pick(
                    "Loại báo cáo này không bắt buộc trong đợt: không tính đơn vị thiếu",
                    "This kind is not expected in this batch: no unit counts as missing"
                )
            )
        } else {
            format!(
                "{}: <b>{}</b>{}",
                lang.pick("Chưa có báo cáo", "Missing"),
                missing.len(),
                if missing.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", esc(&missing.join(", ")))
                }
            )
        };
        let _ = write!(
            s,
            "<h3>{}</h3><p data-kind=\"{}\" class=\"reporting\">{}: <b>{}</b> / {}. {missing}</p>",
            esc(i18n::kind(input.rules, kind, lang)),
            esc(kind),
            lang.pick("Đơn vị có báo cáo", "Units reporting"),
            reported.len(),
            registry.len(),
        );
    }
    s
}

/// Units with a counted report of `kind`, in registry order.
fn reported_units<'a>(input: &Input<'a>, kind: &str) -> Vec<&'a str> {
    input
        .tables
        .units
        .iter()
        .filter(|u| u.kind == kind)
        .map(|u| u.unit.as_str())
        .collect()
}

fn severity_counts(input: &Input) -> BTreeMap<Severity, usize> {
    let mut by = BTreeMap::new();
    for sev in Severity::ALL {
        let n = input
            .heads()
            .iter()
            .map(|d| d.checks_of(sev))
            .sum::<usize>()
            + input
                .batch
                .checks
                .iter()
                .filter(|b| b.check.severity == sev)
                .count();
        if n > 0 {
            by.insert(sev, n);
        }
    }
    by
}

/// totals.csv, readable.
fn totals(input: &Input) -> String {
    let lang = input.lang;
    let mut s = format!(
        "<section id=\"totals\"><h2>{}</h2><p class=\"muted\">{}</p>",
        lang.pick("Tổng hợp chỉ tiêu", "Totals"),
        esc(lang.pick(
            "Số đếm và tiền được cộng; tỷ lệ không cộng mà nêu thấp nhất, trung vị, cao nhất và bình quân gia quyền (theo số hộ suy ra từ số hộ nghèo và tỷ lệ của từng đơn vị).",
            "Counts and money are summed; rates are never summed: minimum, median, maximum and the weighted rate (weighted by the households implied by each unit's count and rate)."
        ))
    );
    let mut current = None;
    for t in &input.tables.totals {
        if current != Some(&t.kind) {
            if current.is_some() {
                s.push_str("</table>");
            }
            current = Some(&t.kind);
            let _ = write!(
                s,
                "<h3>{}</h3><table class=\"totals\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
                esc(i18n::kind(input.rules, &t.kind, lang)),
                lang.pick("Chỉ tiêu", "Metric"),
                lang.pick("Phép tổng hợp", "Aggregate"),
                lang.pick("Giá trị", "Value"),
                lang.pick("Đơn vị có số liệu", "Units reporting"),
                lang.pick("Đơn vị thiếu", "Units missing"),
            );
        }
        let value = t.value.map_or("—".to_string(), |v| {
            format!(
                "{} {}",
                i18n::number(v, lang),
                unit_of_measure(&t.unit_of_measure, lang)
            )
        });
        let _ = write!(
            s,
            "<tr data-metric=\"{}\" data-aggregate=\"{}\"><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&t.metric),
            t.aggregate,
            esc(i18n::metric(input.rules, &t.metric, lang)),
            esc(i18n::statistic(t.aggregate, lang)),
            esc(&value),
            t.units_reporting,
            t.units_missing,
        );
    }
    if current.is_some() {
        s.push_str("</table>");
    }
    s.push_str("</section>\n");
    s
}

/// One bar chart per kind and metric, across the units that state it.
fn charts_section(input: &Input) -> String {
    let lang = input.lang;
    let mut s = format!(
        "<section id=\"charts\"><h2>{}</h2>",
        lang.pick("Biểu đồ theo đơn vị", "Charts by unit")
    );
    for kind in &input.tables.kinds {
        let _ = write!(s, "<h3>{}</h3>", esc(i18n::kind(input.rules, kind, lang)));
        for (i, m) in input.rules.metrics.metrics.iter().enumerate() {
            if !m.applies_to(Some(kind)) {
                continue;
            }
            let bars: Vec<Bar> = input
                .tables
                .units
                .iter()
                .filter(|u| u.kind == *kind)
                .filter_map(|u| {
                    u.values[i].map(|value| Bar {
                        unit: u.unit.clone(),
                        value,
                    })
                })
                .collect();
            s.push_str(&chart_figure(input, kind, m, &bars));
        }
    }
    s.push_str("</section>\n");
    s
}

fn chart_figure(
    input: &Input,
    kind: &str,
    m: &baocao_rules::metrics::Metric,
    bars: &[Bar],
) -> String {
    let lang = input.lang;
    let caption = chart_caption(
        i18n::metric(input.rules, &m.id, lang),
        unit_of_measure(&m.unit, lang),
    );
    if bars.is_empty() {
        return format!(
            "<figure data-metric=\"{}\"><figcaption>{}</figcaption><p class=\"muted\">{}</p></figure>",
            esc(&m.id),
            esc(&caption),
            lang.pick("Không đơn vị nào nêu số liệu này.", "No unit states this figure.")
        );
    }
    let marker = (m.aggregate == baocao_rules::metrics::Aggregate::Rate)
        .then(|| median(bars))
        .map(|value| Marker {
            label: i18n::statistic(Statistic::Median, lang).to_string(),
            value,
        });
    let svg = charts::svg(&Chart {
        kind,
        metric: &m.id,
        bars,
        marker,
        lang,
    });
    format!(
        "<figure data-metric=\"{}\"><figcaption>{}</figcaption>{svg}</figure>",
        esc(&m.id),
        esc(&caption)
    )
}

/// Median of the bars' values (for the reference line of a rate).
fn median(bars: &[Bar]) -> f64 {
    let mut v: Vec<f64> = bars.iter().map(|b| b.value).collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The heat-map per kind, every registry unit a row.
fn completeness(input: &Input) -> String {
    let lang = input.lang;
    let tables = input.tables;
    let mut s = format!(
        "<section id=\"completeness\"><h2>{}</h2><p class=\"legend\">{}</p>",
        lang.pick("Mức độ đầy đủ các mục", "Completeness of sections"),
        legend(lang)
    );
    for kind in &input.tables.kinds {
        let Some(template) = input.rules.sections.for_kind(kind) else {
            continue;
        };
        let columns: Vec<heatmap::Column> = template
            .sections
            .iter()
            .map(|d| heatmap::Column {
                id: d.id.clone(),
                label: lang.pick(&d.label, &d.label_en).to_string(),
                required: d.required,
            })
            .collect();
        let at: Vec<Option<usize>> = columns
            .iter()
            .map(|c| tables.sections.iter().position(|s| *s == c.id))
            .collect();
        let rows: Vec<heatmap::Row> = input
            .rules
            .units
            .units
            .iter()
            .map(|u| heatmap::Row {
                unit: u.name.clone(),
                cells: tables
                    .completeness
                    .iter()
                    .find(|c| c.unit == u.name && c.kind == *kind)
                    .map(|c| {
                        at.iter()
                            .map(|i| i.and_then(|i| c.present[i]).unwrap_or(false))
                            .collect()
                    }),
            })
            .collect();
        let _ = write!(
            s,
            "<figure><figcaption>{}</figcaption>{}</figure>",
            esc(i18n::kind(input.rules, kind, lang)),
            heatmap::svg(kind, &columns, &rows, lang)
        );
    }
    s.push_str("</section>\n");
    s
}

fn legend(lang: Lang) -> String {
    let items = [
        ("present", "#38a169"),
        ("absent-required", "#e53e3e"),
        ("absent-recommended", "#ecc94b"),
        ("no-report", "#e2e8f0"),
    ];
    let mut s: String = items
        .iter()
        .map(|(c, color)| {
            format!(
                "<span><i style=\"background:{color}\"></i>{}</span>",
                esc(heatmap::state_words(c, lang))
            )
        })
        .collect();
    s.push_str(&esc(lang.pick("(* mục bắt buộc)", "(* required section)")));
    s
}

/// Checks grouped by severity: errors, then warnings, then information.
/// Every finding by severity: per file in file order, then the batch's.
fn checks(input: &Input, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let lang = input.lang;
    write!(
        w,
        "<section id=\"checks\"><h2>{}</h2>",
        lang.pick("Kết quả kiểm tra", "Checks")
    )?;
    let counts = severity_counts(input);
    for sev in Severity::ALL {
        let n = counts.get(&sev).copied().unwrap_or(0);
        write!(
            w,
            "<h3 class=\"sev-{sev}\">{} ({n})</h3>",
            esc(i18n::severity(sev, lang)),
        )?;
        if n == 0 {
            continue;
        }
        write!(
            w,
            "<table class=\"checks\" data-severity=\"{sev}\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            lang.pick("Tệp", "File"),
            lang.pick("Đơn vị", "Unit"),
            lang.pick("Kiểm tra", "Check"),
            lang.pick("Đối tượng", "Subject"),
            lang.pick("Chi tiết", "Detail"),
        )?;
        let mut row = |file: &str, unit: &str, check: &Check| -> std::io::Result<()> {
            if check.severity != sev {
                return Ok(());
            }
            write!(
                w,
                "<tr data-check=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                check.id,
                esc(file),
                esc(unit),
                esc(i18n::check(check.id, lang)),
                esc(&check.subject),
                esc(&i18n::detail(input.rules, &check.detail, lang))
            )
        };
        for d in input.heads() {
            for c in d.all_checks() {
                row(&d.file, &d.unit, c)?;
            }
        }
        for b in &input.batch.checks {
            row("", &b.unit, &b.check)?;
        }
        w.write_all(b"</table>")?;
    }
    w.write_all(b"</section>\n")
}

/// Every figure with its file, page and snippet, grouped by document.
fn figures(input: &Input, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let lang = input.lang;
    let head = format!(
        "<section id=\"figures\"><h2>{}</h2><table class=\"figures\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        lang.pick("Nguồn của từng số liệu", "Source of every figure"),
        lang.pick("Chỉ tiêu", "Metric"),
        lang.pick("Đơn vị cũ", "Former unit"),
        lang.pick("Giá trị", "Value"),
        lang.pick("Trang", "Page"),
        lang.pick("Trích đoạn", "Snippet"),
    );
    w.write_all(head.as_bytes())?;
    let mut rows = input.figure_rows;
    std::io::Seek::rewind(&mut rows)?;
    std::io::copy(&mut rows, w)?;
    w.write_all(b"</table></section>\n")
}

/// A report's rows of the figures section: a heading row, then a row per
/// figure (none for a report without figures).
pub fn figure_rows(
    input: &Input,
    d: &DocReport,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let lang = input.lang;
    if d.figures.is_empty() {
        return Ok(());
    }
    let mut s = String::new();
    let note = if d.superseded {
        lang.pick(
            " — đã bị thay thế, không tính",
            " — superseded, not counted",
        )
    } else {
        ""
    };
    let _ = write!(
        s,
        "<tr class=\"doc{}\"><th colspan=\"5\">{} · {}{}</th></tr>",
        if d.superseded { " superseded" } else { "" },
        esc(&d.file),
        esc(&d.unit),
        esc(note)
    );
    for f in d.figures.iter().map(|f| &f.figure) {
        let _ = write!(
            s,
            "<tr class=\"figure\" data-file=\"{}\" data-page=\"{}\"><td>{}</td><td>{}</td><td class=\"num\">{} {}</td><td class=\"num\">{}</td><td class=\"snippet\">{}</td></tr>",
            esc(&d.file),
            f.page,
            esc(i18n::metric(input.rules, &f.metric, lang)),
            esc(&f.subunit),
            i18n::number(f.value, lang),
            esc(unit_of_measure(&f.unit_of_measure, lang)),
            f.page,
            esc(&f.snippet)
        );
    }
    w.write_all(s.as_bytes())
}

/// "Số hộ nghèo (hộ)"; a label that already names its unit in parentheses
/// ("Bằng khen (tập thể)") is not given a second one.
fn chart_caption(label: impl AsRef<str>, unit: impl AsRef<str>) -> String {
    let (label, unit) = (label.as_ref(), unit.as_ref());
    if label.ends_with(')') {
        label.to_string()
    } else {
        format!("{label} ({unit})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even() {
        let bars = |v: &[f64]| -> Vec<Bar> {
            v.iter()
                .map(|&value| Bar {
                    unit: String::new(),
                    value,
                })
                .collect()
        };
        assert_eq!(median(&bars(&[3.0, 1.0, 2.0])), 2.0);
        assert_eq!(median(&bars(&[4.0, 1.0, 2.0, 3.0])), 2.5);
    }
}
