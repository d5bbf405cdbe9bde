//! The output model as borrowed views, walked in the schema's order.
//!
//! One walk feeds either the owned [`Document`] or the JSON writer: a
//! pipeline that wants only JSON ([`Extractor::extract_json`]) never builds
//! the document's strings only to copy them once more and drop them. A
//! source ([`Document`], or the pipeline's own results) hands out its
//! records as views; [`walk`] sends them to a [`Sink`] in the schema's
//! order, which lives there and in the writer of each record, nowhere
//! else. The views mirror the records of [`Document`] field for field, with
//! strings borrowed from the source.
//!
//! [`Extractor::extract_json`]: crate::Extractor::extract_json

use std::borrow::Cow;

use crate::document::{
    DateSource, Dateline, Document, Entity, Mention, MentionKind, Relation, RoleOut, SentenceSpan, Time, TimeKind,
    Trigger,
};
use crate::gazetteer::EntityType;
use crate::relation::{Modality, RelationType};
use crate::temporal::TimeValue;

/// The id of a time expression: the document's own string, or the number
/// of the expression (from 0), written `t1`, `t2`...
#[derive(Clone, Copy, Debug)]
pub(crate) enum TimeId<'a> {
    Str(&'a str),
    Index(usize),
}

impl TimeId<'_> {
    /// Appends the id to `out`.
    pub(crate) fn write(&self, out: &mut String) {
        match *self {
            TimeId::Str(s) => out.push_str(s),
            TimeId::Index(k) => {
                out.push('t');
                out.push_str(itoa::Buffer::new().format(k + 1));
            }
        }
    }

    /// The id as an owned string.
    pub(crate) fn to_owned_string(self) -> String {
        let mut s = String::with_capacity(4);
        self.write(&mut s);
        s
    }
}

/// The fields before the lists.
pub(crate) struct Head<'a> {
    pub(crate) schema: &'a str,
    pub(crate) id: Option<&'a str>,
    pub(crate) date: Option<Cow<'a, str>>,
    pub(crate) date_source: DateSource,
    pub(crate) dateline: Option<DatelineView<'a>>,
}

pub(crate) struct DatelineView<'a> {
    pub(crate) place: Option<&'a str>,
    pub(crate) date: Option<Cow<'a, TimeValue>>,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

#[derive(Clone, Copy)]
pub(crate) struct MentionView<'a> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) text: &'a str,
    pub(crate) sentence: usize,
    pub(crate) kind: MentionKind,
    pub(crate) title: Option<&'a str>,
}

pub(crate) struct RoleView<'a> {
    pub(crate) role: &'a str,
    pub(crate) of: &'a str,
    pub(crate) from: Option<Cow<'a, str>>,
    pub(crate) to: Option<Cow<'a, str>>,
}

/// An entity's own fields; its mentions, roles and CAMEO codes come beside
/// it (see [`Sink::entity`]).
pub(crate) struct EntityView<'a> {
    /// The entity's position in its source (see [`Builder::finish`]).
    pub(crate) index: usize,
    pub(crate) id: &'a str,
    pub(crate) entity_type: EntityType,
    pub(crate) name: &'a str,
    pub(crate) origin: &'a str,
    pub(crate) country: Option<&'a str>,
    pub(crate) kind: Option<&'a str>,
    pub(crate) date: Option<TimeId<'a>>,
    pub(crate) location: Option<&'a str>,
    pub(crate) organizer: Option<&'a str>,
}

pub(crate) struct TimeView<'a> {
    pub(crate) id: TimeId<'a>,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) text: &'a str,
    pub(crate) kind: TimeKind,
    pub(crate) value: &'a TimeValue,
    pub(crate) ordinal: Option<u32>,
    pub(crate) start_year: Option<i32>,
}

