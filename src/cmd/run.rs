//! `baocao run [DIR]`: the main job. Every PDF under DIR is analysed in a
//! worker process (in parallel), batch checks run over all of them, and the
//! tables are written atomically to OUT.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

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
        }
    }
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
    let docs = pipeline::analyze_all(&files, &args.rules, limits, args.jobs, &on_file)?;
    progress.finish_and_clear();
    let batch = Batch::finish(&rules, docs);
    let options = output::Options {
        csv: CsvOptions { bom: args.csv_bom },
        formats: args.format.clone(),
        headers: lang::headers(&rules, args.lang),
    };
    pipeline::write_outputs(&args.out, &rules, &batch, &options, args.lang)?;
    if !args.quiet {
        println!("{}", summary(&batch, &args.out, started.elapsed()));
    }
    Ok(if batch.failed() > 0 {
        ExitCode::from(super::EXIT_FAILED_FILES)
    } else {
        ExitCode::SUCCESS
    })
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

/// The closing summary line.
fn summary(batch: &Batch, out: &Path, took: Duration) -> String {
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
    format!(
        "{} files: {ok} ok, {no_text} without text, {} failed; {figures} figures; checks: {} errors, {} warnings, {} info; {:.1} s → {}",
        docs.len(),
        batch.failed(),
        sev(Severity::Error),
        sev(Severity::Warning),
        sev(Severity::Info),
        took.as_secs_f64(),
        out.display()
    )
}
