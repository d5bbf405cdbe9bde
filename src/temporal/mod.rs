//! Time expressions: recognition and normalization against the anchor date.
//!
//! The recognizer scans tokens left to right and, at each position, tries
//! the rules of [`rules`] longest first: intervals ("October 9 to 13",
//! "Sept. 1-6", "2023-2024"), absolute dates ("13 October 2023",
//! "12.10.2023"), months and years after a temporal preposition ("in
//! March", "since 2019"), relative expressions ("last week", "earlier this
//! year", "on Thursday", "a week ago", "four days later", "the day
//! before"), durations ("for three days"), sets ("every year") and ordinal
//! anniversaries ("the 20th anniversary of").
//!
//! # Resolution
//!
//! Values follow the document, never the wall clock. The anchor is the
//! input's date, else the dateline's, else none; without an anchor, unknown
//! parts stay `X` (`XXXX-10-13`). A date without a year takes the anchor's
//! year, moved by the tense of its clause (HeidelTime's news strategy): in
//! a past-tense clause a date after the anchor means the year before, in a
//! future-tense clause a date before the anchor means the year after, and
//! with no tense the nearest year wins. A weekday resolves to the nearest
//! such day before (past tense) or after (future tense) the anchor,
//! counting the anchor itself. "Two days later", "the following day" and
//! "the day before" count from the last day-precise date mentioned before
//! them (the narrative reference), skipping dates in the future of the
//! anchor when their clause is in the past tense.

pub(crate) mod rules;
mod tense;
mod value;

pub use value::{TimeValue, TimeValueError};

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use crate::document::TimeKind;
use crate::sentence::Sentence;
use crate::span::Span;
use crate::tokenize::Tokens;
use rules::{Spec, Unit};
use tense::Tense;

/// A recognized and resolved time expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TimeExpr {
    pub(crate) first: usize,
    pub(crate) end: usize,
    pub(crate) span: Span,
    pub(crate) kind: TimeKind,
    pub(crate) value: TimeValue,
    pub(crate) ordinal: Option<u32>,
    pub(crate) start_year: Option<i32>,
}

/// Finds and resolves the time expressions of a text.
pub(crate) fn extract(
    text: &str,
    toks: &Tokens,
    sents: &[Sentence],
    tok_sent: &[u32],
    anchor: Option<Date>,
    skip: &[(usize, usize)],
) -> Vec<TimeExpr> {
    let found = rules::find_all(text, toks, skip);
    let mut out = Vec::with_capacity(found.len());
    // The narrative reference: the last day-precise date resolved so far.
    let mut reference: Vec<Date> = Vec::new();
    for f in found {
        let s = &sents[tok_sent[f.first] as usize];
        let tense = tense::tense_at(toks, s.first_token, s.end_token, f.first, f.end);
        let r = Resolver { anchor, tense, reference: &reference };
        let Some((kind, value)) = r.resolve(&f.spec) else { continue };
        if let Some((a, b)) = value.range()
            && a == b
        {
            reference.push(a);
        }
        let (ordinal, start_year) = match &f.spec {
            Spec::Anniversary(n) => (Some(*n), anchor.map(|d| i32::from(d.year()) - *n as i32)),
            _ => (None, None),
        };
        out.push(TimeExpr {
            first: f.first,
            end: f.end,
            span: toks[f.first].span().join(toks[f.end - 1].span()),
            kind,
            value,
            ordinal,
            start_year,
        });
    }
    out
}

struct Resolver<'a> {
    anchor: Option<Date>,
    tense: Tense,
    reference: &'a [Date],
}

fn weekday_value(wd: Weekday) -> TimeValue {
    TimeValue::raw(format!("XXXX-WXX-{}", wd.to_monday_one_offset()))
}

