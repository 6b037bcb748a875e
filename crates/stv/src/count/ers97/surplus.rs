//! Surpluses: which is transferred, whether they are deferred (5.2.2–5.2.4), and the transfer
//! itself from the last parcel received (5.3).

use std::cmp::Ordering;

use super::Ers97Count;
use crate::arith::Arithmetic;
use crate::count::CountError;
use crate::count::papers::{Destination, Paper, Parcel, ballot, distribute, next_destination};
use crate::count::state::Pick;
use crate::model::CandidateId;
use crate::transcript::{Action, CandidateState};

impl<A: Arithmetic> Ers97Count<'_, '_, A> {
    /// A candidate's surplus: votes above the quota (may be zero or negative).
    fn surplus_of(&self, c: CandidateId) -> A::Num {
        self.cs.a.sub(&self.cs.votes[c.index()], &self.cs.quota)
    }

    /// Keep only the elected candidates who still have a surplus to transfer.
    pub(super) fn refresh_pending(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        self.pending = pending
            .into_iter()
            .filter(|&c| self.cs.a.cmp(&self.surplus_of(c), &self.cs.a.zero()) == Ordering::Greater)
            .collect();
    }

    /// The total of the surpluses not yet transferred.
    pub(super) fn total_surplus(&self) -> A::Num {
        let a = &self.cs.a;
        self.pending.iter().fold(a.zero(), |acc, &c| {
            let s = self.surplus_of(c);
            if a.cmp(&s, &a.zero()) == Ordering::Greater {
                a.add(&acc, &s)
            } else {
                acc
            }
        })
    }

    /// 5.2.2: "the transfer of a surplus or surpluses is deferred and reconsidered at the next
    /// stage, if the total of such surpluses does not exceed either (a) the difference between
    /// the votes of the two candidates who have the fewest votes, or (b) the difference between
    /// the total of the votes of two or more candidates with the fewest votes who could be
    /// excluded under rule 5.2.5, and the vote of the candidate next above."
    ///
    /// Returns the explanation when the surpluses are deferred. Under seat constraints only
    /// candidates who may be excluded count as "the candidates with the fewest votes", and (b)
    /// is not used, since such counts exclude one candidate at a time.
    pub(super) fn deferral(&self) -> Option<String> {
        let total = self.total_surplus();
        let lowest = self.excludable_by_votes();
        let a = &self.cs.a;
        let v = |i: usize| &self.cs.votes[lowest[i].index()];
        if lowest.len() < 2 {
            return None;
        }
        let gap = a.sub(v(1), v(0));
        if a.cmp(&total, &gap) != Ordering::Greater {
            return Some(format!(
                "Surpluses ({}) deferred (ERS97 5.2.2(a)): they do not exceed {}, the difference \
                 between the two lowest candidates, {} and {}",
                self.cs.show(&total),
                self.cs.show(&gap),
                self.cs.name(lowest[0]),
                self.cs.name(lowest[1]),
            ));
        }
        if !self.cs.rules.constraints.is_empty() {
            return None;
        }
        let most = lowest.len().saturating_sub(self.cs.seats_left());
        let mut sum = a.add(v(0), v(1));
        // k lowest candidates (k ≥ 2, leaving enough for the places) against the next above.
        for (k, &next) in lowest.iter().enumerate().take(most + 1).skip(2) {
            let above = &self.cs.votes[next.index()];
            let gap = a.sub(above, &sum);
            if a.cmp(&total, &gap) != Ordering::Greater {
                return Some(format!(
                    "Surpluses ({}) deferred (ERS97 5.2.2(b)): they do not exceed {}, the \
                     difference between the {k} lowest candidates together and {}, next above",
                    self.cs.show(&total),
                    self.cs.show(&gap),
                    self.cs.name(next),
                ));
            }
            a.add_assign(&mut sum, above);
        }
        None
    }

    /// 5.2.3: the largest surplus; equal ones by the greatest vote at the earliest stage where
    /// the candidates differed, then lot.
    pub(super) fn largest_surplus(&mut self) -> Result<CandidateId, CountError> {
        let pending = self.pending.clone();
        self.extreme(&pending, Pick::Highest, "surplus order")
            .ok_or(CountError::Internal("no surplus to transfer"))
    }

