//! The OCR options shared by `run` and the single-file commands:
//! `--no-ocr` and `--ocr-cache DIR`.

use std::path::PathBuf;
use std::time::Duration;

use baocao::reading::OcrSetup;
use baocao_pdf::ocr::cache::Cache;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct OcrArgs {
    /// Do not OCR pages without a usable text layer (scans stay `no_text`).
    #[arg(long)]
    pub no_ocr: bool,
    /// Folder where OCR results are kept by file content, so that a re-run does not OCR
    /// again [default: $XDG_CACHE_HOME/baocao/ocr or ~/.cache/baocao/ocr].
    #[arg(long, value_name = "DIR")]
    pub ocr_cache: Option<PathBuf>,
}

impl OcrArgs {
    /// The setup these options ask for, each OCR program given `timeout`
    /// on each page.
    pub fn setup(&self, timeout: Duration) -> OcrSetup {
        OcrSetup {
            enabled: !self.no_ocr,
            cache: self.ocr_cache.clone().or_else(Cache::default_dir),
            timeout,
        }
    }
}
