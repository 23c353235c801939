//! Signature fields found through lopdf: the AcroForm field tree and, for
//! files whose signature widgets are not listed there, every page's
//! `/Annots`.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::sigdict::{decode_text, SigDict};

/// Depth limit for `/Kids` and `/Parent` chains (hostile files loop).
const MAX_DEPTH: usize = 32;
/// At most this many fields are visited.
const MAX_FIELDS: usize = 10_000;

/// Every signature field with a value, as read from `doc`, in no particular order.
pub fn signature_dicts(doc: &Document) -> Vec<SigDict> {
    let mut walk = Walk {
        doc,
        seen_fields: HashSet::new(),
        seen_values: HashSet::new(),
        found: Vec::new(),
    };
    if let Some(fields) = acroform_fields(doc) {
        for field in fields {
            walk.field(field, "", None, 0);
        }
    }
    for page in doc.get_pages().into_values() {
        for annot in page_annots(doc, page) {
            walk.widget(annot);
        }
    }
    walk.found
}

/// The `/Fields` array of the catalog's `/AcroForm`.
fn acroform_fields(doc: &Document) -> Option<&Vec<Object>> {
    let form = doc.catalog().ok()?.get(b"AcroForm").ok()?;
    let form = doc.dereference(form).ok()?.1.as_dict().ok()?;
    let fields = form.get(b"Fields").ok()?;
    doc.dereference(fields).ok()?.1.as_array().ok()
}

/// The `/Annots` entries of page `page`.
fn page_annots(doc: &Document, page: ObjectId) -> Vec<&Object> {
    let Ok(dict) = doc.get_dictionary(page) else {
        return Vec::new();
    };
    let Ok(annots) = dict.get(b"Annots") else {
        return Vec::new();
    };
    match doc.dereference(annots).map(|(_, o)| o.as_array()) {
        Ok(Ok(items)) => items.iter().collect(),
        _ => Vec::new(),
    }
}

struct Walk<'a> {
    doc: &'a Document,
    seen_fields: HashSet<ObjectId>,
    seen_values: HashSet<ObjectId>,
    found: Vec<SigDict>,
}

impl<'a> Walk<'a> {
    /// Visits one node of the field tree.
    fn field(
        &mut self,
        node: &'a Object,
        parent_name: &str,
        parent_ft: Option<&[u8]>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH || self.seen_fields.len() >= MAX_FIELDS {
            return;
        }
        let Ok((id, obj)) = self.doc.dereference(node) else {
            return;
        };
        if let Some(id) = id {
            if !self.seen_fields.insert(id) {
                return;
            }
        }
        let Ok(dict) = obj.as_dict() else {
            return;
        };
        let name = join_name(parent_name, partial_name(dict).as_deref());
        let ft = name_value(dict, b"FT").or(parent_ft);
        if ft == Some(b"Sig".as_slice()) {
            self.value(dict, &name);
        }
        if let Ok(Object::Array(kids)) = dict
            .get(b"Kids")
            .and_then(|k| self.doc.dereference(k).map(|(_, o)| o))
        {
            for kid in kids {
                self.field(kid, &name, ft, depth + 1);
            }
        }
    }

    /// Visits a page annotation that may be a signature widget not reached
    /// through the field tree.
    fn widget(&mut self, node: &'a Object) {
        let Ok((id, obj)) = self.doc.dereference(node) else {
            return;
        };
        if id.is_some_and(|id| self.seen_fields.contains(&id)) {
            return;
        }
        let Ok(dict) = obj.as_dict() else {
            return;
        };
        let chain = self.parent_chain(dict);
        let is_sig = chain.iter().find_map(|d| name_value(d, b"FT")) == Some(b"Sig".as_slice());
        let holder = chain.iter().find(|d| d.has(b"V"));
        if let (true, Some(holder)) = (is_sig, holder) {
            let name = chain
                .iter()
                .rev()
                .filter_map(|d| partial_name(d))
                .fold(String::new(), |acc, part| join_name(&acc, Some(&part)));
            self.value(holder, &name);
        }
    }

