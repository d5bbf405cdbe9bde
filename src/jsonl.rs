//! Reading JSON Lines input: one `{"id": .., "text": .., "date": ..}`
//! object a line, streamed, with an error value for every line that cannot
//! be read, so that a pipeline can write one output line per input line and
//! lose nothing.
//!
//! ```
//! use newsgraph::jsonl::JsonlReader;
//!
//! let input = "{\"id\":\"a\",\"text\":\"Putin spoke.\"}\nnot json\n{\"text\":\"x\",\"date\":\"2024-13-01\"}";
//! let lines: Vec<_> = JsonlReader::new(input.as_bytes(), false).collect::<Result<_, _>>()?;
//! assert_eq!(lines[0].as_ref().unwrap().text, "Putin spoke.");
//! assert_eq!(lines[1].as_ref().unwrap_err().line, 2);
//! assert!(lines[2].as_ref().unwrap_err().message.starts_with("invalid date"));
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io::BufRead;

use jiff::civil::Date;
use serde::Deserialize;

/// One document read from a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonlDoc {
    /// The line's `id` (a number is kept as its JSON text).
    pub id: Option<String>,
    /// The text to extract from.
    pub text: String,
    /// The anchor date, if given.
    pub date: Option<Date>,
    /// The 1-based line number.
    pub line: usize,
}

impl JsonlDoc {
    /// The extractor input for this line.
    pub fn input(&self) -> crate::Input<'_> {
        let mut i = crate::Input::new(&self.text).date_opt(self.date);
        if let Some(id) = &self.id {
            i = i.id(id.clone());
        }
        i
    }
}

/// Why a line could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// The 1-based line number.
    pub line: usize,
    /// The line's `id`, if it could be read.
    pub id: Option<serde_json::Value>,
    /// What is wrong.
    pub message: String,
}

impl LineError {
    /// The error object to write in place of the line's document:
    /// `{"id": .., "error": .., "line": N}`.
    pub fn to_json(&self) -> String {
        serde_json::json!({"id": self.id, "error": self.message, "line": self.line}).to_string()
    }
}

#[derive(Deserialize)]
struct Raw {
    id: Option<serde_json::Value>,
    text: Option<String>,
    date: Option<String>,
}

/// Reads one line (without its line break).
///
/// # Errors
///
/// Invalid UTF-8 (unless `lossy`, which replaces it), an empty line, invalid
/// JSON, a missing `text`, or a `date` that is not `YYYY-MM-DD`.
pub fn parse_line(bytes: &[u8], line: usize, lossy: bool) -> Result<JsonlDoc, LineError> {
    let err = |id, message: String| LineError { line, id, message };
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) if lossy => String::from_utf8_lossy(bytes),
        Err(e) => return Err(err(None, format!("invalid UTF-8 at byte {}", e.valid_up_to()))),
    };
    if text.trim().is_empty() {
        return Err(err(None, "empty line".into()));
    }
    let raw: Raw = serde_json::from_str(&text).map_err(|e| {
        let id = serde_json::from_str::<serde_json::Value>(&text).ok().and_then(|v| v.get("id").cloned());
        err(id, format!("invalid JSON: {e}"))
    })?;
    let id_json = raw.id.clone();
    let body = raw.text.ok_or_else(|| err(id_json.clone(), "missing \"text\"".into()))?;
    let date = match raw.date.as_deref() {
        None | Some("") => None,
        Some(d) => Some(d.parse::<Date>().map_err(|e| err(id_json.clone(), format!("invalid date {d:?}: {e}")))?),
    };
    let id = raw.id.map(|v| match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    });
    Ok(JsonlDoc { id, text: body, date, line })
}

/// Streams the lines of a reader; memory holds one line at a time.
#[derive(Debug)]
pub struct JsonlReader<R> {
    reader: R,
    line: usize,
    lossy: bool,
    buf: Vec<u8>,
}

impl<R: BufRead> JsonlReader<R> {
    /// A reader; with `lossy`, invalid UTF-8 is replaced instead of being an error.
    pub fn new(reader: R, lossy: bool) -> JsonlReader<R> {
        JsonlReader { reader, line: 0, lossy, buf: Vec::new() }
    }
}

