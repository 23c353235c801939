//! A tolerant content-stream parser for the fallback extractor.
//!
//! `lopdf`'s content parser stops at the first token it does not understand
//! and keeps what it had, so one junk byte in the middle of a page loses the
//! rest of the page. Readers such as poppler report the bad operator and go
//! on. [`parse`] does the same: it lexes the whole stream, turns every
//! keyword into an [`Op`] with the operands gathered since the previous one,
//! and never fails. Junk (a stray `]` or `>>`, an unknown keyword) becomes an
//! operation the interpreter ignores; inline image data (`BI` … `ID` … `EI`)
//! and comments are skipped. Output is bounded by [`MAX_OPS`] and
//! [`MAX_OPERANDS`].

use lopdf::{Dictionary, Object, StringFormat};

/// One operation: an operator and its operands, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    pub operator: String,
    pub operands: Vec<Object>,
}

/// Most operations parsed from one stream.
pub const MAX_OPS: usize = 1_000_000;
/// Most operands kept before an operator (the rest are dropped).
pub const MAX_OPERANDS: usize = 4096;
/// Deepest nesting of arrays and dictionaries kept.
const MAX_NESTING: usize = 32;

/// Parse every operation of `content`; never fails.
pub fn parse(content: &[u8]) -> Vec<Op> {
    let mut lexer = Lexer {
        s: content,
        i: 0,
        stack: Vec::new(),
        operands: Vec::new(),
        ops: Vec::new(),
    };
    lexer.run();
    lexer.ops
}

/// An array or dictionary being built.
enum Open {
    Array(Vec<Object>),
    Dict(Vec<Object>),
}

struct Lexer<'a> {
    s: &'a [u8],
    i: usize,
    stack: Vec<Open>,
    operands: Vec<Object>,
    ops: Vec<Op>,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

