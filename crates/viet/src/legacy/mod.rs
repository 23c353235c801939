//! Legacy Vietnamese 8-bit encodings: TCVN3 (ABC) and VNI-Windows.
//!
//! Older documents were typed with fonts such as `.VnTime` (TCVN3) or
//! `VNI-Times` (VNI) that put Vietnamese letters in the Latin-1 byte slots.
//! A PDF text extractor reads those bytes as cp1252/Latin-1, so `Báo cáo`
//! arrives as `B¸o c¸o` (TCVN3) or `Baùo caùo` (VNI). This module turns such
//! text back into Unicode (NFC, precomposed letters; run [`crate::normalize`]
//! afterwards for canonical tones), names the encoding of a font, and
//! [`detect`]s the encoding of a run of text from its content.
//!
//! * TCVN3 maps one byte to one letter; its table has no upper-case toned
//!   letters because capitals are set in the "H" fonts (`.VnTimeH`), whose
//!   lower-case slots draw capitals: decode those runs with
//!   [`decode_tcvn3_caps`]. PDF producers emit U+2212 (minus sign) for byte
//!   0xAD (`ư`) and U+2219 (bullet operator) for 0xB7 (`ã`); both are decoded
//!   when next to a letter, so a minus between digits stays.
//! * VNI writes a base letter followed by one or two mark bytes (`aù` = `á`,
//!   `oä` = `ộ`, `ôù` = `ớ`); a few letters are single bytes (`ñ` = `đ`,
//!   `ô` = `ơ`, `ö` = `ư`, `í` = `í`).

mod detect;
mod tables;

pub use detect::{detect, Detection, MARGIN, MIN_SCORE};

use tables::{TCVN3, VNI};

/// A legacy Vietnamese encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum LegacyEncoding {
    /// TCVN 5712:1993 "VN3" / ABC, fonts `.VnTime`, `.VnArial`, …
    Tcvn3,
    /// VNI-Windows, fonts `VNI-Times`, `VNI-Helve`, …
    Vni,
}

impl LegacyEncoding {
    /// Decode `s` from this encoding (lower-case TCVN3 fonts).
    pub fn decode(self, s: &str) -> String {
        match self {
            LegacyEncoding::Tcvn3 => decode_tcvn3(s),
            LegacyEncoding::Vni => decode_vni(s),
        }
    }
}

/// The Unicode letter of one TCVN3 character (cp1252 reading), if mapped.
fn tcvn3_char(c: char) -> Option<char> {
    if !('\u{A0}'..='\u{FF}').contains(&c) {
        return None;
    }
    TCVN3
        .binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .map(|i| TCVN3[i].1)
}

/// Whether `c` is a letter once decoded from TCVN3.
fn tcvn3_letterish(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphabetic() || tcvn3_char(c).is_some_and(char::is_alphabetic))
}

/// Decode text whose characters are the cp1252/Latin-1 reading of TCVN3
/// bytes: `"B¸o c¸o tæng kÕt"` → `"Báo cáo tổng kết"`. U+2212 and U+2219
/// next to a letter become `ư` and `ã`. Other characters pass through.
pub fn decode_tcvn3(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    let mut prev = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let quirk = match c {
            '\u{2212}' => Some('ư'),
            '\u{2219}' => Some('ã'),
            _ => None,
        };
        let decoded = match quirk {
            Some(q) if tcvn3_letterish(prev) || tcvn3_letterish(next) => q,
            Some(_) => c,
            None => tcvn3_char(c).unwrap_or(c),
        };
        out.push(decoded);
        prev = Some(c);
    }
    out
}

/// Decode a run set in a TCVN3 capitals font (`.VnTimeH`): like
/// [`decode_tcvn3`], then upper-cased (`"b¸o c¸o"` → `"BÁO CÁO"`).
pub fn decode_tcvn3_caps(s: &str) -> String {
    decode_tcvn3(s).to_uppercase()
}

/// Whether `c` can be a VNI mark byte (cp1252 reading), either case.
fn is_vni_mark(c: char) -> bool {
    matches!(
        c.to_lowercase().next(),
        Some(
            'ø' | 'ù'
                | 'â'
                | 'õ'
                | 'ê'
                | 'ï'
                | 'û'
                | 'á'
                | 'à'
                | 'å'
                | 'ã'
                | 'ä'
                | 'é'
                | 'è'
                | 'ú'
                | 'ü'
                | 'ë'
        )
    )
}

