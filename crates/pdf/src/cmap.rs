//! A forgiving reader of `ToUnicode` CMaps.
//!
//! A `ToUnicode` stream maps character codes to Unicode with three sections:
//! `begincodespacerange` (how long codes are), `beginbfchar` (one code → one
//! string) and `beginbfrange` (a range of codes → an incrementing string, or
//! an array of strings). Real files get the PostScript around those sections
//! wrong (pdfFactory writes `/CMapName //BADEPR+.VnTimeH,Bold def`), so
//! [`CMap::parse`] ignores everything but the three sections, reads their
//! hex strings with the content lexer ([`crate::ops`]) and never fails: a
//! malformed entry is skipped. Sizes are bounded ([`MAX_ENTRIES`],
//! [`MAX_RANGE`]).

use std::collections::HashMap;

use lopdf::Object;

use crate::ops;

/// Most `bfchar` entries and array items kept.
pub const MAX_ENTRIES: usize = 200_000;
/// Longest `bfrange` honoured (codes); longer ones are skipped.
pub const MAX_RANGE: u32 = 65_536;

/// A code range of the code space: codes of `len` bytes from `lo` to `hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeSpace {
    pub len: usize,
    pub lo: u32,
    pub hi: u32,
}

/// A parsed `ToUnicode` map.
#[derive(Debug, Clone, Default)]
pub struct CMap {
    pub spaces: Vec<CodeSpace>,
    /// `(code length in bytes, code)` → text.
    chars: HashMap<(usize, u32), String>,
    /// Incrementing ranges: codes `lo..=hi` of `len` bytes map to `start`
    /// with its last UTF-16 unit increased by `code - lo`.
    ranges: Vec<(usize, u32, u32, Vec<u16>)>,
}

impl CMap {
    /// Parse a CMap program; whatever cannot be read is left out.
    pub fn parse(program: &[u8]) -> CMap {
        let mut map = CMap::default();
        for op in ops::parse(program) {
            match op.operator.as_str() {
                "endcodespacerange" => map.code_spaces(&op.operands),
                "endbfchar" => map.bf_chars(&op.operands),
                "endbfrange" => map.bf_ranges(&op.operands),
                _ => {}
            }
        }
        map
    }