impl Resolver<'_> {
    fn resolve(&self, spec: &Spec) -> Option<(TimeKind, TimeValue)> {
        use TimeKind::*;
        Some(match spec {
            Spec::Interval(a, b) => {
                let (va, vb) = self.interval(a, b)?;
                (Interval, TimeValue::interval(&va, &vb))
            }
            Spec::Duration(v) => (Duration, TimeValue::raw(v.clone())),
            Spec::Set(v) => (Set, TimeValue::raw(v.clone())),
            Spec::Anniversary(n) => (Anniversary, TimeValue::raw(format!("P{n}Y"))),
            other => (Date, self.point(other)?),
        })
    }

    /// Resolves both ends of an interval; a year-less end takes the other's
    /// year, so "December 30 to January 2" spans the new year.
    fn interval(&self, a: &Spec, b: &Spec) -> Option<(TimeValue, TimeValue)> {
        let va = self.point(a)?;
        let vb = match (b, va.range()) {
            (Spec::Day { year: None, month, day }, Some((start, _))) => {
                let mut y = start.year();
                if (*month, *day) < (start.month(), start.day()) {
                    y += 1;
                }
                TimeValue::from_date(Date::new(y, *month, *day).ok()?)
            }
            (Spec::Month { year: None, month }, Some((start, _))) => {
                let y = if *month < start.month() { start.year() + 1 } else { start.year() };
                TimeValue::month(Some(y), *month)
            }
            _ => self.point(b)?,
        };
        Some((va, vb))
    }

    /// The year for a year-less month (and day), by anchor and tense.
    fn year_for(&self, month: i8, day: Option<i8>) -> Option<i16> {
        let anchor = self.anchor?;
        let y = anchor.year();
        let key = |yy: i16| -> Option<Date> {
            match day {
                Some(d) => Date::new(yy, month, d).ok(),
                None => Date::new(yy, month, 1).ok(),
            }
        };
        let here = key(y)?;
        let anchor_key = match day {
            Some(_) => anchor,
            None => anchor.first_of_month(),
        };
        Some(match self.tense {
            Tense::Past if here > anchor_key => y - 1,
            Tense::Future if here < anchor_key => y + 1,
            Tense::Past | Tense::Future => y,
            Tense::Present => {
                // The nearest of last year, this year and next year.
                [y - 1, y, y + 1]
                    .into_iter()
                    .filter_map(|yy| key(yy).map(|d| (yy, (d - anchor_key).get_days().abs())))
                    .min_by_key(|&(_, dist)| dist)
                    .map_or(y, |(yy, _)| yy)
            }
        })
    }

    fn point(&self, spec: &Spec) -> Option<TimeValue> {
        let anchor = self.anchor;
        Some(match *spec {
            Spec::Day { year: Some(y), month, day } => TimeValue::from_date(Date::new(y, month, day).ok()?),
            Spec::Day { year: None, month, day } => match self.year_for(month, Some(day)) {
                Some(y) => TimeValue::from_date(Date::new(y, month, day).ok()?),
                None => TimeValue::day(None, month, day),
            },
            Spec::Month { year: Some(y), month } => TimeValue::month(Some(y), month),
            Spec::Month { year: None, month } => TimeValue::month(self.year_for(month, None), month),
            Spec::MonthRel { month, years } => match anchor {
                Some(a) => TimeValue::month(Some(a.year() + years as i16), month),
                None => TimeValue::month(None, month),
            },
            Spec::MonthDir { month, dir } => match anchor {
                Some(a) => {
                    let y = match dir {
                        -1 if month >= a.month() => a.year() - 1,
                        1 if month <= a.month() => a.year() + 1,
                        _ => a.year(),
                    };
                    TimeValue::month(Some(y), month)
                }
                None => TimeValue::month(None, month),
            },
            Spec::Year(y) => TimeValue::year(y),
            Spec::Decade(d) if (0..=999).contains(&d) => TimeValue::raw(format!("{d:03}")),
            Spec::Decade(_) => TimeValue::raw("XXX".into()),
            Spec::Part { year, part } => TimeValue::raw(format!("{}-{part}", value::yyyy(year))),
            Spec::RelDay(n) => match anchor {
                Some(a) => TimeValue::from_date(a.checked_add((n as i64).days()).ok()?),
                None => TimeValue::raw("XXXX-XX-XX".into()),
            },
            Spec::RelUnit { unit, n } => match anchor {
                Some(a) => unit_value(a, unit, n)?,
                None => unit_unknown(unit),
            },
            Spec::Weekday { day, dir } => match anchor {
                Some(a) => TimeValue::from_date(self.weekday(a, day, dir)?),
                None => weekday_value(day),
            },
            Spec::Ago { n, unit } => match anchor {
                Some(a) => unit_value(a, unit, -(n as i32))?,
                None => unit_unknown(unit),
            },
            Spec::Narrative { n, unit } => {
                let base = self.narrative_base()?;
                match unit {
                    Unit::Day => TimeValue::from_date(base.checked_add((n as i64).days()).ok()?),
                    _ => unit_value(base, unit, n)?,
                }
            }
            Spec::Interval(..) | Spec::Duration(_) | Spec::Set(_) | Spec::Anniversary(_) => return None,
        })
    }

    fn weekday(&self, anchor: Date, day: Weekday, dir: i8) -> Option<Date> {
        let back = || -> Option<Date> {
            let diff = (anchor.weekday().to_monday_zero_offset() - day.to_monday_zero_offset()).rem_euclid(7);
            anchor.checked_sub((diff as i64).days()).ok()
        };
        let fwd = || -> Option<Date> {
            let diff = (day.to_monday_zero_offset() - anchor.weekday().to_monday_zero_offset()).rem_euclid(7);
            anchor.checked_add((diff as i64).days()).ok()
        };
        match dir {
            // "last Monday": strictly before; "next Friday": strictly after.
            -1 => {
                anchor.checked_sub(1.day()).ok().and_then(|a| Resolver { anchor: Some(a), ..*self }.weekday(a, day, -2))
            }
            1 => {
                anchor.checked_add(1.day()).ok().and_then(|a| Resolver { anchor: Some(a), ..*self }.weekday(a, day, 2))
            }
            -2 => back(),
            2 => fwd(),
            // "this Friday": in the anchor's week.
            3 => {
                let monday = anchor.checked_sub((anchor.weekday().to_monday_zero_offset() as i64).days()).ok()?;
                monday.checked_add((day.to_monday_zero_offset() as i64).days()).ok()
            }
            _ => match self.tense {
                Tense::Past => back(),
                Tense::Future => fwd(),
                Tense::Present => {
                    let (b, f) = (back()?, fwd()?);
                    if (anchor - b).get_days() < (f - anchor).get_days() { Some(b) } else { Some(f) }
                }
            },
        }
    }

    /// The date a narrative relative counts from.
    fn narrative_base(&self) -> Option<Date> {
        let anchor = self.anchor;
        let candidates = self.reference.iter().rev().take(32);
        match (self.tense, anchor) {
            (Tense::Past, Some(a)) => candidates.copied().find(|&d| d <= a).or(Some(a)),
            _ => self.reference.last().copied().or(anchor),
        }
    }
}

impl Clone for Resolver<'_> {
    fn clone(&self) -> Self {
        *self
    }
}
impl Copy for Resolver<'_> {}

fn unit_value(a: Date, unit: Unit, n: i32) -> Option<TimeValue> {
    Some(match unit {
        Unit::Day => TimeValue::from_date(a.checked_add((n as i64).days()).ok()?),
        Unit::Week => TimeValue::week(a.checked_add((n as i64).weeks()).ok()?),
        Unit::Month => {
            let d = a.first_of_month().checked_add((n as i64).months()).ok()?;
            TimeValue::month(Some(d.year()), d.month())
        }
        Unit::Year => TimeValue::year(a.year().checked_add(n as i16)?),
    })
}

fn unit_unknown(unit: Unit) -> TimeValue {
    TimeValue::raw(
        match unit {
            Unit::Day => "XXXX-XX-XX",
            Unit::Week => "XXXX-WXX",
            Unit::Month => "XXXX-XX",
            Unit::Year => "XXXX",
        }
        .to_string(),
    )
}
