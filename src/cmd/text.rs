//! `baocao text FILE`: the text baocao reads, page by page.
//!
//! * default: the normalised paragraphs the rules see, with page markers;
//! * `--raw`: the extractor's lines before legacy decoding;
//! * `--plain`: just the document's text — legacy runs decoded, NFC, nothing
//!   else (tone marks stay where the document put them), pages separated by a
//!   form feed, no markers;
//! * `--explain`: per page the encoding found, the text-layer quality and
//!   every converted run (before → after, and whether the font or the content
//!   told).

use std::path::PathBuf;
use std::process::ExitCode;

use baocao_pdf::legacy::Evidence;
use baocao_pdf::{clean, ReadOptions, ReadText};
use baocao_viet::quality::Quality;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PDF to read.
    file: PathBuf,
    /// The extractor's text as laid out, before legacy decoding and normalisation.
    #[arg(long, conflicts_with_all = ["plain", "explain"])]
    raw: bool,
    /// Just the document's text (legacy runs decoded, NFC), pages separated by a form feed.
    #[arg(long, conflicts_with = "explain")]
    plain: bool,
    /// Per page: detected encoding, text quality and the runs converted (before → after).
    #[arg(long)]
    explain: bool,
    /// Switch the legacy-encoding stage off (with --plain or --explain; for comparisons).
    #[arg(long, hide = true)]
    no_legacy: bool,
}

pub fn run(args: Args) -> super::Outcome {
    baocao_pdf::extract::silence_panics();
    let bytes = super::read_file(&args.file)?;
    let options = ReadOptions {
        decode_legacy: !(args.raw || args.no_legacy),
    };
    let read =
        baocao_pdf::read_text_with(&bytes, options).map_err(|source| super::CliError::Read {
            path: args.file.clone(),
            source,
        })?;
    if args.raw {
        for p in &read.pages {
            println!("=== page {} ===", p.number);
            print!("{}", p.text());
        }
    } else if args.plain {
        print!(
            "{}",
            clean::plain_text(&read.pages).nfc().collect::<String>()
        );
    } else if args.explain {
        explain(&read);
    } else {
        paragraphs(&read);
    }
    Ok(ExitCode::SUCCESS)
}

/// The normalised paragraphs, with a marker at each new page.
fn paragraphs(read: &ReadText) {
    let text = &read.text;
    let mut page = 0;
    for r in text.paragraphs() {
        let p = text.page_at(r.start);
        if p != page {
            println!("=== page {p} ===");
            page = p;
        }
        println!("{}", &text.text()[r.clone()]);
    }
}

/// The document's verdict line: encoding and the pages of doubtful quality.
fn document_line(read: &ReadText) -> String {
    if read.quality.iter().all(|(_, q)| *q == Quality::NoText) {
        return "document: no text layer (status no_text)".into();
    }
    let doubtful: Vec<String> = read
        .quality
        .iter()
        .filter(|(_, q)| q.is_doubtful())
        .map(|(n, q)| format!("{n} ({q})"))
        .collect();
    let summary = &read.legacy;
    format!(
        "document: encoding {} ({} TCVN3 run(s), {} VNI run(s) converted); {}",
        summary.encoding(),
        summary.tcvn3_runs,
        summary.vni_runs,
        if doubtful.is_empty() {
            "text layer good".to_string()
        } else {
            format!("doubtful text layer on page(s) {}", doubtful.join(", "))
        }
    )
}

fn explain(read: &ReadText) {
    let summary = &read.legacy;
    println!("{}", document_line(read));
    for p in &read.pages {
        let runs: Vec<_> = summary
            .conversions
            .iter()
            .filter(|c| c.page == p.number)
            .collect();
        let by_font = runs.iter().filter(|c| c.evidence == Evidence::Font).count();
        println!(
            "page {}: encoding {}, quality {}, {} converted run(s) ({} by font name, {} by content){}",
            p.number,
            summary.page_encoding(p.number),
            read.quality_of(p.number),
            runs.len(),
            by_font,
            runs.len() - by_font,
            p.error
                .as_ref()
                .map_or(String::new(), |e| format!(", error: {e}"))
        );
        for c in runs {
            let how = match c.evidence {
                Evidence::Font => "font",
                Evidence::Content => "content",
            };
            println!(
                "  [{:?} by {how}] {:?} → {:?}",
                c.encoding, c.before, c.after
            );
        }
    }
    if summary.converted() > summary.conversions.len() {
        println!(
            "({} further converted run(s) not listed)",
            summary.converted() - summary.conversions.len()
        );
    }
}
