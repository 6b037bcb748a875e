//! Shared text handling: rejecting binary input, splitting lines under a length limit.

use super::{MAX_LINE_BYTES, ParseError};

/// The input as text: the UTF-8 byte-order mark is dropped; NUL bytes and invalid UTF-8 are
/// errors that name the line, since they mean the file is not text at all.
pub(crate) fn decode<'a>(bytes: &'a [u8], source: &str) -> Result<&'a str, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        let at = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        let line = line_of(bytes, at);
        return Err(ParseError::new(
            source,
            line,
            "binary data (a NUL byte), expected a text file",
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = line_of(bytes, at);
        ParseError::new(
            source,
            line,
            format!(
                "invalid UTF-8 (byte 0x{:02X}), expected text encoded as UTF-8",
                bytes[at]
            ),
        )
    })
}

/// The 1-based line holding byte offset `at`.
pub(crate) fn line_of(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Is `b` blank space inside a line? (Space, tab, carriage return, vertical tab, form feed.)
#[inline]
pub(crate) fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\x0B' | b'\x0C')
}

/// `s` without blank space at either end.
#[inline]
pub(crate) fn trim_blank(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_ascii() && is_blank(c as u8))
}

/// The lines of a text, numbered from 1, without their `\n` or `\r\n` ends.
pub(crate) struct Lines<'a> {
    rest: &'a str,
    /// Number of the line `next` returns next.
    number: usize,
    done: bool,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Lines {
            rest: text,
            number: 1,
            done: text.is_empty(),
        }
    }

    /// The number of the last line returned (0 before the first).
    pub(crate) fn last_number(&self) -> usize {
        self.number - 1
    }

    /// The next line and its number, or `None` at the end; a line longer than
    /// [`MAX_LINE_BYTES`] is an error.
    pub(crate) fn next_line(
        &mut self,
        source: &str,
    ) -> Result<Option<(usize, &'a str)>, ParseError> {
        if self.done {
            return Ok(None);
        }
        let (line, rest) = match self.rest.find('\n') {
            Some(end) => (&self.rest[..end], &self.rest[end + 1..]),
            None => (self.rest, ""),
        };
        if rest.is_empty() {
            self.done = true;
        }
        self.rest = rest;
        let number = self.number;
        self.number += 1;
        if line.len() > MAX_LINE_BYTES {
            return Err(ParseError::new(
                source,
                number,
                format!(
                    "line of {} bytes, expected at most {MAX_LINE_BYTES} bytes per line",
                    line.len()
                ),
            ));
        }
        Ok(Some((number, line.strip_suffix('\r').unwrap_or(line))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_and_lose_their_ends() {
        let mut lines = Lines::new("a\r\nb\n\nc");
        let mut got = Vec::new();
        while let Some(l) = lines.next_line("t").unwrap() {
            got.push(l);
        }
        assert_eq!(got, [(1, "a"), (2, "b"), (3, ""), (4, "c")]);
        assert_eq!(lines.last_number(), 4);
        let mut lines = Lines::new("a\n");
        assert_eq!(lines.next_line("t").unwrap(), Some((1, "a")));
        assert_eq!(lines.next_line("t").unwrap(), None);
        assert_eq!(lines.last_number(), 1);
    }

    #[test]
    fn binary_input_is_refused_with_its_line() {
        let err = decode(b"3 2\n\x00\x01", "f").unwrap_err();
        assert_eq!(err.line(), 2);
        let err = decode(b"3 2\n1 1 0\n\xFF", "f").unwrap_err();
        assert_eq!(err.line(), 3);
        assert_eq!(decode(b"\xEF\xBB\xBF3 2", "f").unwrap(), "3 2");
    }
}
