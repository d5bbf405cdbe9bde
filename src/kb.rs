//! The compiled knowledge base: merged gazetteer entries, their indexes, the
//! lexicons and the matcher. Built once per [`Extractor`](crate::Extractor).

use std::sync::Arc;

use jiff::civil::Date;

use crate::error::Error;
use crate::gazetteer::{EntityType, Entry, Role};
use crate::lexicon::{GivenNames, Title, Titles};
use crate::matcher::{Conflict, MatchEngine, Matcher};
use crate::prefetch::prefetch;
use crate::words::FastMap;

/// A problem in the gazetteers that does not stop the build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    message: String,
}

impl Warning {
    pub(crate) fn new(message: String) -> Warning {
        Warning { message }
    }

    /// The warning's text, naming files and lines.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

#[derive(Debug)]
pub(crate) struct Kb {
    pub(crate) entries: Vec<Entry>,
    by_id: FastMap<String, u32>,
    pub(crate) titles: Arc<Titles>,
    pub(crate) given: Arc<GivenNames>,
    pub(crate) matcher: Matcher,
    /// (role key, holder id) → persons holding it, with the role.
    /// role key → holder id → (person entry, role index).
    holders: FastMap<String, FastMap<String, Vec<(u32, usize)>>>,
    pub(crate) warnings: Vec<Warning>,
    /// Every entry's id, its name and, for persons, its family words
    /// ([`Kb::family_words`], separated by spaces), one entry after
    /// another: what a document reads of an entry, in one place instead of
    /// the entry, its strings and a map (a cache miss or two for the first
    /// mention of an entry in a document, instead of four or five).
    labels: String,
    /// Entry → where its id starts in `labels`, how long its id and name
    /// are, its type and whether it has attributes; its family words run
    /// from the name's end to the next entry's start (the last element
    /// only marks the end).
    label_at: Vec<Label>,
}

/// An entry's place in [`Kb::labels`], its type, and whether it has
/// attributes (16 bytes).
#[derive(Clone, Copy, Debug)]
struct Label {
    start: u32,
    id_len: u32,
    name_len: u32,
    etype: EntityType,
    attrs: bool,
}

impl Kb {
    pub(crate) fn build(
        entries: Vec<Entry>,
        titles: Arc<Titles>,
        given: Arc<GivenNames>,
        engine: MatchEngine,
    ) -> Result<Kb, Error> {
        let mut by_id = FastMap::with_capacity_and_hasher(entries.len(), Default::default());
        for (i, e) in entries.iter().enumerate() {
            if let Some(first) = by_id.insert(e.id.clone(), i as u32) {
                let f = &entries[first as usize].origin;
                return Err(Error::line(
                    &e.origin.source,
                    e.origin.line,
                    format!("duplicate id `{}` (first defined at {f})", e.id),
                ));
            }
        }
        let (matcher, conflicts) = Matcher::build(&entries, &titles, engine)?;
        let mut warnings = Vec::new();
        for Conflict { alias, entries: owners } in conflicts {
            let list: Vec<String> = owners
                .iter()
                .map(|&o| format!("{} ({})", entries[o as usize].id, entries[o as usize].origin))
                .collect();
            warnings.push(Warning {
                message: format!("alias `{alias}` is shared by {} without `~`: {}", owners.len(), list.join(", ")),
            });
        }
        let mut holders: FastMap<String, FastMap<String, Vec<(u32, usize)>>> = FastMap::default();
        for (i, e) in entries.iter().enumerate() {
            for r in e.references() {
                if !by_id.contains_key(r) && !titles.role_keys.is_empty() {
                    warnings.push(Warning { message: format!("{}: `{}` refers to unknown id `{r}`", e.origin, e.id) });
                }
            }
            for (k, r) in e.attrs.roles.iter().enumerate() {
                if !titles.role_keys.contains(&r.key) && !titles.role_keys.is_empty() {
                    warnings.push(Warning {
                        message: format!(
                            "{}: `{}` has role key `{}` that titles.tsv does not define",
                            e.origin, e.id, r.key
                        ),
                    });
                }
                holders.entry(r.key.clone()).or_default().entry(r.holder.clone()).or_default().push((i as u32, k));
            }
        }
        let mut labels = String::with_capacity(entries.iter().map(|e| e.id.len() + e.name.len()).sum());
        let mut label_at = Vec::with_capacity(entries.len() + 1);
        let offset = |labels: &String| {
            u32::try_from(labels.len()).map_err(|_| Error::config("the entries' ids and names exceed 4 GiB"))
        };
        for e in &entries {
            label_at.push(Label {
                start: offset(&labels)?,
                id_len: e.id.len() as u32,
                name_len: e.name.len() as u32,
                etype: e.etype,
                attrs: e.attrs.any(),
            });
            labels.push_str(&e.id);
            labels.push_str(&e.name);
            if e.etype == EntityType::Person {
                // Alphabetic words: a space separates them unambiguously.
                for (k, w) in family_words(&e.name, &given).iter().enumerate() {
                    if k > 0 {
                        labels.push(' ');
                    }
                    labels.push_str(w);
                }
            }
        }
        let end = Label { start: offset(&labels)?, id_len: 0, name_len: 0, etype: EntityType::Person, attrs: false };
        label_at.push(end);
        Ok(Kb { entries, by_id, titles, given, matcher, holders, warnings, labels, label_at })
    }

