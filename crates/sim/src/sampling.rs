//! Random draws that give the same numbers on every platform.
//!
//! Every simulated election gets its own generator, [`RunRng::for_run`], seeded from the user's
//! seed and the run's index, so results do not depend on how runs are spread over threads.
//! The generator is ChaCha8, whose output is specified bit for bit.
//!
//! Floating-point draws use only `+ - * /`, `sqrt` (all correctly rounded by IEEE 754) and the
//! pure-Rust [`libm`] functions (`log`, `cos`, `exp`, `lgamma`). The standard library's `ln` and
//! `exp` call the platform's C library on native targets and a different implementation on
//! wasm, and may differ in the last bit; `rand_distr` uses them when any crate in the build
//! turns on `num-traits/std` (our counting engine does), so we do not use `rand_distr`.
//!
//! The binomial sampler is exact inversion: for small means it walks up from 0; otherwise it
//! starts at the mode, whose probability comes from `libm::lgamma`, and walks outwards in both
//! directions. Either way the cost grows with the standard deviation, not with `n`, which is
//! what sampling a few hundred ballot types per election needs.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

/// Stream numbers keep the runs of the main simulation apart from the draws used to search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stream {
    /// The runs whose results are reported.
    Report = 1,
    /// The draws the `optimised` strategy searches on.
    Search = 2,
}

/// The generator of one simulated election.
pub(crate) struct RunRng {
    inner: ChaCha8Rng,
}

/// `x^n` by binary exponentiation: multiplications only, so the same on every platform.
fn powi(mut x: f64, mut n: u64) -> f64 {
    let mut acc = 1.0;
    while n > 0 {
        if n & 1 == 1 {
            acc *= x;
        }
        x *= x;
        n >>= 1;
    }
    acc
}

