//! A decision allocates nothing: proven with a global allocator that counts the allocations
//! of the thread being measured, and only those (the test harness's other threads allocate
//! whenever they like, which made a process-wide count flaky).

#![allow(clippy::unwrap_used)]
// A global allocator needs `unsafe impl`; the library itself forbids unsafe code.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use tls_policy::{
    CipherSuite, KeyTypes, NamedGroup, Offer, Policy, ProtocolVersion, SignatureScheme, explain, negotiate,
};

struct Counting;

thread_local! {
    // `const` initialisation: reading or writing these never allocates (no lazy init), so
    // the allocator can use them without recursing into itself.
    static MEASURING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

/// Counts one allocation if this thread is being measured. `try_with` fails only while the
/// thread is being torn down, when nothing is measured.
fn count() {
    let _ = MEASURING.try_with(|measuring| {
        if measuring.get() {
            let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        }
    });
}

// SAFETY: forwards every call unchanged to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The allocations `f` makes on the calling thread.
fn allocations_during(f: impl FnOnce()) -> usize {
    ALLOCATIONS.with(|n| n.set(0));
    MEASURING.with(|m| m.set(true));
    f();
    MEASURING.with(|m| m.set(false));
    ALLOCATIONS.with(Cell::get)
}

#[test]
fn deciding_allocates_nothing() {
    // Everything that may allocate (policies, offers' storage) is made first.
    let policies: Vec<Policy> = Policy::named_ids().iter().map(|id| Policy::named(id).unwrap()).collect();
    let suites: Vec<CipherSuite> =
        [0x0A0A, 0x1301, 0xC02C, 0xC030, 0xC028, 0xC014, 0x009D, 0x002F, 0x00FF, 0x5600, 0x7777]
            .map(CipherSuite::from)
            .to_vec();
    let wire: Vec<u8> = suites.iter().flat_map(|s| u16::from(*s).to_be_bytes()).collect();
    let groups = [NamedGroup::from(0x2A2A), NamedGroup::x25519, NamedGroup::secp384r1];
    let schemes = [SignatureScheme::rsa_pss_rsae_sha256, SignatureScheme::ecdsa_secp256r1_sha256];
    let versions = [ProtocolVersion::TLSv1_3, ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_1];
    let offers = [
        Offer::new(ProtocolVersion::TLSv1_2, &suites).with_groups(&groups).with_signature_schemes(&schemes),
        Offer::new(ProtocolVersion::TLSv1_2, &suites).with_supported_versions(&versions).with_groups(&groups),
        Offer::from_wire_suites(ProtocolVersion::TLSv1_0, &wire),
        Offer::new(ProtocolVersion::TLSv1_2, &suites[..3]),
    ];
    let keys = [KeyTypes::RSA, KeyTypes::ECDSA, KeyTypes::RSA_AND_ECDSA];

    let mut decided = 0;
    let count = allocations_during(|| {
        for policy in &policies {
            for offer in &offers {
                for k in keys {
                    let verdict = negotiate(policy, offer, k);
                    let account = explain(policy, offer, k);
                    let outcomes = account.suites().filter(|(_, o)| o.explanation().len() > 1).count();
                    decided += usize::from(verdict.is_ok()) + outcomes;
                }
            }
        }
    });
    assert!(decided > 0);
    assert_eq!(count, 0, "{count} allocations while deciding");
}

/// The counter itself: it sees an allocation made inside the measured closure (so the test
/// above can fail), and it does not see another thread's.
#[test]
fn the_counter_counts_this_thread_only() {
    assert!(allocations_during(|| drop(Policy::named("dps-tls12").unwrap())) > 0);
    assert_eq!(allocations_during(|| drop(std::hint::black_box(vec![1u8; 64]))), 1);
    assert_eq!(allocations_during(|| drop(std::hint::black_box(Box::new(7u64)))), 1);
    let grown = allocations_during(|| {
        let mut v: Vec<u8> = Vec::with_capacity(1);
        v.extend_from_slice(&[0; 100]);
        drop(std::hint::black_box(v));
    });
    assert_eq!(grown, 2, "one allocation and one reallocation");
    // Another thread allocates while this one is measured. The measured thread only spins on
    // atomics (a channel's blocking receive allocates its wait context), up to a deadline.
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let (go, made) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let other = {
        let (go, made) = (Arc::clone(&go), Arc::clone(&made));
        std::thread::spawn(move || {
            while !go.load(Ordering::Acquire) {
                std::thread::yield_now();
            }
            let v: Vec<Vec<u8>> = (0..100).map(|i| vec![0; i + 1]).collect();
            made.store(v.len(), Ordering::Release);
        })
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let seen = allocations_during(|| {
        go.store(true, Ordering::Release);
        while made.load(Ordering::Acquire) == 0 && std::time::Instant::now() < deadline {
            std::hint::spin_loop();
        }
    });
    other.join().unwrap();
    assert_eq!(made.load(Ordering::Acquire), 100, "the other thread finished");
    assert_eq!(seen, 0, "another thread's allocations were counted");
}
