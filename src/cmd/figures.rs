//! `baocao figures FILE`: every figure with its page, rule and snippet.

use std::path::PathBuf;
use std::process::ExitCode;

use baocao::output::number::plain;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PDF to read.
    file: PathBuf,
    /// Rules folder.
    #[arg(long, default_value = "rules")]
    rules: PathBuf,
    #[command(flatten)]
    ocr: super::ocr_args::OcrArgs,
}

pub fn run(args: Args) -> super::Outcome {
    let rules = super::load_rules(&args.rules)?;
    let r = super::analyze_one(&rules, &args.file, &args.ocr)?;
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
            c.id, c.severity, c.subject, c.detail
        );
    }
    Ok(if r.status.is_failure() {
        ExitCode::from(super::EXIT_FAILED_FILES)
    } else {
        ExitCode::SUCCESS
    })
}
