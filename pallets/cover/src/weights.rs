//! Weights of `pallet_ssp_cover`: provisional, until `scripts/benchmark.sh pallet_ssp_cover`
//! regenerates this file from the benchmarks.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions of `pallet_ssp_cover`.
pub trait WeightInfo {
	fn deposit() -> Weight;
	fn request_withdrawal() -> Weight;
	fn withdraw() -> Weight;
	fn buy_cover() -> Weight;
	fn settle_cover() -> Weight;
	fn offer_swap() -> Weight;
	fn cancel_swap() -> Weight;
	fn buy_swap() -> Weight;
	fn transfer_swap() -> Weight;
	fn on_initialize(n: u32, ) -> Weight;
	fn slash_listener(s: u32, ) -> Weight;
}

/// Measured weights, scaled by the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn deposit() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn request_withdrawal() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn buy_cover() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn settle_cover() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn offer_swap() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn cancel_swap() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn buy_swap() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn transfer_swap() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn on_initialize(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(Weight::from_parts(10_000_000, 3000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64.saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64.saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn slash_listener(s: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(Weight::from_parts(10_000_000, 3000).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64.saturating_mul(s.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64.saturating_mul(s.into())))
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn deposit() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn request_withdrawal() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn buy_cover() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn settle_cover() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn offer_swap() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn cancel_swap() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn buy_swap() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn transfer_swap() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn on_initialize(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(Weight::from_parts(10_000_000, 3000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64.saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64.saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn slash_listener(s: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(Weight::from_parts(10_000_000, 3000).saturating_mul(s.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64.saturating_mul(s.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64.saturating_mul(s.into())))
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
}
