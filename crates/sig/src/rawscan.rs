//! A raw byte scan for signature dictionaries, used when the cross-reference
//! structure is too broken for lopdf: every `/ByteRange` key found in the
//! file is read together with its neighbouring `/Contents`, `/SubFilter`,
//! `/M` and `/Name` keys inside the same `obj … endobj`.

use crate::revisions::{find_all, find_from};
use crate::sigdict::{decode_text, SigDict};

/// How far around a `/ByteRange` key the enclosing object is looked for.
const WINDOW: usize = 512 * 1024;
/// At most this many signature dictionaries are read from one file.
const MAX_DICTS: usize = 256;
/// A `/ByteRange` array with more entries than this is not read further.
const MAX_RANGE_ITEMS: usize = 64;

/// Finds the signature dictionaries of `bytes` without a cross-reference table.
pub fn scan(bytes: &[u8]) -> Vec<SigDict> {
    find_all(bytes, b"/ByteRange")
        .filter(|&pos| is_key_end(bytes, pos + 10))
        .take(MAX_DICTS)
        .map(|pos| read_dict_around(bytes, pos))
        .collect()
}

/// Reads the signature dictionary whose `/ByteRange` key is at `pos`.
fn read_dict_around(bytes: &[u8], pos: usize) -> SigDict {
    let (start, end) = object_bounds(bytes, pos);
    let window = &bytes[start..end];
    let mut dict = SigDict::new(String::new());
    dict.byte_range = parse_number_array(bytes, pos + 10);
    if let Some(at) = find_key(window, b"/Contents") {
        dict.contents = parse_string(window, at).unwrap_or_default();
    }
    if let Some(at) = find_key(window, b"/SubFilter") {
        dict.sub_filter = parse_name(window, at).unwrap_or_default();
    }
    if let Some(at) = find_key(window, b"/M") {
        dict.m = parse_string(window, at)
            .map(|s| decode_text(&s))
            .unwrap_or_default();
    }
    if let Some(at) = find_key(window, b"/Name") {
        dict.name = parse_string(window, at)
            .map(|s| decode_text(&s))
            .unwrap_or_default();
    }
    dict
}

/// The byte span of the `obj … endobj` around `pos`, bounded by [`WINDOW`].
fn object_bounds(bytes: &[u8], pos: usize) -> (usize, usize) {
    let lo = pos.saturating_sub(WINDOW);
    let start = bytes[lo..pos]
        .windows(3)
        .rposition(|w| w == b"obj")
        .map_or(lo, |p| lo + p + 3);
    let hi = (pos + WINDOW).min(bytes.len());
    let end = find_from(&bytes[..hi], b"endobj", pos).unwrap_or(hi);
    (start, end)
}

/// Offset just after `key` in `window`, when the key is followed by a delimiter.
fn find_key(window: &[u8], key: &[u8]) -> Option<usize> {
    find_all(window, key)
        .map(|p| p + key.len())
        .find(|&end| is_key_end(window, end))
}

