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

/// How many `\n` bytes `bytes` holds (eight bytes at a time).
pub(crate) fn count_newlines(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut chunks = bytes.chunks_exact(8);
    let mut count = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // Bytes equal to `\n` become 0; a byte's top bit is then set unless it is 0.
        let x = u64::from_le_bytes(word) ^ (ONES * u64::from(b'\n'));
        let nonzero = ((x & LOW7) + LOW7) | x;
        count += (!nonzero & !LOW7).count_ones() as usize;
    }
    count + chunks.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// Is `b` blank space inside a line? (Space, tab, carriage return, vertical tab, form feed.)
#[inline]
pub(crate) const fn is_blank(b: u8) -> bool {
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

    /// The text not read yet, from the start of the next line.
    pub(crate) fn rest(&self) -> &'a str {
        if self.done { "" } else { self.rest }
    }

    /// Skip the next line, known to be `len` bytes long (without its `\n`).
    pub(crate) fn skip_line(&mut self, len: usize) {
        if self.done {
            return;
        }
        self.number += 1;
        match self.rest.get(len + 1..) {
            Some(rest) if !rest.is_empty() => self.rest = rest,
            _ => {
                self.rest = "";
                self.done = true;
            }
        }
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
        // A plain byte loop: faster than `str::find` on lines of a hundred bytes or so.
        let (line, rest) = match self.rest.bytes().position(|b| b == b'\n') {
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
    fn newlines_are_counted_eight_bytes_at_a_time() {
        for text in [
            "",
            "\n",
            "a\nb\n\n",
            "\u{8a}\n\u{10a}\n0123456789\n\n\n\nxyz\n",
        ] {
            let expected = text.bytes().filter(|&b| b == b'\n').count();
            assert_eq!(count_newlines(text.as_bytes()), expected, "{text:?}");
        }
        let all: Vec<u8> = (0..=255).chain(0..=255).collect();
        assert_eq!(count_newlines(&all), 2);
    }

    #[test]
    fn skipping_lines_is_reading_them() {
        let text = "3 2\r\n4 1 0\n\nlast";
        let mut read = Lines::new(text);
        let mut skipped = Lines::new(text);
        while let Some((_, line)) = read.next_line("t").unwrap() {
            assert!(skipped.rest().starts_with(line));
            let len = skipped.rest().find('\n').unwrap_or(skipped.rest().len());
            skipped.skip_line(len);
            assert_eq!(skipped.last_number(), read.last_number());
            assert_eq!(skipped.rest(), read.rest());
        }
        assert_eq!(skipped.rest(), "");
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
