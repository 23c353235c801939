//! Opening PDFs whose cross-reference data is broken.
//!
//! A file whose xref offsets are wrong, whose `startxref` points nowhere or
//! that has no xref table at all does not load in `lopdf`, while readers
//! such as poppler rebuild the table by scanning the file for `N G obj`
//! headers. [`rebuild`] does the same: it finds every object header (the
//! last definition of a number wins, as with incremental updates), takes
//! `/Root`, `/Encrypt`, `/Info` and `/ID` from the last trailer (or xref
//! stream) that names a root — else the object that is a `/Catalog` — and
//! appends a fresh xref table and trailer to a copy of the bytes.
//!
//! The copy is only ever used to read text; signatures are always checked on
//! the original bytes. [`open`] is [`crate::probe`] with this second chance
//! for files it calls corrupt.

use std::collections::BTreeMap;

use crate::probe::{probe, FileKind, ProbeError};

/// Highest object number accepted in a rebuilt table.
const MAX_OBJECT_NUMBER: u32 = 8_000_000;
/// How far after `trailer` (or `/Type /XRef`) its dictionary is looked for.
const TRAILER_WINDOW: usize = 4096;

/// [`probe`], and when it finds the file corrupt, a second try on a copy
/// with a rebuilt cross-reference table. The first error is returned when
/// the rebuilt copy does not load either.
pub fn open(bytes: &[u8]) -> Result<FileKind, ProbeError> {
    open_document(bytes).map(|opened| opened.kind)
}

/// What [`open_document`] opened.
#[derive(Debug)]
pub struct Opened {
    pub kind: FileKind,
    /// Whether the document was parsed from a copy with a rebuilt
    /// cross-reference table (then its objects are not where the file's
    /// bytes have them: signatures must be read from the bytes).
    pub rebuilt: bool,
}

/// [`open`], telling whether the cross-reference table was rebuilt.
pub fn open_document(bytes: &[u8]) -> Result<Opened, ProbeError> {
    match probe(bytes) {
        Err(ProbeError::Corrupt(why)) => rebuild(bytes)
            .and_then(|fixed| probe(&fixed).ok())
            .map(|kind| Opened {
                kind,
                rebuilt: true,
            })
            .ok_or(ProbeError::Corrupt(why)),
        other => other.map(|kind| Opened {
            kind,
            rebuilt: false,
        }),
    }
}

/// A copy of `bytes` with a new xref table and trailer appended, or `None`
/// when no object or no root can be found.
pub fn rebuild(bytes: &[u8]) -> Option<Vec<u8>> {
    let objects = object_offsets(bytes);
    if objects.is_empty() {
        return None;
    }
    let trailer = trailer_entries(bytes).or_else(|| catalog(bytes, &objects))?;
    let size = objects.keys().next_back().map_or(1, |n| n + 1);
    let mut out = bytes.to_vec();
    out.extend_from_slice(b"\n");
    let xref_at = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n").as_bytes());
    for n in 0..size {
        let line = match objects.get(&n) {
            Some((offset, gen)) => format!("{offset:010} {gen:05} n \n"),
            None => "0000000000 65535 f \n".to_string(),
        };
        out.extend_from_slice(line.as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} {trailer} >>\nstartxref\n{xref_at}\n%%EOF\n").as_bytes(),
    );
    Some(out)
}

/// Offset and generation of every `N G obj` header, the last one winning.
fn object_offsets(bytes: &[u8]) -> BTreeMap<u32, (usize, u32)> {
    let mut out = BTreeMap::new();
    let mut from = 0;
    while let Some(p) = find(bytes, from, b"obj") {
        from = p + 3;
        let after_ok = bytes.get(p + 3).is_none_or(|b| !b.is_ascii_alphanumeric());
        if !after_ok {
            continue;
        }
        if let Some((start, num, gen)) = header_before(bytes, p) {
            if num <= MAX_OBJECT_NUMBER {
                out.insert(num, (start, gen));
            }
        }
    }
    out
}

/// Read `N G ` backwards from the `obj` at `p`: start offset, number, generation.
fn header_before(bytes: &[u8], p: usize) -> Option<(usize, u32, u32)> {
    let (gen, before_gen) = number_before(bytes, skip_space_back(bytes, p)?)?;
    let (num, start) = number_before(bytes, skip_space_back(bytes, before_gen)?)?;
    let boundary = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
    boundary.then_some((start, num, gen))
}

/// Index just after the last non-space byte before `end`, requiring at
/// least one space.
fn skip_space_back(bytes: &[u8], end: usize) -> Option<usize> {
    let mut i = end;
    while i > 0 && bytes[i - 1].is_ascii_whitespace() {
        i -= 1;
    }
    (i < end).then_some(i)
}

/// The decimal number ending at `end`, and where it starts.
fn number_before(bytes: &[u8], end: usize) -> Option<(u32, usize)> {
    let mut i = end;
    while i > 0 && bytes[i - 1].is_ascii_digit() && end - i < 10 {
        i -= 1;
    }
    let n = std::str::from_utf8(&bytes[i..end]).ok()?.parse().ok()?;
    Some((n, i))
}

