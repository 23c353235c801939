//! Whether a page shows a picture: an image XObject in its resources (or in
//! those of a Form XObject it uses, a few levels deep), or an inline image
//! in its content. The text stage OCRs a page without text only when it
//! shows one (or has no letters at all): a born-digital page with a few
//! words — a signer's name under the signature stamps — is a short page,
//! not a scan.

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::streams;

/// How deep Form XObjects are followed.
const MAX_DEPTH: usize = 4;
/// Most XObjects looked at on one page.
const MAX_XOBJECTS: usize = 256;

/// Whether page `page` of `doc` shows an image.
pub fn shows_image(doc: &Document, page: ObjectId) -> bool {
    let Ok((own, inherited)) = doc.get_page_resources(page) else {
        return false;
    };
    let mut budget = MAX_XOBJECTS;
    let resources = own.into_iter().chain(
        inherited
            .iter()
            .filter_map(|id| doc.get_dictionary(*id).ok()),
    );
    for r in resources {
        if has_image(doc, r, 0, &mut budget) {
            return true;
        }
    }
    doc.get_page_contents(page)
        .into_iter()
        .filter_map(|id| doc.get_object(id).and_then(Object::as_stream).ok())
        .any(|s| has_inline_image(&streams::decoded(s)))
}

/// Whether a resource dictionary names an image XObject, directly or
/// through a Form XObject.
fn has_image(doc: &Document, resources: &Dictionary, depth: usize, budget: &mut usize) -> bool {
    let Ok(xobjects) = resources
        .get(b"XObject")
        .and_then(|o| deref(doc, o).as_dict())
    else {
        return false;
    };
    for (_, x) in xobjects.iter() {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let Ok(stream) = deref(doc, x).as_stream() else {
            continue;
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => return true,
            Ok(b"Form") if depth < MAX_DEPTH => {
                let inner = stream
                    .dict
                    .get(b"Resources")
                    .and_then(|o| deref(doc, o).as_dict());
                if inner.is_ok_and(|r| has_image(doc, r, depth + 1, budget)) {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

/// Whether content holds the inline-image operator `BI` (as a token).
fn has_inline_image(content: &[u8]) -> bool {
    content
        .windows(4)
        .any(|w| w[0].is_ascii_whitespace() && &w[1..3] == b"BI" && w[3].is_ascii_whitespace())
        || content.starts_with(b"BI ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FileKind;

    fn first_page(path: &str) -> bool {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let bytes = std::fs::read(root.join(path)).unwrap();
        let FileKind::Pdf(doc) = crate::open(&bytes).unwrap();
        let (_, id) = doc.get_pages().into_iter().next().unwrap();
        shows_image(&doc, id)
    }

    #[test]
    fn scans_show_images_born_digital_pages_do_not() {
        assert!(first_page("tests/fixtures/bad/scanned-image-only.pdf"));
        assert!(first_page(
            "tests/fixtures/scans/phong-dien-634-tilt12-1bit.pdf"
        ));
        assert!(!first_page("corpus/phuong-kim-tra/569-BC-UBND.pdf"));
    }

    #[test]
    fn inline_images_are_found_as_tokens() {
        assert!(has_inline_image(
            b"q 10 0 0 10 0 0 cm\nBI /W 1 /H 1 ID x EI Q"
        ));
        assert!(!has_inline_image(b"BT (BIG) Tj ET"));
    }
}
