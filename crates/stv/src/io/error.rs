//! The one error type of every reader: where the problem is and what was expected.

/// A problem in an input file, with the place it was found.
///
/// Its `Display` is one line, `SOURCE:LINE: problem, expected ...` (or `SOURCE:LINE:COLUMN: ...`
/// when a column is known, as for JSON), in the style of compilers and `grep -n`, so editors and
/// terminals can jump to it. `SOURCE` is the name the caller passed to the reader (usually the
/// file path); `LINE` and `COLUMN` count from 1.
///
/// ```
/// use slatewise_stv::io::blt;
///
/// let err = blt::read(b"3 2\n4 1 9 0\n0\n", "ballots.blt").unwrap_err();
/// assert_eq!(err.source_name(), "ballots.blt");
/// assert_eq!(err.line(), 2);
/// assert!(err.to_string().starts_with("ballots.blt:2: "));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}:{line}:{} {message}", column_prefix(*.column))]
pub struct ParseError {
    source_name: String,
    line: usize,
    column: Option<usize>,
    message: String,
}

fn column_prefix(column: Option<usize>) -> String {
    column.map_or_else(String::new, |c| format!("{c}:"))
}

impl ParseError {
    /// An error at `line` (1-based) of `source`. Line 0 is raised to 1.
    ///
    /// ```
    /// use slatewise_stv::io::ParseError;
    ///
    /// let err = ParseError::new("x.blt", 3, "no seats, expected at least 1");
    /// assert_eq!(err.to_string(), "x.blt:3: no seats, expected at least 1");
    /// ```
    pub fn new(source: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        ParseError {
            source_name: source.into(),
            line: line.max(1),
            column: None,
            message: message.into(),
        }
    }

    /// The same error, pointing at a column (1-based) too.
    ///
    /// ```
    /// use slatewise_stv::io::ParseError;
    ///
    /// let err = ParseError::new("e.json", 2, "expected `,`").with_column(7);
    /// assert_eq!(err.to_string(), "e.json:2:7: expected `,`");
    /// ```
    pub fn with_column(mut self, column: usize) -> Self {
        self.column = Some(column.max(1));
        self
    }

    /// The name of the input, as given to the reader (usually a file path).
    ///
    /// (Named `source_name`, not `source`, so as not to shadow
    /// [`std::error::Error::source`].)
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// The line (1-based) where the problem was found.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column (1-based), when known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// What is wrong and what was expected, without the place.
    pub fn message(&self) -> &str {
        &self.message
    }
}
