//! Scoring against gold annotations.
//!
//! Implements the rules of the evaluation data's `README.md` ("Scoring
//! rules"): entity alignment by overlapping whole-word occurrences of gold
//! names (one-to-one, greedy by overlap count), micro-averaged precision,
//! recall and F1 for entities (person, country, organization, place), times
//! (dates and intervals, value-exact), relations strict and lenient (and per
//! relation type), and accuracy of modality, negation, location and time over
//! strictly matched relations.
//!
//! ```
//! use newsgraph::Extractor;
//! use newsgraph::eval::{GoldDoc, Scorer};
//!
//! let gold: GoldDoc = serde_json::from_str(r#"{
//!     "id": "g1", "date": "2023-10-12",
//!     "text": "Vladimir Putin met Sadyr Japarov in Bishkek.",
//!     "entities": [
//!         {"type": "person", "names": ["Vladimir Putin"]},
//!         {"type": "person", "names": ["Sadyr Japarov"]},
//!         {"type": "place", "names": ["Bishkek"]}
//!     ],
//!     "times": [], "relations": []
//! }"#)?;
//! let doc = Extractor::new().extract(gold.input());
//! let mut scorer = Scorer::new();
//! scorer.add(&gold, &doc);
//! let report = scorer.report();
//! assert_eq!(report.entities.recall(), 1.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Where the rules leave room, this module decides as follows (and the
//! reference implementation used to check it agrees):
//!
//! - A whole-word occurrence is an exact-case match whose neighbouring
//!   characters are not alphanumeric. Spans overlap when they share a byte.
//! - Each gold time is its own item, even when two have the same text and
//!   value; system times are matched to gold times one-to-one, as many as
//!   possible. An unmatched system time that fits an already matched gold
//!   time counts neither for nor against.
//! - For `meets`, a gold object joins the gold participants; the system's
//!   participants are its subjects and objects.
//! - A relation's time is right when its value equals the gold value, or is
//!   an interval `A/B` of the same granularity as the gold value with
//!   `A <= gold <= B`.
//! - A ratio with a zero denominator is 0 (accuracies: absent).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::document::{Document, TimeKind};
use crate::error::Error;
use crate::extractor::Input;

/// A gold entity: its type and every surface form, `names[0]` the key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldEntity {
    /// Schema entity type name.
    #[serde(rename = "type")]
    pub entity_type: String,
    /// Surface forms; the first is the key that relations use.
    pub names: Vec<String>,
}

/// A gold time: its text and value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldTime {
    /// The words as they stand in the text.
    pub text: String,
    /// The TIMEX value.
    pub value: String,
}

/// A gold relation; arguments are gold entity keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldRelation {
    /// Relation type name.
    #[serde(rename = "type")]
    pub relation_type: String,
    /// Subject keys.
    pub subject: Vec<String>,
    /// Object keys, where scored.
    #[serde(default)]
    pub object: Option<Vec<String>>,
    /// Modality, where scored.
    #[serde(default)]
    pub modality: Option<String>,
    /// Location key, where scored.
    #[serde(default)]
    pub location: Option<String>,
    /// Time value, where scored.
    #[serde(default)]
    pub time: Option<String>,
    /// Whether the text denies the relation.
    #[serde(default)]
    pub negated: Option<bool>,
}

/// One gold document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldDoc {
    /// Document id.
    pub id: String,
    /// Anchor date to pass to the extractor.
    #[serde(default)]
    pub date: Option<String>,
    /// The text.
    pub text: String,
    /// Gold entities (exhaustive for the scored types).
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
    /// Gold times (exhaustive for dates and intervals).
    #[serde(default)]
    pub times: Vec<GoldTime>,
    /// Gold relations.
    #[serde(default)]
    pub relations: Vec<GoldRelation>,
}

impl GoldDoc {
    /// The extractor input for this document: its text, date and id.
    pub fn input(&self) -> Input<'_> {
        let date = self.date.as_deref().and_then(|d| d.parse().ok());
        Input::new(&self.text).date_opt(date).id(self.id.clone())
    }
}

