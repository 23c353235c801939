//! Which font drew each glyph: a second, light walk of the page's content.
//!
//! `pdf-extract` hands its `OutputDev` characters but never the font they are
//! set in, and legacy Vietnamese text is best recognised by its font name
//! (`.VnTime` → TCVN3, `.VnTimeH` → TCVN3 capitals, `VNI-Times` → VNI). So we
//! walk the same content stream, in the order `pdf-extract` does, and list
//! every *show*: each string of a `Tj` or `TJ` operator, which `pdf-extract`
//! turns into one `begin_word` … `end_word` call with one
//! `output_character` per character code. The walk reads the content with
//! our tolerant parser ([`crate::ops`]), its streams decoded as readers
//! decode them ([`crate::streams`]): where `lopdf`'s parser stops early (a
//! bad operator mid-stream) or `lopdf` cannot decode a stream (`/Fl`),
//! `pdf-extract` receives a prefix of the walked shows, or none, which
//! [`assign`] accepts and [`covers`] does not. The walk mirrors what
//! matters:
//!
//! * `Tf` selects a font by resource name, cached per page by that name (as
//!   `pdf-extract` does, even across Form XObjects); `q`/`Q` save and restore
//!   it; every stream run by `Do` starts without a font;
//! * `'` and `"` are not shows `pdf-extract` reports: they are only counted
//!   ([`Walked::unreported`]), so that a page holding them is not taken as
//!   read whole;
//! * `Do` recurses into every XObject (`pdf-extract` runs images through its
//!   content parser too), up to [`crate::guard::MAX_FORM_DEPTH`].
//!
//! For each show we also note how many codes it holds when that is certain
//! (one byte per code for simple fonts, two for `Identity-H`/`-V` Type0
//! fonts). [`assign`] then checks the walk against what the `OutputDev`
//! received, show by show, and gives up (every glyph's font unknown) at the
//! first disagreement, so a wrong guess can only cost the font evidence,
//! never misattribute it. The walk is bounded ([`MAX_SHOWS`]) and never panics.

use std::collections::HashMap;

use baocao_viet::legacy::{encoding_from_font_name, LegacyEncoding};
use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::guard::MAX_FORM_DEPTH;

/// The text encoding a font's name announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum FontCoding {
    /// Any other font: its text is Unicode (or unknown).
    Other,
    /// A TCVN3 font (`.VnTime`, `.VnArial,Bold`).
    Tcvn3,
    /// A TCVN3 capitals font (`.VnTimeH`): the decoded text is upper-cased.
    Tcvn3Caps,
    /// A VNI font (`VNI-Times`).
    Vni,
}

impl FontCoding {
    /// The coding announced by a font's `BaseFont` name.
    pub fn from_base_font(name: &str) -> FontCoding {
        match encoding_from_font_name(name) {
            Some((LegacyEncoding::Tcvn3, true)) => FontCoding::Tcvn3Caps,
            Some((LegacyEncoding::Tcvn3, false)) => FontCoding::Tcvn3,
            Some((LegacyEncoding::Vni, _)) => FontCoding::Vni,
            None => FontCoding::Other,
        }
    }

    /// The legacy encoding, if any.
    pub fn legacy(self) -> Option<LegacyEncoding> {
        match self {
            FontCoding::Other => None,
            FontCoding::Tcvn3 | FontCoding::Tcvn3Caps => Some(LegacyEncoding::Tcvn3),
            FontCoding::Vni => Some(LegacyEncoding::Vni),
        }
    }
}

/// One string shown by `Tj`/`TJ`: the font it is set in (`None`: no font
/// selected, which `pdf-extract` does not survive) and its number of
/// character codes when certain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Show {
    pub font: Option<FontCoding>,
    pub codes: Option<usize>,
}

/// Most shows listed per page; a longer page gets no font evidence.
pub const MAX_SHOWS: usize = 400_000;

/// A font as the walk needs it.
#[derive(Clone, Copy, Debug)]
struct FontInfo {
    coding: FontCoding,
    /// Bytes per character code, when fixed.
    code_bytes: Option<usize>,
}

