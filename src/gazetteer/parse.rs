//! The line parser of the gazetteer format (see `gazetteers/README.md`).

use std::sync::Arc;

use jiff::civil::Date;

use super::{Alias, AliasKind, Attributes, Attrs, EntityType, Entry, Gazetteer, Origin, Role};
use crate::error::Error;

const FULL_HEADER: &str = "id\ttype\tname\taliases\tattributes";
const PLAIN_HEADER: &str = "id\ttype\tname";

/// Parses one gazetteer source.
pub(super) fn parse(source: &str, text: &str) -> Result<Gazetteer, Error> {
    let src: Arc<str> = Arc::from(source);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // At most an entry a line: sized once, a million-line gazetteer is not
    // copied and rehashed as it grows (each copy on fresh pages).
    let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
    let mut entries: Vec<Entry> = Vec::with_capacity(lines);
    let mut index: crate::words::FastMap<String, usize> =
        crate::words::FastMap::with_capacity_and_hasher(lines, Default::default());
    let mut plain = false;
    let mut seen_data = false;
    for (lineno, line) in super::data_lines(text) {
        if !seen_data {
            seen_data = true;
            if line.trim_end() == PLAIN_HEADER {
                plain = true;
                continue;
            }
            if line.trim_end() == FULL_HEADER {
                continue;
            }
        }
        let origin = Origin { source: src.clone(), line: lineno };
        let err = |m: String| Error::line(source, lineno, m);
        if plain {
            let (cols, n) = columns::<3>(line);
            if n != 3 {
                return Err(err(format!("expected 3 tab-separated columns (id, type, name), found {n}")));
            }
            let (id, etype) = parse_id_type(cols[0], cols[1], false).map_err(err)?;
            let alias = cols[2].trim();
            check_alias(alias).map_err(err)?;
            match index.get(&id) {
                Some(&i) => {
                    let e: &mut Entry = &mut entries[i];
                    if e.etype != etype {
                        return Err(err(format!(
                            "id `{id}` has type {} here but {} at line {}",
                            etype, e.etype, e.origin.line
                        )));
                    }
                    e.aliases.push(Alias { text: alias.to_string(), kind: AliasKind::Alias, shared: false });
                }
                None => {
                    index.insert(id.clone(), entries.len());
                    entries.push(Entry {
                        id,
                        etype,
                        name: alias.to_string(),
                        aliases: vec![Alias { text: alias.to_string(), kind: AliasKind::Name, shared: false }],
                        attrs: Attrs::default(),
                        origin,
                    });
                }
            }
            continue;
        }
        let (cols, n) = columns::<5>(line);
        if !(3..=5).contains(&n) {
            return Err(err(format!(
                "expected 3 to 5 tab-separated columns (id, type, name, aliases, attributes), found {n}"
            )));
        }
        let entry = parse_entry(&cols[..n], origin).map_err(err)?;
        if let Some(&i) = index.get(&entry.id) {
            return Err(err(format!("duplicate id `{}` (first defined at line {})", entry.id, entries[i].origin.line)));
        }
        index.insert(entry.id.clone(), entries.len());
        entries.push(entry);
    }
    // The entries live as long as the extractor: no room kept for the
    // comment lines and the rows that only added aliases.
    entries.shrink_to_fit();
    Ok(Gazetteer { entries, warnings: Vec::new() })
}

/// A line's first `N` tab-separated columns (`""` past the last), and how
/// many it has. Tabs are found a byte at a time: splitting the string on
/// the character costs a search call per column, most of the time a large
/// gazetteer took to split its short lines.
fn columns<const N: usize>(line: &str) -> ([&str; N], usize) {
    let mut cols = [""; N];
    let (mut n, mut start) = (0, 0);
    for (i, &b) in line.as_bytes().iter().enumerate() {
        if b == b'\t' {
            if n < N {
                cols[n] = &line[start..i];
            }
            n += 1;
            start = i + 1;
        }
    }
    if n < N {
        cols[n] = &line[start..];
    }
    (cols, n + 1)
}

