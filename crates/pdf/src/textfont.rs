//! Fonts as the fallback extractor needs them: how a string splits into
//! character codes, what text each code stands for, and how far it advances.
//!
//! * **codes**: the code space of the font's `ToUnicode` map when it has one;
//!   otherwise one byte for simple fonts and two for Type0 fonts;
//! * **text**: `ToUnicode` first (forgiving reader, [`crate::cmap`]), then
//!   for simple fonts the `/Encoding` (a base encoding and `/Differences`
//!   glyph names, `uniXXXX` included), defaulting to WinAnsi — which is what
//!   TCVN3 and VNI fonts need: their bytes are then decoded by the legacy
//!   stage from the font's coding ([`FontCoding`]); Type0 fonts with a
//!   `UCS2`/`UTF16` CMap give their codes as UTF-16;
//! * **advance**: `/Widths` (simple), `/W` and `/DW` (Type0), scaled by the
//!   `/FontMatrix` for Type3; when a font has no widths, an estimate
//!   (half an em, a quarter for the space).
//!
//! A font that is missing or unreadable becomes [`TextFont::unknown`]: WinAnsi
//! text and estimated widths, so a page never loses its text to its fonts.
//! The base encodings and standard glyph names come from `lopdf`'s tables.

use std::sync::OnceLock;

use lopdf::{Dictionary, Document, Object};

use crate::cmap::{CMap, CodeSpace};
use crate::fonts::FontCoding;

/// Estimated advance of a glyph of a font without widths, in em.
pub const ESTIMATED_WIDTH: f32 = 0.5;
/// Estimated advance of the space.
const ESTIMATED_SPACE: f32 = 0.25;
/// Most `/W` entries read.
const MAX_WIDTH_ENTRIES: usize = 100_000;

/// A 256-entry code → character table of a simple font.
type Table = [Option<char>; 256];

/// Where advances come from.
#[derive(Debug, Clone)]
enum Widths {
    /// `/FirstChar` and `/Widths`, with `/MissingWidth`, in glyph units.
    Simple {
        first: u32,
        widths: Vec<f32>,
        missing: f32,
    },
    /// `/W` ranges `(first, last, width)` and `/DW`, in glyph units.
    Cid {
        ranges: Vec<(u32, u32, f32)>,
        default: f32,
    },
    /// No widths in the file: estimated from the character
    /// ([`estimated_width`]); every glyph alike for a monospaced font.
    Estimate { monospaced: bool },
}

/// How codes become text besides `ToUnicode`.
#[derive(Debug, Clone)]
enum Kind {
    Simple(Box<Table>),
    /// Type0 whose CMap's codes are UTF-16 (`UniGB-UCS2-H`…).
    Utf16,
    /// Other Type0: no text without `ToUnicode`.
    Composite,
}

/// A font ready for decoding strings.
#[derive(Debug, Clone)]
pub struct TextFont {
    /// The coding its name announces (TCVN3, VNI, other).
    pub coding: FontCoding,
    kind: Kind,
    to_unicode: Option<CMap>,
    spaces: Vec<CodeSpace>,
    widths: Widths,
    /// Glyph units → text space (0.001, or the Type3 `/FontMatrix`).
    scale: f32,
}

impl TextFont {
    /// A font for a missing or unreadable font dictionary.
    pub fn unknown() -> TextFont {
        TextFont {
            coding: FontCoding::Other,
            kind: Kind::Simple(Box::new(*base_table(b"WinAnsiEncoding"))),
            to_unicode: None,
            spaces: vec![one_byte()],
            widths: Widths::Estimate { monospaced: false },
            scale: 0.001,
        }
    }

