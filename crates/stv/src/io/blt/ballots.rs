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

use crate::hash::{FastMap, FastState};
use crate::io::text::is_blank;
use crate::io::{MAX_LINE_BYTES, show};
use crate::model::{CandidateId, Profile, ProfileBuilder, Weight};

/// How candidates are written on ballots and in options: 1-based numbers, or nicknames.
pub(super) struct Names<'a> {
    count: usize,
    nicks: FastMap<&'a str, u32>,
    /// Nicknames of at most 16 bytes, packed into an integer by [`pack`].
    short: ShortNicks,
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
            short: ShortNicks::new(0),
        }
    }

    /// Candidates known by number or by the nicknames of a `[nick]` option.
    pub(super) fn with_nicks(count: usize, words: &[&'a str]) -> Result<Self, NickProblem<'a>> {
        if words.len() != count {
            return Err(NickProblem::Count(words.len()));
        }
        let mut names = Names::numbers(count);
        names.nicks.reserve(count);
        names.short = ShortNicks::new(count);
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

/// Nicknames of up to 16 bytes, packed by [`pack`], in an open-addressing table: a lookup is
/// a multiply, a shift and usually one comparison of two integers.
struct ShortNicks {
    /// Packed nicknames; 0 marks an empty slot (a packed nickname is never 0).
    keys: Vec<u128>,
    ids: Vec<u32>,
    /// `64 - log2(keys.len())`: the slot is the top bits of the mixed key.
    shift: u32,
    /// Random, so that a file cannot be crafted to make its nicknames collide.
    seed: u64,
}

impl ShortNicks {
    /// A table for up to `count` nicknames (filled to a quarter at most).
    fn new(count: usize) -> Self {
        let size = (4 * count).next_power_of_two().max(16);
        ShortNicks {
            keys: vec![0; size],
            ids: vec![0; size],
            shift: 64 - size.trailing_zeros(),
            seed: FastState::random().build_hasher().finish() | 1,
        }
    }

    #[inline]
    fn slot(&self, key: u128) -> usize {
        let mixed = ((key as u64) ^ self.seed)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29)
            ^ (key >> 64) as u64;
        (mixed.wrapping_mul(0xd6e8_feb8_6659_fd93) >> self.shift) as usize
    }

    fn insert(&mut self, key: u128, id: u32) {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        while self.keys[i] != 0 && self.keys[i] != key {
            i = (i + 1) & mask;
        }
        self.keys[i] = key;
        self.ids[i] = id;
    }

    #[inline]
    fn get(&self, key: u128) -> Option<u32> {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        loop {
            let k = self.keys[i];
            if k == key {
                return Some(self.ids[i]);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
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

/// The part of a ballot line starting at `bytes[start]` (up to a blank, the line end or `=`)
/// if it is a name of at most 15 bytes that does not start with a digit and is followed by
/// a blank, `\n` or `=` within the 16 bytes from `start`: packed as [`pack`] does, and its
/// length. Found in one 16-byte load: every byte of such a name is above b' ' (all blanks
/// and `\n` are at most b' ') and not `=`, so the name ends at the first byte that is not;
/// `None` leaves anything else to the byte-by-byte scan.
#[inline]
fn short_name(bytes: &[u8], start: usize) -> Option<(u128, usize)> {
    const ONES: u128 = u128::MAX / 255;
    const HIGH: u128 = ONES << 7;
    let window = bytes.get(start..start + 16)?;
    if window[0].is_ascii_digit() {
        return None;
    }
    let mut word = [0u8; 16];
    word.copy_from_slice(window);
    let w = u128::from_le_bytes(word);
    // High bit set in the lowest byte that is at most b' ' or is `=` (bytes above the lowest
    // one may be wrongly marked, by a borrow: only the lowest is used).
    let low = w.wrapping_sub(ONES * u128::from(b' ' + 1)) & !w;
    let equals = w ^ (ONES * u128::from(b'='));
    let stop = (low | (equals.wrapping_sub(ONES) & !equals)) & HIGH;
    let len = (stop.trailing_zeros() / 8) as usize;
    // A byte at most b' ' that is not a blank or `\n` (a control character) is part of a
    // name: the scan decides.
    let ends = matches!(
        CLASS[usize::from(window.get(len).copied()?)],
        BLANK | END | EQUALS
    );
    (len > 0 && ends).then(|| (w & ((1u128 << (8 * len)) - 1), len))
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
    group_sizes: Vec<usize>,
    ids: HashSet<String>,
    profile: ProfileBuilder,
}

impl<'n, 'a> BallotLines<'n, 'a> {
    /// Ready to read about `lines` ballot lines (a hint for reserving memory).
    pub(super) fn new(names: &'n Names<'a>, lines: usize) -> Self {
        let n = names.count;
        BallotLines {
            names,
            seen: vec![0; n],
            stamp: 0,
            ranked: Vec::with_capacity(n),
            group_sizes: Vec::with_capacity(n),
            ids: HashSet::new(),
            profile: ProfileBuilder::with_capacity(lines),
        }
    }

    /// The profile of every ballot added.
    pub(super) fn finish(self) -> Profile {
        self.profile.finish()
    }

    fn start_ranking(&mut self) {
        self.stamp += 1;
        self.ranked.clear();
        self.group_sizes.clear();
    }

    /// Add the ranking just read (merged into an equal one read before; nothing for weight 0).
    fn add(&mut self, weight: Weight) {
        self.profile
            .push_grouped(weight, &self.ranked, &self.group_sizes);
    }

    /// Read a ballot line from its tokens (comments already dropped).
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
            let mut size = 0;
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
                size += 1;
            }
            self.group_sizes.push(size);
        }
        self.add(weight);
        Ok(Line::Ballot)
    }

    /// Read a plain ballot line straight from the bytes of `text` (the rest of the input,
    /// from the start of the line) and return what it was and its length without the `\n`;
    /// or give up (`None`) and leave the line to [`BallotLines::general`]. Gives the same
    /// result as the general path whenever it gives one.
    pub(super) fn fast(&mut self, text: &str) -> Option<(Line, usize)> {
        let b = text.as_bytes();
        let class = |i: usize| b.get(i).map_or(END, |&c| CLASS[usize::from(c)]);
        let mut i = 0;
        while class(i) == BLANK {
            i += 1;
        }
        if class(i) == END {
            return (i <= MAX_LINE_BYTES).then_some((Line::Blank, i));
        }
        let start = i;
        let mut weight = 0u64;
        while class(i) == DIGIT {
            weight = weight.wrapping_mul(10).wrapping_add(u64::from(b[i] - b'0'));
            i += 1;
        }
        let weight_digits = i - start;
        if weight_digits == 0 || weight_digits > 18 || !matches!(class(i), BLANK | END) {
            return None;
        }
        self.start_ranking();
        let mut any_token = false;
        loop {
            while class(i) == BLANK {
                i += 1;
            }
            if class(i) == END {
                break;
            }
            any_token = true;
            if b[i] == b'0' && matches!(class(i + 1), BLANK | END) {
                // The `0` ending the ballot: only blanks may follow.
                i += 1;
                while class(i) == BLANK {
                    i += 1;
                }
                if class(i) != END {
                    return None;
                }
                break;
            }
            if b[i] == b'#' || b[i] == b'/' {
                return None;
            }
            let mut size = 0;
            loop {
                let c = if let Some((key, len)) = short_name(b, i) {
                    // A short nickname, found in one load.
                    i += len;
                    self.names.short.get(key)? as usize
                } else {
                    self.part(text, &mut i)?
                };
                if std::mem::replace(&mut self.seen[c], self.stamp) == self.stamp {
                    return None;
                }
                self.ranked.push(CandidateId::from(c));
                size += 1;
                if class(i) == EQUALS {
                    i += 1;
                } else {
                    break;
                }
            }
            self.group_sizes.push(size);
        }
        if i > MAX_LINE_BYTES {
            return None;
        }
        if !any_token && weight_digits == 1 && weight == 0 {
            return Some((Line::End, i));
        }
        self.add(Weight::from(weight));
        Some((Line::Ballot, i))
    }

    /// [`BallotLines::fast`]'s reading of the candidate at `text[*i..]` (a part of a group,
    /// up to a blank, the line end or `=`) byte by byte, moving `*i` past it; `None` to
    /// give up.
    fn part(&self, text: &str, i: &mut usize) -> Option<usize> {
        let b = text.as_bytes();
        let class = |i: usize| b.get(i).map_or(END, |&c| CLASS[usize::from(c)]);
        let start = *i;
        let mut value = 0usize;
        let mut digits = true;
        loop {
            match class(*i) {
                DIGIT => {
                    value = value
                        .wrapping_mul(10)
                        .wrapping_add(usize::from(b[*i] - b'0'));
                }
                OTHER => digits = false,
                _ => break,
            }
            *i += 1;
        }
        let len = *i - start;
        if len == 0 {
            None
        } else if digits {
            (len <= 9 && value != 0 && value <= self.names.count).then(|| value - 1)
        } else if len <= 16 {
            self.names
                .short
                .get(pack_at(b, start, len))
                .map(|c| c as usize)
        } else {
            self.names.resolve(&text[start..*i]).ok()
        }
    }
}

/// Byte classes for [`BallotLines::fast`]: the ones that end a part come first.
const BLANK: u8 = 1;
const END: u8 = 2;
const EQUALS: u8 = 3;
const DIGIT: u8 = 4;
const OTHER: u8 = 5;

/// The class of every byte: blanks as in [`is_blank`], `\n` ends the line.
static CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        class[b] = if b == b'\n' as usize {
            END
        } else if is_blank(b as u8) {
            BLANK
        } else if b == b'=' as usize {
            EQUALS
        } else if (b as u8).is_ascii_digit() {
            DIGIT
        } else {
            OTHER
        };
        b += 1;
    }
    class
};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tokens(line: &str) -> Vec<&str> {
        line.split(|c: char| c.is_ascii() && is_blank(c as u8))
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// The nicknames of [`line`]'s candidates: of 1 to 17 bytes (short ones are read in one
    /// load when 16 bytes follow them), one not ASCII.
    const NICKS: [&str; 8] = [
        "ab",
        "b",
        "cc",
        "a-long-nickname-x",
        "d",
        "fifteen-bytes-x",
        "sixteen-bytes-xy",
        "é",
    ];

    /// A line of tokens drawn from numbers, nicknames, `=`, `0` and odd characters.
    fn line() -> impl Strategy<Value = String> {
        let token = prop_oneof![
            4 => (1usize..9).prop_map(|k| k.to_string()),
            4 => prop::sample::select(NICKS.iter().chain(&["x"]).copied().collect::<Vec<_>>())
                .prop_map(str::to_owned),
            2 => Just("0".to_owned()),
            1 => prop::sample::select(vec!["=", "2=3", "b=cc", "3=", "=1", "00", "7", "#c", "//",
                                           "/*", "(id)", "-2", "[x]", "123456789012345678901234",
                                           "d=fifteen-bytes-x=é", "a\u{1}b", "cc\u{1}", "b==d"])
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
    fn a_short_name_ends_at_the_first_blank_line_end_or_equals_within_16_bytes() {
        let name = |line: &str, at| short_name(line.as_bytes(), at);
        let padding = " ".repeat(16);
        let padded = |s: &str| format!("{s}{padding}");
        assert_eq!(name(&padded("ab c"), 0), Some((pack(b"ab"), 2)));
        assert_eq!(name(&padded("x ab=c"), 2), Some((pack(b"ab"), 2)));
        assert_eq!(name(&padded("ab\tc"), 0), Some((pack(b"ab"), 2)));
        assert_eq!(name(&padded("ab\n"), 0), Some((pack(b"ab"), 2)));
        assert_eq!(name(&padded("é b"), 0), Some((pack("é".as_bytes()), 2)));
        assert_eq!(
            name(&padded("fifteen-bytes-x"), 0),
            Some((pack(b"fifteen-bytes-x"), 15))
        );
        // Left to the byte-by-byte scan: 16 bytes or more, a control character, a digit
        // first, an empty part, fewer than 16 bytes left.
        for (line, at) in [
            (padded("sixteen-bytes-xy"), 0),
            (padded("a\u{1}b c"), 0),
            (padded("1a b"), 0),
            (padded("=a"), 0),
            ("ab c".to_owned(), 0),
        ] {
            assert_eq!(name(&line, at), None, "{line:?}");
        }
    }

    #[test]
    fn the_fast_path_reads_plain_lines_and_leaves_the_rest() {
        let names = Names::with_nicks(3, &["a", "b", "c"])
            .ok()
            .expect("valid nicknames");
        let mut lines = BallotLines::new(&names, 0);
        assert_eq!(lines.fast("  3 a b=c 0 "), Some((Line::Ballot, 12)));
        assert_eq!(lines.fast("2 1 3\n4 a 0\n"), Some((Line::Ballot, 5)));
        assert_eq!(lines.fast("0\r\n\"A\""), Some((Line::End, 2)));
        assert_eq!(lines.fast(" \t\n"), Some((Line::Blank, 2)));
        assert_eq!(lines.fast(""), Some((Line::Blank, 0)));
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
            profile.ballots().get(0).unwrap().ranking.group(1),
            &[CandidateId(1), CandidateId(2)]
        );
    }

    proptest! {
        #[test]
        fn fast_and_general_paths_agree(lines in prop::collection::vec(line(), 1..6)) {
            let names = Names::with_nicks(NICKS.len(), &NICKS).ok().expect("valid nicknames");
            let mut fast = BallotLines::new(&names, 0);
            let mut general = BallotLines::new(&names, 0);
            for line in &lines {
                let by_general = general.general(&tokens(line));
                if let Some((by_fast, len)) = fast.fast(line) {
                    prop_assert_eq!(Ok(by_fast), by_general.clone(), "line {:?}", line);
                    prop_assert_eq!(len, line.len());
                } else {
                    // Keep both in step: the general path reads what the fast one gave up.
                    let _ = fast.general(&tokens(line));
                }
            }
            prop_assert_eq!(fast.finish(), general.finish());
        }
    }
}
