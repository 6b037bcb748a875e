//! Ballot lines: candidate names, the general (token) path, the fast (byte) path, merging.
//!
//! Every ballot line can be read by [`BallotLines::general`], from the tokens the parser
//! splits it into; that path also gives every error message. Most lines of a large file are
//! plain (`WEIGHT a b=c d 0`), and [`BallotLines::fast`] reads those straight from the bytes
//! in one pass, giving up (`None`) on anything else (comments, ballot ids, errors) so the
//! general path handles it. Both paths must agree; `tests::fast_and_general_paths_agree`
//! checks it on random lines.

use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher};

use super::hash::{FastHasher, FastMap, FastState};
use crate::io::show;
use crate::io::text::is_blank;
use crate::model::{Ballot, CandidateId, Profile, Ranking, Weight};

/// How candidates are written on ballots and in options: 1-based numbers, or nicknames.
pub(super) struct Names<'a> {
    count: usize,
    nicks: FastMap<&'a str, u32>,
    /// Nicknames of at most 16 bytes, packed into an integer by [`pack`].
    short: FastMap<u128, u32>,
}

/// Why a `[nick]` list was refused.
pub(super) enum NickProblem<'a> {
    /// Not one nickname per candidate (the number given).
    Count(usize),
    /// This nickname is not acceptable, for this reason.
    Bad(&'a str, &'static str),
}

impl<'a> Names<'a> {
    /// Candidates known by number only.
    pub(super) fn numbers(count: usize) -> Self {
        Names {
            count,
            nicks: FastMap::with_hasher(FastState::random()),
            short: FastMap::with_hasher(FastState::random()),
        }
    }

    /// Candidates known by number or by the nicknames of a `[nick]` option.
    pub(super) fn with_nicks(count: usize, words: &[&'a str]) -> Result<Self, NickProblem<'a>> {
        if words.len() != count {
            return Err(NickProblem::Count(words.len()));
        }
        let mut names = Names::numbers(count);
        names.nicks.reserve(count);
        for (i, &word) in words.iter().enumerate() {
            let problem = if word.bytes().all(|b| b.is_ascii_digit()) {
                "is a number, expected a name (numbers always mean candidate numbers)"
            } else if word.contains('=') {
                "contains `=`, expected a name without `=` (it joins equal rankings)"
            } else if names.nicks.insert(word, i as u32).is_some() {
                "is given twice, expected a different nickname for each candidate"
            } else {
                if word.len() <= 16 {
                    names.short.insert(pack(word.as_bytes()), i as u32);
                }
                continue;
            };
            return Err(NickProblem::Bad(word, problem));
        }
        Ok(names)
    }

    /// The 0-based index of candidate `token` (a 1-based number or a nickname).
    pub(super) fn resolve(&self, token: &str) -> Result<usize, String> {
        let n = self.count;
        if let Some(k) = small_number(token) {
            if (1..=n).contains(&k) {
                return Ok(k - 1);
            }
        } else if let Some(&i) = self.nicks.get(token) {
            return Ok(i as usize);
        }
        let or_nick = if self.nicks.is_empty() {
            ""
        } else {
            " or a nickname from the [nick] line"
        };
        if token.bytes().all(|b| b.is_ascii_digit()) {
            Err(format!(
                "candidate {} does not exist, expected a candidate number from 1 to {n}{or_nick}",
                show(token)
            ))
        } else {
            Err(format!(
                "unknown candidate `{}`, expected a candidate number from 1 to {n}{or_nick}",
                show(token)
            ))
        }
    }
}

/// Up to 16 bytes as one integer, first byte lowest (input holds no NUL bytes, so this is
/// one-to-one on such strings).
fn pack(bytes: &[u8]) -> u128 {
    bytes
        .iter()
        .enumerate()
        .fold(0, |key, (i, &b)| key | u128::from(b) << (8 * i))
}

/// The same as `pack(&bytes[start..start + len])` for `len <= 16`, with one 16-byte load
/// when the line holds 16 bytes from `start`.
#[inline]
fn pack_at(bytes: &[u8], start: usize, len: usize) -> u128 {
    let mask = if len >= 16 {
        u128::MAX
    } else {
        (1u128 << (8 * len)) - 1
    };
    match bytes.get(start..start + 16) {
        Some(window) => {
            let mut word = [0u8; 16];
            word.copy_from_slice(window);
            u128::from_le_bytes(word) & mask
        }
        None => pack(&bytes[start..start + len]),
    }
}

/// A token of decimal digits as a `usize`, if it is one and is below 10^18.
#[inline]
pub(super) fn small_number(token: &str) -> Option<usize> {
    let b = token.as_bytes();
    if b.is_empty() || b.len() > 18 {
        return None;
    }
    let mut k = 0usize;
    for &d in b {
        if !d.is_ascii_digit() {
            return None;
        }
        k = k * 10 + (d - b'0') as usize;
    }
    Some(k)
}

/// A ballot weight: decimal digits of any length.
fn weight(token: &str) -> Option<Weight> {
    match small_number(token) {
        Some(k) => Some(Weight::from(k as u64)),
        None if token.len() > 18 => Weight::parse_decimal(token),
        None => None,
    }
}

/// What a ballot line turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Line {
    /// A ballot (now added).
    Ballot,
    /// The line `0` that ends the ballots.
    End,
    /// Nothing but blanks.
    Blank,
}

/// The state of reading ballot lines.
pub(super) struct BallotLines<'n, 'a> {
    names: &'n Names<'a>,
    /// `seen[c] == stamp`: candidate `c` is already on the ranking being read.
    seen: Vec<u64>,
    stamp: u64,
    ranked: Vec<CandidateId>,
    group_ends: Vec<usize>,
    ids: HashSet<String>,
    merger: Merger,
}

impl<'n, 'a> BallotLines<'n, 'a> {
    pub(super) fn new(names: &'n Names<'a>) -> Self {
        let n = names.count;
        BallotLines {
            names,
            seen: vec![0; n],
            stamp: 0,
            ranked: Vec::with_capacity(n),
            group_ends: Vec::with_capacity(n),
            ids: HashSet::new(),
            merger: Merger::new(),
        }
    }

