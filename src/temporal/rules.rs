//! The recognition rules of time expressions.
//!
//! Each rule looks at a token position and, if an expression starts there,
//! returns where it ends and a [`Spec`]: what it says, before resolution
//! against the anchor date.

use jiff::civil::Weekday;

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
pub(crate) fn month_at(toks: &Tokens, text: &str, i: usize) -> Option<(i8, usize)> {
    if i >= toks.len() || !toks[i].is_capitalized() {
        return None;
    }
    let m = month_number(toks.norm(i))?;
    // The period of an abbreviation ("Oct.") belongs to it; after a full
    // name ("in September.") it ends the sentence.
    let abbreviated = !matches!(toks.norm(i), "may" | "june" | "july") && text[toks[i].span()].len() <= 4;
    let mut end = i + 1;
    if abbreviated && end < toks.len() && toks.norm(end) == "." && glued(toks, end) {
        end += 1;
    }
    Some((m, end))
}

pub(crate) fn year_at(toks: &Tokens, i: usize) -> Option<i16> {
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

/// A unit of calendar time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// What an expression says, before resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Spec {
    /// A calendar day; a missing year comes from the anchor and tense.
    Day {
        year: Option<i16>,
        month: i8,
        day: i8,
    },
    /// A month; a missing year comes from the anchor and tense.
    Month {
        year: Option<i16>,
        month: i8,
    },
    /// A month in the anchor's year moved by `years` ("November last year").
    MonthRel {
        month: i8,
        years: i8,
    },
    /// "last May" (-1), "next May" (1), "this May" (0).
    MonthDir {
        month: i8,
        dir: i8,
    },
    Year(i16),
    /// First three digits of a decade year: "the 1990s" → 199.
    Decade(i16),
    /// A quarter, half or season of a year: `Q1`, `H2`, `SU`.
    Part {
        year: i16,
        part: &'static str,
    },
    /// Days from the anchor: today 0, yesterday -1.
    RelDay(i32),
    /// The anchor's week, month or year moved by `n`: "last week" is -1.
    RelUnit {
        unit: Unit,
        n: i32,
    },
    /// A weekday; `dir` -1 last, 1 next, 3 this, 0 by tense.
    Weekday {
        day: Weekday,
        dir: i8,
    },
    /// `n` units before the anchor: "a week ago".
    Ago {
        n: u32,
        unit: Unit,
    },
    /// `n` units after (or before, negative) the narrative reference.
    Narrative {
        n: i32,
        unit: Unit,
    },
    Interval(Box<Spec>, Box<Spec>),
    /// A TIMEX duration value: `P3D`.
    Duration(String),
    /// A TIMEX set value: `P1Y`.
    Set(String),
    /// An ordinal anniversary.
    Anniversary(u32),
}

/// A recognized expression over tokens `first..end`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) first: usize,
    pub(crate) end: usize,
    pub(crate) spec: Spec,
}

fn weekday(norm: &str) -> Option<Weekday> {
    Some(match norm {
        "monday" | "mon" => Weekday::Monday,
        "tuesday" | "tue" | "tues" => Weekday::Tuesday,
        "wednesday" | "wed" => Weekday::Wednesday,
        "thursday" | "thu" | "thur" | "thurs" => Weekday::Thursday,
        "friday" | "fri" => Weekday::Friday,
        "saturday" | "sat" => Weekday::Saturday,
        "sunday" | "sun" => Weekday::Sunday,
        _ => return None,
    })
}

