//! Print every line of a PDF with its spans' positions:
//! `cargo run -p baocao-pdf --example spans FILE`.
fn main() {
    baocao_pdf::extract::silence_panics();
    let path = std::env::args().nth(1).expect("usage: spans FILE");
    let bytes = std::fs::read(&path).expect("read");
    match baocao_pdf::extract(&bytes) {
        Ok(doc) => {
            for p in doc.pages {
                println!("=== page {}", p.number);
                for l in &p.lines {
                    let cells: Vec<String> = l
                        .spans
                        .iter()
                        .map(|s| format!("[{:.0}-{:.0}] {}", s.x0, s.x1, s.text))
                        .collect();
                    println!("y={:.1} s={:.1} {}", l.y, l.size, cells.join("  "));
                }
            }
        }
        Err(e) => println!("error: {e}"),
    }
}