fn parse_id_type(id: &str, etype: &str, strict: bool) -> Result<(String, EntityType), String> {
    let id = id.trim();
    let etype_s = etype.trim();
    let etype = EntityType::from_name(etype_s).ok_or_else(|| {
        format!(
            "unknown entity type `{etype_s}` (expected person, country, place, organization, facility, event or document)"
        )
    })?;
    if id.is_empty() || id.chars().any(char::is_whitespace) {
        return Err(format!("invalid id `{id}`: ids are non-empty and have no spaces"));
    }
    match id.split_once('/') {
        Some((prefix, rest)) => {
            if prefix != etype.as_str() {
                return Err(format!("id `{id}` does not start with `{}/` but its type is {etype}", etype.as_str()));
            }
            if rest.is_empty() || rest.contains('/') {
                return Err(format!("invalid id `{id}`: expected `{}/slug`", etype.as_str()));
            }
        }
        None if strict => return Err(format!("invalid id `{id}`: expected `{}/slug`", etype.as_str())),
        None => {}
    }
    Ok((id.to_string(), etype))
}

/// The longest alias accepted, in bytes and in tokens: a name is short, and
/// a runaway line is a mistake to report, not a pattern to compile.
pub(crate) const MAX_ALIAS_BYTES: usize = 256;
pub(crate) const MAX_ALIAS_TOKENS: usize = 32;

fn check_alias(alias: &str) -> Result<(), String> {
    if alias.is_empty() {
        return Err("empty name or alias".to_string());
    }
    if alias.len() > MAX_ALIAS_BYTES {
        return Err(format!("alias of {} bytes is over the limit of {MAX_ALIAS_BYTES}", alias.len()));
    }
    // Most names are short: at most one token per byte, and a letter or
    // digit (in any script) is always part of a word or number token, so
    // such an alias passes both checks below without being tokenized (a
    // sixth of the time a large gazetteer takes to build; for the embedded
    // gazetteers, whose names in Cyrillic and accented Latin go through
    // the Unicode rules, an eighth of building them).
    if alias.len() <= MAX_ALIAS_TOKENS && alias.chars().any(char::is_alphanumeric) {
        // Debug builds (and the fuzzers) check the reasoning on every alias.
        debug_assert_eq!(check_tokens(alias), Ok(()), "{alias:?}");
        return Ok(());
    }
    check_tokens(alias)
}

/// [`check_alias`]'s tests on the alias's tokens.
fn check_tokens(alias: &str) -> Result<(), String> {
    let toks = crate::tokenize::tokenize(alias);
    let n = toks.len();
    if n > MAX_ALIAS_TOKENS {
        return Err(format!("alias of {n} tokens is over the limit of {MAX_ALIAS_TOKENS}"));
    }
    if !toks.as_slice().iter().any(|t| t.is_wordlike()) {
        return Err(format!("alias `{alias}` has no letters or digits"));
    }
    Ok(())
}

fn push_alias(aliases: &mut Vec<Alias>, raw: &str, kind: AliasKind) -> Result<(), String> {
    let raw = raw.trim();
    let (text, shared) = match raw.strip_prefix('~') {
        Some(rest) => (rest.trim(), true),
        None => (raw, false),
    };
    check_alias(text)?;
    if !aliases.iter().any(|a| a.text == text && a.kind == kind) {
        aliases.push(Alias { text: text.to_string(), kind, shared });
    }
    Ok(())
}

fn parse_entry(cols: &[&str], origin: Origin) -> Result<Entry, String> {
    let (id, etype) = parse_id_type(cols[0], cols[1], true)?;
    let name_raw = cols[2].trim();
    let mut aliases = Vec::new();
    push_alias(&mut aliases, name_raw, AliasKind::Name)?;
    let name = aliases[0].text.clone();
    if let Some(list) = cols.get(3) {
        for a in list.split('|').filter(|a| !a.trim().is_empty()) {
            push_alias(&mut aliases, a, AliasKind::Alias)?;
        }
    }
    let mut attrs = Attributes::default();
    if let Some(list) = cols.get(4) {
        for kv in list.split(';').map(str::trim).filter(|kv| !kv.is_empty()) {
            let (k, v) = kv.split_once('=').ok_or_else(|| format!("attribute `{kv}` has no `=`"))?;
            parse_attribute(etype, k.trim(), v.trim(), &mut attrs, &mut aliases)?;
        }
    }
    Ok(Entry { id, etype, name, aliases, attrs: attrs.into(), origin })
}

