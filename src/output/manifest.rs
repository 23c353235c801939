//! `OUT/manifest.json`, written last: which run wrote OUT (program
//! version, start time, input folder, files read and skipped) and every
//! other file of OUT with its size and SHA-256. OUT is consistent when its
//! files are exactly those listed, with those digests ([`Manifest::verify`]).

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::OutputError;

/// File name of the manifest in OUT.
pub const FILE_NAME: &str = "manifest.json";

/// What a run was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// `baocao <version>`.
    pub program: String,
    /// When the run started, in seconds since 1970 (UTC).
    pub started: u64,
    /// The input folder as given.
    pub input: String,
    /// PDF files read (every one has a row in documents.csv).
    pub pdf_files: usize,
    /// Other files in the input folder, not read.
    pub skipped_files: usize,
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

/// The manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub run: RunInfo,
    pub files: Vec<Entry>,
}

impl Manifest {
    /// Describe every file now in `dir` and write the manifest there.
    pub fn write(dir: &Path, run: RunInfo) -> Result<Manifest, OutputError> {
        let io = |source| OutputError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut files = Vec::new();
        for e in fs::read_dir(dir).map_err(io)? {
            let e = e.map_err(io)?;
            let name = e.file_name().to_string_lossy().into_owned();
            if name == FILE_NAME || !e.file_type().map_err(io)?.is_file() {
                continue;
            }
            files.push(entry(&e.path(), name)?);
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        let manifest = Manifest { run, files };
        let json = serde_json::to_vec_pretty(&manifest).map_err(|e| OutputError::Io {
            path: dir.join(FILE_NAME),
            source: e.into(),
        })?;
        super::write_atomic(&dir.join(FILE_NAME), &json)?;
        Ok(manifest)
    }

    /// Read `dir`'s manifest.
    pub fn read(dir: &Path) -> Result<Manifest, String> {
        let path = dir.join(FILE_NAME);
        let text = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_slice(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Whether `dir` holds exactly the files listed, with their digests;
    /// the first difference otherwise.
    pub fn verify(&self, dir: &Path) -> Result<(), String> {
        let mut on_disk: Vec<String> = fs::read_dir(dir)
            .map_err(|e| e.to_string())?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != FILE_NAME)
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = self.files.iter().map(|f| f.name.as_str()).collect();
        if on_disk != listed {
            return Err(format!("files {on_disk:?}, manifest lists {listed:?}"));
        }
        for f in &self.files {
            let now = entry(&dir.join(&f.name), f.name.clone()).map_err(|e| e.to_string())?;
            if now != *f {
                return Err(format!("{} differs from the manifest", f.name));
            }
        }
        Ok(())
    }
}

/// A file's size and digest (read in pieces: report.html grows with the
/// batch).
fn entry(path: &Path, name: String) -> Result<Entry, OutputError> {
    let io_error = |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    };
    Ok(Entry {
        name,
        bytes: fs::metadata(path).map_err(io_error)?.len(),
        sha256: crate::cache::content_hash(path).map_err(io_error)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> RunInfo {
        RunInfo {
            program: "baocao test".into(),
            started: 1,
            input: "corpus".into(),
            pdf_files: 2,
            skipped_files: 0,
        }
    }

    #[test]
    fn a_manifest_lists_and_verifies_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("units.csv"), "a").unwrap();
        fs::write(dir.path().join("report.html"), "b").unwrap();
        let m = Manifest::write(dir.path(), info()).unwrap();
        assert_eq!(m.files.len(), 2);
        assert_eq!(
            m.files[1].sha256,
            "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
        );
        assert_eq!(Manifest::read(dir.path()).unwrap(), m);
        assert!(m.verify(dir.path()).is_ok());
        fs::write(dir.path().join("units.csv"), "changed").unwrap();
        assert!(m.verify(dir.path()).is_err());
        fs::write(dir.path().join("units.csv"), "a").unwrap();
        fs::write(dir.path().join(".units.csv.1.tmp"), "").unwrap();
        assert!(m.verify(dir.path()).is_err(), "a stray file is found");
    }
}
