//! Incremental updates appended to a real signed file: content and
//! annotation changes are reported, DSS-only updates are benign.

use std::path::Path;

use baocao_sig::{read_signatures, Verdict};
use lopdf::{dictionary, Document, IncrementalDocument, Object, Stream};

/// The fixture has two revisions (the original and the signature's update).
const BASE_REVISIONS: usize = 2;

fn signed_fixture() -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/real");
    std::fs::read(dir.join("58_CD-VPCP_10012026_1-signed.pdf")).unwrap()
}

/// Appends an incremental update built by `edit` to `bytes`.
fn append_update(bytes: &[u8], edit: impl FnOnce(&mut IncrementalDocument)) -> Vec<u8> {
    let doc = Document::load_mem(bytes).unwrap();
    let mut inc = IncrementalDocument::create_from(bytes.to_vec(), doc);
    edit(&mut inc);
    let mut out = Vec::new();
    inc.save_to(&mut out).unwrap();
    out
}

fn first_page(inc: &IncrementalDocument) -> lopdf::ObjectId {
    inc.get_prev_documents().get_pages()[&1]
}

/// The page's /Annots items, resolving an indirect array.
fn page_annots(inc: &IncrementalDocument, page: lopdf::ObjectId) -> Vec<Object> {
    let prev = inc.get_prev_documents();
    let dict = prev.get_dictionary(page).unwrap();
    match dict.get(b"Annots") {
        Ok(a) => prev.dereference(a).unwrap().1.as_array().unwrap().clone(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn untouched_fixture_has_no_modifications() {
    let report = read_signatures(&signed_fixture()).unwrap();
    assert_eq!(report.revisions, BASE_REVISIONS);
    assert_eq!(report.signatures.len(), 1);
    assert!(report.signatures[0].covers_whole_file);
    assert!(report.after_last_signature.is_empty());
}

#[test]
fn added_free_text_annotation_is_reported() {
    let original = signed_fixture();
    let updated = append_update(&original, |inc| {
        let page = first_page(inc);
        let mut annots = page_annots(inc, page);
        inc.opt_clone_object_to_new_document(page).unwrap();
        let annot = inc.new_document.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "FreeText",
            "Rect" => vec![10.into(), 10.into(), 200.into(), 40.into()],
            "Contents" => Object::string_literal("Đã sửa"),
        });
        annots.push(Object::Reference(annot));
        let dict = inc
            .new_document
            .get_object_mut(page)
            .unwrap()
            .as_dict_mut()
            .unwrap();
        dict.set("Annots", annots);
    });
    let report = read_signatures(&updated).unwrap();
    assert_eq!(report.revisions, BASE_REVISIONS + 1);
    let sig = &report.signatures[0];
    assert_eq!(sig.digest_ok, Verdict::True, "{}", sig.message);
    assert!(
        !sig.covers_whole_file,
        "the last signature no longer reaches the end of the file"
    );
    assert!(sig.message.contains("goes on"), "{}", sig.message);
    assert_eq!(sig.revision, BASE_REVISIONS);
    let mods = &report.after_last_signature;
    assert_eq!(mods.len(), 1, "{mods:?}");
    assert_eq!(
        mods[0].description,
        "revision 3 adds 1 annotation (/FreeText) on page 1"
    );
    assert!(mods[0].changes_content);
    assert_eq!(mods[0].revision, BASE_REVISIONS + 1);
}

#[test]
fn replaced_content_stream_is_reported() {
    let original = signed_fixture();
    let updated = append_update(&original, |inc| {
        let page = first_page(inc);
        inc.opt_clone_object_to_new_document(page).unwrap();
        let content = inc.new_document.add_object(Stream::new(
            dictionary! {},
            b"BT /F1 12 Tf (forged) Tj ET".to_vec(),
        ));
        let dict = inc
            .new_document
            .get_object_mut(page)
            .unwrap()
            .as_dict_mut()
            .unwrap();
        dict.set("Contents", Object::Reference(content));
    });
    let report = read_signatures(&updated).unwrap();
    let mods = &report.after_last_signature;
    assert!(
        mods.iter().any(
            |m| m.description == "revision 3 replaces the content stream of page 1"
                && m.changes_content
        ),
        "{mods:?}"
    );
}

#[test]
fn dss_only_update_is_benign() {
    let original = signed_fixture();
    let updated = append_update(&original, |inc| {
        let root = match inc.get_prev_documents().trailer.get(b"Root").unwrap() {
            Object::Reference(id) => *id,
            other => panic!("root is {other:?}"),
        };
        inc.opt_clone_object_to_new_document(root).unwrap();
        let cert = inc
            .new_document
            .add_object(Stream::new(dictionary! {}, vec![0x30, 0x00]));
        let vri = inc
            .new_document
            .add_object(dictionary! { "Type" => "VRI", "Cert" => vec![Object::Reference(cert)] });
        let dss = inc.new_document.add_object(dictionary! {
            "Type" => "DSS",
            "Certs" => vec![Object::Reference(cert)],
            "VRI" => dictionary! { "ABCDEF" => Object::Reference(vri) },
        });
        let catalog = inc
            .new_document
            .get_object_mut(root)
            .unwrap()
            .as_dict_mut()
            .unwrap();
        catalog.set("DSS", Object::Reference(dss));
    });
    let report = read_signatures(&updated).unwrap();
    assert_eq!(report.revisions, BASE_REVISIONS + 1);
    assert!(
        report.after_last_signature.is_empty(),
        "{:?}",
        report.after_last_signature
    );
}

#[test]
fn trailing_garbage_is_reported() {
    let mut bytes = signed_fixture();
    bytes.extend_from_slice(b"\nsomething appended without an xref\n");
    let report = read_signatures(&bytes).unwrap();
    let sig = &report.signatures[0];
    assert_eq!(sig.digest_ok, Verdict::True);
    assert!(!sig.covers_whole_file, "bytes follow the last signature");
    assert_eq!(report.after_last_signature.len(), 1);
    assert!(!report.after_last_signature[0].changes_content);
}
