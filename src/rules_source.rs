//! Where a run's rules come from: the rules/ folder of the source tree,
//! built into the binary (the default, so `baocao` works from any folder
//! once installed), or a folder given with `--rules DIR` (made with
//! `baocao rules init DIR`, then edited). Both are validated by the same
//! loader, `baocao_rules::Rules::from_sources` (`Rules::load` reads a folder
//! and calls it).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use baocao_rules::{Rules, RulesError};

/// Every file of rules/ at build time: (path relative to rules/, text).
pub const BUILT_IN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/rules_files.rs"));

/// How the built-in rules are named in messages (`built-in rules/metrics.toml:3:1`).
const BUILT_IN_NAME: &str = "built-in rules";

/// The rules of a run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RulesSource {
    /// rules/ as built into this binary.
    #[default]
    BuiltIn,
    /// A rules folder.
    Dir(PathBuf),
}

impl RulesSource {
    /// `--rules DIR` when given, else the built-in rules.
    pub fn from_arg(dir: Option<&Path>) -> RulesSource {
        dir.map_or(RulesSource::BuiltIn, |d| RulesSource::Dir(d.to_path_buf()))
    }

    /// Load and validate the rules.
    pub fn load(&self) -> Result<Rules, RulesError> {
        match self {
            RulesSource::BuiltIn => Rules::from_sources(Path::new(BUILT_IN_NAME), BUILT_IN),
            RulesSource::Dir(dir) => Rules::load(dir),
        }
    }

    /// The arguments that give a worker process the same rules.
    pub fn worker_args(&self) -> Vec<String> {
        match self {
            RulesSource::BuiltIn => Vec::new(),
            RulesSource::Dir(dir) => vec!["--rules".into(), dir.display().to_string()],
        }
    }
}

impl fmt::Display for RulesSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RulesSource::BuiltIn => f.write_str(BUILT_IN_NAME),
            RulesSource::Dir(d) => write!(f, "{}", d.display()),
        }
    }
}

/// Why the built-in rules could not be written out.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{}: already exists; choose an empty or new folder (or --force to overwrite)", .0.display())]
    Exists(PathBuf),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// Write the built-in rules into `dir` (created when missing), for editing;
/// an existing file is an error unless `force`. Returns the files written.
pub fn write_built_in(dir: &Path, force: bool) -> Result<Vec<PathBuf>, InitError> {
    let targets: Vec<(PathBuf, &str)> = BUILT_IN
        .iter()
        .map(|(rel, text)| (dir.join(rel), *text))
        .collect();
    if !force {
        if let Some((path, _)) = targets.iter().find(|(p, _)| p.exists()) {
            return Err(InitError::Exists(path.clone()));
        }
    }
    for (path, text) in &targets {
        let io = |source| InitError::Io {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(path, text).map_err(io)?;
    }
    Ok(targets.into_iter().map(|(p, _)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_rules_are_the_rules_folder_and_load() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        for (rel, text) in BUILT_IN {
            let on_disk = std::fs::read_to_string(root.join(rel)).unwrap();
            assert_eq!(&on_disk, text, "{rel}");
        }
        assert!(BUILT_IN
            .iter()
            .any(|(r, _)| *r == "sections/emulation_awards_5y.toml"));
        let built_in = RulesSource::BuiltIn
            .load()
            .unwrap_or_else(|e| panic!("{e}"));
        let folder = Rules::load(&root).unwrap();
        assert_eq!(built_in.metrics.metrics.len(), folder.metrics.metrics.len());
        assert_eq!(built_in.units.units.len(), folder.units.units.len());
        assert_eq!(
            built_in.sections.templates.len(),
            folder.sections.templates.len()
        );
    }

    #[test]
    fn init_writes_a_folder_that_loads_and_never_overwrites_unasked() {
        let dir = tempfile::tempdir().unwrap();
        let rules = dir.path().join("quy-tac");
        let written = write_built_in(&rules, false).unwrap();
        assert_eq!(written.len(), BUILT_IN.len());
        assert!(RulesSource::Dir(rules.clone()).load().is_ok());
        std::fs::write(rules.join("kinds.toml"), "edited").unwrap();
        let e = write_built_in(&rules, false).unwrap_err();
        assert!(matches!(e, InitError::Exists(_)), "{e}");
        assert_eq!(
            std::fs::read_to_string(rules.join("kinds.toml")).unwrap(),
            "edited"
        );
        write_built_in(&rules, true).unwrap();
        assert_ne!(
            std::fs::read_to_string(rules.join("kinds.toml")).unwrap(),
            "edited"
        );
    }

    #[test]
    fn errors_in_built_in_rules_are_located_as_built_in() {
        let broken: Vec<(&str, &str)> = BUILT_IN
            .iter()
            .map(|(r, t)| {
                (
                    *r,
                    if *r == "kinds.toml" {
                        "[[kind]]\nid = 3\n"
                    } else {
                        *t
                    },
                )
            })
            .collect();
        let e = Rules::from_sources(Path::new(BUILT_IN_NAME), &broken)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("built-in rules/kinds.toml:2:"), "{e}");
    }
}
