//! The CSV rendering: one number per row.

use std::fmt::Write;

use crate::results::Report;

/// Quote a field when it needs it.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub(super) fn render(r: &Report) -> String {
    let mut out = String::from("strategy,measure,subject,seats,value\n");
    let mut row = |strategy: &str, measure: &str, subject: &str, seats: String, value: f64| {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            field(strategy),
            measure,
            field(subject),
            seats,
            value
        );
    };
    for s in &r.strategies {
        row(
            &s.name,
            "p_target",
            &r.target.slate,
            r.target.seats.to_string(),
            s.p_target,
        );
        for (f, dist) in &s.seat_distribution.0 {
            for (j, &p) in dist.iter().enumerate() {
                row(&s.name, "p_seats", f, j.to_string(), p);
            }
        }
        for (f, e) in &s.expected_seats.0 {
            row(&s.name, "expected_seats", f, String::new(), *e);
        }
        for c in &s.candidates {
            row(&s.name, "p_elected", &c.name, String::new(), c.p_elected);
            row(
                &s.name,
                "p_first_out",
                &c.name,
                String::new(),
                c.p_first_out,
            );
        }
        row(
            &s.name,
            "slate_net_transfers",
            &r.target.slate,
            String::new(),
            s.slate_net_transfers,
        );
        row(&s.name, "exhausted", "", String::new(), s.exhausted);
    }
    for c in &r.comparisons {
        let name = format!("{}-{}", c.a, c.b);
        row(
            &name,
            "p_target_diff",
            &r.target.slate,
            String::new(),
            c.p_target_diff,
        );
        row(
            &name,
            "p_target_ci_low",
            &r.target.slate,
            String::new(),
            c.p_target_ci[0],
        );
        row(
            &name,
            "p_target_ci_high",
            &r.target.slate,
            String::new(),
            c.p_target_ci[1],
        );
        row(
            &name,
            "seats_diff",
            &r.target.slate,
            String::new(),
            c.seats_diff,
        );
        row(
            &name,
            "seats_ci_low",
            &r.target.slate,
            String::new(),
            c.seats_ci[0],
        );
        row(
            &name,
            "seats_ci_high",
            &r.target.slate,
            String::new(),
            c.seats_ci[1],
        );
    }
    if let Some(sweep) = &r.sweep {
        for p in &sweep.points {
            for s in &p.strategies {
                let measure = format!("sweep_p_target@{}={}", sweep.parameter_name(), p.value);
                row(
                    &s.name,
                    &measure,
                    &r.target.slate,
                    String::new(),
                    s.p_target,
                );
            }
        }
    }
    out
}