/// Walk state shared by a page and its XObjects.
struct Walk<'a> {
    doc: &'a Document,
    fonts: HashMap<Vec<u8>, FontInfo>,
    shows: Vec<Show>,
    unreported: usize,
    /// The walk stopped where `pdf-extract` stops reading a stream (a `Tj`
    /// without a string, a `Tf` without a name).
    stopped: bool,
    overflow: bool,
}

/// What the walk of a page found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Walked {
    /// Every show `pdf-extract` reports, in its order.
    pub shows: Vec<Show>,
    /// Strings shown by `'` and `"`, which `pdf-extract` does not report.
    pub unreported: usize,
    /// A stream was left early, at an operation `pdf-extract` stops at too.
    pub stopped: bool,
}

/// Every show of a page, in `pdf-extract`'s order, and what the walk saw
/// beside them; `None` when the page's content cannot be read or holds
/// more than [`MAX_SHOWS`] shows.
pub fn page_walk(doc: &Document, page: ObjectId) -> Option<Walked> {
    let dict = doc.get_dictionary(page).ok()?;
    let content = crate::fallback::page_content(doc, dict);
    let resources = inherited_resources(doc, dict);
    let mut walk = Walk {
        doc,
        fonts: HashMap::new(),
        shows: Vec::new(),
        unreported: 0,
        stopped: false,
        overflow: false,
    };
    walk.stream(&content, resources, 0);
    (!walk.overflow).then_some(Walked {
        shows: walk.shows,
        unreported: walk.unreported,
        stopped: walk.stopped,
    })
}

