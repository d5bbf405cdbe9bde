//! The extractor: builder, input and the pipeline that runs the stages.

use std::borrow::Cow;
use std::io::Read;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use jiff::civil::Date;

use crate::dateline;
use crate::document::{DateSource, Document, SCHEMA_VERSION, SentenceSpan};
use crate::entity::{self, Cx, Entities};
use crate::error::Error;
use crate::event;
use crate::gazetteer::{DEFAULT_GAZETTEERS, EntityType, GIVEN_NAMES, Gazetteer, TITLES};
use crate::kb::{Kb, Warning};
use crate::matcher::MatchEngine;
use crate::relation::{self, extract::RelOut, triggers::Lexicon};
use crate::sentence::{Sentence, sentences, token_sentences};
use crate::temporal::{self, TimeExpr, TimeValue};
use crate::tokenize::{Tokens, tokenize};
use crate::view::{
    self, DatelineView, EntityView, Head, List, MentionView, RelationView, RoleView, Sink, TimeId, TimeView,
};

/// A gazetteer name found by [`Extractor::find_names`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameMatch {
    /// Where the name is.
    pub span: crate::Span,
    /// The entry (see [`Extractor::entry`]); where an alias is shared, the
    /// first entry that has it.
    pub entry: usize,
}

/// What to extract from: the text, and optionally its anchor date and id.
///
/// `&str` and `String` convert into an `Input` with no date and no id.
///
/// ```
/// use newsgraph::Input;
///
/// let input = Input::new("Putin met Japarov on Thursday.")
///     .date("2023-10-13".parse()?)
///     .id("story-1");
/// assert_eq!(input.text(), "Putin met Japarov on Thursday.");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Input<'t> {
    text: &'t str,
    date: Option<Date>,
    id: Option<String>,
    html: bool,
}

impl<'t> Input<'t> {
    /// An input with no anchor date and no id.
    pub fn new(text: &'t str) -> Input<'t> {
        Input { text, date: None, id: None, html: false }
    }

    /// Sets the anchor date that relative times ("on Thursday", "last
    /// year") are resolved against. Without it the dateline's date is used,
    /// if any; otherwise times keep `X` placeholders.
    pub fn date(mut self, date: Date) -> Input<'t> {
        self.date = Some(date);
        self
    }

    /// Sets an optional anchor date.
    pub fn date_opt(mut self, date: Option<Date>) -> Input<'t> {
        self.date = date;
        self
    }

    /// Sets the document id copied into the output.
    pub fn id(mut self, id: impl Into<String>) -> Input<'t> {
        self.id = Some(id.into());
        self
    }

    /// Whether to read HTML left in scraped text (default: no): tags are
    /// skipped like whitespace and character references (`&amp;`,
    /// `&#8217;`) stand for their character. Spans still point into the
    /// original text.
    ///
    /// ```
    /// use newsgraph::{Extractor, Input};
    ///
    /// let text = "<p>Russia&#8217;s envoy met <b>Kazakh</b>&nbsp;officials.</p>";
    /// let doc = Extractor::new().extract(Input::new(text).decode_html(true));
    /// let russia = doc.entity("country/russia").unwrap();
    /// assert_eq!(russia.mentions[0].text, "Russia");
    /// ```
    pub fn decode_html(mut self, yes: bool) -> Input<'t> {
        self.html = yes;
        self
    }

    /// The text.
    pub fn text(&self) -> &'t str {
        self.text
    }
}

impl<'t> From<&'t str> for Input<'t> {
    fn from(text: &'t str) -> Input<'t> {
        Input::new(text)
    }
}

impl<'t> From<&'t String> for Input<'t> {
    fn from(text: &'t String) -> Input<'t> {
        Input::new(text)
    }
}

struct Inner {
    kb: Kb,
    triggers: Lexicon,
}