    /// `dict` followed by its `/Parent` ancestors.
    fn parent_chain(&self, dict: &'a Dictionary) -> Vec<&'a Dictionary> {
        let mut chain = vec![dict];
        let mut current = dict;
        while chain.len() <= MAX_DEPTH {
            let parent = current
                .get(b"Parent")
                .and_then(|p| self.doc.dereference(p))
                .and_then(|(_, o)| o.as_dict());
            match parent {
                Ok(p) if !chain.iter().any(|c| std::ptr::eq(*c, p)) => {
                    chain.push(p);
                    current = p;
                }
                _ => break,
            }
        }
        chain
    }

    /// Records the signature dictionary in `/V` of a signature field.
    fn value(&mut self, field: &Dictionary, name: &str) {
        let Ok(v) = field.get(b"V") else {
            return;
        };
        let Ok((id, obj)) = self.doc.dereference(v) else {
            return;
        };
        if let Some(id) = id {
            if !self.seen_values.insert(id) {
                return;
            }
        }
        if let Ok(dict) = obj.as_dict() {
            self.found.push(read_sig_dict(dict, name));
        }
    }
}

/// Reads the keys this crate uses from a signature dictionary.
fn read_sig_dict(dict: &Dictionary, field: &str) -> SigDict {
    let mut sig = SigDict::new(field.to_string());
    sig.byte_range = match dict.get(b"ByteRange") {
        Ok(Object::Array(items)) => byte_range_items(items),
        Ok(_) => Err("/ByteRange is not a direct array".to_string()),
        Err(_) => Err("the signature dictionary has no /ByteRange".to_string()),
    };
    if let Ok(Object::String(bytes, _)) = dict.get(b"Contents") {
        sig.contents = bytes.clone();
    }
    sig.sub_filter = name_value(dict, b"SubFilter")
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    sig.name = string_value(dict, b"Name").unwrap_or_default();
    sig.m = string_value(dict, b"M").unwrap_or_default();
    sig
}

/// `/ByteRange` items, which must all be integers.
fn byte_range_items(items: &[Object]) -> Result<Vec<i64>, String> {
    items
        .iter()
        .map(|item| match item {
            Object::Integer(n) => Ok(*n),
            other => Err(format!("/ByteRange item {other:?} is not an integer")),
        })
        .collect()
}

/// The value of name key `key`, without the slash.
fn name_value<'d>(dict: &'d Dictionary, key: &[u8]) -> Option<&'d [u8]> {
    match dict.get(key).ok()? {
        Object::Name(n) => Some(n.as_slice()),
        _ => None,
    }
}

/// The value of text-string key `key`.
fn string_value(dict: &Dictionary, key: &[u8]) -> Option<String> {
    match dict.get(key).ok()? {
        Object::String(s, _) => Some(decode_text(s)),
        _ => None,
    }
}

/// The partial field name `/T`.
fn partial_name(dict: &Dictionary) -> Option<String> {
    string_value(dict, b"T")
}

/// Joins a parent's fully qualified name and a partial name with a dot.
fn join_name(parent: &str, part: Option<&str>) -> String {
    match (parent.is_empty(), part) {
        (_, None) => parent.to_string(),
        (true, Some(p)) => p.to_string(),
        (false, Some(p)) => format!("{parent}.{p}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_names() {
        assert_eq!(join_name("", Some("Sig1")), "Sig1");
        assert_eq!(join_name("form", Some("Sig1")), "form.Sig1");
        assert_eq!(join_name("form", None), "form");
    }

    #[test]
    fn reads_byte_range_items() {
        let ok = vec![Object::Integer(0), Object::Integer(5)];
        assert_eq!(byte_range_items(&ok), Ok(vec![0, 5]));
        assert!(byte_range_items(&[Object::Real(1.5)]).is_err());
    }

    #[test]
    fn reads_a_signature_dictionary() {
        let mut d = Dictionary::new();
        d.set("ByteRange", vec![0.into(), 1.into(), 2.into(), 3.into()]);
        d.set("Contents", Object::string_literal(vec![0x30u8, 0x00]));
        d.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
        d.set("M", Object::string_literal("D:2025"));
        let sig = read_sig_dict(&d, "Signature1");
        assert_eq!(sig.byte_range, Ok(vec![0, 1, 2, 3]));
        assert_eq!(sig.contents, vec![0x30, 0x00]);
        assert_eq!(sig.sub_filter, "ETSI.CAdES.detached");
        assert_eq!(sig.m, "D:2025");
        assert_eq!(sig.field, "Signature1");
    }
}