/// Reads gold documents from JSON Lines (blank lines skipped).
///
/// # Errors
///
/// A line that is not a gold document, naming `source` and the line.
pub fn read_gold(source: &str, jsonl: &str) -> Result<Vec<GoldDoc>, Error> {
    let mut out = Vec::new();
    for (n, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let doc: GoldDoc =
            serde_json::from_str(line).map_err(|e| Error::line(source, n + 1, format!("not a gold document: {e}")))?;
        out.push(doc);
    }
    Ok(out)
}

/// True positives, false positives and false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
}

impl Counts {
    fn add(&mut self, tp: usize, fp: usize, fn_: usize) {
        self.tp += tp;
        self.fp += fp;
        self.fn_ += fn_;
    }

    /// `tp / (tp + fp)`, or 0.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// `tp / (tp + fn)`, or 0.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall, or 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "precision": self.precision(), "recall": self.recall(), "f1": self.f1(),
            "tp": self.tp, "fp": self.fp, "fn": self.fn_,
        })
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Correct and total counts of one attribute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accuracy {
    /// Correct.
    pub correct: usize,
    /// Scored.
    pub total: usize,
}

impl Accuracy {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.correct += usize::from(ok);
    }

    /// `correct / total`, or `None` when nothing was scored.
    pub fn value(&self) -> Option<f64> {
        (self.total > 0).then(|| self.correct as f64 / self.total as f64)
    }
}

/// What one document got wrong, for the diagnostic view.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocErrors {
    /// Document id.
    pub id: String,
    /// Gold entities not found: `type: names[0]`.
    pub missed_entities: Vec<String>,
    /// System entities aligned with no gold entity: `type: name (id) "mention"`.
    pub spurious_entities: Vec<String>,
    /// Gold times not found: `text = value`.
    pub missed_times: Vec<String>,
    /// System times that fit no gold time: `text = value`.
    pub spurious_times: Vec<String>,
    /// Gold relations not strictly matched.
    pub missed_relations: Vec<String>,
    /// System relations that strictly match no gold relation.
    pub spurious_relations: Vec<String>,
    /// Strictly matched relations whose modality, negation, location or time is wrong.
    pub wrong_attributes: Vec<String>,
}

impl DocErrors {
    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.missed_entities.is_empty()
            && self.spurious_entities.is_empty()
            && self.missed_times.is_empty()
            && self.spurious_times.is_empty()
            && self.missed_relations.is_empty()
            && self.spurious_relations.is_empty()
            && self.wrong_attributes.is_empty()
    }
}

/// Micro-averaged scores over all documents added.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Documents scored.
    pub documents: usize,
    /// Entities of the scored types.
    pub entities: Counts,
    /// Per scored entity type.
    pub entity_types: BTreeMap<String, Counts>,
    /// Dates and intervals.
    pub times: Counts,
    /// Relations, strict.
    pub relations_strict: Counts,
    /// Relations, lenient.
    pub relations_lenient: Counts,
    /// Per relation type, strict.
    pub relation_types: BTreeMap<String, Counts>,
    /// Modality over strictly matched relations that give one.
    pub modality: Accuracy,
    /// Negation over strictly matched relations.
    pub negation: Accuracy,
    /// Location over strictly matched relations that give one.
    pub location: Accuracy,
    /// Time over strictly matched relations that give one.
    pub time: Accuracy,
    /// Per-document errors.
    pub errors: Vec<DocErrors>,
}

const SCORED: [&str; 4] = ["person", "country", "organization", "place"];

