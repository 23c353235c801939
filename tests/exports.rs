//! The exports as a spreadsheet user meets them: CSV bytes (BOM, no cell
//! that starts a formula), the XLSX workbook read back with calamine (the
//! same values as the CSVs, headers in the chosen language) and Parquet
//! read back with polars.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

mod common;

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
    let range = wb.worksheet_range("units").unwrap();
    assert_eq!(range.get((0, 0)), Some(&Data::String("Unit".into())));
    assert_eq!(
        range.get((0, 2)),
        Some(&Data::String("Poor households".into()))
    );
}

/// A CSV cell as calamine would show it: numbers as f64, the formula guard undone.
fn same(csv: &str, x: &Data) -> bool {
    match x {
        Data::Empty => csv.is_empty(),
        Data::Float(v) => csv.parse::<f64>().is_ok_and(|c| c == *v),
        Data::Int(v) => csv.parse::<f64>().is_ok_and(|c| c == *v as f64),
        Data::Bool(b) => csv == b.to_string(),
        Data::String(s) => {
            csv == s || (csv.strip_prefix('\'') == Some(s) && s.starts_with(FORMULA_STARTS))
        }
        _ => false,
    }
}

#[test]
fn xlsx_holds_the_same_values_as_the_csvs() {
    let out = out();
    let mut wb: Xlsx<_> = open_workbook(out.join("baocao.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        TABLES.iter().map(|t| t.to_string()).collect::<Vec<_>>()
    );
    for t in TABLES {
        let csv = csv_rows(&out.join(format!("{t}.csv")));
        let range = wb.worksheet_range(t).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        assert_eq!(rows.len(), csv.len(), "{t}: rows");
        for (i, (x, c)) in rows.iter().zip(&csv).enumerate().skip(1) {
            for (j, cell) in c.iter().enumerate() {
                let got = x.get(j).unwrap_or(&Data::Empty);
                assert!(
                    same(cell, got),
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
    let units = wb.worksheet_range("units").unwrap();
    assert_eq!(units.get((0, 0)), Some(&Data::String("Đơn vị".into())));
    assert_eq!(units.get((0, 2)), Some(&Data::String("Số hộ nghèo".into())));
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
