//! A direct JSON writer for the output model: the compact form of the
//! schema, byte for byte what `serde_json` writes from the derived
//! `Serialize` of [`Document`](crate::Document).
//!
//! Serializing is a large share of a document's cost (its output is several
//! times the size of its text). Through serde every key is escaped like a
//! value and every string is scanned a byte at a time; here keys are
//! literals and strings are scanned eight bytes at a time. The writer is a
//! [`Sink`] of the borrowed views, so it writes a [`Document`](crate::Document) and, without
//! one, the pipeline's own results. The derived `Serialize` stays for
//! pretty output and for callers who embed documents in their own serde
//! types; a test holds the two outputs equal.

use crate::document::SentenceSpan;
use crate::view::{EntityView, Head, List, MentionView, RelationView, RoleView, Sink, Source, TimeId, TimeView, walk};

/// Writes what `source` holds as compact JSON.
pub(crate) fn write(source: &impl Source) -> String {
    let mut w = Writer { out: String::with_capacity(4096), first: true };
    walk(source, &mut w);
    w.out
}

/// Writes JSON into a string. Keys are passed with what comes before them
/// (`{` or `,`) and the colon: `",\"id\":"`.
struct Writer {
    out: String,
    /// Whether the next item of the open list is its first (no comma).
    first: bool,
}

impl Writer {
    #[inline(always)]
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// A quoted string, escaped as `serde_json` escapes: `"`, `\`, and
    /// control characters (`\n`, `\t`, ..., else `\u00XX`); nothing else.
    #[inline(always)]
    fn str(&mut self, s: &str) {
        let b = s.as_bytes();
        if any_needs_escape(b) {
            return self.str_escaped(s);
        }
        // Most strings: copied whole.
        self.out.reserve(b.len() + 2);
        self.out.push('"');
        self.out.push_str(s);
        self.out.push('"');
    }

    /// [`Writer::str`] for the rare string with something to escape: byte
    /// by byte.
    #[cold]
    #[inline(never)]
    fn str_escaped(&mut self, s: &str) {
        let b = s.as_bytes();
        self.out.push('"');
        let mut run = 0;
        for (i, &c) in b.iter().enumerate() {
            if !escaped(c) {
                continue;
            }
            // Escaped bytes are ASCII, so runs end on character boundaries.
            self.out.push_str(&s[run..i]);
            match c {
                b'"' => self.raw("\\\""),
                b'\\' => self.raw("\\\\"),
                b'\n' => self.raw("\\n"),
                b'\t' => self.raw("\\t"),
                b'\r' => self.raw("\\r"),
                0x08 => self.raw("\\b"),
                0x0c => self.raw("\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.raw("\\u00");
                    self.out.push(char::from(HEX[usize::from(c >> 4)]));
                    self.out.push(char::from(HEX[usize::from(c & 15)]));
                }
            }
            run = i + 1;
        }
        self.out.push_str(&s[run..]);
        self.out.push('"');
    }

    #[inline(always)]
    fn kv_str(&mut self, key: &str, s: &str) {
        self.raw(key);
        self.str(s);
    }

    /// A name of the schema's fixed vocabulary (an enum's `as_str`):
    /// quoted, without the scan for bytes to escape (it has none; a test
    /// checks every name).
    #[inline(always)]
    fn kv_name(&mut self, key: &str, name: &'static str) {
        self.raw(key);
        self.out.push('"');
        self.out.push_str(name);
        self.out.push('"');
    }

    /// A string, or `null`.
    #[inline(always)]
    fn kv_opt(&mut self, key: &str, s: Option<&str>) {
        self.raw(key);
        match s {
            Some(s) => self.str(s),
            None => self.raw("null"),
        }
    }

    /// A string, or nothing at all (a field skipped when absent).
    #[inline(always)]
    fn kv_skip(&mut self, key: &str, s: Option<&str>) {
        if let Some(s) = s {
            self.kv_str(key, s);
        }
    }

    #[inline(always)]
    fn kv_num(&mut self, key: &str, n: u64) {
        self.raw(key);
        self.raw(itoa::Buffer::new().format(n));
    }

    /// An array, each item written by `each`.
    fn list<T>(&mut self, key: &str, items: impl Iterator<Item = T>, mut each: impl FnMut(&mut Self, T)) {
        self.raw(key);
        self.out.push('[');
        for (k, x) in items.enumerate() {
            if k > 0 {
                self.out.push(',');
            }
            each(self, x);
        }
        self.out.push(']');
    }

    /// An array as [`Writer::list`], or nothing at all when it is empty (a
    /// field skipped when empty).
    fn list_skip<T>(&mut self, key: &str, items: impl Iterator<Item = T>, each: impl FnMut(&mut Self, T)) {
        let mut items = items.peekable();
        if items.peek().is_some() {
            self.list(key, items, each);
        }
    }

