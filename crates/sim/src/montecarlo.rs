//! The Monte Carlo loop: draw an electorate, count it under every strategy, tally.
//!
//! Run `i` draws everything from its own generator (seeded by the seed and `i`), and every
//! strategy is counted on that same draw (common random numbers), so paired differences
//! between strategies measure the strategies, not the luck of the draw. With the `parallel`
//! feature runs are spread over threads with rayon; the tallies are integers, so the result is
//! bit-for-bit the same as a serial run.

use std::sync::atomic::{AtomicU64, Ordering};

use slatewise_stv::{CountError, Method, Rules, count, count_outcome};

use crate::ballots::{Draw, Model, Order, Overrides};
use crate::error::SimError;
use crate::results::{
    CandidateResult, Comparison, Keyed, OrderGroup, Report, RunResult, StrategyResult, Tally,
    TargetSummary, median, paired_ci,
};
use crate::sampling::{RunRng, Stream};
use crate::scenario::Scenario;
use crate::strategy::{self, SearchOptions, Strategy};
use crate::sweep::{self, SweepSpec};

/// Runs `0..TRANSCRIPT_RUNS` are counted with a full transcript to measure votes lost by the
/// slate and exhausted; the rest only with the (faster) outcome.
pub const TRANSCRIPT_RUNS: u64 = 16;

/// The rule counted instead of one the engine does not implement yet (reported in the notes).
pub const STAND_IN_RULE: Method = Method::Scottish;

/// A progress callback: `(elections counted, elections planned)`. Called from worker threads
/// with the `parallel` feature.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// What to simulate.
#[derive(Clone, Debug, PartialEq)]
pub struct SimulationOptions {
    /// Simulated elections (each counted once per strategy).
    pub runs: u64,
    /// The seed; the same seed gives the same report on every platform.
    pub seed: u64,
    /// Strategies to compare, in report order; empty means every strategy the scenario allows.
    pub strategies: Vec<Strategy>,
    /// Count under this rule instead of the scenario's.
    pub rule: Option<Method>,
    /// Sweep one parameter and report the curve.
    pub sweep: Option<SweepSpec>,
    /// The `optimised` strategy's search.
    pub search: SearchOptions,
    /// Fixed overrides of the scenario's numbers.
    pub overrides: Overrides,
}

impl Default for SimulationOptions {
    fn default() -> SimulationOptions {
        SimulationOptions {
            runs: 1000,
            seed: 2020,
            strategies: Vec::new(),
            rule: None,
            sweep: None,
            search: SearchOptions::default(),
            overrides: Overrides::default(),
        }
    }
}

