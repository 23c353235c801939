//! Stream data as readers decode it, filters `lopdf` refuses included.
//!
//! `lopdf` decodes `FlateDecode`, `LZWDecode` and `ASCII85Decode` by their
//! full names only. Real files also use the abbreviations meant for inline
//! images (pdfFactory writes `/Filter /Fl` on every page content stream,
//! which is why `pdf-extract` reads such files as empty) and the two simple
//! filters `lopdf` lacks, `ASCIIHexDecode` and `RunLengthDecode`.
//! [`decoded`] runs the whole chain, one filter at a time; a filter that
//! fails or is unknown (image codecs) stops the chain and the data decoded
//! so far is returned, so a caller gets the best bytes there are.
//!
//! Inflating is bounded: `FlateDecode` without a predictor (every content
//! stream in practice) is inflated here and stops at [`MAX_DECODED`], so a
//! decompression bomb costs that much memory at most and gives its first
//! [`MAX_DECODED`] bytes; a stream cut short keeps what inflated before the
//! damage. Other filters' outputs are cut to the same size.

use std::io::Read;

use lopdf::{Dictionary, Object, Stream};

/// Largest output of one filter (a decompression bomb stops here).
pub const MAX_DECODED: usize = 64 * 1024 * 1024;

/// The stream's data with its filters applied (see the module docs).
pub fn decoded(stream: &Stream) -> Vec<u8> {
    let names = filter_names(&stream.dict);
    let params = decode_params(&stream.dict, names.len());
    let mut data = stream.content.clone();
    for (name, params) in names.iter().zip(params) {
        match apply(name, &data, params) {
            Some(out) => data = out,
            None => break,
        }
    }
    data
}

/// The full name of a filter, abbreviations expanded.
pub fn full_name(name: &[u8]) -> &[u8] {
    match name {
        b"Fl" => b"FlateDecode",
        b"LZW" => b"LZWDecode",
        b"A85" => b"ASCII85Decode",
        b"AHx" => b"ASCIIHexDecode",
        b"RL" => b"RunLengthDecode",
        b"CCF" => b"CCITTFaxDecode",
        b"DCT" => b"DCTDecode",
        other => other,
    }
}

fn filter_names(dict: &Dictionary) -> Vec<Vec<u8>> {
    match dict.get(b"Filter") {
        Ok(Object::Name(n)) => vec![full_name(n).to_vec()],
        Ok(Object::Array(items)) => items
            .iter()
            .filter_map(|o| o.as_name().ok())
            .map(|n| full_name(n).to_vec())
            .collect(),
        _ => Vec::new(),
    }
}

/// `/DecodeParms` (or `/DP`) per filter.
fn decode_params(dict: &Dictionary, n: usize) -> Vec<Option<Dictionary>> {
    let raw = dict.get(b"DecodeParms").or_else(|_| dict.get(b"DP"));
    match raw {
        Ok(Object::Dictionary(d)) => std::iter::once(Some(d.clone()))
            .chain(std::iter::repeat(None))
            .take(n)
            .collect(),
        Ok(Object::Array(items)) => (0..n)
            .map(|i| items.get(i).and_then(|o| o.as_dict().ok()).cloned())
            .collect(),
        _ => vec![None; n],
    }
}

/// One filter; `None` when it fails or is not a text filter.
fn apply(name: &[u8], data: &[u8], params: Option<Dictionary>) -> Option<Vec<u8>> {
    let out = match name {
        b"ASCIIHexDecode" => ascii_hex(data),
        b"RunLengthDecode" => run_length(data),
        b"FlateDecode" if !has_predictor(params.as_ref()) => inflate(data),
        b"FlateDecode" | b"LZWDecode" | b"ASCII85Decode" => {
            let mut dict = Dictionary::new();
            dict.set("Filter", Object::Name(name.to_vec()));
            if let Some(p) = params {
                dict.set("DecodeParms", Object::Dictionary(p));
            }
            Stream::new(dict, data.to_vec())
                .decompressed_content()
                .ok()?
        }
        _ => return None,
    };
    let mut out = out;
    out.truncate(MAX_DECODED);
    Some(out)
}

