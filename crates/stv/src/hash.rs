//! A fast hash for the tables of the BLT reader (nicknames) and of [`ProfileBuilder`]
//! (rankings seen so far).
//!
//! [`ProfileBuilder`]: crate::ProfileBuilder
//!
//! The multiply-rotate hash of rustc's `FxHasher`, started from a random seed per table and
//! mixed at the end, so that a file crafted in advance cannot make its keys collide. It is
//! several times faster than the standard SipHash on the short keys met here, which matters
//! at 2 million lookups per file.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

const MULTIPLIER: u64 = 0x517c_c1b7_2722_0a95;

/// The hasher state.
#[derive(Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl FastHasher {
    #[inline]
    pub(crate) fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(MULTIPLIER);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    #[inline]
    fn write_u32(&mut self, word: u32) {
        self.add(u64::from(word));
    }

    #[inline]
    fn write_u64(&mut self, word: u64) {
        self.add(word);
    }

    #[inline]
    fn write_usize(&mut self, word: usize) {
        self.add(word as u64);
    }

    #[inline]
    fn write_u128(&mut self, word: u128) {
        self.add(word as u64);
        self.add((word >> 64) as u64);
    }

    /// The state, mixed so that its low bits (which pick the bucket) depend on every bit.
    #[inline]
    fn finish(&self) -> u64 {
        let mut x = self.0;
        x ^= x >> 32;
        x = x.wrapping_mul(0xd6e8_feb8_6659_fd93);
        x ^ (x >> 32)
    }
}

/// Builds [`FastHasher`]s from one random seed.
#[derive(Clone, Copy)]
pub(crate) struct FastState(u64);

impl FastState {
    pub(crate) fn random() -> Self {
        FastState(RandomState::new().hash_one(0x5eed_u64))
    }
}

/// A random seed, as [`FastState::random`].
impl Default for FastState {
    fn default() -> Self {
        FastState::random()
    }
}

impl BuildHasher for FastState {
    type Hasher = FastHasher;

    #[inline]
    fn build_hasher(&self) -> FastHasher {
        FastHasher(self.0)
    }
}

/// A `HashMap` using [`FastHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, FastState>;
