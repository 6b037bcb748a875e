//! The text table.

use std::fmt::Write;

use super::{pct, pp};
use crate::results::Report;

pub(super) fn render(r: &Report) -> String {
    let mut out = String::new();
    let target = &r.target.slate;
    let t = r.target.seats;
    let _ = writeln!(
        out,
        "Scenario {}: {} simulated elections per strategy, seed {}, rule {}",
        r.scenario, r.runs, r.seed, r.rule
    );
    let _ = writeln!(out, "Target: {target} winning at least {t} seats\n");

    let name_w = r
        .strategies
        .iter()
        .map(|s| s.name.len())
        .max()
        .unwrap_or(8)
        .max(8);
    let _ = writeln!(
        out,
        "{:<name_w$}  {:>9}  {:>8}  seats won by {target}: P(0), P(1), ...",
        "strategy",
        format!("P(>={t})"),
        "E[seats]"
    );
    for s in &r.strategies {
        let dist = s
            .seat_distribution
            .get(target)
            .map(|d| {
                let last = d.iter().rposition(|&p| p > 0.0).unwrap_or(0);
                d[..=last]
                    .iter()
                    .map(|&p| format!("{:.3}", p))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        let e = s.expected_seats.get(target).copied().unwrap_or(0.0);
        let _ = writeln!(
            out,
            "{:<name_w$}  {:>9}  {:>8.2}  {dist}",
            s.name,
            pct(s.p_target),
            e
        );
    }

    if !r.comparisons.is_empty() {
        let _ = writeln!(
            out,
            "\nPaired differences on the same draws (95% confidence intervals):"
        );
        for c in &r.comparisons {
            let _ = writeln!(
                out,
                "  {} - {}: P(>={t}) {} pp [{}, {}]; seats {:+.2} [{:+.2}, {:+.2}]",
                c.a,
                c.b,
                pp(c.p_target_diff),
                pp(c.p_target_ci[0]),
                pp(c.p_target_ci[1]),
                c.seats_diff,
                c.seats_ci[0],
                c.seats_ci[1]
            );
        }
    }

    let _ = writeln!(out, "\nExpected seats by faction:");
    let fac_w = r
        .strategies
        .first()
        .map(|s| {
            s.expected_seats
                .0
                .iter()
                .map(|(f, _)| f.len())
                .max()
                .unwrap_or(8)
        })
        .unwrap_or(8)
        .max(8);
    let _ = write!(out, "  {:<fac_w$}", "faction");
    for s in &r.strategies {
        let _ = write!(out, "  {:>10}", s.name);
    }
    out.push('\n');
    if let Some(first) = r.strategies.first() {
        for (f, _) in &first.expected_seats.0 {
            let _ = write!(out, "  {:<fac_w$}", f);
            for s in &r.strategies {
                let _ = write!(
                    out,
                    "  {:>10.2}",
                    s.expected_seats.get(f).copied().unwrap_or(0.0)
                );
            }
            out.push('\n');
        }
    }

    let _ = writeln!(
        out,
        "\nCandidates: P(elected) / P(first of their slate out):"
    );
    if let Some(first) = r.strategies.first() {
        let cw = first
            .candidates
            .iter()
            .map(|c| c.name.len())
            .max()
            .unwrap_or(8)
            .max(8);
        let _ = write!(out, "  {:<cw$}", "candidate");
        for s in &r.strategies {
            let _ = write!(out, "  {:>15}", s.name);
        }
        out.push('\n');
        for (i, c) in first.candidates.iter().enumerate() {
            let _ = write!(out, "  {:<cw$}", c.name);
            for s in &r.strategies {
                if let Some(sc) = s.candidates.get(i) {
                    let _ = write!(
                        out,
                        "  {:>15}",
                        format!("{} / {}", pct(sc.p_elected), pct(sc.p_first_out))
                    );
                }
            }
            out.push('\n');
        }
    }

    let _ = writeln!(
        out,
        "\nTransfers: net votes gained by {target} from first to last stage (negative: leaked or exhausted), and exhausted votes overall (mean over the first runs):"
    );
    for s in &r.strategies {
        let _ = writeln!(
            out,
            "  {:<name_w$}  {:>+9.0} net, {:>9.0} exhausted ({} runs)",
            s.name, s.slate_net_transfers, s.exhausted, s.transcript_runs
        );
    }

    if let Some(sweep) = &r.sweep {
        let _ = writeln!(out, "\nSensitivity to {}: P(>={t})", sweep.parameter_name());
        let _ = write!(out, "  {:>8}", "value");
        for s in &r.strategies {
            let _ = write!(out, "  {:>10}", s.name);
        }
        out.push('\n');
        for p in &sweep.points {
            let _ = write!(out, "  {:>8.3}", p.value);
            for s in &p.strategies {
                let _ = write!(out, "  {:>10}", pct(s.p_target));
            }
            out.push('\n');
        }
    }

    for (i, s) in r.strategies.iter().enumerate() {
        if i == 0 {
            let _ = writeln!(out, "\nOrders of {target}:");
        }
        let _ = writeln!(out, "  {}:", s.name);
        for g in &s.orders {
            let _ = writeln!(
                out,
                "    {} <- {}",
                g.order.join(", "),
                g.regions.join(", ")
            );
        }
    }
    if !r.notes.is_empty() {
        let _ = writeln!(out, "\nNotes:");
        for n in &r.notes {
            let _ = writeln!(out, "  - {n}");
        }
    }
    out
}
