//! A list that keeps a single element inline.
//!
//! The stages attach a few entity or entry numbers to every name they
//! handle, and nearly always exactly one: a `Vec` for each would be an
//! allocation per name. [`OneOrMore`] holds one element without allocating
//! and reads as a slice either way.

/// One element inline, or any number (also none) in a `Vec`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum OneOrMore<T> {
    One(T),
    Many(Vec<T>),
}

impl<T: Copy + PartialEq> OneOrMore<T> {
    /// An empty list (no allocation).
    pub(crate) fn new() -> OneOrMore<T> {
        OneOrMore::default()
    }

    /// Adds `e` unless the list holds it.
    pub(crate) fn add(&mut self, e: T) {
        match self {
            OneOrMore::One(x) if *x != e => *self = OneOrMore::Many(vec![*x, e]),
            OneOrMore::Many(v) if v.is_empty() => *self = OneOrMore::One(e),
            OneOrMore::Many(v) if !v.contains(&e) => v.push(e),
            _ => {}
        }
    }
}

impl<T> Default for OneOrMore<T> {
    fn default() -> OneOrMore<T> {
        OneOrMore::Many(Vec::new())
    }
}

impl<'a, T> IntoIterator for &'a OneOrMore<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> std::ops::Deref for OneOrMore<T> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        match self {
            OneOrMore::One(e) => std::slice::from_ref(e),
            OneOrMore::Many(v) => v,
        }
    }
}

impl<T: Copy> From<Vec<T>> for OneOrMore<T> {
    /// A list of one element is kept inline (the `Vec` is dropped).
    fn from(v: Vec<T>) -> OneOrMore<T> {
        match v[..] {
            [e] => OneOrMore::One(e),
            _ => OneOrMore::Many(v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_without_repeats_and_one_element_inline() {
        let mut l = OneOrMore::new();
        assert!(l.is_empty());
        l.add(7u32);
        l.add(7);
        assert_eq!(l, OneOrMore::One(7));
        l.add(3);
        l.add(7);
        l.add(5);
        l.add(3);
        assert_eq!(&l[..], [7, 3, 5]);
        assert_eq!(OneOrMore::from(vec![4usize]), OneOrMore::One(4));
        assert_eq!(&OneOrMore::from(vec![4, 2])[..], [4, 2]);
        assert!(OneOrMore::<u8>::from(Vec::new()).is_empty());
    }
}
