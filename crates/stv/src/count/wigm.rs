//! Weighted inclusive Gregory: Scottish STV and the PR Foundation reference WIGM.
//!
//! Scottish STV (The Scottish Local Government Elections Order 2007, rules 45–52):
//! - quota ⌊valid / (seats + 1)⌋ + 1 (rule 46); elected on reaching it (47);
//! - the largest surplus is transferred first (49(1)); equal surpluses by countback, then lot
//!   (49(2)–(3));
//! - a surplus re-weights *every* paper the candidate holds: new value = surplus × value ÷
//!   total, truncated to 5 places (48(3)), and the candidate keeps exactly the quota;
//! - with no surplus to transfer the lowest candidate is excluded and all its papers move at
//!   their current values in one stage (50); ties by countback, then lot (51);
//! - when the continuing candidates are as many as the seats left, they are elected (52).
//!
//! Each transfer is one stage, so stage numbers are the official "count" numbers.

use super::CountError;
use super::papers::{Paper, Parcel, send};
use super::state::{CountState, Pick};
use crate::arith::{Arithmetic, ArithmeticKind};
use crate::model::CandidateId;
use crate::rules::{DefeatBatch, Method};
use crate::transcript::Action;

/// How the WIGM family sets and applies its quota.
struct QuotaRule<N> {
    quota: N,
    /// Elected only when strictly above the quota (generic WIGM's exact Droop quota).
    strict: bool,
}

/// The quota:
/// - Scottish [46]: ⌊valid / (seats + 1)⌋ + 1, reached at `>=`;
/// - `wigm` with fixed arithmetic (the PR Foundation reference): valid / (seats + 1) rounded
///   down to the precision, plus one unit of the precision, reached at `>=`;
/// - `wigm` with guarded or rational arithmetic (Droop's generic WIGM): exactly
///   valid / (seats + 1), and a candidate must *exceed* it.
fn quota<A: Arithmetic>(cs: &CountState<A>) -> QuotaRule<A::Num> {
    let a = &cs.a;
    let seats_plus_one = cs.election.seats as u64 + 1;
    let share = a.div_int(&cs.total, seats_plus_one);
    match (cs.rules.method, cs.rules.arithmetic) {
        (Method::Scottish, _) => QuotaRule {
            quota: a.add(&a.floor(&share), &a.one()),
            strict: false,
        },
        (_, ArithmeticKind::Fixed) => {
            let places = a.places().unwrap_or(0);
            let unit = a.div(&a.one(), &a.from_u64(10u64.pow(places.min(18))));
            QuotaRule {
                quota: a.add(&share, &unit),
                strict: false,
            }
        }
        _ => QuotaRule {
            quota: share,
            strict: true,
        },
    }
}

/// Has the candidate reached the quota?
fn reached<A: Arithmetic>(cs: &CountState<A>, strict: bool, c: CandidateId) -> bool {
    let ord = cs.a.cmp(&cs.votes[c.index()], &cs.quota);
    ord == std::cmp::Ordering::Greater || (!strict && ord == std::cmp::Ordering::Equal)
}

/// Run a WIGM-family count (Scottish or generic WIGM) to completion.
pub(crate) fn run<A: Arithmetic>(cs: &mut CountState<A>) -> Result<(), CountError> {
    // Droop's PR Foundation WIGM breaks ties by the tie order (then lot) without countback.
    cs.countback = cs.rules.method == Method::Scottish;
    let n = cs.election.candidates.len();
    let mut count = WigmCount {
        cs,
        parcels: vec![Vec::new(); n],
        slot: vec![None; n],
        pending: Vec::new(),
        strict: false,
    };
    count.first_count();
    while !count.cs.complete() {
        count.stage()?;
    }
    complete(count.cs);
    Ok(())
}

/// One WIGM count in progress: the shared state plus the papers each candidate holds.
struct WigmCount<'c, 'e, A: Arithmetic> {
    cs: &'c mut CountState<'e, A>,
    /// The parcels each candidate holds.
    parcels: Vec<Vec<Parcel<A::Num>>>,
    /// Scratch space for [`send`].
    slot: Vec<Option<usize>>,
    /// Elected candidates whose surplus is still to be transferred, in order of election.
    pending: Vec<CandidateId>,
    /// Elected only when strictly above the quota (see [`QuotaRule`]).
    strict: bool,
}

impl<A: Arithmetic> WigmCount<'_, '_, A> {
    /// Stage 1: first preferences [45]. Ballots that reach nobody (blank, or only withdrawn
    /// candidates) are not valid votes, so nothing counts as exhausted yet.
    fn first_count(&mut self) {
        let one = self.cs.a.one();
        let ballot_count = self.cs.election.ballots.len() as u32;
        let papers = (0..ballot_count).map(|i| (i, None, one.clone()));
        send(
            self.cs,
            &mut self.parcels,
            &mut self.slot,
            papers,
            Some(one.clone()),
        );
        let cs = &mut *self.cs;
        cs.exhausted = cs.a.zero();
        let mut total = cs.a.zero();
        for v in &cs.votes {
            cs.a.add_assign(&mut total, v);
        }
        cs.total = total;
        let QuotaRule { quota, strict } = quota(cs);
        cs.quota = quota;
        self.strict = strict;
        self.elect_reaching_quota();
        self.cs.finish_stage(Action::FirstCount, &[], None, |_| {
            "First preferences counted".to_string()
        });
    }