    /// Read a font dictionary; what cannot be read falls back to defaults.
    pub fn load(doc: &Document, dict: &Dictionary) -> TextFont {
        let base = name(doc, dict, b"BaseFont").unwrap_or_default();
        let subtype = name(doc, dict, b"Subtype").unwrap_or_default();
        let to_unicode = get(doc, dict, b"ToUnicode")
            .and_then(|o| o.as_stream().ok())
            .map(|s| CMap::parse(&crate::streams::decoded(s)))
            .filter(|m| !m.is_empty());
        let composite = subtype == "Type0";
        let (kind, widths) = if composite {
            (composite_kind(doc, dict), cid_widths(doc, dict))
        } else {
            (
                Kind::Simple(Box::new(simple_table(doc, dict))),
                simple_widths(doc, dict),
            )
        };
        let spaces = match to_unicode.as_ref().map(|m| m.spaces.clone()) {
            Some(s) if !s.is_empty() => s,
            _ if composite => vec![two_bytes()],
            _ => vec![one_byte()],
        };
        let scale = if subtype == "Type3" {
            type3_scale(doc, dict)
        } else {
            0.001
        };
        TextFont {
            coding: FontCoding::from_base_font(&base),
            kind,
            to_unicode,
            spaces,
            widths,
            scale,
        }
    }

    /// Split a shown string into `(code, length in bytes)`.
    pub fn codes(&self, bytes: &[u8]) -> Vec<(u32, usize)> {
        let shortest = self.spaces.iter().map(|s| s.len).min().unwrap_or(1);
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let len = (1..=4)
                .find(|&len| {
                    bytes.get(i..i + len).is_some_and(|b| {
                        let c = be(b);
                        self.spaces
                            .iter()
                            .any(|s| s.len == len && (s.lo..=s.hi).contains(&c))
                    })
                })
                .unwrap_or(shortest)
                .min(bytes.len() - i);
            out.push((be(&bytes[i..i + len]), len));
            i += len;
        }
        out
    }

    /// The text code `code` of `len` bytes stands for (may be empty).
    pub fn text(&self, code: u32, len: usize) -> String {
        if let Some(s) = self.to_unicode.as_ref().and_then(|m| m.get(len, code)) {
            return s;
        }
        match &self.kind {
            Kind::Simple(table) if len == 1 => table[code as usize & 0xff]
                .map(String::from)
                .unwrap_or_default(),
            Kind::Utf16 => char::from_u32(code).map(String::from).unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// Advance of code `code`, in text space units per unit of font size.
    pub fn advance(&self, code: u32, len: usize) -> f32 {
        let glyph_units = match &self.widths {
            Widths::Simple {
                first,
                widths,
                missing,
            } => code
                .checked_sub(*first)
                .and_then(|i| widths.get(i as usize))
                .copied()
                .unwrap_or(*missing),
            Widths::Cid { ranges, default } => ranges
                .iter()
                .find(|(lo, hi, _)| (*lo..=*hi).contains(&code))
                .map_or(*default, |r| r.2),
            Widths::Estimate { monospaced: true } => return MONOSPACED_WIDTH,
            Widths::Estimate { monospaced: false } => {
                return estimated_width(&self.text(code, len));
            }
        };
        let w = glyph_units * self.scale;
        if w.is_finite() {
            w.clamp(-10.0, 10.0)
        } else {
            ESTIMATED_WIDTH
        }
    }

    /// Whether the code is the single-byte space that word spacing applies to.
    pub fn is_space(&self, code: u32, len: usize) -> bool {
        len == 1 && code == 32
    }
}

fn one_byte() -> CodeSpace {
    CodeSpace {
        len: 1,
        lo: 0,
        hi: 0xff,
    }
}

fn two_bytes() -> CodeSpace {
    CodeSpace {
        len: 2,
        lo: 0,
        hi: 0xffff,
    }
}

fn be(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |v, &b| v << 8 | u32::from(b))
}

/// `dict[key]`, following references.
fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let obj = dict.get(key).ok()?;
    doc.dereference(obj).ok().map(|(_, o)| o)
}

