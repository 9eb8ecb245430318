// This file is part of SSP.

//! Weights for `pallet_ssp_restaking`.
//!
//! **AWAITS REGENERATION by `scripts/benchmark.sh`** (`ssp-node benchmark pallet` /
//! `frame-omni-bencher v1 benchmark pallet --pallet pallet_ssp_restaking`).
//!
//! Until then these values are hand-derived, conservative, NOT measured: every storage item the
//! benchmarked path touches is counted as one read or one write (worst case, with
//! `MaxNetworksPerOperator` allocations on the operator), execution time is over-estimated at
//! 50 µs (100 µs for paths that call into staking), and proof sizes use the `MaxEncodedLen`
//! bounds of the items read. The slash weight carries a zero per-restaker component: the
//! benchmark `slash` measures it at 1 and at many restakers.
//! Measured natively in test externalities (`measure_slash_cost_one_vs_many_restakers`,
//! testnet profile): `slash_operator` takes ~8 µs with 1 restaker, ~14 µs with 100 and
//! ~13 µs with 1000 — flat in the number of restakers.
//!
//! Template: frame-omni-bencher's `substrate/.maintain/frame-weight-template.hbs` shape.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_ssp_restaking`.
pub trait WeightInfo {
	fn register_operator() -> Weight;
	fn opt_in() -> Weight;
	fn opt_out() -> Weight;
	fn allocate() -> Weight;
	fn restake() -> Weight;
	fn request_withdrawal() -> Weight;
	fn withdraw() -> Weight;
	fn settle() -> Weight;
	fn claim_rewards() -> Weight;
	fn refresh_operator() -> Weight;
	fn slash(r: u32, ) -> Weight;
	fn reward_operator() -> Weight;
}

