//! The analysis cache: each file's [`DocReport`], as its worker answered
//! it, kept by what the analysis depends on, so that a re-run analyses
//! only the files that changed and redoes just the batch stage and the
//! tables.
//!
//! **Key.** An entry is named by the SHA-256 of the file's bytes and by a
//! [`Config`] hash: the rules' fingerprint ([`Rules::fingerprint`], every
//! rules file the loader reads), the program ([`program`]: its version,
//! [`SCHEMA`], and the size and modification time of the executable, so
//! that a rebuilt binary never reads reports an older one made) and the
//! options that change an analysis (OCR on or off). A resent file, an
//! edited rule or another build each miss; the path of a file does not
//! matter (a report found by content is given the file's own path).
//!
//! **Entries.** One file per entry, `<content>-<config>.entry`: a header
//! line (format, both halves of the key, the payload's length and SHA-256)
//! and the payload, the worker's answer line. It is written to a temporary
//! name in the cache folder and renamed into place, so an interrupted
//! write leaves at most a `.tmp-*` file, never read (and removed once it is
//! an hour old); an entry whose header, length or checksum does not match
//! is ignored and overwritten. Reports that a later run could improve are
//! never stored: a worker that crashed or timed out, pages OCR could not
//! read, a worker that loaded other rules than the run's (a rules file
//! edited during the run: [`DocReport::transient`]), a file that changed
//! while it was read. Deleting the folder is always safe.
//!
//! By default the cache is beside the output folder: `OUT.cache/`
//! ([`default_dir`]).

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use baocao_rules::Rules;
use sha2::{Digest, Sha256};

use crate::extraction::Extraction;
use crate::model::DocReport;

/// Version of the analysis and of the entry format. Bump it when the
/// same bytes under the same rules give another report (a released
/// binary's reports are otherwise taken as they are).
pub const SCHEMA: u32 = 1;

/// The first word of every entry.
const MAGIC: &str = "baocao-analysis";

/// Temporary files older than this are left over from an interrupted run.
const STALE_TMP: Duration = Duration::from_secs(3600);

/// Why the cache could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("analysis cache {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// What an analysis depends on besides the file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// [`Rules::fingerprint`].
    pub rules: String,
    /// [`program`].
    pub program: String,
    /// Whether pages without a usable text layer are OCR'd.
    pub ocr: bool,
}

impl Config {
    /// The configuration of a run of this program with `rules`.
    pub fn new(rules: &Rules, ocr: bool) -> Config {
        Config {
            rules: rules.fingerprint.clone(),
            program: program(),
            ocr,
        }
    }

    /// The configuration as one hash (lower-case hex).
    pub fn hash(&self) -> String {
        let text = format!(
            "rules={}\nprogram={}\nocr={}\n",
            self.rules, self.program, self.ocr
        );
        hex(&Sha256::digest(text.as_bytes()))
    }
}

/// This program: its version, [`SCHEMA`], and the size and modification
/// time of its executable (when they can be read).
pub fn program() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}-{modified}", m.len())
        })
        .unwrap_or_default();
    format!("{}+{SCHEMA}+{exe}", env!("CARGO_PKG_VERSION"))
}

/// The default cache folder of the output folder `out`: `OUT.cache`
/// beside it (`out` → `out.cache`), or `OUT/.baocao-cache` when `out` has
/// no name of its own (`.`, `/`).
pub fn default_dir(out: &Path) -> PathBuf {
    match out.file_name() {
        Some(name) => {
            let mut name = name.to_os_string();
            name.push(".cache");
            out.with_file_name(name)
        }
        None => out.join(".baocao-cache"),
    }
}

/// Text entries, in the same folder: each file's [`Extraction`] — its text,
/// signatures and what the text stage noted, everything a report is made of
/// before the rules — kept by a worker that read it, so that after a rules
/// edit a file is not read again, only analysed. An entry is keyed like a
/// report's, its config holding the program and the OCR setting but not the
/// rules; when OCR read some page of the file, its words were corrected
/// against the rules' lexicon ([`Extraction::lexicon_bound`]), and the
/// entry's config holds the lexicon's fingerprint too
/// (`crate::lexicon::fingerprint`), so a rules edit that changes the
/// lexicon invalidates exactly the texts OCR made.
pub struct TextCache {
    /// Texts read without OCR.
    plain: AnalysisCache,
    /// Texts with pages read by OCR, under this lexicon.
    bound: AnalysisCache,
}