/// The letter written by VNI base `base` + mark `mark`. The case of the
/// result follows the base (`Aù` and `AÙ` both give `Á`).
fn vni_pair(base: char, mark: char) -> Option<char> {
    let lower_base = base.to_lowercase().next()?;
    let lower_mark = mark.to_lowercase().next()?;
    let letter = VNI.iter().find_map(|&(u, seq)| {
        let mut cs = seq.chars();
        (cs.next() == Some(lower_base) && cs.next() == Some(lower_mark) && cs.next().is_none())
            .then_some(u)
    })?;
    if base.is_uppercase() {
        letter.to_uppercase().next()
    } else {
        Some(letter)
    }
}

/// The letter written by one VNI character alone (`ñ` = `đ`, `Ô` = `Ơ`).
fn vni_single(c: char) -> Option<char> {
    if c.is_ascii() {
        return None;
    }
    VNI.iter().find_map(|&(u, seq)| {
        let mut cs = seq.chars();
        (cs.next() == Some(c) && cs.next().is_none()).then_some(u)
    })
}

/// Decode VNI-Windows text (cp1252 reading) to NFC Unicode:
/// `"Baùo caùo toång keát"` → `"Báo cáo tổng kết"`.
pub fn decode_vni(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(&m) = chars.peek() {
            if is_vni_mark(m) {
                if let Some(letter) = vni_pair(c, m) {
                    chars.next();
                    out.push(letter);
                    continue;
                }
            }
        }
        out.push(vni_single(c).unwrap_or(c));
    }
    out
}

/// The legacy encoding of a PDF font, and whether it is a capitals ("H")
/// font: `".VnTime"`, `"ABCDEF+.VnArial,Bold"` → TCVN3; `".VnTimeH"` → TCVN3
/// capitals; `"VNI-Times"`, `"VNI-Helve-Bold"` → VNI. The subset prefix
/// (six capitals and `+`) and `#20` escapes are handled; the leading dot of
/// TCVN3 names is optional because some producers drop it.
pub fn encoding_from_font_name(name: &str) -> Option<(LegacyEncoding, bool)> {
    let name = strip_subset_prefix(name).replace("#20", " ");
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("vni-") || lower.starts_with("vni ") || lower.starts_with("vni_") {
        return Some((LegacyEncoding::Vni, false));
    }
    let family = name.strip_prefix('.').unwrap_or(&name);
    let tcvn3_family = family
        .get(..2)
        .is_some_and(|p| p.eq_ignore_ascii_case("vn"))
        && family[2..].starts_with(|c: char| c.is_ascii_uppercase())
        && !lower.starts_with("vni");
    if !tcvn3_family {
        return None;
    }
    let caps = family_stem(family).ends_with('H');
    Some((LegacyEncoding::Tcvn3, caps))
}

/// `name` without a PDF subset prefix such as `ABCDEF+`.
fn strip_subset_prefix(name: &str) -> &str {
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    }
}

/// A font family without style suffixes: `VnTimeH,BoldItalic` → `VnTimeH`,
/// `VnArialH-Bold` → `VnArialH`, `VnTimeHBold` → `VnTimeH`.
fn family_stem(family: &str) -> &str {
    let mut stem = family.split([',', '-']).next().unwrap_or(family).trim_end();
    for suffix in [
        "BoldItalic",
        "Italic",
        "Bold",
        "Oblique",
        "Regular",
        "MT",
        "PS",
    ] {
        if let Some(s) = stem.strip_suffix(suffix) {
            stem = s;
        }
    }
    stem
}

/// Test-only encoders built from the same tables, to produce legacy text.
#[cfg(test)]
pub(crate) mod encode {
    use super::tables::{TCVN3, VNI};

    /// Encode NFC text to TCVN3 (cp1252 reading). Upper-case toned letters
    /// have no TCVN3 slot and are written lower-case; with `pdf_quirks`, `ư`
    /// and `ã` come out as U+2212 and U+2219 like real PDFs give them.
    pub(crate) fn tcvn3(s: &str, pdf_quirks: bool) -> String {
        s.chars()
            .map(|c| {
                let find = |c: char| TCVN3.iter().find(|&&(_, u)| u == c).map(|&(b, _)| b);
                match (c, pdf_quirks) {
                    ('ư', true) => '\u{2212}',
                    ('ã', true) => '\u{2219}',
                    _ if c.is_ascii() || c == '\u{a0}' => c,
                    _ => find(c)
                        .or_else(|| c.to_lowercase().next().and_then(find))
                        .unwrap_or(c),
                }
            })
            .collect()
    }

