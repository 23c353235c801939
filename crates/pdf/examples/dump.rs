//! Print the extracted lines of a PDF: `cargo run -p baocao-pdf --example dump FILE`.
fn main() {
    baocao_pdf::extract::silence_panics();
    let path = std::env::args().nth(1).expect("usage: dump FILE");
    let bytes = std::fs::read(&path).expect("read");
    match baocao_pdf::extract(&bytes) {
        Ok(doc) => {
            for p in doc.pages {
                println!("=== page {} {:?}", p.number, p.error);
                print!("{}", p.text());
            }
        }
        Err(e) => println!("error: {e}"),
    }
}
