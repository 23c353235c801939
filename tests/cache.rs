//! The analysis cache (issue #14) on real inputs from corpus/: whatever
//! happened to the cache — nothing changed, a file resent, a rule edited, an
//! entry corrupted, a write interrupted — a run writes the same outputs,
//! byte for byte, as a run without the cache, and its summary says how many
//! files the cache gave.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Five reports of different units and kinds (one in TCVN3).
const FILES: [&str; 5] = [
    "phuong-kim-tra/569-BC-UBND.pdf",
    "phuong-kim-tra/440-BC-UBND-tcvn3.pdf",
    "phuong-an-cuu/227-BC-UBND.pdf",
    "xa-a-luoi-1/210-BC-UBND.pdf",
    "phuong-thuan-hoa/402-BC-UBND.pdf",
];

/// A folder with the inputs, a copy of rules/, and the outputs of runs.
struct Case {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Case {
    fn new() -> Case {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        for f in FILES {
            let to = root.join("in").join(f);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(common::root().join("corpus").join(f), to).unwrap();
        }
        common::copy_dir(&common::root().join("rules"), &root.join("rules"));
        Case { _dir: dir, root }
    }

    fn cache(&self) -> PathBuf {
        self.root.join("cache")
    }

    /// `baocao run` into `out` with the case's cache (or `--no-cache`);
    /// its outputs and how many files came from the cache.
    fn run(&self, out: &str, cached: bool) -> (BTreeMap<String, Vec<u8>>, Option<usize>) {
        let (outputs, from_cache, _) = self.run_counted(out, cached);
        (outputs, from_cache)
    }

    /// [`Case::run`], and how many files were analysed from their kept
    /// texts rather than read.
    fn run_counted(
        &self,
        out: &str,
        cached: bool,
    ) -> (BTreeMap<String, Vec<u8>>, Option<usize>, usize) {
        let cache = self.cache();
        let rules = self.root.join("rules");
        let mut extra = vec![
            "--jobs",
            "2",
            "--no-ocr",
            "--lang",
            "en",
            "--rules",
            rules.to_str().unwrap(),
        ];
        if cached {
            extra.extend(["--cache", cache.to_str().unwrap()]);
        } else {
            extra.push("--no-cache");
        }
        let out = self.root.join(out);
        let run = common::run(&self.root.join("in"), &out, &extra);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        (
            outputs(&out),
            from_cache(&run.stdout),
            texts_reused(&run.stdout),
        )
    }

    /// The cache's entries.
    fn entries(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(self.cache())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "entry"))
            .collect();
        v.sort();
        v
    }

    /// The kept text of the input `file` (by its content).
    fn text_of(&self, file: &str) -> PathBuf {
        let hash = baocao::cache::content_hash(&self.root.join("in").join(file)).unwrap();
        let found: Vec<PathBuf> = std::fs::read_dir(self.cache())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "text"))
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&hash))
            .collect();
        assert_eq!(found.len(), 1, "one kept text of {file}: {found:?}");
        found[0].clone()
    }

    /// The entry of the input `file` (by its content).
    fn entry_of(&self, file: &str) -> PathBuf {
        let hash = baocao::cache::content_hash(&self.root.join("in").join(file)).unwrap();
        let found: Vec<PathBuf> = self
            .entries()
            .into_iter()
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&hash))
            .collect();
        assert_eq!(found.len(), 1, "one entry of {file}: {found:?}");
        found[0].clone()
    }
}

/// Every file a run wrote, by name — but manifest.json, which records the
/// run itself (its start time; the other files' digests are compared here
/// through their bytes).
fn outputs(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let files: BTreeMap<String, Vec<u8>> = std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name() != "manifest.json")
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect();
    assert!(
        files.contains_key("figures.csv") && files.len() >= 10,
        "{:?}",
        files.keys()
    );
    files
}

/// "N files (K from the cache): …" or "N files (K from the cache, T
/// analysed again from their kept texts): …" → K.
fn from_cache(stdout: &str) -> Option<usize> {
    let at = stdout.find(" from the cache")?;
    let before = &stdout[..at];
    before[before.rfind('(')? + 1..].parse().ok()
}