fn allowed(key: &str) -> Option<&'static [EntityType]> {
    use EntityType::*;
    Some(match key {
        "iso2" | "iso3" | "capital" => &[Country],
        "demonym" => &[Country, Place],
        "historical" => &[Country, Organization],
        "country" => &[Place, Organization, Person, Facility, Event, Document],
        "kind" => &[Place, Organization, Event, Facility, Document],
        "acronym" => &[Organization, Country, Event, Document],
        "parent" => &[Organization, Place],
        "gender" | "role" => &[Person],
        "date" | "recurrence" | "organizer" => &[Event],
        "location" => &[Event, Facility],
        "wikidata" => &EntityType::ALL,
        _ => return None,
    })
}

fn parse_attribute(
    etype: EntityType,
    key: &str,
    value: &str,
    a: &mut Attributes,
    aliases: &mut Vec<Alias>,
) -> Result<(), String> {
    let types = allowed(key).ok_or_else(|| {
        format!(
            "unknown attribute `{key}` (known: iso2, iso3, demonym, capital, historical, country, kind, acronym, parent, gender, role, date, recurrence, location, organizer, wikidata)"
        )
    })?;
    if !types.contains(&etype) {
        return Err(format!("attribute `{key}` is not allowed for type {etype}"));
    }
    if value.is_empty() {
        return Err(format!("attribute `{key}` has an empty value"));
    }
    let set = |slot: &mut Option<String>| -> Result<(), String> {
        if slot.is_some() {
            return Err(format!("attribute `{key}` given twice"));
        }
        *slot = Some(value.to_string());
        Ok(())
    };
    match key {
        "iso2" | "iso3" => {
            let n = if key == "iso2" { 2 } else { 3 };
            if value.len() != n || !value.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(format!("attribute `{key}` must be {n} capital letters, found `{value}`"));
            }
            set(if key == "iso2" { &mut a.iso2 } else { &mut a.iso3 })?;
        }
        "capital" | "country" | "parent" | "location" | "organizer" => {
            check_ref(value)?;
            set(match key {
                "capital" => &mut a.capital,
                "country" => &mut a.country,
                "parent" => &mut a.parent,
                "location" => &mut a.location,
                _ => &mut a.organizer,
            })?;
        }
        "demonym" => {
            for d in value.split('|').filter(|d| !d.trim().is_empty()) {
                push_alias(aliases, d, AliasKind::Demonym)?;
            }
        }
        "acronym" => {
            for d in value.split('|').filter(|d| !d.trim().is_empty()) {
                push_alias(aliases, d, AliasKind::Alias)?;
            }
        }
        "historical" => match value {
            "true" => a.historical = true,
            "false" => a.historical = false,
            _ => return Err(format!("attribute `historical` must be true or false, found `{value}`")),
        },
        "kind" | "recurrence" | "wikidata" => set(match key {
            "kind" => &mut a.kind,
            "recurrence" => &mut a.recurrence,
            _ => &mut a.wikidata,
        })?,
        "date" => {
            crate::temporal::TimeValue::parse(value)
                .ok_or_else(|| format!("attribute `date` is not a TIMEX value: `{value}`"))?;
            set(&mut a.date)?;
        }
        "gender" => {
            a.gender = match value {
                "m" => Some('m'),
                "f" => Some('f'),
                _ => return Err(format!("attribute `gender` must be m or f, found `{value}`")),
            }
        }
        "role" => a.roles.push(parse_role(value)?),
        _ => unreachable!("allowed() lists every key"),
    }
    Ok(())
}

fn check_ref(value: &str) -> Result<(), String> {
    match value.split_once('/') {
        Some((t, rest)) if EntityType::from_name(t).is_some() && !rest.is_empty() => Ok(()),
        _ => Err(format!("`{value}` is not an entry id (`type/slug`)")),
    }
}