    /// One stage after the first: a constraint exclusion, a batch of sure losers, the largest
    /// surplus, or the lowest candidate's exclusion, in that order of priority.
    fn stage(&mut self) -> Result<(), CountError> {
        // Constraint exclusions come first: such candidates cannot take a seat.
        if let Some((c, reason)) = self.cs.doomed_by_constraints().into_iter().next() {
            self.cs
                .note(|| format!("Excluded to satisfy a seat constraint: {reason}"));
            self.exclude_and_transfer(&[c], false);
            return Ok(());
        }
        let cs = &*self.cs;
        self.pending.retain(|&c| {
            let surplus = cs.a.sub(&cs.votes[c.index()], &cs.quota);
            cs.a.cmp(&surplus, &cs.a.zero()) == std::cmp::Ordering::Greater
        });
        let losers = sure_losers(self.cs, &self.pending);
        if !losers.is_empty() {
            self.exclude_and_transfer(&losers, true);
            return Ok(());
        }
        if !self.pending.is_empty() {
            // [49] largest surplus first; equal ones by countback, then lot.
            let c = self
                .cs
                .extreme(&self.pending, Pick::Highest, "largest surplus")
                .ok_or(CountError::Internal("no pending surplus"))?;
            self.pending.retain(|&p| p != c);
            self.transfer_surplus(c);
            return Ok(());
        }
        // [50] exclude the lowest continuing candidate (passing over any a seat constraint
        // still needs).
        let c = self
            .cs
            .lowest_excludable("exclusion")
            .ok_or(CountError::Internal("no hopeful candidate to exclude"))?;
        self.exclude_and_transfer(&[c], false);
        Ok(())
    }

    /// Elect every hopeful candidate at or above the quota, largest total first (equal totals
    /// later-in-input-order first, as Droop's reference implementation does; the order among
    /// equal totals changes nothing else), unless a seat constraint forbids it.
    ///
    /// When the continuing candidates are already no more than the seats left, nobody is
    /// elected here: [52] fills those seats in input order (as Droop does), at the same stage.
    fn elect_reaching_quota(&mut self) {
        let cs = &mut *self.cs;
        if cs.complete() {
            return;
        }
        let mut reached: Vec<CandidateId> = cs
            .hopeful()
            .into_iter()
            .filter(|&c| reached(cs, self.strict, c))
            .collect();
        reached.sort_by(|x, y| {
            cs.a.cmp(&cs.votes[y.index()], &cs.votes[x.index()])
                .then(y.cmp(x))
        });
        for c in reached {
            if cs.seats_left() == 0 {
                break;
            }
            if let Some(reason) = cs.election_blocked(c) {
                let name = cs.name(c);
                cs.note(|| format!("{name} reached the quota but is not elected: {reason}"));
                continue;
            }
            cs.elect(c);
            self.pending.push(c);
        }
    }

    /// [48] Transfer `c`'s surplus: every paper's new value = surplus × value ÷ total,
    /// truncated [48(3)]; `c` keeps exactly the quota.
    fn transfer_surplus(&mut self, c: CandidateId) {
        let a = self.cs.a.clone();
        let total = self.cs.votes[c.index()].clone();
        let surplus = a.sub(&total, &self.cs.quota);
        let held = std::mem::take(&mut self.parcels[c.index()]);
        let papers = held.into_iter().flat_map(|p| p.papers).map(
            |Paper {
                 ballot,
                 group,
                 value,
             }| (ballot, Some(group), a.mul_div(&value, &surplus, &total)),
        );
        send(self.cs, &mut self.parcels, &mut self.slot, papers, None);
        self.cs.votes[c.index()] = self.cs.quota.clone();
        let tv = a.div(&surplus, &total);
        self.elect_reaching_quota();
        self.cs
            .finish_stage(Action::Surplus, &[c], Some(&tv), |cs| {
                format!(
                    "Surplus of {} ({}) transferred",
                    cs.name(c),
                    cs.show(&surplus)
                )
            });
    }