    /// 5.3: transfer `c`'s surplus, as one stage.
    ///
    /// 5.3.1–5.3.2: the papers examined are those received at the first stage if the surplus
    /// arose there, otherwise "only the last received batch of papers, which gave rise to the
    /// surplus" — in both cases the last parcel the candidate received (an elected candidate
    /// receives no more). 5.3.3: they are sorted by next available preference; those with none
    /// stay with the candidate as part of the quota. 5.3.7: if the transferable papers are
    /// worth more than the surplus, each moves at surplus ÷ number of transferable papers,
    /// truncated to the precision of the count; otherwise each moves at its present value and
    /// the rest of the surplus is non-transferable. (Papers of mixed values, which only equal
    /// preferences produce, are scaled by surplus ÷ their total value, which is the same rule.)
    /// 5.3.9: what truncation loses is the non-transferable difference (rounding loss here).
    pub(super) fn transfer_surplus(&mut self, c: CandidateId) {
        let stage = self.cs.stage_number();
        let a = self.cs.a.clone();
        let quota = self.cs.quota.clone();
        let surplus = self.surplus_of(c);
        let last = self.parcels[c.index()].pop();
        self.parcels[c.index()].clear();
        let (from_stage, from_value, papers) = match last {
            Some(Parcel {
                stage,
                value,
                papers,
            }) => (stage, value, papers),
            None => (stage, None, Vec::new()),
        };
        let ballots = self.cs.election.ballots.ballots();
        let state = self.cs.state.clone();
        let continuing = |x: CandidateId| state[x.index()] == CandidateState::Hopeful;
        let examined: crate::model::Weight = papers
            .iter()
            .map(|p| ballot(ballots, p.ballot).weight.clone())
            .sum();
        let transferable: Vec<Paper<A::Num>> = papers
            .into_iter()
            .filter(|p| {
                matches!(
                    next_destination(ballot(ballots, p.ballot), Some(p.group), continuing),
                    Destination::Group(..)
                )
            })
            .collect();
        let mut worth = a.zero();
        let mut count = crate::model::Weight::ZERO;
        for p in &transferable {
            let w = ballot(ballots, p.ballot).weight;
            a.add_assign(&mut worth, &a.mul_int(&p.value, w));
            count = &count + w;
        }
        let scaled = a.cmp(&worth, &surplus) == Ordering::Greater;
        let uniform = transferable
            .first()
            .map(|f| &f.value)
            .filter(|v| transferable.iter().all(|p| a.cmp(&p.value, v).is_eq()))
            .cloned();
        // The transfer value shown: per paper when the papers had one value, else the fraction.
        let shown_value = match (&uniform, scaled) {
            (Some(v), true) => Some(a.mul_div(v, &surplus, &worth)),
            (Some(v), false) => Some(v.clone()),
            (None, true) => Some(a.div(&surplus, &worth)),
            (None, false) => None,
        };
        let moving = transferable.into_iter().map(|p| {
            let value = if scaled {
                a.mul_div(&p.value, &surplus, &worth)
            } else {
                p.value
            };
            (p.ballot, Some(p.group), value)
        });
        let mut votes = std::mem::take(&mut self.cs.votes);
        let mut unused = a.zero();
        let dist = distribute(
            &a,
            ballots,
            moving,
            &continuing,
            &mut votes,
            &mut unused,
            &mut self.slot,
        );
        votes[c.index()] = quota;
        self.cs.votes = votes;
        if !scaled {
            // 5.3.7, second sentence: the papers carry less than the surplus.
            let rest = a.sub(&surplus, &worth);
            a.add_assign(&mut self.cs.exhausted, &rest);
        }
        let parcel_value = uniform.as_ref().and(shown_value.clone());
        for (to, papers) in dist.received {
            self.parcels[to.index()].push(Parcel {
                stage,
                value: parcel_value.clone(),
                papers,
            });
        }
        self.elect();
        let which = if from_stage == 1 {
            "all papers, as it arose at the first stage (5.3.1)".to_string()
        } else {
            let at = from_value
                .as_ref()
                .map(|v| format!(" at value {}", self.cs.show(v)))
                .unwrap_or_default();
            format!("the last parcel, received at stage {from_stage}{at} (5.3.2)")
        };
        self.finish(Action::Surplus, &[c], shown_value.as_ref(), |cs| {
            let mut text = format!(
                "Surplus of {} ({}) transferred from {which}: of {examined} papers, \
                 {count} are transferable, worth {}",
                cs.name(c),
                cs.show(&surplus),
                cs.show(&worth),
            );
            if !scaled {
                text.push_str(", which move at their present value (5.3.7)");
            }
            text
        });
    }
}