/// A relation's own fields; its subject and object ids come beside it.
pub(crate) struct RelationView<'a> {
    pub(crate) relation_type: RelationType,
    pub(crate) location: Option<&'a str>,
    pub(crate) time: Option<TimeId<'a>>,
    pub(crate) modality: Modality,
    pub(crate) negated: bool,
    pub(crate) trigger: (usize, usize, &'a str),
    pub(crate) sentence: usize,
    pub(crate) confidence: f32,
    pub(crate) cameo: Option<&'a str>,
    pub(crate) plover: Option<&'a str>,
}

/// The lists of a document, in the schema's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum List {
    Sentences,
    Entities,
    Times,
    Relations,
}

/// What receives a document's records.
pub(crate) trait Sink {
    fn head(&mut self, head: Head<'_>);
    /// A list of at most `len` items begins; its items follow, then
    /// [`Sink::list_end`].
    fn list_start(&mut self, list: List, len: usize);
    fn list_end(&mut self);
    fn sentence(&mut self, s: SentenceSpan);
    fn entity<'v>(
        &mut self,
        e: &EntityView<'v>,
        mentions: impl Iterator<Item = MentionView<'v>>,
        roles: impl Iterator<Item = RoleView<'v>>,
        cameo: impl Iterator<Item = &'v str>,
    );
    fn time(&mut self, t: &TimeView<'_>);
    fn relation<'v>(
        &mut self,
        r: &RelationView<'v>,
        subject: impl Iterator<Item = &'v str>,
        object: impl Iterator<Item = &'v str>,
    );
    fn end(&mut self, truncated_at: Option<usize>);
}

/// What hands out a document's records, each list in its order.
pub(crate) trait Source {
    fn head(&self) -> Head<'_>;
    /// The number of items of a list, or more (never fewer).
    fn len(&self, list: List) -> usize;
    fn sentences(&self, sink: &mut impl Sink);
    fn entities(&self, sink: &mut impl Sink);
    fn times(&self, sink: &mut impl Sink);
    fn relations(&self, sink: &mut impl Sink);
    fn truncated_at(&self) -> Option<usize>;
}

/// Sends every record of `source` to `sink`, in the schema's order.
pub(crate) fn walk(source: &impl Source, sink: &mut impl Sink) {
    sink.head(source.head());
    sink.list_start(List::Sentences, source.len(List::Sentences));
    source.sentences(sink);
    sink.list_end();
    sink.list_start(List::Entities, source.len(List::Entities));
    source.entities(sink);
    sink.list_end();
    sink.list_start(List::Times, source.len(List::Times));
    source.times(sink);
    sink.list_end();
    sink.list_start(List::Relations, source.len(List::Relations));
    source.relations(sink);
    sink.list_end();
    sink.end(source.truncated_at());
}

impl Source for Document {
    fn len(&self, list: List) -> usize {
        match list {
            List::Sentences => self.sentences.len(),
            List::Entities => self.entities.len(),
            List::Times => self.times.len(),
            List::Relations => self.relations.len(),
        }
    }