    /// Whether the map holds no mapping at all.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.ranges.is_empty()
    }

    /// The text of code `code` of `len` bytes, if mapped.
    pub fn get(&self, len: usize, code: u32) -> Option<String> {
        if let Some(s) = self.chars.get(&(len, code)) {
            return Some(s.clone());
        }
        self.ranges
            .iter()
            .find(|(l, lo, hi, _)| *l == len && (*lo..=*hi).contains(&code))
            .map(|(_, lo, _, start)| {
                let mut units = start.clone();
                if let Some(last) = units.last_mut() {
                    *last = last.wrapping_add((code - lo) as u16);
                }
                utf16(&units)
            })
    }

    fn code_spaces(&mut self, operands: &[Object]) {
        for pair in operands.chunks(2) {
            if let [Object::String(lo, _), Object::String(hi, _)] = pair {
                if let (Some(l), Some(h)) = (code(lo), code(hi)) {
                    if lo.len() == hi.len() && l <= h {
                        self.spaces.push(CodeSpace {
                            len: lo.len(),
                            lo: l,
                            hi: h,
                        });
                    }
                }
            }
        }
    }

    fn bf_chars(&mut self, operands: &[Object]) {
        for pair in operands.chunks(2) {
            if self.chars.len() >= MAX_ENTRIES {
                return;
            }
            if let [Object::String(src, _), dst] = pair {
                if let (Some(c), Some(text)) = (code(src), target(dst)) {
                    self.chars.insert((src.len(), c), text);
                }
            }
        }
    }

    fn bf_ranges(&mut self, operands: &[Object]) {
        for triple in operands.chunks(3) {
            let [Object::String(lo, _), Object::String(hi, _), dst] = triple else {
                continue;
            };
            let (Some(l), Some(h)) = (code(lo), code(hi)) else {
                continue;
            };
            if l > h || h - l >= MAX_RANGE || lo.len() != hi.len() {
                continue;
            }
            match dst {
                Object::String(start, _) => {
                    self.ranges.push((lo.len(), l, h, units(start)));
                }
                Object::Array(items) => {
                    for (k, item) in items.iter().enumerate().take((h - l + 1) as usize) {
                        if self.chars.len() >= MAX_ENTRIES {
                            return;
                        }
                        if let Some(text) = target(item) {
                            self.chars.insert((lo.len(), l + k as u32), text);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// A code of one to four bytes, big-endian.
fn code(bytes: &[u8]) -> Option<u32> {
    (1..=4)
        .contains(&bytes.len())
        .then(|| bytes.iter().fold(0u32, |v, &b| v << 8 | u32::from(b)))
}

/// The text of a `bfchar` destination: a UTF-16BE hex string, or a glyph
/// name (rare; kept only when it is a `uniXXXX` name).
fn target(obj: &Object) -> Option<String> {
    match obj {
        Object::String(s, _) => Some(utf16(&units(s))),
        Object::Name(n) => crate::textfont::glyph_name_char(n).map(String::from),
        _ => None,
    }
}

/// Big-endian UTF-16 code units of `bytes` (an odd last byte is dropped).
fn units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks_exact(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]))
        .collect()
}

/// Decode UTF-16, unpaired surrogates dropped.
fn utf16(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .filter_map(Result::ok)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The head of a real pdfFactory map (2006-1E499), malformed PostScript included.
    const PDFFACTORY: &str = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        /CIDSystemInfo\n<<\n/Registry (/BADEPR+.VnTimeH,Bold) /Ordering (/BADEPR+.VnTimeH,Bold) /Supplement 0\n>> def\n\
        /CMapName //BADEPR+.VnTimeH,Bold def\n/CMapType 2 def\n\
        1 begincodespacerange <20> <60> endcodespacerange\n\
        3 beginbfchar\n<20> <0043>\n<21> <0068>\n<22> <00DD>\nendbfchar\n\
        endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn reads_a_malformed_pdffactory_map() {
        let m = CMap::parse(PDFFACTORY.as_bytes());
        assert_eq!(
            m.spaces,
            vec![CodeSpace {
                len: 1,
                lo: 0x20,
                hi: 0x60
            }]
        );
        assert_eq!(m.get(1, 0x20).as_deref(), Some("C"));
        assert_eq!(m.get(1, 0x22).as_deref(), Some("Ý"));
        assert_eq!(m.get(1, 0x23), None);
        assert_eq!(m.get(2, 0x20), None);
    }

    #[test]
    fn ranges_arrays_and_surrogates() {
        let m = CMap::parse(
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              3 beginbfrange <0010> <0012> <0061> <0020> <0021> [<1ED9> <00660069>]\n\
              <0030> <0030> <D835DC00> endbfrange",
        );
        assert_eq!(m.get(2, 0x10).as_deref(), Some("a"));
        assert_eq!(m.get(2, 0x12).as_deref(), Some("c"));
        assert_eq!(m.get(2, 0x13), None);
        assert_eq!(m.get(2, 0x20).as_deref(), Some("ộ"));
        assert_eq!(m.get(2, 0x21).as_deref(), Some("fi"));
        assert_eq!(m.get(2, 0x30).as_deref(), Some("𝐀"));
    }

    #[test]
    fn garbage_gives_an_empty_map() {
        for junk in [
            &b""[..],
            b"endbfchar <01>",
            b"beginbfrange <00> <FFFFFFFF> <0041> endbfrange",
        ] {
            let m = CMap::parse(junk);
            assert!(m.is_empty(), "{:?}", String::from_utf8_lossy(junk));
        }
    }
}