impl Report {
    /// The report as JSON, in the shape the evaluation README names.
    pub fn to_json(&self) -> serde_json::Value {
        let map = |m: &BTreeMap<String, Counts>| -> serde_json::Value {
            serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), v.json())).collect())
        };
        serde_json::json!({
            "documents": self.documents,
            "entities": self.entities.json(),
            "times": self.times.json(),
            "relations_strict": self.relations_strict.json(),
            "relations_lenient": self.relations_lenient.json(),
            "entity_types": map(&self.entity_types),
            "relation_types": map(&self.relation_types),
            "attributes": {
                "modality": self.modality.value(),
                "negation": self.negation.value(),
                "location": self.location.value(),
                "time": self.time.value(),
            },
            "attribute_counts": {
                "modality": self.modality, "negation": self.negation,
                "location": self.location, "time": self.time,
            },
        })
    }

    /// The report as a plain-text table.
    pub fn table(&self) -> String {
        let mut s = String::new();
        let row = |s: &mut String, name: &str, c: &Counts| {
            let _ = writeln!(
                s,
                "{name:<24} {:>6.3} {:>6.3} {:>6.3} {:>5} {:>5} {:>5}",
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp,
                c.fp,
                c.fn_
            );
        };
        let _ = writeln!(s, "{} documents", self.documents);
        let _ = writeln!(s, "{:<24} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5}", "", "P", "R", "F1", "tp", "fp", "fn");
        row(&mut s, "entities", &self.entities);
        for (k, c) in &self.entity_types {
            row(&mut s, &format!("  {k}"), c);
        }
        row(&mut s, "times", &self.times);
        row(&mut s, "relations (strict)", &self.relations_strict);
        row(&mut s, "relations (lenient)", &self.relations_lenient);
        for (k, c) in &self.relation_types {
            row(&mut s, &format!("  {k}"), c);
        }
        let acc = |a: &Accuracy| a.value().map_or("-".to_string(), |v| format!("{v:.3} ({}/{})", a.correct, a.total));
        let _ = writeln!(s, "modality accuracy        {}", acc(&self.modality));
        let _ = writeln!(s, "negation accuracy        {}", acc(&self.negation));
        let _ = writeln!(s, "location accuracy        {}", acc(&self.location));
        let _ = writeln!(s, "time accuracy            {}", acc(&self.time));
        s
    }

    /// The per-document errors as text.
    pub fn errors_text(&self) -> String {
        let mut s = String::new();
        for d in self.errors.iter().filter(|d| !d.is_empty()) {
            let _ = writeln!(s, "== {}", d.id);
            for (label, list) in [
                ("missed entity", &d.missed_entities),
                ("spurious entity", &d.spurious_entities),
                ("missed time", &d.missed_times),
                ("spurious time", &d.spurious_times),
                ("missed relation", &d.missed_relations),
                ("spurious relation", &d.spurious_relations),
                ("wrong attribute", &d.wrong_attributes),
            ] {
                for x in list {
                    let _ = writeln!(s, "  {label:<18} {x}");
                }
            }
        }
        s
    }
}

/// Accumulates scores document by document.
#[derive(Clone, Debug, Default)]
pub struct Scorer {
    report: Report,
}

impl Scorer {
    /// An empty scorer.
    pub fn new() -> Scorer {
        let mut report = Report::default();
        for t in SCORED {
            report.entity_types.insert(t.to_string(), Counts::default());
        }
        Scorer { report }
    }