/// Turns news text into a [`Document`] of entities, times and relations.
///
/// # Example
///
/// ```
/// use newsgraph::Extractor;
///
/// let ex = Extractor::new();
/// let doc = ex.extract("Kyrgyz President Sadyr Japarov welcomed Vladimir Putin in Bishkek.");
/// let ids: Vec<&str> = doc.entities.iter().map(|e| e.id.as_str()).collect();
/// assert!(ids.contains(&"person/sadyr-japarov"));
/// assert!(ids.contains(&"place/bishkek"));
/// ```
///
/// # Cloning
///
/// An `Extractor` is an `Arc` inside: cloning is cheap, and clones share the
/// compiled gazetteers. It is `Send + Sync`; build one and share it across
/// threads rather than building one per document.
///
/// # Resource usage
///
/// `Extractor::new()` compiles the embedded gazetteers once per process (on
/// first use: about 20 ms and a few tens of MB on a 2-core EPYC) and then
/// only clones; a custom build compiles again. Building grows linearly with
/// the gazetteer: 1,000,000 generated entries take 2.3-2.6 s (up to about
/// 3.7 s on a busy machine) and 545-611 MiB at peak (one core of a shared
/// 2-core EPYC). Extraction needs about 24-40 times the text's size in
/// memory for news (less per byte the longer the text; at most about 100
/// times on hostile text such as megabytes of one-word sentences), freed
/// when the [`Document`] is built, and costs somewhat more per byte for one
/// long text than for many short ones: 1.1-1.3× at 10 MB against 10 KB
/// documents (cache misses and fresh memory for the long text's tables).
/// Each thread that has called [`Extractor::find_names`] or extracted keeps
/// the buffers of its last text for the next, up to about 1 MB (a long
/// text's are freed after it), so that many short texts are not each an
/// allocation. The README's performance section has the measurements and
/// commands.
///
/// # Untrusted input
///
/// [`Extractor::extract`] accepts any `&str`, never panics and runs in time
/// linear in the length of the text.
#[derive(Clone)]
pub struct Extractor {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Extractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extractor").field("entries", &self.inner.kb.entries.len()).finish_non_exhaustive()
    }
}

static DEFAULT: LazyLock<Extractor> = LazyLock::new(|| {
    ExtractorBuilder::new().build().unwrap_or_else(|e| panic!("the embedded gazetteers must build: {e}"))
});

impl Default for Extractor {
    fn default() -> Extractor {
        Extractor::new()
    }
}

/// The buffers of [`Extractor::find_names`]: the tokens and matches of the
/// last text, kept per thread ([`crate::scratch`]) for the next one.
#[derive(Default)]
struct NameScratch {
    toks: Tokens,
    hits: crate::matcher::Hits,
}

impl crate::scratch::Scratch for NameScratch {
    /// More than a long article needs (a quarter of a megabyte).
    fn too_large(&self) -> bool {
        self.toks.capacity_bytes() > 1 << 18 || self.hits.hits.capacity() > 1 << 12
    }
}

thread_local! {
    static NAME_SCRATCH: std::cell::RefCell<NameScratch> = std::cell::RefCell::default();
}

impl Extractor {
    /// The extractor over the embedded default gazetteers. Cannot fail: the
    /// embedded data is checked by the crate's tests.
    pub fn new() -> Extractor {
        DEFAULT.clone()
    }