/// "… T analysed again from their kept texts): …" → T (0 when not said).
fn texts_reused(stdout: &str) -> usize {
    let Some(at) = stdout.find(" analysed again from their kept texts)") else {
        return 0;
    };
    let before = &stdout[..at];
    before[before.rfind(' ').unwrap() + 1..].parse().unwrap()
}

/// The same files with the same bytes (a differing file is named).
fn assert_same(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in a {
        assert!(bytes == &b[name], "{name} differs");
    }
}

#[test]
fn a_second_run_takes_every_file_from_the_cache_and_writes_the_same_outputs() {
    let case = Case::new();
    let (plain, none) = case.run("plain", false);
    assert_eq!(none, None, "no cache, no count");
    let (first, n) = case.run("first", true);
    assert_eq!(n, Some(0));
    assert_eq!(case.entries().len(), FILES.len());
    let (second, n) = case.run("second", true);
    assert_eq!(n, Some(FILES.len()));
    assert_same(&plain, &first);
    assert_same(&plain, &second);
}

#[test]
fn a_changed_file_is_analysed_again() {
    let case = Case::new();
    let (before, _) = case.run("first", true);
    // The ward resends its report: another report's bytes under the same name.
    let resent = case.root.join("in").join(FILES[4]);
    std::fs::copy(
        common::root().join("corpus/phuong-thuan-hoa/126-BC-UBND.pdf"),
        &resent,
    )
    .unwrap();
    let (plain, _) = case.run("plain", false);
    let (cached, n, texts) = case.run_counted("cached", true);
    assert_eq!(n, Some(FILES.len() - 1));
    assert_eq!(texts, 0, "the resent file is read, not a kept text");
    assert_same(&plain, &cached);
    assert!(
        before["documents.csv"] != cached["documents.csv"],
        "the resent report is read, not the old one"
    );
}

/// Re-runs take a file's hash from its stamp when the file was left alone
/// (tests/../src/stamps.rs); a file rewritten in place with the same length
/// and its modification time put back is still seen as changed.
#[test]
fn a_file_rewritten_under_the_same_stamp_times_is_analysed_again() {
    let case = Case::new();
    // Files are remembered only once left alone for two seconds.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let (first, _) = case.run("first", true);
    let stamps = std::fs::read_to_string(case.cache().join("stamps.json")).unwrap();
    assert_eq!(
        stamps.matches("\"sha256\"").count(),
        FILES.len(),
        "{stamps}"
    );
    let (again, n) = case.run("again", true);
    assert_eq!(n, Some(FILES.len()));
    assert_same(&first, &again);
    // Another report's bytes, cut to this one's length, its time put back.
    let path = case.root.join("in").join(FILES[3]);
    let old = std::fs::metadata(&path).unwrap();
    let mut other = std::fs::read(common::root().join("corpus").join(FILES[0])).unwrap();
    other.resize(old.len() as usize, b' ');
    std::fs::write(&path, &other).unwrap();
    set_modified(&path, &old);
    let (plain, _) = case.run("plain", false);
    let (cached, n) = case.run("cached", true);
    assert_eq!(n, Some(FILES.len() - 1), "the rewritten file is read again");
    assert_same(&plain, &cached);
}

/// Put back a file's modification time (its change time moves to now).
fn set_modified(path: &Path, like: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    let t = libc::timespec {
        tv_sec: like.mtime(),
        tv_nsec: like.mtime_nsec(),
    };
    // SAFETY: a valid C path and two valid timespecs.
    let rc = unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), [t, t].as_ptr(), 0) };
    assert_eq!(rc, 0);
}

