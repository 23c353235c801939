//! The unit registry (`rules/units.toml`): Huế's 40 phường and xã, the former
//! units merged into each, and the canonicalisation of the many ways reports
//! name them ("ỦY BAN NHÂN DÂN PHƯỜNG KIM TRÀ", "UBND phường Kim Trà",
//! "P. Kim Trà", tone-style variants) to the registry name.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::RulesError;

/// A former unit merged into a current one.
#[derive(Debug, Clone)]
pub struct Former {
    /// Full name, e.g. "Xã Hương Toàn".
    pub name: String,
    /// Name without its type, as used in breakdowns: "Hương Toàn".
    pub subunit: String,
    pub code: String,
    /// Folded `subunit`, for matching.
    pub key: String,
}

/// A current unit.
#[derive(Debug, Clone)]
pub struct Unit {
    pub code: String,
    /// Registry name, e.g. "Phường Kim Trà" (canonical tone marks).
    pub name: String,
    /// "phường" or "xã".
    pub kind: String,
    pub former: Vec<Former>,
    /// Folded bare names (registry name without its type, plus aliases).
    pub keys: Vec<String>,
}

/// All units, in file order.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub units: Vec<Unit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    unit: Vec<UnitDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitDef {
    code: String,
    name: Spanned<String>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    former: Vec<FormerDef>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormerDef {
    name: String,
    subunit: String,
    code: String,
    #[serde(default)]
    #[allow(dead_code)]
    extent: String,
}

/// Words that may stand before a unit's own name.
const TYPE_WORDS: &[&str] = &["phuong", "xa", "thi tran", "p.", "x."];

impl Registry {
    pub fn load(path: &Path) -> Result<Registry, RulesError> {
        let src = crate::read_file(path)?;
        Self::parse(path, &src)
    }

    pub fn parse(path: &Path, src: &str) -> Result<Registry, RulesError> {
        let def: FileDef = toml::from_str(src).map_err(|e| RulesError::from_toml(path, src, e))?;
        let mut names = HashSet::new();
        let mut units = Vec::new();
        for u in def.unit {
            let name = baocao_viet::normalize::normalize(u.name.get_ref());
            if !names.insert(name.clone()) {
                return Err(RulesError::invalid(
                    path,
                    src,
                    u.name.span().start,
                    format!("unit `{name}` is listed twice"),
                ));
            }
            let kind = u.kind.get_ref().clone();
            if kind != "phường" && kind != "xã" {
                return Err(RulesError::invalid(
                    path,
                    src,
                    u.kind.span().start,
                    format!("unit `{name}`: type must be \"phường\" or \"xã\", not `{kind}`"),
                ));
            }
            let mut keys = vec![bare_key(&name)];
            keys.extend(u.aliases.iter().map(|a| bare_key(a)));
            let former = u
                .former
                .into_iter()
                .map(|f| {
                    let subunit = baocao_viet::normalize::normalize(&f.subunit);
                    Former {
                        key: baocao_viet::fold::fold(&subunit),
                        name: baocao_viet::normalize::normalize(&f.name),
                        subunit,
                        code: f.code,
                    }
                })
                .collect();
            units.push(Unit {
                code: u.code,
                name,
                kind,
                former,
                keys,
            });
        }
        Ok(Registry { units })
    }

    /// The unit a name refers to: "UBND phường Kim Trà", "PHƯỜNG KIM TRÀ", "Kim Trà".
    pub fn find(&self, name: &str) -> Option<&Unit> {
        let key = bare_key(name);
        self.units.iter().find(|u| u.keys.contains(&key))
    }

    pub fn get(&self, name: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.name == name)
    }
}

impl Unit {
    /// The former unit a breakdown entry names ("Hương Toàn", "xã Hương Toàn", "HƯƠNG TOÀN").
    pub fn former_by_name(&self, name: &str) -> Option<&Former> {
        let key = bare_key(name);
        self.former.iter().find(|f| f.key == key)
    }
}

/// Folded name with "ủy ban nhân dân", "ubnd" and type words removed.
pub fn bare_key(name: &str) -> String {
    let mut s = baocao_viet::fold::fold(name);
    s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    for prefix in ["uy ban nhan dan ", "ubnd "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
        }
    }
    for word in TYPE_WORDS {
        if let Some(rest) = s.strip_prefix(word) {
            let rest = rest.trim_start();
            if rest.len() < s.len() && !rest.is_empty() {
                s = rest.to_string();
                break;
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Registry {
        Registry::load(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../rules/units.toml"
        )))
        .unwrap()
    }

    #[test]
    fn forty_units() {
        let r = shipped();
        assert_eq!(r.units.len(), 40);
        assert_eq!(r.units.iter().filter(|u| u.kind == "phường").count(), 21);
    }

    #[test]
    fn canonicalises_the_ways_reports_name_a_unit() {
        let r = shipped();
        for n in [
            "ỦY BAN NHÂN DÂN PHƯỜNG KIM TRÀ",
            "UBND phường Kim Trà",
            "P. Kim Trà",
            "PHƯỜNG KIM TRÀ",
            "Kim Trà",
        ] {
            assert_eq!(
                r.find(n).map(|u| u.name.as_str()),
                Some("Phường Kim Trà"),
                "{n}"
            );
        }
        assert_eq!(
            r.find("Uỷ ban nhân dân phường Hoá Châu")
                .map(|u| u.name.as_str()),
            Some("Phường Hóa Châu")
        );
        assert!(
            r.find("Phường Tây Lộc").is_none(),
            "a former unit is not a current one"
        );
    }

    #[test]
    fn former_units_match_spelling_variants() {
        let r = shipped();
        let u = r.find("Kim Trà").unwrap();
        assert_eq!(
            u.former_by_name("HƯƠNG TOÀN").unwrap().subunit,
            "Hương Toàn"
        );
        assert_eq!(
            u.former_by_name("xã Hương Toàn").unwrap().subunit,
            "Hương Toàn"
        );
        let tx = r.find("Thủy Xuân").unwrap();
        assert_eq!(tx.former_by_name("Thuỷ Biều").unwrap().subunit, "Thủy Biều");
    }
}
