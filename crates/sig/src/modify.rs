//! What changed after the last signed revision: each later incremental
//! update is loaded next to the revision before it and the two object sets
//! are compared. Page content, page dictionaries and annotations count as
//! content changes; DSS/VRI, XMP metadata and the Info dictionary are
//! benign and not reported; anything else is reported without the content
//! flag.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::revisions::Revisions;
use crate::{Modification, SignatureInfo};

/// At most this many revisions after the last signature are compared.
const MAX_COMPARED: usize = 32;
/// Catalog keys whose change is benign.
const BENIGN_CATALOG_KEYS: &[&[u8]] = &[b"DSS", b"Metadata", b"Extensions"];

/// Loads `bytes` with lopdf, turning a panic inside the parser into an error.
pub fn load(bytes: &[u8]) -> Result<Document, String> {
    match std::panic::catch_unwind(|| Document::load_mem(bytes)) {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the PDF parser panicked".to_string()),
    }
}

/// The non-benign changes made after the last signed revision.
pub fn after_last_signature(
    bytes: &[u8],
    sigs: &[SignatureInfo],
    revs: &Revisions,
) -> Vec<Modification> {
    if sigs.is_empty() {
        return Vec::new();
    }
    let file_len = bytes.len() as u64;
    let signed_end = sigs
        .iter()
        .map(|s| s.byte_range_end)
        .filter(|&end| end <= file_len && (end == file_len || revs.is_boundary(end)))
        .max();
    let Some(signed_end) = signed_end else {
        return vec![Modification {
            revision: revs.count().max(1),
            description: "no signature's byte ranges end at a revision of this file: it was rewritten or truncated after signing".to_string(),
            changes_content: true,
        }];
    };
    let mut found = Vec::new();
    let mut previous = signed_end as usize;
    let later: Vec<usize> = (1..=revs.count())
        .filter(|&k| revs.end(k) > signed_end)
        .collect();
    for (i, &k) in later.iter().enumerate() {
        let end = revs.end(k) as usize;
        if i == MAX_COMPARED {
            found.push(Modification {
                revision: k,
                description: format!(
                    "revisions {k} to {} were not analysed (too many updates)",
                    revs.count()
                ),
                changes_content: true,
            });
            break;
        }
        found.extend(compare_revisions(&bytes[..previous], &bytes[..end], k));
        previous = end;
    }
    if bytes[previous..].iter().any(|b| !b.is_ascii_whitespace()) && later.len() <= MAX_COMPARED {
        found.push(Modification {
            revision: revs.count() + 1,
            description: format!("{} bytes follow the last %%EOF", bytes.len() - previous),
            changes_content: false,
        });
    }
    found
}

/// Describes what revision `k` (the document in `new`) changes relative to
/// the one before it (`old`).
fn compare_revisions(old: &[u8], new: &[u8], k: usize) -> Vec<Modification> {
    let (a, b) = match (load(old), load(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            return vec![Modification {
                revision: k,
                description: format!(
                    "revision {k} cannot be compared with the revision before it: {e}"
                ),
                changes_content: true,
            }]
        }
    };
    let changed = changed_objects(&a, &b);
    let mut diff = Diff {
        a: &a,
        b: &b,
        k,
        changed: &changed,
        explained: HashSet::new(),
        found: Vec::new(),
    };
    diff.pages();
    diff.remaining();
    diff.found
}

/// Ids of objects that are new in `b` or differ from `a`.
fn changed_objects(a: &Document, b: &Document) -> BTreeSet<ObjectId> {
    b.objects
        .iter()
        .filter(|(id, obj)| a.objects.get(id) != Some(obj))
        .map(|(id, _)| *id)
        .collect()
}

struct Diff<'a> {
    a: &'a Document,
    b: &'a Document,
    k: usize,
    changed: &'a BTreeSet<ObjectId>,
    explained: HashSet<ObjectId>,
    found: Vec<Modification>,
}

