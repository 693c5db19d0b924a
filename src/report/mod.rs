//! Reports over policies and devices: the audit of a policy and the fleet diff between two.
//! Both are pure: they read the model, the policies and the engine, never an adapter.

pub(crate) mod audit;
pub(crate) mod fleet;
