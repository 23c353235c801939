//! `baocao run [DIR]`: the main job. Every PDF under DIR is analysed in a
//! worker process (in parallel) unless the analysis cache (`OUT.cache`,
//! `--cache DIR`, `--no-cache`) holds its report, batch checks run over
//! all of them, and the tables are written atomically to OUT.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use baocao::cache::{self, AnalysisCache};
use baocao::lang::{self, Lang};
use baocao::model::Status;
use baocao::output::{self, csv::CsvOptions, Format};
use baocao::pipeline::{self, Batch, Progress};
use baocao::worker::{ocr_program_timeout, Limits};
use baocao_rules::checks::Severity;

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
    #[command(flatten)]
    pub ocr: super::ocr_args::OcrArgs,
    /// Folder of the analysis cache: each file's report by its content, the
    /// rules and the program (default: OUT.cache beside OUT).
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// Analyse every file anew, neither reading nor writing the cache.
    #[arg(long, conflicts_with = "cache")]
    pub no_cache: bool,
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
            ocr: super::ocr_args::OcrArgs::default(),
            cache: None,
            no_cache: false,
        }
    }
}

/// The analysis cache of this run (`None` with `--no-cache`, or when its
/// folder cannot be made: a warning, and the run goes on without it).
fn open_cache(args: &Args, rules: &baocao_rules::Rules) -> Option<AnalysisCache> {
    if args.no_cache {
        return None;
    }
    let dir = args
        .cache
        .clone()
        .unwrap_or_else(|| cache::default_dir(&args.out));
    let config = cache::Config::new(rules, !args.ocr.no_ocr);
    AnalysisCache::open(&dir, &config)
        .inspect_err(|e| eprintln!("warning: {e}; the run goes on without it"))
        .ok()
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

pub fn run(args: Args) -> super::Outcome {
    let started = Instant::now();
    let rules = super::load_rules(&args.rules)?;
    let files = pipeline::list_pdfs(&args.dir)?;
    let timeout = Duration::from_secs(args.timeout.max(1));
    let limits = Limits {
        timeout,
        max_memory_mb: args.max_memory_mb,
        ocr: args.ocr.setup(ocr_program_timeout(timeout)),
    };
    let progress = progress_bar(files.len() as u64, args.quiet);
    let on_file = |p: Progress| match p {
        Progress::Started(file) => progress.set_message(file.to_string()),
        Progress::Done | Progress::OcrPageDone => progress.inc(1),
        Progress::OcrPages(n) => progress.inc_length(n as u64),
    };
    let cache = open_cache(&args, &rules);
    let analysed =
        pipeline::analyze_all(&files, &rules, limits, args.jobs, cache.as_ref(), &on_file)?;
    progress.finish_and_clear();
    if let Some(e) = &analysed.cache_error {
        eprintln!("warning: {e}; the run goes on without caching");
    }
    let from_cache = cache.as_ref().map(|_| analysed.from_cache);
    let batch = Batch::finish(&rules, analysed.docs);
    let options = output::Options {
        csv: CsvOptions { bom: args.csv_bom },
        formats: args.format.clone(),
        headers: lang::headers(&rules, args.lang),
    };
    pipeline::write_outputs(&args.out, &rules, &batch, &options, args.lang)?;
    if !args.quiet {
        println!(
            "{}",
            summary(&batch, from_cache, &args.out, started.elapsed())
        );
    }
    if std::env::var_os("BAOCAO_REPORT_MEMORY").is_some() {
        eprintln!("memory: parent peak {} KiB (VmHWM)", peak_memory_kib());
    }
    Ok(if batch.failed() > 0 {
        ExitCode::from(super::EXIT_FAILED_FILES)
    } else {
        ExitCode::SUCCESS
    })
}

/// This process's peak resident memory (VmHWM of /proc/self/status; 0
/// where there is none): what bench/run.sh reads, with
/// `BAOCAO_REPORT_MEMORY` set.
fn peak_memory_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// A progress bar on stderr when it is a terminal and `--quiet` is not set:
/// files, and the pages of scans as they are planned for OCR.
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

/// The closing summary line (`from_cache`: how many reports the analysis
/// cache gave, when there was one).
fn summary(batch: &Batch, from_cache: Option<usize>, out: &Path, took: Duration) -> String {
    let docs = &batch.docs;
    let ok = docs.iter().filter(|d| d.status == Status::Ok).count();
    let no_text = docs.iter().filter(|d| d.status == Status::NoText).count();
    let figures: usize = docs.iter().map(|d| d.figures.len()).sum();
    let sev = |s: Severity| {
        docs.iter()
            .flat_map(|d| &d.checks)
            .chain(batch.checks.iter().map(|b| &b.check))
            .filter(|c| c.severity == s)
            .count()
    };
    let cached = from_cache.map_or(String::new(), |n| format!(" ({n} from the cache)"));
    format!(
        "{} files{cached}: {ok} ok, {no_text} without text, {} failed; {figures} figures; checks: {} errors, {} warnings, {} info; {:.1} s → {}",
        docs.len(),
        batch.failed(),
        sev(Severity::Error),
        sev(Severity::Warning),
        sev(Severity::Info),
        took.as_secs_f64(),
        out.display()
    )
}
