//! Meek's and Warren's methods: iterate keep factors until every elected candidate holds
//! just a quota, then elect or defeat.
//!
//! Sources: I. D. Hill, B. A. Wichmann and D. R. Woodall, *Algorithm 123 — Single Transferable
//! Vote by Meek's Method*, The Computer Journal 30(3), 1987; the PR Foundation's *Reference Meek
//! Rule*; C. H. E. Warren, *Counting in STV elections*, Voting matters 1, 1994. The conventions
//! below are those of Droop.py (J. Lundell), whose reports we reproduce (`tests/droop_refs.rs`).
//!
//! # The method
//!
//! Every candidate has a *keep factor*: 1 while hopeful, 0 once defeated or withdrawn. Each
//! ballot starts with value 1 and visits its candidates in order of preference; each keeps its
//! keep factor's part of what reaches it and passes the rest on (Meek), or keeps its keep factor
//! itself, or all that is left if less (Warren). What reaches the end of a ranking is
//! non-transferable. A *round* iterates: share out every ballot; set the quota to the votes held
//! by candidates divided by seats + 1; elect every hopeful candidate reaching it (in input
//! order); stop when someone was elected, when the total surplus of the elected is within omega
//! of zero, or when it stops falling; otherwise scale each elected candidate's keep factor by
//! quota ÷ vote (rounded up) and repeat. A round that elects nobody defeats the lowest hopeful
//! candidate — every hopeful candidate within the total surplus of the lowest counts as tied —
//! or a batch ([`DefeatBatch`](crate::DefeatBatch)). When the hopeful candidates are no more
//! than the seats left, they are elected without further iteration.
//!
//! # Which variant [`Rules`](crate::Rules) selects
//!
//! | `rules.arithmetic` | variant | quota | elected when | kept at a candidate | iteration ends |
//! |---|---|---|---|---|---|
//! | `fixed` (9 places, ω = 10⁻⁶, no batches: the `meek` preset) | PR Foundation reference Meek (Droop `meek-prf`) | ⌊votes/(s+1)⌋ + 10⁻ᵖ | vote ≥ quota | value × k rounded up; the rest passes on | surplus < ω (surplus floored at 0) |
//! | `guarded` with guard digits, `rational` | Droop's generic `meek` | votes/(s+1) | vote > quota | value × k and value × (1 − k), both rounded down | surplus ≤ ω |
//! | `guarded` with no guard digits | Droop's generic `meek`, inexact | ⌊votes/(s+1)⌋ + 10⁻ᵖ | vote ≥ quota | as above | surplus ≤ ω |
//!
//! `Method::Warren` uses the same table with Warren's split (kept = min(k, value)). Every
//! variant ends an iteration when the surplus stops falling, and updates keep factors as
//! k × quota ÷ vote rounded up at each step (guarded arithmetic ignores the rounding direction,
//! as Droop does). Batch defeats follow `rules.defeat_batch` in every variant; Droop's generic
//! rule uses `safe` by default and the PR Foundation rule none.
//!
//! # Equal rankings
//!
//! A position holding several candidates ranked equal shares the value reaching it equally
//! (rounded down) among those of them who are still in the count (hopeful or elected); each
//! share is then treated as reaching that candidate alone, and what that candidate does not
//! keep continues down the rest of the ranking on its own. A position whose candidates are all
//! defeated or withdrawn is skipped, as a single defeated candidate is. This is Droop's rule,
//! except that Droop (and stv-rs, which copies it) stops a ballot with equal rankings at such
//! a position and counts the rest of its value as non-transferable; the reports we check do not
//! depend on the difference at any decision (`meek/eq2` shows it only in its final summary).
//!
//! # Ties
//!
//! Ties for defeat are broken by the election's `[tie]` order, then by lot with the rules'
//! seed — never by countback, since the tied candidates' totals need not be equal. (Droop breaks
//! them by its tie order, which is the ballot file's candidate order unless given.)
//!
//! # Stages
//!
//! Stage 1 is the first count (first preferences, before any iteration). Every later stage is
//! one round that decided something — one or more candidates elected, one defeated, or a batch
//! defeated — and shows the tallies, keep factors, exhausted value and quota of the iteration
//! that decided it, so a defeated candidate still shows the votes on which it was defeated.
//! Exhausted is the value left at the ends of rankings; whatever the totals and exhausted value
//! do not account for is rounding loss (for Droop both together are the "residual"). Seats
//! filled at the end because the hopeful candidates are no more than the seats left are added
//! to the last stage. Seat constraints defeat doomed candidates one per stage, before any
//! iteration of that round, and a candidate whose election would break a constraint is never
//! elected.
//!
//! # Speed
//!
//! Within a round what a position of a ranking does to the values reaching it depends only on
//! its elected members and on how many continuing candidates share it, so each round builds a
//! [`plan`] — the tree of such paths, with ballot counts and the hopeful candidates receiving
//! at each node — in one pass over a compact copy of the ballots (out candidates removed,
//! sorted by ranking), and each iteration walks the plan ([`walk`]) instead of the ballots. The
//! results are bit-for-bit those of a ballot-by-ballot count (multiplying a value by a ballot
//! count is exact); the `meek` preset walks raw integer values (`u32`, sums in `i64`), and with
//! equal rankings sorts each plan's nodes by depth and kind, segment by segment, so that each
//! kind is walked in one loop and each run's receivers are paid in another ([`plan::Run`]).
//! With the `parallel` feature (on by default) a count of more than a few thousand distinct
//! ballots splits them into one shard per core, each with its own plan, built and walked on
//! its own thread — shards of about equal shares of the last round's work, timed — and the
//! shards' totals are added exactly, so the result does not depend on the number of threads or
//! on where the shards split.