/// Cardinal numbers in words or digits, up to 99.
fn cardinal(toks: &Tokens, i: usize) -> Option<(u32, usize)> {
    if i >= toks.len() {
        return None;
    }
    let w = toks.norm(i);
    if toks[i].kind == TokenKind::Number && w.len() <= 3 {
        return w.parse().ok().map(|n| (n, i + 1));
    }
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    if let Some(n) = ONES.iter().position(|&x| x == w) {
        return Some((n as u32, i + 1));
    }
    if matches!(w, "a" | "an") {
        return Some((1, i + 1));
    }
    if let Some(t) = TENS.iter().position(|&x| x == w) {
        let base = 20 + 10 * t as u32;
        if i + 2 < toks.len()
            && toks.norm(i + 1) == "-"
            && glued(toks, i + 1)
            && glued(toks, i + 2)
            && let Some(o) = ONES[1..10].iter().position(|&x| x == toks.norm(i + 2))
        {
            return Some((base + o as u32 + 1, i + 3));
        }
        return Some((base, i + 1));
    }
    if w == "several" || w == "few" {
        return None;
    }
    None
}

/// Ordinals: "20th", "1st", "twentieth", "first".
fn ordinal(toks: &Tokens, i: usize) -> Option<(u32, usize)> {
    if i >= toks.len() {
        return None;
    }
    let w = toks.norm(i);
    if toks[i].kind == TokenKind::Word {
        let n = w.bytes().take_while(u8::is_ascii_digit).count();
        if n > 0 && matches!(&w[n..], "st" | "nd" | "rd" | "th") {
            return w[..n].parse().ok().map(|v| (v, i + 1));
        }
    }
    // A `match` on strings compiles to a length switch, then few compares:
    // this runs on every token.
    if let Some(n) = ordinal_word(w) {
        return Some((n, i + 1));
    }
    // "twenty-first"
    let tens = match w {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    };
    if i + 2 < toks.len()
        && toks.norm(i + 1) == "-"
        && let Some(o) = ordinal_word(toks.norm(i + 2)).filter(|&o| o < 10)
    {
        return Some((tens + o, i + 3));
    }
    None
}

/// "first" .. "twentieth", and the tens "thirtieth" .. "ninetieth".
fn ordinal_word(w: &str) -> Option<u32> {
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        "fortieth" => 40,
        "fiftieth" => 50,
        "sixtieth" => 60,
        "seventieth" => 70,
        "eightieth" => 80,
        "ninetieth" => 90,
        _ => return None,
    })
}

fn unit(norm: &str) -> Option<(Unit, u32)> {
    Some(match norm {
        "day" | "days" => (Unit::Day, 1),
        "week" | "weeks" => (Unit::Week, 1),
        "month" | "months" => (Unit::Month, 1),
        "year" | "years" => (Unit::Year, 1),
        "decade" | "decades" => (Unit::Year, 10),
        _ => return None,
    })
}

fn unit_letter(u: Unit) -> char {
    match u {
        Unit::Day => 'D',
        Unit::Week => 'W',
        Unit::Month => 'M',
        Unit::Year => 'Y',
    }
}

crate::words::word_set! {
    /// Words after which a bare month or year is a time: "in March", "since 2019".
    static TEMPORAL_PREPS = [
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "to",
    "through",
    "during",
    "before",
    "after",
    "of",
    "early",
    "late",
    "mid",
    "throughout",
    "between",
    "and",
    "or",
    "last",
    "this",
    "next",
    "for",
    "around",
    "as",
    "than",
];
}

fn prep_before(toks: &Tokens, i: usize) -> bool {
    i > 0 && TEMPORAL_PREPS.contains_token(toks, i - 1)
        || (i > 1 && toks.norm(i - 1) == "-" && toks.norm(i - 2) == "mid")
}

/// A year that stands alone: four digits, 1800-2100, not part of a larger
/// number ("1,500", "3.5"), not a count or amount.
fn plain_year(toks: &Tokens, i: usize) -> Option<i16> {
    let y = year_at(toks, i)?;
    if !(1800..=2100).contains(&y) {
        return None;
    }
    let n = toks.len();
    let glued_num = |k: usize| k < n && toks[k].kind == TokenKind::Number;
    // "1,948" or "2,023.5": glued separators and digits around.
    if i + 2 < n
        && matches!(toks.norm(i + 1), "," | "." | ":")
        && glued(toks, i + 1)
        && glued(toks, i + 2)
        && glued_num(i + 2)
    {
        return None;
    }
    if i >= 2 && matches!(toks.norm(i - 1), "," | "." | ":" | "$" | "€" | "£" | "#") && glued(toks, i) {
        return None;
    }
    if i + 1 < n && matches!(toks.norm(i + 1), "%") {
        return None;
    }
    Some(y)
}

