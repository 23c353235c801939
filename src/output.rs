//! Writing the result tables: RFC 4180 CSV, UTF-8 (with a BOM by default so
//! Excel reads Vietnamese correctly), text cells safe from formula
//! injection, and every file written atomically (a temporary file renamed
//! into place, so an interrupted run never leaves half a table).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::batch::BatchCheck;
use crate::checks::fmt;
use crate::model::DocReport;

/// How CSV files are written.
#[derive(Debug, Clone, Copy)]
pub struct CsvOptions {
    pub bom: bool,
}

/// Write `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// A text cell made safe for spreadsheets: a leading = + - @ tab or CR would
/// start a formula, so it gets a leading apostrophe. Numbers are never passed here.
pub fn safe_text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Build a CSV document from a header and rows of cells.
pub fn csv_bytes(opts: CsvOptions, header: &[&str], rows: &[Vec<Cell>]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    if opts.bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(header)?;
        for r in rows {
            w.write_record(r.iter().map(Cell::render))?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// One CSV cell: text is neutralised, numbers and booleans are written plain.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Bool(bool),
    Empty,
}

impl Cell {
    fn render(&self) -> String {
        match self {
            Cell::Text(s) => safe_text(s),
            Cell::Number(v) => fmt(*v),
            Cell::Bool(b) => b.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// documents.csv
pub fn documents(docs: &[DocReport]) -> (Vec<&'static str>, Vec<Vec<Cell>>) {
    let header = vec![
        "file",
        "status",
        "unit",
        "kind",
        "doc_number",
        "doc_date",
        "pages",
        "encoding",
        "signatures",
        "missing_sections",
        "superseded",
        "message",
    ];
    let rows = docs
        .iter()
        .map(|d| {
            vec![
                t(&d.file),
                t(d.status.as_str()),
                t(&d.unit),
                t(&d.kind),
                t(&d.doc_number),
                t(&d.doc_date),
                Cell::Number(d.pages as f64),
                t(&d.encoding),
                Cell::Number(d.signatures.len() as f64),
                t(&d.missing_sections()),
                Cell::Bool(d.superseded),
                t(&d.message),
            ]
        })
        .collect();
    (header, rows)
}

/// figures.csv
pub fn figures(docs: &[DocReport]) -> (Vec<&'static str>, Vec<Vec<Cell>>) {
    let header = vec![
        "file",
        "unit",
        "metric",
        "subunit",
        "value",
        "unit_of_measure",
        "page",
        "rule",
        "snippet",
        "quality",
        "plausible",
        "superseded",
    ];
    let rows = docs
        .iter()
        .flat_map(|d| {
            d.figures.iter().map(move |f| {
                vec![
                    t(&d.file),
                    t(&d.unit),
                    t(&f.metric),
                    t(&f.subunit),
                    Cell::Number(f.value),
                    t(&f.unit_of_measure),
                    Cell::Number(f.page as f64),
                    t(&f.rule),
                    t(&f.snippet),
                    t(&f.quality),
                    Cell::Bool(f.plausible),
                    Cell::Bool(d.superseded),
                ]
            })
        })
        .collect();
    (header, rows)
}

/// sections.csv
pub fn sections(docs: &[DocReport]) -> (Vec<&'static str>, Vec<Vec<Cell>>) {
    let header = vec!["file", "unit", "section", "present", "page", "required"];
    let rows = docs
        .iter()
        .flat_map(|d| {
            d.sections.iter().map(move |s| {
                vec![
                    t(&d.file),
                    t(&d.unit),
                    t(&s.section),
                    Cell::Bool(s.present),
                    s.page.map_or(Cell::Empty, |p| Cell::Number(p as f64)),
                    Cell::Bool(s.required),
                ]
            })
        })
        .collect();
    (header, rows)
}

/// signatures.csv
pub fn signatures(docs: &[DocReport]) -> (Vec<&'static str>, Vec<Vec<Cell>>) {
    let header = vec![
        "file",
        "signer",
        "email",
        "organization",
        "signed_at",
        "covers_whole_file",
        "digest_ok",
        "sub_filter",
        "message",
    ];
    let rows = docs
        .iter()
        .flat_map(|d| {
            d.signatures.iter().map(move |s| {
                vec![
                    t(&d.file),
                    t(&s.signer),
                    t(&s.email),
                    t(&s.organization),
                    t(&s.signed_at),
                    Cell::Bool(s.covers_whole_file),
                    t(&s.digest_ok),
                    t(&s.sub_filter),
                    t(&s.message),
                ]
            })
        })
        .collect();
    (header, rows)
}

/// checks.csv
pub fn checks(docs: &[DocReport], batch: &[BatchCheck]) -> (Vec<&'static str>, Vec<Vec<Cell>>) {
    let header = vec!["file", "unit", "check", "severity", "subject", "detail"];
    let per_file = docs.iter().flat_map(|d| {
        d.checks.iter().map(move |c| {
            vec![
                t(&d.file),
                t(&d.unit),
                t(&c.check),
                t(&c.severity),
                t(&c.subject),
                t(&c.detail),
            ]
        })
    });
    let registry = batch.iter().map(|b| {
        vec![
            Cell::Empty,
            t(&b.unit),
            t(&b.row.check),
            t(&b.row.severity),
            t(&b.row.subject),
            t(&b.row.detail),
        ]
    });
    (header, per_file.chain(registry).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        let rows = vec![vec![
            Cell::Text("=HYPERLINK(\"x\")".into()),
            Cell::Number(-5.0),
            Cell::Text("-3".into()),
        ]];
        let bytes = csv_bytes(CsvOptions { bom: true }, &["a", "b", "c"], &rows).unwrap();
        let s = String::from_utf8(bytes).unwrap();
        assert!(s.starts_with('\u{feff}'));
        assert!(s.contains("'=HYPERLINK"), "{s}");
        assert!(s.contains(",-5,"), "{s}");
        assert!(s.contains("'-3"), "{s}");
    }

    #[test]
    fn atomic_write_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("baocao-out-{}", std::process::id()));
        let path = dir.join("t.csv");
        write_atomic(&path, b"a\r\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"a\r\n");
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }
}
