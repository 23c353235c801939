//! Blocks of side-by-side text: a letterhead or signature block read column
//! by column, a table read row by row.
//!
//! A block starts at a line with two or more spans and runs while the lines
//! stay close and every one-span line sits in one column. It is a *table*
//! when some line has three or more cells or most of its rows end in a
//! number; then each row becomes one line, its cells joined by `" | "` in
//! column order (an empty cell stays empty, so cells keep their column), and
//! the lines above the first row become one header line the same way. A cell
//! wrapped over several lines is put back together: a one-span line belongs
//! to the row whose baseline is nearer, the row below when the cell is
//! centred vertically, else the row above.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::{Line, Span};

/// The most lines a table may have.
const MAX_LINES: usize = 400;
/// The most cells a table row may have.
const MAX_CELLS: usize = 40;

/// One line of a block, with its page.
pub type Placed<'a> = (u32, &'a Line);

/// A finished line of a block: page, text, right end, font size.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockLine {
    pub page: u32,
    pub text: String,
    pub x1: f32,
    pub size: f32,
}

/// A number, a percentage or a dash standing for "none": a table's data cell.
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-–—]|\d[\d.,]*\s*%?|\(?\d[\d.,]*\)?|\d[\d.,]*/\d[\d.,]*)$").unwrap()
});
/// An item number alone: "5", "2.1", "IV".
static ITEM_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.?)$").unwrap());
/// A year: a column heading or a date's tail, not a figure.
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:19|20)\d\d$").unwrap());

/// The end (exclusive) of the block that starts at `start`.
pub fn block_end(stream: &[Placed], start: usize) -> usize {
    let mut columns: Vec<Range<f32>> = Vec::new();
    let (mut last_page, mut last_y) = (stream[start].0, stream[start].1.y);
    let mut i = start;
    while i < stream.len() {
        let (page, l) = stream[i];
        let gap_ok = page != last_page || l.y - last_y <= 3.0 * l.size.max(8.0);
        if !gap_ok {
            break;
        }
        // Cells cut at their gaps: a row of narrow cells reads as one span
        // with cell gaps inside.
        let cells = cut_cells(l);
        let narrow = l.spans.len() == 1 && cells.spans.len() >= 3 && is_data_row(&cells);
        if l.spans.len() >= 2 || narrow {
            for s in &cells.spans {
                add_to_columns(&mut columns, s.x0..s.x1);
            }
        } else if l.spans.len() != 1 || overlapping(&columns, &l.spans[0]) > 1 {
            break;
        }
        (last_page, last_y) = (page, l.y);
        i += 1;
    }
    i
}

/// Read a block as a table: its lines and how many of the block's lines they
/// used. `None` when the block is not a table.
pub fn read_table(block: &[Placed]) -> Option<(Vec<BlockLine>, usize)> {
    // Past these sizes a block is no table a report prints (and a hostile
    // file must not make the reading quadratic).
    if block.len() > MAX_LINES || block.iter().any(|(_, l)| l.spans.len() > MAX_CELLS) {
        return None;
    }
    let cut: Vec<Line> = block.iter().map(|(_, l)| cut_cells(l)).collect();
    let block: Vec<Placed> = block.iter().zip(&cut).map(|((p, _), l)| (*p, l)).collect();
    let block = block.as_slice();
    let multi: Vec<&Line> = block
        .iter()
        .map(|(_, l)| *l)
        .filter(|l| l.spans.len() >= 2)
        .collect();
    let numeric_rows = multi.iter().filter(|l| is_data_row(l)).count();
    let wide = multi.iter().any(|l| l.spans.len() >= 3);
    if multi.len() < 2 || numeric_rows == 0 || !(wide || numeric_rows * 2 >= multi.len()) {
        return None;
    }
    let mut first_row = block.iter().position(|(_, l)| is_data_row(l))?;
    // "triệu" above "Thu nhập … | 47,7": a cell centred on the first row,
    // nearer to it than to the header line above, is the row's.
    while first_row >= 2 {
        let (page, l) = block[first_row - 1];
        let (above_page, above) = block[first_row - 2];
        let (row_page, row) = block[first_row];
        let nearer = page == row_page && (page != above_page || row.y - l.y < l.y - above.y);
        if l.spans.len() != 1 || !nearer {
            break;
        }
        first_row -= 1;
    }
    let columns = data_columns(&block[first_row..rows_end(block)]);
    if columns.len() < 2 {
        return None;
    }
    let mut out = Vec::new();
    if first_row > 0 {
        out.push(header(&block[..first_row], &columns));
    }
    let (rows, used) = rows(&block[first_row..], &columns);
    out.extend(rows);
    Some((out, first_row + used))
}