    /// A builder to add gazetteers or drop the defaults.
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::new()
    }

    /// Problems in the gazetteers that did not stop the build: aliases
    /// shared without `~`, references to unknown ids.
    pub fn warnings(&self) -> &[Warning] {
        &self.inner.kb.warnings
    }

    /// Number of gazetteer entries.
    pub fn entry_count(&self) -> usize {
        self.inner.kb.entries.len()
    }

    /// Approximate heap memory of the compiled matcher, in bytes.
    pub fn memory_usage(&self) -> usize {
        self.inner.kb.matcher.memory_usage()
    }

    /// The matching core alone: tokenizes `text` and finds every gazetteer
    /// name in it (whole words, leftmost-longest, case rules applied), with
    /// no titles, shapes, times or relations. The fastest way to tag names.
    ///
    /// ```
    /// let ex = newsgraph::Extractor::new();
    /// let text = "Kazakhstan’s envoy met Uzbek officials.";
    /// let found: Vec<(&str, &str)> =
    ///     ex.find_names(text).iter().map(|m| (&text[m.span], ex.entry(m.entry).id())).collect();
    /// assert_eq!(found, [("Kazakhstan", "country/kazakhstan"), ("Uzbek", "country/uzbekistan")]);
    /// ```
    pub fn find_names(&self, text: &str) -> Vec<NameMatch> {
        crate::scratch::with(&NAME_SCRATCH, |s| {
            s.toks = crate::tokenize::tokenize_reusing(text, std::mem::take(&mut s.toks));
            let (toks, hits) = (&s.toks, &mut s.hits);
            self.inner.kb.matcher.find_into(text, toks, 0, toks.len(), hits);
            let mut names = Vec::with_capacity(hits.hits.len());
            names.extend(hits.hits.iter().filter_map(|h| {
                let entry = hits.targets(h).iter().find_map(|t| match *t {
                    crate::matcher::TargetKind::Entry { entry, .. } => Some(entry as usize),
                    crate::matcher::TargetKind::Title { .. } => None,
                })?;
                Some(NameMatch { span: toks[h.first].span().join(toks[h.end - 1].span()), entry })
            }));
            names
        })
    }

    /// Gazetteer entry number `i` (as in [`NameMatch::entry`]).
    ///
    /// # Panics
    ///
    /// When `i` is not below [`Extractor::entry_count`].
    pub fn entry(&self, i: usize) -> &crate::gazetteer::Entry {
        &self.inner.kb.entries[i]
    }

    /// Extracts many documents, in parallel where the `parallel` feature is
    /// on (the default), and returns them in input order.
    ///
    /// ```
    /// use newsgraph::{Extractor, Input};
    ///
    /// let texts = ["Vladimir Putin met Xi Jinping.", "Kazakhstan hosted the summit."];
    /// let docs = Extractor::new().extract_batch(texts.iter().map(|t| Input::new(t)).collect());
    /// assert_eq!(docs.len(), 2);
    /// assert!(docs[0].entity("person/xi-jinping").is_some());
    /// ```
    pub fn extract_batch(&self, inputs: Vec<Input<'_>>) -> Vec<Document> {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            inputs.into_par_iter().map(|i| self.extract(i)).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            inputs.into_iter().map(|i| self.extract(i)).collect()
        }
    }

    /// Runs the pipeline through one stage and returns a count of what it
    /// found: `"tokens"`; `"names"` (tokens and gazetteer matching);
    /// `"times"` (tokens, sentences and time expressions); `"entities"`
    /// (through the entity stage); `"relations"` (every stage, without the
    /// output model). For benchmarks; not part of the stable API.
    #[doc(hidden)]
    pub fn run_through(&self, text: &str, stage: &str) -> usize {
        match stage {
            "tokens" => tokenize(text).len(),
            "names" => self.inner.kb.matcher.find(text, &tokenize(text)).hits.len(),
            "times" | "entities" => {
                let toks = tokenize(text);
                let sents = sentences(text, &toks);
                let tok_sent = token_sentences(&sents, toks.len());
                if stage == "times" {
                    return temporal::extract(text, &toks, &sents, &tok_sent, None, &[]).len();
                }
                let kb = &self.inner.kb;
                let hits = kb.matcher.find(text, &toks);
                let cx = Cx { text, toks: &toks, sents: &sents, tok_sent: &tok_sent, kb, anchor: None, body: 0 };
                entity::resolve(&cx, &hits, &[]).mentions.len()
            }
            _ => self.analyze(Input::new(text)).rels.len(),
        }
    }

    /// Extracts entities, times and relations from one text.
    pub fn extract<'t>(&self, input: impl Into<Input<'t>>) -> Document {
        self.analyze(input.into()).into_document()
    }

    /// Extracts like [`Extractor::extract`] and returns the document as
    /// compact JSON: byte for byte `extract(input).to_json()`, written
    /// straight from the stages' results, without building the owned
    /// [`Document`] and dropping it again. For pipelines that only pass the
    /// JSON on: on news paragraphs about 9 % fewer instructions than
    /// `extract` then `to_json`.
    ///
    /// ```
    /// use newsgraph::{Extractor, Input};
    ///
    /// let ex = Extractor::new();
    /// let input = || Input::new("Vladimir Putin met Sadyr Japarov in Bishkek on Thursday.").id("a1");
    /// let json = ex.extract_json(input());
    /// assert_eq!(json, ex.extract(input()).to_json());
    /// assert!(json.starts_with(r#"{"schema":"1","id":"a1","#));
    /// ```
    pub fn extract_json<'t>(&self, input: impl Into<Input<'t>>) -> String {
        crate::json::write(&self.analyze(input.into()))
    }

    /// Runs every stage over one text: what [`Extractor::extract`] turns
    /// into its output model.
    fn analyze<'t>(&self, input: Input<'t>) -> Analysis<'t, '_> {
        let kb = &self.inner.kb;
        let text = input.text;
        let toks = crate::tokenize::tokenize_with(text, input.html);
        let sents = sentences(text, &toks);
        let tok_sent = token_sentences(&sents, toks.len());
        let hits = kb.matcher.find(text, &toks);
        kb.prefetch_records(&hits);
        let dl = dateline::detect(text, &toks);

        // The anchor: the given date, else a dateline date with a year.
        let (anchor, date_source) = match (input.date, dl.and_then(|d| d.date)) {
            (Some(d), _) => (Some(d), DateSource::Given),
            (None, Some(d)) if d.year.is_some() => {
                (Date::new(d.year.unwrap_or_default(), d.month, d.day).ok(), DateSource::Dateline)
            }
            _ => (None, DateSource::None),
        };
        let date_source = if anchor.is_none() { DateSource::None } else { date_source };

        let mut forced = Vec::new();
        if let Some(d) = &dl {
            forced.push((d.place.0, d.place.1, EntityType::Place));
            if let Some((a, b)) = d.agency {
                forced.push((a, b, EntityType::Organization));
            }
        }
        let body = dl.map_or(0, |d| toks.as_slice().partition_point(|t| t.span().start < d.span.end));
        let cx = Cx { text, toks: &toks, sents: &sents, tok_sent: &tok_sent, kb, anchor, body };
        let ents = entity::resolve(&cx, &hits, &forced);

        // Names that hold numbers ("Indestructible Brotherhood 2023") are not times.
        let mut skip: Vec<(usize, usize)> = Vec::with_capacity(ents.mentions.len());
        skip.extend(
            ents.mentions
                .iter()
                .filter(|m| {
                    !matches!(ents.ents[m.entity].etype, EntityType::Person | EntityType::Country | EntityType::Place)
                })
                .map(|m| (m.first, m.end)),
        );
        let texprs = temporal::extract(text, &toks, &sents, &tok_sent, anchor, &skip);
        let mut ents = ents;
        event::resolve(&cx, &mut ents, &texprs);
        let rels = relation::extract::extract(&cx, &mut ents, &texprs, &self.inner.triggers);
        Analysis {
            text,
            id: input.id,
            kb,
            toks,
            sents,
            tok_sent,
            dateline: dl,
            anchor,
            date_source,
            ents,
            texprs,
            rels,
        }
    }
}

