//! Whom to defeat when an iteration ends without electing anyone.

use std::cmp::Ordering;

use super::super::state::CountState;
use crate::arith::Arithmetic;
use crate::model::CandidateId;
use crate::rules::DefeatBatch;

/// The hopeful candidates tied for defeat: every hopeful candidate whose vote is at most the
/// lowest vote plus the total surplus (the surplus could still move any of them below the
/// others, so they are indistinguishable). In input order.
pub(super) fn lowest<A: Arithmetic>(cs: &CountState<A>, surplus: &A::Num) -> Vec<CandidateId> {
    let a = &cs.a;
    let hopeful = cs.hopeful();
    let Some(low) = hopeful
        .iter()
        .map(|c| &cs.votes[c.index()])
        .reduce(|x, y| if a.cmp(y, x) == Ordering::Less { y } else { x })
    else {
        return hopeful;
    };
    let limit = a.add(low, surplus);
    hopeful
        .iter()
        .copied()
        .filter(|c| a.cmp(&limit, &cs.votes[c.index()]) != Ordering::Less)
        .collect()
}

/// Candidates to defeat together under `mode`, in input order; empty when there is no batch.
///
/// - [`DefeatBatch::Zero`]: every hopeful candidate with no votes at all.
/// - [`DefeatBatch::Safe`]: the largest set of lowest candidates, never splitting a group of
///   candidates within the surplus of each other, whose votes plus the total surplus are below
///   the vote of the next candidate up, so that no transfer could save any of them.
///
/// Either way enough hopeful candidates are left to fill the seats.
pub(super) fn batch<A: Arithmetic>(
    cs: &CountState<A>,
    surplus: &A::Num,
    mode: DefeatBatch,
) -> Vec<CandidateId> {
    let a = &cs.a;
    let hopeful = cs.hopeful();
    let most = hopeful.len().saturating_sub(cs.seats_left());
    let vote = |c: &CandidateId| &cs.votes[c.index()];
    let mut chosen = match mode {
        DefeatBatch::None => return Vec::new(),
        DefeatBatch::Zero => {
            let zero: Vec<CandidateId> = hopeful
                .iter()
                .copied()
                .filter(|c| a.is_zero(vote(c)))
                .collect();
            if zero.len() > most {
                return Vec::new();
            }
            zero
        }
        DefeatBatch::Safe => {
            // Hopeful candidates by vote, lowest first (stable: input order among equals).
            let mut sorted = hopeful.clone();
            insertion_sort_by(&mut sorted, |x, y| a.cmp(vote(x), vote(y)));
            // Groups of candidates each within the surplus of its group's lowest.
            let mut groups: Vec<Vec<CandidateId>> = Vec::new();
            let mut group: Vec<CandidateId> = Vec::new();
            let mut base = a.zero();
            for &c in &sorted {
                if a.cmp(&a.add(&base, surplus), vote(&c)) != Ordering::Less {
                    group.push(c);
                } else {
                    if !group.is_empty() {
                        groups.push(std::mem::take(&mut group));
                    }
                    group.push(c);
                    base = vote(&c).clone();
                }
            }
            if !group.is_empty() {
                groups.push(group);
            }
            let mut total = a.zero();
            let mut count = 0;
            let mut last_safe = None;
            for g in 0..groups.len().saturating_sub(1) {
                count += groups[g].len();
                if count > most {
                    break;
                }
                for c in &groups[g] {
                    a.add_assign(&mut total, vote(c));
                }
                if a.cmp(&a.add(&total, surplus), vote(&groups[g + 1][0])) == Ordering::Less {
                    last_safe = Some(g);
                }
            }
            match last_safe {
                Some(g) => groups[..=g].concat(),
                None => Vec::new(),
            }
        }
    };
    chosen.sort_by_key(|c| c.index());
    chosen
}

/// A stable insertion sort that tolerates comparisons which are not a total order (guarded
/// arithmetic compares with a tolerance).
fn insertion_sort_by<T: Copy>(items: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && cmp(&items[j - 1], &items[j]) == Ordering::Greater {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}
