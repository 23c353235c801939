//! Section templates (`rules/sections/<kind>.toml`) and the outline of a report.
//!
//! A heading is a paragraph that starts with a numbering marker (A., I., 1.,
//! 2.1., a), "Phần thứ …") or is a short line in capitals. It belongs to the
//! first section whose pattern matches at the start of its text, so a heading
//! that names several sections ("Những hạn chế, nguyên nhân và bài học kinh
//! nghiệm") counts only for the first. A section is present when one of its
//! headings has a body: text before the next heading of the same or a higher
//! level.

use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::error::RulesError;
use crate::text::DocText;

/// One expected section.
#[derive(Debug, Clone)]
pub struct SectionDef {
    pub id: String,
    pub label: String,
    pub label_en: String,
    pub required: bool,
    pub parent: Option<String>,
    /// Recognised on numbered/capital headings (true) or on any paragraph (false).
    pub numbered: bool,
    pub headings: Vec<Regex>,
}

/// The sections expected of one report kind.
#[derive(Debug, Clone)]
pub struct Template {
    pub kind: String,
    pub sections: Vec<SectionDef>,
}

/// Every kind's template.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    pub templates: Vec<Template>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    kind: String,
    section: Vec<SectionFileDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionFileDef {
    id: Spanned<String>,
    label: String,
    label_en: String,
    required: bool,
    #[serde(default)]
    parent: Option<Spanned<String>>,
    #[serde(default = "yes")]
    numbered: bool,
    headings: Vec<Spanned<String>>,
}

fn yes() -> bool {
    true
}

impl Templates {
    /// Load every `*.toml` of `dir`, in name order.
    pub fn load(dir: &Path) -> Result<Templates, RulesError> {
        let paths = crate::fingerprint::section_files(dir)?;
        let mut templates: Vec<Template> = Vec::new();
        for p in paths {
            let src = crate::read_file(&p)?;
            let t = Template::parse(&p, &src)?;
            if templates.iter().any(|x| x.kind == t.kind) {
                return Err(RulesError::invalid(
                    &p,
                    &src,
                    0,
                    format!("a second template for kind `{}`", t.kind),
                ));
            }
            templates.push(t);
        }
        Ok(Templates { templates })
    }

    pub fn for_kind(&self, kind: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.kind == kind)
    }
}

impl Template {
    pub fn parse(path: &Path, src: &str) -> Result<Template, RulesError> {
        let def: FileDef = toml::from_str(src).map_err(|e| RulesError::from_toml(path, src, e))?;
        let mut sections: Vec<SectionDef> = Vec::new();
        for s in def.section {
            let id = s.id.get_ref().clone();
            if sections.iter().any(|x| x.id == id) {
                return Err(RulesError::invalid(
                    path,
                    src,
                    s.id.span().start,
                    format!("section `{id}` is defined twice"),
                ));
            }
            if s.headings.is_empty() {
                return Err(RulesError::invalid(
                    path,
                    src,
                    s.id.span().start,
                    format!("section `{id}` has no heading patterns"),
                ));
            }
            let headings = s
                .headings
                .iter()
                .map(|h| {
                    crate::pattern::compile_plain(&format!("^(?:{})", h.get_ref())).map_err(|e| {
                        RulesError::invalid(
                            path,
                            src,
                            h.span().start,
                            format!("section `{id}` heading: {}", e.message),
                        )
                    })
                })
                .collect::<Result<_, _>>()?;
            sections.push(SectionDef {
                id,
                label: s.label,
                label_en: s.label_en,
                required: s.required,
                parent: s.parent.map(Spanned::into_inner),
                numbered: s.numbered,
                headings,
            });
        }
        for s in &sections {
            if let Some(p) = &s.parent {
                if !sections.iter().any(|x| &x.id == p) {
                    return Err(RulesError::invalid(
                        path,
                        src,
                        0,
                        format!(
                            "section `{}`: parent `{p}` is not a section of this template",
                            s.id
                        ),
                    ));
                }
            }
        }
        Ok(Template {
            kind: def.kind,
            sections,
        })
    }
}

/// A heading of the report's outline.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    /// 0 for un-numbered special lines (Nơi nhận, TM.), 1 for A./Phần, 2 for I., 3 for 1., 4 for 1.1., 5 for a).
    pub level: u8,
    pub marker: String,
    pub text: String,
    pub page: u32,
    pub section: Option<String>,
    /// Every section the heading's text names (more than one: a list heading).
    pub named: Vec<String>,
    pub has_body: bool,
    /// Folded range of the heading's paragraph.
    #[serde(skip)]
    pub range: Range<usize>,
}

/// Whether one expected section is there.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SectionStatus {
    pub id: String,
    pub required: bool,
    pub present: bool,
    pub page: Option<u32>,
}

/// The outline of a report against its template.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub sections: Vec<SectionStatus>,
}

