//! Shared text handling: rejecting binary input, splitting lines under a length limit, and
//! reading text from any [`Read`] a block at a time ([`TextReader`]).

use std::io::{self, Read};

use super::{MAX_LINE_BYTES, ParseError};

/// The UTF-8 byte-order mark, skipped at the start of the input.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many bytes [`TextReader`] asks its reader for at a time.
pub(crate) const BLOCK_BYTES: usize = 128 << 10;

/// The input as text: the UTF-8 byte-order mark is dropped; NUL bytes and invalid UTF-8 are
/// errors that name the line, since they mean the file is not text at all.
pub(crate) fn decode<'a>(bytes: &'a [u8], source: &str) -> Result<&'a str, ParseError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if bytes.contains(&0) {
        let at = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        return Err(nul_byte(source, line_of(bytes, at)));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        invalid_utf8(source, line_of(bytes, at), bytes[at])
    })
}

/// The error for a NUL byte on `line`.
fn nul_byte(source: &str, line: usize) -> ParseError {
    ParseError::new(
        source,
        line,
        "binary data (a NUL byte), expected a text file",
    )
}

/// The error for `byte`, the first one on `line` that is not part of valid UTF-8.
fn invalid_utf8(source: &str, line: usize, byte: u8) -> ParseError {
    ParseError::new(
        source,
        line,
        format!("invalid UTF-8 (byte 0x{byte:02X}), expected text encoded as UTF-8"),
    )
}

/// The error for `line`, `len` bytes long (without its `\n`), over [`MAX_LINE_BYTES`].
fn too_long(source: &str, line: usize, len: usize) -> ParseError {
    ParseError::new(
        source,
        line,
        format!("line of {len} bytes, expected at most {MAX_LINE_BYTES} bytes per line"),
    )
}

/// The error for a reader that failed, with `error`, on `line`.
fn read_failed(source: &str, line: usize, error: impl std::fmt::Display) -> ParseError {
    ParseError::new(
        source,
        line,
        format!("cannot read the input ({error}), expected a readable file"),
    )
}

/// Everything `reader` gives; a failure is an error at the line it stopped in.
pub(crate) fn read_all(mut reader: impl Read, source: &str) -> Result<Vec<u8>, ParseError> {
    let mut bytes = Vec::new();
    match reader.read_to_end(&mut bytes) {
        Ok(_) => Ok(bytes),
        Err(e) => Err(read_failed(source, line_of(&bytes, bytes.len()), e)),
    }
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
        Lines::starting_at(text, 1)
    }

    /// The lines of `text`, the first one numbered `number`.
    fn starting_at(text: &'a str, number: usize) -> Self {
        Lines {
            rest: text,
            number,
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
            return Err(too_long(source, number, line.len()));
        }
        Ok(Some((number, line.strip_suffix('\r').unwrap_or(line))))
    }
}

/// The lines of a text read from `R` a block at a time, as [`Lines`] gives them from a text
/// in memory: the same lines, numbers, errors and byte-order mark handling, whatever the
/// block size and however the reader splits its bytes.
///
/// It holds at most about one block and one line: a block is cut after its last `\n`, the
/// rest kept for the next one; that part is checked to be UTF-8 (a `\n` never falls inside
/// a character) and without NUL bytes, then handed out line by line without copying. A line
/// longer than [`MAX_LINE_BYTES`] is not kept: its length is counted as it is read on.
///
/// Problems with the bytes themselves (NUL bytes, invalid UTF-8, a line too long, a failing
/// reader) stop the reading with an error, but the final word is [`TextReader::finish`]'s:
/// it reads the rest of the input, so that the result is exactly that of [`decode`] and
/// [`Lines`] on the whole input (a NUL byte anywhere outranks anything else, then invalid
/// UTF-8 anywhere, then what the parser found), without keeping the rest.
pub(crate) struct TextReader<'s, R> {
    reader: R,
    source: &'s str,
    /// Bytes asked of the reader at a time.
    block: usize,
    /// Checked text; `text[pos..]` is not read yet. It ends with `\n` unless the input has.
    text: String,
    pos: usize,
    /// The number of the line that starts at `text[pos]`.
    number: usize,
    /// Bytes read after the last `\n` of `text` (the start of a line), checked for NUL bytes
    /// but not yet as UTF-8.
    pending: Vec<u8>,
    /// The byte-order mark has been looked for.
    started: bool,
    /// The reader has no more bytes.
    eof: bool,
    /// The line of the first NUL byte.
    nul: Option<usize>,
    /// The line and value of the first byte that is not valid UTF-8.
    invalid: Option<(usize, u8)>,
    /// The line where the reader failed, and how.
    failed: Option<(usize, String)>,
    /// A line too long to keep: its number and the bytes counted so far.
    long_line: Option<(usize, usize)>,
}

