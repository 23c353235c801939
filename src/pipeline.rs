//! `baocao run` as library calls: [`list_inputs`] under a folder (refused
//! when there is no PDF), [`analyze_all`] in worker processes (in parallel,
//! until asked to stop), the batch stage ([`Batch::finish`]: unreadable
//! files, superseded reports, the expected kinds and missing reports), then
//! [`write_outputs`]: the tables across units, every table through the
//! sinks, report.html and the manifest — into the run's own folder, which
//! `crate::output::outdir` swaps in for OUT.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use baocao_rules::Rules;
use rayon::prelude::*;

use crate::batch::Expected;
use crate::cache::{self, AnalysisCache};
use crate::lang::{self, Lang};
use crate::model::{BatchCheck, DocReport};
use crate::output::fields::schema_of;
use crate::output::manifest::{Manifest, RunInfo};
use crate::output::outdir::OutDirError;
use crate::output::{self, contract, OutputError, Sinks, Table};
use crate::report;
use crate::rules_source::RulesSource;
use crate::stamps::{Hashes, Stamp};
use crate::store::{Head, Reports, Spill, StoreError};
use crate::tables::{self, Tables};
use crate::worker::{Limits, PageEvent, Pool, Stopped};

/// Why a run could not be completed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{}: not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("{}: no PDF file in this folder or below it{}", dir.display(), skipped_note(*skipped))]
    NoPdf { dir: PathBuf, skipped: usize },
    #[error("{}: {source}", path.display())]
    ListFolder { path: PathBuf, source: io::Error },
    #[error("cannot start workers: {0}")]
    Workers(io::Error),
    #[error("cannot start threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    #[error("tables: {0}")]
    Tables(#[from] polars::error::PolarsError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    OutDir(#[from] OutDirError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "stopped after reading {read} of {total} files ({killed} worker(s) stopped while reading)"
    )]
    Interrupted {
        read: usize,
        total: usize,
        killed: usize,
    },
}

fn skipped_note(skipped: usize) -> String {
    if skipped == 0 {
        String::new()
    } else {
        format!(" ({skipped} other file(s) skipped: only *.pdf is read)")
    }
}

/// What a run reads: the PDFs under a folder, and the files it skips.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Every `*.pdf` (any case): its path, and its path relative to the folder.
    pub pdfs: Vec<(PathBuf, String)>,
    /// Every other file, relative to the folder.
    pub skipped: Vec<String>,
}

/// Every file under `dir`, PDFs (`*.pdf`, any case) apart, sorted by their
/// path relative to `dir`; a folder without a PDF is an error.
pub fn list_inputs(dir: &Path) -> Result<Inputs, RunError> {
    if !dir.is_dir() {
        return Err(RunError::NotAFolder(dir.to_path_buf()));
    }
    let mut inputs = Inputs::default();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|source| RunError::ListFolder {
            path: d.clone(),
            source,
        })?;
        for e in entries.flatten() {
            let path = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                stack.push(path);
                continue;
            }
            if !(ft.is_file() || ft.is_symlink()) {
                continue;
            }
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            if path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("pdf"))
            {
                inputs.pdfs.push((path, rel));
            } else {
                inputs.skipped.push(rel);
            }
        }
    }
    if inputs.pdfs.is_empty() {
        return Err(RunError::NoPdf {
            dir: dir.to_path_buf(),
            skipped: inputs.skipped.len(),
        });
    }
    inputs.pdfs.sort_by(|a, b| a.1.cmp(&b.1));
    inputs.skipped.sort();
    Ok(inputs)
}

