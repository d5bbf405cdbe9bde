//! TIMEX3 values: `2023-10-13`, `2023-10`, `2023`, `2023-W41`, `2020-Q1`,
//! `2025-H2`, decades `199`, intervals `2023-10-09/2023-10-13`, durations
//! `P20Y`, and unknown digits as `X` (`XXXX-10-13`).

use std::fmt;
use std::str::FromStr;

use jiff::ToSpan;
use jiff::civil::{Date, ISOWeekDate, Weekday};

/// A normalized time value in TIMEX3 / ISO 8601 form.
///
/// `FromStr` and `Display` round-trip.
///
/// ```
/// use newsgraph::TimeValue;
///
/// let v: TimeValue = "2023-10-09/2023-10-13".parse().unwrap();
/// assert_eq!(v.to_string(), "2023-10-09/2023-10-13");
/// assert!(v.contains(&"2023-10-12".parse().unwrap()));
/// assert!("2023-13-01".parse::<TimeValue>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeValue(String);

/// The error of parsing a [`TimeValue`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeValueError(String);

impl fmt::Display for TimeValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid TIMEX value `{}`", self.0)
    }
}

impl std::error::Error for TimeValueError {}

/// A year as TIMEX writes it: four digits, or `XXXX` for years before 0
/// (reachable only from an anchor date that far back), which the format
/// cannot express.
pub(crate) fn yyyy(y: i16) -> String {
    let mut s = String::with_capacity(4);
    push_yyyy(&mut s, Some(y));
    s
}

/// Appends [`yyyy`] of `y`, or `XXXX` for a year not known.
fn push_yyyy(out: &mut String, y: Option<i16>) {
    match y.and_then(|y| u32::try_from(y).ok()) {
        Some(y) if y <= 9999 => push_padded(out, y, 4),
        _ => out.push_str("XXXX"),
    }
}

/// Appends `n` in decimal, zero-padded to `width` digits: what
/// `format!("{n:0width$}")` writes, without the formatting machinery
/// (values are made for most time expressions).
pub(crate) fn push_padded(out: &mut String, n: u32, width: usize) {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(n);
    out.extend(std::iter::repeat_n('0', width.saturating_sub(digits.len())));
    out.push_str(digits);
}

impl TimeValue {
    /// Parses a value, or `None` if it is not a valid TIMEX value.
    pub fn parse(s: &str) -> Option<TimeValue> {
        valid(s).then(|| TimeValue(s.to_string()))
    }

    pub(crate) fn from_date(d: Date) -> TimeValue {
        TimeValue::day(Some(d.year()), d.month(), d.day())
    }

    /// Day `d` of month `m` (both from 1), `YYYY-MM-DD`; the year `XXXX`
    /// when it is not known.
    pub(crate) fn day(y: Option<i16>, m: i8, d: i8) -> TimeValue {
        let mut s = TimeValue::month(y, m).0;
        s.push('-');
        push_padded(&mut s, d.unsigned_abs().into(), 2);
        TimeValue(s)
    }

    /// Month `m` (from 1), `YYYY-MM`; the year `XXXX` when it is not known.
    pub(crate) fn month(y: Option<i16>, m: i8) -> TimeValue {
        let mut s = String::with_capacity(10);
        push_yyyy(&mut s, y);
        s.push('-');
        push_padded(&mut s, m.unsigned_abs().into(), 2);
        TimeValue(s)
    }

    pub(crate) fn year(y: i16) -> TimeValue {
        TimeValue(yyyy(y))
    }

    pub(crate) fn week(d: Date) -> TimeValue {
        let w = d.iso_week_date();
        TimeValue(format!("{}-W{:02}", yyyy(w.year()), w.week()))
    }

    pub(crate) fn interval(a: &TimeValue, b: &TimeValue) -> TimeValue {
        TimeValue(format!("{}/{}", a.0, b.0))
    }

    pub(crate) fn raw(s: String) -> TimeValue {
        debug_assert!(valid(&s), "invalid TIMEX value {s}");
        TimeValue(s)
    }

    /// The value as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a duration (`P3D`).
    pub fn is_duration(&self) -> bool {
        self.0.starts_with('P')
    }

    /// The first and last calendar day the value covers, where it is fully
    /// known: `2023-10` covers 2023-10-01 to 2023-10-31.
    pub fn range(&self) -> Option<(Date, Date)> {
        // Most values are one day, `YYYY-MM-DD`: read it without the
        // general parse (splits and searches for `/`).
        if let Some(d) = day_value(self.0.as_bytes()) {
            return Some((d, d));
        }
        if let Some((a, b)) = self.0.split_once('/') {
            let (a, _) = point_range(a)?;
            let (_, b) = point_range(b)?;
            return Some((a, b));
        }
        point_range(&self.0)
    }

    /// Whether `other` lies within this value's days (a month contains its
    /// days, an interval the dates between its ends).
    pub fn contains(&self, other: &TimeValue) -> bool {
        match (self.range(), other.range()) {
            (Some((a, b)), Some((c, d))) => a <= c && d <= b,
            _ => self == other,
        }
    }
}

