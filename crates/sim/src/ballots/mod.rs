//! Ballot models: from a scenario and one draw of its uncertain numbers to weighted ballot
//! types, never voter by voter.
//!
//! Every faction's voters in a region fall into three groups, counted with binomial draws:
//!
//! - **plumpers** rank one candidate only, chosen by personal-vote strength;
//! - **adherent** voters (factions with a recommendation or a strategy) follow their region's
//!   order, optionally perturbed by Mallows noise (module `mallows`), then maybe go on to another
//!   faction;
//! - everyone else follows the **slate-Plackett–Luce** model (module `plackett_luce`): preferences
//!   drawn by strength among the faction's candidates, each next one staying within the slate
//!   with probability `cohesion`, then maybe going on to another faction.
//!
//! A [`Draw`] holds the counts of every type. Only the target slate's adherent voters depend on
//! the strategy, so one draw serves every strategy (common random numbers):
//! `Model::ballots` turns a draw and a strategy's orders into the weighted ballots of one
//! election.

pub(crate) mod mallows;
mod plackett_luce;

use slatewise_stv::{Candidate, CandidateId, Election, Profile, RankingRef, Rules, Weight};

use crate::sampling::RunRng;
use crate::scenario::{Scenario, Uncertain};
use mallows::MallowsTable;

/// The most candidates a faction may have for Mallows noise (8! orders are enumerated).
pub const MALLOWS_MAX: usize = 8;

/// An order of a faction's candidates, as indices into the faction's candidate list.
pub type Order = Vec<u8>;

/// One distinct ballot and how many voters cast it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BallotType {
    /// Number of voters.
    pub count: u64,
    /// Candidates, first preference first.
    pub ranking: Vec<CandidateId>,
}

/// Numbers that a sweep or a test may override in every draw.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Overrides {
    /// Replace the target slate's adherence (mean; its sd is kept).
    pub adherence: Option<f64>,
    /// Replace the target slate's share mean in every region.
    pub share: Option<f64>,
    /// Multiply every region's turnout sd.
    pub turnout_spread: Option<f64>,
}

/// A faction prepared for drawing: global candidate ids and its published orders by region.
#[derive(Clone, Debug)]
pub(crate) struct FactionModel {
    pub(crate) ids: Vec<CandidateId>,
    pub(crate) strengths: Vec<f64>,
    pub(crate) strength_sd: f64,
    /// Candidates by decreasing base strength: the order of onward preferences.
    pub(crate) modal: Vec<u8>,
    /// The published order of each region, if the faction publishes any.
    pub(crate) published: Option<Vec<Order>>,
    pub(crate) adherence: Uncertain,
    pub(crate) cohesion: Uncertain,
    pub(crate) plumpers: f64,
    pub(crate) exact: usize,
    pub(crate) onward_rate: f64,
    /// (faction, weight) pairs, weights summing to 1.
    pub(crate) onward: Vec<(usize, f64)>,
    pub(crate) mallows: Option<MallowsTable>,
}

/// A scenario compiled for fast drawing and counting.
#[derive(Clone, Debug)]
pub struct Model {
    pub(crate) scenario: Scenario,
    pub(crate) factions: Vec<FactionModel>,
    pub(crate) target: usize,
    pub(crate) target_seats: usize,
    pub(crate) template: Election,
    pub(crate) rules: Rules,
    /// Faction of every candidate (by global id).
    pub(crate) faction_of: Vec<usize>,
    pub(crate) overrides: Overrides,
}

/// Adherent voters of one faction in one region who cast one variant of the region's order.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AdherentType {
    faction: u16,
    region: u16,
    /// Index into the faction's Mallows table (0: the order itself).
    perm: u32,
    /// Faction ranked after the slate, or `u16::MAX` for none.
    tail: u16,
    count: u64,
}

/// One simulated electorate: counts of every ballot type, before a strategy is applied.
#[derive(Clone, Debug, Default)]
pub struct Draw {
    pub(crate) tie_seed: u64,
    pub(crate) fixed: Vec<BallotType>,
    pub(crate) adherent: Vec<AdherentType>,
}