/// Analyse every file in worker processes that load `rules`, `jobs` at a
/// time; `on_file` is called as each file starts and ends, and as the pages
/// of a scan are planned for OCR and recognised (for a progress bar).
/// Reports are kept as they come, in a temporary file in `keep_in`
/// ([`Spill`]), and handed back in the order of `files`. When `stop` turns
/// true, no file is started any more, the workers reading one are killed
/// and the run ends with [`RunError::Interrupted`].
#[allow(clippy::too_many_arguments)]
pub fn analyze_all(
    files: &[(PathBuf, String)],
    rules: (&RulesSource, &Rules),
    limits: Limits,
    jobs: usize,
    cache: Option<&AnalysisCache>,
    keep_in: &Path,
    on_file: &(dyn Fn(Progress) + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Analysed, RunError> {
    let pool = Pool::new(rules.0, &rules.1.fingerprint, limits).map_err(RunError::Workers)?;
    let threads = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()?;
    let spill = Spill::new_in(keep_in, files.len())?;
    let hashes = cache.map(|c| Hashes::load(c.dir()));
    let cache_error = Mutex::new(None);
    let spill_error = Mutex::new(None);
    let results: Vec<Result<(bool, bool), Stopped>> = threads.install(|| {
        files
            .par_iter()
            .enumerate()
            .map(|(i, (path, rel))| {
                on_file(Progress::Started(rel));
                let on_page = |e| {
                    on_file(match e {
                        PageEvent::Planned(n) => Progress::OcrPages(n),
                        PageEvent::Done => Progress::OcrPageDone,
                    })
                };
                let mut fetched = match cache.zip(hashes.as_ref()) {
                    Some(cache) => through_cache(&pool, cache, path, rel, stop, &on_page),
                    None => pool
                        .analyze_until(path, rel, stop, &on_page)
                        .map(Fetched::analysed),
                };
                if let Some(e) = fetched.as_mut().ok().and_then(|f| f.not_kept.take()) {
                    cache_error.lock().expect("lock").get_or_insert(e);
                }
                on_file(Progress::Done);
                let fetched = fetched?;
                if let Err(e) = spill.put(i, &fetched.report) {
                    spill_error.lock().expect("lock").get_or_insert(e);
                }
                Ok((fetched.from_cache, fetched.report.text_reused))
            })
            .collect()
    });
    pool.stop_idle();
    let read = results.iter().filter(|r| r.is_ok()).count();
    if read < files.len() || stop() {
        let killed = results
            .iter()
            .filter(|r| {
                matches!(
                    r,
                    Err(crate::worker::Stopped {
                        worker_killed: true
                    })
                )
            })
            .count();
        return Err(RunError::Interrupted {
            read,
            total: files.len(),
            killed,
        });
    }
    if let Some(e) = spill_error.into_inner().expect("lock") {
        return Err(e.into());
    }
    let mut cache_error = cache_error.into_inner().expect("lock");
    if let (Some(hashes), Some(cache)) = (&hashes, cache) {
        if let Err(source) = hashes.save() {
            cache_error.get_or_insert(cache::CacheError::Io {
                path: cache.dir().join(crate::stamps::FILE_NAME),
                source,
            });
        }
    }
    Ok(Analysed {
        from_cache: results
            .iter()
            .filter(|r| matches!(r, Ok((true, _))))
            .count(),
        texts_reused: results
            .iter()
            .filter(|r| matches!(r, Ok((_, true))))
            .count(),
        reports: spill.finish()?,
        cache_error,
    })
}

/// What [`analyze_all`] gives: the reports in the order of the files, and
/// how the analysis cache served them.
#[derive(Debug)]
pub struct Analysed {
    pub reports: Reports,
    /// How many reports came from the analysis cache.
    pub from_cache: usize,
    /// How many files were analysed from their kept texts, not read again
    /// (after a rules edit).
    pub texts_reused: usize,
    /// The first entry that could not be written to the cache (the run
    /// goes on without it).
    pub cache_error: Option<cache::CacheError>,
}

/// One file's report, and where it came from.
struct Fetched {
    report: DocReport,
    /// It was read from the analysis cache.
    from_cache: bool,
    /// It should have been kept in the cache and could not be.
    not_kept: Option<cache::CacheError>,
}

impl Fetched {
    fn analysed(report: DocReport) -> Fetched {
        Fetched {
            report,
            from_cache: false,
            not_kept: None,
        }
    }
}

/// The report of one file from `cache`, else from a worker (then kept in
/// `cache` unless it is [`DocReport::transient`], the worker failed on it
/// — status `error`: a crash or a timeout may not happen again — or the
/// file changed while it was read).
fn through_cache(
    pool: &Pool,
    (cache, hashes): (&AnalysisCache, &Hashes),
    path: &Path,
    rel: &str,
    stop: &(dyn Fn() -> bool + Sync),
    on_page: &(dyn Fn(PageEvent) + Sync),
) -> Result<Fetched, Stopped> {
    let (content, before) = match hashes.of(path) {
        Ok((content, stamp)) => (Some(content), stamp),
        Err(_) => (None, None),
    };
    if let Some(report) = content.as_deref().and_then(|c| cache.report(c, rel)) {
        return Ok(Fetched {
            report,
            from_cache: true,
            not_kept: None,
        });
    }
    let mut fetched = Fetched::analysed(pool.analyze_until(path, rel, stop, on_page)?);
    let r = &fetched.report;
    let keep = before.is_some()
        && Stamp::of(path) == before
        && !r.transient
        && r.status != crate::model::Status::Error;
    if let (Some(content), true) = (content, keep) {
        fetched.not_kept = match crate::worker::report_line(r) {
            Ok(line) => cache.put(&content, &line).err(),
            Err(e) => Some(cache::CacheError::Io {
                path: cache.dir().to_path_buf(),
                source: std::io::Error::other(e),
            }),
        };
    }
    Ok(fetched)
}

/// What [`analyze_all`] tells its caller.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    Started(&'a str),
    Done,
    /// This many pages of a scan are to be OCR'd.
    OcrPages(usize),
    /// One of them is done.
    OcrPageDone,
}

/// Every report of a batch, and the findings across them.
#[derive(Debug)]
pub struct Batch {
    /// The reports, in file order (kept on disk, see [`Reports`]).
    pub reports: Reports,
    pub checks: Vec<BatchCheck>,
    /// The report kinds the batch expects, and why.
    pub expected: Expected,
    /// Files of the input folder that are not PDFs (not read).
    pub skipped: Vec<String>,
    /// How many reports came from the analysis cache (`None`: no cache).
    pub from_cache: Option<usize>,
    /// How many files were analysed from their kept texts.
    pub texts_reused: usize,
}

impl Batch {
    /// Reports after the batch stage (unreadable files named, superseded
    /// marked, missing reports of the expected kinds found); `expect` are
    /// the kinds asked for on the command line (else the rules' or the
    /// batch's, see [`Expected::resolve`]).
    pub fn finish(
        rules: &Rules,
        mut reports: Reports,
        expect: &[String],
        skipped: Vec<String>,
    ) -> Batch {
        let expected = Expected::resolve(rules, reports.heads(), expect);
        let checks = crate::batch::finish(rules, reports.heads_mut(), &expected);
        Batch {
            reports,
            checks,
            expected,
            skipped,
            from_cache: None,
            texts_reused: 0,
        }
    }

    /// Files from which nothing could be read.
    pub fn failed(&self) -> usize {
        self.unread().count()
    }

    /// The files from which nothing could be read.
    pub fn unread(&self) -> impl Iterator<Item = &Head> {
        self.reports
            .heads()
            .iter()
            .filter(|d| d.status.is_failure())
    }
}

/// Write every output of a batch into `dir` (the run's folder), the
/// manifest last.
pub fn write_outputs(
    dir: &Path,
    rules: &Rules,
    batch: &Batch,
    options: &output::Options,
    lang: Lang,
    run: RunInfo,
) -> Result<Tables, RunError> {
    let tables = tables::build(rules, &batch.reports.counted()?)?;
    let mut sinks = Sinks::new(dir, options);
    let detail = |c: &crate::model::Check| lang::detail(rules, &c.detail, lang);
    // The report's figure rows are made in the same pass over the reports
    // as the tables, kept in an unnamed file until the page is written.
    let rows = tempfile::tempfile_in(dir).map_err(StoreError::from)?;
    let input = report::Input {
        rules,
        batch,
        tables: &tables,
        lang,
        figure_rows: &rows,
    };
    let mut rows_out = io::BufWriter::new(&rows);
    let mut figure_rows = |d: &DocReport| {
        report::layout::figure_rows(&input, d, &mut rows_out).map_err(|e| StoreError::Io(e).into())
    };
    write_tables(&mut sinks, batch, &tables, &detail, &mut figure_rows)?;
    sinks.finish()?;
    rows_out.flush().map_err(StoreError::from)?;
    drop(rows_out);
    report::write(dir, &input)?;
    Manifest::write(dir, run)?;
    Ok(tables)
}

/// The per-file tables of the contract, written together in one pass over
/// the reports, then the tables across units.
fn write_tables(
    sinks: &mut Sinks,
    batch: &Batch,
    t: &Tables,
    detail: &dyn Fn(&crate::model::Check) -> String,
    also: &mut dyn FnMut(&DocReport) -> Result<(), OutputError>,
) -> Result<(), OutputError> {
    use contract::{CheckLine, DocumentLine, FigureLine, SectionLine, SignatureLine};
    let mut open = [
        sinks.begin("documents", &schema_of::<DocumentLine>()?)?,
        sinks.begin("figures", &schema_of::<FigureLine>()?)?,
        sinks.begin("sections", &schema_of::<SectionLine>()?)?,
        sinks.begin("signatures", &schema_of::<SignatureLine>()?)?,
        sinks.begin("checks", &schema_of::<CheckLine>()?)?,
    ];
    let [documents, figures, sections, signatures, checks] = &mut open;
    batch.reports.each(|d| {
        sinks.row(documents, &contract::document(d))?;
        for row in contract::figures(d) {
            sinks.row(figures, &row)?;
        }
        for row in contract::sections(d) {
            sinks.row(sections, &row)?;
        }
        for row in contract::signatures(d) {
            sinks.row(signatures, &row)?;
        }
        for row in contract::checks(d, detail) {
            sinks.row(checks, &row)?;
        }
        also(d)
    })?;
    for row in contract::batch_checks(&batch.checks, detail) {
        sinks.row(checks, &row)?;
    }
    for table in open {
        sinks.end(table)?;
    }
    sinks.write(&Table::new("units", &t.units)?.spread("values", &t.metrics))?;
    sinks.write(&Table::new("subunits", &t.subunits)?)?;
    sinks.write(&Table::new("totals", &t.totals)?)?;
    sinks.write(&Table::new("completeness", &t.completeness)?.spread("present", &t.sections))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(inputs: &Inputs) -> Vec<&str> {
        inputs.pdfs.iter().map(|(_, rel)| rel.as_str()).collect()
    }

    #[test]
    fn pdfs_are_listed_recursively_in_name_order_other_files_skipped() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["b/2.PDF", "a/1.pdf", "a/notes.txt", "c.pdf", "d.docx"] {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, b"x").unwrap();
        }
        let inputs = list_inputs(dir.path()).unwrap();
        assert_eq!(names(&inputs), ["a/1.pdf", "b/2.PDF", "c.pdf"]);
        assert_eq!(inputs.skipped, ["a/notes.txt", "d.docx"]);
    }

    #[test]
    fn a_missing_folder_is_named() {
        let e = list_inputs(Path::new("/nonexistent/reports")).unwrap_err();
        assert_eq!(e.to_string(), "/nonexistent/reports: not a folder");
    }

    #[test]
    fn a_folder_without_a_pdf_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let e = list_inputs(dir.path()).unwrap_err();
        assert!(matches!(e, RunError::NoPdf { skipped: 0, .. }), "{e}");
        std::fs::write(dir.path().join("bao-cao.docx"), b"x").unwrap();
        let e = list_inputs(dir.path()).unwrap_err().to_string();
        assert!(
            e.ends_with("no PDF file in this folder or below it (1 other file(s) skipped: only *.pdf is read)"),
            "{e}"
        );
    }
}