impl Outline {
    /// Folded ranges covered by the given sections' headings and bodies.
    pub fn ranges_of(&self, ids: &[String], doc_len: usize) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for (i, h) in self.headings.iter().enumerate() {
            if h.section.as_ref().is_some_and(|s| ids.contains(s)) {
                let end = self.headings[i + 1..]
                    .iter()
                    .find(|n| n.level <= h.level)
                    .map_or(doc_len, |n| n.range.start);
                out.push(h.range.start..end);
            }
        }
        out
    }

    /// Ids of the sections that are missing.
    pub fn missing(&self) -> Vec<&SectionStatus> {
        self.sections.iter().filter(|s| !s.present).collect()
    }
}

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:((?i:phần thứ [\p{L}]+|phần [ivx]+))[.:]?|([A-Z])\.|([IVXLC]+)\.|(\d+(?:\.\d+)+)\.?|(\d+)\.|([a-zđ])[.)])\s*").unwrap()
});

/// Read the outline of `doc` against `template`.
pub fn outline(doc: &DocText, template: &Template) -> Outline {
    let mut headings = Vec::new();
    for range in doc.paragraphs() {
        let text = &doc.text()[range.clone()];
        if let Some(h) = heading(doc, template, range.clone(), text) {
            headings.push(h);
        }
    }
    resolve_list_headings(&mut headings);
    mark_bodies(doc, &mut headings);
    let sections = template
        .sections
        .iter()
        .map(|s| {
            let mine: Vec<&Heading> = headings
                .iter()
                .filter(|h| h.section.as_deref() == Some(&s.id))
                .collect();
            let with_body = mine.iter().find(|h| h.has_body);
            SectionStatus {
                id: s.id.clone(),
                required: s.required,
                present: with_body.is_some(),
                page: with_body.map(|h| h.page),
            }
        })
        .collect();
    Outline { headings, sections }
}

/// Classify one paragraph as a heading, if it is one.
fn heading(doc: &DocText, template: &Template, range: Range<usize>, text: &str) -> Option<Heading> {
    let folded_range = folded_range(doc, &range);
    let page = doc.page_at(range.start);
    let whole = clean_heading(text);
    if let Some(s) = first_match(template, false, &whole) {
        let head: String = text.chars().take(200).collect();
        return Some(Heading {
            level: 0,
            marker: String::new(),
            text: head,
            page,
            section: Some(s),
            named: Vec::new(),
            has_body: false,
            range: folded_range,
        });
    }
    let (level, marker, rest) = match MARKER.captures(text) {
        Some(c) => {
            let level = if c.get(1).is_some() || c.get(2).is_some_and(|m| !is_roman(m.as_str())) {
                1
            } else if c.get(3).is_some() || c.get(2).is_some() {
                2
            } else if let Some(m) = c.get(4) {
                3 + m.as_str().matches('.').count() as u8
            } else if c.get(5).is_some() {
                3
            } else {
                5
            };
            let all = c.get(0).expect("match");
            (level, all.as_str().trim().to_string(), &text[all.end()..])
        }
        None if is_caps_heading(text) => (1, String::new(), text),
        None => return None,
    };
    let head: String = rest.chars().take(200).collect();
    let folded = clean_heading(&head);
    let section = first_match(template, true, &folded);
    let mut named = named_sections(template, &folded);
    if let Some(s) = &section {
        if !named.contains(s) {
            named.insert(0, s.clone());
        }
    }
    Some(Heading {
        level,
        marker,
        text: head,
        page,
        section,
        named,
        has_body: false,
        range: folded_range,
    })
}

/// Folded heading text without trailing punctuation.
fn clean_heading(text: &str) -> String {
    let head: String = text.chars().take(200).collect();
    baocao_viet::fold::fold(&head)
        .trim_end_matches([':', '.', ' '])
        .to_string()
}

/// The first section (numbered or not) whose pattern matches at the start of `folded`.
fn first_match(template: &Template, numbered: bool, folded: &str) -> Option<String> {
    template
        .sections
        .iter()
        .filter(|s| s.numbered == numbered)
        .find(|s| s.headings.iter().any(|re| re.is_match(folded)))
        .map(|s| s.id.clone())
}

/// Every section a heading names, item by item ("Hạn chế, nguyên nhân và bài
/// học kinh nghiệm" names limitations, causes and lessons).
fn named_sections(template: &Template, folded: &str) -> Vec<String> {
    let mut named: Vec<String> = Vec::new();
    for item in folded
        .split([',', ';'])
        .flat_map(|p| p.split(" va "))
        .flat_map(|p| p.split(" - "))
    {
        if let Some(id) = first_match(template, true, item.trim()) {
            if !named.contains(&id) {
                named.push(id);
            }
        }
    }
    named
}

/// A heading that names several sections counts for none of them when its
/// own sub-headings take up any of them: then each named section needs a
/// sub-heading of its own (the spec's "bài học kinh nghiệm" trap).
fn resolve_list_headings(headings: &mut [Heading]) {
    for i in 0..headings.len() {
        if headings[i].named.len() < 2 {
            continue;
        }
        let level = headings[i].level;
        let children = headings[i + 1..]
            .iter()
            .take_while(|h| h.level > level && h.level > 0);
        let split = children
            .filter_map(|h| h.section.as_ref())
            .any(|s| headings[i].named.contains(s));
        if split {
            headings[i].section = None;
        }
    }
}