/// True when a name ending at `end` is not a prefix of a longer name.
fn is_key_end(bytes: &[u8], end: usize) -> bool {
    bytes
        .get(end)
        .is_none_or(|&b| is_delimiter(b) || is_space(b))
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// Skips white space and comments from `pos`.
fn skip_space(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(&b) = bytes.get(pos) {
        if is_space(b) {
            pos += 1;
        } else if b == b'%' {
            while bytes.get(pos).is_some_and(|&c| c != b'\n' && c != b'\r') {
                pos += 1;
            }
        } else {
            break;
        }
    }
    pos
}

/// Parses `[n n n n]` at `pos`; every item must be an integer fitting `i64`.
pub fn parse_number_array(bytes: &[u8], pos: usize) -> Result<Vec<i64>, String> {
    let mut pos = skip_space(bytes, pos);
    if bytes.get(pos) != Some(&b'[') {
        return Err("/ByteRange is not an array".to_string());
    }
    pos += 1;
    let mut items = Vec::new();
    loop {
        pos = skip_space(bytes, pos);
        match bytes.get(pos) {
            Some(b']') => return Ok(items),
            None => return Err("/ByteRange array is not closed".to_string()),
            Some(_) if items.len() >= MAX_RANGE_ITEMS => {
                return Err("/ByteRange array is too long".to_string())
            }
            Some(_) => {
                let (token, next) = token_at(bytes, pos);
                let text = String::from_utf8_lossy(token);
                let n = text
                    .parse::<i64>()
                    .map_err(|_| format!("/ByteRange item {text:?} is not an integer"))?;
                items.push(n);
                pos = next.max(pos + 1);
            }
        }
    }
}

/// The regular-character token at `pos` and the offset after it.
fn token_at(bytes: &[u8], pos: usize) -> (&[u8], usize) {
    let len = bytes[pos..]
        .iter()
        .take_while(|&&b| !is_space(b) && !is_delimiter(b))
        .count();
    (&bytes[pos..pos + len], pos + len)
}

/// Parses a name (`/Foo`) at `pos`, returning it without the slash.
fn parse_name(bytes: &[u8], pos: usize) -> Option<String> {
    let pos = skip_space(bytes, pos);
    if bytes.get(pos) != Some(&b'/') {
        return None;
    }
    let (token, _) = token_at(bytes, pos + 1);
    Some(String::from_utf8_lossy(token).into_owned())
}

/// Parses a hexadecimal or literal string at `pos`.
fn parse_string(bytes: &[u8], pos: usize) -> Option<Vec<u8>> {
    let pos = skip_space(bytes, pos);
    match bytes.get(pos)? {
        b'<' => parse_hex(bytes, pos + 1).map(|(s, _)| s),
        b'(' => parse_literal(bytes, pos + 1),
        _ => None,
    }
}

/// Decodes hex digits from `pos` up to the closing `>`; returns the bytes and
/// the offset just after `>`. White space is allowed, anything else is not.
pub fn parse_hex(bytes: &[u8], pos: usize) -> Option<(Vec<u8>, usize)> {
    let mut out = Vec::new();
    let mut high: Option<u8> = None;
    for (i, &b) in bytes.get(pos..)?.iter().enumerate() {
        let nibble = match b {
            b'>' => {
                if let Some(h) = high {
                    out.push(h << 4);
                }
                return Some((out, pos + i + 1));
            }
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ if is_space(b) => continue,
            _ => return None,
        };
        match high.take() {
            Some(h) => out.push(h << 4 | nibble),
            None => high = Some(nibble),
        }
    }
    None
}

/// Decodes a literal string body from `pos` (just after `(`).
fn parse_literal(bytes: &[u8], pos: usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut depth = 1usize;
    let mut iter = bytes.get(pos..)?.iter().copied().peekable();
    while let Some(b) = iter.next() {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(out);
                }
            }
            b'\\' => {
                let e = iter.next()?;
                let decoded = match e {
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'b' => 8,
                    b'f' => 12,
                    b'0'..=b'7' => {
                        let mut v = u32::from(e - b'0');
                        for _ in 0..2 {
                            match iter.peek() {
                                Some(&d @ b'0'..=b'7') => {
                                    v = v * 8 + u32::from(d - b'0');
                                    iter.next();
                                }
                                _ => break,
                            }
                        }
                        v as u8
                    }
                    b'\r' | b'\n' => continue,
                    other => other,
                };
                out.push(decoded);
                continue;
            }
            _ => {}
        }
        out.push(b);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const DICT: &[u8] = b"5 0 obj\n<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/adbe.pkcs7.detached\
/M(D:20250101000000+07'00')/Name(Nguy\\351n)/ByteRange [0 10 30 5]/Contents <30 8A\n0>>>\nendobj";

    #[test]
    fn scans_a_dictionary() {
        let found = scan(DICT);
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert_eq!(d.byte_range, Ok(vec![0, 10, 30, 5]));
        assert_eq!(d.contents, vec![0x30, 0x8A, 0x00]);
        assert_eq!(d.sub_filter, "adbe.pkcs7.detached");
        assert_eq!(d.m, "D:20250101000000+07'00'");
        assert_eq!(d.name, "Nguyén");
    }

    #[test]
    fn rejects_bad_byte_ranges() {
        assert!(parse_number_array(b" [0 1.5 2 3]", 0).is_err());
        assert!(parse_number_array(b" [0 1 2 99999999999999999999]", 0).is_err());
        assert!(parse_number_array(b" [0 1 2", 0).is_err());
        assert!(parse_number_array(b" 12", 0).is_err());
        assert_eq!(parse_number_array(b"[0 -1 2 3]", 0), Ok(vec![0, -1, 2, 3]));
        let long = format!("[{}]", "1 ".repeat(100));
        assert!(parse_number_array(long.as_bytes(), 0).is_err());
    }

    #[test]
    fn parses_strings() {
        assert_eq!(parse_hex(b"4A 4>x", 0), Some((vec![0x4A, 0x40], 5)));
        assert_eq!(parse_hex(b"4Z>", 0), None);
        assert_eq!(parse_hex(b"4A", 0), None);
        assert_eq!(parse_literal(b"a(b)c\\)d)", 0), Some(b"a(b)c)d".to_vec()));
        assert_eq!(parse_literal(b"unterminated", 0), None);
        assert_eq!(parse_name(b" /Foo/Bar", 0), Some("Foo".to_string()));
    }

    #[test]
    fn ignores_longer_keys() {
        assert_eq!(find_key(b"/MDP 1 /M (x)", b"/M"), Some(9));
        assert!(scan(b"/ByteRangeX [0 1 2 3]").is_empty());
    }
}
