//! The crate's one error type.
//!
//! Only building an [`Extractor`](crate::Extractor) or loading a gazetteer can
//! fail; extraction itself is infallible. Errors never depend on news text.

use std::fmt;

/// An error from loading a gazetteer or another data file, or from building
/// an [`Extractor`](crate::Extractor).
///
/// The message names the file and line where it can: for example
/// `gazetteers/person.tsv:42: expected 3 to 5 tab-separated columns, found 2`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ErrorKind {
    /// A syntax or value error at a line of a named source.
    Line { source: String, line: usize, message: String },
    /// A problem that belongs to a source as a whole (reading it, say).
    Source { source: String, message: String },
    /// A problem of the configuration as a whole.
    Config { message: String },
}

impl Error {
    pub(crate) fn line(source: &str, line: usize, message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Line { source: source.to_string(), line, message: message.into() } }
    }

    pub(crate) fn source(source: &str, message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Source { source: source.to_string(), message: message.into() } }
    }

    pub(crate) fn config(message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Config { message: message.into() } }
    }

    /// The name of the file (or other source) the error is about, if any.
    pub fn source_name(&self) -> Option<&str> {
        match &self.kind {
            ErrorKind::Line { source, .. } | ErrorKind::Source { source, .. } => Some(source),
            ErrorKind::Config { .. } => None,
        }
    }

    /// The 1-based line number the error is about, if any.
    pub fn line_number(&self) -> Option<usize> {
        match &self.kind {
            ErrorKind::Line { line, .. } => Some(*line),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Line { source, line, message } => write!(f, "{source}:{line}: {message}"),
            ErrorKind::Source { source, message } => write!(f, "{source}: {message}"),
            ErrorKind::Config { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}