impl Diff<'_> {
    fn report(&mut self, description: String, changes_content: bool) {
        self.found.push(Modification {
            revision: self.k,
            description,
            changes_content,
        });
    }

    /// Page count, content streams, page dictionaries and annotations.
    fn pages(&mut self) {
        let (pa, pb) = (self.a.get_pages(), self.b.get_pages());
        if pa.len() != pb.len() {
            let text = format!(
                "revision {} changes the page count from {} to {}",
                self.k,
                pa.len(),
                pb.len()
            );
            self.report(text, true);
        }
        for (&n, &page_b) in &pb {
            let page_a = pa.get(&n).copied();
            self.explained.insert(page_b);
            self.page_content(n, page_a, page_b);
            self.page_annots(n, page_a, page_b);
            self.page_dict(n, page_a, page_b);
        }
    }

    fn page_content(&mut self, n: u32, page_a: Option<ObjectId>, page_b: ObjectId) {
        let cb = self.b.get_page_contents(page_b);
        let ca = page_a
            .map(|p| self.a.get_page_contents(p))
            .unwrap_or_default();
        let touched = cb.iter().any(|id| self.changed.contains(id));
        self.explained.extend(cb.iter().copied());
        if page_a.is_some() && (ca != cb || touched) {
            let verb = if ca != cb { "replaces" } else { "rewrites" };
            self.report(
                format!("revision {} {verb} the content stream of page {n}", self.k),
                true,
            );
        }
    }

    fn page_annots(&mut self, n: u32, page_a: Option<ObjectId>, page_b: ObjectId) {
        let before = page_a.map(|p| annots(self.a, p)).unwrap_or_default();
        let after = annots(self.b, page_b);
        let mut added = Vec::new();
        let mut modified = Vec::new();
        for (key, dict) in &after {
            self.explain_annot(key, dict);
            match before.iter().find(|(k, _)| k == key) {
                None => added.push(subtype(dict)),
                Some((_, old)) if old != dict || self.annot_changed(key) => {
                    modified.push(subtype(dict))
                }
                Some(_) => {}
            }
        }
        let removed = before
            .iter()
            .filter(|(k, _)| !after.iter().any(|(ka, _)| ka == k))
            .count();
        if !added.is_empty() {
            self.report(
                format!(
                    "revision {} adds {} on page {n}",
                    self.k,
                    count_annots(&added)
                ),
                true,
            );
        }
        if !modified.is_empty() {
            self.report(
                format!(
                    "revision {} modifies {} on page {n}",
                    self.k,
                    count_annots(&modified)
                ),
                true,
            );
        }
        if removed > 0 {
            let text = format!(
                "revision {} removes {removed} annotation{} on page {n}",
                self.k,
                plural(removed)
            );
            self.report(text, true);
        }
    }

    /// True when the annotation object or one of its appearance streams changed.
    fn annot_changed(&self, key: &AnnotKey) -> bool {
        match key {
            AnnotKey::Ref(id) => self.changed.contains(id),
            AnnotKey::Direct(_) => false,
        }
    }

    /// Marks an annotation and its appearance streams as accounted for.
    fn explain_annot(&mut self, key: &AnnotKey, dict: &Dictionary) {
        if let AnnotKey::Ref(id) = key {
            self.explained.insert(*id);
        }
        let Ok(ap) = dict.get(b"AP").and_then(|ap| self.b.dereference(ap)) else {
            return;
        };
        if let (Some(id), _) = ap {
            self.explained.insert(id);
        }
        let Ok(ap) = ap.1.as_dict() else { return };
        for (_, value) in ap.iter() {
            collect_refs(self.b, value, 2, &mut self.explained);
        }
    }

    /// Page dictionary keys other than /Annots and /Contents that changed.
    fn page_dict(&mut self, n: u32, page_a: Option<ObjectId>, page_b: ObjectId) {
        let (Some(page_a), true) = (page_a, self.changed.contains(&page_b)) else {
            return;
        };
        let (Ok(da), Ok(db)) = (self.a.get_dictionary(page_a), self.b.get_dictionary(page_b))
        else {
            return;
        };
        let keys: Vec<String> = differing_keys(da, db)
            .into_iter()
            .filter(|k| k != b"Annots" && k != b"Contents")
            .map(|k| format!("/{}", String::from_utf8_lossy(&k)))
            .collect();
        if !keys.is_empty() {
            let text = format!(
                "revision {} changes the dictionary of page {n} ({})",
                self.k,
                keys.join(", ")
            );
            self.report(text, true);
        }
    }

    /// Changed objects not accounted for by the page checks.
    fn remaining(&mut self) {
        let benign = benign_objects(self.b);
        let mut other: BTreeMap<String, usize> = BTreeMap::new();
        let ids: Vec<ObjectId> = self.changed.iter().copied().collect();
        for id in ids {
            if self.explained.contains(&id)
                || benign.contains(&id)
                || !self.a.objects.contains_key(&id)
            {
                continue;
            }
            let Some(obj) = self.b.objects.get(&id) else {
                continue;
            };
            if is_catalog(self.b, id) {
                self.catalog(id);
            } else if let Some(kind) = xobject_kind(obj) {
                let text = format!(
                    "revision {} replaces {kind} XObject {} {} R",
                    self.k, id.0, id.1
                );
                self.report(text, true);
            } else {
                *other.entry(type_name(obj)).or_default() += 1;
            }
        }
        if !other.is_empty() {
            let total: usize = other.values().sum();
            let kinds: Vec<String> = other.iter().map(|(t, n)| format!("{n} {t}")).collect();
            let text = format!(
                "revision {} modifies {total} other object{} ({})",
                self.k,
                plural(total),
                kinds.join(", ")
            );
            self.report(text, false);
        }
    }

    /// Reports catalog keys that changed beyond the benign ones.
    fn catalog(&mut self, id: ObjectId) {
        let (Ok(da), Ok(db)) = (self.a.get_dictionary(id), self.b.get_dictionary(id)) else {
            return;
        };
        let keys: Vec<String> = differing_keys(da, db)
            .into_iter()
            .filter(|k| !BENIGN_CATALOG_KEYS.contains(&k.as_slice()))
            .map(|k| format!("/{}", String::from_utf8_lossy(&k)))
            .collect();
        if !keys.is_empty() {
            let text = format!(
                "revision {} changes the document catalog ({})",
                self.k,
                keys.join(", ")
            );
            self.report(text, false);
        }
    }
}

