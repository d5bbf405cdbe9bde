/*!
newsgraph turns political and diplomatic news text into structured facts:
who (leaders, countries, organizations), where (places), when (dates
resolved against the document's date) and what happened between them
(`meets`, `signs`, `visits`, ...), as a JSON document with byte-exact
provenance for every fact. No models to download: gazetteers, lexicons and
rules are compiled into the crate.

```
use newsgraph::{Extractor, Input};

let ex = Extractor::new();
let text = "Russian President Vladimir Putin arrived in Bishkek on Thursday.";
let doc = ex.extract(Input::new(text).date("2023-10-13".parse()?));

let putin = doc.entity("person/vladimir-putin").unwrap();
assert_eq!(putin.mentions[0].text, "Russian President Vladimir Putin");
assert_eq!(putin.mentions[0].title.as_deref(), Some("Russian President"));
assert!(doc.entity("place/bishkek").is_some());
# Ok::<(), Box<dyn std::error::Error>>(())
```

# Overview

- [`Extractor`] runs the pipeline; build it once ([`Extractor::new`] for the
  embedded gazetteers, [`Extractor::builder`] for your own) and share it.
- [`Input`] carries the text, an optional anchor date and an optional id.
- [`Document`] is the output, schema version 1 (see `SCHEMA.md` in the
  repository's shared folder and the README): entities with their mentions,
  sentences, times and relations. It serializes to JSON with
  [`Document::to_json`] and reads back with [`Document::from_json`].
- [`Gazetteer`] parses the plain-text gazetteer format
  (`gazetteers/README.md`) and imports PETRARCH actor dictionaries.

The stages are plain functions over the previous stage's output:
[`tokenize`] → [`sentences`] → gazetteer matching → entities (titles,
demonyms, names found by shape, ambiguity) → times → relations →
[`Document`].

# Untrusted input

[`Extractor::extract`] is infallible on any `&str`: it never panics, and its
time and memory are linear in the length of the text. Only building an
extractor or loading a gazetteer can fail, with an [`Error`] that names the
file and line.

# Output is deterministic

The same input and gazetteers always give byte-identical JSON: every
collection in the output is a `Vec` in a defined order.
*/

#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

mod dateline;
mod document;
mod entity;
mod error;
pub mod eval;
mod event;
mod extractor;
pub mod gazetteer;
mod json;
pub mod jsonl;
mod kb;
mod lexicon;
mod matcher;
mod one_or_more;
mod prefetch;
mod relation;
mod scratch;
mod sentence;
mod span;
mod temporal;
mod token_lists;
mod tokenize;
mod view;
#[macro_use]
mod words;

pub use document::Relation;
pub use document::{
    DateSource, Dateline, Document, Entity, Mention, MentionKind, RoleOut, SCHEMA_VERSION, SentenceSpan, Time,
    TimeKind, Trigger,
};
pub use error::Error;
pub use extractor::{Extractor, ExtractorBuilder, Input, NameMatch};
pub use gazetteer::{EntityType, Entry, Gazetteer, Role};
pub use kb::Warning;
pub use matcher::MatchEngine;
pub use relation::{Modality, RelationType};
pub use sentence::{Sentence, sentences};
pub use span::Span;
pub use temporal::{TimeValue, TimeValueError};
pub use tokenize::{Token, TokenKind, Tokens, tokenize};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// A seeded xorshift generator, for unit tests that draw many inputs.
#[cfg(test)]
pub(crate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}
