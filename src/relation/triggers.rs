//! The trigger lexicon (`gazetteers/triggers.tsv`): the words that state a
//! relation and where their arguments stand.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use super::RelationType;
use crate::error::Error;
use crate::tokenize::{Tokens, normalize_phrase};
use crate::words::HashFilter;

/// The part of speech of a trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pos {
    Verb,
    Noun,
    Adj,
}

/// Where an argument is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// The subject of the clause.
    Left,
    /// Right after the trigger.
    Right,
    /// After a preposition (or "by", "from", "between").
    Prep(&'static str),
    /// A possessive before the trigger ("Putin's visit").
    Poss,
    /// The last event (or document) mentioned.
    Context,
    /// A place or country elsewhere in the sentence (a visit's destination).
    SentencePlace,
    /// No argument.
    None,
}

const PREPS: [&str; 12] = ["with", "to", "in", "at", "into", "of", "for", "on", "by", "from", "between", "over"];

fn slot(s: &str) -> Option<Slot> {
    Some(match s {
        "left" => Slot::Left,
        "right" => Slot::Right,
        "poss" => Slot::Poss,
        "context" => Slot::Context,
        "sentence-place" => Slot::SentencePlace,
        "none" => Slot::None,
        p => Slot::Prep(PREPS.iter().copied().find(|x| *x == p)?),
    })
}

/// Extra conditions and behaviours of a trigger.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Flags {
    pub(crate) negated: bool,
    pub(crate) mutual: bool,
    pub(crate) needs_object: bool,
    pub(crate) needs_message: bool,
    pub(crate) needs_entry: bool,
    pub(crate) needs_obligation: bool,
    /// The token before the trigger must be this word (`be`: any form).
    pub(crate) after: Option<String>,
}

/// One row of the lexicon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Trigger {
    pub(crate) forms: Vec<String>,
    pub(crate) pos: Pos,
    pub(crate) rtype: RelationType,
    pub(crate) subject: Vec<Slot>,
    pub(crate) object: Vec<Slot>,
    pub(crate) flags: Flags,
    pub(crate) cameo: String,
    pub(crate) plover: String,
    pub(crate) example: String,
    pub(crate) expect: String,
    pub(crate) line: usize,
}

/// The compiled lexicon: rows and an automaton over their forms.
#[derive(Clone, Debug)]
pub(crate) struct Lexicon {
    pub(crate) rows: Vec<Trigger>,
    ac: Option<AhoCorasick>,
    /// Per pattern: the rows that have it.
    pattern_rows: Vec<Vec<u32>>,
    /// The hash of every pattern's first token: the automaton runs only at
    /// tokens that may start a pattern.
    starts: HashFilter,
}

/// A trigger found in a text: tokens `first..end` and the rows it may be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found<'l> {
    pub(crate) first: usize,
    pub(crate) end: usize,
    /// The lexicon rows of the phrase found (borrowed: one per trigger).
    pub(crate) rows: &'l [u32],
}

impl Lexicon {
    /// Parses a lexicon in the format of `gazetteers/triggers.tsv`.
    pub(crate) fn parse(source: &str, text: &str) -> Result<Lexicon, Error> {
        let mut rows = Vec::new();
        for (lineno, line) in crate::gazetteer::data_lines(text) {
            let err = |m: String| Error::line(source, lineno, m);
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() != 10 {
                return Err(err(format!(
                    "expected 10 tab-separated columns (forms, pos, type, subject, object, flags, cameo, plover, example, expect), found {}",
                    c.len()
                )));
            }
            let forms: Vec<String> = c[0].split('|').map(|f| f.trim().to_string()).filter(|f| !f.is_empty()).collect();
            if forms.is_empty() {
                return Err(err("no trigger forms".into()));
            }
            if let Some(f) = forms.iter().find(|f| f.len() > 64) {
                return Err(err(format!("trigger form of {} bytes is over the limit of 64", f.len())));
            }
            let pos = match c[1] {
                "verb" => Pos::Verb,
                "noun" => Pos::Noun,
                "adj" => Pos::Adj,
                other => return Err(err(format!("unknown part of speech `{other}` (expected verb, noun or adj)"))),
            };
            let rtype =
                RelationType::from_name(c[2]).ok_or_else(|| err(format!("unknown relation type `{}`", c[2])))?;
            let slots = |col: &str, what: &str| -> Result<Vec<Slot>, Error> {
                col.split(',')
                    .map(|s| slot(s.trim()).ok_or_else(|| err(format!("unknown {what} slot `{}`", s.trim()))))
                    .collect()
            };
            let subject = slots(c[3], "subject")?;
            let object = slots(c[4], "object")?;
            let mut flags = Flags::default();
            for f in c[5].split(',').map(str::trim).filter(|f| !f.is_empty() && *f != "-") {
                match f {
                    "negated" => flags.negated = true,
                    "mutual" => flags.mutual = true,
                    "needs-object" => flags.needs_object = true,
                    "needs-message" => flags.needs_message = true,
                    "needs-entry" => flags.needs_entry = true,
                    "needs-obligation" => flags.needs_obligation = true,
                    _ if f.starts_with("after=") => flags.after = Some(f[6..].to_string()),
                    other => return Err(err(format!("unknown flag `{other}`"))),
                }
            }
            if c[8].trim().is_empty() || c[9].trim().is_empty() {
                return Err(err("every row needs an example sentence and its expectation".into()));
            }
            rows.push(Trigger {
                forms,
                pos,
                rtype,
                subject,
                object,
                flags,
                cameo: c[6].trim().to_string(),
                plover: c[7].trim().to_string(),
                example: c[8].trim().to_string(),
                expect: c[9].trim().to_string(),
                line: lineno,
            });
        }
        Lexicon::compile(rows)
    }

