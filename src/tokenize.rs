//! Tokens with byte spans, and the normalized view of the text that matching
//! runs on.
//!
//! A token is a word (a run of letters, digits and combining marks), or a
//! single punctuation character. Whitespace separates tokens and is recorded
//! in flags on the following token (space, newline, blank line). ASCII text
//! takes a fast path, 64 bytes at a time: SSE2 (part of every x86-64 CPU;
//! a byte loop elsewhere) turns a block into bit masks of letters, digits,
//! capitals and separators and lower-cases it, and the tokens, their case
//! and the line breaks between them are read off the masks. What a block
//! cannot read (a word running past it, HTML) goes byte by byte, and any
//! chunk that holds non-ASCII characters is split with
//! `unicode-segmentation`'s word bounds (UAX #29), so that scripts such as
//! Chinese split per ideograph, and then cut further at punctuation so that
//! both paths agree ("Putin's" and "Putin’s" give the same tokens).
//!
//! Each token also has a normalized form (lower case, NFC, curly quotes and
//! apostrophes made straight, dashes made `-`, soft hyphens and zero-width
//! joiners dropped). The normalized forms are stored one after another, each
//! followed by one space, in [`Tokens::normalized`]: matching on that string
//! is whitespace-insensitive and whole-word by construction.

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use crate::span::Span;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenKind {
    /// Letters, possibly with digits: `Putin`, `COP28`, `Жапаров`.
    Word,
    /// ASCII or Unicode digits only: `2023`, `13`.
    Number,
    /// One punctuation or symbol character: `.`, `’`, `$`.
    Punct,
}

/// One token: a span of the input and what kind of token it is.
///
/// Like the rest of the crate's intermediate values, a token borrows nothing;
/// its normalized text lives in the [`Tokens`] it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    start: u32,
    end: u32,
    nstart: u32,
    nend: u32,
    /// Hash of the normalized form (see [`hash32`]).
    hash: u32,
    /// What the token is made of.
    pub kind: TokenKind,
    flags: u8,
}

const SPACE_BEFORE: u8 = 1;
const NEWLINE_BEFORE: u8 = 2;
const BLANK_LINE_BEFORE: u8 = 4;
const CAPITALIZED: u8 = 8;
const ALL_CAPS: u8 = 16;

impl Token {
    /// Where the token is in the input.
    #[inline]
    pub fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    /// Whether whitespace separates this token from the one before (always
    /// true for the first token).
    #[inline]
    pub fn space_before(&self) -> bool {
        self.flags & SPACE_BEFORE != 0
    }

    /// Whether a line break separates this token from the one before.
    #[inline]
    pub fn newline_before(&self) -> bool {
        self.flags & NEWLINE_BEFORE != 0
    }

    /// Whether an empty line (two or more line breaks) comes before this token.
    #[inline]
    pub fn blank_line_before(&self) -> bool {
        self.flags & BLANK_LINE_BEFORE != 0
    }

    /// Whether the first character is an upper-case letter.
    #[inline]
    pub fn is_capitalized(&self) -> bool {
        self.flags & CAPITALIZED != 0
    }

    /// Whether the token has cased letters and all of them are upper case
    /// (`CSTO`, `BISHKEK`, `U`).
    #[inline]
    pub fn is_all_caps(&self) -> bool {
        self.flags & ALL_CAPS != 0
    }

    /// Whether this is a word or number token.
    #[inline]
    pub fn is_wordlike(&self) -> bool {
        !matches!(self.kind, TokenKind::Punct)
    }

    /// The token's range in [`Tokens::normalized`].
    #[inline]
    pub(crate) fn norm_range(&self) -> (usize, usize) {
        (self.nstart as usize, self.nend as usize)
    }

    /// Hash of the normalized form.
    #[inline]
    pub(crate) fn hash(&self) -> u32 {
        self.hash
    }
}

/// The tokens of one text and their normalized forms.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    toks: Vec<Token>,
    norm: String,
}

impl Tokens {
    /// Number of tokens.
    #[inline]
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// Whether there are no tokens.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// The tokens in text order.
    #[inline]
    pub fn as_slice(&self) -> &[Token] {
        &self.toks
    }

    /// The normalized form of token `i` (lower case, straight quotes...).
    #[inline]
    pub fn norm(&self, i: usize) -> &str {
        let t = &self.toks[i];
        // The rules read forms token by token, many times over: sliced
        // without checking character boundaries again (`seal` did).
        let bytes = &self.norm.as_bytes()[t.nstart as usize..t.nend as usize];
        // SAFETY: `norm` is a `String`, and `seal` checked (or made) both
        // ends of every token's range character boundaries when the tokens
        // were made; nothing changes them after. A slice of valid UTF-8
        // between two boundaries is valid UTF-8.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }

    /// All normalized forms, each followed by one space.
    #[inline]
    pub fn normalized(&self) -> &str {
        &self.norm
    }

    /// The bytes the buffers hold room for.
    pub(crate) fn capacity_bytes(&self) -> usize {
        self.toks.capacity() * std::mem::size_of::<Token>() + self.norm.capacity()
    }
}

impl core::ops::Index<usize> for Tokens {
    type Output = Token;

