//! Types shared by the SSP pallets.
#![cfg_attr(not(feature = "std"), no_std)]

/// Identifier of a child network that leases security, like a `ParaId`.
pub type NetworkId = u32;