impl FromStr for TimeValue {
    type Err = TimeValueError;

    fn from_str(s: &str) -> Result<TimeValue, TimeValueError> {
        TimeValue::parse(s).ok_or_else(|| TimeValueError(s.to_string()))
    }
}

impl fmt::Display for TimeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for TimeValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for TimeValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<TimeValue, D::Error> {
        let s = String::deserialize(d)?;
        TimeValue::parse(&s).ok_or_else(|| serde::de::Error::custom(TimeValueError(s)))
    }
}

fn digits_or_x(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit() || b == b'X')
}

fn num(s: &str) -> Option<i16> {
    if s.bytes().all(|b| b.is_ascii_digit()) { s.parse().ok() } else { None }
}

fn valid(s: &str) -> bool {
    if let Some(rest) = s.strip_prefix('P') {
        return valid_duration(rest);
    }
    match s.split_once('/') {
        Some((a, b)) => valid_point(a) && valid_point(b),
        None => valid_point(s),
    }
}

fn valid_duration(s: &str) -> bool {
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let part = |p: &str, units: &[u8]| -> bool {
        let mut seen_digit = false;
        let mut any = false;
        for b in p.bytes() {
            if b.is_ascii_digit() || b == b'X' || b == b'.' {
                seen_digit = true;
            } else if units.contains(&b) && seen_digit {
                seen_digit = false;
                any = true;
            } else {
                return false;
            }
        }
        !seen_digit && (any || p.is_empty())
    };
    let ok = part(date, b"YMWD") && time.is_none_or(|t| !t.is_empty() && part(t, b"HMS"));
    ok && !(date.is_empty() && time.is_none())
}

fn valid_point(s: &str) -> bool {
    let mut parts = s.splitn(3, '-');
    let year = parts.next().unwrap_or("");
    // Centuries `20`, decades `199`, years `2023`.
    if !(2..=4).contains(&year.len()) || !digits_or_x(year, year.len()) {
        return false;
    }
    let Some(second) = parts.next() else { return true };
    if year.len() != 4 {
        return false;
    }
    let third = parts.next();
    if let Some(w) = second.strip_prefix('W') {
        let week_ok = digits_or_x(w, 2) && num(w).is_none_or(|n| (1..=53).contains(&n));
        let day_ok = third.is_none_or(|d| d.len() == 1 && (d == "X" || ("1"..="7").contains(&d)));
        let day_weekend = third == Some("WE");
        return (week_ok || w == "XX") && (day_ok || day_weekend);
    }
    if third.is_some() && !second.bytes().all(|b| b.is_ascii_digit() || b == b'X') {
        return false;
    }
    match second {
        "Q1" | "Q2" | "Q3" | "Q4" | "H1" | "H2" | "SP" | "SU" | "FA" | "WI" | "QX" | "HX" => return third.is_none(),
        _ => {}
    }
    if !digits_or_x(second, 2) || num(second).is_some_and(|m| !(1..=12).contains(&m)) {
        return false;
    }
    match third {
        None => true,
        Some(d) => {
            if !digits_or_x(d, 2) {
                return false;
            }
            match (num(year), num(second), num(d)) {
                (Some(y), Some(m), Some(d)) => Date::new(y, m as i8, d as i8).is_ok(),
                (_, _, Some(d)) => (1..=31).contains(&d),
                _ => true,
            }
        }
    }
}

/// A `YYYY-MM-DD` value, all ten bytes digits and dashes, as a date; `None`
/// for any other form (and for a day the calendar does not have).
fn day_value(b: &[u8]) -> Option<Date> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = b else { return None };
    let digit = |c: u8| c.is_ascii_digit().then(|| i16::from(c - b'0'));
    let y = digit(y0)? * 1000 + digit(y1)? * 100 + digit(y2)? * 10 + digit(y3)?;
    let m = digit(m0)? * 10 + digit(m1)?;
    let d = digit(d0)? * 10 + digit(d1)?;
    Date::new(y, m as i8, d as i8).ok()
}