    #[inline]
    fn index(&self, i: usize) -> &Token {
        &self.toks[i]
    }
}

/// Splits `text` into tokens.
///
/// Linear in the length of the text; never panics.
///
/// # Example
///
/// ```
/// use newsgraph::tokenize;
///
/// let text = "Russia’s  envoy\narrived.";
/// let tokens = tokenize(text);
/// let words: Vec<&str> = tokens.as_slice().iter().map(|t| &text[t.span()]).collect();
/// assert_eq!(words, ["Russia", "’", "s", "envoy", "arrived", "."]);
/// assert_eq!(tokens.normalized(), "russia ' s envoy arrived . ");
/// assert!(tokens[3].space_before() && tokens[4].newline_before());
/// ```
pub fn tokenize(text: &str) -> Tokens {
    tokenize_with(text, false)
}

/// Tokenizes, and with `html` reads HTML left in scraped text: tags are
/// skipped like whitespace (block tags like line breaks) and character
/// references (`&amp;`, `&#8217;`, `&nbsp;`) stand for their character.
/// Spans stay in the original text.
pub(crate) fn tokenize_with(text: &str, html: bool) -> Tokens {
    read(text, html, true)
}

/// [`tokenize`] into the buffers of `reuse`, whose tokens are dropped: a
/// caller that tokenizes many texts allocates once.
pub(crate) fn tokenize_reusing(text: &str, reuse: Tokens) -> Tokens {
    read_into(text, false, true, reuse)
}

/// [`tokenize_with`], with or without 64-byte blocks (tests compare both).
fn read(text: &str, html: bool, blocks: bool) -> Tokens {
    read_into(text, html, blocks, Tokens::default())
}

/// [`read`] into the buffers of `reuse`.
fn read_into(text: &str, html: bool, blocks: bool, reuse: Tokens) -> Tokens {
    let text = &text[..max_len(text)];
    let (mut toks, mut norm) = (reuse.toks, reuse.norm.into_bytes());
    toks.clear();
    toks.reserve(text.len() / 5 + 1);
    norm.clear();
    // The forms are the text's words with one space after each, also after
    // a word that punctuation follows without a space ("said," becomes
    // "said , "): in news a few percent longer than the text. Room for an
    // eighth more spares nearly every text a reallocation that copies what
    // was written.
    norm.reserve(text.len() + text.len() / 8 + 16);
    let mut tz =
        Tokenizer { text, toks, norm, pending: SPACE_BEFORE, newlines: 0, html, seed: *TOKEN_SEED, blocks, resume: 0 };
    tz.run();
    // The tokenizer writes only ASCII bytes and whole encoded characters.
    let norm = String::from_utf8(tz.norm).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    let norm = seal(&mut tz.toks, norm);
    Tokens { toks: tz.toks, norm }
}

/// Makes sure that every token's form is whole characters of `norm`, which
/// [`Tokens::norm`] relies on to slice without checking: true of what the
/// tokenizer writes, checked once here (one pass over the bytes for ASCII
/// text, otherwise two byte reads per token). Were it ever false, the forms
/// are rebuilt one by one, each made valid on its own, each followed by one
/// space, and each token's hash made again from its new form (the matcher
/// and the word sets test tokens by hash).
fn seal(toks: &mut [Token], norm: String) -> String {
    let whole = |t: &Token| {
        t.nstart <= t.nend && norm.is_char_boundary(t.nstart as usize) && norm.is_char_boundary(t.nend as usize)
    };
    // In ASCII every offset is a boundary (an offset past the end still
    // fails the slicing's bounds check): one fast pass over the bytes
    // instead of two reads per token, for most texts.
    if norm.is_ascii() || toks.iter().all(whole) {
        return norm;
    }
    let bytes = norm.as_bytes();
    let mut out = String::with_capacity(bytes.len() + 8);
    for t in toks {
        let a = (t.nstart as usize).min(bytes.len());
        let b = (t.nend as usize).clamp(a, bytes.len());
        let form = String::from_utf8_lossy(&bytes[a..b]);
        t.hash = hash32(form.as_bytes());
        t.nstart = out.len() as u32;
        out.push_str(&form);
        t.nend = out.len() as u32;
        out.push(' ');
    }
    out
}

struct Tokenizer<'t> {
    text: &'t str,
    toks: Vec<Token>,
    /// The normalized forms, built as bytes (always valid UTF-8).
    norm: Vec<u8>,
    /// Flags that the next token receives.
    pending: u8,
    newlines: u32,
    html: bool,
    /// [`TOKEN_SEED`], read once.
    seed: u64,
    /// Whether the fast paths are taken: plain ASCII stretches read 64
    /// bytes at a time ([`Tokenizer::block`]), chunks of plain letters
    /// without the Unicode word rules ([`Tokenizer::plain_chunk`]) and
    /// their words without normalization; off only in tests, which compare
    /// them with the byte by byte path and the full rules.
    blocks: bool,
    /// Where the next block may start: past the byte the last one stopped
    /// at, which the byte by byte path reads first.
    resume: usize,
}

