//! PDF dates (`D:YYYYMMDDHHmmSSOHH'mm'`) and RFC 3339 rendering.

use chrono::{DateTime, FixedOffset, NaiveDate};

/// A point in time with the UTC offset it was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Seconds since the Unix epoch.
    pub unix: i64,
    /// Offset from UTC in seconds (`None` when the source gave none).
    pub offset: Option<i32>,
}

/// Parses a PDF date string such as `D:20250828141352+07'00'`.
///
/// Missing trailing fields default as the PDF specification says (month and
/// day 1, time 0, offset unknown).
pub fn parse_pdf_date(text: &str) -> Option<Stamp> {
    let s = text.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() < 4 {
        return None;
    }
    let field = |from: usize, len: usize, default: u32| -> Option<u32> {
        match digits.get(from..from + len) {
            Some(d) => d.parse().ok(),
            None => Some(default),
        }
    };
    let year: i32 = digits[..4].parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, field(4, 2, 1)?, field(6, 2, 1)?)?;
    let time = date.and_hms_opt(field(8, 2, 0)?, field(10, 2, 0)?, field(12, 2, 0)?.min(59))?;
    let offset = parse_offset(&s[digits.len()..]);
    let unix = time.and_utc().timestamp() - i64::from(offset.unwrap_or(0));
    Some(Stamp { unix, offset })
}

/// Parses the `Z`, `+HH'mm'` or `-HH'mm` tail of a PDF date.
fn parse_offset(rest: &str) -> Option<i32> {
    let mut chars = rest.chars();
    let sign = match chars.next()? {
        'Z' | 'z' => return Some(0),
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits: String = chars.filter(|c| c.is_ascii_digit()).take(4).collect();
    let hours: i32 = digits.get(..2)?.parse().ok()?;
    let minutes: i32 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * 3600 + minutes * 60))
}

/// Renders `unix` as RFC 3339 at the given offset (seconds east of UTC),
/// e.g. `2025-08-28T14:13:52+07:00`.
pub fn rfc3339(unix: i64, offset: i32) -> Option<String> {
    let offset = FixedOffset::east_opt(offset)?;
    let utc = DateTime::from_timestamp(unix, 0)?;
    Some(
        utc.with_timezone(&offset)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
    )
}

/// Seconds since the epoch of an RFC 3339 timestamp produced by [`rfc3339`].
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_date_with_offset() {
        let s = parse_pdf_date("D:20250828141352+07'00'").unwrap();
        assert_eq!(s.offset, Some(7 * 3600));
        assert_eq!(
            rfc3339(s.unix, 7 * 3600).unwrap(),
            "2025-08-28T14:13:52+07:00"
        );
        assert_eq!(rfc3339(s.unix, 0).unwrap(), "2025-08-28T07:13:52+00:00");
    }

    #[test]
    fn parses_partial_and_zulu_dates() {
        let s = parse_pdf_date("D:2024").unwrap();
        assert_eq!(rfc3339(s.unix, 0).unwrap(), "2024-01-01T00:00:00+00:00");
        assert_eq!(s.offset, None);
        let z = parse_pdf_date("D:20240102030405Z").unwrap();
        assert_eq!(z.offset, Some(0));
        let neg = parse_pdf_date("20240102030405-05'30").unwrap();
        assert_eq!(neg.offset, Some(-(5 * 3600 + 30 * 60)));
    }

    #[test]
    fn rejects_garbage() {
        assert!(parse_pdf_date("").is_none());
        assert!(parse_pdf_date("D:20241399").is_none());
        assert!(parse_pdf_date("yesterday").is_none());
        assert!(rfc3339(i64::MAX, 0).is_none());
        assert!(rfc3339(0, 100_000).is_none());
    }

    #[test]
    fn round_trips_rfc3339() {
        assert_eq!(parse_rfc3339("1970-01-01T07:00:00+07:00"), Some(0));
    }
}
