//! The machinery every rule shares: candidate totals and states, stage history, recording,
//! tie-breaking and seat constraints.
//!
//! A rule module drives a [`CountState`]: it moves votes between `votes[..]`, `exhausted` and
//! the candidates, calls [`CountState::elect`] / [`CountState::exclude`], and closes each stage
//! with [`CountState::finish_stage`]. Rounding loss is never tracked by hand: at every stage it
//! is *defined* as what the totals and exhausted votes fail to account for, so the transcript
//! always adds up.

use std::cmp::Ordering;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Outcome;
use crate::arith::Arithmetic;
use crate::model::{CandidateId, Election};
use crate::rules::{Rules, SeatConstraint};
use crate::transcript::{
    Action, CandidateState, ElectedCandidate, ExcludedCandidate, NamedValues, Stage, TieBreak,
    Transcript,
};

/// Which end of a tie a rule wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pick {
    /// The candidate with the fewest votes (to exclude).
    Lowest,
    /// The candidate with the most votes (to transfer first, to elect).
    Highest,
}

/// The evolving state of one count.
pub(crate) struct CountState<'e, A: Arithmetic> {
    pub a: A,
    pub election: &'e Election,
    pub rules: &'e Rules,
    /// Every candidate's current total.
    pub votes: Vec<A::Num>,
    /// Every candidate's current state.
    pub state: Vec<CandidateState>,
    /// Value of non-transferable votes.
    pub exhausted: A::Num,
    /// The quota.
    pub quota: A::Num,
    /// Valid votes.
    pub total: A::Num,
    /// Keep factors (Meek and Warren), shown in the transcript when set.
    pub keep_factors: Option<Vec<A::Num>>,
    /// Does the rule break ties by countback to earlier stages before the tie order and lot?
    /// (Scottish and ERS97 do; the PR Foundation references go straight to the tie order.)
    pub countback: bool,
    /// Totals at the end of every finished stage (for countback).
    history: Vec<Vec<A::Num>>,
    elected: Vec<(CandidateId, usize)>,
    excluded: Vec<(CandidateId, usize)>,
    stage_elected: Vec<CandidateId>,
    stage_excluded: Vec<CandidateId>,
    stage_notes: Vec<String>,
    record: bool,
    stages: Vec<Stage>,
    ties: Vec<TieBreak>,
    notes: Vec<String>,
    rng: Option<ChaCha8Rng>,
}

impl<'e, A: Arithmetic> CountState<'e, A> {
    /// A fresh count: every candidate hopeful (or withdrawn) with zero votes.
    pub fn new(a: A, election: &'e Election, rules: &'e Rules, record: bool) -> Self {
        let n = election.candidates.len();
        let state = (0..n)
            .map(|i| {
                if election.is_withdrawn(CandidateId::from(i)) {
                    CandidateState::Withdrawn
                } else {
                    CandidateState::Hopeful
                }
            })
            .collect();
        let zero = a.zero();
        CountState {
            votes: vec![zero.clone(); n],
            state,
            exhausted: zero.clone(),
            quota: zero.clone(),
            total: zero,
            keep_factors: None,
            countback: true,
            history: Vec::new(),
            elected: Vec::new(),
            excluded: Vec::new(),
            stage_elected: Vec::new(),
            stage_excluded: Vec::new(),
            stage_notes: Vec::new(),
            record,
            stages: Vec::new(),
            ties: Vec::new(),
            notes: Vec::new(),
            rng: None,
            a,
            election,
            rules,
        }
    }

    /// Number of the stage in progress (1-based).
    pub fn stage_number(&self) -> usize {
        self.history.len() + 1
    }

    /// Is the candidate still in the running (neither elected, excluded nor withdrawn)?
    pub fn is_hopeful(&self, c: CandidateId) -> bool {
        self.state[c.index()] == CandidateState::Hopeful
    }

    /// The hopeful candidates in input order.
    pub fn hopeful(&self) -> Vec<CandidateId> {
        (0..self.state.len())
            .map(CandidateId::from)
            .filter(|&c| self.is_hopeful(c))
            .collect()
    }

    /// Seats not yet filled.
    pub fn seats_left(&self) -> usize {
        self.election.seats.saturating_sub(self.elected.len())
    }

    /// Candidates elected so far, in order.
    pub fn elected_so_far(&self) -> &[(CandidateId, usize)] {
        &self.elected
    }

    /// Mark a candidate elected at the current stage.
    pub fn elect(&mut self, c: CandidateId) {
        self.state[c.index()] = CandidateState::Elected;
        self.elected.push((c, self.stage_number()));
        self.stage_elected.push(c);
    }

    /// Mark a candidate excluded at the current stage.
    pub fn exclude(&mut self, c: CandidateId) {
        self.state[c.index()] = CandidateState::Excluded;
        self.excluded.push((c, self.stage_number()));
        self.stage_excluded.push(c);
    }

