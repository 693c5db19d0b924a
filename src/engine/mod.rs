//! The engine: what a client offers and what a server with a policy does with it.

pub(crate) mod negotiate;
pub(crate) mod offer;