mod defeat;
mod plan;
mod rule;
mod walk;

use std::any::Any;
use std::ops::Range;
use std::time::Duration;

use super::CountError;
use super::state::{CountState, Pick};
use crate::arith::{Arithmetic, Fixed};
use crate::model::{BallotRef, CandidateId, Weight};
use crate::transcript::{Action, CandidateState};

use plan::{Count, Item, Plan, Standing, Store};
use rule::Rule;
use walk::{Exact, Flow, NinePlaces, NineScratch, Scratch, Split, halving_reciprocals};

/// The scale of 9 decimal places, the `meek` preset's.
const NINE_PLACES: i64 = 1_000_000_000;

/// Below this many distinct ballots a count uses one shard: threads would cost more than they
/// save.
const MIN_SHARDED: usize = 4096;

/// A range of the store's ballots with its own plan, working space and results, so that
/// shards can be walked at the same time.
struct Shard<T, M, V> {
    ballots: Range<usize>,
    plan: Plan<T, M>,
    scratch: Scratch<V>,
    nine: NineScratch,
    /// Whether the last plan built fits ([`plan::MOST_VALUES`]).
    fits: bool,
    /// What each candidate keeps, then the value left at the ends of rankings.
    totals: Vec<V>,
    /// Time spent building and walking its plan this round (always zero without the
    /// `parallel` feature).
    busy: Duration,
}

/// A start time, to add what follows to a [`Shard::busy`]. There is a clock only with the
/// `parallel` feature (there may be none at all elsewhere, as in WebAssembly), and only
/// sharing work between threads needs it.
struct Stopwatch {
    #[cfg(feature = "parallel")]
    start: std::time::Instant,
}

impl Stopwatch {
    fn start() -> Self {
        Stopwatch {
            #[cfg(feature = "parallel")]
            start: std::time::Instant::now(),
        }
    }

    /// Add the time since the start to `busy`.
    fn add_to(self, busy: &mut Duration) {
        #[cfg(feature = "parallel")]
        {
            *busy += self.start.elapsed();
        }
        #[cfg(not(feature = "parallel"))]
        let _ = busy;
    }
}

/// Run `f` on every shard: on separate threads with the `parallel` feature, else in turn.
fn each_shard<S: Send>(shards: &mut [S], f: impl Fn(&mut S) + Sync + Send) {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        shards.par_iter_mut().for_each(f);
    }
    #[cfg(not(feature = "parallel"))]
    shards.iter_mut().for_each(f);
}

/// How many shards to split `ballots` distinct ballots into.
fn shard_count(ballots: usize) -> usize {
    #[cfg(feature = "parallel")]
    let threads = rayon::current_num_threads();
    #[cfg(not(feature = "parallel"))]
    let threads = 1;
    if ballots < MIN_SHARDED { 1 } else { threads }
}

