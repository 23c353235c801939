//! Numbers as the outputs show them: plain in CSV (`96`, `1.14`), grouped
//! the local way in the report (`2.977.500.000`), and the width a
//! spreadsheet's `#,##0` / `#,##0.00` formats give them.

/// A number as a plain string: integers without ".0".
pub fn plain(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Whole numbers grouped by thousands, others with two decimals, with the
/// given group and decimal separators.
pub fn grouped(v: f64, group: char, decimal: char) -> String {
    let text = if v.fract() == 0.0 {
        format!("{:.0}", v.abs())
    } else {
        format!("{:.2}", v.abs())
    };
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    if v < 0.0 {
        out.push('-');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push(decimal);
        out.push_str(frac);
    }
    out
}

/// Length of a number as `#,##0` (whole) or `#,##0.00` shows it.
pub fn spreadsheet_width(v: f64) -> usize {
    let digits = format!("{:.0}", v.abs().trunc()).len();
    let groups = (digits.saturating_sub(1)) / 3;
    let sign = usize::from(v < 0.0);
    let fraction = if v.fract() == 0.0 { 0 } else { 3 };
    sign + digits + groups + fraction
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers() {
        assert_eq!(plain(96.0), "96");
        assert_eq!(plain(-5.0), "-5");
        assert_eq!(plain(1.14), "1.14");
        assert_eq!(plain(1e16), "10000000000000000");
    }

    #[test]
    fn grouped_numbers() {
        assert_eq!(grouped(2_977_500_000.0, '.', ','), "2.977.500.000");
        assert_eq!(grouped(2_977_500_000.0, ',', '.'), "2,977,500,000");
        assert_eq!(grouped(1.14, '.', ','), "1,14");
        assert_eq!(grouped(-1234.5, ',', '.'), "-1,234.50");
        assert_eq!(grouped(0.0, '.', ','), "0");
    }

    #[test]
    fn widths_count_separators() {
        assert_eq!(spreadsheet_width(2_977_500_000.0), 13);
        assert_eq!(spreadsheet_width(1.14), 4);
        assert_eq!(spreadsheet_width(-96.0), 3);
    }
}
