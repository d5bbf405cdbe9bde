//! Lists of items by token position, for documents of any length.
//!
//! Several stages keep "token → items starting (or ending) there" indexes.
//! A vector of vectors costs one allocation per token that has an item and
//! 24 bytes for every token that has none; on a long document that is most
//! of the stage's time in the allocator and most of its memory. Here the
//! lists are threaded through one vector of items: 8 bytes per token and 8
//! per item, two allocations in all. Where a token has at most one item,
//! [`TokenMap`] keeps it in 4 bytes.

/// No item (the end of a list).
const NONE: u32 = u32::MAX;

/// Token → at most one item: 4 bytes per token where a
/// `Vec<Option<usize>>` takes 16, for the per-token tables that long
/// documents keep while a stage runs.
#[derive(Clone, Debug, Default)]
pub(crate) struct TokenMap {
    items: Vec<u32>,
}

impl TokenMap {
    /// No item for tokens `0..n`.
    pub(crate) fn new(n: usize) -> TokenMap {
        TokenMap { items: vec![NONE; n] }
    }

    /// The item of `token` (none past the end).
    #[inline]
    pub(crate) fn get(&self, token: usize) -> Option<usize> {
        self.items.get(token).copied().filter(|&x| x != NONE).map(|x| x as usize)
    }

    /// Sets the item of `token` (items fit in 32 bits: texts stop before 4 GiB).
    #[inline]
    pub(crate) fn set(&mut self, token: usize, item: usize) {
        self.items[token] = item as u32;
    }
}

/// A set of (first token, end token, item) keys, kept by first token: a
/// mention's span and entity, so that each is added once. The lists are
/// threaded through one vector, and a long document's lookups stay near
/// each other instead of spreading over a hash table of all its mentions.
#[derive(Clone, Debug, Default)]
pub(crate) struct SpanKeys {
    /// First token → its first key (an index into `keys`); grows as needed.
    heads: Vec<u32>,
    /// (end token, item, the next key of the same first token).
    keys: Vec<(u32, u32, u32)>,
}

impl SpanKeys {
    /// Empty, with room for `keys` keys over tokens `0..tokens`.
    pub(crate) fn with_capacity(tokens: usize, keys: usize) -> SpanKeys {
        SpanKeys { heads: Vec::with_capacity(tokens), keys: Vec::with_capacity(keys) }
    }

    /// The index of key (`first`, `end`, `item`), if present.
    fn find(&self, first: usize, end: usize, item: usize) -> Option<usize> {
        let mut k = self.heads.get(first).copied().unwrap_or(NONE);
        while k != NONE {
            let (e, x, next) = self.keys[k as usize];
            if e as usize == end && x as usize == item {
                return Some(k as usize);
            }
            k = next;
        }
        None
    }

    /// Adds the key; false if it was there already. Tokens and items fit in
    /// 32 bits (texts stop before 4 GiB); `item` is below `u32::MAX`.
    pub(crate) fn insert(&mut self, first: usize, end: usize, item: usize) -> bool {
        if self.find(first, end, item).is_some() {
            return false;
        }
        if first >= self.heads.len() {
            self.heads.resize(first + 1, NONE);
        }
        let k = self.keys.len() as u32;
        self.keys.push((end as u32, item as u32, self.heads[first]));
        self.heads[first] = k;
        true
    }

    /// Moves key (`first`, `end`, `from`) to item `to`; false, and the key
    /// of `from` gone, if `to` had that span already.
    pub(crate) fn reassign(&mut self, first: usize, end: usize, from: usize, to: usize) -> bool {
        if from == to {
            self.insert(first, end, to);
            return true;
        }
        let taken = self.find(first, end, to).is_some();
        match self.find(first, end, from) {
            // A removed key stays in its list under an item no key has.
            Some(k) => self.keys[k].1 = if taken { u32::MAX } else { to as u32 },
            None if !taken => {
                self.insert(first, end, to);
            }
            None => {}
        }
        !taken
    }
}

/// Token → items, in the order they were added.
#[derive(Clone, Debug, Default)]
pub(crate) struct TokenLists {
    /// Token → its first and last item (indices into `items`).
    ends: Vec<(u32, u32)>,
    /// (item, the next item of the same token).
    items: Vec<(u32, u32)>,
}