    /// The words of person entry `i`'s name, in lower case, that can stand
    /// alone for it as a family name ("Ban" for "Ban Ki-moon"): its first
    /// or last whole word, whichever is not a given name, of at least three
    /// letters; none for a name of one word.
    pub(crate) fn family_words(&self, i: u32) -> impl Iterator<Item = &str> {
        let Label { start, id_len, name_len, .. } = self.label_at[i as usize];
        let from = (start + id_len + name_len) as usize;
        self.labels[from..self.label_at[i as usize + 1].start as usize].split(' ').filter(|w| !w.is_empty())
    }

    pub(crate) fn entry(&self, i: u32) -> &Entry {
        &self.entries[i as usize]
    }

    /// Entry `i`'s id, name and type, read from one place ([`Kb::labels`]).
    #[inline]
    pub(crate) fn label(&self, i: u32) -> (&str, &str, EntityType) {
        let Label { start, id_len, name_len, etype, .. } = self.label_at[i as usize];
        let (start, mid) = (start as usize, (start + id_len) as usize);
        (&self.labels[start..mid], &self.labels[mid..mid + name_len as usize], etype)
    }

    /// Asks the processor to fetch the compact records of the entries that
    /// `hits` found, all at once, ahead of [`Kb::prefetch_label`] and
    /// [`Kb::etype`].
    pub(crate) fn prefetch_records(&self, hits: &crate::matcher::Hits) {
        // A news article's worth: a long text's would not stay in cache.
        for h in hits.hits.iter().take(256) {
            if let Some(crate::matcher::TargetKind::Entry { entry, .. }) = hits.targets(h).first() {
                prefetch(self.label_at.as_ptr().wrapping_add(*entry as usize));
            }
        }
    }

    /// Asks the processor to fetch entry `i`'s label ahead of
    /// [`Kb::label`], so that the cache miss overlaps other work.
    #[inline]
    pub(crate) fn prefetch_label(&self, i: u32) {
        if let Some(l) = self.label_at.get(i as usize) {
            prefetch(self.labels.as_ptr().wrapping_add(l.start as usize));
        }
    }

    /// Entry `i`'s type (from the compact [`Kb::label`] records).
    #[inline]
    pub(crate) fn etype(&self, i: u32) -> EntityType {
        self.label_at[i as usize].etype
    }

    /// Entry `i` if it has attributes (country, kind, roles...): an entry
    /// without is known as such from its compact record, without reading it.
    #[inline]
    pub(crate) fn attributed(&self, i: u32) -> Option<&Entry> {
        self.label_at[i as usize].attrs.then(|| &self.entries[i as usize])
    }