/// Simulate `scenario` and compare strategies.
///
/// ```
/// use slatewise_sim::{simulate, Scenario, SimulationOptions, Strategy};
/// let options = SimulationOptions {
///     runs: 20,
///     strategies: vec![Strategy::Uniform, Strategy::Balanced],
///     ..SimulationOptions::default()
/// };
/// let report = simulate(&Scenario::builtin_gv6_2020(), &options, &|_, _| {})?;
/// let dist = report.strategies[0].seat_distribution.get("Grassroots Voice (GV6)").unwrap();
/// assert!((dist.iter().sum::<f64>() - 1.0).abs() < 1e-9);
/// # Ok::<(), slatewise_sim::SimError>(())
/// ```
pub fn simulate(
    scenario: &Scenario,
    options: &SimulationOptions,
    progress: Progress<'_>,
) -> Result<Report, SimError> {
    scenario.validate()?;
    if options.runs == 0 {
        return Err(SimError::Options(
            "the number of runs must be at least 1".into(),
        ));
    }
    let (rules, mut notes) = effective_rules(scenario, options.rule)?;
    let model = Model::new(scenario, rules, options.overrides);
    let requested = requested_strategies(&model, &options.strategies);

    // Internally `optimised` is always accompanied by `balanced`, its starting point and floor.
    let mut internal = requested.clone();
    if internal.contains(&Strategy::Optimised) && !internal.contains(&Strategy::Balanced) {
        internal.push(Strategy::Balanced);
    }
    let sweep_points = options
        .sweep
        .as_ref()
        .map_or(0, |s| s.values().len() as u64);
    let search_total = if internal.contains(&Strategy::Optimised) {
        options.search.draws * options.search.budget as u64
    } else {
        0
    };
    let total = options.runs * (1 + sweep_points) + search_total;
    let done = AtomicU64::new(0);
    let tick = || progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);

    let mut plan: Vec<Vec<Order>> = Vec::with_capacity(internal.len());
    for &s in &internal {
        if s != Strategy::Optimised {
            plan.push(strategy::fixed_orders(&model, s)?);
        } else {
            plan.push(Vec::new());
        }
    }
    if let Some(opt) = internal.iter().position(|&s| s == Strategy::Optimised) {
        let bal = internal
            .iter()
            .position(|&s| s == Strategy::Balanced)
            .unwrap_or(opt);
        let mut rows = strategy::groups(&plan[bal])
            .into_iter()
            .map(|(o, _)| o)
            .collect::<Vec<_>>();
        if let Ok(published) = strategy::fixed_orders(&model, Strategy::Published) {
            for (o, _) in strategy::groups(&published) {
                if !rows.contains(&o) {
                    rows.push(o);
                }
            }
        }
        let (found, evaluations) = strategy::optimised::search(
            &model,
            &plan[bal],
            &rows,
            options.seed,
            &options.search,
            &tick,
        )?;
        // Account for a search that stopped before its budget.
        let skipped = search_total.saturating_sub(evaluations * options.search.draws);
        if skipped > 0 {
            let now = done.fetch_add(skipped, Ordering::Relaxed) + skipped;
            progress(now, total);
        }
        plan[opt] = found;
    }

    let tally = run_all(&model, &plan, options.runs, options.seed, true, &tick)?;

    // `optimised` never does worse than `balanced` on the reported draws: if the search's pick
    // loses here, report the balanced orders instead (and say so).
    let mut alias: Vec<usize> = (0..internal.len()).collect();
    if let Some(opt) = internal.iter().position(|&s| s == Strategy::Optimised) {
        if let Some(bal) = internal.iter().position(|&s| s == Strategy::Balanced) {
            let o = &tally.strategies[opt];
            let b = &tally.strategies[bal];
            if (o.hits, o.target_seat_sum) < (b.hits, b.target_seat_sum) {
                alias[opt] = bal;
                plan[opt] = plan[bal].clone();
                notes.push(
                    "optimised: the searched orders did worse than balanced on the reported runs, so the balanced orders are reported".into(),
                );
            }
        }
    }

    let mut report = build_report(
        &model, &requested, &internal, &plan, &tally, &alias, options,
    );
    report.notes.extend(notes);
    if let Some(spec) = &options.sweep {
        let req_plans: Vec<Vec<Order>> = requested
            .iter()
            .map(|s| plan[internal.iter().position(|x| x == s).unwrap_or(0)].clone())
            .collect();
        report.sweep = Some(sweep::run(
            &model, spec, &requested, &req_plans, options, &tick,
        )?);
    }
    Ok(report)
}

/// The strategies to run: the requested ones, or every one the scenario allows.
fn requested_strategies(model: &Model, requested: &[Strategy]) -> Vec<Strategy> {
    if !requested.is_empty() {
        return requested.to_vec();
    }
    Strategy::ALL
        .into_iter()
        .filter(|&s| s != Strategy::Published || model.factions[model.target].published.is_some())
        .collect()
}

/// The scenario's rule with its constraints; a rule the engine does not implement yet is
/// replaced by [`STAND_IN_RULE`], with a note.
pub(crate) fn effective_rules(
    scenario: &Scenario,
    rule: Option<Method>,
) -> Result<(Rules, Vec<String>), SimError> {
    let method = rule.unwrap_or(scenario.rule);
    let mut rules = Rules::preset(method);
    rules.constraints = scenario.constraints.clone();
    let probe = probe_election();
    let mut probe_rules = Rules::preset(method);
    probe_rules.constraints.clear();
    match count_outcome(&probe, &probe_rules) {
        Err(CountError::Unsupported(_)) => {
            let mut stand_in = Rules::preset(STAND_IN_RULE);
            stand_in.constraints = scenario.constraints.clone();
            Ok((
                stand_in,
                vec![format!(
                    "the {method} rule is not available in this build of the counting engine; counted with {STAND_IN_RULE} instead"
                )],
            ))
        }
        Err(e) => Err(SimError::Count(e)),
        Ok(_) => Ok((rules, Vec::new())),
    }
}

