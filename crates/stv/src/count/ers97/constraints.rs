//! Seat constraints (`--min women=4`, `--max tag=n`) during an ERS97-style count.
//!
//! ERS97 itself has no constraints; the NEC's gender rule is applied this way:
//! - a candidate whom a constraint forbids to elect ([`CountState::election_blocked`]) is never
//!   deemed elected, even on reaching the quota (noted in the transcript);
//! - before any other step, a candidate who can no longer take a seat without breaking a
//!   constraint ([`CountState::doomed_by_constraints`]) is excluded — the lowest such candidate
//!   first, one per exclusion, with a note saying why;
//! - an ordinary exclusion passes over a candidate whose exclusion would leave too few (or too
//!   many) candidates of a category to meet a constraint, again with a note; and it excludes
//!   one candidate at a time, as the ERS97 rule for excluding several together (5.2.5) assumes
//!   that the lowest candidates are all excludable.
//!
//! [`CountState::election_blocked`]: crate::count::state::CountState::election_blocked
//! [`CountState::doomed_by_constraints`]: crate::count::state::CountState::doomed_by_constraints

use std::cmp::Ordering;

use super::Ers97Count;
use crate::arith::Arithmetic;
use crate::count::state::Pick;
use crate::model::CandidateId;

impl<A: Arithmetic> Ers97Count<'_, '_, A> {
    /// The candidate to exclude because no constraint allows it a seat any more, with the
    /// reason: the lowest of them (ties as in 5.2.5).
    pub(super) fn constraint_exclusion(&mut self) -> Option<(CandidateId, String)> {
        let doomed = self.cs.doomed_by_constraints();
        let ids: Vec<CandidateId> = doomed.iter().map(|(c, _)| *c).collect();
        let c = self.extreme(&ids, Pick::Lowest, "constraint exclusion")?;
        doomed.into_iter().find(|(d, _)| *d == c)
    }

    /// Why `c` must not be excluded now (when `also` are excluded too), if it must not.
    pub(super) fn protected(&self, c: CandidateId, also: &[CandidateId]) -> Option<String> {
        self.cs.exclusion_protected(c, also)
    }

    /// The continuing candidates who may be excluded, fewest votes first (equal votes in input
    /// order; ties are broken when an exclusion is chosen).
    pub(super) fn excludable_by_votes(&self) -> Vec<CandidateId> {
        let mut list = self.cs.excludable();
        let a = &self.cs.a;
        let votes = &self.cs.votes;
        list.sort_by(|x, y| a.cmp(&votes[x.index()], &votes[y.index()]));
        list
    }

    /// Under constraints: the lowest candidate who may be excluded, noting any passed over.
    pub(super) fn lowest_excludable(&mut self) -> Option<CandidateId> {
        let list = self.excludable_by_votes();
        let first = *list.first()?;
        let a = &self.cs.a;
        let low = &self.cs.votes[first.index()];
        let tied: Vec<CandidateId> = list
            .iter()
            .copied()
            .filter(|c| a.cmp(&self.cs.votes[c.index()], low) == Ordering::Equal)
            .collect();
        let skipped: Vec<String> = self
            .cs
            .hopeful()
            .into_iter()
            .filter(|c| !list.contains(c))
            .filter(|c| a.cmp(&self.cs.votes[c.index()], low) != Ordering::Greater)
            .filter_map(|c| self.protected(c, &[]))
            .collect();
        for reason in skipped {
            self.cs.note(|| reason);
        }
        self.break_tie(&tied, Pick::Lowest, "exclusion")
    }
}
