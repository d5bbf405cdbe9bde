//! Relations between entities: types, modality, and extraction.

pub(crate) mod extract;
pub(crate) mod triggers;

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// The embedded trigger lexicon, parsed once.
pub(crate) static TRIGGERS: LazyLock<triggers::Lexicon> = LazyLock::new(|| {
    triggers::Lexicon::parse("gazetteers/triggers.tsv", include_str!("../../gazetteers/triggers.tsv"))
        .unwrap_or_else(|e| panic!("embedded triggers: {e}"))
});

/// The relation vocabulary of schema version 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RelationType {
    /// "Putin met Japarov", "talks between X and Y" (symmetric).
    Meets,
    /// "Putin arrived in Kyrgyzstan", "his visit to Bishkek".
    Visits,
    /// "Kyrgyzstan hosted the drills", "Japarov welcomed Putin".
    Hosts,
    /// "the two leaders signed a package of documents".
    Signs,
    /// "Putin took part in the CIS summit".
    Attends,
    /// "the CSTO is holding the exercise".
    Conducts,
    /// "the Council of Heads of State will convene in Bishkek".
    Convenes,
    /// "both presidents sent video messages to the conference".
    SendsMessage,
    /// "North Korea congratulated Putin".
    Congratulates,
    /// "Armenia would be obliged to arrest Putin".
    RestrictsEntry,
    /// "Armenia ratified the Rome Statute".
    Ratifies,
}

impl RelationType {
    /// All types in schema order.
    pub const ALL: [RelationType; 11] = [
        RelationType::Meets,
        RelationType::Visits,
        RelationType::Hosts,
        RelationType::Signs,
        RelationType::Attends,
        RelationType::Conducts,
        RelationType::Convenes,
        RelationType::SendsMessage,
        RelationType::Congratulates,
        RelationType::RestrictsEntry,
        RelationType::Ratifies,
    ];

    /// The schema's name: `"meets"`, `"sends_message"`, ...
    pub fn as_str(&self) -> &'static str {
        match self {
            RelationType::Meets => "meets",
            RelationType::Visits => "visits",
            RelationType::Hosts => "hosts",
            RelationType::Signs => "signs",
            RelationType::Attends => "attends",
            RelationType::Conducts => "conducts",
            RelationType::Convenes => "convenes",
            RelationType::SendsMessage => "sends_message",
            RelationType::Congratulates => "congratulates",
            RelationType::RestrictsEntry => "restricts_entry",
            RelationType::Ratifies => "ratifies",
        }
    }

    /// Parses a schema name.
    pub fn from_name(s: &str) -> Option<RelationType> {
        RelationType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Whether a relation happened, is planned, or is only possible.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Modality {
    /// Reported as done or happening: "met", "is holding".
    Occurred,
    /// Scheduled or announced: "will meet", "is expected to sign".
    Planned,
    /// Conditional or hedged: "would be obliged to arrest", "could visit".
    Possible,
}

impl Modality {
    /// The schema's name: `"occurred"`, `"planned"` or `"possible"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Modality::Occurred => "occurred",
            Modality::Planned => "planned",
            Modality::Possible => "possible",
        }
    }
}
