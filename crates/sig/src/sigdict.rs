//! The signature dictionary (`/V` of a `/FT /Sig` field) as this crate needs
//! it, whichever way it was found (through lopdf or by a raw byte scan).

/// The raw facts read from one signature dictionary.
#[derive(Debug, Clone, PartialEq)]
pub struct SigDict {
    /// Fully qualified field name (`/T` joined over `/Parent`s), may be empty.
    pub field: String,
    /// `/ByteRange` numbers, or why they could not be read.
    pub byte_range: Result<Vec<i64>, String>,
    /// Decoded `/Contents` bytes (the CMS blob, usually zero-padded).
    pub contents: Vec<u8>,
    /// `/SubFilter` name without the slash.
    pub sub_filter: String,
    /// `/Name` text string.
    pub name: String,
    /// `/M` date string.
    pub m: String,
}

impl SigDict {
    /// A dictionary with no usable `/ByteRange` yet.
    pub fn new(field: String) -> SigDict {
        SigDict {
            field,
            byte_range: Err("no /ByteRange".to_string()),
            contents: Vec::new(),
            sub_filter: String::new(),
            name: String::new(),
            m: String::new(),
        }
    }
}

/// Decodes a PDF text string: UTF-16BE with BOM, UTF-8 with BOM, or
/// PDFDocEncoding (treated as Latin-1, which agrees for printable text).
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_text_strings() {
        assert_eq!(decode_text(b"\xFE\xFF\x00A\x1E\xA0"), "A\u{1EA0}");
        assert_eq!(decode_text(b"plain"), "plain");
        assert_eq!(decode_text(b"caf\xE9"), "café");
        assert_eq!(decode_text(b"\xEF\xBB\xBFok"), "ok");
    }

    #[test]
    fn new_has_no_byte_range() {
        assert!(SigDict::new("f".into()).byte_range.is_err());
    }
}
