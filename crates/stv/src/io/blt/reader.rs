//! The BLT reader: one pass over the input, a block at a time, line by line.
//!
//! Why it is fast: the input is read in blocks cut at a line end (see [`TextReader`]), each
//! checked as UTF-8 once, then split into lines without copying; plain ballot lines are read
//! straight from their bytes in one pass (candidate numbers parsed as they are scanned,
//! nicknames of up to 16 bytes looked up as one integer, most found in one 16-byte load), into
//! two reused buffers; repeated candidates are caught with a stamp per candidate (no clearing
//! between ballots); equal rankings are merged as they come, so a ranking seen before costs no
//! allocation; and the profile is built once. See [`super::ballots`]. Only the header and
//! option lines, which are few and short, are copied out of the block that holds them.

use std::io::Read;

use super::ballots::{BallotLines, Line, Names, NickProblem, small_number};

use crate::io::text::{self, TextReader, is_blank, trim_blank};
use crate::io::{
    Culprit, MAX_CANDIDATES, ParseError, culprit, show, tie_order_problem, validation_message,
};
use crate::model::{Candidate, CandidateId, Election, Profile};

/// Read a BLT file from `reader`, `block` bytes at a time.
pub(super) fn read(reader: impl Read, source: &str, block: usize) -> Result<Election, ParseError> {
    let mut parser = Parser {
        source,
        lines: TextReader::new(reader, source, block),
        in_comment: false,
    };
    let parsed = parser.parse();
    parser.lines.finish(parsed)
}

#[cfg(test)]
mod tests;

const EXPECTED_HEADER: &str = "expected a first line `CANDIDATES SEATS` such as `5 2`";

struct Parser<'s, R> {
    source: &'s str,
    lines: TextReader<'s, R>,
    /// Inside a `/* ... */` comment that has not ended yet.
    in_comment: bool,
}

/// The tokens of a line, with its number.
type CodeLine = (usize, Vec<String>);

/// What the option lines and `-N` lines said, before nicknames are known.
#[derive(Default)]
struct Options {
    nick: Option<CodeLine>,
    tie: Option<CodeLine>,
    withdrawn: Vec<(usize, String)>,
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

impl<'s, R: Read> Parser<'s, R> {
    fn error(&self, line: usize, message: impl Into<String>) -> ParseError {
        ParseError::new(self.source, line, message)
    }

    /// The line to blame when the input ends too early: the last one.
    fn end_line(&self) -> usize {
        self.lines.last_number()
    }

    /// The next line of the numeric part that holds a token, and its tokens.
    fn code_line(&mut self) -> Result<Option<CodeLine>, ParseError> {
        while let Some((number, line)) = self.lines.next_line()? {
            let mut tokens = Vec::new();
            split_tokens(line, &mut self.in_comment, &mut tokens);
            if !tokens.is_empty() {
                return Ok(Some((
                    number,
                    tokens.into_iter().map(str::to_owned).collect(),
                )));
            }
        }
        Ok(None)
    }

