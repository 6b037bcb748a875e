//! Deeming candidates elected (5.1.7, 5.3.13, 5.4.9) and ties for the last places (5.6.2).

use std::cmp::Ordering;

use super::Ers97Count;
use crate::arith::Arithmetic;
use crate::model::CandidateId;

impl<A: Arithmetic> Ers97Count<'_, '_, A> {
    /// "Considering each continuing candidate in turn in descending order of their votes, deem
    /// elected any candidate whose vote now equals or exceeds (a) the quota, or (b) the total
    /// active vote, divided by one more than the number of places not yet filled, up to the
    /// number of places remaining to be filled, subject to paragraph 5.6.2."
    ///
    /// The threshold is worked out afresh before each candidate, as (b) depends on the places
    /// left. A candidate needs more than zero votes. A candidate whom a seat constraint
    /// forbids is passed over, with a note. 5.6.2: when candidates with equal votes are more
    /// than the places left, they are taken in order of their votes at the earliest stage where
    /// they differed; those equal at every stage are not elected at this stage at all.
    pub(super) fn elect(&mut self) {
        let mut passed_over: Vec<CandidateId> = Vec::new();
        loop {
            let places = self.cs.seats_left();
            if places == 0 {
                return;
            }
            let threshold = self.election_threshold();
            let a = &self.cs.a;
            let votes = &self.cs.votes;
            let mut reached: Vec<CandidateId> = self
                .cs
                .hopeful()
                .into_iter()
                .filter(|c| !passed_over.contains(c))
                .filter(|c| {
                    let v = &votes[c.index()];
                    a.cmp(v, &threshold) != Ordering::Less
                        && a.cmp(v, &a.zero()) == Ordering::Greater
                })
                .collect();
            // Descending votes, then descending countback (5.6.2); stable, so candidates
            // equal at every stage keep input order (they are elected together or not at all).
            reached.sort_by(|&x, &y| {
                a.cmp(&votes[y.index()], &votes[x.index()])
                    .then_with(|| self.countback(y, x))
            });
            let Some(&top) = reached.first() else {
                return;
            };
            // The candidates indistinguishable from the top one: equal now and at every stage.
            let class: Vec<CandidateId> = reached
                .iter()
                .copied()
                .take_while(|&c| {
                    a.cmp(&votes[c.index()], &votes[top.index()]).is_eq()
                        && self.countback(c, top).is_eq()
                })
                .collect();
            let (blocked, free): (Vec<_>, Vec<_>) = class
                .iter()
                .map(|&c| (c, self.cs.election_blocked(c)))
                .partition(|(_, reason)| reason.is_some());
            for (c, reason) in blocked {
                let name = self.cs.name(c);
                let reason = reason.unwrap_or_default();
                self.cs
                    .note(|| format!("{name} reached the quota but is not elected: {reason}"));
                passed_over.push(c);
            }
            let free: Vec<CandidateId> = free.into_iter().map(|(c, _)| c).collect();
            if free.is_empty() {
                continue;
            }
            if free.len() > places {
                let names: Vec<&str> = free.iter().map(|&c| self.cs.name(c)).collect();
                self.cs.note(|| {
                    format!(
                        "{} have equal votes, and have had at every stage, but only {places} \
                         place(s) are left: none of them is deemed elected at this stage \
                         (ERS97 5.6.2)",
                        names.join(", ")
                    )
                });
                return;
            }
            for c in free {
                // Electing one may make a constraint forbid the next.
                if let Some(reason) = self.cs.election_blocked(c) {
                    let name = self.cs.name(c);
                    self.cs
                        .note(|| format!("{name} reached the quota but is not elected: {reason}"));
                    passed_over.push(c);
                    continue;
                }
                let below_quota =
                    self.cs.a.cmp(&self.cs.votes[c.index()], &self.cs.quota) == Ordering::Less;
                if below_quota {
                    let (name, votes, share) = (
                        self.cs.name(c),
                        self.cs.show(&self.cs.votes[c.index()]),
                        self.cs.show(&threshold),
                    );
                    self.cs.note(|| {
                        format!(
                            "{name} is deemed elected with {votes}, below the quota: the total \
                             active vote divided by one more than the places left is {share} \
                             (ERS97 5.1.7(b))"
                        )
                    });
                }
                self.cs.elect(c);
                self.pending.push(c);
            }
        }
    }
}
