//! `baocao run` as library calls: [`list_pdfs`] under a folder,
//! [`analyze_all`] — each file's report from the analysis cache
//! ([`crate::cache`]) when it holds one, else from a worker process (in
//! parallel), kept in the cache — the batch stage
//! ([`crate::batch::finish`]), then [`write_outputs`]: the tables across
//! units, every table through the sinks, and report.html.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use baocao_rules::Rules;
use rayon::prelude::*;

use crate::cache::{self, AnalysisCache};
use crate::lang::Lang;
use crate::model::{BatchCheck, DocReport};
use crate::output::{self, contract, OutputError, Sinks, Table};
use crate::report;
use crate::tables::{self, Tables};
use crate::worker::{Limits, PageEvent, Pool};

/// What [`analyze_all`] gives: every report, in the order of the files.
#[derive(Debug, Default)]
pub struct Analysed {
    pub docs: Vec<DocReport>,
    /// How many reports came from the analysis cache.
    pub from_cache: usize,
    /// The first entry that could not be written to the cache (the run
    /// goes on without it).
    pub cache_error: Option<cache::CacheError>,
}

/// Why a run could not be completed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{}: not a folder", .0.display())]
    NotAFolder(PathBuf),
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
}

/// Every report of a batch, and the findings across them.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub docs: Vec<DocReport>,
    pub checks: Vec<BatchCheck>,
}

impl Batch {
    /// Reports after the batch stage (superseded marked, missing reports found).
    pub fn finish(rules: &Rules, mut docs: Vec<DocReport>) -> Batch {
        let checks = crate::batch::finish(rules, &mut docs);
        Batch { docs, checks }
    }

    /// Files from which nothing could be read.
    pub fn failed(&self) -> usize {
        self.docs.iter().filter(|d| d.status.is_failure()).count()
    }
}

/// Every `*.pdf` (any case) under `dir`, with its path relative to `dir`, sorted.
pub fn list_pdfs(dir: &Path) -> Result<Vec<(PathBuf, String)>, RunError> {
    if !dir.is_dir() {
        return Err(RunError::NotAFolder(dir.to_path_buf()));
    }
    let mut out = Vec::new();
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
            } else if (ft.is_file() || ft.is_symlink())
                && path
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("pdf"))
            {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((path, rel));
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// Analyse every file, `jobs` at a time: from `cache` when it holds the
/// file's report, else in a worker process that loads the rules of `rules`
/// (then kept in `cache`). Workers start only when a file needs one.
/// `on_file` is called as each file starts and ends, and as the pages of a
/// scan are planned for OCR and recognised (for a progress bar). Reports
/// come back in the order of `files`.
pub fn analyze_all(
    files: &[(PathBuf, String)],
    rules: &Rules,
    limits: Limits,
    jobs: usize,
    cache: Option<&AnalysisCache>,
    on_file: &(dyn Fn(Progress) + Sync),
) -> Result<Analysed, RunError> {
    let pool = Pool::new(rules, limits).map_err(RunError::Workers)?;
    let threads = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()?;
    let cache_error = Mutex::new(None);
    let results: Vec<Fetched> = threads.install(|| {
        files
            .par_iter()
            .map(|(path, rel)| {
                on_file(Progress::Started(rel));
                let on_page = |e| {
                    on_file(match e {
                        PageEvent::Planned(n) => Progress::OcrPages(n),
                        PageEvent::Done => Progress::OcrPageDone,
                    })
                };
                let mut fetched = match cache {
                    Some(cache) => through_cache(&pool, cache, path, rel, &on_page),
                    None => Fetched::analysed(pool.analyze_line(path, rel, &on_page).report),
                };
                if let Some(e) = fetched.not_kept.take() {
                    cache_error.lock().expect("lock").get_or_insert(e);
                }
                on_file(Progress::Done);
                fetched
            })
            .collect()
    });
    let from_cache = results.iter().filter(|f| f.from_cache).count();
    Ok(Analysed {
        docs: results.into_iter().map(|f| f.report).collect(),
        from_cache,
        cache_error: cache_error.into_inner().expect("lock"),
    })
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
/// `cache` unless it is [`DocReport::transient`], stands for a failure of
/// the worker, or the file changed while it was read).
fn through_cache(
    pool: &Pool,
    cache: &AnalysisCache,
    path: &Path,
    rel: &str,
    on_page: &(dyn Fn(PageEvent) + Sync),
) -> Fetched {
    let before = Stamp::of(path);
    let content = cache::content_hash(path).ok();
    if let Some(report) = content.as_deref().and_then(|c| cache.report(c, rel)) {
        return Fetched {
            report,
            from_cache: true,
            not_kept: None,
        };
    }
    let analysed = pool.analyze_line(path, rel, on_page);
    let unchanged = before.is_some() && Stamp::of(path) == before;
    let mut fetched = Fetched::analysed(analysed.report);
    let keep = unchanged && !fetched.report.transient;
    if let (Some(content), Some(line), true) = (content, analysed.line, keep) {
        fetched.not_kept = cache.put(&content, &line).err();
    }
    fetched
}

/// What tells that a file was changed: its length, modification time and
/// inode (a file replaced by a rename is another inode).
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&m);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            inode,
        })
    }
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

/// Write every output of a batch into `out`.
pub fn write_outputs(
    out: &Path,
    rules: &Rules,
    batch: &Batch,
    options: &output::Options,
    lang: Lang,
) -> Result<Tables, RunError> {
    let tables = tables::build(rules, &batch.docs)?;
    let mut sinks = Sinks::new(out, options);
    write_tables(&mut sinks, batch, &tables)?;
    sinks.finish()?;
    let input = report::Input {
        rules,
        docs: &batch.docs,
        batch: &batch.checks,
        tables: &tables,
        lang,
    };
    report::write(out, &input)?;
    Ok(tables)
}

/// The per-file tables of the contract, then the tables across units.
fn write_tables(sinks: &mut Sinks, batch: &Batch, t: &Tables) -> Result<(), OutputError> {
    let docs = &batch.docs;
    sinks.write(&Table::new("documents", &contract::documents(docs))?)?;
    sinks.write(&Table::new("figures", &contract::figures(docs))?)?;
    sinks.write(&Table::new("sections", &contract::sections(docs))?)?;
    sinks.write(&Table::new("signatures", &contract::signatures(docs))?)?;
    sinks.write(&Table::new(
        "checks",
        &contract::checks(docs, &batch.checks),
    )?)?;
    sinks.write(&Table::new("units", &t.units)?.spread("values", &t.metrics))?;
    sinks.write(&Table::new("subunits", &t.subunits)?)?;
    sinks.write(&Table::new("totals", &t.totals)?)?;
    sinks.write(&Table::new("completeness", &t.completeness)?.spread("present", &t.sections))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdfs_are_listed_recursively_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["b/2.PDF", "a/1.pdf", "a/notes.txt", "c.pdf"] {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, b"x").unwrap();
        }
        let names: Vec<String> = list_pdfs(dir.path())
            .unwrap()
            .into_iter()
            .map(|(_, rel)| rel)
            .collect();
        assert_eq!(names, ["a/1.pdf", "b/2.PDF", "c.pdf"]);
    }

    #[test]
    fn a_missing_folder_is_named() {
        let e = list_pdfs(Path::new("/nonexistent/reports")).unwrap_err();
        assert_eq!(e.to_string(), "/nonexistent/reports: not a folder");
    }
}
