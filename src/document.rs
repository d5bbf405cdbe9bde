//! The output document (schema version 1, `SCHEMA.md`) and its parts.
//!
//! [`Document::to_json`] is written by hand in `json.rs` for speed; a field
//! added here must be added there too (its tests compare the two writers
//! on a document with every field set).
//!
//! Every type here is owned, `Serialize` and `Deserialize`; field order is
//! the schema's, and collections are `Vec`s, so the same input gives
//! byte-identical JSON.

use serde::{Deserialize, Serialize};

use crate::gazetteer::EntityType;
use crate::relation::{Modality, RelationType};
use crate::temporal::TimeValue;

/// The schema version this crate writes.
pub const SCHEMA_VERSION: &str = "1";

/// Where the anchor date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DateSource {
    /// The caller gave it in the [`Input`](crate::Input).
    Given,
    /// It was read from the dateline ("BISHKEK, Oct 12 (Reuters) -").
    Dateline,
    /// No anchor date is known; relative times keep `X` placeholders.
    None,
}

impl DateSource {
    /// The schema's name, as in the JSON output.
    pub fn as_str(&self) -> &'static str {
        match self {
            DateSource::Given => "given",
            DateSource::Dateline => "dateline",
            DateSource::None => "none",
        }
    }
}

/// How a mention refers to its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MentionKind {
    /// The name or a titled name: "Russian President Vladimir Putin".
    Name,
    /// A surname, acronym, other spelling or script: "Putin", "CSTO", "Путин".
    Alias,
    /// A title standing for the person: "the Kyrgyz leader".
    Title,
    /// An adjective or demonym standing for a country: "Kyrgyz", "North Korean".
    Demonym,
    /// A pronoun: "he", "his".
    Pronoun,
    /// A group phrase: "the two leaders", "both presidents".
    Group,
    /// A place standing for its government: "Moscow denies".
    Metonym,
}

impl MentionKind {
    /// The schema's name, as in the JSON output.
    pub fn as_str(&self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Alias => "alias",
            MentionKind::Title => "title",
            MentionKind::Demonym => "demonym",
            MentionKind::Pronoun => "pronoun",
            MentionKind::Group => "group",
            MentionKind::Metonym => "metonym",
        }
    }
}

/// The dateline of a news story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// Entity id of the dateline's place.
    pub place: Option<String>,
    /// The dateline's date as a TIMEX value (`2023-10-12`, or `XXXX-10-12`
    /// when neither it nor the given anchor has a year).
    pub date: Option<TimeValue>,
    /// Byte span of the whole dateline.
    pub start: usize,
    /// End of the dateline span.
    pub end: usize,
}

/// A sentence's byte span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceSpan {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// One mention of an entity in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Exactly `input[start..end]`.
    pub text: String,
    /// Index of the sentence holding the mention.
    pub sentence: usize,
    /// How the mention refers to the entity.
    pub kind: MentionKind,
    /// The title fused with a name ("Kyrgyz President" in "Kyrgyz President
    /// Sadyr Japarov"), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// A person's office as given by the gazetteer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleOut {
    /// Role key (`president`).
    pub role: String,
    /// Id of the country or organization.
    pub of: String,
    /// First day in office, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day in office, if known and over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// One entity and all its mentions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id: the gazetteer's (`person/vladimir-putin`), or derived from
    /// the type and normalized name for entities found by their shape.
    pub id: String,
    /// The entity type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Canonical name.
    pub name: String,
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
    /// `gazetteer` when the entity is a gazetteer entry, `pattern` when it
    /// was recognized by its shape (a title before a name, "Ministry of ...").
    pub origin: String,
    /// Country of a place, organization or person, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Sub-kind from the gazetteer (`city`, `news-agency`, `exercise`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Offices held on the anchor date (persons).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleOut>,
    /// Time id of an event's date, where the text gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Entity id of an event's place, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Entity id of an event's organizer, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizer: Option<String>,
    /// CAMEO actor codes valid on the anchor date (entries imported from
    /// PETRARCH dictionaries).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cameo: Vec<String>,
}

/// The kind of a time expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TimeKind {
    /// A calendar date, month, year, week...: "October 13", "last week".
    Date,
    /// A range of dates: "October 9 to 13".
    Interval,
    /// A length of time: "for three days".
    Duration,
    /// A recurring time: "every year".
    Set,
    /// An ordinal anniversary: "the 20th anniversary of".
    Anniversary,
}

impl TimeKind {
    /// The schema's name, as in the JSON output.
    pub fn as_str(&self) -> &'static str {
        match self {
            TimeKind::Date => "date",
            TimeKind::Interval => "interval",
            TimeKind::Duration => "duration",
            TimeKind::Set => "set",
            TimeKind::Anniversary => "anniversary",
        }
    }
}

/// One time expression.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Time {
    /// `t1`, `t2`, ... in text order.
    pub id: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Exactly `input[start..end]`.
    pub text: String,
    /// Kind of expression.
    pub kind: TimeKind,
    /// TIMEX3 value.
    pub value: TimeValue,
    /// The ordinal of an anniversary ("20th" → 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordinal: Option<u32>,
    /// The year an anniversary counts from, when the anchor is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_year: Option<i32>,
}

/// The span and words of a relation's trigger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Exactly `input[start..end]`.
    pub text: String,
}

/// One relation between entities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// The relation type.
    #[serde(rename = "type")]
    pub relation_type: RelationType,
    /// Entity ids of the subjects.
    pub subject: Vec<String>,
    /// Entity ids of the objects (may be empty).
    pub object: Vec<String>,
    /// Entity id of the place, if stated.
    pub location: Option<String>,
    /// Time id, if stated.
    pub time: Option<String>,
    /// Occurred, planned or possible.
    pub modality: Modality,
    /// Whether the text denies the relation.
    pub negated: bool,
    /// The words that state the relation.
    pub trigger: Trigger,
    /// Index of the sentence.
    pub sentence: usize,
    /// Confidence between 0 and 1.
    pub confidence: f32,
    /// CAMEO event code of the trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    /// PLOVER event type of the trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover: Option<String>,
}

/// The result of extraction: schema version 1.
///
/// Serialize with [`Document::to_json`] or any serde serializer; read back
/// with [`Document::from_json`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Always `"1"`.
    pub schema: String,
    /// The caller's document id, if any.
    pub id: Option<String>,
    /// The anchor date used to resolve relative times (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Where the anchor date came from.
    pub date_source: DateSource,
    /// The dateline, if the story has one.
    pub dateline: Option<Dateline>,
    /// Sentence spans in text order.
    pub sentences: Vec<SentenceSpan>,
    /// Entities in order of first mention.
    pub entities: Vec<Entity>,
    /// Time expressions in text order.
    pub times: Vec<Time>,
    /// Relations in text order.
    pub relations: Vec<Relation>,
    /// Set when the text is longer than 4 GiB: the byte where analysis
    /// stopped (offsets are 32-bit inside). Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncated_at: Option<usize>,
}

impl Document {
    /// Compact JSON on one line.
    pub fn to_json(&self) -> String {
        crate::json::write(self)
    }

    /// Indented JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a Document always serializes")
    }

    /// Reads a document back from JSON.
    ///
    /// # Errors
    ///
    /// When the JSON is not a schema-1 document.
    pub fn from_json(json: &str) -> Result<Document, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// The time with this id.
    pub fn time(&self, id: &str) -> Option<&Time> {
        self.times.iter().find(|t| t.id == id)
    }
}