    /// Exclude `batch` (one candidate, or sure losers together) and transfer their papers at
    /// their present values in one stage [50]. A batch of sure losers whose defeat alone
    /// completes the count moves no papers, as in the PR Foundation reference; an ordinary
    /// exclusion always transfers, as Scottish counts do even when the last seats are then
    /// filled [52].
    fn exclude_and_transfer(&mut self, batch: &[CandidateId], sure_losers: bool) {
        for &c in batch {
            self.cs.exclude(c);
        }
        if sure_losers && self.cs.complete() {
            self.cs.finish_stage(Action::Exclusion, batch, None, |cs| {
                let names: Vec<&str> = batch.iter().map(|&c| cs.name(c)).collect();
                format!(
                    "Sure losers excluded together (no transfer needed): {}",
                    names.join(", ")
                )
            });
            return;
        }
        let moved: Vec<A::Num> = batch
            .iter()
            .map(|c| self.cs.votes[c.index()].clone())
            .collect();
        let held: Vec<Parcel<A::Num>> = batch
            .iter()
            .flat_map(|c| std::mem::take(&mut self.parcels[c.index()]))
            .collect();
        let papers = held
            .into_iter()
            .flat_map(|p| p.papers)
            .map(|p| (p.ballot, Some(p.group), p.value));
        send(self.cs, &mut self.parcels, &mut self.slot, papers, None);
        for &c in batch {
            self.cs.votes[c.index()] = self.cs.a.zero();
        }
        self.elect_reaching_quota();
        self.cs.finish_stage(Action::Exclusion, batch, None, |cs| {
            match (batch, moved.as_slice()) {
                ([c], [votes]) if !sure_losers => {
                    format!(
                        "{} excluded; {} votes transferred",
                        cs.name(*c),
                        cs.show(votes)
                    )
                }
                _ => {
                    let parts: Vec<String> = batch
                        .iter()
                        .zip(&moved)
                        .map(|(&c, v)| format!("{} ({})", cs.name(c), cs.show(v)))
                        .collect();
                    format!(
                        "Sure losers excluded together; votes transferred from {}",
                        parts.join(", ")
                    )
                }
            }
        });
    }
}

/// [52] Fill the last seats with the continuing candidates when they are no more than the
/// seats left; then the rest stay unelected. Happens within the current (last) stage.
fn complete<A: Arithmetic>(cs: &mut CountState<A>) {
    let hopeful = cs.hopeful();
    if cs.seats_left() > 0 && hopeful.len() <= cs.seats_left() {
        // The last stage is already closed; amend its record.
        cs.elect_remaining(&hopeful);
    }
}

/// `wigm` with `--defeat-batch safe` (the PR Foundation reference's optional step B.2): before
/// any surplus moves, the largest set of "sure losers" — the lowest hopeful candidates, never
/// splitting a group whose votes are within the pending surpluses of each other, whose votes
/// together plus every pending surplus are below the next candidate's, leaving at least as many
/// hopefuls as seats — is defeated at once. `zero` defeats every hopeful candidate with no
/// votes, when enough remain. Scottish STV has no such step; nor do counts with seat
/// constraints (they exclude one at a time).
fn sure_losers<A: Arithmetic>(cs: &CountState<A>, pending: &[CandidateId]) -> Vec<CandidateId> {
    if cs.rules.method != Method::Wigm || !cs.rules.constraints.is_empty() {
        return Vec::new();
    }
    let a = &cs.a;
    let mut hopeful = cs.hopeful();
    hopeful.sort_by(|x, y| a.cmp(&cs.votes[x.index()], &cs.votes[y.index()]));
    let max_defeat = hopeful.len().saturating_sub(cs.seats_left());
    match cs.rules.defeat_batch {
        DefeatBatch::None => Vec::new(),
        DefeatBatch::Zero => {
            let zero: Vec<CandidateId> = hopeful
                .into_iter()
                .filter(|c| a.is_zero(&cs.votes[c.index()]))
                .collect();
            if zero.len() <= max_defeat {
                zero
            } else {
                Vec::new()
            }
        }
        DefeatBatch::Safe => {
            let mut surplus = a.zero();
            for c in pending {
                a.add_assign(&mut surplus, &a.sub(&cs.votes[c.index()], &cs.quota));
            }
            // Groups of candidates whose votes are within the surplus of the group's first.
            let mut groups: Vec<Vec<CandidateId>> = Vec::new();
            let mut group_vote = a.zero();
            for c in hopeful {
                let v = &cs.votes[c.index()];
                match groups.last_mut() {
                    Some(group)
                        if a.cmp(&a.add(&group_vote, &surplus), v) != std::cmp::Ordering::Less =>
                    {
                        group.push(c)
                    }
                    _ => {
                        group_vote = v.clone();
                        groups.push(vec![c]);
                    }
                }
            }
            let (mut total, mut count, mut best) = (a.zero(), 0, None);
            for g in 0..groups.len().saturating_sub(1) {
                count += groups[g].len();
                if count > max_defeat {
                    break;
                }
                for c in &groups[g] {
                    a.add_assign(&mut total, &cs.votes[c.index()]);
                }
                let next = &cs.votes[groups[g + 1][0].index()];
                if a.cmp(&a.add(&total, &surplus), next) == std::cmp::Ordering::Less {
                    best = Some(g);
                }
            }
            let mut batch: Vec<CandidateId> = best.map_or(Vec::new(), |g| groups[..=g].concat());
            batch.sort();
            batch
        }
    }
}