fn is_roman(s: &str) -> bool {
    s.len() == 1 && matches!(s, "I" | "V" | "X")
}

/// A short line in capitals ("MỤC TIÊU, PHƯƠNG HƯỚNG").
fn is_caps_heading(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 6
        && text.chars().count() <= 160
        && letters.iter().filter(|c| c.is_uppercase()).count() * 10 >= letters.len() * 9
}

/// A heading has a body when letters follow it before the next heading of the
/// same or a higher level (for special lines: before the next heading at all).
fn mark_bodies(doc: &DocText, headings: &mut [Heading]) {
    let folded = doc.folded();
    let n = headings.len();
    for i in 0..n {
        let level = headings[i].level;
        let start = headings[i].range.end;
        let end = headings[i + 1..]
            .iter()
            .find(|h| level == 0 || h.level == 0 || h.level <= level)
            .map_or(folded.len(), |h| h.range.start);
        let letters = folded[start.min(end)..end]
            .chars()
            .filter(|c| c.is_alphabetic())
            .count();
        let need = if level == 0 { 5 } else { 20 };
        headings[i].has_body = letters >= need;
    }
}

fn folded_range(doc: &DocText, range: &Range<usize>) -> Range<usize> {
    // Paragraph boundaries coincide in both texts: find by scanning the folded text's paragraph starts.
    let folded = doc.folded();
    let idx = doc
        .paragraphs()
        .iter()
        .position(|p| p == range)
        .unwrap_or(0);
    let mut starts = std::iter::once(0).chain(folded.match_indices('\n').map(|(i, _)| i + 1));
    let start = starts.nth(idx).unwrap_or(0);
    let end = folded[start..]
        .find('\n')
        .map_or(folded.len(), |i| start + i);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> Template {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../rules/sections/emulation_awards_5y.toml"
        ));
        Template::parse(path, &std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn the_seed_trap_lessons_are_missing() {
        let text = "A. TÌNH HÌNH VÀ KẾT QUẢ\nI. Những kết quả đạt được\n1. Công tác lãnh đạo, chỉ đạo, tổ chức các phong trào thi đua và công tác khen thưởng\nTrong giai đoạn 2020-2025 thực hiện đổi mới, đẩy mạnh phong trào thi đua yêu nước.\nII. Những hạn chế, nguyên nhân và bài học kinh nghiệm\n1. Hạn chế\n- Việc xây dựng các mô hình điển hình tiên tiến chưa được quan tâm đúng mức.\n2. Nguyên nhân\nCán bộ, công chức làm công tác thi đua khen thưởng theo hình thức kiêm nhiệm.\nNơi nhận:\n- Lưu VT.\n";
        let doc = DocText::from_pages(&[(1, text.into())]);
        let o = outline(&doc, &template());
        let present: Vec<&str> = o
            .sections
            .iter()
            .filter(|s| s.present)
            .map(|s| s.id.as_str())
            .collect();
        assert!(present.contains(&"leadership"), "{present:?}");
        assert!(present.contains(&"limitations"));
        assert!(present.contains(&"causes"));
        assert!(present.contains(&"recipients"));
        assert!(!present.contains(&"lessons"));
    }

    #[test]
    fn a_list_heading_split_into_sub_headings_counts_only_through_them() {
        let text = "B. MỤC TIÊU, PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC THI ĐUA GIAI ĐOẠN 2025-2030\nI. Phương hướng\nTiếp tục phát huy vai trò lãnh đạo của Đảng, nâng cao hiệu lực.\nII. Nhiệm vụ chủ yếu\nTổ chức và phát động phong trào thi đua yêu nước sôi nổi.\nNơi nhận:\n- Lưu VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nMai Ngọc Nga";
        let doc = DocText::from_pages(&[(1, text.into())]);
        let o = outline(&doc, &template());
        let get = |id: &str| o.sections.iter().find(|s| s.id == id).unwrap().present;
        assert!(!get("objectives"), "named only in the list heading");
        assert!(get("directions") && get("tasks"));
        assert!(
            get("signature_block"),
            "a signature line in capitals is still a signature line"
        );
    }

    #[test]
    fn a_heading_without_body_is_not_a_section() {
        let doc = DocText::from_pages(&[(1, "3. Bài học kinh nghiệm\n4. Công tác khen thưởng\nCó 2.151 cá nhân được công nhận danh hiệu Lao động tiên tiến.".into())]);
        let o = outline(&doc, &template());
        let get = |id: &str| o.sections.iter().find(|s| s.id == id).unwrap().present;
        assert!(!get("lessons"));
        assert!(get("awards_work"));
    }

    #[test]
    fn levels_follow_the_numbering() {
        let doc = DocText::from_pages(&[(1, "B. MỤC TIÊU\nII. Nhiệm vụ chủ yếu\n2.1. Kết quả thực hiện\na) Tổ chức\nPHƯƠNG HƯỚNG NĂM TỚI".into())]);
        let o = outline(&doc, &template());
        let levels: Vec<u8> = o.headings.iter().map(|h| h.level).collect();
        assert_eq!(levels, vec![1, 2, 4, 5, 1]);
    }
}
