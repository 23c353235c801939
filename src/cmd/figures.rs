//! `baocao figures FILE`: every figure with its page, rule and snippet.

use std::path::PathBuf;
use std::process::ExitCode;

use baocao::lang::{self, Lang};
use baocao::output::number::plain;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PDF to read.
    file: PathBuf,
    /// Rules folder (default: the rules built into baocao).
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Language of the check details.
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    lang: Lang,
}

pub fn run(args: Args) -> super::Outcome {
    let rules = super::load_rules(args.rules.as_deref())?;
    let r = super::analyze_one(&rules, &args.file)?;
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
        println!(
            "p.{:<3} {}{} = {} {}  ({}, quality {})",
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
            lang::detail(&rules, &c.detail, args.lang)
        );
    }
    Ok(if r.status.is_failure() {
        ExitCode::from(super::EXIT_FAILED_FILES)
    } else {
        ExitCode::SUCCESS
    })
}
