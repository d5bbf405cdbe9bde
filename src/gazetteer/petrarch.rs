//! Import of PETRARCH/TABARI actor dictionaries.
//!
//! The format (petrarch2 `docs/source/dictionaries.rst`):
//!
//! ```text
//! RUSSIAN_FEDERATION_  [RUS]          root phrase with its default code
//! +RUSSIA_                            synonym of the root above
//! VLADIMIR_PUTIN_  # a comment
//! +PRESIDENT_PUTIN_
//!     [RUSGOV 991231-080507]          code valid between two dates (inclusive)
//!     [RUSGOV >080508]                from a date; `<date` until a date
//!     [RUSELI]                        undated default
//! ```
//!
//! Words are joined by `_`; dates are `YYMMDD` (`YY <= 30` means 20YY) or
//! `YYYYMMDD`. Phrases are upper case in the files and match any
//! capitalization of their words here, except that short function words
//! match in any case.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use jiff::civil::Date;

use super::{Alias, AliasKind, Attributes, EntityType, Entry, Gazetteer, Origin};
use crate::error::Error;

struct Pending {
    phrase: String,
    aliases: Vec<String>,
    codes: Vec<(String, Option<Date>, Option<Date>)>,
    line: usize,
}

pub(crate) fn parse_actors<R: Read>(source: &str, reader: R) -> Result<Gazetteer, Error> {
    let src: Arc<str> = Arc::from(source);
    let mut out = Vec::new();
    let mut ids = Ids::default();
    let mut cur: Option<Pending> = None;
    let mut in_comment = false;
    let mut buf = Vec::new();
    let mut reader = BufReader::new(reader);
    let mut lineno = 0;
    let mut warnings = Vec::new();
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(|e| Error::source(source, format!("cannot read: {e}")))?;
        if n == 0 {
            break;
        }
        lineno += 1;
        // The dictionaries hold a few stray Latin-1 bytes: take them as such.
        let raw = match std::str::from_utf8(&buf) {
            Ok(s) => s.to_string(),
            Err(_) => buf.iter().map(|&b| b as char).collect(),
        };
        let mut line = raw.trim_end_matches(['\n', '\r']).to_string();
        // `<!-- ... -->` comments may span lines.
        if in_comment {
            match line.find("-->") {
                Some(i) => {
                    line = line[i + 3..].to_string();
                    in_comment = false;
                }
                None => continue,
            }
        }
        while let Some(i) = line.find("<!--") {
            match line[i..].find("-->") {
                Some(j) => line.replace_range(i..i + j + 3, ""),
                None => {
                    line.truncate(i);
                    in_comment = true;
                }
            }
        }
        if let Some(i) = line.find('#') {
            line.truncate(i);
        }
        if line.trim().is_empty() {
            continue;
        }
        let err = |m: String| Error::line(source, lineno, m);
        let indented = line.starts_with([' ', '\t']);
        let body = line.trim();
        let (phrase_part, codes_part) = match body.find('[') {
            Some(i) => (body[..i].trim(), &body[i..]),
            None => (body, ""),
        };
        let codes = parse_codes(codes_part, |m| warnings.push(format!("{source}:{lineno}: {m}; code left out")));
        if indented || phrase_part.is_empty() {
            match cur.as_mut() {
                Some(p) => p.codes.extend(codes),
                None => return Err(err("code line before any actor".to_string())),
            }
        } else if let Some(syn) = phrase_part.strip_prefix('+') {
            match cur.as_mut() {
                Some(p) => {
                    if let Some(a) = phrase_to_alias(syn) {
                        p.aliases.push(a);
                    }
                    p.codes.extend(codes);
                }
                None => return Err(err("synonym line (`+`) before any actor".to_string())),
            }
        } else {
            if let Some(p) = cur.take() {
                finish(p, &src, &mut out, &mut ids);
            }
            cur = Some(Pending { phrase: phrase_part.to_string(), aliases: Vec::new(), codes, line: lineno });
        }
    }
    if let Some(p) = cur.take() {
        finish(p, &src, &mut out, &mut ids);
    }
    Ok(Gazetteer { entries: out, warnings })
}

/// The ids given so far, and the last number tried after each base.
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
    last: HashMap<String, usize>,
}