    fn head(&self) -> Head<'_> {
        Head {
            schema: &self.schema,
            id: self.id.as_deref(),
            date: self.date.as_deref().map(Cow::Borrowed),
            date_source: self.date_source,
            dateline: self.dateline.as_ref().map(|d| DatelineView {
                place: d.place.as_deref(),
                date: d.date.as_ref().map(Cow::Borrowed),
                start: d.start,
                end: d.end,
            }),
        }
    }

    fn sentences(&self, sink: &mut impl Sink) {
        for &s in &self.sentences {
            sink.sentence(s);
        }
    }

    fn entities(&self, sink: &mut impl Sink) {
        for (index, e) in self.entities.iter().enumerate() {
            let view = EntityView {
                index,
                id: &e.id,
                entity_type: e.entity_type,
                name: &e.name,
                origin: &e.origin,
                country: e.country.as_deref(),
                kind: e.kind.as_deref(),
                date: e.date.as_deref().map(TimeId::Str),
                location: e.location.as_deref(),
                organizer: e.organizer.as_deref(),
            };
            let mentions = e.mentions.iter().map(|m| MentionView {
                start: m.start,
                end: m.end,
                text: &m.text,
                sentence: m.sentence,
                kind: m.kind,
                title: m.title.as_deref(),
            });
            let roles = e.roles.iter().map(|r| RoleView {
                role: &r.role,
                of: &r.of,
                from: r.from.as_deref().map(Cow::Borrowed),
                to: r.to.as_deref().map(Cow::Borrowed),
            });
            sink.entity(&view, mentions, roles, e.cameo.iter().map(String::as_str));
        }
    }

    fn times(&self, sink: &mut impl Sink) {
        for t in &self.times {
            sink.time(&TimeView {
                id: TimeId::Str(&t.id),
                start: t.start,
                end: t.end,
                text: &t.text,
                kind: t.kind,
                value: &t.value,
                ordinal: t.ordinal,
                start_year: t.start_year,
            });
        }
    }

    fn relations(&self, sink: &mut impl Sink) {
        for r in &self.relations {
            let view = RelationView {
                relation_type: r.relation_type,
                location: r.location.as_deref(),
                time: r.time.as_deref().map(TimeId::Str),
                modality: r.modality,
                negated: r.negated,
                trigger: (r.trigger.start, r.trigger.end, &r.trigger.text),
                sentence: r.sentence,
                confidence: r.confidence,
                cameo: r.cameo.as_deref(),
                plover: r.plover.as_deref(),
            };
            sink.relation(&view, r.subject.iter().map(String::as_str), r.object.iter().map(String::as_str));
        }
    }

    fn truncated_at(&self) -> Option<usize> {
        self.truncated_at
    }
}

/// A [`Sink`] that builds the owned [`Document`], leaving every entity's
/// id and name empty for the source to move its own strings in afterwards
/// instead of copying them (they are most of what building the document
/// would copy); [`Builder::finish`] says which entity came from where.
#[derive(Default)]
pub(crate) struct Builder {
    /// Made by [`Sink::head`], which a walk sends first; the records that
    /// follow go into it.
    doc: Option<Document>,
    /// The source position of each entity built, in order.
    from: Vec<usize>,
}

impl Builder {
    /// The document built by a [`walk`], its entities' ids and names empty,
    /// and the source position ([`EntityView::index`]) of each entity.
    pub(crate) fn finish(self) -> (Document, Vec<usize>) {
        (self.doc.expect("a walk sends the head first"), self.from)
    }
}

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}

impl Sink for Builder {
    fn head(&mut self, h: Head<'_>) {
        self.doc = Some(Document {
            schema: h.schema.to_string(),
            id: owned(h.id),
            date: h.date.map(Cow::into_owned),
            date_source: h.date_source,
            dateline: h.dateline.map(|d| Dateline {
                place: owned(d.place),
                date: d.date.map(Cow::into_owned),
                start: d.start,
                end: d.end,
            }),
            sentences: Vec::new(),
            entities: Vec::new(),
            times: Vec::new(),
            relations: Vec::new(),
            truncated_at: None,
        });
    }

    fn list_start(&mut self, list: List, len: usize) {
        let Some(doc) = &mut self.doc else { return };
        match list {
            List::Sentences => doc.sentences.reserve_exact(len),
            List::Entities => doc.entities.reserve_exact(len),
            List::Times => doc.times.reserve_exact(len),
            List::Relations => doc.relations.reserve_exact(len),
        }
    }

    fn list_end(&mut self) {}

    fn sentence(&mut self, s: SentenceSpan) {
        if let Some(doc) = &mut self.doc {
            doc.sentences.push(s);
        }
    }

