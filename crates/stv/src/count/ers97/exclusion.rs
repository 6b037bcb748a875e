//! Exclusion: whom to exclude (5.2.5) and the transfer of their papers in batches (5.4).

use std::cmp::Ordering;

use super::Ers97Count;
use crate::arith::Arithmetic;
use crate::count::CountError;
use crate::count::papers::{Paper, Parcel, ballot, distribute};
use crate::count::state::Pick;
use crate::model::CandidateId;
use crate::transcript::{Action, CandidateState};

impl<A: Arithmetic> Ers97Count<'_, '_, A> {
    /// 5.2.5: "the candidate or candidates with the fewest votes must be excluded. Exclude as
    /// many candidates together as possible, provided that (a) sufficient candidates remain to
    /// fill all the remaining places, (b) the total votes of these candidates, together with the
    /// total of any deferred surpluses, does not exceed the vote of the candidate next above."
    /// Equal votes at the boundary: the fewest votes at the earliest stage where they differed,
    /// then lot. Under seat constraints, one candidate at a time (see `constraints`).
    pub(super) fn choose_exclusion(&mut self) -> Result<Vec<CandidateId>, CountError> {
        let none = CountError::Internal("no continuing candidate to exclude");
        if !self.cs.rules.constraints.is_empty() {
            return self.lowest_excludable().map(|c| vec![c]).ok_or(none);
        }
        let sorted = self.excludable_by_votes();
        if sorted.is_empty() {
            return Err(none);
        }
        let a = self.cs.a.clone();
        let v = |i: usize| self.cs.votes[sorted[i].index()].clone();
        let deferred = self.total_surplus();
        let most = sorted.len().saturating_sub(self.cs.seats_left()).max(1);
        let mut size = 1;
        let mut sum = a.add(&v(0), &deferred);
        for k in 2..=most {
            a.add_assign(&mut sum, &v(k - 1));
            if a.cmp(&sum, &v(k)) != Ordering::Greater {
                size = k;
            }
        }
        // Everyone below the boundary vote is in; among those at it, the lowest by countback.
        let boundary = v(size - 1);
        let mut group: Vec<CandidateId> = sorted
            .iter()
            .copied()
            .filter(|c| a.cmp(&self.cs.votes[c.index()], &boundary) == Ordering::Less)
            .collect();
        let mut tied: Vec<CandidateId> = sorted
            .iter()
            .copied()
            .filter(|c| a.cmp(&self.cs.votes[c.index()], &boundary) == Ordering::Equal)
            .collect();
        while group.len() < size {
            if tied.len() == size - group.len() {
                group.append(&mut tied);
                break;
            }
            let c = self
                .break_tie(&tied, Pick::Lowest, "exclusion")
                .ok_or(CountError::Internal("empty tie at exclusion"))?;
            tied.retain(|&t| t != c);
            group.push(c);
        }
        Ok(group)
    }

    /// 5.4: exclude `group` and transfer their papers. 5.4.1: all their papers, "in batches in
    /// descending order of transfer value"; 5.4.2–5.4.11: each batch is sorted by next
    /// available preference and transferred at its value, as a stage of its own; after each,
    /// the quota may be reduced (5.4.8) and candidates deemed elected (5.4.9), who then receive
    /// no further papers (5.4.10). Once every place is filled nothing more is transferred
    /// (5.5.2).
    pub(super) fn exclude(&mut self, group: &[CandidateId]) {
        for &c in group {
            self.cs.exclude(c);
        }
        let a = self.cs.a.clone();
        let mut papers: Vec<(CandidateId, Paper<A::Num>)> = Vec::new();
        for &c in group {
            for parcel in std::mem::take(&mut self.parcels[c.index()]) {
                papers.extend(parcel.papers.into_iter().map(|p| (c, p)));
            }
        }
        // Stable: within a batch, papers keep the order in which they were received.
        papers.sort_by(|x, y| a.cmp(&y.1.value, &x.1.value));
        let mut batches: Vec<Vec<(CandidateId, Paper<A::Num>)>> = Vec::new();
        for item in papers {
            match batches.last_mut() {
                Some(batch) if a.cmp(&batch[0].1.value, &item.1.value).is_eq() => batch.push(item),
                _ => batches.push(vec![item]),
            }
        }
        let names = || {
            group
                .iter()
                .map(|&c| self.cs.name(c))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let who = names();
        if batches.is_empty() {
            self.elect();
            self.finish(Action::Exclusion, group, None, |_| {
                format!("{who} excluded; no papers to transfer")
            });
            return;
        }
        let count = batches.len();
        for (i, batch) in batches.into_iter().enumerate() {
            if i > 0 && self.cs.complete() {
                return;
            }
            self.transfer_batch(group, batch, i + 1, count, &who);
        }
    }

    /// Transfer one batch of an exclusion (papers of one value) as one stage.
    fn transfer_batch(
        &mut self,
        group: &[CandidateId],
        batch: Vec<(CandidateId, Paper<A::Num>)>,
        number: usize,
        count: usize,
        who: &str,
    ) {
        let stage = self.cs.stage_number();
        let a = self.cs.a.clone();
        let value = batch
            .first()
            .map(|(_, p)| p.value.clone())
            .unwrap_or_else(|| a.zero());
        let ballots = self.cs.election.ballots.ballots();
        let mut papers_moved = crate::model::Weight::ZERO;
        for (holder, paper) in &batch {
            let weight = ballot(ballots, paper.ballot).weight;
            papers_moved = &papers_moved + weight;
            let worth = a.mul_int(&paper.value, weight);
            let held = &mut self.cs.votes[holder.index()];
            *held = a.sub(held, &worth);
        }
        let state = self.cs.state.clone();
        let continuing = |x: CandidateId| state[x.index()] == CandidateState::Hopeful;
        let mut votes = std::mem::take(&mut self.cs.votes);
        let mut exhausted = std::mem::replace(&mut self.cs.exhausted, a.zero());
        let dist = distribute(
            &a,
            ballots,
            batch
                .into_iter()
                .map(|(_, p)| (p.ballot, Some(p.group), p.value)),
            &continuing,
            &mut votes,
            &mut exhausted,
            &mut self.slot,
        );
        self.cs.votes = votes;
        self.cs.exhausted = exhausted;
        for (to, papers) in dist.received {
            self.parcels[to.index()].push(Parcel {
                stage,
                value: Some(value.clone()),
                papers,
            });
        }
        self.reduce_quota();
        self.elect();
        self.finish(Action::Exclusion, group, Some(&value), |cs| {
            let part = if count > 1 {
                format!(" (batch {number} of {count})")
            } else {
                String::new()
            };
            format!(
                "{who} excluded{part}: {papers_moved} papers of value {} transferred",
                cs.show(&value)
            )
        });
    }
}