/// `parts` ranges covering `len` ballots, each with about the same share of the work that
/// `shards` did in the last round — building and walking their plans, which this round's are
/// much like. A shard's work is taken to be spread evenly over its plan's nodes: the time it
/// was busy per node when all were timed, else one unit per node. Ranges start at the plans'
/// [marks](Plan::marks). `None` without such plans.
///
/// Timing matters where nodes differ in cost: ballots that put the first candidates elected
/// first have longer paths, whose nodes take longer to build and walk. (With the corpus's
/// strict 100,000 ballots, splitting by nodes alone left one thread busy 6 ms per round and the
/// other 2.5 ms.) The split never changes the result, only how fast it comes.
fn balanced<T, M, V>(
    len: usize,
    parts: usize,
    shards: &[Shard<T, M, V>],
) -> Option<Vec<Range<usize>>> {
    let timed = shards.iter().all(|shard| !shard.busy.is_zero());
    // The work of a shard's first `nodes` nodes.
    let work = |shard: &Shard<T, M, V>, nodes: usize| -> u128 {
        if timed {
            nodes as u128 * shard.busy.as_nanos() / shard.plan.len().max(1) as u128
        } else {
            nodes as u128
        }
    };
    let total: u128 = shards
        .iter()
        .map(|shard| work(shard, shard.plan.len()))
        .sum();
    if total == 0 || parts < 2 {
        return None;
    }
    let mut ranges = Vec::with_capacity(parts);
    let mut start = 0;
    let mut before = 0;
    'shards: for shard in shards {
        for &(b, nodes) in &shard.plan.marks {
            if ranges.len() + 1 == parts {
                break 'shards;
            }
            // The first mark past the next share of the work starts the next range.
            let share = total * (ranges.len() as u128 + 1);
            if b > start && (before + work(shard, nodes)) * parts as u128 >= share {
                ranges.push(start..b);
                start = b;
            }
        }
        before += work(shard, shard.plan.len());
    }
    if start >= len {
        return None;
    }
    ranges.push(start..len);
    while ranges.len() < parts {
        ranges.push(len..len);
    }
    Some(ranges)
}

/// A specialised walk of a shard, which returns `false` when it cannot do it.
type FastWalk<'f, T, M, V> = dyn Fn(&mut Shard<T, M, V>) -> bool + Sync + 'f;

/// Walk every shard at the keep factors `flow` holds — with `fast` first, when given, falling
/// back to the generic [`walk::walk`] where it declines; put the sums in `votes` and
/// `exhausted`.
fn walk_shards<T: Item, M: Count, F: Flow<M>>(
    shards: &mut [Shard<T, M, F::V>],
    flow: &F,
    fast: Option<&FastWalk<'_, T, M, F::V>>,
    votes: &mut [F::V],
    exhausted: &mut F::V,
) {
    let zero = flow.zero();
    each_shard(shards, |shard| {
        let stopwatch = Stopwatch::start();
        shard.totals.clear();
        shard.totals.resize(votes.len() + 1, zero.clone());
        if !fast.is_some_and(|fast| fast(shard)) {
            walk::walk(flow, &shard.plan, &mut shard.totals, &mut shard.scratch);
        }
        stopwatch.add_to(&mut shard.busy);
    });
    for v in votes.iter_mut() {
        *v = zero.clone();
    }
    *exhausted = zero.clone();
    for shard in shards.iter() {
        // One total per candidate, then the exhausted value.
        if let Some((last, each)) = shard.totals.split_last() {
            for (v, x) in votes.iter_mut().zip(each) {
                flow.add(v, x);
            }
            flow.add(exhausted, last);
        }
    }
}

/// The store, the plans and buffers reused by every walk of a count.
struct Walker<A: Arithmetic, M, T> {
    /// The counted ballots without the candidates who are out.
    store: Store<T, M>,
    shards: Vec<Shard<T, M, A::Num>>,
    /// Candidates removed from the store.
    removed: Vec<bool>,
    keep: Vec<A::Num>,
    complement: Vec<A::Num>,
    /// For dividing raw fixed-point values by shares.
    reciprocal: Vec<u64>,
    standing: Vec<Standing>,
    /// Whether to build [`Plan::levelled`] plans: for the walk of the `meek` preset's
    /// arithmetic (fixed point with 9 places, ballot counts in `u32`, [`Split::KeepUp`]) with
    /// equal rankings, where nodes reached by several values are common.
    levelled: bool,
}

