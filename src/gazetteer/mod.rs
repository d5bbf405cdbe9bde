//! Gazetteers: the entries the extractor knows by name.
//!
//! A [`Gazetteer`] is a list of [`Entry`] values parsed from the plain-text
//! format documented in `gazetteers/README.md`: one entry a line, five
//! TAB-separated columns `id`, `type`, `name`, `aliases`, `attributes`. The
//! crate embeds its default gazetteers ([`Gazetteer::default_entries`]);
//! custom ones load through the same parser from a string, a reader or a path.
//!
//! ```
//! use newsgraph::{EntityType, Gazetteer};
//!
//! let g = Gazetteer::parse(
//!     "person/ada-okafor\tperson\tAda Okafor\tOkafor\tgender=f; role=foreign-minister@country/nigeria[2031-02-01..]\n",
//! )?;
//! let e = &g.entries()[0];
//! assert_eq!(e.id(), "person/ada-okafor");
//! assert_eq!(e.entity_type(), EntityType::Person);
//! assert_eq!(e.roles()[0].key(), "foreign-minister");
//! # Ok::<(), newsgraph::Error>(())
//! ```

mod default;
mod parse;
pub(crate) mod petrarch;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::Error;

pub(crate) use default::{DEFAULT_GAZETTEERS, GIVEN_NAMES, TITLES};

/// The type of an entity, as the schema names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EntityType {
    /// A named individual: "Sadyr Japarov".
    Person,
    /// A sovereign (or historical) state: "Kyrgyzstan", "the Soviet Union".
    Country,
    /// A city, region or geographic area: "Bishkek", "Central Asia".
    Place,
    /// A body, agency, company or news agency: "CSTO", "TASS".
    Organization,
    /// A building, base or residence: "Kant air base".
    Facility,
    /// A named or described event: "Indestructible Brotherhood 2023".
    Event,
    /// A treaty, statute or agreement: "Rome Statute".
    Document,
}

impl EntityType {
    /// All types, in schema order.
    pub const ALL: [EntityType; 7] = [
        EntityType::Person,
        EntityType::Country,
        EntityType::Place,
        EntityType::Organization,
        EntityType::Facility,
        EntityType::Event,
        EntityType::Document,
    ];

    /// The schema's name of the type: `"person"`, `"country"`, ...
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Country => "country",
            EntityType::Place => "place",
            EntityType::Organization => "organization",
            EntityType::Facility => "facility",
            EntityType::Event => "event",
            EntityType::Document => "document",
        }
    }

    /// Parses a schema type name.
    pub fn from_name(name: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

impl std::fmt::Display for EntityType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a surface form relates to its entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum AliasKind {
    /// The canonical name.
    Name,
    /// Another name, spelling, acronym or script.
    Alias,
    /// An adjective or demonym ("Kyrgyz", "North Korean").
    Demonym,
}

/// One surface form of an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Alias {
    pub(crate) text: String,
    pub(crate) kind: AliasKind,
    /// Declared as shared with other entries (`~` prefix).
    pub(crate) shared: bool,
}

/// An office held by a person: a role key from `titles.tsv`, the country or
/// organization it belongs to, and the dates of office where known.
///
/// Both bounds are inclusive. A partial `from` (`2012`, `2012-05`) counts from
/// the first day of its year or month; a partial `to` until the last day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub(crate) key: String,
    pub(crate) holder: String,
    pub(crate) from: Option<Date>,
    pub(crate) to: Option<Date>,
    pub(crate) dated: bool,
}

impl Role {
    /// The role key (`president`, `foreign-minister`, ...).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The id of the country or organization the office belongs to.
    pub fn holder(&self) -> &str {
        &self.holder
    }

    /// First day in office, if known.
    pub fn from(&self) -> Option<Date> {
        self.from
    }

    /// Last day in office, if known and over.
    pub fn to(&self) -> Option<Date> {
        self.to
    }

    /// Whether the entry gave dates of office at all (`[..]` present).
    pub fn is_dated(&self) -> bool {
        self.dated
    }

    /// Whether the office was held on `date` (bounds inclusive). An undated
    /// role is never known to be held on a given date.
    pub fn held_on(&self, date: Date) -> bool {
        self.dated && self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }

    /// Whether the role is still held (dated with an open end).
    pub fn is_current(&self) -> bool {
        self.dated && self.to.is_none()
    }
}