    fn parse(&mut self) -> Result<Election, ParseError> {
        // Header: CANDIDATES SEATS [-N ...]
        let Some((header, tokens)) = self.code_line()? else {
            return Err(self.error(
                self.end_line(),
                format!("no ballot data, {EXPECTED_HEADER}"),
            ));
        };
        let n = match small_number(&tokens[0]) {
            Some(n) => n,
            None if tokens[0].bytes().all(|b| b.is_ascii_digit()) => usize::MAX,
            None => {
                return Err(self.error(
                    header,
                    format!(
                        "`{}` is not a number of candidates, {EXPECTED_HEADER}",
                        show(&tokens[0])
                    ),
                ));
            }
        };
        if n > MAX_CANDIDATES {
            return Err(self.error(
                header,
                format!(
                    "the header claims {} candidates, expected at most {MAX_CANDIDATES}",
                    show(&tokens[0])
                ),
            ));
        }
        let Some(seats_token) = tokens.get(1) else {
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
        for token in &tokens[2..] {
            match withdrawal(token) {
                Some(number) => options.withdrawn.push((header, number.to_owned())),
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
            let Some((line, tokens)) = self.code_line()? else {
                return Err(self.error(
                    self.end_line(),
                    "the file ends before the ballots, expected ballot lines then a line `0`",
                ));
            };
            if tokens[0].starts_with('[') {
                self.option(line, tokens, &mut options)?;
            } else if tokens.iter().all(|t| withdrawal(t).is_some()) {
                options
                    .withdrawn
                    .extend(tokens.iter().map(|t| (line, t[1..].to_owned())));
            } else {
                break (line, tokens);
            }
        };
        let names = self.nicknames(n, options.nick.as_ref())?;
        let mut withdrawn: Vec<CandidateId> = Vec::new();
        for (line, token) in options.withdrawn {
            let id = CandidateId::from(
                names
                    .resolve(&token)
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
        let ballots = self.ballots(first_ballot, &names)?;

        // Candidate names, then the title.
        let mut items: Vec<(usize, String)> = Vec::with_capacity(n + 1);
        while items.len() <= n {
            let Some((number, line)) = self.lines.next_line()? else {
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
                    return Err(ParseError::new(
                        self.source,
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
                    return Err(ParseError::new(
                        self.source,
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
        mut tokens: Vec<String>,
        options: &mut Options,
    ) -> Result<(), ParseError> {
        let mut words: Vec<String> = Vec::new();
        let mut first = true;
        'lines: loop {
            for (i, token) in tokens.iter().enumerate() {
                let token = if first { &token[1..] } else { token };
                first = false;
                if let Some(word) = token.strip_suffix(']') {
                    if !word.is_empty() {
                        words.push(word.to_owned());
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
                    words.push(token.to_owned());
                }
            }
            match self.code_line()? {
                Some((_, next)) => tokens = next,
                None => {
                    return Err(self.error(line, "unterminated option, expected `]` to end it"));
                }
            }
        }
        let Some((name, args)) = words.split_first() else {
            return Err(self.error(
                line,
                "empty option `[]`, expected a name such as `nick`, `withdrawn` or `tie`",
            ));
        };
        let slot = match name.as_str() {
            "nick" => &mut options.nick,
            "tie" => &mut options.tie,
            "withdrawn" => {
                options
                    .withdrawn
                    .extend(args.iter().map(|a| (line, a.clone())));
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
    fn nicknames<'o>(&self, n: usize, nick: Option<&'o CodeLine>) -> Result<Names<'o>, ParseError> {
        let Some((line, words)) = nick else {
            return Ok(Names::numbers(n));
        };
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        Names::with_nicks(n, &words).map_err(|problem| {
            let message = match problem {
                NickProblem::Count(given) => format!(
                    "[nick] gives {given} nicknames for {n} candidates, expected one per candidate"
                ),
                NickProblem::Bad(word, why) => format!("nickname `{}` {why}", show(word)),
            };
            self.error(*line, message)
        })
    }

    fn truncated_ballots(&self) -> ParseError {
        self.error(
            self.end_line(),
            "the file ends inside the ballots, expected more ballot lines or a line `0` that ends them",
        )
    }

    /// Ballot lines from the `first` one up to the line `0`.
    fn ballots(&mut self, first: CodeLine, names: &Names<'_>) -> Result<Profile, ParseError> {
        // Not `rest()`: reading on now could report a problem further on before this line's.
        let lines_held = text::count_newlines(self.lines.held().as_bytes());
        let mut ballots = BallotLines::new(names, lines_held);
        let (line, tokens) = first;
        let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
        if ballots.general(&tokens).map_err(|m| self.error(line, m))? == Line::End {
            return Ok(ballots.finish());
        }
        loop {
            // Read on by the fast path where it can, and line by line where it cannot.
            if !self.in_comment {
                let rest = self.lines.rest()?;
                match ballots.fast(rest) {
                    Some((Line::End, len)) => {
                        self.lines.skip_line(len);
                        return Ok(ballots.finish());
                    }
                    Some((Line::Ballot | Line::Blank, len)) => {
                        if rest.is_empty() {
                            return Err(self.truncated_ballots());
                        }
                        self.lines.skip_line(len);
                        continue;
                    }
                    None => {}
                }
            }
            let Some((number, text)) = self.lines.next_line()? else {
                return Err(self.truncated_ballots());
            };
            let mut tokens = Vec::new();
            split_tokens(text, &mut self.in_comment, &mut tokens);
            if tokens.is_empty() {
                continue;
            }
            let read = ballots.general(&tokens);
            if read.map_err(|m| ParseError::new(self.source, number, m))? == Line::End {
                return Ok(ballots.finish());
            }
        }
    }
}
