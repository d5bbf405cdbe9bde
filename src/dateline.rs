//! Datelines: "BISHKEK, Oct 12 (Reuters) -", "MOSCOW, October 13. /TASS/.",
//! "Astana, 4 July 2024 —", "JALAL-ABAD, Kyrgyzstan, October 11 —".
//!
//! A dateline is looked for at the start of the text, and at the start of
//! the first paragraph when a short headline line comes first. It is a place
//! (one to four capitalized words), optionally a comma and a country or
//! region, then a comma and a date, or a news agency in brackets or
//! slashes, and then a dash, a period or the agency.

use crate::span::Span;
use crate::temporal::rules::{AbsDate, abs_date_at};
use crate::tokenize::{TokenKind, Tokens};

/// A dateline found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) span: Span,
    /// Tokens of the place.
    pub(crate) place: (usize, usize),
    pub(crate) date: Option<AbsDate>,
    /// Tokens of the news agency, if named.
    pub(crate) agency: Option<(usize, usize)>,
}

fn is_dash(norm: &str) -> bool {
    norm == "-"
}

/// Looks for a dateline.
pub(crate) fn detect(text: &str, toks: &Tokens) -> Option<Found> {
    if toks.is_empty() {
        return None;
    }
    if let Some(f) = at(text, toks, 0) {
        return Some(f);
    }
    // A headline line first: try the first token after the first line break.
    let second = (1..toks.len().min(60)).find(|&i| toks[i].newline_before())?;
    if toks[second].span().start > 200 {
        return None;
    }
    at(text, toks, second)
}

