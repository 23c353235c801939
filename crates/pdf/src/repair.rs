//! Page content streams that `lopdf`'s content parser reads as empty.
//!
//! `lopdf` (and so `pdf-extract`) stops parsing a content stream at the first
//! thing it does not understand and keeps what it had. One such thing is real:
//! scanners (Canon's "% CANON_PFINF_TYPE0_TEXTON") put a comment line followed
//! by a blank line at the head of the page content, and the parser then sees
//! no operation at all — the page's invisible OCR text layer disappears.
//!
//! [`repaired`] finds pages whose content parses to more operations once
//! comments are blanked out, and returns a copy of the document whose such
//! pages point at the blanked content. [`strip_comments`] is a small lexer:
//! it leaves literal strings `( … )` (nesting and escapes), hex strings
//! `< … >` and inline image data (`ID` … `EI`) untouched.

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// A copy of `doc` with repaired page contents, or `None` when no page needs it.
pub fn repaired(doc: &Document) -> Option<Document> {
    let patches: Vec<(ObjectId, Vec<u8>)> = doc
        .get_pages()
        .into_values()
        .filter_map(|id| repair_page(doc, id).map(|c| (id, c)))
        .collect();
    if patches.is_empty() {
        return None;
    }
    let mut copy = doc.clone();
    for (page, content) in patches {
        let stream = copy.add_object(Stream::new(Dictionary::new(), content));
        if let Ok(Object::Dictionary(dict)) = copy.get_object_mut(page) {
            dict.set("Contents", Object::Reference(stream));
        }
    }
    Some(copy)
}

/// The blanked content of a page, when it parses to more operations.
fn repair_page(doc: &Document, page: ObjectId) -> Option<Vec<u8>> {
    let content = doc.get_page_content(page).ok()?;
    if !content.contains(&b'%') {
        return None;
    }
    let ops = |c: &[u8]| Content::decode(c).map_or(0, |c| c.operations.len());
    let stripped = strip_comments(&content);
    (ops(&stripped) > ops(&content)).then_some(stripped)
}

/// `content` with every comment (from `%` to the end of its line, outside
/// strings and inline image data) replaced by a space.
pub fn strip_comments(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len());
    let mut i = 0;
    while i < content.len() {
        let c = content[i];
        let end = match c {
            b'%' => {
                let end = line_end(content, i);
                out.push(b' ');
                i = end;
                continue;
            }
            b'(' => literal_end(content, i),
            b'<' if content.get(i + 1) != Some(&b'<') => hex_end(content, i),
            b'I' if is_token(content, i, b"ID") => inline_image_end(content, i),
            _ => i + 1,
        };
        out.extend_from_slice(&content[i..end]);
        i = end;
    }
    out
}

/// Index of the end-of-line byte ending the comment at `start` (or the end).
fn line_end(content: &[u8], start: usize) -> usize {
    content[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(content.len(), |p| start + p)
}

/// Index just past the literal string opening at `start`.
fn literal_end(content: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < content.len() {
        match content[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    content.len()
}

/// Index just past the hex string opening at `start`.
fn hex_end(content: &[u8], start: usize) -> usize {
    content[start..]
        .iter()
        .position(|&b| b == b'>')
        .map_or(content.len(), |p| start + p + 1)
}

/// Whether the operator `token` stands alone at `i`.
fn is_token(content: &[u8], i: usize, token: &[u8]) -> bool {
    let delimited = |b: Option<&u8>| b.is_none_or(|b| b.is_ascii_whitespace());
    content[i..].starts_with(token)
        && delimited(i.checked_sub(1).and_then(|p| content.get(p)))
        && delimited(content.get(i + token.len()))
}

/// Index just past the `EI` closing the inline image data that starts at `ID`.
fn inline_image_end(content: &[u8], start: usize) -> usize {
    let mut i = start + 2;
    while i + 2 <= content.len() {
        if is_token(content, i, b"EI") {
            return i + 2;
        }
        i += 1;
    }
    content.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_comments_outside_strings() {
        let s = b"% scanner note\n\nq 1 0 0 1 0 0 cm % trailing\n(100% sure) Tj <25> Tj Q";
        let out = strip_comments(s);
        assert_eq!(
            String::from_utf8_lossy(&out),
            " \n\nq 1 0 0 1 0 0 cm  \n(100% sure) Tj <25> Tj Q"
        );
    }

    #[test]
    fn keeps_nested_and_escaped_strings_and_inline_images() {
        let s = b"(a (b % c) \\) %) Tj\nBI /W 1 ID %\x00\xff EI\n";
        assert_eq!(strip_comments(s), s.to_vec());
    }

    #[test]
    fn leading_comment_hid_every_operation() {
        let s = b"% CANON_PFINF_TYPE0_TEXTON\n\nBT /F1 12 Tf (abc) Tj ET\n";
        let ops = |c: &[u8]| Content::decode(c).map_or(0, |c| c.operations.len());
        assert_eq!(ops(s), 0, "lopdf behaviour this module works around");
        assert_eq!(ops(&strip_comments(s)), 4);
    }

    #[test]
    fn repairs_the_real_ocr_scan() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/real/1716 QĐ thành lập HĐTĐ.pdf"
        ))
        .expect("fixture");
        let doc = Document::load_mem(&bytes).expect("pdf");
        let fixed = repaired(&doc).expect("pages repaired");
        let (_, page) = fixed.get_pages().into_iter().next().expect("page");
        let content = fixed.get_page_content(page).expect("content");
        assert!(Content::decode(&content).expect("ops").operations.len() > 100);
    }
}