    /// A comma before every item of the open list but its first.
    #[inline(always)]
    fn item(&mut self) {
        if !std::mem::replace(&mut self.first, false) {
            self.out.push(',');
        }
    }

    fn kv_time(&mut self, key: &str, id: Option<TimeId<'_>>) {
        self.raw(key);
        match id {
            // Ids are `t` and digits, or the document's own string.
            Some(id @ TimeId::Index(_)) => {
                self.out.push('"');
                id.write(&mut self.out);
                self.out.push('"');
            }
            Some(TimeId::Str(s)) => self.str(s),
            None => self.raw("null"),
        }
    }

    fn mention(&mut self, m: MentionView<'_>) {
        self.kv_num("{\"start\":", m.start as u64);
        self.kv_num(",\"end\":", m.end as u64);
        self.kv_str(",\"text\":", m.text);
        self.kv_num(",\"sentence\":", m.sentence as u64);
        self.kv_name(",\"kind\":", m.kind.as_str());
        self.kv_skip(",\"title\":", m.title);
        self.raw("}");
    }

    fn role(&mut self, r: RoleView<'_>) {
        self.kv_str("{\"role\":", r.role);
        self.kv_str(",\"of\":", r.of);
        self.kv_skip(",\"from\":", r.from.as_deref());
        self.kv_skip(",\"to\":", r.to.as_deref());
        self.raw("}");
    }
}

impl Sink for Writer {
    fn head(&mut self, h: Head<'_>) {
        self.kv_str("{\"schema\":", h.schema);
        self.kv_opt(",\"id\":", h.id);
        self.kv_opt(",\"date\":", h.date.as_deref());
        self.kv_name(",\"date_source\":", h.date_source.as_str());
        self.raw(",\"dateline\":");
        match &h.dateline {
            Some(d) => {
                self.kv_opt("{\"place\":", d.place);
                self.kv_opt(",\"date\":", d.date.as_ref().map(|v| v.as_str()));
                self.kv_num(",\"start\":", d.start as u64);
                self.kv_num(",\"end\":", d.end as u64);
                self.raw("}");
            }
            None => self.raw("null"),
        }
    }

    fn list_start(&mut self, list: List, _: usize) {
        self.raw(match list {
            List::Sentences => ",\"sentences\":[",
            List::Entities => ",\"entities\":[",
            List::Times => ",\"times\":[",
            List::Relations => ",\"relations\":[",
        });
        self.first = true;
    }

    fn list_end(&mut self) {
        self.out.push(']');
    }

    fn sentence(&mut self, s: SentenceSpan) {
        self.item();
        self.kv_num("{\"start\":", s.start as u64);
        self.kv_num(",\"end\":", s.end as u64);
        self.raw("}");
    }

    fn entity<'v>(
        &mut self,
        e: &EntityView<'v>,
        mentions: impl Iterator<Item = MentionView<'v>>,
        roles: impl Iterator<Item = RoleView<'v>>,
        cameo: impl Iterator<Item = &'v str>,
    ) {
        self.item();
        self.kv_str("{\"id\":", e.id);
        self.kv_name(",\"type\":", e.entity_type.as_str());
        self.kv_str(",\"name\":", e.name);
        self.list(",\"mentions\":", mentions, Writer::mention);
        self.kv_str(",\"origin\":", e.origin);
        self.kv_skip(",\"country\":", e.country);
        self.kv_skip(",\"kind\":", e.kind);
        self.list_skip(",\"roles\":", roles, Writer::role);
        if e.date.is_some() {
            self.kv_time(",\"date\":", e.date);
        }
        self.kv_skip(",\"location\":", e.location);
        self.kv_skip(",\"organizer\":", e.organizer);
        self.list_skip(",\"cameo\":", cameo, Writer::str);
        self.raw("}");
    }

    fn time(&mut self, t: &TimeView<'_>) {
        self.item();
        self.kv_time("{\"id\":", Some(t.id));
        self.kv_num(",\"start\":", t.start as u64);
        self.kv_num(",\"end\":", t.end as u64);
        self.kv_str(",\"text\":", t.text);
        self.kv_name(",\"kind\":", t.kind.as_str());
        self.kv_str(",\"value\":", t.value.as_str());
        if let Some(o) = t.ordinal {
            self.kv_num(",\"ordinal\":", u64::from(o));
        }
        if let Some(y) = t.start_year {
            self.raw(",\"start_year\":");
            self.raw(itoa::Buffer::new().format(y));
        }
        self.raw("}");
    }

    fn relation<'v>(
        &mut self,
        r: &RelationView<'v>,
        subject: impl Iterator<Item = &'v str>,
        object: impl Iterator<Item = &'v str>,
    ) {
        self.item();
        self.kv_name("{\"type\":", r.relation_type.as_str());
        self.list(",\"subject\":", subject, Writer::str);
        self.list(",\"object\":", object, Writer::str);
        self.kv_opt(",\"location\":", r.location);
        self.kv_time(",\"time\":", r.time);
        self.kv_name(",\"modality\":", r.modality.as_str());
        self.raw(if r.negated { ",\"negated\":true" } else { ",\"negated\":false" });
        self.kv_num(",\"trigger\":{\"start\":", r.trigger.0 as u64);
        self.kv_num(",\"end\":", r.trigger.1 as u64);
        self.kv_str(",\"text\":", r.trigger.2);
        self.kv_num("},\"sentence\":", r.sentence as u64);
        // serde_json's own float format (and `null` for NaN and infinities).
        self.raw(",\"confidence\":");
        self.raw(&serde_json::to_string(&r.confidence).expect("a float always serializes"));
        self.kv_skip(",\"cameo\":", r.cameo);
        self.kv_skip(",\"plover\":", r.plover);
        self.raw("}");
    }

    fn end(&mut self, truncated_at: Option<usize>) {
        if let Some(t) = truncated_at {
            self.kv_num(",\"truncated_at\":", t as u64);
        }
        self.raw("}");
    }
}

