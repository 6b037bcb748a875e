//! Ballot papers in the Gregory methods: who holds each distinct ballot, at what value, and
//! in which parcel it arrived.
//!
//! A [`Paper`] stands for all `weight` voters who cast one distinct ranking and whose papers
//! sit together with one candidate at one value; values are per paper, so a candidate's total
//! is the sum of `value × weight` over the papers it holds.
//!
//! **Equal rankings.** When a paper's next preference is a group of several continuing
//! candidates ranked equal, its value is divided equally among them (rounded down; the
//! remainder is rounding loss) and each part continues from the group *after* that one.

use super::state::CountState;
use crate::arith::Arithmetic;
use crate::model::{BallotRef, Ballots, CandidateId};
use crate::transcript::CandidateState;

/// A set of identical papers held by one candidate.
#[derive(Clone, Debug)]
pub(crate) struct Paper<N> {
    /// Index into the profile's ballots.
    pub ballot: u32,
    /// Index of the ranking group in which the holder stands.
    pub group: u32,
    /// Value of one paper.
    pub value: N,
}

/// The papers a candidate received in one transfer (or at the first count).
#[derive(Clone, Debug)]
pub(crate) struct Parcel<N> {
    /// Stage at which the parcel arrived.
    pub stage: usize,
    /// Value per paper at which the parcel arrived (ERS97 sorts exclusions by it).
    pub value: Option<N>,
    /// The papers.
    pub papers: Vec<Paper<N>>,
}

/// Where a paper goes next.
pub(crate) enum Destination<'b> {
    /// No continuing candidate is ranked further down: the paper is exhausted.
    Exhausted,
    /// The next group holding continuing candidates: its index and members (filter with the
    /// same predicate to find the continuing ones).
    Group(u32, &'b [CandidateId]),
}

/// Ballot `index` of `ballots` (a paper's ballot index always is one).
pub(crate) fn ballot(ballots: Ballots<'_>, index: u32) -> BallotRef<'_> {
    ballots
        .get(index as usize)
        .expect("a paper stands for a ballot of the profile counted")
}

/// The next group after `after` (or from the start when `None`) containing a continuing
/// candidate.
pub(crate) fn next_destination<'b>(
    ballot: BallotRef<'b>,
    after: Option<u32>,
    continuing: impl Fn(CandidateId) -> bool,
) -> Destination<'b> {
    let start = after.map_or(0, |g| g as usize + 1);
    for (g, group) in ballot.ranking.groups().enumerate().skip(start) {
        if group.iter().any(|&c| continuing(c)) {
            return Destination::Group(g as u32, group);
        }
    }
    Destination::Exhausted
}

/// Distribute papers to their next continuing preferences at the values `value_of` gives.
/// Returns, per receiving candidate, the parcel it received, and adds each receiver's gain to
/// `votes` and non-transferable value to `exhausted`.
pub(crate) struct Distribution<N> {
    /// `(candidate, papers)` in order of first receipt.
    pub received: Vec<(CandidateId, Vec<Paper<N>>)>,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn distribute<A: Arithmetic>(
    a: &A,
    ballots: Ballots<'_>,
    papers: impl IntoIterator<Item = (u32, Option<u32>, A::Num)>,
    continuing: &dyn Fn(CandidateId) -> bool,
    votes: &mut [A::Num],
    exhausted: &mut A::Num,
    slot: &mut [Option<usize>],
) -> Distribution<A::Num> {
    let mut received: Vec<(CandidateId, Vec<Paper<A::Num>>)> = Vec::new();
    slot.iter_mut().for_each(|s| *s = None);
    for (ballot_index, group, value) in papers {
        let ballot = ballot(ballots, ballot_index);
        match next_destination(ballot, group, continuing) {
            Destination::Exhausted => {
                let lost = a.mul_int(&value, ballot.weight);
                a.add_assign(exhausted, &lost);
            }
            Destination::Group(g, members) => {
                let live = members.iter().filter(|&&c| continuing(c)).count();
                let part = if live == 1 {
                    value
                } else {
                    a.div_int(&value, live as u64)
                };
                for &c in members.iter().filter(|&&c| continuing(c)) {
                    let gain = a.mul_int(&part, ballot.weight);
                    a.add_assign(&mut votes[c.index()], &gain);
                    let at = *slot[c.index()].get_or_insert_with(|| {
                        received.push((c, Vec::new()));
                        received.len() - 1
                    });
                    received[at].1.push(Paper {
                        ballot: ballot_index,
                        group: g,
                        value: part.clone(),
                    });
                }
            }
        }
    }
    Distribution { received }
}

/// Move `papers` on to their next continuing preferences: credit each receiver in `cs.votes`
/// and non-transferable value in `cs.exhausted`, and file what each receiver got as a parcel
/// arriving at the current stage (at `value` per paper, when the rule tracks it).
pub(crate) fn send<A: Arithmetic>(
    cs: &mut CountState<A>,
    parcels: &mut [Vec<Parcel<A::Num>>],
    slot: &mut [Option<usize>],
    papers: impl IntoIterator<Item = (u32, Option<u32>, A::Num)>,
    value: Option<A::Num>,
) {
    let stage = cs.stage_number();
    let ballots = cs.election.ballots.ballots();
    let state = cs.state.clone();
    let continuing = |c: CandidateId| state[c.index()] == CandidateState::Hopeful;
    let a = cs.a.clone();
    let mut votes = std::mem::take(&mut cs.votes);
    let mut exhausted = std::mem::replace(&mut cs.exhausted, a.zero());
    let dist = distribute(
        &a,
        ballots,
        papers,
        &continuing,
        &mut votes,
        &mut exhausted,
        slot,
    );
    cs.votes = votes;
    cs.exhausted = exhausted;
    for (to, papers) in dist.received {
        parcels[to.index()].push(Parcel {
            stage,
            value: value.clone(),
            papers,
        });
    }
}