impl<'t> Tokenizer<'t> {
    /// An HTML tag at `i` (`<p>`, `</div>`, `<a href=...>`, `<!-- -->`): its end.
    fn html_tag(&self, i: usize) -> Option<usize> {
        let b = self.text.as_bytes();
        let next = *b.get(i + 1)?;
        if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!') {
            return None;
        }
        let limit = (i + 2048).min(b.len());
        let close = (i + 1..limit).find(|&k| b[k] == b'>' || b[k] == b'<')?;
        (b[close] == b'>').then_some(close + 1)
    }

    /// An HTML character reference at `i`: its end and character.
    fn html_entity(&self, i: usize) -> Option<(usize, char)> {
        let b = self.text.as_bytes();
        let semi = (i + 2..(i + 12).min(b.len())).find(|&k| b[k] == b';')?;
        let body = &self.text[i + 1..semi];
        let c = if let Some(num) = body.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(n)?
        } else {
            match body {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{A0}',
                "ndash" => '\u{2013}',
                "mdash" => '\u{2014}',
                "lsquo" => '\u{2018}',
                "rsquo" => '\u{2019}',
                "ldquo" => '\u{201C}',
                "rdquo" => '\u{201D}',
                "laquo" => '\u{AB}',
                "raquo" => '\u{BB}',
                "hellip" => '\u{2026}',
                "shy" => '\u{AD}',
                "zwnj" => '\u{200C}',
                "zwj" => '\u{200D}',
                _ => return None,
            }
        };
        Some((semi + 1, c))
    }

    fn run(&mut self) {
        let bytes = self.text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if self.blocks && i >= self.resume {
                let next = self.block(i);
                if next > i {
                    i = next;
                    continue;
                }
            }
            let b = bytes[i];
            let c = CLASS[b as usize];
            if c & C_SPACE != 0 {
                self.space(b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')));
                i += 1;
            } else if c & C_WORD != 0 {
                // A word that runs into non-ASCII ("Zürich") is cut by the
                // Unicode rules instead.
                i = match self.ascii_word(i) {
                    // Most words end at a plain space: taken here, without
                    // another round of the dispatch.
                    Some(end) if bytes.get(end) == Some(&b' ') => {
                        self.pending |= SPACE_BEFORE;
                        end + 1
                    }
                    Some(end) => end,
                    None => self.unicode_chunk(i),
                };
            } else if self.html
                && b == b'<'
                && let Some(end) = self.html_tag(i)
            {
                // Block tags break lines; others separate words.
                let name = self.text[i + 1..end].trim_start_matches('/').to_ascii_lowercase();
                let block =
                    ["p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "article", "section"]
                        .iter()
                        .any(|t| name.starts_with(t) && name[t.len()..].starts_with([' ', '>', '/']));
                self.space(block);
                if name.starts_with('p') || name.starts_with("div") || name.starts_with('h') {
                    self.space(block);
                }
                i = end;
            } else if self.html
                && b == b'&'
                && let Some((end, c)) = self.html_entity(i)
            {
                if c.is_whitespace() || c == '\u{200B}' {
                    self.space(false);
                } else if is_ignorable(c) {
                    // An invisible character: nothing to add.
                } else if is_word_char(c) {
                    let nstart = self.norm.len();
                    self.push_lower(c);
                    let flags = if c.is_uppercase() { CAPITALIZED | ALL_CAPS } else { 0 };
                    let kind = if c.is_numeric() { TokenKind::Number } else { TokenKind::Word };
                    self.push(i, end, kind, nstart, flags);
                } else {
                    self.punct(i, end, c);
                }
                i = end;
            } else if b < 0x20 || b == 0x7f {
                // NUL and other controls separate tokens but are not tokens.
                self.pending |= SPACE_BEFORE;
                i += 1;
            } else if b < 0x80 {
                self.ascii_punct(i, b);
                i += 1;
            } else {
                i = self.unicode_chunk(i);
            }
        }
    }

    #[inline]
    fn space(&mut self, newline: bool) {
        self.spaces(u32::from(newline));
    }

    /// Records whitespace holding `lines` line breaks before the next token.
    #[inline]
    fn spaces(&mut self, lines: u32) {
        self.pending |= SPACE_BEFORE;
        if lines > 0 {
            self.newlines += lines;
            self.pending |= NEWLINE_BEFORE;
            if self.newlines >= 2 {
                self.pending |= BLANK_LINE_BEFORE;
            }
        }
    }

    #[inline]
    fn push(&mut self, start: usize, end: usize, kind: TokenKind, nstart: usize, flags: u8) {
        let hash = hash32_seeded(self.seed, &self.norm[nstart..]);
        self.push_hashed(start, end, kind, nstart, flags, hash);
    }

    /// [`Tokenizer::push`] with the hash of the normalized form given.
    #[inline]
    fn push_hashed(&mut self, start: usize, end: usize, kind: TokenKind, nstart: usize, flags: u8, hash: u32) {
        let nend = self.norm.len();
        self.norm.push(b' ');
        self.push_token(start, end, kind, (nstart, nend), flags, hash);
    }

    /// Adds a token whose normalized form, followed by one space, is (or
    /// will be) at `norm.0..norm.1` of the normalized text.
    #[inline]
    fn push_token(&mut self, start: usize, end: usize, kind: TokenKind, norm: (usize, usize), flags: u8, hash: u32) {
        let (nstart, nend) = norm;
        // Offsets fit in u32: `tokenize` stops before 4 GiB.
        self.toks.push(Token {
            start: start as u32,
            end: end as u32,
            nstart: nstart as u32,
            nend: nend as u32,
            hash,
            kind,
            flags: flags | self.pending,
        });
        self.pending = 0;
        self.newlines = 0;
    }

    /// The ASCII word starting at `i` (an ASCII letter or digit), read 8
    /// bytes at a time: which bytes are letters, digits and capitals is
    /// worked out for all eight at once (SWAR), so the word's end, case
    /// flags and lower case take no branch per byte; past the end of the
    /// text the chunk is padded with zero bytes, which end a word. Returns
    /// where the word ends, or `None`, having pushed nothing, when the word
    /// runs into a non-ASCII byte.
    #[inline]
    fn ascii_word(&mut self, i: usize) -> Option<usize> {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        const ONES: u64 = 0x0101_0101_0101_0101;
        // Bit 7 of each byte of `at_least(v, lo)` tells whether that byte of
        // `v` is at least `lo`; every byte of `v` must be below 0x80 (then
        // no sum carries into the next byte).
        let at_least = |v: u64, lo: u8| v + ONES * u64::from(0x80 - lo);
        let bytes = self.text.as_bytes();
        let nstart = self.norm.len();
        // Bit 7 of a byte set where any chunk had a capital, small letter, letter.
        let (mut uppers, mut lowers, mut letters) = (0u64, 0u64, 0u64);
        let mut first_upper = false;
        let mut short = 0u64;
        let mut at = i;
        loop {
            let chunk = match bytes.get(at..at + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
                Some(chunk) => chunk,
                None => {
                    let rest = &bytes[at..];
                    let mut chunk = [0u8; 8];
                    chunk[..rest.len()].copy_from_slice(rest);
                    chunk
                }
            };
            let x = u64::from_le_bytes(chunk);
            let ascii = x & !HIGH;
            // Setting bit 5 maps A-Z onto a-z and no other byte into a-z.
            let folded = ascii | (ONES * 0x20);
            let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1) & !x & HIGH;
            let digit = at_least(ascii, b'0') & !at_least(ascii, b'9' + 1) & !x & HIGH;
            let upper = at_least(ascii, b'A') & !at_least(ascii, b'Z' + 1) & !x & HIGH;
            let len = ((!(letter | digit) & HIGH).trailing_zeros() / 8) as usize;
            let keep = if len == 8 { u64::MAX } else { (1u64 << (8 * len)) - 1 };
            let (upper, letter) = (upper & keep, letter & keep);
            let lowered = (x | (upper >> 2)) & keep;
            if at == i {
                first_upper = upper & 0x80 != 0;
                // The whole form, when it is at most 8 bytes.
                short = lowered;
            }
            uppers |= upper;
            letters |= letter;
            lowers |= letter & !upper;
            self.norm.extend_from_slice(&lowered.to_le_bytes());
            self.norm.truncate(self.norm.len() - 8 + len);
            at += len;
            if len < 8 {
                if chunk[len] >= 0x80 || at == i {
                    self.norm.truncate(nstart);
                    return None;
                }
                break;
            }
        }
        let mut flags = 0;
        if first_upper {
            flags |= CAPITALIZED;
        }
        if uppers != 0 && lowers == 0 {
            flags |= ALL_CAPS;
        }
        let kind = if letters == 0 { TokenKind::Number } else { TokenKind::Word };
        let len = at - i;
        let hash =
            if len <= 8 { hash_short(self.seed, len, short) } else { hash32_seeded(self.seed, &self.norm[nstart..]) };
        self.push_hashed(i, at, kind, nstart, flags, hash);
        Some(at)
    }

    /// Reads the tokens of the 64 bytes at `i` (fewer at the end of the
    /// text) from bit masks of the block ([`classify`]): where words start
    /// and end, their case and the line breaks before them come from shifts
    /// and counts of set bits, and the lower case of the whole block is
    /// worked out at once. Only plain ASCII is read here: the block stops
    /// before its first byte of non-ASCII, before a carriage return at its
    /// last byte (whether a line feed follows is not known) and, reading
    /// HTML, before `<` and `&`; a word is taken only if the byte after it
    /// is in the block or the text ends there. Returns where reading
    /// stopped: `i` when nothing was taken, and the byte by byte path goes
    /// on from there.
    #[inline]
    fn block(&mut self, i: usize) -> usize {
        let bytes = self.text.as_bytes();
        let n = (bytes.len() - i).min(64);
        let mut padded = [0u8; 64];
        let chunk: &[u8; 64] = match bytes.get(i..i + 64).and_then(|c| c.try_into().ok()) {
            Some(chunk) => chunk,
            None => {
                padded[..n].copy_from_slice(&bytes[i..]);
                &padded
            }
        };
        let mut low = [0u8; 80];
        let m = classify(chunk, &mut low);
        let mut bad = m.non_ascii | (m.cr & (1 << 63));
        if self.html {
            bad |= m.html;
        }
        if n < 64 {
            bad |= u64::MAX << n;
        }
        // The bytes before the first one the block cannot read.
        let k = bad.trailing_zeros() as usize;
        if k < n {
            self.resume = i + k + 1;
        }
        let valid = if k == 64 { u64::MAX } else { (1u64 << k) - 1 };
        let word = m.word & valid;
        let punct = !(m.word | m.sep) & valid;
        // A carriage return is a line break unless a line feed follows.
        let newline = m.lf | (m.cr & !(m.lf >> 1));
        let letters = m.upper | m.lower;
        let mut starts = (word & !(word << 1)) | punct;
        let mut prev = 0;
        // The normalized forms of the block, each with its space, added to
        // `norm` at the end: a token and its space per byte at most, and
        // room for copying 16 bytes at the last.
        let mut out = [0u8; 2 * 64 + 16];
        let mut o = 0;
        let base = self.norm.len();
        while starts != 0 {
            let s = starts.trailing_zeros() as usize;
            // Whether a token is a word or punctuation is not predictable:
            // its length and kind are worked out with selects, not branches.
            let is_word = word >> s & 1 != 0;
            // The run of word bits is empty for punctuation, one byte long.
            let len = ((!(word >> s)).trailing_zeros() as usize).max(1);
            let e = s + len;
            if is_word && e == k && i + k != bytes.len() {
                // What follows the word is not known yet.
                break;
            }
            self.gap(prev, s, newline);
            let form = &low[s..];
            let at = o;
            let hash = if len <= 16 {
                out[at..at + 16].copy_from_slice(&form[..16]);
                hash_upto16(self.seed, form, len)
            } else {
                out[at..at + len].copy_from_slice(&form[..len]);
                hash32_seeded(self.seed, &form[..len])
            };
            out[at + len] = b' ';
            o = at + len + 1;
            let range = (u64::MAX >> (64 - len)) << s;
            // Punctuation has no letters: no case flags.
            let mut flags = if m.upper >> s & 1 != 0 { CAPITALIZED } else { 0 };
            if m.upper & range != 0 && m.lower & range == 0 {
                flags |= ALL_CAPS;
            }
            let kind = match (is_word, letters & range != 0) {
                (false, _) => TokenKind::Punct,
                (true, false) => TokenKind::Number,
                (true, true) => TokenKind::Word,
            };
            self.push_token(i + s, i + e, kind, (base + at, base + at + len), flags, hash);
            prev = e;
            starts &= starts - 1;
        }
        self.norm.extend_from_slice(&out[..o]);
        // The separators after the last token taken.
        let stop = if starts != 0 { starts.trailing_zeros() as usize } else { k };
        self.gap(prev, stop, newline);
        i + stop
    }

    /// Records the separators of block bytes `from..to` (all whitespace or
    /// controls) for the next token.
    #[inline]
    fn gap(&mut self, from: usize, to: usize, newline: u64) {
        if to > from {
            let bits = (u64::MAX >> (64 - (to - from))) << from;
            self.spaces((newline & bits).count_ones());
        }
    }

    /// Appends the lower case of `c`.
    #[inline]
    fn push_lower(&mut self, c: char) {
        let mut buf = [0u8; 4];
        for l in c.to_lowercase() {
            self.norm.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
        }
    }

    /// One ASCII punctuation or symbol byte: [`Tokenizer::punct`] without
    /// the general character path.
    #[inline]
    fn ascii_punct(&mut self, i: usize, b: u8) {
        // `fold_punct` maps ASCII to ASCII.
        let b = fold_punct(char::from(b)) as u8;
        let nstart = self.norm.len();
        self.norm.push(b);
        self.push_hashed(i, i + 1, TokenKind::Punct, nstart, 0, hash_short(self.seed, 1, u64::from(b)));
    }

    fn punct(&mut self, start: usize, end: usize, c: char) {
        let nstart = self.norm.len();
        let mut buf = [0u8; 4];
        self.norm.extend_from_slice(fold_punct(c).encode_utf8(&mut buf).as_bytes());
        self.push(start, end, TokenKind::Punct, nstart, 0);
    }

    /// Tokenizes from `start` up to the next ASCII whitespace (or the end)
    /// with Unicode word bounds, and returns where it stopped. Out of line:
    /// inlined, it made the ASCII loops around it 1.8 % slower (measured).
    #[inline(never)]
    fn unicode_chunk(&mut self, start: usize) -> usize {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut end = start;
        while end < bytes.len() && !bytes[end].is_ascii_whitespace() {
            end += 1;
        }
        let chunk = &text[start..end];
        if self.blocks && self.plain_chunk(start, chunk) {
            return end;
        }
        for (off, seg) in chunk.split_word_bound_indices() {
            self.segment(start + off, seg);
        }
        end
    }

    /// A chunk (no whitespace) of nothing but ASCII letters, digits and
    /// punctuation and the letters of [`is_plain_letter`], tokenized
    /// without the Unicode word rules: they would keep every run of such
    /// letters and digits whole (letters and digits never part between
    /// them), and [`Tokenizer::segment`] makes every punctuation character
    /// a token, so the tokens are the runs and the punctuation between.
    /// Names and words in Cyrillic or accented Latin take this path. Any
    /// other chunk: false, and nothing is done.
    fn plain_chunk(&mut self, start: usize, chunk: &str) -> bool {
        if !chunk.chars().all(|c| c.is_ascii_graphic() || is_plain_letter(c)) {
            return false;
        }
        let mut word = None;
        for (off, c) in chunk.char_indices() {
            let at = start + off;
            if c.is_ascii_alphanumeric() || is_plain_letter(c) {
                word.get_or_insert(at);
            } else {
                if let Some(s) = word.take() {
                    self.unicode_word(s, at);
                }
                self.punct(at, at + 1, c);
            }
        }
        if let Some(s) = word {
            self.unicode_word(s, start + chunk.len());
        }
        true
    }

    /// Cuts one word-bound segment into word and punctuation tokens.
    fn segment(&mut self, base: usize, seg: &str) {
        let mut word: Option<(usize, usize)> = None; // (start, end of last word char)
        for (off, c) in seg.char_indices() {
            let at = base + off;
            if is_word_char(c) {
                match &mut word {
                    Some((_, e)) => *e = at + c.len_utf8(),
                    None => word = Some((at, at + c.len_utf8())),
                }
            } else if is_ignorable(c) {
                // Part of the word around it, if any; invisible otherwise.
            } else {
                if let Some((s, e)) = word.take() {
                    self.unicode_word(s, e);
                }
                if c.is_whitespace() || c == '\u{200B}' {
                    self.space(matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}'));
                } else if c.is_control() {
                    // NUL and other controls separate tokens but are not tokens.
                    self.pending |= SPACE_BEFORE;
                } else {
                    self.punct(at, at + c.len_utf8(), c);
                }
            }
        }
        if let Some((s, e)) = word {
            self.unicode_word(s, e);
        }
    }

    fn unicode_word(&mut self, start: usize, end: usize) {
        let s = &self.text[start..end];
        let nstart = self.norm.len();
        let mut upper = 0usize;
        let mut lower = 0usize;
        let mut numeric = true;
        let mut first: Option<char> = None;
        let mut plain = true;
        for c in s.chars().filter(|&c| !is_ignorable(c)) {
            if first.is_none() {
                first = Some(c);
            }
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_lowercase() {
                lower += 1;
            }
            if !c.is_numeric() {
                numeric = false;
            }
            plain &= c.is_ascii() || is_plain_letter(c);
        }
        if s.is_ascii() {
            self.norm.extend(s.bytes().map(|b| b.to_ascii_lowercase()));
        } else if plain && self.blocks {
            // Latin and Cyrillic letters without combining marks are
            // already composed: NFC leaves them as they are (a test checks
            // every pair), and composing costs more than the rest.
            for c in s.chars().filter(|&c| !is_ignorable(c)) {
                self.push_lower(c);
            }
        } else {
            for c in s.chars().filter(|&c| !is_ignorable(c)).nfc() {
                self.push_lower(c);
            }
        }
        let mut flags = 0;
        if first.is_some_and(|c| c.is_uppercase()) {
            flags |= CAPITALIZED;
        }
        if upper > 0 && lower == 0 {
            flags |= ALL_CAPS;
        }
        let kind = if numeric { TokenKind::Number } else { TokenKind::Word };
        self.push(start, end, kind, nstart, flags);
    }
}