    /// Elect `candidates` at the stage just finished, because they are no more than the seats
    /// left (the "last vacancies" rule): no transfer, so no new stage.
    pub fn elect_remaining(&mut self, candidates: &[CandidateId]) {
        let stage = self.history.len().max(1);
        for &c in candidates {
            self.state[c.index()] = CandidateState::Elected;
            self.elected.push((c, stage));
        }
        if self.record {
            let names: Vec<String> = candidates
                .iter()
                .map(|&c| self.name(c).to_string())
                .collect();
            let states = self.state.clone();
            if let Some(last) = self.stages.last_mut() {
                last.states = states;
                last.notes.push(format!(
                    "Elected without reaching the quota, as the continuing candidates are no more than the seats left: {}",
                    names.join(", ")
                ));
                last.elected.extend(names);
            }
        }
    }

    /// Add an explanation to the current stage (only kept when recording).
    pub fn note(&mut self, text: impl FnOnce() -> String) {
        if self.record {
            self.stage_notes.push(text());
        }
    }

    /// Add a note about the whole count.
    pub fn count_note(&mut self, text: impl Into<String>) {
        self.notes.push(text.into());
    }

    /// Is a transcript being recorded?
    pub fn recording(&self) -> bool {
        self.record
    }

    /// A candidate's name.
    pub fn name(&self, c: CandidateId) -> &'e str {
        self.election.name(c)
    }

    /// Format a number for the transcript.
    pub fn show(&self, n: &A::Num) -> String {
        self.a.to_decimal(n, self.rules.display)
    }

    /// Value lost to rounding: what the totals and exhausted votes do not account for.
    pub fn rounding_loss(&self) -> A::Num {
        let mut accounted = self.exhausted.clone();
        for v in &self.votes {
            self.a.add_assign(&mut accounted, v);
        }
        self.a.sub(&self.total, &accounted)
    }

    /// Close the current stage: remember the totals and, when recording, write the stage.
    pub fn finish_stage(
        &mut self,
        action: Action,
        candidates: &[CandidateId],
        transfer_value: Option<&A::Num>,
        description: impl FnOnce(&Self) -> String,
    ) {
        let number = self.stage_number();
        if self.record {
            let names = |ids: &[CandidateId]| {
                ids.iter()
                    .map(|&c| self.name(c).to_string())
                    .collect::<Vec<_>>()
            };
            let tallies = NamedValues(
                self.election
                    .candidates
                    .iter()
                    .zip(&self.votes)
                    .map(|(c, v)| (c.name.clone(), self.show(v)))
                    .collect(),
            );
            let keep_factors = self.keep_factors.as_ref().map(|kf| {
                NamedValues(
                    self.election
                        .candidates
                        .iter()
                        .zip(kf)
                        .map(|(c, k)| (c.name.clone(), self.a.to_decimal(k, self.rules.display)))
                        .collect(),
                )
            });
            let stage = Stage {
                number,
                action,
                candidates: names(candidates),
                transfer_value: transfer_value.map(|tv| self.show(tv)),
                description: description(self),
                quota: self.show(&self.quota),
                tallies,
                states: self.state.clone(),
                keep_factors,
                exhausted: self.show(&self.exhausted),
                rounding_loss: self.show(&self.rounding_loss()),
                elected: names(&self.stage_elected),
                excluded: names(&self.stage_excluded),
                notes: std::mem::take(&mut self.stage_notes),
            };
            self.stages.push(stage);
        }
        self.stage_elected.clear();
        self.stage_excluded.clear();
        self.history.push(self.votes.clone());
    }

    /// Break a tie among `tied` (at least one candidate): countback to the most recent earlier
    /// stage at which their totals differed (the lowest, or highest, there wins) when the rule
    /// uses countback, then the election's `[tie]` order (earliest listed is chosen), then a
    /// seeded draw by lot.
    /// Every tie broken is recorded.
    pub fn break_tie(&mut self, tied: &[CandidateId], pick: Pick, about: &str) -> CandidateId {
        if tied.len() == 1 {
            return tied[0];
        }
        let wanted = match pick {
            Pick::Lowest => Ordering::Less,
            Pick::Highest => Ordering::Greater,
        };
        let mut chosen = None;
        let mut method = "countback";
        let history: &[Vec<A::Num>] = if self.countback { &self.history } else { &[] };
        for totals in history.iter().rev() {
            let best = tied
                .iter()
                .map(|c| &totals[c.index()])
                .reduce(|x, y| if self.a.cmp(y, x) == wanted { y } else { x });
            let Some(best) = best else { break };
            let leaders: Vec<CandidateId> = tied
                .iter()
                .copied()
                .filter(|c| self.a.cmp(&totals[c.index()], best) == Ordering::Equal)
                .collect();
            if leaders.len() == 1 {
                chosen = Some(leaders[0]);
                break;
            }
        }
        if chosen.is_none() {
            if let Some(order) = &self.election.tie_order {
                if let Some(&c) = order.iter().find(|c| tied.contains(c)) {
                    chosen = Some(c);
                    method = "tie order";
                }
            }
        }
        let chosen = chosen.unwrap_or_else(|| {
            method = "lot";
            let seed = self.rules.seed;
            let rng = self
                .rng
                .get_or_insert_with(|| ChaCha8Rng::seed_from_u64(seed));
            tied[rng.random_range(0..tied.len())]
        });
        self.record_tie(tied, chosen, method, about);
        chosen
    }

    /// The candidates among `candidates` sharing the lowest (or highest) total now.
    pub fn tied_at_extreme(&self, candidates: &[CandidateId], pick: Pick) -> Vec<CandidateId> {
        let wanted = match pick {
            Pick::Lowest => Ordering::Less,
            Pick::Highest => Ordering::Greater,
        };
        let Some(best) = candidates
            .iter()
            .map(|c| &self.votes[c.index()])
            .reduce(|x, y| if self.a.cmp(y, x) == wanted { y } else { x })
        else {
            return Vec::new();
        };
        candidates
            .iter()
            .copied()
            .filter(|c| self.a.cmp(&self.votes[c.index()], best) == Ordering::Equal)
            .collect()
    }

    /// Among `candidates`, the one with the lowest (or highest) total, breaking a tie.
    pub fn extreme(
        &mut self,
        candidates: &[CandidateId],
        pick: Pick,
        about: &str,
    ) -> Option<CandidateId> {
        let tied = self.tied_at_extreme(candidates, pick);
        (!tied.is_empty()).then(|| self.break_tie(&tied, pick, about))
    }

    /// Totals at the end of every finished stage, the first stage first (for rules, such as
    /// ERS97, whose countback looks for the *earliest* stage at which tied candidates differed).
    pub fn stage_totals(&self) -> &[Vec<A::Num>] {
        &self.history
    }

    /// Record a tie that the rule broke by itself (ERS97's forward countback), with a note.
    pub fn record_tie(
        &mut self,
        tied: &[CandidateId],
        chosen: CandidateId,
        method: &str,
        about: &str,
    ) {
        let names: Vec<String> = tied.iter().map(|&c| self.name(c).to_string()).collect();
        let tie = TieBreak {
            stage: self.stage_number(),
            about: about.to_string(),
            candidates: names.clone(),
            chosen: self.name(chosen).to_string(),
            method: method.to_string(),
        };
        self.note(|| {
            format!(
                "Tie ({about}) among {} broken by {method}: {}",
                names.join(", "),
                tie.chosen
            )
        });
        self.ties.push(tie);
    }

    /// Does `c` carry the constraint's tag?
    fn has_tag(&self, c: CandidateId, tag: &str) -> bool {
        self.election.candidates[c.index()]
            .tags
            .iter()
            .any(|t| t == tag)
    }

    /// Would electing `c` now make some seat constraint impossible to meet? Returns the reason.
    pub fn election_blocked(&self, c: CandidateId) -> Option<String> {
        let seats_after = self.seats_left().saturating_sub(1);
        for con in &self.rules.constraints {
            let tagged = self.has_tag(c, &con.tag);
            let have = self
                .elected
                .iter()
                .filter(|(e, _)| self.has_tag(*e, &con.tag))
                .count();
            if let Some(max) = con.max {
                if tagged && have >= max {
                    return Some(format!(
                        "{} already has the maximum {max} seats for {}",
                        con.tag,
                        self.name(c)
                    ));
                }
            }
            let still_needed = con.min.saturating_sub(have + usize::from(tagged));
            if still_needed > seats_after {
                return Some(format!(
                    "electing {} would leave {seats_after} seats for the {still_needed} still needed by '{}' (at least {})",
                    self.name(c),
                    con.tag,
                    con.min
                ));
            }
        }
        None
    }

    /// Hopeful candidates who can no longer be elected without breaking a constraint, with the
    /// reason: if the remaining seats are all needed for a category, everyone outside it; if a
    /// category is full, everyone inside it.
    pub fn doomed_by_constraints(&self) -> Vec<(CandidateId, String)> {
        let mut doomed = Vec::new();
        if self.rules.constraints.is_empty() {
            return doomed;
        }
        for c in self.hopeful() {
            if let Some(reason) = self.election_blocked(c) {
                doomed.push((c, reason));
            }
        }
        doomed
    }

    /// Can the seats left still be filled from `hopeful` while meeting `con`?
    fn constraint_feasible(&self, con: &SeatConstraint, hopeful: &[CandidateId]) -> bool {
        let places = self.seats_left();
        let have = self
            .elected
            .iter()
            .filter(|(c, _)| self.has_tag(*c, &con.tag))
            .count();
        let tagged = hopeful
            .iter()
            .filter(|&&c| self.has_tag(c, &con.tag))
            .count();
        let untagged = hopeful.len() - tagged;
        // Seats for tagged candidates among the places left: at least `low`, at most `high`.
        let low = con
            .min
            .saturating_sub(have)
            .max(places.saturating_sub(untagged));
        let high = con
            .max
            .map_or(usize::MAX, |m| m.saturating_sub(have))
            .min(tagged)
            .min(places);
        low <= high
    }

    /// Why `c` must not be excluded now (when `also` are excluded too), if it must not: some
    /// seat constraint that can still be met could not be met without it.
    pub fn exclusion_protected(&self, c: CandidateId, also: &[CandidateId]) -> Option<String> {
        if self.rules.constraints.is_empty() {
            return None;
        }
        let before: Vec<CandidateId> = self
            .hopeful()
            .into_iter()
            .filter(|x| !also.contains(x))
            .collect();
        let after: Vec<CandidateId> = before.iter().copied().filter(|&x| x != c).collect();
        self.rules.constraints.iter().find_map(|con| {
            (self.constraint_feasible(con, &before) && !self.constraint_feasible(con, &after)).then(|| {
                format!(
                    "{} is not excluded: without them the constraint on '{}' (at least {}{}) could not be met",
                    self.name(c),
                    con.tag,
                    con.min,
                    con.max.map(|m| format!(", at most {m}")).unwrap_or_default()
                )
            })
        })
    }

    /// The hopeful candidates who may be excluded: all of them, less those a seat constraint
    /// protects (unless every one is protected, when the constraints cannot all be met anyway).
    pub fn excludable(&self) -> Vec<CandidateId> {
        let hopeful = self.hopeful();
        if self.rules.constraints.is_empty() {
            return hopeful;
        }
        let free: Vec<CandidateId> = hopeful
            .iter()
            .copied()
            .filter(|&c| self.exclusion_protected(c, &[]).is_none())
            .collect();
        if free.is_empty() { hopeful } else { free }
    }

    /// The lowest excludable candidate (ties by this rule's tie-break), noting every candidate
    /// with no more votes who was passed over because a constraint needs them.
    pub fn lowest_excludable(&mut self, about: &str) -> Option<CandidateId> {
        let excludable = self.excludable();
        let chosen = self.extreme(&excludable, Pick::Lowest, about)?;
        let low = self.votes[chosen.index()].clone();
        let passed_over: Vec<String> = self
            .hopeful()
            .into_iter()
            .filter(|c| !excludable.contains(c))
            .filter(|c| self.a.cmp(&self.votes[c.index()], &low) != Ordering::Greater)
            .filter_map(|c| self.exclusion_protected(c, &[]))
            .collect();
        for reason in passed_over {
            self.note(|| reason);
        }
        Some(chosen)
    }

    /// Would the count be complete now: all seats filled, or only as many hopefuls as seats?
    pub fn complete(&self) -> bool {
        self.seats_left() == 0 || self.hopeful().len() <= self.seats_left()
    }

    /// The result without a transcript.
    pub fn outcome(&self) -> Outcome {
        Outcome {
            elected: self.elected.clone(),
            excluded: self.excluded.clone(),
            stages: self.history.len(),
        }
    }

    /// The full transcript.
    pub fn into_transcript(self, rule_description: String) -> Transcript {
        let exhausted = self.show(&self.exhausted);
        let rounding_loss = self.show(&self.rounding_loss());
        let names = |list: &[(CandidateId, usize)]| list.to_vec();
        Transcript {
            rule: self.rules.method.name().to_string(),
            rule_description,
            arithmetic: self.a.describe(),
            title: self.election.title.clone(),
            seats: self.election.seats,
            candidates: self
                .election
                .candidates
                .iter()
                .map(|c| c.name.clone())
                .collect(),
            valid_votes: self.show(&self.total),
            quota: self.show(&self.quota),
            elected: names(&self.elected)
                .into_iter()
                .map(|(c, stage)| ElectedCandidate {
                    name: self.name(c).to_string(),
                    index: c.index(),
                    stage,
                })
                .collect(),
            excluded: names(&self.excluded)
                .into_iter()
                .map(|(c, stage)| ExcludedCandidate {
                    name: self.name(c).to_string(),
                    index: c.index(),
                    stage,
                })
                .collect(),
            stages: self.stages,
            exhausted,
            rounding_loss,
            ties: self.ties,
            seed: self.rules.seed,
            notes: self.notes,
        }
    }
}
