//! Shared pieces of the time-expression rules: month and weekday names,
//! and absolute dates at a token position.

use crate::tokenize::{TokenKind, Tokens};

/// The month (1-12) a normalized word names: full names and the usual
/// abbreviations.
pub(crate) fn month_number(norm: &str) -> Option<i8> {
    Some(match norm {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// An absolute calendar date found at a token position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AbsDate {
    pub(crate) year: Option<i16>,
    pub(crate) month: i8,
    pub(crate) day: i8,
    /// One past the last token.
    pub(crate) end: usize,
}

fn number(toks: &Tokens, i: usize) -> Option<u32> {
    (i < toks.len() && toks[i].kind == TokenKind::Number && toks.norm(i).len() <= 4)
        .then(|| toks.norm(i).parse().ok())
        .flatten()
}

fn glued(toks: &Tokens, i: usize) -> bool {
    i < toks.len() && !toks[i].space_before()
}

/// A month name at `i`, with its optional period ("Oct."), capitalized.
fn month_at(toks: &Tokens, text: &str, i: usize) -> Option<(i8, usize)> {
    if i >= toks.len() || !toks[i].is_capitalized() {
        return None;
    }
    let m = month_number(toks.norm(i))?;
    let full = toks.norm(i).len() > 4 || toks.norm(i) == "may" || toks.norm(i) == "june" || toks.norm(i) == "july";
    let mut end = i + 1;
    if end < toks.len() && toks.norm(end) == "." && glued(toks, end) {
        end += 1;
    } else if !full && text[toks[i].span].len() <= 4 && toks.norm(i) != "may" {
        // "Oct 12" without a period is fine too.
    }
    Some((m, end))
}

fn year_at(toks: &Tokens, i: usize) -> Option<i16> {
    let n = number(toks, i)?;
    (toks.norm(i).len() == 4 && (1000..=2999).contains(&n)).then_some(n as i16)
}

fn valid(y: Option<i16>, m: i8, d: u32) -> bool {
    (1..=31).contains(&d) && jiff::civil::Date::new(y.unwrap_or(2000), m, d as i8).is_ok()
}

/// Parses "October 12", "Oct. 12, 2023", "12 October 2023", "12.10.2023",
/// "2023-10-12" starting exactly at token `i`.
pub(crate) fn abs_date_at(toks: &Tokens, text: &str, i: usize) -> Option<AbsDate> {
    // Month Day [, Year]
    if let Some((m, e)) = month_at(toks, text, i)
        && let Some(d) = number(toks, e)
        && toks.norm(e).len() <= 2
        && valid(None, m, d)
    {
        let mut end = e + 1;
        let mut year = None;
        // "Oct 12, 2023" / "Oct 12 2023"
        let mut k = end;
        if k < toks.len() && toks.norm(k) == "," {
            k += 1;
        }
        if let Some(y) = year_at(toks, k) {
            year = Some(y);
            end = k + 1;
        }
        if !valid(year, m, d) {
            return None;
        }
        return Some(AbsDate { year, month: m, day: d as i8, end });
    }
    // Day Month [Year]
    if let Some(d) = number(toks, i)
        && toks.norm(i).len() <= 2
    {
        let mut k = i + 1;
        if k < toks.len() && matches!(toks.norm(k), "th" | "st" | "nd" | "rd") && glued(toks, k) {
            k += 1;
        }
        if let Some((m, e)) = month_at(toks, text, k) {
            let (year, end) = match year_at(toks, e) {
                Some(y) => (Some(y), e + 1),
                None => (None, e),
            };
            if valid(year, m, d) {
                return Some(AbsDate { year, month: m, day: d as i8, end });
            }
            return None;
        }
        // dd.mm.yyyy (day first, as written outside the US)
        if i + 4 < toks.len()
            && matches!(toks.norm(i + 1), "." | "/")
            && glued(toks, i + 1)
            && glued(toks, i + 2)
            && toks.norm(i + 3) == toks.norm(i + 1)
            && glued(toks, i + 3)
            && glued(toks, i + 4)
            && let (Some(m), Some(y)) = (number(toks, i + 2), number(toks, i + 4))
            && toks.norm(i + 2).len() <= 2
        {
            let year = match toks.norm(i + 4).len() {
                4 => y as i16,
                2 => 2000 + y as i16,
                _ => return None,
            };
            if (1..=12).contains(&m) && valid(Some(year), m as i8, d) {
                return Some(AbsDate { year: Some(year), month: m as i8, day: d as i8, end: i + 5 });
            }
        }
    }
    // yyyy-mm-dd
    if let Some(y) = year_at(toks, i)
        && i + 4 < toks.len()
        && toks.norm(i + 1) == "-"
        && toks.norm(i + 3) == "-"
        && (1..=4).all(|k| glued(toks, i + k))
        && let (Some(m), Some(d)) = (number(toks, i + 2), number(toks, i + 4))
        && toks.norm(i + 2).len() == 2
        && toks.norm(i + 4).len() == 2
        && (1..=12).contains(&m)
        && valid(Some(y), m as i8, d)
    {
        return Some(AbsDate { year: Some(y), month: m as i8, day: d as i8, end: i + 5 });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn at0(text: &str) -> Option<(Option<i16>, i8, i8)> {
        let t = tokenize(text);
        abs_date_at(&t, text, 0).map(|d| (d.year, d.month, d.day))
    }

    #[test]
    fn absolute_dates() {
        assert_eq!(at0("October 12"), Some((None, 10, 12)));
        assert_eq!(at0("Oct. 12, 2023"), Some((Some(2023), 10, 12)));
        assert_eq!(at0("Oct 3 —"), Some((None, 10, 3)));
        assert_eq!(at0("13 October 2023"), Some((Some(2023), 10, 13)));
        assert_eq!(at0("12.10.2023"), Some((Some(2023), 10, 12)));
        assert_eq!(at0("12.10.23"), Some((Some(2023), 10, 12)));
        assert_eq!(at0("2023-10-12"), Some((Some(2023), 10, 12)));
        assert_eq!(at0("February 30"), None);
        assert_eq!(at0("october 12"), None, "month names are capitalized");
        assert_eq!(at0("May 2023"), None, "a month and year is not a day");
    }
}
