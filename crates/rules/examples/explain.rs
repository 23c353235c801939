//! Print how the figure engine reads a text: `cargo run -p baocao-rules
//! --example explain -- "Phường Kim Trà" < paragraph.txt`.

use std::io::Read;
use std::path::Path;

use baocao_rules::figures::{self, Scope};
use baocao_rules::text::DocTextBuilder;
use baocao_rules::Rules;

fn main() {
    let unit = std::env::args().nth(1).unwrap_or_default();
    let rules = Rules::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("stdin");
    let mut b = DocTextBuilder::new();
    for line in text.lines() {
        b.paragraph(1, line);
    }
    let doc = b.finish();
    let scope = Scope {
        kind: Some("emulation_awards_5y"),
        unit: rules.units.find(&unit),
        excluded: Vec::new(),
        year: None,
    };
    for t in baocao_rules::tables::find(&doc, &rules.metrics) {
        for r in t.rows {
            println!("table row: {:?}", r.sentence);
        }
    }
    for t in figures::explain(&doc, &rules.metrics, &scope) {
        println!("{t:?}");
    }
    for f in figures::find(&doc, &rules.metrics, &scope) {
        println!(
            "{} [{}] {} — {} — {}",
            f.metric, f.subunit, f.value, f.rule, f.snippet
        );
    }
}
