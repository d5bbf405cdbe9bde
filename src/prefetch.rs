//! Software prefetch: asking the processor to bring a cache line in ahead
//! of its use, so that the misses of independent reads overlap instead of
//! each waiting in turn. A hint only: nothing is read, and no address
//! faults. On x86-64 (`prefetcht0`, SSE, which every such CPU has);
//! elsewhere nothing.

/// Prefetches the cache line holding `p` (any address, valid or not).
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE is part of every x86-64 CPU, and a prefetch only hints:
    // it reads nothing and never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[cfg(test)]
mod tests {
    #[test]
    fn any_address_is_a_valid_hint() {
        let v = [1u8, 2, 3];
        super::prefetch(v.as_ptr());
        super::prefetch(v.as_ptr().wrapping_add(1 << 40));
        super::prefetch(std::ptr::null::<u64>());
        assert_eq!(v, [1, 2, 3]);
    }
}
