//! The ERS97 rules, and the Labour NEC variant built on them.
//!
//! **ERS97**: Electoral Reform Society, *How to conduct an election by the Single Transferable
//! Vote*, 3rd edition (R. A. Newland and F. S. Britton, 1997), section 5. Section numbers in
//! the comments below are that text's. In short:
//!
//! - quota: valid votes ÷ (seats + 1) to two decimal places, rounded *up* unless exact (5.1.6);
//!   recalculated without the non-transferable votes while nobody is elected (5.4.8);
//! - elected on reaching the quota, or the total active vote ÷ (places left + 1) when that is
//!   less (5.1.7, 5.3.13, 5.4.9), largest vote first; ties by the earliest stage at which the
//!   candidates differed, and if there is none nobody of the tie is elected at that stage
//!   (5.6.2);
//! - surpluses largest first (5.2.3), *deferred* while they cannot change who is excluded
//!   (5.2.2); a surplus is taken from the last parcel received only, or from all papers when it
//!   arose at the first stage (5.3.1–5.3.2); transfer value = surplus ÷ transferable papers,
//!   truncated to 2 places, but never more than the papers' present value (5.3.7);
//! - the lowest candidates are excluded, several together when their votes plus the deferred
//!   surpluses do not reach the next candidate (5.2.5); their papers move in batches, highest
//!   value first, each batch its own stage, and candidates elected by a batch receive no more
//!   papers (5.4);
//! - when an exclusion would leave only as many candidates as places, they are elected (5.5.1).
//!
//! **NEC** (Labour National Executive Committee, constituency section, from 2020): the quota is
//! valid votes ÷ (seats + 1) *exactly* — the published 2020 quota 12,954.9 is 129,549 ÷ 10,
//! neither rounded up nor plus one. The NEC has not published the rest of its counting rules
//! (surplus method, decimal places, ties), so this count **assumes ERS97** for everything but
//! the quota, and says so in every transcript. At the precision of the count a quota that is
//! not exact is truncated. The gender rule ("at least 4 of 9 seats for women") is a
//! [`SeatConstraint`](crate::SeatConstraint); see `constraints`.
//!
//! **Stages.** `stages[0]` is the first count; every surplus transfer is one stage and every
//! batch of an exclusion is one stage, so a candidate's election stage is the stage at which it
//! reached the quota. Each stage's quota is recorded, since 5.4.8 can lower it.
//!
//! **Non-transferable votes.** ERS97 adds two things to its "non-transferable" row: papers with
//! no further preference, and the *non-transferable difference* lost by truncating transfer
//! values (5.3.9). The transcript keeps them apart: the first is `exhausted`, the second is
//! `rounding_loss`. Their sum is ERS97's non-transferable vote.

mod constraints;
mod elect;
mod exclusion;
mod quota;
mod surplus;
mod ties;

use super::CountError;
use super::papers::{Destination, Parcel, distribute, next_destination};
use super::state::CountState;
use crate::arith::Arithmetic;
use crate::model::CandidateId;
use crate::rules::Method;
use crate::transcript::{Action, CandidateState};

use quota::QuotaRule;

/// A count in progress under ERS97 (or the NEC variant): the shared state plus the papers.
struct Ers97Count<'c, 'e, A: Arithmetic> {
    cs: &'c mut CountState<'e, A>,
    /// The quota formula (ERS97 rounds up; NEC does not).
    quota_rule: QuotaRule,
    /// Every candidate's papers, one parcel per stage at which it received any.
    parcels: Vec<Vec<Parcel<A::Num>>>,
    /// Scratch space for [`distribute`].
    slot: Vec<Option<usize>>,
    /// Elected candidates whose surplus has not been transferred, in order of election.
    pending: Vec<CandidateId>,
}

/// Run an ERS97 or NEC count to completion.
pub(crate) fn run<A: Arithmetic>(cs: &mut CountState<A>) -> Result<(), CountError> {
    let n = cs.election.candidates.len();
    let quota_rule = QuotaRule::for_method(cs.rules.method);
    if cs.rules.method == Method::Nec {
        cs.count_note(
            "The Labour NEC has not published its exact counting rules (surplus method, decimal \
             places, tie rules). This count assumes the ERS97 rules (Newland & Britton, 3rd ed., \
             1997) throughout, except for the published quota: valid votes / (seats + 1), not \
             rounded up and without +1.",
        );
    }
    let mut count = Ers97Count {
        cs,
        quota_rule,
        parcels: vec![Vec::new(); n],
        slot: vec![None; n],
        pending: Vec::new(),
    };
    count.first_stage();
    count.subsequent_stages()
}