    /// The entry with this id.
    pub(crate) fn entry_id(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    pub(crate) fn title(&self, i: u32) -> &Title {
        &self.titles.titles[i as usize]
    }

    /// The person holding `role` of `holder` on `date`. Without a date, the
    /// current holder (a dated role with an open end). Where several
    /// qualify (a handover day), the one whose spell started last.
    pub(crate) fn holder_of(&self, role: &str, holder: &str, date: Option<Date>) -> Option<u32> {
        let list = self.holders.get(role)?.get(holder)?;
        list.iter()
            .filter(|&&(e, k)| {
                let r: &Role = &self.entries[e as usize].attrs.roles[k];
                match date {
                    Some(d) => r.held_on(d),
                    None => r.is_current(),
                }
            })
            .max_by_key(|&&(e, k)| (self.entries[e as usize].attrs.roles[k].from(), std::cmp::Reverse(e)))
            .map(|&(e, _)| e)
    }

    /// Whether entry `e` holds one of `roles` (of any holder) on `date`, or
    /// (with no date) currently; undated roles count when `loose`.
    pub(crate) fn holds_any(&self, e: u32, roles: &[String], date: Option<Date>, loose: bool) -> bool {
        self.entries[e as usize].attrs.roles.iter().any(|r| {
            roles.contains(&r.key)
                && match date {
                    Some(d) => r.held_on(d) || (loose && !r.is_dated()),
                    None => r.is_current() || (loose && !r.is_dated()),
                }
        })
    }

    /// A role of entry `e` valid on `date` (or current), preferring heads of
    /// state and government.
    pub(crate) fn role_on(&self, e: u32, date: Option<Date>) -> Option<&Role> {
        let roles = &self.entries[e as usize].attrs.roles;
        let valid = |r: &&Role| match date {
            Some(d) => r.held_on(d),
            None => r.is_current(),
        };
        let rank = |r: &Role| match r.key() {
            "president" | "monarch" | "supreme-leader" => 0,
            "prime-minister" | "chancellor" => 1,
            _ => 2,
        };
        roles.iter().filter(valid).min_by_key(|r| rank(r))
    }

    /// The country an entry stands for or belongs to: itself for a country.
    pub(crate) fn country_of(&self, e: u32) -> Option<&str> {
        let entry = &self.entries[e as usize];
        match entry.etype {
            EntityType::Country => Some(&entry.id),
            _ => entry.attrs.country.as_deref(),
        }
    }
}

/// [`Kb::family_words`] of a person named `name`, worked out once at build.
fn family_words(name: &str, given: &GivenNames) -> Box<[Box<str>]> {
    // Whole words of the name: "Ki-moon" is no family name to take apart.
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    let mut out: Vec<Box<str>> = Vec::new();
    if let [first, .., last] = words.as_slice() {
        for w in [first, last] {
            if w.len() >= 3
                && w.chars().all(char::is_alphabetic)
                && !given.contains(w)
                && !out.iter().any(|o| **o == **w)
            {
                out.push(w.as_str().into());
            }
        }
    }
    out.into_boxed_slice()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_each_entrys_id_name_and_type() {
        let g = crate::gazetteer::Gazetteer::parse(
            "person/ada-lovelace\tperson\tAda Lovelace\ncountry/x\tcountry\tX\t\tiso2=XX\norganization/\u{e9}t\u{e9}\torganization\t\u{c9}t\u{e9} Union\n",
        );
        let entries = match g {
            Ok(g) => g.entries().to_vec(),
            Err(e) => panic!("{e}"),
        };
        assert_eq!(entries.len(), 3);
        let kb = Kb::build(entries, Arc::default(), Arc::default(), MatchEngine::TokenTrie).expect("builds");
        for (i, e) in kb.entries.iter().enumerate() {
            assert_eq!(kb.label(i as u32), (e.id.as_str(), e.name.as_str(), e.etype));
            assert_eq!(kb.etype(i as u32), e.etype);
            assert_eq!(kb.attributed(i as u32).map(|x| x.id.as_str()), (e.id == "country/x").then_some("country/x"));
            let family: Vec<&str> = kb.family_words(i as u32).collect();
            let want: &[&str] = if e.etype == EntityType::Person { &["ada", "lovelace"] } else { &[] };
            assert_eq!(family, want, "{}", e.id);
        }
    }

    #[test]
    fn family_words_are_whole_outer_words_that_are_not_given_names() {
        let given = GivenNames::parse("ada\njohn\n");
        let words = |name: &str| -> Vec<String> { family_words(name, &given).iter().map(|w| w.to_string()).collect() };
        // Either end, lower-cased; a hyphenated word is kept whole.
        assert_eq!(words("Ban Ki-moon"), ["ban"]);
        assert_eq!(words("Nursultan Abishevich Nazarbayev"), ["nursultan", "nazarbayev"]);
        // Given names, short words and one-word names give nothing.
        assert_eq!(words("John Smith"), ["smith"]);
        assert_eq!(words("Ada Li"), Vec::<String>::new());
        assert_eq!(words("Prince"), Vec::<String>::new());
        // The same word at both ends once.
        assert_eq!(words("Tan Wei Tan"), ["tan"]);
    }
}