impl Model {
    /// Compile a (validated) scenario. `rules` is the counting rule to use.
    pub(crate) fn new(scenario: &Scenario, rules: Rules, overrides: Overrides) -> Model {
        let mut candidates = Vec::new();
        let mut faction_of = Vec::new();
        let mut factions = Vec::new();
        for (fi, f) in scenario.factions.iter().enumerate() {
            let ids: Vec<CandidateId> = (0..f.candidates.len())
                .map(|i| CandidateId::from(candidates.len() + i))
                .collect();
            for c in &f.candidates {
                let mut cand = Candidate::new(c.name.clone()).with_party(f.name.clone());
                cand.tags = c.tags.clone();
                candidates.push(cand);
                faction_of.push(fi);
            }
            let strengths: Vec<f64> = f.candidates.iter().map(|c| c.strength).collect();
            let mut modal: Vec<u8> = (0..f.candidates.len() as u8).collect();
            // Stable sort: equal strengths keep the listed order.
            modal.sort_by(|&a, &b| strengths[b as usize].total_cmp(&strengths[a as usize]));
            let published = f.recommendation.as_ref().map(|rec| {
                let mut by_region = vec![Vec::new(); scenario.regions.len()];
                for group in rec {
                    let order: Order = group
                        .order
                        .iter()
                        .filter_map(|n| f.candidates.iter().position(|c| &c.name == n))
                        .map(|i| i as u8)
                        .collect();
                    for r in &group.regions {
                        if let Some(ri) = scenario.region_index(r) {
                            by_region[ri] = order.clone();
                        }
                    }
                }
                by_region
            });
            let total_w: f64 = f.onward.to.values().sum();
            let onward: Vec<(usize, f64)> = if total_w > 0.0 {
                f.onward
                    .to
                    .iter()
                    .filter_map(|(name, &w)| {
                        scenario
                            .factions
                            .iter()
                            .position(|g| &g.name == name)
                            .map(|g| (g, w / total_w))
                    })
                    .filter(|&(_, w)| w > 0.0)
                    .collect()
            } else {
                Vec::new()
            };
            let mallows = (f.mallows_phi > 0.0 && f.candidates.len() <= MALLOWS_MAX)
                .then(|| MallowsTable::new(f.candidates.len(), f.mallows_phi));
            factions.push(FactionModel {
                ids,
                strengths,
                strength_sd: f.strength_sd,
                modal,
                published,
                adherence: f.adherence,
                cohesion: f.cohesion,
                plumpers: f.plumpers,
                exact: f.exact_preferences,
                onward_rate: if onward.is_empty() {
                    0.0
                } else {
                    f.onward.rate
                },
                onward,
                mallows,
            });
        }
        let template = Election {
            title: scenario.name.clone(),
            seats: scenario.seats,
            candidates,
            withdrawn: Vec::new(),
            tie_order: None,
            ballots: Profile::default(),
        };
        Model {
            scenario: scenario.clone(),
            factions,
            target: scenario.target_faction(),
            target_seats: scenario.target_seats(),
            template,
            rules,
            faction_of,
            overrides,
        }
    }

    /// The central share of faction `fi` in a region, after any override of the target's
    /// share (the other factions are scaled to make room).
    pub(crate) fn share_mean(&self, fi: usize, region: &str) -> f64 {
        let base = |g: usize| {
            let f = &self.scenario.factions[g];
            f.share
                .by_region
                .get(region)
                .copied()
                .unwrap_or(f.share.mean)
        };
        match self.overrides.share {
            None => base(fi),
            Some(s) if fi == self.target => s,
            Some(s) => {
                let t = base(self.target);
                if t < 1.0 {
                    base(fi) * (1.0 - s) / (1.0 - t)
                } else {
                    base(fi)
                }
            }
        }
    }

    /// The target slate's central share in a region.
    pub(crate) fn target_share_mean(&self, region: &str) -> f64 {
        self.share_mean(self.target, region)
    }

    /// Number of candidates in the election.
    pub(crate) fn candidate_count(&self) -> usize {
        self.template.candidates.len()
    }

