//! Horizontal bar charts drawn as inline SVG: one bar per unit that states
//! the metric, labelled with the unit's name and the value. Each bar is a
//! `<rect class="bar">` carrying `data-unit` and `data-value`, so a test can
//! count and read them.

use std::fmt::Write;

use super::esc;
use crate::lang::{self as i18n, Lang};

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub unit: String,
    pub value: f64,
}

/// A reference line across the bars (the median of a rate, say).
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub label: String,
    pub value: f64,
}

/// What one chart shows.
pub struct Chart<'a> {
    pub kind: &'a str,
    pub metric: &'a str,
    pub bars: &'a [Bar],
    pub marker: Option<Marker>,
    pub lang: Lang,
}

const WIDTH: f64 = 760.0;
const LABEL_WIDTH: f64 = 200.0;
const VALUE_WIDTH: f64 = 120.0;
const ROW: f64 = 20.0;
const BAR: f64 = 14.0;
const TOP: f64 = 6.0;
const BOTTOM: f64 = 22.0;

/// The chart as an `<svg>` element.
pub fn svg(c: &Chart) -> String {
    let height = TOP + ROW * c.bars.len() as f64 + BOTTOM;
    let max = c
        .bars
        .iter()
        .map(|b| b.value)
        .chain(c.marker.as_ref().map(|m| m.value))
        .fold(0.0_f64, f64::max);
    let scale = |v: f64| {
        if max > 0.0 {
            (v.max(0.0) / max) * (WIDTH - LABEL_WIDTH - VALUE_WIDTH)
        } else {
            0.0
        }
    };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" data-kind="{}" data-metric="{}">"#,
        esc(c.kind),
        esc(c.metric)
    );
    for (i, b) in c.bars.iter().enumerate() {
        s.push_str(&bar(i, b, scale(b.value), c.lang));
    }
    if let Some(m) = &c.marker {
        s.push_str(&marker(m, LABEL_WIDTH + scale(m.value), height, c.lang));
    }
    let _ = write!(
        s,
        r##"<line x1="{LABEL_WIDTH}" y1="{TOP}" x2="{LABEL_WIDTH}" y2="{}" stroke="#555"/>"##,
        height - BOTTOM
    );
    s.push_str("</svg>");
    s
}

fn bar(i: usize, b: &Bar, w: f64, lang: Lang) -> String {
    let y = TOP + ROW * i as f64;
    let text_y = y + BAR - 2.0;
    let shown = i18n::number(b.value, lang);
    format!(
        concat!(
            r#"<text class="label" x="{lx}" y="{ty}" text-anchor="end">{unit}</text>"#,
            r#"<rect class="bar" x="{x}" y="{y}" width="{w:.2}" height="{h}" data-unit="{unit}" data-value="{v}"><title>{unit}: {shown}</title></rect>"#,
            r#"<text class="value" x="{vx:.2}" y="{ty}">{shown}</text>"#
        ),
        lx = LABEL_WIDTH - 6.0,
        ty = text_y,
        unit = esc(&b.unit),
        x = LABEL_WIDTH,
        y = y + (ROW - BAR) / 2.0,
        w = w,
        h = BAR,
        v = b.value,
        shown = shown,
        vx = LABEL_WIDTH + w + 4.0,
    )
}

fn marker(m: &Marker, x: f64, height: f64, lang: Lang) -> String {
    format!(
        concat!(
            r##"<line class="marker" x1="{x:.2}" y1="{top}" x2="{x:.2}" y2="{bottom}" stroke="#c05621" stroke-dasharray="4 3"/>"##,
            r##"<text class="marker-label" x="{x:.2}" y="{ty}" text-anchor="middle" fill="#c05621">{label}: {value}</text>"##
        ),
        x = x,
        top = TOP,
        bottom = height - BOTTOM,
        ty = height - 6.0,
        label = esc(&m.label),
        value = i18n::number(m.value, lang),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(bars: &[Bar]) -> String {
        svg(&Chart {
            kind: "k",
            metric: "poor_households",
            bars,
            marker: Some(Marker {
                label: "Trung vị".into(),
                value: 50.0,
            }),
            lang: Lang::Vi,
        })
    }

    #[test]
    fn one_rect_per_bar_longest_for_the_largest() {
        let bars = [
            Bar {
                unit: "Phường Kim Trà".into(),
                value: 96.0,
            },
            Bar {
                unit: "Xã A Lưới 1".into(),
                value: 48.0,
            },
        ];
        let s = chart(&bars);
        assert_eq!(s.matches(r#"class="bar""#).count(), 2);
        assert!(
            s.contains(r#"width="440.00" height="14" data-unit="Phường Kim Trà" data-value="96""#),
            "{s}"
        );
        assert!(s.contains(r#"width="220.00""#), "{s}");
        assert!(s.contains("Trung vị: 50"));
    }

    #[test]
    fn empty_chart_has_no_bars_and_no_nan() {
        let s = chart(&[]);
        assert_eq!(s.matches(r#"class="bar""#).count(), 0);
        assert!(!s.contains("NaN"));
    }
}
