//! Writing the result tables, one path for all of them: a table is a name,
//! its columns and typed rows (structs deriving `Serialize`, their fields
//! the columns, see [`fields`]); one sink per format writes it — [`csv`]
//! always (the contract, spec/outputs.md), [`parquet`] and one [`xlsx`]
//! workbook when `--format` asks, the workbook shown to people through
//! [`Labels`]. A run writes into a fresh folder beside OUT that replaces OUT
//! only when every file is there ([`outdir`]), so an interrupted run leaves
//! the last complete output; each file is also written atomically (a
//! temporary file renamed into place).
//!
//! The per-file tables' rows are in [`contract`]; the tables across units
//! come typed from [`crate::tables`]. Numbers are formatted here
//! ([`number`]).

pub mod contract;
pub mod csv;
pub mod fields;
pub mod manifest;
pub mod number;
pub mod outdir;
pub mod parquet;
pub mod xlsx;

use std::collections::HashMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use fields::{schema_of, ColumnSpec, FieldError};

/// The tables of a run, in the order they are written (`<name>.csv`, and
/// `<name>.parquet` and a sheet of the workbook when asked).
pub const TABLES: [&str; 9] = [
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

/// Whether a run writes a file of this name into OUT.
pub fn is_output_file(name: &str) -> bool {
    let table = |ext: &str| {
        name.strip_suffix(ext)
            .is_some_and(|stem| TABLES.contains(&stem))
    };
    table(".csv")
        || table(".parquet")
        || [
            xlsx::FILE_NAME,
            crate::report::FILE_NAME,
            manifest::FILE_NAME,
        ]
        .contains(&name)
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Parquet,
    Xlsx,
}

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("Parquet: {0}")]
    Parquet(#[from] polars::error::PolarsError),
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error(transparent)]
    Row(#[from] FieldError),
    #[error(transparent)]
    Reports(#[from] crate::store::StoreError),
}

/// A named table: `name` is the file stem (`units` → units.csv).
pub struct Table<'a, R> {
    pub name: &'a str,
    pub columns: Vec<ColumnSpec>,
    pub rows: &'a [R],
}

impl<'a, R: Serialize + Deserialize<'static>> Table<'a, R> {
    /// A table whose columns are the fields of its row type.
    pub fn new(name: &'a str, rows: &'a [R]) -> Result<Self, OutputError> {
        Ok(Table {
            name,
            columns: schema_of::<R>()?,
            rows,
        })
    }

    /// The sequence field `field` spread into one column per name (one
    /// column per metric or section), each of the sequence's element type.
    pub fn spread(mut self, field: &str, names: &[String]) -> Self {
        if let Some(i) = self.columns.iter().position(|c| c.name == field) {
            let ty = self.columns[i].ty;
            let spread = names.iter().map(|n| ColumnSpec {
                name: n.clone(),
                ty,
            });
            self.columns.splice(i..=i, spread);
        }
        self
    }
}

impl<R> Table<'_, R> {
    /// The column names.
    pub fn header(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }
}

/// What a run writes besides the tables themselves.
#[derive(Debug, Clone)]
pub struct Options {
    pub csv: csv::CsvOptions,
    /// Formats asked for (CSV is always written).
    pub formats: Vec<Format>,
    /// How the workbook names and shows things (CSV and Parquet keep ids).
    pub labels: Labels,
}

/// The workbook's words: sheet names, headers and the enumerated values
/// of some columns (kinds, metrics, severities …), each keyed by the id
/// the CSV holds; ids without a label are shown as they are.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    /// Table name → sheet name.
    pub sheets: HashMap<String, String>,
    /// Column id → header.
    pub headers: HashMap<String, String>,
    /// Column id → (value id → value shown).
    pub values: HashMap<String, HashMap<String, String>>,
}

impl Labels {
    /// The sheet name of table `name`.
    pub fn sheet<'a>(&'a self, name: &'a str) -> &'a str {
        self.sheets.get(name).map_or(name, String::as_str)
    }

    /// The header of column `id`.
    pub fn header<'a>(&'a self, id: &'a str) -> &'a str {
        self.headers.get(id).map_or(id, String::as_str)
    }

