//! Buffers kept per thread between calls, so that a caller who runs many
//! short texts through one [`Extractor`](crate::Extractor) does not pay for
//! allocating and freeing the same buffers every time.
//!
//! A buffer that has grown past its limit (a long text passed through) is
//! freed after the call, so that a thread keeps only what short texts need.

use std::cell::RefCell;
use std::thread::LocalKey;

/// Buffers that can be kept between calls.
pub(crate) trait Scratch: Default {
    /// Whether the buffers have grown too large to keep.
    fn too_large(&self) -> bool;
}

/// Runs `f` with this thread's buffers from `key`, then keeps them, unless
/// they grew too large. When they are not to be had (lent to a call that is
/// still running, or the thread is ending), `f` gets new ones.
#[inline]
pub(crate) fn with<T: Scratch, R>(key: &'static LocalKey<RefCell<T>>, mut f: impl FnMut(&mut T) -> R) -> R {
    let kept = key.try_with(|cell| {
        let mut s = cell.try_borrow_mut().ok()?;
        let out = f(&mut s);
        if s.too_large() {
            *s = T::default();
        }
        Some(out)
    });
    match kept {
        Ok(Some(out)) => out,
        _ => f(&mut T::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Buf(Vec<u8>);

    impl Scratch for Buf {
        fn too_large(&self) -> bool {
            self.0.capacity() > 64
        }
    }

    thread_local! {
        static BUF: RefCell<Buf> = RefCell::default();
    }

    #[test]
    fn small_buffers_are_kept_and_large_ones_freed() {
        with(&BUF, |b| b.0.extend_from_slice(b"short"));
        let kept = with(&BUF, |b| std::mem::take(&mut b.0));
        assert_eq!(kept, b"short", "the buffer of the first call reaches the second");
        with(&BUF, |b| b.0.resize(1000, 0));
        assert_eq!(with(&BUF, |b| b.0.capacity()), 0, "a buffer past its limit is not kept");
    }

    #[test]
    fn a_nested_call_gets_its_own_buffers() {
        let inner = with(&BUF, |outer| {
            outer.0.clear();
            outer.0.push(1);
            with(&BUF, |inner| inner.0.len())
        });
        assert_eq!(inner, 0, "the inner call must not see the outer call's buffer");
    }
}