/// What the stages found in one text, before the output model.
struct Analysis<'t, 'x> {
    text: &'t str,
    /// The caller's document id.
    id: Option<String>,
    kb: &'x Kb,
    toks: Tokens,
    sents: Vec<Sentence>,
    tok_sent: Vec<u32>,
    dateline: Option<dateline::Found>,
    anchor: Option<Date>,
    date_source: DateSource,
    ents: Entities<'x>,
    texprs: Vec<TimeExpr>,
    rels: Vec<RelOut<'x>>,
}

impl Analysis<'_, '_> {
    /// The output model.
    fn into_document(mut self) -> Document {
        let mut b = view::Builder::default();
        view::walk(&self, &mut b);
        // Each entity's own id and name, moved rather than copied: the
        // walk is over, nothing borrows them any more.
        let (mut doc, from) = b.finish();
        for (e, k) in doc.entities.iter_mut().zip(from) {
            let rec = &mut self.ents.ents[k];
            e.id = std::mem::take(&mut rec.id).into_owned();
            e.name = std::mem::take(&mut rec.name).into_owned();
        }
        doc
    }
}

/// The output as views of what the stages found: what both the [`Document`]
/// and [`Extractor::extract_json`] are made from.
impl view::Source for Analysis<'_, '_> {
    fn len(&self, list: List) -> usize {
        match list {
            List::Sentences => self.sents.len(),
            // Entities merged into others are left out.
            List::Entities => self.ents.ents.len(),
            List::Times => self.texprs.len(),
            List::Relations => self.rels.len(),
        }
    }