fn is_dash(toks: &Tokens, i: usize) -> bool {
    i < toks.len() && matches!(toks.norm(i), "-")
}

/// The end of a connector between interval ends: "to", "-", "–", "through",
/// "until", "till", "and" (after "between").
fn range_connector(toks: &Tokens, i: usize, between: bool) -> Option<usize> {
    if i >= toks.len() {
        return None;
    }
    match toks.norm(i) {
        "to" | "through" | "until" | "till" | "thru" => Some(i + 1),
        "and" if between => Some(i + 1),
        "-" => {
            let mut k = i + 1;
            while is_dash(toks, k) && glued(toks, k) {
                k += 1;
            }
            Some(k)
        }
        _ => None,
    }
}

/// Tries every rule at token `i`, longest first.
fn at(text: &str, toks: &Tokens, i: usize) -> Option<(usize, Spec)> {
    if !may_start(toks, i) {
        return None;
    }
    // Frequent words that only one family of rules can start with.
    match toks.norm(i) {
        "the" => the_unit(toks, i),
        "a" | "an" => counted_units(toks, i),
        _ => rules_at(text, toks, i),
    }
}

/// The rules of [`at`], without its start filter.
fn rules_at(text: &str, toks: &Tokens, i: usize) -> Option<(usize, Spec)> {
    let n = toks.len();
    let norm = toks.norm(i);
    let between = i > 0 && toks.norm(i - 1) == "between";

    // Intervals that start with a full date: "October 9 to 13", "Oct. 9-13",
    // "October 9 to October 13", "Sept. 1-6".
    if let Some(d) = abs_date_at(toks, text, i) {
        if let Some(k) = range_connector(toks, d.end, between) {
            if let Some(d2) = abs_date_at(toks, text, k) {
                let y2 = d2.year;
                let y1 = d.year.or(y2);
                return Some((
                    d2.end,
                    Spec::Interval(
                        Box::new(Spec::Day { year: y1, month: d.month, day: d.day }),
                        Box::new(Spec::Day { year: y2.or(y1), month: d2.month, day: d2.day }),
                    ),
                ));
            }
            if d.year.is_none()
                && let Some(day2) = number(toks, k)
                && toks.norm(k).len() <= 2
                && day2 as i8 > d.day
                && !(k + 1 < n && (month_number(toks.norm(k + 1)).is_some() || matches!(toks.norm(k + 1), ":" | "%")))
            {
                let mut end = k + 1;
                let mut year = None;
                let mut m = end;
                if m < n && toks.norm(m) == "," {
                    m += 1;
                }
                if let Some(y) = year_at(toks, m) {
                    year = Some(y);
                    end = m + 1;
                }
                if jiff::civil::Date::new(year.unwrap_or(2000), d.month, day2 as i8).is_ok() {
                    return Some((
                        end,
                        Spec::Interval(
                            Box::new(Spec::Day { year, month: d.month, day: d.day }),
                            Box::new(Spec::Day { year, month: d.month, day: day2 as i8 }),
                        ),
                    ));
                }
            }
        }
        return Some((d.end, Spec::Day { year: d.year, month: d.month, day: d.day }));
    }

    // "9 to 13 October [2023]", "9-13 October".
    if let Some(d1) = number(toks, i)
        && norm.len() <= 2
        && let Some(k) = range_connector(toks, i + 1, between)
        && let Some(d2) = abs_date_at(toks, text, k)
        && (1..=31).contains(&d1)
        && (d1 as i8) < d2.day
    {
        return Some((
            d2.end,
            Spec::Interval(
                Box::new(Spec::Day { year: d2.year, month: d2.month, day: d1 as i8 }),
                Box::new(Spec::Day { year: d2.year, month: d2.month, day: d2.day }),
            ),
        ));
    }

    // "13th of October".
    if let Some((d, k)) = ordinal(toks, i)
        && (1..=31).contains(&d)
        && k + 1 < n
        && toks.norm(k) == "of"
        && let Some((m, e)) = month_at(toks, text, k + 1)
    {
        let (year, end) = match year_at(toks, e) {
            Some(y) => (Some(y), e + 1),
            None => (None, e),
        };
        if jiff::civil::Date::new(year.unwrap_or(2000), m, d as i8).is_ok() {
            return Some((end, Spec::Day { year, month: m, day: d as i8 }));
        }
    }

    // Year ranges: "2023-2024", "2023–24".
    if let Some(y1) = plain_year(toks, i)
        && is_dash(toks, i + 1)
        && glued(toks, i + 1)
        && glued(toks, i + 2)
        && let Some(y2n) = number(toks, i + 2)
    {
        let y2 = match toks.norm(i + 2).len() {
            4 => Some(y2n as i16),
            2 => Some((y1 / 100) * 100 + y2n as i16),
            _ => None,
        };
        if let Some(y2) = y2
            && y2 > y1
            && y2 - y1 < 100
        {
            return Some((i + 3, Spec::Interval(Box::new(Spec::Year(y1)), Box::new(Spec::Year(y2)))));
        }
    }

    // Month Year: "October 2003", "Oct. 2003", and ranges "July 2023 to 2024".
    if let Some((m, e)) = month_at(toks, text, i)
        && let Some(y) = plain_year(toks, e)
    {
        let first = Spec::Month { year: Some(y), month: m };
        if let Some(k) = range_connector(toks, e + 1, between) {
            if let Some((m2, e2)) = month_at(toks, text, k)
                && let Some(y2) = plain_year(toks, e2)
            {
                return Some((
                    e2 + 1,
                    Spec::Interval(Box::new(first), Box::new(Spec::Month { year: Some(y2), month: m2 })),
                ));
            }
            if let Some(y2) = plain_year(toks, k)
                && y2 >= y
            {
                return Some((k + 1, Spec::Interval(Box::new(first), Box::new(Spec::Year(y2)))));
            }
        }
        return Some((e + 1, first));
    }

    // Decades and centuries: "the 1990s", "the 2010s".
    if toks[i].kind == TokenKind::Word
        && norm.len() == 5
        && norm.ends_with('s')
        && norm[..4].bytes().all(|b| b.is_ascii_digit())
        && norm.as_bytes()[3] == b'0'
    {
        let y: i16 = norm[..4].parse().ok()?;
        if (1800..=2090).contains(&y) {
            return Some((i + 1, Spec::Decade(y / 10)));
        }
    }

    // Quarters and halves: "the first quarter of 2024", "the second half of 2025", "Q1 2024".
    if let Some((o, k)) = ordinal(toks, i)
        && o <= 4
        && k + 2 < n
        && matches!(toks.norm(k), "quarter" | "half")
        && toks.norm(k + 1) == "of"
        && let Some(y) = plain_year(toks, k + 2)
    {
        let part = match (toks.norm(k), o) {
            ("quarter", 1) => "Q1",
            ("quarter", 2) => "Q2",
            ("quarter", 3) => "Q3",
            ("quarter", 4) => "Q4",
            ("half", 1) => "H1",
            ("half", 2) => "H2",
            _ => return None,
        };
        return Some((k + 3, Spec::Part { year: y, part }));
    }
    if matches!(norm, "q1" | "q2" | "q3" | "q4" | "h1" | "h2")
        && toks[i].is_all_caps()
        && let Some(y) = plain_year(toks, i + 1)
    {
        let part = match norm {
            "q1" => "Q1",
            "q2" => "Q2",
            "q3" => "Q3",
            "q4" => "Q4",
            "h1" => "H1",
            _ => "H2",
        };
        return Some((i + 2, Spec::Part { year: y, part }));
    }

    // "early 2024", "mid-October", "late last year" (the modifier is kept in the span).
    if matches!(norm, "early" | "mid" | "late") {
        let mut k = i + 1;
        if is_dash(toks, k) && glued(toks, k) {
            k += 1;
        }
        if let Some((m, e)) = month_at(toks, text, k) {
            if let Some(y) = plain_year(toks, e) {
                return Some((e + 1, Spec::Month { year: Some(y), month: m }));
            }
            return Some((e, Spec::Month { year: None, month: m }));
        }
        if let Some(y) = plain_year(toks, k) {
            return Some((k + 1, Spec::Year(y)));
        }
    }

    // A month alone after a temporal word: "in March", "since January",
    // and "November last year".
    if let Some((m, e)) = month_at(toks, text, i) {
        if e + 1 < n && toks.norm(e + 1) == "year" && matches!(toks.norm(e), "last" | "this" | "next") {
            let years = match toks.norm(e) {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            return Some((e + 2, Spec::MonthRel { month: m, years }));
        }
        // "May" is a verb and "March" a noun unless a temporal word comes first.
        if prep_before(toks, i) && !(e < n && toks[e].kind == TokenKind::Number) {
            return Some((e, Spec::Month { year: None, month: m }));
        }
        return None;
    }

    // A year alone after a temporal word: "in 2022", "since 2019".
    // ("rose by 2030 units" counts units.)
    let counted = i >= 2
        && matches!(toks.norm(i - 1), "by" | "to" | "of")
        && matches!(
            toks.norm(i - 2),
            "rose"
                | "fell"
                | "grew"
                | "increased"
                | "decreased"
                | "dropped"
                | "declined"
                | "climbed"
                | "jumped"
                | "surged"
                | "cut"
                | "reduced"
                | "raised"
                | "lowered"
                | "up"
                | "down"
                | "total"
                | "totaled"
                | "totalled"
                | "reached"
                | "numbered"
        );
    if let Some(y) = plain_year(toks, i)
        && prep_before(toks, i)
        && !(i + 1 < n && unit(toks.norm(i + 1)).is_some())
        && !counted
    {
        return Some((i + 1, Spec::Year(y)));
    }

    // Relative days.
    match norm {
        "today" | "tonight" => return Some((i + 1, Spec::RelDay(0))),
        "yesterday" => return Some((i + 1, Spec::RelDay(-1))),
        "tomorrow" => return Some((i + 1, Spec::RelDay(1))),
        _ => {}
    }

    // "last week", "this year", "next month", "earlier this year", "later this month".
    {
        let mut k = i;
        let mut lead = false;
        if matches!(norm, "earlier" | "later") && i + 1 < n && toks.norm(i + 1) == "this" {
            k += 1;
            lead = true;
        }
        let dir = match toks.norm(k) {
            "last" | "past" | "previous" => Some(-1),
            "this" | "current" => Some(0),
            "next" | "coming" => Some(1),
            _ => None,
        };
        if let Some(dir) = dir
            && k + 1 < n
        {
            if lead && dir != 0 {
                return None;
            }
            let w = toks.norm(k + 1);
            if let Some((u, 1)) = unit(w)
                && !w.ends_with('s')
            {
                return Some((k + 2, Spec::RelUnit { unit: u, n: dir }));
            }
            if let Some((m, e)) = month_at(toks, text, k + 1)
                && !lead
            {
                return Some((e, Spec::MonthDir { month: m, dir: dir as i8 }));
            }
            if let Some(day) = weekday(w)
                && toks[k + 1].is_capitalized()
            {
                let d = match dir {
                    -1 => -1,
                    1 => 1,
                    _ => 3,
                };
                return Some((k + 2, Spec::Weekday { day, dir: d }));
            }
        }
    }

    // A weekday: "on Thursday", "Friday's summit".
    if let Some(day) = weekday(norm)
        && toks[i].is_capitalized()
        && norm.len() > 3
    {
        return Some((i + 1, Spec::Weekday { day, dir: 0 }));
    }

    if let Some(found) = counted_units(toks, i) {
        return Some(found);
    }
    if let Some(found) = the_unit(toks, i) {
        return Some(found);
    }

    // Sets: "every year", "each week", "annually".
    if matches!(norm, "every" | "each")
        && i + 1 < n
        && let Some((u, m)) = unit(toks.norm(i + 1))
    {
        return Some((i + 2, Spec::Set(format!("P{m}{}", unit_letter(u)))));
    }
    match norm {
        "annually" | "yearly" => return Some((i + 1, Spec::Set("P1Y".into()))),
        "monthly" => return Some((i + 1, Spec::Set("P1M".into()))),
        "weekly" => return Some((i + 1, Spec::Set("P1W".into()))),
        "daily" => return Some((i + 1, Spec::Set("P1D".into()))),
        _ => {}
    }

    // Anniversaries: "the 20th anniversary of", "the 20th year of".
    if let Some((o, k)) = ordinal(toks, i)
        && k < n
        && (toks.norm(k) == "anniversary" || (toks.norm(k) == "year" && k + 1 < n && toks.norm(k + 1) == "of"))
        && o >= 1
    {
        return Some((k + 1, Spec::Anniversary(o)));
    }
    None
}

/// Counted units from `i`: "a week ago", "two days later", "for three
/// days", "a two-day visit".
fn counted_units(toks: &Tokens, i: usize) -> Option<(usize, Spec)> {
    let n = toks.len();
    // "a week ago", "two days later", "four days earlier".
    if let Some((count, k)) = cardinal(toks, i)
        && k < n
        && let Some((u, mult)) = unit(toks.norm(k))
        && count > 0
    {
        let after = k + 1;
        let next = if after < n { toks.norm(after) } else { "" };
        let n_units = count * mult;
        match next {
            "ago" => return Some((after + 1, Spec::Ago { n: n_units, unit: u })),
            "later" | "afterwards" if clause_ends(toks, after + 1) => {
                return Some((after + 1, Spec::Narrative { n: n_units as i32, unit: u }));
            }
            "after" if strict_end(toks, after + 1) => {
                return Some((after + 1, Spec::Narrative { n: n_units as i32, unit: u }));
            }
            "earlier" | "previously" if clause_ends(toks, after + 1) => {
                return Some((after + 1, Spec::Narrative { n: -(n_units as i32), unit: u }));
            }
            "before" if strict_end(toks, after + 1) => {
                return Some((after + 1, Spec::Narrative { n: -(n_units as i32), unit: u }));
            }
            _ => {}
        }
        // Durations: "for three days", "over two decades", "two-day visit".
        let for_before = i > 0 && matches!(toks.norm(i - 1), "for" | "over" | "past" | "last" | "within");
        if for_before && toks.norm(k).ends_with('s') {
            return Some((k + 1, Spec::Duration(format!("P{n_units}{}", unit_letter(u)))));
        }
    }
    if let Some((count, k)) = cardinal(toks, i)
        && is_dash(toks, k)
        && glued(toks, k)
        && glued(toks, k + 1)
        && k + 1 < n
        && let Some((u, mult)) = unit(toks.norm(k + 1))
        && !toks.norm(k + 1).ends_with('s')
        && count > 1
    {
        return Some((k + 2, Spec::Duration(format!("P{}{}", count * mult, unit_letter(u)))));
    }
    None
}

/// "the following day", "the day before" from `i`.
fn the_unit(toks: &Tokens, i: usize) -> Option<(usize, Spec)> {
    let n = toks.len();
    // "the following day", "the next day", "the previous day", "the day before", "the day after".
    if toks.norm(i) == "the" && i + 2 < n {
        let (a, b) = (toks.norm(i + 1), toks.norm(i + 2));
        if let Some((u, 1)) = unit(b) {
            let n1 = match a {
                "following" | "next" => Some(1),
                "previous" | "preceding" => Some(-1),
                "same" => Some(0),
                _ => None,
            };
            if let Some(k) = n1
                && !b.ends_with('s')
            {
                return Some((i + 3, Spec::Narrative { n: k, unit: u }));
            }
        }
        if let Some((u, 1)) = unit(a)
            && !a.ends_with('s')
            && matches!(b, "before" | "after")
            && clause_ends(toks, i + 3)
        {
            return Some((i + 3, Spec::Narrative { n: if b == "before" { -1 } else { 1 }, unit: u }));
        }
    }
    None
}

crate::words::word_set! {
    /// Every word a rule of [`at`] can start with, other than numbers and
    /// words that begin with a digit ("13th", "1990s"): month and weekday
    /// names, number and ordinal words, relative and set words. Most tokens
    /// of a text are none of these, and the filter turns them away before
    /// any rule runs. A property test checks that no rule fires outside it.
    static START_WORDS = [
    "january", "jan", "february", "feb", "march", "mar", "april", "apr", "may", "june", "jun",
    "july", "jul", "august", "aug", "september", "sep", "sept", "october", "oct", "november",
    "nov", "december", "dec",
    "monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu", "thur",
    "thurs", "friday", "fri", "saturday", "sat", "sunday", "sun",
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "a", "an", "the",
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth", "fortieth",
    "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth",
    "q1", "q2", "q3", "q4", "h1", "h2",
    "early", "mid", "late", "earlier", "later",
    "today", "tonight", "yesterday", "tomorrow",
    "last", "past", "previous", "this", "current", "next", "coming",
    "every", "each", "annually", "yearly", "monthly", "weekly", "daily",
];
}

/// Whether a rule of [`at`] could start at token `i`.
#[inline]
fn may_start(toks: &Tokens, i: usize) -> bool {
    let w = toks.norm(i);
    toks[i].kind == TokenKind::Number
        || w.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || START_WORDS.contains_token(toks, i)
}

/// Whether the clause ends at `i`: the end, punctuation, or a conjunction,
/// so that "two days later" stands alone but "four months after lawmakers
/// voted" does not.
fn strict_end(toks: &Tokens, i: usize) -> bool {
    i >= toks.len() || toks[i].kind == TokenKind::Punct || matches!(toks.norm(i), "and" | "but")
}

fn clause_ends(toks: &Tokens, i: usize) -> bool {
    i >= toks.len()
        || toks[i].kind == TokenKind::Punct
        || matches!(
            toks.norm(i),
            "and" | "but" | "when" | "while" | "as" | "on" | "in" | "at" | "with" | "he" | "she" | "they" | "it"
        )
}

/// Finds every expression, left to right, not overlapping, skipping the
/// token ranges in `skip` (names that contain numbers, such as
/// "Indestructible Brotherhood 2023").
pub(crate) fn find_all(text: &str, toks: &Tokens, skip: &[(usize, usize)]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut blocked = vec![false; toks.len()];
    for &(a, b) in skip {
        for x in &mut blocked[a.min(toks.len())..b.min(toks.len())] {
            *x = true;
        }
    }
    let mut i = 0;
    while i < toks.len() {
        if blocked[i] {
            i += 1;
            continue;
        }
        if let Some((end, spec)) = at(text, toks, i)
            && end > i
            && !blocked[i..end].iter().any(|&b| b)
        {
            out.push(Found { first: i, end, spec });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn at0(text: &str) -> Option<(Option<i16>, i8, i8)> {
        let t = tokenize(text);
        abs_date_at(&t, text, 0).map(|d| (d.year, d.month, d.day))
    }

    /// Every lower-case word written as a literal in this file: the words
    /// the rules test, so a rule added later brings its words along.
    fn rule_words() -> Vec<String> {
        let src = include_str!("rules.rs");
        let mut words: Vec<String> = src
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|w| {
                !w.is_empty() && w.len() < 16 && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
            .map(str::to_owned)
            .collect();
        words.sort();
        words.dedup();
        words
    }

    #[test]
    fn rule_words_come_from_the_rules() {
        let words = rule_words();
        for w in ["october", "yesterday", "anniversary", "quarter", "ago", "between"] {
            assert!(words.iter().any(|x| x == w), "{w} missing from {words:?}");
        }
    }

    proptest::proptest! {
        /// No rule fires at a token the start filter turns away, and [`at`]
        /// finds what the whole chain of rules finds.
        #[test]
        fn start_filter_keeps_every_rule(
            picks in proptest::collection::vec((0usize..1000, 0u8..6), 1..9),
        ) {
            let words = rule_words();
            let extra = ["13", "9", "2023", "24", "12th", "1990s", "-", ".", ",", "/", "Kyiv", "talks"];
            let mut text = String::new();
            for (k, sep) in picks {
                let w = if k % 4 == 0 { extra[k / 4 % extra.len()].to_owned() } else { words[k % words.len()].clone() };
                let w = if sep == 1 { w[..1].to_ascii_uppercase() + &w[1..] } else { w };
                if !text.is_empty() && sep != 2 {
                    text.push(' ');
                }
                text.push_str(&w);
            }
            let toks = tokenize(&text);
            for i in 0..toks.len() {
                if rules_at(&text, &toks, i).is_some() {
                    proptest::prop_assert!(may_start(&toks, i), "{:?} at token {i} of {text:?}", toks.norm(i));
                }
                // The filter and the dispatch on frequent words change nothing.
                proptest::prop_assert_eq!(at(&text, &toks, i), rules_at(&text, &toks, i), "token {} of {:?}", i, text);
            }
        }
    }

    /// Every short sequence of the words the frequent-word dispatch is
    /// about: [`at`] finds what the whole chain of rules finds.
    #[test]
    fn dispatch_matches_the_rules_on_every_short_phrase() {
        let core = [
            "a",
            "an",
            "the",
            "two",
            "day",
            "days",
            "week",
            "ago",
            "later",
            "before",
            "after",
            "following",
            "next",
            "same",
            "for",
            "-",
            "October",
            "9",
            "2023",
            ",",
        ];
        let join = |ws: &[&str]| {
            let mut t = String::new();
            for (k, w) in ws.iter().enumerate() {
                if k > 0 && *w != "-" && ws[k - 1] != "-" {
                    t.push(' ');
                }
                t.push_str(w);
            }
            t
        };
        let mut checked = 0;
        for a in core {
            for b in core {
                for c in core {
                    for d in ["", "ago", "later", "visit"] {
                        let ws: Vec<&str> = [a, b, c, d].into_iter().filter(|w| !w.is_empty()).collect();
                        let text = join(&ws);
                        let toks = tokenize(&text);
                        for i in 0..toks.len() {
                            assert_eq!(at(&text, &toks, i), rules_at(&text, &toks, i), "token {i} of {text:?}");
                            checked += usize::from(rules_at(&text, &toks, i).is_some());
                        }
                    }
                }
            }
        }
        assert!(checked > 1000, "the phrases exercise the rules ({checked} found)");
    }

    #[test]
    fn start_filter_turns_away_plain_words() {
        let toks = tokenize("talks in Bishkek");
        assert!((0..toks.len()).all(|i| !may_start(&toks, i)));
        let toks = tokenize("the 13th");
        assert!(may_start(&toks, 0) && may_start(&toks, 1));
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