    /// Draw one electorate.
    pub(crate) fn draw(&self, rng: &mut RunRng) -> Draw {
        let sc = &self.scenario;
        let nf = self.factions.len();
        let tie_seed = rng.tie_seed();
        // 1. The uncertain numbers of this election, in a fixed order.
        let spread = self.overrides.turnout_spread.unwrap_or(1.0);
        let turnout: Vec<f64> = sc
            .regions
            .iter()
            .map(|r| rng.normal_clipped(r.turnout.mean, r.turnout.sd * spread, 0.0, 1.0))
            .collect();
        let swing: Vec<f64> = sc
            .factions
            .iter()
            .map(|f| rng.normal_clipped(0.0, f.share.sd, -1.0, 1.0))
            .collect();
        let adherence: Vec<f64> = self
            .factions
            .iter()
            .enumerate()
            .map(|(fi, f)| {
                let mean = match self.overrides.adherence {
                    Some(a) if fi == self.target => a,
                    _ => f.adherence.mean,
                };
                rng.normal_clipped(mean, f.adherence.sd, 0.0, 1.0)
            })
            .collect();
        let cohesion: Vec<f64> = self
            .factions
            .iter()
            .map(|f| rng.normal_clipped(f.cohesion.mean, f.cohesion.sd, 0.0, 1.0))
            .collect();
        let strengths: Vec<Vec<f64>> = self
            .factions
            .iter()
            .map(|f| {
                f.strengths
                    .iter()
                    .map(|&s| s * rng.normal_clipped(1.0, f.strength_sd, 0.05, f64::MAX))
                    .collect()
            })
            .collect();

        // 2. Voters per region and faction; plumpers and non-adherent voters are pooled
        //    nationally (their ballots do not depend on the region).
        let mut draw = Draw {
            tie_seed,
            ..Draw::default()
        };
        let mut plumpers = vec![0u64; nf];
        let mut free = vec![0u64; nf];
        let mut shares = vec![0.0; nf];
        let mut by_faction = Vec::with_capacity(nf);
        let mut split = Vec::new();
        for (ri, region) in sc.regions.iter().enumerate() {
            let voters = rng.binomial(region.electorate, turnout[ri]);
            for (fi, f) in sc.factions.iter().enumerate() {
                let mean = self.share_mean(fi, &region.name);
                let noise = rng.normal_clipped(0.0, f.share.regional_sd, -1.0, 1.0);
                shares[fi] = (mean + swing[fi] + noise).max(0.0);
            }
            rng.multinomial(voters, &shares, &mut by_faction);
            for fi in 0..nf {
                let fm = &self.factions[fi];
                let n = by_faction[fi];
                let plump = rng.binomial(n, fm.plumpers);
                plumpers[fi] += plump;
                let rest = n - plump;
                let ordered = fi == self.target || fm.published.is_some();
                if !ordered {
                    free[fi] += rest;
                    continue;
                }
                let adherent = rng.binomial(rest, adherence[fi]);
                free[fi] += rest - adherent;
                self.split_adherent(rng, fi, ri, adherent, &mut split, &mut draw.adherent);
            }
        }

        // 3. National pools.
        for fi in 0..nf {
            let fm = &self.factions[fi];
            rng.multinomial(plumpers[fi], &strengths[fi], &mut split);
            for (c, &k) in split.iter().enumerate() {
                if k > 0 {
                    draw.fixed.push(BallotType {
                        count: k,
                        ranking: vec![fm.ids[c]],
                    });
                }
            }
            plackett_luce::split(
                self,
                rng,
                fi,
                free[fi],
                &strengths[fi],
                cohesion[fi],
                &mut draw.fixed,
            );
        }
        draw
    }

    /// Split one region's adherent voters over Mallows variants and onward factions.
    fn split_adherent(
        &self,
        rng: &mut RunRng,
        fi: usize,
        ri: usize,
        n: u64,
        scratch: &mut Vec<u64>,
        out: &mut Vec<AdherentType>,
    ) {
        if n == 0 {
            return;
        }
        let fm = &self.factions[fi];
        let variants: Vec<(u32, u64)> = match &fm.mallows {
            None => vec![(0, n)],
            Some(table) => {
                let mut left = n;
                let mut mass = 1.0f64;
                let mut v = Vec::new();
                for (i, &p) in table.probs.iter().enumerate() {
                    if left == 0 {
                        break;
                    }
                    let k = if i + 1 == table.probs.len() || p >= mass {
                        left
                    } else {
                        rng.binomial(left, p / mass)
                    };
                    if k > 0 {
                        v.push((i as u32, k));
                    }
                    left -= k;
                    mass -= p;
                }
                v
            }
        };
        for (perm, k) in variants {
            self.onward_counts(rng, fi, k, scratch);
            for (slot, &count) in scratch.iter().enumerate() {
                if count > 0 {
                    let tail = if slot == 0 {
                        u16::MAX
                    } else {
                        fm.onward[slot - 1].0 as u16
                    };
                    out.push(AdherentType {
                        faction: fi as u16,
                        region: ri as u16,
                        perm,
                        tail,
                        count,
                    });
                }
            }
        }
    }

