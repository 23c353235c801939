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

use baocao_pdf::{FileKind, PageText};
use baocao_viet::quality::{self, Quality};
use unicode_normalization::UnicodeNormalization;

use crate::analyze;
use crate::clean;
use crate::legacy::{self, Evidence, Summary};

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

pub fn run(args: Args) -> Result<(), String> {
    baocao_pdf::extract::silence_panics();
    let name = args.file.display().to_string();
    let bytes = super::worker::read_bounded(&args.file).map_err(|e| format!("{name}: {e}"))?;
    if args.raw {
        let doc = baocao_pdf::extract(&bytes).map_err(|e| format!("{name}: {e}"))?;
        for p in &doc.pages {
            println!("=== page {} ===", p.number);
            print!("{}", p.text());
        }
        return Ok(());
    }
    if args.plain || args.explain {
        let (pages, summary) = read(&bytes, !args.no_legacy).map_err(|e| format!("{name}: {e}"))?;
        if args.plain {
            print!("{}", clean::plain_text(&pages).nfc().collect::<String>());
        } else {
            explain(&pages, &summary);
        }
        return Ok(());
    }
    let (_, _, text) = analyze::text_of(&bytes).map_err(|e| format!("{name}: {e}"))?;
    let mut page = 0;
    for r in text.paragraphs() {
        let p = text.page_at(r.start);
        if p != page {
            println!("=== page {p} ===");
            page = p;
        }
        println!("{}", &text.text()[r.clone()]);
    }
    Ok(())
}

/// Extracted pages, legacy runs decoded when `decode`.
fn read(bytes: &[u8], decode: bool) -> Result<(Vec<PageText>, Summary), String> {
    let FileKind::Pdf(doc) = baocao_pdf::probe(bytes).map_err(|e| e.to_string())?;
    let baocao_pdf::Extracted { mut pages, fonts } = baocao_pdf::extract_document(&doc);
    let summary = if decode {
        legacy::decode_pages(&mut pages, &fonts)
    } else {
        Summary::default()
    };
    Ok((pages, summary))
}

/// Quality of a page, as the pipeline judges it.
fn page_quality(p: &PageText) -> Quality {
    quality::assess_page(&baocao_viet::normalize(&p.text()))
}

/// The document's verdict line: encoding and the pages of doubtful quality.
fn document_line(pages: &[PageText], summary: &Summary) -> String {
    let qualities: Vec<(u32, Quality)> =
        pages.iter().map(|p| (p.number, page_quality(p))).collect();
    if qualities.iter().all(|(_, q)| *q == Quality::NoText) {
        return "document: no text layer (status no_text)".into();
    }
    let doubtful: Vec<String> = qualities
        .iter()
        .filter(|(_, q)| matches!(q, Quality::NoDiacritics | Quality::BrokenMap))
        .map(|(n, q)| format!("{n} ({})", analyze::quality_label(*q)))
        .collect();
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

fn explain(pages: &[PageText], summary: &Summary) {
    println!("{}", document_line(pages, summary));
    for p in pages {
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
            analyze::quality_label(page_quality(p)),
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