/// SplitMix64's finaliser: spreads a 64-bit value over all bits.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl RunRng {
    /// The generator for run `index` of `stream` under `seed`.
    pub(crate) fn for_run(seed: u64, stream: Stream, index: u64) -> RunRng {
        let mut bytes = [0u8; 32];
        let words = [
            mix(seed),
            mix(seed ^ mix(index)),
            mix(index.wrapping_add(stream as u64)),
            mix(stream as u64 ^ 0x5EED),
        ];
        for (chunk, w) in bytes.chunks_exact_mut(8).zip(words) {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
        RunRng {
            inner: ChaCha8Rng::from_seed(bytes),
        }
    }

    /// A seed for ties broken by lot in this run's counts.
    pub(crate) fn tie_seed(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// Uniform on [0, 1), 53 random bits.
    pub(crate) fn uniform(&mut self) -> f64 {
        (self.inner.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform on (0, 1].
    fn uniform_open0(&mut self) -> f64 {
        ((self.inner.next_u64() >> 11) + 1) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A standard normal draw (Box–Muller, one value per call).
    pub(crate) fn normal(&mut self) -> f64 {
        let u1 = self.uniform_open0();
        let u2 = self.uniform();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * core::f64::consts::PI * u2)
    }

    /// `mean + sd * z`, clipped to `[lo, hi]`.
    pub(crate) fn normal_clipped(&mut self, mean: f64, sd: f64, lo: f64, hi: f64) -> f64 {
        if sd <= 0.0 {
            return mean.clamp(lo, hi);
        }
        (mean + sd * self.normal()).clamp(lo, hi)
    }

    /// A binomial draw: successes among `n` trials of probability `p`.
    pub(crate) fn binomial(&mut self, n: u64, p: f64) -> u64 {
        if n == 0 || p.is_nan() || p <= 0.0 {
            return 0;
        }
        if p >= 1.0 {
            return n;
        }
        if p > 0.5 {
            return n - self.binomial(n, 1.0 - p);
        }
        let q = 1.0 - p;
        let mean = n as f64 * p;
        if mean < 20.0 {
            self.binomial_from_zero(n, p, q)
        } else {
            self.binomial_from_mode(n, p, q)
        }
    }

    /// Inversion walking up from 0 (mean below 20, so `q^n` stays far from underflow).
    fn binomial_from_zero(&mut self, n: u64, p: f64, q: f64) -> u64 {
        let ratio = p / q;
        let mut pk = powi(q, n);
        let mut u = self.uniform();
        let mut k = 0u64;
        loop {
            if u < pk || k == n {
                return k;
            }
            u -= pk;
            pk *= ratio * (n - k) as f64 / (k + 1) as f64;
            k += 1;
            if pk <= 0.0 {
                // Rounding left a sliver of `u` beyond the representable tail.
                return k;
            }
        }
    }

    /// Inversion from the mode outwards, alternating down and up.
    fn binomial_from_mode(&mut self, n: u64, p: f64, q: f64) -> u64 {
        let nf = n as f64;
        let mode = libm::floor((nf + 1.0) * p).min(nf) as u64;
        let m = mode as f64;
        let log_pmf = libm::lgamma(nf + 1.0) - libm::lgamma(m + 1.0) - libm::lgamma(nf - m + 1.0)
            + m * libm::log(p)
            + (nf - m) * libm::log(q);
        let f_mode = libm::exp(log_pmf);
        let ratio = p / q;
        let mut u = self.uniform();
        if u < f_mode {
            return mode;
        }
        u -= f_mode;
        let (mut down, mut up) = (mode, mode);
        let (mut f_down, mut f_up) = (f_mode, f_mode);
        loop {
            let mut moved = false;
            if down > 0 {
                // f(k-1) = f(k) * k / (n-k+1) * q/p
                f_down *= down as f64 / ((n - down + 1) as f64 * ratio);
                down -= 1;
                moved = true;
                if u < f_down {
                    return down;
                }
                u -= f_down;
            }
            if up < n {
                f_up *= ratio * (n - up) as f64 / (up + 1) as f64;
                up += 1;
                moved = true;
                if u < f_up {
                    return up;
                }
                u -= f_up;
            }
            if !moved || (f_down <= 0.0 && f_up <= 0.0) {
                return mode;
            }
        }
    }

    /// Split `n` among categories with the given non-negative weights (a multinomial draw by
    /// conditional binomials). Returns one count per weight, summing to `n` (all zero if every
    /// weight is zero and `n` is 0; if every weight is zero and `n > 0`, everything goes to the
    /// first category).
    pub(crate) fn multinomial(&mut self, n: u64, weights: &[f64], out: &mut Vec<u64>) {
        out.clear();
        out.resize(weights.len(), 0);
        let mut left = n;
        let mut mass: f64 = weights.iter().map(|w| w.max(0.0)).sum();
        if mass <= 0.0 {
            if let Some(first) = out.first_mut() {
                *first = n;
            }
            return;
        }
        for (i, &w) in weights.iter().enumerate() {
            if left == 0 {
                break;
            }
            let w = w.max(0.0);
            if i + 1 == weights.len() || w >= mass {
                out[i] = left;
                left = 0;
                break;
            }
            let k = self.binomial(left, w / mass);
            out[i] = k;
            left -= k;
            mass -= w;
            if mass <= 0.0 {
                out[i] += left;
                left = 0;
            }
        }
        if left > 0 {
            // Only reachable when the last weights were all zero: give the rest to the first
            // category that has weight, keeping the total.
            if let Some(i) = weights.iter().position(|&w| w > 0.0) {
                out[i] += left;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean_var(samples: &[u64]) -> (f64, f64) {
        let n = samples.len() as f64;
        let mean = samples.iter().map(|&x| x as f64).sum::<f64>() / n;
        let var = samples
            .iter()
            .map(|&x| (x as f64 - mean) * (x as f64 - mean))
            .sum::<f64>()
            / (n - 1.0);
        (mean, var)
    }

    #[test]
    fn binomial_has_the_right_mean_and_variance() {
        let mut rng = RunRng::for_run(7, Stream::Report, 0);
        for &(n, p) in &[
            (10u64, 0.3),
            (50, 0.1),
            (1000, 0.4),
            (100_000, 0.23),
            (40, 0.9),
        ] {
            let samples: Vec<u64> = (0..4000).map(|_| rng.binomial(n, p)).collect();
            let (mean, var) = mean_var(&samples);
            let want_mean = n as f64 * p;
            let want_var = want_mean * (1.0 - p);
            let se = (want_var / 4000.0).sqrt();
            assert!(
                (mean - want_mean).abs() < 5.0 * se + 1e-9,
                "n={n} p={p}: mean {mean} vs {want_mean}"
            );
            assert!(
                (var / want_var - 1.0).abs() < 0.15,
                "n={n} p={p}: var {var} vs {want_var}"
            );
            assert!(samples.iter().all(|&x| x <= n));
        }
        assert_eq!(rng.binomial(0, 0.5), 0);
        assert_eq!(rng.binomial(9, 1.0), 9);
        assert_eq!(rng.binomial(9, 0.0), 0);
    }

    #[test]
    fn multinomial_keeps_the_total() {
        let mut rng = RunRng::for_run(1, Stream::Search, 3);
        let mut out = Vec::new();
        for n in [0u64, 1, 17, 129_549] {
            rng.multinomial(n, &[0.2, 0.0, 0.5, 0.3], &mut out);
            assert_eq!(out.iter().sum::<u64>(), n);
            assert_eq!(out[1], 0);
        }
        rng.multinomial(5, &[0.0, 0.0], &mut out);
        assert_eq!(out, [5, 0]);
    }

    #[test]
    fn the_same_run_gives_the_same_numbers() {
        let a: Vec<u64> = {
            let mut r = RunRng::for_run(42, Stream::Report, 9);
            (0..5).map(|_| r.binomial(1000, 0.37)).collect()
        };
        let b: Vec<u64> = {
            let mut r = RunRng::for_run(42, Stream::Report, 9);
            (0..5).map(|_| r.binomial(1000, 0.37)).collect()
        };
        let c: Vec<u64> = {
            let mut r = RunRng::for_run(42, Stream::Report, 10);
            (0..5).map(|_| r.binomial(1000, 0.37)).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