impl<A: Arithmetic> Ers97Count<'_, '_, A> {
    /// 5.1: count first preferences, find the quota, elect.
    fn first_stage(&mut self) {
        let cs = &mut *self.cs;
        let ballots = cs.election.ballots.ballots();
        let state = cs.state.clone();
        let continuing = |c: CandidateId| state[c.index()] == CandidateState::Hopeful;
        // 5.1.2, 6.21, 6.24: the valid papers are those with a first preference for a candidate
        // who stands; the others are invalid, not non-transferable.
        let valid: crate::model::Weight = ballots
            .iter()
            .filter(|b| {
                matches!(
                    next_destination(*b, None, continuing),
                    Destination::Group(..)
                )
            })
            .map(|b| b.weight.clone())
            .sum();
        cs.total = cs.a.from_weight(&valid);
        let one = cs.a.one();
        let mut invalid = cs.a.zero();
        let mut votes = std::mem::take(&mut cs.votes);
        let dist = distribute(
            &cs.a,
            ballots,
            (0..ballots.len() as u32).map(|i| (i, None, one.clone())),
            &continuing,
            &mut votes,
            &mut invalid,
            &mut self.slot,
        );
        cs.votes = votes;
        for (c, papers) in dist.received {
            self.parcels[c.index()].push(Parcel {
                stage: 1,
                value: Some(one.clone()),
                papers,
            });
        }
        // 5.1.6
        cs.quota = self.quota_rule.quota(&cs.a, &cs.total, cs.election.seats);
        // 5.1.7
        self.elect();
        self.finish(Action::FirstCount, &[], None, |cs| {
            format!(
                "First preferences counted: {} valid votes, quota {}",
                cs.show(&cs.total),
                cs.show(&cs.quota)
            )
        });
    }

    /// 5.2: transfer surpluses and exclude candidates until the places are filled.
    fn subsequent_stages(&mut self) -> Result<(), CountError> {
        loop {
            // 5.5.2: all places filled; nothing more is transferred.
            if self.cs.seats_left() == 0 {
                return Ok(());
            }
            // Seat constraints first: a candidate who can no longer take a seat is excluded
            // before anything else, so no surplus is wasted on them.
            if let Some((c, reason)) = self.constraint_exclusion() {
                self.cs
                    .note(|| format!("Excluded to satisfy a seat constraint: {reason}"));
                self.exclude(&[c]);
                continue;
            }
            // 4.3: as many continuing candidates as places left.
            let hopeful = self.cs.hopeful();
            if hopeful.len() <= self.cs.seats_left() {
                self.cs.elect_remaining(&hopeful);
                return Ok(());
            }
            // 5.2.2–5.2.4: the largest surplus, unless the surpluses are deferred.
            self.refresh_pending();
            let deferred = if self.pending.is_empty() {
                None
            } else {
                match self.deferral() {
                    Some(reason) => Some(reason),
                    None => {
                        let c = self.largest_surplus()?;
                        self.transfer_surplus(c);
                        continue;
                    }
                }
            };
            // 5.2.5: exclusion.
            let group = self.choose_exclusion()?;
            let remaining: Vec<CandidateId> =
                hopeful.into_iter().filter(|c| !group.contains(c)).collect();
            if remaining.len() <= self.cs.seats_left() {
                self.complete(&group, remaining);
                return Ok(());
            }
            if let Some(reason) = deferred {
                self.cs.note(|| reason);
            }
            self.exclude(&group);
        }
    }

    /// 5.5.1: "If a proposed exclusion of one or more candidates would leave only the same
    /// number of continuing candidates as there are places remaining unfilled, all such
    /// continuing candidates shall be deemed to be elected." Recorded as a completion stage
    /// (no papers move), so that the exclusion, and any tie broken to choose it, has a stage.
    fn complete(&mut self, excluded: &[CandidateId], mut remaining: Vec<CandidateId>) {
        let a = &self.cs.a;
        let votes = &self.cs.votes;
        remaining.sort_by(|&x, &y| {
            a.cmp(&votes[y.index()], &votes[x.index()])
                .then_with(|| self.countback(y, x))
        });
        for &c in excluded {
            self.cs.exclude(c);
        }
        for &c in &remaining {
            self.cs.elect(c);
        }
        let decided: Vec<CandidateId> = excluded.iter().chain(&remaining).copied().collect();
        let name_list = |cs: &CountState<A>, ids: &[CandidateId]| {
            ids.iter()
                .map(|&c| cs.name(c))
                .collect::<Vec<_>>()
                .join(", ")
        };
        self.finish(Action::Completion, &decided, None, |cs| {
            format!(
                "Excluding {} would leave only as many continuing candidates as places: {} \
                 deemed elected (ERS97 5.5.1)",
                name_list(cs, excluded),
                name_list(cs, &remaining)
            )
        });
    }

    /// Close the current stage (every stage goes through here).
    fn finish(
        &mut self,
        action: Action,
        candidates: &[CandidateId],
        transfer_value: Option<&A::Num>,
        description: impl FnOnce(&CountState<A>) -> String,
    ) {
        self.cs
            .finish_stage(action, candidates, transfer_value, description);
    }
}