/// `/Root`, `/Encrypt`, `/Info` and `/ID` of the last trailer dictionary
/// (classic `trailer` or an xref stream's) that names a root, as text.
fn trailer_entries(bytes: &[u8]) -> Option<String> {
    let mut found = None;
    for marker in [&b"trailer"[..], b"/XRef"] {
        let mut from = 0;
        while let Some(p) = find(bytes, from, marker) {
            from = p + marker.len();
            let window = &bytes[p..(p + TRAILER_WINDOW).min(bytes.len())];
            let text = String::from_utf8_lossy(window);
            if let Some(root) = reference_after(&text, "/Root") {
                let mut entries = format!("/Root {root}");
                for key in ["/Encrypt", "/Info"] {
                    if let Some(r) = reference_after(&text, key) {
                        entries.push_str(&format!(" {key} {r}"));
                    }
                }
                if let Some(id) = id_array(&text) {
                    entries.push_str(&format!(" /ID {id}"));
                }
                found = Some((p, entries));
            }
        }
    }
    let mut all: Vec<_> = found.into_iter().collect();
    all.sort_by_key(|(p, _)| *p);
    all.pop().map(|(_, e)| e)
}

/// `N G R` right after `key` in `text` (the first occurrence).
fn reference_after(text: &str, key: &str) -> Option<String> {
    let at = text.find(key)? + key.len();
    let mut parts = text[at..].split_whitespace();
    let (n, g, r) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(n) && digits(g) && r.starts_with('R')).then(|| format!("{n} {g} R"))
}

/// The `/ID [<…> <…>]` array in `text`.
fn id_array(text: &str) -> Option<String> {
    let at = text.find("/ID")? + 3;
    let rest = text[at..].trim_start();
    let end = rest.strip_prefix('[')?.find(']')?;
    Some(rest[..end + 2].to_string())
}

/// A root from the object that is a `/Catalog`, for files with no trailer.
fn catalog(bytes: &[u8], objects: &BTreeMap<u32, (usize, u32)>) -> Option<String> {
    objects.iter().rev().find_map(|(n, (offset, gen))| {
        let body = &bytes[*offset..];
        let end = find(body, 0, b"endobj")
            .unwrap_or(body.len())
            .min(TRAILER_WINDOW);
        let text = String::from_utf8_lossy(&body[..end]).replace(char::is_whitespace, "");
        text.contains("/Type/Catalog")
            .then(|| format!("/Root {n} {gen} R"))
    })
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "BT /F1 12 Tf 72 700 Td (Hello) Tj ET";

    /// A one-page PDF with a correct xref table.
    fn good() -> Vec<u8> {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".into(),
            format!("<< /Length {} >>\nstream\n{BODY}\nendstream", BODY.len()),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
        }
        let xref = out.len();
        out.extend(b"xref\n0 5\n0000000000 65535 f \n");
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").bytes());
        }
        out.extend(
            format!("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").bytes(),
        );
        out
    }

    fn pages(bytes: &[u8]) -> usize {
        match open(bytes) {
            Ok(FileKind::Pdf(doc)) => doc.get_pages().len(),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn wrong_offsets_are_rebuilt() {
        let good = String::from_utf8(good()).unwrap();
        let xref = good.find("xref\n").unwrap();
        let broken = good
            .replace(&format!("startxref\n{xref}"), "startxref\n999999")
            .replace("0000000009 00000 n", "0000000019 00000 n");
        let bytes = broken.as_bytes();
        assert!(matches!(probe(bytes), Err(ProbeError::Corrupt(_))));
        assert_eq!(pages(bytes), 1);
    }

    #[test]
    fn no_xref_and_no_trailer_use_the_catalog() {
        let bytes = good();
        let xref = find(&bytes, 0, b"xref\n").unwrap();
        assert_eq!(pages(&bytes[..xref]), 1);
    }

    #[test]
    fn headers_are_found_backwards() {
        let s = b"junk 12 0 obj << >> endobj\r\n7\r\n3 obj x1 0 obj";
        let got = object_offsets(s);
        assert_eq!(got.get(&12), Some(&(5, 0)));
        assert_eq!(got.get(&7), Some(&(28, 3)));
        assert!(!got.contains_key(&1), "x1 0 obj is not a header");
    }

    #[test]
    fn hopeless_files_keep_their_first_error() {
        assert!(matches!(
            open(b"%PDF-1.4\nnothing here"),
            Err(ProbeError::Corrupt(_))
        ));
        assert!(matches!(open(b""), Err(ProbeError::Empty)));
    }

    #[test]
    fn trailer_entries_are_kept() {
        let t = "trailer\n<< /Size 9 /Root 1 0 R /Info 5 0 R /ID [<AB> <CD>] >>";
        assert_eq!(
            trailer_entries(t.as_bytes()).as_deref(),
            Some("/Root 1 0 R /Info 5 0 R /ID [<AB> <CD>]")
        );
    }
}
