//! The second extractor of the reading ladder: our own walk of a page's
//! content, for pages `pdf-extract` reads as empty or fails on.
//!
//! The page's content streams are parsed with the tolerant lexer
//! ([`crate::ops`]) and interpreted for text only: the graphics state
//! (`q`/`Q`/`cm`), the text state (`Tf Tc Tw Tz TL Ts`), text positioning
//! (`BT Td TD Tm T*`) and every way of showing text (`Tj TJ ' "`), through
//! Form XObjects (`Do`, with their `/Matrix`, bounded depth, no cycles). Each
//! character code becomes a positioned [`Glyph`] tagged with its font's
//! coding, decoded by [`crate::textfont`]; [`crate::skew`] and
//! [`crate::layout`] then build the same `Line`/`Span` structure (and font
//! runs) the first extractor gives, so later stages cannot tell them apart.
//!
//! What a reader would forgive is forgiven: an operator with operands of the
//! wrong kind or number is skipped, a font missing from the resources reads
//! as WinAnsi with estimated widths, a page without `/MediaBox` is taken as
//! US Letter. Work is bounded (glyphs per page, nesting, operations).

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::extract::{PageFonts, PageText};
use crate::guard::{MAX_FORM_DEPTH, MAX_PARENT_CHAIN};
use crate::layout::Glyph;
use crate::ops::{self, Op};
use crate::streams::decoded as stream_bytes;
use crate::textfont::TextFont;

/// Upper bound on glyphs kept per page.
pub const MAX_GLYPHS: usize = 200_000;
/// Deepest `q` nesting honoured.
const MAX_SAVES: usize = 1024;
/// The page box assumed when a page has none (US Letter).
const DEFAULT_BOX: [f32; 4] = [0.0, 0.0, 612.0, 792.0];

