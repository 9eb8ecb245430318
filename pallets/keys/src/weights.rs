
//! Weights for `pallet_ssp_keys`: not yet generated; `scripts/benchmark.sh pallet_ssp_keys`
//! writes this file.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions of `pallet_ssp_keys`.
pub trait WeightInfo {
	fn configure_validation() -> Weight;
	fn register_key() -> Weight;
	fn rotate_key() -> Weight;
	fn remove_key() -> Weight;
	fn report_equivocation() -> Weight;
	fn on_initialize_idle() -> Weight;
	fn take_snapshot(o: u32, ) -> Weight;
	fn end_validation(e: u32, ) -> Weight;
}

/// Measured weights, scaled by the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn configure_validation() -> Weight { Weight::MAX }
	fn register_key() -> Weight { Weight::MAX }
	fn rotate_key() -> Weight { Weight::MAX }
	fn remove_key() -> Weight { Weight::MAX }
	fn report_equivocation() -> Weight { Weight::MAX }
	fn on_initialize_idle() -> Weight { Weight::MAX }
	fn take_snapshot(_o: u32, ) -> Weight { Weight::MAX }
	fn end_validation(_e: u32, ) -> Weight { Weight::MAX }
}

impl WeightInfo for () {
	fn configure_validation() -> Weight { Weight::zero() }
	fn register_key() -> Weight { Weight::zero() }
	fn rotate_key() -> Weight { Weight::zero() }
	fn remove_key() -> Weight { Weight::zero() }
	fn report_equivocation() -> Weight { Weight::zero() }
	fn on_initialize_idle() -> Weight { Weight::zero() }
	fn take_snapshot(_o: u32, ) -> Weight { Weight::zero() }
	fn end_validation(_e: u32, ) -> Weight { Weight::zero() }
}
