//! `/ByteRange` checks: are the ranges inside the file, and do they cover
//! everything except exactly the `/Contents` string up to a revision end?

use crate::rawscan::parse_hex;
use crate::revisions::Revisions;

/// Byte ranges validated against the file: `(start, end)` pairs, in order,
/// non-overlapping and inside the file.
pub type Spans = Vec<(usize, usize)>;

/// Validates `/ByteRange` numbers against a file of `file_len` bytes.
pub fn validate(numbers: &[i64], file_len: usize) -> Result<Spans, String> {
    if numbers.is_empty() || numbers.len() & 1 != 0 {
        return Err(format!(
            "/ByteRange has {} numbers; an even, non-zero count is required",
            numbers.len()
        ));
    }
    if let Some(n) = numbers.iter().find(|&&n| n < 0) {
        return Err(format!("/ByteRange holds a negative number ({n})"));
    }
    let mut spans = Vec::with_capacity(numbers.len() / 2);
    let mut previous_end = 0usize;
    for pair in numbers.chunks_exact(2) {
        let (start, len) = (pair[0] as u64, pair[1] as u64);
        let end = start
            .checked_add(len)
            .filter(|&e| e <= file_len as u64)
            .ok_or_else(|| format!("/ByteRange [{start} {len}] extends beyond the end of the file ({file_len} bytes)"))?;
        let (start, end) = (start as usize, end as usize);
        if start < previous_end {
            return Err("/ByteRange ranges overlap or are out of order".to_string());
        }
        spans.push((start, end));
        previous_end = end;
    }
    Ok(spans)
}

/// Where the ranges end (start + length of the last pair), saturating.
pub fn claimed_end(numbers: &[i64]) -> u64 {
    match numbers {
        [.., start, len] => (*start)
            .max(0)
            .unsigned_abs()
            .saturating_add((*len).max(0).unsigned_abs()),
        _ => 0,
    }
}

/// The slices of `bytes` the spans select.
pub fn slices<'a>(bytes: &'a [u8], spans: &Spans) -> Vec<&'a [u8]> {
    spans.iter().map(|&(s, e)| &bytes[s..e]).collect()
}

/// Checks that `spans` start at 0, leave out exactly the `/Contents` hex
/// string (whose decoded value is `contents`), and end at the file's end or
/// at a revision end. `Err` tells which condition failed.
pub fn check_coverage(
    bytes: &[u8],
    spans: &Spans,
    contents: &[u8],
    revisions: &Revisions,
) -> Result<(), String> {
    let [(0, first_end), (second_start, end)] = spans.as_slice() else {
        return Err("/ByteRange is not two ranges starting at offset 0".to_string());
    };
    let gap = &bytes[*first_end..*second_start];
    let gap_ok = match gap {
        [b'<', .., b'>'] => parse_hex(gap, 1)
            .is_some_and(|(decoded, next)| next == gap.len() && decoded == contents),
        _ => false,
    };
    if !gap_ok {
        return Err(format!(
            "the /ByteRange gap [{first_end}, {second_start}) is not exactly the /Contents string"
        ));
    }
    if *end != bytes.len() && !revisions.is_boundary(*end as u64) {
        return Err(format!(
            "the signed bytes end at {end}, which is neither the end of the file nor of a revision"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_ranges() {
        assert_eq!(validate(&[0, 5, 9, 1], 10), Ok(vec![(0, 5), (9, 10)]));
        assert!(validate(&[0, 5, 9, 2], 10).unwrap_err().contains("beyond"));
        assert!(validate(&[0, -5, 9, 1], 10)
            .unwrap_err()
            .contains("negative"));
        assert!(validate(&[0, 5, 9], 10).is_err());
        assert!(validate(&[], 10).is_err());
        assert!(validate(&[0, 5, 3, 1], 10).unwrap_err().contains("overlap"));
        assert!(validate(&[i64::MAX, i64::MAX, 0, 0], 10).is_err());
    }

    #[test]
    fn claimed_end_saturates() {
        assert_eq!(claimed_end(&[0, 5, 9, 1]), 10);
        assert_eq!(
            claimed_end(&[0, 5, i64::MAX, i64::MAX]),
            (i64::MAX as u64) * 2
        );
        assert_eq!(claimed_end(&[0, -5]), 0);
        assert_eq!(claimed_end(&[]), 0);
    }

    #[test]
    fn checks_coverage() {
        let file = b"%PDF<0A0B>rest%%EOF\n";
        let revs = Revisions::find(file);
        let spans = validate(&[0, 4, 10, 10], file.len()).unwrap();
        assert_eq!(check_coverage(file, &spans, &[0x0A, 0x0B], &revs), Ok(()));
        assert!(check_coverage(file, &spans, &[0x0A], &revs).is_err());
        let short = validate(&[0, 4, 10, 5], file.len()).unwrap();
        assert!(check_coverage(file, &short, &[0x0A, 0x0B], &revs)
            .unwrap_err()
            .contains("neither"));
        let shifted = validate(&[0, 3, 10, 10], file.len()).unwrap();
        assert!(check_coverage(file, &shifted, &[0x0A, 0x0B], &revs).is_err());
        let late = validate(&[1, 3, 10, 10], file.len()).unwrap();
        assert!(check_coverage(file, &late, &[0x0A, 0x0B], &revs).is_err());
    }
}
