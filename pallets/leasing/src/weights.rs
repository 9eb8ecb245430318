// This file is part of SSP.

//! Weights for `pallet_ssp_leasing`.
//!
//! **AWAITS REGENERATION by `scripts/benchmark.sh`** (`frame-omni-bencher v1 benchmark pallet
//! --pallet pallet_ssp_leasing`, or the node's `benchmark pallet`).
//!
//! Until then these values are hand-derived estimates, NOT measured: every storage item the
//! benchmarked path touches is counted as one read or one write at its worst case, execution
//! time is over-estimated at 50 µs per call, and the hook's per-network component assumes a full
//! payout: `MaxOperatorsPerNetwork` (16 assumed) operator records read and as many reward
//! payments through the restaking pallet (each ~100 µs, 8 reads, 6 writes).
//!
//! Template: frame-omni-bencher's `substrate/.maintain/frame-weight-template.hbs` shape.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_ssp_leasing`.
pub trait WeightInfo {
	fn register_network() -> Weight;
	fn set_pfc() -> Weight;
	fn set_slasher() -> Weight;
	fn lease_security() -> Weight;
	fn extend_lease() -> Weight;
	fn deregister_network() -> Weight;
	fn on_initialize(n: u32, ) -> Weight;
}

/// Weights for `pallet_ssp_leasing` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Leasing::NextNetworkId` (r:1 w:1), `Leasing::NetworkIds` (r:1 w:1),
	/// `Balances::Holds` (r:1 w:1), `System::Account` (r:1 w:1), `Restaking::NetworkStake` (r:1 w:0),
	/// `Leasing::Networks` (r:0 w:1)
	fn register_network() -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Leasing::Networks` (r:1 w:1)
	fn set_pfc() -> Weight {
		Weight::from_parts(50_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Leasing::Networks` (r:1 w:1)
	fn set_slasher() -> Weight {
		Weight::from_parts(50_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Leasing::Networks` (r:1 w:1), `Leasing::Leases` (r:1 w:1),
	/// `Balances::Holds` (r:1 w:1), `System::Account` (r:1 w:1)
	fn lease_security() -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Leasing::Networks` (r:1 w:0), `Leasing::Leases` (r:1 w:1),
	/// `Balances::Holds` (r:1 w:1), `System::Account` (r:1 w:1)
	fn extend_lease() -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Leasing::Networks` (r:1 w:1), `Leasing::Leases` (r:1 w:0)
	fn deregister_network() -> Weight {
		Weight::from_parts(50_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Leasing::Sweep` (r:1 w:1), `Leasing::SweptPeriod` (r:1 w:1),
	/// `Leasing::NetworkIds` (r:1 w:0); per network: `Leasing::Networks` (r:1 w:1),
	/// `Leasing::Leases` (r:1 w:1), `Restaking::NetworkOperators` (r:1 w:0), and per operator
	/// (16): `Restaking::Operators` (r:2 w:0), `Restaking::Pools` (r:1 w:1),
	/// `Balances::Holds` (r:1 w:1), `System::Account` (r:4 w:4)
	/// The range of component `n` is `[0, MaxNetworksPerBlock]`.
	fn on_initialize(n: u32, ) -> Weight {
		Weight::from_parts(5_000_000, 1500)
			.saturating_add(Weight::from_parts(1_700_000_000, 60_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().reads((131_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(T::DbWeight::get().writes((98_u64).saturating_mul(n.into())))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn register_network() -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn set_pfc() -> Weight {
		Weight::from_parts(50_000_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_slasher() -> Weight {
		Weight::from_parts(50_000_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn lease_security() -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn extend_lease() -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn deregister_network() -> Weight {
		Weight::from_parts(50_000_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn on_initialize(n: u32, ) -> Weight {
		Weight::from_parts(5_000_000, 1500)
			.saturating_add(Weight::from_parts(1_700_000_000, 60_000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().reads((131_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(RocksDbWeight::get().writes((98_u64).saturating_mul(n.into())))
	}
}