/// How an annotation is referred to from `/Annots`.
#[derive(Debug, Clone, PartialEq)]
enum AnnotKey {
    Ref(ObjectId),
    Direct(usize),
}

/// The annotations of a page with their dictionaries.
fn annots(doc: &Document, page: ObjectId) -> Vec<(AnnotKey, Dictionary)> {
    let Ok(items) = doc
        .get_dictionary(page)
        .and_then(|d| d.get(b"Annots"))
        .and_then(|a| doc.dereference(a))
        .and_then(|(_, a)| a.as_array())
    else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let key = match item {
                Object::Reference(id) => AnnotKey::Ref(*id),
                _ => AnnotKey::Direct(i),
            };
            let dict = doc.dereference(item).ok()?.1.as_dict().ok()?.clone();
            Some((key, dict))
        })
        .collect()
}

/// "/FreeText" for an annotation dictionary.
fn subtype(dict: &Dictionary) -> String {
    match dict.get(b"Subtype") {
        Ok(Object::Name(n)) => format!("/{}", String::from_utf8_lossy(n)),
        _ => "no subtype".to_string(),
    }
}

/// "1 annotation (/FreeText)" or "3 annotations (/Ink, /Square)".
fn count_annots(subtypes: &[String]) -> String {
    let kinds: BTreeSet<&str> = subtypes.iter().map(String::as_str).collect();
    let kinds: Vec<&str> = kinds.into_iter().collect();
    format!(
        "{} annotation{} ({})",
        subtypes.len(),
        plural(subtypes.len()),
        kinds.join(", ")
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Keys whose values differ between two dictionaries (including added and removed keys).
fn differing_keys(a: &Dictionary, b: &Dictionary) -> Vec<Vec<u8>> {
    let mut keys: BTreeSet<Vec<u8>> = BTreeSet::new();
    for (k, v) in a.iter() {
        if b.get(k).ok() != Some(v) {
            keys.insert(k.clone());
        }
    }
    for (k, _) in b.iter() {
        if !a.has(k) {
            keys.insert(k.clone());
        }
    }
    keys.into_iter().collect()
}

/// Objects whose change is benign: everything reachable from the catalog's
/// /DSS or /Metadata, the Info dictionary, XMP metadata streams,
/// cross-reference and object streams.
fn benign_objects(doc: &Document) -> HashSet<ObjectId> {
    let mut benign = HashSet::new();
    if let Ok(catalog) = doc.catalog() {
        for key in [b"DSS".as_slice(), b"Metadata"] {
            if let Ok(value) = catalog.get(key) {
                collect_refs(doc, value, 6, &mut benign);
            }
        }
    }
    if let Ok(info) = doc.trailer.get(b"Info") {
        collect_refs(doc, info, 1, &mut benign);
    }
    for (id, obj) in &doc.objects {
        let kind = type_name(obj);
        if matches!(
            kind.as_str(),
            "/Metadata" | "/XRef" | "/ObjStm" | "/DSS" | "/VRI"
        ) {
            benign.insert(*id);
        }
    }
    benign
}

/// Adds every object reachable from `value` within `depth` references.
fn collect_refs(doc: &Document, value: &Object, depth: usize, out: &mut HashSet<ObjectId>) {
    match value {
        Object::Reference(id) if out.insert(*id) && depth > 0 => {
            if let Ok(obj) = doc.get_object(*id) {
                collect_refs(doc, obj, depth - 1, out);
            }
        }
        Object::Array(items) => items.iter().for_each(|o| collect_refs(doc, o, depth, out)),
        Object::Dictionary(d) => d.iter().for_each(|(_, o)| collect_refs(doc, o, depth, out)),
        Object::Stream(s) => s
            .dict
            .iter()
            .for_each(|(_, o)| collect_refs(doc, o, depth, out)),
        _ => {}
    }
}

/// True when `id` is the document catalog.
fn is_catalog(doc: &Document, id: ObjectId) -> bool {
    matches!(doc.trailer.get(b"Root"), Ok(Object::Reference(root)) if *root == id)
}

/// "an image" or "a form" for image and form XObject streams.
fn xobject_kind(obj: &Object) -> Option<&'static str> {
    let Object::Stream(s) = obj else { return None };
    match s.dict.get(b"Subtype") {
        Ok(Object::Name(n)) if n == b"Image" => Some("an image"),
        Ok(Object::Name(n)) if n == b"Form" => Some("a form"),
        _ => None,
    }
}

/// The /Type of a dictionary or stream ("/Font"), or its kind of object.
fn type_name(obj: &Object) -> String {
    let dict = match obj {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        _ => return "non-dictionary".to_string(),
    };
    match dict.get(b"Type") {
        Ok(Object::Name(n)) => format!("/{}", String::from_utf8_lossy(n)),
        _ if matches!(obj, Object::Stream(_)) => "stream".to_string(),
        _ => "dictionary".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_annotation_counts() {
        assert_eq!(
            count_annots(&["/FreeText".to_string()]),
            "1 annotation (/FreeText)"
        );
        let many = [
            "/Ink".to_string(),
            "/Square".to_string(),
            "/Ink".to_string(),
        ];
        assert_eq!(count_annots(&many), "3 annotations (/Ink, /Square)");
    }

    #[test]
    fn finds_differing_keys() {
        let mut a = Dictionary::new();
        a.set("Type", Object::Name(b"Catalog".to_vec()));
        a.set("Pages", Object::Reference((1, 0)));
        let mut b = a.clone();
        b.set("DSS", Object::Reference((9, 0)));
        b.set("Pages", Object::Reference((2, 0)));
        assert_eq!(
            differing_keys(&a, &b),
            vec![b"DSS".to_vec(), b"Pages".to_vec()]
        );
    }

    #[test]
    fn no_signatures_means_no_modifications() {
        assert!(after_last_signature(b"%PDF-1.7", &[], &Revisions::find(b"")).is_empty());
    }

    #[test]
    fn load_reports_errors() {
        assert!(load(b"%PDF-1.7 nothing").is_err());
    }
}