    /// Value `value` of column `column` as shown.
    pub fn value<'a>(&'a self, column: &str, value: &'a str) -> &'a str {
        self.values
            .get(column)
            .and_then(|v| v.get(value))
            .map_or(value, String::as_str)
    }
}

/// The sinks of one run, writing into OUT. A table is written whole
/// ([`Sinks::write`]) or row by row ([`Sinks::begin`], [`Sinks::row`],
/// [`Sinks::end`]; several may be open at once): its CSV goes to disk as
/// the rows come, Parquet and the workbook's sheet keep their cells until
/// the table ends.
pub struct Sinks<'o> {
    out: &'o Path,
    options: &'o Options,
    workbook: Option<xlsx::Book>,
}

/// A table being written row by row.
pub struct OpenTable {
    csv: csv::Rows<AtomicFile>,
    parquet: Option<(PathBuf, parquet::Frame)>,
    sheet: Option<xlsx::Sheet>,
}

impl<'o> Sinks<'o> {
    pub fn new(out: &'o Path, options: &'o Options) -> Self {
        let workbook = options
            .formats
            .contains(&Format::Xlsx)
            .then(xlsx::Book::new);
        Sinks {
            out,
            options,
            workbook,
        }
    }

    /// Write one table in every format asked for.
    pub fn write<R: Serialize>(&mut self, table: &Table<R>) -> Result<(), OutputError> {
        let mut open = self.begin(table.name, &table.columns)?;
        for row in table.rows {
            self.row(&mut open, row)?;
        }
        self.end(open)
    }

    /// Start table `name` (`<name>.csv`, …) of these columns.
    pub fn begin(&mut self, name: &str, columns: &[ColumnSpec]) -> Result<OpenTable, OutputError> {
        let header: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        let path = self.out.join(format!("{name}.csv"));
        let file = AtomicFile::create(&path).map_err(|source| OutputError::Io { path, source })?;
        let csv = csv::Rows::new(self.options.csv, &header, file)?;
        let parquet = self.options.formats.contains(&Format::Parquet).then(|| {
            (
                self.out.join(format!("{name}.parquet")),
                parquet::Frame::new(columns),
            )
        });
        let labels = &self.options.labels;
        let sheet = match &mut self.workbook {
            Some(book) => Some(book.begin(name, &header, labels)?),
            None => None,
        };
        Ok(OpenTable {
            csv,
            parquet,
            sheet,
        })
    }

    /// Add a row (its fields in the table's column order) to `table`.
    pub fn row<R: Serialize + ?Sized>(
        &mut self,
        table: &mut OpenTable,
        row: &R,
    ) -> Result<(), OutputError> {
        table.csv.row(row)?;
        if let Some((_, frame)) = &mut table.parquet {
            frame.push(row)?;
        }
        if let (Some(book), Some(sheet)) = (&mut self.workbook, &mut table.sheet) {
            book.row(sheet, row, &self.options.labels)?;
        }
        Ok(())
    }

    /// Finish `table`: its files are put in place.
    pub fn end(&mut self, table: OpenTable) -> Result<(), OutputError> {
        let file = table.csv.finish()?;
        let path = file.path.clone();
        file.commit()
            .map_err(|source| OutputError::Io { path, source })?;
        if let Some((path, frame)) = table.parquet {
            write_atomic(&path, &frame.bytes()?)?;
        }
        if let (Some(book), Some(sheet)) = (&mut self.workbook, table.sheet) {
            book.end(sheet)?;
        }
        Ok(())
    }

    /// Write the workbook, when one was asked for.
    pub fn finish(self) -> Result<(), OutputError> {
        if let Some(book) = self.workbook {
            let path = self.out.join(xlsx::FILE_NAME);
            write_atomic(&path, &book.bytes()?)?;
        }
        Ok(())
    }
}

/// Write `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_atomic_with(path, &mut |w| w.write_all(bytes))
}