impl TextCache {
    /// The text entries in `dir` of this program, with OCR on or off and
    /// the rules' `lexicon` fingerprint.
    pub fn open(dir: &Path, ocr: bool, lexicon: &str) -> Result<TextCache, CacheError> {
        let config = |rules: String| Config {
            rules,
            program: program(),
            ocr,
        };
        Ok(TextCache {
            plain: AnalysisCache::texts(dir, &config("text".into()))?,
            bound: AnalysisCache::texts(dir, &config(format!("text lexicon={lexicon}")))?,
        })
    }

    /// The text kept for the bytes whose [`bytes_hash`] is `content`.
    pub fn get(&self, content: &str) -> Option<Extraction> {
        let parse = |payload: String| serde_json::from_str::<Extraction>(&payload).ok();
        self.plain
            .get(content)
            .and_then(parse)
            .filter(|x| !x.lexicon_bound())
            .or_else(|| self.bound.get(content).and_then(parse))
    }

    /// Keep the text `x` of the bytes whose [`bytes_hash`] is `content`.
    pub fn put(&self, content: &str, x: &Extraction) -> Result<(), CacheError> {
        let payload = serde_json::to_string(x).map_err(|e| CacheError::Io {
            path: self.plain.dir().to_path_buf(),
            source: io::Error::other(e),
        })?;
        match x.lexicon_bound() {
            false => self.plain.put(content, &payload),
            true => self.bound.put(content, &payload),
        }
    }
}

/// The SHA-256 of bytes in memory (lower-case hex): [`content_hash`] of a
/// file holding them.
pub fn bytes_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The SHA-256 of a file's bytes (lower-case hex), read in pieces.
pub fn content_hash(path: &Path) -> io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(hex(&hasher.finalize()));
        }
        hasher.update(&buf[..n]);
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A cache folder, for one configuration.
#[derive(Debug, Clone)]
pub struct AnalysisCache {
    dir: PathBuf,
    config: String,
    /// The entries' extension: `entry` for reports, `text` for texts.
    ext: &'static str,
}