/// The attributes of an entry; which ones are set depends on its type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Attributes {
    pub(crate) iso2: Option<String>,
    pub(crate) iso3: Option<String>,
    pub(crate) capital: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) kind: Option<String>,
    pub(crate) parent: Option<String>,
    pub(crate) gender: Option<char>,
    pub(crate) roles: Vec<Role>,
    pub(crate) date: Option<String>,
    pub(crate) recurrence: Option<String>,
    pub(crate) location: Option<String>,
    pub(crate) organizer: Option<String>,
    pub(crate) wikidata: Option<String>,
    pub(crate) historical: bool,
    /// CAMEO actor codes, from PETRARCH dictionaries: (code, from, to).
    pub(crate) cameo: Vec<(String, Option<Date>, Option<Date>)>,
}

/// The data lines of one of the crate's TSV files (gazetteers, titles,
/// triggers), numbered from 1: blank lines and `#` comments are skipped and
/// a carriage return before the line end is dropped.
pub(crate) fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(n, raw)| {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        (!line.trim().is_empty() && !line.trim_start().starts_with('#')).then_some((n + 1, line))
    })
}

/// An entry's attributes, stored only when some are set: most entries of a
/// large user gazetteer have none, and an empty [`Attributes`] is over 300
/// bytes. Reads see an empty set; the first write allocates.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Attrs(Option<Box<Attributes>>);

static NO_ATTRIBUTES: Attributes = Attributes {
    iso2: None,
    iso3: None,
    capital: None,
    country: None,
    kind: None,
    parent: None,
    gender: None,
    roles: Vec::new(),
    date: None,
    recurrence: None,
    location: None,
    organizer: None,
    wikidata: None,
    historical: false,
    cameo: Vec::new(),
};

impl From<Attributes> for Attrs {
    fn from(a: Attributes) -> Attrs {
        Attrs((a != NO_ATTRIBUTES).then(|| Box::new(a)))
    }
}

impl Attrs {
    /// Whether there are any (a plain name list has none).
    pub(crate) fn any(&self) -> bool {
        self.0.is_some()
    }
}

impl std::ops::Deref for Attrs {
    type Target = Attributes;

    fn deref(&self) -> &Attributes {
        self.0.as_deref().unwrap_or(&NO_ATTRIBUTES)
    }
}

impl std::ops::DerefMut for Attrs {
    fn deref_mut(&mut self) -> &mut Attributes {
        self.0.get_or_insert_with(Box::default)
    }
}

impl std::fmt::Debug for Attrs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

/// Where an entry was defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    pub(crate) source: Arc<str>,
    pub(crate) line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.source, self.line)
    }
}

/// One gazetteer entry: a stable id, a type, a canonical name, aliases and
/// attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub(crate) id: String,
    pub(crate) etype: EntityType,
    pub(crate) name: String,
    pub(crate) aliases: Vec<Alias>,
    pub(crate) attrs: Attrs,
    pub(crate) origin: Origin,
}

impl Entry {
    /// The stable id, e.g. `person/vladimir-putin`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The entity type.
    pub fn entity_type(&self) -> EntityType {
        self.etype
    }

    /// The canonical name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Every surface form that matches this entry: the name, the aliases,
    /// acronyms and demonyms.
    pub fn surface_forms(&self) -> impl Iterator<Item = &str> {
        self.aliases.iter().map(|a| a.text.as_str())
    }

    /// The demonyms and adjectives of a country or place ("Kyrgyz").
    pub fn demonyms(&self) -> impl Iterator<Item = &str> {
        self.aliases.iter().filter(|a| a.kind == AliasKind::Demonym).map(|a| a.text.as_str())
    }

    /// The offices a person held, with dates where known.
    pub fn roles(&self) -> &[Role] {
        &self.attrs.roles
    }

    /// The country a place, organization or person belongs to.
    pub fn country(&self) -> Option<&str> {
        self.attrs.country.as_deref()
    }

    /// The capital of a country.
    pub fn capital(&self) -> Option<&str> {
        self.attrs.capital.as_deref()
    }

    /// ISO 3166-1 alpha-2 and alpha-3 codes of a country.
    pub fn iso_codes(&self) -> (Option<&str>, Option<&str>) {
        (self.attrs.iso2.as_deref(), self.attrs.iso3.as_deref())
    }

    /// The parent organization or place.
    pub fn parent(&self) -> Option<&str> {
        self.attrs.parent.as_deref()
    }

    /// The sub-kind (`city`, `news-agency`, `exercise`...), if given.
    pub fn kind(&self) -> Option<&str> {
        self.attrs.kind.as_deref()
    }

    /// `m` or `f` for persons where given.
    pub fn gender(&self) -> Option<char> {
        self.attrs.gender
    }

    /// Whether the state or body no longer exists.
    pub fn is_historical(&self) -> bool {
        self.attrs.historical
    }