impl Lexer<'_> {
    fn run(&mut self) {
        while self.i < self.s.len() && self.ops.len() < MAX_OPS {
            let b = self.s[self.i];
            match b {
                _ if is_white(b) => self.i += 1,
                b'%' => self.skip_comment(),
                b'(' => {
                    let s = self.literal();
                    self.value(Object::String(s, StringFormat::Literal));
                }
                b'<' if self.peek(1) == Some(b'<') => {
                    self.i += 2;
                    self.open(Open::Dict(Vec::new()));
                }
                b'<' => {
                    let s = self.hex();
                    self.value(Object::String(s, StringFormat::Hexadecimal));
                }
                b'>' if self.peek(1) == Some(b'>') => {
                    self.i += 2;
                    self.close_dict();
                }
                b'[' => {
                    self.i += 1;
                    self.open(Open::Array(Vec::new()));
                }
                b']' => {
                    self.i += 1;
                    self.close_array();
                }
                b'/' => {
                    let n = self.name();
                    self.value(Object::Name(n));
                }
                b'+' | b'-' | b'.' | b'0'..=b'9' => self.number_or_keyword(),
                _ if is_regular(b) => {
                    let word = self.word();
                    self.keyword(&word);
                }
                // ')', '>', '{', '}' alone: junk, skipped.
                _ => self.i += 1,
            }
        }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.s.get(self.i + ahead).copied()
    }

    fn skip_comment(&mut self) {
        while self.i < self.s.len() && !matches!(self.s[self.i], b'\n' | b'\r') {
            self.i += 1;
        }
    }

    /// A literal string `( … )`, with nesting and escapes.
    fn literal(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        while self.i < self.s.len() {
            let b = self.s[self.i];
            self.i += 1;
            match b {
                b'(' => {
                    depth += 1;
                    if depth > 1 {
                        out.push(b);
                    }
                }
                b')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return out;
                    }
                    out.push(b);
                }
                b'\\' => self.escape(&mut out),
                b'\r' => {
                    // An end of line in a string reads as \n.
                    if self.peek(0) == Some(b'\n') {
                        self.i += 1;
                    }
                    out.push(b'\n');
                }
                _ => out.push(b),
            }
        }
        out
    }

    /// The escape after a backslash in a literal string.
    fn escape(&mut self, out: &mut Vec<u8>) {
        let Some(b) = self.peek(0) else { return };
        self.i += 1;
        match b {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'0'..=b'7' => {
                let mut v = u32::from(b - b'0');
                for _ in 0..2 {
                    match self.peek(0) {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            self.i += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xff) as u8);
            }
            b'\r' => {
                if self.peek(0) == Some(b'\n') {
                    self.i += 1;
                }
            }
            b'\n' => {}
            other => out.push(other),
        }
    }

    /// A hex string `< … >`; non-hex bytes are skipped, an odd digit count
    /// is padded with 0.
    fn hex(&mut self) -> Vec<u8> {
        self.i += 1;
        let mut digits = Vec::new();
        while self.i < self.s.len() {
            let b = self.s[self.i];
            self.i += 1;
            if b == b'>' {
                break;
            }
            if let Some(d) = (b as char).to_digit(16) {
                digits.push(d as u8);
            }
        }
        if digits.len() % 2 == 1 {
            digits.push(0);
        }
        digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect()
    }

    /// A name after `/`, with `#xx` escapes.
    fn name(&mut self) -> Vec<u8> {
        self.i += 1;
        let mut out = Vec::new();
        while self.i < self.s.len() && is_regular(self.s[self.i]) {
            let b = self.s[self.i];
            let hex = || {
                let h = self.s.get(self.i + 1..self.i + 3)?;
                u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
            };
            match (b, hex()) {
                (b'#', Some(v)) => {
                    out.push(v);
                    self.i += 3;
                }
                _ => {
                    out.push(b);
                    self.i += 1;
                }
            }
        }
        out
    }

    /// A run of regular bytes.
    fn word(&mut self) -> Vec<u8> {
        let start = self.i;
        while self.i < self.s.len() && is_regular(self.s[self.i]) {
            self.i += 1;
        }
        self.s[start..self.i].to_vec()
    }

    /// A number, or a keyword that happens to start like one.
    fn number_or_keyword(&mut self) {
        let word = self.word();
        match parse_number(&word) {
            Some(n) => self.value(n),
            None => self.keyword(&word),
        }
    }

    /// A keyword: a literal value, inline image, or an operator.
    fn keyword(&mut self, word: &[u8]) {
        match word {
            b"true" => self.value(Object::Boolean(true)),
            b"false" => self.value(Object::Boolean(false)),
            b"null" => self.value(Object::Null),
            b"BI" => self.inline_image(),
            _ => {
                self.stack.clear();
                let operands = std::mem::take(&mut self.operands);
                self.ops.push(Op {
                    operator: String::from_utf8_lossy(word).into_owned(),
                    operands,
                });
            }
        }
    }

    /// Skip an inline image: its dictionary up to `ID`, then its data up to
    /// an `EI` standing alone. Recorded as one `BI` operation.
    fn inline_image(&mut self) {
        self.stack.clear();
        self.operands.clear();
        let id = find_token(self.s, self.i, b"ID").unwrap_or(self.s.len());
        let data = (id + 3).min(self.s.len());
        let ei = find_token(self.s, data, b"EI").unwrap_or(self.s.len());
        self.i = (ei + 2).min(self.s.len());
        self.ops.push(Op {
            operator: "BI".into(),
            operands: Vec::new(),
        });
    }

    /// Place a value: into the innermost open container, else as an operand.
    fn value(&mut self, v: Object) {
        match self.stack.last_mut() {
            Some(Open::Array(items) | Open::Dict(items)) => {
                if items.len() < MAX_OPERANDS {
                    items.push(v);
                }
            }
            None => {
                if self.operands.len() < MAX_OPERANDS {
                    self.operands.push(v);
                }
            }
        }
    }

    fn open(&mut self, o: Open) {
        if self.stack.len() >= MAX_NESTING {
            self.stack.clear();
        }
        self.stack.push(o);
    }

    fn close_array(&mut self) {
        match self.stack.pop() {
            Some(Open::Array(items)) => self.value(Object::Array(items)),
            // A stray `]`: junk, like an unknown operator.
            _ => self.junk("]"),
        }
    }

    fn close_dict(&mut self) {
        match self.stack.pop() {
            Some(Open::Dict(items)) => self.value(Object::Dictionary(to_dict(items))),
            _ => self.junk(">>"),
        }
    }

    fn junk(&mut self, what: &str) {
        self.stack.clear();
        let operands = std::mem::take(&mut self.operands);
        self.ops.push(Op {
            operator: what.into(),
            operands,
        });
    }
}

/// Key/value pairs of a parsed dictionary (non-name keys dropped).
fn to_dict(items: Vec<Object>) -> Dictionary {
    let mut dict = Dictionary::new();
    let mut it = items.into_iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        if let Object::Name(k) = k {
            dict.set(k, v);
        }
    }
    dict
}

