//! One module per subcommand (the xsv layout), and the one error type of
//! the binary, [`CliError`], with the exit codes it maps to:
//!
//! | code | meaning |
//! |---|---|
//! | 0 | every file processed |
//! | 1 | some files failed (`run`: the outputs are still complete); a single-file command's file could not be read (`text`: or has no readable text) |
//! | 2 | unusable arguments or rules: a missing input folder or one without a PDF, an OUT that is a file or holds files baocao did not write, `--jobs 0`, an unknown `--expect` kind |
//! | 3 | an output could not be written, or another I/O error (a folder could not be listed, workers could not start) |
//! | 130, 143 | `run` stopped by SIGINT (Ctrl-C) or SIGTERM: OUT left as it was |

pub mod figures;
pub mod ocr_args;
pub mod rules;
pub mod run;
pub mod sections;
pub mod signatures;
pub mod text;
pub mod worker;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use baocao::analyze::Analysis;
use baocao::interrupt::Signal;
use baocao::model::DocReport;
use baocao::output::outdir::OutDirError;
use baocao::output::OutputError;
use baocao::pipeline::RunError;
use baocao::reading::{OcrSource, Reader};
use baocao::rules_source::{InitError, RulesSource};
use baocao_pdf::ReadError;
use baocao_rules::{Rules, RulesError};

/// Some files failed (or the one file of a single-file command).
pub const EXIT_FAILED_FILES: u8 = 1;
/// Unusable arguments or rules (clap's own usage errors exit 2 as well).
pub const EXIT_USAGE: u8 = 2;
/// An output could not be written, or another I/O error.
pub const EXIT_IO: u8 = 3;

/// Why a command could not do its work.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error("rules: {0}")]
    Rules(#[from] RulesError),
    /// The file a single-file command was given could not be read.
    #[error("{}: {source}", path.display())]
    Read { path: PathBuf, source: ReadError },
    /// The file was read but does not give what the command shows.
    #[error("{}: {message}", path.display())]
    File { path: PathBuf, message: String },
    #[error(transparent)]
    Run(#[from] RunError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    OutDir(#[from] OutDirError),
    #[error(transparent)]
    Init(#[from] InitError),
    /// `run` was stopped by a signal; the message says what was done.
    #[error("{message}")]
    Interrupted { signal: Signal, message: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl CliError {
    /// The process exit code (see the module documentation and README).
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) | CliError::Rules(_) => EXIT_USAGE,
            CliError::Read { .. } | CliError::File { .. } => EXIT_FAILED_FILES,
            CliError::Run(RunError::NotAFolder(_) | RunError::NoPdf { .. }) => EXIT_USAGE,
            CliError::Run(RunError::OutDir(e)) | CliError::OutDir(e) if e.is_usage() => EXIT_USAGE,
            CliError::Init(InitError::Exists(_)) => EXIT_USAGE,
            CliError::Interrupted { signal, .. } => signal.exit_code(),
            CliError::Run(_)
            | CliError::Output(_)
            | CliError::OutDir(_)
            | CliError::Init(_)
            | CliError::Io(_) => EXIT_IO,
        }
    }
}

/// What a command returns.
pub type Outcome = Result<ExitCode, CliError>;

/// Load and validate the rules: `--rules DIR` when given, else the rules
/// built into the binary.
pub fn load_rules(dir: Option<&Path>) -> Result<Rules, CliError> {
    Ok(RulesSource::from_arg(dir).load()?)
}

/// Read a file for a single-file command (one size limit, as the worker).
pub fn read_file(path: &Path) -> Result<Vec<u8>, CliError> {
    baocao_pdf::read_file(path).map_err(|source| CliError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Deadline of each OCR program on each page in a single-file command.
pub const OCR_PROGRAM_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Analyse one file in this process (single-file commands), scanned pages
/// OCR'd here as `ocr` says.
pub fn analyze_one(
    rules: &Rules,
    path: &Path,
    ocr: &ocr_args::OcrArgs,
) -> Result<DocReport, CliError> {
    baocao_pdf::extract::silence_panics();
    let bytes = read_file(path)?;
    let reader = Reader::new(rules, &ocr.setup(OCR_PROGRAM_TIMEOUT));
    let file = path.display().to_string();
    match baocao::analyze::analyze_with(rules, &reader, &file, &bytes, OcrSource::Here) {
        Analysis::Report(report) => Ok(*report),
        Analysis::NeedsOcr(pages) => Err(CliError::File {
            path: path.to_path_buf(),
            message: format!("pages {pages:?} were not recognised"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_map_to_documented_exit_codes() {
        let read = CliError::Read {
            path: "notes.txt".into(),
            source: ReadError::Probe(baocao_pdf::ProbeError::NotPdf("text".into())),
        };
        assert_eq!(read.exit_code(), EXIT_FAILED_FILES);
        assert_eq!(CliError::Usage("x".into()).exit_code(), EXIT_USAGE);
        let folder = CliError::Run(RunError::NotAFolder("x".into()));
        assert_eq!(folder.exit_code(), EXIT_USAGE);
        let empty = CliError::Run(RunError::NoPdf {
            dir: "x".into(),
            skipped: 2,
        });
        assert_eq!(empty.exit_code(), EXIT_USAGE);
        let a_file = CliError::OutDir(OutDirError::NotAFolder("out".into()));
        assert_eq!(a_file.exit_code(), EXIT_USAGE);
        let denied = CliError::OutDir(OutDirError::Unwritable {
            path: "out".into(),
            source: std::io::ErrorKind::PermissionDenied.into(),
        });
        assert_eq!(denied.exit_code(), EXIT_IO);
        let stopped = CliError::Interrupted {
            signal: Signal(2),
            message: String::new(),
        };
        assert_eq!(stopped.exit_code(), 130);
        let full = CliError::Output(OutputError::Io {
            path: "out/units.csv".into(),
            source: std::io::Error::other("No space left on device"),
        });
        assert_eq!(full.exit_code(), EXIT_IO);
        assert_eq!(full.to_string(), "out/units.csv: No space left on device");
    }
}
