//! `baocao __worker`: the process side of [`baocao::worker`]. Not for people.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use baocao::cache::TextCache;
use baocao::lexicon;
use baocao::reading::{OcrSetup, Reader};
use baocao::worker::{die_with_parent, limit_memory, Service};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Rules folder (default: the built-in rules).
    #[arg(long)]
    rules: Option<PathBuf>,
    /// The fingerprint of the parent's rules: reports made with other
    /// rules (edited since the parent loaded them) are not cached.
    #[arg(long)]
    rules_fingerprint: Option<String>,
    #[arg(long, default_value_t = 3072)]
    max_memory_mb: u64,
    /// Leave scanned pages unread.
    #[arg(long)]
    no_ocr: bool,
    /// Folder of the OCR cache (none when absent).
    #[arg(long)]
    ocr_cache: Option<PathBuf>,
    /// Deadline of each OCR program on each page, in milliseconds.
    #[arg(long, default_value_t = 27_000)]
    ocr_timeout_ms: u64,
    /// Folder of the text entries to reuse and keep (none when absent).
    #[arg(long)]
    text_cache: Option<PathBuf>,
}

pub fn run(args: Args) -> super::Outcome {
    die_with_parent();
    limit_memory(args.max_memory_mb);
    baocao_pdf::extract::silence_panics();
    let rules = super::load_rules(args.rules.as_deref())?;
    let setup = OcrSetup {
        enabled: !args.no_ocr,
        cache: args.ocr_cache,
        timeout: Duration::from_millis(args.ocr_timeout_ms.max(1)),
    };
    let reader = Reader::new(&rules, &setup);
    let other_rules = args
        .rules_fingerprint
        .is_some_and(|f| f != rules.fingerprint);
    // Without its text entries a worker reads every file: slower, not wrong.
    let texts = args
        .text_cache
        .and_then(|dir| TextCache::open(&dir, setup.enabled, &lexicon::fingerprint(&rules)).ok());
    let service = Service {
        rules: &rules,
        reader: &reader,
        texts: texts.as_ref(),
        other_rules,
    };
    service.serve(std::io::stdin().lock(), std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}