    fn entity<'v>(
        &mut self,
        e: &EntityView<'v>,
        mentions: impl Iterator<Item = MentionView<'v>>,
        roles: impl Iterator<Item = RoleView<'v>>,
        cameo: impl Iterator<Item = &'v str>,
    ) {
        self.from.push(e.index);
        let entity = Entity {
            id: String::new(),
            entity_type: e.entity_type,
            name: String::new(),
            mentions: mentions
                .map(|m| Mention {
                    start: m.start,
                    end: m.end,
                    text: m.text.to_string(),
                    sentence: m.sentence,
                    kind: m.kind,
                    title: owned(m.title),
                })
                .collect(),
            origin: e.origin.to_string(),
            country: owned(e.country),
            kind: owned(e.kind),
            roles: roles
                .map(|r| RoleOut {
                    role: r.role.to_string(),
                    of: r.of.to_string(),
                    from: r.from.map(Cow::into_owned),
                    to: r.to.map(Cow::into_owned),
                })
                .collect(),
            date: e.date.map(TimeId::to_owned_string),
            location: owned(e.location),
            organizer: owned(e.organizer),
            cameo: cameo.map(str::to_string).collect(),
        };
        if let Some(doc) = &mut self.doc {
            doc.entities.push(entity);
        }
    }

    fn time(&mut self, t: &TimeView<'_>) {
        let time = Time {
            id: t.id.to_owned_string(),
            start: t.start,
            end: t.end,
            text: t.text.to_string(),
            kind: t.kind,
            value: t.value.clone(),
            ordinal: t.ordinal,
            start_year: t.start_year,
        };
        if let Some(doc) = &mut self.doc {
            doc.times.push(time);
        }
    }

    fn relation<'v>(
        &mut self,
        r: &RelationView<'v>,
        subject: impl Iterator<Item = &'v str>,
        object: impl Iterator<Item = &'v str>,
    ) {
        let relation = Relation {
            relation_type: r.relation_type,
            subject: subject.map(str::to_string).collect(),
            object: object.map(str::to_string).collect(),
            location: owned(r.location),
            time: r.time.map(TimeId::to_owned_string),
            modality: r.modality,
            negated: r.negated,
            trigger: Trigger { start: r.trigger.0, end: r.trigger.1, text: r.trigger.2.to_string() },
            sentence: r.sentence,
            confidence: r.confidence,
            cameo: owned(r.cameo),
            plover: owned(r.plover),
        };
        if let Some(doc) = &mut self.doc {
            doc.relations.push(relation);
        }
    }

    fn end(&mut self, truncated_at: Option<usize>) {
        if let Some(doc) = &mut self.doc {
            doc.truncated_at = truncated_at;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Walking a document into the builder gives the same document back.
    #[test]
    fn a_document_walked_into_the_builder_comes_back_whole() {
        let ex = crate::Extractor::new();
        let text = "MOSCOW, Oct 12 (TASS) - Kyrgyz President Sadyr Japarov met Vladimir Putin in Bishkek on \
                    October 9, and the leaders signed an agreement. \"We welcome the talks,\" he said.";
        let doc = ex.extract(crate::Input::new(text).id("story-1").date("2023-10-12".parse().unwrap()));
        assert!(!doc.entities.is_empty() && !doc.times.is_empty() && !doc.relations.is_empty());
        assert!(doc.dateline.is_some() && doc.date.is_some());
        let mut b = Builder::default();
        walk(&doc, &mut b);
        let (mut back, from) = b.finish();
        assert_eq!(from, (0..doc.entities.len()).collect::<Vec<_>>(), "entities in the source's order");
        assert!(back.entities.iter().all(|e| e.id.is_empty() && e.name.is_empty()), "ids and names left out");
        for (e, k) in back.entities.iter_mut().zip(from) {
            (e.id, e.name) = (doc.entities[k].id.clone(), doc.entities[k].name.clone());
        }
        assert_eq!(back, doc);
    }

    #[test]
    fn time_ids_count_from_one() {
        assert_eq!(TimeId::Index(0).to_owned_string(), "t1");
        assert_eq!(TimeId::Index(41).to_owned_string(), "t42");
        assert_eq!(TimeId::Str("t7").to_owned_string(), "t7");
    }
}