impl<A: Arithmetic, M: Count + 'static, T: Item> Walker<A, M, T> {
    /// Rebuild the plans for the candidates' current states.
    fn replan(&mut self, cs: &CountState<A>) -> Result<(), CountError> {
        for (s, state) in self.standing.iter_mut().zip(&cs.state) {
            *s = match state {
                CandidateState::Hopeful => Standing::Hopeful,
                CandidateState::Elected => Standing::Elected,
                CandidateState::Excluded | CandidateState::Withdrawn => Standing::Out,
            };
        }
        let newly_out = self
            .standing
            .iter()
            .zip(&self.removed)
            .any(|(s, r)| *s == Standing::Out && !r);
        if newly_out {
            for (r, s) in self.removed.iter_mut().zip(&self.standing) {
                *r = *s == Standing::Out;
            }
            let parts = shard_count(self.store.len());
            self.store.remove(&self.removed, parts);
        }
        let parts = shard_count(self.store.len());
        let ranges = balanced(self.store.len(), parts, &self.shards)
            .unwrap_or_else(|| self.store.shards(parts));
        self.shards.truncate(ranges.len());
        while self.shards.len() < ranges.len() {
            self.shards.push(Shard {
                ballots: 0..0,
                plan: Plan::default(),
                scratch: Scratch::default(),
                nine: NineScratch::default(),
                fits: true,
                totals: Vec::new(),
                busy: Duration::ZERO,
            });
        }
        for (shard, range) in self.shards.iter_mut().zip(ranges) {
            shard.ballots = range;
            shard.busy = Duration::ZERO;
        }
        let (store, standing, levelled) = (&self.store, &self.standing, self.levelled);
        each_shard(&mut self.shards, |shard| {
            let stopwatch = Stopwatch::start();
            shard.fits = shard
                .plan
                .rebuild(store, shard.ballots.clone(), standing, levelled)
                .is_some();
            stopwatch.add_to(&mut shard.busy);
        });
        if self.shards.iter().all(|shard| shard.fits) {
            Ok(())
        } else {
            Err(CountError::TooLarge(
                "rankings with too many positions of several elected candidates each",
            ))
        }
    }

    /// Share out every ballot at the current keep factors into `cs.votes` and `cs.exhausted`.
    fn distribute(&mut self, cs: &mut CountState<A>, split: Split) {
        let a = &cs.a;
        if split == Split::Down {
            let one = a.one();
            self.complement.clear();
            self.complement
                .extend(self.keep.iter().map(|k| a.sub(&one, k)));
        }
        let flow = Exact {
            a,
            split,
            keep: &self.keep,
            complement: &self.complement,
        };
        // Fixed point with 9 places (the `meek` preset) first walks raw integers. (Other
        // scales take the generic walk: one specialised walk per store type keeps the wasm
        // module small.)
        let nine = is_nine_places(a)
            .then(|| (&self.keep as &dyn Any).downcast_ref::<Vec<i64>>())
            .flatten()
            .map(|keep| NinePlaces {
                split,
                keep,
                reciprocal: &self.reciprocal,
            });
        let fast = |shard: &mut Shard<T, M, A::Num>| {
            let (Some(nine), Some(shard)) = (
                &nine,
                (shard as &mut dyn Any).downcast_mut::<Shard<T, u32, i64>>(),
            ) else {
                return false;
            };
            walk::walk_nine_places(nine, &shard.plan, &mut shard.totals, &mut shard.nine)
        };
        walk_shards(
            &mut self.shards,
            &flow,
            Some(&fast),
            &mut cs.votes,
            &mut cs.exhausted,
        );
    }
}

/// Is `a` fixed point with 9 places, the `meek` preset's arithmetic, which
/// [`walk::walk_nine_places`] walks on raw integers?
fn is_nine_places<A: Arithmetic>(a: &A) -> bool {
    (a as &dyn Any)
        .downcast_ref::<Fixed>()
        .is_some_and(|f| f.scale() == NINE_PLACES)
}

