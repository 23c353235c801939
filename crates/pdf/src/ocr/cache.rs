//! OCR results cached by content, so that a re-run does not OCR again.
//!
//! An entry is one recognised page ([`OcrPage`], before correction: the
//! corrections depend on the rules, which may change) as JSON, named by the
//! SHA-256 of the file's bytes, the page number and the settings that shape
//! the result (resolution, language, segmentation mode). It is written to a
//! temporary name in the cache folder and renamed into place, so a reader
//! never sees half an entry; an entry that does not parse, or that holds
//! another page, is ignored (and overwritten by the next OCR of the page).
//! Failures are never cached.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use super::{OcrOptions, OcrPage};

/// Version of the entry format and of the rendering; part of every entry's
/// name (2: annotations hidden).
const FORMAT: u32 = 2;

/// A cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

/// The content hash of a file: lower-case hex SHA-256 of its bytes.
pub fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Cache {
    /// A cache in `dir` (created when the first entry is written).
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// The usual place: `$XDG_CACHE_HOME/baocao/ocr`, else
    /// `$HOME/.cache/baocao/ocr`; `None` when neither is set.
    pub fn default_dir() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|v| !v.is_empty())
                    .map(|h| PathBuf::from(h).join(".cache"))
            })?;
        Some(base.join("baocao").join("ocr"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The cached page `page` of the file whose [`content_hash`] is `hash`.
    pub fn get(&self, hash: &str, page: u32, opts: &OcrOptions) -> Option<OcrPage> {
        let bytes = std::fs::read(self.entry(hash, page, opts)).ok()?;
        let found: OcrPage = serde_json::from_slice(&bytes).ok()?;
        (found.number == page && found.lines.len() == found.words.len()).then_some(found)
    }

    /// Store `page` (write to a temporary name, then rename into place).
    pub fn put(&self, hash: &str, page: &OcrPage, opts: &OcrOptions) -> std::io::Result<()> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        std::fs::create_dir_all(&self.dir)?;
        let json = serde_json::to_vec(page).map_err(std::io::Error::other)?;
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = self.dir.join(format!(".tmp-{}-{n}", std::process::id()));
        std::fs::write(&tmp, json)?;
        std::fs::rename(&tmp, self.entry(hash, page.number, opts)).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }

    /// The file of an entry.
    fn entry(&self, hash: &str, page: u32, opts: &OcrOptions) -> PathBuf {
        let lang: String = opts
            .language
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '_')
            .collect();
        self.dir.join(format!(
            "{hash}-p{page}-{}dpi-{lang}-psm{}-v{FORMAT}.json",
            opts.dpi, opts.psm
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::{lines, OcrWord};

    fn page(number: u32) -> OcrPage {
        let word = OcrWord {
            text: "nghèo".into(),
            confidence: 91.0,
            x0: 0.0,
            y0: 0.0,
            x1: 30.0,
            y1: 12.0,
            block: 1,
            par: 1,
            line: 1,
        };
        let (lines, words) = lines::build(vec![word]);
        OcrPage {
            number,
            lines,
            words,
            mean_confidence: 91.0,
            seconds: 1.5,
        }
    }

    #[test]
    fn entries_round_trip_and_bad_ones_are_ignored() {
        let dir = crate::subprocess::TempDir::new("baocao-test-cache").unwrap();
        let cache = Cache::new(dir.path().join("ocr"));
        let opts = OcrOptions::default();
        let hash = content_hash(b"%PDF-1.4 scan");
        assert_eq!(hash.len(), 64);
        assert!(cache.get(&hash, 2, &opts).is_none());
        cache.put(&hash, &page(2), &opts).unwrap();
        let back = cache.get(&hash, 2, &opts).unwrap();
        assert_eq!(back.lines[0].text(), "nghèo");
        assert_eq!(back.words, page(2).words);
        assert!(cache.get(&hash, 1, &opts).is_none());
        let other = OcrOptions {
            dpi: 300,
            ..OcrOptions::default()
        };
        assert!(cache.get(&hash, 2, &other).is_none());
        // A corrupt entry is ignored, then replaced.
        std::fs::write(cache.entry(&hash, 2, &opts), b"{\"number\": 2, \"li").unwrap();
        assert!(cache.get(&hash, 2, &opts).is_none());
        cache.put(&hash, &page(2), &opts).unwrap();
        assert!(cache.get(&hash, 2, &opts).is_some());
        // An entry holding another page is not taken for this one.
        std::fs::copy(cache.entry(&hash, 2, &opts), cache.entry(&hash, 3, &opts)).unwrap();
        assert!(cache.get(&hash, 3, &opts).is_none());
        let names: Vec<_> = std::fs::read_dir(cache.dir()).unwrap().collect();
        assert_eq!(names.len(), 2, "no temporary file is left behind");
    }

    #[test]
    fn an_unwritable_cache_is_an_error_not_a_panic() {
        let cache = Cache::new("/proc/baocao-no-cache-here");
        let e = cache.put("00", &page(1), &OcrOptions::default());
        assert!(e.is_err());
        assert!(cache.get("00", 1, &OcrOptions::default()).is_none());
    }
}