    /// The profile of every ballot added.
    pub(super) fn finish(self) -> Profile {
        self.merger.finish()
    }

    fn start_ranking(&mut self) {
        self.stamp += 1;
        self.ranked.clear();
        self.group_ends.clear();
    }

    fn add(&mut self, weight: Weight) {
        if !weight.is_zero() {
            self.merger.add(weight, &self.ranked, &self.group_ends);
        }
    }

    /// Read a ballot line from its tokens (comments already dropped; at least one token).
    pub(super) fn general(&mut self, tokens: &[&str]) -> Result<Line, String> {
        if tokens.is_empty() {
            return Ok(Line::Blank);
        }
        if tokens == ["0"] {
            return Ok(Line::End);
        }
        let first = tokens[0];
        let (weight, start) = if first.starts_with('(') {
            let Some(end) = tokens.iter().position(|t| t.ends_with(')')) else {
                return Err("unterminated ballot id, expected `)` on the same line".to_owned());
            };
            let id = tokens[..=end].join(" ");
            if self.ids.contains(&id) {
                return Err(format!(
                    "ballot id {} is used twice, expected a different id for each ballot",
                    show(&id)
                ));
            }
            self.ids.insert(id);
            (Weight::ONE, end + 1)
        } else {
            match weight(first) {
                Some(w) => (w, 1),
                None if first.starts_with('[') => {
                    return Err(
                        "option after the first ballot, expected options before the ballots"
                            .to_owned(),
                    );
                }
                None if first.starts_with('-') => {
                    return Err(format!(
                        "negative weight `{}`, expected a whole number of voters (0 or more)",
                        show(first)
                    ));
                }
                None => {
                    return Err(format!(
                        "`{}` is not a ballot weight, expected a ballot line `WEIGHT CANDIDATES... 0` or the line `0` that ends the ballots",
                        show(first)
                    ));
                }
            }
        };
        self.start_ranking();
        let mut ended = false;
        for &token in &tokens[start..] {
            if ended {
                return Err(format!(
                    "unexpected `{}` after the `0` that ends the ballot, expected one ballot per line",
                    show(token)
                ));
            }
            if token == "0" {
                ended = true;
                continue;
            }
            for part in token.split('=') {
                if part.is_empty() {
                    return Err(format!(
                        "`{}` has nothing on one side of `=`, expected candidates joined by `=` such as `2=3`",
                        show(token)
                    ));
                }
                let c = self.names.resolve(part)?;
                if std::mem::replace(&mut self.seen[c], self.stamp) == self.stamp {
                    return Err(format!(
                        "candidate {} appears twice in one ranking, expected each candidate at most once",
                        show(part)
                    ));
                }
                self.ranked.push(CandidateId::from(c));
            }
            self.group_ends.push(self.ranked.len());
        }
        self.add(weight);
        Ok(Line::Ballot)
    }

