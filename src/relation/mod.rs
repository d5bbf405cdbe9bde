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

#[cfg(test)]
mod tests {
    use crate::{Extractor, Input};

    /// Every row of the trigger lexicon finds its own example.
    #[test]
    fn every_trigger_row_finds_its_example() {
        let ex = Extractor::new();
        let mut failures = Vec::new();
        for row in &super::TRIGGERS.rows {
            let doc = ex.extract(Input::new(&row.example).date("2031-06-04".parse().unwrap()));
            let (subj, obj) = row.expect.split_once('>').expect("expect has `>`");
            let names = |s: &str| -> Vec<String> {
                s.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty() && x != "-").collect()
            };
            let (want_s, want_o) = (names(subj), names(obj));
            let name_of = |id: &String| doc.entity(id).map(|e| e.name.clone()).unwrap_or_default();
            let ok = doc.relations.iter().any(|r| {
                let s: Vec<String> = r.subject.iter().map(name_of).collect();
                let o: Vec<String> = r.object.iter().map(name_of).collect();
                let all = |want: &[String], got: &[String]| {
                    want.iter().all(|w| got.iter().any(|g| g == w || g.starts_with(w.as_str())))
                };
                let both: Vec<String> = s.iter().chain(&o).cloned().collect();
                r.relation_type == row.rtype
                    && if row.rtype == super::RelationType::Meets {
                        all(&want_s, &both) && all(&want_o, &both)
                    } else {
                        all(&want_s, &s) && all(&want_o, &o)
                    }
                    && row.forms.iter().any(|f| {
                        r.trigger.text.eq_ignore_ascii_case(f)
                            || r.trigger.text.to_lowercase().contains(&f.to_lowercase())
                    })
            });
            if !ok {
                let got: Vec<String> = doc
                    .relations
                    .iter()
                    .map(|r| {
                        format!(
                            "{} {:?} -> {:?} \"{}\"",
                            r.relation_type.as_str(),
                            r.subject.iter().map(name_of).collect::<Vec<_>>(),
                            r.object.iter().map(name_of).collect::<Vec<_>>(),
                            r.trigger.text
                        )
                    })
                    .collect();
                failures.push(format!(
                    "triggers.tsv:{}: {:?}\n    want {} {}\n    got {got:?}",
                    row.line,
                    row.example,
                    row.rtype.as_str(),
                    row.expect
                ));
            }
        }
        assert!(failures.is_empty(), "{} rows fail:\n{}", failures.len(), failures.join("\n"));
    }
}