impl<'s, R: Read> TextReader<'s, R> {
    /// Lines read from `reader` `block` bytes at a time; `source` names it in errors.
    pub(crate) fn new(reader: R, source: &'s str, block: usize) -> Self {
        TextReader {
            reader,
            source,
            block: block.max(1),
            text: String::new(),
            pos: 0,
            number: 1,
            pending: Vec::new(),
            started: false,
            eof: false,
            nul: None,
            invalid: None,
            failed: None,
            long_line: None,
        }
    }

    /// The number of the last line returned (0 before the first).
    pub(crate) fn last_number(&self) -> usize {
        self.number - 1
    }

    /// The text held that is not read yet, from the start of the next line: at least that
    /// whole line, or everything left of the input (`""` at its end).
    pub(crate) fn rest(&mut self) -> Result<&str, ParseError> {
        self.fill()?;
        Ok(self.held())
    }

    /// The text held that is not read yet, without reading more: possibly nothing.
    pub(crate) fn held(&self) -> &str {
        &self.text[self.pos..]
    }

    /// Skip the next line, known to be `len` bytes long (without its `\n`).
    pub(crate) fn skip_line(&mut self, len: usize) {
        self.step(|lines| lines.skip_line(len));
    }

    /// The next line and its number, or `None` at the end, as [`Lines::next_line`] gives it.
    pub(crate) fn next_line(&mut self) -> Result<Option<(usize, &str)>, ParseError> {
        self.fill()?;
        let source = self.source;
        self.step(|lines| lines.next_line(source))
    }

    /// Take one step of [`Lines`] over the text held, and record how far it went.
    fn step<'t, T>(&'t mut self, step: impl FnOnce(&mut Lines<'t>) -> T) -> T {
        let mut lines = Lines::starting_at(&self.text[self.pos..], self.number);
        let out = step(&mut lines);
        self.pos = self.text.len() - lines.rest().len();
        self.number = lines.last_number() + 1;
        out
    }

