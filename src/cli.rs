//! Command-line interface (clap): the commands and their help. One file per
//! subcommand under `cmd/`, each with its arguments.

use clap::{Parser, Subcommand};

/// baocao — statistics from the signed PDF reports of Huế's wards and communes.
#[derive(Debug, Parser)]
#[command(
    name = "baocao",
    version,
    about,
    long_about = "Reads a folder of signed PDF reports (phường, xã), extracts their text page by page, \
normalises Vietnamese, finds figures with the rules (built in; `--rules DIR` for a folder made with \
`baocao rules init DIR`), checks sections and signatures, and writes CSV tables, a report and optionally \
Parquet and XLSX into OUT, replaced whole at the end of the run. With no subcommand it runs `baocao run` on corpus/.",
    after_help = "Examples:\n  baocao                         run on corpus/, write out/\n  baocao run reports/ --out ket-qua\n  \
baocao text corpus/phuong-kim-tra/569-BC-UBND.pdf\n  baocao figures corpus/phuong-kim-tra/569-BC-UBND.pdf\n  \
baocao sections corpus/phuong-kim-tra/569-BC-UBND.pdf\n  baocao signatures corpus/phuong-kim-tra/569-BC-UBND.pdf\n  \
baocao rules check\n  baocao rules init quy-tac\n\nExit codes: 0 every file processed; 1 some files failed (outputs still \
complete), or the file of a single-file command could not be read; 2 unusable arguments or rules (found before \
any PDF is read); 3 an output could not be written (or another I/O error); 130/143 stopped by Ctrl-C/SIGTERM \
(OUT left as it was)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Process every PDF under DIR and write the tables to OUT.
    Run(crate::cmd::run::Args),
    /// Print the normalised text of one PDF with page markers.
    Text(crate::cmd::text::Args),
    /// Print every figure found in one PDF, with page, rule and snippet.
    Figures(crate::cmd::figures::Args),
    /// Print the detected outline of one PDF and which sections are missing.
    Sections(crate::cmd::sections::Args),
    /// Print a timeline of the signatures of one PDF.
    Signatures(crate::cmd::signatures::Args),
    /// Validate the rules, or write the built-in ones out for editing.
    Rules(crate::cmd::rules::Args),
    /// Internal: analyse files sent on stdin (used by `run`).
    #[command(name = "__worker", hide = true)]
    Worker(crate::cmd::worker::Args),
}