/// Parses `ROLE@HOLDER[FROM..TO]`.
pub(crate) fn parse_role(value: &str) -> Result<Role, String> {
    let (key, rest) =
        value.split_once('@').ok_or_else(|| format!("role `{value}` must look like ROLE@HOLDER[FROM..TO]"))?;
    let key = key.trim();
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
        return Err(format!("role key `{key}` must be lower-case words joined by `-`"));
    }
    let (holder, dates) = match rest.find('[') {
        Some(i) => {
            let inner = rest[i + 1..]
                .strip_suffix(']')
                .ok_or_else(|| format!("role `{value}`: missing `]` after the dates"))?;
            (&rest[..i], Some(inner))
        }
        None => (rest, None),
    };
    let holder = holder.trim();
    check_ref(holder)?;
    let (mut from, mut to) = (None, None);
    if let Some(d) = dates {
        let (f, t) = d.split_once("..").ok_or_else(|| format!("role `{value}`: dates must be `FROM..TO`"))?;
        from = parse_bound(f.trim(), false)?;
        to = parse_bound(t.trim(), true)?;
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(format!("role `{value}`: start {f} is after end {t}"));
        }
    }
    Ok(Role { key: key.to_string(), holder: holder.to_string(), from, to, dated: dates.is_some() })
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a partial date becomes the first
/// (`end == false`) or last (`end == true`) day it covers.
pub(crate) fn parse_bound(s: &str, end: bool) -> Result<Option<Date>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || format!("invalid date `{s}` (expected YYYY, YYYY-MM or YYYY-MM-DD)");
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Result<i16, String> {
        if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        p.parse::<i16>().map_err(|_| bad())
    };
    let year = num(parts[0], 4)?;
    let date = match parts.len() {
        1 => Date::new(year, if end { 12 } else { 1 }, if end { 31 } else { 1 }),
        2 => {
            let first = Date::new(year, num(parts[1], 2)? as i8, 1).map_err(|_| bad())?;
            Ok(if end { first.last_of_month() } else { first })
        }
        3 => Date::new(year, num(parts[1], 2)? as i8, num(parts[2], 2)? as i8),
        _ => return Err(bad()),
    };
    date.map(Some).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse("test.tsv", text).unwrap_err().to_string()
    }

    #[test]
    fn columns_are_split_at_tabs_as_str_split_does() {
        for line in ["a\tb\tc", "", "\t", "a\t\tb\t", "é\tü ü\t\t\tx\ty\tz", "only one"] {
            let all: Vec<&str> = line.split('\t').collect();
            let (cols, n) = columns::<5>(line);
            assert_eq!(n, all.len(), "{line:?}");
            assert_eq!(&cols[..n.min(5)], &all[..n.min(5)], "{line:?}");
            assert!(cols[n.min(5)..].iter().all(|c| c.is_empty()));
        }
    }

    #[test]
    fn short_aliases_pass_or_fail_as_their_tokens_do() {
        // Every alias of up to 33 characters drawn from letters and digits
        // of several scripts, combining and invisible marks, spaces and
        // punctuation (a seeded walk): the shortcut for short aliases gives
        // the verdict of the token checks.
        let alphabet: Vec<char> = "aZ09 -.,'&/()_\"\t;:!?Жя٣é\u{301}\u{AD}\u{200D}—«»中ー".chars().collect();
        let mut next = crate::xorshift(0x9E37_79B9_7F4A_7C15u64);
        let (mut passed, mut short_non_ascii) = (0, 0);
        for _ in 0..40_000 {
            let len = 1 + (next() % 33) as usize;
            let alias: String = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            assert_eq!(check_alias(&alias).is_ok(), check_tokens(&alias).is_ok(), "{alias:?}");
            passed += usize::from(check_alias(&alias).is_ok());
            short_non_ascii += usize::from(!alias.is_ascii() && alias.len() <= MAX_ALIAS_TOKENS);
        }
        assert!(passed > 10_000 && passed < 40_000, "both verdicts are drawn ({passed} passed)");
        assert!(short_non_ascii > 5_000, "the shortcut meets other scripts ({short_non_ascii})");
        // Over 32 bytes, or without a letter or digit, the tokens decide.
        assert!(check_alias(&"a-".repeat(17)).is_err(), "34 tokens");
        assert!(check_alias("Île-de-France").is_ok() && check_alias("Владимир Путин").is_ok());
        assert!(check_alias("—").is_err() && check_alias("\u{301}").is_ok(), "a lone combining mark is a word");
    }

    #[test]
    fn parses_a_full_entry() {
        let g = parse(
            "test.tsv",
            "# header\n\ncountry/kyrgyzstan\tcountry\tKyrgyzstan\tKyrgyz Republic|Kirghizia\tiso2=KG; iso3=KGZ; demonym=Kyrgyz|Kyrgyzstani; capital=place/bishkek\n",
        )
        .unwrap();
        let e = &g.entries()[0];
        assert_eq!(e.name(), "Kyrgyzstan");
        assert_eq!(e.iso_codes(), (Some("KG"), Some("KGZ")));
        assert_eq!(e.demonyms().collect::<Vec<_>>(), ["Kyrgyz", "Kyrgyzstani"]);
        assert_eq!(e.capital(), Some("place/bishkek"));
        assert_eq!(e.surface_forms().count(), 5);
        assert_eq!(e.origin(), "test.tsv:3");
    }

    #[test]
    fn roles_with_partial_and_open_dates() {
        let r = parse_role("president@country/russia[2012-05..]").unwrap();
        assert_eq!(r.from(), Some(Date::new(2012, 5, 1).unwrap()));
        assert!(r.is_current());
        let r = parse_role("prime-minister@country/russia[2008-05-08..2012]").unwrap();
        assert_eq!(r.to(), Some(Date::new(2012, 12, 31).unwrap()));
        assert!(r.held_on(Date::new(2008, 5, 8).unwrap()), "bounds are inclusive");
        assert!(!r.held_on(Date::new(2008, 5, 7).unwrap()));
        let r = parse_role("envoy@country/russia").unwrap();
        assert!(!r.is_dated() && !r.held_on(Date::new(2020, 1, 1).unwrap()));
    }

    #[test]
    fn errors_name_file_line_and_problem() {
        assert_eq!(
            err("# h\nperson/a\tperson\n"),
            "test.tsv:2: expected 3 to 5 tab-separated columns (id, type, name, aliases, attributes), found 2"
        );
        assert!(err("x/a\tthing\tA\n").contains("test.tsv:1: unknown entity type `thing`"));
        assert!(err("place/a\tperson\tA\n").contains("does not start with `person/`"));
        assert!(err("person/a\tperson\tA\t\tcolour=red\n").contains("unknown attribute `colour`"));
        assert!(err("person/a\tperson\tA\t\tiso2=XX\n").contains("not allowed for type person"));
        assert!(
            err("person/a\tperson\tA\t\trole=president@country/x[2020-13-01..]\n")
                .contains("invalid date `2020-13-01`")
        );
        assert!(err("person/a\tperson\tA\t\trole=president@country/x[2021..2020]\n").contains("is after end"));
        assert!(
            err("person/a\tperson\tA\nperson/a\tperson\tB\n")
                .starts_with("test.tsv:2: duplicate id `person/a` (first defined at line 1)")
        );
        assert!(err("person/a\tperson\tA\t--\n").contains("has no letters or digits"));
        let long = format!("person/a\tperson\tA\t{}\n", "Ab ".repeat(120));
        assert!(err(&long).starts_with("test.tsv:1: alias of"), "{}", err(&long));
    }

    #[test]
    fn plain_three_column_table_groups_aliases_by_id() {
        let g = parse("t.tsv", "id\ttype\tname\nQ1\tperson\tAda Okafor\nQ1\tperson\tOkafor\nQ2\tplace\tLake Town\n")
            .unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g.entries()[0].surface_forms().collect::<Vec<_>>(), ["Ada Okafor", "Okafor"]);
        assert!(parse("t.tsv", "id\ttype\tname\nQ1\tperson\tA\nQ1\tplace\tB\n").is_err());
    }

    #[test]
    fn shared_aliases_are_marked() {
        let g = parse("t.tsv", "person/a-b\tperson\tAda Bek\t~Bek\n").unwrap();
        let a = &g.entries()[0].aliases[1];
        assert!(a.shared && a.text == "Bek");
    }
}
