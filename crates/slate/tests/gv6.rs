//! The built-in #GV6 2020 data against `gv6-2020.md`: lookups (acceptance 1), the analysis of
//! the published orders (acceptance 4), and the advised design (acceptance 2).

use slatewise_slate::{DesignConfig, GV6_2018_MEMBERS_CSV, Guide, analyse, design, gv6_2020};

const PIDCOCK: &str = "Laura Pidcock";
const HENDERSON: &str = "Ann Henderson";
const RAHMAN: &str = "Mish Rahman";
const BOLTON: &str = "Gemma Bolton";
const JAMA: &str = "Nadia Jama";
const DAR: &str = "Yasmine Dar";

/// The table of gv6-2020.md: group orders and their regions, as published.
fn published() -> Vec<([&'static str; 6], Vec<&'static str>)> {
    vec![
        (
            [PIDCOCK, HENDERSON, RAHMAN, BOLTON, JAMA, DAR],
            vec!["Northern", "South West"],
        ),
        (
            [JAMA, PIDCOCK, HENDERSON, RAHMAN, DAR, BOLTON],
            vec!["Yorkshire & the Humber", "East Midlands", "West London"],
        ),
        (
            [RAHMAN, DAR, BOLTON, HENDERSON, PIDCOCK, JAMA],
            vec!["West Midlands", "North & East London"],
        ),
        (
            [BOLTON, RAHMAN, JAMA, HENDERSON, DAR, PIDCOCK],
            vec!["South East", "South London"],
        ),
        (
            [HENDERSON, JAMA, DAR, PIDCOCK, BOLTON, RAHMAN],
            vec!["Scotland", "Wales", "East"],
        ),
        (
            [DAR, BOLTON, PIDCOCK, JAMA, HENDERSON, RAHMAN],
            vec!["North West", "Northern Ireland", "International"],
        ),
    ]
}

/// At least two spellings members might type for each of the 15 regions.
fn spellings() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        (
            "Northern",
            vec!["northern", "North", "NORTHERN REGION", "north east"],
        ),
        (
            "South West",
            vec!["south west", "South-West", "sw", "  South   West "],
        ),
        (
            "Yorkshire & the Humber",
            vec![
                "Yorkshire",
                "yorkshire and the humber",
                "Yorkshire & Humber",
                "yorkshire-and-the-humber",
            ],
        ),
        (
            "East Midlands",
            vec!["east midlands", "East-Midlands", "E. Midlands"],
        ),
        (
            "West London",
            vec!["west london", "W London", "west-london"],
        ),
        ("West Midlands", vec!["West Midlands", "wm", "w midlands"]),
        (
            "North & East London",
            vec![
                "North East London",
                "north and east london",
                "N&E London",
                "north-and-east-london",
            ],
        ),
        ("South East", vec!["South East", "SE", "south-east"]),
        (
            "South London",
            vec!["south london", "S London", "south-london"],
        ),
        ("Scotland", vec!["scotland", "Scottish", "SCOTLAND "]),
        ("Wales", vec!["wales", "Cymru", "welsh"]),
        ("East", vec!["East", "east of england", "Eastern"]),
        (
            "North West",
            vec!["north west", "NW", "north-west", "North-West England"],
        ),
        (
            "Northern Ireland",
            vec![
                "NI",
                "N Ireland",
                "northern-ireland",
                "Northern ireland",
                "N. Ireland",
            ],
        ),
        (
            "International",
            vec![
                "abroad",
                "International",
                "international members",
                "overseas",
            ],
        ),
    ]
}

#[test]
fn south_west_gets_its_published_order() {
    let guide = gv6_2020();
    let advice = guide.lookup("south west").unwrap();
    assert_eq!(advice.region.name, "South West");
    assert_eq!(
        advice.order,
        [PIDCOCK, HENDERSON, RAHMAN, BOLTON, JAMA, DAR]
    );
}

#[test]
fn every_region_gives_its_published_order_by_at_least_two_spellings() {
    let guide = gv6_2020();
    let spellings = spellings();
    assert_eq!(spellings.len(), 15);
    assert_eq!(guide.regions().len(), 15);
    let mut covered = 0;
    for (order, regions) in published() {
        for region in regions {
            let (_, ways) = spellings
                .iter()
                .find(|(name, _)| *name == region)
                .unwrap_or_else(|| panic!("no spellings for {region}"));
            assert!(ways.len() >= 2, "{region}");
            for way in ways {
                let advice = guide.lookup(way).unwrap_or_else(|e| panic!("{way:?}: {e}"));
                assert_eq!(advice.region.name, region, "{way:?}");
                assert_eq!(advice.order, order, "{way:?}");
            }
            covered += 1;
        }
    }
    assert_eq!(covered, 15);
}

#[test]
fn url_slugs_of_every_region_work() {
    let guide = gv6_2020();
    for region in guide.regions() {
        assert_eq!(guide.lookup(&region.id).unwrap().region, region);
    }
    assert_eq!(
        guide.lookup("south-west").unwrap().region.name,
        "South West"
    );
    assert_eq!(
        guide.lookup("northern-ireland").unwrap().region.name,
        "Northern Ireland"
    );
}