impl Ids {
    /// `base`, else the first of `base-2`, `base-3`... that no entry has
    /// yet: an actor's own base can be an earlier actor's numbered id
    /// ("ALPHA" twice, then "ALPHA_2").
    fn fresh(&mut self, base: String) -> String {
        let n = self.last.entry(base.clone()).or_insert(0);
        loop {
            *n += 1;
            let id = if *n == 1 { base.clone() } else { format!("{base}-{n}") };
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

fn finish(p: Pending, src: &Arc<str>, out: &mut Vec<Entry>, ids: &mut Ids) {
    let Some(name) = phrase_to_alias(&p.phrase) else { return };
    let etype = guess_type(&p.codes);
    let slug = crate::entity::slug(&name);
    let base = format!("{}/{}", etype.as_str(), if slug.is_empty() { "actor".to_string() } else { slug });
    let id = ids.fresh(base);
    let mut aliases = vec![Alias { text: name.clone(), kind: AliasKind::Name, shared: true }];
    for a in p.aliases {
        if !aliases.iter().any(|x| x.text == a) {
            aliases.push(Alias { text: a, kind: AliasKind::Alias, shared: true });
        }
    }
    let attrs = Attributes { cameo: p.codes, ..Attributes::default() }.into();
    out.push(Entry { id, etype, name, aliases, attrs, origin: Origin { source: src.clone(), line: p.line } });
}

fn guess_type(codes: &[(String, Option<Date>, Option<Date>)]) -> EntityType {
    if codes.iter().any(|(_, f, t)| f.is_some() || t.is_some()) {
        return EntityType::Person;
    }
    match codes.first() {
        Some((c, _, _)) if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) => EntityType::Country,
        Some((c, _, _)) if ["IGO", "NGO", "MNC", "IMG", "UAF"].iter().any(|p| c.starts_with(p)) => {
            EntityType::Organization
        }
        Some((c, _, _)) if c.len() > 3 && c.bytes().all(|b| b.is_ascii_uppercase()) => EntityType::Organization,
        _ => EntityType::Organization,
    }
}

/// `RUSSIAN_FEDERATION_` → `Russian Federation`; `U.N._` → `U.N.`.
fn phrase_to_alias(phrase: &str) -> Option<String> {
    const SMALL: [&str; 12] = ["of", "the", "and", "for", "in", "on", "de", "la", "al", "el", "to", "a"];
    let words: Vec<String> = phrase
        .split(['_', ' '])
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && SMALL.contains(&lower.as_str()) {
                return lower;
            }
            // Title-case each part of the word ("KI-MOON" → "Ki-Moon").
            let mut s = String::with_capacity(w.len());
            let mut up = true;
            for c in lower.chars() {
                if up && c.is_alphabetic() {
                    s.extend(c.to_uppercase());
                    up = false;
                } else {
                    s.push(c);
                }
                if !c.is_alphanumeric() {
                    up = true;
                }
            }
            s
        })
        .collect();
    let alias = words.join(" ");
    let has_word = crate::tokenize::tokenize(&alias).as_slice().iter().any(|t| t.is_wordlike());
    has_word.then_some(alias)
}

/// Parses `[CODE]`, `[CODE >date]`, `[CODE <date]`, `[CODE d1-d2]`, several
/// on a line; `[---]` means no code. A malformed code is reported to `warn`
/// and left out.
fn parse_codes(s: &str, mut warn: impl FnMut(String)) -> Vec<(String, Option<Date>, Option<Date>)> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('[') {
        let Some(j) = rest[i..].find(']').map(|j| j + i) else {
            warn(format!("unclosed `[` in `{}`", s.trim()));
            break;
        };
        match parse_code(&rest[i + 1..j]) {
            Ok(Some(c)) => out.push(c),
            Ok(None) => {}
            Err(e) => warn(e),
        }
        rest = &rest[j + 1..];
    }
    out
}

/// One code inside brackets; `None` for `---`.
#[allow(clippy::type_complexity)]
fn parse_code(inner: &str) -> Result<Option<(String, Option<Date>, Option<Date>)>, String> {
    {
        let inner = inner.trim();
        let mut parts = inner.split_whitespace();
        let Some(code) = parts.next() else { return Ok(None) };
        if code.chars().all(|c| c == '-') {
            return Ok(None);
        }
        if !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'~') {
            return Err(format!("invalid actor code `{code}`"));
        }
        let range: String = parts.collect();
        let (from, to) = if range.is_empty() {
            (None, None)
        } else if let Some(d) = range.strip_prefix('>') {
            (Some(parse_date(d)?), None)
        } else if let Some(d) = range.strip_prefix('<') {
            (None, Some(parse_date(d)?))
        } else if let Some((a, b)) = range.split_once('-') {
            (Some(parse_date(a)?), Some(parse_date(b)?))
        } else {
            return Err(format!("invalid date range `{range}` for code {code}"));
        };
        Ok(Some((code.to_string(), from, to)))
    }
}