fn at(text: &str, toks: &Tokens, p: usize) -> Option<Found> {
    let n = toks.len();
    let word = |i: usize| i < n && toks[i].kind == TokenKind::Word && toks[i].is_capitalized();
    // The place.
    let mut i = p;
    let mut words = 0;
    while word(i) && words < 4 {
        if i > p && toks[i].newline_before() {
            return None;
        }
        words += 1;
        i += 1;
        while i + 1 < n && toks.norm(i) == "-" && !toks[i].space_before() && !toks[i + 1].space_before() && word(i + 1)
        {
            i += 2;
        }
        if i < n && toks.norm(i) == "." && !toks[i].space_before() && toks.norm(i - 1).len() <= 2 {
            i += 1; // "St." in "ST. PETERSBURG"
        }
    }
    if words == 0 {
        return None;
    }
    let place = (p, i);
    let mut agency = None;
    let mut date = None;
    let mut k = i;
    if k < n && toks.norm(k) == "," {
        k += 1;
        date = abs_date_at(toks, text, k);
        match date {
            Some(d) => k = d.end,
            None => {
                // "JALAL-ABAD, Kyrgyzstan, October 11"; "SHUSHA, Azerbaijan (AA) -"
                let mut m = k;
                let mut w = 0;
                while word(m) && w < 3 {
                    m += 1;
                    w += 1;
                }
                if w == 0 || m >= n {
                    return None;
                }
                if toks.norm(m) == "," {
                    let d = abs_date_at(toks, text, m + 1)?;
                    k = d.end;
                    date = Some(d);
                } else if toks.norm(m) == "(" || (is_dash(toks.norm(m)) && toks[p].is_all_caps()) {
                    // No date: an agency must follow, or the place is in capitals.
                    k = m;
                } else {
                    return None;
                }
            }
        }
    }
    // What follows the date (or the place): agency and/or a dash or period.
    let mut end;
    if k < n && toks.norm(k) == "(" {
        let close = (k + 1..n.min(k + 8)).find(|&m| toks.norm(m) == ")")?;
        if close == k + 1 {
            return None;
        }
        agency = Some((k + 1, close));
        end = close + 1;
        if end < n && is_dash(toks.norm(end)) {
            end += 1;
            while end < n && is_dash(toks.norm(end)) && !toks[end].space_before() {
                end += 1;
            }
        }
    } else if k + 2 < n && toks.norm(k) == "." && toks.norm(k + 1) == "/" {
        let close = (k + 2..n.min(k + 8)).find(|&m| toks.norm(m) == "/")?;
        if close == k + 2 {
            return None;
        }
        agency = Some((k + 2, close));
        end = close + 1;
        if end < n && toks.norm(end) == "." {
            end += 1;
        }
    } else if k < n && is_dash(toks.norm(k)) && toks[k].space_before() {
        end = k + 1;
        while end < n && is_dash(toks.norm(end)) && !toks[end].space_before() {
            end += 1;
        }
    } else if date.is_some() && k < n && toks.norm(k) == "." && k + 1 < n && toks[k + 1].is_capitalized() {
        end = k + 1;
    } else {
        return None;
    }
    if date.is_none() && agency.is_none() && !(toks[p].is_all_caps() && place.1 < k) {
        return None;
    }
    Some(Found { span: toks[p].span().join(toks[end - 1].span()), place, date, agency })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    type Date3 = (Option<i16>, i8, i8);

    /// (place, date, agency, whole dateline)
    fn find(text: &str) -> Option<(String, Option<Date3>, Option<String>, String)> {
        let t = tokenize(text);
        detect(text, &t).map(|f| {
            let place = &text[t[f.place.0].span().join(t[f.place.1 - 1].span())];
            let agency = f.agency.map(|(a, b)| text[t[a].span().join(t[b - 1].span())].to_string());
            (place.to_string(), f.date.map(|d| (d.year, d.month, d.day)), agency, text[f.span].to_string())
        })
    }

    #[test]
    fn common_dateline_shapes() {
        assert_eq!(
            find("BISHKEK, Oct 12 (Reuters) - Putin arrived."),
            Some((
                "BISHKEK".into(),
                Some((None, 10, 12)),
                Some("Reuters".into()),
                "BISHKEK, Oct 12 (Reuters) -".into()
            ))
        );
        assert_eq!(
            find("MOSCOW, October 13. /TASS/. The Kremlin said."),
            Some(("MOSCOW".into(), Some((None, 10, 13)), Some("TASS".into()), "MOSCOW, October 13. /TASS/.".into()))
        );
        assert_eq!(
            find("Astana, 4 July 2024 — Leaders met."),
            Some(("Astana".into(), Some((Some(2024), 7, 4)), None, "Astana, 4 July 2024 —".into()))
        );
        assert_eq!(find("JALAL-ABAD, Kyrgyzstan, October 11 — Ministers met.").unwrap().0, "JALAL-ABAD");
        assert_eq!(find("SEOUL, Oct. 12 (Yonhap) -- North Korea said.").unwrap().3, "SEOUL, Oct. 12 (Yonhap) --");
        assert_eq!(find("Baku, 12.10.2023 — Talks ended.").unwrap().1, Some((Some(2023), 10, 12)));
        assert_eq!(
            find("BISHKEK, Kyrgyzstan, October 12. Kyrgyzstan and Russia signed.").unwrap().1,
            Some((None, 10, 12))
        );
        // A region and no date: an agency follows, or the place is in capitals.
        assert_eq!(
            find("OSH, Kyrgyzstan (AKIpress) - Talks began."),
            Some(("OSH".into(), None, Some("AKIpress".into()), "OSH, Kyrgyzstan (AKIpress) -".into()))
        );
        assert_eq!(find("TASHKENT, Uzbekistan — Talks began.").unwrap().3, "TASHKENT, Uzbekistan —");
    }

    #[test]
    fn ordinary_openings_are_not_datelines() {
        assert_eq!(find("Putin met Japarov in Bishkek on Thursday."), None);
        assert_eq!(find("Russia, China and India agreed."), None);
        assert_eq!(find("Kyrgyzstan, October 12 was a busy day."), None);
        assert_eq!(find("Paris, France — the talks went on."), None, "a place in capitals, or an agency");
        assert_eq!(find("Russia, China - and India agreed."), None);
    }

    #[test]
    fn headline_then_dateline() {
        assert_eq!(find("Drills begin\n\nBISHKEK, Oct 9 (AKIpress) - The drills began.").unwrap().0, "BISHKEK");
    }
}
