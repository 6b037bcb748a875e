//! The BLT reader: one pass over the text, line by line, tokens borrowed from the input.
//!
//! Why it is fast: the whole input is checked as UTF-8 once, then split into lines and
//! blank-separated tokens without copying; candidate numbers are parsed from bytes, a ranking
//! is built in two reused buffers and copied once into its [`Ranking`], repeated candidates
//! are caught with a stamp per candidate (no clearing between ballots), and the profile is
//! built once at the end.

use std::collections::{HashMap, HashSet};

use crate::io::text::{self, Lines, is_blank, trim_blank};
use crate::io::{
    Culprit, MAX_CANDIDATES, ParseError, culprit, show, tie_order_problem, validation_message,
};
use crate::model::{Ballot, Candidate, CandidateId, Election, Profile, Ranking, Weight};

pub(super) fn read(bytes: &[u8], source: &str) -> Result<Election, ParseError> {
    let text = text::decode(bytes, source)?;
    Parser {
        source,
        lines: Lines::new(text),
        in_comment: false,
    }
    .parse()
}

const EXPECTED_HEADER: &str = "expected a first line `CANDIDATES SEATS` such as `5 2`";

struct Parser<'a> {
    source: &'a str,
    lines: Lines<'a>,
    /// Inside a `/* ... */` comment that has not ended yet.
    in_comment: bool,
}

