//! Mallows noise around a recommended order.
//!
//! Under the Mallows model a voter casts permutation π of the order with probability
//! proportional to φ^d(π), d the Kendall distance (number of swapped pairs). The table lists
//! every permutation of `k` positions with its probability, most likely first, so a
//! multinomial split of a region's adherent voters over it usually ends after a few entries.

/// Every relative permutation of `k` positions with its Mallows probability.
#[derive(Clone, Debug)]
pub(crate) struct MallowsTable {
    /// Permutations: `perms[i][j]` is the position in the order of the candidate ranked `j`-th.
    pub(crate) perms: Vec<Vec<u8>>,
    /// Their probabilities, summing to 1, in non-increasing order.
    pub(crate) probs: Vec<f64>,
}

impl MallowsTable {
    /// The table for `k` positions (at most [`super::MALLOWS_MAX`]) and dispersion `phi` in
    /// (0, 1].
    pub(crate) fn new(k: usize, phi: f64) -> MallowsTable {
        let mut perms = Vec::new();
        let mut current: Vec<u8> = (0..k as u8).collect();
        permutations(&mut current, 0, &mut perms);
        let mut weighted: Vec<(u32, Vec<u8>)> =
            perms.into_iter().map(|p| (inversions(&p), p)).collect();
        // Sort by distance, then lexicographically: a fixed order on every platform.
        weighted.sort();
        // phi^d by repeated multiplication (exact-rounded operations only).
        let max_d = weighted.last().map_or(0, |w| w.0) as usize;
        let mut powers = vec![1.0f64; max_d + 1];
        for d in 1..=max_d {
            powers[d] = powers[d - 1] * phi;
        }
        let total: f64 = weighted.iter().map(|(d, _)| powers[*d as usize]).sum();
        let probs = weighted
            .iter()
            .map(|(d, _)| powers[*d as usize] / total)
            .collect();
        MallowsTable {
            perms: weighted.into_iter().map(|(_, p)| p).collect(),
            probs,
        }
    }
}

fn permutations(current: &mut Vec<u8>, start: usize, out: &mut Vec<Vec<u8>>) {
    if start == current.len() {
        out.push(current.clone());
        return;
    }
    for i in start..current.len() {
        current.swap(start, i);
        permutations(current, start + 1, out);
        current.swap(start, i);
    }
}

fn inversions(p: &[u8]) -> u32 {
    let mut n = 0;
    for i in 0..p.len() {
        for j in i + 1..p.len() {
            if p[i] > p[j] {
                n += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_identity_is_most_likely_and_probabilities_sum_to_one() {
        let t = MallowsTable::new(4, 0.3);
        assert_eq!(t.perms.len(), 24);
        assert_eq!(t.perms[0], [0, 1, 2, 3]);
        assert!((t.probs.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(t.probs.windows(2).all(|w| w[0] >= w[1]));
        // Z = prod_{j=1..k} (1 - phi^j) / (1 - phi)
        let z: f64 = (1..=4).map(|j| (1.0 - 0.3f64.powi(j)) / 0.7).product();
        assert!((t.probs[0] - 1.0 / z).abs() < 1e-12);
    }
}