/// Why an iteration ended.
enum Ending<N> {
    /// These candidates reached the quota.
    Elected(Vec<CandidateId>),
    /// The total surplus fell within omega.
    Converged(N),
    /// The total surplus stopped falling.
    Stable(N),
    /// These candidates can be defeated together.
    Batch(Vec<CandidateId>),
}

/// Does `ballot` count: does it rank someone not withdrawn, with a weight above zero? The
/// valid votes are the counted ballots.
fn is_counted(state: &[CandidateState], ballot: &BallotRef<'_>) -> bool {
    !ballot.weight.is_zero()
        && ballot
            .ranking
            .candidates()
            .iter()
            .any(|&c| state[c.index()] != CandidateState::Withdrawn)
}

/// Run a Meek or Warren count to completion.
pub(crate) fn run<A: Arithmetic>(cs: &mut CountState<A>) -> Result<(), CountError> {
    let mut total = Weight::ZERO;
    // The counted ballots' places in the profile.
    let mut counted = Vec::new();
    for (i, ballot) in cs.election.ballots.ballots().into_iter().enumerate() {
        if is_counted(&cs.state, &ballot) {
            Count::add(&mut total, ballot.weight);
            counted
                .push(u32::try_from(i).map_err(|_| CountError::TooLarge("2^32 or more ballots"))?);
        }
    }
    cs.total = cs.a.from_weight(&total);
    // Ballot counts in `u32` whenever the total allows (almost always), candidates (and the
    // plans' small numbers) in 8 bits when there are few enough (fewer than 128). Each
    // combination is a copy of the count in the binary, so there are only three.
    let n = cs.election.candidates.len();
    let fits = total.to_u64().is_some_and(|t| t <= u64::from(u32::MAX));
    if !fits {
        return run_with::<A, Weight, u32>(cs, counted);
    }
    if n < <u8 as Item>::CAPACITY {
        run_with::<A, u32, u8>(cs, counted)
    } else {
        run_with::<A, u32, u32>(cs, counted)
    }
}

