//! The exports as a spreadsheet user meets them: CSV bytes (BOM, no cell
//! that starts a formula), the XLSX workbook read back with calamine (the
//! same values as the CSVs, but sheet names, headers and enumerated values in
//! the chosen language, flags as booleans and dates as dates) and Parquet
//! read back with polars.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

mod common;

use baocao::output::Labels;
use calamine::{open_workbook, Data, Reader, Xlsx};
use common::root;

/// A few reports: a superseded duplicate, two kinds, an unknown unit.
const SUBSET: &[&str] = &[
    "phuong-huong-thuy",
    "phuong-kim-tra",
    "phuong-tay-loc",
    "xa-a-luoi-1",
];
/// The subset copied to a scratch folder (once).
fn corpus() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("exports-corpus");
        let _ = std::fs::remove_dir_all(&dir);
        for sub in SUBSET {
            let from = root().join("corpus").join(sub);
            std::fs::create_dir_all(dir.join(sub)).unwrap();
            for e in std::fs::read_dir(&from).unwrap().flatten() {
                std::fs::copy(e.path(), dir.join(sub).join(e.file_name())).unwrap();
            }
        }
        dir
    })
}

fn run(name: &str, extra: &[&str]) -> PathBuf {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .current_dir(root())
        .arg("run")
        .arg(corpus())
        .arg("--quiet")
        .arg("--out")
        .arg(&out)
        .args(extra)
        .status()
        .expect("baocao runs");
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "baocao run: {status}"
    );
    out
}

/// Default run with every format (shared by the tests of this file).
fn out() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| run("exports-out", &["--format", "csv,parquet,xlsx"]))
}

const TABLES: &[&str] = &[
    "documents",
    "figures",
    "sections",
    "signatures",
    "checks",
    "units",
    "subunits",
    "totals",
    "completeness",
];

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

#[test]
fn csv_has_a_bom_and_no_cell_starts_a_formula() {
    let out = out();
    for t in TABLES {
        let path = out.join(format!("{t}.csv"));
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{t}.csv has no BOM");
        let text = std::str::from_utf8(&bytes).expect("UTF-8");
        assert!(!text[3..].contains('\u{feff}'), "{t}.csv: one BOM only");
        for (i, row) in csv_rows(&path).iter().enumerate() {
            for cell in row {
                if cell.starts_with(FORMULA_STARTS) {
                    assert!(
                        cell.parse::<f64>().is_ok(),
                        "{t}.csv row {i}: text cell {cell:?} would start a formula"
                    );
                }
            }
        }
    }
    let units = std::fs::read_to_string(out.join("units.csv")).unwrap();
    assert!(units.contains("Phường Kim Trà"), "Vietnamese text as UTF-8");
}

#[test]
fn csv_without_bom_on_request() {
    let out = run(
        "exports-nobom",
        &["--csv-bom=false", "--lang", "en", "--format", "xlsx"],
    );
    for t in TABLES {
        let bytes = std::fs::read(out.join(format!("{t}.csv"))).unwrap();
        assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "{t}.csv has a BOM");
    }
    let mut wb: Xlsx<_> = open_workbook(out.join("baocao.xlsx")).unwrap();
    assert_eq!(wb.sheet_names()[0], "Documents");
    let range = wb.worksheet_range("Units").unwrap();
    assert_eq!(range.get((0, 0)), Some(&Data::String("Unit".into())));
    assert_eq!(
        range.get((0, 2)),
        Some(&Data::String("Poor households".into()))
    );
    let checks = wb.worksheet_range("Checks").unwrap();
    let severities: Vec<&Data> = checks.rows().skip(1).map(|r| &r[3]).collect();
    assert!(severities.contains(&&Data::String("Warning".into())));
    let csv = std::fs::read_to_string(out.join("checks.csv")).unwrap();
    assert!(csv.contains("no report of kind"), "details in English");
}