/// A PDF number (`12`, `-3.5`, `.5`, `4.`); `None` for anything else.
fn parse_number(word: &[u8]) -> Option<Object> {
    let s = std::str::from_utf8(word).ok()?;
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if !s.contains('.') {
        if let Ok(i) = s.parse::<i64>() {
            return Some(Object::Integer(i));
        }
    }
    let v: f64 = s.parse().ok()?;
    v.is_finite().then_some(Object::Real(v as f32))
}

/// Position of `token` standing alone (whitespace or the ends around it) at
/// or after `from`.
fn find_token(s: &[u8], from: usize, token: &[u8]) -> Option<usize> {
    let alone = |b: Option<&u8>| b.is_none_or(|&b| is_white(b));
    (from..s.len().saturating_sub(token.len() - 1)).find(|&i| {
        s[i..].starts_with(token)
            && alone(i.checked_sub(1).and_then(|p| s.get(p)))
            && alone(s.get(i + token.len()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(s: &str) -> Vec<(String, Vec<Object>)> {
        parse(s.as_bytes())
            .into_iter()
            .map(|o| (o.operator, o.operands))
            .collect()
    }

    fn lit(s: &[u8]) -> Object {
        Object::String(s.to_vec(), StringFormat::Literal)
    }

    #[test]
    fn ordinary_text_object() {
        let got = ops("BT /F1 12 Tf 72 700.5 Td (Hi) Tj ET");
        assert_eq!(got.len(), 5);
        assert_eq!(got[1].0, "Tf");
        assert_eq!(
            got[1].1,
            vec![Object::Name(b"F1".to_vec()), Object::Integer(12)]
        );
        assert_eq!(got[2].1, vec![Object::Integer(72), Object::Real(700.5)]);
        assert_eq!(got[3].1, vec![lit(b"Hi")]);
        assert_eq!(got[4].0, "ET");
    }

    #[test]
    fn strings_escapes_and_hex() {
        let got = ops(r"(a\(b\)c \101\n (nested)) Tj <48 65 6c6c 6f> Tj <4> Tj");
        assert_eq!(got[0].1, vec![lit(b"a(b)c A\n (nested)")]);
        assert_eq!(
            got[1].1,
            vec![Object::String(b"Hello".to_vec(), StringFormat::Hexadecimal)]
        );
        assert_eq!(
            got[2].1,
            vec![Object::String(vec![0x40], StringFormat::Hexadecimal)]
        );
    }

    #[test]
    fn arrays_and_dictionaries() {
        let got = ops("[(A) -250 (B)] TJ /P << /MCID 0 >> BDC EMC");
        assert_eq!(
            got[0].1,
            vec![Object::Array(vec![
                lit(b"A"),
                Object::Integer(-250),
                lit(b"B")
            ])]
        );
        assert_eq!(got[1].0, "BDC");
        assert!(matches!(got[1].1[1], Object::Dictionary(_)));
        assert_eq!(got[2].0, "EMC");
    }

    #[test]
    fn junk_does_not_stop_the_stream() {
        let got = ops("(a) Tj @@junk (b) /N Td ] (c) Tj } ) 1 2 Td");
        let names: Vec<&str> = got.iter().map(|o| o.0.as_str()).collect();
        assert_eq!(names, ["Tj", "@@junk", "Td", "]", "Tj", "Td"]);
        assert_eq!(got[4].1, vec![lit(b"c")]);
        assert_eq!(got[5].1, vec![Object::Integer(1), Object::Integer(2)]);
    }

    #[test]
    fn comments_and_inline_images_are_skipped() {
        let got = parse(b"% scanner\n\nBI /W 2 /H 1 ID \x00\xffEI) EI\n(x) Tj % tail\n");
        let names: Vec<&str> = got.iter().map(|o| o.operator.as_str()).collect();
        assert_eq!(names, ["BI", "Tj"]);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number(b"-.5"), Some(Object::Real(-0.5)));
        assert_eq!(parse_number(b"4."), Some(Object::Real(4.0)));
        assert_eq!(parse_number(b"--5"), None);
        assert_eq!(parse_number(b"."), None);
        assert_eq!(
            parse_number(b"99999999999999999999"),
            Some(Object::Real(1e20))
        );
    }

    #[test]
    fn unterminated_things_end_at_the_end() {
        assert_eq!(ops("(abc").len(), 0);
        assert_eq!(ops("<414").len(), 0);
        assert_eq!(ops("[ (a) (b").len(), 0);
        assert_eq!(ops("BI /W 1 ID xyz").len(), 1);
    }
}
