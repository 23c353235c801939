//! OCR one or more pages of a PDF with baocao-pdf's OCR and print the lines,
//! the mean confidence and the time per page
//! (`cargo run -p baocao-pdf --example ocr -- FILE [PAGE…] [--psm N] [--dpi N]`).

use baocao_pdf::ocr::{self, OcrOptions, PdfInput};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: ocr FILE [PAGE…] [--psm N] [--dpi N]");
        std::process::exit(2);
    };
    let mut opts = OcrOptions::default();
    let mut pages = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--psm" => opts.psm = args.next().and_then(|v| v.parse().ok()).unwrap_or(6),
            "--dpi" => opts.dpi = args.next().and_then(|v| v.parse().ok()).unwrap_or(200),
            n => pages.extend(n.parse::<u32>().ok()),
        }
    }
    if pages.is_empty() {
        pages.push(1);
    }
    for r in ocr::ocr_pages(PdfInput::Path(path.as_ref()), &pages, &opts) {
        match r {
            Ok(p) => {
                eprintln!(
                    "--- page {}: confidence {:.1}, {:.2} s",
                    p.number, p.mean_confidence, p.seconds
                );
                for l in &p.lines {
                    println!("{}", l.text());
                }
            }
            Err(e) => eprintln!("{e}"),
        }
    }
}
