//! The quota (5.1.6, 5.4.8), the total active vote (6.20, 5.6.1) and the vote that elects
//! (5.1.7).

use std::cmp::Ordering;

use super::Ers97Count;
use crate::arith::Arithmetic;
use crate::rules::Method;
use crate::transcript::CandidateState;

/// How the quota is worked out from the votes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum QuotaRule {
    /// ERS97 5.1.6: "divide the total valid vote by one more than the number of places to be
    /// filled. Take the division to two decimal places. If the result is exact that is the
    /// quota. Otherwise ignore the remainder, and add 0.01" — that is, round *up* to the
    /// precision of the count (two places in the preset).
    Ers97,
    /// NEC: votes ÷ (seats + 1) as it is (truncated to the precision of the count when it is
    /// not exact there; the 2020 quota 129,549 ÷ 10 = 12,954.90 is).
    Exact,
}

impl QuotaRule {
    /// The quota rule of a method (ERS97 unless the method is NEC).
    pub fn for_method(method: Method) -> QuotaRule {
        match method {
            Method::Nec => QuotaRule::Exact,
            _ => QuotaRule::Ers97,
        }
    }

    /// The quota for `votes` valid (or, under 5.4.8, still transferable) votes and `seats`.
    pub fn quota<A: Arithmetic>(self, a: &A, votes: &A::Num, seats: usize) -> A::Num {
        let divisor = a.from_u64(seats as u64 + 1);
        match self {
            QuotaRule::Ers97 => a.div_up(votes, &divisor),
            QuotaRule::Exact => a.div(votes, &divisor),
        }
    }
}

impl<A: Arithmetic> Ers97Count<'_, '_, A> {
    /// 6.20 total active vote: "the sum of the votes credited to all continuing candidates,
    /// plus any votes awaiting transfer" — the surpluses not yet transferred and the papers of
    /// an excluded candidate not yet transferred (5.6.1 computes the same figure as the valid
    /// vote less the quotas of those elected and the non-transferable vote).
    pub(super) fn active_vote(&self) -> A::Num {
        let cs = &*self.cs;
        let a = &cs.a;
        let mut active = a.zero();
        for (v, state) in cs.votes.iter().zip(&cs.state) {
            match state {
                CandidateState::Hopeful | CandidateState::Excluded => a.add_assign(&mut active, v),
                CandidateState::Elected => {
                    let surplus = a.sub(v, &cs.quota);
                    if a.cmp(&surplus, &a.zero()) == Ordering::Greater {
                        a.add_assign(&mut active, &surplus);
                    }
                }
                CandidateState::Withdrawn => {}
            }
        }
        active
    }

    /// 5.1.7, 5.3.13, 5.4.9: the vote at which a continuing candidate is deemed elected — the
    /// quota, or (b) "on very rare occasions, where this is less than the quota, the total
    /// active vote divided by one more than the number of places not yet filled".
    pub(super) fn election_threshold(&self) -> A::Num {
        let cs = &*self.cs;
        let a = &cs.a;
        let places = cs.seats_left() as u64;
        // Rounded up: votes are kept to the precision of the count, so "equals or exceeds" the
        // exact share is the same as reaching it rounded up.
        let share = a.div_up(&self.active_vote(), &a.from_u64(places + 1));
        if a.cmp(&share, &cs.quota) == Ordering::Less {
            share
        } else {
            cs.quota.clone()
        }
    }

    /// 5.4.8: "If any papers have become non-transferable before any candidate has been deemed
    /// elected, recalculate the quota as in paragraph 5.1.6, ignoring the non-transferable
    /// vote." Applied after every batch of an exclusion (5.4.8 sits between the transfer of a
    /// batch and the election test of 5.4.9). The non-transferable vote is the exhausted value
    /// plus any rounding loss (which, before anyone is elected, can only come from papers
    /// ranking candidates equal).
    pub(super) fn reduce_quota(&mut self) {
        let cs = &mut *self.cs;
        if !cs.elected_so_far().is_empty() {
            return;
        }
        let a = &cs.a;
        let lost = a.add(&cs.exhausted, &cs.rounding_loss());
        if a.is_zero(&lost) {
            return;
        }
        let transferable = a.sub(&cs.total, &lost);
        let quota = self.quota_rule.quota(a, &transferable, cs.election.seats);
        if a.cmp(&quota, &cs.quota) == Ordering::Less {
            let (old, new) = (cs.show(&cs.quota), cs.show(&quota));
            let shown = cs.show(&lost);
            cs.note(|| {
                format!(
                    "Quota reduced from {old} to {new} (ERS97 5.4.8): {shown} votes have become \
                     non-transferable before anyone was elected"
                )
            });
            cs.quota = quota;
        }
    }
}