fn has_predictor(params: Option<&Dictionary>) -> bool {
    params
        .and_then(|p| p.get(b"Predictor").ok())
        .and_then(|p| p.as_i64().ok())
        .is_some_and(|p| p > 1)
}

/// Inflate zlib data (raw deflate when the zlib header is missing), at most
/// [`MAX_DECODED`] bytes.
fn inflate(data: &[u8]) -> Vec<u8> {
    let limit = MAX_DECODED as u64;
    let mut out = Vec::new();
    let zlib = flate2::read::ZlibDecoder::new(data)
        .take(limit)
        .read_to_end(&mut out);
    if zlib.is_err() && out.is_empty() {
        let _ = flate2::read::DeflateDecoder::new(data)
            .take(limit)
            .read_to_end(&mut out);
    }
    out
}

/// `ASCIIHexDecode`: hex digits up to `>`, whitespace ignored.
fn ascii_hex(data: &[u8]) -> Vec<u8> {
    let mut digits: Vec<u8> = data
        .iter()
        .take_while(|&&b| b != b'>')
        .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
        .collect();
    if digits.len() % 2 == 1 {
        digits.push(0);
    }
    digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect()
}

/// `RunLengthDecode`: a length byte, then literal bytes or one repeated byte;
/// 128 ends the data.
fn run_length(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&len) = data.get(i) {
        if len == 128 || out.len() > MAX_DECODED {
            break;
        }
        if len < 128 {
            let end = (i + 2 + len as usize).min(data.len());
            out.extend_from_slice(&data[(i + 1).min(end)..end]);
            i = end;
        } else if let Some(&b) = data.get(i + 1) {
            out.extend(std::iter::repeat_n(b, 257 - len as usize));
            i += 2;
        } else {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(filter: Object, data: Vec<u8>) -> Stream {
        let mut d = Dictionary::new();
        d.set("Filter", filter);
        Stream::new(d, data)
    }

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut s = Stream::new(Dictionary::new(), data.to_vec());
        s.compress().unwrap();
        s.content
    }

    #[test]
    fn abbreviated_flate_like_pdffactory() {
        let text = b"BT /F1 12 Tf (abc) Tj ET ".repeat(4);
        let s = stream(Object::Name(b"Fl".to_vec()), deflate(&text));
        assert!(s.decompressed_content().is_err(), "lopdf refuses /Fl");
        assert_eq!(decoded(&s), text);
    }

    #[test]
    fn hex_and_run_length_chains() {
        let s = stream(
            Object::Array(vec![
                Object::Name(b"AHx".to_vec()),
                Object::Name(b"RunLengthDecode".to_vec()),
            ]),
            b"02 41 42 43 FE 7A 80 >".to_vec(),
        );
        assert_eq!(decoded(&s), b"ABCzzz");
    }

    #[test]
    fn a_bomb_stops_at_the_limit() {
        let mut s = Stream::new(Dictionary::new(), vec![b' '; MAX_DECODED + 4096]);
        s.compress().unwrap();
        assert!(s.content.len() < 1_000_000);
        let out = decoded(&s);
        assert_eq!(out.len(), MAX_DECODED, "inflating stops at the limit");
        let mut cut = Stream::new(Dictionary::new(), b"BT (abc) Tj ET".repeat(50));
        cut.compress().unwrap();
        cut.content.truncate(cut.content.len() - 8);
        assert!(
            decoded(&cut).starts_with(b"BT (abc) Tj ET"),
            "a damaged end keeps the start"
        );
    }

    #[test]
    fn unknown_filters_stop_the_chain() {
        let s = stream(Object::Name(b"DCT".to_vec()), vec![1, 2, 3]);
        assert_eq!(decoded(&s), vec![1, 2, 3]);
        assert_eq!(run_length(&[5, 1]), vec![1]);
        assert_eq!(ascii_hex(b"4"), vec![0x40]);
    }
}
