//! The domain vocabulary OCR corrections are made against
//! (`baocao_viet::ocrfix::Lexicon`), from the rules: metric, kind and
//! section labels, the cue words that keep their marks, the written measure
//! words, the unit and former-unit names — all public fields of
//! [`Rules`] — and every string of `metrics.toml`, `kinds.toml` and
//! `sections/*.toml` as written ([`Rules::written`], built-in or not): the
//! concept words and section headings, whose compiled forms are folded
//! (their marks gone, nothing to repair with).
//!
//! An entry of one word would be corrected on its own (`ocrfix` "domain
//! words"), which is only safe for words without a common look-alike; the
//! rules' single words ("tặng", "từ", "mỗi") have such look-alikes, so they
//! are given together, as one entry: they still help repair syllables that
//! are not Vietnamese, never a valid word.

use baocao_rules::Rules;
use baocao_viet::ocrfix::Lexicon;

/// The lexicon of `rules`.
pub fn of_rules(rules: &Rules) -> Lexicon {
    build(entries(rules))
}

/// What the lexicon of `rules` is made of, as one hash (lower-case hex):
/// texts OCR corrected against it are kept under it (`crate::cache::TextCache`).
pub fn fingerprint(rules: &Rules) -> String {
    crate::cache::bytes_hash(entries(rules).join("\n").as_bytes())
}

fn entries(rules: &Rules) -> Vec<String> {
    let mut entries = rule_words(rules);
    entries.extend(rules.written.iter().cloned());
    entries
}

/// Words held by the fields of the loaded rules.
fn rule_words(rules: &Rules) -> Vec<String> {
    let m = &rules.metrics;
    let labels = m.metrics.iter().map(|x| x.label.clone());
    let kinds = rules.kinds.kinds.iter().map(|k| k.label.clone());
    let sections = rules
        .sections
        .templates
        .iter()
        .flat_map(|t| t.sections.iter().map(|s| s.label.clone()));
    let cues = m.context.exclude_right_before.iter().cloned();
    let measures = m.measure_words.iter().map(|(_, written)| written.clone());
    let units = rules.units.units.iter().flat_map(|u| {
        std::iter::once(u.name.clone()).chain(
            u.former
                .iter()
                .flat_map(|f| [f.name.clone(), f.subunit.clone()]),
        )
    });
    labels
        .chain(kinds)
        .chain(sections)
        .chain(cues)
        .chain(measures)
        .chain(units)
        .collect()
}

/// The lexicon of `entries`, the single words joined into one entry.
fn build(entries: Vec<String>) -> Lexicon {
    let (single, phrases): (Vec<String>, Vec<String>) = entries
        .into_iter()
        .filter(|e| !e.trim().is_empty())
        .partition(|e| e.split_whitespace().count() == 1);
    Lexicon::new(phrases.into_iter().chain([single.join(", ")]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use baocao_viet::ocrfix::correct;

    fn rules() -> Rules {
        Rules::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap()
    }

    #[test]
    fn the_rules_words_repair_the_usual_confusions() {
        let lex = of_rules(&rules());
        let fixed = |s: &str| correct(s, &lex).0;
        assert_eq!(fixed("còn 96 hộ nghẻo"), "còn 96 hộ nghèo");
        assert_eq!(fixed("13 Băng khen"), "13 Bằng khen");
        assert_eq!(
            fixed("xóa nhà tạm, nhà đột nát"),
            "xóa nhà tạm, nhà dột nát"
        );
        assert_eq!(fixed("Phường Kim Tra"), "Phường Kim Trà");
    }

    #[test]
    fn single_rule_words_are_never_corrected_alone() {
        let lex = of_rules(&rules());
        // "từ" is a cue word of the rules; "tử" is a word too.
        assert_eq!(correct("tử vong", &lex).0, "tử vong");
        assert_eq!(correct("được tặng", &lex).0, "được tặng");
    }

    #[test]
    fn the_built_in_rules_give_the_words_of_the_folder() {
        let built_in = crate::rules_source::RulesSource::BuiltIn.load().unwrap();
        assert!(built_in.written.iter().any(|w| w == "hộ nghèo"));
        assert_eq!(built_in.written, rules().written);
    }

    #[test]
    fn without_the_written_strings_the_fields_words_remain() {
        let mut r = rules();
        r.written.clear();
        let lex = of_rules(&r);
        assert!(!lex.is_empty());
        // The metric label "Số hộ nghèo" is still known, the concept words are not.
        assert_eq!(correct("Số hộ nghẻo", &lex).0, "Số hộ nghèo");
        assert_eq!(correct("còn 96 hộ nghẻo", &lex).0, "còn 96 hộ nghẻo");
    }
}
