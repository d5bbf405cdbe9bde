//! Lexicon files: title phrases (`titles.tsv`) and given names
//! (`given-names.tsv`).

use crate::error::Error;
use crate::tokenize::normalize_phrase;

/// What kind of office a title names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum TitleClass {
    HeadOfState,
    HeadOfGovernment,
    Minister,
    Official,
    Military,
    Honorific,
}

/// One title phrase and the role keys it denotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Title {
    pub(crate) phrase: String,
    pub(crate) roles: Vec<String>,
    pub(crate) class: TitleClass,
}

/// The title lexicon.
#[derive(Clone, Debug, Default)]
pub(crate) struct Titles {
    pub(crate) titles: Vec<Title>,
    pub(crate) role_keys: crate::words::FastSet<String>,
}

impl Titles {
    pub(crate) fn parse(source: &str, text: &str) -> Result<Titles, Error> {
        let mut out = Titles::default();
        let mut seen: crate::words::FastMap<String, usize> = crate::words::FastMap::default();
        for (lineno, line) in crate::gazetteer::data_lines(text) {
            let err = |m: String| Error::line(source, lineno, m);
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 3 {
                return Err(err(format!(
                    "expected 3 tab-separated columns (phrase, roles, class), found {}",
                    cols.len()
                )));
            }
            let phrase = cols[0].trim();
            if phrase.is_empty() {
                return Err(err("empty title phrase".to_string()));
            }
            let norm = normalize_phrase(phrase);
            if let Some(first) = seen.insert(norm, lineno) {
                return Err(err(format!("duplicate title `{phrase}` (first at line {first})")));
            }
            let roles: Vec<String> =
                cols[1].split(',').map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect();
            if roles.is_empty() || roles.iter().any(|r| !r.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')) {
                return Err(err(format!("invalid role list `{}`", cols[1])));
            }
            let class = match cols[2].trim() {
                "head-of-state" => TitleClass::HeadOfState,
                "head-of-government" => TitleClass::HeadOfGovernment,
                "minister" => TitleClass::Minister,
                "official" => TitleClass::Official,
                "military" => TitleClass::Military,
                "honorific" => TitleClass::Honorific,
                other => {
                    return Err(err(format!(
                        "unknown title class `{other}` (expected head-of-state, head-of-government, minister, official, military or honorific)"
                    )));
                }
            };
            out.role_keys.extend(roles.iter().cloned());
            out.titles.push(Title { phrase: phrase.to_string(), roles, class });
        }
        Ok(out)
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.titles.len()
    }
}

/// Common given names, normalized.
#[derive(Clone, Debug, Default)]
pub(crate) struct GivenNames {
    names: crate::words::FastSet<String>,
    /// Asked about every capitalized word: most are no given name. 2^16
    /// bits for a few thousand names.
    shapes: crate::words::ShapeFilter<16>,
    /// The names' token hashes, for [`GivenNames::contains_token`]: 2^16
    /// bits, so that a capitalized word of the text is turned away on the
    /// hash the tokenizer made, without reading it.
    hashes: crate::words::HashFilter,
}

impl GivenNames {
    pub(crate) fn parse(text: &str) -> GivenNames {
        let names: crate::words::FastSet<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| normalize_phrase(l).trim_end().to_string())
            .collect();
        let mut shapes = crate::words::ShapeFilter::default();
        let mut hashes = crate::words::HashFilter::new(16);
        for n in &names {
            shapes.insert(n);
            hashes.insert(crate::tokenize::hash32(n.as_bytes()));
        }
        GivenNames { names, shapes, hashes }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the normalized token sequence `norm` (tokens joined by single
    /// spaces, no trailing space) is a given name.
    pub(crate) fn contains(&self, norm: &str) -> bool {
        self.shapes.may_contain(norm) && self.names.contains(norm)
    }

    /// Whether token `i` alone is a given name: [`GivenNames::contains`] of
    /// its form, tested first on its hash.
    #[inline]
    pub(crate) fn contains_token(&self, toks: &crate::tokenize::Tokens, i: usize) -> bool {
        self.hashes.may_contain_token(toks, i) && self.names.contains(toks.norm(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_parse_and_errors_name_the_line() {
        let t = Titles::parse("t.tsv", "# h\nforeign minister\tforeign-minister\tminister\n").unwrap();
        assert_eq!(t.titles[0].roles, ["foreign-minister"]);
        let e = Titles::parse("t.tsv", "a\tb\n").unwrap_err();
        assert_eq!(e.to_string(), "t.tsv:1: expected 3 tab-separated columns (phrase, roles, class), found 2");
        let e = Titles::parse("t.tsv", "a\tb\tboss\n").unwrap_err();
        assert!(e.to_string().contains("unknown title class `boss`"));
    }

    #[test]
    fn given_names_are_normalized() {
        let g = GivenNames::parse("# h\nKassym-Jomart\nSergei\n");
        assert!(g.contains("kassym - jomart"));
        assert!(g.contains("sergei"));
        assert!(!g.contains("putin"));
    }

    #[test]
    fn given_names_by_token_agree_with_the_names() {
        let g = GivenNames::parse("# h\nKassym-Jomart\nSergei\nMaría\nAli\n");
        let text = "Sergei and SERGEI met Ali, María, Kassym-Jomart, Jomart and Sergeis; maría ali sergei.";
        let found = crate::words::agreeing_matches(text, |t, i| g.contains_token(t, i), |w| g.contains(w));
        // Sergei x3, Ali x2, María x2; the hyphenated name is three tokens.
        assert_eq!(found, 7);
    }
}