    /// Split `n` voters who have finished with their slate: slot 0 stops, slot `1 + i` goes on
    /// to `onward[i]`.
    pub(crate) fn onward_counts(&self, rng: &mut RunRng, fi: usize, n: u64, out: &mut Vec<u64>) {
        let fm = &self.factions[fi];
        if fm.onward_rate <= 0.0 {
            out.clear();
            out.push(n);
            return;
        }
        out.clear();
        out.resize(fm.onward.len() + 1, 0);
        let stop = rng.binomial(n, 1.0 - fm.onward_rate);
        out[0] = stop;
        let mut left = n - stop;
        let mut mass = 1.0;
        for (slot, &(_, w)) in fm.onward.iter().enumerate() {
            if left == 0 {
                break;
            }
            let k = if slot + 1 == fm.onward.len() || w >= mass {
                left
            } else {
                rng.binomial(left, w / mass)
            };
            out[slot + 1] = k;
            left -= k;
            mass -= w;
        }
    }

    /// Append faction `g`'s candidates in strength order.
    pub(crate) fn push_tail(&self, g: usize, ranking: &mut Vec<CandidateId>) {
        let gm = &self.factions[g];
        ranking.extend(gm.modal.iter().map(|&c| gm.ids[c as usize]));
    }

    /// The ballots of one election: the draw with the target slate's adherent voters following
    /// `orders` (one order per region). Every fixed type is distinct already; adherent types
    /// repeat only across regions that share an order, which the count handles as separate
    /// weighted ballots, so nothing is merged.
    pub(crate) fn ballots(&self, draw: &Draw, orders: &[Order]) -> Profile {
        let mut profile = Profile::default();
        for t in &draw.fixed {
            profile.push_unmerged(Weight::from(t.count), RankingRef::strict(&t.ranking));
        }
        let mut ranking = Vec::new();
        for a in &draw.adherent {
            let fi = a.faction as usize;
            let ri = a.region as usize;
            let fm = &self.factions[fi];
            let order: &[u8] = if fi == self.target {
                &orders[ri]
            } else {
                match &fm.published {
                    Some(p) => &p[ri],
                    None => continue,
                }
            };
            ranking.clear();
            match &fm.mallows {
                Some(table) if a.perm > 0 => {
                    for &pos in &table.perms[a.perm as usize] {
                        ranking.push(fm.ids[order[pos as usize] as usize]);
                    }
                }
                _ => ranking.extend(order.iter().map(|&c| fm.ids[c as usize])),
            }
            if a.tail != u16::MAX {
                self.push_tail(a.tail as usize, &mut ranking);
            }
            profile.push_unmerged(Weight::from(a.count), RankingRef::strict(&ranking));
        }
        profile
    }

    /// The election of one draw under `orders`.
    pub(crate) fn election(&self, draw: &Draw, orders: &[Order]) -> Election {
        let mut e = self.template.clone();
        e.ballots = self.ballots(draw, orders);
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::Stream;

    #[test]
    fn a_draw_of_the_builtin_scenario_has_the_right_size() {
        let sc = Scenario::builtin_gv6_2020();
        let model = Model::new(
            &sc,
            Rules::preset(slatewise_stv::Method::Scottish),
            Overrides::default(),
        );
        let mut rng = RunRng::for_run(1, Stream::Report, 0);
        let draw = model.draw(&mut rng);
        let orders = model.factions[0].published.clone().unwrap();
        let ballots = model.ballots(&draw, &orders);
        let total = ballots.total_weight().to_u64().unwrap();
        assert!((110_000..150_000).contains(&total), "{total}");
        assert!(ballots.len() < 3000, "{} ballot types", ballots.len());
    }
}
