//! Acceptance 6: the HTML report is one well-formed, self-contained page with its charts.

use slatewise_sim::{Scenario, SimulationOptions, Strategy, simulate};

/// Check that every element is closed in order (an XML-ish check of the markup we write).
fn assert_balanced(html: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>').expect("unclosed '<'");
        let tag = &after[..end];
        rest = &after[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(open, name.trim(), "mismatched tags");
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().unwrap_or("").to_string();
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
                "bad tag <{tag}>"
            );
            stack.push(name);
        }
        assert!(!tag.contains('<'), "unescaped '<' in <{tag}>");
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

#[test]
fn the_html_report_parses_has_its_charts_and_needs_no_network() {
    let mut scenario = Scenario::builtin_gv6_2020();
    // A hostile name must come out escaped.
    scenario.factions[3].candidates[0].name = "<script>alert(\"x\") & co</script>".into();
    let options = SimulationOptions {
        runs: 8,
        seed: 1,
        strategies: vec![Strategy::Uniform, Strategy::Balanced],
        sweep: Some("adherence=0.6:0.8:0.1".parse().unwrap()),
        ..SimulationOptions::default()
    };
    let html = simulate(&scenario, &options, &|_, _| {}).unwrap().to_html();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_balanced(&html);
    for id in ["seat-distribution", "sensitivity", "p-elected"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "missing chart {id}");
    }
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(!html.contains("<script"));
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;) &amp; co&lt;/script&gt;"));
    let without_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!without_ns.contains("http://") && !without_ns.contains("https://"));
}