/// The page's /Resources, looked up the /Parent chain (bounded).
fn inherited_resources<'a>(doc: &'a Document, mut dict: &'a Dictionary) -> Option<&'a Dictionary> {
    for _ in 0..crate::guard::MAX_PARENT_CHAIN {
        if let Some(res) = deref_dict(doc, dict.get(b"Resources").ok()) {
            return Some(res);
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// `obj` (following a reference) as a dictionary.
fn deref_dict<'a>(doc: &'a Document, obj: Option<&'a Object>) -> Option<&'a Dictionary> {
    let (_, obj) = doc.dereference(obj?).ok()?;
    obj.as_dict().ok()
}

/// The entry `name` of the resource category `category` (`Font`, `XObject`).
fn resource<'a>(
    doc: &'a Document,
    resources: Option<&'a Dictionary>,
    category: &[u8],
    name: &[u8],
) -> Option<&'a Object> {
    let cat = deref_dict(doc, resources?.get(category).ok())?;
    let (_, obj) = doc.dereference(cat.get(name).ok()?).ok()?;
    Some(obj)
}

impl<'a> Walk<'a> {
    /// Walk one content stream with a fresh graphics state.
    fn stream(&mut self, content: &[u8], resources: Option<&'a Dictionary>, depth: usize) {
        let mut font: Option<FontInfo> = None;
        let mut saved: Vec<Option<FontInfo>> = Vec::new();
        for op in &crate::ops::parse(content) {
            if self.overflow {
                return;
            }
            match op.operator.as_str() {
                "q" => saved.push(font),
                "Q" => {
                    if let Some(f) = saved.pop() {
                        font = f;
                    }
                }
                "Tf" => {
                    let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else {
                        self.stopped = true;
                        return;
                    };
                    font = Some(self.font(resources, name));
                }
                "Tj" => match op.operands.first() {
                    Some(Object::String(s, _)) => self.show(font, s),
                    _ => {
                        self.stopped = true;
                        return;
                    }
                },
                "'" | "\"" => self.unreported += 1,
                "TJ" => {
                    if let Some(Object::Array(items)) = op.operands.first() {
                        for item in items {
                            if let Object::String(s, _) = item {
                                self.show(font, s);
                            }
                        }
                    }
                }
                "Do" => {
                    let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else {
                        self.stopped = true;
                        return;
                    };
                    self.xobject(resources, name, depth);
                }
                _ => {}
            }
        }
    }

    /// Record one show.
    fn show(&mut self, font: Option<FontInfo>, bytes: &[u8]) {
        if self.shows.len() >= MAX_SHOWS {
            self.overflow = true;
            return;
        }
        self.shows.push(Show {
            font: font.map(|f| f.coding),
            codes: font.and_then(|f| f.code_bytes).map(|n| bytes.len() / n),
        });
    }

    /// The font named `name`, from the page cache or the resources.
    fn font(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> FontInfo {
        if let Some(f) = self.fonts.get(name) {
            return *f;
        }
        let dict = resource(self.doc, resources, b"Font", name).and_then(|o| o.as_dict().ok());
        let info = dict.map_or(
            FontInfo {
                coding: FontCoding::Other,
                code_bytes: None,
            },
            |d| font_info(self.doc, d),
        );
        self.fonts.insert(name.to_vec(), info);
        info
    }

    /// Run the XObject named `name` (any subtype, like `pdf-extract`).
    fn xobject(&mut self, resources: Option<&'a Dictionary>, name: &[u8], depth: usize) {
        if depth >= MAX_FORM_DEPTH {
            return;
        }
        let Some(stream) =
            resource(self.doc, resources, b"XObject", name).and_then(|o| o.as_stream().ok())
        else {
            return;
        };
        let own = deref_dict(self.doc, stream.dict.get(b"Resources").ok());
        let content = crate::streams::decoded(stream);
        self.stream(&content, own.or(resources), depth + 1);
    }
}

/// Coding and code width of a font dictionary.
fn font_info(doc: &Document, dict: &Dictionary) -> FontInfo {
    let name = |key: &[u8]| {
        dict.get(key)
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_name().ok())
            .map(|n| String::from_utf8_lossy(n).into_owned())
    };
    let base = name(b"BaseFont").unwrap_or_default();
    let type0 = name(b"Subtype").as_deref() == Some("Type0");
    let code_bytes = if !type0 {
        Some(1)
    } else if matches!(
        name(b"Encoding").as_deref(),
        Some("Identity-H" | "Identity-V")
    ) {
        Some(2)
    } else {
        None
    };
    FontInfo {
        coding: FontCoding::from_base_font(&base),
        code_bytes,
    }
}

/// Whether the glyphs an `OutputDev` received cover the walk exactly:
/// the walk went through every stream and met no `'` or `"`, every walked
/// show was received, each with a certain code count and that many glyphs.
pub fn covers(glyph_shows: &[usize], shows_received: usize, walked: Option<&Walked>) -> bool {
    let Some(Walked {
        shows: walked,
        unreported: 0,
        stopped: false,
    }) = walked
    else {
        return false;
    };
    shows_received == walked.len()
        && glyphs_per_show(glyph_shows, shows_received).is_some_and(|counts| {
            counts
                .iter()
                .zip(walked)
                .all(|(&got, show)| show.codes == Some(got))
        })
}

/// How many glyphs each of the `shows_received` shows produced; `None`
/// when a glyph names a show that was not received.
fn glyphs_per_show(glyph_shows: &[usize], shows_received: usize) -> Option<Vec<usize>> {
    let mut counts = vec![0usize; shows_received];
    for &s in glyph_shows {
        *counts.get_mut(s)? += 1;
    }
    Some(counts)
}

/// The font of every glyph, given the show each glyph came from (its index
/// among the `begin_word` calls the `OutputDev` received) and the walk's
/// shows. `None` for every glyph when the two disagree: more shows received
/// than walked, or a show whose certain code count differs from the glyphs
/// it produced. `shows_received` is the number of `begin_word` calls.
pub fn assign(
    glyph_shows: &[usize],
    shows_received: usize,
    walked: Option<&[Show]>,
) -> Vec<Option<FontCoding>> {
    let unknown = || vec![None; glyph_shows.len()];
    let Some(walked) = walked else {
        return unknown();
    };
    if shows_received > walked.len() {
        return unknown();
    }
    let agree = glyphs_per_show(glyph_shows, shows_received).is_some_and(|counts| {
        counts
            .iter()
            .zip(walked)
            .all(|(&got, show)| show.codes.is_none_or(|n| n == got))
    });
    if !agree {
        return unknown();
    }
    glyph_shows.iter().map(|&s| walked[s].font).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codings_from_names() {
        assert_eq!(
            FontCoding::from_base_font("FBHPEM+VnTime"),
            FontCoding::Tcvn3
        );
        assert_eq!(
            FontCoding::from_base_font("FBHPFO+VnTimeHBold"),
            FontCoding::Tcvn3Caps
        );
        assert_eq!(
            FontCoding::from_base_font("CCBOCO+.VnTimeH"),
            FontCoding::Tcvn3Caps
        );
        assert_eq!(FontCoding::from_base_font("VNI-Times"), FontCoding::Vni);
        assert_eq!(
            FontCoding::from_base_font("TimesNewRomanPSMT"),
            FontCoding::Other
        );
    }

    fn show(font: FontCoding, codes: Option<usize>) -> Show {
        Show {
            font: Some(font),
            codes,
        }
    }

    #[test]
    fn assign_agreeing_walk() {
        let walked = [
            show(FontCoding::Tcvn3, Some(2)),
            show(FontCoding::Other, None),
            show(FontCoding::Tcvn3Caps, Some(1)),
        ];
        let fonts = assign(&[0, 0, 1, 1, 1, 2], 3, Some(&walked));
        assert_eq!(
            fonts,
            vec![
                Some(FontCoding::Tcvn3),
                Some(FontCoding::Tcvn3),
                Some(FontCoding::Other),
                Some(FontCoding::Other),
                Some(FontCoding::Other),
                Some(FontCoding::Tcvn3Caps),
            ]
        );
        // An interrupted page: a prefix of the shows received still agrees.
        assert_eq!(assign(&[0, 0], 1, Some(&walked)).len(), 2);
    }

    #[test]
    fn covers_only_a_walk_received_whole() {
        let walked = |shows: Vec<Show>, unreported, stopped| Walked {
            shows,
            unreported,
            stopped,
        };
        let two = || {
            vec![
                show(FontCoding::Other, Some(2)),
                show(FontCoding::Other, Some(1)),
            ]
        };
        assert!(covers(&[0, 0, 1], 2, Some(&walked(two(), 0, false))));
        // A prefix, a glyph short, a quote show, a stopped walk, no walk.
        assert!(!covers(&[0, 0], 1, Some(&walked(two(), 0, false))));
        assert!(!covers(&[0, 1], 2, Some(&walked(two(), 0, false))));
        assert!(!covers(&[0, 0, 1], 2, Some(&walked(two(), 1, false))));
        assert!(!covers(&[0, 0, 1], 2, Some(&walked(two(), 0, true))));
        assert!(!covers(&[0, 0, 1], 2, None));
        // A code count the walk is not sure of.
        let unsure = vec![show(FontCoding::Other, None)];
        assert!(!covers(&[0], 1, Some(&walked(unsure, 0, false))));
    }

    #[test]
    fn assign_gives_up_on_disagreement() {
        let walked = [show(FontCoding::Tcvn3, Some(2))];
        assert_eq!(assign(&[0], 1, Some(&walked)), vec![None]);
        assert_eq!(assign(&[0, 0, 1], 2, Some(&walked)), vec![None; 3]);
        assert_eq!(assign(&[0], 1, None), vec![None]);
    }

    #[test]
    fn walks_a_real_tcvn3_page() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/real/2007-1AF57_02-2007.pdf"
        ))
        .expect("fixture");
        let doc = Document::load_mem(&bytes).expect("pdf");
        let (_, page) = doc.get_pages().into_iter().next().expect("page");
        let shows = page_walk(&doc, page).expect("shows").shows;
        assert!(!shows.is_empty());
        assert!(shows
            .iter()
            .any(|s| s.font == Some(FontCoding::Tcvn3Caps) || s.font == Some(FontCoding::Tcvn3)));
    }
}