fn point_range(s: &str) -> Option<(Date, Date)> {
    let mut parts = s.splitn(3, '-');
    let year = parts.next()?;
    if year.len() != 4 {
        let n = num(year)?;
        return match year.len() {
            3 => Some((Date::new(n * 10, 1, 1).ok()?, Date::new(n * 10 + 9, 12, 31).ok()?)),
            2 => Some((Date::new(n * 100, 1, 1).ok()?, Date::new(n * 100 + 99, 12, 31).ok()?)),
            _ => None,
        };
    }
    let y = num(year)?;
    let Some(second) = parts.next() else {
        return Some((Date::new(y, 1, 1).ok()?, Date::new(y, 12, 31).ok()?));
    };
    if let Some(w) = second.strip_prefix('W') {
        let week = num(w)? as i8;
        let start = ISOWeekDate::new(y, week, Weekday::Monday).ok()?.date();
        return Some((start, start.checked_add(6.days()).ok()?));
    }
    let month_span = |m1: i8, m2: i8| -> Option<(Date, Date)> {
        Some((Date::new(y, m1, 1).ok()?, Date::new(y, m2, 1).ok()?.last_of_month()))
    };
    match second {
        "Q1" => return month_span(1, 3),
        "Q2" => return month_span(4, 6),
        "Q3" => return month_span(7, 9),
        "Q4" => return month_span(10, 12),
        "H1" => return month_span(1, 6),
        "H2" => return month_span(7, 12),
        _ => {}
    }
    let m = num(second)? as i8;
    match parts.next() {
        None => month_span(m, m),
        Some(d) => {
            let d = Date::new(y, m, num(d)? as i8).ok()?;
            Some((d, d))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numbers_are_written_as_format_writes_them() {
        for y in [-3i16, 0, 7, 42, 999, 1000, 2023, 9999, 10000, i16::MAX] {
            let want = if (0..=9999).contains(&y) { format!("{y:04}") } else { "XXXX".into() };
            assert_eq!(yyyy(y), want);
            for m in 1..=12i8 {
                assert_eq!(TimeValue::month(Some(y), m).as_str(), format!("{want}-{m:02}"));
            }
        }
        for m in 1..=12i8 {
            assert_eq!(TimeValue::month(None, m).as_str(), format!("XXXX-{m:02}"));
            for d in 1..=31i8 {
                assert_eq!(TimeValue::day(None, m, d).as_str(), format!("XXXX-{m:02}-{d:02}"));
            }
        }
        let mut d = Date::new(1999, 12, 25).unwrap();
        for _ in 0..400 {
            assert_eq!(TimeValue::from_date(d).as_str(), format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()));
            d = d.tomorrow().unwrap();
        }
        for (n, w) in [(0u32, 2usize), (5, 2), (12, 2), (123, 2), (7, 0), (u32::MAX, 4)] {
            let mut s = String::new();
            push_padded(&mut s, n, w);
            assert_eq!(s, format!("{n:0w$}"));
        }
    }

    #[test]
    fn valid_and_invalid_values() {
        for ok in [
            "2023-10-13",
            "2023-10",
            "2023",
            "2023-W41",
            "2020-Q1",
            "2025-H2",
            "199",
            "20",
            "XXXX-10-13",
            "2023-10-09/2023-10-13",
            "2023/2024",
            "P20Y",
            "P3D",
            "PT2H",
            "P1Y6M",
            "XXXX-WXX-1",
            "2023-SU",
        ] {
            assert!(TimeValue::parse(ok).is_some(), "{ok} should parse");
        }
        for bad in
            ["", "2023-13", "2023-02-30", "23-10-13", "P", "PY", "2023-W60", "2023-10-13-01", "20231013", "2023/"]
        {
            assert!(TimeValue::parse(bad).is_none(), "{bad} should not parse");
        }
    }

    #[test]
    fn ranges_cover_the_right_days() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let r = |s: &str| TimeValue::parse(s).unwrap().range().unwrap();
        assert_eq!(r("2023-10"), (d("2023-10-01"), d("2023-10-31")));
        assert_eq!(r("2023-W41"), (d("2023-10-09"), d("2023-10-15")));
        assert_eq!(r("2024-Q1"), (d("2024-01-01"), d("2024-03-31")));
        assert_eq!(r("199"), (d("1990-01-01"), d("1999-12-31")));
        assert!(TimeValue::parse("XXXX-10-13").unwrap().range().is_none());
        let iv = TimeValue::parse("2023-10-09/2023-10-13").unwrap();
        assert!(iv.contains(&TimeValue::parse("2023-10-13").unwrap()));
        assert!(!iv.contains(&TimeValue::parse("2023-10-14").unwrap()));
    }

    #[test]
    fn the_day_shortcut_reads_what_the_general_parse_reads() {
        let days = ["2023-10-13", "2024-02-29", "0000-01-01", "9999-12-31", "1987-07-04"];
        for v in days {
            assert_eq!(day_value(v.as_bytes()).map(|d| (d, d)), point_range(v), "{v}");
            assert!(day_value(v.as_bytes()).is_some(), "{v}");
        }
        // Not days, or no days of the calendar: left to the general parse.
        for v in [
            "2023-02-29",
            "2023-13-01",
            "2023-10-1x",
            "XXXX-10-13",
            "2023-10",
            "2023-W41",
            "2023-10-13T10",
            "+023-10-13",
        ] {
            assert_eq!(day_value(v.as_bytes()), None, "{v}");
        }
        let mut rng = crate::xorshift(7);
        for _ in 0..20_000 {
            let v = format!("{:04}-{:02}-{:02}", rng() % 10_000, rng() % 14, rng() % 33);
            assert_eq!(day_value(v.as_bytes()).map(|d| (d, d)), point_range(&v), "{v}");
        }
    }
}