    /// Read a plain ballot line straight from its bytes, or give up (`None`) and leave it to
    /// [`BallotLines::general`]. Gives the same result as the general path whenever it
    /// gives one.
    pub(super) fn fast(&mut self, line: &str) -> Option<Line> {
        let b = line.as_bytes();
        let len = b.len();
        let mut i = 0;
        while i < len && is_blank(b[i]) {
            i += 1;
        }
        if i == len {
            return Some(Line::Blank);
        }
        let start = i;
        let mut weight = 0u64;
        while i < len && b[i].is_ascii_digit() {
            weight = weight.wrapping_mul(10).wrapping_add(u64::from(b[i] - b'0'));
            i += 1;
        }
        let weight_digits = i - start;
        if weight_digits == 0 || weight_digits > 18 || (i < len && !is_blank(b[i])) {
            return None;
        }
        self.start_ranking();
        let mut any_token = false;
        loop {
            while i < len && is_blank(b[i]) {
                i += 1;
            }
            if i == len {
                break;
            }
            any_token = true;
            if b[i] == b'0' && (i + 1 == len || is_blank(b[i + 1])) {
                // The `0` ending the ballot: only blanks may follow.
                i += 1;
                while i < len && is_blank(b[i]) {
                    i += 1;
                }
                if i < len {
                    return None;
                }
                break;
            }
            if b[i] == b'#' || b[i] == b'/' {
                return None;
            }
            loop {
                let part_start = i;
                let mut value = 0usize;
                let mut digits = true;
                while i < len {
                    let c = b[i];
                    if c == b'=' || is_blank(c) {
                        break;
                    }
                    if c.is_ascii_digit() {
                        value = value.wrapping_mul(10).wrapping_add(usize::from(c - b'0'));
                    } else {
                        digits = false;
                    }
                    i += 1;
                }
                let part_len = i - part_start;
                let c = if part_len == 0 {
                    return None;
                } else if digits {
                    if part_len > 9 || value == 0 || value > self.names.count {
                        return None;
                    }
                    value - 1
                } else if part_len <= 16 {
                    *self.names.short.get(&pack_at(b, part_start, part_len))? as usize
                } else {
                    self.names.resolve(&line[part_start..i]).ok()?
                };
                if std::mem::replace(&mut self.seen[c], self.stamp) == self.stamp {
                    return None;
                }
                self.ranked.push(CandidateId::from(c));
                if i < len && b[i] == b'=' {
                    i += 1;
                } else {
                    break;
                }
            }
            self.group_ends.push(self.ranked.len());
        }
        if !any_token && weight_digits == 1 && weight == 0 {
            return Some(Line::End);
        }
        self.add(Weight::from(weight));
        Some(Line::Ballot)
    }
}

/// Merges ballots with equal rankings as they are read, exactly as
/// [`Profile::from_ballots`] would (first appearance order, zero weights left out by the
/// caller), but without building a [`Ranking`] for a ranking already seen and with a faster
/// hash.
struct Merger {
    ballots: Vec<Ballot>,
    /// Fingerprint of a ranking → the latest ballot with that fingerprint.
    latest: FastMap<u64, usize>,
    /// `earlier[i]`: the previous ballot with the fingerprint of ballot `i` (`usize::MAX`: none).
    earlier: Vec<usize>,
    state: FastState,
}

impl Merger {
    fn new() -> Self {
        Merger {
            ballots: Vec::new(),
            latest: FastMap::with_hasher(FastState::random()),
            earlier: Vec::new(),
            state: FastState::random(),
        }
    }

