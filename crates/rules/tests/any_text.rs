//! The figure engine never panics, whatever the text: extracted PDF text is
//! hostile (mojibake from broken font maps, stray symbols, digits glued to
//! anything).

use std::path::Path;
use std::sync::OnceLock;

use baocao_rules::figures::{self, Scope};
use baocao_rules::text::DocText;
use baocao_rules::Rules;
use proptest::prelude::*;

fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(|| {
        Rules::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")).unwrap()
    })
}

/// Pieces report text is made of, including the characters that broke the
/// engine before (multi-byte symbols next to numbers).
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("hộ nghèo".to_string()),
        Just("Hương Toàn".to_string()),
        Just("(cũ)".to_string()),
        Just("tỷ lệ".to_string()),
        Just("kinh phí".to_string()),
        Just("triệu đồng".to_string()),
        Just("trong đó".to_string()),
        Just("lần lượt".to_string()),
        Just("Bằng khen".to_string()),
        Just("€".to_string()),
        Just("²".to_string()),
        Just("–".to_string()),
        Just("(%)".to_string()),
        Just("/".to_string()),
        Just("\n".to_string()),
        "[0-9]{1,4}([.,][0-9]{1,3})?",
        "[ ,.;:()%-]{1,3}",
        "\\PC{1,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn any_text_is_read_without_panic(pieces in proptest::collection::vec(piece(), 0..60)) {
        let text = pieces.join(" ");
        let doc = DocText::from_pages(&[(1, text)]);
        let r = rules();
        for unit in [None, r.units.find("Kim Trà")] {
            let scope = Scope { kind: Some("emulation_awards_5y"), unit, excluded: Vec::new(), year: None };
            let _ = figures::find(&doc, &r.metrics, &scope);
            let _ = figures::explain(&doc, &r.metrics, &scope);
        }
    }
}

#[test]
fn a_real_broken_font_map_is_read_without_panic() {
    // The text pdf-extract gives for a real decision with a broken font map
    // (shared/real/1716 QĐ thành lập HĐTĐ.pdf, page 1), in part.
    let text = "uv sa.n nuanoan ceng no.r, xa her chu ncni.l vidt nam\nrinu r,awtoonc ti€ 1716/QĐ-UBND 2€ 3.0 € (%) 12,5 € 40";
    let doc = DocText::from_pages(&[(1, text.to_string())]);
    let r = rules();
    let scope = Scope {
        kind: Some("emulation_awards_5y"),
        unit: None,
        excluded: Vec::new(),
        year: None,
    };
    let _ = figures::find(&doc, &r.metrics, &scope);
}