    /// Scores one system document against its gold document.
    pub fn add(&mut self, gold: &GoldDoc, sys: &Document) {
        let r = &mut self.report;
        r.documents += 1;
        let mut errs = DocErrors { id: gold.id.clone(), ..DocErrors::default() };
        let text = &gold.text;
        let occ = |name: &str| -> Vec<(usize, usize)> { occurrences(text, name) };

        // Rule 1: alignment.
        let gold_occ: Vec<Vec<(usize, usize)>> =
            gold.entities.iter().map(|g| g.names.iter().flat_map(|n| occ(n)).collect()).collect();
        let mut cands: Vec<(usize, usize, usize)> = Vec::new(); // (count, gold, system)
        for (gi, g) in gold.entities.iter().enumerate() {
            for (si, e) in sys.entities.iter().enumerate() {
                if g.entity_type != e.entity_type.as_str() {
                    continue;
                }
                let c =
                    e.mentions.iter().filter(|m| gold_occ[gi].iter().any(|&o| overlaps((m.start, m.end), o))).count();
                if c > 0 {
                    cands.push((c, gi, si));
                }
            }
        }
        cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut s2g: HashMap<usize, usize> = HashMap::new();
        let mut used: HashSet<usize> = HashSet::new();
        for (_, gi, si) in cands {
            if used.contains(&gi) || s2g.contains_key(&si) {
                continue;
            }
            used.insert(gi);
            s2g.insert(si, gi);
        }

        // Rule 2: entities.
        for (gi, g) in gold.entities.iter().enumerate() {
            if let Some(c) = r.entity_types.get_mut(&g.entity_type) {
                let hit = used.contains(&gi);
                c.add(usize::from(hit), 0, usize::from(!hit));
                r.entities.add(usize::from(hit), 0, usize::from(!hit));
                if !hit {
                    errs.missed_entities.push(format!("{}: {}", g.entity_type, g.names.join(" | ")));
                }
            }
        }
        for (si, e) in sys.entities.iter().enumerate() {
            let t = e.entity_type.as_str();
            if SCORED.contains(&t) && !s2g.contains_key(&si) {
                r.entities.add(0, 1, 0);
                if let Some(c) = r.entity_types.get_mut(t) {
                    c.add(0, 1, 0);
                }
                let first = e.mentions.first().map_or("", |m| m.text.as_str());
                errs.spurious_entities.push(format!("{t}: {} ({}) \"{first}\"", e.name, e.id));
            }
        }

        // Rule 3: times, matched one-to-one, as many as possible.
        let sys_times: Vec<&crate::document::Time> =
            sys.times.iter().filter(|t| matches!(t.kind, TimeKind::Date | TimeKind::Interval)).collect();
        let gold_time_occ: Vec<Vec<(usize, usize)>> = gold.times.iter().map(|g| occ(&g.text)).collect();
        let adj: Vec<Vec<usize>> = sys_times
            .iter()
            .map(|t| {
                (0..gold.times.len())
                    .filter(|&gi| {
                        gold.times[gi].value == t.value.as_str()
                            && gold_time_occ[gi].iter().any(|&o| overlaps((t.start, t.end), o))
                    })
                    .collect()
            })
            .collect();
        let gold_match = max_matching(&adj, gold.times.len());
        let matched_sys: HashSet<usize> = gold_match.iter().flatten().copied().collect();
        let tp = matched_sys.len();
        let fp = (0..sys_times.len()).filter(|si| !matched_sys.contains(si) && adj[*si].is_empty()).count();
        r.times.add(tp, fp, gold.times.len() - tp);
        for (gi, m) in gold_match.iter().enumerate() {
            if m.is_none() {
                errs.missed_times.push(format!("{} = {}", gold.times[gi].text, gold.times[gi].value));
            }
        }
        for (si, t) in sys_times.iter().enumerate() {
            if !matched_sys.contains(&si) && adj[si].is_empty() {
                errs.spurious_times.push(format!("{} = {}", t.text, t.value));
            }
        }

        // Rules 4-6: relations.
        let mut key_of: HashMap<&str, &str> = HashMap::new();
        for (si, e) in sys.entities.iter().enumerate() {
            if let Some(&gi) = s2g.get(&si) {
                key_of.entry(e.id.as_str()).or_insert(gold.entities[gi].names[0].as_str());
            }
        }
        let time_value: HashMap<&str, &str> = sys.times.iter().map(|t| (t.id.as_str(), t.value.as_str())).collect();
        // An unaligned argument maps to a key no gold set holds.
        const UNALIGNED: &str = "\u{0}unaligned";
        let amap = |ids: &[String]| -> HashSet<&str> {
            ids.iter().map(|i| key_of.get(i.as_str()).copied().unwrap_or(UNALIGNED)).collect()
        };
        let sys_info: Vec<(HashSet<&str>, HashSet<&str>)> =
            sys.relations.iter().map(|rel| (amap(&rel.subject), amap(&rel.object))).collect();
        let mut sys_strict = vec![false; sys.relations.len()];
        let mut sys_lenient = vec![false; sys.relations.len()];
        for g in &gold.relations {
            let gsubj: HashSet<&str> = g.subject.iter().map(String::as_str).collect();
            let gobj: HashSet<&str> = g.object.iter().flatten().map(String::as_str).collect();
            let mut strict_first: Option<usize> = None;
            let mut lenient_any = false;
            for (si, rel) in sys.relations.iter().enumerate() {
                if rel.relation_type.as_str() != g.relation_type {
                    continue;
                }
                let (ssubj, sobj) = &sys_info[si];
                let (strict, lenient) = if g.relation_type == "meets" {
                    let gpart: HashSet<&str> = gsubj.union(&gobj).copied().collect();
                    let spart: HashSet<&str> = ssubj.union(sobj).copied().collect();
                    (spart == gpart, !gpart.is_disjoint(&spart))
                } else {
                    (*ssubj == gsubj && (g.object.is_none() || *sobj == gobj), !gsubj.is_disjoint(ssubj))
                };
                if strict {
                    sys_strict[si] = true;
                    strict_first.get_or_insert(si);
                }
                if lenient {
                    sys_lenient[si] = true;
                    lenient_any = true;
                }
            }
            let hit = strict_first.is_some();
            r.relations_strict.add(usize::from(hit), 0, usize::from(!hit));
            r.relations_lenient.add(usize::from(lenient_any), 0, usize::from(!lenient_any));
            r.relation_types.entry(g.relation_type.clone()).or_default().add(usize::from(hit), 0, usize::from(!hit));
            let gdesc = describe_gold(g);
            match strict_first {
                None => errs.missed_relations.push(gdesc),
                Some(si) => {
                    let s = &sys.relations[si];
                    let mut wrong = Vec::new();
                    if let Some(m) = &g.modality {
                        let ok = s.modality.as_str() == m;
                        r.modality.add(ok);
                        if !ok {
                            wrong.push(format!("modality {} (gold {m})", s.modality.as_str()));
                        }
                    }
                    let gneg = g.negated.unwrap_or(false);
                    r.negation.add(gneg == s.negated);
                    if gneg != s.negated {
                        wrong.push(format!("negated {} (gold {gneg})", s.negated));
                    }
                    if let Some(loc) = &g.location {
                        let got = s.location.as_deref().and_then(|l| key_of.get(l).copied());
                        r.location.add(got == Some(loc.as_str()));
                        if got != Some(loc.as_str()) {
                            wrong.push(format!("location {:?} (gold {loc})", s.location));
                        }
                    }
                    if let Some(t) = &g.time {
                        let got = s.time.as_deref().and_then(|id| time_value.get(id).copied());
                        let ok = time_correct(t, got);
                        r.time.add(ok);
                        if !ok {
                            wrong.push(format!("time {:?} (gold {t})", got));
                        }
                    }
                    if !wrong.is_empty() {
                        errs.wrong_attributes.push(format!("{gdesc}: {}", wrong.join(", ")));
                    }
                }
            }
        }
        for (si, rel) in sys.relations.iter().enumerate() {
            if !sys_strict[si] {
                r.relations_strict.add(0, 1, 0);
                r.relation_types.entry(rel.relation_type.as_str().to_string()).or_default().add(0, 1, 0);
                let name = |id: &String| sys.entity(id).map_or(id.clone(), |e| e.name.clone());
                errs.spurious_relations.push(format!(
                    "{} {:?} -> {:?} [{}] \"{}\"",
                    rel.relation_type.as_str(),
                    rel.subject.iter().map(name).collect::<Vec<_>>(),
                    rel.object.iter().map(name).collect::<Vec<_>>(),
                    rel.modality.as_str(),
                    rel.trigger.text
                ));
            }
            if !sys_lenient[si] {
                r.relations_lenient.add(0, 1, 0);
            }
        }
        r.errors.push(errs);
    }

