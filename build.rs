//! Builds the rules into the binary: every file under `rules/` becomes an
//! entry of `$OUT_DIR/rules_files.rs` — `(path relative to rules/,
//! include_str!(file))`, sorted — so that rules/ stays the one source and a
//! rebuild picks up every edit (`src/rules_source.rs` loads them the way
//! `Rules::load` loads a folder).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

fn main() -> io::Result<()> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(io::Error::other)?);
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut files = Vec::new();
    walk(&rules, &mut files)?;
    files.sort();
    let mut out = String::from("&[\n");
    for path in &files {
        let rel = path
            .strip_prefix(&rules)
            .map_err(io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        let path = path.to_string_lossy();
        out.push_str(&format!("    ({rel:?}, include_str!({path:?})),\n"));
    }
    out.push_str("]\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").map_err(io::Error::other)?);
    fs::write(dest.join("rules_files.rs"), out)
}

/// Every file under `dir`, recursively (hidden files and editor backups left out).
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for e in fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let path = e.path();
        if e.file_type()?.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}