    /// Encode NFC text to VNI (cp1252 reading).
    pub(crate) fn vni(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match VNI.iter().find(|&&(u, _)| u == c) {
                Some((_, seq)) => out.push_str(seq),
                None => out.push(c),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_real_strings() {
        assert_eq!(decode_tcvn3("B¸o c¸o tæng kÕt"), "Báo cáo tổng kết");
        assert_eq!(decode_tcvn3("triÖu ®ång"), "triệu đồng");
        assert_eq!(
            decode_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam"),
            "Cộng hoà xã hội chủ nghĩa Việt Nam"
        );
        assert_eq!(
            decode_tcvn3("§éc lËp - Tù do - H¹nh phóc"),
            "Độc lập - Tự do - Hạnh phúc"
        );
    }

    #[test]
    fn tcvn3_pdf_quirks() {
        assert_eq!(decode_tcvn3("ng\u{2212}êi"), "người");
        assert_eq!(decode_tcvn3("®\u{2212}îc"), "được");
        assert_eq!(decode_tcvn3("x\u{2219} héi"), "xã hội");
        assert_eq!(
            decode_tcvn3("5 \u{2212} 3 = 2; 5\u{2212}3"),
            "5 \u{2212} 3 = 2; 5\u{2212}3"
        );
        assert_eq!(decode_tcvn3("a \u{2219} b"), "a \u{2219} b");
    }

    #[test]
    fn tcvn3_caps_font() {
        assert_eq!(decode_tcvn3_caps("b¸o c¸o"), "BÁO CÁO");
        assert_eq!(decode_tcvn3_caps("ñy ban nh©n d©n"), "ỦY BAN NHÂN DÂN");
    }

    #[test]
    fn tcvn3_leaves_ascii_alone() {
        let s = "Report 2024: 12.5% (ok)";
        assert_eq!(decode_tcvn3(s), s);
    }

    #[test]
    fn vni_real_strings() {
        assert_eq!(decode_vni("Baùo caùo toång keát"), "Báo cáo tổng kết");
        assert_eq!(
            decode_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"),
            "Cộng hòa xã hội chủ nghĩa Việt Nam"
        );
        assert_eq!(decode_vni("ngöôøi ñöôïc"), "người được");
        assert_eq!(decode_vni("COÄNG HOØA"), "CỘNG HÒA");
        assert_eq!(decode_vni("ÑOÄC LAÄP"), "ĐỘC LẬP");
    }

    #[test]
    fn encoders_round_trip_through_decoders() {
        let s = "Hướng dẫn một số nội dung về góp vốn thành lập quỹ bảo lãnh tín dụng";
        assert_eq!(decode_tcvn3(&encode::tcvn3(s, false)), s);
        assert_eq!(decode_tcvn3(&encode::tcvn3(s, true)), s);
        assert_eq!(decode_vni(&encode::vni(s)), s);
        let caps = "ỦY BAN NHÂN DÂN PHƯỜNG";
        assert_eq!(decode_vni(&encode::vni(caps)), caps);
    }

    #[test]
    fn every_table_letter_round_trips() {
        for &(u, _) in VNI.iter() {
            let s = u.to_string();
            assert_eq!(decode_vni(&encode::vni(&s)), s);
        }
        for &(_, u) in TCVN3.iter() {
            let s = u.to_string();
            assert_eq!(decode_tcvn3(&encode::tcvn3(&s, false)), s);
        }
    }

    #[test]
    fn font_names() {
        let t = Some((LegacyEncoding::Tcvn3, false));
        let th = Some((LegacyEncoding::Tcvn3, true));
        let v = Some((LegacyEncoding::Vni, false));
        assert_eq!(encoding_from_font_name(".VnTime"), t);
        assert_eq!(encoding_from_font_name(".VnArial"), t);
        assert_eq!(encoding_from_font_name("ABCDEF+.VnTime,Bold"), t);
        assert_eq!(encoding_from_font_name(".VnTimeH"), th);
        assert_eq!(encoding_from_font_name("QWERTY+.VnArialH,BoldItalic"), th);
        assert_eq!(encoding_from_font_name("VnTimeH-Bold"), th);
        assert_eq!(encoding_from_font_name(".VnCentury#20SchoolbookH"), th);
        assert_eq!(encoding_from_font_name("VNI-Times"), v);
        assert_eq!(encoding_from_font_name("ABCDEF+VNI-Helve-Bold"), v);
        assert_eq!(encoding_from_font_name("TimesNewRomanPSMT"), None);
        assert_eq!(encoding_from_font_name("ABCDEF+Arial-BoldMT"), None);
        assert_eq!(encoding_from_font_name("Vni"), None);
    }
}
