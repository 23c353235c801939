//! Revisions of a PDF file: every `%%EOF` marker closes one revision (the
//! original document or one incremental update).

/// Where each revision of a file ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Revisions {
    /// For each `%%EOF` marker, in file order: the offset just after the
    /// marker and the offset after the end-of-line that may follow it.
    ends: Vec<(u64, u64)>,
}

impl Revisions {
    /// Finds every `%%EOF` marker in `bytes`.
    pub fn find(bytes: &[u8]) -> Revisions {
        let ends = find_all(bytes, b"%%EOF")
            .map(|pos| {
                let bare = pos + 5;
                let eol = eol_len(&bytes[bare..]);
                (bare as u64, (bare + eol) as u64)
            })
            .collect();
        Revisions { ends }
    }

    /// Number of `%%EOF`-terminated revisions.
    pub fn count(&self) -> usize {
        self.ends.len()
    }

    /// True when `offset` is the end of a revision (just after `%%EOF`,
    /// optionally followed by its end-of-line).
    pub fn is_boundary(&self, offset: u64) -> bool {
        self.ends
            .iter()
            .any(|&(bare, eol)| bare <= offset && offset <= eol)
    }

    /// End offset (after its end-of-line) of the 1-based revision `n`
    /// (0 when there is no such revision).
    pub fn end(&self, n: usize) -> u64 {
        n.checked_sub(1)
            .and_then(|i| self.ends.get(i))
            .map_or(0, |&(_, eol)| eol)
    }

    /// 1-based index of the revision that contains `offset` as its end, or
    /// the first revision ending after it; clamped to the last revision
    /// (and 1 for a file without any marker).
    pub fn index_for(&self, offset: u64) -> usize {
        let found = self.ends.iter().position(|&(_, eol)| offset <= eol);
        match found {
            Some(i) => i + 1,
            None => self.ends.len().max(1),
        }
    }
}

/// Length of an end-of-line (`\r\n`, `\n` or `\r`) at the start of `rest`.
fn eol_len(rest: &[u8]) -> usize {
    match rest {
        [b'\r', b'\n', ..] => 2,
        [b'\n', ..] | [b'\r', ..] => 1,
        _ => 0,
    }
}

/// Every position of `needle` in `hay`, in order.
pub fn find_all<'a>(hay: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let pos = find_from(hay, needle, from)?;
        from = pos + 1;
        Some(pos)
    })
}

/// First position of `needle` in `hay` at or after `from`.
pub fn find_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_markers_and_boundaries() {
        let pdf = b"%PDF-1.7\n...%%EOF\nupdate%%EOF\r\n";
        let r = Revisions::find(pdf);
        assert_eq!(r.count(), 2);
        assert!(r.is_boundary(17));
        assert!(r.is_boundary(18));
        assert!(!r.is_boundary(19));
        assert!(r.is_boundary(pdf.len() as u64));
        assert_eq!(r.index_for(18), 1);
        assert_eq!(r.index_for(pdf.len() as u64), 2);
        assert_eq!(r.index_for(10_000), 2);
        assert_eq!(r.end(1), 18);
        assert_eq!(r.end(0), 0);
        assert_eq!(r.end(3), 0);
    }

    #[test]
    fn no_marker_is_one_revision_for_indexing() {
        let r = Revisions::find(b"garbage");
        assert_eq!(r.count(), 0);
        assert_eq!(r.index_for(3), 1);
    }

    #[test]
    fn find_from_handles_edges() {
        assert_eq!(find_from(b"abc", b"c", 5), None);
        assert_eq!(find_from(b"abcabc", b"bc", 2), Some(4));
        assert_eq!(find_all(b"aaa", b"aa").count(), 2);
    }
}