    /// The scores so far.
    pub fn report(&self) -> Report {
        self.report.clone()
    }
}

fn describe_gold(g: &GoldRelation) -> String {
    let mut s = format!("{} {:?}", g.relation_type, g.subject);
    if let Some(o) = &g.object {
        let _ = write!(s, " -> {o:?}");
    }
    if let Some(m) = &g.modality {
        let _ = write!(s, " [{m}]");
    }
    if g.negated == Some(true) {
        s.push_str(" [negated]");
    }
    if let Some(l) = &g.location {
        let _ = write!(s, " @{l}");
    }
    if let Some(t) = &g.time {
        let _ = write!(s, " t={t}");
    }
    s
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Byte spans of the whole-word, exact-case occurrences of `name` in `text`.
pub(crate) fn occurrences(text: &str, name: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if name.is_empty() {
        return out;
    }
    let mut from = 0;
    while let Some(off) = text[from..].find(name) {
        let i = from + off;
        let j = i + name.len();
        let before = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[j..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            out.push((i, j));
        }
        from = i + text[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Maximum one-to-one matching (augmenting paths): for each gold item, the
/// system item matched to it.
fn max_matching(adj: &[Vec<usize>], n_gold: usize) -> Vec<Option<usize>> {
    fn augment(si: usize, adj: &[Vec<usize>], seen: &mut [bool], gold: &mut [Option<usize>]) -> bool {
        for &gi in &adj[si] {
            if seen[gi] {
                continue;
            }
            seen[gi] = true;
            if gold[gi].is_none_or(|other| augment(other, adj, seen, gold)) {
                gold[gi] = Some(si);
                return true;
            }
        }
        false
    }
    let mut gold = vec![None; n_gold];
    for si in 0..adj.len() {
        let mut seen = vec![false; n_gold];
        augment(si, adj, &mut seen, &mut gold);
    }
    gold
}

fn granularity(v: &str) -> Option<u8> {
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    Some(match b.len() {
        4 if digits(0..4) => 0,
        7 if digits(0..4) && b[4] == b'-' && digits(5..7) => 1,
        10 if digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10) => 2,
        8 if digits(0..4) && &b[4..6] == b"-W" && digits(6..8) => 3,
        7 if digits(0..4) && &b[4..6] == b"-Q" && digits(6..7) => 4,
        7 if digits(0..4) && &b[4..6] == b"-H" && digits(6..7) => 5,
        _ => return None,
    })
}

fn time_correct(gold: &str, sys: Option<&str>) -> bool {
    let Some(sys) = sys else { return false };
    if gold == sys {
        return true;
    }
    if let Some((a, b)) = sys.split_once('/')
        && !gold.contains('/')
    {
        let g = granularity(gold);
        return g.is_some() && granularity(a) == g && granularity(b) == g && a <= gold && gold <= b;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{DateSource, Entity, Mention, MentionKind, Relation, Time, Trigger};
    use crate::gazetteer::EntityType;
    use crate::relation::{Modality, RelationType};

    const TEXT: &str = "Ada Okafor met Ben Rao in Lakeville on 3 May. Okafor signed the Lake Accord.";

    fn gold() -> GoldDoc {
        serde_json::from_value(serde_json::json!({
            "id": "t1", "date": "2031-05-04", "text": TEXT,
            "entities": [
                {"type": "person", "names": ["Ada Okafor", "Okafor"]},
                {"type": "person", "names": ["Ben Rao"]},
                {"type": "place", "names": ["Lakeville"]},
                {"type": "document", "names": ["Lake Accord"]}
            ],
            "times": [{"text": "3 May", "value": "2031-05-03"}],
            "relations": [
                {"type": "meets", "subject": ["Ben Rao"], "object": ["Ada Okafor"], "modality": "occurred",
                 "location": "Lakeville", "time": "2031-05-03"},
                {"type": "signs", "subject": ["Ada Okafor"], "object": ["Lake Accord"], "modality": "occurred"}
            ]
        }))
        .unwrap()
    }

    fn ent(id: &str, t: EntityType, spans: &[&str]) -> Entity {
        Entity {
            id: id.into(),
            entity_type: t,
            name: spans[0].into(),
            mentions: spans
                .iter()
                .map(|s| {
                    let start = TEXT.find(s).unwrap();
                    Mention {
                        start,
                        end: start + s.len(),
                        text: s.to_string(),
                        sentence: 0,
                        kind: MentionKind::Name,
                        title: None,
                    }
                })
                .collect(),
            origin: "pattern".into(),
            country: None,
            kind: None,
            roles: vec![],
            date: None,
            location: None,
            organizer: None,
            cameo: vec![],
        }
    }

    fn rel(t: RelationType, s: &[&str], o: &[&str], loc: Option<&str>, time: Option<&str>) -> Relation {
        Relation {
            relation_type: t,
            subject: s.iter().map(|x| x.to_string()).collect(),
            object: o.iter().map(|x| x.to_string()).collect(),
            location: loc.map(str::to_string),
            time: time.map(str::to_string),
            modality: Modality::Occurred,
            negated: false,
            trigger: Trigger { start: 0, end: 0, text: String::new() },
            sentence: 0,
            confidence: 1.0,
            cameo: None,
            plover: None,
        }
    }

    fn perfect() -> Document {
        let at = TEXT.find("3 May").unwrap();
        Document {
            schema: "1".into(),
            id: Some("t1".into()),
            date: None,
            date_source: DateSource::None,
            dateline: None,
            sentences: vec![],
            entities: vec![
                ent("p/ada", EntityType::Person, &["Ada Okafor", "Okafor signed"]),
                ent("p/ben", EntityType::Person, &["Ben Rao"]),
                ent("x/lake", EntityType::Place, &["Lakeville"]),
                ent("d/acc", EntityType::Document, &["Lake Accord"]),
            ],
            times: vec![Time {
                id: "t1".into(),
                start: at,
                end: at + 5,
                text: "3 May".into(),
                kind: TimeKind::Date,
                value: "2031-05-03".parse().unwrap(),
                ordinal: None,
                start_year: None,
            }],
            relations: vec![
                rel(RelationType::Meets, &["p/ada", "p/ben"], &[], Some("x/lake"), Some("t1")),
                rel(RelationType::Signs, &["p/ada"], &["d/acc"], None, None),
            ],
            truncated_at: None,
        }
    }

    fn score(sys: &Document) -> Report {
        let mut s = Scorer::new();
        s.add(&gold(), sys);
        s.report()
    }

    #[test]
    fn perfect_system_scores_one() {
        let r = score(&perfect());
        for c in [r.entities, r.times, r.relations_strict, r.relations_lenient] {
            assert_eq!((c.precision(), c.recall(), c.f1()), (1.0, 1.0, 1.0), "{r:?}");
        }
        assert_eq!(r.modality.value(), Some(1.0));
        assert_eq!(r.location.value(), Some(1.0));
        assert_eq!(r.time.value(), Some(1.0));
        assert!(r.errors[0].is_empty());
    }

    #[test]
    fn empty_system_has_zero_recall() {
        let mut sys = perfect();
        sys.entities.clear();
        sys.times.clear();
        sys.relations.clear();
        let r = score(&sys);
        assert_eq!(r.entities.recall(), 0.0);
        assert_eq!(r.entities.fn_, 3, "the document is not a scored entity type");
        assert_eq!(r.times.recall(), 0.0);
        assert_eq!(r.relations_strict.recall(), 0.0);
        assert_eq!(r.errors[0].missed_relations.len(), 2);
    }

    #[test]
    fn spurious_relation_lowers_precision_only() {
        let mut sys = perfect();
        sys.relations.push(rel(RelationType::Visits, &["p/ben"], &["x/lake"], None, None));
        let r = score(&sys);
        assert_eq!(r.relations_strict.recall(), 1.0);
        assert!((r.relations_strict.precision() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(r.errors[0].spurious_relations.len(), 1);
    }

    #[test]
    fn meets_is_a_set_of_participants() {
        let mut sys = perfect();
        sys.relations[0] = rel(RelationType::Meets, &["p/ben"], &["p/ada"], Some("x/lake"), Some("t1"));
        assert_eq!(score(&sys).relations_strict.f1(), 1.0);
        // Not so for other types: the subject of `signs` must be the signatory.
        sys.relations[1] = rel(RelationType::Signs, &["p/ada", "p/ben"], &["d/acc"], None, None);
        let r = score(&sys);
        assert_eq!(r.relation_types["signs"].tp, 0);
        assert_eq!(r.relations_lenient.tp, 2, "lenient needs one gold subject among the system's");
    }

    #[test]
    fn duplicates_count_once_and_alignment_is_one_to_one() {
        let mut sys = perfect();
        sys.relations.push(sys.relations[1].clone());
        let r = score(&sys);
        assert_eq!((r.relations_strict.tp, r.relations_strict.fp), (2, 0));
        // Two system entities over the same gold entity: only one aligns.
        let mut sys = perfect();
        sys.entities.push(ent("p/ada2", EntityType::Person, &["Okafor signed"]));
        let r = score(&sys);
        assert_eq!((r.entities.tp, r.entities.fp), (3, 1));
    }

    #[test]
    fn time_attribute_accepts_a_containing_interval() {
        assert!(time_correct("2023-10-12", Some("2023-10-09/2023-10-13")));
        assert!(!time_correct("2023-10-14", Some("2023-10-09/2023-10-13")));
        assert!(!time_correct("2023-10", Some("2023-10-09/2023-10-13")), "granularities differ");
        assert!(time_correct("2023-10-09/2023-10-13", Some("2023-10-09/2023-10-13")));
        assert!(!time_correct("2023-10-12", None));
    }

    #[test]
    fn whole_word_occurrences_use_byte_offsets() {
        assert_eq!(occurrences("Kant, Kantian, Kant.", "Kant"), vec![(0, 4), (15, 19)]);
        assert_eq!(occurrences("Ёлки Kant", "Kant"), vec![(9, 13)]);
    }
}