    fn head(&self) -> Head<'_> {
        let ents = &self.ents;
        Head {
            schema: SCHEMA_VERSION,
            id: self.id.as_deref(),
            date: self.anchor.map(|d| Cow::Owned(d.to_string())),
            date_source: self.date_source,
            dateline: self.dateline.map(|d| {
                let place_tok = d.place.0;
                let place = ents
                    .mentions
                    .iter()
                    .find(|m| {
                        m.first <= place_tok && place_tok < m.end && ents.ents[m.entity].etype != EntityType::Person
                    })
                    .map(|m| ents.ents[m.entity].id.as_ref());
                let date = d
                    .date
                    .map(|ad| Cow::Owned(TimeValue::day(ad.year.or(self.anchor.map(|a| a.year())), ad.month, ad.day)));
                DatelineView { place, date, start: d.span.start, end: d.span.end }
            }),
        }
    }

    fn sentences(&self, sink: &mut impl Sink) {
        for s in &self.sents {
            sink.sentence(SentenceSpan { start: s.span.start, end: s.span.end });
        }
    }

    fn entities(&self, sink: &mut impl Sink) {
        let (text, kb, anchor, ents) = (self.text, self.kb, self.anchor, &self.ents);
        // Each entity's mentions in text order (the order of `mentions`),
        // grouped by entity: `(entity, mention)` pairs, sorted.
        let mut by_entity: Vec<(u32, u32)> =
            ents.mentions.iter().enumerate().map(|(i, m)| (m.entity as u32, i as u32)).collect();
        by_entity.sort_unstable();
        // Entities in order of first mention, ties in entity order; an
        // entity merged into another has no mentions left and is not here.
        // Each with its run of `by_entity`.
        let mut order: Vec<(usize, u32, u32, u32)> = Vec::with_capacity(ents.ents.len());
        let mut at = 0;
        while at < by_entity.len() {
            let k = by_entity[at].0;
            let end = at + by_entity[at..].iter().take_while(|w| w.0 == k).count();
            order.push((ents.mentions[by_entity[at].1 as usize].span.start, k, at as u32, end as u32));
            at = end;
        }
        order.sort_unstable();

        let id = |x: usize| ents.ents[x].id.as_ref();
        let mut cs = Vec::new();
        for (_, k, at, end) in order {
            let k = k as usize;
            let e = &ents.ents[k];
            let mentions = by_entity[at as usize..end as usize].iter().map(|&(_, i)| {
                let m = &ents.mentions[i as usize];
                MentionView {
                    start: m.span.start,
                    end: m.span.end,
                    text: &text[m.span],
                    sentence: self.tok_sent[m.first] as usize,
                    kind: m.kind,
                    title: m.title.map(|s| &text[s]),
                }
            });
            // What follows reads only attributes: an entry without is not
            // read at all.
            let entry = e.entry.and_then(|i| kb.attributed(i));
            let roles = entry.map_or(&[][..], |x| x.roles()).iter();
            let roles = roles.filter(|r| anchor.is_some_and(|d| r.held_on(d)) || (anchor.is_none() && r.is_current()));
            let roles = roles.map(|r| RoleView {
                role: r.key(),
                of: r.holder(),
                from: r.from().map(|d| Cow::Owned(d.to_string())),
                to: r.to().map(|d| Cow::Owned(d.to_string())),
            });
            cs.clear();
            if let Some(x) = entry {
                cameo_codes(&x.attrs.cameo, anchor, &mut cs);
            }
            let view = EntityView {
                index: k,
                id: &e.id,
                entity_type: e.etype,
                name: &e.name,
                origin: if e.entry.is_some() { "gazetteer" } else { "pattern" },
                country: entry.and_then(|x| if x.etype == EntityType::Country { None } else { x.country() }),
                kind: e.kind.as_deref().or_else(|| entry.and_then(|x| x.kind())),
                date: e.date.map(TimeId::Index),
                location: e.location.map(id).or_else(|| entry.and_then(|x| x.attrs.location.as_deref())),
                organizer: e.organizer.map(id).or_else(|| entry.and_then(|x| x.attrs.organizer.as_deref())),
            };
            sink.entity(&view, mentions, roles, cs.iter().copied());
        }
    }

    fn times(&self, sink: &mut impl Sink) {
        for (k, t) in self.texprs.iter().enumerate() {
            sink.time(&TimeView {
                id: TimeId::Index(k),
                start: t.span.start,
                end: t.span.end,
                text: &self.text[t.span],
                kind: t.kind,
                value: &t.value,
                ordinal: t.ordinal,
                start_year: t.start_year,
            });
        }
    }

    fn relations(&self, sink: &mut impl Sink) {
        let (toks, ents) = (&self.toks, &self.ents);
        let id = |e: usize| ents.ents[e].id.as_ref();
        for r in &self.rels {
            let span = toks[r.trigger.0].span().join(toks[r.trigger.1 - 1].span());
            let view = RelationView {
                relation_type: r.rtype,
                location: r.location.map(id),
                time: r.time.map(TimeId::Index),
                modality: r.modality,
                negated: r.negated,
                trigger: (span.start, span.end, &self.text[span]),
                sentence: r.sentence,
                confidence: r.confidence,
                cameo: (!r.cameo.is_empty()).then_some(r.cameo),
                plover: (!r.plover.is_empty()).then_some(r.plover),
            };
            sink.relation(&view, r.subject.iter().map(|&e| id(e)), r.object.iter().map(|&e| id(e)));
        }
    }

    fn truncated_at(&self) -> Option<usize> {
        Some(crate::tokenize::max_len(self.text)).filter(|&cut| cut < self.text.len())
    }
}

