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
use super::papers::{Paper, Parcel, distribute};
use super::state::{CountState, Pick};
use crate::arith::Arithmetic;
use crate::model::CandidateId;
use crate::rules::Method;
use crate::transcript::Action;

/// Which quota the WIGM family uses.
fn quota<A: Arithmetic>(cs: &CountState<A>, method: Method) -> A::Num {
    let a = &cs.a;
    let seats_plus_one = cs.election.seats as u64 + 1;
    match method {
        // Rule 46: integer part of valid/(seats+1), plus one.
        Method::Scottish => {
            let share = a.floor(&a.div_int(&cs.total, seats_plus_one));
            a.add(&share, &a.one())
        }
        // PRF reference: valid/(seats+1) rounded down to the precision, plus one unit of it.
        _ => {
            let share = a.div_int(&cs.total, seats_plus_one);
            match a.places() {
                Some(p) => {
                    let unit = a.div(&a.one(), &a.from_u64(10u64.pow(p.min(18))));
                    a.add(&share, &unit)
                }
                None => share,
            }
        }
    }
}

/// Run a WIGM-family count (Scottish or generic WIGM) to completion.
pub(crate) fn run<A: Arithmetic>(cs: &mut CountState<A>) -> Result<(), CountError> {
    let method = cs.rules.method;
    let ballots = cs.election.ballots.ballots();
    let n = cs.election.candidates.len();
    let mut parcels: Vec<Vec<Parcel<A::Num>>> = vec![Vec::new(); n];
    let mut slot = vec![None; n];
    // Elected candidates whose surplus is still to be transferred, in order of election.
    let mut pending: Vec<CandidateId> = Vec::new();

    // Stage 1: first preferences [45].
    {
        let state = cs.state.clone();
        let continuing =
            |c: CandidateId| state[c.index()] == crate::transcript::CandidateState::Hopeful;
        let one = cs.a.one();
        let mut blank = cs.a.zero();
        let mut votes = std::mem::take(&mut cs.votes);
        let dist = distribute(
            &cs.a,
            ballots,
            (0..ballots.len() as u32).map(|i| (i, None, one.clone())),
            &continuing,
            &mut votes,
            &mut blank,
            &mut slot,
        );
        cs.votes = votes;
        for (c, papers) in dist.received {
            parcels[c.index()].push(Parcel {
                stage: 1,
                value: Some(one.clone()),
                papers,
            });
        }
        // Valid votes: every ballot that reached a candidate.
        let mut total = cs.a.zero();
        for v in &cs.votes {
            cs.a.add_assign(&mut total, v);
        }
        cs.total = total;
        cs.quota = quota(cs, method);
    }
    elect_reaching_quota(cs, &mut pending);
    cs.finish_stage(Action::FirstCount, &[], None, |_| {
        "First preferences counted".to_string()
    });

    while !cs.complete() {
        // Constraint exclusions come first: such candidates cannot take a seat.
        if let Some((c, reason)) = cs.doomed_by_constraints().into_iter().next() {
            cs.note(|| format!("Excluded to satisfy a seat constraint: {reason}"));
            exclude_and_transfer(cs, c, &mut parcels, &mut slot, &mut pending);
            continue;
        }
        pending.retain(|&c| {
            let surplus = cs.a.sub(&cs.votes[c.index()], &cs.quota);
            cs.a.cmp(&surplus, &cs.a.zero()) == std::cmp::Ordering::Greater
        });
        if !pending.is_empty() {
            // [49] largest surplus first; equal ones by countback, then lot.
            let c = cs
                .extreme(&pending.clone(), Pick::Highest, "largest surplus")
                .ok_or(CountError::Internal("no pending surplus"))?;
            pending.retain(|&p| p != c);
            transfer_surplus(cs, c, &mut parcels, &mut slot, &mut pending);
            continue;
        }
        // [50] exclude the lowest continuing candidate.
        let hopeful = cs.hopeful();
        let c = cs
            .extreme(&hopeful, Pick::Lowest, "exclusion")
            .ok_or(CountError::Internal("no hopeful candidate to exclude"))?;
        exclude_and_transfer(cs, c, &mut parcels, &mut slot, &mut pending);
    }
    complete(cs);
    Ok(())
}