/// `YYMMDD` (YY <= 30 → 20YY) or `YYYYMMDD`. A few dictionary dates have a
/// seven-digit typo (`2004017`); those read as `YYYYMDD` when that is a date.
fn parse_date(d: &str) -> Result<Date, String> {
    let bad = || format!("invalid date `{d}` (expected YYMMDD or YYYYMMDD)");
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let num = |s: &str| s.parse::<i16>().map_err(|_| bad());
    let (y, m, day) = match d.len() {
        6 => {
            let yy = num(&d[..2])?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, num(&d[2..4])?, num(&d[4..6])?)
        }
        8 => (num(&d[..4])?, num(&d[4..6])?, num(&d[6..8])?),
        7 => (num(&d[..4])?, num(&d[4..5])?, num(&d[5..7])?),
        _ => return Err(bad()),
    };
    Date::new(y, m as i8, day as i8).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# A dictionary of our own, in TABARI format.\n\
LAKELAND_  [LKL]\n\
+REPUBLIC_OF_LAKELAND_\n\
+LAKELANDER_\n\
ADA_OKAFOR_  # a fictional leader\n\
+PRESIDENT_ADA_OKAFOR_\n\
\t[LKLELI 700101-991231]\n\
\t[LKLGOV 20000101-20101231]\n\
\t[LKLGOV >110105]\n\
\t[LKLELI]\n\
<!-- a block comment\nacross lines -->\n\
RIVER_LEAGUE_ [IGOLKLRVL]\n\
OLD_REGIME_\n\t[LKLREB <851231]\n";

    #[test]
    fn imports_roots_synonyms_and_dated_codes() {
        let g = parse_actors("sample.txt", SAMPLE.as_bytes()).unwrap();
        let names: Vec<&str> = g.entries().iter().map(|e| e.name()).collect();
        assert_eq!(names, ["Lakeland", "Ada Okafor", "River League", "Old Regime"]);
        let country = &g.entries()[0];
        assert_eq!(country.entity_type(), EntityType::Country);
        assert_eq!(country.id(), "country/lakeland");
        assert_eq!(country.surface_forms().collect::<Vec<_>>(), ["Lakeland", "Republic of Lakeland", "Lakelander"]);
        let p = &g.entries()[1];
        assert_eq!(p.entity_type(), EntityType::Person);
        let d = |y, m, d| Some(Date::new(y, m, d).unwrap());
        assert_eq!(
            p.attrs.cameo,
            vec![
                ("LKLELI".to_string(), d(1970, 1, 1), d(1999, 12, 31)),
                ("LKLGOV".to_string(), d(2000, 1, 1), d(2010, 12, 31)),
                ("LKLGOV".to_string(), d(2011, 1, 5), None),
                ("LKLELI".to_string(), None, None),
            ]
        );
        assert_eq!(g.entries()[2].entity_type(), EntityType::Organization);
        assert_eq!(g.entries()[3].attrs.cameo[0].2, d(1985, 12, 31));
        assert_eq!(g.entries()[1].origin(), "sample.txt:5");
    }

    #[test]
    fn repeated_and_numbered_actors_get_distinct_ids() {
        // Two actors named alike, then one whose name is the second's id,
        // then one whose own base was given as a number before.
        let dict =
            "DELTA [AAAGOV]\nDELTA [BBBGOV]\nDELTA_2 [CCCGOV]\nOMEGA_2 [DDDGOV]\nOMEGA [EEEGOV]\nOMEGA [FFFGOV]\n";
        let g = parse_actors("d.txt", dict.as_bytes()).unwrap();
        let ids: Vec<&str> = g.entries().iter().map(|e| e.id()).collect();
        assert_eq!(
            ids,
            [
                "organization/delta",
                "organization/delta-2",
                "organization/delta-2-2",
                "organization/omega-2",
                "organization/omega",
                "organization/omega-3",
            ]
        );
        // And so the import builds.
        let built = crate::Extractor::builder().default_gazetteers(false).gazetteer(g).build();
        assert!(built.is_ok(), "{:?}", built.err());
    }

    #[test]
    fn bad_codes_are_reported_with_their_line() {
        let g = parse_actors("d.txt", "A_ [ABC >9912] [ABD]\n".as_bytes()).unwrap();
        assert_eq!(g.warnings(), ["d.txt:1: invalid date `9912` (expected YYMMDD or YYYYMMDD); code left out"]);
        assert_eq!(g.entries()[0].attrs.cameo.len(), 1, "the good code stays");
        let e = parse_actors("d.txt", "+B_\n".as_bytes()).unwrap_err();
        assert!(e.to_string().starts_with("d.txt:1: synonym line"));
    }
}