/// The length of the prefix of `text` that the crate analyzes: all of it up
/// to 4 GiB, else up to the last character boundary before 4 GiB (offsets
/// are stored in 32 bits).
pub(crate) fn max_len(text: &str) -> usize {
    const LIMIT: usize = u32::MAX as usize - 1;
    if text.len() <= LIMIT {
        return text.len();
    }
    let mut k = LIMIT;
    while !text.is_char_boundary(k) {
        k -= 1;
    }
    k
}

/// The seed of token hashes: random, drawn once per process, so every trie
/// built and every text matched in a process agree, and collisions cannot be
/// crafted in advance.
static TOKEN_SEED: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| {
    use std::hash::BuildHasher;
    foldhash::fast::RandomState::default().hash_one(0x6e65_7773_u64)
});

/// An ASCII letter or digit: the start of a word.
const C_WORD: u8 = 1;
/// ASCII whitespace.
const C_SPACE: u8 = 2;

/// The class of every byte, for the ASCII fast path (0: neither).
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            C_WORD
        } else if c.is_ascii_whitespace() {
            C_SPACE
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Bit masks of a 64-byte block for [`Tokenizer::block`]: bit `k` tells
/// about byte `k`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Masks {
    /// ASCII letters and digits.
    word: u64,
    /// `A`-`Z`.
    upper: u64,
    /// `a`-`z`.
    lower: u64,
    /// ASCII whitespace and controls (they separate tokens).
    sep: u64,
    /// `\n`.
    lf: u64,
    /// `\r`.
    cr: u64,
    /// Bytes of non-ASCII characters.
    non_ascii: u64,
    /// `<` and `&`, which start tags and references in HTML.
    html: u64,
}

