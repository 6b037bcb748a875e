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
//! Within a round every ballot's value flows along a path fixed by who is hopeful, elected and
//! out, so each round builds a [`plan`] — the distinct paths as a prefix tree with ballot counts
//! — from a compact copy of the ballots (out candidates removed, sorted by ranking), and each
//! iteration walks the plan ([`walk`]) instead of the ballots. The results are bit-for-bit
//! those of a ballot-by-ballot count (multiplying a value by a ballot count is exact); the
//! `meek` preset walks raw `i64` fixed-point values. No threads are used.

mod defeat;
mod plan;
mod rule;
mod walk;

use std::any::Any;

use super::CountError;
use super::state::{CountState, Pick};
use crate::arith::{Arithmetic, Fixed};
use crate::model::{CandidateId, Weight};
use crate::transcript::{Action, CandidateState};

use plan::{Count, Item, Plan, Standing, Store};
use rule::Rule;
use walk::Split;

/// The plan and buffers reused by every walk of a count.
struct Walker<A: Arithmetic, M, T> {
    plan: Plan<M>,
    /// The counted ballots without the candidates who are out.
    store: Store<T, M>,
    /// Candidates removed from the store.
    removed: Vec<bool>,
    keep: Vec<A::Num>,
    complement: Vec<A::Num>,
    out: Vec<A::Num>,
    raw_out: Vec<i64>,
    standing: Vec<Standing>,
}

impl<A: Arithmetic, M: Count + 'static, T: Item> Walker<A, M, T> {
    /// Rebuild the plan for the candidates' current states.
    fn replan(&mut self, cs: &CountState<A>) {
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
            self.store.remove(&self.removed);
            self.store.sort(self.removed.len());
        }
        self.plan.rebuild(&self.store, &self.standing);
    }

    /// Share out every ballot at the current keep factors into `cs.votes` and `cs.exhausted`.
    fn distribute(&mut self, cs: &mut CountState<A>, split: Split) {
        let a = &cs.a;
        for v in cs.votes.iter_mut() {
            *v = a.zero();
        }
        cs.exhausted = a.zero();
        // The `meek` preset counts in `Fixed`: walk its raw `i64` values directly.
        let fixed = (a as &dyn Any).downcast_ref::<Fixed>();
        let plan = (&self.plan as &dyn Any).downcast_ref::<Plan<u64>>();
        let keep = (&self.keep as &dyn Any).downcast_ref::<Vec<i64>>();
        let votes = (&mut cs.votes as &mut dyn Any).downcast_mut::<Vec<i64>>();
        if let (Some(fixed), Some(plan), Some(keep), Some(votes)) = (fixed, plan, keep, votes) {
            let mut exhausted = 0i64;
            walk::walk_fixed(
                fixed.scale(),
                plan,
                split,
                keep,
                votes,
                &mut exhausted,
                &mut self.raw_out,
            );
            if let Some(e) = (&mut cs.exhausted as &mut dyn Any).downcast_mut::<i64>() {
                *e = exhausted;
            }
            return;
        }
        if split == Split::Down {
            let one = a.one();
            self.complement.clear();
            self.complement
                .extend(self.keep.iter().map(|k| a.sub(&one, k)));
        }
        walk::walk(
            a,
            &self.plan,
            split,
            &self.keep,
            &self.complement,
            &mut cs.votes,
            &mut cs.exhausted,
            &mut self.out,
        );
    }
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

/// Run a Meek or Warren count to completion.
pub(crate) fn run<A: Arithmetic>(cs: &mut CountState<A>) -> Result<(), CountError> {
    // Ballots that rank someone not withdrawn, and their total: the valid votes.
    let mut counted: Vec<u32> = Vec::new();
    let mut total = Weight::ZERO;
    for (i, ballot) in cs.election.ballots.ballots().iter().enumerate() {
        let ranks_someone = ballot
            .ranking
            .candidates()
            .iter()
            .any(|&c| cs.state[c.index()] != CandidateState::Withdrawn);
        if ranks_someone && !ballot.weight.is_zero() {
            counted.push(i as u32);
            Count::add(&mut total, ballot.weight);
        }
    }
    cs.total = cs.a.from_weight(&total);
    // Ballot counts in `u64` whenever the total allows (always, in practice), candidates in
    // 16 bits when there are few enough.
    let small = cs.election.candidates.len() < <u16 as Item>::CAPACITY;
    match (total.to_u64().is_some(), small) {
        (true, true) => run_with::<A, u64, u16>(cs, &counted),
        (true, false) => run_with::<A, u64, u32>(cs, &counted),
        (false, _) => run_with::<A, Weight, u32>(cs, &counted),
    }
}

fn run_with<A: Arithmetic, M: Count + 'static, T: Item>(
    cs: &mut CountState<A>,
    counted: &[u32],
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
    let mut store = Store::new(
        counted
            .iter()
            .map(|&i| ballots.get(i as usize).expect("a ballot of the profile")),
        &removed,
    );
    store.sort(n);
    let mut walker: Walker<A, M, T> = Walker {
        plan: Plan::default(),
        store,
        removed,
        keep,
        complement: Vec::new(),
        out: Vec::new(),
        raw_out: Vec::new(),
        standing: vec![Standing::Out; n],
    };

    // Stage 1: first preferences; the quota from all valid votes.
    walker.replan(cs);
    walker.distribute(cs, rule.split);
    cs.quota = rule.quota(&a, &cs.total);
    show_keep_factors(cs, &walker);
    cs.finish_stage(Action::FirstCount, &[], None, |_| {
        "First preferences counted".to_string()
    });

    while !cs.complete() {
        if let Some((c, reason)) = cs.doomed_by_constraints().into_iter().next() {
            walker.replan(cs);
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
        let (ending, iterations) = iterate(cs, &rule, &mut walker);
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
) -> (Ending<A::Num>, usize) {
    let a = cs.a.clone();
    walker.replan(cs);
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
            return (Ending::Elected(elected), iterations);
        }
        if rule.converged(&a, &surplus) {
            return (Ending::Converged(surplus), iterations);
        }
        if a.cmp(&surplus, &last) != std::cmp::Ordering::Less {
            return (Ending::Stable(surplus), iterations);
        }
        let batch = defeat::batch(cs, &surplus, cs.rules.defeat_batch);
        if !batch.is_empty() {
            return (Ending::Batch(batch), iterations);
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
