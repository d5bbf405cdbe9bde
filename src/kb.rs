//! The compiled knowledge base: merged gazetteer entries, their indexes, the
//! lexicons and the matcher. Built once per [`Extractor`](crate::Extractor).

use std::sync::Arc;

use jiff::civil::Date;

use crate::error::Error;
use crate::gazetteer::{EntityType, Entry, Role};
use crate::lexicon::{GivenNames, Title, Titles};
use crate::matcher::{Conflict, MatchEngine, Matcher};
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
        Ok(Kb { entries, by_id, titles, given, matcher, holders, warnings })
    }

    pub(crate) fn entry(&self, i: u32) -> &Entry {
        &self.entries[i as usize]
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
