//! Tesseract's TSV output: one row per page, block, paragraph, line and
//! word, with pixel boxes and (for words) a confidence from 0 to 100.
//!
//! [`words`] keeps the word rows (level 5) with text, converting their boxes
//! from pixels at the rendering resolution to page points, top-left origin.
//! Rows that do not parse are skipped: the output of a program is input too.

/// One recognised word.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OcrWord {
    pub text: String,
    /// Tesseract's confidence, 0–100.
    pub confidence: f32,
    /// Box in page points, `y` growing downwards.
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// Tesseract's block, paragraph and line numbers.
    pub block: u32,
    pub par: u32,
    pub line: u32,
}

/// The words of a TSV text, in tesseract's order.
pub fn words(tsv: &str, dpi: u32) -> Vec<OcrWord> {
    let scale = 72.0 / dpi.max(1) as f32;
    tsv.lines().filter_map(|row| word(row, scale)).collect()
}

/// One word row (`level` 5), or `None`.
fn word(row: &str, scale: f32) -> Option<OcrWord> {
    let cols: Vec<&str> = row.split('\t').collect();
    if cols.len() < 12 || cols[0] != "5" {
        return None;
    }
    let n = |i: usize| cols[i].trim().parse::<f32>().ok().filter(|v| v.is_finite());
    let id = |i: usize| cols[i].trim().parse::<u32>().ok();
    let text = cols[11..].join("\t").trim().to_string();
    if text.is_empty() {
        return None;
    }
    let (left, top, width, height) = (n(6)?, n(7)?, n(8)?, n(9)?);
    Some(OcrWord {
        text,
        confidence: n(10)?.clamp(0.0, 100.0),
        x0: left * scale,
        y0: top * scale,
        x1: (left + width) * scale,
        y1: (top + height) * scale,
        block: id(2)?,
        par: id(3)?,
        line: id(4)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
        1\t1\t0\t0\t0\t0\t0\t0\t1676\t2355\t-1\t\n\
        4\t1\t1\t1\t1\t0\t249\t136\t1209\t40\t-1\t\n\
        5\t1\t1\t1\t1\t1\t250\t136\t100\t40\t96.5\tUBND\n\
        5\t1\t1\t1\t1\t2\t360\t136\t80\t40\t91\t \n\
        5\t1\t1\t1\t1\t3\tx\t136\t80\t40\t91\tbad\n\
        5\t1\t1\t1\t2\t1\t250\t200\t100\t40\t88.25\tHUẾ\n";

    #[test]
    fn keeps_words_with_text_in_points() {
        let w = words(TSV, 200);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].text, "UBND");
        assert_eq!(w[0].confidence, 96.5);
        assert_eq!(w[0].x0, 90.0);
        assert!((w[0].y0 - 48.96).abs() < 1e-4);
        assert!((w[0].x1 - 126.0).abs() < 1e-4);
        assert_eq!((w[1].block, w[1].par, w[1].line), (1, 1, 2));
        assert_eq!(w[1].text, "HUẾ");
    }

    #[test]
    fn garbage_gives_nothing() {
        assert!(words("", 200).is_empty());
        assert!(words("5\t1\t1", 200).is_empty());
        assert!(words("\u{0}\t\t\t\n\n", 0).is_empty());
    }
}
