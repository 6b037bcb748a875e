//! The one error type every subcommand returns; its `Display` is the single line the user sees.

/// A failure of a subcommand, printed as `slatewise: <message>` with exit status 1.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A message that already says everything (file, line, problem).
    #[error("{0}")]
    Message(String),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: String,
        /// What the operating system said.
        source: std::io::Error,
    },
}

impl CliError {
    /// An error from any displayable cause.
    pub fn msg(message: impl std::fmt::Display) -> Self {
        CliError::Message(message.to_string())
    }
}