    /// Add `weight` voters for the ranking `ranked`, cut into groups ending at `group_ends`.
    fn add(&mut self, weight: Weight, ranked: &[CandidateId], group_ends: &[usize]) {
        let strict = group_ends.len() == ranked.len();
        let mut hasher: FastHasher = self.state.build_hasher();
        for id in ranked {
            hasher.add(u64::from(id.0));
        }
        if !strict {
            for &end in group_ends {
                hasher.add(end as u64 | 1 << 63);
            }
        }
        let fingerprint = hasher.finish();
        let latest = self.latest.get(&fingerprint).copied();
        let mut at = latest;
        while let Some(i) = at {
            if same_ranking(&self.ballots[i].ranking, ranked, group_ends) {
                let sum = &self.ballots[i].weight + &weight;
                self.ballots[i].weight = sum;
                return;
            }
            at = Some(self.earlier[i]).filter(|&e| e != usize::MAX);
        }
        let ranking = if strict {
            Ranking::strict(ranked.to_vec())
        } else {
            let mut begin = 0;
            Ranking::from_groups(group_ends.iter().map(|&end| {
                let group = &ranked[begin..end];
                begin = end;
                group.iter().copied()
            }))
        };
        self.latest.insert(fingerprint, self.ballots.len());
        self.earlier.push(latest.unwrap_or(usize::MAX));
        self.ballots.push(Ballot { weight, ranking });
    }

    fn finish(self) -> Profile {
        Profile::from_ballots_unmerged(self.ballots)
    }
}

/// Is `ranking` the ranking `ranked` cut at `group_ends`?
fn same_ranking(ranking: &Ranking, ranked: &[CandidateId], group_ends: &[usize]) -> bool {
    if ranking.candidates() != ranked || ranking.len() != group_ends.len() {
        return false;
    }
    let mut end = 0;
    ranking.groups().zip(group_ends).all(|(group, &e)| {
        end += group.len();
        end == e
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tokens(line: &str) -> Vec<&str> {
        line.split(|c: char| c.is_ascii() && is_blank(c as u8))
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// A line of tokens drawn from numbers, nicknames, `=`, `0` and odd characters.
    fn line() -> impl Strategy<Value = String> {
        let token = prop_oneof![
            4 => (1usize..6).prop_map(|k| k.to_string()),
            3 => prop::sample::select(vec!["ab", "b", "cc", "a-long-nickname-x", "d", "x"])
                .prop_map(str::to_owned),
            2 => Just("0".to_owned()),
            1 => prop::sample::select(vec!["=", "2=3", "b=cc", "3=", "=1", "00", "7", "#c", "//",
                                           "/*", "(id)", "-2", "[x]", "123456789012345678901234"])
                .prop_map(str::to_owned),
        ];
        (
            prop::sample::select(vec!["", " ", "\t"]),
            prop::collection::vec(token, 0..8),
            prop::sample::select(vec![" ", "  ", "\t", " \r"]),
        )
            .prop_map(|(lead, tokens, gap)| format!("{lead}{}", tokens.join(gap)))
    }

    #[test]
    fn the_fast_path_reads_plain_lines_and_leaves_the_rest() {
        let names = Names::with_nicks(3, &["a", "b", "c"])
            .ok()
            .expect("valid nicknames");
        let mut lines = BallotLines::new(&names);
        assert_eq!(lines.fast("  3 a b=c 0 "), Some(Line::Ballot));
        assert_eq!(lines.fast("2 1 3"), Some(Line::Ballot));
        assert_eq!(lines.fast("0"), Some(Line::End));
        assert_eq!(lines.fast(" \t"), Some(Line::Blank));
        for other in [
            "3 a a 0",
            "3 a 0 # note",
            "(x) 1 0",
            "-1 a 0",
            "3 d 0",
            "3 4 0",
            "1.5 a 0",
        ] {
            assert_eq!(lines.fast(other), None, "{other}");
        }
        let profile = lines.finish();
        assert_eq!(profile.len(), 2);
        assert_eq!(
            profile.ballots()[0].ranking.group(1),
            &[CandidateId(1), CandidateId(2)]
        );
    }

    proptest! {
        #[test]
        fn fast_and_general_paths_agree(lines in prop::collection::vec(line(), 1..6)) {
            let words = ["ab", "b", "cc", "a-long-nickname-x", "d"];
            let names = Names::with_nicks(5, &words).ok().expect("valid nicknames");
            let mut fast = BallotLines::new(&names);
            let mut general = BallotLines::new(&names);
            for line in &lines {
                let by_general = general.general(&tokens(line));
                if let Some(by_fast) = fast.fast(line) {
                    prop_assert_eq!(Ok(by_fast), by_general.clone(), "line {:?}", line);
                } else {
                    // Keep both in step: the general path reads what the fast one gave up.
                    let _ = fast.general(&tokens(line));
                }
            }
            prop_assert_eq!(fast.finish(), general.finish());
        }
    }
}