fn name(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<String> {
    get(doc, dict, key)
        .and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

fn number(obj: &Object) -> Option<f32> {
    match obj {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// The code → character table of a simple font: base encoding, then
/// `/Differences`.
fn simple_table(doc: &Document, dict: &Dictionary) -> Table {
    let encoding = get(doc, dict, b"Encoding");
    let base_name = match encoding {
        Some(Object::Name(n)) => Some(n.as_slice()),
        Some(Object::Dictionary(d)) => d.get(b"BaseEncoding").ok().and_then(|o| o.as_name().ok()),
        _ => None,
    };
    let mut table = *base_table(base_name.unwrap_or(b"WinAnsiEncoding"));
    if let Some(Object::Dictionary(d)) = encoding {
        if let Some(diffs) = get(doc, d, b"Differences").and_then(|o| o.as_array().ok()) {
            apply_differences(&mut table, diffs);
        }
    }
    table
}

/// Apply a `/Differences` array: a code, then glyph names for it and the
/// codes after it. Unknown names leave the base entry.
fn apply_differences(table: &mut Table, diffs: &[Object]) {
    let mut code: i64 = 0;
    for item in diffs {
        match item {
            Object::Integer(c) => code = *c,
            Object::Name(n) => {
                if let (Ok(i), Some(c)) = (usize::try_from(code), glyph_name_char(n)) {
                    if let Some(slot) = table.get_mut(i) {
                        *slot = Some(c);
                    }
                }
                code += 1;
            }
            _ => {}
        }
    }
}

/// The table of a base encoding by name (WinAnsi for unknown names).
fn base_table(name: &[u8]) -> &'static Table {
    static TABLES: OnceLock<[Table; 4]> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        [
            b"WinAnsiEncoding".as_slice(),
            b"MacRomanEncoding",
            b"StandardEncoding",
            b"PDFDocEncoding",
        ]
        .map(lopdf_table)
    });
    let i = match name {
        b"MacRomanEncoding" => 1,
        b"StandardEncoding" => 2,
        b"PDFDocEncoding" => 3,
        _ => 0,
    };
    &tables[i]
}

/// A base encoding's table, read through `lopdf`'s font-encoding code.
fn lopdf_table(name: &[u8]) -> Table {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Font".to_vec()));
    dict.set("Encoding", Object::Name(name.to_vec()));
    let doc = Document::new();
    let mut table = [None; 256];
    if let Ok(enc) = dict.get_font_encoding(&doc) {
        for (b, slot) in table.iter_mut().enumerate() {
            *slot = enc
                .bytes_to_string(&[b as u8])
                .ok()
                .and_then(|s| s.chars().next());
        }
    }
    table
}

/// The character a glyph name stands for: `uniXXXX`, `uXXXX[XX]`, or a
/// standard name (`egrave`, `Ohorn`) from `lopdf`'s glyph list.
pub fn glyph_name_char(name: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(name).ok()?;
    let hex = |h: &str| u32::from_str_radix(h, 16).ok().and_then(char::from_u32);
    if let Some(h) = s.strip_prefix("uni").filter(|h| h.len() >= 4) {
        return hex(h.get(..4)?);
    }
    if let Some(h) = s.strip_prefix('u').filter(|h| (4..=6).contains(&h.len())) {
        if let Some(c) = hex(h) {
            return Some(c);
        }
    }
    standard_glyph(name)
}

/// A standard glyph name's character, through a one-entry `/Differences`
/// at code 0 (which no base encoding maps): text only when `lopdf` knows the name.
fn standard_glyph(name: &[u8]) -> Option<char> {
    let mut enc = Dictionary::new();
    enc.set("Type", Object::Name(b"Encoding".to_vec()));
    enc.set(
        "Differences",
        Object::Array(vec![Object::Integer(0), Object::Name(name.to_vec())]),
    );
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Font".to_vec()));
    dict.set("Encoding", Object::Dictionary(enc));
    let doc = Document::new();
    let enc = dict.get_font_encoding(&doc).ok()?;
    enc.bytes_to_string(&[0]).ok()?.chars().next()
}

/// Advance of every glyph of a monospaced font without widths (Courier's).
const MONOSPACED_WIDTH: f32 = 0.6;

/// A rough advance, in em, for a character of a proportional font without
/// widths, by the character's shape: narrow letters and punctuation, wide
/// letters, capitals, the rest. Close enough that a word set in one show
/// does not run into the next word's start.
pub fn estimated_width(text: &str) -> f32 {
    let Some(c) = text.chars().next() else {
        return ESTIMATED_WIDTH;
    };
    let base = unicode_base(c);
    match base {
        ' ' => ESTIMATED_SPACE,
        'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.28,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.35,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.8,
        '0'..='9' => 0.5,
        _ if base.is_uppercase() => 0.68,
        _ => 0.48,
    }
}

/// The base letter of a precomposed Vietnamese or Latin letter (`ộ` → `o`).
fn unicode_base(c: char) -> char {
    let mut base = c;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if base == c {
            base = d;
        }
    });
    match base {
        'đ' => 'd',
        'Đ' => 'D',
        other => other,
    }
}