impl TokenLists {
    /// Empty lists for tokens `0..=n` (a span may end at `n`).
    pub(crate) fn new(n: usize) -> TokenLists {
        // Room for an item per few tokens, so that a document's lists
        // rarely grow item by item.
        TokenLists { ends: vec![(NONE, NONE); n + 1], items: Vec::with_capacity(n / 4 + 4) }
    }

    /// The number of token positions (`n + 1`).
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Appends `item` to the list of `token` (a token past the end is
    /// ignored). Items and tokens fit in 32 bits: texts stop before 4 GiB.
    pub(crate) fn push(&mut self, token: usize, item: usize) {
        let Some(&(head, tail)) = self.ends.get(token) else { return };
        let k = self.items.len() as u32;
        self.items.push((item as u32, NONE));
        if head == NONE {
            self.ends[token] = (k, k);
        } else {
            self.items[tail as usize].1 = k;
            self.ends[token].1 = k;
        }
    }

    /// Appends `item` unless the list of `token` holds it already.
    pub(crate) fn push_once(&mut self, token: usize, item: usize) {
        if !self.get(token).any(|x| x == item) {
            self.push(token, item);
        }
    }

    /// Whether `token` has any item (false past the end).
    #[inline]
    pub(crate) fn has_items(&self, token: usize) -> bool {
        self.ends.get(token).is_some_and(|&(head, _)| head != NONE)
    }

    /// The items of `token`, in the order they were added (none past the end).
    pub(crate) fn get(&self, token: usize) -> impl Iterator<Item = usize> + '_ {
        let head = self.ends.get(token).map_or(NONE, |&(h, _)| h);
        std::iter::successors((head != NONE).then_some(head), move |&k| {
            let next = self.items[k as usize].1;
            (next != NONE).then_some(next)
        })
        .map(move |k| self.items[k as usize].0 as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_keep_insertion_order_per_token() {
        let mut l = TokenLists::new(4);
        l.push(2, 7);
        l.push(0, 1);
        l.push(2, 3);
        l.push_once(2, 7);
        l.push(4, 9);
        assert_eq!(l.get(2).collect::<Vec<_>>(), [7, 3]);
        assert_eq!(l.get(0).collect::<Vec<_>>(), [1]);
        assert_eq!(l.get(4).collect::<Vec<_>>(), [9]);
        assert_eq!(l.get(1).count(), 0);
        assert!(l.has_items(2) && l.has_items(4) && !l.has_items(1) && !l.has_items(5));
        assert_eq!(l.len(), 5);
    }

    #[test]
    fn span_keys_are_a_set_that_can_move_keys_between_items() {
        let mut k = SpanKeys::default();
        assert!(k.insert(3, 5, 0) && k.insert(3, 5, 1) && k.insert(3, 4, 0) && k.insert(0, 1, 0));
        assert!(!k.insert(3, 5, 0) && !k.insert(0, 1, 0));
        // 1's span (3, 5) moves to 2; 0's (3, 5) cannot move to 2 now.
        assert!(k.reassign(3, 5, 1, 2));
        assert!(k.insert(3, 5, 1) && !k.insert(3, 5, 2));
        assert!(!k.reassign(3, 5, 0, 2));
        assert!(k.insert(3, 5, 0), "the key of 0 is gone");
        // A key not there is added under its new item.
        assert!(k.reassign(9, 10, 4, 5) && !k.insert(9, 10, 5) && k.insert(9, 10, 4));
        // To itself: the key is (still) there.
        assert!(k.reassign(3, 4, 0, 0) && k.reassign(7, 8, 3, 3) && !k.insert(3, 4, 0) && !k.insert(7, 8, 3));
    }

    #[test]
    fn token_maps_hold_one_item_and_none_past_the_end() {
        let mut m = TokenMap::new(3);
        assert_eq!((m.get(0), m.get(2), m.get(3)), (None, None, None));
        m.set(1, 0);
        m.set(2, 5);
        m.set(2, 6);
        assert_eq!((m.get(0), m.get(1), m.get(2), m.get(99)), (None, Some(0), Some(6), None));
    }

    #[test]
    fn tokens_past_the_end_are_empty() {
        let mut l = TokenLists::new(1);
        l.push(5, 1);
        assert_eq!(l.get(5).count(), 0);
        assert_eq!(l.get(usize::MAX).count(), 0);
    }
}
