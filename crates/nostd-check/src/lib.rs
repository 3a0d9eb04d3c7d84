//! Proof that `im-sig` builds without `std`.
//!
//! Build it with the workspace's `nostd` profile (`panic = "abort"`):
//!
//! ```text
//! cargo build -p nostd-check --profile nostd
//! ```
//!
//! In that profile this staticlib is `#![no_std]` and brings its own `#[panic_handler]`
//! and `#[global_allocator]`, and depends on `im-sig` with default features off.
//! If anything in the dependency graph links `std`, the build fails with E0152
//! "duplicate lang item in crate `std`: `panic_impl`".
//!
//! In the ordinary profiles (`panic = "unwind"`), so that `cargo build --workspace`,
//! `cargo test --workspace` and `cargo clippy --workspace` keep working when other crates
//! enable `im-sig/std` (Cargo unifies features across a workspace build), the crate is an
//! ordinary std staticlib exercising the same calls.
#![cfg_attr(panic = "abort", no_std)]

use im_sig::{Compression, GenerateOptions, Privileges, Room, SecretKey, Signer, VerifyError};

/// Exercises generation, verification and PrivateMapKey without `std`.
///
/// Returns 0 when every step behaves, else the number of the first step that did not.
#[unsafe(no_mangle)]
pub extern "C" fn nostd_check_run(now: u64) -> u32 {
    let signer = Signer::new(
        1_400_000_000,
        SecretKey::new("5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"),
    );

    // 1-2: the default (stored, Go byte-exact) form.
    let Ok(sig) = signer.generate_at("xiaojun", 86_400, now) else {
        return 1;
    };
    if signer.verify_at("xiaojun", sig.as_str(), now).is_err() {
        return 2;
    }

    // 3-4: deflate with a userbuf.
    let opts = GenerateOptions::new()
        .with_userbuf(b"abc")
        .with_compression(Compression::Deflate(6));
    let Ok(sig) = signer.generate_with("xiaojun", 86_400, now, &opts) else {
        return 3;
    };
    if signer
        .verify_with_userbuf_at("xiaojun", sig.as_str(), Some(b"abc"), now)
        .is_err()
    {
        return 4;
    }

    // 5-6: typed failures.
    if signer.verify_at("bob", sig.as_str(), now).is_ok() {
        return 5;
    }
    if let Some(later) = now.checked_add(86_401)
        && !matches!(
            signer.verify_at("xiaojun", sig.as_str(), later),
            Err(VerifyError::Expired { .. })
        )
    {
        return 6;
    }

    // 7-9: PrivateMapKey, privileges from a CLI-style list, and the userbuf decoder.
    let Ok(privileges) = "enter,recv-audio,recv-video".parse::<Privileges>() else {
        return 7;
    };
    let Ok(pmk) = signer.private_map_key_at("xiaojun", 300, &Room::Str("room-1"), privileges, now)
    else {
        return 8;
    };
    match signer
        .verify_at("xiaojun", pmk.as_str(), now)
        .map(|claims| claims.private_map_key())
    {
        Ok(Some(Ok(fields))) if fields.privileges() == privileges => {}
        _ => return 9,
    }

    // 10: decoding without the key.
    match im_sig::decode(sig.as_str()) {
        Ok(claims) if claims.identifier == "xiaojun" => 0,
        _ => 10,
    }
}

/// The pieces a `#![no_std]` final artifact must provide itself.
#[cfg(panic = "abort")]
mod bare {
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;
    use core::sync::atomic::{AtomicUsize, Ordering};

    /// Aborting is all a panic can do here.
    #[panic_handler]
    fn panic(_info: &core::panic::PanicInfo<'_>) -> ! {
        loop {
            core::hint::spin_loop();
        }
    }

    const HEAP_SIZE: usize = 256 * 1024;

    /// A bump allocator over a static array; memory is never reused.
    struct Bump {
        heap: UnsafeCell<[u8; HEAP_SIZE]>,
        next: AtomicUsize,
    }

    // SAFETY: `next` is only advanced atomically, so each allocation hands out a disjoint
    // range of `heap`; the bytes themselves are only accessed through those allocations.
    unsafe impl Sync for Bump {}

    // SAFETY: every returned pointer is inside `heap`, aligned to `layout.align()`, valid
    // for `layout.size()` bytes, and never handed out twice; null signals exhaustion.
    unsafe impl GlobalAlloc for Bump {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let base = self.heap.get().cast::<u8>();
            let mut current = self.next.load(Ordering::Relaxed);
            loop {
                // Alignment is a power of two; pad the start so `base + start` is aligned.
                let addr = (base as usize).wrapping_add(current);
                let padding = addr.wrapping_neg() & (layout.align() - 1);
                let Some(start) = current.checked_add(padding) else {
                    return core::ptr::null_mut();
                };
                let Some(end) = start.checked_add(layout.size()) else {
                    return core::ptr::null_mut();
                };
                if end > HEAP_SIZE {
                    return core::ptr::null_mut();
                }
                match self.next.compare_exchange_weak(
                    current,
                    end,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    // SAFETY: `start <= end <= HEAP_SIZE`, so the offset stays inside `heap`.
                    Ok(_) => return unsafe { base.add(start) },
                    Err(actual) => current = actual,
                }
            }
        }

        unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
    }

    #[global_allocator]
    static ALLOCATOR: Bump = Bump {
        heap: UnsafeCell::new([0; HEAP_SIZE]),
        next: AtomicUsize::new(0),
    };
}