#[test]
fn candidate_names_are_matched_forgivingly() {
    let guide = gv6_2020();
    assert_eq!(guide.candidate("Yasmin Dar").unwrap().name, DAR);
    assert_eq!(guide.candidate("yasmine dar").unwrap().name, DAR);
    assert_eq!(guide.candidate("PIDCOCK").unwrap().name, PIDCOCK);
    assert_eq!(guide.candidate("Mish  Rahman").unwrap().name, RAHMAN);
    // The source's typo, in a slate file, reads as the candidate.
    let json = slatewise_slate::GV6_2020_JSON.replacen(
        "\"Mish Rahman\", \"Yasmine Dar\", \"Gemma Bolton\"",
        "\"Mish Rahman\", \"Yasmin Dar\", \"Gemma Bolton\"",
        1,
    );
    assert_ne!(json, slatewise_slate::GV6_2020_JSON);
    assert_eq!(Guide::from_json(&json).unwrap(), gv6_2020());
}

#[test]
fn regions_are_listed_for_a_web_page() {
    let guide = gv6_2020();
    let names: Vec<&str> = guide.regions().iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Northern",
            "South West",
            "Yorkshire & the Humber",
            "East Midlands",
            "West London",
            "West Midlands",
            "North & East London",
            "South East",
            "South London",
            "Scotland",
            "Wales",
            "East",
            "North West",
            "Northern Ireland",
            "International"
        ]
    );
    assert!(guide.regions().iter().all(|r| !r.aliases.is_empty()));
}

/// Acceptance 4: what gv6-2020.md says about the published orders.
#[test]
fn analysis_of_the_published_orders_reports_their_imbalances() {
    let guide = gv6_2020();
    let a = analyse(&guide, &guide.uniform_weights()).unwrap();
    assert!(!a.latin_square);
    assert!(!a.williams_square);
    // Positions 1-3 hold every candidate once.
    for j in 0..3 {
        assert!((0..6).all(|c| a.counts[c][j] == 1), "position {}", j + 1);
    }
    type Tallies = Vec<(String, usize)>;
    let pairs = |ts: &[slatewise_slate::Tally]| -> Tallies {
        ts.iter().map(|t| (t.candidate.clone(), t.count)).collect()
    };
    let summary: Vec<(usize, Tallies, Tallies)> = a
        .unbalanced
        .iter()
        .map(|u| (u.position, pairs(&u.over), pairs(&u.under)))
        .collect();
    assert_eq!(
        summary,
        [
            (4, vec![(HENDERSON.into(), 2)], vec![(DAR.into(), 0)]),
            (5, vec![(DAR.into(), 2)], vec![(RAHMAN.into(), 0)]),
            (6, vec![(RAHMAN.into(), 2)], vec![(HENDERSON.into(), 0)]),
        ]
    );
}

/// Acceptance 2: with the 2018 membership table as weights, the advised orders put every
/// candidate within 10% of the mean in every position, and beat the published orders.
#[test]
fn advised_orders_are_within_ten_percent_and_beat_the_published_ones() {
    let guide = gv6_2020();
    let weights = guide.weights_from_csv(GV6_2018_MEMBERS_CSV).unwrap();
    let designed = design(&guide, &weights, &DesignConfig::default()).unwrap();
    let advised = &designed.analysis;
    assert!(advised.latin_square && advised.williams_square);
    let mean = weights.total() / 6.0;
    for c in 0..6 {
        for j in 0..6 {
            let w = advised.weights[c][j];
            assert!(
                (w - mean).abs() / mean <= 0.10,
                "{} at {}: {w}",
                advised.candidates[c],
                j + 1
            );
        }
    }
    let published = analyse(&guide, &weights).unwrap();
    assert!(advised.max_deviation() < published.max_deviation());
    // The figures printed in the README.
    assert!((advised.max_deviation() - 0.0777).abs() < 0.0001);
    assert!((published.max_deviation() - 1.4752).abs() < 0.0001);
    assert!(designed.balance.proved_optimal);
    // Every region is in exactly one designed group.
    let mut regions: Vec<&String> = designed
        .guide
        .recommendation()
        .groups
        .iter()
        .flat_map(|g| &g.regions)
        .collect();
    regions.sort();
    regions.dedup();
    assert_eq!(regions.len(), 15);
}

#[test]
fn the_published_group_totals_are_unbalanced_too() {
    let guide = gv6_2020();
    let a = analyse(&guide, &guide.estimated_weights().unwrap()).unwrap();
    let totals: Vec<f64> = a.groups.iter().map(|g| g.supporters).collect();
    assert_eq!(
        totals,
        [76_645.0, 123_545.0, 74_727.0, 104_241.0, 96_227.0, 76_790.0]
    );
}

#[test]
fn a_design_round_trips_through_a_slate_file() {
    let guide = gv6_2020();
    let designed = design(
        &guide,
        &guide.estimated_weights().unwrap(),
        &DesignConfig::default(),
    )
    .unwrap();
    let again = Guide::from_json(&designed.guide.to_json()).unwrap();
    assert_eq!(again, designed.guide);
    assert_eq!(again.lookup("wales").unwrap().order.len(), 6);
}