#[test]
fn a_rules_edit_invalidates_every_report_but_no_text() {
    let case = Case::new();
    let (before, _) = case.run("first", true);
    let metrics = case.root.join("rules/metrics.toml");
    let text = std::fs::read_to_string(&metrics).unwrap();
    let bound = "bounds = { min = 0, max = 20000 }";
    assert!(text.contains(bound), "metrics.toml has no `{bound}`");
    std::fs::write(
        &metrics,
        text.replacen(bound, "bounds = { min = 0, max = 50 }", 1),
    )
    .unwrap();
    let (plain, _) = case.run("plain", false);
    let (cached, n, texts) = case.run_counted("cached", true);
    assert_eq!(n, Some(0), "no report made with the old rules is taken");
    assert_eq!(
        texts,
        FILES.len(),
        "no file is read again: the rules run on its kept text"
    );
    assert_same(&plain, &cached);
    assert!(
        before["figures.csv"] != cached["figures.csv"],
        "the edit shows in the figures (a tighter bound: implausible values)"
    );
    // A note beside the rules is no rule.
    std::fs::write(case.root.join("rules/README.md"), "notes").unwrap();
    assert_eq!(case.run("again", true).1, Some(FILES.len()));
}

#[test]
fn a_corrupted_text_is_read_again_and_kept_anew() {
    let case = Case::new();
    case.run("first", true);
    // A byte of a kept text changed, its length kept: only the checksum tells.
    let text = case.text_of(FILES[2]);
    let mut bytes = std::fs::read(&text).unwrap();
    let at = find(&bytes, b"\"text\":\"").expect("the entry holds the text") + 8;
    bytes[at] = if bytes[at] == b'X' { b'Y' } else { b'X' };
    std::fs::write(&text, &bytes).unwrap();
    // A rules edit: every report is made anew, from the kept texts but this one.
    let checks = case.root.join("rules/checks.toml");
    let mut rules = std::fs::read_to_string(&checks).unwrap();
    rules.push_str("\n# edited\n");
    std::fs::write(&checks, rules).unwrap();
    let (plain, _) = case.run("plain", false);
    let (cached, n, texts) = case.run_counted("cached", true);
    assert_eq!((n, texts), (Some(0), FILES.len() - 1));
    assert_same(&plain, &cached);
    // Another edit: the text read again was kept anew.
    let mut rules = std::fs::read_to_string(&checks).unwrap();
    rules.push_str("# edited again\n");
    std::fs::write(&checks, rules).unwrap();
    let again = case.run_counted("again", true);
    assert_eq!((again.1, again.2), (Some(0), FILES.len()));
}

#[test]
fn a_corrupted_entry_is_ignored_and_made_anew() {
    let case = Case::new();
    let (first, _) = case.run("first", true);
    // A figure's value changed inside the entry, its length kept: only the
    // checksum tells.
    let entry = case.entry_of(FILES[0]);
    let mut bytes = std::fs::read(&entry).unwrap();
    let at = find(&bytes, b"\"value\":").expect("the entry holds figures") + 8;
    let digit = bytes[at];
    bytes[at] = if digit == b'9' { b'8' } else { b'9' };
    std::fs::write(&entry, &bytes).unwrap();
    let (cached, n) = case.run("cached", true);
    assert_eq!(n, Some(FILES.len() - 1));
    assert_same(&first, &cached);
    assert_eq!(case.run("again", true).1, Some(FILES.len()), "rewritten");
}

#[test]
fn an_interrupted_write_is_never_read() {
    let case = Case::new();
    let (first, _) = case.run("first", true);
    // A write cut short: half an entry in place (a copy interrupted), and a
    // temporary file left behind by a killed run.
    let entry = case.entry_of(FILES[1]);
    let bytes = std::fs::read(&entry).unwrap();
    std::fs::write(&entry, &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(case.cache().join(".tmp-99999-0"), &bytes[..100]).unwrap();
    let (cached, n) = case.run("cached", true);
    assert_eq!(n, Some(FILES.len() - 1));
    assert_same(&first, &cached);
    assert_eq!(
        std::fs::read(&entry).unwrap(),
        bytes,
        "the entry is whole again"
    );
}

#[test]
fn without_ocr_and_with_it_are_kept_apart() {
    let case = Case::new();
    case.run("first", true);
    let cache = case.cache();
    let rules = case.root.join("rules");
    let run = common::run(
        &case.root.join("in"),
        &case.root.join("ocr"),
        &[
            "--jobs",
            "2",
            "--rules",
            rules.to_str().unwrap(),
            "--cache",
            cache.to_str().unwrap(),
            "--lang",
            "en",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(from_cache(&run.stdout), Some(0), "{}", run.stdout);
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
