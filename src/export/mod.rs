//! Writing tables in the formats `--format` asks for. CSV is always written
//! (it is the contract, spec/outputs.md); Parquet (through polars) and one
//! XLSX workbook (one sheet per table) are extras.
//!
//! Every table passes through [`Table`]: a header of column ids and rows of
//! [`Cell`]s, so CSV, XLSX and Parquet carry the same values.

pub mod parquet;
pub mod xlsx;

use std::path::Path;

use polars::prelude::{AnyValue, DataFrame};

use crate::output::{self, Cell, CsvOptions};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Parquet,
    Xlsx,
}

/// A named table: `name` is the file stem (`units` → units.csv).
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// The polars frame the table came from, if any (Parquet keeps its types).
    pub frame: Option<DataFrame>,
}

impl Table {
    /// A table from a header and rows as `output.rs` builds them.
    pub fn new(name: &str, header: &[&str], rows: Vec<Vec<Cell>>) -> Table {
        Table {
            name: name.to_string(),
            header: header.iter().map(|h| h.to_string()).collect(),
            rows,
            frame: None,
        }
    }

    /// A table from a polars frame: strings become text cells, numbers
    /// numbers, booleans booleans, nulls empty cells.
    pub fn from_frame(name: &str, df: &DataFrame) -> Table {
        let header = df
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        let rows = (0..df.height())
            .map(|i| {
                df.get_columns()
                    .iter()
                    .map(|c| cell(c.get(i).ok()))
                    .collect()
            })
            .collect();
        Table {
            name: name.to_string(),
            header,
            rows,
            frame: Some(df.clone()),
        }
    }
}

fn cell(v: Option<AnyValue<'_>>) -> Cell {
    match v {
        None | Some(AnyValue::Null) => Cell::Empty,
        Some(AnyValue::Boolean(b)) => Cell::Bool(b),
        Some(AnyValue::String(s)) => Cell::Text(s.to_string()),
        Some(AnyValue::StringOwned(s)) => Cell::Text(s.to_string()),
        Some(v) if v.is_primitive_numeric() => v.extract::<f64>().map_or(Cell::Empty, Cell::Number),
        Some(v) => Cell::Text(v.to_string()),
    }
}

/// Write the formats other than CSV that were asked for: one Parquet file
/// per table, one XLSX workbook with a sheet per table (`labels` gives its
/// headers). CSV files are written table by table with [`write_csv`].
pub fn write_binary(
    out: &Path,
    formats: &[Format],
    tables: &[Table],
    labels: &xlsx::Labels,
) -> Result<(), String> {
    if formats.contains(&Format::Parquet) {
        for t in tables {
            let path = out.join(format!("{}.parquet", t.name));
            let bytes = parquet::bytes(t).map_err(|e| format!("{}: {e}", path.display()))?;
            write_file(&path, &bytes)?;
        }
    }
    if formats.contains(&Format::Xlsx) {
        let path = out.join(xlsx::FILE_NAME);
        let bytes = xlsx::bytes(tables, labels).map_err(|e| format!("{}: {e}", path.display()))?;
        write_file(&path, &bytes)?;
    }
    Ok(())
}

/// Write one table as `OUT/<name>.csv`.
pub fn write_csv(out: &Path, opts: CsvOptions, t: &Table) -> Result<(), String> {
    let header: Vec<&str> = t.header.iter().map(String::as_str).collect();
    let path = out.join(format!("{}.csv", t.name));
    let bytes = output::csv_bytes(opts, &header, &t.rows)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    write_file(&path, &bytes)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    output::write_atomic(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::Column;

    #[test]
    fn frames_become_typed_cells() {
        let df = DataFrame::new(vec![
            Column::new("unit".into(), ["Phường Kim Trà", "=cmd"]),
            Column::new("v".into(), [Some(96.0), None]),
            Column::new("n".into(), [3u32, 4]),
            Column::new("ok".into(), [true, false]),
        ])
        .unwrap();
        let t = Table::from_frame("units", &df);
        assert_eq!(t.header, ["unit", "v", "n", "ok"]);
        assert_eq!(
            t.rows[0],
            vec![
                Cell::Text("Phường Kim Trà".into()),
                Cell::Number(96.0),
                Cell::Number(3.0),
                Cell::Bool(true)
            ]
        );
        assert_eq!(t.rows[1][1], Cell::Empty);
    }
}