/// The masks of `chunk`, with its bytes lower-cased (and the backtick made
/// an apostrophe, as [`fold_punct`] does) into the first 64 bytes of `low`.
#[inline]
fn classify(chunk: &[u8; 64], low: &mut [u8; 80]) -> Masks {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        sse2::classify(chunk, low)
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        classify_bytes(chunk, low)
    }
}

/// [`classify`] one byte at a time: for targets without SSE2, and the
/// reference the SSE2 version is tested against.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn classify_bytes(chunk: &[u8; 64], low: &mut [u8; 80]) -> Masks {
    let mut m = Masks::default();
    for (k, &b) in chunk.iter().enumerate() {
        let bit = 1u64 << k;
        let set = |mask: &mut u64, on: bool| *mask |= if on { bit } else { 0 };
        set(&mut m.word, b.is_ascii_alphanumeric());
        set(&mut m.upper, b.is_ascii_uppercase());
        set(&mut m.lower, b.is_ascii_lowercase());
        set(&mut m.sep, b <= b' ' || b == 0x7f);
        set(&mut m.lf, b == b'\n');
        set(&mut m.cr, b == b'\r');
        set(&mut m.non_ascii, b >= 0x80);
        set(&mut m.html, b == b'<' || b == b'&');
        low[k] = if b == b'`' { b'\'' } else { b.to_ascii_lowercase() };
    }
    m
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use core::arch::x86_64::*;

    use super::Masks;

    /// [`super::classify`] 16 bytes at a time. Inlined into its caller,
    /// which SSE2 being enabled for the whole target allows.
    #[inline(always)]
    pub(super) fn classify(chunk: &[u8; 64], low: &mut [u8; 80]) -> Masks {
        // SAFETY (every intrinsic below): SSE2 is enabled for this target,
        // as the module's `cfg` checks; the load and store stay inside
        // `chunk` and `low`.
        unsafe {
            let mut m = Masks::default();
            let splat = |b: u8| _mm_set1_epi8(b as i8);
            // Bytes from 0x80 are negative as signed bytes: no range test
            // below, which all start above 0, takes them.
            let within = |v: __m128i, lo: u8, hi: u8| {
                _mm_and_si128(_mm_cmpgt_epi8(v, splat(lo - 1)), _mm_cmplt_epi8(v, splat(hi + 1)))
            };
            let bits = |v: __m128i| u64::from(_mm_movemask_epi8(v) as u16);
            for k in 0..4 {
                let v = _mm_loadu_si128(chunk.as_ptr().add(16 * k).cast());
                let upper = within(v, b'A', b'Z');
                let lower = within(v, b'a', b'z');
                let digit = within(v, b'0', b'9');
                let non_ascii = bits(v);
                let control = _mm_or_si128(_mm_cmplt_epi8(v, splat(b' ' + 1)), _mm_cmpeq_epi8(v, splat(0x7f)));
                let tick = _mm_cmpeq_epi8(v, splat(b'`'));
                let shift = 16 * k;
                m.word |= bits(_mm_or_si128(_mm_or_si128(upper, lower), digit)) << shift;
                m.upper |= bits(upper) << shift;
                m.lower |= bits(lower) << shift;
                m.sep |= (bits(control) & !non_ascii) << shift;
                m.lf |= bits(_mm_cmpeq_epi8(v, splat(b'\n'))) << shift;
                m.cr |= bits(_mm_cmpeq_epi8(v, splat(b'\r'))) << shift;
                m.non_ascii |= non_ascii << shift;
                m.html |= bits(_mm_or_si128(_mm_cmpeq_epi8(v, splat(b'<')), _mm_cmpeq_epi8(v, splat(b'&')))) << shift;
                let lowered = _mm_or_si128(v, _mm_and_si128(upper, splat(0x20)));
                let lowered = _mm_xor_si128(lowered, _mm_and_si128(tick, splat(b'`' ^ b'\'')));
                _mm_storeu_si128(low.as_mut_ptr().add(16 * k).cast(), lowered);
            }
            m
        }
    }
}

