//! The engine: what a client offers, what a server with a policy does with it, and why.
//!
//! `offer` is the client's side, `verdict` the answer's types, `negotiate` the fast decision
//! over the policy's compiled tables, and `explain` the reference decision with the per-suite
//! account, against which the fast one is proven.

pub(crate) mod explain;
pub(crate) mod negotiate;
pub(crate) mod offer;
pub(crate) mod verdict;