/// [`run`] with ballot counts in `M` and candidates in `T`; `counted` are the counted
/// ballots' places in the profile.
fn run_with<A: Arithmetic, M: Count + 'static, T: Item>(
    cs: &mut CountState<A>,
    counted: Vec<u32>,
) -> Result<(), CountError> {
    let rule = Rule::new(&cs.a, cs.rules, cs.election.seats);
    // Candidates within the surplus of the lowest are tied without equal totals: no countback.
    cs.countback = false;
    let n = cs.election.candidates.len();
    let a = cs.a.clone();
    let keep = cs
        .state
        .iter()
        .map(|s| {
            if *s == CandidateState::Hopeful {
                a.one()
            } else {
                a.zero()
            }
        })
        .collect();
    let removed: Vec<bool> = cs
        .state
        .iter()
        .map(|s| *s == CandidateState::Withdrawn)
        .collect();
    let ballots = cs.election.ballots.ballots();
    let ballot = |i| ballots.get(i).map(|ballot| (ballot.weight, ballot.ranking));
    let store = Store::new(&counted, ballot, &removed).ok_or(CountError::TooLarge(
        "2^32 or more candidates on ballots in all",
    ))?;
    drop(counted);
    let mut walker: Walker<A, M, T> = Walker {
        store,
        shards: Vec::new(),
        removed,
        keep,
        complement: Vec::new(),
        reciprocal: halving_reciprocals(n),
        standing: vec![Standing::Out; n],
        levelled: false,
    };
    // (Not in WebAssembly, where the module's size matters more.)
    walker.levelled = cfg!(not(target_arch = "wasm32"))
        && rule.split == Split::KeepUp
        && is_nine_places(&a)
        && std::any::TypeId::of::<M>() == std::any::TypeId::of::<u32>()
        && walker.store.has_equal();

    // Stage 1: first preferences; the quota from all valid votes.
    walker.replan(cs)?;
    walker.distribute(cs, rule.split);
    cs.quota = rule.quota(&a, &cs.total);
    show_keep_factors(cs, &walker);
    cs.finish_stage(Action::FirstCount, &[], None, |_| {
        "First preferences counted".to_string()
    });

    while !cs.complete() {
        if let Some((c, reason)) = cs.doomed_by_constraints().into_iter().next() {
            walker.replan(cs)?;
            walker.distribute(cs, rule.split);
            cs.note(|| format!("Defeated to satisfy a seat constraint: {reason}"));
            cs.exclude(c);
            show_keep_factors(cs, &walker);
            cs.finish_stage(Action::Iteration, &[c], None, |cs| {
                format!("{} defeated (seat constraint)", cs.name(c))
            });
            walker.keep[c.index()] = a.zero();
            continue;
        }
        let (ending, iterations) = iterate(cs, &rule, &mut walker)?;
        show_keep_factors(cs, &walker);
        let rounds = move |k: usize| {
            if k == 1 {
                "1 iteration".to_string()
            } else {
                format!("{k} iterations")
            }
        };
        match ending {
            Ending::Elected(elected) => {
                cs.finish_stage(Action::Iteration, &elected, None, |cs| {
                    format!(
                        "{} elected after {}",
                        names(cs, &elected),
                        rounds(iterations)
                    )
                });
            }
            Ending::Batch(batch) => {
                for &c in &batch {
                    cs.exclude(c);
                }
                cs.finish_stage(Action::Iteration, &batch, None, |cs| {
                    format!(
                        "{} defeated after {}: with the total surplus they cannot reach the next candidate",
                        names(cs, &batch),
                        rounds(iterations)
                    )
                });
                for c in batch {
                    walker.keep[c.index()] = a.zero();
                }
            }
            Ending::Converged(surplus) | Ending::Stable(surplus) => {
                let converged = rule.converged(&a, &surplus);
                let tied = defeat::lowest(cs, &surplus);
                let Some(&first) = tied.first() else {
                    return Err(CountError::Internal("no hopeful candidate to defeat"));
                };
                let c = if tied.len() == 1 {
                    first
                } else {
                    cs.break_tie(&tied, Pick::Lowest, "defeat")
                };
                cs.exclude(c);
                cs.finish_stage(Action::Iteration, &[c], None, |cs| {
                    let why = if converged {
                        "within omega"
                    } else {
                        "no longer falling"
                    };
                    format!(
                        "{} defeated as lowest after {} (total surplus {}, {why})",
                        cs.name(c),
                        rounds(iterations),
                        cs.show(&surplus)
                    )
                });
                walker.keep[c.index()] = a.zero();
            }
        }
    }
    elect_remaining(cs);
    Ok(())
}

/// One round's iteration: returns why it ended and how many distributions it took. Candidates
/// reaching the quota are elected here.
fn iterate<A: Arithmetic, M: Count + 'static, T: Item>(
    cs: &mut CountState<A>,
    rule: &Rule<A>,
    walker: &mut Walker<A, M, T>,
) -> Result<(Ending<A::Num>, usize), CountError> {
    let a = cs.a.clone();
    walker.replan(cs)?;
    let mut last = cs.total.clone();
    let mut iterations = 0;
    let mut elected: Vec<CandidateId> = Vec::new();
    loop {
        iterations += 1;
        walker.distribute(cs, rule.split);
        let mut held = a.zero();
        for (v, s) in cs.votes.iter().zip(&cs.state) {
            if matches!(s, CandidateState::Hopeful | CandidateState::Elected) {
                a.add_assign(&mut held, v);
            }
        }
        cs.quota = rule.quota(&a, &held);
        for i in 0..cs.state.len() {
            let c = CandidateId::from(i);
            if cs.seats_left() == 0 || !cs.is_hopeful(c) {
                continue;
            }
            if rule.reaches(&a, &cs.votes[i], &cs.quota) {
                if let Some(reason) = cs.election_blocked(c) {
                    let name = cs.name(c);
                    cs.note(|| format!("{name} reached the quota but is not elected: {reason}"));
                    continue;
                }
                cs.elect(c);
                elected.push(c);
            }
        }
        let mut sum = a.zero();
        for (v, s) in cs.votes.iter().zip(&cs.state) {
            if *s == CandidateState::Elected {
                a.add_assign(&mut sum, &a.sub(v, &cs.quota));
            }
        }
        let surplus = rule.surplus(&a, sum);
        if !elected.is_empty() {
            return Ok((Ending::Elected(elected), iterations));
        }
        if rule.converged(&a, &surplus) {
            return Ok((Ending::Converged(surplus), iterations));
        }
        if a.cmp(&surplus, &last) != std::cmp::Ordering::Less {
            return Ok((Ending::Stable(surplus), iterations));
        }
        let batch = defeat::batch(cs, &surplus, cs.rules.defeat_batch);
        if !batch.is_empty() {
            return Ok((Ending::Batch(batch), iterations));
        }
        last = surplus;
        for (i, s) in cs.state.iter().enumerate() {
            if *s == CandidateState::Elected {
                walker.keep[i] = rule.next_keep(&a, &walker.keep[i], &cs.quota, &cs.votes[i]);
            }
        }
    }
}