    /// Make sure the text held has a whole line left, or everything left of the input.
    fn fill(&mut self) -> Result<(), ParseError> {
        if self.pos < self.text.len() || self.eof {
            return Ok(());
        }
        if let Some(problem) = self.problem() {
            return Err(problem);
        }
        // Everything held was read: start again from the pending part of a line.
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        bytes.clear();
        self.pos = 0;
        bytes.append(&mut self.pending);
        // `bytes[..checked]` holds no NUL byte and no `\n`.
        let mut checked = bytes.len();
        loop {
            if let Err(e) = read_block(&mut self.reader, &mut bytes, self.block, &mut self.eof) {
                self.failed = Some((self.number + count_newlines(&bytes), e.to_string()));
                return Err(self.stop());
            }
            if !self.started {
                if bytes.len() < BOM.len() && !self.eof {
                    continue;
                }
                if bytes.starts_with(BOM) {
                    bytes.drain(..BOM.len());
                }
                self.started = true;
            }
            let new = &bytes[checked..];
            if new.contains(&0) {
                let at = checked + new.iter().position(|&b| b == 0).unwrap_or(0);
                self.nul = Some(self.number + count_newlines(&bytes[..at]));
                return Err(self.stop());
            }
            if self.eof {
                break;
            }
            if let Some(last) = new.iter().rposition(|&b| b == b'\n') {
                let end = checked + last + 1;
                self.pending.extend_from_slice(&bytes[end..]);
                bytes.truncate(end);
                break;
            }
            checked = bytes.len();
            if bytes.len() > MAX_LINE_BYTES {
                // Too long to keep: `finish` counts the rest of it.
                self.long_line = Some((self.number, 0));
                self.pending = bytes;
                return Err(self.stop());
            }
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                self.text = text;
                Ok(())
            }
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                self.invalid = Some((self.number + count_newlines(&bytes[..at]), bytes[at]));
                // What `finish` reads on from is `pending`, which starts this many lines on.
                self.number += count_newlines(&bytes);
                Err(self.stop())
            }
        }
    }

    /// The error that stops the reading now (it may change once the rest is read).
    fn stop(&self) -> ParseError {
        self.problem()
            .unwrap_or_else(|| ParseError::new(self.source, self.number, "stopped"))
    }

    /// The problem with the bytes read so far, if any, in order of precedence.
    fn problem(&self) -> Option<ParseError> {
        let source = self.source;
        if let Some(line) = self.nul {
            Some(nul_byte(source, line))
        } else if let Some((line, message)) = &self.failed {
            Some(read_failed(source, *line, message))
        } else if let Some((line, byte)) = self.invalid {
            Some(invalid_utf8(source, line, byte))
        } else {
            self.long_line
                .map(|(line, len)| too_long(source, line, len))
        }
    }

    /// The result of reading the whole input, given what the parser made of the lines it
    /// read: the rest of the input is read (not kept) and checked, and a problem with the
    /// bytes themselves, anywhere, outranks `parsed`.
    pub(crate) fn finish<T>(mut self, parsed: Result<T, ParseError>) -> Result<T, ParseError> {
        self.read_to_end();
        match self.problem() {
            Some(problem) => Err(problem),
            None => parsed,
        }
    }

    /// Read and check what is left of the input without keeping it: note the first NUL byte
    /// and the first invalid UTF-8, and the length of a line too long to keep.
    fn read_to_end(&mut self) {
        if self.nul.is_some() || self.failed.is_some() {
            return;
        }
        let mut line = self.number + count_newlines(&self.text.as_bytes()[self.pos..]);
        self.text = String::new();
        // `bytes[..carried]`: the start of a character cut by the end of the last block.
        let mut bytes = std::mem::take(&mut self.pending);
        let mut carried = 0;
        let mut measuring = self.long_line.is_some();
        loop {
            let new = &bytes[carried..];
            if new.contains(&0) {
                let at = carried + new.iter().position(|&b| b == 0).unwrap_or(0);
                self.nul = Some(line + count_newlines(&bytes[..at]));
                return;
            }
            if let Some((_, len)) = self.long_line.as_mut().filter(|_| measuring) {
                match new.iter().position(|&b| b == b'\n') {
                    Some(end) => {
                        *len += end;
                        measuring = false;
                    }
                    None => *len += new.len(),
                }
            }
            let mut keep = 0;
            if self.invalid.is_none() {
                if let Err(e) = std::str::from_utf8(&bytes) {
                    let at = e.valid_up_to();
                    if e.error_len().is_none() && !self.eof {
                        keep = bytes.len() - at;
                    } else {
                        self.invalid = Some((line + count_newlines(&bytes[..at]), bytes[at]));
                    }
                }
            }
            line += count_newlines(new);
            if self.eof {
                return;
            }
            bytes.drain(..bytes.len() - keep);
            carried = bytes.len();
            if let Err(e) = read_block(&mut self.reader, &mut bytes, self.block, &mut self.eof) {
                self.failed = Some((line + count_newlines(&bytes), e.to_string()));
                return;
            }
        }
    }
}