/// Days from 1899-12-30 (a spreadsheet's day 0) to a civil date.
fn serial_day(y: i64, m: i64, d: i64) -> i64 {
    let (y, m) = if m <= 2 { (y - 1, m + 12) } else { (y, m) };
    let days = 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d;
    days - (365 * 1899 + 1899 / 4 - 1899 / 100 + 1899 / 400 + (153 * 9 + 2) / 5 + 30)
}

/// The spreadsheet serial of a CSV date (`YYYY-MM-DD`) or time (RFC 3339,
/// its clock kept).
fn serial(csv: &str) -> Option<f64> {
    let n = |r: std::ops::Range<usize>| csv.get(r)?.parse::<i64>().ok();
    let day = serial_day(n(0..4)?, n(5..7)?, n(8..10)?) as f64;
    if csv.len() == 10 {
        return Some(day);
    }
    let secs = n(11..13)? * 3600 + n(14..16)? * 60 + n(17..19)?;
    Some(day + secs as f64 / 86400.0)
}

/// A CSV cell as the workbook shows it: numbers as f64, the formula guard
/// undone, enumerated values as their labels, dates as dates, `unknown` as
/// an empty cell.
fn same(column: &str, csv: &str, x: &Data, labels: &Labels) -> bool {
    match x {
        Data::Empty => csv.is_empty() || csv == "unknown",
        Data::Float(v) => csv.parse::<f64>().is_ok_and(|c| c == *v),
        Data::Int(v) => csv.parse::<f64>().is_ok_and(|c| c == *v as f64),
        Data::Bool(b) => csv == b.to_string(),
        Data::DateTime(d) => serial(csv).is_some_and(|s| (s - d.as_f64()).abs() < 1e-6),
        Data::String(s) => {
            let shown = labels.value(column, csv);
            shown == s || (csv.strip_prefix('\'') == Some(s) && s.starts_with(FORMULA_STARTS))
        }
        _ => false,
    }
}