/// A fast, non-cryptographic 32-bit hash of a token's normalized bytes,
/// seeded per process. Equal forms have equal hashes; the matcher checks the
/// bytes of every candidate, so collisions cost time, never correctness.
#[inline]
pub(crate) fn hash32(b: &[u8]) -> u32 {
    hash32_seeded(*TOKEN_SEED, b)
}

/// [`hash32`] with its seed passed in (the tokenizer reads it once per text).
///
/// Built for short words: up to 8 bytes are one little-endian word, zero
/// padded, and take one folded multiply ([`hash_short`]); longer forms mix
/// in each 8-byte block, the last one overlapping.
#[inline]
fn hash32_seeded(seed: u64, b: &[u8]) -> u32 {
    #[inline]
    fn word(b: &[u8], at: usize) -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(w)
    }
    let len = b.len();
    match len {
        0 => hash_short(seed, 0, 0),
        1 => hash_short(seed, 1, u64::from(b[0])),
        2..=8 => {
            let mut w = [0u8; 8];
            w[..len].copy_from_slice(b);
            hash_short(seed, len, u64::from_le_bytes(w))
        }
        _ => {
            let mut h = seed ^ (len as u64).wrapping_mul(HASH_K0);
            let mut at = 0;
            while len - at > 8 {
                h = fold(h ^ word(b, at), HASH_K1);
                at += 8;
            }
            finish(h, word(b, len - 8))
        }
    }
}

/// [`hash32_seeded`] of `form[..len]`, for `len` from 1 to 16, without a
/// branch on the length; `form` holds at least 16 bytes.
#[inline]
fn hash_upto16(seed: u64, form: &[u8], len: usize) -> u32 {
    let word = |at: usize| u64::from_le_bytes(form[at..at + 8].try_into().unwrap_or([0; 8]));
    let h = seed ^ (len as u64).wrapping_mul(HASH_K0);
    let first = word(0);
    // Up to 8 bytes: the first word, zero padded; 9 to 16: the first word
    // mixed in, then the last 8 bytes (overlapping it).
    let long = len > 8;
    let h = if long { fold(h ^ first, HASH_K1) } else { h };
    let last = if long { word(len.max(8) - 8) } else { first & (u64::MAX >> (64 - 8 * len.min(8))) };
    finish(h, last)
}

const HASH_K0: u64 = 0x9E37_79B9_7F4A_7C15;
const HASH_K1: u64 = 0xD6E8_FEB8_6659_FD93;

/// The hash of a form of `len` <= 8 bytes whose bytes, zero padded, are
/// the little-endian word `w`.
#[inline]
fn hash_short(seed: u64, len: usize, w: u64) -> u32 {
    finish(seed ^ (len as u64).wrapping_mul(HASH_K0), w)
}

#[inline]
fn fold(x: u64, k: u64) -> u64 {
    let m = u128::from(x) * u128::from(k);
    (m as u64) ^ ((m >> 64) as u64)
}

#[inline]
fn finish(h: u64, last: u64) -> u32 {
    let h = fold(h ^ last, HASH_K1 ^ HASH_K0);
    (h ^ (h >> 32)) as u32
}

