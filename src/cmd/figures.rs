//! `baocao figures FILE`: every figure with its page, rule and snippet.
//!
//! FILE is a PDF, a plain text file (`.txt`) or `-` for standard input: a
//! paragraph pasted from a report, to see what the rules make of it. With
//! text, `--unit` names the ward or commune (its former units make the
//! breakdowns) and `--kind` the report kind, when the text does not say.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use baocao::analyze::{self, Given};
use baocao::lang::{self, Lang};
use baocao::model::DocReport;
use baocao::output::number::plain;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The report: a PDF, a .txt file, or - for standard input (text).
    file: PathBuf,
    /// Rules folder (default: the rules built into baocao).
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Language of the check details.
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    lang: Lang,
    /// The unit the text is from ("Kim Trà", "Phường Kim Trà"); text only.
    #[arg(long)]
    unit: Option<String>,
    /// The report kind (an id of rules/kinds.toml); text only.
    #[arg(long)]
    kind: Option<String>,
    /// How to print the figures.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    ocr: super::ocr_args::OcrArgs,
}

/// Output formats of `baocao figures`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For reading: one figure per entry with its snippet, then the checks.
    Table,
    /// Tab-separated: metric, subunit, value, unit, page, rule, snippet.
    Tsv,
    /// The figures as a JSON array.
    Json,
}

pub fn run(args: Args) -> super::Outcome {
    let rules = super::load_rules(args.rules.as_deref())?;
    let report = if is_text(&args.file) {
        let given = Given {
            unit: args.unit.clone(),
            kind: args.kind.clone(),
        };
        if let Some(k) = &given.kind {
            if rules.kinds.get(k).is_none() {
                return Err(super::CliError::Usage(format!(
                    "--kind: `{k}` is no report kind of the rules (kinds.toml)"
                )));
            }
        }
        let text = read_text(&args.file)?;
        analyze::analyze_plain(&rules, &args.file.display().to_string(), &text, &given)
    } else {
        if args.unit.is_some() || args.kind.is_some() {
            return Err(super::CliError::Usage(
                "--unit and --kind apply to text input; a PDF says its own".into(),
            ));
        }
        super::analyze_one(&rules, &args.file, &args.ocr)?
    };
    match args.format {
        Format::Table => print_table(&report, &rules, args.lang),
        Format::Tsv => print_tsv(&report),
        Format::Json => print_json(&report)?,
    }
    Ok(if report.status.is_failure() {
        ExitCode::from(super::EXIT_FAILED_FILES)
    } else {
        ExitCode::SUCCESS
    })
}

/// Standard input (`-`) or a file whose name ends in `.txt`.
fn is_text(path: &Path) -> bool {
    path.as_os_str() == "-"
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

fn read_text(path: &Path) -> Result<String, super::CliError> {
    let bytes = if path.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b)?;
        b
    } else {
        std::fs::read(path).map_err(|e| super::CliError::File {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?
    };
    String::from_utf8(bytes).map_err(|_| super::CliError::File {
        path: path.to_path_buf(),
        message: "not UTF-8 text".into(),
    })
}

fn print_table(r: &DocReport, rules: &baocao_rules::Rules, lang: Lang) {
    println!(
        "{}: {} — unit {:?}, kind {:?}, {} {}",
        r.file, r.status, r.unit, r.kind, r.doc_number, r.doc_date
    );
    if !r.message.is_empty() {
        println!("  {}", r.message);
    }
    for reported in &r.figures {
        let f = &reported.figure;
        let who = if f.subunit.is_empty() {
            String::new()
        } else {
            format!(" [{}]", f.subunit)
        };
        let confidence = reported
            .ocr_confidence
            .map_or(String::new(), |c| format!(", OCR confidence {c:.0}"));
        println!(
            "p.{:<3} {}{} = {} {}  ({}, quality {}{confidence})",
            f.page,
            f.metric,
            who,
            plain(f.value),
            f.unit_of_measure,
            f.rule,
            reported.quality
        );
        println!("       «{}»", f.snippet);
    }
    for c in &r.checks {
        println!(
            "check {} [{}] {}: {}",
            c.id,
            c.severity,
            c.subject,
            lang::detail(rules, &c.detail, lang)
        );
    }
}

fn print_tsv(r: &DocReport) {
    println!("metric\tsubunit\tvalue\tunit\tpage\trule\tsnippet");
    for reported in &r.figures {
        let f = &reported.figure;
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            f.metric,
            clean(&f.subunit),
            plain(f.value),
            f.unit_of_measure,
            f.page,
            f.rule,
            clean(&f.snippet)
        );
    }
}

fn print_json(r: &DocReport) -> Result<(), super::CliError> {
    let figures: Vec<&baocao_rules::figures::Figure> =
        r.figures.iter().map(|f| &f.figure).collect();
    let json = serde_json::to_string_pretty(&figures)
        .map_err(|e| super::CliError::Io(std::io::Error::other(e)))?;
    println!("{json}");
    Ok(())
}