/// Whether JSON escapes byte `c`: below 0x20, `"` or `\`.
#[inline]
fn escaped(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\'
}

/// Whether any byte of `b` is [`escaped`]: eight bytes at a time, the last
/// eight overlapping the ones before.
#[inline]
fn any_needs_escape(b: &[u8]) -> bool {
    let Some(last) = b.last_chunk::<8>() else {
        return b.iter().copied().any(escaped);
    };
    b.chunks_exact(8).any(|w| needs_escape(u64::from_le_bytes(w.try_into().expect("eight bytes"))))
        || needs_escape(u64::from_le_bytes(*last))
}

/// Whether any of the eight bytes in `x` is below 0x20, `"` or `\`.
#[inline]
fn needs_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte of `v` is zero exactly when the high bit of its lane in
    // `(v - ONES) & !v & HIGH` is set (the classic zero-byte test; borrows
    // only run past a lane that is already a hit).
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    // Bytes below 0x20: `b - 0x20` borrows into the high bit for them, and
    // `!b` keeps bytes >= 0x80 out.
    let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    control | zero(x ^ (ONES * u64::from(b'"'))) | zero(x ^ (ONES * u64::from(b'\\'))) != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{
        DateSource, Dateline, Document, Entity, Mention, MentionKind, Relation, RoleOut, SentenceSpan, Time, TimeKind,
        Trigger,
    };
    use crate::{EntityType, Modality, RelationType, TimeValue};

    fn serde(doc: &Document) -> String {
        serde_json::to_string(doc).unwrap()
    }

    /// Every field set, strings with every escape and non-ASCII text.
    fn full() -> Document {
        let odd = "a\"b\\c\n\t\r\u{8}\u{c}\u{1}\u{1f}\u{7f} é 東京 /x".to_string();
        Document {
            schema: "1".into(),
            id: Some(odd.clone()),
            date: Some("2024-05-15".into()),
            date_source: DateSource::Dateline,
            dateline: Some(Dateline {
                place: Some(odd.clone()),
                date: Some("2024-05-15".parse::<TimeValue>().unwrap()),
                start: 0,
                end: 9,
            }),
            sentences: vec![SentenceSpan { start: 0, end: 12 }, SentenceSpan { start: 13, end: usize::MAX }],
            entities: vec![Entity {
                id: "person/x".into(),
                entity_type: EntityType::Person,
                name: odd.clone(),
                mentions: vec![
                    Mention { start: 1, end: 2, text: odd.clone(), sentence: 0, kind: MentionKind::Name, title: None },
                    Mention {
                        start: 3,
                        end: 4,
                        text: "x".into(),
                        sentence: 1,
                        kind: MentionKind::Metonym,
                        title: Some(odd.clone()),
                    },
                ],
                origin: "gazetteer".into(),
                country: Some("country/x".into()),
                kind: Some("summit".into()),
                roles: vec![
                    RoleOut { role: "president".into(), of: "country/x".into(), from: Some("2020".into()), to: None },
                    RoleOut { role: "r".into(), of: "o".into(), from: None, to: Some("2021".into()) },
                ],
                date: Some("t1".into()),
                location: Some("place/y".into()),
                organizer: Some("org/z".into()),
                cameo: vec!["RUSGOV".into(), odd.clone()],
            }],
            times: vec![Time {
                id: "t1".into(),
                start: 5,
                end: 7,
                text: odd.clone(),
                kind: TimeKind::Anniversary,
                value: "P3D".parse::<TimeValue>().unwrap(),
                ordinal: Some(20),
                start_year: Some(-44),
            }],
            relations: [0.85f32, 1.0, 0.1, f32::NAN, 1e-7]
                .into_iter()
                .map(|c| Relation {
                    relation_type: RelationType::SendsMessage,
                    subject: vec!["a".into(), odd.clone()],
                    object: vec![],
                    location: None,
                    time: Some("t1".into()),
                    modality: Modality::Possible,
                    negated: c > 0.5,
                    trigger: Trigger { start: 2, end: 3, text: odd.clone() },
                    sentence: 1,
                    confidence: c,
                    cameo: Some("042".into()),
                    plover: None,
                })
                .collect(),
            truncated_at: Some(1 << 40),
        }
    }

    #[test]
    fn every_field_as_serde_writes_it() {
        let doc = full();
        assert_eq!(write(&doc), serde(&doc));
    }

    #[test]
    fn empty_and_absent_fields_as_serde_writes_them() {
        let mut doc = full();
        doc.id = None;
        doc.date = None;
        doc.date_source = DateSource::None;
        doc.dateline = None;
        doc.truncated_at = None;
        let e = &mut doc.entities[0];
        (e.country, e.kind, e.date, e.location, e.organizer) = (None, None, None, None, None);
        e.roles.clear();
        e.cameo.clear();
        doc.times[0].ordinal = None;
        doc.times[0].start_year = None;
        doc.relations[0].cameo = None;
        doc.relations[0].location = Some("place/z".into());
        assert_eq!(write(&doc), serde(&doc));
        doc.sentences.clear();
        doc.entities.clear();
        doc.times.clear();
        doc.relations.clear();
        assert_eq!(write(&doc), serde(&doc));
    }

    #[test]
    fn enum_names_are_serde_names() {
        fn same<T: serde::Serialize>(v: T, name: &str) {
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{name}\""));
            assert!(!any_needs_escape(name.as_bytes()), "{name} is written without escaping");
        }
        for v in [DateSource::Given, DateSource::Dateline, DateSource::None] {
            same(v, v.as_str());
        }
        use MentionKind::*;
        for v in [Name, Alias, Title, Demonym, Pronoun, Group, Metonym] {
            same(v, v.as_str());
        }
        use TimeKind::*;
        for v in [Date, Interval, Duration, Set, Anniversary] {
            same(v, v.as_str());
        }
        for v in [Modality::Occurred, Modality::Planned, Modality::Possible] {
            same(v, v.as_str());
        }
        for v in RelationType::ALL {
            same(v, v.as_str());
        }
        for v in EntityType::ALL {
            same(v, v.as_str());
        }
    }

    #[test]
    fn eight_byte_escape_test_matches_the_byte_rule() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut x = [b'a'; 8];
                x[lane] = b;
                let want = b < 0x20 || b == b'"' || b == b'\\';
                assert_eq!(needs_escape(u64::from_le_bytes(x)), want, "byte {b:#x} in lane {lane}");
                assert_eq!(escaped(b), want, "byte {b:#x}");
            }
        }
        // Neighbours of the special bytes in every lane, together.
        assert!(!needs_escape(u64::from_le_bytes(*b" !#[]^\x7f\xff")));
    }

    #[test]
    fn whole_string_escape_test_sees_every_position() {
        // Every length up to three words and a bit, a special byte at every
        // position (the tail after the last full word included), and none.
        for len in 0..=27 {
            assert!(!any_needs_escape(&vec![b'a'; len]), "plain, length {len}");
            for at in 0..len {
                for special in [b'"', b'\\', b'\n', 0x1f, 0] {
                    let mut s = vec![b'a'; len];
                    s[at] = special;
                    assert!(any_needs_escape(&s), "{special:#x} at {at} of {len}");
                }
            }
        }
    }

    proptest::proptest! {
        /// Documents extracted from arbitrary text (quotes, controls, any
        /// script) serialize the same all three ways: through serde, from
        /// the document, and straight from the pipeline.
        #[test]
        fn extracted_documents_as_serde_writes_them(text in "(\\PC|[\"\\\\\\x00-\\x1f]| |Putin|Bishkek|met|on October 9){0,60}") {
            static EX: std::sync::LazyLock<crate::Extractor> = std::sync::LazyLock::new(crate::Extractor::new);
            let doc = EX.extract(text.as_str());
            proptest::prop_assert_eq!(write(&doc), serde(&doc));
            proptest::prop_assert_eq!(EX.extract_json(text.as_str()), write(&doc));
        }
    }
}
