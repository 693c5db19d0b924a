//! A decision allocates nothing: proven with a global allocator that counts.

#![allow(clippy::unwrap_used)]
// A global allocator needs `unsafe impl`; the library itself forbids unsafe code.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use tls_policy::{
    CipherSuite, Credentials, NamedGroup, Offer, Policy, ProtocolVersion, SignatureScheme, explain, negotiate,
};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call unchanged to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    f();
    ALLOCATIONS.load(Ordering::SeqCst) - before
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
    let keys = [Credentials::RSA, Credentials::ECDSA, Credentials::RSA_AND_ECDSA];

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
    // The counter works: building a policy allocates.
    assert!(allocations_during(|| drop(Policy::named("dps-tls12").unwrap())) > 0);
}