/// The CAMEO codes of an imported PETRARCH actor on the anchor date, added
/// to `out`: the dated codes whose range holds it, else the undated
/// defaults (PETRARCH's own rule).
fn cameo_codes<'c>(codes: &'c [(String, Option<Date>, Option<Date>)], anchor: Option<Date>, out: &mut Vec<&'c str>) {
    if let Some(d) = anchor {
        for (c, f, t) in codes {
            if (f.is_some() || t.is_some())
                && f.is_none_or(|f| f <= d)
                && t.is_none_or(|t| d <= t)
                && !out.contains(&c.as_str())
            {
                out.push(c);
            }
        }
    }
    if out.is_empty() {
        for (c, f, t) in codes {
            if f.is_none() && t.is_none() && !out.contains(&c.as_str()) {
                out.push(c);
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Source {
    Parsed(Gazetteer),
    Path(PathBuf),
    Failed(Error),
}

/// Configures and builds an [`Extractor`].
///
/// ```
/// use newsgraph::Extractor;
///
/// let ex = Extractor::builder()
///     .default_gazetteers(false)
///     .gazetteer_str("mine.tsv", "person/ada-okafor\tperson\tAda Okafor\tOkafor\n")
///     .build()?;
/// let doc = ex.extract("Okafor spoke.");
/// assert_eq!(doc.entities[0].id, "person/ada-okafor");
/// # Ok::<(), newsgraph::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ExtractorBuilder {
    defaults: bool,
    sources: Vec<Source>,
    strict: bool,
    default_triggers: bool,
    triggers: Vec<Result<Lexicon, Error>>,
    engine: MatchEngine,
}

impl Default for ExtractorBuilder {
    fn default() -> Self {
        ExtractorBuilder::new()
    }
}

impl ExtractorBuilder {
    /// A builder with the embedded default gazetteers and nothing else.
    pub fn new() -> ExtractorBuilder {
        ExtractorBuilder {
            defaults: true,
            sources: Vec::new(),
            strict: false,
            default_triggers: true,
            triggers: Vec::new(),
            engine: MatchEngine::TokenTrie,
        }
    }

    /// Whether to use the embedded default gazetteers (default: yes).
    pub fn default_gazetteers(&mut self, yes: bool) -> &mut ExtractorBuilder {
        self.defaults = yes;
        self
    }

    /// Adds a parsed gazetteer.
    pub fn gazetteer(&mut self, gazetteer: Gazetteer) -> &mut ExtractorBuilder {
        self.sources.push(Source::Parsed(gazetteer));
        self
    }

    /// Adds a gazetteer file, read when [`build`](Self::build) runs.
    pub fn gazetteer_path(&mut self, path: impl Into<PathBuf>) -> &mut ExtractorBuilder {
        self.sources.push(Source::Path(path.into()));
        self
    }

    /// Adds a gazetteer from a string, naming it `source` in errors.
    pub fn gazetteer_str(&mut self, source: &str, text: &str) -> &mut ExtractorBuilder {
        self.sources.push(match Gazetteer::parse_named(source, text) {
            Ok(g) => Source::Parsed(g),
            Err(e) => Source::Failed(e),
        });
        self
    }

    /// Adds a gazetteer read now from `reader`, naming it `source` in errors.
    pub fn gazetteer_reader<R: Read>(&mut self, source: &str, reader: R) -> &mut ExtractorBuilder {
        self.sources.push(match Gazetteer::from_reader(source, reader) {
            Ok(g) => Source::Parsed(g),
            Err(e) => Source::Failed(e),
        });
        self
    }

    /// How names are found (default: [`MatchEngine::TokenTrie`]). Both
    /// engines find the same names; the trie is faster.
    pub fn match_engine(&mut self, engine: MatchEngine) -> &mut ExtractorBuilder {
        self.engine = engine;
        self
    }

    /// Whether to use the embedded trigger lexicon (default: yes).
    pub fn default_triggers(&mut self, yes: bool) -> &mut ExtractorBuilder {
        self.default_triggers = yes;
        self
    }

    /// Adds trigger rows in the format of `gazetteers/triggers.tsv`, naming
    /// the source `source` in errors. A row whose first form, part of speech
    /// and relation type equal those of an earlier row replaces it.
    ///
    /// ```
    /// use newsgraph::Extractor;
    ///
    /// let rows = "parley|parleyed\tverb\tmeets\tleft\tright,with\t-\t040\tCONSULT\t\
    ///             Vladimir Putin parleyed with Xi Jinping.\tVladimir Putin > Xi Jinping\n";
    /// let ex = Extractor::builder().triggers_str("mine.tsv", rows).build()?;
    /// let doc = ex.extract("Vladimir Putin parleyed with Xi Jinping.");
    /// assert_eq!(doc.relations[0].trigger.text, "parleyed");
    /// # Ok::<(), newsgraph::Error>(())
    /// ```
    pub fn triggers_str(&mut self, source: &str, text: &str) -> &mut ExtractorBuilder {
        self.triggers.push(Lexicon::parse(source, text));
        self
    }

    /// Whether warnings (aliases shared without `~`, unknown references)
    /// fail the build (default: no; they are available from
    /// [`Extractor::warnings`]).
    pub fn strict(&mut self, yes: bool) -> &mut ExtractorBuilder {
        self.strict = yes;
        self
    }

    /// Builds the extractor. Can be called again to build another.
    ///
    /// # Errors
    ///
    /// A gazetteer that fails to parse (naming file and line), an id defined
    /// twice across gazetteers, or, in strict mode, any warning.
    pub fn build(&self) -> Result<Extractor, Error> {
        let mut all = Gazetteer::default();
        if self.defaults {
            all = DEFAULT_GAZETTEERS.clone();
        }
        for s in &self.sources {
            let g = match s {
                Source::Parsed(g) => g.clone(),
                Source::Path(p) => Gazetteer::from_path(p)?,
                Source::Failed(e) => return Err(e.clone()),
            };
            all.extend(g)?;
        }
        let titles = Arc::new(TITLES.clone());
        let given = Arc::new(GIVEN_NAMES.clone());
        let mut kb = Kb::build(all.entries, titles, given, self.engine)?;
        kb.warnings.splice(0..0, all.warnings.into_iter().map(Warning::new));
        if self.strict
            && let Some(w) = kb.warnings.first()
        {
            return Err(Error::config(format!("{} gazetteer warning(s), the first: {w}", kb.warnings.len())));
        }
        let mut rows = if self.default_triggers { relation::TRIGGERS.rows.clone() } else { Vec::new() };
        for t in &self.triggers {
            for row in &t.as_ref().map_err(Clone::clone)?.rows {
                let key = |r: &relation::triggers::Trigger| (r.forms[0].clone(), r.pos, r.rtype);
                match rows.iter().position(|r| key(r) == key(row)) {
                    Some(i) => rows[i] = row.clone(),
                    None => rows.push(row.clone()),
                }
            }
        }
        let triggers = Lexicon::compile(rows)?;
        Ok(Extractor { inner: Arc::new(Inner { kb, triggers }) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn extractor_is_send_sync_clone() {
        assert_send_sync::<Extractor>();
        assert_send_sync::<Document>();
    }

    #[test]
    fn names_do_not_depend_on_the_texts_found_before() {
        // Buffers are kept per thread between calls: a long text (past what
        // is kept) and short ones in turn must each find what they find alone.
        let ex = Extractor::new();
        let short = "Tokayev met Putin in Bishkek.";
        let long = "Kazakhstan and Kyrgyzstan signed a treaty. ".repeat(20_000);
        let spans = |text: &str| ex.find_names(text).iter().map(|m| text[m.span].to_string()).collect::<Vec<_>>();
        let alone = spans(short);
        assert_eq!(alone, ["Tokayev", "Putin", "Bishkek"]);
        assert_eq!(spans(&long).len(), 40_000);
        assert_eq!(spans(short), alone);
        assert_eq!(spans("Nothing to find."), Vec::<String>::new());
        assert_eq!(spans(&long[..43]), ["Kazakhstan", "Kyrgyzstan"]);
        assert_eq!(spans(short), alone);
    }

    #[test]
    fn builder_reports_bad_files_with_their_line() {
        let e = Extractor::builder().gazetteer_str("bad.tsv", "# x\nperson/a\tperson\n").build().unwrap_err();
        assert!(e.to_string().starts_with("bad.tsv:2: expected 3 to 5"), "{e}");
        let e = Extractor::builder()
            .default_gazetteers(false)
            .gazetteer_str("a.tsv", "place/x\tplace\tX Town\n")
            .gazetteer_str("b.tsv", "place/x\tplace\tX City\n")
            .build()
            .unwrap_err();
        assert_eq!(e.to_string(), "b.tsv:1: duplicate id `place/x` (first defined at a.tsv:1)");
        let e = Extractor::builder().gazetteer_path("/nonexistent/g.tsv").build().unwrap_err();
        assert!(e.to_string().starts_with("/nonexistent/g.tsv: cannot open"), "{e}");
    }

    #[test]
    fn gazetteer_entities_borrow_their_id_and_name_until_the_output_keeps_them() {
        let ex = Extractor::new();
        let text = "Vladimir Putin met Xi Jinping at the summit in Astana.";
        let a = ex.analyze(Input::new(text));
        let putin = a.ents.ents.iter().find(|e| e.id == "person/vladimir-putin").expect("a gazetteer person");
        assert!(matches!((&putin.id, &putin.name), (Cow::Borrowed(_), Cow::Borrowed(_))));
        // An entity found by its shape has an id and name of its own.
        let summit = a.ents.ents.iter().find(|e| e.entry.is_none()).expect("the summit");
        assert!(matches!((&summit.id, &summit.name), (Cow::Owned(_), Cow::Owned(_))));
        // The document owns copies of them all.
        let doc = a.into_document();
        assert_eq!(doc.entity("person/vladimir-putin").map(|e| e.name.as_str()), Some("Vladimir Putin"));
        assert!(doc.entities.iter().any(|e| e.origin == "pattern"));
    }

    #[test]
    fn stages_count_what_extraction_finds() {
        let ex = Extractor::new();
        let text = "The Kazakh president met the Chinese leader in Astana on 3 May 2019. \
                    The two sides signed a memorandum. Tokayev will visit Beijing next week.";
        let doc = ex.extract(text);
        assert_eq!(ex.run_through(text, "tokens"), tokenize(text).len());
        assert!(ex.run_through(text, "names") >= 3);
        // Without an anchor date "next week" is found all the same.
        assert_eq!(ex.run_through(text, "times"), doc.times.len());
        let mentions: usize = doc.entities.iter().map(|e| e.mentions.len()).sum();
        assert!(ex.run_through(text, "entities") > 0 && ex.run_through(text, "entities") <= mentions);
        assert!(!doc.relations.is_empty());
        assert_eq!(ex.run_through(text, "relations"), doc.relations.len());
    }

    #[test]
    fn strict_mode_turns_conflicts_into_errors() {
        let g = "person/a\tperson\tAda Bek\tBek\nperson/b\tperson\tOla Bek\tBek\n";
        let mut b = Extractor::builder();
        b.default_gazetteers(false).gazetteer_str("g.tsv", g);
        let ex = b.build().unwrap();
        assert_eq!(ex.warnings().len(), 1);
        assert!(ex.warnings()[0].message().contains("`bek`"));
        assert!(b.strict(true).build().is_err());
    }
}
