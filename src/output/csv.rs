//! The CSV sink: RFC 4180 with CRLF line ends, UTF-8 with a byte-order mark
//! by default (Excel needs it for Vietnamese), text cells safe from formula
//! injection, numbers plain ([`super::number::plain`]).

use serde::Serialize;

use super::fields::{for_each_field, Field};
use super::{OutputError, Table};

/// How CSV files are written.
#[derive(Debug, Clone, Copy)]
pub struct CsvOptions {
    pub bom: bool,
}

/// Write the table as a CSV document to `out`, row by row.
pub fn write<R: Serialize, W: std::io::Write>(
    opts: CsvOptions,
    table: &Table<R>,
    out: W,
) -> Result<W, OutputError> {
    let mut rows = Rows::new(opts, &table.header(), out)?;
    for row in table.rows {
        rows.row(row)?;
    }
    rows.finish()
}

/// A CSV document being written row by row: the byte-order mark (when
/// asked) and the header first.
pub struct Rows<W: std::io::Write> {
    writer: csv::Writer<W>,
    record: Vec<String>,
}

impl<W: std::io::Write> Rows<W> {
    pub fn new(opts: CsvOptions, header: &[&str], mut out: W) -> Result<Rows<W>, OutputError> {
        if opts.bom {
            out.write_all("\u{feff}".as_bytes())
                .map_err(::csv::Error::from)?;
        }
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        writer.write_record(header)?;
        Ok(Rows {
            writer,
            record: Vec::with_capacity(header.len()),
        })
    }

    /// Add a row (its fields in column order).
    pub fn row<R: Serialize + ?Sized>(&mut self, row: &R) -> Result<(), OutputError> {
        self.record.clear();
        let record = &mut self.record;
        for_each_field(row, &mut |f| record.push(cell(f)))?;
        self.writer.write_record(&self.record)?;
        Ok(())
    }

    /// The document written: `out` back, flushed.
    pub fn finish(self) -> Result<W, OutputError> {
        self.writer
            .into_inner()
            .map_err(|e| OutputError::Csv(e.into_error().into()))
    }
}

/// One cell: text is neutralised, numbers and booleans are written plain, null is empty.
fn cell(f: Field) -> String {
    match f {
        Field::Str(s) => safe_text(s),
        Field::Float(v) => super::number::plain(v),
        Field::Int(i) => i.to_string(),
        Field::Bool(b) => b.to_string(),
        Field::Date(s) => safe_text(s),
        Field::Unknown => "unknown".to_string(),
        Field::Null => String::new(),
    }
}

/// A text cell made safe for spreadsheets: a leading = + - @ tab or CR would
/// start a formula, so it gets a leading apostrophe. Numbers are never passed here.
pub fn safe_text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes<R: Serialize>(opts: CsvOptions, table: &Table<R>) -> Vec<u8> {
        write(opts, table, Vec::new()).unwrap()
    }

    #[derive(Serialize, serde::Deserialize)]
    struct Row<'a> {
        a: &'a str,
        b: f64,
        c: &'a str,
        d: Option<u32>,
    }

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        let rows = [Row {
            a: "=HYPERLINK(\"x\")",
            b: -5.0,
            c: "-3",
            d: None,
        }];
        let bytes = bytes(CsvOptions { bom: true }, &Table::new("t", &rows).unwrap());
        let s = String::from_utf8(bytes).unwrap();
        assert!(s.starts_with("\u{feff}a,b,c,d\r\n"), "{s}");
        assert!(s.contains("'=HYPERLINK"), "{s}");
        assert!(s.contains(",-5,'-3,\r\n"), "{s}");
    }

    #[test]
    fn an_empty_table_has_its_header() {
        let rows: [Row; 0] = [];
        let bytes = bytes(CsvOptions { bom: false }, &Table::new("t", &rows).unwrap());
        assert_eq!(bytes, b"a,b,c,d\r\n");
    }
}