impl<R: std::io::Read> JsonlReader<std::io::BufReader<R>> {
    /// Whether a whole line is already buffered, so that the next
    /// [`Iterator::next`] returns without reading, and so without waiting
    /// for input. A program reading a live stream (a feed piped in as it
    /// arrives) hands on what it has read when this is false, rather than
    /// hold it until more comes.
    ///
    /// ```
    /// use std::io::BufReader;
    /// use newsgraph::jsonl::JsonlReader;
    ///
    /// let input = "{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\":\"c\"}";
    /// let mut lines = JsonlReader::new(BufReader::new(input.as_bytes()), false);
    /// assert!(!lines.line_ready(), "nothing has been read yet");
    /// lines.next();
    /// assert!(lines.line_ready(), "the first read brought the next line along");
    /// lines.next();
    /// assert!(!lines.line_ready(), "the last line has no line break: it needs one more read");
    /// ```
    pub fn line_ready(&self) -> bool {
        self.reader.buffer().contains(&b'\n')
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = std::io::Result<Result<JsonlDoc, LineError>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.buf.clear();
        match self.reader.read_until(b'\n', &mut self.buf) {
            Ok(0) => None,
            Ok(_) => {
                self.line += 1;
                while self.buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                    self.buf.pop();
                }
                Some(Ok(parse_line(&self.buf, self.line, self.lossy)))
            }
            Err(e) => Some(Err(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &[u8], lossy: bool) -> Vec<Result<JsonlDoc, LineError>> {
        JsonlReader::new(s, lossy).collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn every_line_gives_one_item() {
        let r = read(b"{\"id\":1,\"text\":\"a\"}\n\n{\"id\":\"x\"}\r\n{\"text\":\"b\",\"date\":null}", false);
        assert_eq!(r.len(), 4);
        assert_eq!(r[0].as_ref().unwrap().id.as_deref(), Some("1"));
        assert_eq!(r[1].as_ref().unwrap_err().message, "empty line");
        let e = r[2].as_ref().unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (3, "missing \"text\""));
        assert_eq!(e.to_json(), r#"{"error":"missing \"text\"","id":"x","line":3}"#);
        assert_eq!(r[3].as_ref().unwrap().date, None, "a file without a final newline still gives its last line");
        assert!(read(b"", false).is_empty(), "an empty file gives nothing");
    }

    #[test]
    fn a_line_is_ready_only_when_it_is_buffered_whole() {
        // A pipe: each read returns what the writer has sent so far.
        struct Chunks(Vec<&'static [u8]>);
        impl std::io::Read for Chunks {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0.is_empty() {
                    return Ok(0);
                }
                let c = self.0.remove(0);
                buf[..c.len()].copy_from_slice(c);
                Ok(c.len())
            }
        }
        let pipe = Chunks(vec![b"{\"text\":\"a\"}\n{\"te", b"xt\":\"b\"}\n{\"text\":\"c\"}\n", b"{\"text\":\"d\"}\n"]);
        let mut lines = JsonlReader::new(std::io::BufReader::new(pipe), false);
        let mut seen = Vec::new();
        while let Some(item) = lines.next() {
            seen.push((item.unwrap().unwrap().text, lines.line_ready()));
        }
        // After "a" only half of "b" is buffered; after "b", "c" came along
        // whole; "c" and "d" each end what their read brought.
        let want = [("a", false), ("b", true), ("c", false), ("d", false)];
        assert_eq!(seen, want.map(|(t, r)| (t.to_string(), r)));
    }

    #[test]
    fn invalid_utf8_names_its_offset_or_is_replaced() {
        let bad = b"{\"text\":\"caf\xe9\"}";
        assert_eq!(read(bad, false)[0].as_ref().unwrap_err().message, "invalid UTF-8 at byte 12");
        assert_eq!(read(bad, true)[0].as_ref().unwrap().text, "caf\u{FFFD}");
    }
}