/// [`write_atomic`], the content written by `fill` as it goes (a large
/// file is never held whole in memory).
pub fn write_atomic_with(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> Result<(), OutputError> {
    write_file(path, fill).map_err(|source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn write_file(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    fill(&mut f)?;
    f.commit()
}

/// A file written under a temporary name beside its place and renamed into
/// it when whole ([`AtomicFile::commit`]); dropped before, it is removed.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    file: Option<io::BufWriter<fs::File>>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let dir = path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let tmp = temp_path(path);
        let file = io::BufWriter::new(fs::File::create(&tmp)?);
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
            file: Some(file),
        })
    }

    /// Flush, sync and rename into place.
    pub fn commit(mut self) -> io::Result<()> {
        let Some(file) = self.file.take() else {
            return Err(io::Error::other("already committed"));
        };
        let f = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        f.sync_all()?;
        fs::rename(&self.tmp, &self.path)?;
        Ok(())
    }

    fn writer(&mut self) -> io::Result<&mut io::BufWriter<fs::File>> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("already committed"))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer()?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Nothing there once renamed into place; else what was half written.
        let _ = fs::remove_file(&self.tmp);
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fields::ColumnType;

    #[derive(Serialize, Deserialize)]
    struct Row {
        unit: String,
        values: Vec<Option<f64>>,
    }

    #[test]
    fn spread_columns_take_the_element_type() {
        let rows = [Row {
            unit: "Phường Kim Trà".into(),
            values: vec![Some(96.0), None],
        }];
        let t = Table::new("units", &rows)
            .unwrap()
            .spread("values", &["poor_households".into(), "jobs_created".into()]);
        assert_eq!(t.header(), ["unit", "poor_households", "jobs_created"]);
        assert_eq!(t.columns[2].ty, ColumnType::Float);
    }

    #[test]
    fn tables_written_row_by_row_at_once_are_the_tables_written_whole() {
        let rows = [
            Row {
                unit: "Phường Kim Trà".into(),
                values: vec![Some(96.0)],
            },
            Row {
                unit: "=cmd".into(),
                values: vec![None],
            },
        ];
        let options = Options {
            csv: csv::CsvOptions { bom: true },
            formats: vec![Format::Parquet, Format::Xlsx],
            labels: Labels::default(),
        };
        let (whole, by_row) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let mut sinks = Sinks::new(whole.path(), &options);
        sinks.write(&Table::new("a", &rows).unwrap()).unwrap();
        sinks.write(&Table::new("b", &rows[..1]).unwrap()).unwrap();
        sinks.finish().unwrap();
        let mut sinks = Sinks::new(by_row.path(), &options);
        let columns = schema_of::<Row>().unwrap();
        let mut a = sinks.begin("a", &columns).unwrap();
        let mut b = sinks.begin("b", &columns).unwrap();
        sinks.row(&mut a, &rows[0]).unwrap();
        sinks.row(&mut b, &rows[0]).unwrap();
        sinks.row(&mut a, &rows[1]).unwrap();
        sinks.end(a).unwrap();
        sinks.end(b).unwrap();
        sinks.finish().unwrap();
        for name in ["a.csv", "b.csv", "a.parquet", "b.parquet"] {
            let read = |d: &tempfile::TempDir| fs::read(d.path().join(name)).unwrap();
            assert_eq!(read(&whole), read(&by_row), "{name}");
        }
        let sheets = |d: &tempfile::TempDir| {
            let path = d.path().join(xlsx::FILE_NAME);
            let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
            use calamine::Reader;
            let names = book.sheet_names();
            names
                .iter()
                .map(|n| {
                    book.worksheet_range(n)
                        .unwrap()
                        .rows()
                        .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(sheets(&whole), sheets(&by_row));
        assert_eq!(sheets(&by_row)[0].len(), 3, "header and two rows");
    }

    #[test]
    fn a_file_dropped_before_it_is_whole_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("figures.csv");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn atomic_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        write_atomic(&path, b"a\r\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"a\r\n");
        let leftovers = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn a_streamed_write_that_fails_midway_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        write_atomic(&path, b"old").unwrap();
        let e = write_atomic_with(&path, &mut |w| {
            w.write_all(b"half of the new")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(e.to_string().contains("disk full"), "{e}");
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_unwritable_folder_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("out");
        fs::write(&blocker, b"a file, not a folder").unwrap();
        let e = write_atomic(&blocker.join("units.csv"), b"x").unwrap_err();
        assert!(e.to_string().contains("units.csv"), "{e}");
    }
}