/// A 2-D affine matrix `[a b c d e f]` as PDF writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    /// `self × other` (apply `self`, then `other`).
    fn then(self, other: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn apply(self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn from_operands(ops: &[Object]) -> Option<Matrix> {
        let v = numbers::<6>(ops)?;
        Some(Matrix(v))
    }
}

/// The state `q` saves and `Q` restores.
#[derive(Debug, Clone)]
struct State {
    ctm: Matrix,
    font: Option<usize>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    /// Horizontal scaling, as a fraction.
    scale: f32,
    leading: f32,
    rise: f32,
}

impl Default for State {
    fn default() -> State {
        State {
            ctm: Matrix::IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

/// The interpreter of one page.
struct Walker<'a> {
    doc: &'a Document,
    /// Loaded fonts; `fonts_by_key` maps (resources dict id, name) to them.
    fonts: Vec<Rc<TextFont>>,
    fonts_by_key: HashMap<(usize, Vec<u8>), usize>,
    state: State,
    saved: Vec<State>,
    tm: Matrix,
    tlm: Matrix,
    top: f32,
    glyphs: Vec<Glyph>,
    /// Form XObjects being run (cycle guard).
    forms: HashSet<ObjectId>,
}

/// The glyphs of a page, in drawing order, `y` from the top of the page.
pub fn page_glyphs(doc: &Document, page: ObjectId) -> Result<Vec<Glyph>, String> {
    let dict = doc
        .get_dictionary(page)
        .map_err(|e| format!("page object unreadable: {e}"))?;
    let media = inherited(doc, dict, b"MediaBox")
        .and_then(|o| numbers::<4>(o.as_array().ok()?))
        .unwrap_or(DEFAULT_BOX);
    let resources = inherited(doc, dict, b"Resources").and_then(|o| o.as_dict().ok());
    let content = page_content(doc, dict);
    let mut w = Walker {
        doc,
        fonts: Vec::new(),
        fonts_by_key: HashMap::new(),
        state: State::default(),
        saved: Vec::new(),
        tm: Matrix::IDENTITY,
        tlm: Matrix::IDENTITY,
        top: media[1].max(media[3]),
        glyphs: Vec::new(),
        forms: HashSet::new(),
    };
    w.run(&ops::parse(&content), resources, 0);
    Ok(w.glyphs)
}

/// Read one page with the fallback extractor: lines in reading order and
/// their font runs, as [`crate::extract::extract_page_with_fonts`] gives.
pub fn extract_page(doc: &Document, number: u32, id: ObjectId) -> (PageText, PageFonts) {
    if let Err(why) = crate::guard::check_page(doc, id) {
        return (
            error_page(number, format!("page refused: {why}")),
            Vec::new(),
        );
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| page_glyphs(doc, id)));
    let glyphs = match outcome {
        Ok(Ok(g)) => g,
        Ok(Err(e)) => return (error_page(number, e), Vec::new()),
        Err(p) => {
            let why = crate::extract::panic_message(&p);
            return (
                error_page(number, format!("fallback panicked: {why}")),
                Vec::new(),
            );
        }
    };
    let (lines, fonts) = crate::skew::lines_with_fonts(glyphs);
    let page = PageText {
        number,
        lines,
        error: None,
    };
    (page, fonts)
}

fn error_page(number: u32, error: String) -> PageText {
    PageText {
        number,
        lines: Vec::new(),
        error: Some(error),
    }
}

/// An entry of the page dictionary, looked up the /Parent chain (bounded).
fn inherited<'a>(doc: &'a Document, mut dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    for _ in 0..MAX_PARENT_CHAIN {
        if let Ok(obj) = dict.get(key) {
            return doc.dereference(obj).ok().map(|(_, o)| o);
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// The page's content streams, decompressed where possible, joined by
/// newlines (an unreadable stream is skipped, not the page).
pub(crate) fn page_content(doc: &Document, page: &Dictionary) -> Vec<u8> {
    let Ok(contents) = page.get(b"Contents") else {
        return Vec::new();
    };
    let parts: Vec<&Object> = match doc.dereference(contents).map(|(_, o)| o) {
        Ok(Object::Array(items)) => items.iter().collect(),
        Ok(other) => vec![other],
        Err(_) => Vec::new(),
    };
    let mut out = Vec::new();
    for part in parts {
        if let Ok((_, Object::Stream(s))) = doc.dereference(part) {
            out.extend(stream_bytes(s));
            out.push(b'\n');
        }
    }
    out
}

/// `N` numbers from the start of `ops` (integers or reals); `None` when
/// there are fewer or one is not a number.
fn numbers<const N: usize>(ops: &[Object]) -> Option<[f32; N]> {
    let mut out = [0.0; N];
    for (slot, o) in out.iter_mut().zip(ops.get(..N)?) {
        *slot = match o {
            Object::Integer(i) => *i as f32,
            Object::Real(r) => *r,
            _ => return None,
        };
        if !slot.is_finite() {
            return None;
        }
    }
    Some(out)
}

/// The operand `i` from the end (PDF operators take their last operands).
fn last_operands(ops: &[Object], n: usize) -> &[Object] {
    &ops[ops.len().saturating_sub(n)..]
}

impl<'a> Walker<'a> {
    /// Run the operations of one content stream.
    fn run(&mut self, ops: &[Op], resources: Option<&'a Dictionary>, depth: usize) {
        for op in ops {
            if self.glyphs.len() >= MAX_GLYPHS {
                return;
            }
            self.operation(op, resources, depth);
        }
    }

    fn operation(&mut self, op: &Op, resources: Option<&'a Dictionary>, depth: usize) {
        let args = op.operands.as_slice();
        match op.operator.as_str() {
            "q" if self.saved.len() < MAX_SAVES => self.saved.push(self.state.clone()),
            "Q" => {
                if let Some(s) = self.saved.pop() {
                    self.state = s;
                }
            }
            "cm" => {
                if let Some(m) = Matrix::from_operands(last_operands(args, 6)) {
                    self.state.ctm = m.then(self.state.ctm);
                }
            }
            "BT" => {
                self.tm = Matrix::IDENTITY;
                self.tlm = Matrix::IDENTITY;
            }
            "Tf" => self.set_font(last_operands(args, 2), resources),
            "Tc" => self.set(args, |s, [v]| s.char_spacing = v),
            "Tw" => self.set(args, |s, [v]| s.word_spacing = v),
            "Tz" => self.set(args, |s, [v]| s.scale = v / 100.0),
            "TL" => self.set(args, |s, [v]| s.leading = v),
            "Ts" => self.set(args, |s, [v]| s.rise = v),
            "Td" => {
                if let Some([tx, ty]) = numbers(last_operands(args, 2)) {
                    self.move_line(tx, ty);
                }
            }
            "TD" => {
                if let Some([tx, ty]) = numbers(last_operands(args, 2)) {
                    self.state.leading = -ty;
                    self.move_line(tx, ty);
                }
            }
            "Tm" => {
                if let Some(m) = Matrix::from_operands(last_operands(args, 6)) {
                    self.tm = m;
                    self.tlm = m;
                }
            }
            "T*" => self.next_line(),
            "Tj" => self.show_operand(args.last()),
            "'" => {
                self.next_line();
                self.show_operand(args.last());
            }
            "\"" => {
                if let Some([aw, ac]) = numbers(last_operands(args, 3)) {
                    self.state.word_spacing = aw;
                    self.state.char_spacing = ac;
                }
                self.next_line();
                self.show_operand(args.last());
            }
            "TJ" => self.show_array(args.last()),
            "Do" => {
                if let Some(Object::Name(n)) = args.last() {
                    self.xobject(n, resources, depth);
                }
            }
            _ => {}
        }
    }

    fn set(&mut self, args: &[Object], f: impl FnOnce(&mut State, [f32; 1])) {
        if let Some(v) = numbers::<1>(last_operands(args, 1)) {
            f(&mut self.state, v);
        }
    }

    fn move_line(&mut self, tx: f32, ty: f32) {
        self.tlm = Matrix::translate(tx, ty).then(self.tlm);
        self.tm = self.tlm;
    }

    fn next_line(&mut self) {
        self.move_line(0.0, -self.state.leading);
    }

    /// `Tf`: select a font by resource name (a missing one reads as unknown).
    fn set_font(&mut self, args: &[Object], resources: Option<&'a Dictionary>) {
        let (Some(Object::Name(name)), Some(size)) = (args.first(), args.get(1)) else {
            return;
        };
        let Some([size]) = numbers::<1>(std::slice::from_ref(size)) else {
            return;
        };
        let key = (
            resources.map_or(0, |r| r as *const _ as usize),
            name.clone(),
        );
        let index = match self.fonts_by_key.get(&key) {
            Some(&i) => i,
            None => {
                let font = self
                    .font_dict(resources, name)
                    .map_or_else(TextFont::unknown, |d| TextFont::load(self.doc, d));
                self.fonts.push(Rc::new(font));
                self.fonts_by_key.insert(key, self.fonts.len() - 1);
                self.fonts.len() - 1
            }
        };
        self.state.font = Some(index);
        self.state.size = size;
    }

    fn font_dict(&self, resources: Option<&'a Dictionary>, name: &[u8]) -> Option<&'a Dictionary> {
        let fonts = resource_category(self.doc, resources?, b"Font")?;
        let (_, obj) = self.doc.dereference(fonts.get(name).ok()?).ok()?;
        obj.as_dict().ok()
    }

    fn show_operand(&mut self, arg: Option<&Object>) {
        if let Some(Object::String(bytes, _)) = arg {
            self.show(bytes);
        }
    }

    fn show_array(&mut self, arg: Option<&Object>) {
        let Some(Object::Array(items)) = arg else {
            return;
        };
        for item in items {
            match item {
                Object::String(bytes, _) => self.show(bytes),
                Object::Integer(_) | Object::Real(_) => {
                    if let Some([adj]) = numbers::<1>(std::slice::from_ref(item)) {
                        let tx = -adj / 1000.0 * self.state.size * self.state.scale;
                        self.tm = Matrix::translate(tx, 0.0).then(self.tm);
                    }
                }
                _ => {}
            }
        }
    }

    /// Show one string: a glyph per code, advancing the text matrix.
    fn show(&mut self, bytes: &[u8]) {
        let font = match self.state.font {
            Some(i) => Rc::clone(&self.fonts[i]),
            None => Rc::new(TextFont::unknown()),
        };
        let st = self.state.clone();
        for (code, len) in font.codes(bytes) {
            let advance = font.advance(code, len);
            let text = font.text(code, len);
            if !text.is_empty() && self.glyphs.len() < MAX_GLYPHS {
                self.glyph(text, advance, &font, &st);
            }
            let spacing = st.char_spacing
                + if font.is_space(code, len) {
                    st.word_spacing
                } else {
                    0.0
                };
            let tx = (advance * st.size + spacing) * st.scale;
            self.tm = Matrix::translate(tx, 0.0).then(self.tm);
        }
    }

    /// Record a glyph at the current text position.
    fn glyph(&mut self, text: String, advance: f32, font: &TextFont, st: &State) {
        let trm = Matrix([st.size * st.scale, 0.0, 0.0, st.size, 0.0, st.rise])
            .then(self.tm)
            .then(st.ctm);
        let [a, b, c, d, _, _] = trm.0;
        let size = (a * d - b * c).abs().sqrt();
        let (x, y) = trm.apply(0.0, 0.0);
        let (x1, _) = trm.apply(advance, 0.0);
        if !(x.is_finite() && y.is_finite() && x1.is_finite() && size.is_finite()) {
            return;
        }
        self.glyphs.push(Glyph {
            x,
            y: self.top - y,
            end_x: x1.max(x),
            size,
            text,
            font: Some(font.coding),
        });
    }

    /// `Do`: run a Form XObject (images and unknown kinds are skipped).
    fn xobject(&mut self, name: &[u8], resources: Option<&'a Dictionary>, depth: usize) {
        if depth >= MAX_FORM_DEPTH {
            return;
        }
        let Some(xobjects) = resources.and_then(|r| resource_category(self.doc, r, b"XObject"))
        else {
            return;
        };
        let Ok(obj) = xobjects.get(name) else { return };
        let id = obj.as_reference().ok();
        let Ok((_, Object::Stream(stream))) = self.doc.dereference(obj) else {
            return;
        };
        let is_form = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Form");
        if !is_form || id.is_some_and(|id| !self.forms.insert(id)) {
            return;
        }
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| self.doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|o| o.as_array().ok())
            .and_then(|a| Matrix::from_operands(a))
            .unwrap_or(Matrix::IDENTITY);
        let saved = (self.state.clone(), self.tm, self.tlm, self.saved.len());
        self.state.ctm = matrix.then(self.state.ctm);
        let ops = ops::parse(&stream_bytes(stream));
        self.run(&ops, own.or(resources), depth + 1);
        (self.state, self.tm, self.tlm) = (saved.0, saved.1, saved.2);
        self.saved.truncate(saved.3);
        if let Some(id) = id {
            self.forms.remove(&id);
        }
    }
}

/// A category (`Font`, `XObject`) of a resource dictionary.
fn resource_category<'a>(
    doc: &'a Document,
    resources: &'a Dictionary,
    category: &[u8],
) -> Option<&'a Dictionary> {
    let (_, obj) = doc.dereference(resources.get(category).ok()?).ok()?;
    obj.as_dict().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    /// A one-page document with `content` and Helvetica as /F1.
    fn doc_with(content: &str, media_box: bool) -> (Document, ObjectId) {
        let mut doc = Document::with_version("1.4");
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let contents = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
        let pages = doc.new_object_id();
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => pages, "Contents" => contents,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        };
        if media_box {
            page.set("MediaBox", vec![0.into(), 0.into(), 595.into(), 842.into()]);
        }
        let page = doc.add_object(page);
        doc.objects.insert(
            pages,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        (doc, page)
    }

    fn text_of(content: &str) -> String {
        let (doc, page) = doc_with(content, true);
        extract_page(&doc, 1, page).0.text()
    }

    #[test]
    fn positions_from_td_tm_and_leading() {
        let t = text_of(
            "BT /F1 12 Tf 14 TL 72 760 Td (one) Tj T* (two) Tj 1 0 0 1 72 700 Tm (three) Tj ET",
        );
        assert_eq!(t, "one\ntwo\nthree\n");
        let (doc, page) = doc_with("BT /F1 10 Tf 1 0 0 1 100 800 Tm (A) Tj ET", true);
        let g = page_glyphs(&doc, page).unwrap();
        assert_eq!((g[0].x, g[0].y, g[0].size), (100.0, 42.0, 10.0));
    }

    #[test]
    fn quote_operators_show_on_the_next_line() {
        let t = text_of("BT /F1 12 Tf 14 TL 72 760 Td (a) Tj (b) ' 2 1 (c) \" ET");
        assert_eq!(t, "a\nb\nc\n");
    }

    #[test]
    fn tj_adjustments_make_word_gaps() {
        let t = text_of("BT /F1 12 Tf 72 760 Td [(Ho) -50 (ng) -600 (be)] TJ ET");
        assert_eq!(t, "Hong be\n");
    }

    #[test]
    fn bad_operands_are_skipped() {
        let t = text_of("BT /F1 12 Tf 72 760 Td (ok) Tj 0 -14 Td @@ (x) /N Td ] (next) Tj 12 12 Tf (more) Tj ET");
        assert_eq!(t, "ok\nnextmore\n", "no move before `more`: no gap");
    }

    #[test]
    fn missing_font_and_media_box_still_give_text() {
        let (doc, page) = doc_with("BT /F9 12 Tf 72 700 Td (Hello) Tj ET", false);
        let (p, fonts) = extract_page(&doc, 1, page);
        assert_eq!(p.text(), "Hello\n");
        assert_eq!(p.error, None);
        assert_eq!(fonts.len(), 1);
    }

    #[test]
    fn forms_are_run_with_their_matrix_and_cycles_stop() {
        let (mut doc, page) = doc_with("BT /F1 12 Tf 72 700 Td (page) Tj ET /X0 Do", true);
        let form = doc.new_object_id();
        let body = b"BT /F1 12 Tf 0 0 Td (form) Tj ET /X0 Do".to_vec();
        let mut s = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 72.into(), 600.into()] },
            body,
        );
        s.dict.set(
            "Resources",
            dictionary! { "XObject" => dictionary! { "X0" => form } },
        );
        doc.objects.insert(form, Object::Stream(s));
        let font = doc
            .get_dictionary(page)
            .unwrap()
            .get(b"Resources")
            .unwrap()
            .clone();
        let mut res = font.as_dict().unwrap().clone();
        res.set("XObject", dictionary! { "X0" => form });
        doc.get_dictionary_mut(page).unwrap().set("Resources", res);
        // The form's own resources lack /F1: the page's font is not inherited, so
        // the form's text reads through the unknown font, still as text.
        let g = page_glyphs(&doc, page).unwrap();
        let text: String = g.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "pageform");
        assert_eq!(g[4].y, 842.0 - 600.0);
    }

    #[test]
    fn glyph_count_is_bounded() {
        let big = format!("BT /F1 1 Tf ({}) Tj ET", "x".repeat(MAX_GLYPHS + 10));
        let (doc, page) = doc_with(&big, true);
        assert_eq!(page_glyphs(&doc, page).unwrap().len(), MAX_GLYPHS);
    }
}
