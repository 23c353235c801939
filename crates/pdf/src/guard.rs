//! Structural checks run before `pdf-extract` touches a page, for the inputs
//! it cannot survive: a cyclic /Parent chain (endless recursion: a stack
//! overflow, or an endless loop once the recursion is optimised away) and
//! self-referencing or absurdly deep Form XObjects (stack overflow). Such a
//! page gets a clear error instead of taking its process down.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

/// Deepest nesting of Form XObjects accepted.
pub const MAX_FORM_DEPTH: usize = 32;
/// Longest /Parent chain accepted.
pub const MAX_PARENT_CHAIN: usize = 64;

/// Why a page is refused.
pub fn check_page(doc: &Document, page: ObjectId) -> Result<(), String> {
    parent_chain(doc, page)?;
    let dict = doc
        .get_dictionary(page)
        .map_err(|e| format!("page object unreadable: {e}"))?;
    if let Some(res) = resources(doc, dict) {
        let mut path = HashSet::new();
        forms(doc, res, &mut path, 0)?;
    }
    Ok(())
}

fn parent_chain(doc: &Document, page: ObjectId) -> Result<(), String> {
    let mut seen = HashSet::from([page]);
    let mut current = page;
    for _ in 0..MAX_PARENT_CHAIN {
        let Ok(dict) = doc.get_dictionary(current) else {
            return Ok(());
        };
        let Ok(parent) = dict.get(b"Parent").and_then(Object::as_reference) else {
            return Ok(());
        };
        if !seen.insert(parent) {
            return Err(format!(
                "cyclic /Parent chain in the page tree (object {} {} is its own ancestor)",
                parent.0, parent.1
            ));
        }
        current = parent;
    }
    Err(format!("/Parent chain longer than {MAX_PARENT_CHAIN}"))
}

/// The page's /Resources, inherited through a (known acyclic) /Parent chain.
fn resources<'a>(doc: &'a Document, dict: &'a Dictionary) -> Option<&'a Dictionary> {
    let mut d = dict;
    for _ in 0..MAX_PARENT_CHAIN {
        if let Ok(obj) = d.get(b"Resources") {
            return deref(doc, obj).and_then(|o| o.as_dict().ok());
        }
        let parent = d.get(b"Parent").and_then(Object::as_reference).ok()?;
        d = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    match obj {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// Walk Form XObjects depth first, refusing cycles and deep nesting.
fn forms(
    doc: &Document,
    res: &Dictionary,
    path: &mut HashSet<ObjectId>,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_FORM_DEPTH {
        return Err(format!("Form XObjects nested deeper than {MAX_FORM_DEPTH}"));
    }
    let Some(xobjects) = res
        .get(b"XObject")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
    else {
        return Ok(());
    };
    for (_, obj) in xobjects.iter() {
        let Object::Reference(id) = obj else { continue };
        let Ok(Object::Stream(stream)) = doc.get_object(*id) else {
            continue;
        };
        let is_form = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Form");
        if !is_form {
            continue;
        }
        if !path.insert(*id) {
            return Err(format!(
                "self-referencing Form XObject (object {} {} draws itself)",
                id.0, id.1
            ));
        }
        if let Some(inner) = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
        {
            forms(doc, inner, path, depth + 1)?;
        }
        path.remove(id);
    }
    Ok(())
}
