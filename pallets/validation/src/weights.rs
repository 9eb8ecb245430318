
//! Weights for `pallet_ssp_validation`: first estimates, to be replaced by `scripts/benchmark.sh`.
//!
//! Do not edit by hand: run `scripts/benchmark.sh` again.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions of `pallet_ssp_validation`.
pub trait WeightInfo {
	fn configure_checkpoints() -> Weight;
	fn stop_checkpoints() -> Weight;
	fn attest() -> Weight;
	fn challenge() -> Weight;
	fn vote() -> Weight;
	fn on_initialize_idle() -> Weight;
	fn open_round() -> Weight;
	fn close_round() -> Weight;
	fn finalize() -> Weight;
	fn close_dispute() -> Weight;
	fn slash_attesters() -> Weight;
	fn jail_non_voters() -> Weight;
}

/// Measured weights, scaled by the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn configure_checkpoints() -> Weight {
		Weight::from_parts(40_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn stop_checkpoints() -> Weight {
		Weight::from_parts(30_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn attest() -> Weight {
		Weight::from_parts(200_000_000, 12000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn challenge() -> Weight {
		Weight::from_parts(150_000_000, 14000)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn vote() -> Weight {
		Weight::from_parts(120_000_000, 10000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn on_initialize_idle() -> Weight {
		Weight::from_parts(3_000_000, 2000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn open_round() -> Weight {
		Weight::from_parts(400_000_000, 14000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn close_round() -> Weight {
		Weight::from_parts(500_000_000, 16000)
			.saturating_add(T::DbWeight::get().reads(24_u64))
			.saturating_add(T::DbWeight::get().writes(22_u64))
	}
	fn finalize() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn close_dispute() -> Weight {
		Weight::from_parts(3_000_000_000, 120000)
			.saturating_add(T::DbWeight::get().reads(110_u64))
			.saturating_add(T::DbWeight::get().writes(106_u64))
	}
	fn slash_attesters() -> Weight {
		Weight::from_parts(1_500_000_000, 80000)
			.saturating_add(T::DbWeight::get().reads(60_u64))
			.saturating_add(T::DbWeight::get().writes(40_u64))
	}
	fn jail_non_voters() -> Weight {
		Weight::from_parts(1_000_000_000, 60000)
			.saturating_add(T::DbWeight::get().reads(40_u64))
			.saturating_add(T::DbWeight::get().writes(36_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn configure_checkpoints() -> Weight {
		Weight::from_parts(40_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn stop_checkpoints() -> Weight {
		Weight::from_parts(30_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn attest() -> Weight {
		Weight::from_parts(200_000_000, 12000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn challenge() -> Weight {
		Weight::from_parts(150_000_000, 14000)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn vote() -> Weight {
		Weight::from_parts(120_000_000, 10000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn on_initialize_idle() -> Weight {
		Weight::from_parts(3_000_000, 2000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn open_round() -> Weight {
		Weight::from_parts(400_000_000, 14000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn close_round() -> Weight {
		Weight::from_parts(500_000_000, 16000)
			.saturating_add(RocksDbWeight::get().reads(24_u64))
			.saturating_add(RocksDbWeight::get().writes(22_u64))
	}
	fn finalize() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn close_dispute() -> Weight {
		Weight::from_parts(3_000_000_000, 120000)
			.saturating_add(RocksDbWeight::get().reads(110_u64))
			.saturating_add(RocksDbWeight::get().writes(106_u64))
	}
	fn slash_attesters() -> Weight {
		Weight::from_parts(1_500_000_000, 80000)
			.saturating_add(RocksDbWeight::get().reads(60_u64))
			.saturating_add(RocksDbWeight::get().writes(40_u64))
	}
	fn jail_non_voters() -> Weight {
		Weight::from_parts(1_000_000_000, 60000)
			.saturating_add(RocksDbWeight::get().reads(40_u64))
			.saturating_add(RocksDbWeight::get().writes(36_u64))
	}
}