/// Elect every hopeful candidate at or above the quota, in input order (as Droop does),
/// unless a seat constraint forbids it.
fn elect_reaching_quota<A: Arithmetic>(cs: &mut CountState<A>, pending: &mut Vec<CandidateId>) {
    for c in cs.hopeful() {
        if cs.seats_left() == 0 {
            break;
        }
        if cs.a.cmp(&cs.votes[c.index()], &cs.quota) != std::cmp::Ordering::Less {
            if let Some(reason) = cs.election_blocked(c) {
                let name = cs.name(c);
                cs.note(|| format!("{name} reached the quota but is not elected: {reason}"));
                continue;
            }
            cs.elect(c);
            pending.push(c);
        }
    }
}

/// [52] Fill the last seats with the continuing candidates when they are no more than the
/// seats left; then the rest stay unelected. Happens within the current (last) stage.
fn complete<A: Arithmetic>(cs: &mut CountState<A>) {
    let hopeful = cs.hopeful();
    if cs.seats_left() > 0 && hopeful.len() <= cs.seats_left() {
        // The last stage is already closed; re-open it by amending its record.
        cs.elect_remaining(&hopeful);
    }
}

fn transfer_surplus<A: Arithmetic>(
    cs: &mut CountState<A>,
    c: CandidateId,
    parcels: &mut [Vec<Parcel<A::Num>>],
    slot: &mut Vec<Option<usize>>,
    pending: &mut Vec<CandidateId>,
) {
    let total = cs.votes[c.index()].clone();
    let surplus = cs.a.sub(&total, &cs.quota);
    let stage = cs.stage_number();
    let held = std::mem::take(&mut parcels[c.index()]);
    let a = cs.a.clone();
    let state = cs.state.clone();
    let continuing =
        |x: CandidateId| state[x.index()] == crate::transcript::CandidateState::Hopeful;
    let mut votes = std::mem::take(&mut cs.votes);
    let mut exhausted = std::mem::replace(&mut cs.exhausted, a.zero());
    // [48(3)] each paper's new value = surplus × value ÷ total, truncated.
    let dist = distribute(
        &a,
        cs.election.ballots.ballots(),
        held.into_iter().flat_map(|p| p.papers).map(
            |Paper {
                 ballot,
                 group,
                 value,
             }| (ballot, Some(group), a.mul_div(&value, &surplus, &total)),
        ),
        &continuing,
        &mut votes,
        &mut exhausted,
        slot,
    );
    votes[c.index()] = cs.quota.clone();
    cs.votes = votes;
    cs.exhausted = exhausted;
    for (to, papers) in dist.received {
        parcels[to.index()].push(Parcel {
            stage,
            value: None,
            papers,
        });
    }
    let tv = a.div(&surplus, &total);
    elect_reaching_quota(cs, pending);
    cs.finish_stage(Action::Surplus, &[c], Some(&tv), |cs| {
        format!(
            "Surplus of {} ({}) transferred",
            cs.name(c),
            cs.show(&surplus)
        )
    });
}

fn exclude_and_transfer<A: Arithmetic>(
    cs: &mut CountState<A>,
    c: CandidateId,
    parcels: &mut [Vec<Parcel<A::Num>>],
    slot: &mut Vec<Option<usize>>,
    pending: &mut Vec<CandidateId>,
) {
    cs.exclude(c);
    let stage = cs.stage_number();
    let held = std::mem::take(&mut parcels[c.index()]);
    let a = cs.a.clone();
    let state = cs.state.clone();
    let continuing =
        |x: CandidateId| state[x.index()] == crate::transcript::CandidateState::Hopeful;
    let mut votes = std::mem::take(&mut cs.votes);
    let mut exhausted = std::mem::replace(&mut cs.exhausted, a.zero());
    let dist = distribute(
        &a,
        cs.election.ballots.ballots(),
        held.into_iter()
            .flat_map(|p| p.papers)
            .map(|p| (p.ballot, Some(p.group), p.value)),
        &continuing,
        &mut votes,
        &mut exhausted,
        slot,
    );
    let had = std::mem::replace(&mut votes[c.index()], a.zero());
    cs.votes = votes;
    cs.exhausted = exhausted;
    for (to, papers) in dist.received {
        parcels[to.index()].push(Parcel {
            stage,
            value: None,
            papers,
        });
    }
    elect_reaching_quota(cs, pending);
    cs.finish_stage(Action::Exclusion, &[c], None, |cs| {
        format!(
            "{} excluded; {} votes transferred",
            cs.name(c),
            cs.show(&had)
        )
    });
}
