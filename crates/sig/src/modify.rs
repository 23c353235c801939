//! What changed after the last signed revision.

use lopdf::Document;

use crate::revisions::Revisions;
use crate::{Modification, SignatureInfo};

/// Loads `bytes` with lopdf, turning a panic inside the parser into an error.
pub fn load(bytes: &[u8]) -> Result<Document, String> {
    match std::panic::catch_unwind(|| Document::load_mem(bytes)) {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the PDF parser panicked".to_string()),
    }
}

/// The changes after the last signature (empty for now).
pub fn after_last_signature(
    _bytes: &[u8],
    _sigs: &[SignatureInfo],
    _revs: &Revisions,
) -> Vec<Modification> {
    Vec::new()
}
