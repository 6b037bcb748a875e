//! The HTML page: inline CSS, inline SVG, no scripts, nothing fetched.

use std::fmt::Write;

use super::svg::{self, escape};
use super::{pct, pp};
use crate::results::Report;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222}\
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}\
th:first-child,td:first-child{text-align:left}h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}\
.note{color:#555;font-size:.9em}";

pub(super) fn render(r: &Report) -> String {
    let target = &r.target.slate;
    let t = r.target.seats;
    let names: Vec<String> = r.strategies.iter().map(|s| s.name.clone()).collect();
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>{}</title><style>{STYLE}</style></head><body>",
        escape(&format!("slatewise simulate: {}", r.scenario))
    );
    let _ = write!(
        out,
        "<h1>{}</h1><p>{} simulated elections per strategy, seed {}, rule <code>{}</code>. Target: <strong>{}</strong> winning at least {t} seats.</p>",
        escape(&format!("Scenario {}", r.scenario)),
        r.runs,
        r.seed,
        escape(&r.rule),
        escape(target)
    );

    // Summary table.
    out.push_str("<h2>Strategies</h2><table><tr><th>strategy</th>");
    let _ = write!(out, "<th>P(&gt;={t})</th><th>expected seats</th></tr>");
    for s in &r.strategies {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{:.2}</td></tr>",
            escape(&s.name),
            pct(s.p_target),
            s.expected_seats.get(target).copied().unwrap_or(0.0)
        );
    }
    out.push_str("</table>");
    if !r.comparisons.is_empty() {
        out.push_str(
            "<h2>Paired differences (same draws, 95% CI)</h2><table><tr><th>comparison</th>",
        );
        let _ = write!(out, "<th>P(&gt;={t}), points</th><th>seats</th></tr>");
        for c in &r.comparisons {
            let _ = write!(
                out,
                "<tr><td>{} &minus; {}</td><td>{} [{}, {}]</td><td>{:+.2} [{:+.2}, {:+.2}]</td></tr>",
                escape(&c.a),
                escape(&c.b),
                pp(c.p_target_diff),
                pp(c.p_target_ci[0]),
                pp(c.p_target_ci[1]),
                c.seats_diff,
                c.seats_ci[0],
                c.seats_ci[1]
            );
        }
        out.push_str("</table>");
    }

    // Chart 1: seat distribution of the target slate per strategy.
    let max_seats = r
        .strategies
        .iter()
        .filter_map(|s| s.seat_distribution.get(target))
        .map(|d| d.iter().rposition(|&p| p > 0.0).unwrap_or(0))
        .max()
        .unwrap_or(0);
    let categories: Vec<String> = (0..=max_seats).map(|j| j.to_string()).collect();
    let values: Vec<Vec<f64>> = r
        .strategies
        .iter()
        .map(|s| s.seat_distribution.get(target).cloned().unwrap_or_default())
        .collect();
    out.push_str("<h2>Seats won by the slate</h2>");
    out.push_str(&svg::grouped_bars(
        "seat-distribution",
        &format!("Seats won by {target}, per strategy"),
        &categories,
        &names,
        &values,
    ));

    // Chart 2: the sensitivity curve.
    out.push_str("<h2>Sensitivity</h2>");
    match &r.sweep {
        Some(sweep) => {
            let xs: Vec<f64> = sweep.points.iter().map(|p| p.value).collect();
            let values: Vec<Vec<f64>> = (0..names.len())
                .map(|i| {
                    sweep
                        .points
                        .iter()
                        .map(|p| p.strategies.get(i).map_or(0.0, |s| s.p_target))
                        .collect()
                })
                .collect();
            out.push_str(&svg::lines(
                "sensitivity",
                &format!("P({target} >= {t}) as {} varies", sweep.parameter_name()),
                sweep.parameter_name(),
                &xs,
                &names,
                &values,
            ));
        }
        None => out.push_str(
            "<p class=\"note\">No sweep was run: add <code>--sweep adherence=0.5:0.9:0.1</code> to draw the curve.</p>",
        ),
    }

    // Chart 3: P(elected) per candidate.
    if let Some(first) = r.strategies.first() {
        let labels: Vec<String> = first.candidates.iter().map(|c| c.name.clone()).collect();
        let values: Vec<Vec<f64>> = r
            .strategies
            .iter()
            .map(|s| s.candidates.iter().map(|c| c.p_elected).collect())
            .collect();
        out.push_str("<h2>Chance of election per candidate</h2>");
        out.push_str(&svg::horizontal_bars(
            "p-elected",
            "P(elected) per candidate and strategy",
            &labels,
            &names,
            &values,
        ));
    }

    // Orders.
    out.push_str("<h2>Orders</h2>");
    for s in &r.strategies {
        let _ = write!(
            out,
            "<h3>{}</h3><table><tr><th>order</th><th>regions</th></tr>",
            escape(&s.name)
        );
        for g in &s.orders {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                escape(&g.order.join(", ")),
                escape(&g.regions.join(", "))
            );
        }
        out.push_str("</table>");
    }
    if !r.notes.is_empty() {
        out.push_str("<h2>Notes</h2><ul>");
        for n in &r.notes {
            let _ = write!(out, "<li>{}</li>", escape(n));
        }
        out.push_str("</ul>");
    }
    out.push_str("</body></html>\n");
    out
}