/// A letter of the Latin-1, Latin Extended-A and -B and basic Cyrillic
/// blocks (not their signs, symbols or combining marks): alphabetic, and
/// a letter (`ALetter`) to the Unicode word rules.
#[inline]
fn is_plain_letter(c: char) -> bool {
    matches!(c, 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ɏ' | 'Ѐ'..='ҁ' | 'Ҋ'..='ӿ')
}

/// Letters, digits and combining marks make words.
#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Characters that are invisible inside a word: soft hyphen, zero-width
/// joiners, word joiner, byte order mark, direction marks.
#[inline]
pub(crate) fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Folds quote, apostrophe and dash variants to their ASCII forms.
#[inline]
pub(crate) fn fold_punct(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' | '\u{B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{AB}' | '\u{BB}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        _ => c,
    }
}

/// Normalizes a phrase the way the text is normalized: its tokens' forms
/// joined by single spaces, with a trailing space. Used for gazetteer
/// aliases, titles and trigger phrases, so that they match the text exactly
/// when their tokens do.
pub(crate) fn normalize_phrase(phrase: &str) -> String {
    tokenize(phrase).norm
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).as_slice().iter().map(|t| &text[t.span()]).collect()
    }

    #[test]
    fn ascii_and_unicode_paths_agree() {
        assert_eq!(tokenize("Putin's visit").normalized(), tokenize("Putin’s visit").normalized());
        assert_eq!(tokenize("Jalal-Abad").normalized(), tokenize("Jalal–Abad").normalized());
        assert_eq!(tokenize("\"Kant\"").normalized(), tokenize("“Kant”").normalized());
    }

    #[test]
    fn ascii_punctuation_as_the_general_path_folds_and_hashes_it() {
        for b in (0x21u8..0x7f).filter(|b| !b.is_ascii_alphanumeric()) {
            let text = format!("a{}b", b as char);
            let toks = tokenize(&text);
            let c = fold_punct(b as char).to_string();
            assert_eq!(toks.norm(1), c, "{text}");
            assert_eq!(toks[1].kind, TokenKind::Punct, "{text}");
            assert_eq!(toks[1].hash(), hash32(c.as_bytes()), "{text}");
        }
        assert_eq!(tokenize("a`b").norm(1), "'");
    }

    #[test]
    fn splits_punctuation_and_keeps_spans() {
        assert_eq!(words("U.S. President"), ["U", ".", "S", ".", "President"]);
        assert_eq!(words("12.10.2023,"), ["12", ".", "10", ".", "2023", ","]);
        assert_eq!(words("Côte d’Ivoire"), ["Côte", "d", "’", "Ivoire"]);
        assert_eq!(words("Путин прибыл"), ["Путин", "прибыл"]);
    }

    #[test]
    fn invisible_characters_join_words_and_unicode_spaces_separate() {
        let text = "Vla\u{AD}dimir\u{A0}Putin";
        let t = tokenize(text);
        assert_eq!(t.normalized(), "vladimir putin ");
        assert_eq!(&text[t[0].span()], "Vla\u{AD}dimir");
        assert!(t[1].space_before());
        let t = tokenize("\u{FEFF}BISHKEK");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].span(), Span::new(3, 10));
        assert!(t[0].is_all_caps());
    }

    #[test]
    fn case_flags_and_kinds() {
        let t = tokenize("CSTO Kant kant 2023 Жапаров");
        assert!(t[0].is_all_caps() && t[0].is_capitalized());
        assert!(t[1].is_capitalized() && !t[1].is_all_caps());
        assert!(!t[2].is_capitalized());
        assert_eq!(t[3].kind, TokenKind::Number);
        assert!(t[4].is_capitalized());
        assert_eq!(t.norm(4), "жапаров");
    }

    #[test]
    fn line_breaks_are_recorded() {
        let t = tokenize("Headline\n\nBody\r\ntext  here");
        assert!(t[1].blank_line_before());
        assert!(t[2].newline_before() && !t[2].blank_line_before());
        assert!(t[3].space_before() && !t[3].newline_before());
    }

    #[test]
    fn han_splits_per_ideograph() {
        assert_eq!(words("会见习近平"), ["会", "见", "习", "近", "平"]);
    }

    #[test]
    fn control_characters_are_not_tokens() {
        assert_eq!(words("a\u{0}b"), ["a", "b"]);
        assert_eq!(words("x\u{7}y\u{85}z"), ["x", "y", "z"]);
    }

    #[test]
    fn every_token_hash_is_the_hash_of_its_normalized_form() {
        // The matcher hashes gazetteer tokens with `hash32`; the tokenizer
        // computes the same hash on its own paths (ASCII words, Unicode
        // words, numbers, punctuation, HTML references), and they must agree.
        let text = "NATO's Stoltenberg met Жапаров (COP28) in Bishkek — 2023, 12% “ok” Ö&amp;x";
        // Words of every length up to 24 bytes, at the start, in the middle
        // and at the end of a text (8 bytes at a time, and byte by byte).
        let word = "AbcdefGhijklmnopQrstuvwx";
        let mut texts = vec![text.to_string()];
        for len in 1..=word.len() {
            let w = &word[..len];
            texts.push(format!("{w} {w}, {w}"));
            texts.push(format!("{w}’s {w}Ö {w}"));
        }
        for text in &texts {
            for html in [false, true] {
                let t = tokenize_with(text, html);
                for i in 0..t.len() {
                    assert_eq!(t[i].hash(), hash32(t.norm(i).as_bytes()), "token {i} {:?} in {text:?}", t.norm(i));
                }
            }
        }
    }

    #[test]
    fn reused_buffers_give_what_fresh_ones_give() {
        // Each text is read into the buffers the one before left behind:
        // longer, shorter, ASCII after non-ASCII and back, empty.
        let texts = [
            "A long first text, so that the buffers it leaves are larger than the next one needs.",
            "Zürich’s mayor",
            "",
            "Short.",
            "Жапаров встретился с Путиным.\r\n\nIran",
        ];
        assert_reuse_agrees(&texts);
    }

    /// Tokenizes `texts` in turn into the buffers the one before left, and
    /// checks each against a fresh tokenization.
    fn assert_reuse_agrees(texts: &[impl AsRef<str>]) {
        let mut kept = Tokens::default();
        for text in texts.iter().map(AsRef::as_ref) {
            kept = tokenize_reusing(text, kept);
            let fresh = tokenize(text);
            assert_eq!(kept.toks, fresh.toks, "{text:?}");
            assert_eq!(kept.norm, fresh.norm, "{text:?}");
        }
    }

    fn assert_blocks_agree(text: &str) {
        for html in [false, true] {
            let (bytewise, blocks) = (read(text, html, false), read(text, html, true));
            assert_eq!(blocks.norm, bytewise.norm, "html {html}: {text:?}");
            assert_eq!(blocks.toks, bytewise.toks, "html {html}: {text:?}");
        }
    }

    #[test]
    fn blocks_read_what_the_byte_path_reads_at_every_offset() {
        // Each stretch starts at every offset of a block, so that its words,
        // line breaks and stops fall on and across the 64-byte edges.
        let stretches = [
            "Mr Kim's visit (the 2nd) to Seoul, on May 3.\n\nTALKS\r\nwent on\r\r  ok",
            "a`b  x\t\u{0b}\u{0c}y\u{7f}z\u{0}w; <p>R&amp;D</p> &nbsp;&#8217;",
            "Zürich Café’s 12% wordswordswordswordswords1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ x",
            "ONE Two three4 5six 7 — end\r",
        ];
        for stretch in stretches {
            for pad in 0..70 {
                for lead in ["", " ", "x", "\n"] {
                    let text = format!("{}{lead}{stretch}{stretch}", "w".repeat(pad));
                    assert_blocks_agree(&text);
                    assert_blocks_agree(&text[..text.len() - stretch.len() / 2 - 1]);
                }
            }
        }
    }

    #[test]
    fn plain_letters_are_tokenized_as_the_unicode_rules_do() {
        // Every plain letter, alone and beside ASCII letters, digits and
        // punctuation, and beside the characters just outside the ranges:
        // the fast path gives what the full rules give.
        let plain: Vec<char> = ('\u{80}'..='\u{52F}').filter(|&c| is_plain_letter(c)).collect();
        assert_eq!(plain.len(), 23 + 31 + 8 + 128 + 208 + 130 + 118, "the ranges hold only what they say");
        for &c in &plain {
            assert!(c.is_alphabetic(), "{c:?}");
            for text in [
                format!("{c}"),
                format!("a{c}Z9"),
                format!("({c}{c}),"),
                format!("{c}'s {c}-{c}."),
                format!("3.5{c}_{c}"),
                format!("{c}\u{482}{c}\u{483}{c}×{c}÷µ{c}ª"),
                format!("{c}\u{AD}{c}\u{301}{c}\u{250}{c}中{c}"),
                format!("x{c}\u{0}{c}\u{7f}"),
            ] {
                assert_blocks_agree(&text);
                assert_blocks_agree(&text.to_uppercase());
            }
        }
        // Composed letters stay composed: no pair of them (or of them and
        // ASCII letters) changes under NFC, so their words skip it.
        let letters: Vec<char> = plain.iter().copied().chain(['a', 'Z', '9']).collect();
        for &a in &letters {
            for &b in &letters {
                assert!([a, b].into_iter().nfc().eq([a, b]), "{a:?} {b:?}");
            }
        }
        let toks = tokenize("«Путин», Zürich-Ölçer's");
        let forms: Vec<&str> = (0..toks.len()).map(|i| toks.norm(i)).collect();
        assert_eq!(forms, ["\"", "путин", "\"", ",", "zürich", "-", "ölçer", "'", "s"]);
    }

    #[test]
    fn a_carriage_return_at_a_block_edge_waits_for_what_follows() {
        for tail in ["\r\nb", "\rb", "\r\r\nb", "\r"] {
            for pad in 58..66 {
                assert_blocks_agree(&format!("{} a{tail}", "x ".repeat(pad / 2)));
                assert_blocks_agree(&format!("{}a{tail}", "y".repeat(pad)));
            }
        }
        let t = tokenize(&format!("{}a\rb\r\nc", "x ".repeat(31)));
        let n = t.len();
        assert!(t[n - 2].newline_before() && t[n - 1].newline_before() && !t[n - 1].blank_line_before());
    }

    #[test]
    fn the_simd_masks_are_the_bytewise_masks() {
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        {
            let mut next = crate::xorshift(0x9E37_79B9_7F4A_7C15u64);
            let mut chunk = [0u8; 64];
            for round in 0..2000 {
                for (k, b) in chunk.iter_mut().enumerate() {
                    let state = next();
                    // Every byte value, and rounds of ASCII only.
                    *b = if round % 2 == 0 { state as u8 } else { (state % 128) as u8 };
                    if round < 4 {
                        *b = (64 * round + k) as u8;
                    }
                }
                let (mut simd, mut bytewise) = ([0u8; 80], [0u8; 80]);
                let m = sse2::classify(&chunk, &mut simd);
                assert_eq!(m, classify_bytes(&chunk, &mut bytewise), "{chunk:?}");
                assert_eq!(simd[..64], bytewise[..64], "{chunk:?}");
            }
        }
    }

    #[test]
    fn forms_split_inside_a_character_are_rebuilt_whole() {
        let text = "Zürich talks";
        let mut toks = tokenize(text);
        assert_eq!(
            seal(&mut toks.toks.clone(), toks.norm.clone()),
            toks.norm,
            "the tokenizer's forms pass as they are"
        );
        // A range ending inside 'ü' (two bytes from 1): rebuilt, each form
        // valid and followed by one space.
        toks.toks[0].nend = toks.toks[0].nstart + 2;
        let norm = seal(&mut toks.toks, toks.norm.clone());
        let toks = Tokens { toks: toks.toks, norm };
        assert_eq!((toks.norm(0), toks.norm(1)), ("z\u{fffd}", "talks"));
        assert!((0..2).all(|i| toks[i].hash() == hash32(toks.norm(i).as_bytes())), "hashes follow the forms");
        assert_eq!(toks.normalized(), "z\u{fffd} talks ");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, .. Default::default() })]
        #[test]
        fn blocks_agree_with_the_byte_path_on_any_text(
            text in "([A-Za-z0-9]{1,20}|[a-zA-Z]{55,70}|\r\n|\n\n|<p>|</br>|&amp;|&#8217;|&nbsp;|[ \n\r\t.,;'`<&()\u{0}\u{7f}-]|[éЖ’—\u{AD}\u{A0}]|[ÀÖØöøɏЀҁҊӿ\u{482}\u{483}×÷ɐ\u{301}]|Путин|Ab|CD){0,160}"
        ) {
            assert_blocks_agree(&text);
        }

        #[test]
        fn reused_buffers_agree_with_fresh_ones_on_any_texts(
            texts in proptest::collection::vec("([A-Za-z0-9]{1,20}|[a-zA-Z]{55,70}|\r\n|\n\n|[ \n\t.,;'()-]|[éЖ’—\u{AD}\u{A0}]|Ab|CD){0,120}", 1..6)
        ) {
            assert_reuse_agrees(&texts);
        }
    }

    #[test]
    fn token_hashes_separate_forms_of_every_length() {
        // Short forms are read whole, so distinct forms of up to 8 bytes
        // differ before the final mix; longer ones read every 8-byte block.
        let mut seen = std::collections::HashMap::new();
        let words: Vec<String> = (0..2000).map(|k| format!("{k:x}")).chain((1..40).map(|n| "ab".repeat(n))).collect();
        for w in words.iter().map(String::as_str).chain(["", "a", "b", "ab", "ba", "abc", "acb"]) {
            if let Some(other) = seen.insert(hash32(w.as_bytes()), w) {
                assert_eq!(other, w, "two forms share a hash");
            }
        }
        assert_eq!(hash32(b"putin"), hash32(b"putin"));
    }
}