impl AnalysisCache {
    /// The cache in `dir` for `config` (the folder is created, and
    /// temporary files an interrupted run left are removed).
    pub fn open(dir: &Path, config: &Config) -> Result<AnalysisCache, CacheError> {
        std::fs::create_dir_all(dir).map_err(|source| CacheError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        remove_stale_tmp(dir);
        Ok(AnalysisCache {
            dir: dir.to_path_buf(),
            config: config.hash(),
            ext: "entry",
        })
    }

    /// The text entries in `dir` for `config` (`<content>-<config>.text`).
    fn texts(dir: &Path, config: &Config) -> Result<AnalysisCache, CacheError> {
        let cache = AnalysisCache::open(dir, config)?;
        Ok(AnalysisCache {
            ext: "text",
            ..cache
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The payload kept for the file whose [`content_hash`] is `content`;
    /// `None` when there is none, or the entry is damaged.
    pub fn get(&self, content: &str) -> Option<String> {
        let bytes = std::fs::read(self.entry(content)).ok()?;
        self.payload(content, &bytes)
    }

    /// The report kept for `content`, given the path `file` (`None` when
    /// there is none or it does not read as a report).
    pub fn report(&self, content: &str, file: &str) -> Option<DocReport> {
        let mut report = crate::worker::report_from_line(&self.get(content)?)?;
        report.file = file.to_string();
        Some(report)
    }

    /// Keep `payload` for `content` (a temporary file renamed into place).
    pub fn put(&self, content: &str, payload: &str) -> Result<(), CacheError> {
        let mut bytes = self.header(content, payload).into_bytes();
        bytes.extend_from_slice(payload.as_bytes());
        let path = self.entry(content);
        replace(&path, &bytes).map_err(|source| CacheError::Io { path, source })
    }

    /// The file of the entry of `content`.
    fn entry(&self, content: &str) -> PathBuf {
        self.dir
            .join(format!("{content}-{}.{}", self.config, self.ext))
    }

    /// The header line of an entry.
    fn header(&self, content: &str, payload: &str) -> String {
        format!(
            "{MAGIC} {SCHEMA} {content} {} {} {}\n",
            self.config,
            payload.len(),
            hex(&Sha256::digest(payload.as_bytes()))
        )
    }

    /// The payload of an entry's `bytes`, when its header is this key's and
    /// its length and checksum match.
    fn payload(&self, content: &str, bytes: &[u8]) -> Option<String> {
        let end = bytes.iter().position(|&b| b == b'\n')?;
        let payload = std::str::from_utf8(&bytes[end + 1..]).ok()?;
        let header = std::str::from_utf8(&bytes[..=end]).ok()?;
        (header == self.header(content, payload)).then(|| payload.to_string())
    }
}

/// Put `bytes` at `path`, a file of the cache folder, whole or not at all:
/// written to a `.tmp-*` file beside it (never read; removed by
/// [`remove_stale_tmp`] if a run dies before the rename) and renamed.
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_file_name(format!(".tmp-{}-{n}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Remove the temporary files of interrupted writes (older than an hour:
/// a younger one may be another run's, being written).
fn remove_stale_tmp(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    // The name first: the folder holds an entry per file and rules.
    let temporary = entries
        .flatten()
        .filter(|e| e.file_name().as_encoded_bytes().starts_with(b".tmp-"));
    for e in temporary {
        let stale = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TMP);
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    fn config(rules: &str) -> Config {
        Config {
            rules: rules.into(),
            program: "0.1.0+1+x".into(),
            ocr: true,
        }
    }

    fn report_line(file: &str) -> String {
        serde_json::to_string(&DocReport::failed(file, Status::NoText, "a scan")).unwrap()
    }

    #[test]
    fn an_entry_round_trips_and_takes_the_path_it_is_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let cache = AnalysisCache::open(dir.path(), &config("r1")).unwrap();
        assert!(cache.get("abc").is_none());
        cache.put("abc", &report_line("a/x.pdf")).unwrap();
        assert_eq!(cache.get("abc").unwrap(), report_line("a/x.pdf"));
        let r = cache.report("abc", "b/copy.pdf").unwrap();
        assert_eq!((r.file.as_str(), r.status), ("b/copy.pdf", Status::NoText));
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn another_configuration_does_not_see_the_entry() {
        let dir = tempfile::tempdir().unwrap();
        let a = AnalysisCache::open(dir.path(), &config("r1")).unwrap();
        a.put("abc", &report_line("x.pdf")).unwrap();
        let b = AnalysisCache::open(dir.path(), &config("r2")).unwrap();
        assert!(b.get("abc").is_none());
        let no_ocr = Config {
            ocr: false,
            ..config("r1")
        };
        assert_ne!(no_ocr.hash(), config("r1").hash());
    }

    #[test]
    fn damaged_entries_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = AnalysisCache::open(dir.path(), &config("r1")).unwrap();
        cache.put("abc", &report_line("x.pdf")).unwrap();
        let path = cache.entry("abc");
        let whole = std::fs::read(&path).unwrap();
        // Truncated (an interrupted copy), a flipped byte, no header, empty.
        std::fs::write(&path, &whole[..whole.len() - 5]).unwrap();
        assert!(cache.get("abc").is_none());
        let mut flipped = whole.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 0x20;
        std::fs::write(&path, &flipped).unwrap();
        assert!(cache.get("abc").is_none());
        std::fs::write(&path, report_line("x.pdf")).unwrap();
        assert!(cache.get("abc").is_none());
        std::fs::write(&path, b"").unwrap();
        assert!(cache.get("abc").is_none());
        // An entry of another file renamed to this one's name.
        cache.put("def", &report_line("y.pdf")).unwrap();
        std::fs::copy(cache.entry("def"), &path).unwrap();
        assert!(cache.get("abc").is_none());
        cache.put("abc", &report_line("x.pdf")).unwrap();
        assert!(cache.get("abc").is_some(), "a damaged entry is overwritten");
    }

    #[test]
    fn a_payload_that_is_not_a_report_is_no_report() {
        let dir = tempfile::tempdir().unwrap();
        let cache = AnalysisCache::open(dir.path(), &config("r1")).unwrap();
        cache.put("abc", "{\"needs_ocr\":[1]}").unwrap();
        assert!(cache.report("abc", "x.pdf").is_none());
    }

    #[test]
    fn old_temporary_files_are_removed_young_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(".tmp-1-0");
        let young = dir.path().join(".tmp-1-1");
        std::fs::write(&old, b"half an entry").unwrap();
        std::fs::write(&young, b"being written").unwrap();
        let two_hours_ago = SystemTime::now() - Duration::from_secs(7200);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
        AnalysisCache::open(dir.path(), &config("r1")).unwrap();
        assert!(!old.exists() && young.exists());
    }

    #[test]
    fn the_default_folder_is_beside_out() {
        assert_eq!(default_dir(Path::new("out")), Path::new("out.cache"));
        assert_eq!(
            default_dir(Path::new("/data/round-2/out/")),
            Path::new("/data/round-2/out.cache")
        );
        assert_eq!(default_dir(Path::new("/")), Path::new("/.baocao-cache"));
    }

    #[test]
    fn a_content_hash_is_the_sha256_of_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.pdf");
        std::fs::write(&p, b"abc").unwrap();
        assert_eq!(
            content_hash(&p).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let program = program();
        assert!(program.starts_with(env!("CARGO_PKG_VERSION")), "{program}");
    }
}
