//! The BLT reader: one pass over the text, line by line, tokens borrowed from the input.
//!
//! Why it is fast: the whole input is checked as UTF-8 once, then split into lines without
//! copying; plain ballot lines are read straight from their bytes in one pass (candidate
//! numbers parsed as they are scanned, nicknames of up to 16 bytes looked up as one integer),
//! into two reused buffers; repeated candidates are caught with a stamp per candidate (no
//! clearing between ballots); equal rankings are merged as they come, so a ranking seen before
//! costs no allocation; and the profile is built once. See [`super::ballots`].

use super::ballots::{BallotLines, Line, Names, NickProblem, small_number};

use crate::io::text::{self, Lines, is_blank, trim_blank};
use crate::io::{
    Culprit, MAX_CANDIDATES, ParseError, culprit, show, tie_order_problem, validation_message,
};
use crate::model::{Candidate, CandidateId, Election, Profile};

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

    /// How ballots and options name candidates, given the `[nick]` option if any.
    fn nicknames(
        &self,
        n: usize,
        nick: Option<(usize, Vec<&'a str>)>,
    ) -> Result<Names<'a>, ParseError> {
        let Some((line, words)) = nick else {
            return Ok(Names::numbers(n));
        };
        Names::with_nicks(n, &words).map_err(|problem| {
            let message = match problem {
                NickProblem::Count(given) => format!(
                    "[nick] gives {given} nicknames for {n} candidates, expected one per candidate"
                ),
                NickProblem::Bad(word, why) => format!("nickname `{}` {why}", show(word)),
            };
            self.error(line, message)
        })
    }

    fn truncated_ballots(&self) -> ParseError {
        self.error(
            self.end_line(),
            "the file ends inside the ballots, expected more ballot lines or a line `0` that ends them",
        )
    }

    /// Ballot lines from `line` (whose tokens are in `tokens`) up to the line `0`.
    fn ballots(
        &mut self,
        mut line: usize,
        tokens: &mut Vec<&'a str>,
        names: &Names<'a>,
    ) -> Result<Profile, ParseError> {
        let lines_left = text::count_newlines(self.lines.rest().as_bytes());
        let mut ballots = BallotLines::new(names, lines_left);
        loop {
            if ballots.general(tokens).map_err(|m| self.error(line, m))? == Line::End {
                return Ok(ballots.finish());
            }
            // Read on, by the fast path where it can, to the next line it cannot read.
            loop {
                if !self.in_comment {
                    match ballots.fast(self.lines.rest()) {
                        Some((Line::End, len)) => {
                            self.lines.skip_line(len);
                            return Ok(ballots.finish());
                        }
                        Some((Line::Ballot | Line::Blank, len)) => {
                            if self.lines.rest().is_empty() {
                                return Err(self.truncated_ballots());
                            }
                            self.lines.skip_line(len);
                            continue;
                        }
                        None => {}
                    }
                }
                let Some((number, text)) = self.lines.next_line(self.source)? else {
                    return Err(self.truncated_ballots());
                };
                line = number;
                tokens.clear();
                split_tokens(text, &mut self.in_comment, tokens);
                if !tokens.is_empty() {
                    break;
                }
            }
        }
    }
}