    /// Where the entry was defined, as `file:line`.
    pub fn origin(&self) -> String {
        self.origin.to_string()
    }

    /// The ids this entry refers to (country, capital, parent, role holders,
    /// location, organizer).
    pub(crate) fn references(&self) -> impl Iterator<Item = &str> {
        let a = &self.attrs;
        [&a.country, &a.capital, &a.parent, &a.location, &a.organizer]
            .into_iter()
            .filter_map(|o| o.as_deref())
            .chain(a.roles.iter().map(|r| r.holder.as_str()))
    }
}

/// A parsed gazetteer: entries in file order.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    pub(crate) entries: Vec<Entry>,
    /// Problems that did not stop the import (PETRARCH dictionaries with a
    /// malformed code or date on a line), each naming file and line.
    pub(crate) warnings: Vec<String>,
}

impl Gazetteer {
    /// Parses a gazetteer from a string; errors name the source `<string>`.
    ///
    /// # Errors
    ///
    /// A malformed line (wrong number of columns, unknown type or attribute,
    /// bad id, date or role) or a duplicate id.
    pub fn parse(text: &str) -> Result<Gazetteer, Error> {
        Gazetteer::parse_named("<string>", text)
    }

    /// Parses a gazetteer from a string, naming it `source` in errors.
    ///
    /// # Errors
    ///
    /// As for [`Gazetteer::parse`].
    pub fn parse_named(source: &str, text: &str) -> Result<Gazetteer, Error> {
        parse::parse(source, text)
    }

    /// Reads and parses a gazetteer, naming it `source` in errors.
    ///
    /// # Errors
    ///
    /// As for [`Gazetteer::parse`], and when reading fails or the bytes are
    /// not UTF-8 (the error gives the byte offset).
    pub fn from_reader<R: Read>(source: &str, mut reader: R) -> Result<Gazetteer, Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(|e| Error::source(source, format!("cannot read: {e}")))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| Error::source(source, format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to())))?;
        Gazetteer::parse_named(source, &text)
    }

    /// Reads and parses a gazetteer file.
    ///
    /// # Errors
    ///
    /// As for [`Gazetteer::from_reader`], naming the path.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Gazetteer, Error> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| Error::source(&name, format!("cannot open: {e}")))?;
        Gazetteer::from_reader(&name, std::io::BufReader::new(file))
    }

    /// Imports a PETRARCH/TABARI actor dictionary (root lines, `+synonym`
    /// lines, `[CODE date-range]` restrictions), naming it `source` in errors.
    ///
    /// Each root phrase becomes an entry; its type is guessed from its codes
    /// (a bare country code is a country, a dated list of codes a person,
    /// `IGO`/`NGO`/`MNC` codes an organization). The CAMEO codes are kept on
    /// the entry. Its id is its type and the slug of its name
    /// (`country/lakeland`); an actor whose id is already given gets the
    /// first free number after it (`-2`, `-3`...).
    ///
    /// # Errors
    ///
    /// A malformed code or date, naming the line.
    pub fn from_petrarch_actors<R: Read>(source: &str, reader: R) -> Result<Gazetteer, Error> {
        petrarch::parse_actors(source, reader)
    }

    /// The embedded default entries, parsed once.
    pub fn default_entries() -> &'static Gazetteer {
        &DEFAULT_GAZETTEERS
    }

    /// Problems that did not stop loading, each naming its file and line:
    /// a PETRARCH code with a malformed date is left out and reported here.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The entries in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds the entries of `other` after these.
    ///
    /// # Errors
    ///
    /// An id present in both, naming both places.
    pub fn extend(&mut self, other: Gazetteer) -> Result<(), Error> {
        if self.entries.is_empty() && self.warnings.is_empty() {
            // Nothing to check `other` against (a gazetteer's own ids were
            // checked as it was read), and a large one is moved, not copied.
            *self = other;
            return Ok(());
        }
        let mut seen: crate::words::FastMap<&str, &Origin> = crate::words::FastMap::default();
        seen.reserve(self.entries.len() + other.entries.len());
        seen.extend(self.entries.iter().map(|e| (e.id.as_str(), &e.origin)));
        for e in &other.entries {
            if let Some(first) = seen.insert(e.id.as_str(), &e.origin) {
                return Err(Error::line(
                    &e.origin.source,
                    e.origin.line,
                    format!("duplicate id `{}` (first defined at {first})", e.id),
                ));
            }
        }
        self.entries.extend(other.entries);
        self.warnings.extend(other.warnings);
        Ok(())
    }
}
