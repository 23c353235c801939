//! `baocao run [DIR]`: the main job. Every PDF under DIR is analysed in a
//! worker process (in parallel), batch checks run over all of them, and the
//! tables are written atomically to OUT.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::export::{self, Format, Table};
use crate::model::{DocReport, Status};
use crate::output::{self, CsvOptions};
use crate::report::{self, Lang};
use crate::worker::{Limits, Pool};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder of reports, searched recursively for *.pdf.
    #[arg(default_value = "corpus")]
    pub dir: PathBuf,
    /// Output folder.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Rules folder.
    #[arg(long, default_value = "rules")]
    pub rules: PathBuf,
    /// Files analysed at once (worker processes).
    #[arg(long, short, default_value_t = default_jobs())]
    pub jobs: usize,
    /// Seconds a file may take before its worker is stopped.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Address-space limit of each worker, in MiB.
    #[arg(long, default_value_t = 3072)]
    pub max_memory_mb: u64,
    /// Start CSV files with a UTF-8 byte-order mark (Excel needs it for Vietnamese).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub csv_bom: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Output formats, comma-separated: csv (always written), parquet, xlsx.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "csv")]
    pub format: Vec<Format>,
    /// Language of report.html and of the XLSX headers.
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            dir: PathBuf::from("corpus"),
            out: PathBuf::from("out"),
            rules: PathBuf::from("rules"),
            jobs: default_jobs(),
            timeout: 60,
            max_memory_mb: 3072,
            csv_bom: true,
            quiet: false,
            format: vec![Format::Csv],
            lang: Lang::Vi,
        }
    }
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let started = Instant::now();
    let rules = super::load_rules(&args.rules)?;
    let files = list_pdfs(&args.dir)?;
    let pool = Pool::new(
        &args.rules,
        Limits {
            timeout: Duration::from_secs(args.timeout.max(1)),
            max_memory_mb: args.max_memory_mb,
        },
    )
    .map_err(|e| format!("cannot start workers: {e}"))?;
    let threads = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.max(1))
        .build()
        .map_err(|e| e.to_string())?;
    let progress = progress_bar(files.len() as u64, args.quiet);
    let mut docs: Vec<DocReport> = threads.install(|| {
        files
            .par_iter()
            .map(|(path, rel)| {
                progress.set_message(rel.clone());
                let report = pool.analyze(path, rel);
                progress.inc(1);
                report
            })
            .collect()
    });
    progress.finish_and_clear();
    drop(pool);
    let batch = crate::batch::finish(&rules, &mut docs);
    let csv = CsvOptions { bom: args.csv_bom };
    write_tables(&args.out, csv, &docs, &batch)?;
    write_across_units(&args, csv, &rules, &docs, &batch)?;
    let failed = docs.iter().filter(|d| is_failure(d.status)).count();
    if !args.quiet {
        println!("{}", summary(&docs, &batch, &args.out, started.elapsed()));
    }
    Ok(if failed > 0 {
        ExitCode::from(crate::EXIT_FAILED_FILES)
    } else {
        ExitCode::SUCCESS
    })
}

/// A file "failed" when nothing could be read from it at all.
fn is_failure(s: Status) -> bool {
    matches!(
        s,
        Status::Error | Status::Corrupt | Status::NotPdf | Status::Encrypted
    )
}

/// Every `*.pdf` (any case) under `dir`, with its path relative to `dir`, sorted.
pub fn list_pdfs(dir: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    if !dir.is_dir() {
        return Err(format!("{}: not a folder", dir.display()));
    }
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
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

fn write_tables(
    out: &Path,
    opts: CsvOptions,
    docs: &[DocReport],
    batch: &[crate::batch::BatchCheck],
) -> Result<(), String> {
    let tables = [
        ("documents.csv", output::documents(docs)),
        ("figures.csv", output::figures(docs)),
        ("sections.csv", output::sections(docs)),
        ("signatures.csv", output::signatures(docs)),
        ("checks.csv", output::checks(docs, batch)),
    ];
    for (name, (header, rows)) in tables {
        let bytes = output::csv_bytes(opts, &header, &rows).map_err(|e| format!("{name}: {e}"))?;
        let path = out.join(name);
        output::write_atomic(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// A progress bar on stderr when it is a terminal and `--quiet` is not set.
fn progress_bar(len: u64, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {bar:40.cyan/blue} {pos}/{len} {wide_msg}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    indicatif::ProgressBar::new(len).with_style(style)
}

/// The tables across units (units, subunits, totals, completeness) as CSV,
/// the Parquet and XLSX exports asked for with `--format`, and report.html.
fn write_across_units(
    args: &Args,
    csv: CsvOptions,
    rules: &baocao_rules::Rules,
    docs: &[DocReport],
    batch: &[crate::batch::BatchCheck],
) -> Result<(), String> {
    let tables = crate::tables::build(rules, docs).map_err(|e| format!("tables: {e}"))?;
    let across = [
        Table::from_frame("units", &tables.units),
        Table::from_frame("subunits", &tables.subunits),
        Table::from_frame("totals", &tables.totals),
        Table::from_frame("completeness", &tables.sections),
    ];
    for t in &across {
        export::write_csv(&args.out, csv, t)?;
    }
    if args.format.iter().any(|f| *f != Format::Csv) {
        let mut all = contract_tables(docs, batch);
        all.extend(across);
        let labels = report::i18n::labels(rules, args.lang);
        export::write_binary(&args.out, &args.format, &all, &labels)?;
    }
    let input = report::Input {
        rules,
        docs,
        batch,
        tables: &tables,
        lang: args.lang,
    };
    report::write(&args.out, &input)
}

/// The per-file tables of spec/outputs.md, for the Parquet and XLSX exports.
fn contract_tables(docs: &[DocReport], batch: &[crate::batch::BatchCheck]) -> Vec<Table> {
    [
        ("documents", output::documents(docs)),
        ("figures", output::figures(docs)),
        ("sections", output::sections(docs)),
        ("signatures", output::signatures(docs)),
        ("checks", output::checks(docs, batch)),
    ]
    .into_iter()
    .map(|(name, (header, rows))| Table::new(name, &header, rows))
    .collect()
}

/// The closing summary line.
fn summary(
    docs: &[DocReport],
    batch: &[crate::batch::BatchCheck],
    out: &Path,
    took: Duration,
) -> String {
    let ok = docs.iter().filter(|d| d.status == Status::Ok).count();
    let failed = docs.iter().filter(|d| is_failure(d.status)).count();
    let no_text = docs.iter().filter(|d| d.status == Status::NoText).count();
    let figures: usize = docs.iter().map(|d| d.figures.len()).sum();
    let sev = |s: &str| {
        docs.iter()
            .flat_map(|d| &d.checks)
            .filter(|c| c.severity == s)
            .count()
            + batch.iter().filter(|b| b.row.severity == s).count()
    };
    format!(
        "{} files: {ok} ok, {no_text} without text, {failed} failed; {figures} figures; checks: {} errors, {} warnings, {} info; {:.1} s → {}",
        docs.len(),
        sev("error"),
        sev("warning"),
        sev("info"),
        took.as_secs_f64(),
        out.display()
    )
}