    /// Compiles rows (parsed, or from the builder) into a lexicon.
    pub(crate) fn compile(rows: Vec<Trigger>) -> Result<Lexicon, Error> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut pattern_rows: Vec<Vec<u32>> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for f in &row.forms {
                let norm = normalize_phrase(f);
                let p = *index.entry(norm).or_insert_with(|| {
                    pattern_rows.push(Vec::new());
                    pattern_rows.len() - 1
                });
                if !pattern_rows[p].contains(&(r as u32)) {
                    pattern_rows[p].push(r as u32);
                }
            }
        }
        let mut pats: Vec<(String, usize)> = index.into_iter().collect();
        pats.sort_by_key(|&(_, p)| p);
        let mut starts = HashFilter::new(14);
        for (norm, _) in &pats {
            let first = norm.split(' ').next().unwrap_or_default();
            starts.insert(crate::tokenize::hash32(first.as_bytes()));
        }
        let ac = if pats.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .build(pats.iter().map(|(s, _)| s.as_str()))
                    .map_err(|e| Error::config(format!("cannot build the trigger automaton: {e}")))?,
            )
        };
        Ok(Lexicon { rows, ac, pattern_rows, starts })
    }

    /// Finds triggers at token starts, longest first, not overlapping.
    pub(crate) fn find(&self, toks: &Tokens) -> Vec<Found<'_>> {
        let mut out = Vec::new();
        let Some(ac) = &self.ac else { return out };
        let norm = toks.normalized();
        let ts = toks.as_slice();
        let mut i = 0;
        while i < ts.len() {
            if !ts[i].is_wordlike() || !self.starts.may_contain(ts[i].hash()) {
                i += 1;
                continue;
            }
            let start = ts[i].norm_range().0;
            if let Some(m) = ac.find(Input::new(norm).range(start..).anchored(Anchored::Yes)) {
                let mut j = i;
                while ts[j].norm_range().1 + 1 < m.end() {
                    j += 1;
                }
                out.push(Found { first: i, end: j + 1, rows: &self.pattern_rows[m.pattern().as_usize()] });
                i = j + 1;
            } else {
                i += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_rows_name_file_and_line() {
        let e = Lexicon::parse("t.tsv", "# h\nmeet\tverb\tmeets\n").unwrap_err();
        assert!(e.to_string().starts_with("t.tsv:2: expected 10 tab-separated columns"), "{e}");
        let e =
            Lexicon::parse("t.tsv", "meet\tverb\tgreets\tleft\tright\t-\t040\tCONSULT\tA met B.\tA > B\n").unwrap_err();
        assert!(e.to_string().contains("unknown relation type `greets`"), "{e}");
        let e =
            Lexicon::parse("t.tsv", "meet\tverb\tmeets\tabove\tright\t-\t040\tCONSULT\tA met B.\tA > B\n").unwrap_err();
        assert!(e.to_string().contains("unknown subject slot `above`"), "{e}");
    }

    #[test]
    fn longest_form_wins() {
        let lx = Lexicon::parse(
            "t.tsv",
            "hold|held\tverb\tconducts\tleft\tright\t-\t150\tMOBILIZE\tx\ty\nheld talks\tverb\tmeets\tleft\twith\t-\t046\tCONSULT\tx\ty\n",
        )
        .unwrap();
        let toks = crate::tokenize::tokenize("They held talks and held drills.");
        let f = lx.find(&toks);
        assert_eq!(f.len(), 2);
        assert_eq!((f[0].first, f[0].end, f[0].rows), (1, 3, &[1][..]));
        assert_eq!(f[1].rows, [0]);
    }
}