#[test]
fn xlsx_holds_the_same_values_as_the_csvs_in_vietnamese() {
    let out = out();
    let rules = baocao_rules::Rules::load(&root().join("rules")).unwrap();
    let labels = baocao::lang::labels(&rules, baocao::lang::Lang::Vi);
    let mut wb: Xlsx<_> = open_workbook(out.join("baocao.xlsx")).unwrap();
    let sheets = [
        "Tệp",
        "Số liệu",
        "Mục",
        "Chữ ký số",
        "Kiểm tra",
        "Đơn vị",
        "Đơn vị cũ",
        "Tổng hợp",
        "Mức độ đầy đủ",
    ];
    assert_eq!(wb.sheet_names(), sheets);
    for (t, sheet) in TABLES.iter().zip(sheets) {
        let csv = csv_rows(&out.join(format!("{t}.csv")));
        let range = wb.worksheet_range(sheet).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        assert_eq!(rows.len(), csv.len(), "{t}: rows");
        for (i, (x, c)) in rows.iter().zip(&csv).enumerate().skip(1) {
            for (j, cell) in c.iter().enumerate() {
                let got = x.get(j).unwrap_or(&Data::Empty);
                assert!(
                    same(&csv[0][j], cell, got, &labels),
                    "{t} row {i} col {j}: csv {cell:?}, xlsx {got:?}"
                );
            }
        }
        assert_eq!(
            rows[0].len().max(csv[0].len()),
            csv[0].len(),
            "{t}: columns"
        );
    }
    let units = wb.worksheet_range("Đơn vị").unwrap();
    assert_eq!(units.get((0, 0)), Some(&Data::String("Đơn vị".into())));
    assert_eq!(
        units.get((0, 1)),
        Some(&Data::String("Loại báo cáo".into()))
    );
    assert_eq!(units.get((0, 2)), Some(&Data::String("Số hộ nghèo".into())));
    let mut column = |sheet: &str, header: &str| -> Vec<Data> {
        let r = wb.worksheet_range(sheet).unwrap();
        let rows: Vec<&[Data]> = r.rows().collect();
        let j = rows[0]
            .iter()
            .position(|h| *h == Data::String(header.into()))
            .unwrap_or_else(|| panic!("{sheet}: no column {header}"));
        rows[1..].iter().map(|row| row[j].clone()).collect()
    };
    let text = |v: &[Data], s: &str| v.contains(&Data::String(s.into()));
    let kinds = column("Tệp", "Loại báo cáo");
    assert!(text(
        &kinds,
        "Báo cáo tổng kết công tác thi đua, khen thưởng giai đoạn 2020-2025"
    ));
    assert!(!text(&kinds, "emulation_awards_5y"));
    assert!(text(&column("Tệp", "Trạng thái"), "Đọc được"));
    let dates = column("Tệp", "Ngày văn bản");
    let seed = f64::from(45897); // 2025-08-28, the seed report's date
    assert!(
        dates
            .iter()
            .any(|d| matches!(d, Data::DateTime(x) if x.as_f64() == seed)),
        "{dates:?}"
    );
    let unchanged = column("Chữ ký số", "Nội dung không đổi từ khi ký");
    assert!(unchanged.contains(&Data::Bool(true)));
    assert!(unchanged
        .iter()
        .all(|d| matches!(d, Data::Bool(_) | Data::Empty)));
    assert!(column("Chữ ký số", "Thời điểm ký (giờ Việt Nam)")
        .iter()
        .all(|d| matches!(d, Data::DateTime(_))));
    assert!(column("Số liệu", "Giá trị hợp lý")
        .iter()
        .all(|d| matches!(d, Data::Bool(_))));
    let figures = column("Số liệu", "Chỉ tiêu");
    assert!(text(&figures, "Số hộ nghèo") && !text(&figures, "poor_households"));
    assert!(text(&column("Số liệu", "Đơn vị tính"), "hộ"));
    let severity = column("Kiểm tra", "Mức độ");
    assert!(text(&severity, "Cảnh báo") && !text(&severity, "warning"));
    let check = column("Kiểm tra", "Kiểm tra");
    assert!(text(&check, "Thiếu báo cáo") && !text(&check, "missing_report"));
    assert!(text(&column("Tổng hợp", "Phép tổng hợp"), "Tổng"));
}

#[test]
fn csv_keeps_the_ids_for_machines() {
    let out = out();
    let checks = common::read_csv(&out.join("checks.csv"));
    assert!(checks
        .iter()
        .any(|c| c["check"] == "missing_report" && c["severity"] == "warning"));
    let figures = common::read_csv(&out.join("figures.csv"));
    assert!(figures
        .iter()
        .any(|f| f["metric"] == "poor_households" && f["unit_of_measure"] == "households"));
    let signatures = common::read_csv(&out.join("signatures.csv"));
    assert!(signatures
        .iter()
        .all(|s| ["true", "false", "unknown"].contains(&s["digest_ok"].as_str())));
    let missing = checks
        .iter()
        .find(|c| c["check"] == "missing_report")
        .unwrap();
    assert!(
        missing["detail"].starts_with("Chưa gửi báo cáo: "),
        "{missing:?}"
    );
}

#[test]
fn parquet_reads_back_with_polars() {
    use polars::prelude::*;
    let out = out();
    for t in TABLES {
        let file = std::fs::File::open(out.join(format!("{t}.parquet"))).unwrap();
        let df = ParquetReader::new(file).finish().unwrap();
        let csv = csv_rows(&out.join(format!("{t}.csv")));
        assert_eq!(df.height() + 1, csv.len(), "{t}: rows");
        assert_eq!(df.width(), csv[0].len(), "{t}: columns");
    }
    let file = std::fs::File::open(out.join("totals.parquet")).unwrap();
    let totals = ParquetReader::new(file).finish().unwrap();
    assert_eq!(totals.column("value").unwrap().dtype(), &DataType::Float64);
}
