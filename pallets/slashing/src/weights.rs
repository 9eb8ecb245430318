// This file is part of SSP.

//! Weights for `pallet_ssp_slashing`.
//!
//! **AWAITS REGENERATION by `scripts/benchmark.sh`** (`frame-omni-bencher v1 benchmark pallet
//! --pallet pallet_ssp_slashing`, or the node's `benchmark pallet`).
//!
//! Until then these values are hand-derived estimates, NOT measured: every storage item the
//! benchmarked path touches is counted as one read or one write at its worst case, execution
//! time is over-estimated, and each slash application assumes a full restaking slash
//! (`MaxNetworksPerOperator` = 8 networks refreshed, each notifying the leasing pallet).
//!
//! Template: frame-omni-bencher's `substrate/.maintain/frame-weight-template.hbs` shape.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_ssp_slashing`.
pub trait WeightInfo {
	fn report_offence(e: u32, ) -> Weight;
	fn cancel_slash() -> Weight;
	fn apply_slash() -> Weight;
	fn unjail() -> Weight;
	fn claim_reward() -> Weight;
	fn on_initialize(n: u32, ) -> Weight;
}

/// Weights for `pallet_ssp_slashing` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: Slashing::Slashes (r:0 w:1), Slashing::Offences (r:1 w:1), Slashing::ApplyQueue (r:1 w:1), Slashing::Deferred (r:1 w:0), Slashing::NextSlashId (r:1 w:1), Slashing::ReportsInBlock (r:1 w:1), Restaking::Operators (r:2 w:0), Leasing::Networks (r:2 w:0)
	fn report_offence(e: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 8000)
			// Standard Error: estimate
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(e.into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: Slashing::Slashes (r:1 w:1), Slashing::ApplyQueue (r:1 w:1)
	fn cancel_slash() -> Weight {
		Weight::from_parts(50_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: Slashing::Slashes (r:1 w:1), Slashing::ApplyQueue (r:1 w:1), Slashing::Breakers (r:1 w:1), Slashing::Jailed (r:1 w:1), Slashing::ReporterRewards (r:1 w:1), Slashing::UnfundedRewards (r:1 w:1), restaking slash_operator (r:8 w:8), leasing OnBackingChange per network (r:4 w:4)
	fn apply_slash() -> Weight {
		Weight::from_parts(200_000_000, 12000)
			.saturating_add(T::DbWeight::get().reads(20_u64))
			.saturating_add(T::DbWeight::get().writes(18_u64))
	}
	/// Storage: Leasing::Networks (r:1 w:0), Slashing::Jailed (r:1 w:1)
	fn unjail() -> Weight {
		Weight::from_parts(40_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: Slashing::ReporterRewards (r:1 w:1), System::Account (r:2 w:2)
	fn claim_reward() -> Weight {
		Weight::from_parts(50_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: Slashing::ApplyQueue (r:1 w:1), Slashing::Deferred (r:1 w:1); per slash as `apply_slash`
	fn on_initialize(n: u32, ) -> Weight {
		Weight::from_parts(10_000_000, 8000)
			.saturating_add(Weight::from_parts(200_000_000, 12000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(T::DbWeight::get().reads(20_u64.saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(18_u64.saturating_mul(n.into())))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Storage: Slashing::Slashes (r:0 w:1), Slashing::Offences (r:1 w:1), Slashing::ApplyQueue (r:1 w:1), Slashing::Deferred (r:1 w:0), Slashing::NextSlashId (r:1 w:1), Slashing::ReportsInBlock (r:1 w:1), Restaking::Operators (r:2 w:0), Leasing::Networks (r:2 w:0)
	fn report_offence(e: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 8000)
			// Standard Error: estimate
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(e.into()))
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	/// Storage: Slashing::Slashes (r:1 w:1), Slashing::ApplyQueue (r:1 w:1)
	fn cancel_slash() -> Weight {
		Weight::from_parts(50_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: Slashing::Slashes (r:1 w:1), Slashing::ApplyQueue (r:1 w:1), Slashing::Breakers (r:1 w:1), Slashing::Jailed (r:1 w:1), Slashing::ReporterRewards (r:1 w:1), Slashing::UnfundedRewards (r:1 w:1), restaking slash_operator (r:8 w:8), leasing OnBackingChange per network (r:4 w:4)
	fn apply_slash() -> Weight {
		Weight::from_parts(200_000_000, 12000)
			.saturating_add(RocksDbWeight::get().reads(20_u64))
			.saturating_add(RocksDbWeight::get().writes(18_u64))
	}
	/// Storage: Leasing::Networks (r:1 w:0), Slashing::Jailed (r:1 w:1)
	fn unjail() -> Weight {
		Weight::from_parts(40_000_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: Slashing::ReporterRewards (r:1 w:1), System::Account (r:2 w:2)
	fn claim_reward() -> Weight {
		Weight::from_parts(50_000_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: Slashing::ApplyQueue (r:1 w:1), Slashing::Deferred (r:1 w:1); per slash as `apply_slash`
	fn on_initialize(n: u32, ) -> Weight {
		Weight::from_parts(10_000_000, 8000)
			.saturating_add(Weight::from_parts(200_000_000, 12000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(RocksDbWeight::get().reads(20_u64.saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(18_u64.saturating_mul(n.into())))
	}
}
