//! Report kinds (`rules/kinds.toml`), recognised from the title.

use std::collections::HashSet;
use std::path::Path;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::error::RulesError;
use crate::text::DocText;

/// A report kind and the title patterns that recognise it.
#[derive(Debug, Clone)]
pub struct Kind {
    pub id: String,
    pub label: String,
    pub label_en: String,
    pub title: Vec<Regex>,
}

/// All kinds, in file order (the first that matches wins).
#[derive(Debug, Clone)]
pub struct Kinds {
    pub kinds: Vec<Kind>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    kind: Vec<KindDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindDef {
    id: Spanned<String>,
    label: String,
    label_en: String,
    title: Vec<Spanned<String>>,
}

/// How much of the start of a report is searched for its title (folded bytes).
const TITLE_WINDOW: usize = 2500;

impl Kinds {
    pub fn load(path: &Path) -> Result<Kinds, RulesError> {
        let src = crate::read_file(path)?;
        Self::parse(path, &src)
    }

    pub fn parse(path: &Path, src: &str) -> Result<Kinds, RulesError> {
        let def: FileDef = toml::from_str(src).map_err(|e| RulesError::from_toml(path, src, e))?;
        let mut seen = HashSet::new();
        let mut kinds = Vec::new();
        for k in def.kind {
            if !seen.insert(k.id.get_ref().clone()) {
                return Err(RulesError::invalid(
                    path,
                    src,
                    k.id.span().start,
                    format!("kind `{}` is defined twice", k.id.get_ref()),
                ));
            }
            if k.title.is_empty() {
                return Err(RulesError::invalid(
                    path,
                    src,
                    k.id.span().start,
                    format!("kind `{}` has no title patterns", k.id.get_ref()),
                ));
            }
            let title = k
                .title
                .iter()
                .map(|t| {
                    crate::pattern::compile_plain(t.get_ref()).map_err(|e| {
                        RulesError::invalid(
                            path,
                            src,
                            t.span().start,
                            format!("kind `{}` title: {}", k.id.get_ref(), e.message),
                        )
                    })
                })
                .collect::<Result<_, _>>()?;
            kinds.push(Kind {
                id: k.id.into_inner(),
                label: k.label,
                label_en: k.label_en,
                title,
            });
        }
        Ok(Kinds { kinds })
    }

    /// The kind of a report, from the title near its start.
    pub fn detect(&self, doc: &DocText) -> Option<&Kind> {
        let folded = doc.folded();
        let head = &folded[..baocao_viet::text::floor_char_boundary(folded, TITLE_WINDOW)];
        self.kinds
            .iter()
            .find(|k| k.title.iter().any(|re| re.is_match(head)))
    }

    pub fn get(&self, id: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Kinds {
        Kinds::load(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../rules/kinds.toml"
        )))
        .unwrap()
    }

    #[test]
    fn seed_title_is_emulation_awards() {
        let doc = DocText::from_pages(&[(1, "BÁO CÁO\nTổng kết công tác thi đua, khen thưởng giai đoạn 2020-2025;\nphương hướng, nhiệm vụ".into())]);
        assert_eq!(shipped().detect(&doc).unwrap().id, "emulation_awards_5y");
    }

    #[test]
    fn socioeconomic_title() {
        let doc = DocText::from_pages(&[(
            1,
            "BÁO CÁO\nTình hình kinh tế - xã hội 6 tháng đầu năm 2025".into(),
        )]);
        assert_eq!(shipped().detect(&doc).unwrap().id, "socioeconomic_6m");
    }

    #[test]
    fn unrelated_title_is_none() {
        let doc = DocText::from_pages(&[(1, "QUYẾT ĐỊNH\nVề việc công nhận Điều lệ".into())]);
        assert!(shipped().detect(&doc).is_none());
    }
}