/// Fill the seats left with the hopeful candidates, in input order, when they are no more than
/// the seats (never electing one a seat constraint forbids).
fn elect_remaining<A: Arithmetic>(cs: &mut CountState<A>) {
    let hopeful = cs.hopeful();
    if cs.seats_left() == 0 || hopeful.is_empty() || hopeful.len() > cs.seats_left() {
        return;
    }
    if cs.rules.constraints.is_empty() {
        cs.elect_remaining(&hopeful);
        return;
    }
    for c in hopeful {
        if cs.election_blocked(c).is_none() {
            cs.elect_remaining(&[c]);
        }
    }
}

fn show_keep_factors<A: Arithmetic, M, T>(cs: &mut CountState<A>, walker: &Walker<A, M, T>) {
    if cs.recording() {
        cs.keep_factors = Some(walker.keep.clone());
    }
}

fn names<A: Arithmetic>(cs: &CountState<A>, ids: &[CandidateId]) -> String {
    ids.iter()
        .map(|&c| cs.name(c))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::plan::Node;
    use super::*;

    /// A shard of `ballots` whose last plan built `nodes` nodes, marked as in `marks`.
    fn shard(ballots: Range<usize>, nodes: usize, marks: &[(usize, usize)]) -> Shard<u8, u32, i64> {
        let mut plan = Plan::default();
        let node = Node {
            through: 0,
            depth: 0,
            share: 1,
            elected: 1,
            shared: 0,
            after: 0,
        };
        plan.nodes = vec![node; nodes];
        plan.marks = marks.to_vec();
        Shard {
            ballots,
            plan,
            scratch: Scratch::default(),
            nine: NineScratch::default(),
            fits: true,
            totals: Vec::new(),
            busy: Duration::ZERO,
        }
    }

    #[test]
    fn shards_split_the_last_rounds_nodes_evenly() {
        // 100 nodes among the first 512 ballots, 300 among the others: half of the 400
        // nodes are built before ballot 768.
        let shards = [
            shard(0..512, 100, &[(0, 0), (256, 20)]),
            shard(512..1024, 300, &[(512, 0), (768, 100)]),
        ];
        assert_eq!(balanced(1024, 2, &shards), Some(vec![0..768, 768..1024]));
        // Three parts: the first mark past 133 nodes, then past 266.
        assert_eq!(
            balanced(1024, 3, &shards),
            Some(vec![0..768, 768..1024, 1024..1024])
        );
        // One part, or no nodes yet: nothing to balance.
        assert_eq!(balanced(1024, 1, &shards), None);
        let empty = [
            shard(0..512, 0, &[(0, 0)]),
            shard(512..1024, 0, &[(512, 0)]),
        ];
        assert_eq!(balanced(1024, 2, &empty), None);
    }

    #[test]
    fn timed_shards_split_the_last_rounds_time_evenly() {
        // As above, but the first shard's 100 nodes took as long as the other's 300: the
        // work is split where the second shard starts.
        let mut shards = [
            shard(0..512, 100, &[(0, 0), (256, 20)]),
            shard(512..1024, 300, &[(512, 0), (768, 100)]),
        ];
        shards[0].busy = Duration::from_micros(300);
        shards[1].busy = Duration::from_micros(300);
        assert_eq!(balanced(1024, 2, &shards), Some(vec![0..512, 512..1024]));
        // A shard not timed (a thread that did nothing measurable): nodes count alone.
        shards[1].busy = Duration::ZERO;
        assert_eq!(balanced(1024, 2, &shards), Some(vec![0..768, 768..1024]));
    }
}
