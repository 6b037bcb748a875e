//! Tiny SVG charts: grouped bars, horizontal bars and lines. Every label is escaped; the only
//! URL is the SVG namespace.

use std::fmt::Write;

/// Colours of the series (strategies), cycled.
const PALETTE: [&str; 6] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1",
];

/// Escape text for XML content and attributes.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

fn open(out: &mut String, id: &str, title: &str, w: f64, h: f64) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" id="{}" class="chart" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img"><title>{}</title>"#,
        escape(id),
        escape(title)
    );
}

fn legend(out: &mut String, series: &[String], x: f64, y: f64) {
    for (i, s) in series.iter().enumerate() {
        let yy = y + i as f64 * 16.0;
        let _ = write!(
            out,
            r#"<rect x="{x}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" font-size="11">{}</text>"#,
            yy,
            colour(i),
            x + 14.0,
            yy + 9.0,
            escape(s)
        );
    }
}

/// Vertical grouped bars: `values[series][category]` in [0, 1].
pub(crate) fn grouped_bars(
    id: &str,
    title: &str,
    categories: &[String],
    series: &[String],
    values: &[Vec<f64>],
) -> String {
    let (w, h) = (720.0, 300.0);
    let (left, right, top, bottom) = (44.0, 140.0, 20.0, 36.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let mut out = String::new();
    open(&mut out, id, title, w, h);
    axis_y(&mut out, left, top, plot_w, plot_h, 1.0);
    let n = categories.len().max(1) as f64;
    let group_w = plot_w / n;
    let bar_w = (group_w * 0.8) / series.len().max(1) as f64;
    for (c, cat) in categories.iter().enumerate() {
        let gx = left + c as f64 * group_w + group_w * 0.1;
        for (s, vals) in values.iter().enumerate() {
            let v = vals.get(c).copied().unwrap_or(0.0).clamp(0.0, 1.0);
            let bh = v * plot_h;
            let _ = write!(
                out,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{}: {:.3}</title></rect>"#,
                gx + s as f64 * bar_w,
                top + plot_h - bh,
                bar_w,
                bh,
                colour(s),
                escape(&format!("{} {}", series.get(s).map_or("", |x| x), cat)),
                v
            );
        }
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text>"#,
            left + (c as f64 + 0.5) * group_w,
            top + plot_h + 16.0,
            escape(cat)
        );
    }
    legend(&mut out, series, w - right + 10.0, top);
    out.push_str("</svg>");
    out
}

/// Horizontal grouped bars: one row per label, one bar per series, values in [0, 1].
pub(crate) fn horizontal_bars(
    id: &str,
    title: &str,
    labels: &[String],
    series: &[String],
    values: &[Vec<f64>],
) -> String {
    let row_h = 6.0 + 7.0 * series.len().max(1) as f64;
    let (left, right, top) = (190.0, 140.0, 24.0);
    let w = 760.0;
    let h = top + row_h * labels.len() as f64 + 24.0;
    let plot_w = w - left - right;
    let mut out = String::new();
    open(&mut out, id, title, w, h);
    for tick in 0..=4 {
        let x = left + plot_w * f64::from(tick) / 4.0;
        let _ = write!(
            out,
            r##"<line x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{:.1}" stroke="#ddd"/><text x="{x:.1}" y="{:.1}" font-size="10" text-anchor="middle">{}%</text>"##,
            h - 20.0,
            top - 6.0,
            tick * 25
        );
    }
    for (i, label) in labels.iter().enumerate() {
        let y = top + i as f64 * row_h;
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{}</text>"#,
            left - 6.0,
            y + row_h / 2.0 + 4.0,
            escape(label)
        );
        for (s, vals) in values.iter().enumerate() {
            let v = vals.get(i).copied().unwrap_or(0.0).clamp(0.0, 1.0);
            let _ = write!(
                out,
                r#"<rect x="{left}" y="{:.1}" width="{:.1}" height="6" fill="{}"><title>{}: {:.3}</title></rect>"#,
                y + 3.0 + s as f64 * 7.0,
                v * plot_w,
                colour(s),
                escape(&format!("{} {}", label, series.get(s).map_or("", |x| x))),
                v
            );
        }
    }
    legend(&mut out, series, w - right + 10.0, top);
    out.push_str("</svg>");
    out
}

/// Lines: `values[series][point]` in [0, 1] against `xs`.
pub(crate) fn lines(
    id: &str,
    title: &str,
    x_label: &str,
    xs: &[f64],
    series: &[String],
    values: &[Vec<f64>],
) -> String {
    let (w, h) = (720.0, 300.0);
    let (left, right, top, bottom) = (44.0, 140.0, 20.0, 40.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let (x0, x1) = match (xs.first(), xs.last()) {
        (Some(&a), Some(&b)) if b > a => (a, b),
        (Some(&a), _) => (a - 0.5, a + 0.5),
        _ => (0.0, 1.0),
    };
    let px = |x: f64| left + (x - x0) / (x1 - x0) * plot_w;
    let py = |v: f64| top + plot_h - v.clamp(0.0, 1.0) * plot_h;
    let mut out = String::new();
    open(&mut out, id, title, w, h);
    axis_y(&mut out, left, top, plot_w, plot_h, 1.0);
    for &x in xs {
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle">{}</text>"#,
            px(x),
            top + plot_h + 14.0,
            format_value(x)
        );
    }
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text>"#,
        left + plot_w / 2.0,
        h - 6.0,
        escape(x_label)
    );
    for (s, vals) in values.iter().enumerate() {
        let points: Vec<String> = xs
            .iter()
            .zip(vals)
            .map(|(&x, &v)| format!("{:.1},{:.1}", px(x), py(v)))
            .collect();
        let _ = write!(
            out,
            r#"<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>"#,
            colour(s),
            points.join(" ")
        );
        for (&x, &v) in xs.iter().zip(vals) {
            let _ = write!(
                out,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{}"><title>{}: {:.3}</title></circle>"#,
                px(x),
                py(v),
                colour(s),
                escape(&format!(
                    "{} at {}",
                    series.get(s).map_or("", |x| x),
                    format_value(x)
                )),
                v
            );
        }
    }
    legend(&mut out, series, w - right + 10.0, top);
    out.push_str("</svg>");
    out
}

fn format_value(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn axis_y(out: &mut String, left: f64, top: f64, plot_w: f64, plot_h: f64, max: f64) {
    for tick in 0..=4 {
        let v = max * f64::from(tick) / 4.0;
        let y = top + plot_h - plot_h * f64::from(tick) / 4.0;
        let _ = write!(
            out,
            r##"<line x1="{left}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" font-size="10" text-anchor="end">{:.0}%</text>"##,
            left + plot_w,
            left - 4.0,
            y + 3.0,
            v * 100.0
        );
    }
}
