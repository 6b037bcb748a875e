//! ERS97 ties (5.2.3, 5.2.5, 5.6.2): candidates with equal votes are ordered by their votes
//! "at the first stage or at the earliest point in the count, after the transfer of a batch of
//! papers, where they had unequal votes"; if they were equal at every such point, by lot (the
//! election's `[tie]` order, when given, stands in for the lot).
//!
//! Every stage here ends with the transfer of one batch, so the points are the stages, and the
//! comparison is lexicographic on the candidates' totals from the first stage forward. Note the
//! direction: *earliest* difference first, where Scottish STV looks back from the latest.

use std::cmp::Ordering;

use super::Ers97Count;
use crate::arith::Arithmetic;
use crate::count::state::Pick;
use crate::model::CandidateId;

impl<A: Arithmetic> Ers97Count<'_, '_, A> {
    /// Compare two candidates' votes at the earliest finished stage where they differed.
    pub(super) fn countback(&self, x: CandidateId, y: CandidateId) -> Ordering {
        let a = &self.cs.a;
        self.cs
            .stage_totals()
            .iter()
            .map(|totals| a.cmp(&totals[x.index()], &totals[y.index()]))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }

    /// Among `tied` (candidates with equal votes now), the one with the fewest (`Lowest`) or
    /// most (`Highest`) votes at the earliest stage where they differed; if several remain
    /// equal at every stage, drawn by lot. Every tie broken is recorded in the transcript.
    pub(super) fn break_tie(
        &mut self,
        tied: &[CandidateId],
        pick: Pick,
        about: &str,
    ) -> Option<CandidateId> {
        let wanted = match pick {
            Pick::Lowest => Ordering::Less,
            Pick::Highest => Ordering::Greater,
        };
        let first = *tied.first()?;
        if tied.len() == 1 {
            return Some(first);
        }
        let best = tied.iter().copied().fold(first, |best, c| {
            if self.countback(c, best) == wanted {
                c
            } else {
                best
            }
        });
        let equal: Vec<CandidateId> = tied
            .iter()
            .copied()
            .filter(|&c| self.countback(c, best).is_eq())
            .collect();
        if equal.len() == 1 {
            self.cs.record_tie(tied, best, "countback", about);
            Some(best)
        } else {
            // Equal at every stage: the shared tie-break (which finds no stage to separate
            // them either) goes on to the [tie] order, then lot.
            Some(self.cs.break_tie(&equal, pick, about))
        }
    }

    /// Among `candidates`, those with the fewest (or most) votes now, the tie broken as above.
    pub(super) fn extreme(
        &mut self,
        candidates: &[CandidateId],
        pick: Pick,
        about: &str,
    ) -> Option<CandidateId> {
        let tied = self.cs.tied_at_extreme(candidates, pick);
        self.break_tie(&tied, pick, about)
    }
}