fn probe_election() -> slatewise_stv::Election {
    use slatewise_stv::{Ballot, Candidate, CandidateId, Election, Profile, Ranking};
    Election {
        title: String::new(),
        seats: 1,
        candidates: vec![Candidate::new("a"), Candidate::new("b")],
        withdrawn: Vec::new(),
        tie_order: None,
        ballots: Profile::from_ballots([
            Ballot::new(2, Ranking::strict(vec![CandidateId(0)])),
            Ballot::new(1, Ranking::strict(vec![CandidateId(1)])),
        ]),
    }
}

/// Count one draw under one strategy's orders.
pub(crate) fn evaluate(
    model: &Model,
    draw: &Draw,
    orders: &[Order],
    transcript: bool,
) -> Result<RunResult, SimError> {
    let election = model.election(draw, orders);
    let mut rules = model.rules.clone();
    rules.seed = draw.tie_seed;
    let nf = model.factions.len();
    let mut seats = vec![0usize; nf];
    if transcript {
        let t = count(&election, &rules)?;
        for e in &t.elected {
            seats[model.faction_of[e.index]] += 1;
        }
        let slate: Vec<&str> = model.factions[model.target]
            .ids
            .iter()
            .map(|&c| election.name(c))
            .collect();
        let held = |stage: Option<&slatewise_stv::transcript::Stage>| -> i128 {
            stage.map_or(0, |s| {
                s.tallies
                    .iter()
                    .filter(|(n, _)| slate.contains(n))
                    .map(|(_, v)| centivotes(v))
                    .sum()
            })
        };
        let net = held(t.stages.last()) - held(t.stages.first());
        return Ok(RunResult {
            seats,
            elected: t.elected.iter().map(|e| e.index).collect(),
            excluded: t.excluded.iter().map(|e| (e.index, e.stage)).collect(),
            detail: Some((net, centivotes(&t.exhausted))),
        });
    }
    let outcome = count_outcome(&election, &rules)?;
    for &(c, _) in &outcome.elected {
        seats[model.faction_of[c.index()]] += 1;
    }
    Ok(RunResult {
        seats,
        elected: outcome.elected.iter().map(|(c, _)| c.index()).collect(),
        excluded: outcome
            .excluded
            .iter()
            .map(|&(c, s)| (c.index(), s))
            .collect(),
        detail: None,
    })
}

/// A decimal string as hundredths of a vote (0 if it does not parse).
fn centivotes(text: &str) -> i128 {
    text.trim()
        .parse::<f64>()
        .map_or(0, |x| (x * 100.0).round() as i128)
}

/// Run `runs` draws, each counted under every plan, and tally.
pub(crate) fn run_all(
    model: &Model,
    plan: &[Vec<Order>],
    runs: u64,
    seed: u64,
    transcripts: bool,
    tick: &(dyn Fn() + Sync),
) -> Result<Tally, SimError> {
    let fresh = || {
        Tally::new(
            plan.len(),
            model.factions.len(),
            model.scenario.seats,
            model.candidate_count(),
        )
    };
    let one = |i: u64| -> Result<Vec<RunResult>, SimError> {
        let mut rng = RunRng::for_run(seed, Stream::Report, i);
        let draw = model.draw(&mut rng);
        let detail = transcripts && i < TRANSCRIPT_RUNS;
        let results = plan
            .iter()
            .map(|orders| evaluate(model, &draw, orders, detail))
            .collect();
        tick();
        results
    };
    let record = |mut t: Tally, results: Vec<RunResult>| {
        t.record(
            &results,
            model.target,
            model.target_seats,
            &model.faction_of,
        );
        t
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..runs)
            .into_par_iter()
            .try_fold(fresh, |t, i| one(i).map(|r| record(t, r)))
            .try_reduce(fresh, |a, b| Ok(a.merge(b)))
    }
    #[cfg(not(feature = "parallel"))]
    {
        let mut t = fresh();
        for i in 0..runs {
            t = record(t, one(i)?);
        }
        Ok(t)
    }
}

