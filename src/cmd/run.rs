//! `baocao run [DIR]`: the main job. What cannot work is refused before any
//! PDF is read (rules, `--expect`, DIR without a PDF, OUT). Then every PDF
//! under DIR is analysed in a worker process (in parallel), the batch
//! stage runs over all of them, and every output is written into a fresh
//! folder that replaces OUT whole. Ctrl-C stops the workers and leaves OUT
//! as it was, saying so. A file whose report the analysis cache holds
//! (`OUT.cache` beside OUT, `--cache DIR`, `--no-cache`) is not read again.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use baocao::cache::{self, AnalysisCache};
use baocao::interrupt;
use baocao::lang::{self, Lang};
use baocao::output::manifest::RunInfo;
use baocao::output::outdir::OutDir;
use baocao::output::{self, csv::CsvOptions, Format};
use baocao::pipeline::{self, Batch, Progress, RunError};
use baocao::rules_source::RulesSource;
use baocao::summary;
use baocao::worker::{ocr_program_timeout, Limits};
use baocao_rules::Rules;

use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder of reports, searched recursively for *.pdf.
    #[arg(default_value = "corpus")]
    pub dir: PathBuf,
    /// Output folder (replaced whole at the end of the run; the previous one is kept as OUT.prev).
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Rules folder (default: the rules built into baocao; `baocao rules init DIR` writes them out).
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Files analysed at once (worker processes), at least 1.
    #[arg(long, short, default_value_t = default_jobs(), value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: u16,
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
    /// Language of report.html, the workbook, the check details and this summary.
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
    /// Report kinds every unit must send (comma-separated ids of rules/kinds.toml); default:
    /// rules/checks.toml `[missing_report] expect`, else the kinds sent by at least half of the units.
    #[arg(long, value_delimiter = ',')]
    pub expect: Vec<String>,
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
            rules: None,
            jobs: default_jobs(),
            timeout: 60,
            max_memory_mb: 3072,
            csv_bom: true,
            quiet: false,
            format: vec![Format::Csv],
            lang: Lang::Vi,
            expect: Vec::new(),
            ocr: super::ocr_args::OcrArgs::default(),
            cache: None,
            no_cache: false,
        }
    }
}

fn default_jobs() -> u16 {
    std::thread::available_parallelism().map_or(2, |n| u16::try_from(n.get()).unwrap_or(u16::MAX))
}

pub fn run(args: Args) -> super::Outcome {
    let started = Instant::now();
    let started_at = SystemTime::now();
    interrupt::install();
    let source = RulesSource::from_arg(args.rules.as_deref());
    let rules = source.load()?;
    check_expected(&rules, &args.expect)?;
    let inputs = pipeline::list_inputs(&args.dir)?;
    let out = OutDir::prepare(&args.out, &output::is_output_file)?;
    let cache = open_cache(&args, &rules);
    let analysed = analyze(&args, (&source, &rules), &inputs.pdfs, cache.as_ref(), &out)?;
    if let Some(e) = &analysed.cache_error {
        eprintln!("baocao: warning: {e}; the run goes on without caching");
    }
    let mut batch = Batch::finish(&rules, analysed.reports, &args.expect, inputs.skipped);
    batch.from_cache = cache.as_ref().map(|_| analysed.from_cache);
    batch.texts_reused = analysed.texts_reused;
    let options = output::Options {
        csv: CsvOptions { bom: args.csv_bom },
        formats: args.format.clone(),
        labels: lang::labels(&rules, args.lang),
    };
    let info = RunInfo {
        program: format!("baocao {}", env!("CARGO_PKG_VERSION")),
        started: started_at
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        input: args.dir.display().to_string(),
        pdf_files: batch.reports.len(),
        skipped_files: batch.skipped.len(),
    };
    pipeline::write_outputs(out.staging(), &rules, &batch, &options, args.lang, info)?;
    if let Some(signal) = interrupt::received() {
        return Err(stopped(signal, "while writing the outputs", &out));
    }
    let written = out.commit()?;
    if !args.quiet {
        let text = summary::text(&rules, &batch, &written, started.elapsed(), args.lang);
        // A closed stdout (`baocao run | head -1`) loses the summary, not the run.
        let _ = writeln!(std::io::stdout().lock(), "{text}");
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

/// The analysis cache of this run (`None` with `--no-cache`, or when its
/// folder cannot be made: a warning, and the run goes on without it).
fn open_cache(args: &Args, rules: &Rules) -> Option<AnalysisCache> {
    if args.no_cache {
        return None;
    }
    let dir = args
        .cache
        .clone()
        .unwrap_or_else(|| cache::default_dir(&args.out));
    let config = cache::Config::new(rules, !args.ocr.no_ocr);
    AnalysisCache::open(&dir, &config)
        .inspect_err(|e| eprintln!("baocao: warning: {e}; the run goes on without it"))
        .ok()
}

/// Every `--expect` kind must be a kind of the rules.
fn check_expected(rules: &Rules, expect: &[String]) -> Result<(), CliError> {
    let known: Vec<&str> = rules.kinds.kinds.iter().map(|k| k.id.as_str()).collect();
    match expect.iter().find(|k| !known.contains(&k.as_str())) {
        None => Ok(()),
        Some(k) => Err(CliError::Usage(format!(
            "--expect {k}: not a report kind of the rules (known: {})",
            known.join(", ")
        ))),
    }
}

/// Every PDF through the workers, with a progress bar; a stop request
/// becomes [`CliError::Interrupted`].
fn analyze(
    args: &Args,
    rules: (&RulesSource, &Rules),
    files: &[(PathBuf, String)],
    cache: Option<&AnalysisCache>,
    out: &OutDir,
) -> Result<pipeline::Analysed, CliError> {
    let timeout = Duration::from_secs(args.timeout.max(1));
    let limits = Limits {
        timeout,
        max_memory_mb: args.max_memory_mb,
        ocr: args.ocr.setup(ocr_program_timeout(timeout)),
        texts: cache.map(|c| c.dir().to_path_buf()),
    };
    let progress = progress_bar(files.len() as u64, args.quiet);
    let on_file = |p: Progress| match p {
        Progress::Started(file) => progress.set_message(file.to_string()),
        Progress::Done | Progress::OcrPageDone => progress.inc(1),
        Progress::OcrPages(n) => progress.inc_length(n as u64),
    };
    let jobs = usize::from(args.jobs);
    let result = pipeline::analyze_all(
        files,
        rules,
        limits,
        jobs,
        cache,
        out.staging(),
        &on_file,
        &interrupt::requested,
    );
    progress.finish_and_clear();
    match result {
        Err(RunError::Interrupted {
            read,
            total,
            killed,
        }) => {
            let signal = interrupt::received().unwrap_or(interrupt::Signal(2));
            let what = format!(
                "after reading {read} of {total} files; {killed} worker(s) were stopped while reading a file and the others were ended"
            );
            Err(stopped(signal, &what, out))
        }
        other => Ok(other?),
    }
}

/// What a stopped run did, for the message on stderr.
fn stopped(signal: interrupt::Signal, when: &str, out: &OutDir) -> CliError {
    let kept = if out.out().is_dir() {
        format!(
            "{} still holds the previous complete output",
            out.out().display()
        )
    } else {
        format!(
            "{} was not created (no run has finished yet)",
            out.out().display()
        )
    };
    CliError::Interrupted {
        signal,
        message: format!(
            "stopped by {} {when}; nothing of this run was kept: {kept}",
            signal.name()
        ),
    }
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
