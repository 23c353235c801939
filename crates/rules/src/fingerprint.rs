//! What the rules were loaded from, as one hash: the analysis cache keys
//! every file's report by it (with the file's content and the program), so
//! an edit of a rules file invalidates every report made with the old
//! rules, and nothing else does (`rules/README.md`, `reference/`).
//!
//! [`of_dir`] hashes exactly the files [`crate::Rules::load`] reads —
//! `metrics.toml`, `checks.toml`, `kinds.toml`, `units.toml` and every
//! `sections/*.toml` — each as its name, its length and its bytes, in
//! [`RULES_FILES`] order then the sections by name. Rules that come from
//! somewhere else than a folder (embedded in the binary) hash their own
//! bytes the same way through [`Hasher`].

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::RulesError;

/// The rules files of a folder that are read, besides `sections/*.toml`.
pub const RULES_FILES: [&str; 4] = ["metrics.toml", "checks.toml", "kinds.toml", "units.toml"];

/// A SHA-256 over named files, in the order they are added.
#[derive(Default)]
pub struct Hasher(Sha256);

impl Hasher {
    /// Add one file: its name, length and bytes (so that no two lists of
    /// files hash alike by moving bytes from one file to the next).
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        self.0.update((name.len() as u64).to_le_bytes());
        self.0.update(name.as_bytes());
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    /// The hash, lower-case hex.
    pub fn finish(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// The fingerprint of the rules folder `dir`: the files the loader reads.
pub fn of_dir(dir: &Path) -> Result<String, RulesError> {
    let mut h = Hasher::default();
    for name in RULES_FILES {
        h.add(name, &read(&dir.join(name))?);
    }
    for path in section_files(&dir.join("sections"))? {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        h.add(
            &format!("sections/{}", name.unwrap_or_default()),
            &read(&path)?,
        );
    }
    Ok(h.finish())
}

/// The fingerprint of rules given as (path relative to the rules folder,
/// text) pairs ([`crate::Rules::from_sources`]: a folder read, or the rules
/// built into a binary): the same hash as [`of_dir`] of a folder holding
/// them.
pub fn of_sources(files: &[(&str, &str)]) -> String {
    let mut h = Hasher::default();
    for name in RULES_FILES {
        if let Some((_, text)) = files.iter().find(|(n, _)| *n == name) {
            h.add(name, text.as_bytes());
        }
    }
    let mut sections: Vec<&(&str, &str)> = files
        .iter()
        .filter(|(n, _)| crate::is_section_template(n))
        .collect();
    sections.sort();
    for (name, text) in sections {
        h.add(name, text.as_bytes());
    }
    h.finish()
}

/// Every `*.toml` of the sections folder, by name (as the loader takes them).
pub(crate) fn section_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, RulesError> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| RulesError::Io {
            path: dir.to_path_buf(),
            source: e,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    Ok(paths)
}

fn read(path: &Path) -> Result<Vec<u8>, RulesError> {
    std::fs::read(path).map_err(|source| RulesError::Io {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_rules() -> tempfile_dir::Dir {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
        let dir = tempfile_dir::Dir::new();
        std::fs::create_dir_all(dir.path().join("sections")).unwrap();
        for name in RULES_FILES {
            std::fs::copy(src.join(name), dir.path().join(name)).unwrap();
        }
        for p in section_files(&src.join("sections")).unwrap() {
            std::fs::copy(&p, dir.path().join("sections").join(p.file_name().unwrap())).unwrap();
        }
        std::fs::write(dir.path().join("README.md"), "notes").unwrap();
        dir
    }

    #[test]
    fn an_edit_of_a_rules_file_changes_the_fingerprint_and_notes_do_not() {
        let dir = copy_rules();
        let before = of_dir(dir.path()).unwrap();
        assert_eq!(before.len(), 64);
        assert_eq!(of_dir(dir.path()).unwrap(), before, "stable");
        std::fs::write(dir.path().join("README.md"), "other notes").unwrap();
        assert_eq!(of_dir(dir.path()).unwrap(), before, "README is not a rule");
        let section = section_files(&dir.path().join("sections")).unwrap()[0].clone();
        let mut text = std::fs::read_to_string(&section).unwrap();
        text.push_str("\n# a comment\n");
        std::fs::write(&section, text).unwrap();
        assert_ne!(of_dir(dir.path()).unwrap(), before, "a section template is");
    }

    #[test]
    fn bytes_moved_between_files_change_the_hash() {
        let mut a = Hasher::default();
        a.add("x", b"ab");
        a.add("y", b"c");
        let mut b = Hasher::default();
        b.add("x", b"a");
        b.add("y", b"bc");
        assert_ne!(a.finish(), b.finish());
    }

    #[test]
    fn a_folder_and_its_files_given_as_text_hash_alike() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
        let rules = crate::Rules::load(&dir).unwrap();
        assert_eq!(rules.fingerprint, of_dir(&dir).unwrap());
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        assert!(of_dir(Path::new("/nonexistent/rules")).is_err());
    }

    /// A temporary folder removed on drop (the crate has no tempfile).
    mod tempfile_dir {
        pub struct Dir(std::path::PathBuf);
        impl Dir {
            pub fn new() -> Dir {
                use std::sync::atomic::{AtomicU32, Ordering};
                static N: AtomicU32 = AtomicU32::new(0);
                let p = std::env::temp_dir().join(format!(
                    "baocao-rules-fp-{}-{}",
                    std::process::id(),
                    N.fetch_add(1, Ordering::Relaxed)
                ));
                std::fs::create_dir_all(&p).unwrap();
                Dir(p)
            }
            pub fn path(&self) -> &std::path::Path {
                &self.0
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }
}