fn build_report(
    model: &Model,
    requested: &[Strategy],
    internal: &[Strategy],
    plan: &[Vec<Order>],
    tally: &Tally,
    alias: &[usize],
    options: &SimulationOptions,
) -> Report {
    let sc = &model.scenario;
    let runs = tally.runs.max(1) as f64;
    let index_of = |s: Strategy| internal.iter().position(|&x| x == s).unwrap_or(0);
    let target_name = sc.factions[model.target].name.clone();
    let strategies = requested
        .iter()
        .map(|&s| {
            let i = alias[index_of(s)];
            let st = &tally.strategies[i];
            let seat_distribution = Keyed(
                sc.factions
                    .iter()
                    .zip(&st.seats)
                    .map(|(f, h)| (f.name.clone(), h.iter().map(|&c| c as f64 / runs).collect()))
                    .collect(),
            );
            let expected_seats = Keyed(
                sc.factions
                    .iter()
                    .zip(&st.seats)
                    .map(|(f, h)| {
                        let sum: u64 = h.iter().enumerate().map(|(j, &c)| j as u64 * c).sum();
                        (f.name.clone(), sum as f64 / runs)
                    })
                    .collect(),
            );
            let candidates = model
                .template
                .candidates
                .iter()
                .enumerate()
                .map(|(c, cand)| {
                    let f = model.faction_of[c];
                    CandidateResult {
                        name: cand.name.clone(),
                        faction: sc.factions[f].name.clone(),
                        p_elected: st.elected[c] as f64 / runs,
                        p_first_out: if model.factions[f].ids.len() > 1 {
                            st.first_out[c] as f64 / runs
                        } else {
                            0.0
                        },
                        typical_exclusion_stage: median(&st.exclusion_stages[c]),
                    }
                })
                .collect();
            let target_faction = &sc.factions[model.target];
            let orders = strategy::groups(&plan[i])
                .into_iter()
                .map(|(order, regions)| OrderGroup {
                    order: order
                        .iter()
                        .map(|&c| target_faction.candidates[c as usize].name.clone())
                        .collect(),
                    regions: regions
                        .iter()
                        .map(|&r| sc.regions[r].name.clone())
                        .collect(),
                })
                .collect();
            let tr = st.transcript_runs.max(1) as f64;
            StrategyResult {
                name: s.name().into(),
                seat_distribution,
                expected_seats,
                p_target: st.hits as f64 / runs,
                candidates,
                orders,
                slate_net_transfers: st.net_centivotes as f64 / 100.0 / tr,
                exhausted: st.exhausted_centivotes as f64 / 100.0 / tr,
                transcript_runs: st.transcript_runs,
            }
        })
        .collect();
    let mut comparisons = Vec::new();
    for (x, &a) in requested.iter().enumerate() {
        for &b in &requested[..x] {
            let (ia, ib) = (alias[index_of(a)], alias[index_of(b)]);
            let p = if ia == ib {
                Default::default()
            } else {
                tally.pairs[tally.pair_index(ia, ib)]
            };
            let (p_diff, p_ci) = paired_ci(p.hit_sum, p.hit_sq, tally.runs);
            let (s_diff, s_ci) = paired_ci(p.seat_sum, p.seat_sq, tally.runs);
            comparisons.push(Comparison {
                a: a.name().into(),
                b: b.name().into(),
                p_target_diff: p_diff,
                p_target_ci: p_ci,
                seats_diff: s_diff,
                seats_ci: s_ci,
            });
        }
    }
    Report {
        runs: tally.runs,
        seed: options.seed,
        strategies,
        scenario: sc.name.clone(),
        rule: model.rules.method.name().into(),
        target: TargetSummary {
            slate: target_name,
            seats: model.target_seats,
        },
        comparisons,
        sweep: None,
        notes: Vec::new(),
    }
}
