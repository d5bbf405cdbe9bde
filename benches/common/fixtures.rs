//! Deterministic, seeded fixtures for benchmarks and the side-by-side
//! comparison: synthetic news-like text and generated gazetteers. Nothing
//! here is copied from third-party text; the words are our own templates and
//! generated names.

#![allow(dead_code)]

/// SplitMix64: a small deterministic generator (no dependency needed).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

const ONSETS: &[&str] =
    &["b", "d", "k", "l", "m", "n", "r", "s", "t", "v", "z", "sh", "kh", "al", "or", "ta", "be", "ka", "mi"];
const NUCLEI: &[&str] = &["a", "e", "i", "o", "u", "ay", "ei", "ov", "an", "ir", "ek", "ul", "as"];
const CODAS: &[&str] = &["", "n", "r", "v", "k", "s", "t", "m", "lan", "bek", "stan", "ov", "grad", "ia"];

fn word(rng: &mut Rng) -> String {
    let syll = 1 + rng.below(3);
    let mut w = String::new();
    for _ in 0..syll {
        let part: &&str = rng.pick(ONSETS);
        w.push_str(part);
        let part: &&str = rng.pick(NUCLEI);
        w.push_str(part);
    }
    let coda: &&str = rng.pick(CODAS);
    w.push_str(coda);
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => w,
    }
}

/// `n` distinct generated names of one to three words, with types.
pub fn names(n: usize, seed: u64) -> Vec<(String, &'static str, String)> {
    const TYPES: &[&str] = &["person", "place", "organization", "country"];
    let mut rng = Rng::new(seed);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let k = 1 + rng.below(3);
        let name: Vec<String> = (0..k).map(|_| word(&mut rng)).collect();
        let name = name.join(" ");
        if seen.insert(name.to_lowercase()) {
            let t = *rng.pick(TYPES);
            let id = format!("{t}/g{}", out.len());
            out.push((id, t, name));
        }
    }
    out
}

/// A plain three-column gazetteer (`id<TAB>type<TAB>name`).
pub fn gazetteer_tsv(names: &[(String, &'static str, String)]) -> String {
    let mut s = String::from("id\ttype\tname\n");
    for (id, t, name) in names {
        s.push_str(&format!("{id}\t{t}\t{name}\n"));
    }
    s
}

const VERBS: &[&str] = &[
    "met",
    "visited",
    "signed an agreement with",
    "held talks with",
    "will meet",
    "is expected to visit",
    "congratulated",
    "hosted",
    "attended a summit with",
    "spoke by phone with",
    "arrived in",
    "criticized",
];
const FILLERS: &[&str] = &[
    "officials said",
    "according to the ministry",
    "the statement added",
    "in a brief ceremony",
    "after weeks of preparation",
    "amid rising tensions",
    "on the sidelines of the forum",
    "state media reported",
    "during a two-day visit",
    "in the capital",
    "as talks continued",
    "the spokesman told reporters",
];
const DATES: &[&str] = &[
    "on Monday",
    "on Thursday",
    "last week",
    "on October 13",
    "from May 20 to 24",
    "earlier this year",
    "next month",
    "on 4 July 2024",
    "yesterday",
];

/// About `bytes` of news-like text over `names`, deterministic for a seed.
/// Roughly one name in five words, some in titles, possessives and lists.
pub fn corpus(names: &[(String, &'static str, String)], bytes: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut s = String::with_capacity(bytes + 512);
    let mut para = 0;
    while s.len() < bytes {
        let a = &rng.pick(names).2;
        let b = &rng.pick(names).2;
        let c = &rng.pick(names).2;
        let template = rng.below(6);
        let sentence = match template {
            0 => format!("{a} {} {b} {}, {}.", rng.pick(VERBS), rng.pick(DATES), rng.pick(FILLERS)),
            1 => format!("President {a} and {b} {} {c} {}.", rng.pick(VERBS), rng.pick(DATES)),
            2 => format!("{a}'s delegation {} {b}, {} ({c}).", rng.pick(VERBS), rng.pick(FILLERS)),
            3 => format!("The ministers of {a}, {b} and {c} said trade grew 12% to $3.5 billion {}.", rng.pick(DATES)),
            4 => format!("\"We welcome the talks,\" {a} said, adding that {b} would respond {}.", rng.pick(DATES)),
            _ => format!("{} {a} {} the summit in {b}.", rng.pick(DATES), rng.pick(VERBS)),
        };
        let mut chars = sentence.chars();
        if let Some(f) = chars.next() {
            s.extend(f.to_uppercase());
            s.push_str(chars.as_str());
        }
        para += 1;
        if para % 6 == 0 {
            s.push_str("\n\n");
        } else {
            s.push(' ');
        }
    }
    s
}

/// Inputs built to be slow, each about `bytes` long, with ordinary news-like
/// text of the embedded gazetteers' names as the first, for comparison.
pub fn adversarial(bytes: usize) -> Vec<(&'static str, String)> {
    let repeat = |unit: &str| -> String {
        let mut s = String::with_capacity(bytes + unit.len());
        while s.len() < bytes {
            s.push_str(unit);
        }
        s
    };
    let news_names = [
        "Vladimir Putin",
        "Sadyr Japarov",
        "Kyrgyzstan",
        "the CSTO",
        "Bishkek",
        "Kazakh President Kassym-Jomart Tokayev",
        "the European Union",
        "China",
        "Shavkat Mirziyoyev",
        "the United Nations",
    ];
    let mut rng = Rng::new(11);
    let mut news = String::with_capacity(bytes + 256);
    while news.len() < bytes {
        let a = rng.pick(&news_names);
        let b = rng.pick(&news_names);
        let v = rng.pick(VERBS);
        let d = rng.pick(DATES);
        let f = rng.pick(FILLERS);
        news.push_str(&format!("{a} {v} {b} {d}, {f}. "));
        if rng.below(6) == 0 {
            news.push_str("\n\n");
        }
    }
    let mut nested = String::with_capacity(bytes);
    while nested.len() < bytes / 2 {
        nested.push_str("(\"[");
    }
    while nested.len() < bytes {
        nested.push_str("]\")");
    }
    let mut marks = String::with_capacity(bytes);
    while marks.len() < bytes {
        marks.push('a');
        for _ in 0..50 {
            marks.push('\u{301}');
            marks.push('\u{200B}');
            marks.push('\u{200D}');
        }
        marks.push(' ');
    }
    vec![
        ("news", news),
        ("no-whitespace", repeat("PutinJaparovKyrgyzstan2023,Bishkek.")),
        ("one-repeated-name", repeat("Vladimir Putin ")),
        ("putin-and", repeat("Putin and ")),
        ("one-word-sentences", repeat("Putin. ")),
        ("triggers-in-one-sentence", repeat("met visited signed hosted attended held talks with ")),
        ("one-description-repeated", repeat("signed a big water treaty and ")),
        ("nested-quotes-and-brackets", nested),
        ("one-long-token", "a".repeat(bytes)),
        ("combining-and-zero-width", marks),
    ]
}