/// What the option lines and `-N` lines said, before nicknames are known.
#[derive(Default)]
struct Options<'a> {
    nick: Option<(usize, Vec<&'a str>)>,
    tie: Option<(usize, Vec<&'a str>)>,
    withdrawn: Vec<(usize, &'a str)>,
}

/// How candidates are named on ballots and in options.
struct Names<'a> {
    count: usize,
    nicks: HashMap<&'a str, u32>,
}

impl Names<'_> {
    /// The 0-based index of candidate `token` (a 1-based number or a nickname).
    fn resolve(&self, token: &str) -> Result<usize, String> {
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

/// A token of decimal digits as a `usize`, if it is one and is below 10^18.
#[inline]
fn small_number(token: &str) -> Option<usize> {
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
#[inline]
fn weight(token: &str) -> Option<Weight> {
    match small_number(token) {
        Some(k) => Some(Weight::from(k as u64)),
        None if token.len() > 18 => Weight::parse_decimal(token),
        None => None,
    }
}

/// `-N`: withdraw candidate N (OpenSTV).
fn withdrawal(token: &str) -> Option<&str> {
    token
        .strip_prefix('-')
        .filter(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
}

/// Split a line of the numeric part into tokens, dropping comments.
fn split_tokens<'a>(line: &'a str, in_comment: &mut bool, out: &mut Vec<&'a str>) {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && is_blank(bytes[i]) {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !is_blank(bytes[i]) {
            i += 1;
        }
        if start == i {
            break;
        }
        let token = &line[start..i];
        if *in_comment {
            if token.ends_with("*/") {
                *in_comment = false;
            }
            continue;
        }
        match bytes[start] {
            b'#' => break,
            b'/' if token.starts_with("//") => break,
            b'/' if token.starts_with("/*") => {
                if token.len() < 4 || !token.ends_with("*/") {
                    *in_comment = true;
                }
                continue;
            }
            _ => out.push(token),
        }
    }
}

/// A quoted string at the start of `s` (which starts with `"`): its value, with `""` read as
/// one `"`, and the text after the closing quote. `None` if the quote is not closed.
fn quoted(s: &str) -> Option<(String, &str)> {
    let mut value = String::new();
    let mut rest = &s[1..];
    loop {
        let end = rest.find('"')?;
        value.push_str(&rest[..end]);
        if rest[end + 1..].starts_with('"') {
            value.push('"');
            rest = &rest[end + 2..];
        } else {
            return Some((value, &rest[end + 1..]));
        }
    }
}

fn is_comment(text: &str) -> bool {
    text.starts_with("//") || text.starts_with('#')
}

impl<'a> Parser<'a> {
    fn error(&self, line: usize, message: impl Into<String>) -> ParseError {
        ParseError::new(self.source, line, message)
    }

    /// The line to blame when the input ends too early: the last one.
    fn end_line(&self) -> usize {
        self.lines.last_number()
    }

    /// The next line of the numeric part that holds a token; its tokens go to `out`.
    fn code_line(&mut self, out: &mut Vec<&'a str>) -> Result<Option<usize>, ParseError> {
        while let Some((number, line)) = self.lines.next_line(self.source)? {
            out.clear();
            split_tokens(line, &mut self.in_comment, out);
            if !out.is_empty() {
                return Ok(Some(number));
            }
        }
        Ok(None)
    }

    fn parse(mut self) -> Result<Election, ParseError> {
        let mut tokens = Vec::new();

        // Header: CANDIDATES SEATS [-N ...]
        let Some(header) = self.code_line(&mut tokens)? else {
            return Err(self.error(
                self.end_line(),
                format!("no ballot data, {EXPECTED_HEADER}"),
            ));
        };
        let n = match small_number(tokens[0]) {
            Some(n) => n,
            None if tokens[0].bytes().all(|b| b.is_ascii_digit()) => usize::MAX,
            None => {
                return Err(self.error(
                    header,
                    format!(
                        "`{}` is not a number of candidates, {EXPECTED_HEADER}",
                        show(tokens[0])
                    ),
                ));
            }
        };
        if n > MAX_CANDIDATES {
            return Err(self.error(
                header,
                format!(
                    "the header claims {} candidates, expected at most {MAX_CANDIDATES}",
                    show(tokens[0])
                ),
            ));
        }
        let Some(&seats_token) = tokens.get(1) else {
            return Err(self.error(header, format!("no number of seats, {EXPECTED_HEADER}")));
        };
        let seats = match small_number(seats_token) {
            Some(s) => s,
            None if seats_token.bytes().all(|b| b.is_ascii_digit()) => usize::MAX,
            None => {
                return Err(self.error(
                    header,
                    format!(
                        "`{}` is not a number of seats, {EXPECTED_HEADER}",
                        show(seats_token)
                    ),
                ));
            }
        };
        if seats == 0 {
            return Err(self.error(header, "0 seats, expected at least 1"));
        }
        if seats > n {
            return Err(self.error(
                header,
                format!(
                    "{} seats but only {n} candidates, expected at most as many seats as candidates",
                    show(seats_token)
                ),
            ));
        }
        let mut options = Options::default();
        for &token in &tokens[2..] {
            match withdrawal(token) {
                Some(number) => options.withdrawn.push((header, number)),
                None => {
                    return Err(self.error(
                        header,
                        format!(
                            "unexpected `{}` after the number of seats, expected `-N` to withdraw candidate N, or the end of the line",
                            show(token)
                        ),
                    ));
                }
            }
        }

        // Options and `-N` lines, up to the first ballot.
        let first_ballot = loop {
            let Some(line) = self.code_line(&mut tokens)? else {
                return Err(self.error(
                    self.end_line(),
                    "the file ends before the ballots, expected ballot lines then a line `0`",
                ));
            };
            if tokens[0].starts_with('[') {
                self.option(line, &mut tokens, &mut options)?;
            } else if tokens.iter().all(|t| withdrawal(t).is_some()) {
                options
                    .withdrawn
                    .extend(tokens.iter().map(|t| (line, &t[1..])));
            } else {
                break line;
            }
        };
        let names = self.nicknames(n, options.nick)?;
        let mut withdrawn: Vec<CandidateId> = Vec::new();
        for (line, token) in options.withdrawn {
            let id = CandidateId::from(
                names
                    .resolve(token)
                    .map_err(|m| self.error(line, format!("cannot withdraw: {m}")))?,
            );
            if !withdrawn.contains(&id) {
                withdrawn.push(id);
            }
        }
        let tie_order = match options.tie {
            None => None,
            Some((line, words)) => {
                let order = words
                    .iter()
                    .map(|w| names.resolve(w).map(CandidateId::from))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|m| self.error(line, format!("in [tie]: {m}")))?;
                if let Some(m) = tie_order_problem(&order, n, |id| (id.0 + 1).to_string()) {
                    return Err(self.error(line, m));
                }
                Some(order)
            }
        };

        // Ballots, up to a line `0`.
        let ballots = self.ballots(first_ballot, &mut tokens, &names)?;

        // Candidate names, then the title.
        let mut items: Vec<(usize, String)> = Vec::with_capacity(n + 1);
        while items.len() <= n {
            let Some((number, line)) = self.lines.next_line(self.source)? else {
                let message = if items.len() < n {
                    format!(
                        "the file ends after {} of the {n} candidate names, expected the name of candidate {}",
                        items.len(),
                        items.len() + 1
                    )
                } else {
                    "the file ends before the title, expected a title line after the candidate names".to_owned()
                };
                return Err(self.error(self.end_line(), message));
            };
            let line = trim_blank(line);
            if line.is_empty() || is_comment(line) {
                continue;
            }
            if !line.starts_with('"') {
                items.push((number, line.to_owned()));
                continue;
            }
            let mut rest = line;
            loop {
                let Some((value, after)) = quoted(rest) else {
                    return Err(self.error(
                        number,
                        format!(
                            "unterminated quote in `{}`, expected a closing `\"` on the same line",
                            show(line)
                        ),
                    ));
                };
                items.push((number, value));
                let after = trim_blank(after);
                if items.len() > n || after.is_empty() || is_comment(after) {
                    break;
                }
                if !after.starts_with('"') {
                    return Err(self.error(
                        number,
                        format!(
                            "unexpected `{}` after the closing quote, expected the end of the line",
                            show(after)
                        ),
                    ));
                }
                rest = after;
            }
        }
        let (_, title) = items.pop().unwrap_or_default();
        let election = Election {
            title,
            seats,
            candidates: items
                .iter()
                .map(|(_, name)| Candidate::new(name.clone()))
                .collect(),
            withdrawn,
            tie_order,
            ballots,
        };
        election.validate().map_err(|e| {
            let line = match culprit(&election, &e) {
                Culprit::Candidate(i) => items.get(i).map_or(header, |(line, _)| *line),
                _ => header,
            };
            self.error(line, validation_message(&e))
        })?;
        Ok(election)
    }

    /// An option line `[name args...]`, which may go on over several lines until `]`.
    fn option(
        &mut self,
        line: usize,
        tokens: &mut Vec<&'a str>,
        options: &mut Options<'a>,
    ) -> Result<(), ParseError> {
        let mut words: Vec<&'a str> = Vec::new();
        let mut first = true;
        'lines: loop {
            for (i, &token) in tokens.iter().enumerate() {
                let token = if first { &token[1..] } else { token };
                first = false;
                if let Some(word) = token.strip_suffix(']') {
                    if !word.is_empty() {
                        words.push(word);
                    }
                    if let Some(extra) = tokens.get(i + 1) {
                        return Err(self.error(
                            line,
                            format!(
                                "unexpected `{}` after the `]` that ends an option, expected the end of the line",
                                show(extra)
                            ),
                        ));
                    }
                    break 'lines;
                }
                if !token.is_empty() {
                    words.push(token);
                }
            }
            if self.code_line(tokens)?.is_none() {
                return Err(self.error(line, "unterminated option, expected `]` to end it"));
            }
        }
        let Some((&name, args)) = words.split_first() else {
            return Err(self.error(
                line,
                "empty option `[]`, expected a name such as `nick`, `withdrawn` or `tie`",
            ));
        };
        let slot = match name {
            "nick" => &mut options.nick,
            "tie" => &mut options.tie,
            "withdrawn" => {
                options.withdrawn.extend(args.iter().map(|&a| (line, a)));
                return Ok(());
            }
            // [droop ...] holds Droop.py's counting options; others are unknown: both ignored.
            _ => return Ok(()),
        };
        if slot.is_some() {
            return Err(self.error(
                line,
                format!("a second [{name}] option, expected at most one"),
            ));
        }
        *slot = Some((line, args.to_vec()));
        Ok(())
    }

    /// The nickname table from a `[nick]` option.
    fn nicknames(
        &self,
        n: usize,
        nick: Option<(usize, Vec<&'a str>)>,
    ) -> Result<Names<'a>, ParseError> {
        let mut nicks = HashMap::new();
        if let Some((line, words)) = nick {
            if words.len() != n {
                return Err(self.error(
                    line,
                    format!(
                        "[nick] gives {} nicknames for {n} candidates, expected one per candidate",
                        words.len()
                    ),
                ));
            }
            nicks.reserve(n);
            for (i, &word) in words.iter().enumerate() {
                let problem = if word.bytes().all(|b| b.is_ascii_digit()) {
                    "is a number, expected a name (numbers always mean candidate numbers)"
                } else if word.contains('=') {
                    "contains `=`, expected a name without `=` (it joins equal rankings)"
                } else if nicks.insert(word, i as u32).is_some() {
                    "is given twice, expected a different nickname for each candidate"
                } else {
                    continue;
                };
                return Err(self.error(line, format!("nickname `{}` {problem}", show(word))));
            }
        }
        Ok(Names { count: n, nicks })
    }

    /// Ballot lines from `line` (whose tokens are in `tokens`) up to the line `0`.
    fn ballots(
        &mut self,
        mut line: usize,
        tokens: &mut Vec<&'a str>,
        names: &Names<'a>,
    ) -> Result<Profile, ParseError> {
        let n = names.count;
        let mut ballots: Vec<Ballot> = Vec::new();
        // seen[c] == line: candidate c is already on this line's ranking.
        let mut seen: Vec<usize> = vec![0; n];
        let mut ranked: Vec<CandidateId> = Vec::with_capacity(n);
        let mut group_ends: Vec<usize> = Vec::with_capacity(n);
        let mut ids: HashSet<String> = HashSet::new();
        loop {
            if tokens.len() == 1 && tokens[0] == "0" {
                break;
            }
            let first = tokens[0];
            let (weight, start) = if first.starts_with('(') {
                let Some(end) = tokens.iter().position(|t| t.ends_with(')')) else {
                    return Err(self.error(
                        line,
                        "unterminated ballot id, expected `)` on the same line",
                    ));
                };
                let id = tokens[..=end].join(" ");
                if !ids.insert(id) {
                    return Err(self.error(
                        line,
                        format!(
                            "ballot id {} is used twice, expected a different id for each ballot",
                            show(&tokens[..=end].join(" "))
                        ),
                    ));
                }
                (Weight::ONE, end + 1)
            } else {
                match weight(first) {
                    Some(w) => (w, 1),
                    None => {
                        let message = if first.starts_with('[') {
                            "option after the first ballot, expected options before the ballots"
                                .to_owned()
                        } else if first.starts_with('-') {
                            format!(
                                "negative weight `{}`, expected a whole number of voters (0 or more)",
                                show(first)
                            )
                        } else {
                            format!(
                                "`{}` is not a ballot weight, expected a ballot line `WEIGHT CANDIDATES... 0` or the line `0` that ends the ballots",
                                show(first)
                            )
                        };
                        return Err(self.error(line, message));
                    }
                }
            };
            ranked.clear();
            group_ends.clear();
            let mut ended = false;
            for &token in &tokens[start..] {
                if ended {
                    return Err(self.error(
                        line,
                        format!(
                            "unexpected `{}` after the `0` that ends the ballot, expected one ballot per line",
                            show(token)
                        ),
                    ));
                }
                if token == "0" {
                    ended = true;
                    continue;
                }
                for part in token.split('=') {
                    if part.is_empty() {
                        return Err(self.error(
                            line,
                            format!(
                                "`{}` has nothing on one side of `=`, expected candidates joined by `=` such as `2=3`",
                                show(token)
                            ),
                        ));
                    }
                    let c = names.resolve(part).map_err(|m| self.error(line, m))?;
                    if std::mem::replace(&mut seen[c], line) == line {
                        return Err(self.error(
                            line,
                            format!(
                                "candidate {} appears twice in one ranking, expected each candidate at most once",
                                show(part)
                            ),
                        ));
                    }
                    ranked.push(CandidateId::from(c));
                }
                group_ends.push(ranked.len());
            }
            if !weight.is_zero() {
                let ranking = if group_ends.len() == ranked.len() {
                    Ranking::strict(ranked.clone())
                } else {
                    let mut begin = 0;
                    Ranking::from_groups(group_ends.iter().map(|&end| {
                        let group = &ranked[begin..end];
                        begin = end;
                        group.iter().copied()
                    }))
                };
                ballots.push(Ballot { weight, ranking });
            }
            match self.code_line(tokens)? {
                Some(next) => line = next,
                None => {
                    return Err(self.error(
                        self.end_line(),
                        "the file ends inside the ballots, expected more ballot lines or a line `0` that ends them",
                    ));
                }
            }
        }
        Ok(Profile::from_ballots(ballots))
    }
}