/// Append up to `block` bytes from `reader` to `bytes`, fewer only at the end of the input
/// (then `eof` is set).
fn read_block(
    reader: &mut impl Read,
    bytes: &mut Vec<u8>,
    block: usize,
    eof: &mut bool,
) -> io::Result<()> {
    if bytes.len() < block {
        bytes.reserve(block);
    } else {
        // A line longer than a block: grow by just what is needed, so that a line over the
        // limit costs about the limit and a block, not twice that.
        bytes.reserve_exact(block);
    }
    // `read_to_end` reads into the spare capacity without zeroing it first.
    let read = reader.by_ref().take(block as u64).read_to_end(bytes)?;
    if read < block {
        *eof = true;
    }
    Ok(())
}

/// A reader that hands out its bytes a few at a time (1 to 7, varying) and now and then fails
/// with `Interrupted` before giving any, as pipes and signals do.
#[cfg(test)]
pub(crate) struct Pieces<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) calls: usize,
}

#[cfg(test)]
impl Read for Pieces<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.calls += 1;
        if self.calls % 11 == 0 {
            return Err(io::ErrorKind::Interrupted.into());
        }
        let n = (1 + self.calls * 5 % 7)
            .min(buf.len())
            .min(self.bytes.len());
        let (given, rest) = self.bytes.split_at(n);
        buf[..n].copy_from_slice(given);
        self.bytes = rest;
        Ok(n)
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

    type Outcome = Result<Vec<(usize, String)>, ParseError>;

    /// The lines of the whole text, as `decode` and `Lines` give them.
    fn whole(bytes: &[u8]) -> Outcome {
        let mut lines = Lines::new(decode(bytes, "t")?);
        let mut got = Vec::new();
        while let Some((number, line)) = lines.next_line("t")? {
            got.push((number, line.to_owned()));
        }
        Ok(got)
    }

    /// The lines `TextReader` gives, reading `block` bytes at a time, taking every other line
    /// by `rest` and `skip_line` (as the BLT fast path does) rather than by `next_line`.
    fn streamed(reader: impl Read, block: usize) -> Outcome {
        let mut lines = TextReader::new(reader, "t", block);
        let mut got = Vec::new();
        let read = loop {
            let skip = got.len() % 2 == 1;
            let next = if skip {
                lines.rest().map(|rest| {
                    let line = rest.split('\n').next().unwrap_or("");
                    (!rest.is_empty()).then(|| {
                        (
                            line.len(),
                            line.strip_suffix('\r').unwrap_or(line).to_owned(),
                        )
                    })
                })
            } else {
                lines
                    .next_line()
                    .map(|l| l.map(|(_, line)| (usize::MAX, line.to_owned())))
            };
            match next {
                Ok(Some((len, line))) if len <= MAX_LINE_BYTES || len == usize::MAX => {
                    if len != usize::MAX {
                        lines.skip_line(len);
                    }
                    got.push((lines.last_number(), line));
                }
                // Too long for the fast path: `next_line` says why.
                Ok(Some(_)) => break lines.next_line().map(|_| got),
                Ok(None) => break Ok(got),
                Err(e) => break Err(e),
            }
        };
        lines.finish(read)
    }

    fn assert_streams_alike(bytes: &[u8], blocks: &[usize]) {
        let expected = whole(bytes);
        for &block in blocks {
            let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(60)]);
            assert_eq!(streamed(bytes, block), expected, "block {block}: {shown:?}");
            let pieces = Pieces { bytes, calls: 0 };
            assert_eq!(
                streamed(pieces, block),
                expected,
                "pieces, block {block}: {shown:?}"
            );
        }
    }

    #[test]
    fn streamed_lines_are_the_lines_of_the_whole_text() {
        let texts: &[&[u8]] = &[
            b"",
            b"\n",
            b"a",
            b"a\n",
            b"a\r\nb\n\nc",
            b"\n\n\r\n",
            b"\xEF\xBB\xBF3 2\r\n4 1 0\r\n",
            b"\xEF\xBB\xBF",
            b"\xEF\xBB",
            b"\xEF\xBB\xBF\xEF\xBB\xBFx",
            "\u{e9}t\u{e9}\n\u{20ac}\n\u{1d11e}x\n\u{1d11e}".as_bytes(),
            // Not text: the first problem's line; a NUL byte anywhere outranks invalid UTF-8.
            b"a\nb\xFFc\n",
            b"a\n\xE2\x82",
            b"a\n\xE2\x82\nb",
            b"a\n\xE2\x82\xACb\n\xF0\x9D\x84",
            b"a\xFF\nb\n\x00",
            b"\x00\n\xFF",
            b"ab\nc\x00",
        ];
        for text in texts {
            assert_streams_alike(text, &[1, 2, 3, 4, 5, 7, 16, BLOCK_BYTES]);
        }
    }

    #[test]
    fn streamed_long_lines_are_refused_as_in_the_whole_text() {
        let long = |len: usize, end: &[u8]| {
            let mut text = b"a\n".to_vec();
            text.resize(2 + len, b'x');
            text.extend_from_slice(end);
            text
        };
        for text in [
            long(MAX_LINE_BYTES, b"\nb\n"),
            long(MAX_LINE_BYTES + 1, b"\nb\n"),
            long(MAX_LINE_BYTES, b"\r\nb\n"),
            long(MAX_LINE_BYTES + 5, b""),
            long(3 * MAX_LINE_BYTES, b"\nb\n"),
            long(3 * MAX_LINE_BYTES, b"\xFF\nb\n"),
            long(3 * MAX_LINE_BYTES, b"\n\xE2\x82"),
            long(3 * MAX_LINE_BYTES, b"\n\x00"),
        ] {
            assert_streams_alike(&text, &[4099, 65_536, BLOCK_BYTES]);
        }
    }

    #[test]
    fn a_huge_line_is_counted_not_kept() {
        let len = 64 << 20;
        let huge = io::repeat(b'x').take(len as u64);
        let reader = Read::chain(&b"a\n"[..], huge).chain(&b"\nb\n"[..]);
        let mut lines = TextReader::new(reader, "t", BLOCK_BYTES);
        assert_eq!(lines.next_line().ok(), Some(Some((1, "a"))));
        let err = lines.next_line().expect_err("too long");
        let held = lines.text.capacity() + lines.pending.capacity();
        assert!(
            held <= MAX_LINE_BYTES + 2 * BLOCK_BYTES,
            "{held} bytes held"
        );
        let err = lines.finish::<()>(Err(err)).expect_err("too long");
        assert_eq!(err.line(), 2);
        assert_eq!(
            err.message(),
            format!("line of {len} bytes, expected at most {MAX_LINE_BYTES} bytes per line")
        );
    }

    #[test]
    fn a_failing_reader_is_an_error_at_the_line_it_stopped_in() {
        let failing = Read::chain(&b"3 2\n4 1"[..], Failing);
        let mut lines = TextReader::new(failing, "t", 4);
        assert_eq!(lines.next_line().ok(), Some(Some((1, "3 2"))));
        let err = lines.next_line().expect_err("fails");
        let err = lines.finish::<()>(Err(err)).expect_err("fails");
        assert_eq!(err.line(), 2);
        assert!(
            err.message()
                .starts_with("cannot read the input (disk on fire)"),
            "{err}"
        );
        let err = read_all(Read::chain(&b"{\n"[..], Failing), "t").expect_err("fails");
        assert_eq!(
            err.to_string(),
            "t:2: cannot read the input (disk on fire), expected a readable file"
        );
    }

    struct Failing;

    impl Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::other("disk on fire"))
        }
    }
}