/// A line with its spans cut at their cell gaps.
fn cut_cells(l: &Line) -> Line {
    Line {
        y: l.y,
        size: l.size,
        spans: l.spans.iter().flat_map(Span::cells).collect(),
    }
}

/// Whether a line is a table row holding figures: two or more cells, one
/// after the first a number or a dash.
fn is_data_row(l: &Line) -> bool {
    l.spans.len() >= 2
        && l.spans[1..].iter().any(|s| {
            let t = s.text.trim();
            NUMERIC.is_match(t) && !YEAR.is_match(t)
        })
}

/// The end of the table's rows: after its last row, only lines close
/// enough to be a cell wrapped below it.
fn rows_end(block: &[Placed]) -> usize {
    let Some(last) = block.iter().rposition(|(_, l)| l.spans.len() >= 2) else {
        return block.len();
    };
    let mut end = last + 1;
    while let Some(&(page, l)) = block.get(end) {
        let (prev_page, prev) = block[end - 1];
        if page != prev_page || l.y - prev.y > 1.5 * l.size.max(8.0) {
            break;
        }
        end += 1;
    }
    end
}

/// The columns of the rows (and of the cell lines wrapped around them, so
/// a label centred beside its row's values is a column of its own): the
/// x-ranges their cells cover. A stretch
/// covered by one row only is a gap between columns, unless that row's cell
/// there stands alone (a column with one value): so one cell that runs into
/// the next column ("Thu nhập bình quân đầu người đồng/người/") does not
/// merge the two.
fn data_columns(block: &[Placed]) -> Vec<Range<f32>> {
    let spans: Vec<Range<f32>> = block
        .iter()
        .flat_map(|(_, l)| l.spans.iter().map(|s| s.x0..s.x1))
        .filter(|r| r.start.is_finite() && r.end.is_finite() && r.end >= r.start)
        .collect();
    let (Some(lo), Some(hi)) = (
        spans.iter().map(|r| r.start).min_by(f32::total_cmp),
        spans.iter().map(|r| r.end).max_by(f32::total_cmp),
    ) else {
        return Vec::new();
    };
    // One bin per point; a page is a few hundred points wide.
    let bins = ((hi - lo).ceil() as usize + 1).min(10_000);
    let bin = |x: f32| (((x - lo).max(0.0)) as usize).min(bins - 1);
    let mut cover = vec![0u32; bins];
    for r in &spans {
        for c in &mut cover[bin(r.start)..=bin(r.end)] {
            *c += 1;
        }
    }
    let mut column = vec![false; bins];
    for r in &spans {
        let range = bin(r.start)..=bin(r.end);
        let alone = cover[range.clone()].iter().all(|&c| c <= 1);
        for b in range {
            column[b] |= cover[b] >= 2 || alone;
        }
    }
    let mut out: Vec<Range<f32>> = Vec::new();
    let mut start = None;
    for (b, &on) in column.iter().chain([&false]).enumerate() {
        match (on, start) {
            (true, None) => start = Some(b),
            (false, Some(s)) => {
                out.push(lo + s as f32..lo + b as f32);
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn add_to_columns(columns: &mut Vec<Range<f32>>, r: Range<f32>) {
    let mut merged = r;
    columns.retain(|c| {
        let touches = c.start <= merged.end + 2.0 && merged.start <= c.end + 2.0;
        if touches {
            merged = merged.start.min(c.start)..merged.end.max(c.end);
        }
        !touches
    });
    columns.push(merged);
    columns.sort_by(|a, b| a.start.total_cmp(&b.start));
}

/// How many columns a span overlaps.
fn overlapping(columns: &[Range<f32>], s: &Span) -> usize {
    columns
        .iter()
        .filter(|c| s.x0 < c.end && c.start < s.x1)
        .count()
}

/// The column a span belongs to: the one it overlaps most, else the nearest.
fn column_of(columns: &[Range<f32>], s: &Span) -> usize {
    let score = |c: &Range<f32>| {
        let overlap = s.x1.min(c.end) - s.x0.max(c.start);
        if overlap > 0.0 {
            overlap
        } else {
            overlap - 10_000.0
        }
    };
    (0..columns.len())
        .max_by(|&a, &b| score(&columns[a]).total_cmp(&score(&columns[b])))
        .unwrap_or(0)
}

/// The header line: each column's header cells, top to bottom; a cell
/// spanning several columns (covering at least half of each) heads each of
/// them.
fn header(lines: &[Placed], columns: &[Range<f32>]) -> BlockLine {
    let mut cells = vec![String::new(); columns.len()];
    for (_, l) in lines {
        for s in &l.spans {
            let covered: Vec<usize> = (0..columns.len())
                .filter(|&c| {
                    let overlap = s.x1.min(columns[c].end) - s.x0.max(columns[c].start);
                    let narrower = (s.x1 - s.x0).min(columns[c].end - columns[c].start);
                    overlap > 0.0 && overlap >= 0.5 * narrower
                })
                .collect();
            let targets = if covered.is_empty() {
                vec![column_of(columns, s)]
            } else {
                covered
            };
            for c in targets {
                push_cell(&mut cells[c], &s.text);
            }
        }
    }
    let (page, first) = lines[0];
    finish(page, first, &cells)
}

/// The rows of a table from its first data row on, and how many lines they
/// used.
fn rows(lines: &[Placed], columns: &[Range<f32>]) -> (Vec<BlockLine>, usize) {
    let mut rows: Vec<(u32, &Line, Vec<String>)> = Vec::new();
    let mut pending: Vec<(usize, &str)> = Vec::new();
    let mut used = 0;
    for (i, &(page, l)) in lines.iter().enumerate() {
        if l.spans.len() >= 2 {
            let mut cells = vec![String::new(); columns.len()];
            for s in &l.spans {
                push_cell(&mut cells[column_of(columns, s)], &s.text);
            }
            for (c, text) in pending.drain(..) {
                // A cell centred beside the row's item number: number first.
                if ITEM_NUMBER.is_match(&cells[c]) {
                    push_cell(&mut cells[c], text);
                } else {
                    let after = std::mem::take(&mut cells[c]);
                    cells[c] = text.to_string();
                    push_cell(&mut cells[c], &after);
                }
            }
            rows.push((page, l, cells));
            used = i + 1;
            continue;
        }
        let span = &l.spans[0];
        let c = column_of(columns, span);
        let distance = |other: Option<&Placed>| {
            other
                .filter(|(p, _)| *p == page)
                .map_or(f32::MAX, |(_, o)| (o.y - l.y).abs())
        };
        let next_row = lines[i + 1..].iter().find(|(_, n)| n.spans.len() >= 2);
        let prev_row = lines[..i].iter().rev().find(|(_, n)| n.spans.len() >= 2);
        let prev = lines[i.saturating_sub(1)].1;
        let close = i > 0 && l.y - prev.y <= 2.0 * l.size.max(8.0);
        if next_row.is_some() && distance(next_row) < distance(prev_row) {
            pending.push((c, &span.text));
        } else if let (Some(row), true) = (rows.last_mut(), close) {
            push_cell(&mut row.2[c], &span.text);
            used = i + 1;
        } else {
            break;
        }
    }
    let out = rows
        .iter()
        .map(|(page, l, cells)| finish(*page, l, cells))
        .collect();
    (out, used)
}

fn push_cell(cell: &mut String, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push(' ');
    }
    cell.push_str(text);
}

fn finish(page: u32, l: &Line, cells: &[String]) -> BlockLine {
    BlockLine {
        page,
        text: cells.join(" | "),
        x1: l.spans.last().map_or(0.0, |s| s.x1),
        size: l.size,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(y: f32, cells: &[(f32, f32, &str)]) -> Line {
        Line {
            y,
            size: 12.0,
            spans: cells
                .iter()
                .map(|&(x0, x1, t)| Span {
                    x0,
                    x1,
                    text: t.into(),
                })
                .collect(),
        }
    }

    fn read(lines: &[Line]) -> Option<Vec<String>> {
        let placed: Vec<Placed> = lines.iter().map(|l| (1, l)).collect();
        let end = block_end(&placed, 0);
        read_table(&placed[..end]).map(|(ls, _)| ls.into_iter().map(|l| l.text).collect())
    }

    /// The layout of the indicator table of a generated corpus report
    /// (corpus/phuong-my-thuong/792-BC-UBND.pdf, page 5).
    #[test]
    fn a_table_is_read_row_by_row_with_wrapped_cells_put_back() {
        let lines = [
            row(
                81.0,
                &[
                    (94.0, 110.0, "TT"),
                    (215.0, 256.0, "Chỉ tiêu"),
                    (377.0, 411.0, "Đơn vị"),
                    (467.0, 508.0, "Kết quả"),
                ],
            ),
            row(
                100.0,
                &[
                    (99.0, 181.0, "1 Số hộ nghèo"),
                    (388.0, 400.0, "hộ"),
                    (479.0, 497.0, "121"),
                ],
            ),
            row(118.7, &[(383.0, 405.0, "triệu")]),
            row(
                125.6,
                &[
                    (99.0, 269.0, "2 Thu nhập bình quân đầu người"),
                    (477.0, 498.0, "57,7"),
                ],
            ),
            row(132.5, &[(354.0, 434.0, "đồng/người/năm")]),
            row(
                139.0,
                &[(121.0, 344.0, "Nhà ở hỗ trợ xây mới, sửa chữa cho hộ nghèo,")],
            ),
            row(
                146.0,
                &[
                    (99.0, 105.0, "5"),
                    (385.0, 403.0, "nhà"),
                    (482.0, 494.0, "73"),
                ],
            ),
            row(153.0, &[(121.0, 170.0, "cận nghèo")]),
            row(
                171.0,
                &[
                    (99.0, 284.0, "6 Số hộ thoát nghèo trong giai đoạn"),
                    (388.0, 400.0, "hộ"),
                    (479.0, 497.0, "343"),
                ],
            ),
        ];
        assert_eq!(
            read(&lines).unwrap(),
            [
                "TT Chỉ tiêu | Đơn vị | Kết quả",
                "1 Số hộ nghèo | hộ | 121",
                "2 Thu nhập bình quân đầu người | triệu đồng/người/năm | 57,7",
                "5 Nhà ở hỗ trợ xây mới, sửa chữa cho hộ nghèo, cận nghèo | nhà | 73",
                "6 Số hộ thoát nghèo trong giai đoạn | hộ | 343",
            ]
        );
    }

    #[test]
    fn a_cell_spanning_two_columns_heads_both() {
        let lines = [
            row(
                80.0,
                &[(94.0, 300.0, "Hình thức"), (390.0, 520.0, "Số lượng")],
            ),
            row(
                94.0,
                &[(391.0, 431.0, "Tập thể"), (474.0, 518.0, "Cá nhân")],
            ),
            row(
                110.0,
                &[
                    (99.0, 295.0, "Bằng khen của Chủ tịch UBND tỉnh"),
                    (405.0, 417.0, "09"),
                    (490.0, 502.0, "33"),
                ],
            ),
            row(
                126.0,
                &[
                    (99.0, 262.0, "Lao động tiên tiến"),
                    (409.0, 413.0, "-"),
                    (487.0, 505.0, "744"),
                ],
            ),
        ];
        assert_eq!(
            read(&lines).unwrap(),
            [
                "Hình thức | Số lượng Tập thể | Số lượng Cá nhân",
                "Bằng khen của Chủ tịch UBND tỉnh | 09 | 33",
                "Lao động tiên tiến | - | 744",
            ]
        );
    }

    /// corpus/phuong-phong-dien/774-BC-UBND.pdf, page 3: a label run into
    /// the unit column keeps the columns apart.
    #[test]
    fn a_cell_running_into_the_next_column_does_not_merge_them() {
        let lines = [
            row(
                542.0,
                &[
                    (96.0, 176.0, "1\tSố hộ nghèo"),
                    (293.0, 305.0, "hộ"),
                    (429.0, 447.0, "347"),
                ],
            ),
            row(
                575.0,
                &[
                    (96.0, 329.0, "2\tThu nhập bình quân đầu người đồng/người/"),
                    (428.0, 449.0, "64,8"),
                ],
            ),
            row(
                592.0,
                &[
                    (96.0, 219.0, "6\tKinh phí hỗ trợ nhà ở"),
                    (275.0, 324.0, "triệu đồng"),
                    (425.0, 452.0, "4.180"),
                ],
            ),
        ];
        assert_eq!(
            read(&lines).unwrap(),
            [
                "1 | Số hộ nghèo | hộ | 347",
                "2 | Thu nhập bình quân đầu người đồng/người/ |  | 64,8",
                "6 | Kinh phí hỗ trợ nhà ở | triệu đồng | 4.180",
            ]
        );
    }

    #[test]
    fn a_letterhead_is_not_a_table() {
        let lines = [
            row(
                55.0,
                &[
                    (118.0, 251.0, "UBND THÀNH PHỐ HUẾ"),
                    (287.0, 535.0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                ],
            ),
            row(
                69.0,
                &[
                    (100.0, 269.0, "ỦY BAN NHÂN DÂN PHƯỜNG"),
                    (338.0, 484.0, "Độc lập - Tự do - Hạnh phúc"),
                ],
            ),
            row(83.0, &[(152.0, 217.0, "HÓA CHÂU")]),
            row(96.0, &[(332.0, 489.0, "Hóa Châu, ngày 04 tháng 8 năm")]),
            row(
                110.0,
                &[(137.0, 231.0, "Số: 188/BC-UBND"), (399.0, 423.0, "2025")],
            ),
        ];
        assert_eq!(read(&lines), None);
        let placed: Vec<Placed> = lines.iter().map(|l| (1, l)).collect();
        assert_eq!(block_end(&placed, 0), 5);
    }

    #[test]
    fn body_text_after_a_table_ends_it() {
        let lines = [
            row(
                81.0,
                &[(99.0, 181.0, "1 Số hộ nghèo"), (479.0, 497.0, "121")],
            ),
            row(
                100.0,
                &[(99.0, 181.0, "2 Số hộ cận nghèo"), (479.0, 497.0, "96")],
            ),
            row(
                130.0,
                &[(121.0, 538.0, "Phong trào “Toàn dân đoàn kết” tiếp tục")],
            ),
        ];
        let placed: Vec<Placed> = lines.iter().map(|l| (1, l)).collect();
        assert_eq!(block_end(&placed, 0), 2);
        assert_eq!(
            read(&lines).unwrap(),
            ["1 Số hộ nghèo | 121", "2 Số hộ cận nghèo | 96"]
        );
    }

    /// corpus/phuong-phong-dien/774-BC-UBND.pdf, page 3, as extracted:
    /// narrow columns, a label run into the unit column, cells wrapped
    /// around their rows.
    #[test]
    fn a_narrow_table_keeps_its_unit_column() {
        let lines = [
            row(510.1, &[(494.0, 526.0, "So với")]),
            row(
                517.0,
                &[
                    (91.0, 107.0, "TT"),
                    (170.0, 210.0, "Chỉ tiêu"),
                    (270.0, 464.0, "Đơn vị tính\tKế hoạch\tThực hiện"),
                ],
            ),
            row(523.9, &[(490.0, 531.0, "KH (%)")]),
            row(
                542.7,
                &[
                    (96.0, 176.0, "1\tSố hộ nghèo"),
                    (293.0, 305.0, "hộ"),
                    (361.0, 365.0, "-"),
                    (429.0, 447.0, "347"),
                    (508.0, 512.0, "-"),
                ],
            ),
            row(561.5, &[(288.0, 310.0, "triệu")]),
            row(
                575.3,
                &[
                    (96.0, 329.0, "2\tThu nhập bình quân đầu người đồng/người/"),
                    (361.0, 365.0, "-"),
                    (428.0, 449.0, "64,8"),
                    (508.0, 512.0, "-"),
                ],
            ),
            row(589.1, &[(289.0, 310.0, "năm")]),
            row(
                607.9,
                &[
                    (96.0, 188.0, "3\tTỷ lệ hộ nghèo"),
                    (294.0, 304.0, "%"),
                    (355.0, 371.0, "< 3"),
                    (428.0, 449.0, "2,48"),
                    (502.0, 519.0, "Đạt"),
                ],
            ),
            row(626.7, &[(116.0, 262.0, "Lao động được giải quyết việc")]),
            row(
                633.6,
                &[
                    (96.0, 102.0, "4"),
                    (285.0, 313.0, "người"),
                    (350.0, 376.0, "3.289"),
                    (425.0, 452.0, "3.835"),
                    (497.0, 524.0, "116,6"),
                ],
            ),
            row(640.5, &[(116.0, 134.0, "làm")]),
            row(659.3, &[(116.0, 241.0, "Nhà ở hỗ trợ xây mới, sửa")]),
            row(
                666.2,
                &[
                    (96.0, 102.0, "5"),
                    (290.0, 308.0, "nhà"),
                    (357.0, 369.0, "76"),
                    (432.0, 444.0, "95"),
                    (501.0, 519.0, "125"),
                ],
            ),
            row(673.1, &[(116.0, 261.0, "chữa cho hộ nghèo, cận nghèo")]),
            row(
                691.9,
                &[
                    (96.0, 219.0, "6\tKinh phí hỗ trợ nhà ở"),
                    (275.0, 324.0, "triệu đồng"),
                    (361.0, 365.0, "-"),
                    (425.0, 452.0, "4.180"),
                    (508.0, 512.0, "-"),
                ],
            ),
            row(
                710.7,
                &[
                    (96.0, 254.0, "7\tTỷ lệ hài lòng của người dân"),
                    (294.0, 304.0, "%"),
                    (361.0, 365.0, "-"),
                    (428.0, 449.0, "98,5"),
                    (508.0, 512.0, "-"),
                ],
            ),
        ];
        let got = read(&lines).unwrap();
        assert_eq!(
            got[0],
            "TT | Chỉ tiêu | Đơn vị tính | Kế hoạch | Thực hiện | So với KH (%)"
        );
        assert_eq!(got[1], "1 | Số hộ nghèo | hộ | - | 347 | -");
        assert_eq!(
            got[4],
            "4 | Lao động được giải quyết việc làm | người | 3.289 | 3.835 | 116,6"
        );
        assert_eq!(
            got[6],
            "6 | Kinh phí hỗ trợ nhà ở | triệu đồng | - | 4.180 | -"
        );
    }
}