/// Whether a font without widths is monospaced, by its name or flags.
fn monospaced(doc: &Document, dict: &Dictionary) -> bool {
    let name = name(doc, dict, b"BaseFont").unwrap_or_default();
    let fixed_flag = get(doc, dict, b"FontDescriptor")
        .and_then(|o| o.as_dict().ok())
        .and_then(|d| get(doc, d, b"Flags"))
        .and_then(|o| o.as_i64().ok())
        .is_some_and(|f| f & 1 == 1);
    fixed_flag || name.contains("Courier") || name.contains("Mono")
}

fn simple_widths(doc: &Document, dict: &Dictionary) -> Widths {
    let Some(widths) = get(doc, dict, b"Widths").and_then(|o| o.as_array().ok()) else {
        return Widths::Estimate {
            monospaced: monospaced(doc, dict),
        };
    };
    let first = get(doc, dict, b"FirstChar")
        .and_then(number)
        .filter(|f| (0.0..=65535.0).contains(f))
        .unwrap_or(0.0) as u32;
    let missing = get(doc, dict, b"FontDescriptor")
        .and_then(|o| o.as_dict().ok())
        .and_then(|d| get(doc, d, b"MissingWidth"))
        .and_then(number)
        .unwrap_or(ESTIMATED_WIDTH * 1000.0);
    let widths = widths
        .iter()
        .take(MAX_WIDTH_ENTRIES)
        .map(|w| {
            doc.dereference(w)
                .ok()
                .and_then(|(_, o)| number(o))
                .unwrap_or(missing)
        })
        .collect();
    Widths::Simple {
        first,
        widths,
        missing,
    }
}

/// The descendant CIDFont of a Type0 font.
fn descendant<'a>(doc: &'a Document, dict: &'a Dictionary) -> Option<&'a Dictionary> {
    let arr = get(doc, dict, b"DescendantFonts")?.as_array().ok()?;
    let (_, first) = doc.dereference(arr.first()?).ok()?;
    first.as_dict().ok()
}

fn cid_widths(doc: &Document, dict: &Dictionary) -> Widths {
    let Some(cid) = descendant(doc, dict) else {
        return Widths::Estimate { monospaced: false };
    };
    let default = get(doc, cid, b"DW").and_then(number).unwrap_or(1000.0);
    let mut ranges = Vec::new();
    if let Some(w) = get(doc, cid, b"W").and_then(|o| o.as_array().ok()) {
        read_w(doc, w, &mut ranges);
    }
    Widths::Cid { ranges, default }
}

/// Read a `/W` array: `c [w1 w2 …]` and `c_first c_last w` entries.
fn read_w(doc: &Document, w: &[Object], ranges: &mut Vec<(u32, u32, f32)>) {
    let deref = |o: &Object| doc.dereference(o).ok().map(|(_, o)| o.clone());
    let items: Vec<Object> = w.iter().take(MAX_WIDTH_ENTRIES).filter_map(deref).collect();
    let mut i = 0;
    while i + 1 < items.len() && ranges.len() < MAX_WIDTH_ENTRIES {
        let Some(first) = number(&items[i]).map(|f| f.max(0.0) as u32) else {
            i += 1;
            continue;
        };
        match &items[i + 1] {
            Object::Array(ws) => {
                for (k, wv) in ws.iter().enumerate() {
                    if let Some(wv) = number(wv) {
                        let c = first.saturating_add(k as u32);
                        ranges.push((c, c, wv));
                    }
                }
                i += 2;
            }
            last => {
                let last = number(last).map(|f| f.max(0.0) as u32);
                let wv = items.get(i + 2).and_then(number);
                if let (Some(last), Some(wv)) = (last, wv) {
                    ranges.push((first, last, wv));
                }
                i += 3;
            }
        }
    }
}

/// How a Type0 font's codes give text without `ToUnicode`.
fn composite_kind(doc: &Document, dict: &Dictionary) -> Kind {
    match name(doc, dict, b"Encoding") {
        Some(n) if n.contains("UCS2") || n.contains("UTF16") => Kind::Utf16,
        _ => Kind::Composite,
    }
}