/// Weights for `pallet_ssp_restaking` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Restaking::Operators` (r:1 w:1)
	/// Proof: `Restaking::Operators` (`max_values`: None, `max_size`: Some(1082), added: 3557, mode: `MaxEncodedLen`)
	fn register_operator() -> Weight {
		Weight::from_parts(50_000_000, 3557)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Restaking::Operators` (r:2 w:2), `Restaking::Pools` (r:1 w:0),
	/// `Restaking::NetworkStake` (r:16 w:16), network registry (r:1 w:0)
	fn opt_in() -> Weight {
		Weight::from_parts(50_000_000, 3557)
			.saturating_add(T::DbWeight::get().reads(20_u64))
			.saturating_add(T::DbWeight::get().writes(18_u64))
	}
	/// Storage: `Restaking::Operators` (r:2 w:2), `Restaking::Pools` (r:1 w:0),
	/// `Restaking::NetworkStake` (r:16 w:16)
	fn opt_out() -> Weight {
		Weight::from_parts(50_000_000, 3557)
			.saturating_add(T::DbWeight::get().reads(19_u64))
			.saturating_add(T::DbWeight::get().writes(18_u64))
	}
	/// Storage: `Restaking::Operators` (r:2 w:2), `Restaking::Pools` (r:1 w:0),
	/// `Restaking::NetworkStake` (r:16 w:16), network registry (r:1 w:0)
	fn allocate() -> Weight {
		Weight::from_parts(50_000_000, 3557)
			.saturating_add(T::DbWeight::get().reads(20_u64))
			.saturating_add(T::DbWeight::get().writes(18_u64))
	}
	/// Storage: `Restaking::Operators` (r:2 w:1), `Restaking::Restakers` (r:3 w:2),
	/// `Restaking::Pools` (r:3 w:1), `Staking::Bonded`/`Staking::Ledger` (r:4 w:1),
	/// `Balances::Freezes` (r:1 w:1), `Balances::Locks` (r:1 w:0), `System::Account` (r:1 w:1),
	/// `Restaking::NetworkStake` (r:16 w:16), `Restaking::SlashingBonded` (r:0 w:2)
	fn restake() -> Weight {
		Weight::from_parts(100_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(32_u64))
			.saturating_add(T::DbWeight::get().writes(25_u64))
	}
	/// Storage: as `restake`, without the freeze.
	fn request_withdrawal() -> Weight {
		Weight::from_parts(100_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(30_u64))
			.saturating_add(T::DbWeight::get().writes(23_u64))
	}
	/// Storage: as `restake`, plus the reward pot (r:1 w:1) for the final payout.
	fn withdraw() -> Weight {
		Weight::from_parts(100_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(33_u64))
			.saturating_add(T::DbWeight::get().writes(26_u64))
	}
	/// Storage: `Restaking::Restakers` (r:2 w:2), `Restaking::Pools` (r:2 w:1),
	/// staking ledger (r:4 w:2), `Balances` freezes/holds/account (r:3 w:3),
	/// `Restaking::Operators` (r:1 w:1), `Restaking::NetworkStake` (r:16 w:16)
	fn settle() -> Weight {
		Weight::from_parts(150_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(28_u64))
			.saturating_add(T::DbWeight::get().writes(25_u64))
	}
	/// Storage: `Restaking::Restakers` (r:1 w:1), `Restaking::Pools` (r:1 w:0),
	/// `System::Account` (r:2 w:2)
	fn claim_rewards() -> Weight {
		Weight::from_parts(50_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Restaking::Operators` (r:2 w:1), `Restaking::Pools` (r:1 w:0),
	/// `Restaking::NetworkStake` (r:16 w:16)
	fn refresh_operator() -> Weight {
		Weight::from_parts(50_000_000, 3557)
			.saturating_add(T::DbWeight::get().reads(19_u64))
			.saturating_add(T::DbWeight::get().writes(17_u64))
	}
	/// Storage: `Restaking::Operators` (r:3 w:2), `Restaking::Pools` (r:3 w:1),
	/// `Restaking::NetworkStake` (r:32 w:32), network registry (r:1 w:0)
	/// The range of component `r` is `[1, 100]` (restakers in the pool; no per-restaker work).
	fn slash(_r: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 3557)
			.saturating_add(T::DbWeight::get().reads(39_u64))
			.saturating_add(T::DbWeight::get().writes(35_u64))
	}
	/// Storage: `Restaking::Operators` (r:1 w:0), `Restaking::Pools` (r:1 w:1),
	/// `System::Account` (r:3 w:3)
	fn reward_operator() -> Weight {
		Weight::from_parts(50_000_000, 6196)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn register_operator() -> Weight {
		Weight::from_parts(50_000_000, 3557)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn opt_in() -> Weight {
		Weight::from_parts(50_000_000, 3557)
			.saturating_add(RocksDbWeight::get().reads(20_u64))
			.saturating_add(RocksDbWeight::get().writes(18_u64))
	}
	fn opt_out() -> Weight {
		Weight::from_parts(50_000_000, 3557)
			.saturating_add(RocksDbWeight::get().reads(19_u64))
			.saturating_add(RocksDbWeight::get().writes(18_u64))
	}
	fn allocate() -> Weight {
		Weight::from_parts(50_000_000, 3557)
			.saturating_add(RocksDbWeight::get().reads(20_u64))
			.saturating_add(RocksDbWeight::get().writes(18_u64))
	}
	fn restake() -> Weight {
		Weight::from_parts(100_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(32_u64))
			.saturating_add(RocksDbWeight::get().writes(25_u64))
	}
	fn request_withdrawal() -> Weight {
		Weight::from_parts(100_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(30_u64))
			.saturating_add(RocksDbWeight::get().writes(23_u64))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(100_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(33_u64))
			.saturating_add(RocksDbWeight::get().writes(26_u64))
	}
	fn settle() -> Weight {
		Weight::from_parts(150_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(28_u64))
			.saturating_add(RocksDbWeight::get().writes(25_u64))
	}
	fn claim_rewards() -> Weight {
		Weight::from_parts(50_000_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn refresh_operator() -> Weight {
		Weight::from_parts(50_000_000, 3557)
			.saturating_add(RocksDbWeight::get().reads(19_u64))
			.saturating_add(RocksDbWeight::get().writes(17_u64))
	}
	fn slash(_r: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 3557)
			.saturating_add(RocksDbWeight::get().reads(39_u64))
			.saturating_add(RocksDbWeight::get().writes(35_u64))
	}
	fn reward_operator() -> Weight {
		Weight::from_parts(50_000_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
}