/// The horizontal scale of a Type3 `/FontMatrix` (0.001 when absent).
fn type3_scale(doc: &Document, dict: &Dictionary) -> f32 {
    get(doc, dict, b"FontMatrix")
        .and_then(|o| o.as_array().ok())
        .and_then(|m| m.first())
        .and_then(number)
        .filter(|a| a.is_finite() && *a != 0.0)
        .unwrap_or(0.001)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn font(entries: &[(&str, Object)]) -> Dictionary {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Font".to_vec()));
        for (k, v) in entries {
            d.set(k.as_bytes(), v.clone());
        }
        d
    }

    fn n(s: &str) -> Object {
        Object::Name(s.as_bytes().to_vec())
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_char(b"uni1ED9"), Some('ộ'));
        assert_eq!(glyph_name_char(b"u1EDD"), Some('ờ'));
        assert_eq!(glyph_name_char(b"egrave"), Some('è'));
        assert_eq!(glyph_name_char(b"Ohorn"), Some('Ơ'));
        assert_eq!(glyph_name_char(b"A"), Some('A'));
        assert_eq!(glyph_name_char(b"g123"), None);
        assert_eq!(glyph_name_char(b"uniZZZZ"), None);
    }

    #[test]
    fn winansi_by_default_and_differences() {
        let doc = Document::new();
        let plain = TextFont::load(&doc, &font(&[("Subtype", n("TrueType"))]));
        // A TCVN3 font's bytes read as cp1252, for the legacy stage to decode.
        assert_eq!(plain.text(0xe9, 1), "é");
        assert_eq!(plain.text(0x80, 1), "€");
        let mut enc = Dictionary::new();
        enc.set(
            "Differences",
            Object::Array(vec![
                Object::Integer(128),
                n("uni1ED9"),
                n("egrave"),
                n("no-such-glyph"),
            ]),
        );
        let f = TextFont::load(
            &doc,
            &font(&[
                ("Subtype", n("Type1")),
                ("Encoding", Object::Dictionary(enc)),
            ]),
        );
        assert_eq!(f.text(128, 1), "ộ");
        assert_eq!(f.text(129, 1), "è");
        assert_eq!(f.text(0x41, 1), "A");
    }

    #[test]
    fn widths_simple_cid_and_estimated() {
        let doc = Document::new();
        let f = TextFont::load(
            &doc,
            &font(&[
                ("Subtype", n("TrueType")),
                ("FirstChar", Object::Integer(65)),
                (
                    "Widths",
                    Object::Array(vec![Object::Integer(600), Object::Real(250.0)]),
                ),
            ]),
        );
        assert_eq!(f.advance(65, 1), 0.6);
        assert_eq!(f.advance(66, 1), 0.25);
        assert_eq!(f.advance(90, 1), ESTIMATED_WIDTH);
        let unknown = TextFont::unknown();
        assert_eq!(unknown.advance(32, 1), ESTIMATED_SPACE);
        assert_eq!(unknown.advance(u32::from(b'i'), 1), 0.28);
        assert_eq!(estimated_width("Ổ"), 0.68);
        assert_eq!(estimated_width("ờ"), 0.48);
        let courier = TextFont::load(
            &doc,
            &font(&[("Subtype", n("Type1")), ("BaseFont", n("Courier"))]),
        );
        assert_eq!(courier.advance(u32::from(b'i'), 1), MONOSPACED_WIDTH);
        let mut ranges = Vec::new();
        let w = [
            Object::Integer(1),
            Object::Array(vec![Object::Integer(500), Object::Integer(700)]),
            Object::Integer(10),
            Object::Integer(20),
            Object::Integer(300),
            Object::Name(b"junk".to_vec()),
        ];
        read_w(&doc, &w, &mut ranges);
        assert_eq!(ranges, vec![(1, 1, 500.0), (2, 2, 700.0), (10, 20, 300.0)]);
    }

    #[test]
    fn type0_codes_are_two_bytes() {
        let doc = Document::new();
        let f = TextFont::load(
            &doc,
            &font(&[("Subtype", n("Type0")), ("Encoding", n("UniGB-UCS2-H"))]),
        );
        assert_eq!(f.codes(&[0x1e, 0xd9, 0x00]), vec![(0x1ed9, 2), (0, 1)]);
        assert_eq!(f.text(0x1ed9, 2), "ộ");
    }
}
